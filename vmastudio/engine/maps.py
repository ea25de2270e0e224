"""``/proc/PID/maps`` import: every mapping line becomes an insert op, in file order.

A line reads ``start-end perms offset dev inode [path]`` (``fs/proc/task_mmu.c``,
``show_map_vma()``): hex addresses without ``0x``, permissions ``rwxp``/``rwxs``, the
file offset in bytes (hex), the device ``major:minor`` (hex), the inode (decimal) and,
after padding, an optional path or pseudo-name that may contain spaces.

How a line becomes a ``VmaSpec``:

- flags: ``r`` → ``VM_READ``, ``w`` → ``VM_WRITE``, ``x`` → ``VM_EXEC``, ``s`` →
  ``VM_SHARED`` (``p``, private, sets nothing); ``[stack]`` adds ``VM_GROWSDOWN``;
- an absolute path → ``file`` (a trailing `` (deleted)`` is dropped from ``file`` and
  kept in ``name``), ``name`` is its basename; the offset → ``pgoff`` (bytes >> 12);
- ``[heap]``, ``[stack]``, ``[stack:TID]``, ``[anon:...]`` and no path → anonymous
  (``file`` None), the bracketed name kept in ``name``;
- any other bracketed name (``[vdso]``, ``[vvar]``, ``[vvar_vclock]``, ...) and any other
  pseudo-name (``anon_inode:[perf_event]``) → ``special`` (``vm_ops``, no file);
- ``[vsyscall]`` and anything ending above ``TASK_SIZE`` → skipped with a notice.

Problems raise ``ScenarioError`` naming the source and the 1-based line number; nothing is
half-imported.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .mm import KERNELS, Kernel
from .problems import Problem, at_byte, at_line, at_process, os_reason, within
from .scenario import (
    MAX_FILE_BYTES,
    MAX_NAME,
    MAX_OPS,
    OpSpec,
    Scenario,
    ScenarioError,
    VmaSpec,
    check_range,
    parse_address,
    read_limited,
    shown,
)
from .vma import (
    PAGE_SHIFT,
    PAGE_SIZE,
    TASK_SIZE,
    VM_EXEC,
    VM_GROWSDOWN,
    VM_READ,
    VM_SHARED,
    VM_WRITE,
)

__all__ = ["MapsImport", "looks_like_maps", "parse_maps", "read_maps_file", "read_pid_maps"]

#: The shape of a line; the permissions are checked separately for a precise message.
_LINE = re.compile(
    r"(?P<start>[0-9a-fA-F]+)-(?P<end>[0-9a-fA-F]+)[ \t]+(?P<perms>\S+)"
    r"[ \t]+(?P<offset>[0-9a-fA-F]+)[ \t]+(?P<dev>[0-9a-fA-F]+:[0-9a-fA-F]+)"
    r"[ \t]+(?P<inode>[0-9]+)(?:[ \t]+(?P<path>.*))?"
)
_PERMS = re.compile(r"[r-][w-][x-][ps]")
#: Every permissions field ``_PERMS`` accepts, and the flags it sets.
_PERM_FLAGS: dict[str, int] = {
    r + w + x + s: (VM_READ if r == "r" else 0)
    | (VM_WRITE if w == "w" else 0)
    | (VM_EXEC if x == "x" else 0)
    | (VM_SHARED if s == "s" else 0)
    for r in "r-"
    for w in "w-"
    for x in "x-"
    for s in "ps"
}
_HEX_DIGITS = "0123456789abcdefABCDEF"
#: A whole text of lines laid out exactly as the kernel prints them (``_fast_fields``'s
#: layout), matched by one ``findall``; its groups: start, end, perms, offset, path.
_KERNEL_LINE = re.compile(
    r"^[ \t]*([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,16}) ([r-][w-][x-][ps]) ([0-9a-fA-F]{1,16})"
    r" [0-9a-fA-F]+:[0-9a-fA-F]+ [0-9]+(?: ([^\n]*))?$",
    re.MULTILINE,
)
_DELETED = " (deleted)"
_ANON_NAME = re.compile(r"\[(?:heap|stack|stack:[0-9]+|anon:.*)\]")
#: How much of a file ``looks_like_maps`` examines to find its first non-blank line.
_SNIFF_BYTES = 64 * 1024
_READ_CHUNK = 1 << 20
#: Where live processes are read (tests point it at a folder of fake processes).
PROC_ROOT = "/proc"


@dataclass
class MapsImport:
    """The scenario built from a maps text, and what was left out of it (one per line)."""

    scenario: Scenario
    notices: list[str] = field(default_factory=list)


def _kernel_profile(kernel: str) -> Kernel:
    for profile in KERNELS:
        if profile == kernel:
            return profile
    names = ", ".join(KERNELS)
    raise ScenarioError(
        "kernel", Problem("scenario.unknown_kernel", kernel=repr(kernel), known=names)
    )


def _flags(perms: str, where: str) -> int:
    if not _PERMS.fullmatch(perms):
        raise ScenarioError(where, Problem("maps.bad_permissions", perms=shown(perms)))
    flags = 0
    for char, bit in zip(perms, (VM_READ, VM_WRITE, VM_EXEC, VM_SHARED), strict=True):
        if char != "-" and char != "p":
            flags |= bit
    return flags


def _vma_from_name(start: int, end: int, flags: int, pgoff: int, path: str) -> VmaSpec:
    # VmaSpec's fields by position (start, end, flags, file, pgoff, special, name): this
    # runs once per line, and keywords cost a third more.
    if not path:
        return VmaSpec(start, end, flags, None, pgoff, False, "")
    if path[0] == "/":
        file = path
        name = path.rpartition("/")[2]  # posixpath.basename
        if path.endswith(_DELETED) and len(path) > len(_DELETED):
            file = path[: -len(_DELETED)]
            name = file.rpartition("/")[2] + _DELETED
        return VmaSpec(start, end, flags, file, pgoff, False, name)
    if _ANON_NAME.fullmatch(path):
        if path == "[stack]":
            flags |= VM_GROWSDOWN
        return VmaSpec(start, end, flags, None, pgoff, False, path)
    return VmaSpec(start, end, flags, None, pgoff, True, path)


def _lines(text: str) -> list[str]:
    """Split on ``\\n`` only (file names may hold other line-break characters)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _fast_fields(text: str) -> tuple[int, int, int, int, str] | None:
    """``start, end, offset, flags, path`` of a line laid out as the kernel prints it
    (single spaces, at most 16 hex digits per number), by ``split``; None for any other
    line, which ``_checked_fields`` then reads with the regex and its error messages.

    Accepts only lines ``_LINE`` and ``parse_address`` accept, with the same values: a
    65,530-line file parses ~3x faster than with a regex and three ``parse_address``
    calls per line. O(len(text)).
    """
    parts = text.split(" ", 5)
    if len(parts) < 5:
        return None
    span, perms, offset, dev, inode = parts[0], parts[1], parts[2], parts[3], parts[4]
    start, dash, end = span.partition("-")
    major, colon, minor = dev.partition(":")
    flags = _PERM_FLAGS.get(perms)
    if (
        flags is None
        or not dash
        or not colon
        or not 0 < len(start) <= 16
        or not 0 < len(end) <= 16
        or not 0 < len(offset) <= 16
        or not major
        or not minor
        or start.strip(_HEX_DIGITS)
        or end.strip(_HEX_DIGITS)
        or offset.strip(_HEX_DIGITS)
        or major.strip(_HEX_DIGITS)
        or minor.strip(_HEX_DIGITS)
        or not inode.isdigit()
        or not inode.isascii()
    ):
        return None
    path = parts[5].strip(" \t") if len(parts) == 6 else ""
    return int(start, 16), int(end, 16), int(offset, 16), flags, path


