"""The 6.12 lecture window (``app/maple_presentation.py``): clicker keys, curtains,
chapters, the caption bar in both languages, the 4.19 side, the glide, and leaving.

Everything is checked against the 6.12 trace itself (``Timeline612``): the step shown,
its sentence in the lecture's language, the op's store type once classified.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.lecture.words612 import classified_at
from vmastudio.app.maple_presentation import MaplePresentation, present_from
from vmastudio.app.presentation import PresentationSettings
from vmastudio.app.quiz import Question
from vmastudio.engine.scenario import Scenario, parse_scenario, text_of
from vmastudio.engine.wording import step_sentence

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def lecture(name: str) -> Scenario:
    return parse_scenario(resources.read_text("lectures", name))


@pytest.fixture
def talk(qtbot: QtBot) -> MaplePresentation:
    w = MaplePresentation(
        lecture("maple-splits-and-rebalances.vmas"),
        None,
        PresentationSettings(theme="dark", reduce_motion=True),
    )
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_it_starts_at_the_initial_state(talk: MaplePresentation) -> None:
    assert (talk.op, talk.step) == (0, 0)
    assert talk.current_step() is None
    assert "0" in talk.heading_label.text()  # "Initial state: 0 VMAs"


def test_clicker_keys_step_through_the_trace(talk: MaplePresentation) -> None:
    talk.handle_key(K.Key_Right)
    assert (talk.op, talk.step) == (1, 0)
    for key in (K.Key_PageDown, K.Key_Space, K.Key_Down):
        talk.handle_key(key)
    assert (talk.op, talk.step) == (1, 3)
    steps = talk.timeline.frames(1).steps
    assert talk.current_step() is steps[3]
    talk.handle_key(K.Key_Left)
    talk.handle_key(K.Key_PageUp)
    assert (talk.op, talk.step) == (1, 1)
    # Past the last step of an op: the next op's first step, and back again.
    talk._go(1, len(steps) - 1)
    talk.handle_key(K.Key_Right)
    assert (talk.op, talk.step) == (2, 0)
    talk.handle_key(K.Key_Left)
    assert (talk.op, talk.step) == (1, len(steps) - 1)


def test_op_keys_home_end_and_a_typed_op_number(talk: MaplePresentation) -> None:
    talk.handle_key(K.Key_BracketRight)
    talk.handle_key(K.Key_BracketRight)
    assert (talk.op, talk.step) == (2, 0)
    talk.handle_key(K.Key_Right, mods=SHIFT)
    assert talk.op == 3
    talk.handle_key(K.Key_BracketLeft)
    talk.handle_key(K.Key_Left, mods=SHIFT)
    assert talk.op == 1
    talk.handle_key(K.Key_End)
    n = len(talk.timeline)
    assert (talk.op, talk.step) == (n, len(talk.timeline.frames(n).steps) - 1)
    talk.handle_key(K.Key_Home)
    assert (talk.op, talk.step) == (0, 0)
    for digit in "58":
        talk.handle_key(getattr(K, f"Key_{digit}"), digit)
    assert talk.jump_label.isVisible()
    talk.handle_key(K.Key_Return)
    assert (talk.op, talk.step) == (58, 0)
    assert not talk.jump_label.isVisible()
    # A number past the end goes to the last op; Esc drops a number being typed.
    for digit in "999":
        talk.handle_key(getattr(K, f"Key_{digit}"), digit)
    talk.handle_key(K.Key_Enter)
    assert talk.op == n
    talk.handle_key(K.Key_3, "3")
    talk.handle_key(K.Key_Escape)
    assert talk.isVisible() and talk.op == n
    # number + G: a step of the whole talk, counted over every op's steps.
    first = len(talk.timeline.frames(1).steps)
    for digit in str(first + 2):
        talk.handle_key(getattr(K, f"Key_{digit}"), digit)
    talk.handle_key(K.Key_G, "g")
    assert (talk.op, talk.step) == (2, 1)
    talk.handle_key(K.Key_0, "0")
    talk.handle_key(K.Key_G, "g")
    assert (talk.op, talk.step) == (0, 0)


def test_curtains_black_and_white_and_any_key_returns(talk: MaplePresentation) -> None:
    talk._go(8, 2)
    talk.handle_key(K.Key_B)
    assert talk.black_screen()
    talk.handle_key(K.Key_W)
    assert talk.white_screen()
    talk.handle_key(K.Key_Right)  # only brings the picture back
    assert not talk.curtain.isVisible()
    assert (talk.op, talk.step) == (8, 2)
    talk.handle_key(K.Key_Period)
    assert talk.black_screen()
    talk.handle_key(K.Key_Space)
    assert not talk.curtain.isVisible()


def test_the_chapter_list_goes_to_the_chosen_op(talk: MaplePresentation) -> None:
    talk._go(3, 0)
    talk.handle_key(K.Key_O)
    sheet = talk.chapters
    assert sheet.isVisible()
    assert sheet.list.count() == len(talk.timeline)
    assert sheet.selected_op() == 3
    # Every line names its op's store type (the chapters are a table of contents).
    for k in (8, 58, 61):
        assert talk.timeline.outcomes[k - 1].store_type in sheet.list.item(k - 1).text()
    talk.handle_key(K.Key_Down)
    talk.handle_key(K.Key_Down)
    talk.handle_key(K.Key_Return)
    assert not sheet.isVisible()
    assert (talk.op, talk.step) == (5, 0)
    talk.handle_key(K.Key_O)
    talk.handle_key(K.Key_Escape)
    assert not sheet.isVisible() and talk.isVisible()


def test_the_caption_bar_says_the_step_in_both_languages(talk: MaplePresentation) -> None:
    k = 58  # the rebalance
    frames = talk.timeline.frames(k)
    at = classified_at(frames.steps)
    assert at is not None and at > 0
    assert frames.steps[at].func == "mas_preallocate"
    assert all(frames.outcome.store_type not in str(s.text) for s in frames.steps[:at])
    talk._go(k, at - 1)
    store = frames.outcome.store_type
    assert store == "wr_rebalance"
    # Before the step that classifies the write, the store type is not given away.
    assert store not in talk.heading_label.text()
    assert not talk.store_label.isVisible()
    talk.handle_key(K.Key_Right)
    assert store in talk.heading_label.text()
    assert store in talk.store_label.text() and talk.store_label.isVisible()
    step = frames.steps[at]
    assert talk.sentence_label.text() == step.text["en"]
    assert talk.code_label.text().startswith(f"{step.func}():")
    talk.set_language("zh_CN")
    assert step.text["zh_CN"].split("：")[0] in talk.sentence_label.text()
    assert "操作" in talk.position_label.text()
    assert "存储类型" in talk.store_label.text()
    assert talk.heading_label.text().startswith("58. 删除 [")  # the side-by-side words
    talk.set_language("en")
    assert "op 58 / 61" in talk.position_label.text()
    # The insets' role titles follow the language too.
    talk._go(58, next(i for i, s in enumerate(frames.steps) if s.kind == "replace_dead"))
    titles = [i.title.text() for i in talk.insets if i.isVisible()]
    assert titles and all("#" in t for t in titles)
    talk.set_language("zh_CN")
    assert [i.title.text() for i in talk.insets if i.isVisible()] != titles
    assert any("死节点" in i.title.text() for i in talk.insets if i.isVisible())


def test_the_lecture_caption_of_an_op_is_shown(qtbot: QtBot) -> None:
    scenario = lecture("same-insert-4.19-and-6.12.vmas")
    captioned = next(k for k, op in enumerate(scenario.ops, start=1) if op.caption)
    w = MaplePresentation(scenario, None, PresentationSettings(lang="zh_CN"))
    qtbot.addWidget(w)
    w.go_to_op(captioned)
    caption = scenario.ops[captioned - 1].caption
    expected = caption.get("zh_CN", caption["en"]) if isinstance(caption, dict) else caption
    assert w.caption_label.text() == expected


def test_k_shows_4_19_beside_and_both_sides_step_together(qtbot: QtBot) -> None:
    w = MaplePresentation(lecture("same-insert-4.19-and-6.12.vmas"), None)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.go_to_op(8)
    alone = w.view.viewport().height()
    w.handle_key(K.Key_K)
    assert w.compare and w.view419 is not None and w.view419.isVisible()
    assert w.document is not None and w.document.op == 8
    # The stage is shared: 4.19 above, the maple tree below, each the whole width.
    assert w.view.viewport().height() < alone
    assert w.view419.viewport().width() == w.view.viewport().width()
    assert (
        w.view419.mapTo(w, w.view419.rect().topLeft()).y()
        < w.view.mapTo(w, w.view.rect().topLeft()).y()
    )
    n612, n419 = w.step_count(), w.document.step_count(8)
    assert n612 != n419  # the lesson: the same insert takes different steps
    for _ in range(max(n612, n419) - 1):
        w.handle_key(K.Key_Right)
    assert (w.step, w.document.step) == (n612 - 1, n419 - 1)
    assert w.op == 8
    # The caption bar says both sides' steps.
    assert w.sentence_label.text() == w.timeline.frames(8).steps[-1].text["en"]
    said419 = step_sentence(w.document.current_step(), "en")
    assert said419 and w.sentence419_label.text() == f"4.19: {said419}"
    w.handle_key(K.Key_Right)  # both at their end: the next op on both sides
    assert (w.op, w.document.op, w.step, w.document.step) == (9, 9, 0, 0)
    w.handle_key(K.Key_Left)
    assert (w.op, w.step, w.document.step) == (8, n612 - 1, n419 - 1)
    w.handle_key(K.Key_K)
    assert not w.compare and not w.view419.isVisible()
    assert w.sentence419_label.isHidden()


def test_a_612_only_lecture_has_no_419_side(qtbot: QtBot) -> None:
    w = MaplePresentation(lecture("maple-splits-and-rebalances.vmas"), None)
    qtbot.addWidget(w)
    assert not w.can_compare  # its last op is a munmap over a range
    w.handle_key(K.Key_K)
    assert not w.compare and not w.toast.isHidden()  # it says why


def test_a_key_during_the_glide_lands_the_camera_at_once(qtbot: QtBot) -> None:
    w = MaplePresentation(
        lecture("maple-splits-and-rebalances.vmas"),
        None,
        PresentationSettings(duration_ms=5000),
    )
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w._go(40, 0, animate=False)
    for _ in range(3):
        w.handle_key(K.Key_Right)
    assert w.glide.is_running()
    w.handle_key(K.Key_Right)  # finishes the glide, then steps without one
    assert not w.glide.is_running()
    assert w.step == 4
    # The stage shows the new step's frame now, not a frame from the middle of a glide.
    shown, framed = w.shown_rect(), w.glide.shown
    assert shown.center().x() == pytest.approx(framed.center().x(), abs=1.0)
    assert shown.width() == pytest.approx(framed.width(), rel=0.01)
    shot = w.shot()
    assert not shot.named or w.shown_rect().contains(shot.writing)


def test_text_size_keys_zoom(talk: MaplePresentation) -> None:
    talk._go(58, 5)
    before = talk.text_px_on_screen()
    talk.handle_key(K.Key_Minus)
    talk.handle_key(K.Key_Minus)
    assert talk.settings.min_label_px == 18
    assert talk.text_px_on_screen() <= before


def test_the_quiz_seam_asks_before_a_step_and_checks_the_answer(talk: MaplePresentation) -> None:
    asked: list[tuple[int, int]] = []

    def source(op: int, step: int) -> Question | None:
        asked.append((op, step))
        if (op, step) != (8, 3):
            return None
        return Question(op, step, "which?", (("a", "A"), ("b", "B")), "b")

    talk.quiz_source = source
    talk.handle_key(K.Key_Q)
    assert talk.quiz_enabled
    talk._go(8, 2)
    talk.handle_key(K.Key_Right)
    assert talk.quiz_panel.isVisible() and talk.step == 2
    talk.handle_key(K.Key_2, "2")
    assert not talk.quiz_panel.isVisible()
    assert talk.step == 3 and (talk.right, talk.wrong) == (1, 0)
    talk._go(8, 2)
    talk.handle_key(K.Key_Right)  # asked once only
    assert talk.step == 3


def test_f5_and_esc_leave_and_the_side_by_side_window_takes_over(qtbot: QtBot) -> None:
    from vmastudio.app.side_by_side import SideBySideWindow

    sbs = SideBySideWindow(lecture("same-insert-4.19-and-6.12.vmas"))
    qtbot.addWidget(sbs)
    sbs.show_op(3)
    talk = present_from(sbs)
    talk.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    assert talk.op == 3 and talk.timeline is sbs.timeline612
    assert talk.isFullScreen()
    talk.go_to_op(9)
    with qtbot.waitSignal(talk.closed):
        talk.handle_key(K.Key_F5)
    assert not talk.isVisible()
    assert sbs.op == 9  # back where the talk ended
    talk2 = present_from(sbs)
    talk2.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    assert talk2.op == 9
    talk2.handle_key(K.Key_T)  # the lecturer picks another theme ...
    chosen = talk2.settings.theme
    try:
        with qtbot.waitSignal(talk2.left_at) as blocker:
            talk2.handle_key(K.Key_Escape)
        assert blocker.args == [9]
        talk3 = present_from(sbs)  # ... and finds it again next time
        assert talk3.settings.theme == chosen != "dark"
        talk3.close()
    finally:
        QSettings().remove("present")


def test_a_612_lecture_from_the_lecture_menu_presents_with_f5(qtbot: QtBot, tmp_path: Path) -> None:
    from vmastudio.app.main_window import MainWindow
    from vmastudio.app.side_by_side import SideBySideWindow

    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    entry = next(
        a
        for a in main.examples_menu.actions()
        if a.data() == "lectures/maple-splits-and-rebalances.vmas"
    )
    entry.trigger()  # a 6.12 lecture opens in the side-by-side window
    side = main.findChild(SideBySideWindow)
    assert side is not None
    keys = QKeySequence(Qt.Key.Key_F5)
    present = next(a for a in side.findChildren(QAction) if a.shortcut() == keys)
    assert "F5" in present.toolTip()
    present.trigger()
    talk = side.findChild(MaplePresentation)
    assert talk is not None and talk.isFullScreen()
    assert talk.timeline is side.timeline612 and talk.op == side.op
    assert talk.settings.theme == "dark"  # the lecturer's remembered theme (default)
    talk.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    with qtbot.waitSignal(talk.closed):
        talk.handle_key(K.Key_Escape)
    assert side.isVisible()


def test_the_612_quiz_asks_before_each_decision_in_the_lecture_language(
    talk: MaplePresentation,
) -> None:
    from vmastudio.engine.quiz612 import question_before

    k = 58  # the rebalance: a which-slot walk, the store type, left or right sibling
    expected = [
        s
        for s in range(len(talk.timeline.frames(k).steps))
        if question_before(talk.timeline, k, s) is not None
    ]
    assert expected
    talk.set_language("zh_CN")
    talk.handle_key(K.Key_Q)
    assert talk.quiz_enabled
    talk._go(k, 0)
    asked: list[int] = []
    while talk.op == k and talk.step < len(talk.timeline.frames(k).steps) - 1:
        before = talk.step
        talk.handle_key(K.Key_Right)
        if talk.quiz_panel.isVisible():
            question = talk.pending
            assert question is not None and talk.step == before  # asked, not yet shown
            asked.append(question.step)
            truth = question_before(talk.timeline, k, question.step)
            assert truth is not None
            assert question.prompt == truth.prompt_in("zh_CN")
            assert question.answer == truth.answer
            # Answer with the digit of the right choice (a button past the ninth).
            keys = [key for key, _label in question.choices]
            i = keys.index(truth.answer)
            if i < 9:
                talk.handle_key(getattr(K, f"Key_{i + 1}"), str(i + 1))
            else:
                talk.quiz_panel.buttons[i].click()
            assert not talk.quiz_panel.isVisible()
            assert talk.step == question.step
    assert asked == expected
    assert (talk.right, talk.wrong) == (len(expected), 0)
    assert "答对了" in talk.toast.text()


def test_a_which_slot_question_is_answered_by_a_click_on_the_slot(
    qtbot: QtBot, talk: MaplePresentation
) -> None:
    from vmastudio.engine.quiz612 import question_before

    k = 58
    first = next(
        s
        for s in range(len(talk.timeline.frames(k).steps))
        if (q := question_before(talk.timeline, k, s)) is not None and q.kind == "slot"
    )
    truth = question_before(talk.timeline, k, first)
    assert truth is not None and truth.node is not None
    talk.quiz_enabled = True
    talk._go(k, first - 1)
    talk.handle_key(K.Key_Right)
    assert talk.quiz_panel.isVisible() and talk.pending is not None
    item = talk.scene.node_item(truth.node)
    assert item is not None
    # The node asked about is on the stage, clear of the card.
    assert talk.shown_rect().contains(item.sceneBoundingRect())
    cell = item.mapRectToScene(item.slot_rect(int(truth.answer)))
    at = talk.view.mapFromScene(cell.center())
    assert not talk.quiz_panel.geometry().contains(talk.view.viewport().mapTo(talk, at))
    qtbot.mouseClick(talk.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert not talk.quiz_panel.isVisible()
    assert (talk.step, talk.right, talk.wrong) == (first, 1, 0)


def test_its_keys_are_the_4x_lecture_keys(talk: MaplePresentation) -> None:
    from vmastudio.app.lecture.keys import ACTIONS

    # The same clicker and keyboard work in both lectures (K is this lecture's own).
    assert set(talk.key_actions()) == set(ACTIONS)
    talk.handle_key(K.Key_Question, "?")
    assert talk.help_sheet.isVisible() and "K" in talk.help_sheet.text()
    talk.handle_key(K.Key_Right)  # any key closes the sheet first
    assert not talk.help_sheet.isVisible() and talk.op == 0
    talk.handle_key(K.Key_T)
    assert talk.settings.theme == "high-contrast"
    # The projector's variant of the theme: outlines a projector does not wash out.
    from vmastudio.view.theme import make_theme

    plain = make_theme("high-contrast").edge_pen.widthF()
    assert talk.scene.theme.edge_pen.widthF() > plain


def test_the_camera_glides_between_steps(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRectF

    w = MaplePresentation(
        lecture("maple-splits-and-rebalances.vmas"), None, PresentationSettings(duration_ms=250)
    )
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w._go(58, 5, animate=False)  # the rebalance: the leaf and its sibling
    start = QRectF(w.glide.shown)
    frames: list[QRectF] = []
    w.glide._anim.valueChanged.connect(lambda _v: frames.append(QRectF(w.glide.shown)))
    w.handle_key(K.Key_Right)  # the RCU replacement: the new root
    end = QRectF(w.glide._to)
    assert w.glide.is_running() and end != start
    qtbot.waitUntil(lambda: not w.glide.is_running(), timeout=3000)
    assert len(frames) >= 3  # drawn in between, not cut
    assert w.glide.shown == end
    lo, hi = sorted((start.width(), end.width()))
    widths = [f.width() for f in frames]
    assert all(lo - 1e-6 <= x <= hi + 1e-6 for x in widths)
    assert widths == sorted(widths) or widths == sorted(widths, reverse=True)  # no bounce


def test_a_storm_of_random_keys_never_breaks_the_talk(qtbot: QtBot) -> None:
    import random

    w = MaplePresentation(
        lecture("same-insert-4.19-and-6.12.vmas"), None, PresentationSettings(duration_ms=40)
    )
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    pool = [
        (K.Key_Right, ""),
        (K.Key_Left, ""),
        (K.Key_PageDown, ""),
        (K.Key_Space, " "),
        (K.Key_BracketRight, "]"),
        (K.Key_BracketLeft, "["),
        (K.Key_Home, ""),
        (K.Key_End, ""),
        (K.Key_O, "o"),
        (K.Key_Return, ""),
        (K.Key_Down, ""),
        (K.Key_B, "b"),
        (K.Key_W, "w"),
        (K.Key_K, "k"),
        (K.Key_Q, "q"),
        (K.Key_T, "t"),
        (K.Key_M, "m"),
        (K.Key_Plus, "+"),
        (K.Key_Minus, "-"),
        (K.Key_Question, "?"),
        (K.Key_1, "1"),
        (K.Key_2, "2"),
        (K.Key_0, "0"),
        (K.Key_Backspace, ""),
        (K.Key_A, "a"),
        (K.Key_Z, "z"),
    ]
    rng = random.Random(612)
    for _ in range(800):
        key, text = rng.choice(pool)
        mods = SHIFT if rng.random() < 0.1 else Qt.KeyboardModifier.NoModifier
        w.handle_key(key, text, mods)
        assert 0 <= w.op <= len(w.timeline)
        assert w.op == 0 or 0 <= w.step < w.step_count()
        if w.compare and w.document is not None and w.op:
            assert w.document.op == w.op
        if rng.random() < 0.05:
            qtbot.wait(10)  # let some glides run
    assert w.isVisible()


def test_the_main_windows_present_shows_the_612_lecture_opened_from_its_menu(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from vmastudio.app.main_window import MainWindow
    from vmastudio.app.presentation import PresentationWindow
    from vmastudio.app.side_by_side import SideBySideWindow

    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.document.load_demo()
    main.document.undo_stack.setClean()
    entry = next(
        a
        for a in main.examples_menu.actions()
        if a.data() == "lectures/maple-splits-and-rebalances.vmas"
    )
    entry.trigger()
    side = main.findChild(SideBySideWindow)
    assert side is not None and side.isVisible()
    main.actions_.present.trigger()  # F5 in the main window
    talk = side.findChild(MaplePresentation)
    assert talk is not None and talk.isVisible()
    assert main.findChild(PresentationWindow) is None
    talk.close()
    # The window's own document compared side by side (Ctrl+K): F5 there presents the
    # window's document, as before.
    side.close()
    qtbot.waitUntil(lambda: main.findChild(SideBySideWindow) is None, timeout=2000)
    main.actions_.present.trigger()  # a closed (deleted) side window is no hindrance
    shown = main.findChild(PresentationWindow)
    assert shown is not None
    shown.close()
    main.side_by_side_action.trigger()
    assert main.side_by_side is not None and main.side_by_side.isVisible()
    main.actions_.present.trigger()
    assert main.side_by_side.findChild(MaplePresentation) is None


def test_a_talk_of_thousands_of_ops_stays_quick(qtbot: QtBot) -> None:
    import time

    from vmastudio.app.maple_presentation import TALK_LIMIT
    from vmastudio.engine.scenario import load_scenario

    golden = Path(__file__).resolve().parents[1] / "golden" / "maple612_touching.vmas"
    w = MaplePresentation(load_scenario(golden), None, PresentationSettings(reduce_motion=True))
    qtbot.addWidget(w)
    n = len(w.timeline)
    assert n > TALK_LIMIT
    t0 = time.perf_counter()
    w.handle_key(K.Key_O)
    assert w.chapters.list.count() == TALK_LIMIT  # the first ops, as the 4.x lecture
    w.handle_key(K.Key_O)
    for digit in "1500":
        w.handle_key(getattr(K, f"Key_{digit}"), digit)
    w.handle_key(K.Key_G, "g")  # past the limit a number names an op: nothing traced
    assert (w.op, w.step) == (1500, 0)
    assert time.perf_counter() - t0 < 5.0


def test_the_camera_reaches_the_far_end_of_a_wide_tree(qtbot: QtBot) -> None:
    from vmastudio.engine.scenario import OpSpec, VmaSpec

    # 16,000 VMAs: ~2,000 leaves side by side, well over a million scene units wide.
    initial = [VmaSpec(0x10000000 + i * 0x2000, 0x10001000 + i * 0x2000) for i in range(16_000)]
    last = initial[-1].end + 0x1000
    insert = OpSpec("insert", vma=VmaSpec(last, last + 0x1000))
    scenario = Scenario(ops=[insert], initial=initial, maple=True)
    w = MaplePresentation(scenario, None, PresentationSettings(reduce_motion=True))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    steps = w.timeline.frames(1).steps
    at = next(i for i, s in enumerate(steps) if s.kind == "store")
    w._go(1, at)
    shot = w.shot()
    assert shot.whole.width() > 1e6
    assert w.shown_rect().contains(shot.writing)
    assert w.text_px_on_screen() >= w.settings.min_label_px * 0.85


def test_autoplay_steps_on_by_itself_and_stops_at_the_end(qtbot: QtBot) -> None:
    w = MaplePresentation(
        lecture("same-insert-4.19-and-6.12.vmas"),
        None,
        PresentationSettings(reduce_motion=True, autoplay_ms=200),
    )
    qtbot.addWidget(w)
    n = len(w.timeline)
    w._go(n, w.step_count() - 3)
    w.handle_key(K.Key_A, "a")
    assert w.autoplay.isActive()
    qtbot.waitUntil(w.at_end, timeout=3000)
    qtbot.waitUntil(lambda: not w.autoplay.isActive(), timeout=3000)
    assert (w.op, w.step) == (n, w.step_count() - 1)


def test_the_pen_draws_is_cleared_by_the_next_step_and_esc_puts_it_away(
    qtbot: QtBot, talk: MaplePresentation
) -> None:
    from PySide6.QtCore import QPoint

    talk._go(8, 9)
    talk.handle_key(K.Key_D, "d")
    assert talk.annotation.tool == "pen"
    port = talk.annotation
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    qtbot.mouseMove(port, QPoint(400, 260))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=QPoint(400, 260))
    assert talk.annotation.stroke_count() == 1
    talk.handle_key(K.Key_Right)
    assert talk.annotation.stroke_count() == 0  # a drawing belongs to its step
    talk.handle_key(K.Key_Escape)  # the pen is put away, the talk goes on
    assert talk.annotation.tool == "none" and talk.isVisible()
    talk.handle_key(K.Key_Escape)
    assert not talk.isVisible()


def test_v_swaps_the_stage_for_ma_state_and_back(talk: MaplePresentation) -> None:
    from vmastudio.engine.pointer_model612 import build_models612

    talk._go(58, 2)  # the write walk at the leaf
    talk.handle_key(K.Key_V, "v")
    view = talk.pointer_view
    assert view is not None and view.isVisible() and talk.view.isHidden()
    model = view.model
    assert model is not None and model.step == 2
    frames = talk.timeline.frames(58)
    expected = build_models612(frames.steps, frames.states, frames.before, "short")[2]
    assert model.mas_node == expected.mas_node  # the node ma_state points at, from the trace
    talk.handle_key(K.Key_Right)
    assert view.model is not None and view.model.step == 3
    talk.handle_key(K.Key_V, "v")
    assert view.isHidden() and talk.view.isVisible()
    assert talk.shown_rect().contains(talk.shot().writing)


def test_s_opens_the_presenter_view_that_follows_and_drives_the_talk(
    qtbot: QtBot, talk: MaplePresentation
) -> None:
    from PySide6.QtGui import QKeyEvent

    scenario = talk.timeline.scenario
    k = next(i for i, op in enumerate(scenario.ops, start=1) if op.caption)
    talk.go_to_op(k)
    talk.handle_key(K.Key_S, "s")
    presenter = talk.presenter
    assert presenter is not None and presenter.isVisible()
    steps = talk.timeline.frames(k).steps
    assert presenter.now_sentence.text() == steps[0].text["en"]
    assert presenter.next_sentence.text() == steps[1].text["en"]  # the same op's next step
    assert presenter.next_heading.text() == f"same op, step 2 of {len(steps)}"
    # A key typed on the lecturer's screen drives the talk.
    event = QKeyEvent(QKeyEvent.Type.KeyPress, K.Key_Right, Qt.KeyboardModifier.NoModifier)
    presenter.keyPressEvent(event)
    assert (talk.op, talk.step) == (k, 1)
    assert presenter.now_sentence.text() == steps[1].text["en"]
    talk._go(k, len(steps) - 1)  # the last step: the next op's heading and caption
    caption = scenario.ops[k].caption
    assert presenter.next_heading.text().startswith(f"{k + 1}. ")
    if caption:
        assert text_of(caption, "en") in presenter.next_sentence.text()
    talk.set_language("zh_CN")
    assert "当前" in [label.text() for label, _key in presenter._titles]
    talk.handle_key(K.Key_S, "s")
    assert talk.presenter is None and not presenter.isVisible()
    talk.handle_key(K.Key_S, "s")
    second = talk.presenter
    assert second is not None
    talk.close()  # leaving the talk closes the lecturer's screen too
    assert not second.isVisible()
