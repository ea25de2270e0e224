"""Lecture mode (issue 7): clicker keys, curtains, captions, animation, presenter view."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.presentation import (
    PresentationSettings,
    PresentationWindow,
    StepIndex,
    op_heading,
    open_presentation,
    projector_theme,
)
from vmastudio.app.presenter import PresenterView
from vmastudio.engine.scenario import text_of
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.scene import VmaScene

K = Qt.Key


def all_positions(doc: Document) -> list[tuple[int, int]]:
    """Every cursor position of a talk in order, worked out from step counts alone."""
    out = [(0, 0)]
    for k in range(1, doc.op_count() + 1):
        out.extend((k, s) for s in range(doc.step_count(k)))
    return out


def final_shape(doc: Document) -> dict[int, tuple[float, float]]:
    """Where the scene puts every node at the document's cursor, drawn without animation."""
    scene = VmaScene()
    show_document(scene, doc)
    return {s: (x, y) for s, (x, y, _c, _g) in scene.tree_shape().items()}


def shown_shape(w: PresentationWindow) -> dict[int, tuple[float, float]]:
    return {s: (x, y) for s, (x, y, _c, _g) in w.scene.tree_shape().items()}


def rotation_position(doc: Document) -> tuple[int, int]:
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            if step.kind in ("rotate_left", "rotate_right"):
                return (k, s)
    raise AssertionError("no rotation in the scenario")


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


@pytest.fixture
def lecture(qtbot: QtBot) -> Document:
    d = Document()
    d.load_file(str(resources.path("lectures", "insert-in-nine-steps.vmas")))
    return d


@pytest.fixture
def window(qtbot: QtBot, doc: Document) -> Iterator[PresentationWindow]:
    w = PresentationWindow(doc, settings=PresentationSettings(duration_ms=400))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w


def test_f5_hook_opens_the_presentation_full_screen_and_esc_leaves(
    qtbot: QtBot, doc: Document
) -> None:
    w = open_presentation(doc, None)
    assert w.isFullScreen()
    assert w.isVisible()
    with qtbot.waitSignal(w.closed):
        qtbot.keyClick(w, K.Key_Escape)
    assert not w.isVisible()


