"""The picture gets the room: a new window gives the scene most of itself, docks start
tabbed, and Fit keeps node text readable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from vmastudio.app.main_window import MainWindow
from vmastudio.view.scene_view import MIN_TEXT_PX


def new_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.document.undo_stack.setClean()
    return window


def test_a_new_window_opens_maximised_with_the_scene_taking_most_of_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1920, 1080)  # offscreen: no window manager maximises it
    window.show()
    qtbot.waitExposed(window)
    window.document.load_demo()
    port = window.view.viewport()
    share = port.width() * port.height() / (window.width() * window.height())
    assert share >= 0.6, share
    # The secondary panels start as tabs: one visible per tab group.
    tabbed = {
        d.objectName() for d in window.findChildren(QDockWidget) if window.tabifiedDockWidgets(d)
    }
    assert {"variables_dock", "pointer_dock", "inspector_dock"} <= tabbed
    assert {"legend_dock", "minimap_dock"} <= tabbed


def test_fit_keeps_node_text_readable(qtbot: QtBot, tmp_path: Path) -> None:
    window = new_window(qtbot, tmp_path)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    window.document.load_demo()
    window.document.set_position(5, 10)
    window.view.fit()
    assert window.view.node_text_px() >= MIN_TEXT_PX
    # What the step is about is in view.
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.intersects(window.scene.focus_rect())
    # A window too small for everything shows the action at the readable size instead.
    window.resize(900, 600)
    qtbot.wait(10)
    window.view.fit()
    assert window.view.node_text_px() >= MIN_TEXT_PX
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.focus_rect().center())
