"""The pieces of a maps diff along the address line, and the Qt-free words for them.

A ``MapsDiff`` (``processes.py``) lists what changed between two reads of a process's
maps; ``_pieces`` lays those changes and the VMAs the diff does not mention out as one
address-ordered list (a grown or shrunk VMA drawn to the larger of its two ends), and
``_segments`` cuts the address line at every piece edge so one scale serves them all.
The range and permission texts here need no translation; the translated words are in
``view/diff_words.py`` and the strip that draws the pieces in ``view/diff_strip.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from .processes import MapsDiff, VmaChange
from .scenario import VmaSpec
from .vma import VM_EXEC, VM_READ, VM_SHARED, VM_WRITE, flag_names

__all__ = ["KINDS"]

#: The kinds of change, in the order the table and the legend list them.
KINDS: Final = ("added", "removed", "grown", "shrunk", "changed")
#: Which piece is on top where pieces overlap (a VMA split, two merged): later wins.
_PRIORITY: Final = {"unchanged": 0, "removed": 1, "changed": 2, "grown": 3, "shrunk": 3, "added": 4}


# -- words -----------------------------------------------------------------------------------


def _range(start: int, end: int) -> str:
    return f"[{start:x}, {end:x})"


def _resized_range(change: VmaChange) -> str:
    """``[start, old end → new end)``."""
    return f"[{change.start:x}, {change.old.end:x} → {change.new.end:x})"


def _perms(flags: int) -> str:
    return (
        ("r" if flags & VM_READ else "-")
        + ("w" if flags & VM_WRITE else "-")
        + ("x" if flags & VM_EXEC else "-")
        + ("s" if flags & VM_SHARED else "p")
    )


def _flags_change(old: int, new: int) -> str:
    parts: list[str] = []
    if _perms(old) != _perms(new):
        parts.append(f"{_perms(old)} → {_perms(new)}")
    perm_bits = VM_READ | VM_WRITE | VM_EXEC | VM_SHARED
    before = set(flag_names(old & ~perm_bits))
    after = set(flag_names(new & ~perm_bits))
    parts += [f"+{name}" for name in sorted(after - before)]
    parts += [f"−{name}" for name in sorted(before - after)]
    return " ".join(parts)


# -- the pieces ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    #: The drawn extent: for grown and shrunk the larger of the two ends.
    end: int
    kind: str
    old: VmaSpec | None
    new: VmaSpec | None


def _pieces(diff: MapsDiff, vmas: Iterable[VmaSpec]) -> list[_Piece]:
    out: list[_Piece] = [_Piece(v.start, v.end, "added", None, v) for v in diff.added]
    out += [_Piece(v.start, v.end, "removed", v, None) for v in diff.removed]
    for kind, changes in (
        ("grown", diff.grown),
        ("shrunk", diff.shrunk),
        ("changed", diff.changed),
    ):
        out += [_Piece(c.start, max(c.old.end, c.new.end), kind, c.old, c.new) for c in changes]
    named = {p.start for p in out}
    same: dict[int, VmaSpec] = {v.start: v for v in vmas if v.start not in named}
    out += [_Piece(v.start, v.end, "unchanged", v, v) for v in same.values()]
    out.sort(key=lambda p: (p.start, _PRIORITY[p.kind]))
    return out


def _segments(pieces: list[_Piece]) -> list[tuple[int, int]]:
    """The address ranges the pieces cover, cut at every piece edge (disjoint, in order),
    so overlapping pieces share one scale and each part keeps its own compressed width."""
    bounds = sorted({p.start for p in pieces} | {p.end for p in pieces})
    out: list[tuple[int, int]] = []
    i = 0
    reach = 0
    for a, b in pairwise(bounds):
        while i < len(pieces) and pieces[i].start <= a:
            reach = max(reach, pieces[i].end)
            i += 1
        if reach > a:
            out.append((a, b))
    return out
