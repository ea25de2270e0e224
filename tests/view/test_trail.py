"""The descent's trail: every node find_vma_links() compared stays marked, with its test,
until the slot is found; tree nodes carry the VMA's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from vmastudio.engine.scenario import load_scenario
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.items.rb_node_item import RbNodeItem
from vmastudio.view.items.slot_item import SlotItem
from vmastudio.view.items.trail_item import TESTS
from vmastudio.view.scene import VmaScene

#: The 4.x lectures (a 6.12 one plays in the maple window, tested with the 6.12 engine).
LECTURES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "resources" / "lectures").glob("*.vmas")
    if not load_scenario(p).maple
)


def walk(doc: Document, scene: VmaScene) -> int:
    """Every step of every op; checks the trail at each one. Returns the marks seen."""
    seen = 0
    for op in range(1, doc.op_count() + 1):
        for s in range(doc.step_count(op)):
            doc.set_position(op, s)
            show_document(scene, doc)
            step = doc.current_step()
            assert step is not None
            items = scene.trail_items()
            assert len(items) == len(step.trail), (op, s, step.kind)
            for mark, item in zip(step.trail, items, strict=True):
                node = scene.node_item(mark.id)
                assert node is not None and item.pos() == node.pos()
                assert item.text == TESTS[mark.went]
                label = item.label_rect()
                # Clear of every node body and every empty-slot box.
                for other in scene.items(label):
                    if isinstance(other, RbNodeItem) and other.isVisible():
                        body = other.mapRectToScene(other.body_rect())
                        assert not body.intersects(label), (op, s, hex(other.vma_key))
                    if isinstance(other, SlotItem) and other.isVisible():
                        box = other.mapRectToScene(other.body_rect())
                        assert not box.intersects(label), (op, s, "slot")
            seen += len(items)
    return seen


def test_the_descent_stays_marked_until_the_slot_is_found(qtbot: QtBot) -> None:
    doc = Document()
    doc.load_demo()
    scene = VmaScene()
    assert walk(doc, scene) > 10
    # Op 5 goes left at 651000, left at 400000, right at 200000: three marks at slot_found.
    steps = doc.frames(5).steps
    found = next(i for i, s in enumerate(steps) if s.kind == "slot_found")
    doc.set_position(5, found)
    show_document(scene, doc)
    assert [i.text for i in scene.trail_items()] == [
        TESTS["left"],
        TESTS["left"],
        TESTS["right"],
    ]
    doc.set_position(5, found + 1)
    show_document(scene, doc)
    assert scene.trail_items() == []


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_lecture_keeps_its_trail_clear_of_nodes_and_slots(qtbot: QtBot, path: Path) -> None:
    doc = Document()
    doc.load_scenario(load_scenario(path))
    walk(doc, VmaScene())


def test_tree_nodes_carry_the_vmas_name(qtbot: QtBot) -> None:
    doc = Document()
    doc.load_demo()
    doc.set_position(doc.op_count(), 0)
    scene = VmaScene()
    show_document(scene, doc)
    snap = doc.current_snapshot()
    named = [n for n in snap.nodes.values() if n.name]
    assert named
    for node in named:
        item = scene.node_item(node.uid)
        assert item is not None and node.name in item.lines()