def test_the_clicker_sequence_moves_the_cursor_exactly(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    positions = all_positions(doc)
    doc.set_position(*positions[3])
    i = 3

    def at(index: int) -> None:
        assert (doc.op, doc.step) == positions[index]

    for key, move in (
        (K.Key_Right, +1),
        (K.Key_Right, +1),
        (K.Key_PageDown, +1),
        (K.Key_Left, -1),
        (K.Key_Backspace, -1),
        (K.Key_Space, +1),
        (K.Key_PageUp, -1),
    ):
        qtbot.keyClick(window, key)
        i += move
        at(i)
    qtbot.keyClick(window, K.Key_Home)
    at(0)
    qtbot.keyClick(window, K.Key_End)
    at(len(positions) - 1)
    qtbot.keyClicks(window, "17")
    assert window.jump_label.isVisible()
    qtbot.keyClick(window, K.Key_G)  # number + G: the talk's global step
    at(17)
    assert not window.jump_label.isVisible()
    op, step = positions[17]
    assert window.position_label.text() == (
        f"op {op} / {doc.op_count()} · step {step + 1} / {doc.step_count(op)}"
    )
    qtbot.keyClicks(window, "3")
    qtbot.keyClick(window, K.Key_Enter)  # number + Enter: that op
    assert (doc.op, doc.step) == (3, 0)
    qtbot.keyClick(window, K.Key_7)
    qtbot.keyClick(window, K.Key_G)
    at(7)
    qtbot.keyClick(window, K.Key_B)
    assert window.black_screen()
    qtbot.keyClick(window, K.Key_W)
    assert window.white_screen()
    qtbot.keyClick(window, K.Key_Escape)  # a blank screen only comes back: Esc does not leave
    assert not window.curtain.isVisible()
    assert window.isVisible()
    at(7)
    # No key ever left an animation running behind the cursor.
    assert not window.animator.is_running() or shown_shape(window) != final_shape(doc)
    window.animator.finish()
    assert shown_shape(window) == final_shape(doc)
    qtbot.keyClick(window, K.Key_Escape)
    assert not window.isVisible()


def test_black_screen_comes_back_on_any_key_without_moving(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    where = (doc.op, doc.step)
    qtbot.keyClick(window, K.Key_Period)
    assert window.black_screen()
    qtbot.keyClick(window, K.Key_Right)
    assert not window.curtain.isVisible()
    assert (doc.op, doc.step) == where
    qtbot.keyClick(window, K.Key_Comma)
    assert window.white_screen()
    qtbot.keyClick(window, K.Key_W)
    assert not window.curtain.isVisible()


def test_a_key_during_a_rotation_finishes_it_at_once(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k, s = rotation_position(doc)
    doc.set_position(k, s - 1)
    window.animator.finish()
    qtbot.keyClick(window, K.Key_Right)
    assert (doc.op, doc.step) == (k, s)
    assert window.animator.is_running()
    rotated = final_shape(doc)
    assert shown_shape(window) != rotated  # the nodes are still on their way
    qtbot.keyClick(window, K.Key_Right)  # an impatient clicker
    assert not window.animator.is_running()
    assert shown_shape(window) == final_shape(doc)
    # The rotated nodes sit where a scene drawn from scratch puts them.
    for start, xy in rotated.items():
        assert shown_shape(window)[start] == xy


def test_the_animation_runs_to_its_end_on_its_own(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k, s = rotation_position(doc)
    doc.set_position(k, s - 1)
    window.animator.finish()
    qtbot.keyClick(window, K.Key_Right)
    assert window.animator.is_running()
    qtbot.waitUntil(lambda: not window.animator.is_running(), timeout=3000)
    assert shown_shape(window) == final_shape(doc)


def test_stepping_back_over_a_rotation_glides_backwards(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k, s = rotation_position(doc)
    doc.set_position(k, s)
    window.animator.finish()
    rotated = shown_shape(window)
    qtbot.keyClick(window, K.Key_Left)
    assert window.animator.is_running()
    assert shown_shape(window) == rotated  # it starts from the rotated picture
    window.animator.finish()
    assert shown_shape(window) == final_shape(doc)
    assert shown_shape(window) != rotated


def test_reduce_motion_draws_the_next_step_at_once(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k, s = rotation_position(doc)
    doc.set_position(k, s - 1)
    window.animator.finish()
    qtbot.keyClick(window, K.Key_M)
    assert window.settings.reduce_motion
    qtbot.keyClick(window, K.Key_Right)
    assert not window.animator.is_running()
    assert shown_shape(window) == final_shape(doc)


def test_a_colour_change_cross_fades_and_leaves_no_ghost(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k, s = next(
        (k, s)
        for k in range(1, doc.op_count() + 1)
        for s, st in enumerate(doc.frames(k).steps)
        if st.kind == "recolor_case1"
    )
    doc.set_position(k, s - 1)
    window.animator.finish()
    before = len(window.scene.items())
    qtbot.keyClick(window, K.Key_Right)
    assert window.animator.is_running()
    assert len(window.scene.items()) > before  # the old colours fading out on top
    window.animator.finish()
    assert len(window.scene.items()) == before
    assert all(item.opacity() == 1.0 for item in window.scene.items())


def test_captions_follow_the_op(qtbot: QtBot, lecture: Document) -> None:
    w = PresentationWindow(lecture)
    qtbot.addWidget(w)
    w.show()
    for k in range(1, lecture.op_count() + 1):
        lecture.set_position(k, 0)
        caption = text_of(lecture.scenario.ops[k - 1].caption, "en")
        assert caption
        assert w.caption_text() == caption
        assert w.sentence_label.text()
    w.set_language("zh_CN")
    assert w.caption_text() == text_of(lecture.scenario.ops[-1].caption, "zh_CN")


def test_an_op_without_caption_shows_no_caption_bar_line(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    from vmastudio.engine.scenario import VmaSpec

    doc.insert(VmaSpec(0x7000000, 0x7001000))
    assert doc.scenario.ops[-1].caption is None
    assert window.caption_text() == ""
    assert window.sentence_label.text()


def test_the_presenter_view_shows_now_next_notes_and_time(qtbot: QtBot, lecture: Document) -> None:
    w = PresentationWindow(lecture)
    qtbot.addWidget(w)
    w.show()
    lecture.set_position(3, 0)
    presenter = w.toggle_presenter()
    assert isinstance(presenter, PresenterView)
    qtbot.addWidget(presenter)
    notes = text_of(lecture.scenario.ops[2].notes, "en")
    assert notes and presenter.notes_text() == notes
    assert "nine" not in presenter.notes_label.text() or notes in presenter.notes_label.text()
    assert presenter.now_caption.text() == text_of(lecture.scenario.ops[2].caption, "en")
    assert "same op, step 2" in presenter.next_heading.text()
    lecture.set_position(3, lecture.step_count(3) - 1)
    assert presenter.next_heading.text().startswith("4.")
    assert text_of(lecture.scenario.ops[3].caption, "en") in presenter.next_sentence.text()
    assert ":" in presenter.clock_label.text()
    assert "elapsed" in presenter.elapsed_label.text()
    # Keys typed on the lecturer's screen drive the presentation.
    qtbot.keyClick(presenter, K.Key_Right)
    assert (lecture.op, lecture.step) == (4, 0)
    assert presenter.now_heading.text().startswith("4.")
    w.toggle_presenter()
    assert w.presenter is None


def test_autoplay_advances_on_a_timer(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    window.settings.autoplay_ms = 200
    start = (doc.op, doc.step)
    qtbot.keyClick(window, K.Key_A)
    qtbot.waitUntil(lambda: (doc.op, doc.step) != start, timeout=2000)
    qtbot.keyClick(window, K.Key_A)
    assert not window.autoplay.isActive()


def test_help_sheet_and_annotation_keys(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    qtbot.keyClick(window, K.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert window.help_sheet.isVisible()
    where = (doc.op, doc.step)
    qtbot.keyClick(window, K.Key_Right)  # closes the sheet only
    assert not window.help_sheet.isVisible()
    assert (doc.op, doc.step) == where
    qtbot.keyClick(window, K.Key_D)
    assert window.annotation.tool == "pen"
    window.annotation.begin_stroke(QPointF(10, 10))
    window.annotation.extend_stroke(QPointF(200, 120))
    window.annotation.end_stroke()
    assert window.annotation.stroke_count() == 1
    qtbot.keyClick(window, K.Key_E)
    assert window.annotation.stroke_count() == 0
    window.annotation.begin_stroke(QPointF(10, 10))
    qtbot.keyClick(window, K.Key_Right)  # a new step starts with a clean sheet
    assert window.annotation.stroke_count() == 0
    qtbot.keyClick(window, K.Key_L)
    assert window.annotation.tool == "laser"
    qtbot.keyClick(window, K.Key_Escape)  # Esc first puts the pen away
    assert window.annotation.tool == "none"
    assert window.isVisible()


def test_projector_themes_cycle_and_stay_distinct(qtbot: QtBot, window: PresentationWindow) -> None:
    seen = []
    for _ in range(3):
        qtbot.keyClick(window, K.Key_T)
        seen.append(window.settings.theme)
        assert window.scene.theme is projector_theme(window.settings.theme)
    assert sorted(seen) == ["dark", "high-contrast", "light"]
    hc = projector_theme("high-contrast")
    assert hc.background.name() == "#000000" and hc.text.name() == "#ffffff"


def test_the_step_index_numbers_every_position_once(doc: Document) -> None:
    index = StepIndex(doc)
    positions = all_positions(doc)
    assert index.total() == len(positions) - 1
    for n, (op, step) in enumerate(positions):
        assert index.number(op, step) == n
        assert index.position(n) == (op, step)
    assert index.position(10_000) == positions[-1]


def test_labels_are_never_drawn_smaller_than_the_setting(
    qtbot: QtBot, window: PresentationWindow
) -> None:
    window.animator.finish()
    zoom = window.view.transform().m11()
    # (down to 80 % when that shows everything the step highlights)
    assert window.label_px_at_zoom_1() * zoom >= 0.8 * window.settings.min_label_px - 0.5
    qtbot.keyClick(window, K.Key_Plus)
    bigger = window.view.transform().m11()
    assert bigger > zoom


def test_the_pointer_view_opens_beside_the_scene_and_follows_the_step(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    k = next(k for k in range(1, doc.op_count() + 1) if doc.frames(k).subject is not None)
    s = next(i for i, st in enumerate(doc.frames(k).steps) if st.kind == "slot_found")
    doc.set_position(k, s)
    qtbot.keyClick(window, K.Key_V)
    view = window.pointer_view
    assert view is not None and view.isVisible()
    assert view.model is not None
    first = view.model
    qtbot.keyClick(window, K.Key_Right)
    assert view.model is not first
    qtbot.keyClick(window, K.Key_V)
    assert not view.isVisible()


@pytest.mark.parametrize("name", ["insert-in-nine-steps.vmas", "overlap-and-enomem.vmas"])
def test_every_lecture_op_has_captions_and_notes_in_both_languages(qtbot: QtBot, name: str) -> None:
    d = Document()
    d.load_file(str(resources.path("lectures", name)))
    assert d.op_count() >= 4
    for op in d.scenario.ops:
        for text in (op.caption, op.notes):
            assert isinstance(text, dict)
            assert text.get("en") and text.get("zh_CN")


def test_op_keys_move_a_whole_op_and_the_counter_counts_within_it(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    doc.set_position(2, 3)
    qtbot.keyClick(window, K.Key_BracketRight)
    assert (doc.op, doc.step) == (3, 0)
    qtbot.keyClick(window, K.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert (doc.op, doc.step) == (4, 0)
    assert window.position_label.text() == f"op 4 / {doc.op_count()} · step 1 / {doc.step_count(4)}"
    qtbot.keyClick(window, K.Key_BracketLeft)
    assert (doc.op, doc.step) == (3, 0)
    qtbot.keyClick(window, K.Key_PageUp, Qt.KeyboardModifier.ShiftModifier)
    assert (doc.op, doc.step) == (2, 0)
    doc.set_position(doc.op_count(), 1)
    qtbot.keyClick(window, K.Key_BracketRight)  # past the last op: stays on it
    assert (doc.op, doc.step) == (doc.op_count(), 0)
    window.set_language("zh_CN")
    assert window.position_label.text().startswith(f"操作 {doc.op_count()} / {doc.op_count()}")


def test_the_chapter_sheet_lists_every_op_and_goes_to_the_chosen_one(
    qtbot: QtBot, window: PresentationWindow, doc: Document
) -> None:
    doc.set_position(2, 1)
    qtbot.keyClick(window, K.Key_O)
    sheet = window.chapters
    assert sheet.isVisible()
    assert sheet.list.count() == doc.op_count()
    assert sheet.list.item(4).text() == op_heading(doc, 5, "en")
    assert sheet.selected_op() == 2
    qtbot.keyClick(window, K.Key_Down)
    qtbot.keyClick(window, K.Key_Down)
    assert (doc.op, doc.step) == (2, 1)  # choosing does not move the talk yet
    qtbot.keyClick(window, K.Key_Return)
    assert not sheet.isVisible()
    assert (doc.op, doc.step) == (4, 0)
    qtbot.keyClick(window, K.Key_O)
    qtbot.keyClick(window, K.Key_Escape)
    assert not sheet.isVisible() and window.isVisible()
    assert (doc.op, doc.step) == (4, 0)


def test_the_vm_account_refusal_shows_the_commit_arithmetic(qtbot: QtBot) -> None:
    d = Document()
    d.load_file(str(resources.path("lectures", "overlap-and-enomem.vmas")))
    w = PresentationWindow(d)
    qtbot.addWidget(w)
    w.show()
    k, s = next(
        (k, s)
        for k in range(1, d.op_count() + 1)
        for s, st in enumerate(d.frames(k).steps)
        if st.kind == "account_check"
    )
    d.set_position(k, s - 1)
    assert not w.commit_label.isVisible()
    d.set_position(k, s)
    params = d.frames(k).steps[s].params
    text = w.commit_label.text()
    assert w.commit_label.isVisible()
    assert f"vm_committed_as {params['committed']} pages" in text
    assert f"{params['pages']} pages asked → {params['verdict']}" in text
    assert "overcommit_memory = 2" in text
    w.set_language("zh_CN")
    assert "提交检查" in w.commit_label.text()


def test_a_chinese_lecture_speaks_chinese_in_a_crisp_cjk_font(
    qtbot: QtBot, lecture: Document
) -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    from vmastudio.app.i18n import CJK_FAMILIES

    w = PresentationWindow(lecture, settings=PresentationSettings(lang="zh_CN"))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    lecture.set_position(2, 1)
    han = re.compile(r"[\u4e00-\u9fff]")
    for label in (w.heading_label, w.caption_label, w.sentence_label, w.position_label):
        assert han.search(label.text()), label.objectName()
    assert han.search(w.title_label.text())
    font = w.caption_label.font()
    assert font.hintingPreference() == QFont.HintingPreference.PreferFullHinting
    installed = [f for f in CJK_FAMILIES if f in set(QFontDatabase.families())]
    if installed:
        assert font.families()[0] == installed[0]
    assert QFontInfo(font).pixelSize() >= 22  # the smallest caption text at 1080p
    w.set_language("en")
    assert not han.search(w.heading_label.text())
    assert w.caption_label.font().families()[0] not in CJK_FAMILIES


def test_a_long_title_is_elided_with_the_whole_title_in_a_tooltip(
    qtbot: QtBot, lecture: Document
) -> None:
    long = "A very long lecture title " * 12
    lecture.scenario.title = long
    w = PresentationWindow(lecture)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    lecture.set_position(1, 0)
    shown = w.title_label.text()
    assert shown.endswith("…") and len(shown) < len(long)
    assert w.title_label.toolTip() == long
    assert w.title_label.fontMetrics().horizontalAdvance(shown) < w.width()
    lecture.scenario.title = "Short"
    lecture.set_position(1, 1)
    assert w.title_label.text() == "Short" and not w.title_label.toolTip()


def test_the_title_made_at_a_small_size_is_whole_once_full_screen(
    qtbot: QtBot, lecture: Document
) -> None:
    w = PresentationWindow(lecture)  # made at Qt's default size, as F5 does
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    title = text_of(lecture.scenario.title, "en")
    assert w.title_label.text() == title
