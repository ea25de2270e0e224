"""Issue 20, a lazy start: the first frame is complete, and what it does not draw comes after.

The docks that open behind another dock's tab (Pointers, Inspector, Overview) get their
widgets after the first frame, or at once when something needs them; the modules only
later actions need are not imported before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app.main_window import MainWindow

#: Run in a fresh process: what is loaded and built when the window's first frame paints.
FIRST_FRAME = r"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from vmastudio.app.main_window import MainWindow
w = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
w.document.load_demo()
w.resize(1600, 1000)
if sys.argv[2] == "eager":
    w.pointer_view, w.inspector_panel, w.minimap
seen = {}
def places():
    # Where every dock that shows on screen is, and the scene's view.
    shown = [d for d in w.docks if not d.visibleRegion().isEmpty()]
    return [[d.objectName(), d.geometry().getRect()] for d in shown] + [
        ["view", w.view.geometry().getRect()]
    ]
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(sys.modules)
            seen["docks"] = {
                # A dock behind another's tab is moved off screen: nothing of it shows.
                d.objectName(): [type(d.widget()).__name__, not d.visibleRegion().isEmpty()]
                for d in w.docks
            }
            seen["menus"] = [a.text() for a in w.menuBar().actions()]
            seen["menu_items"] = sum(len(a.menu().actions()) for a in w.menuBar().actions())
            seen["scene_items"] = len(w.scene.items())
            seen["vmas"] = len(w.document.current_snapshot().nodes)
            seen["pending"] = w.start_pending()
            seen["places"] = places()
            # A few event-loop turns later, every dock has its widget.
            def later():
                seen["later"] = {d.objectName(): type(d.widget()).__name__ for d in w.docks}
                seen["pending_later"] = w.start_pending()
                seen["places_later"] = places()
                seen["scene_items_later"] = len(w.scene.items())
                print(json.dumps(seen))
                app.quit()
            from PySide6.QtCore import QTimer
            QTimer.singleShot(300, later)
        return False
f = First()
w.view.viewport().installEventFilter(f)
w.show()
app.exec()
"""


#: Runs FIRST_FRAME in a fresh process (conftest's ``child_json``), with its settings.
ChildJson = Callable[..., dict[str, object]]


def first_frame(
    child_json: ChildJson, tmp_path: Path, mode: str = "lazy", ini: Path | None = None
) -> dict[str, object]:
    settings = ini if ini is not None else tmp_path / f"{mode}.ini"
    return child_json(FIRST_FRAME, str(settings), mode)


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory, child_json: ChildJson) -> dict[str, object]:
    return first_frame(child_json, tmp_path_factory.mktemp("lazy"))


def test_the_first_frame_imports_nothing_only_later_actions_need(seen: dict[str, object]) -> None:
    modules = seen["modules"]
    assert isinstance(modules, list)
    later = (
        "vmastudio.app.export",
        "vmastudio.app.lecture",
        "vmastudio.app.presentation",
        "vmastudio.app.side_by_side",
        "vmastudio.app.insert_dialog",
        "vmastudio.app.find_dialog",
        "vmastudio.app.diff_dialog",
        "vmastudio.app.export_dialog",
        "vmastudio.app.lesson_dialog",
        "vmastudio.app.errors",
        "vmastudio.view.pointer",
        "vmastudio.view.minimap",
        "vmastudio.view.panels.inspector_panel",
        "vmastudio.engine.pointers",
        "html",
    )
    loaded = [m for m in modules if any(m == p or m.startswith(p + ".") for p in later)]
    assert loaded == []


def test_the_first_frame_is_complete(seen: dict[str, object]) -> None:
    docks = seen["docks"]
    assert isinstance(docks, dict)
    # Every dock on top of its column shows its real panel in the first frame...
    for name in ("steps_dock", "legend_dock", "code_dock", "variables_dock", "explanation_dock"):
        kind, on_screen = docks[name]
        assert on_screen, name
        assert kind != "_Pending", name
    # ...and those made later are behind a tab: an empty placeholder no one sees.
    for name in ("inspector_dock", "pointer_dock", "minimap_dock"):
        assert docks[name] == ["_Pending", False], name
    assert seen["pending"] is True
    menus = seen["menus"]
    assert isinstance(menus, list) and len(menus) == 5
    assert isinstance(seen["menu_items"], int) and seen["menu_items"] > 30
    # The demo is drawn: a bar, a box and a node at least for each VMA, and nothing is
    # added to the scene afterwards.
    vmas = seen["vmas"]
    assert isinstance(vmas, int) and vmas >= 1
    assert isinstance(seen["scene_items"], int) and seen["scene_items"] >= 3 * vmas
    assert seen["scene_items_later"] == seen["scene_items"]


