"""The process list read from /proc (a fake one and the real one) and the maps diff."""

from __future__ import annotations

import errno
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from vmastudio.engine import processes
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.processes import (
    REASON_EXITED,
    REASON_NO_MAPPINGS,
    REASON_PERMISSION,
    ProcessInfo,
    final_vmas,
    list_processes,
    maps_diff,
    read_process,
)
from vmastudio.engine.scenario import OpSpec, Scenario
from vmastudio.engine.snapshot import snapshot_of
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import VM_EXEC, VM_READ, VM_WRITE

LIB = "/usr/lib/x86_64-linux-gnu/libc.so.6"


def maps_line(start: int, end: int, perms: str = "rw-p", path: str = "", offset: int = 0) -> str:
    inode = 42 if path.startswith("/") else 0
    dev = "08:01" if inode else "00:00"
    return f"{start:x}-{end:x} {perms} {offset:08x} {dev} {inode} {path}".rstrip() + "\n"


def fake_process(
    root: Path,
    pid: int,
    name: str,
    uid: int = 0,
    maps: str | None = "",
    state: str = "S (sleeping)",
) -> Path:
    folder = root / str(pid)
    folder.mkdir()
    (folder / "comm").write_text(name + "\n")
    (folder / "status").write_text(
        f"Name:\t{name}\nUmask:\t0022\nState:\t{state}\nPid:\t{pid}\n"
        f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t0\t0\t0\t0\n"
    )
    if maps is not None:
        (folder / "maps").write_text(maps)
    return folder


THREE = (
    maps_line(0x400000, 0x401000, "r-xp", "/usr/bin/cat")
    + maps_line(0x600000, 0x621000, "rw-p", "[heap]")
    + maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]")
)


@pytest.fixture
def proc(tmp_path: Path) -> Path:
    root = tmp_path / "proc"
    root.mkdir()
    fake_process(root, 1, "init", maps=THREE)
    fake_process(root, 2, "kthreadd", maps="")
    fake_process(root, 300, "secret", uid=os.getuid(), maps=THREE)
    fake_process(root, 41, "zombie", maps="", state="Z (zombie)")
    fake_process(root, 5000, "nobody-knows", uid=4_000_000, maps=THREE + THREE)
    # Entries that are not processes.
    (root / "self").mkdir()
    (root / "meminfo").write_text("MemTotal: 1 kB\n")
    return root


def deny(monkeypatch: pytest.MonkeyPatch, suffix: str, error: OSError) -> None:
    """Make ``open`` in the process module fail for paths ending in ``suffix``."""
    real = open

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path).endswith(suffix):
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(processes, "open", fake_open, raising=False)


# -- list_processes on a fake /proc ---------------------------------------------------------


def test_lists_every_numeric_entry_by_pid(proc: Path) -> None:
    found = list_processes(proc)
    assert [p.pid for p in found] == [1, 2, 41, 300, 5000]
    init = found[0]
    assert init == ProcessInfo(1, "init", "root", 3, True, "")


def test_kernel_thread_and_zombie_are_not_readable(proc: Path) -> None:
    by_pid = {p.pid: p for p in list_processes(proc)}
    assert by_pid[2].readable is False
    assert by_pid[2].reason == REASON_NO_MAPPINGS
    assert by_pid[2].vma_count == 0
    assert by_pid[41].reason == REASON_EXITED


def test_unknown_uid_falls_back_to_the_number(proc: Path) -> None:
    info = read_process(5000, proc)
    assert info is not None
    assert info.user == "4000000"
    assert info.vma_count == 6


def test_permission_denied(proc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, "300/maps", PermissionError(errno.EACCES, "Permission denied"))
    by_pid = {p.pid: p for p in list_processes(proc)}
    secret = by_pid[300]
    assert secret.readable is False
    assert secret.reason == REASON_PERMISSION
    assert secret.vma_count is None
    assert secret.name == "secret"
    assert by_pid[1].readable


def test_other_read_errors_are_named(proc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, "1/maps", OSError(errno.EIO, "Input/output error"))
    info = read_process(1, proc)
    assert info is not None
    assert not info.readable
    assert info.reason == "cannot read maps: Input/output error"


