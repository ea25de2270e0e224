"""A maps text past what a window draws (``WINDOW_MAX_VMAS``) is refused before any replay,
with the same message whichever kernel it would open in: both paths ask
``check_window_size`` (model/document.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import vmastudio.model.document as document_module
from vmastudio.app.main_window import MainWindow


def test_too_many_mappings_are_refused_alike_in_6_12_and_in_4_x(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_module, "WINDOW_MAX_VMAS", 10)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, body: said.append(body))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.document.load_demo()
    window.document.undo_stack.setClean()
    before = window.document.op_count()
    lines = [
        f"{(16 + 2 * i) << 12:x}-{(17 + 2 * i) << 12:x} rw-p 00000000 00:00 0" for i in range(12)
    ]
    path = tmp_path / "big.maps"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = [window.open_file(str(path), ask=False, kernel=k) for k in ("6.12", "4.x")]
    assert results == [False, False]
    assert len(said) == 2 and said[0] == said[1]
    assert "12 mappings: more than the window draws" in said[0]
    assert window.side_by_side is None and window.document.op_count() == before
    # Ten fit: the same file cut to ten opens in 6.12.
    path.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    assert window.open_file(str(path), ask=False, kernel="6.12")
    assert window.side_by_side is not None
