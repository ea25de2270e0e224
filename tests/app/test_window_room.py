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
    # A window too small for everything shows the action at the readable size instead:
    # the step's first item (here the compared node) whole, as near the middle of all the
    # step's items as that allows.
    window.resize(900, 600)
    qtbot.wait(10)
    window.view.fit()
    assert window.view.node_text_px() >= MIN_TEXT_PX
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    first = window.scene.ranked_focus_rects()[0]
    assert visible.contains(first) and visible.intersects(window.scene.focus_rect())


def test_following_a_step_wider_than_the_view_shows_what_it_looks_at_first(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """At find_vma_links()'s first step the link slot (&mm->mm_rb.rb_node, far left) and
    the new VMA (far right of a wide space) do not fit the view together: the view keeps
    the item the step looks at first in sight, not some middle part of both."""
    from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec

    window = new_window(qtbot, tmp_path)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    k = 0x1000
    initial = [VmaSpec((16 + 4 * i) * k, (17 + 4 * i) * k) for i in range(300)]
    far = (16 + 4 * 300) * k
    window.document.load_scenario(
        Scenario(initial=initial, ops=[OpSpec("insert", vma=VmaSpec(far, far + k))])
    )
    view, scene = window.view, window.scene
    view.resetTransform()  # full size: the space is many views wide
    view.follow = True
    window.document.set_position(1, 0)
    for step in (1, 2, 3):
        window.document.set_position(1, step)
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        assert scene.focus_rect().width() > visible.width()  # the case under test
        # The first of the step's items (by role) that fits is in view.
        first = next(r for r in scene.ranked_focus_rects() if r.width() < visible.width())
        assert visible.contains(first), (step, first, visible)
    # Fit at a size where the space cannot be shown readably centres on that item too.
    view.fit()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    first = next(r for r in scene.ranked_focus_rects() if r.width() < visible.width())
    assert visible.contains(first), (first, visible)
