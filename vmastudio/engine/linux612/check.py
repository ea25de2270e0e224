"""``check()``: every invariant of ``mm->mm_mt`` in O(n), with the state printed on failure.

The maple tree's invariants, once:
1. pivots ascend strictly inside a node and stay within the node's [min, max];
2. a node's min and max are implied by its parent (0 and ULONG_MAX at the root), and the
   last slot of every node ends exactly at its max (explicitly or by the implied pivot);
3. no two adjacent NULL ranges (within a leaf and across neighbouring leaves);
4. only the rightmost leaf may end in NULL;
5. occupancy as ``mt_validate()`` checks it: a node that is neither the root nor on the
   right edge (max ULONG_MAX) has a data end of at least ``mt_min_slots`` (6 for a leaf,
   4 for an arange node); an internal root has at least 2 children;
6. every arange gap equals the largest NULL range under that child, and ``meta_gap`` names
   the largest of them;
7. every leaf is at the same depth, equal to the tree's height; parents point back.
"""

from __future__ import annotations

from typing import Any

from .nodes import MT_MIN_SLOTS, TYPE_NAMES, ULONG_MAX, MapleTree, Node, ma_data_end, ulongs


class MapleCheckError(AssertionError):
    """An invariant is broken; the message names it and dumps the tree."""


def _dump(tree: MapleTree) -> str:
    from .maple import maple_json

    return repr(maple_json(tree, lambda v: getattr(v, "start", v)))


def check(tree: MapleTree) -> None:
    """Verify every invariant; raise ``MapleCheckError`` with the tree dumped.

    Complexity O(n) in the number of nodes.
    """
    root = tree.root
    if not isinstance(root, Node):
        if tree.height != 0:
            raise MapleCheckError(f"height {tree.height} for a tree without nodes")
        return
    leaves: list[tuple[int, Node, int, int]] = []  # (depth, leaf, min, max), left to right

    def fail(msg: str) -> None:
        raise MapleCheckError(f"{msg}\n{_dump(tree)}")

    def visit(node: Node, mn: int, mx: int, depth: int) -> int:
        """Checks the subtree; returns its largest NULL range."""
        if node.dead:
            fail(f"dead node #{node.nid} is in the tree")
        end = ma_data_end(node, node.type, node.pivot, mx)
        pivots = ulongs(node.pivot)
        name = f"{TYPE_NAMES[node.type]} #{node.nid} [{mn:#x}, {mx:#x}]"
        if end >= len(node.slot):
            fail(f"{name}: data end {end} past the slots")
        is_root = node is root
        if not is_root and mx != ULONG_MAX and end < MT_MIN_SLOTS[node.type]:
            fail(f"{name}: data end {end} under the minimum {MT_MIN_SLOTS[node.type]}")
        if is_root and not node.is_leaf and end < 1:
            fail(f"{name}: an internal root with one child")
        lo = mn
        largest = 0
        for i in range(end + 1):
            hi = pivots[i] if i < end else mx
            if i == end and i < len(pivots) and pivots[i] not in (0, mx):
                fail(f"{name}: pivot {i} = {pivots[i]:#x} at the end, not the node's max")
            if hi < lo or hi > mx:
                fail(f"{name}: pivot {i} = {hi:#x} outside [{lo:#x}, {mx:#x}]")
            child = node.slot[i]
            if node.is_leaf:
                if isinstance(child, Node):
                    fail(f"{name}: a node in a leaf slot")
                if child is None:
                    if i and node.slot[i - 1] is None:
                        fail(f"{name}: adjacent NULLs at {i - 1} and {i}")
                    largest = max(largest, min(hi - lo + 1, ULONG_MAX))
            else:
                if not isinstance(child, Node):
                    fail(f"{name}: slot {i} of an internal node is not a node")
                    raise AssertionError  # unreachable, for the type checker
                if child.parent is not node or child.parent_slot != i or child.is_root:
                    fail(f"{name}: child {i} (#{child.nid}) does not point back")
                gap = visit(child, lo, hi, depth + 1)
                assert node.gap is not None
                gaps = ulongs(node.gap)
                if gaps[i] != gap:
                    fail(f"{name}: gap[{i}] = {gaps[i]:#x}, recomputed {gap:#x}")
                largest = max(largest, gap)
            lo = (hi + 1) & ULONG_MAX
        if node.is_leaf:
            leaves.append((depth, node, mn, mx))
        else:
            assert node.gap is not None
            if ulongs(node.gap)[node.meta_gap] != largest or node.meta_gap > end:
                fail(f"{name}: meta_gap {node.meta_gap} does not name the largest gap {largest:#x}")
        return largest

    if not root.is_root:
        fail("the root node is not marked as the root")
    visit(root, 0, ULONG_MAX, 1)
    depths = {d for d, _n, _a, _b in leaves}
    if depths != {tree.height}:
        fail(f"leaves at depths {sorted(depths)}, height {tree.height}")
    for k, (_d, leaf, _mn, mx) in enumerate(leaves):
        end = ma_data_end(leaf, leaf.type, leaf.pivot, mx)
        if leaf.slot[end] is None and mx != ULONG_MAX:
            fail(f"leaf #{leaf.nid} ends in NULL but is not the rightmost")
        if k + 1 < len(leaves):
            nxt = leaves[k + 1][1]
            if leaf.slot[end] is None and nxt.slot[0] is None:
                fail(f"adjacent NULLs across leaves #{leaf.nid} and #{nxt.nid}")


def entries(tree: MapleTree) -> list[tuple[int, int, Any]]:
    """Every stored range in order (for comparing with a plain model)."""
    from .maple import preorder

    out: list[tuple[int, int, Any]] = []
    for node, mn, mx in preorder(tree):
        if not node.is_leaf:
            continue
        end = ma_data_end(node, node.type, node.pivot, mx)
        lo = mn
        for i in range(end + 1):
            hi = ulongs(node.pivot)[i] if i < end else mx
            if node.slot[i] is not None:
                out.append((lo, hi, node.slot[i]))
            lo = hi + 1
    return out
