"""The 6.12 pointer panel of the side-by-side window: ``struct ma_state`` and ``struct
ma_wr_state`` of the current 6.12 step, linked to the maple drawing, in both languages;
P shows and hides it (remembered)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vmastudio.app.side_by_side import SideBySideWindow
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.pointer_model612 import label612, meaning612
from vmastudio.engine.scenario import load_scenario
from vmastudio.view.pointer import maple_pointer_view
from vmastudio.view.pointer.maple_pointer_view import SETTING, MaplePointerDock

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ini = tmp_path / "settings.ini"
    monkeypatch.setattr(
        maple_pointer_view, "_settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat)
    )
    return ini


def open_window(qtbot: QtBot, lang: str = "en", path: Path | None = None) -> SideBySideWindow:
    scenario = demo_scenario() if path is None else load_scenario(path)
    w = SideBySideWindow(scenario, lang=lang)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def dock_of(w: SideBySideWindow) -> MaplePointerDock:
    dock = w.findChild(MaplePointerDock)
    assert dock is not None
    return dock


def step_to(w: SideBySideWindow, kind: str, nth: int = 0) -> int:
    frames = w.frames()
    assert frames is not None
    index = [i for i, s in enumerate(frames.steps) if s.kind == kind][nth]
    w.step_612(index - w.step612)
    assert w.step612 == index
    return index


def test_stepping_the_6_12_side_updates_the_panel_and_marks_the_node(qtbot: QtBot) -> None:
    w = open_window(qtbot)
    dock = dock_of(w)
    assert dock.isVisible()
    w.show_op(5)
    frames = w.frames()
    assert frames is not None
    walk = step_to(w, "wr_walk")
    view = dock.view
    mas = frames.steps[walk].vars["ma_state"]
    wr = frames.steps[walk].vars["ma_wr_state"]
    model = view.model
    assert model is not None and model.kind == "wr_walk" and model.step == walk
    # The boxes hold the step's own values.
    for name in ("offset", "depth", "end"):
        item = view.box_item(f"ma_state.{name}")
        assert item is not None and item.value_text == str(mas[name])
    for name in ("r_min", "r_max", "end_piv"):
        item = view.box_item(f"ma_wr_state.{name}")
        assert item is not None and item.value_text == f"{wr[name]:#x}"
    assert view.struct_item(f"node:{mas['node']}") is not None
    # The node mas->node points at is outlined in the maple drawing.
    node_item = w.maple_scene.node_item(mas["node"])
    assert node_item is not None and dock.marker.isVisible()
    assert dock.marker.target.contains(node_item.sceneBoundingRect())
    # The store: a new ma_wr_state (mas_store_prealloc()'s), its fields written.
    store = step_to(w, "store")
    assert view.model is not None and view.model.step == store
    assert "ma_wr_state.entry" in view.written_labels()
    frame = view.frame_item("frame:ma_wr_state")
    assert frame is not None and frame.opacity() == 1.0
    # Back at the mm level (map_count): the function holding wr_mas has returned.
    step_to(w, "map_count")
    frame = view.frame_item("frame:ma_wr_state")
    assert frame is not None and frame.opacity() < 1.0
    # Stepping back shows the walk again.
    w.step_612(walk - w.step612)
    assert view.model is not None and view.model.step == walk


def test_a_step_without_its_own_ma_state_says_where_the_values_come_from(
    qtbot: QtBot,
) -> None:
    w = open_window(qtbot, path=GOLDEN / "maple612_grow_shrink.vmas")
    w.show_op(8)
    store = step_to(w, "store")
    split = step_to(w, "split")
    view = dock_of(w).view
    assert view.model is not None and view.model.as_of == store and split != store
    assert label612("as_of", "en", n=store + 1) in view.caption_text()
    w.show_op(8)
    assert label612("none", "en", func="find_vma_intersection") in view.caption_text()


def test_the_panel_speaks_chinese_in_a_chinese_window(qtbot: QtBot) -> None:
    w = open_window(qtbot, "zh_CN", GOLDEN / "maple612_grow_shrink.vmas")
    w.show_op(8)
    store = step_to(w, "store")
    step_to(w, "split")
    view = dock_of(w).view
    assert label612("as_of", "zh_CN", n=store + 1) in view.caption_text()
    assert "这一步没有记录" in view.caption_text()
    item = view.box_item("ma_wr_state.r_min")
    assert item is not None
    assert meaning612("ma_wr_state.r_min", "zh_CN") in item.toolTip()
    assert meaning612("ma_wr_state.r_min", "en") not in item.toolTip()
    frames = w.frames()
    assert frames is not None
    assert frames.steps[w.step612].text["zh_CN"] in view.caption_text()


def test_p_hides_the_panel_and_the_choice_is_remembered(qtbot: QtBot, settings: Path) -> None:
    w = open_window(qtbot)
    dock = dock_of(w)
    w.show_op(5)
    step_to(w, "wr_walk")
    assert dock.isVisible() and dock.view.model is not None
    assert dock.action.shortcut().toString() == "P" and "P" in dock.action.toolTip()
    QTest.keyClick(w, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: not dock.isVisible())
    # Hidden: no model is built and the drawing is not marked.
    step_to(w, "store")
    assert dock.view.model is None and not dock.marker.isVisible()
    assert QSettings(str(settings), QSettings.Format.IniFormat).value(SETTING) in (False, "false")
    again = open_window(qtbot)
    assert not dock_of(again).isVisible()
    QTest.keyClick(again, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dock_of(again).isVisible())
    assert QSettings(str(settings), QSettings.Format.IniFormat).value(SETTING) in (True, "true")


def test_clicking_the_node_in_the_panel_brings_it_into_the_drawing(qtbot: QtBot) -> None:
    w = open_window(qtbot, path=GOLDEN / "maple612_grow_shrink.vmas")
    w.show_op(168)
    walk = step_to(w, "wr_walk", 1)
    dock = dock_of(w)
    frames = w.frames()
    assert frames is not None
    nid = frames.steps[walk].vars["ma_state"]["node"]
    struct = dock.view.struct_item(f"node:{nid}")
    assert struct is not None
    with qtbot.waitSignal(dock.view.node_selected) as blocker:
        header = struct.sceneBoundingRect()
        point = dock.view.mapFromScene(header.center().x(), header.top() + 12)
        QTest.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    assert blocker.args == [nid]
    item = w.maple_scene.node_item(nid)
    assert item is not None and dock.marker.target.contains(item.sceneBoundingRect())
    seen = w.maple_view.mapToScene(w.maple_view.viewport().rect()).boundingRect()
    assert seen.intersects(item.sceneBoundingRect())


def test_closing_the_window_with_the_panel_shown_raises_nothing(qtbot: QtBot) -> None:
    """The panel's scene belongs to its view: a window that closes (and is deleted) while
    the panel is shown leaves no callback drawing into a deleted scene (pytest-qt fails
    the test on an exception raised in a Qt callback)."""
    w = SideBySideWindow(demo_scenario())  # not qtbot's: this test deletes it
    w.show()
    qtbot.waitExposed(w)
    w.show_op(5)
    step_to(w, "wr_walk")
    dock = dock_of(w)
    assert dock.view.scene() is not None and dock.view.scene().parent() is dock.view
    with qtbot.waitSignal(w.destroyed):
        w.close()
        w.deleteLater()
    QApplication.processEvents()


def test_the_panel_menu_switches_to_kernel_style_addresses(qtbot: QtBot) -> None:
    w = open_window(qtbot)
    w.show_op(5)
    step_to(w, "wr_walk")
    view = dock_of(w).view
    item = view.box_item("ma_wr_state.mas")
    assert item is not None and item.value_text == "0x5580"
    menu = view.context_menu()
    short = menu.actions()[0]
    assert short.isChecked()
    short.setChecked(False)
    item = view.box_item("ma_wr_state.mas")
    assert item is not None and item.value_text == "0xffffc90000c35580"
    assert item.addr_text == "0xffffc90000c35400"


def spanning_scenario(tmp_path: Path) -> Path:
    """40 one-page VMAs a page apart (three leaves), one munmap over 18 of them."""
    page, base = 0x1000, 0x400000
    initial = [
        {"start": hex(base + i * 2 * page), "end": hex(base + i * 2 * page + page)}
        for i in range(40)
    ]
    op = {"op": "munmap", "start": hex(base + 6 * page), "end": hex(base + 41 * page)}
    data = {
        "format": "vmastudio-scenario",
        "version": 1,
        "kernel": "6.12",
        "initial": initial,
        "ops": [op],
    }
    path = tmp_path / "spanning.vmas"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_spanning_step_shows_the_left_and_right_write_states(
    qtbot: QtBot, tmp_path: Path, lang: str
) -> None:
    w = open_window(qtbot, lang, spanning_scenario(tmp_path))
    w.show_op(1)
    span = step_to(w, "spanning")
    frames = w.frames()
    assert frames is not None
    step = frames.steps[span]
    view = dock_of(w).view
    for var in ("l_wr_mas", "r_wr_mas", "l_mas", "r_mas"):
        frame = view.frame_item(f"frame:{var}")
        assert frame is not None and frame.opacity() == 1.0
        assert meaning612(f"region.{var}", lang) in frame.toolTip()
    for side in ("l", "r"):
        wr, mas = step.vars[f"{side}_wr_mas"], step.vars[f"{side}_mas"]
        for name in ("r_min", "r_max"):
            item = view.box_item(f"{side}_wr_mas.{name}")
            assert item is not None and item.value_text == f"{wr[name]:#x}"
        item = view.box_item(f"{side}_mas.offset")
        assert item is not None and item.value_text == str(mas["offset"])
        assert view.struct_item(f"node:{wr['node']}") is not None
    # The caption tells the step's own states from the main ones shown as of earlier.
    store = max(i for i, s in enumerate(frames.steps[:span]) if "ma_state" in s.vars)
    assert label612("as_of_spanning", lang, n=store + 1) in view.caption_text()
    assert label612("as_of", lang, n=store + 1) not in view.caption_text()
    # The next step (mas_spanning_rebalance's work) no longer shows them.
    w.step_612(1)
    assert view.frame_item("frame:l_wr_mas") is None