#: ``(line number, start, end, offset, flags, path)`` of one line.
_Row = tuple[int, int, int, int, int, str]


def _kernel_rows(text: str) -> list[_Row] | None:
    """Every line's fields when *every* line is laid out as the kernel prints it (no blank
    line, no ``\\r``), read by one regex pass over the text instead of a ``split`` per
    line; None otherwise (the text is then read line by line).

    Each row holds what ``_fast_fields`` would read from that line. O(len(text)).
    """
    if "\r" in text:
        return None
    found = _KERNEL_LINE.findall(text)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(found) != lines:
        return None
    flags_of = _PERM_FLAGS
    return [
        (number, int(start, 16), int(end, 16), int(offset, 16), flags_of[perms], path.strip(" \t"))
        for number, (start, end, perms, offset, path) in enumerate(found, start=1)
    ]


def _line_rows(text: str, source: str) -> Iterator[_Row]:
    """The fields of each non-blank line, one line at a time (any layout ``_LINE`` reads;
    a line it cannot read raises its problem)."""
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        # The ``where`` of a message is only formatted for a line that fails.
        stripped = line.strip(" \t")
        fields = _fast_fields(stripped)
        if fields is None:
            fields = _checked_fields(line, stripped, within(source, at_line(number)))
        start, end, offset, flags, path = fields
        yield number, start, end, offset, flags, path


