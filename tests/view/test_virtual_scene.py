"""A large space: items only for what the view shows, aggregated drawing zoomed out, and
incremental columns and address scale per op (issue 9). Every drawing is compared with
the plain (all-items) scene of the same state, or with a brute-force computation."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from vmastudio.engine.replay_order import arrange
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.snapshot import Snapshot, changed_between
from vmastudio.engine.vma import ENOMEM, PAGE_SIZE, TASK_SIZE
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.layout import COL_W, LEFT, AddressScale, Columns, columns, depths, node_y
from vmastudio.view.lod import SubtreeStats
from vmastudio.view.minimap import go_to_address
from vmastudio.view.scene import DETAIL_COL_PX, VIRTUAL_MIN, VmaScene
from vmastudio.view.scene_view import SceneView

P = PAGE_SIZE
N = VIRTUAL_MIN + 500


def space(n: int, seed: int = 1) -> Scenario:
    """``n`` VMAs with gaps of random sizes (some adjacent), as an imported space."""
    rng = random.Random(seed)
    ops: list[OpSpec] = []
    addr = 0x400000
    for i in range(n):
        size = rng.choice((1, 1, 2, 4, 16)) * P
        files = (None, "/usr/lib/libc.so.6", "/usr/bin/python3")
        ops.append(OpSpec("insert", vma=VmaSpec(addr, addr + size, file=files[i % 3])))
        addr += size + rng.choice((0, P, 3 * P, 64 * P))
    return Scenario(ops=ops, title="synthetic")


@pytest.fixture(scope="module")
def imported_space() -> Scenario:
    return space(N)


@pytest.fixture
def big(imported_space: Scenario) -> Scenario:
    return arrange(imported_space, "bulk")  # a new scenario: a document appends to its own


@pytest.fixture
def doc(qtbot: QtBot, big: Scenario) -> Document:
    d = Document()
    d.load_scenario(big)
    return d


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[SceneView]:
    scene = VmaScene()
    v = SceneView(scene)
    v.resize(1200, 800)
    qtbot.addWidget(v)
    yield v


def paint(view: SceneView) -> QImage:
    """One frame through the view's own paint (what the user sees)."""
    return view.viewport().grab().toImage()


def reference(doc: Document) -> VmaScene:
    """The same state drawn by a plain scene (every VMA has its items)."""
    plain = VmaScene(virtual_min=None)
    show_document(plain, doc)
    return plain


def zoom_to(view: SceneView, zoom: float, x: float) -> None:
    view.resetTransform()
    view.scale(zoom, zoom)
    view.centerOn(x, node_y(3))
    view.report_window()


# -- geometry ---------------------------------------------------------------------------------
def test_columns_match_the_plain_mapping_and_follow_inserts() -> None:
    rng = random.Random(3)
    starts = rng.sample(range(0, 10**6, 7), 300)
    # Columns are keyed by VMA id: creation numbers, not in address order.
    ids = {s: i for i, s in enumerate(starts)}

    def plain() -> dict[int, float]:
        return {ids[s]: x for s, x in columns(starts).items()}

    cols = Columns({ids[s]: s for s in starts})
    assert dict(cols) == plain()
    for s in rng.sample(range(1, 10**6, 7), 40):
        ids[s] = len(ids)
        cols.add(ids[s], s)
        starts.append(s)
    for s in rng.sample(starts, 60):
        cols.discard(ids[s])
        starts.remove(s)
    assert dict(cols) == plain()
    i0, i1 = cols.span(cols[cols.ordered[10]] - 1, cols[cols.ordered[20]] + 1)
    assert (i0, i1) == (10, 21)
    assert 10**7 not in cols


def check_scale(scale: AddressScale, ranges: list[tuple[int, int]]) -> None:
    """x grows with the address, every VMA edge is exact, the gaps are the complement."""
    assert scale.xs == sorted(scale.xs)
    assert scale.addrs == sorted(scale.addrs)
    for s, e in ranges:
        assert scale.edges[s] == scale.x_of(s)
        assert scale.x_of(s) < scale.x_of(e)
    want: list[tuple[int, int]] = []
    cursor = 0
    for s, e in sorted(ranges):
        if s > cursor:
            want.append((cursor, s))
        cursor = e
    if cursor < TASK_SIZE:
        want.append((cursor, TASK_SIZE))
    assert [(g.start, g.end) for g in scale.gaps] == want
    for g in scale.gaps:
        assert g.x0 == pytest.approx(scale.x_of(g.start))
        assert g.x1 == pytest.approx(scale.x_of(g.end))


