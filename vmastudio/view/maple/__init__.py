"""The 6.12 drawing: the maple tree ``mm->mm_mt`` as wide nodes of pivots and slots."""

from .scene import MapleScene

__all__ = ["MapleScene"]
