"""Issue 18: Refresh process in the Linux 6.12 side-by-side window — a live process opened
there remembers its pid; Ctrl+Shift+R re-reads it (a fake /proc here), shows the diff in
the 4.x window's dialog and replays the new space in both kernels; a vanished process
gives the 4.x window's message and leaves the window as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app import process_dialog
from vmastudio.app.diff_dialog import DiffDialog
from vmastudio.app.main_window import MainWindow
from vmastudio.app.side_by_side import SideBySideWindow
from vmastudio.engine import loader
from vmastudio.engine.frames612 import MapleState
from vmastudio.engine.processes import MapsDiff

PID = 4242
BEFORE = (
    "00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n"
    "00651000-00652000 r--p 00051000 08:02 1 /bin/x\n"
    "00e03000-00e24000 rw-p 00000000 00:00 0 [heap]\n"
    "7fffb2c0d000-7fffb2c2e000 rw-p 00000000 00:00 0 [stack]\n"
)
# The heap grew, a mapping appeared, the r--p page went.
AFTER = (
    "00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n"
    "00e03000-00e45000 rw-p 00000000 00:00 0 [heap]\n"
    "7f2f8c000000-7f2f8c021000 rw-p 00000000 00:00 0\n"
    "7fffb2c0d000-7fffb2c2e000 rw-p 00000000 00:00 0 [stack]\n"
)


@pytest.fixture
def proc(tmp_path: Path) -> Path:
    root = tmp_path / "proc"
    (root / str(PID)).mkdir(parents=True)
    (root / str(PID) / "maps").write_text(BEFORE, encoding="utf-8")
    (root / str(PID) / "comm").write_text("x\n", encoding="utf-8")
    return root


@pytest.fixture
def side(
    qtbot: QtBot, tmp_path: Path, proc: Path, monkeypatch: pytest.MonkeyPatch
) -> SideBySideWindow:
    """File ▸ Open process… of the fake process, opened in 6.12 side by side."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("import/kernel", "6.12")
    real_load = loader.load_pid
    monkeypatch.setattr(loader, "load_pid", lambda pid: real_load(pid, str(proc)))
    real_refresh = process_dialog.refresh_scenario
    monkeypatch.setattr(
        process_dialog,
        "refresh_scenario",
        lambda scenario, pid, *_: real_refresh(scenario, pid, str(proc)),
    )
    main = MainWindow(settings)
    qtbot.addWidget(main)
    monkeypatch.setattr(main, "pick_process", lambda: PID)
    main.actions_.import_pid.trigger()
    window = main.side_by_side
    assert isinstance(window, SideBySideWindow)
    qtbot.addWidget(window)
    return window


def leaf_starts(state: MapleState) -> list[int]:
    """The vm_start of every VMA the maple tree's leaves hold, in address order."""
    return sorted(s for n in state.nodes if n.is_leaf for s in n.slots if s is not None)


def ranges_612(state: MapleState) -> dict[int, int]:
    """vm_start → the exclusive end of the range the leaves store it over."""
    out: dict[int, int] = {}
    for node in state.nodes:
        for i, entry in enumerate(node.slots if node.is_leaf else ()):
            if entry is not None:
                out[entry] = node.slot_range(i)[1] + 1
    return out


def starts_419(window: SideBySideWindow) -> list[int]:
    d = window.document
    assert d is not None
    return [n.start for n in d.state(d.op_count()).inorder()]


def test_a_process_opened_side_by_side_offers_refresh(side: SideBySideWindow) -> None:
    assert side.source_pid == PID
    action = side.refresh_action
    assert action.isEnabled()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    assert "Ctrl+Shift+R" in action.toolTip()
    # Present keeps F5; the refresh key is the 4.x window's.
    keys = {a.shortcut().toString() for a in side.findChildren(type(action)) if a is not action}
    assert "F5" in keys and "Ctrl+Shift+R" not in keys


def test_a_scenario_window_has_no_refresh(qtbot: QtBot) -> None:
    window = SideBySideWindow(loader.demo_scenario())
    qtbot.addWidget(window)
    assert window.source_pid is None and not window.refresh_action.isEnabled()
    assert window.refresh_process() is False


