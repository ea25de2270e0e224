"""The pointer view (issue 5): memory as boxes at simulated addresses, pointers as arrows."""

from .pointer_view import PointerView

__all__ = ["PointerView"]
