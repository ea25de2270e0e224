"""The pointer view inside the main window: it follows the step cursor and the selection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app.main_window import MainWindow
from vmastudio.engine.memory import slot_addr
from vmastudio.engine.pointers import find_step


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.document.load_demo()
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w


def test_at_slot_found_the_pointer_dock_shows_rb_link_holding_the_slot_address(
    window: MainWindow,
) -> None:
    d = window.document
    frames = d.frames(2)  # demo op 2 goes right at the root
    at = find_step(frames.steps, "slot_found")
    d.set_position(2, at)
    model = window.pointer_view.model
    assert model is not None and model.kind == "slot_found"
    root = d.state(1).root
    assert root is not None
    node = d.state(1).nodes[root]
    caller = model.box("insert_vm_struct.rb_link")
    # The value is the address of the root's rb_right field.
    from vmastudio.engine.vma import VmArea

    expected = slot_addr(VmArea(node.start, 0, uid=node.uid), "right")
    assert caller.value == expected
    assert model.chain("find_vma_links.rb_link")[:2] == [
        "find_vma_links.rb_link",
        "insert_vm_struct.rb_link",
    ]


def test_stepping_forward_moves_the_pointer_view_with_the_cursor(window: MainWindow) -> None:
    d = window.document
    d.set_position(2, 0)
    first = window.pointer_view.model
    QTest.keyClick(window, Qt.Key.Key_Right)
    second = window.pointer_view.model
    assert first is not None and second is not None
    assert (first.kind, second.kind) == (d.frames(2).steps[0].kind, d.frames(2).steps[1].kind)


def test_selecting_in_the_pointer_view_selects_in_the_scene_and_back(
    window: MainWindow,
) -> None:
    d = window.document
    d.set_position(2, find_step(d.frames(2).steps, "slot_found"))
    # Both views name VMAs by id: [400000,452000) is linked, [651000,652000) being inserted.
    text = d.current_snapshot().by_start(0x400000)
    subject = d.frames(2).subject
    assert text is not None and subject is not None and subject.start == 0x651000
    window.pointer_view.vma_selected.emit(text)
    assert window.scene.selected == text
    window.scene.select_vma(subject.uid)
    window.scene.vma_selected.emit(subject.uid)
    assert window.pointer_view.selected_vma == subject.uid


def test_short_addresses_reach_the_pointer_view(window: MainWindow) -> None:
    window.actions_.short_addresses.setChecked(True)
    window.document.set_position(2, 3)
    assert window.pointer_view.address_style == "short"


def test_the_lesson_dialog_steps_through_the_indirect_pointer_idiom(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.lesson_action.trigger()
    from vmastudio.app.lesson_dialog import LessonDialog

    dialog = window.findChild(LessonDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    steps = len(dialog.lesson.models)
    assert steps > 2 and dialog.index == 0 and not dialog.back_button.isEnabled()
    dialog.step_forward()
    assert dialog.index == 1 and dialog.view.model is dialog.lesson.models[1]
    assert "struct" in dialog.code.toPlainText()
    dialog.picker.setCurrentIndex(1)
    assert dialog.index == 0
