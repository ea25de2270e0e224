"""Invariant checks and state summaries: the red-black properties, list = in-order walk,
gaps, counters, no overlaps. ``check()`` is O(n) and says what is wrong and where.
"""

from __future__ import annotations

from typing import Any

from .mm import MmStruct
from .rbtree import compute_gap
from .vma import VmArea


class InvariantError(AssertionError):
    """The model broke an invariant; the message names it and dumps the tree."""


def preorder(mm: MmStruct) -> list[list[Any]]:
    """``[start, end, "R"|"B", depth]`` for every node, root first (iterative)."""
    out: list[list[Any]] = []
    stack: list[tuple[VmArea, int]] = []
    if mm.mm_rb is not None:
        stack.append((mm.mm_rb, 0))
    while stack:
        node, depth = stack.pop()
        out.append([node.vm_start, node.vm_end, "R" if node.rb_red else "B", depth])
        if node.rb_right is not None:
            stack.append((node.rb_right, depth + 1))
        if node.rb_left is not None:
            stack.append((node.rb_left, depth + 1))
    return out


def black_height(mm: MmStruct) -> int:
    """Black nodes on the leftmost root-to-NULL path (all paths agree in a valid tree)."""
    count = 0
    node = mm.mm_rb
    while node is not None:
        if not node.rb_red:
            count += 1
        node = node.rb_left
    return count


def height(mm: MmStruct) -> int:
    """Nodes on the longest root-to-leaf path; 0 for an empty tree. O(n)."""
    best = 0
    stack: list[tuple[VmArea, int]] = []
    if mm.mm_rb is not None:
        stack.append((mm.mm_rb, 1))
    while stack:
        node, depth = stack.pop()
        best = max(best, depth)
        if node.rb_left is not None:
            stack.append((node.rb_left, depth + 1))
        if node.rb_right is not None:
            stack.append((node.rb_right, depth + 1))
    return best


def dump(mm: MmStruct) -> str:
    lines = [f"root={None if mm.mm_rb is None else hex(mm.mm_rb.vm_start)}"]
    for start, end, colour, depth in preorder(mm):
        lines.append(f"{'  ' * depth}{colour} [{start:x},{end:x})")
    return "\n".join(lines)


def check(mm: MmStruct) -> None:
    """Verify every invariant of ``mm``; raise ``InvariantError`` with a dump if one fails."""
    try:
        _check(mm)
    except InvariantError as exc:
        raise InvariantError(f"{exc}\n{dump(mm)}") from None


def _fail(message: str) -> None:
    raise InvariantError(message)


def _check(mm: MmStruct) -> None:
    root = mm.mm_rb
    if root is not None:
        if root.rb_parent is not None:
            _fail("root has a parent")
        if root.rb_red:
            _fail("property 2: the root is red")
    nodes = mm.inorder()
    # Black height and red-red, iteratively with an explicit stack.
    black_depths: set[int] = set()
    stack: list[tuple[VmArea, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, blacks = stack.pop()
        blacks += 0 if node.rb_red else 1
        for child in (node.rb_left, node.rb_right):
            if child is None:
                black_depths.add(blacks)
                continue
            if child.rb_parent is not node:
                _fail(f"{child.label()}: parent pointer does not point at {node.label()}")
            if node.rb_red and child.rb_red:
                _fail(f"property 4: red {node.label()} has red child {child.label()}")
            stack.append((child, blacks))
    if len(black_depths) > 1:
        _fail(f"property 5: black heights differ {sorted(black_depths)}")
    listed = mm.vmas()
    if [id(v) for v in listed] != [id(v) for v in nodes]:
        _fail("the vm_next list differs from the in-order walk")
    prev: VmArea | None = None
    for v in listed:
        if v.vm_prev is not prev:
            _fail(f"{v.label()}: vm_prev is wrong")
        if prev is not None and prev.vm_end > v.vm_start:
            _fail(f"{prev.label()} overlaps {v.label()}")
        if v.vm_start >= v.vm_end:
            _fail(f"{v.label()}: empty or inverted")
        prev = v
    for v in nodes:
        want = compute_gap(mm, v)
        if v.rb_subtree_gap != want:
            _fail(f"{v.label()}: rb_subtree_gap {v.rb_subtree_gap:#x}, expected {want:#x}")
    if mm.map_count != len(nodes):
        _fail(f"map_count {mm.map_count} but {len(nodes)} VMAs")
    want_high = listed[-1].vm_end if listed else 0
    if mm.highest_vm_end != want_high:
        _fail(f"highest_vm_end {mm.highest_vm_end:#x}, expected {want_high:#x}")