@pytest.mark.parametrize(
    "error",
    [
        FileNotFoundError(errno.ENOENT, "gone"),
        ProcessLookupError(errno.ESRCH, "No such process"),
        OSError(errno.ESRCH, "No such process"),
    ],
)
def test_vanishing_while_maps_is_read(
    proc: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    deny(monkeypatch, "300/maps", error)
    info = read_process(300, proc)
    assert info is not None
    assert (info.readable, info.reason) == (False, REASON_EXITED)


@pytest.mark.parametrize("file", ["comm", "status"])
def test_vanishing_before_anything_was_read_drops_the_row(
    proc: Path, monkeypatch: pytest.MonkeyPatch, file: str
) -> None:
    deny(monkeypatch, f"300/{file}", ProcessLookupError(errno.ESRCH, "No such process"))
    assert 300 not in [p.pid for p in list_processes(proc)]
    assert read_process(300, proc) is None


def test_folder_removed_mid_scan(proc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory is listed, then the process exits before its files are read."""
    real = processes.read_process

    def racing(pid: int, root: Any = "/proc", **kwargs: Any) -> ProcessInfo | None:
        if pid == 41:
            shutil.rmtree(Path(root) / "41")
        return real(pid, root, **kwargs)

    monkeypatch.setattr(processes, "read_process", racing)
    assert [p.pid for p in list_processes(proc)] == [1, 2, 300, 5000]


def test_maps_vanishing_with_the_folder_reads_as_exited(proc: Path) -> None:
    (proc / "300" / "maps").unlink()
    info = read_process(300, proc)
    assert info is not None
    assert info.reason == REASON_EXITED


def test_no_such_process(proc: Path) -> None:
    assert read_process(999, proc) is None


def test_unreadable_comm_falls_back_to_status_name(
    proc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny(monkeypatch, "1/comm", PermissionError(errno.EACCES, "Permission denied"))
    info = read_process(1, proc)
    assert info is not None
    assert info.name == "init"


def test_missing_proc_root_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        list_processes(tmp_path / "nowhere")


def test_large_maps_counted_across_chunks(proc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_CHUNK", 7)
    text = "".join(maps_line(0x400000 + i * 0x2000, 0x401000 + i * 0x2000) for i in range(50))
    (proc / "1" / "maps").write_text(text + "\n\n")
    info = read_process(1, proc)
    assert info is not None
    assert info.vma_count == 50


def test_count_without_final_newline(proc: Path) -> None:
    (proc / "1" / "maps").write_text(THREE.rstrip("\n"))
    info = read_process(1, proc)
    assert info is not None and info.vma_count == 3


def test_open_is_used_for_reading(monkeypatch: pytest.MonkeyPatch, proc: Path) -> None:
    """The module reads through ``open`` (the tests above depend on patching it)."""
    calls: list[str] = []
    real = open

    def spy(path: Any, *args: Any, **kwargs: Any) -> io.IOBase:
        calls.append(os.fspath(path))
        return real(path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(processes, "open", spy, raising=False)
    read_process(1, proc)
    assert any(c.endswith("maps") for c in calls)


# -- the real /proc ---------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_real_proc_lists_this_process() -> None:
    found = {p.pid: p for p in list_processes()}
    me = found[os.getpid()]
    assert me.readable
    assert me.vma_count is not None and me.vma_count > 0
    assert me.name
    assert me.user


# -- maps_diff -------------------------------------------------------------------------------


def imported(text: str) -> Scenario:
    return parse_maps(text, "test").scenario


OLD = (
    maps_line(0x400000, 0x401000, "r-xp", "/usr/bin/cat")
    + maps_line(0x600000, 0x621000, "rw-p", "[heap]")
    + maps_line(0x7F0000000000, 0x7F0000001000, "r--p", LIB)
    + maps_line(0x7F0000001000, 0x7F0000003000, "r-xp", LIB, offset=0x1000)
    + maps_line(0x7F0000010000, 0x7F0000020000, "rw-p")
    + maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]")
)
NEW = (
    maps_line(0x400000, 0x401000, "r-xp", "/usr/bin/cat")  # unchanged
    + maps_line(0x600000, 0x642000, "rw-p", "[heap]")  # grown
    + maps_line(0x7F0000000000, 0x7F0000001000, "r--p", LIB)  # unchanged
    + maps_line(0x7F0000001000, 0x7F0000003000, "r--p", LIB, offset=0x1000)  # flags
    + maps_line(0x7F0000010000, 0x7F0000018000, "rw-p")  # shrunk
    + maps_line(0x7F0000030000, 0x7F0000031000, "rw-p", "/dev/zero")  # added
    + maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]")  # unchanged
)
REMOVED = maps_line(0x500000, 0x510000, "rw-s", "/tmp/shm")


def test_diff_kinds() -> None:
    diff = maps_diff(imported(OLD + REMOVED), imported(NEW))
    assert [v.start for v in diff.added] == [0x7F0000030000]
    assert [v.start for v in diff.removed] == [0x500000]
    assert [(c.old.end, c.new.end) for c in diff.grown] == [(0x621000, 0x642000)]
    assert [(c.old.end, c.new.end) for c in diff.shrunk] == [(0x7F0000020000, 0x7F0000018000)]
    assert [c.start for c in diff.changed] == [0x7F0000001000]
    assert diff.changed[0].fields() == ["flags"]
    assert diff.changed[0].old.flags == VM_READ | VM_EXEC
    assert diff.changed[0].new.flags == VM_READ
    assert diff.unchanged == 3
    assert diff
    assert diff.summary() == "+1 -1 grown 1 shrunk 1 changed 1"


def test_file_change_is_a_change() -> None:
    old = imported(maps_line(0x400000, 0x401000, "rw-s", "/a"))
    new = imported(maps_line(0x400000, 0x401000, "rw-s", "/b"))
    diff = maps_diff(old, new)
    assert [c.fields() for c in diff.changed] == [["file", "name"]]


def test_same_maps_no_diff() -> None:
    diff = maps_diff(imported(OLD), imported(OLD))
    assert not diff
    assert diff.as_ops() == []
    assert diff.unchanged == 6


def test_as_ops_erase_then_insert_in_address_order() -> None:
    diff = maps_diff(imported(OLD + REMOVED), imported(NEW))
    ops = diff.as_ops()
    kinds = [op.op for op in ops]
    assert kinds == ["erase"] * 4 + ["insert"] * 4
    erases = [op.start for op in ops if op.op == "erase"]
    assert erases == sorted(erases) == [0x500000, 0x600000, 0x7F0000001000, 0x7F0000010000]
    inserts = [op.vma.start for op in ops if op.vma is not None]
    assert inserts == sorted(inserts)
    # Ops carry copies: editing them does not change the diff.
    first = ops[4].vma
    assert first is not None
    first.end += 0x1000
    assert diff.grown[0].new.end == 0x642000


def _engine_ranges(scenario: Scenario) -> list[tuple[int, int, int]]:
    timeline = Timeline(scenario)
    snap = snapshot_of(timeline.state(len(timeline)))
    return [(n.start, n.end, n.flags) for n in snap.inorder()]


def test_as_ops_replayed_by_the_engine_reach_the_new_state() -> None:
    old = imported(OLD + REMOVED)
    new = imported(NEW)
    ops = maps_diff(old, new).as_ops()
    replay = Timeline(old)
    for op in ops:
        assert replay.append(op).result == 0, op
    assert _engine_ranges(old) == _engine_ranges(new)
    # The old scenario now holds the refresh; diffing it again finds nothing.
    assert not maps_diff(old, new)


def test_final_vmas_follows_erases_and_failed_inserts() -> None:
    scenario = imported(maps_line(0x400000, 0x402000) + maps_line(0x500000, 0x501000))
    scenario.ops.append(OpSpec("insert", vma=scenario.ops[0].vma))  # overlap: -ENOMEM
    scenario.ops.append(OpSpec("erase", start=0x500000))
    scenario.ops.append(OpSpec("erase", start=0x123000))  # nothing there
    vmas = final_vmas(scenario)
    assert sorted(vmas) == [0x400000]
    assert vmas[0x400000].flags == VM_READ | VM_WRITE


def test_stack_growing_down_is_removed_and_added() -> None:
    old = imported(maps_line(0x7FFC0000, 0x7FFE1000, "rw-p", "[stack]"))
    new = imported(maps_line(0x7FFB0000, 0x7FFE1000, "rw-p", "[stack]"))
    diff = maps_diff(old, new)
    assert [v.start for v in diff.removed] == [0x7FFC0000]
    assert [v.start for v in diff.added] == [0x7FFB0000]
    replay = Timeline(old)
    assert [replay.append(op).result for op in diff.as_ops()] == [0, 0]
