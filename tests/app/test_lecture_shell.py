"""The lecture shell both kernels' lectures share (``app/lecture/shell.py``): the same
keys do the same things in the 4.x and the 6.12 lecture, the kept settings, the quiz
score, and the presenter view's miniature."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.lecture.presenter_shell import PresenterShell
from vmastudio.app.lecture.shell import (
    LectureShell,
    PresentationSettings,
    lecture_settings,
    remember_settings,
)
from vmastudio.app.maple_presentation import MaplePresentation
from vmastudio.app.presentation import PresentationWindow
from vmastudio.app.quiz import Question, QuizScore
from vmastudio.engine.scenario import parse_scenario
from vmastudio.model.document import Document

K = Qt.Key


def _lecture419(qtbot: QtBot) -> LectureShell:
    d = Document()
    d.load_file(str(resources.path("lectures", "all-insert-cases.vmas")))
    return PresentationWindow(d, settings=PresentationSettings(reduce_motion=True))


def _lecture612(qtbot: QtBot) -> LectureShell:
    scenario = parse_scenario(resources.read_text("lectures", "maple-splits-and-rebalances.vmas"))
    return MaplePresentation(scenario, None, PresentationSettings(reduce_motion=True))


@pytest.fixture(params=[_lecture419, _lecture612], ids=["4.x", "6.12"])
def shell(request: pytest.FixtureRequest, qtbot: QtBot) -> LectureShell:
    make: Callable[[QtBot], LectureShell] = request.param
    w = make(qtbot)
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_both_lectures_are_one_shell(shell: LectureShell) -> None:
    assert isinstance(shell, LectureShell)
    # What the shell owns is defined once, on the shell, not again in a lecture.
    for name in ("handle_key", "key_actions", "toggle_help", "toggle_chapters", "_quiz_key"):
        assert name not in type(shell).__dict__, name


def test_number_entry_goes_to_an_op_and_to_a_step_of_the_talk(shell: LectureShell) -> None:
    assert shell.handle_key(K.Key_3, "3")
    assert shell.jump_label.isVisible() and "3" in shell.jump_label.text()
    assert shell.handle_key(K.Key_Return)
    assert not shell.jump_label.isVisible()
    assert shell.shown_op() == 3
    shell.handle_key(K.Key_0, "0")
    shell.handle_key(K.Key_G, "g")
    assert shell.shown_op() == 0
    # Backspace takes the digit back; the next key then acts as itself.
    shell.handle_key(K.Key_2, "2")
    shell.handle_key(K.Key_Backspace)
    assert not shell.jump_label.isVisible()
    shell.handle_key(K.Key_BracketRight, "]")
    assert shell.shown_op() == 1


def test_curtains_sheets_and_the_pen_take_their_keys_first(shell: LectureShell) -> None:
    shell.handle_key(K.Key_B, "b")
    assert shell.black_screen()
    shell.handle_key(K.Key_W, "w")
    assert shell.white_screen() and not shell.black_screen()
    op = shell.shown_op()
    shell.handle_key(K.Key_Right)  # only brings the picture back
    assert not shell.curtain.isVisible() and shell.shown_op() == op
    shell.handle_key(K.Key_Question, "?")
    assert shell.help_sheet.isVisible() and "<table>" in shell.help_sheet.text()
    shell.handle_key(K.Key_Right)
    assert not shell.help_sheet.isVisible()
    shell.handle_key(K.Key_O, "o")
    assert shell.chapters.isVisible() and shell.chapters.list.count() >= 3
    shell.handle_key(K.Key_Down)
    shell.handle_key(K.Key_Return)
    assert not shell.chapters.isVisible() and shell.shown_op() == 2
    shell.handle_key(K.Key_D, "d")
    tools = [shell.annotation.tool]
    shell.handle_key(K.Key_Escape)  # the pen first, the talk stays
    tools.append(shell.annotation.tool)
    assert tools == ["pen", "none"] and shell.isVisible()


def test_toggles_flash_and_change_the_settings(shell: LectureShell) -> None:
    shell.handle_key(K.Key_T, "t")
    assert shell.settings.theme == "high-contrast" and shell.toast.isVisible()
    shell.handle_key(K.Key_M, "m")
    assert not shell.settings.reduce_motion
    before = shell.settings.min_label_px
    shell.handle_key(K.Key_Plus, "+")
    assert shell.settings.min_label_px == before + shell.TEXT_STEP
    shell.handle_key(K.Key_Q, "q")
    assert shell.quiz.enabled
    shell.handle_key(K.Key_A, "a")
    assert shell.autoplay.isActive()
    shell.handle_key(K.Key_A, "a")
    assert not shell.autoplay.isActive()


def test_autoplay_waits_while_a_question_is_asked(shell: LectureShell, qtbot: QtBot) -> None:
    shell.quiz.enabled = True
    for _ in range(60):
        if shell.quiz_panel.isVisible():
            break
        shell.navigate("next")
    assert shell.quiz_panel.isVisible() and shell.quiz.pending is not None
    where = shell.shown_op()
    shell._on_autoplay_timeout()  # a tick of autoplay does not answer or step
    assert shell.quiz.pending is not None and shell.shown_op() == where
    shell.handle_key(K.Key_Escape)  # skipped: not asked again, and the talk stays
    assert shell.quiz.pending is None and shell.isVisible()


def test_leaving_closes_the_presenter_view_and_says_so(shell: LectureShell, qtbot: QtBot) -> None:
    presenter = shell.toggle_presenter()
    assert isinstance(presenter, PresenterShell) and presenter.isVisible()
    with qtbot.waitSignal(shell.closed, timeout=2000):
        shell.handle_key(K.Key_F5)
    assert shell.presenter is None and not presenter.isVisible()


def test_the_presenter_miniature_fills_its_box(shell: LectureShell, qtbot: QtBot) -> None:
    """The miniature is framed again once it has its size: the picture is not a speck in
    the middle of the box (the 4.x presenter framed it only before it was laid out)."""
    shell.go_to_op(2)
    presenter = shell.toggle_presenter()
    assert isinstance(presenter, PresenterShell)
    qtbot.waitExposed(presenter)
    mini = presenter.mini
    shown = mini.mapFromScene(mini.scene().itemsBoundingRect()).boundingRect()
    vp = mini.viewport().rect()
    assert shown.width() >= 0.5 * vp.width() or shown.height() >= 0.5 * vp.height(), (
        shown,
        vp,
    )


def test_kept_settings_round_trip_and_survive_a_bad_value(tmp_path: object) -> None:
    store = QSettings(f"{tmp_path}/lecture.ini", QSettings.Format.IniFormat)
    chosen = PresentationSettings(theme="light", duration_ms=300, reduce_motion=True)
    chosen.min_label_px = 30
    remember_settings(chosen, store)
    back = lecture_settings("zh_CN", store)
    assert (back.theme, back.duration_ms, back.reduce_motion, back.min_label_px) == (
        "light",
        300,
        True,
        30,
    )
    assert back.lang == "zh_CN"
    store.setValue("present/min_label_px", "large")  # hand-edited: the default, no crash
    assert lecture_settings("en", store).min_label_px == 22


def test_quiz_score_asks_once_and_marks_against_the_trace(qtbot: QtBot) -> None:
    score = QuizScore[Question]()
    assert not score.may_ask(1, 0)  # off
    score.enabled = True
    assert score.may_ask(1, 0)
    score.pending = Question(1, 0, "?", (("a", "A"), ("b", "B")), "b")
    seen: list[tuple[str, str, bool]] = []
    score.checked.connect(lambda given, right, ok: seen.append((given, right, ok)))
    assert not score.check("a")
    assert seen == [("a", "b", False)] and (score.right, score.wrong) == (0, 1)
    assert score.pending is None and not score.may_ask(1, 0)
    score.pending = Question(2, 3, "?", (("a", "A"),), "a")
    score.skip()
    assert score.pending is None and not score.may_ask(2, 3)
    assert (score.right, score.wrong) == (0, 1)  # a skip is not marked
