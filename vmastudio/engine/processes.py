"""Live processes from ``/proc``, and what changed between two reads of one process's maps.

``list_processes()`` reads ``/proc`` directly (no psutil): for every numeric entry, the
name from ``comm``, the user from the real uid on the ``Uid:`` line of ``status`` and the
number of VMAs as the number of lines of ``maps``. Processes come and go while the scan
runs: one that vanished before anything about it was read is left out; one that vanished
or became a zombie while its maps were read is listed as unreadable, reason ``"exited"``.

``maps_diff()`` compares two maps imports (the VMAs their ops leave, keyed by start) and
``MapsDiff.as_ops()`` turns the difference into ops that take the old state to the new.
"""

from __future__ import annotations

import errno
import os
import pwd
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from .scenario import OpSpec, Scenario, VmaSpec

__all__ = [
    "REASON_EXITED",
    "REASON_NO_MAPPINGS",
    "REASON_PERMISSION",
    "MapsDiff",
    "ProcessInfo",
    "VmaChange",
    "final_vmas",
    "list_processes",
    "maps_diff",
    "read_process",
]

#: Why a process's maps cannot be opened (the window translates these three; any other
#: reason is ``"cannot read maps: <strerror>"``).
REASON_PERMISSION = "permission denied"
REASON_EXITED = "exited"
REASON_NO_MAPPINGS = "no mappings (kernel thread)"

_CHUNK = 1 << 20
#: Errors that mean "the process is gone" when reading one of its files.
_GONE = (errno.ENOENT, errno.ESRCH)


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """One row of the process list."""

    pid: int
    name: str
    user: str
    #: Lines of ``maps`` (None when it could not be read).
    vma_count: int | None
    readable: bool
    #: Why it cannot be opened ("" when ``readable``).
    reason: str = ""


class _Gone(Exception):
    """The process vanished while being read."""


def _read(path: str) -> bytes:
    """A whole ``/proc`` file (size 0 on disk, so read until EOF)."""
    with open(path, "rb", buffering=0) as fh:
        chunks: list[bytes] = []
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _read_small(path: str) -> bytes:
    try:
        return _read(path)
    except (FileNotFoundError, ProcessLookupError):
        raise _Gone from None
    except OSError as exc:
        if exc.errno in _GONE:
            raise _Gone from None
        raise


def _count_lines(path: str) -> int:
    """Non-blank lines of a file, read in large chunks (a 65,530-line maps is ~6 MB)."""
    count = 0
    tail = b""
    with open(path, "rb", buffering=0) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            count += sum(1 for line in lines if line.strip())
    if tail.strip():
        count += 1
    return count


def _status_fields(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key] = value.strip()
    return out


def _user_name(uid: int, cache: dict[int, str]) -> str:
    found = cache.get(uid)
    if found is None:
        try:
            found = pwd.getpwuid(uid).pw_name
        except (KeyError, OverflowError):
            found = str(uid)
        cache[uid] = found
    return found


def _maps_state(folder: str, status: dict[str, str]) -> tuple[int | None, str]:
    """(line count, reason) of ``folder/maps``; the reason is "" when it can be opened."""
    try:
        count = _count_lines(os.path.join(folder, "maps"))
    except PermissionError:
        return None, REASON_PERMISSION
    except (FileNotFoundError, ProcessLookupError):
        return None, REASON_EXITED
    except OSError as exc:
        if exc.errno in _GONE:
            return None, REASON_EXITED
        if exc.errno == errno.EACCES or exc.errno == errno.EPERM:
            return None, REASON_PERMISSION
        return None, f"cannot read maps: {exc.strerror or exc}"
    if count:
        return count, ""
    # Empty maps: a kernel thread, or a process that exited but is not reaped yet.
    if not os.path.isdir(folder) or status.get("State", "")[:1] in ("Z", "X"):
        return 0, REASON_EXITED
    return 0, REASON_NO_MAPPINGS


def read_process(
    pid: int, proc_root: str | os.PathLike[str] = "/proc", *, _users: dict[int, str] | None = None
) -> ProcessInfo | None:
    """One process's row, or None when there is no such process (or it vanished)."""
    folder = os.path.join(os.fspath(proc_root), str(pid))
    users = _users if _users is not None else {}
    try:
        name = _read_small(os.path.join(folder, "comm")).decode("utf-8", "replace").strip("\n")
    except _Gone:
        return None
    except OSError:
        name = ""
    try:
        status = _status_fields(_read_small(os.path.join(folder, "status")))
    except _Gone:
        return None
    except OSError:
        status = {}
    name = name or status.get("Name", "")
    uid_field = status.get("Uid", "").split()
    user = _user_name(int(uid_field[0]), users) if uid_field[:1] and uid_field[0].isdigit() else ""
    count, reason = _maps_state(folder, status)
    return ProcessInfo(pid, name, user, count, not reason, reason)


