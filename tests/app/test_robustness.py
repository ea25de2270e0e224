"""Robustness: crash logs, read-only folders, unknown kernel profiles, vanishing maps
and missing resources each reach the user as a clear message, never as a crash.

Each case was first written as a failing test, then fixed (document.py reads the file
once, maps.py tells an exited process from a kernel thread, i18n.py keeps our translation
when only Qt's own is missing).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from vmastudio import __version__
from vmastudio.app import crashlog, errors
from vmastudio.app.crashlog import install_crash_log, write_crash_log
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.scenario import ScenarioError, VmaSpec
from vmastudio.model.document import Document


def boom() -> None:
    raise ValueError("the tree fell over")


def caught() -> BaseException:
    try:
        boom()
    except ValueError as exc:
        return exc
    raise AssertionError("unreachable")


def test_a_crash_log_holds_the_version_and_the_traceback(tmp_path: Path) -> None:
    when = datetime(2026, 11, 25, 16, 5, 9).astimezone()
    path = write_crash_log(caught(), tmp_path, when)
    assert path == tmp_path / "crash-20261125-160509.txt"
    text = path.read_text(encoding="utf-8")
    assert f"VMA Studio {__version__}" in text
    assert "Traceback (most recent call last)" in text and "in boom" in text
    assert "ValueError: the tree fell over" in text
    # Two crashes in one second keep both logs.
    second = write_crash_log(caught(), tmp_path, when)
    assert second == tmp_path / "crash-20261125-160509-2.txt"


def test_the_default_folder_is_the_users_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = write_crash_log(caught())
    assert path is not None and path.parent == crashlog.crash_dir()
    assert str(path).startswith(str(tmp_path / "data"))
    assert path.name.startswith("crash-") and path.suffix == ".txt"


def test_an_unwritable_folder_is_reported_and_never_raises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert write_crash_log(caught(), blocker / "logs") is None
    assert "cannot write a crash log" in capsys.readouterr().err


def test_old_logs_are_pruned(tmp_path: Path) -> None:
    for i in range(crashlog.KEEP + 5):
        old = tmp_path / f"crash-20200101-0000{i:02d}.txt"
        old.write_text("old", encoding="utf-8")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    write_crash_log(caught(), tmp_path)
    assert len(list(tmp_path.glob("crash-*.txt"))) == crashlog.KEEP


def test_an_exception_in_a_slot_shows_the_dialog_logs_it_and_the_window_lives_on(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.document.load_demo()
    monkeypatch.setattr(crashlog, "crash_dir", lambda: tmp_path / "logs")
    errors.install_excepthook(w)  # the dialog, wrapped by the crash log
    install_crash_log(w, tmp_path / "elsewhere")  # once only: already wrapped
    assert not (tmp_path / "elsewhere").exists()
    try:
        boom()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    (log,) = (tmp_path / "logs").glob("crash-*.txt")
    assert "ValueError: the tree fell over" in log.read_text(encoding="utf-8")
    assert len(shown) == 1 and str(log) in shown[0]  # the dialog's details name the log
    # The terminal gets one line, not the traceback (that is in the dialog and the log).
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "vmastudio: unexpected error: ValueError: the tree fell over" in err
    assert str(log) in w.statusBar().currentMessage()
    w.document.step_forward()  # still usable


# -- read-only and missing things ------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("import/kernel", "4.x")  # imports open in the 4.x window here
    w = MainWindow(settings)
    # Not qtbot.addWidget: a language switch deletes the window it replaces.
    w.document.load_demo()
    yield w
    if isValid(w):
        w._replaced_by = None
        w.document.undo_stack.setClean()
        w.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def escaped(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Exceptions that reached ``sys.excepthook`` (the generic "Unexpected error")."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(exc))
    return seen


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


def test_save_as_into_a_read_only_folder_says_so_and_keeps_the_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    folder = read_only_folder(tmp_path)
    target = folder / "lecture"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    doc = window.document
    doc.insert(VmaSpec(0x1000000, 0x1002000))
    before = doc.scenario.dumps()
    assert window.save_as() is False
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Cannot save {target}.vmas:\n")
    assert "ermission denied" in warnings[0] or "ead-only" in warnings[0]
    assert doc.modified and doc.path is None and doc.scenario.dumps() == before
    assert not any(p.name.startswith("lecture") for p in folder.iterdir())


def test_save_as_into_a_missing_folder_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    target = tmp_path / "gone" / "x.vmas"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_as() is False
    assert len(warnings) == 1 and warnings[0].startswith(f"Cannot save {target}:")


def test_a_scenario_naming_an_unknown_kernel_profile_is_refused_by_name(
    window: MainWindow, tmp_path: Path, warnings: list[str]
) -> None:
    doc = window.document
    before = (doc.scenario.dumps(), doc.op, doc.step)
    bad = tmp_path / "future.vmas"
    data = json.loads(doc.scenario.dumps())
    data["kernel"] = "7.0"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_file(str(bad), ask=False) is False
    assert len(warnings) == 1
    assert str(bad) in warnings[0] and "kernel" in warnings[0] and "'7.0'" in warnings[0]
    assert "4.0, 4.19" in warnings[0]  # and says which profiles exist
    assert (doc.scenario.dumps(), doc.op, doc.step) == before


def test_a_maps_import_with_an_unknown_kernel_profile_is_refused() -> None:
    from vmastudio.engine.maps import parse_maps

    with pytest.raises(ScenarioError, match=r"7\.0"):
        parse_maps("00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\n", "maps", "7.0")


def test_an_autosave_naming_an_unknown_kernel_profile_is_not_recovered_silently(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    from vmastudio.app.autosave import Autosaver, offer_recovery

    other = Document()
    other.load_demo()
    saver = Autosaver(other, tmp_path)
    other.insert(VmaSpec(0x1000000, 0x1002000))
    assert saver.save_now()
    data = json.loads(saver.file.read_text(encoding="utf-8"))
    data["scenario"]["kernel"] = "7.0"
    saver.file.write_text(json.dumps(data), encoding="utf-8")
    saver.lock.unlink()  # its session is gone
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = window.document.scenario.dumps()
    assert offer_recovery(window, tmp_path) is None
    assert len(warnings) == 1 and "cannot be recovered" in warnings[0] and "7.0" in warnings[0]
    assert window.document.scenario.dumps() == before
    assert saver.file.exists()  # kept: nothing is deleted that was not recovered


def test_a_process_that_exited_and_was_reaped_is_named_as_gone(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    proc = subprocess.Popen(["sleep", "60"])
    proc.kill()
    proc.wait()
    monkeypatch.setattr(window, "pick_process", lambda: proc.pid)
    before = window.document.scenario.dumps()
    window.actions_.import_pid.trigger()
    assert warnings == [f"Cannot import process {proc.pid}:\nprocess {proc.pid}: no such process"]
    assert window.document.scenario.dumps() == before


def test_a_maps_file_that_vanishes_while_read_says_the_process_exited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio.engine import maps

    folder = tmp_path / "4242"
    folder.mkdir()
    (folder / "maps").write_text("00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n")
    real = maps._read_proc_bytes

    def vanish(path: Path) -> bytes:
        if path.name == "maps":
            shutil.rmtree(folder)  # the process exits between the checks and the read
        return real(path)

    monkeypatch.setattr(maps, "_read_proc_bytes", vanish)
    with pytest.raises(ScenarioError, match=r"exited while being read \(.*maps vanished\)"):
        maps.read_pid_maps(4242, tmp_path)


def test_a_maps_file_that_reads_empty_because_its_folder_went_says_exited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio.engine import maps

    folder = tmp_path / "4243"
    folder.mkdir()
    (folder / "maps").write_text("")

    def empty_then_gone(path: Path) -> bytes:
        shutil.rmtree(folder)
        return b""

    monkeypatch.setattr(maps, "_read_proc_bytes", empty_then_gone)
    with pytest.raises(ScenarioError, match="exited while being read"):
        maps.read_pid_maps(4243, tmp_path)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_a_process_that_exited_while_being_read_is_not_called_a_kernel_thread() -> None:
    from vmastudio.engine.maps import read_pid_maps

    proc = subprocess.Popen(["sleep", "60"])
    try:
        proc.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 5
        status = Path(f"/proc/{proc.pid}/status")
        while "zombie" not in status.read_text() and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(ScenarioError) as info:
            read_pid_maps(proc.pid)
        assert "exited" in str(info.value), str(info.value)
    finally:
        proc.wait()


def test_a_file_that_vanishes_after_it_was_read_still_opens(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    from vmastudio.model import document as document_module

    path = tmp_path / "maps.txt"
    path.write_text("00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n", encoding="utf-8")
    real = document_module.load_path

    def read_then_vanish(p: str) -> Any:
        result = real(p)
        Path(p).unlink()
        return result

    monkeypatch.setattr(document_module, "load_path", read_then_vanish)
    # The file is read once: what was read opens, even though the file is gone now.
    ok = window.open_file(str(path), ask=False)
    assert ok and not warnings and not path.exists()
    assert window.document.op_count() == 1


def test_a_missing_translation_file_is_named_and_the_window_stays_english(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio import resources
    from vmastudio.app.main_window import TRANSLATIONS

    def missing(*parts: str) -> bytes:
        raise resources.ResourceError(f"resource {'/'.join(parts)} is missing")

    messages: list[str] = []
    monkeypatch.setattr(resources, "read_bytes", missing)
    monkeypatch.setattr(window, "_error", messages.append)
    assert window.switch_language("zh_CN") is window
    assert messages == ["The 简体中文 translation is missing from this installation."]
    assert window.lang == "en" and TRANSLATIONS.language == "en"


def test_a_missing_qt_base_translation_still_switches_our_texts(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTranslator

    from vmastudio.app.main_window import _WINDOWS, TRANSLATIONS

    real = QTranslator.load

    def no_qtbase(self: QTranslator, *args: Any) -> bool:
        if isinstance(args[0], str) and args[0].startswith("qtbase"):
            return False
        return bool(real(self, *args))

    monkeypatch.setattr(QTranslator, "load", no_qtbase)
    monkeypatch.setattr(window, "_error", lambda text: None)
    try:
        new = window.switch_language("zh_CN")
        assert TRANSLATIONS.language == new.lang  # the window and the app agree
        assert new.lang == "zh_CN"
    finally:
        for alive in list(_WINDOWS):
            alive._replaced_by = None
            alive.document.undo_stack.setClean()
            alive.close()
        _WINDOWS.clear()
        TRANSLATIONS.install("en")


def test_a_missing_demo_resource_reaches_the_user_by_name_and_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, escaped: list[BaseException]
) -> None:
    from vmastudio import resources

    real = resources.read_text

    def no_demo(*parts: str) -> str:
        if parts == ("examples", "demo.vmas"):
            raise resources.ResourceError("resource examples/demo.vmas is missing")
        return real(*parts)

    monkeypatch.setattr(resources, "read_text", no_demo)
    doc = window.document
    doc.insert(VmaSpec(0x1000000, 0x1002000))
    doc.undo_stack.setClean()
    before = doc.scenario.dumps()
    said: list[str] = []
    monkeypatch.setattr(window, "_error", said.append)
    window.actions_.open_demo.trigger()
    # A message that names the file; nothing escapes; the document is untouched.
    assert escaped == [] and len(said) == 1 and "examples/demo.vmas is missing" in said[0]
    assert doc.scenario.dumps() == before


# -- issue 19: hostile input in the window ----------------------------------------------------
HEAD = '{"format": "vmastudio-scenario", "version": 1, '


def test_an_integer_past_4300_digits_is_a_message_naming_its_place(
    window: MainWindow, tmp_path: Path, warnings: list[str], escaped: list[BaseException]
) -> None:
    bad = tmp_path / "big.vmas"
    bad.write_text(HEAD + '"ops": [{"op": "find_vma", "addr": ' + "9" * 5000 + "}]}")
    before = window.document.scenario.dumps()
    assert window.open_file(str(bad), ask=False) is False
    assert escaped == [] and len(warnings) == 1
    assert f"{bad}: ops[0].addr: integer too long (5000 digits" in warnings[0]
    assert window.document.scenario.dumps() == before


def test_vmastudio_file_with_bad_input_opens_the_window_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    """``vmastudio FILE``: the error is shown in the window, which opens on the demo
    (it used to escape open_file and end the program before any window)."""
    from PySide6.QtWidgets import QApplication

    from vmastudio.app import autosave, main_window

    bad = tmp_path / "big.vmas"
    bad.write_text(HEAD + '"ops": [{"op": "find_vma", "addr": ' + "9" * 5000 + "}]}")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(autosave, "offer_recovery", lambda w: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    before = set(main_window._WINDOWS)
    try:
        assert main_window.run_gui(str(bad), demo=False) == 0
        (opened,) = set(main_window._WINDOWS) - before
        assert opened.isVisible() and opened.document.op_count() > 0  # the demo
        assert len(warnings) == 1 and "ops[0].addr: integer too long" in warnings[0]
    finally:
        for w in set(main_window._WINDOWS) - before:
            w.document.undo_stack.setClean()
            w.close()
            main_window._WINDOWS.discard(w)


def _alarm(seconds: int) -> None:
    def ring(_sig: int, _frame: object) -> None:
        raise TimeoutError("blocked")

    signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)


def test_a_fifo_opened_in_the_window_is_refused_at_once(
    window: MainWindow, tmp_path: Path, warnings: list[str]
) -> None:
    fifo = tmp_path / "pipe.vmas"
    os.mkfifo(fifo)
    _alarm(20)  # before the fix, opening it blocked forever
    try:
        assert window.open_file(str(fifo), ask=False) is False
    finally:
        signal.alarm(0)
    assert warnings == [f"Cannot open this file:\n{fifo}: not a regular file (a FIFO)"]


def test_a_lone_surrogate_is_refused_when_opened_in_the_window(
    window: MainWindow, tmp_path: Path, warnings: list[str]
) -> None:
    bad = tmp_path / "s.vmas"
    bad.write_text(HEAD + '"title": "x\\udfffy", "ops": []}')
    assert window.open_file(str(bad), ask=False) is False
    assert len(warnings) == 1 and f"{bad}: title: holds a lone surrogate \\udfff" in warnings[0]


def test_a_1_mb_caption_is_refused_at_once_and_a_long_one_opens_quickly(
    window: MainWindow, tmp_path: Path, warnings: list[str]
) -> None:
    """One unbreakable 1 MB caption took the explanation panel's text layout 115 s (300 KB:
    10 s, superlinear). Captions are bounded at load (10,000 characters), and the longest
    allowed one lays out in well under a second."""
    huge = tmp_path / "huge.vmas"
    huge.write_text(
        HEAD + '"ops": [{"op": "find_vma", "addr": 0, "caption": "' + "x" * 1_000_000 + '"}]}'
    )
    start = time.perf_counter()
    assert window.open_file(str(huge), ask=False) is False
    assert time.perf_counter() - start < 5
    assert "ops[0].caption: too long (1000000 characters; at most 10000)" in warnings[0]
    longest = tmp_path / "long.vmas"
    longest.write_text(
        HEAD + '"ops": [{"op": "find_vma", "addr": 0, "caption": "' + "x" * 10_000 + '"},'
        ' {"op": "find_vma", "addr": 4096}]}'
    )
    start = time.perf_counter()
    assert window.open_file(str(longest), ask=False) is True
    window.document.set_position(1, 0)
    window.document.set_position(2, 0)
    window.document.set_position(1, 0)
    assert time.perf_counter() - start < 2


def test_open_process_on_a_process_that_exits_mid_read_is_refused(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    from vmastudio.engine import maps

    folder = tmp_path / "31337"
    folder.mkdir()
    lines = [
        f"{0x400000 + i * 0x2000:08x}-{0x401000 + i * 0x2000:08x} r--p 0 08:01 9 /x\n"
        for i in range(40)
    ]
    (folder / "maps").write_text("".join(lines), encoding="ascii")
    (folder / "stat").write_text("31337 (victim) S 1 1 1 0\n", encoding="ascii")
    real = maps._read_proc_bytes
    reads: list[int] = []

    def dying(path: Path) -> bytes:
        if path.name != "maps":
            return real(path)
        reads.append(1)
        # The first read stopped after 7 lines (the process exited); the second saw it all.
        return "".join(lines[:7] if len(reads) == 1 else lines).encode()

    monkeypatch.setattr(maps, "_read_proc_bytes", dying)
    monkeypatch.setattr(maps, "PROC_ROOT", str(tmp_path))
    monkeypatch.setattr(window, "pick_process", lambda: 31337)
    before = window.document.scenario.dumps()
    window.actions_.import_pid.trigger()
    assert warnings == ["Cannot import process 31337:\nprocess 31337: exited while being read"]
    assert window.document.scenario.dumps() == before


def big_scenario(path: Path, ops: int) -> Path:
    body = ",".join(
        f'{{"op": "insert", "start": "{0x1000000 + i * 0x2000:#x}", '
        f'"end": "{0x1001000 + i * 0x2000:#x}"}}'
        for i in range(ops)
    )
    path.write_text(HEAD + '"ops": [' + body + "]}", encoding="ascii")
    return path


def test_a_big_document_loads_behind_a_progress_dialog_that_can_cancel(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from vmastudio.app import load_progress

    path = big_scenario(tmp_path / "big.vmas", 30_000)
    assert path.stat().st_size >= load_progress.BIG_FILE_BYTES
    before = window.document.scenario.dumps()
    # Cancel: as soon as the dialog is asked, the user has pressed Cancel.
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert window.open_file(str(path), ask=False) is False
    assert window.document.scenario.dumps() == before and not warnings
    assert "cancelled" in window.statusBar().currentMessage()
    deadline = time.monotonic() + 30  # the thread stops at its next progress tick
    while any(t.name == "vmastudio-load" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the cancelled load kept running"
        time.sleep(0.05)
    # Not cancelled: the window is served while the thread replays, the dialog advances.
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: False)
    values: list[int] = []
    real = QProgressDialog.setValue
    monkeypatch.setattr(
        QProgressDialog, "setValue", lambda self, v: (values.append(v), real(self, v))[1]
    )
    assert window.open_file(str(path), ask=False) is True
    assert window.document.op_count() == 30_000 and window.document.path == str(path)
    assert not window.document.modified
    assert values and values == sorted(values)  # it advanced while the window was served


def test_a_big_maps_file_loads_behind_the_progress_dialog_too(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "big.maps"
    path.write_text(
        "".join(
            f"{0x1000000 + i * 0x2000:08x}-{0x1001000 + i * 0x2000:08x} rw-p 0 00:00 0\n"
            for i in range(25_000)
        ),
        encoding="ascii",
    )
    assert window.open_file(str(path), ask=False) is True
    assert window.document.path is None and window.document.modified  # an import


@pytest.mark.parametrize("change", ["gained", "lost", "replaced"])
def test_the_export_preview_follows_a_document_that_changed_under_the_dialog(
    qtbot: QtBot, tmp_path: Path, escaped: list[BaseException], change: str
) -> None:
    """The random walk's ``IndexError: op 12 of 10`` (28 times): the preview timer drew a
    position of the document through a builder (and a shadow document, for another
    address style) made for the ops the document had when the dialog opened."""
    from vmastudio.app.export_dialog import ExportDialog

    doc = Document()
    doc.load_demo()
    doc.set_position(doc.op_count(), 0)
    dialog = ExportDialog(doc, None, QSettings(str(tmp_path / "e.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.address_box.setCurrentIndex(dialog.address_box.findData("short"))
    dialog.refresh_preview()
    if change == "gained":
        doc.insert(VmaSpec(0x10000000, 0x10001000))
        doc.insert(VmaSpec(0x10002000, 0x10003000))
    elif change == "lost":
        doc.insert(VmaSpec(0x10000000, 0x10001000))
        dialog.refresh_preview()
        doc.undo_stack.undo()
        doc.undo_stack.undo()  # nothing more to undo: one op fewer than when drawn
        doc.insert(VmaSpec(0x20000000, 0x20001000))
    else:
        doc.load_demo()
        doc.set_position(2, 0)
    old = dialog.preview_pixmap().cacheKey()
    qtbot.waitUntil(lambda: dialog.preview_pixmap().cacheKey() != old, timeout=5000)
    assert escaped == []
    assert not dialog.preview_pixmap().isNull()


def test_the_export_action_leaves_no_dialog_behind(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each File ▸ Export used to leave its dialog (a figure scene of every VMA) as a child
    of the window, following every later edit: memory grew with each export."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from vmastudio.app.export_dialog import ExportDialog

    shown: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or 0)
    for _ in range(5):
        window.export_action.trigger()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(shown) == 5
    assert window.findChildren(ExportDialog) == []


def test_a_short_random_walk_with_exports_stays_under_1_gb() -> None:
    """The short version of benchmarks/stress_walk.py (3,000 actions there): a fresh
    process, exports in every format through the dialog, peak RSS reported."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "stress_walk.py"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(script), "60", "7", "--json", "--max-scale=1", "--no-largest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["error_count"] == 0, result["errors"]
    assert sum(result["exports"].values()) >= 2
    assert result["peak_rss_mb"] < 1024, result


