"""Autosave and recovery: a crash or a kill never loses more than about a second of work.

An ``Autosaver`` watches one ``Document``. The first edit after a clean state is written
at once (a crash a moment later loses nothing); later edits are debounced (~1 s); and
every ``interval_ms`` while the document is modified, it writes the scenario, the step cursor
and the document's own path to ``<AppDataLocation>/autosave/<session>.json`` through
``QSaveFile`` (temporary file, then rename: never half-written). Beside it sits
``<session>.lock`` holding this process's PID. A clean document (saved, undone back to
the saved state, or a new file loaded after "discard?") and a close the user accepted
remove both files.

At the next start, ``pending_recovery`` lists the autosaves whose lock names a process
that is no longer alive (or that lost their lock), newest first, and ``offer_recovery``
asks "Recover the unsaved work from <time>?" and loads the answer into the window's
document: modified (nothing is saved over the original) and at the saved cursor.

Wiring in ``run_gui``: ``install_autosave(window)`` right after the window is built,
``offer_recovery(window)`` after the file or demo is loaded (a later load would replace
the recovered work). A language switch keeps the autosaver: it belongs to the document.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QIODevice,
    QLocale,
    QObject,
    QSaveFile,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from ..engine.scenario import ScenarioError, scenario_from_json
from ..model.document import Document

FORMAT = "vmastudio-autosave"
VERSION = 1
SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
#: Autosaves bigger than this are not read back (a scenario is limited far below it).
MAX_AUTOSAVE_BYTES = 256 * 1024 * 1024


def _tr(text: str) -> str:
    return QCoreApplication.translate("Autosave", text)


def data_dir() -> Path:
    """The user's data directory for this application (``AppDataLocation``)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def autosave_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """``<base>/autosave`` (``base`` defaults to the user's data directory)."""
    return Path(base if base is not None else data_dir()) / "autosave"


# -- process liveness --------------------------------------------------------------------------
def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot ("" where /proc has none).

    Stored beside the PID so that a PID reused by another process is not taken for the
    session that wrote the lock.
    """
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    # Field 2 (comm) may hold spaces and parentheses: split after its last ")".
    fields = raw.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""