def list_processes(proc_root: str | os.PathLike[str] = "/proc") -> list[ProcessInfo]:
    """Every process under ``proc_root``, by pid. Raises ``OSError`` if it cannot be listed."""
    pids: list[int] = []
    with os.scandir(proc_root) as entries:
        for entry in entries:
            if entry.name.isdigit() and entry.name[0] != "0":
                pids.append(int(entry.name))
    users: dict[int, str] = {}
    found = (read_process(pid, proc_root, _users=users) for pid in sorted(pids))
    return [info for info in found if info is not None]


# -- the diff of two maps reads ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VmaChange:
    """A VMA that starts at the same address in both reads but differs."""

    old: VmaSpec
    new: VmaSpec

    @property
    def start(self) -> int:
        return self.old.start

    def fields(self) -> list[str]:
        """What differs: among ``end``, ``flags``, ``file``, ``pgoff``, ``special``, ``name``."""
        names = ("end", "flags", "file", "pgoff", "special", "name")
        return [n for n in names if getattr(self.old, n) != getattr(self.new, n)]


@dataclass(slots=True)
class MapsDiff:
    """What changed from one maps read to the next; every list is in address order.

    ``grown``/``shrunk``: same start, a later/earlier end (other fields may differ too);
    ``changed``: same range, different flags, file, offset or name.
    """

    added: list[VmaSpec] = field(default_factory=list)
    removed: list[VmaSpec] = field(default_factory=list)
    grown: list[VmaChange] = field(default_factory=list)
    shrunk: list[VmaChange] = field(default_factory=list)
    changed: list[VmaChange] = field(default_factory=list)
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.grown or self.shrunk or self.changed)

    def modified(self) -> list[VmaChange]:
        """Grown, shrunk and changed together, in address order."""
        return sorted([*self.grown, *self.shrunk, *self.changed], key=lambda c: c.start)

    def as_ops(self) -> list[OpSpec]:
        """Ops that take the old state to the new one: first the erases (removed and
        modified VMAs), then the inserts (added and modified), each group by address.

        Erasing everything first keeps every insert free of overlaps with the old state.
        """
        modified = self.modified()
        erases = sorted([v.start for v in self.removed] + [c.start for c in modified])
        inserts = sorted([*self.added, *(c.new for c in modified)], key=lambda v: v.start)
        ops = [OpSpec("erase", start=start) for start in erases]
        ops += [OpSpec("insert", vma=_copy(vma)) for vma in inserts]
        return ops

    def summary(self) -> str:
        """``"+2 -1 grown 1 shrunk 0 changed 0"`` (English; the window has its own)."""
        return (
            f"+{len(self.added)} -{len(self.removed)} grown {len(self.grown)} "
            f"shrunk {len(self.shrunk)} changed {len(self.changed)}"
        )


def _copy(vma: VmaSpec) -> VmaSpec:
    return VmaSpec(vma.start, vma.end, vma.flags, vma.file, vma.pgoff, vma.special, vma.name)


def final_vmas(scenario: Scenario) -> dict[int, VmaSpec]:
    """The VMAs a scenario leaves, by start: its initial VMAs, then its insert and erase
    ops in order (an insert overlapping a present VMA is a trial that fails, -ENOMEM).

    For a maps import this is simply its insert ops' VMAs; after a refresh was appended
    (erases and inserts), it is the refreshed set.
    """
    vmas: dict[int, VmaSpec] = {}
    starts: list[int] = []  # sorted; the VMAs are disjoint

    def add(spec: VmaSpec) -> None:
        i = bisect_left(starts, spec.end)
        if i and vmas[starts[i - 1]].end > spec.start:
            return  # overlaps the last VMA starting below spec.end: -ENOMEM
        insort(starts, spec.start)
        vmas[spec.start] = spec

    for spec in scenario.initial:
        add(spec)
    for op in scenario.ops:
        if op.op == "insert" and op.vma is not None:
            add(op.vma)
        elif op.op == "erase" and op.start in vmas:
            del vmas[op.start]
            del starts[bisect_left(starts, op.start)]
    return vmas


def maps_diff(old: Scenario, new: Scenario) -> MapsDiff:
    """Compare the VMAs two scenarios leave (two maps reads of one process), by start."""
    before = final_vmas(old)
    after = final_vmas(new)
    diff = MapsDiff()
    for start in sorted(before.keys() | after.keys()):
        a = before.get(start)
        b = after.get(start)
        if a is None:
            assert b is not None
            diff.added.append(b)
        elif b is None:
            diff.removed.append(a)
        elif b.end > a.end:
            diff.grown.append(VmaChange(a, b))
        elif b.end < a.end:
            diff.shrunk.append(VmaChange(a, b))
        elif VmaChange(a, b).fields():
            diff.changed.append(VmaChange(a, b))
        else:
            diff.unchanged += 1
    return diff