def _checked_fields(line: str, text: str, where: str) -> tuple[int, int, int, int, str]:
    """The fields of any other line, through ``_LINE``: raises the precise problem."""
    match = _LINE.fullmatch(text)
    if match is None:
        shown = line if len(line) <= 60 else line[:57] + "..."
        raise ScenarioError(where, Problem("maps.bad_line", got=repr(shown)))
    start = parse_address("0x" + match["start"], where)
    end = parse_address("0x" + match["end"], where)
    offset = parse_address("0x" + match["offset"], where)
    flags = _flags(match["perms"], where)
    path = (match["path"] or "").strip(" \t")
    return start, end, offset, flags, path


def parse_maps(
    text: str, source: str = "maps", kernel: str = "4.0", *, title: str = ""
) -> MapsImport:
    """Turn a ``/proc/PID/maps`` text into a scenario of insert ops, in file order.

    ``source`` starts every error message (``"maps: line 3: bad permissions 'rwz'"``);
    ``title`` defaults to ``source``.
    """
    profile = _kernel_profile(kernel)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        number = text[: text.index("\x00")].count("\n") + 1
        raise ScenarioError(within(source, at_line(number)), Problem("file.nul_byte"))
    rows = _kernel_rows(text)
    ops: list[OpSpec] = []
    line_of: list[int] = []
    notices: list[str] = []
    seen_any = False
    in_order = True  # every VMA starts at or after the end of the one before it
    last_end = 0
    for number, start, end, offset, flags, path in rows or _line_rows(text, source):
        seen_any = True
        if len(path) > MAX_NAME:  # the kernel prints at most PATH_MAX
            raise ScenarioError(
                within(source, at_line(number)),
                Problem("file.path_too_long", count=len(path), limit=MAX_NAME),
            )
        if path == "[vsyscall]" or end > TASK_SIZE:
            label = path or f"{start:x}-{end:x}"
            reason = Problem("maps.above_top") if end > TASK_SIZE else Problem("maps.vsyscall")
            notices.append(Problem("maps.skipped", line=number, label=label, reason=reason))
            continue
        if start % PAGE_SIZE or end % PAGE_SIZE or end <= start:
            where = within(source, at_line(number))
            try:
                check_range(start, end, where)
            except ScenarioError as exc:
                raise ScenarioError(where, exc.problem) from None
        if offset % PAGE_SIZE:
            raise ScenarioError(
                within(source, at_line(number)),
                Problem("range.offset_not_aligned", value=f"0x{offset:x}"),
            )
        vma = _vma_from_name(start, end, flags, offset >> PAGE_SHIFT, path)
        ops.append(OpSpec("insert", vma))
        line_of.append(number)
        if start < last_end:
            in_order = False
        last_end = end
        if len(ops) > MAX_OPS:
            raise ScenarioError(source, Problem("maps.too_many", limit=MAX_OPS))
    if not seen_any:
        raise ScenarioError(source, Problem("maps.none"))
    if not ops:
        raise ScenarioError(source, Problem("maps.none_below_top"))
    if not in_order:
        # In address order and apart (as the kernel prints them) nothing can overlap;
        # otherwise sort and compare neighbours.
        _check_overlaps(ops, line_of, source)
    scenario = Scenario(ops=ops, kernel=profile, title=title or source)
    return MapsImport(scenario, notices)


