"""``MainWindow``'s files: settings, recent files, open, save, processes and refresh.

A part of ``MainWindow`` (see ``window_base``); its strings keep the ``MainWindow``
translation context.

A maps text or a live process opens where File ▸ Replay order of imports ▸ Open imports
in says (``import_order.import_kernel``): by default, on a machine whose kernel keeps VMAs
in a maple tree, in the Linux 6.12 side-by-side window (this window's document is left
as it was); or here, in the 4.x window. Every error of an import reads the same either way.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QApplication

from .. import resources
from ..engine.scenario import ScenarioError
from ..model.document import OtherKernel, check_window_size, imported
from .import_order import ImportKernel
from .window_base import WindowBase

if TYPE_CHECKING:
    import re

    from ..engine.processes import MapsDiff
    from .diff_dialog import DiffDialog
    from .side_by_side import SideBySideWindow

MAX_RECENT = 8
FILE_FILTER = "VMA Studio scenarios (*.vmas);;maps text (*maps*);;All files (*)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowFilesMixin(WindowBase):
    # -- settings ---------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            # First start: a sensible size to return to, and maximised on the screen.
            self.resize(1500, 950)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        a = self.actions_
        self.speed_box.setValue(int(str(s.value("view/speed", 2))))
        a.follow.setChecked(str(s.value("view/follow", "true")) == "true")
        a.theme_dark.setChecked(str(s.value("view/theme", "light")) == "dark")
        a.scale_linear.setChecked(str(s.value("view/scale", "compressed")) == "linear")
        a.short_addresses.setChecked(str(s.value("view/addresses", "kernel")) == "short")
        a.lang_zh.blockSignals(True)
        a.lang_zh.setChecked(self.lang == "zh_CN")
        a.lang_zh.blockSignals(False)
        self.lang_en_action.setChecked(self.lang == "en")
        self.steps_panel.set_lang(self.lang)
        self._refresh_recent()

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/speed", self.speed_box.value())
        a = self.actions_
        s.setValue("view/follow", "true" if a.follow.isChecked() else "false")
        s.setValue("view/theme", "dark" if a.theme_dark.isChecked() else "light")
        s.setValue("view/scale", "linear" if a.scale_linear.isChecked() else "compressed")
        s.setValue("view/addresses", "short" if a.short_addresses.isChecked() else "kernel")
        s.setValue("view/lang", self.lang)
        s.sync()

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _remember(self, path: str) -> None:
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        self.settings.setValue("files/recent", files[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(files))

    # -- files -----------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the document (saved, discarded, or unmodified)."""
        if not self.document.modified:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            _tr("Unsaved changes"),
            _tr("{0} has unsaved changes. Save them?").format(self.document.display_name()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_document(self) -> None:
        if self.maybe_save():
            from ..engine.scenario import Scenario

            self.document.load_scenario(Scenario())
            self._fitted = False

    def open_demo(self) -> None:
        if self.maybe_save():
            try:
                self.document.load_demo()
            except resources.ResourceError as exc:
                self._error(_tr("This installation is broken: {0}").format(exc))
                return
            self._fitted = False
            self.view.fit()

    def _open_example(self, name: str, folder: str = "examples") -> None:
        if not self.maybe_save():
            return
        from ..engine.scenario import parse_scenario

        try:
            text = resources.read_text(folder, name)
            if name.endswith(".maps"):
                from ..engine.maps import parse_maps

                scenario = imported(
                    parse_maps(text, source=name).scenario, self.import_order_menu.order()
                )
            else:
                scenario = parse_scenario(text)
            if scenario.maple:
                # A 6.12 lecture: the maple tree has its own window (4.19 beside it).
                self.open_side_by_side(scenario)
                return
            self.document.load_scenario(scenario)
        except ScenarioError as exc:
            self._error(_tr("The example {0} is broken: {1}").format(name, self._say(exc)))
        self.view.fit()

    @Slot()
    def _on_open_triggered(self) -> None:
        if not self.maybe_save():
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, _tr("Open"), "", _tr(FILE_FILTER))
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str, ask: bool = True, kernel: ImportKernel | None = None) -> bool:
        """Open ``path``; a malformed file is reported and the document stays as it was.

        A maps text opens in ``kernel`` (None: the choice of File ▸ Replay order of
        imports): "6.12" in the side-by-side window, "4.x" in this window."""
        if (kernel or self.import_order_menu.kernel()) == "6.12" and _looks_like_maps(path):
            return self._open_maps_612(path)
        if ask and not self.maybe_save():
            return False
        from .load_progress import is_big, load_with_progress

        order = self.import_order_menu.order()
        try:
            if is_big(path):
                # Read and replayed in a thread behind a progress dialog that can cancel.
                if not load_with_progress(self, self.document, path, order):
                    self.statusBar().showMessage(_tr("Opening cancelled"), 4000)
                    return False
                notices = self.document.notices
            else:
                notices = self.document.load_file(path, order)
        except OtherKernel as other:
            # A 6.12 scenario: the maple tree has its own window (with 4.19 beside it).
            self._remember(str(Path(path).resolve()))
            self.open_side_by_side(other.scenario)
            return True
        except ScenarioError as exc:
            self._error(_tr("Cannot open this file:\n{0}").format(self._say(exc)))
            return False
        except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
            # Bad input no check named (a limit of Python's own): the same message, never
            # an escaping error (``vmastudio FILE`` would end before its window opened).
            self._error(_tr("Cannot open this file:\n{0}").format(f"{path}: {exc}"))
            return False
        self._remember(str(Path(path).resolve()))
        if self.document.path is None:
            # A maps text: show the whole address space first; the steps are a click away.
            self.document.last()
        if notices:
            self.statusBar().showMessage(self._say_notices(notices), 8000)
        self.view.fit()
        return True

    def _open_maps_612(self, path: str) -> bool:
        """A maps text in the Linux 6.12 side-by-side window (this document untouched)."""
        from ..engine.loader import load_file
        from ..engine.timeline import collector_paused

        problem = ""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with collector_paused():
                scenario, notices, is_scenario = load_file(path)
                if not is_scenario:
                    check_window_size(path, scenario)
                    scenario = imported(scenario, self.import_order_menu.order())
                    _at_the_end(self.open_side_by_side(scenario))
        except ScenarioError as exc:
            problem = self._say(exc)
        except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
            problem = f"{path}: {exc}"
        finally:
            QApplication.restoreOverrideCursor()
        if problem:
            self._error(_tr("Cannot open this file:\n{0}").format(problem))
            return False
        if is_scenario:
            # Not a maps text after all (its first bytes were blank): open it here.
            return self.open_file(path, ask=True, kernel="4.x")
        self._remember(str(Path(path).resolve()))
        self._say_opened_612(notices)
        return True

    def _say_opened_612(self, notices: list[str]) -> None:
        """The status bar: where the import went, how to open it in 4.x, its notices."""
        from .import_order import machine_kernel

        text = (
            _tr(
                "Opened in Linux 6.12 side by side (this machine's kernel has the maple tree); "
                "File ▸ Replay order of imports ▸ Linux 4.x opens imports here"
            )
            if machine_kernel()[1]
            else _tr(
                "Opened in Linux 6.12 side by side; "
                "File ▸ Replay order of imports ▸ Linux 4.x opens imports here"
            )
        )
        if notices:
            text += " · " + self._say_notices(notices)
        self.statusBar().showMessage(text, 10000)

    @Slot()
    def _on_import_pid_triggered(self) -> None:
        pid = self.pick_process()
        if pid is None:
            return
        if self.import_order_menu.kernel() == "6.12":
            self._import_pid_612(pid)
            return
        if not self.maybe_save():
            return
        from ..engine.loader import load_pid

        try:
            scenario, notices = load_pid(pid)
            self.document.load_scenario(imported(scenario, self.import_order_menu.order()))
        except ScenarioError as exc:
            self._error(_tr("Cannot import process {0}:\n{1}").format(pid, self._say(exc)))
            return
        self.document.undo_stack.resetClean()
        self.document.source_pid = pid
        self.refresh_action.setEnabled(True)
        self.document.last()  # the whole address space first; the steps are a click away
        if notices:
            self.statusBar().showMessage(self._say_notices(notices), 8000)
        self.view.fit()

    def _import_pid_612(self, pid: int) -> None:
        """A live process in the Linux 6.12 side-by-side window (this document untouched)."""
        from ..engine.loader import load_pid
        from ..engine.timeline import collector_paused

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with collector_paused():
                scenario, notices = load_pid(pid)
                scenario = imported(scenario, self.import_order_menu.order())
                window = self.open_side_by_side(scenario)
                window.set_source_pid(pid)  # File ▸ Refresh process there (Ctrl+Shift+R)
                _at_the_end(window)
        except ScenarioError as exc:
            QApplication.restoreOverrideCursor()
            self._error(_tr("Cannot import process {0}:\n{1}").format(pid, self._say(exc)))
            return
        QApplication.restoreOverrideCursor()
        self._say_opened_612(notices)

    def pick_process(self) -> int | None:
        """The process picker: a searchable table of processes, unreadable ones explained,
        and where the process opens (Linux 6.12 or 4.x, the import menu's choice)."""
        from PySide6.QtWidgets import QDialog

        from .process_dialog import ProcessDialog

        dialog = ProcessDialog(self, kernel=self.import_order_menu.kernel())
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            self.import_order_menu.set_kernel(dialog.kernel())
            return dialog.chosen_pid()
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_refresh_process_triggered(self) -> None:
        """Re-read the imported process, show what changed (``DiffDialog``) and, if the
        user asks, append it as ops to replay."""
        from .process_dialog import append_diff_ops, describe_diff, refresh_document

        pid = self.document.source_pid
        if pid is None:
            return
        self.actions_.play.setChecked(False)
        try:
            diff = refresh_document(self.document, pid)
        except ScenarioError as exc:
            self._error(_tr("Cannot refresh process {0}:\n{1}").format(pid, self._say(exc)))
            return
        if not diff:
            self.statusBar().showMessage(describe_diff(diff), 4000)
            return
        from PySide6.QtWidgets import QDialog

        dialog = self.make_diff_dialog(diff, pid)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        finally:
            dialog.deleteLater()
        first = self.document.op_count() + 1
        try:
            append_diff_ops(self.document, diff)
        except ScenarioError as exc:
            self._error(_tr("Cannot refresh process {0}:\n{1}").format(pid, self._say(exc)))
            return
        self.document.set_position(first, 0)

    def make_diff_dialog(self, diff: MapsDiff, pid: int) -> DiffDialog:
        """What changed in process ``pid``, drawn over the document's current VMAs."""
        from ..engine.processes import final_vmas
        from .diff_dialog import DiffDialog

        return DiffDialog(diff, pid, self, vmas=final_vmas(self.document.scenario).values())

    def save(self) -> bool:
        if not self.document.path:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, _tr("Save as"), self.document.display_name(), _tr(FILE_FILTER)
        )
        if not path:
            return False
        if not path.endswith(".vmas"):
            path += ".vmas"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            self.document.save(path)
        except OSError as exc:
            self._error(_tr("Cannot save {0}:\n{1}").format(path, exc))
            return False
        self._remember(str(Path(path).resolve()))
        self.statusBar().showMessage(_tr("Saved {0}").format(path), 4000)
        return True

    def _say(self, exc: ScenarioError) -> str:
        """A file or input problem in the window language, its place kept as written."""
        from ..engine.messages import localize_error

        return localize_error(exc, self.lang)

    def _say_notices(self, notices: list[str]) -> str:
        """The notices of an import (lines skipped…) in the window language, on one line."""
        from ..engine.messages import localize

        return "; ".join(localize(notice, self.lang) for notice in notices)

    def _error(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, _tr("VMA Studio"), text)


def _at_the_end(window: SideBySideWindow) -> None:
    """An imported space is shown whole first (the end of its last op), as this window
    shows it; the steps are a key away."""
    window.show_op(len(window.timeline612))
    frames = window.frames()
    if frames is not None:
        window.step_612(len(frames.steps))
    if window.document is not None:
        window.step_419(window.document.step_count(window.document.op))
    window.fit()


def _looks_like_maps(path: str) -> bool:
    """Whether ``path`` starts like a maps text (not a ``.vmas`` scenario), from its first
    bytes; anything unreadable or odd answers False, and the 4.x path names the problem."""
    try:
        if not os.path.isfile(path):
            return False
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    head = head.lstrip()
    return bool(head) and head[:1] not in (b"{", b"[") and _maps_start().match(head) is not None


@cache
def _maps_start() -> re.Pattern[bytes]:
    """How a maps line starts (hex, a dash): the loader's own test, on bytes (compiled on
    first use: start-up opens no file)."""
    import re

    return re.compile(rb"[ \t]*[0-9a-fA-F][0-9a-zA-Z]*-")
