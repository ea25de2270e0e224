"""Quiz mode: the presentation pauses before a decision and marks the guess by the trace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vmastudio.app.presentation import PresentationSettings, PresentationWindow
from vmastudio.app.quiz import question_at
from vmastudio.model.document import Document

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
