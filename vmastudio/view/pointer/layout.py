"""Where the pointer view puts things: columns of frames and structures, routed arrows.

Columns, left to right: the innermost frame (``find_vma_links``), its caller
(``insert_vm_struct``), then the heap (``mm_struct`` and the VMAs). A frame column is
shifted down so that the first box an arrow from its left neighbour reaches sits on the
same row as that arrow's source (``pprev``/``rb_link``/``rb_parent`` then read straight
across to ``prev``/``rb_link``/``rb_parent``).

Arrows are orthogonal and run only in the gutters between columns, so they never cross a
box: rightwards into the next column through one vertical lane; past a column through a
bus below it; inside the heap through lanes on its right. The geometry is computed once
per model; items only paint it (STYLE.md §5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from ...engine.pointers import PointerArrow, PointerModel, Region

ROW_H = 24.0
HEADER_H = 22.0
PAD = 8.0
REGION_GAP = 10.0
LANE_GAP = 11.0
LABEL_ROOM = 78.0
GUTTER_MIN = 44.0
INDENT = 14.0
TOP = 50.0
LEFT = 16.0

Measure = Callable[[str], float]


@dataclass
class BoxGeom:
    """A box: ``rect`` holds three cells, ``address │ name │ value``."""

    rect: QRectF
    addr_w: float
    name_w: float


@dataclass
class RegionGeom:
    rect: QRectF
    header: QRectF


@dataclass
class ArrowGeom:
    points: list[QPointF]
    label_at: QPointF
    #: Which side the arrow enters the target from: +1 left edge, -1 right edge.
    entry: int = 1
    #: The label goes under the last segment (a second arrow into the same target).
    label_below: bool = False


@dataclass
class Geometry:
    boxes: dict[str, BoxGeom] = field(default_factory=dict)
    regions: dict[str, RegionGeom] = field(default_factory=dict)
    arrows: dict[str, ArrowGeom] = field(default_factory=dict)
    bounds: QRectF = field(default_factory=QRectF)


def compute(
    model: PointerModel,
    measure: Measure,
    addr_texts: dict[str, str],
    value_texts: dict[str, str],
    show_context: bool = False,
    min_widths: dict[str, float] | None = None,
    folded: bool = True,
    row_h: float = ROW_H,
) -> Geometry:
    """The geometry of ``model``; ``measure`` gives a text's width in the box font.

    ``min_widths`` (by region key) keeps room for what the items draw in headers;
    ``folded``: keep a row before and after ``vm_rb`` for the VMA's other fields, folded
    (the lecture leaves them out to keep its large text on one screen); ``row_h``: the
    height of one box's row (the lecture packs them tighter).
    """
    min_widths = min_widths or {}
    geo = Geometry()
    box_of = {b.key: b for b in model.boxes}
    columns: dict[int, list[Region]] = {}
    for r in model.regions:
        if r.parent is None:
            columns.setdefault(r.column, []).append(r)
    children: dict[str, list[Region]] = {}
    for r in model.regions:
        if r.parent is not None:
            children.setdefault(r.parent, []).append(r)
    arrows = [a for a in model.arrows if (show_context or a.kind != "context") and not a.gone]

    # -- widths: gutter (addresses) + name + value per column -----------------------------
    col_ids = sorted(columns)
    gutter_w: dict[int, float] = {}
    name_w: dict[int, float] = {}
    value_w: dict[int, float] = {}
    for c in col_ids:
        keys = [k for r in columns[c] for k in _all_boxes(r, children)]
        gutter_w[c] = max([measure(addr_texts[k]) for k in keys] + [40.0]) + PAD
        name_w[c] = max([measure(box_of[k].label) for k in keys] + [40.0]) + PAD
        value_w[c] = max([measure(value_texts[k] + " (B)") for k in keys] + [60.0]) + PAD
        need = max([min_widths.get(r.key, 0.0) for r in columns[c]] + [0.0])
        inner = gutter_w[c] + name_w[c] + value_w[c] + 2 * INDENT * (1 + _depth(columns[c]))
        if need > inner:
            value_w[c] += need - inner
    # Lanes needed in each gutter: between c and c+1, and right of the heap.
    right_of: dict[int, list[PointerArrow]] = {c: [] for c in col_ids}
    box_col = {b.key: model.region(b.region).column for b in model.boxes}
    region_col = {r.key: r.column for r in model.regions}

    def col_of(key: str) -> int:
        return box_col[key] if key in box_col else region_col[key]

    loops: dict[int, int] = {c: 0 for c in col_ids}
    for a in arrows:
        cs, ct = col_of(a.src), col_of(a.dst)
        if ct == cs:
            right_of[cs].append(a)
            loops[cs] += 1
        elif ct > cs:
            right_of[cs].append(a)
            if ct > cs + 1:
                right_of[ct - 1].append(a)
    # Gutters are sized from what *could* point across them, not from this step's arrows,
    # so columns keep still while values change (a NULL gains an arrow, a frame returns).
    label_room = max(LABEL_ROOM, measure("M" * 12) + 8)
    could: dict[int, int] = {}
    for c in col_ids:
        keys = [k for r in columns[c] for k in _all_boxes(r, children)]
        could[c] = sum(1 for k in keys if box_of[k].is_pointer)
    x = LEFT
    col_x: dict[int, float] = {}
    col_w: dict[int, float] = {}
    gutter_after: dict[int, float] = {}
    for c in col_ids:
        col_x[c] = x
        col_w[c] = gutter_w[c] + name_w[c] + value_w[c] + 2 * INDENT * (1 + _depth(columns[c]))
        lanes = len(right_of[c])
        if all(r.kind == "frame" for r in columns[c]):
            lanes = max(lanes, could[c] + could.get(c - 1, 0))
        gutter_after[c] = max(GUTTER_MIN, LANE_GAP * (lanes + 1) + label_room)
        if loops[c]:
            gutter_after[c] += label_room
        x += col_w[c] + gutter_after[c]

    # -- rows ------------------------------------------------------------------------------
    def place_column(c: int, y0: float) -> float:
        y = y0
        for r in columns[c]:
            y = place_region(r, c, y, depth=0) + REGION_GAP
        return y

    def place_region(r: Region, c: int, y: float, depth: int) -> float:
        left = col_x[c] + depth * INDENT
        right = col_x[c] + col_w[c] - depth * INDENT
        top = y
        header = QRectF(left, y, right - left, HEADER_H)
        y += HEADER_H
        if r.kind == "vma" and folded:
            y += ROW_H * 0.6  # the fields before vm_rb, drawn folded
        for key in r.boxes:
            rect = QRectF(left + INDENT, y + 2, right - left - 2 * INDENT, row_h - 4)
            geo.boxes[key] = BoxGeom(rect, gutter_w[c], name_w[c])
            y += row_h
        for child in children.get(r.key, []):
            y = place_region(child, c, y + 4, depth + 1)
        if r.kind == "vma" and folded:
            y += ROW_H * 0.6
        y += PAD / 2
        geo.regions[r.key] = RegionGeom(QRectF(left, top, right - left, y - top), header)
        return y

    col_y: dict[int, float] = {}
    for c in col_ids:
        col_y[c] = TOP
        if c > col_ids[0] and all(r.kind == "frame" for r in columns[c]):
            # Align the first box reached from the left neighbour with its source row.
            if c - 1 not in columns:
                continue
            place_column(c - 1, col_y[c - 1])
            shift = None
            # Dead arrows count too, so the columns keep still when the callee returns.
            for a in model.arrows:
                if a.dst in box_col and box_col[a.dst] == c and col_of(a.src) == c - 1:
                    src = geo.boxes[a.src].rect.center().y()
                    row = _row_index(columns[c], a.dst)
                    shift = src - (HEADER_H + row * row_h + row_h / 2)
                    break
            if shift is not None:
                col_y[c] = max(TOP, shift)
    geo.boxes.clear()
    geo.regions.clear()
    bottoms = {}
    for c in col_ids:
        bottoms[c] = place_column(c, col_y[c])

    # -- arrows ----------------------------------------------------------------------------
    lane_next: dict[int, int] = {c: 0 for c in col_ids}
    loop_next: dict[int, int] = {c: 0 for c in col_ids}
    ordered = sorted(arrows, key=lambda a: _span(geo, a))
    # Arrows into the same target enter a few pixels apart, labels above and below.
    groups: dict[tuple[str, bool], list[PointerArrow]] = {}
    for a in arrows:
        groups.setdefault((a.dst, col_of(a.dst) == col_of(a.src)), []).append(a)
    entry_dy: dict[str, float] = {}
    below: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda a: geo.boxes[a.src].rect.center().y())
        n = len(group)
        for i, a in enumerate(group):
            entry_dy[a.key] = (i - (n - 1) / 2) * min(7.0, 16.0 / (n - 1))
        labelled = [a for a in group if a.label]
        for a in labelled[1:]:
            below.add(a.key)
    for a in ordered:
        cs, ct = col_of(a.src), col_of(a.dst)
        s = geo.boxes[a.src].rect
        sy = s.center().y()
        t_rect, ty = _target(geo, a.dst)
        ty += entry_dy.get(a.key, 0.0)
        if ct > cs:
            lane = col_x[cs] + col_w[cs] + LANE_GAP * (1 + loops[cs] + lane_next[cs])
            lane_next[cs] += 1
            if ct == cs + 1:
                pts = _orthogonal(QPointF(s.right(), sy), lane, QPointF(t_rect.left(), ty))
            else:
                lane2 = col_x[ct - 1] + col_w[ct - 1] + LANE_GAP * (1 + lane_next[ct - 1])
                lane_next[ct - 1] += 1
                bus = max(bottoms[k] for k in range(cs + 1, ct)) + LANE_GAP * lane_next[cs]
                pts = [
                    QPointF(s.right(), sy),
                    QPointF(lane, sy),
                    QPointF(lane, bus),
                    QPointF(lane2, bus),
                    QPointF(lane2, ty),
                    QPointF(t_rect.left(), ty),
                ]
            # Labels sit in the room kept left of the target column, clear of its frames.
            geo.arrows[a.key] = ArrowGeom(pts, QPointF(col_x[ct] - 6, ty), 1)
        elif ct == cs:
            # Loops inside a column take the lanes next to it, the arrows to the next
            # column the lanes beyond: a loop's vertical then never crosses the rows an
            # arrow leaves the column from (398 crossings in overlap-and-enomem's pointer
            # models down to 150). Labels sit on their own boxes above the lines.
            lane = col_x[cs] + col_w[cs] + LANE_GAP * (1 + loop_next[cs])
            loop_next[cs] += 1
            pts = [
                QPointF(s.right(), sy),
                QPointF(lane, sy),
                QPointF(lane, ty),
                QPointF(t_rect.right(), ty),
            ]
            geo.arrows[a.key] = ArrowGeom(pts, QPointF(col_x[cs] + col_w[cs] + 6, ty), -1)
        else:
            pts = [QPointF(s.left(), sy), QPointF(t_rect.right(), ty)]
            geo.arrows[a.key] = ArrowGeom(pts, QPointF(t_rect.right() + 6, ty), -1)
        geo.arrows[a.key].label_below = a.key in below
    bounds = QRectF()
    for g in geo.regions.values():
        bounds = bounds.united(g.rect)
    for ag in geo.arrows.values():
        for p in ag.points:
            bounds = bounds.united(QRectF(p, p).adjusted(-LABEL_ROOM, -12, LABEL_ROOM, 12))
    geo.bounds = bounds.adjusted(-LEFT, -TOP, LEFT, LEFT)
    return geo


def _depth(regions: list[Region]) -> int:
    """1 when some region of the column holds a nested one (``vm_rb`` in a VMA)."""
    return 1 if any(r.kind == "vma" for r in regions) else 0


def _all_boxes(r: Region, children: dict[str, list[Region]]) -> list[str]:
    out = list(r.boxes)
    for c in children.get(r.key, []):
        out.extend(_all_boxes(c, children))
    return out


def _row_index(regions: list[Region], key: str) -> int:
    for r in regions:
        if key in r.boxes:
            return r.boxes.index(key)
    return 0


def _target(geo: Geometry, key: str) -> tuple[QRectF, float]:
    if key in geo.boxes:
        rect = geo.boxes[key].rect
        return rect, rect.center().y()
    header = geo.regions[key].header
    return header, header.center().y()


def _span(geo: Geometry, a: PointerArrow) -> float:
    if a.src not in geo.boxes:
        return 0.0
    _, ty = _target(geo, a.dst) if (a.dst in geo.boxes or a.dst in geo.regions) else (None, 0.0)
    return abs(geo.boxes[a.src].rect.center().y() - ty)


def _orthogonal(a: QPointF, lane: float, b: QPointF) -> list[QPointF]:
    if abs(a.y() - b.y()) < 0.5:
        return [a, b]
    return [a, QPointF(lane, a.y()), QPointF(lane, b.y()), b]