@pytest.mark.parametrize("mode", ["compressed", "linear"])
def test_the_address_scale_takes_inserts_and_erases_in_place(mode: str) -> None:
    rng = random.Random(5)
    ranges = [(0x400000 + i * 8 * P, 0x400000 + i * 8 * P + 2 * P) for i in range(200)]
    scale = AddressScale(ranges, mode, 5000.0)  # type: ignore[arg-type]
    check_scale(scale, ranges)
    kept = {x: scale.x_of(x) for x in (ranges[0][0], ranges[-1][1])}
    version = scale.version
    for _ in range(60):
        if rng.random() < 0.5 and ranges:
            victim = rng.choice(ranges)
            assert scale.remove_range(*victim)
            ranges.remove(victim)
        else:
            base = rng.randrange(0x400000, 0x400000 + 200 * 8 * P, P)
            if any(s < base + P and base < e for s, e in ranges):
                continue
            assert scale.add_range(base, base + P)
            ranges.append((base, base + P))
        check_scale(scale, ranges)
    assert scale.version > version
    assert len(scale.changed_since(version) or []) == scale.version - version
    # Everything that was not edited kept its place.
    for x, was in kept.items():
        if any(x in (s, e) for s, e in ranges):
            assert scale.x_of(x) == was
    assert not scale.add_range(ranges[0][0], ranges[0][1])  # taken: the caller rebuilds


# -- step links and subtree figures ---------------------------------------------------------------
def test_step_snapshots_know_what_changed(doc: Document) -> None:
    snap = doc.current_snapshot()
    ordered = sorted(snap.nodes.values(), key=lambda n: n.start)
    gap = next(a.end for a, b in itertools.pairwise(ordered) if a.end + P < b.start)
    doc.insert(VmaSpec(gap, gap + P))
    frames = doc.frames(1)
    chain = [frames.before, *frames.snapshots]
    for a in chain:
        for b in chain:
            linked = changed_between(a, b)
            assert linked is not None
            differ = {
                k for k in a.nodes.keys() | b.nodes.keys() if a.nodes.get(k) != b.nodes.get(k)
            }
            assert differ <= linked


def brute_stats(snap: Snapshot) -> dict[int, tuple[int, int, int]]:
    out: dict[int, tuple[int, int, int]] = {}

    def walk(key: int | None) -> tuple[int, int, int]:
        if key is None:
            return (0, 0, 0)
        node = snap.nodes[key]
        lh, lr, lc = walk(node.left)
        rh, rr, rc = walk(node.right)
        out[key] = (max(lh, rh) + 1, lr + rr + (node.color == "R"), lc + rc + 1)
        return out[key]

    walk(snap.root)
    return out


def test_subtree_figures_stay_exact_through_every_step() -> None:
    d = Document()
    d.load_scenario(arrange(space(300, seed=9), "bulk"))
    rng = random.Random(2)
    stats = SubtreeStats()
    drawn = d.current_snapshot()
    stats.reset(drawn)
    assert stats.get(drawn.root or 0) == brute_stats(drawn)[drawn.root or 0]
    for _ in range(12):
        latest = d.state(d.op_count())
        ordered = sorted(latest.nodes.values(), key=lambda n: n.start)
        if rng.random() < 0.4:
            d.erase(rng.choice(ordered).start)
        else:
            a = rng.choice([x for x, y in itertools.pairwise(ordered) if x.end + P < y.start])
            d.insert(VmaSpec(a.end, a.end + P))
        k = d.op_count()
        for snap in d.frames(k).snapshots:
            dirty = changed_between(drawn, snap)
            assert dirty is not None or snap is not drawn
            stats.changed(snap, dirty if dirty is not None else set(snap.nodes) | set(drawn.nodes))
            drawn = snap
            if snap.root is not None:
                want = brute_stats(snap)
                for key in rng.sample(sorted(want), 20):
                    assert stats.get(key) == want[key]


