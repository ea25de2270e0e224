"""Drive the window as a user would: drag, dialog, step, undo, files, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app.insert_dialog import InsertDialog
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.scenario import VmaSpec
from vmastudio.engine.vma import ENOMEM, PAGE_SIZE


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("import/kernel", "4.x")  # imports open in the 4.x window in these tests
    return s


@pytest.fixture
def window(
    qtbot: QtBot, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    # pytest-qt closes the window before fixtures end: never block on "save changes?".
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.document.load_demo()
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w


def view_point(window: MainWindow, scene_pos: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_pos)


def accept_dialog(
    monkeypatch: pytest.MonkeyPatch, seen: list[InsertDialog], fill: dict[str, str] | None = None
) -> None:
    def fake_exec(self: InsertDialog) -> int:
        seen.append(self)
        for name, text in (fill or {}).items():
            getattr(self, name).setText(text)
        return QDialog.DialogCode.Accepted if self.ok_enabled() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(InsertDialog, "exec", fake_exec)


def key_at(window: MainWindow, start: int) -> int:
    """The id of the linked VMA starting at ``start`` in the drawn state (the scene keys
    VMAs by id)."""
    key = window.document.current_snapshot().by_start(start)
    assert key is not None, hex(start)
    return key


def roles_at(window: MainWindow) -> dict[tuple[str, object], tuple[str, ...]]:
    return window.scene.highlighted()


def test_drag_across_a_gap_inserts_the_vma_and_its_steps_light_up_as_the_trace_says(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    doc.last()
    window.view.zoom_reset()
    # The gap between [e03000,e24000) "heap" and the libraries: drag across part of it.
    gap = next(g for g in window.scene.gap_items() if g.gap.start == 0xE24000)
    y = window.scene.map_y()
    window.view.centerOn(QPointF((gap.gap.x0 + gap.gap.x1) / 2, y))
    a = view_point(window, QPointF(gap.gap.x0 + 2, y))
    b = view_point(window, QPointF(gap.gap.x0 + 40, y))
    seen: list[InsertDialog] = []
    accept_dialog(monkeypatch, seen)
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, b)
    assert gap.selection is not None  # the live selection, with its size
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert len(seen) == 1
    start, end = int(seen[0].start_edit.text(), 16), int(seen[0].end_edit.text(), 16)
    assert start % PAGE_SIZE == 0 and end % PAGE_SIZE == 0
    assert 0xE24000 <= start < end <= 0x7F0000000000
    assert doc.op_count() == 10 and doc.timeline.results[-1].result == 0
    assert (doc.op, doc.step) == (10, 0)
    # Step through with the keyboard; at every step the scene shows the trace's roles.
    steps = doc.frames(10).steps
    checked = set()
    for i, step in enumerate(steps):
        assert doc.step == i
        shown = roles_at(window)
        if "parent" in step.roles:
            assert "parent" in shown[("node", step.roles["parent"])]
        if "prev" in step.roles:
            assert "prev" in shown[("node", step.roles["prev"])]
        if step.kind == "slot_found":
            slot = step.roles["link_slot"]
            assert shown[("slot", (slot["node"], slot["side"]))] == ("link_slot",)
            assert window.code_panel.current_line_id() == step.line
            assert window.variables_panel.value_of("insert_vm_struct", "*rb_link") == "NULL"
            checked.add("slot")
        if step.kind.startswith("descend"):
            assert "current" in shown[("node", step.roles["current"])]
            checked.add("descend")
        assert window.explanation_panel.sentence() == step.text["en"]
        QTest.keyClick(window, Qt.Key.Key_Right)
    assert checked == {"slot", "descend"}


def test_double_clicking_a_gap_prefills_the_dialog_with_that_gap(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.last()
    window.view.zoom_reset()
    gap = next(g for g in window.scene.gap_items() if g.gap.start == 0x452000)
    y = window.scene.map_y()
    window.view.centerOn(QPointF(gap.gap.x0, y))
    seen: list[InsertDialog] = []
    monkeypatch.setattr(InsertDialog, "exec", lambda self: seen.append(self) or 0)
    QTest.mouseDClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view_point(window, QPointF(gap.gap.x0 + 3, y)),
    )
    assert len(seen) == 1
    start = int(seen[0].start_edit.text(), 16)
    end = int(seen[0].end_edit.text(), 16)
    assert 0x452000 <= start < end <= 0x651000
    assert window.document.op_count() == 9  # cancelled: nothing changed


def test_the_dialog_validates_as_you_type(window: MainWindow) -> None:
    dialog = window.make_insert_dialog(0x1000000, 0x1002000)
    assert dialog.ok_enabled() and not dialog.trial
    dialog.end_edit.setText("0x1002001")
    assert not dialog.ok_enabled() and "not page-aligned" in dialog.status.text()
    dialog.end_edit.setText("0xfff000")
    assert not dialog.ok_enabled() and "inverted" in dialog.status.text()
    dialog.start_edit.setText("zz")
    assert not dialog.ok_enabled() and "vm_start" in dialog.status.text()
    dialog.start_edit.setText("0x401000")
    dialog.end_edit.setText("0x403000")
    assert dialog.ok_enabled() and dialog.trial and "-ENOMEM" in dialog.status.text()


def test_an_overlapping_trial_shows_the_conflict_and_leaves_the_tree_unchanged(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    doc.last()
    shape = window.scene.tree_shape()
    accept_dialog(monkeypatch, [], {"start_edit": "0x450000", "end_edit": "0x470000"})
    window.actions_.insert.trigger()
    assert doc.timeline.results[-1].result == ENOMEM
    steps = doc.frames(10).steps
    doc.set_position(10, next(i for i, s in enumerate(steps) if s.kind == "overlap"))
    assert "conflict" in window.scene.highlighted()[("node", key_at(window, 0x400000))]
    assert window.scene.overlap_text() == "overlap [450000,452000)"
    assert window.scene.badge_visible()
    doc.last()
    assert window.result_label.text().endswith("-ENOMEM")
    # Same nodes, same depths, same colours (columns differ: the erased VMA left).
    now = {k: v[1:3] for k, v in window.scene.tree_shape().items() if not v[3]}
    assert now == {k: v[1:3] for k, v in shape.items() if not v[3]}


def test_undo_and_redo_from_the_keyboard(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    accept_dialog(monkeypatch, [], {"start_edit": "0x1000000", "end_edit": "0x1004000"})
    window.actions_.insert.trigger()
    assert doc.op_count() == 10 and window.isWindowModified()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.op_count() == 9 and not window.isWindowModified()
    window.redo_action.trigger()
    assert doc.op_count() == 10
    assert window.steps_panel.tree().topLevelItemCount() == 11


def test_erase_from_the_context_menu_of_the_tree(window: MainWindow) -> None:
    doc = window.document
    doc.last()
    node = window.scene.node_item(key_at(window, 0xE03000))
    assert node is not None
    menu = window.scene.build_context_menu(node.scenePos(), window)
    assert menu is not None
    next(a for a in menu.actions() if a.objectName() == "erase_vma").trigger()
    assert doc.scenario.ops[-1].op == "erase" and doc.scenario.ops[-1].start == 0xE03000
    assert 0xE03000 not in {n.start for n in doc.state(doc.op_count()).nodes.values()}


def test_save_as_and_open_round_trip(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    accept_dialog(monkeypatch, [], {"start_edit": "0x1000000", "end_edit": "0x1004000"})
    window.actions_.insert.trigger()
    window.actions_.save.trigger()  # no name yet: asks for one
    saved = tmp_path / "mine.vmas"
    assert saved.exists() and not window.isWindowModified()
    assert json.loads(saved.read_text())["ops"][-1]["start"] == "0x1000000"
    window.document.load_demo()
    assert window.open_file(str(saved))
    assert window.document.op_count() == 10
    assert str(saved.resolve()) == window.recent_files()[0]


def test_a_malformed_file_shows_the_problem_and_keeps_the_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.vmas"
    bad.write_text('{"format": "vmastudio-scenario", "version": 1, "ops": [{"op": "jump"}]}')
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    window.document.next_op()
    assert not window.open_file(str(bad))
    assert len(messages) == 1 and "ops[0].op: unknown op 'jump'" in messages[0]
    assert window.document.op_count() == 9 and window.document.op == 2


def test_closing_a_modified_document_asks_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.erase(0x400000)
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    assert not window.close()
    assert window.isVisible()
    answers.append(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_play_walks_the_steps_and_stops_at_the_end(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    doc.set_position(9, 0)
    window.speed_box.setValue(20)
    window.actions_.play.setChecked(True)
    qtbot.waitUntil(lambda: not window.actions_.play.isChecked(), timeout=5000)
    assert doc.at_end()


def test_every_step_command_has_a_shortcut_and_a_tooltip(window: MainWindow) -> None:
    a = window.actions_
    for action in (
        a.play,
        a.step_forward,
        a.step_back,
        a.next_op,
        a.prev_op,
        a.first,
        a.last,
        a.zoom_fit,
        a.insert,
        a.erase,
        a.open,
        a.save,
    ):
        assert not action.shortcut().isEmpty(), action.objectName()
        assert action.toolTip(), action.objectName()


def test_the_status_bar_shows_kernel_function_and_position(window: MainWindow) -> None:
    window.document.set_position(2, 2)
    assert window.kernel_label.text() == "kernel 4.0"
    assert window.func_label.text() == "find_vma_links()"
    assert window.position_label.text().startswith("op 2/9 · step 3/")
    window.actions_.kernel_419.trigger()
    assert window.kernel_label.text() == "kernel 4.19"


def test_the_step_list_jumps_to_a_clicked_step(window: MainWindow) -> None:
    panel = window.steps_panel
    item = panel.op_item(4)
    assert item is not None
    item.setExpanded(True)
    child = item.child(3)
    assert child is not None
    panel._on_tree_item_clicked(child, 0)
    assert (window.document.op, window.document.step) == (4, 3)
    panel.op_slider.setValue(6)
    assert (window.document.op, window.document.step) == (6, 0)


def test_settings_are_remembered_by_the_next_window(
    window: MainWindow, settings: QSettings, qtbot: QtBot
) -> None:
    window.actions_.theme_dark.setChecked(True)
    window.speed_box.setValue(7)
    window.save_settings()
    other = MainWindow(settings)
    qtbot.addWidget(other)
    assert other.actions_.theme_dark.isChecked()
    assert other.speed_box.value() == 7
    assert other.scene.theme.name == "dark"


def test_an_unexpected_exception_shows_details_and_the_app_keeps_going(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from vmastudio.app import errors

    shown: list[Any] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    old = sys.excepthook
    try:
        errors.install_excepthook(window)
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = old
    assert shown and "RuntimeError: boom" in shown[0]
    window.document.step_forward()  # still usable


def test_every_bundled_example_opens_from_the_menu(window: MainWindow) -> None:
    names = [a.text() for a in window.examples_menu.actions()]
    assert {"demo", "process", "erase", "insert-in-nine-steps", "overlap-and-enomem"} <= set(names)
    assert any(n.startswith("xvfb") and "maps" in n for n in names)
    maple = 0
    for action in window.examples_menu.actions():
        if action.isSeparator():
            continue
        window.document.load_scenario(window.document.scenario.__class__())
        action.trigger()
        side = window.side_by_side
        if side is not None:
            # A 6.12 lecture opens side by side; the 4.x document stays as it was.
            maple += 1
            assert len(side.timeline612) > 0 and window.document.op_count() == 0
            side.close()
            window.side_by_side = None
            continue
        assert window.document.op_count() > 0, action.text()
        window.document.last()
    assert maple == 2  # the two 6.12 lectures


def test_a_live_process_is_imported_from_the_process_picker(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from vmastudio.app.process_dialog import ProcessDialog

    def choose_self(dialog: ProcessDialog) -> int:
        dialog.chosen_pid = lambda: os.getpid()  # type: ignore[method-assign]
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ProcessDialog, "exec", choose_self)
    assert not window.refresh_action.isEnabled()
    window.actions_.import_pid.trigger()
    assert window.document.op_count() > 5
    assert window.isWindowModified()  # an import is a new, unsaved document
    assert window.document.source_pid == os.getpid() and window.refresh_action.isEnabled()
    assert window.document.op == window.document.op_count()  # the whole space is shown


def test_refreshing_the_process_appends_what_changed_as_ops(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from vmastudio.engine.loader import load_pid

    proc = tmp_path / "proc"
    (proc / "4242").mkdir(parents=True)
    maps = proc / "4242" / "maps"
    maps.write_text("00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n", encoding="utf-8")
    (proc / "4242" / "comm").write_text("x\n", encoding="utf-8")
    from vmastudio.engine import loader

    monkeypatch.setattr(loader, "load_pid", lambda pid: load_pid(pid, str(proc)))
    monkeypatch.setattr(window, "pick_process", lambda: 4242)
    window.actions_.import_pid.trigger()  # File ▸ Open process…
    assert window.document.source_pid == 4242 and window.refresh_action.isEnabled()
    maps.write_text(
        "00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n"
        "00651000-00652000 rw-p 00051000 08:02 1 /bin/x\n",
        encoding="utf-8",
    )
    from vmastudio.app import process_dialog

    real = process_dialog.refresh_document
    monkeypatch.setattr(
        process_dialog, "refresh_document", lambda doc, pid: real(doc, pid, str(proc))
    )
    from vmastudio.app.diff_dialog import DiffDialog

    # The diff dialog answers "Append as ops to replay" at once (no modal loop).
    monkeypatch.setattr(DiffDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted))
    said: list[str] = []
    monkeypatch.setattr(window, "_error", said.append)
    before = window.document.op_count()
    window.refresh_action.trigger()
    assert said == []
    assert window.document.op_count() == before + 1
    assert window.document.op == before + 1  # the replay starts at the first new op
    window.document.undo_stack.undo()
    assert window.document.op_count() == before


def test_an_unreadable_process_leaves_the_document_untouched(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(window, "pick_process", lambda: 999_999_999)
    monkeypatch.setattr(window, "_error", said.append)
    before = window.document.scenario.dumps()
    window.actions_.import_pid.trigger()
    assert said and "999999999" in said[0]
    assert window.document.scenario.dumps() == before


def test_clicking_a_tree_node_inspects_every_field_of_that_vma(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.document.last()
    window.view.zoom_reset()
    lib_data = key_at(window, 0x300000)
    node = window.scene.node_item(lib_data)
    assert node is not None
    window.view.centerOn(node)
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view_point(window, node.scenePos()),
    )
    assert window.scene.selected == lib_data
    panel = window.inspector_panel
    assert panel.field("vm_start") == "0x300000" and panel.field("vm_end") == "0x310000"
    assert panel.field("rb_parent") is not None and panel.field("vm_next") == "[400000,452000)"


def test_f5_hands_the_document_to_presentation_mode(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    presentation = pytest.importorskip("vmastudio.app.presentation")
    calls: list[Any] = []
    monkeypatch.setattr(
        presentation, "open_presentation", lambda doc, parent, settings=None: calls.append(doc)
    )
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert calls == [window.document]


def test_a_new_document_starts_empty_and_the_first_insert_becomes_the_root(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.new_document()
    doc = window.document
    assert doc.op_count() == 0 and (doc.op, doc.step) == (0, 0)
    gaps = window.scene.gap_items()
    assert len(gaps) == 1 and gaps[0].gap.start == 0
    accept_dialog(monkeypatch, [])
    window.scene.request_insert(0x400000, 0x401000)
    assert doc.op_count() == 1 and doc.timeline.results[0].link == "root"
    doc.last()
    root = key_at(window, 0x400000)
    assert window.scene.node_item(root) is not None
    assert window.scene.node_item(root).color == "B"  # type: ignore[union-attr]


def test_presentation_choices_are_remembered_for_the_next_talk(
    window: MainWindow, qtbot: QtBot
) -> None:
    presentation = pytest.importorskip("vmastudio.app.presentation")
    window.actions_.present.trigger()
    shown = window.findChild(presentation.PresentationWindow)
    assert shown is not None
    shown.set_theme("high-contrast")
    shown.set_reduce_motion(True)
    with qtbot.waitSignal(shown.closed):
        shown.close()
    assert window.settings.value("present/theme") == "high-contrast"
    assert window.settings.value("present/reduce_motion") == "true"


def test_ctrl_e_opens_the_export_dialog_on_the_current_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio.app.export_dialog import ExportDialog

    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: seen.append(self.position()) or 0)
    window.document.set_position(3, 2)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen == [(3, 2)]


def test_go_to_address_selects_the_vma_find_vma_returns(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.last()
    # 0x500000 lies in a gap: find_vma returns the next VMA above it.
    heap = key_at(window, 0xE03000)
    assert window.go_to("0x500000") == heap
    assert window.scene.selected == heap
    assert window.go_to("0x7fff00000000") is None
    said: list[str] = []
    monkeypatch.setattr(window, "_error", said.append)
    assert window.go_to("zz") is None and said


def test_the_overview_dock_is_there(window: MainWindow, qtbot: QtBot) -> None:
    from vmastudio.view.minimap import Minimap

    # Made after the first frame (its dock opens behind the Legend tab).
    qtbot.waitUntil(lambda: window.findChild(Minimap) is not None)
    assert window.docks[7].widget() is window.minimap
    assert window.docks[7].objectName() == "minimap_dock"


def test_a_drag_over_a_vma_proposes_the_overlapping_range_as_a_trial(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    doc.last()
    window.view.zoom_reset()
    # From inside the gap before "heap" [e03000,e24000) to past the middle of heap.
    gap = next(g for g in window.scene.gap_items() if g.gap.end == 0xE03000)
    heap = window.scene.bar_item(key_at(window, 0xE03000))
    assert heap is not None
    y = window.scene.map_y()
    window.view.centerOn(QPointF(gap.gap.x1, y))
    a = view_point(window, QPointF(gap.gap.x1 - 6, y))
    b = view_point(window, QPointF(heap.sceneBoundingRect().center().x(), y))
    seen: list[InsertDialog] = []
    accept_dialog(monkeypatch, seen)
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, b)
    preview = window.scene.range_preview()
    assert preview.isVisible() and preview.trial
    assert "e03000" in preview.text and "-ENOMEM" in preview.text
    # The label is as wide as its text: nothing cut at either end.
    assert preview.boundingRect().width() >= window.scene.theme.tag_metrics.horizontalAdvance(
        preview.text
    )
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert not preview.isVisible()
    assert len(seen) == 1 and seen[0].trial
    start, end = int(seen[0].start_edit.text(), 16), int(seen[0].end_edit.text(), 16)
    assert start < 0xE03000 < end <= 0xE24000
    assert doc.timeline.results[-1].result == ENOMEM  # the kernel refuses it: a trial op


def test_the_toolbar_keeps_still_while_the_undo_text_changes(window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "step_toolbar")
    assert bar is not None
    undo = bar.widgetForAction(window.undo_tool)
    play = bar.widgetForAction(window.actions_.play)
    x_before, width_before = play.x(), undo.width()
    window.document.insert(VmaSpec(0x7E0000000000, 0x7E0000123000))
    QApplication.processEvents()
    assert undo.width() == width_before and play.x() == x_before
    assert window.undo_tool.isEnabled()
    assert window.undo_tool.text() == "Undo"
    assert "7e0000000000" in window.undo_tool.toolTip()
    assert "7e0000123000" in window.undo_tool.toolTip()  # the whole range, end included
    window.undo_tool.trigger()
    assert window.document.op_count() == 9 and window.redo_tool.isEnabled()