def pid_alive(pid: int, start: str = "") -> bool:
    """Whether process ``pid`` (started at ``start``, when known) is still running."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would kill it there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    except OSError:
        return False
    if start:
        now = _start_time(pid)
        if now and now != start:
            return False  # the PID was reused
    return True


# -- what a crashed session left ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RecoveryInfo:
    """One autosave left by a session that did not end cleanly."""

    file: Path
    lock: Path
    pid: int
    saved_at: datetime
    #: The document's own file when it had one (None: an untitled document).
    original_path: str | None
    op: int
    step: int
    #: The scenario as JSON (``Scenario.to_json``), checked again when recovered.
    scenario: dict[str, Any]
    title: str

    def remove(self) -> None:
        """Delete the autosave and its lock (the user recovered or discarded it)."""
        for path in (self.file, self.lock):
            with contextlib.suppress(OSError):
                path.unlink()


def _read_lock(lock: Path) -> tuple[int, str, str] | None:
    """(pid, host, start) from a lock file; None when it is missing or unreadable."""
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        return int(data["pid"]), str(data.get("host", "")), str(data.get("start", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _orphaned(lock: Path) -> bool:
    info = _read_lock(lock)
    if info is None:
        return True
    pid, host, start = info
    if host and host != socket.gethostname():
        return False  # another machine's session (a shared home): not ours to judge
    return not pid_alive(pid, start)


def read_autosave(file: Path) -> RecoveryInfo:
    """Parse one autosave file; ``ValueError`` when it is not a readable autosave."""
    try:
        if file.stat().st_size > MAX_AUTOSAVE_BYTES:
            raise ValueError(f"{file}: too large")
        data = json.loads(file.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: also 4,300+ digits
        raise ValueError(f"{file}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{file}: not a VMA Studio autosave")
    scenario = data.get("scenario")
    if not isinstance(scenario, dict):
        raise ValueError(f"{file}: no scenario")
    try:
        saved_at = datetime.fromisoformat(str(data["saved_at"]))
        op, step = int(data.get("op", 0)), int(data.get("step", 0))
        pid = int(data.get("pid", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{file}: {exc}") from None
    original = data.get("path")
    return RecoveryInfo(
        file=file,
        lock=file.with_suffix(LOCK_SUFFIX),
        pid=pid,
        saved_at=saved_at,
        original_path=original if isinstance(original, str) and original else None,
        op=op,
        step=step,
        scenario=scenario,
        title=str(data.get("title", "")),
    )


def pending_recovery(settings_dir: str | os.PathLike[str] | None = None) -> list[RecoveryInfo]:
    """Autosaves under ``<settings_dir>/autosave`` whose session died, newest first.

    A session is dead when its lock file is gone or names a PID that is no longer
    running. ``settings_dir`` defaults to the user's data directory. Never raises: an
    unreadable folder or file is skipped.
    """
    folder = autosave_dir(settings_dir)
    try:
        files = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return []
    found: list[RecoveryInfo] = []
    for file in files:
        if not _orphaned(file.with_suffix(LOCK_SUFFIX)):
            continue
        try:
            found.append(read_autosave(file))
        except ValueError:
            continue
    found.sort(key=lambda info: info.saved_at, reverse=True)
    return found


# -- the autosaver ------------------------------------------------------------------------------
class Autosaver(QObject):
    """Keeps an autosave of ``document`` while it has unsaved changes."""

    #: An autosave was written to this path.
    saved = Signal(str)
    #: Writing failed; the text says what and why (autosave keeps trying).
    failed = Signal(str)

    def __init__(
        self,
        document: Document,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        interval_ms: int = 60_000,
        debounce_ms: int = 1_000,
    ) -> None:
        super().__init__(document)
        self.setObjectName("autosaver")
        self.document = document
        self.folder = autosave_dir(base_dir)
        session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.file = self.folder / f"{session}{SUFFIX}"
        self.lock = self.folder / f"{session}{LOCK_SUFFIX}"
        #: The last failure's message ("" after a write that worked).
        self.last_error = ""
        self._written_cursor: tuple[int, int] | None = None
        #: Whether this modified stretch (since the last clean state) has been written.
        self._written_since_clean = False
        self._dirty = False
        self._window: QWidget | None = None
        self._closing = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._periodic = QTimer(self)
        self._periodic.setInterval(interval_ms)
        self._periodic.timeout.connect(self._on_periodic_timeout)
        self._periodic.start()
        document.undo_stack.indexChanged.connect(self._on_edited)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        document.trace_changed.connect(self._on_edited)
        document.step_changed.connect(self._on_step_changed)

    # -- what triggers a write -------------------------------------------------------------
    def _modified(self) -> bool | None:
        """The document's modified flag; None while it is being destroyed."""
        try:
            return self.document.modified
        except (RuntimeError, AttributeError):
            # Its undo stack is gone (the destructor emits signals), or this wrapper is
            # being torn down at interpreter exit.
            return None

    @Slot()
    def _on_edited(self) -> None:
        modified = self._modified()
        if modified is None:
            return
        self._dirty = True
        if modified:
            self._schedule()
        else:
            self.discard()

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        if self._modified() is None:
            return
        if clean:
            self.discard()
        else:
            self._dirty = True
            self._schedule()

    def _schedule(self) -> None:
        """The first edit after a clean state now, the ones after it debounced."""
        if self._written_since_clean:
            self._debounce.start()
        else:
            self.save_now()

    @Slot(int, int)
    def _on_step_changed(self, _op: int, _step: int) -> None:
        pass  # the cursor is not an edit: the periodic write picks it up

    @Slot()
    def _on_debounce_timeout(self) -> None:
        self.save_now()

    @Slot()
    def _on_periodic_timeout(self) -> None:
        cursor = (self.document.op, self.document.step)
        if self._modified() and (self._dirty or cursor != self._written_cursor):
            self.save_now()

    # -- writing ------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        d = self.document
        return {
            "format": FORMAT,
            "version": VERSION,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "path": d.path,
            "title": d.display_name(),
            "op": d.op,
            "step": d.step,
            "scenario": d.scenario.to_json(),
        }

    def save_now(self) -> bool:
        """Write the autosave now if the document is modified (else remove it).

        Returns whether the document's work is safe (written, or nothing to write). A
        failure is reported through ``failed`` and ``last_error``; it never raises.
        """
        self._debounce.stop()
        modified = self._modified()
        if not modified:
            if modified is not None:
                self.discard()
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self.lock.exists():
                self._write(self.lock, self._lock_text())
            # ASCII JSON: any text, even a lone surrogate that no UTF-8 file can hold,
            # is written (as an escape) and read back exactly.
            self._write(self.file, json.dumps(self.payload(), ensure_ascii=True))
        except (OSError, ValueError) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            message = _tr("Autosave failed: cannot write to {0} ({1}). Save your work now.").format(
                str(self.folder), reason
            )
            if message != self.last_error:
                print(message, file=sys.stderr)  # once per distinct failure, not per edit
            self.last_error = message
            self.failed.emit(message)
            return False
        self.last_error = ""
        self._dirty = False
        self._written_since_clean = True
        self._written_cursor = (self.document.op, self.document.step)
        self.saved.emit(str(self.file))
        return True

    @staticmethod
    def _lock_text() -> str:
        pid = os.getpid()
        return json.dumps({"pid": pid, "host": socket.gethostname(), "start": _start_time(pid)})

    @staticmethod
    def _write(path: Path, text: str) -> None:
        """Atomically through ``QSaveFile``; ``OSError`` with Qt's reason on failure."""
        out = QSaveFile(str(path))
        if not out.open(QIODevice.OpenModeFlag.WriteOnly):
            raise OSError(0, out.errorString())
        data = text.encode("utf-8")
        if out.write(data) != len(data):
            reason = out.errorString()
            out.cancelWriting()
            raise OSError(0, reason)
        if not out.commit():
            raise OSError(0, out.errorString())

    def discard(self) -> None:
        """Remove this session's autosave and lock (a clean save or an accepted close)."""
        self._debounce.stop()
        self._dirty = False
        self._written_since_clean = False
        self._written_cursor = None
        for path in (self.file, self.lock):
            with contextlib.suppress(OSError):
                path.unlink()

    # -- the window's close ------------------------------------------------------------------
    def watch(self, window: QWidget) -> None:
        """Discard the autosave when ``window`` closes for good (the user said so)."""
        if self._window is window:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = window
        window.installEventFilter(self)

    @Slot()
    def _on_close_handled(self) -> None:
        self._closing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Close:
                # An accepted close hides the window before control returns to the loop;
                # an ignored one does not, and a later hide must not discard.
                self._closing = True
                QTimer.singleShot(0, self._on_close_handled)
            elif event.type() == QEvent.Type.Hide and self._closing:
                # A close that was accepted hides the window; an ignored one does not.
                self._closing = False
                new = getattr(watched, "_replaced_by", None)
                if isinstance(new, QWidget):
                    self.watch(new)  # a language switch: same document, new window
                else:
                    self.discard()
        return False


