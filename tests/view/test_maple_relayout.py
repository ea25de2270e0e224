"""Issue 18: the maple layout's one-pass form and the scene's faster rebuild place every
node exactly where the recursive layout (kept here as the reference) puts it, after every
step of a scenario with splits, rebalances and a spanning store."""

from __future__ import annotations

import math

from vmastudio.engine.frames612 import MapleNodeView, MapleState, Timeline612
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.view.maple.layout import LEVEL_GAP, NODE_GAP, TOP, Placed, layout, node_size

K = 0x1000


def reference_layout(state: MapleState) -> dict[int, tuple[float, float, float, float]]:
    """The layout as first written: recursive, children sorted by their parent slot."""
    nodes = state.nodes
    if not nodes:
        return {}
    level_h = max(node_size(n)[1] for n in nodes) + LEVEL_GAP
    kids: dict[int, list[MapleNodeView]] = {}
    for n in nodes:
        if n.parent is not None:
            kids.setdefault(n.parent, []).append(n)
    out: dict[int, tuple[float, float, float, float]] = {}
    cursor = 0.0

    def place(n: MapleNodeView) -> tuple[float, float, float, float]:
        nonlocal cursor
        w, h = node_size(n)
        y = TOP + n.depth * level_h
        children = kids.get(n.nid, [])
        if not children:
            x = cursor
            cursor += w + NODE_GAP
        else:
            placed = [place(c) for c in sorted(children, key=lambda c: c.parent_slot)]
            first, last = placed[0], placed[-1]
            x = (first[0] + last[0] + last[2]) / 2 - w / 2
        out[n.nid] = (x, y, w, h)
        return out[n.nid]

    place(nodes[0])
    return out


def boxes(placed: dict[int, Placed]) -> dict[int, tuple[float, float, float, float]]:
    return {nid: (p.x, p.y, p.w, p.h) for nid, p in placed.items()}


def churn() -> Scenario:
    """600 one-page VMAs three pages apart; inserts into gaps (node stores, a split),
    erases in a row (rebalances) and a munmap over many VMAs (a spanning store)."""
    initial = [VmaSpec((16 + 4 * i) * K, (17 + 4 * i) * K) for i in range(600)]
    ops = [OpSpec("insert", vma=VmaSpec((18 + 4 * i) * K, (19 + 4 * i) * K)) for i in range(12)]
    ops += [OpSpec("erase", start=(16 + 4 * i) * K) for i in range(300, 314)]
    ops.append(OpSpec("munmap", start=(16 + 4 * 400) * K, end=(17 + 4 * 430) * K))
    return Scenario(ops=ops, initial=initial, maple=True)


def test_layout_is_the_reference_layout_after_every_step() -> None:
    timeline = Timeline612(churn())
    kinds: set[str] = set()
    checked = 0
    widths_changed = 0
    reused = 0
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        previous = frames.before
        assert boxes(layout(previous)) == reference_layout(previous), k
        for s, step in enumerate(frames.steps):
            kinds.add(step.kind)
            state = frames.state(s)
            placed = layout(state)
            assert boxes(placed) == reference_layout(state), (k, s, step.kind)
            # Laid out again from the boxes drawn before: the same boxes, and a box of
            # the same node at the same place is the one drawn before.
            before = layout(previous)
            again = layout(state, before)
            assert boxes(again) == boxes(placed), (k, s)
            for nid, p in again.items():
                q = before.get(nid)
                kept = q is not None and q.node is p.node and q[1:] == p[1:]
                assert (p is q) == kept, (k, s, nid)
                reused += kept
            # Each box carries its node, and every live node has one.
            assert {p.node.nid for p in placed.values()} == {n.nid for n in state.nodes}
            assert all(placed[n.nid].node is n for n in state.nodes)
            if [n.end for n in state.nodes] != [n.end for n in previous.nodes]:
                widths_changed += 1
            previous = state
            checked += 1
    assert {"split", "rebalance", "spanning", "store"} <= kinds, kinds
    assert widths_changed > 0 and checked > 100 and reused > 0


def test_layout_of_a_single_leaf_and_of_nothing() -> None:
    timeline = Timeline612(Scenario(ops=[OpSpec("insert", vma=VmaSpec(K, 2 * K))], maple=True))
    frames = timeline.frames(1)
    for s in range(len(frames.steps)):
        state = frames.state(s)
        assert boxes(layout(state)) == reference_layout(state)
    assert layout(MapleState()) == {}


def test_overview_rows_are_the_boxes_and_widen_like_the_blocks(qapp: object) -> None:
    """The overview's rows, made from the boxes' numbers, are the boxes by level and x;
    widened for a zoom they are ``_widened`` of each block, and a window returns the
    blocks it crosses."""
    from PySide6.QtCore import QRectF

    from vmastudio.view.maple.overview_item import MapleOverviewItem, _widened
    from vmastudio.view.maple.scene import _edge_lines, _edge_path
    from vmastudio.view.theme import make_theme

    timeline = Timeline612(churn())
    state = timeline.frames(3).state(0)
    placed = layout(state)
    item = MapleOverviewItem(make_theme("light"))
    item.set_layout(placed, _edge_path(state, placed))
    rows = item._rows
    # The edges' path is the edge lines, segment by segment: one per child.
    lines = _edge_lines(state, placed)
    path = item._edges
    assert path.elementCount() == 2 * len(lines) == 2 * (len(state.nodes) - 1)
    for i, line in enumerate(lines):
        a, b = path.elementAt(2 * i), path.elementAt(2 * i + 1)
        assert a.isMoveTo() and b.isLineTo()
        assert (a.x, a.y, b.x, b.y) == (line.x1(), line.y1(), line.x2(), line.y2())
    assert item.block_count() == len(placed) == len(state.nodes)
    expected: dict[float, list[QRectF]] = {}
    for p in placed.values():
        expected.setdefault(p.y, []).append(QRectF(p.x, p.y, p.w, p.h))
    assert [row.top for row in rows] == sorted(expected)
    for row in rows:
        blocks = sorted(expected[row.top], key=QRectF.left)
        assert row.rects == blocks
        assert row.within(-1e18, 1e18) == blocks
        for least in (1.0, 200.0, 2000.0):
            # (the least width is rounded up to an eighth of a power of two)
            rounded = 2.0 ** (math.ceil(math.log2(least) * 8.0) / 8.0)
            assert row.within(-1e18, 1e18, least) == [_widened(b, rounded) for b in blocks]
        # A window over the second block's middle returns it (and nothing far away).
        if len(blocks) > 2:
            mid = blocks[1].center().x()
            assert row.within(mid, mid) == [blocks[1]]
