"""Writing an export: atomically, never over its own input, leaving nothing behind.

A temporary file in the target folder (``.vmastudio-<pid>-<random>.part``), ``fsync``,
then ``os.replace``: a failed or killed export leaves the old file as it was. The new
file keeps the mode of the file it replaces (else the umask's default, as ``open`` would
give). Leftovers of a killed writer (our own patterns only: ``.vmastudio-*.part`` whose
process is gone, and the ``.<name>.*.tmp`` of earlier versions) are removed at the next
write into that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time


class ExportError(Exception):
    """A problem the user can fix (bad step, unknown part, unwritable target): one line."""


_PART = re.compile(r"^\.vmastudio-(?:(\d+)-)?[A-Za-z0-9_]+\.part$")
#: A leftover without a process id is stale once it is this old (seconds).
STALE_AFTER = 10.0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: assume it is writing
    return True


def clean_stale(folder: str, target_name: str = "") -> list[str]:
    """Remove our own stale temporary files in ``folder``; returns their names."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    tmp_prefix = f".{target_name}." if target_name else None
    for name in names:
        stale = False
        m = _PART.match(name)
        path = os.path.join(folder, name)
        if m is not None:
            pid = m.group(1)
            stale = not _alive(int(pid)) if pid is not None else _older(path, now)
        elif tmp_prefix is not None and name.startswith(tmp_prefix) and name.endswith(".tmp"):
            stale = _older(path, now)
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed.append(name)
    return removed


def _older(path: str, now: float) -> bool:
    try:
        return now - os.lstat(path).st_mtime > STALE_AFTER
    except OSError:
        return False


def _mode_for(target: str) -> int:
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Temporary file in the target folder, ``fsync``, then ``os.replace``.

    Raises ``ExportError`` naming the target and the reason (permission, disk full…).
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise ExportError(f"{target}: is a folder")
    clean_stale(folder, os.path.basename(target))
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".vmastudio-{os.getpid()}-", suffix=".part", dir=folder)
        # mkstemp makes the file private (0600); keep the old file's mode, or the umask's.
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def check_writable(path: str | os.PathLike[str], source: str | None = None) -> None:
    """Fail early, before any rendering, when the target cannot be written, or when it is
    the input itself (the same file, also through a symbolic or hard link)."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if source is not None and same_file(source, target):
        raise ExportError(f"{target}: is the input file; choose another output")
    if os.path.isdir(target):
        raise ExportError(f"{target}: is a folder")
    if not os.path.isdir(folder):
        raise ExportError(f"{target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{target}: cannot write (permission denied)")
    if os.path.exists(target) and not os.access(target, os.W_OK):
        raise ExportError(f"{target}: cannot write (permission denied)")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (links followed); False when either is missing."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
