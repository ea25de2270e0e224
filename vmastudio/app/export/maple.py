"""Figures of a Linux 6.12 state: the maple tree ``mm->mm_mt`` as a figure description.

Qt-free, like the 4.x figures: node boxes from ``view/maple/layout.py`` (the window's own
layout), the facts from ``engine/frames612.py`` (the state before or after each step of a
6.12 op, drawn from the engine's node records). Each node is one
``<g class="maple-node leaf_64|arange_64 …" data-node data-min data-max data-end>`` whose
children are its slots (``<g class="slot maple-slot" data-offset data-start|data-child>``),
pivots and, for arange nodes, gaps; the step's roles add ``role-node``, ``role-leaf``,
``role-sibling``, ``role-new-node``, ``role-dead-node``, ``role-parent`` to the node and
``role-offset`` to the slot it writes. Edges go from a slot to its child
(``<path class="edge" data-from data-to>``).
"""

from __future__ import annotations

from typing import Any

from ...engine.frames612 import MapleNodeView, MapleState, Timeline612
from ...engine.positions import Position, PositionError, parse_position
from ...engine.scenario import text_of
from ...view.maple.layout import CELL_W, HEADER_H, PAD, ROW_H, Placed, layout
from ...view.palettes import palette
from .figure import UNITS_PER_MM, Figure, Group, Item, Layer, Path, Rect, Text
from .writers import ExportError

#: The roles of a 6.12 step that name a maple node (DESIGN §7).
NODE_ROLES = ("node", "leaf", "sibling", "new_node", "dead_node", "parent")
#: The widest default figure (A3, as the 4.x figures).
MAX_WIDTH_MM = 400.0
CAPTION_H = 46.0


def _hex(value: int) -> str:
    return f"0x{value:x}"


def _role_classes(names: list[str]) -> str:
    return "".join(f" role-{n.replace('_', '-')}" for n in names)


def maple_position(timeline: Timeline612, text: str) -> Position:
    """``--step`` in a 6.12 replay (the same syntax as 4.x)."""

    def steps(k: int) -> int:
        return len(timeline.frames(k).steps)

    try:
        return parse_position(text, len(timeline), steps)
    except PositionError as exc:
        raise ExportError(str(exc)) from None


def _node_group(p: Placed, roles: list[str], offset: int | None, names: dict[int, str]) -> Group:
    n: MapleNodeView = p.node
    cls = f"maple-node {n.type}{_role_classes(roles)}"
    attrs = {
        "node": str(n.nid),
        "min": _hex(n.min),
        "max": _hex(n.max),
        "end": str(n.end),
    }
    if not n.is_leaf:
        attrs["meta-gap"] = str(n.meta_gap)
    items: list[Item] = [Rect(p.x, p.y, p.w, p.h, "body", rx=4.0)]
    head = f"{n.type} #{n.nid}  [{n.min:x}, {n.max:x}]  end {n.end}"
    items.append(Text(p.x + PAD, p.y + PAD + HEADER_H - 5, head, "t-small"))
    y_piv = p.y + PAD + HEADER_H
    y_slot = y_piv + ROW_H
    y_gap = y_slot + ROW_H
    for i, value in enumerate(n.slots):
        x = p.x + PAD + i * CELL_W
        slot_attrs = {"offset": str(i)}
        if value is None:
            label, slot_attrs["entry"] = "NULL", "null"
        elif n.is_leaf:
            label = names.get(value) or f"{value:x}"
            slot_attrs["start"] = _hex(value)
        else:
            label = f"→ #{value}"
            slot_attrs["child"] = str(value)
        slot_cls = "slot maple-slot" + (" role-offset" if i == offset else "")
        items.append(
            Group(
                slot_cls,
                slot_attrs,
                [
                    Rect(x, y_slot, CELL_W, ROW_H, "slot-box"),
                    Text(x + CELL_W / 2, y_slot + ROW_H - 4, label, "label"),
                ],
            )
        )
        if i < len(n.pivots):
            items.append(
                Text(x + CELL_W - 3, y_piv + ROW_H - 4, f"{n.pivots[i]:x}", "t-small pivot", "end")
            )
        if n.gaps is not None and i < len(n.gaps):
            gap_cls = "t-small gap" + (" meta-gap" if i == n.meta_gap else "")
            items.append(
                Text(x + CELL_W / 2, y_gap + ROW_H - 4, _hex(n.gaps[i]), gap_cls, "middle")
            )
    return Group(cls, attrs, items)