def test_a_gif_frame_that_cannot_be_allocated_is_an_export_error_not_a_type_error(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, escaped: list[BaseException]
) -> None:
    """The random walk under a memory limit: a frame's RGBA copy came back null and
    ``bytes(None)`` raised ``TypeError`` out of the GIF export."""
    from PySide6.QtGui import QImage

    from vmastudio.app.export_dialog import ExportDialog

    doc = Document()
    doc.load_demo()
    doc.set_position(3, 0)
    dialog = ExportDialog(doc, None, QSettings(str(tmp_path / "e.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("gif"))
    dialog.path_edit.setText(str(tmp_path / "walk.gif"))
    real = QImage.convertToFormat

    def no_memory(self: QImage, fmt: QImage.Format, *a: Any) -> QImage:
        if fmt == QImage.Format.Format_RGBA8888:
            return QImage()  # what Qt returns when the copy cannot be allocated
        return real(self, fmt, *a)

    monkeypatch.setattr(QImage, "convertToFormat", no_memory)
    assert dialog.export() is False
    assert "could not be allocated" in dialog.message.text()
    assert not (tmp_path / "walk.gif").exists() and escaped == []
    monkeypatch.setattr(QImage, "convertToFormat", real)

    def raise_memory(*a: Any, **k: Any) -> bytes:
        raise MemoryError

    from vmastudio.app import animate

    monkeypatch.setattr(animate, "frames", raise_memory)
    assert dialog.export() is False
    assert "not enough memory" in dialog.message.text()
