"""Switching the window language at run time keeps the document and the step cursor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from vmastudio import resources as res
from vmastudio.app.main_window import _WINDOWS, TRANSLATIONS, MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/lang", "en")
    w = MainWindow(settings)
    # Not qtbot.addWidget: a language switch deletes the window it replaces, so the
    # test closes whatever windows are still alive itself.
    w.document.load_demo()
    w.show()
    qtbot.waitExposed(w)
    yield w
    for alive in [*list(_WINDOWS), w]:
        if isValid(alive):
            alive._replaced_by = None
            alive.document.undo_stack.setClean()
            alive.close()
    _WINDOWS.clear()
    TRANSLATIONS.install("en")


def menu_titles(w: MainWindow) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def test_switching_to_chinese_changes_menus_explanation_and_code_at_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    doc = window.document
    doc.set_position(5, 6)
    ops_before = doc.scenario.dumps()
    assert menu_titles(window)[0] == "&File"
    new = window.switch_language("zh_CN")
    _WINDOWS.add(new)
    assert new is not window and new.document is doc
    assert (doc.op, doc.step) == (5, 6)
    assert doc.scenario.dumps() == ops_before
    assert menu_titles(new)[0] == "文件(&F)"
    step = doc.current_step()
    assert step is not None
    assert new.explanation_panel.sentence() == step.text["zh_CN"]
    # The code panel's function title comes from the pseudo-code in Chinese.
    title = res.read_json("pseudocode", "functions.json")[step.func]["title"]["zh_CN"]
    assert title in new.code_panel._title.text()
    assert new.lang == "zh_CN" and new.actions_.lang_zh.isChecked()
    # and back again, still the same document and cursor
    back = new.switch_language("en")
    _WINDOWS.add(back)
    assert menu_titles(back)[0] == "&File" and back.document is doc
    assert (doc.op, doc.step) == (5, 6)


def test_the_language_is_remembered_for_the_next_window(window: MainWindow, qtbot: QtBot) -> None:
    new = window.switch_language("zh_CN")
    _WINDOWS.add(new)
    again = MainWindow(new.settings)
    qtbot.addWidget(again)
    assert again.lang == "zh_CN" and menu_titles(again)[0] == "文件(&F)"


def test_a_missing_translation_file_keeps_the_window_in_english(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio import resources

    def missing(*parts: str) -> bytes:
        raise resources.ResourceError("gone")

    errors: list[str] = []
    monkeypatch.setattr(resources, "read_bytes", missing)
    monkeypatch.setattr(window, "_error", errors.append)
    assert window.switch_language("zh_CN") is window
    assert window.lang == "en" and not window.actions_.lang_zh.isChecked()
    assert errors and "missing" in errors[0]
