"""Which nodes a figure draws in full, and its columns (Qt-free).

One column per VMA in address order (``view/layout.py``'s rule: a list box above its
tree node, an in-order walk reads left to right); past the page, the tree is cut as the
window cuts a large space (``view/lod.py``): kept nodes in full, every subtree hanging
below them one aggregated column with its VMA count, height and red share.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...engine.snapshot import NodeState, Snapshot
from .facts import Detail
from .figure import LABEL_PT, PT, SMALL_PT, TAG_PT

#: (count, height, reds) of every subtree, by its root's key.
Sizes = dict[int, tuple[int, int, int]]

# -- geometry (print units: 1 = 1/96 inch) -----------------------------------------------------
PAD = 6.0
LINE = LABEL_PT * PT * 1.2
TAG_H = TAG_PT * PT + 4
SMALL_LINE = SMALL_PT * PT * 1.2
GAP_X = 6.0
#: An aggregated subtree's column: room for its count ("65,530") in small text.
AGG_W = 6 * 0.61 * SMALL_PT * PT + 8


#: The most hex digits an address label writes on one line: 6 in a figure of a few
#: dozen columns (a 12-VMA figure fits a text block at 8 pt whatever its addresses), 8
#: in a large one (one text per address keeps a 10,000-VMA SVG small).
ONE_LINE_SMALL = 6
ONE_LINE_LARGE = 8
#: Columns up to which a figure counts as small.
SMALL_FIGURE = 64


def addr_lines(addr: int, one_line: int = ONE_LINE_LARGE) -> tuple[str, ...]:
    """An address as a node writes it: hex without 0x, on one line up to ``one_line``
    digits, else in two, the high digits over the low 6 (``7ffd00`` / ``000000``), so a
    column stays narrow."""
    text = f"{addr:x}"
    if len(text) <= one_line:
        return (text,)
    return (text[:-6], text[-6:])


def label_shape(addrs: Iterable[int], one_line: int = ONE_LINE_LARGE) -> tuple[int, int]:
    """(characters, lines) of the widest and tallest address label among ``addrs``."""
    width, lines = 5, 1
    for a in addrs:
        digits = (a.bit_length() + 3) // 4
        if digits > one_line:
            lines = 2
            width = max(width, 6, digits - 6)
        elif digits > width:
            width = digits
    return width, lines


def hexa(addr: int) -> str:
    return f"0x{addr:x}"


@dataclass(slots=True)
class Column:
    """One column of the drawing: a VMA (``agg`` False) or an aggregated subtree."""

    key: int
    start: int
    end: int
    depth: int | None
    agg: bool = False
    count: int = 1
    height: int = 1
    reds: int = 0
    x: float = 0.0
    #: The column's width: a VMA's (its label) or a narrower aggregate's (its count).
    w: float = 0.0


def tree_order(snap: Snapshot) -> tuple[dict[int, int], list[int]]:
    """The depth of every node (root 0) and the nodes in breadth-first order. O(n)."""
    nodes = snap.nodes
    depth: dict[int, int] = {}
    order: list[int] = []
    if snap.root is None:
        return depth, order
    depth[snap.root] = 0
    order.append(snap.root)
    i = 0
    # A plain list walked by index: the cheapest breadth-first queue in CPython.
    while i < len(order):
        key = order[i]
        i += 1
        node = nodes[key]
        d = depth[key] + 1
        if node.left is not None:
            depth[node.left] = d
            order.append(node.left)
        if node.right is not None:
            depth[node.right] = d
            order.append(node.right)
    return depth, order


def subtree_sizes(snap: Snapshot, order: list[int]) -> Sizes:
    """Count, height and red nodes of every subtree: ``order`` (breadth first) walked
    backwards, so children come before their parent. O(n)."""
    nodes = snap.nodes
    out: Sizes = {}
    empty = (0, 0, 0)
    for key in reversed(order):
        node = nodes[key]
        lc, lh, lr = out.get(node.left, empty) if node.left is not None else empty
        rc, rh, rr = out.get(node.right, empty) if node.right is not None else empty
        out[key] = (
            lc + rc + 1,
            (lh if lh > rh else rh) + 1,
            lr + rr + (1 if node.color == "R" else 0),
        )
    return out


def _subtree(
    nodes: Mapping[int, NodeState], key: int, sizes: Sizes
) -> tuple[int, int, int, int, int]:
    """(count, height, reds, first start, last end) of the subtree under ``key``.
    O(height)."""
    count, height, reds = sizes[key]
    first = nodes[key]
    while first.left is not None:
        first = nodes[first.left]
    last = nodes[key]
    while last.right is not None:
        last = nodes[last.right]
    return count, height, reds, first.start, last.end


def ancestors(nodes: Mapping[int, NodeState], key: int, depth: Mapping[int, int]) -> list[int]:
    """``key`` and the nodes above it, root last (keys in the tree only)."""
    out = []
    k: int | None = key
    while k is not None and k in depth:
        out.append(k)
        k = nodes[k].parent
    return out


def _children(node: NodeState) -> tuple[int, ...]:
    return tuple(c for c in (node.left, node.right) if c is not None)


def lod_kept(
    snap: Snapshot,
    depth: Mapping[int, int],
    must: list[int],
    budget: float,
    sizes: Sizes,
    pitch: float,
) -> set[int]:
    """The nodes drawn in full: ``must`` with their paths to the root, then, largest
    subtree first, every node whose children still fit ``budget`` units of width (a node
    drawn in full turns its aggregate column into its own, ``pitch`` wide, plus one per
    child: ``AGG_W`` for a subtree, ``pitch`` for a single node)."""
    nodes = snap.nodes
    kept: set[int] = set()

    def col_w(k: int) -> float:
        return pitch if sizes[k][0] == 1 else AGG_W

    width = col_w(snap.root) if snap.root is not None else 0.0
    waiting: list[tuple[int, int]] = []  # (-size, key): aggregates that may open

    def grows(k: int) -> float:
        return pitch - col_w(k) + sum(col_w(c) for c in _children(nodes[k]))

    def keep(k: int) -> None:
        nonlocal width
        if k not in kept:
            width += grows(k)
            kept.add(k)
            for c in _children(nodes[k]):
                heapq.heappush(waiting, (-sizes[c][0], c))

    for key in must:
        for k in reversed(ancestors(nodes, key, depth)):
            keep(k)
    if snap.root is not None:
        keep(snap.root)
    while waiting:
        size, k = heapq.heappop(waiting)
        if k in kept or -size == 1:
            continue
        if width + grows(k) > budget:
            break
        keep(k)
    return kept


def tree_columns(
    snap: Snapshot, depth: Mapping[int, int], kept: set[int] | None, sizes: Sizes
) -> list[Column]:
    """The tree in order: kept nodes, and one aggregate per subtree hanging below them."""
    nodes = snap.nodes
    out: list[Column] = []
    if snap.root is None:
        return out
    if kept is None:
        # Every node: an iterative in-order walk (a 65,530-node tree, no recursion).
        stack: list[int] = []
        key: int | None = snap.root
        while stack or key is not None:
            while key is not None:
                stack.append(key)
                key = nodes[key].left
            k = stack.pop()
            node = nodes[k]
            out.append(Column(k, node.start, node.end, depth.get(k), reds=node.color == "R"))
            key = node.right
        return out

    def visit(k: int) -> None:  # recursion depth: the tree's height (< 2 log2 n)
        node = nodes[k]
        if k not in kept:
            count, height, reds, first, last = _subtree(nodes, k, sizes)
            if count == 1:
                out.append(Column(k, node.start, node.end, depth.get(k), reds=reds))
            else:
                out.append(Column(k, first, last, depth.get(k), True, count, height, reds))
            return
        if node.left is not None:
            visit(node.left)
        out.append(Column(k, node.start, node.end, depth.get(k), reds=node.color == "R"))
        if node.right is not None:
            visit(node.right)

    visit(snap.root)
    return out


def cut_out(snap: Snapshot, depth: Mapping[int, int], detail: Detail) -> tuple[list[int], str]:
    """The nodes ``--region``/``--around`` draw in full (their paths are added later)."""
    nodes = snap.nodes
    if detail.mode == "region":
        lo, hi = detail.lo, detail.hi
        return [k for k in depth if nodes[k].start < hi and nodes[k].end > lo], "region"
    # around: the VMA holding the address (or the nearest), and every node within
    # ``depth`` links of it in the tree.
    best: int | None = None
    best_d = -1
    for k in depth:
        n = nodes[k]
        d = (
            0
            if n.start <= detail.addr < n.end
            else min(abs(n.start - detail.addr), abs(n.end - 1 - detail.addr))
        )
        if best is None or d < best_d:
            best, best_d = k, d
    if best is None:
        return [], "around"
    seen = {best}
    frontier = [best]
    for _ in range(detail.depth):
        nxt = []
        for k in frontier:
            n = nodes[k]
            for c in (n.parent, n.left, n.right):
                if c is not None and c in depth and c not in seen:
                    seen.add(c)
                    nxt.append(c)
        frontier = nxt
    return list(seen), "around"