def test_the_docks_behind_tabs_get_their_widgets_right_after_the_first_frame(
    seen: dict[str, object],
) -> None:
    later = seen["later"]
    assert isinstance(later, dict)
    assert later["pointer_dock"] == "PointerView"
    assert later["inspector_dock"] == "InspectorPanel"
    assert later["minimap_dock"] == "Minimap"
    assert seen["pending_later"] is False


def test_nothing_moves_when_the_late_docks_come_and_all_is_where_an_eager_start_puts_it(
    seen: dict[str, object], tmp_path: Path, child_json: ChildJson
) -> None:
    assert seen["places"] == seen["places_later"]
    eager = first_frame(child_json, tmp_path, "eager")
    assert eager["pending"] is False
    assert eager["places"] == seen["places"]


def test_a_dock_left_on_top_last_time_shows_its_real_widget_in_the_first_frame(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_json: ChildJson
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    ini = tmp_path / "pointers-on-top.ini"
    last = MainWindow(QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(last)
    last.show()
    qtbot.waitExposed(last)
    last.docks[6].raise_()  # the Pointers tab, over Variables
    last.docks[7].raise_()  # the Overview tab, over Legend
    qtbot.waitUntil(lambda: not last.docks[7].visibleRegion().isEmpty())
    last.save_settings()
    seen = first_frame(child_json, tmp_path, ini=ini)
    docks = seen["docks"]
    assert isinstance(docks, dict)
    assert docks["pointer_dock"] == ["PointerView", True]
    assert docks["minimap_dock"] == ["Minimap", True]
    assert docks["variables_dock"][1] is False and docks["legend_dock"][1] is False
    assert docks["inspector_dock"] == ["_Pending", False]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.document.load_demo()
    yield w


def test_a_window_never_shown_makes_its_docks_only_when_asked(window: MainWindow) -> None:
    assert window.start_pending()
    assert type(window.docks[6].widget()).__name__ == "_Pending"
    view = window.pointer_view
    assert window.docks[6].widget() is view
    assert window.pointer_view is view  # made once
    assert window.start_pending()  # the inspector and the overview still wait


def test_a_dock_made_late_shows_the_theme_addresses_and_selection_chosen_before(
    window: MainWindow,
) -> None:
    window.actions_.theme_dark.setChecked(True)
    window.actions_.short_addresses.setChecked(True)
    window.document.last()
    key = window.document.current_snapshot().by_start(0xE03000)
    assert key is not None
    window.scene.select_vma(key)
    assert window._pointer_view is None
    view = window.pointer_view
    assert view.address_style == "short"
    assert view._theme_name == "dark"
    assert view.selected_vma == key
    # Selecting raises the Inspector: it is made at once, showing that VMA.
    assert window.inspector_panel.field("vm_start") == "0xe03000"


def test_raising_a_tab_before_the_deferred_build_makes_its_widget_at_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.docks[6].raise_()
    qtbot.waitUntil(lambda: window.docks[6].widget().isVisible())
    assert window.docks[6].widget() is window.pointer_view
    qtbot.waitUntil(lambda: not window.start_pending())
    # The deferred build made each dock once: no second pointer view was put in.
    assert window.docks[6].widget() is window.pointer_view


def test_jobs_after_the_first_frame_run_once_it_is_painted_or_soon_anyway(
    window: MainWindow, qtbot: QtBot
) -> None:
    ran: list[str] = []
    window.when_started(lambda: ran.append("never shown"), latest_ms=50)
    assert ran == []
    qtbot.waitUntil(lambda: ran == ["never shown"], timeout=2000)
    window.when_started(lambda: ran.append("at once"))
    assert ran == ["never shown", "at once"]


def test_a_shown_window_runs_its_jobs_right_after_its_first_frame(
    window: MainWindow, qtbot: QtBot
) -> None:
    ran: list[bool] = []
    # A long fallback: only the first paint can run it in time.
    window.when_started(lambda: ran.append(window.isVisible()), latest_ms=60_000)
    window.show()
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)


def test_run_gui_starts_autosave_and_recovery_after_the_first_frame(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from vmastudio.app import autosave, main_window

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    offered: list[MainWindow] = []
    monkeypatch.setattr(autosave, "offer_recovery", offered.append)
    before = set(main_window._WINDOWS)
    seen: dict[str, object] = {}

    def run_loop(app: QApplication) -> int:
        (opened,) = set(main_window._WINDOWS) - before
        # Nothing of autosave before the loop runs (the first frame comes first)...
        seen["before"] = opened.document.findChild(autosave.Autosaver) is not None
        qtbot.waitUntil(lambda: offered == [opened], timeout=5000)
        seen["after"] = opened.document.findChild(autosave.Autosaver) is not None
        return 0

    monkeypatch.setattr(QApplication, "exec", run_loop)
    try:
        assert main_window.run_gui(None, demo=True) == 0
    finally:
        for w in set(main_window._WINDOWS) - before:
            w.document.undo_stack.setClean()
            w.close()
            main_window._WINDOWS.discard(w)
    assert seen == {"before": False, "after": True}
