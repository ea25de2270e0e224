"""Where maple nodes go (no Qt): leaves side by side in address order along the bottom
level, each parent centred over its children, one level per tree depth.

A node is a row of slot cells (``CELL_W`` each, its data end + 1 of them) under a header;
internal (arange_64) nodes add a row of gaps. Positions depend only on the drawn state.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Placed:
    node: MapleNodeView
    x: float  # left
    y: float  # top
    w: float
    h: float

    def cell_x(self, i: int) -> float:
        """Centre x of slot cell ``i``."""
        return self.x + PAD + (i + 0.5) * CELL_W


def layout(state: MapleState) -> dict[int, Placed]:
    """Every drawn node's box, by node id. O(nodes)."""
    nodes = state.nodes
    if not nodes:
        return {}
    level_h = max(node_size(n)[1] for n in nodes) + LEVEL_GAP
    kids: dict[int, list[MapleNodeView]] = {}
    for n in nodes:
        if n.parent is not None:
            kids.setdefault(n.parent, []).append(n)
    out: dict[int, Placed] = {}
    cursor = 0.0

    def place(n: MapleNodeView) -> Placed:
        nonlocal cursor
        w, h = node_size(n)
        y = TOP + n.depth * level_h
        children = kids.get(n.nid, [])
        if not children:
            # A leaf (or a childless node): next free place along its level's row.
            x = cursor
            cursor += w + NODE_GAP
        else:
            placed = [place(c) for c in sorted(children, key=lambda c: c.parent_slot)]
            mid = (placed[0].x + placed[-1].x + placed[-1].w) / 2
            x = mid - w / 2
        p = Placed(n, x, y, w, h)
        out[n.nid] = p
        return p

    place(nodes[0])
    return out
