"""Autosave and recovery: edits reach the user's data directory within a second, a
killed session's work is offered back at the next start, a clean save leaves nothing."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app import autosave
from vmastudio.app.autosave import (
    Autosaver,
    install_autosave,
    offer_recovery,
    pending_recovery,
)
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.scenario import VmaSpec, scenario_from_json
from vmastudio.model.document import Document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data directory, redirected into the test's folder."""
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return Path(autosave.data_dir())


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_home: Path
) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.document.load_demo()
    yield w


def autosaves(base: Path) -> list[Path]:
    return sorted((base / "autosave").glob("*.json"))


def test_the_data_directory_follows_qstandardpaths(data_home: Path, tmp_path: Path) -> None:
    assert str(data_home).startswith(str(tmp_path / "data"))
    assert data_home == Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    )


def test_an_edit_is_autosaved_within_the_debounce_and_the_file_is_a_valid_scenario(
    window: MainWindow, qtbot: QtBot, data_home: Path
) -> None:
    saver = install_autosave(window)
    assert install_autosave(window) is saver  # idempotent
    assert autosaves(data_home) == []  # nothing to keep while unmodified
    doc = window.document
    doc.insert(VmaSpec(0x1000000, 0x1002000, name="mine"))
    doc.set_position(3, 1)
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    (file,) = autosaves(data_home)
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["format"] == "vmastudio-autosave" and data["pid"] == os.getpid()
    assert (data["op"], data["step"]) == (3, 1)
    assert scenario_from_json(data["scenario"]).dumps() == doc.scenario.dumps()
    lock = json.loads(file.with_suffix(".lock").read_text(encoding="utf-8"))
    assert lock["pid"] == os.getpid()
    # A live session's autosave is not "pending": only a dead one's is.
    assert pending_recovery(data_home) == []


def test_the_periodic_save_picks_up_a_cursor_move(
    window: MainWindow, qtbot: QtBot, data_home: Path
) -> None:
    saver = install_autosave(window, interval_ms=100)
    window.document.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    window.document.set_position(2, 0)
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    data = json.loads(saver.file.read_text(encoding="utf-8"))
    assert (data["op"], data["step"]) == (2, 0)


def test_a_clean_save_removes_the_autosave_and_its_lock(
    window: MainWindow, qtbot: QtBot, data_home: Path, tmp_path: Path
) -> None:
    saver = install_autosave(window)
    window.document.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now() and saver.file.exists() and saver.lock.exists()
    window.document.save(str(tmp_path / "saved.vmas"))
    assert not saver.file.exists() and not saver.lock.exists()
    # Undoing back past the saved state is unsaved work again; redoing to it is clean.
    window.document.undo_stack.undo()
    assert saver.save_now() and saver.file.exists()
    window.document.undo_stack.redo()
    assert not saver.file.exists()


