"""``mm->mm_mt``: the maple tree of a 6.12 address space, as the mm code drives it.

Kernel calls are in ``nodes`` (nodes and walks), ``store`` (write path by store type),
``rebuild`` (split, rebalance, spanning rebalance) and ``search`` (gap searches); this
module is the small facade the mm operations and the replay use, plus the JSON dump of
DESIGN §7 (``maple``: height and pre-order nodes).
"""

from __future__ import annotations

from typing import Any

from .nodes import (
    STORE_TYPE_NAMES,
    TYPE_NAMES,
    ULONG_MAX,
    MapleTree,
    MaState,
    Node,
    ma_data_end,
    ulong,
)
from .search import empty_area, find_first
from .store import mas_preallocate, mas_store_gfp, mas_store_prealloc


class StoreResult:
    """What one write did: the kernel's store type and the preallocated node count."""

    __slots__ = ("prealloc", "store_type")

    def __init__(self, store_type: int, prealloc: int) -> None:
        self.store_type = store_type
        self.prealloc = prealloc

    @property
    def name(self) -> str:
        return STORE_TYPE_NAMES[self.store_type]


class Maple:
    """The tree plus the three ways ``mm`` writes to it."""

    def __init__(self) -> None:
        self.tree = MapleTree()

    @property
    def height(self) -> int:
        return self.tree.height

    def store_prealloc(self, index: int, last: int, entry: Any) -> StoreResult:
        """``vma_iter_prealloc()`` + ``vma_iter_store()``: ``entry`` over [index, last]."""
        mas = MaState(self.tree, index, last)
        count = mas_preallocate(mas, entry)
        st = mas.store_type
        mas.index, mas.last = index, last  # __mas_set_range() in vma_iter_store()
        mas_store_prealloc(mas, entry)
        return StoreResult(st, count)

    def store_gfp(self, index: int, last: int, entry: Any) -> StoreResult:
        """``vma_iter_clear_gfp()`` and friends: ``mas_store_gfp()`` over [index, last]."""
        mas = MaState(self.tree, index, last)
        count = mas_store_gfp(mas, entry)
        return StoreResult(mas.store_type, count)

    def empty_area(self, size: int, mn: int, mx: int, rev: bool) -> tuple[int, int, int]:
        return empty_area(self.tree, size, mn, mx, rev)

    def find(self, index: int, limit: int = ULONG_MAX) -> tuple[Any, int, int]:
        """``mt_find()``: the first entry at or after ``index`` up to ``limit``."""
        return find_first(self.tree, index, limit)

    def entries(self) -> list[tuple[int, int, Any]]:
        """Every non-NULL range in order: (first, last, entry)."""
        out: list[tuple[int, int, Any]] = []
        root = self.tree.root
        if not isinstance(root, Node):
            if root is not None:
                out.append((0, 0, root))
            return out
        stack: list[tuple[Node, int, int]] = [(root, 0, ULONG_MAX)]
        while stack:
            node, mn, mx = stack.pop()
            end = ma_data_end(node, node.type, node.pivot, mx)
            children: list[tuple[Node, int, int]] = []
            lo = mn
            for i in range(end + 1):
                hi = ulong(node.pivot[i]) if i < end else mx
                if node.is_leaf:
                    if node.slot[i] is not None:
                        out.append((lo, hi, node.slot[i]))
                else:
                    children.append((node.slot[i], lo, hi))
                lo = hi + 1
            stack.extend(reversed(children))
        return out


def node_json(
    node: Node, mn: int, mx: int, index_of: dict[int, int], slot_value: Any
) -> dict[str, Any]:
    """One node as DESIGN §7 prints it (pivots up to min(end, last pivot), slots 0..end)."""
    end = ma_data_end(node, node.type, node.pivot, mx)
    npiv = len(node.pivot)
    out: dict[str, Any] = {
        "type": TYPE_NAMES[node.type],
        "min": mn,
        "max": mx,
        "end": end,
        "pivots": [ulong(w) for w in node.pivot[: min(end, npiv - 1) + 1]],
    }
    if node.is_leaf:
        out["slots"] = [None if s is None else slot_value(s) for s in node.slot[: end + 1]]
    else:
        assert node.gap is not None
        out["slots"] = [index_of[id(s)] for s in node.slot[: end + 1]]
        out["gaps"] = [ulong(w) for w in node.gap[: end + 1]]
        out["meta_gap"] = node.meta_gap
    return out


def preorder(tree: MapleTree) -> list[tuple[Node, int, int]]:
    """Every live node with its min and max, root first, children left to right."""
    root = tree.root
    if not isinstance(root, Node):
        return []
    out: list[tuple[Node, int, int]] = []
    stack: list[tuple[Node, int, int]] = [(root, 0, ULONG_MAX)]
    while stack:
        node, mn, mx = stack.pop()
        out.append((node, mn, mx))
        if node.is_leaf:
            continue
        end = ma_data_end(node, node.type, node.pivot, mx)
        kids = []
        lo = mn
        for i in range(end + 1):
            hi = ulong(node.pivot[i]) if i < end else mx
            kids.append((node.slot[i], lo, hi))
            lo = hi + 1
        stack.extend(reversed(kids))
    return out


def maple_json(tree: MapleTree, slot_value: Any) -> dict[str, Any]:
    """``{"height": H, "nodes": [...]}`` in pre-order (DESIGN §7)."""
    order = preorder(tree)
    index_of = {id(node): i for i, (node, _mn, _mx) in enumerate(order)}
    return {
        "height": tree.height,
        "nodes": [node_json(node, mn, mx, index_of, slot_value) for node, mn, mx in order],
    }


__all__ = ["Maple", "StoreResult", "maple_json", "preorder"]
