"""Issue 9 at scale: incremental layout, level of detail, the overview, the minimap and
"Go to address…" (small sizes here; benchmarks/gui_scene.py measures 65,530 VMAs)."""

from __future__ import annotations

import gc
import random

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.vma import PAGE_SIZE
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.layout import depths
from vmastudio.view.minimap import Minimap, find_vma_at, go_to_address, overview_of
from vmastudio.view.scene import VmaScene
from vmastudio.view.scene_view import MIN_TEXT_PX, SceneView


def ranges(n: int, seed: int = 3) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    out = []
    addr = 0x400000
    for _ in range(n):
        size = rng.randint(1, 8) * PAGE_SIZE
        out.append((addr, addr + size))
        addr += size + rng.randint(1, 4) * PAGE_SIZE
    rng.shuffle(out)
    return out


def big_document(n: int, inserts: int = 6) -> Document:
    """``n`` VMAs, then ``inserts`` more in gaps (descents, rotations, recolourings)."""
    rs = ranges(n + inserts)
    initial, extra = rs[:n], rs[n:]
    doc = Document()
    doc.load_scenario(
        Scenario(
            initial=[VmaSpec(s, e) for s, e in initial],
            ops=[OpSpec("insert", vma=VmaSpec(s, e)) for s, e in extra],
        )
    )
    return doc


@pytest.fixture(scope="module")
def doc() -> Document:
    return big_document(300, inserts=4)


def walk(doc: Document) -> list[tuple[int, int]]:
    """Every step of every op, forwards, then back through the last op."""
    pos = [(k, s) for k in range(1, doc.op_count() + 1) for s in range(doc.step_count(k))]
    last = doc.op_count()
    pos += [(last, s) for s in range(doc.step_count(last) - 1, -1, -1)]
    return pos


def test_incremental_layout_matches_a_fresh_scene_at_every_step(
    qtbot: QtBot, doc: Document
) -> None:
    scene = VmaScene()
    for k, s in walk(doc):
        doc.set_position(k, s)
        show_document(scene, doc)
        snap = doc.current_snapshot()
        assert scene.depths() == depths(snap), (k, s)
        fresh = VmaScene()
        show_document(fresh, doc)
        assert scene.tree_shape() == fresh.tree_shape(), (k, s)
        assert scene.highlighted() == fresh.highlighted(), (k, s)
        visible_edges = {
            i.child for i in scene.items() if type(i).__name__ == "RbEdgeItem" and i.isVisible()
        }
        fresh_edges = {i.child for i in fresh.items() if type(i).__name__ == "RbEdgeItem"}
        assert visible_edges == fresh_edges, (k, s)


def test_steps_hide_taken_away_items_and_the_next_op_removes_them(
    qtbot: QtBot, doc: Document
) -> None:
    scene = VmaScene()
    doc.set_position(1, 0)
    show_document(scene, doc)
    count = len(scene.items())
    for s in range(doc.step_count(1)):
        doc.set_position(1, s)
        show_document(scene, doc)
    # Nothing left the scene while stepping (a removal makes Qt re-sort every item).
    assert len(scene.items()) >= count
    doc.set_position(2, 0)
    show_document(scene, doc)
    fresh = VmaScene()
    show_document(fresh, doc)
    assert len(scene.items()) == len(fresh.items())


def test_a_build_leaves_the_garbage_collector_as_it_found_it(qtbot: QtBot, doc: Document) -> None:
    assert gc.isenabled()
    doc.set_position(1, 0)
    show_document(VmaScene(), doc)
    assert gc.isenabled()
    gc.disable()
    try:
        show_document(VmaScene(), doc)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_view_paints_the_overview_only_when_columns_are_tiny(
    qtbot: QtBot, doc: Document
) -> None:
    scene = VmaScene()
    doc.set_position(1, 0)
    show_document(scene, doc)
    view = SceneView(scene)
    qtbot.addWidget(view)
    view.resize(400, 300)  # 304 columns in ~390 px: ~1.3 px per column
    view.show()
    # Fit keeps node text readable: it shows the action, never 304 columns at 1 px each.
    view.fit()
    assert view.node_text_px() >= MIN_TEXT_PX
    assert not view.overview_active()
    # Everything in view, the columns are tiny: the overview is painted.
    whole = scene.itemsBoundingRect()
    view.fitInView(whole, Qt.AspectRatioMode.KeepAspectRatio)
    assert view.overview_active()
    assert not view.grab().isNull()
    view.zoom_reset()
    assert not view.overview_active()
    view.overview_enabled = False
    view.fitInView(whole, Qt.AspectRatioMode.KeepAspectRatio)
    assert not view.overview_active()


def test_the_overview_has_one_strip_per_tree_level_and_shows_every_bucket(
    qtbot: QtBot, doc: Document
) -> None:
    scene = VmaScene()
    doc.set_position(1, 0)
    show_document(scene, doc)
    ov = overview_of(scene)
    levels = max(scene.depths().values()) + 1
    assert len(ov.rows) == 3 + levels
    assert ov.image.height() == 3 + levels
    assert ov.image.width() == len(scene.columns())
    img = ov.image
    # The list strip marks the columns of the VMAs in the list; the root level has one node.
    listed = [scene.in_list(s) for s in scene.columns()]
    assert [img.pixelColor(x, 1).alpha() > 0 for x in range(img.width())] == listed
    assert not all(listed)  # the VMA being inserted has a column, not yet a list box
    assert sum(img.pixelColor(x, 3).alpha() > 0 for x in range(img.width())) == 1
    assert overview_of(scene) is ov  # cached until the drawing changes
    scene.set_theme("dark")
    assert overview_of(scene) is not ov


def test_the_minimap_frames_the_view_and_moves_it(qtbot: QtBot, doc: Document) -> None:
    scene = VmaScene()
    doc.set_position(1, 0)
    show_document(scene, doc)
    view = SceneView(scene)
    view.resize(800, 500)
    view.zoom_reset()
    minimap = Minimap(view)
    minimap.resize(400, 90)
    qtbot.addWidget(view)
    qtbot.addWidget(minimap)
    view.show()
    minimap.show()
    assert not minimap.grab().isNull()
    before = minimap.visible_rect().center()
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=QPoint(380, 45))
    after = minimap.visible_rect().center()
    assert after.x() > before.x() + 1000


def test_go_to_address_finds_the_vma_through_the_engine(qtbot: QtBot) -> None:
    doc = big_document(300, inserts=1)
    scene = VmaScene()
    doc.set_position(0, 0)
    show_document(scene, doc)
    view = SceneView(scene)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.fit()
    snap = doc.current_snapshot()
    ordered = sorted(snap.nodes.values(), key=lambda n: n.start)
    inside = ordered[150]
    key = snap.by_start(inside.start)
    assert key is not None
    assert find_vma_at(doc, inside.start + PAGE_SIZE // 2) == key
    # In a gap: find_vma returns the first VMA above.
    assert find_vma_at(doc, ordered[150].end) == snap.by_start(ordered[151].start)
    assert find_vma_at(doc, ordered[-1].end + PAGE_SIZE) is None
    assert go_to_address(doc, scene, view, inside.start + 1) == key
    assert scene.selected == key
    node = scene.node_item(key)
    assert node is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(node.sceneBoundingRect().center())
    assert not view.overview_active()