def test_an_accepted_close_removes_the_autosave_and_a_cancelled_one_keeps_it(
    window: MainWindow, qtbot: QtBot, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saver = install_autosave(window)
    window.show()
    qtbot.waitExposed(window)
    window.document.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.close()
    assert window.isVisible() and saver.file.exists()
    qtbot.wait(10)
    window.hide()  # a hide that is not a close (e.g. minimised to a tray) keeps it
    assert saver.file.exists()
    window.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible() and not saver.file.exists() and not saver.lock.exists()


def test_an_unwritable_data_directory_gives_a_clear_message_not_a_crash(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A regular file where the data folder should be: fails even for root.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    saver = install_autosave(window, blocker)
    failures: list[str] = []
    saver.failed.connect(failures.append)
    window.document.insert(VmaSpec(0x1000000, 0x1002000))  # the first edit: written at once
    message = failures[0]
    assert "Autosave failed" in message and str(blocker) in message
    assert warnings == [message]  # one dialog per session…
    window.document.insert(VmaSpec(0x2000000, 0x2002000))
    assert not saver.save_now()
    assert len(warnings) == 1  # …then the status bar only
    assert "Autosave failed" in window.statusBar().currentMessage()
    assert window.document.op_count() == 11  # the edits themselves went through


def read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root ignores mode bits: use /sys)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    probe = Path("/sys/vmastudio-probe")
    try:
        probe.mkdir()
    except OSError:
        return Path("/sys")
    probe.rmdir()
    pytest.skip("no read-only folder available")


def test_a_read_only_data_directory_gives_a_clear_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = read_only_folder(tmp_path)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    try:
        saver = install_autosave(window, base)
        window.document.insert(VmaSpec(0x1000000, 0x1002000))
        assert not saver.save_now()
        assert "Autosave failed: cannot write to" in saver.last_error
        assert str(base / "autosave") in saver.last_error
    finally:
        base.chmod(0o755) if base != Path("/sys") else None


def test_a_language_switch_keeps_the_autosave_with_the_document(
    qtbot: QtBot, data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiboken6 import isValid

    from vmastudio.app.main_window import _WINDOWS, TRANSLATIONS

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the switch installs the app's
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/lang", "en")
    window = MainWindow(settings)  # not qtbot.addWidget: the switch deletes it
    window.document.load_demo()
    saver = install_autosave(window)
    window.show()
    window.document.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    new = window.switch_language("zh_CN")
    try:
        assert new is not window and saver.file.exists()  # the old window's close kept it
        assert install_autosave(new) is saver
        new.close()  # "discard" (patched): the user let the work go
        assert not saver.file.exists()
    finally:
        for alive in list(_WINDOWS):
            if isValid(alive):
                alive.document.undo_stack.setClean()
                alive.close()
        _WINDOWS.clear()
        TRANSLATIONS.install("en")


CRASHING_SESSION = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from vmastudio.app.autosave import install_autosave
    from vmastudio.app.main_window import MainWindow
    from vmastudio.engine.scenario import VmaSpec

    app = QApplication(sys.argv)
    app.setOrganizationName(sys.argv[2])  # the same data directory as the test's
    app.setApplicationName(sys.argv[3])
    w = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.document.load_demo()
    saver = install_autosave(w)
    saver.saved.connect(lambda path: print("SAVED", path, flush=True))
    w.document.insert(VmaSpec(0x1000000, 0x1004000, name="unsaved work"))
    w.document.insert(VmaSpec(0x401000, 0x403000))  # an overlapping trial
    w.document.set_position(10, 2)
    app.exec()  # runs until killed
    """
)


def test_a_killed_session_is_offered_back_at_the_next_start_with_its_cursor(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_home: Path
) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CRASHING_SESSION,
            str(tmp_path / "crashed.ini"),
            QCoreApplication.organizationName(),
            QCoreApplication.applicationName(),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "the session never autosaved"
        line = proc.stdout.readline()  # the first edit, written at once
        assert line.startswith("SAVED"), proc.stderr.read() if proc.stderr else line
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "the session never wrote its debounced autosave"
        line = proc.stdout.readline()  # the debounced autosave of the later edits
        assert line.startswith("SAVED"), line
        saved = Path(line.split(" ", 1)[1].strip())
        # While the session lives, nothing is offered.
        assert pending_recovery() == []
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    (pending,) = pending_recovery()
    assert pending.file == saved and pending.pid == proc.pid
    assert (pending.op, pending.step) == (10, 2)

    # The next start: a fresh window, recovery offered and accepted.
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    w = MainWindow(QSettings(str(tmp_path / "next.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    saver = install_autosave(w)
    recovered = offer_recovery(w)
    assert recovered is not None
    assert len(asked) == 1 and asked[0].startswith("Recover the unsaved work from ")
    doc = w.document
    assert doc.op_count() == 11 and doc.modified
    assert doc.scenario.ops[9].vma is not None and doc.scenario.ops[9].vma.name == "unsaved work"
    assert doc.timeline.results[10].result == -12  # the trial is replayed too
    assert (doc.op, doc.step) == (10, 2)
    # The crashed session's files are gone; ours hold the recovered work now.
    assert not saved.exists() and not saved.with_suffix(".lock").exists()
    assert autosaves(data_home) == [saver.file]
    assert pending_recovery() == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_declining_keeps_or_discards_the_autosave_as_asked(
    qtbot: QtBot, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = Document()
    doc.load_demo()
    saver = Autosaver(doc, data_home)
    doc.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    # Pretend its process died: a PID that cannot be running.
    saver.lock.write_text(json.dumps({"pid": 2**22 + 12345, "start": ""}), encoding="utf-8")
    (info,) = pending_recovery(data_home)
    assert info.op == 10

    w = MainWindow(QSettings(str(data_home / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert offer_recovery(w, data_home) is None and info.file.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert offer_recovery(w, data_home) is None
    assert not info.file.exists() and pending_recovery(data_home) == []
    assert w.document.op_count() == 0


def test_a_broken_autosave_is_skipped_and_a_lockless_one_is_offered(data_home: Path) -> None:
    folder = data_home / "autosave"
    folder.mkdir(parents=True)
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"format": "something else"}', encoding="utf-8")
    doc = Document()
    doc.load_demo()
    saver = Autosaver(doc, data_home)
    doc.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    saver.lock.unlink()  # the session died between removing its lock and its file
    assert [i.file for i in pending_recovery(data_home)] == [saver.file]


# -- issue 19 --------------------------------------------------------------------------------
def test_the_first_edit_after_a_clean_state_is_saved_at_once_then_debounced(
    window: MainWindow, qtbot: QtBot, data_home: Path
) -> None:
    saver = install_autosave(window)
    written: list[str] = []
    saver.saved.connect(written.append)
    doc = window.document
    doc.insert(VmaSpec(0x1000000, 0x1002000, name="first"))
    # No event loop turn, no timer: a crash right now keeps the edit.
    assert len(written) == 1
    (file,) = autosaves(data_home)
    assert "first" in file.read_text(encoding="utf-8")
    doc.insert(VmaSpec(0x2000000, 0x2002000, name="second"))
    assert len(written) == 1  # the next edits wait for the debounce
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    assert "second" in file.read_text(encoding="utf-8")
    # Clean again (saved), then a new first edit: at once again.
    doc.undo_stack.setClean()
    assert autosaves(data_home) == []
    before = len(written)
    doc.insert(VmaSpec(0x3000000, 0x3002000, name="third"))
    assert len(written) == before + 1 and "third" in file.read_text(encoding="utf-8")


def test_text_that_cannot_be_saved_as_utf8_keeps_the_work(
    window: MainWindow,
    qtbot: QtBot,
    data_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lone surrogate in a VMA name: Save says so (no UnicodeEncodeError escapes, the
    document stays modified, no file appears), the autosave holds it losslessly and the
    recovery gives back exactly the same work."""
    from PySide6.QtWidgets import QFileDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    escaped: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: escaped.append(exc))
    saver = install_autosave(window)
    doc = window.document
    doc.insert(VmaSpec(0x1000000, 0x1002000, name="bad\ud800name"))
    target = tmp_path / "out.vmas"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_as() is False
    assert escaped == [] and len(warnings) == 1
    assert "cannot be saved as UTF-8 (\\ud800)" in warnings[0]
    assert doc.modified and not target.exists()
    assert saver.save_now() and saver.last_error == ""
    (file,) = autosaves(data_home)
    file.read_bytes().decode("ascii")  # written as escapes
    # The session dies; the next start recovers the same text.
    saver.lock.unlink()
    other = MainWindow(QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert offer_recovery(other, data_home) is not None
    names = [op.vma.name for op in other.document.scenario.ops if op.vma is not None]
    assert "bad\ud800name" in names and other.document.modified
