"""Where maple nodes go (no Qt): leaves side by side in address order along the bottom
level, each parent centred over its children, one level per tree depth.

A node is a row of slot cells (``CELL_W`` each, its data end + 1 of them) under a header;
internal (arange_64) nodes add a row of gaps. Positions depend only on the drawn state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ...engine.frames612 import MapleNodeView, MapleState

CELL_W = 78.0
HEADER_H = 18.0
ROW_H = 16.0
PAD = 6.0
LEVEL_GAP = 70.0
NODE_GAP = 24.0
TOP = 40.0


#: The header ("arange_64 #12 [min, max] end E gap slot G") needs this much at least.
MIN_W = 330.0


def node_size(node: MapleNodeView) -> tuple[float, float]:
    """Width and height: a cell per used slot (room for the header at least); header,
    pivots and slots (+ gaps)."""
    cells = node.end + 1
    rows = 2 if node.is_leaf else 3
    return max(cells * CELL_W, MIN_W) + 2 * PAD, HEADER_H + rows * ROW_H + 2 * PAD


class Placed(NamedTuple):
    """A node's box. (A named tuple: ~3x cheaper to make than a frozen dataclass, and a
    layout makes one per node: 9,000 for a 65,530-VMA space.)"""

    node: MapleNodeView
    x: float  # left
    y: float  # top
    w: float
    h: float

    def cell_x(self, i: int) -> float:
        """Centre x of slot cell ``i``."""
        return self.x + PAD + (i + 0.5) * CELL_W


def layout(state: MapleState, reuse: Mapping[int, Placed] | None = None) -> dict[int, Placed]:
    """Every drawn node's box, by node id. O(nodes), one pass over the pre-order.

    Childless nodes (leaves) take the next free place along the bottom row in pre-order
    (address order); a parent is centred over its first and last child, placed once its
    subtree is closed. (The recursive form, kept in the tests as the reference, was
    ~2x slower on a 9,000-node tree: this is the same arithmetic in the same order.)

    ``reuse``: the boxes of the layout drawn before; a box of the same node at the same
    place is kept rather than made again (a relayout then leaves fewer new long-lived
    objects for the garbage collector: left of a widened node nothing moves)."""
    old = reuse if reuse is not None else {}
    nodes = state.nodes
    if not nodes:
        return {}
    leaf_h = HEADER_H + 2 * ROW_H + 2 * PAD
    internal_h = HEADER_H + 3 * ROW_H + 2 * PAD
    any_internal = any(not n.is_leaf for n in nodes)
    any_leaf = any(n.is_leaf for n in nodes)
    level_h = max(h for h, used in ((leaf_h, any_leaf), (internal_h, any_internal)) if used)
    level_h += LEVEL_GAP
    widths: dict[int, float] = {}
    out: dict[int, Placed] = {}
    cursor = 0.0
    count = len(nodes)
    # Open parents: [node, y, w, h, first child's place, last child's place].
    stack: list[list[Any]] = []

    def close(entry: list[Any]) -> Placed:
        node, y, w, h, first, last = entry
        mid = (first.x + last.x + last.w) / 2
        x = mid - w / 2
        p = old.get(node.nid)
        if p is None or p.node is not node or p.x != x or p.y != y or p.w != w:
            p = Placed(node, x, y, w, h)
        out[node.nid] = p
        return p

    def attach(p: Placed) -> None:
        if stack:
            top = stack[-1]
            if top[4] is None:
                top[4] = p
            top[5] = p

    for i, n in enumerate(nodes):
        depth = n.depth
        while stack and stack[-1][0].depth >= depth:
            attach_to = close(stack.pop())
            attach(attach_to)
        w = widths.get(n.end)
        if w is None:
            w = widths[n.end] = max((n.end + 1) * CELL_W, MIN_W) + 2 * PAD
        h = leaf_h if n.is_leaf else internal_h
        y = TOP + depth * level_h
        if i + 1 < count and nodes[i + 1].depth > depth:
            stack.append([n, y, w, h, None, None])
        else:
            # A leaf (or a childless node): next free place along its level's row.
            p = old.get(n.nid)
            if p is None or p.node is not n or p.x != cursor or p.y != y or p.w != w:
                p = Placed(n, cursor, y, w, h)
            out[n.nid] = p
            cursor += w + NODE_GAP
            attach(p)
    while stack:
        attach(close(stack.pop()))
    return out