def test_refresh_shows_the_diff_and_replays_the_new_space_in_both_kernels(
    side: SideBySideWindow, proc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops_before = len(side.timeline612)
    assert leaf_starts(side.timeline612.final) == starts_419(side)
    assert 0x651000 in starts_419(side)
    (proc / str(PID) / "maps").write_text(AFTER, encoding="utf-8")
    shown: list[MapsDiff] = []

    def accept(dialog: DiffDialog) -> int:
        shown.append(dialog.diff())
        # The hint speaks of both kernels, not of an undo this window does not have.
        assert "Both kernels" in dialog.hint_label.text()
        assert "Undo" not in dialog.hint_label.text()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(DiffDialog, "exec", accept)
    said: list[str] = []
    monkeypatch.setattr(side, "show_error", said.append)
    side.refresh_action.trigger()
    assert said == []
    (diff,) = shown
    assert [v.start for v in diff.added] == [0x7F2F8C000000]
    assert [v.start for v in diff.removed] == [0x651000]
    assert [(c.start, c.new.end) for c in diff.grown] == [(0xE03000, 0xE45000)]
    # The diff's ops were appended: erase removed + grown, insert grown + added.
    assert len(side.timeline612) == ops_before + 4
    assert side.op == ops_before + 1  # both sides at the first new op
    ops = side.timeline612.scenario.ops[ops_before:]
    assert [op.op for op in ops] == ["erase", "erase", "insert", "insert"]
    expected = [0x400000, 0xE03000, 0x7F2F8C000000, 0x7FFFB2C0D000]
    assert leaf_starts(side.timeline612.final) == expected
    assert starts_419(side) == expected
    d = side.document
    assert d is not None and d.op == ops_before + 1 and d.op_count() == ops_before + 4
    ends = {n.start: n.end for n in d.state(d.op_count()).inorder()}
    assert ends[0xE03000] == 0xE45000  # 4.19: the grown heap
    assert ranges_612(side.timeline612.final)[0xE03000] == 0xE45000  # 6.12 the same
    assert f"op {ops_before + 1} / {ops_before + 4}" in side.position_label.text()
    # A second refresh with nothing new changes nothing and says so.
    side.refresh_action.trigger()
    assert len(shown) == 1 and len(side.timeline612) == ops_before + 4
    assert "No change" in side.statusBar().currentMessage()


def test_declining_the_diff_leaves_the_window(
    side: SideBySideWindow, proc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (len(side.timeline612), side.op, leaf_starts(side.timeline612.final))
    (proc / str(PID) / "maps").write_text(AFTER, encoding="utf-8")
    monkeypatch.setattr(DiffDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert side.refresh_process() is False
    assert (len(side.timeline612), side.op, leaf_starts(side.timeline612.final)) == before


def test_a_vanished_process_gives_the_4x_message_and_leaves_the_window(
    side: SideBySideWindow, proc: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    timeline, op, label = side.timeline612, side.op, side.position_label.text()
    starts = starts_419(side)
    shutil.rmtree(proc / str(PID))  # the process exited
    said: list[str] = []
    monkeypatch.setattr(side, "show_error", said.append)
    monkeypatch.setattr(DiffDialog, "exec", lambda self: pytest.fail("no diff to show"))
    assert side.refresh_process() is False
    assert side.timeline612 is timeline and side.op == op
    assert side.position_label.text() == label and starts_419(side) == starts
    # The very words the 4.x window says for the same process.
    settings = QSettings(str(proc.parent / "main.ini"), QSettings.Format.IniFormat)
    settings.setValue("import/kernel", "4.x")
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.document.load_demo()
    main.document.source_pid = PID
    from vmastudio.app.window_files import WindowFilesMixin

    # (refresh_document reads through the fake /proc of the ``side`` fixture.)
    said_4x: list[str] = []
    monkeypatch.setattr(main, "_error", said_4x.append)
    WindowFilesMixin._on_refresh_process_triggered(main)
    assert said_4x and said == said_4x
    assert str(PID) in said[0] and said[0].startswith("Cannot refresh process")


def test_the_error_is_a_message_box(
    side: SideBySideWindow, proc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(proc / str(PID))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append(text))
    assert side.refresh_process() is False
    assert len(boxes) == 1 and f"Cannot refresh process {PID}" in boxes[0]
