"""File ▸ Open Process…: the searchable process list, and refreshing an opened process."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from vmastudio.app.process_dialog import (
    INFO_ROLE,
    NAME,
    PID,
    USER,
    VMAS,
    ProcessDialog,
    append_diff_ops,
    describe_diff,
    refresh_document,
)
from vmastudio.engine import processes
from vmastudio.engine.maps import read_pid_maps
from vmastudio.engine.processes import ProcessInfo
from vmastudio.engine.scenario import ScenarioError
from vmastudio.model.document import Document


def maps_line(start: int, end: int, perms: str = "rw-p", path: str = "") -> str:
    inode = 7 if path.startswith("/") else 0
    return f"{start:x}-{end:x} {perms} 00000000 00:00 {inode} {path}".rstrip() + "\n"


def lines(n: int) -> str:
    return "".join(maps_line(0x400000 + i * 0x2000, 0x401000 + i * 0x2000) for i in range(n))


def add_process(root: Path, pid: int, name: str, uid: int, maps: str, state: str = "S") -> None:
    folder = root / str(pid)
    folder.mkdir()
    (folder / "comm").write_text(name + "\n")
    (folder / "status").write_text(f"Name:\t{name}\nState:\t{state}\nUid:\t{uid}\t{uid}\t0\t0\n")
    (folder / "maps").write_text(maps)


@pytest.fixture
def proc(tmp_path: Path) -> Path:
    root = tmp_path / "proc"
    root.mkdir()
    add_process(root, 1, "init", 0, lines(12))
    add_process(root, 2, "kthreadd", 0, "")
    add_process(root, 731, "bash", 4_000_001, lines(40))
    add_process(root, 1200, "firefox", 4_000_002, lines(3))
    add_process(root, 4242, "sshd", 0, lines(25))
    return root


@pytest.fixture
def deny_4242(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading process 4242's maps is refused, as for another user's process."""
    real = open

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path).endswith("4242/maps"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(processes, "open", fake_open, raising=False)


def make(qtbot: QtBot, proc: Path) -> ProcessDialog:
    dialog = ProcessDialog(None, proc_root=proc)
    qtbot.addWidget(dialog)
    return dialog


def cell(dialog: ProcessDialog, row: int, column: int, role: int = 0) -> Any:
    return dialog.proxy.index(row, column).data(role)


def row_of(dialog: ProcessDialog, pid: int) -> int:
    return dialog.visible_pids().index(pid)


# -- the list ---------------------------------------------------------------------------------


def test_lists_pid_name_user_and_vma_count(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    assert dialog.visible_pids() == [1, 2, 731, 1200, 4242]
    headers = [dialog.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["PID", "Name", "User", "VMAs"]
    row = row_of(dialog, 731)
    assert [cell(dialog, row, c) for c in (PID, NAME, USER, VMAS)] == [
        "731",
        "bash",
        "4000001",
        "40",
    ]
    assert cell(dialog, row_of(dialog, 1), USER) == "root"
    assert dialog.count_label.text() == "5 of 5 processes shown; 4 can be opened"


def test_search_filters_on_pid_name_and_user(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    qtbot.keyClicks(dialog.search_edit, "FIRE")
    assert dialog.visible_pids() == [1200]
    dialog.search_edit.setText("73")
    assert dialog.visible_pids() == [731]
    dialog.search_edit.setText("root")
    assert dialog.visible_pids() == [1, 2, 4242]
    dialog.search_edit.setText("root  sh")
    assert dialog.visible_pids() == [4242]
    # The VMA count is not searched: "25" is only sshd's count.
    dialog.search_edit.setText("25")
    assert dialog.visible_pids() == []
    assert dialog.count_label.text().startswith("0 of 5")
    dialog.search_edit.clear()
    assert len(dialog.visible_pids()) == 5


def test_sorts_numbers_as_numbers(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.table.sortByColumn(VMAS, Qt.SortOrder.DescendingOrder)
    assert dialog.visible_pids() == [731, 4242, 1, 1200, 2]
    dialog.table.sortByColumn(PID, Qt.SortOrder.DescendingOrder)
    assert dialog.visible_pids() == [4242, 1200, 731, 2, 1]
    dialog.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    assert dialog.visible_pids() == [731, 1200, 1, 2, 4242]


def test_unreadable_rows_are_grey_with_the_reason(
    qtbot: QtBot, proc: Path, deny_4242: None
) -> None:
    dialog = make(qtbot, proc)
    grey = QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    denied = row_of(dialog, 4242)
    for column in range(4):
        brush = cell(dialog, denied, column, Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush) and brush.color() == grey.color()
    assert "Permission denied" in cell(dialog, denied, NAME, Qt.ItemDataRole.ToolTipRole)
    assert cell(dialog, denied, VMAS) == ""
    kernel = row_of(dialog, 2)
    assert "kernel thread" in cell(dialog, kernel, PID, Qt.ItemDataRole.ToolTipRole)
    fine = row_of(dialog, 731)
    assert cell(dialog, fine, NAME, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(dialog, fine, NAME, Qt.ItemDataRole.ToolTipRole) is None
    assert dialog.count_label.text() == "5 of 5 processes shown; 3 can be opened"


# -- choosing ---------------------------------------------------------------------------------


def test_choosing_a_readable_process(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    assert dialog.chosen_pid() is None
    assert not dialog.open_button.isEnabled()
    assert dialog.select_pid(731)
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_pid() == 731


def test_double_click_opens(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.select_pid(1200)
    index = dialog.proxy.index(row_of(dialog, 1200), NAME)
    dialog.table.doubleClicked.emit(index)
    assert dialog.chosen_pid() == 1200
    assert not dialog.isVisible()


def test_choosing_an_unreadable_process_explains_and_stays(
    qtbot: QtBot, proc: Path, deny_4242: None
) -> None:
    dialog = make(qtbot, proc)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.select_pid(4242)
    dialog.open_button.click()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.chosen_pid() is None
    text = dialog.explanation()
    assert "4242 (sshd)" in text and "root" in text and "/proc/4242/maps" in text
    assert dialog.message_label.isVisible()
    # Choosing another one afterwards still works.
    dialog.select_pid(1)
    dialog.open_button.click()
    assert dialog.chosen_pid() == 1


def test_kernel_thread_cannot_be_opened(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.select_pid(2)
    dialog.accept()
    assert dialog.chosen_pid() is None
    assert "kernel thread" in dialog.explanation()


def test_a_process_that_exited_since_the_scan(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.select_pid(1200)
    shutil.rmtree(proc / "1200")
    dialog.accept()
    assert dialog.chosen_pid() is None
    assert "has exited" in dialog.explanation()
    info = dialog.proxy.index(row_of(dialog, 1200), 0).data(INFO_ROLE)
    assert isinstance(info, ProcessInfo) and not info.readable
    assert cell(dialog, row_of(dialog, 1200), PID, Qt.ItemDataRole.ToolTipRole) == "Exited"


def test_refresh_rescans_and_keeps_search_and_selection(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.search_edit.setText("s")
    dialog.select_pid(731)
    add_process(proc, 999, "vmstat", 0, lines(2))
    shutil.rmtree(proc / "1200")
    (proc / "731" / "maps").write_text(lines(41))
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.visible_pids() == [731, 999, 4242]
    assert [p.pid for p in dialog.processes()] == [1, 2, 731, 999, 4242]
    selected = dialog.selected_info()
    assert selected is not None and selected.pid == 731 and selected.vma_count == 41


def test_an_unlistable_root_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, tmp_path / "no-proc")
    assert dialog.visible_pids() == []
    assert "Cannot list the processes" in dialog.explanation()
    dialog.accept()
    assert dialog.explanation() == "Choose a process first."


def test_every_visible_string_is_translatable(qtbot: QtBot, proc: Path) -> None:
    """A smoke test of the model: headers and reasons come through tr()."""
    dialog = make(qtbot, proc)
    assert dialog.model.headerData(4, Qt.Orientation.Horizontal) is None
    assert dialog.model.headerData(0, Qt.Orientation.Vertical) is None
    assert dialog.model.data(QModelIndex()) is None
    other = ProcessInfo(5, "x", "root", None, False, "cannot read maps: Input/output error")
    assert dialog.model.reason_text(other) == other.reason
    assert "Input/output error" in dialog.explain(other)


# -- refresh ----------------------------------------------------------------------------------

BEFORE = (
    maps_line(0x400000, 0x401000, "r-xp", "/usr/bin/app")
    + maps_line(0x600000, 0x621000, "rw-p", "[heap]")
    + maps_line(0x7F0000000000, 0x7F0000004000, "r-xp", "/usr/lib/libc.so.6")
    + maps_line(0x7F0000010000, 0x7F0000011000)
    + maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]")
)
AFTER = (
    maps_line(0x400000, 0x401000, "r-xp", "/usr/bin/app")
    + maps_line(0x600000, 0x663000, "rw-p", "[heap]")  # grown
    + maps_line(0x7F0000000000, 0x7F0000004000, "r--p", "/usr/lib/libc.so.6")  # flags
    + maps_line(0x7F0000020000, 0x7F0000022000)  # added (0x7f0000010000 removed)
    + maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]")
)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    root = tmp_path / "proc"
    root.mkdir()
    add_process(root, 77, "app", 0, BEFORE)
    return root


def opened(live: Path) -> Document:
    document = Document()
    document.load_scenario(read_pid_maps(77, live).scenario)
    document.undo_stack.resetClean()
    return document


def latest(document: Document) -> list[tuple[int, int, int]]:
    return [(n.start, n.end, n.flags) for n in document.state(document.op_count()).inorder()]


def test_refresh_diff_between_two_reads(qtbot: QtBot, live: Path) -> None:
    document = opened(live)
    assert not refresh_document(document, 77, live)
    (live / "77" / "maps").write_text(AFTER)
    diff = refresh_document(document, 77, live)
    assert [v.start for v in diff.added] == [0x7F0000020000]
    assert [v.start for v in diff.removed] == [0x7F0000010000]
    assert [(c.old.end, c.new.end) for c in diff.grown] == [(0x621000, 0x663000)]
    assert diff.shrunk == []
    assert [c.start for c in diff.changed] == [0x7F0000000000]
    assert document.op_count() == 5  # refresh_document itself changes nothing


def test_append_diff_ops_replays_the_change_step_by_step(qtbot: QtBot, live: Path) -> None:
    document = opened(live)
    before = latest(document)
    (live / "77" / "maps").write_text(AFTER)
    diff = refresh_document(document, 77, live)
    results = append_diff_ops(document, diff)
    assert [r.result for r in results] == [0] * 6
    ops = document.scenario.ops[5:]
    assert [op.op for op in ops] == ["erase"] * 3 + ["insert"] * 3
    assert [op.caption for op in ops[3:]] == [
        "Refresh: grown",
        "Refresh: changed",
        "Refresh: added",
    ]
    # The document now shows what a fresh open would.
    fresh = Document()
    fresh.load_scenario(read_pid_maps(77, live).scenario)
    assert latest(document) == latest(fresh)
    assert document.op == document.op_count() == 11
    # Each op has its own traced steps to walk through.
    assert all(document.step_count(k) > 0 for k in range(6, 12))
    # The refresh is one undo step, and a second refresh finds nothing new.
    assert not refresh_document(document, 77, live)
    document.undo_stack.undo()
    assert document.op_count() == 5
    assert latest(document) == before
    document.undo_stack.redo()
    assert document.op_count() == 11


def test_refresh_of_a_gone_process_leaves_the_document(qtbot: QtBot, live: Path) -> None:
    document = opened(live)
    clean = document.undo_stack.index()
    shutil.rmtree(live / "77")
    with pytest.raises(ScenarioError, match="no such process"):
        refresh_document(document, 77, live)
    assert document.op_count() == 5
    assert document.undo_stack.index() == clean == 0


def test_a_stale_diff_is_refused_before_any_change(qtbot: QtBot, live: Path) -> None:
    document = opened(live)
    (live / "77" / "maps").write_text(AFTER)
    diff = refresh_document(document, 77, live)
    document.erase(0x7F0000010000)
    count = document.op_count()
    with pytest.raises(ScenarioError, match="0x7f0000010000"):
        append_diff_ops(document, diff)
    assert document.op_count() == count
    assert append_diff_ops(document, refresh_document(document, 77, live)) != []


def test_describe_diff(qtbot: QtBot, live: Path) -> None:
    document = opened(live)
    assert describe_diff(refresh_document(document, 77, live)) == "No change since the last read."
    (live / "77" / "maps").write_text(AFTER)
    diff = refresh_document(document, 77, live)
    assert describe_diff(diff).splitlines() == [
        "1 added, 1 removed, 1 grown, 0 shrunk, 1 changed",
        "grown [600000, 621000) → [600000, 663000) [heap]",
        "changed [7f0000000000, 7f0000004000) libc.so.6: flags",
        "removed [7f0000010000, 7f0000011000)",
        "added [7f0000020000, 7f0000022000)",
    ]
    short = describe_diff(diff, limit=2).splitlines()
    assert len(short) == 4 and short[-1] == "… and 2 more"
    (live / "77" / "maps").write_text(BEFORE.replace("7f0000004000", "7f0000002000"))
    shrunk = describe_diff(refresh_document(document, 77, live)).splitlines()
    assert (
        shrunk[1] == "shrunk [7f0000000000, 7f0000004000) → [7f0000000000, 7f0000002000) libc.so.6"
    )


def test_cancel_chooses_nothing(qtbot: QtBot, proc: Path) -> None:
    dialog = make(qtbot, proc)
    dialog.select_pid(1)
    dialog.reject()
    assert dialog.chosen_pid() is None
    assert dialog.result() == QDialog.DialogCode.Rejected