def _check_overlaps(ops: list[OpSpec], line_of: list[int], source: str) -> None:
    vmas = [op.vma for op in ops if op.vma is not None]
    starts = [v.start for v in vmas]
    # Stable, so equal starts keep file order (``line_of`` ascends with the index); a
    # file in address order, as the kernel prints it, sorts in one linear pass.
    order = sorted(range(len(vmas)), key=starts.__getitem__)
    for a, b in itertools.pairwise(order):
        if vmas[b].start < vmas[a].end:
            first, second = sorted((a, b), key=lambda i: line_of[i])
            other = vmas[first]
            raise ScenarioError(
                within(source, at_line(line_of[second])),
                Problem(
                    "maps.overlaps",
                    line=line_of[first],
                    range=f"[{other.start:x}-{other.end:x})",
                ),
            )


def read_maps_file(path: str | os.PathLike[str], kernel: str = "4.0") -> MapsImport:
    """Read a saved maps text (strict UTF-8, size-limited); errors name the file."""
    data = read_limited(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            within(str(path), at_byte(exc.start)), Problem("file.not_utf8")
        ) from None
    return parse_maps(text, str(path), kernel, title=Path(path).name)


def _read_proc_bytes(path: Path) -> bytes:
    """A ``/proc`` file's bytes, read in few large ``read()`` calls (a consistent snapshot).

    ``/proc`` files report size 0, so the limit is enforced while reading.
    """
    chunks: list[bytes] = []
    total = 0
    with path.open("rb", buffering=0) as fh:
        while True:
            chunk = fh.read(_READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise ScenarioError(
                    str(path), Problem("file.too_large_limit", limit=MAX_FILE_BYTES)
                )
    return b"".join(chunks)


def _comm(folder: Path) -> str:
    try:
        raw = _read_proc_bytes(folder / "comm")
    except (OSError, ScenarioError):
        return ""
    return raw.decode("utf-8", errors="replace").strip("\n")


def read_pid_maps(
    pid: int, proc_root: str | os.PathLike[str] | None = None, kernel: str = "4.0"
) -> MapsImport:
    """Import a live process's ``<proc_root>/<pid>/maps`` (default root: ``PROC_ROOT``).

    Nothing is half-imported: a process that exits while its maps are read makes the
    kernel end the read early (at a line boundary, with no error), so the read is refused
    with "exited while being read" when, after it, the process is gone, its
    ``stat`` state is zombie or dead, the text ends mid-line, or a second read is empty
    or longer.

    File names that are not valid UTF-8 are shown with ``\\x`` escapes (with a notice).
    """
    if isinstance(pid, bool) or not isinstance(pid, int) or pid <= 0:
        raise ScenarioError(at_process(repr(pid)), Problem("process.bad_pid"))
    where = at_process(pid)
    root = Path(proc_root if proc_root is not None else PROC_ROOT)
    folder = root / str(pid)
    maps = folder / "maps"
    if not root.is_dir():
        raise ScenarioError(
            where,
            Problem(
                "process.cannot_read",
                path=str(maps),
                reason=Problem("process.no_proc", root=str(root)),
            ),
        )
    if not folder.is_dir():
        raise ScenarioError(where, Problem("process.none"))
    try:
        data = _read_proc_bytes(maps)
    except FileNotFoundError:
        if folder.exists():
            raise ScenarioError(
                where,
                Problem("process.cannot_read", path=str(maps), reason=Problem("file.no_such_file")),
            ) from None
        raise ScenarioError(where, Problem("process.vanished", path=str(maps))) from None
    except PermissionError:
        raise ScenarioError(where, Problem("process.permission_denied", path=str(maps))) from None
    except ProcessLookupError:
        raise ScenarioError(where, Problem("process.exited")) from None
    except OSError as exc:
        if exc.errno == errno.ESRCH:
            raise ScenarioError(where, Problem("process.exited")) from None
        raise ScenarioError(
            where, Problem("process.cannot_read", path=str(maps), reason=os_reason(exc))
        ) from None
    if not data.strip():
        if not folder.exists() or _exited(folder) or _kthread(folder) is False:
            # A user process reads empty only when its memory is already gone.
            raise ScenarioError(where, Problem("process.exited"))
        raise ScenarioError(where, Problem("maps.none_kernel_thread"))
    data, changing = _settled(folder, maps, data, where)
    notices: list[str] = []
    if changing:
        notices.append(within(where, Problem("process.changing")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="backslashreplace")
        notices.append(within(where, Problem("process.not_utf8_names")))
    comm = _comm(folder)
    title = f"process {pid} ({comm})" if comm else f"process {pid}"
    result = parse_maps(text, where, kernel, title=title)
    result.notices[:0] = notices
    return result


#: Once two reads of a process's maps disagree, how long it is watched (reads, with
#: ``CONFIRM_S`` pauses while they agree) for an exit before the last read is taken: a
#: process tearing itself down (unmapping, then exiting: 20,000 mappings go in ~170 ms)
#: is refused as exited instead of imported half-unmapped.
WATCH_S = 1.0
CONFIRM_S = 0.05


def _settled(folder: Path, maps: Path, data: bytes, where: str) -> tuple[bytes, bool]:
    """``data`` (a non-empty read of ``maps``) checked against the process's exit.

    A second read equal to the first: the first, at once. Reads that disagree: the process
    is watched for ``WATCH_S``; if it lives on, the last read with ``True`` (changed, for
    a notice: a live process may map and unmap while it is read).

    Raises "exited while being read" when, after any read, the process is gone or a
    zombie, a read ends mid-line (the kernel writes whole lines) or is empty (its memory
    is gone), or a read is an earlier read cut short (a later one is the same text,
    longer).
    """
    exited = ScenarioError(where, Problem("process.exited"))
    prev = data
    changed = False
    deadline = 0.0
    while True:
        if not prev.endswith(b"\n") or not folder.exists() or _exited(folder):
            raise exited
        if changed and time.monotonic() >= deadline:
            return prev, True
        try:
            again = _read_proc_bytes(maps)
        except (OSError, ScenarioError):
            raise exited from None
        if not again.strip():
            raise exited
        if again == prev:
            if not changed:
                return prev, False
            time.sleep(CONFIRM_S)
            continue
        if len(again) > len(prev) and again.startswith(prev):
            raise exited  # the earlier read stopped early
        if not changed:
            changed = True
            deadline = time.monotonic() + WATCH_S
        prev = again


def _state(folder: Path) -> str:
    """The state letter of ``<folder>/stat`` ("" when it cannot be read)."""
    try:
        raw = (folder / "stat").read_bytes()
    except OSError:
        return ""
    # Field 2 (comm) may hold spaces and parentheses: the state follows its last ")".
    fields = raw.rpartition(b")")[2].split()
    return fields[0].decode("ascii", "replace") if fields else ""


#: ``PF_KTHREAD`` in the flags of ``/proc/PID/stat`` (field 9): a kernel thread.
_PF_KTHREAD = 0x00200000


def _kthread(folder: Path) -> bool | None:
    """Whether the process is a kernel thread, from its ``stat`` flags (None: unknown)."""
    try:
        raw = (folder / "stat").read_bytes()
    except OSError:
        return None
    fields = raw.rpartition(b")")[2].split()
    if len(fields) < 7 or not fields[6].isdigit():
        return None
    return bool(int(fields[6]) & _PF_KTHREAD)


def _exited(folder: Path) -> bool:
    """Whether the process has exited but not been reaped yet (state Z or X): its maps read
    empty, like a kernel thread's, but it is gone."""
    if _state(folder)[:1] in ("Z", "X", "x"):
        return True
    try:
        status = (folder / "status").read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return not folder.exists()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("State:"):
            return line.split(":", 1)[1].strip()[:1] in ("Z", "X")
    return False


def looks_like_maps(data: bytes) -> bool:
    """Whether the first non-blank line has the shape of a ``/proc/PID/maps`` line."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for raw in head.split(b"\n"):
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            continue
        match = _LINE.fullmatch(line)
        return match is not None and _PERMS.fullmatch(match["perms"]) is not None
    return False