def maple_figure(
    timeline: Timeline612, pos: Position, theme: str = "light", lang: str = "en"
) -> Figure:
    """The maple tree at ``pos`` (the state after op K, or after step S of op K) as a
    figure: a tree layer and a caption layer (the op and the step's sentence)."""
    k, s = pos
    step: Any = None
    before: MapleState | None = None
    if k == 0 or s is None:
        state = timeline.state(k)
    else:
        frames = timeline.frames(k)
        state = frames.state(s)
        step = frames.steps[s]
        before = frames.state(s - 1) if s else frames.before
    placed = layout(state)
    # Nodes that died in the step: beside the tree, faded (RCU frees them later).
    if before is not None and state.dead:
        old = {n.nid: n for n in before.nodes}
        bottom = max((q.y + q.h for q in placed.values()), default=0.0) + 40.0
        x = 0.0
        from ...view.maple.layout import node_size

        for nid in sorted(state.dead):
            if nid in old:
                w, h = node_size(old[nid])
                placed[nid] = Placed(old[nid], x, bottom, w, h)
                x += w + 24.0
    roles: dict[str, Any] = {} if step is None else dict(step.roles)
    per_node: dict[int, list[str]] = {}
    for key in NODE_ROLES:
        value = roles.get(key)
        if isinstance(value, int):
            per_node.setdefault(value, []).append(key)
    at = roles.get("leaf", roles.get("node"))
    offset = roles.get("offset")
    left = min((q.x for q in placed.values()), default=0.0)
    items: list[Item] = []
    edges: list[Item] = []
    for nid, q in placed.items():
        shifted = Placed(q.node, q.x - left + 10, q.y + CAPTION_H, q.w, q.h)
        placed[nid] = shifted
    for nid, q in placed.items():
        n = q.node
        names = per_node.get(nid, [])
        if nid in state.dead and "dead_node" not in names:
            names = [*names, "dead_node"]
        items.append(
            _node_group(
                q, names, offset if nid == at and isinstance(offset, int) else None, timeline.names
            )
        )
        if n.is_leaf or nid in state.dead:
            continue
        for i, child in enumerate(n.slots):
            target = placed.get(child) if child is not None else None
            if target is None:
                continue
            a = (q.x + PAD + (i + 0.5) * CELL_W, q.y + PAD + HEADER_H + 2 * ROW_H)
            b = (target.x + target.w / 2, target.y)
            edges.append(Path((a, b), "edge", attrs={"from": str(nid), "to": str(child)}))
    width = max((q.x + q.w for q in placed.values()), default=200.0) + 10
    height = max((q.y + q.h for q in placed.values()), default=100.0) + 10
    caption: list[Item] = []
    if k >= 1:
        op = timeline.scenario.ops[k - 1]
        from ...engine.linux612.replay import describe

        caption.append(
            Text(10, 16, f"{k}. {describe(op, timeline.outcomes[k - 1], lang)}", "t-head")
        )
    if step is not None:
        caption.append(Text(10, 34, text_of(step.text, lang), "t-body"))
    layers = [
        Layer("caption", caption, width, CAPTION_H),
        Layer("tree", [*edges, *items], width, height),
    ]
    fig = Figure(width, height, layers, palette(theme), title="VMA Studio figure: Linux 6.12 mm_mt")
    if fig.width_mm > MAX_WIDTH_MM:
        fig.scale = MAX_WIDTH_MM * UNITS_PER_MM / width
    fig.vmas_total = fig.vmas_drawn = sum(
        1 for q in placed.values() if q.node.is_leaf for v in q.node.slots if v is not None
    )
    return fig
