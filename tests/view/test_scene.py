"""The scene draws what the trace says: roles, slots, rotations, overlaps, hover."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from vmastudio.engine.scenario import OpSpec, VmaSpec
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.layout import AddressScale, list_order
from vmastudio.view.scene import VmaScene


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


@pytest.fixture
def scene(qtbot: QtBot) -> VmaScene:
    return VmaScene()


def vid(doc: Document, start: int) -> int:
    """The id of the demo's VMA at ``start`` (the scene keys VMAs by id, these tests by
    address): ids are creation numbers, initial VMAs first, then one per insert op."""
    timeline = doc.timeline
    made = [v for v in timeline.subjects if v is not None] + timeline.mm.vmas()
    return next(v.uid for v in made if v.vm_start == start)


def expected_keys(role: str, value: Any, doc: Document) -> list[tuple[str, object]]:
    """Where the scene must show ``role`` according to the trace alone."""
    if role == "link_slot":
        node, side = value["node"], value["side"]
        if node is None or side == "root":
            return [("root", None)]
        snap = doc.current_snapshot()
        child = getattr(snap.nodes[node], side)
        return [("slot", (node, side))] if child is None else [("edge", child)]
    frames = doc.frames(doc.op)
    if role == "new" and frames.result.result != 0:
        return [("ghost", value)]
    return [("node", value)]


def assert_roles_match_trace(scene: VmaScene, doc: Document) -> None:
    step = doc.current_step()
    assert step is not None
    shown = scene.highlighted()
    for role, value in step.roles.items():
        for key in expected_keys(role, value, doc):
            assert role in shown.get(key, ()), (doc.op, doc.step, step.kind, role, key, shown)
    wanted_roles = set(step.roles)
    for roles in shown.values():
        assert set(roles) <= wanted_roles


def test_every_step_of_the_demo_highlights_exactly_the_roles_of_its_trace(
    scene: VmaScene, doc: Document
) -> None:
    for k in range(1, doc.op_count() + 1):
        for s in range(doc.step_count(k)):
            doc.set_position(k, s)
            show_document(scene, doc)
            assert_roles_match_trace(scene, doc)


def test_slot_found_points_at_the_empty_rb_right_of_the_parent(
    scene: VmaScene, doc: Document
) -> None:
    steps = doc.frames(2).steps
    s = next(i for i, st in enumerate(steps) if st.kind == "slot_found")
    doc.set_position(2, s)
    show_document(scene, doc)
    shown = scene.highlighted()
    text, data = vid(doc, 0x400000), vid(doc, 0x651000)
    assert shown[("slot", (text, "right"))] == ("link_slot",)
    assert set(shown[("node", text)]) == {"parent", "prev"}
    slot = scene.slot_item(text, "right")
    assert slot is not None and slot.roles == ("link_slot",)
    assert scene.pending_link_visible()  # the new VMA points at the slot it will fill
    linked = next(i for i, st in enumerate(steps) if st.kind == "link_node")
    doc.set_position(2, linked)
    show_document(scene, doc)
    assert not scene.pending_link_visible()
    assert scene.highlighted()[("edge", data)] == ("link_slot",)


def test_the_root_pointer_is_the_link_slot_of_an_empty_tree(scene: VmaScene, doc: Document) -> None:
    doc.set_position(1, 2)
    show_document(scene, doc)
    assert scene.highlighted()[("root", None)] == ("link_slot",)
    text = vid(doc, 0x400000)
    assert scene.node_item(text) is not None and scene.node_item(text).ghost


def test_every_null_child_of_the_tree_has_a_slot_box(scene: VmaScene, doc: Document) -> None:
    doc.set_position(7, doc.step_count(7) - 1)
    show_document(scene, doc)
    snap = doc.current_snapshot()
    in_tree = [key for key in snap.nodes if snap.in_tree(key)]
    empty = [
        (key, side)
        for key in in_tree
        for side in ("left", "right")
        if getattr(snap.nodes[key], side) is None
    ]
    assert len(empty) == len(in_tree) + 1
    for parent, side in empty:
        assert scene.slot_item(parent, side) is not None


def test_a_rotation_is_drawn_at_its_own_step_not_only_in_the_result(
    scene: VmaScene, doc: Document
) -> None:
    steps = doc.frames(3).steps
    r = next(i for i, st in enumerate(steps) if st.kind == "rotate_left")
    doc.set_position(3, r - 1)
    show_document(scene, doc)
    before = scene.tree_shape()
    doc.set_position(3, r)
    show_document(scene, doc)
    after = scene.tree_shape()
    # [400000,452000) was the root and goes down; [651000,652000) rises.
    text, data = vid(doc, 0x400000), vid(doc, 0x651000)
    assert after[data][1] < before[data][1]
    assert after[text][1] > before[text][1]
    assert after[data][2] == "B" and after[text][2] == "R"


def test_an_overlap_shows_the_conflict_the_range_and_enomem_with_the_tree_unchanged(
    scene: VmaScene, doc: Document
) -> None:
    steps = doc.frames(8).steps
    o = next(i for i, st in enumerate(steps) if st.kind == "overlap")
    doc.set_position(8, 0)
    show_document(scene, doc)
    shape = scene.tree_shape()
    doc.set_position(8, o)
    show_document(scene, doc)
    assert "conflict" in scene.highlighted()[("node", vid(doc, 0x400000))]
    assert scene.overlap_text() == "overlap [451000,452000)"
    assert scene.badge_visible()
    assert scene.ghost_node() is not None
    assert scene.tree_shape() == shape
    doc.set_position(8, len(steps) - 1)
    show_document(scene, doc)
    assert scene.badge_visible() and scene.tree_shape() == shape


def test_hovering_a_vma_lights_it_in_all_three_drawings(scene: VmaScene, doc: Document) -> None:
    doc.last()
    show_document(scene, doc)
    seen: list[object] = []
    scene.vma_hovered.connect(seen.append)
    text = vid(doc, 0x400000)
    scene.hover_vma(text)
    items = [scene.node_item(text), scene.bar_item(text), scene.box_item(text)]
    assert all(item is not None and item._hover for item in items)
    scene.hover_vma(None)
    assert not any(item is not None and item._hover for item in items)
    assert seen == [text, None]


def test_selection_marks_the_vma_everywhere_and_is_reported(
    scene: VmaScene, doc: Document, qtbot: QtBot
) -> None:
    doc.last()
    show_document(scene, doc)
    heap = vid(doc, 0xE03000)
    with qtbot.waitSignal(scene.vma_selected) as blocker:
        scene.select_vma(heap)
    assert blocker.args == [heap]
    assert scene.node_item(heap)._marked and scene.box_item(heap)._marked


def test_the_list_follows_vm_next_from_mm_mmap_in_address_order(
    scene: VmaScene, doc: Document
) -> None:
    doc.last()
    show_document(scene, doc)
    snap = doc.current_snapshot()
    order = list_order(snap)
    starts = [snap.nodes[key].start for key in order]
    assert starts == sorted(starts)
    xs = [scene.box_item(s).pos().x() for s in order]  # type: ignore[union-attr]
    assert xs == sorted(xs)


@pytest.mark.parametrize("mode", ["compressed", "linear"])
def test_both_address_scales_keep_addresses_in_order(mode: str) -> None:
    scale = AddressScale([(0x400000, 0x452000), (0x7F0000000000, 0x7F0000021000)], mode, 1000)  # type: ignore[arg-type]
    xs = [scale.x_of(a) for a in (0, 0x400000, 0x452000, 0x1000000, 0x7F0000000000, 0x7FFFFFFFF000)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert len(scale.gaps) == 3


def test_the_context_menu_of_a_vma_offers_to_erase_it(scene: VmaScene, doc: Document) -> None:
    doc.last()
    show_document(scene, doc)
    node = scene.node_item(vid(doc, 0x400000))
    assert node is not None
    menu = scene.build_context_menu(node.scenePos())
    assert menu is not None
    erased: list[object] = []
    scene.erase_requested.connect(erased.append)
    action = next(a for a in menu.actions() if a.objectName() == "erase_vma")
    action.trigger()
    assert erased == [0x400000]


def test_a_scene_of_a_thousand_vmas_steps_with_only_the_roles_changing(qtbot: QtBot) -> None:
    doc = Document()
    for i in range(1000):
        spec = VmaSpec(0x400000 + i * 0x3000, 0x401000 + i * 0x3000)
        doc.timeline.append(OpSpec("insert", vma=spec))
    doc.cache.drop_from(0)
    doc.set_position(1000, 0, force=True)
    scene = VmaScene()
    show_document(scene, doc)
    for s in range(doc.step_count(1000)):
        doc.set_position(1000, s)
        show_document(scene, doc)
        assert_roles_match_trace(scene, doc)


def test_switching_scale_and_theme_redraws_the_same_state(scene: VmaScene, doc: Document) -> None:
    doc.set_position(5, 5)
    show_document(scene, doc)
    roles = scene.highlighted()
    scene.set_scale_mode("linear")
    nodes = doc.current_snapshot().nodes
    by_address = sorted(nodes, key=lambda key: nodes[key].start)
    xs = [scene.bar_item(key).body.left() for key in by_address]  # type: ignore[union-attr]
    assert xs == sorted(xs)
    scene.set_theme("dark")
    assert scene.theme.name == "dark" and scene.highlighted() == roles
    scene.set_scale_mode("compressed")
    assert scene.highlighted() == roles


def test_an_erased_vma_stays_visible_as_a_ghost_outside_tree_and_list(
    scene: VmaScene, doc: Document
) -> None:
    doc.set_position(9, doc.step_count(9) - 1)
    show_document(scene, doc)
    data = vid(doc, 0x651000)
    node = scene.node_item(data)
    assert node is not None and node.ghost
    assert scene.box_item(data) is None
    assert scene.slot_item(data, "left") is None
