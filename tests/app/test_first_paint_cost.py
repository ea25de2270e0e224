"""Issue 20, the window's first paint: what it no longer pays for.

Each test names a cost measured on the way to the first frame (benchmarks/gui_startup.py)
and checks it stays cut: modules and Qt classes only a later action needs are not loaded,
and start-up's objects leave the cyclic collector's reach once the first frame paints.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from vmastudio.app import main_window
from vmastudio.app.main_window import MainWindow

#: A fresh process, as the benchmark runs one: what is loaded when the scene first paints.
FIRST_PAINT = r"""
import gc, json, sys, enum
made = []
_create = enum.EnumType.__dict__["_create_"]
def _count(cls, name, *args, **kwargs):
    made.append(name)
    return _create(cls, name, *args, **kwargs)
enum.EnumType._create_ = _count  # only to list the enum types PySide made
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
import vmastudio.app.main_window as main_window
viewport = None
seen = {}
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is viewport and not seen:
            seen["modules"] = sorted(sys.modules)
            seen["frozen"] = gc.get_freeze_count()
            seen["enums"] = list(made)
            print(json.dumps(seen))
            QApplication.instance().quit()
        return False
first = First()
_show = main_window.MainWindow.show
def show(window):
    global viewport
    viewport = window.view.viewport()
    viewport.installEventFilter(first)
    window.resize(1600, 1000)
    _show(window)
main_window.MainWindow.show = show
from vmastudio.app.cli import main  # as the vmastudio command starts
sys.exit(main(["--demo"]))
"""


@pytest.fixture(scope="module")
def seen(
    tmp_path_factory: pytest.TempPathFactory, child_json: Callable[..., dict[str, object]]
) -> dict[str, object]:
    # Started as the command starts, in a home folder of its own (no XDG folders set).
    home = str(tmp_path_factory.mktemp("first-paint-home"))
    xdg = {k: os.path.join(home, k.lower()) for k in os.environ if k.startswith("XDG_")}
    return child_json(FIRST_PAINT, env={"HOME": home, **xdg})


def test_the_first_paint_loads_no_module_only_a_later_action_needs(
    seen: dict[str, object],
) -> None:
    modules = seen["modules"]
    assert isinstance(modules, list)
    # The VMA search (Find, Go to, a drag across the map), the descent's trail marks (op
    # 1 starts without one), the undo commands (the first edit), importlib.resources
    # (plain reads do for a folder package); the first frame's own modules are there.
    for later in (
        "vmastudio.engine.search",
        "vmastudio.view.items.trail_item",
        "vmastudio.model.commands",
        "importlib.resources",
    ):
        assert later not in modules, later
    for needed in ("vmastudio.view.scene", "vmastudio.resources", "vmastudio.engine.scenario"):
        assert needed in modules, needed


def test_the_first_paint_makes_no_enum_of_a_dialog_or_a_file_class(
    seen: dict[str, object],
) -> None:
    # PySide makes a class's Python enums when the class is first used (~0.1-0.2 ms
    # each): the file dialog's, the message box's and QFile's wait for a user action;
    # the error hooks are installed before the first frame, their dialog (QMessageBox)
    # and the crash log's writer (QSaveFile, QIODevice) only when an error is reported.
    enums = seen["enums"]
    assert isinstance(enums, list) and "AlignmentFlag" in enums  # the hook did count
    for name in (
        "FileMode",
        "AcceptMode",
        "DialogLabel",
        "ButtonRole",
        "StandardButton",
        "OpenModeFlag",
        "StandardLocation",
    ):
        assert name not in enums, name


def test_start_up_objects_leave_the_collector_by_the_first_paint(
    seen: dict[str, object],
) -> None:
    frozen = seen["frozen"]
    assert isinstance(frozen, int) and frozen > 10_000


def test_start_up_is_settled_once_per_process(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def settle() -> None:
        calls.append(1)

    monkeypatch.setattr(main_window, "_SETTLED", False)
    monkeypatch.setattr(main_window, "settle_heap", settle)
    windows: list[MainWindow] = []
    for name in ("one", "two"):
        w = MainWindow(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        qtbot.waitUntil(lambda: windows[-1]._started)
    assert calls == [1]


def test_the_open_dialog_is_imported_when_asked_for(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def pick(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.actions_.open.trigger()
    assert w.save_as() is False
    assert asked == ["Open", "Save as"]
