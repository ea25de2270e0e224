"""The 6.12 quiz in the side-by-side window: Q turns it on (remembered), stepping the 6.12
side onto a decision first asks it, a button, a digit or a click on the slot answers, the
step is then shown and the verdict flashed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vmastudio.app import quiz612_panel
from vmastudio.app.side_by_side import SideBySideWindow
from vmastudio.engine.quiz612 import Question612, questions
from vmastudio.engine.scenario import Scenario, load_scenario

K = Qt.Key
LECTURE = (
    Path(__file__).resolve().parents[2]
    / "resources"
    / "lectures"
    / "same-insert-4.19-and-6.12.vmas"
)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ini = tmp_path / "settings.ini"
    monkeypatch.setattr(
        quiz612_panel, "_settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat)
    )
    return ini


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario(LECTURE)


def open_window(qtbot: QtBot, scenario: Scenario, lang: str = "en") -> SideBySideWindow:
    w = SideBySideWindow(scenario, lang=lang)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    # The keys are the window's shortcuts: they reach it once it is the active window.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def first_question(w: SideBySideWindow, kind: str) -> Question612:
    tl = w.timeline612
    for k in range(1, len(tl) + 1):
        for q in questions(tl, k):
            if q.kind == kind:
                return q
    raise AssertionError(kind)


def just_before(w: SideBySideWindow, q: Question612) -> None:
    w.show_op(q.op)
    w.step_612(q.step - 1)  # a jump: no question on the way
    assert (w.op, w.step612) == (q.op, q.step - 1)


def test_the_quiz_is_off_by_default_and_stepping_asks_nothing(
    qtbot: QtBot, settings: Path, scenario: Scenario
) -> None:
    w = open_window(qtbot, scenario)
    assert not w.quiz.action.isChecked()
    q = first_question(w, "store_type")
    just_before(w, q)
    qtbot.keyClick(w, K.Key_Right)
    assert w.step612 == q.step and not w.quiz.panel.isVisible()


def test_a_right_answer_by_button_reveals_the_step_and_flashes_right(
    qtbot: QtBot, settings: Path, scenario: Scenario
) -> None:
    w = open_window(qtbot, scenario)
    qtbot.keyClick(w, K.Key_Q)
    assert w.quiz.action.isChecked() and w.quiz.quiz.enabled
    q = first_question(w, "store_type")
    just_before(w, q)
    heading = w.heading612.text()
    qtbot.keyClick(w, K.Key_Right)
    panel = w.quiz.panel
    assert panel.isVisible() and w.step612 == q.step - 1  # paused before the decision
    assert q.answer in w.timeline612.frames(q.op).outcome.store_type  # type: ignore[operator]
    # The headings name the store type: hidden while the question is up.
    assert q.answer not in w.heading612.text() and "predict" in w.heading612.text()
    assert len(panel.buttons) == len(q.choices) <= 4
    # Stepping again while asked keeps the question; it does not skip it.
    qtbot.keyClick(w, K.Key_Right)
    assert panel.isVisible() and w.step612 == q.step - 1
    index = q.choice_keys().index(q.answer)
    with qtbot.waitSignal(w.quiz.quiz.checked) as blocker:
        qtbot.mouseClick(panel.buttons[index], Qt.MouseButton.LeftButton)
    assert blocker.args == [q.answer, q.answer, True]
    assert w.step612 == q.step and not panel.isVisible()
    step = w.timeline612.frames(q.op).steps[q.step]
    assert step.vars["mas_preallocate"]["store_type"] == q.answer
    assert w.heading612.text() == heading
    assert w.quiz.verdict.isVisible() and "Right" in w.quiz.verdict.text()
    assert (w.quiz.quiz.right, w.quiz.quiz.wrong) == (1, 0)
    # Asked once: stepping back and forward again shows the step at once.
    w.step_612(-1)
    qtbot.keyClick(w, K.Key_Right)
    assert w.step612 == q.step and not panel.isVisible()


def test_a_wrong_digit_is_marked_wrong_with_the_kernels_answer_in_chinese(
    qtbot: QtBot, settings: Path, scenario: Scenario
) -> None:
    w = open_window(qtbot, scenario, lang="zh_CN")
    w.quiz.action.setChecked(True)
    q = first_question(w, "store_type")
    just_before(w, q)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz.panel.isVisible()
    assert q.prompt["zh_CN"] in w.quiz.panel.prompt.text().replace("&gt;", ">")
    wrong = next(i for i, k in enumerate(q.choice_keys()) if k != q.answer)
    with qtbot.waitSignal(w.quiz.quiz.checked) as blocker:
        qtbot.keyClick(w, str(wrong + 1))
    assert blocker.args == [q.choice_keys()[wrong], q.answer, False]
    assert w.step612 == q.step
    assert q.label(q.answer, "zh_CN") in w.quiz.verdict.text()
    assert (w.quiz.quiz.right, w.quiz.quiz.wrong) == (0, 1)


def test_which_slot_is_answered_by_clicking_the_slot_in_the_drawing(
    qtbot: QtBot, settings: Path, scenario: Scenario
) -> None:
    w = open_window(qtbot, scenario)
    w.quiz.action.setChecked(True)
    q = first_question(w, "slot")
    just_before(w, q)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz.quiz.pending == q and q.node is not None
    item = w.maple_scene.node_item(q.node)
    assert item is not None
    point = item.mapToScene(item.slot_rect(int(q.answer)).center())
    w.maple_view.centerOn(point)
    where = w.maple_view.mapFromScene(point)
    # A click on another slot of the node is another answer; off the node, none.
    other = next(k for k in q.choice_keys() if k != q.answer)
    assert (
        w.quiz.slot_at(
            w.maple_view.mapFromScene(item.mapToScene(item.slot_rect(int(other)).center()))
        )
        == other
    )
    with qtbot.waitSignal(w.quiz.quiz.checked) as blocker:
        qtbot.mouseClick(w.maple_view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [q.answer, q.answer, True]
    step = w.timeline612.frames(q.op).steps[w.step612]
    assert step.kind == "wr_walk" and str(step.roles["offset"]) == q.answer


def test_escape_skips_and_another_op_drops_the_question(
    qtbot: QtBot, settings: Path, scenario: Scenario
) -> None:
    w = open_window(qtbot, scenario)
    w.quiz.action.setChecked(True)
    q = first_question(w, "store_type")
    just_before(w, q)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz.panel.isVisible()
    qtbot.keyClick(w, K.Key_Escape)
    assert not w.quiz.panel.isVisible() and w.step612 == q.step - 1
    qtbot.keyClick(w, K.Key_Right)  # skipped: not asked again
    assert w.step612 == q.step and not w.quiz.panel.isVisible()
    later = next(x for x in questions(w.timeline612, q.op + 1) if x.kind == "store_type")
    just_before(w, later)
    qtbot.keyClick(w, K.Key_Right)
    assert w.quiz.panel.isVisible()
    # Space steps both sides: the 4.19 side moves, the 6.12 side still asks, and the
    # redrawn headings stay hidden.
    qtbot.keyClick(w, K.Key_Space)
    assert w.quiz.panel.isVisible() and w.step612 == later.step - 1
    assert "predict" in w.heading612.text() and "predict" in w.heading419.text()
    qtbot.keyClick(w, K.Key_PageDown)  # next op: the question goes
    assert w.op == later.op + 1 and not w.quiz.panel.isVisible()
    assert w.quiz.quiz.pending is None
    assert "predict" not in w.heading612.text()
    assert w.heading612.text().startswith(f"<b>{w.op}.")
    assert (w.quiz.quiz.right, w.quiz.quiz.wrong) == (0, 0)


def test_the_quiz_toggle_is_remembered(qtbot: QtBot, settings: Path, scenario: Scenario) -> None:
    w = open_window(qtbot, scenario)
    assert w.quiz.action.shortcut().toString() == "Q"
    assert "(Q)" in w.quiz.action.toolTip()
    qtbot.keyClick(w, K.Key_Q)
    w.close()
    again = open_window(qtbot, scenario)
    assert again.quiz.action.isChecked() and again.quiz.quiz.enabled
    qtbot.keyClick(again, K.Key_Q)
    assert not again.quiz.quiz.enabled
    assert (
        QSettings(str(settings), QSettings.Format.IniFormat).value(quiz612_panel.SETTING, type=bool)
        is False
    )
