"""Crash logs: an unexpected exception leaves ``crash-YYYYmmdd-HHMMSS.txt`` behind.

``write_crash_log(exc)`` writes the traceback, the version of VMA Studio, Python, Qt and
the platform to the user's data directory (``AppDataLocation``) through ``QSaveFile``
and returns the file's path (None when even that failed: it never raises). The log's
path is added to the exception as a note, so the dialog of ``errors.report`` shows it in
its details.

Wiring: ``install_crash_log(window)`` right after ``errors.install_excepthook(window)``
wraps the hook in place (a hook installed later, e.g. by a language switch, replaces it).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from .. import __version__

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtWidgets import QWidget

# What writing a log needs (platform, datetime, QSaveFile, the dialog's window class) is
# imported when a log is written: the hook is installed before the first frame paints.

#: Logs kept in the folder; older ones are deleted when a new one is written.
KEEP = 20

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashLog", text)


def crash_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def report_text(exc: BaseException, when: datetime | None = None) -> str:
    """The log's text: versions, time, then the traceback."""
    import platform
    import traceback
    from datetime import datetime

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    when = when or datetime.now().astimezone()
    head = [
        f"VMA Studio {__version__}",
        f"time: {when.isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"qt: {qVersion()}, pyside6: {pyside_version}",
        f"platform: {platform.platform()}",
        f"argv: {sys.argv!r}",
        "",
    ]
    return "\n".join(head) + "".join(traceback.format_exception(exc))


def write_crash_log(
    exc: BaseException, folder: str | Path | None = None, when: datetime | None = None
) -> Path | None:
    """Write ``crash-YYYYmmdd-HHMMSS.txt`` (``-2``, ``-3``… within one second).

    Returns its path, or None when it could not be written (a message goes to stderr).
    Never raises: it runs while something else has already gone wrong.
    """
    try:
        from datetime import datetime

        from PySide6.QtCore import QIODevice, QSaveFile

        when = when or datetime.now().astimezone()
        base = Path(folder) if folder is not None else crash_dir()
        base.mkdir(parents=True, exist_ok=True)
        stem = f"crash-{when:%Y%m%d-%H%M%S}"
        target = base / f"{stem}.txt"
        n = 2
        while target.exists():
            target = base / f"{stem}-{n}.txt"
            n += 1
        data = report_text(exc, when).encode("utf-8", errors="backslashreplace")
        out = QSaveFile(str(target))
        if not out.open(QIODevice.OpenModeFlag.WriteOnly):
            raise OSError(0, out.errorString())
        if out.write(data) != len(data):
            reason = out.errorString()
            out.cancelWriting()
            raise OSError(0, reason)
        if not out.commit():
            raise OSError(0, out.errorString())
        _prune(base)
        return target
    except Exception as error:  # a crash log must never crash
        print(f"vmastudio: cannot write a crash log: {error}", file=sys.stderr)
        return None


def _prune(base: Path) -> None:
    try:
        logs = sorted(base.glob("crash-*.txt"), key=lambda p: p.stat().st_mtime)
        for old in logs[:-KEEP]:
            old.unlink()
    except OSError:
        pass


def crash_hook(
    previous: Hook, parent: QWidget | None = None, folder: str | Path | None = None
) -> Hook:
    """A ``sys.excepthook`` that logs ``exc`` first, then calls ``previous`` (the dialog)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            path = write_crash_log(exc.with_traceback(tb), folder)
            if path is not None:
                from PySide6.QtWidgets import QMainWindow

                exc.add_note(_tr("A crash report was saved to {0}").format(str(path)))
                if isinstance(parent, QMainWindow):
                    with contextlib.suppress(RuntimeError):  # the window may be gone
                        parent.statusBar().showMessage(
                            _tr("A crash report was saved to {0}").format(str(path)), 15_000
                        )
        previous(kind, exc, tb)

    hook.crash_log = True  # type: ignore[attr-defined]
    return hook


def install_crash_log(parent: QWidget | None = None, folder: str | Path | None = None) -> None:
    """Wrap the current ``sys.excepthook`` (once) so that every crash is also logged."""
    if getattr(sys.excepthook, "crash_log", False):
        return
    sys.excepthook = crash_hook(sys.excepthook, parent, folder)
