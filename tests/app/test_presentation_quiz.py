"""Quiz mode: the presentation pauses before a decision and marks the guess by the trace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.presentation import PresentationSettings, PresentationWindow
from vmastudio.app.quiz import question_at, slot_key
from vmastudio.model.document import Document
from vmastudio.view.items.slot_item import SlotItem

K = Qt.Key


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


def position_of(doc: Document, kind: str) -> tuple[int, int]:
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            if step.kind == kind:
                return k, s
    raise AssertionError(kind)


def quiz_window(qtbot: QtBot, doc: Document) -> PresentationWindow:
    w = PresentationWindow(doc, settings=PresentationSettings(reduce_motion=True))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.keyClick(w, K.Key_Q)
    assert w.quiz.enabled
    return w


def test_every_descent_step_has_a_question_answered_by_its_kind(doc: Document) -> None:
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            q = question_at(doc, k, s)
            if step.kind in ("descend_left", "descend_right", "overlap"):
                assert q is not None
                expected = {"descend_left": "left", "descend_right": "right"}.get(
                    step.kind, "overlap"
                )
                assert q.answer == expected


def test_the_first_fix_up_case_is_asked(doc: Document) -> None:
    k, s = position_of(doc, "recolor_case1")
    q = question_at(doc, k, s)
    assert q is not None and q.answer == "case1"
    k, s = position_of(doc, "rotate_right")  # op 5: case 2 first, then case 3
    q2 = question_at(doc, k, s - 1)
    assert q2 is not None and q2.answer == "case2"
    assert question_at(doc, k, s) is None  # the follow-up rotation is no new question


def test_a_right_guess_is_marked_right_and_the_step_is_revealed(
    qtbot: QtBot, doc: Document
) -> None:
    k, s = position_of(doc, "descend_right")
    w = quiz_window(qtbot, doc)
    doc.set_position(k, s - 1)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz_panel.isVisible()
    assert (doc.op, doc.step) == (k, s - 1)  # paused before the decision
    with qtbot.waitSignal(w.quiz.checked) as blocker:
        qtbot.mouseClick(w.quiz_panel.buttons[1], Qt.MouseButton.LeftButton)  # "right"
    assert blocker.args == ["right", "right", True]
    assert (doc.op, doc.step) == (k, s)
    assert not w.quiz_panel.isVisible()
    assert w.quiz.right == 1 and w.quiz.wrong == 0


def test_a_wrong_guess_is_marked_wrong(qtbot: QtBot, doc: Document) -> None:
    k, s = position_of(doc, "overlap")
    w = quiz_window(qtbot, doc)
    doc.set_position(k, s - 1)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz_panel.isVisible()
    with qtbot.waitSignal(w.quiz.checked) as blocker:
        qtbot.keyClick(w, K.Key_1)  # "go left": but the kernel stops on the overlap
    assert blocker.args == ["left", "overlap", False]
    assert (doc.op, doc.step) == (k, s)
    assert w.quiz.wrong == 1
    assert "overlap" in w.toast.text()


def test_escape_skips_a_question_and_it_is_not_asked_again(qtbot: QtBot, doc: Document) -> None:
    k, s = position_of(doc, "descend_left")
    w = quiz_window(qtbot, doc)
    doc.set_position(k, s - 1)
    qtbot.keyClick(w, K.Key_Right)
    qtbot.keyClick(w, K.Key_Escape)
    assert not w.quiz_panel.isVisible()
    assert (doc.op, doc.step) == (k, s - 1)
    qtbot.keyClick(w, K.Key_Right)
    assert (doc.op, doc.step) == (k, s)
    assert w.isVisible()


# -- "where does the new node hang?": answered by clicking an empty slot on the scene ------------
def slot_found_position(doc: Document, *, root: bool) -> tuple[int, int, dict[str, object]]:
    """The first slot_found step whose link slot is (or is not) mm->mm_rb."""
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            link = step.roles.get("link_slot")
            if (
                step.kind == "slot_found"
                and isinstance(link, dict)
                and (link["side"] == "root") == root
            ):
                return k, s, link
    raise AssertionError("no slot_found step")


def viewport_point(w: PresentationWindow, parent: int | None, side: str) -> QPoint:
    w.animator.finish()
    item = w.scene.slot_item(parent, side)
    assert item is not None and item.isVisible()
    return w.view.mapFromScene(item.scenePos())


def ask_slot_question(
    qtbot: QtBot, doc: Document, *, root: bool
) -> tuple[PresentationWindow, int, int, dict[str, object]]:
    k, s, link = slot_found_position(doc, root=root)
    w = quiz_window(qtbot, doc)
    doc.set_position(k, s - 1)
    w.quiz.asked.add((k, s - 1))  # not the descent question before it
    item = w.scene.slot_item(link["node"], str(link["side"]))  # type: ignore[arg-type]
    # The step before already rings the slot __rb_link points at: that would answer it.
    assert item is not None and "link_slot" in item.roles
    assert w.scene.pending_link_visible()  # so does the arrow from the new node
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz_panel.isVisible()
    assert w.quiz.pending is not None and w.quiz.pending.kind == "slot"
    assert (doc.op, doc.step) == (k, s - 1)
    return w, k, s, link


def test_the_slot_question_is_answered_by_the_link_slot_role(doc: Document) -> None:
    seen = 0
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            if step.kind != "slot_found":
                continue
            q = question_at(doc, k, s)
            assert q is not None and q.kind == "slot"
            link = step.roles["link_slot"]
            assert q.answer == slot_key(link["node"], link["side"])
            # Every empty slot of the tree before the op may be clicked, the answer among them.
            keys = [key for key, _ in q.choices]
            assert q.answer in keys and len(keys) == len(set(keys))
            before = doc.frames(k).before
            assert len(keys) == (len(before.nodes) + 1 if before.nodes else 1)
            seen += 1
    assert seen >= 2


def test_clicking_the_right_slot_is_marked_right(qtbot: QtBot, doc: Document) -> None:
    w, k, s, link = ask_slot_question(qtbot, doc, root=False)
    parent, side = link["node"], str(link["side"])
    assert isinstance(parent, int)
    assert w.quiz_panel.buttons == []  # answered on the scene, not with buttons
    # The ring that __rb_link already draws on the answer is hidden while asking.
    item = w.scene.slot_item(parent, side)
    assert item is not None and "link_slot" not in item.roles
    assert not w.scene.pending_link_visible()
    qtbot.keyClick(w, K.Key_1)  # digits do not answer a click question
    assert w.quiz.pending is not None
    point = viewport_point(w, parent, side)
    assert w.slot_at(point) == slot_key(parent, side)
    with qtbot.waitSignal(w.quiz.checked) as blocker:
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    answer = slot_key(parent, side)
    assert blocker.args == [answer, answer, True]
    assert (doc.op, doc.step) == (k, s)
    assert not w.quiz_panel.isVisible()
    assert "link_slot" in item.roles  # the step itself shows it again
    assert w.quiz.right == 1


def test_clicking_another_slot_is_marked_wrong(qtbot: QtBot, doc: Document) -> None:
    w, k, s, link = ask_slot_question(qtbot, doc, root=False)
    answer = slot_key(link["node"], str(link["side"]))  # type: ignore[arg-type]
    question = w.quiz.pending
    assert question is not None
    wrong = next(key for key, _ in question.choices if key != answer)
    start, side = wrong.split(":")
    point = viewport_point(w, int(start, 16), side)
    with qtbot.waitSignal(w.quiz.checked) as blocker:
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [wrong, answer, False]
    assert (doc.op, doc.step) == (k, s)
    assert w.quiz.wrong == 1
    assert "rb_" in w.toast.text()  # the kernel's slot, named


def test_the_empty_tree_answer_is_the_root_pointer(qtbot: QtBot, doc: Document) -> None:
    w, k, s, _ = ask_slot_question(qtbot, doc, root=True)
    point = viewport_point(w, None, "root")
    with qtbot.waitSignal(w.quiz.checked) as blocker:
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["root", "root", True]
    assert (doc.op, doc.step) == (k, s)


def test_a_click_beside_every_slot_asks_again_and_escape_restores(
    qtbot: QtBot, doc: Document
) -> None:
    w, k, s, link = ask_slot_question(qtbot, doc, root=False)
    far = w.view.mapFromScene(w.view.mapToScene(QPoint(0, 0)) + QPointF(-5000, -5000))
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=far)
    assert w.quiz.pending is not None and w.quiz_panel.isVisible()
    assert (doc.op, doc.step) == (k, s - 1)
    qtbot.keyClick(w, K.Key_Escape)
    assert not w.quiz_panel.isVisible()
    item = w.scene.slot_item(link["node"], str(link["side"]))  # type: ignore[arg-type]
    assert item is not None and "link_slot" in item.roles
    assert w.scene.pending_link_visible()  # so does the arrow from the new node
    qtbot.keyClick(w, K.Key_Right)
    assert (doc.op, doc.step) == (k, s)


# -- the card is compact and never covers what the question is about ---------------------------
def _on_window(w: PresentationWindow, rect: QRectF) -> QRect:
    poly = w.view.mapFromScene(rect).boundingRect()
    return QRect(w.view.viewport().mapTo(w, poly.topLeft()), poly.size())


@pytest.mark.parametrize("lecture", ["overlap-and-enomem.vmas", "all-insert-cases.vmas"])
def test_the_slot_card_leaves_the_answer_and_its_node_clickable_at_1080p(
    qtbot: QtBot, lecture: str
) -> None:
    d = Document()
    d.load_file(str(resources.path("lectures", lecture)))
    w = PresentationWindow(d, settings=PresentationSettings(reduce_motion=True))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.quiz.enabled = True
    asked = 0
    for k in range(1, d.op_count() + 1):
        for s, step in enumerate(d.frames(k).steps):
            if step.kind != "slot_found" or s == 0:
                continue
            d.set_position(k, s - 1)
            w.quiz.asked.add((k, s - 1))
            w.handle_key(K.Key_Right)
            question = w.quiz.pending
            assert question is not None and question.kind == "slot"
            w.animator.finish()
            card = w.quiz_panel.geometry()
            assert card.width() * card.height() < 0.2 * w.width() * w.height()
            link = step.roles["link_slot"]
            slot = w.scene.slot_item(link["node"], link["side"])
            assert slot is not None
            node = w.scene.node_item(link["node"]) if link["node"] is not None else None
            for what, item in (("answer slot", slot), ("its node", node)):
                if item is None:
                    continue
                on = _on_window(w, item.sceneBoundingRect())
                assert not card.intersects(on), f"op {k}: the card covers the {what}"
                assert w.childAt(on.center()) is w.view.viewport()
            # Every NULL slot on screen stays clickable: a wrong guess must be possible too.
            stage = QRect(w.view.viewport().mapTo(w, QPoint(0, 0)), w.view.viewport().size())
            keys = {key for key, _ in question.choices}
            for item in w.scene.items():
                if isinstance(item, SlotItem) and item.isVisible():
                    parent, side = item.key
                    on = _on_window(w, item.sceneBoundingRect())
                    if slot_key(parent, side) in keys and stage.contains(on):
                        assert not card.intersects(on), f"op {k}: the card covers a NULL slot"
            w.handle_key(K.Key_Escape)  # skip: the next slot question
            assert w.quiz.pending is None
            asked += 1
    assert asked >= 2


def test_the_card_moves_away_from_the_answer_wherever_the_camera_puts_it(
    qtbot: QtBot, doc: Document
) -> None:
    w, _k, _s, link = ask_slot_question(qtbot, doc, root=False)
    parent, side = link["node"], str(link["side"])
    assert isinstance(parent, int)
    slot = w.scene.slot_item(parent, side)
    node = w.scene.node_item(parent)
    assert slot is not None and node is not None
    vp = w.view.viewport().rect()
    for fx, fy in ((0.15, 0.15), (0.5, 0.12), (0.85, 0.15), (0.15, 0.85), (0.85, 0.85)):
        # Put the answer at (fx, fy) of the stage, then lay the card out again.
        at = w.view.mapToScene(int(vp.width() * fx), int(vp.height() * fy))
        center = w.view.mapToScene(vp.center())
        w.view.centerOn(center - (at - slot.sceneBoundingRect().center()))
        w.place_quiz_panel()
        card = w.quiz_panel.geometry()
        for item in (slot, node):
            assert not card.intersects(_on_window(w, item.sceneBoundingRect())), (fx, fy)