# -- the window side ----------------------------------------------------------------------------
def install_autosave(
    window: QMainWindow,
    base_dir: str | os.PathLike[str] | None = None,
    *,
    interval_ms: int = 60_000,
) -> Autosaver:
    """Autosave ``window.document`` and report failures in the window (idempotent)."""
    document: Document = window.document  # type: ignore[attr-defined]
    found = document.findChild(Autosaver, "autosaver", Qt.FindChildOption.FindDirectChildrenOnly)
    if isinstance(found, Autosaver):
        found.watch(window)
        return found
    saver = Autosaver(document, base_dir, interval_ms=interval_ms)
    saver.watch(window)
    warned = False

    def on_failed(message: str) -> None:
        nonlocal warned
        target = saver._window if isinstance(saver._window, QMainWindow) else window
        target.statusBar().showMessage(message, 10_000)
        if not warned:
            warned = True  # one dialog per session; then the status bar only
            QMessageBox.warning(target, _tr("Autosave"), message)

    saver.failed.connect(on_failed)
    if document.modified:
        saver.save_now()
    return saver


def _when(info: RecoveryInfo) -> str:
    moment = QDateTime.fromSecsSinceEpoch(int(info.saved_at.timestamp()))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def recover(window: QWidget, info: RecoveryInfo) -> None:
    """Load ``info`` into ``window.document``: modified, at the saved cursor.

    Raises ``ScenarioError`` (the document untouched) when the autosave's scenario is
    not valid any more.
    """
    document: Document = window.document  # type: ignore[attr-defined]
    scenario = scenario_from_json(info.scenario)
    document.load_scenario(scenario, info.original_path)
    document.undo_stack.resetClean()  # unsaved work: modified until the user saves it
    document.set_position(info.op, info.step, force=True)


def offer_recovery(
    window: QWidget, settings_dir: str | os.PathLike[str] | None = None
) -> RecoveryInfo | None:
    """Ask about each autosave a crashed session left (newest first); recover one.

    Recover loads it into the window's document; Discard deletes it and asks about the
    next; Cancel keeps them all for the next start. Returns what was recovered.
    """
    for info in pending_recovery(settings_dir):
        name = info.title or (Path(info.original_path).name if info.original_path else "")
        text = _tr("Recover the unsaved work from {0}?").format(_when(info))
        detail = _tr("{0}: {1} operations. VMA Studio did not close normally.").format(
            name, len(info.scenario.get("ops", []) or [])
        )
        answer = QMessageBox.question(
            window,
            _tr("Recover unsaved work"),
            f"{text}\n\n{detail}",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                recover(window, info)
            except ScenarioError as exc:
                QMessageBox.warning(
                    window,
                    _tr("Recover unsaved work"),
                    _tr("The autosave {0} cannot be recovered: {1}").format(str(info.file), exc),
                )
                continue
            saver = window.findChild(Autosaver)
            if isinstance(saver, Autosaver):
                saver.save_now()  # ours now, before the crashed session's file goes
            info.remove()
            return info
        if answer == QMessageBox.StandardButton.Discard:
            info.remove()
            continue
        break
    return None