# -- the scene ------------------------------------------------------------------------------------
def test_a_large_space_is_virtual_and_aggregated_when_zoomed_out(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    assert scene.virtual
    view.fit()
    paint(view)
    assert scene.lod_active()
    layer = scene.lod_layer()
    assert layer.last_aggregates > 10  # subtrees drawn as shapes
    assert scene.live_count() < 10  # only what the step is about has items
    assert len(scene.items()) < 100


def test_zooming_in_makes_the_nodes_in_view_exactly_as_the_plain_scene_draws_them(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    plain = reference(doc)
    assert not plain.virtual
    x = scene.column_x(scene.columns()[N // 3])
    assert x is not None
    zoom_to(view, 0.5, x)
    paint(view)
    assert not scene.lod_active()
    assert 0.5 * COL_W >= DETAIL_COL_PX
    shape = scene.tree_shape()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    in_view = [s for s in scene.columns() if visible.left() <= scene.column_x(s) <= visible.right()]  # type: ignore[operator]
    assert in_view and all(s in shape for s in in_view)
    assert len(shape) < 200
    want = plain.tree_shape()
    for s, drawn in shape.items():
        assert drawn == want[s]
    # The list boxes too, and the edges between the nodes drawn.
    for s in in_view:
        assert (scene.box_item(s) is None) == (plain.box_item(s) is None)
    # Panning away drops what left the view.
    zoom_to(view, 0.5, scene.column_x(scene.columns()[N - 5]) or 0.0)
    paint(view)
    assert in_view[0] not in scene.tree_shape()


def test_a_traced_insert_in_a_large_space_matches_the_plain_scene_at_every_step(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    snap = doc.current_snapshot()
    ordered = sorted(snap.nodes, key=lambda key: snap.nodes[key].start)
    a = next(
        x
        for x, y in itertools.pairwise(ordered[N // 2 :])
        if snap.nodes[x].end + 2 * P <= snap.nodes[y].start
    )
    new = snap.nodes[a].end + P
    zoom_to(view, 0.8, scene.column_x(a) or 0.0)
    paint(view)
    doc.insert(VmaSpec(new, new + P))
    assert doc.op == 1
    for k in range(doc.step_count(1)):
        doc.set_position(1, k)
        show_document(scene, doc)
        view.keep_in_sight(scene.focus_rect())
        paint(view)
        plain = reference(doc)
        shape, want = scene.tree_shape(), plain.tree_shape()
        assert shape.keys() <= want.keys()
        for s, drawn in shape.items():
            assert drawn == want[s], (k, s)
        # Every highlight of the step is drawn (the items of its roles exist).
        roles = plain.highlighted()
        for key, value in scene.highlighted().items():
            if key[0] in ("node", "slot", "root", "edge", "ghost"):
                assert roles.get(key) == value
        for key in roles:
            if key[0] in ("node", "slot", "root"):
                assert key in scene.highlighted(), (k, key)
    # The new VMA has its column: every column right of it moved by one.
    after = doc.current_snapshot()
    uid = after.by_start(new)
    assert uid is not None and scene.column_x(uid) is not None
    assert scene.columns() == sorted(after.nodes, key=lambda k: after.nodes[k].start)


def test_an_overlapping_insert_in_a_large_space_shows_the_conflict(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    victim = scene.columns()[N // 4]
    node = doc.current_snapshot().nodes[victim]
    doc.insert(VmaSpec(node.start, node.end))
    doc.set_position(1, doc.step_count(1) - 1)
    show_document(scene, doc)
    assert doc.timeline.results[0].result == ENOMEM
    assert scene.badge_visible()
    assert scene.node_item(victim) is not None  # pinned: drawn wherever the view is


def test_go_to_address_in_a_large_space_selects_find_vma_and_shows_it(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    view.fit()
    paint(view)
    snap = doc.current_snapshot()
    target = scene.columns()[N - 100]
    before = scene.columns()[N - 101]
    addr = snap.nodes[before].end  # in the gap (or at the start) below ``target``
    assert go_to_address(doc, scene, view, addr) == target
    paint(view)
    assert scene.selected == target
    item = scene.node_item(target)
    assert item is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().center())
    assert not scene.lod_active()


def test_the_overview_of_a_large_space_paints_the_aggregated_drawing(
    doc: Document, view: SceneView
) -> None:
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    show_document(scene, doc)
    image = QImage(400, 120, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    rect = scene.sceneRect()
    painter.scale(400 / rect.width(), 120 / rect.height())
    scene.lod_layer().paint_lod(painter, QRectF(rect), 400 / rect.width())
    painter.end()
    assert scene.lod_layer().last_aggregates > 0
    # Something was drawn in the tree's rows.
    ys = {y for y in range(60, 120) for x in range(0, 400, 7) if image.pixelColor(x, y).alpha()}
    assert ys
    assert depths(doc.current_snapshot())


def test_the_map_strip_has_every_vma_where_the_painter_would_fill_it(doc: Document) -> None:
    """The whole strip is written as one row of pixels; it must equal what painting each
    VMA's range with ``fillRect`` over the gap colour gives (the incremental path still
    paints), pixel for pixel, and show both kinds of VMA and the gaps."""
    scene = VmaScene()
    show_document(scene, doc)
    assert scene.virtual
    layer = scene.lod_layer()
    image, units = layer._map_strip()
    scale, theme = scene.address_scale(), scene.theme
    want = QImage(image.width(), 1, QImage.Format.Format_ARGB32_Premultiplied)
    want.fill(theme.gap_brush.color())
    painter = QPainter(want)
    for key in scene.columns():
        state = scene.node_state(key)
        assert state is not None
        node = state[0]
        a = (scale.x_of(node.start) - LEFT) / units
        b = (scale.x_of(node.end) - LEFT) / units
        fill = theme.bar_file_fill if node.file else theme.bar_fill
        painter.fillRect(QRectF(a, 0, max(b - a, 1.0), 1), fill.color().darker(115))
    painter.end()
    assert image.width() == want.width() > len(scene.columns())
    got = [image.pixel(x, 0) for x in range(image.width())]
    assert got == [want.pixel(x, 0) for x in range(want.width())]
    colours = {
        theme.gap_brush.color().rgba(),
        theme.bar_fill.color().darker(115).rgba(),
        theme.bar_file_fill.color().darker(115).rgba(),
    }
    assert set(got) == colours


def test_a_new_large_document_makes_nothing_for_the_old_window_until_the_view_paints(
    doc: Document, view: SceneView
) -> None:
    """The window the view reported showed the previous document: a new large one makes
    no items or gaps for it; the view's next paint reports its own window first, so the
    frame it draws, zoomed in, has every node in view (as the plain scene draws them)."""
    scene = view.scene()
    assert isinstance(scene, VmaScene)
    small = Document()
    small.load_demo()
    show_document(scene, small)
    zoom_to(view, 0.5, 900.0)  # zoomed in on the demo: detail
    paint(view)
    assert not scene.virtual and not scene.lod_active()
    show_document(scene, doc)  # the view keeps its zoom and place
    assert scene.virtual
    assert scene.live_count() < 10  # only what the step is about
    assert scene.address_scale()._gaps is None  # no gap list made for a stale window
    paint(view)
    assert not scene.lod_active()  # the view reported detail before drawing
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    xs = {s: scene.column_x(s) or 0.0 for s in scene.columns()}
    in_view = [s for s, x in xs.items() if visible.left() <= x <= visible.right()]
    shape = scene.tree_shape()
    assert in_view and all(s in shape for s in in_view)
    want = reference(doc).tree_shape()
    assert all(shape[s] == want[s] for s in in_view)


def test_subtree_figures_from_the_layouts_preorder_are_exact() -> None:
    """The first figures of a whole tree start from ``layout.depths``'s key order (each
    node before its children): every subtree's figures must still be exact, and an order
    that is not a preorder of this snapshot's tree is never used after a step."""
    d = Document()
    d.load_scenario(arrange(space(500, seed=4), "bulk"))
    snap = d.current_snapshot()
    assert snap.root is not None
    order = depths(snap)
    keys = list(order)
    assert all(keys.index(n.parent) < keys.index(k) for k, n in snap.nodes.items() if n.parent)
    stats = SubtreeStats()
    stats.reset(snap, order)
    assert stats.get(snap.root) == (brute_stats(snap)[snap.root])
    want = brute_stats(snap)
    assert all(stats.get(k) == want[k] for k in snap.nodes)
    # A step later the old order is dropped: the figures follow the new tree.
    latest = d.state(d.op_count())
    ordered = sorted(latest.nodes.values(), key=lambda n: n.start)
    a = next(x for x, y in itertools.pairwise(ordered) if x.end + P < y.start)
    d.insert(VmaSpec(a.end, a.end + P))
    after = d.frames(d.op_count()).snapshots[-1]
    stats = SubtreeStats()
    stats.reset(snap, order)
    stats.changed(after, set(after.nodes) | set(snap.nodes))
    assert after.root is not None
    assert stats.get(after.root) == brute_stats(after)[after.root]
