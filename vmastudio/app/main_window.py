"""The main window: one scene, the panels around it, the step controls and the files.

``run_gui(file, demo)`` is what ``vmastudio`` / ``vmastudio --demo`` / ``vmastudio FILE``
call (cli.py imports it lazily).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from .. import __version__, resources
from ..engine.memory import AddressStyle
from ..engine.scenario import Scenario, ScenarioError, text_of
from ..engine.timeline import settle_heap
from ..model.document import Document
from ..view.scene import VmaScene
from ..view.scene_view import SceneView
from ..view.theme import make_theme
from .actions import Actions
from .i18n import LANGUAGES, TRANSLATIONS, system_language
from .import_order import ImportKernel
from .window_build import WindowBuildMixin
from .window_files import WindowFilesMixin

if TYPE_CHECKING:
    from .insert_dialog import InsertDialog
    from .presentation import PresentationSettings
    from .side_by_side import SideBySideWindow


class MainWindow(WindowBuildMixin, WindowFilesMixin):
    """Drives the document from user input; draws it through the scene and panels."""

    def __init__(
        self,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        document: Document | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings if settings is not None else QSettings()
        # The window language is fixed for the window's life: every text is built through
        # tr() below. Switching language builds a new window around the same document.
        lang = str(self.settings.value("view/lang", system_language()))
        self.lang = lang if lang in LANGUAGES else "en"
        if TRANSLATIONS.language != self.lang and not TRANSLATIONS.install(self.lang):
            self.lang = "en"
        self._replaced_by: MainWindow | None = None
        #: The last 6.12 side-by-side window opened from this one (it closes on its own).
        self.side_by_side: SideBySideWindow | None = None
        if document is None:
            document = Document(parent=self)
        else:
            document.setParent(self)
        self.document = document
        self.scene = VmaScene(self)
        self.view = SceneView(self.scene, self)
        self.setCentralWidget(self.view)
        self.actions_ = Actions(self)
        self.speed = 2.0  # steps per second
        self._fitted = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self._make_panels()
        self._make_menus()
        self._make_status_bar()
        self._connect()
        self._restore_settings()
        self._on_document_changed()

    def _connect(self) -> None:
        a = self.actions_
        d = self.document
        # The scene first (the panels' VMA keys refer to what it draws), then the panels.
        self.view.bind(d)
        self.code_panel.bind(d, self.lang)
        self.variables_panel.bind(d)
        self.legend_panel.bind(d)
        self.explanation_panel.bind(d, self.lang)
        self.step_status.bind(d)
        d.step_changed.connect(self._on_document_step_changed)
        d.document_changed.connect(self._on_document_changed)
        self.steps_panel.position_requested.connect(self._on_steps_panel_position_requested)
        self.scene.insert_requested.connect(self._on_scene_insert_requested)
        self.scene.erase_requested.connect(self._on_scene_erase_requested)
        self.scene.vma_selected.connect(self._on_scene_vma_selected)
        self.scene.range_previewed.connect(self._on_scene_range_previewed)
        self.speed_box.valueChanged.connect(self._on_speed_box_value_changed)
        a.new.triggered.connect(self.new_document)
        a.open.triggered.connect(self._on_open_triggered)
        a.open_demo.triggered.connect(self.open_demo)
        a.import_pid.triggered.connect(self._on_import_pid_triggered)
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.quit.triggered.connect(self.close)
        a.insert.triggered.connect(self._on_insert_triggered)
        a.erase.triggered.connect(self._on_erase_triggered)
        a.kernel_40.triggered.connect(lambda: self.document.set_kernel("4.0"))
        a.kernel_419.triggered.connect(lambda: self.document.set_kernel("4.19"))
        a.play.toggled.connect(self._on_play_toggled)
        a.step_forward.triggered.connect(self._user_step(d.step_forward))
        a.step_back.triggered.connect(self._user_step(d.step_back))
        a.next_op.triggered.connect(self._user_step(d.next_op))
        a.prev_op.triggered.connect(self._user_step(d.prev_op))
        a.first.triggered.connect(self._user_step(d.first))
        a.last.triggered.connect(self._user_step(d.last))
        a.faster.triggered.connect(lambda: self.speed_box.setValue(self.speed_box.value() + 1))
        a.slower.triggered.connect(lambda: self.speed_box.setValue(self.speed_box.value() - 1))
        a.zoom_in.triggered.connect(lambda: self.view.zoom_by(1.25))
        a.zoom_out.triggered.connect(lambda: self.view.zoom_by(0.8))
        a.zoom_fit.triggered.connect(self.view.fit)
        a.zoom_reset.triggered.connect(self.view.zoom_reset)
        a.follow.toggled.connect(self._on_follow_toggled)
        a.scale_linear.toggled.connect(self._on_scale_linear_toggled)
        a.theme_dark.toggled.connect(self._on_theme_dark_toggled)
        a.short_addresses.toggled.connect(self._on_short_addresses_toggled)
        a.lang_zh.toggled.connect(self._on_lang_zh_toggled)
        a.present.triggered.connect(self._on_present_triggered)
        a.about.triggered.connect(self._on_about_triggered)
        a.shortcuts.triggered.connect(self._on_shortcuts_triggered)

    def _user_step(self, move: Callable[[], object]) -> Callable[[], None]:
        """A step command from the user: it pauses playback first."""

        def run() -> None:
            self.actions_.play.setChecked(False)
            move()

        return run

    # -- edits -------------------------------------------------------------------------------
    def latest_ranges(self) -> list[tuple[int, int]]:
        snap = self.document.state(self.document.op_count())
        return [(n.start, n.end) for n in snap.inorder()]

    def make_insert_dialog(self, start: int, end: int) -> InsertDialog:
        # Imported on first use: start-up does not pay for the dialog's widget types.
        from .insert_dialog import InsertDialog

        return InsertDialog(start, end, self.latest_ranges(), self)

    def open_insert_dialog(self, start: int, end: int) -> bool:
        """Ask for the VMA, pre-filled with [start, end); True when one was inserted."""
        from PySide6.QtWidgets import QDialog

        dialog = self.make_insert_dialog(start, end)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            spec = dialog.spec()
        except ScenarioError as exc:
            self._error(self._say(exc))
            return False
        self.actions_.play.setChecked(False)
        self.document.insert(spec, dialog.caption())
        return True

    @Slot(object, object)
    def _on_scene_insert_requested(self, start: int, end: int) -> None:
        self.open_insert_dialog(start, end)

    @Slot()
    def _on_insert_triggered(self) -> None:
        ranges = self.latest_ranges()
        start = ranges[-1][1] + 0x1000 if ranges else 0x400000
        self.open_insert_dialog(start, start + 0x4000)

    @Slot(object)
    def _on_scene_erase_requested(self, start: int) -> None:
        self.actions_.play.setChecked(False)
        try:
            self.document.erase(start)
        except ScenarioError as exc:
            self._error(self.tr("Cannot erase: {0}").format(self._say(exc)))

    @Slot()
    def _on_erase_triggered(self) -> None:
        key = self.scene.selected
        node = None if key is None else self.document.current_snapshot().nodes.get(key)
        if node is None:
            self.statusBar().showMessage(self.tr("Select a VMA first (click it)."), 4000)
            return
        self._on_scene_erase_requested(node.start)

    # -- document → window ----------------------------------------------------------------------
    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        # The scene, every panel and the status bar follow the document themselves
        # (bound in _connect); only an open Find dialog is refreshed here.
        if self.find_dialog is not None and self.find_dialog.isVisible():
            self.find_dialog.refresh()

    @Slot()
    def _on_document_changed(self) -> None:
        d = self.document
        title = text_of(d.scenario.title, self.lang)
        name = d.display_name()
        self.setWindowTitle(
            f"{name}[*] — {title} — VMA Studio" if title else f"{name}[*] — VMA Studio"
        )
        self.setWindowModified(d.modified)
        self.kernel_label.setText(self.tr("kernel {0}").format(d.kernel))
        self.refresh_action.setEnabled(d.source_pid is not None)
        (self.actions_.kernel_40 if d.kernel == "4.0" else self.actions_.kernel_419).setChecked(
            True
        )

    # -- panels and scene → window ---------------------------------------------------------------
    @Slot(int, int)
    def _on_steps_panel_position_requested(self, op: int, step: int) -> None:
        self.document.set_position(op, step)

    @Slot(object)
    def _on_pointer_view_vma_selected(self, start: int | None) -> None:
        self.scene.select_vma(start)
        self._on_scene_vma_selected(start)

    @Slot()
    def _on_goto_triggered(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self, self.tr("Go to address"), self.tr("Address (hex, e.g. 0x7f0000001000):")
        )
        if ok and text.strip():
            self.go_to(text.strip())

    def go_to(self, text: str) -> int | None:
        """Select and show the VMA ``find_vma()`` returns for the hex address ``text``."""
        try:
            addr = int(text, 16)
        except ValueError:
            self._error(self.tr("Not a hex address: {0}").format(text))
            return None
        from ..view.minimap import go_to_address

        start = go_to_address(self.document, self.scene, self.view, addr)
        if start is None:
            self.statusBar().showMessage(
                self.tr("No VMA ends above 0x{0:x}: find_vma() returns NULL").format(addr), 6000
            )
            return None
        self._on_scene_vma_selected(start)
        return start

    @Slot()
    def _on_find_triggered(self) -> None:
        """Edit ▸ Find VMA: a non-modal search; choosing a result shows that VMA."""
        from .find_dialog import FindVmaDialog

        if self.find_dialog is None:
            self.find_dialog = FindVmaDialog(self.document.current_snapshot, self)
            self.find_dialog.setObjectName("find_dialog")
            self.find_dialog.vma_chosen.connect(self._show_vma)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.activateWindow()

    @Slot(object)
    def _show_vma(self, start: int) -> None:
        """Select ``start`` and bring its tree node into view (zooming in if needed)."""
        from ..view.minimap import show_vma

        show_vma(self.scene, self.view, start)
        self._on_scene_vma_selected(start)

    @Slot()
    def _on_export_triggered(self) -> None:
        from .export_dialog import ExportDialog

        self.actions_.play.setChecked(False)
        dialog = ExportDialog(self.document, self, self.settings)
        try:
            dialog.exec()
        finally:
            # Each dialog holds a figure scene of every VMA (and, for another address
            # style, a shadow document): kept as the window's child, every export leaked
            # one, and each followed every later edit.
            dialog.deleteLater()

    @Slot()
    def _on_side_by_side_triggered(self) -> None:
        self.actions_.play.setChecked(False)
        self.open_side_by_side(self.document.scenario)

    def open_side_by_side(self, scenario: Scenario) -> SideBySideWindow:
        """The scenario in 4.19 and 6.12, two drawings op by op (a window of its own)."""
        from .side_by_side import SideBySideWindow

        window = SideBySideWindow(scenario, self.lang, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.side_by_side = window
        return window

    @Slot()
    def _on_lesson_triggered(self) -> None:
        from .lesson_dialog import LessonDialog

        dialog = LessonDialog(
            self,
            language=self.lang,
            theme="dark" if self.actions_.theme_dark.isChecked() else "light",
            address_style=self.document.address_style,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    @Slot(object)
    def _on_scene_vma_selected(self, key: int | None) -> None:
        # A dock not made yet shows the scene's selection when it is made.
        if self._pointer_view is not None:
            self._pointer_view.select_vma(key)
        if key is not None:
            self.inspector_panel.show_key(key)
            self.docks[4].raise_()
        elif self._inspector_panel is not None:
            self._inspector_panel.show_key(key)

    @Slot(object, object)
    def _on_scene_range_previewed(self, start: int | None, end: int | None) -> None:
        if start is None or end is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(
                self.tr("new VMA [{0:#x}, {1:#x}): {2} pages").format(
                    start, end, (end - start) >> 12
                )
            )

    # -- playback -----------------------------------------------------------------------------
    @Slot(bool)
    def _on_play_toggled(self, on: bool) -> None:
        a = self.actions_.play
        style = self.style()
        from PySide6.QtWidgets import QStyle

        if on:
            if self.document.at_end():
                self.document.first()
            self.timer.start(int(1000 / self.speed))
            a.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause))
            a.setText(self.tr("&Pause"))
        else:
            self.timer.stop()
            a.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
            a.setText(self.tr("&Play"))

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.document.step_forward():
            self.actions_.play.setChecked(False)

    @Slot(int)
    def _on_speed_box_value_changed(self, value: int) -> None:
        self.speed = float(max(1, value))
        if self.timer.isActive():
            self.timer.setInterval(int(1000 / self.speed))

    # -- view options ---------------------------------------------------------------------------
    @Slot(bool)
    def _on_follow_toggled(self, on: bool) -> None:
        self.view.follow = on

    @Slot(bool)
    def _on_scale_linear_toggled(self, on: bool) -> None:
        self.scene.set_scale_mode("linear" if on else "compressed")

    @Slot(bool)
    def _on_theme_dark_toggled(self, on: bool) -> None:
        name = "dark" if on else "light"
        self.scene.set_theme(name)
        self.legend_panel.set_theme(make_theme(name))
        self.code_panel.set_dark(on)
        if self._pointer_view is not None:
            self._pointer_view.set_theme(name)

    @Slot(bool)
    def _on_short_addresses_toggled(self, on: bool) -> None:
        style: AddressStyle = "short" if on else "kernel"
        if self._pointer_view is not None:
            self._pointer_view.set_address_style(style)
        self.document.set_address_style(style)

    @Slot(bool)
    def _on_lang_zh_toggled(self, on: bool) -> None:
        self.switch_language("zh_CN" if on else "en")

    def switch_language(self, lang: str) -> MainWindow:
        """Show the window in ``lang``: a new window around the same document and cursor.

        Every text of a window is made through tr() when it is built, so the new language
        takes effect by building the window again: the document (with its undo stack), the
        step cursor, geometry, docks and settings carry over; nothing is saved or lost.
        Returns the window now on screen.
        """
        if self._replaced_by is not None:
            return self._replaced_by
        if lang == self.lang or lang not in LANGUAGES:
            return self
        if not TRANSLATIONS.install(lang):
            self._error(
                self.tr("The {0} translation is missing from this installation.").format(
                    LANGUAGES[lang]
                )
            )
            self.actions_.lang_zh.blockSignals(True)
            self.actions_.lang_zh.setChecked(self.lang == "zh_CN")
            self.actions_.lang_zh.blockSignals(False)
            self.lang_en_action.setChecked(self.lang == "en")
            return self
        self.actions_.play.setChecked(False)
        from .errors import install_excepthook

        self.save_settings()
        self.settings.setValue("view/lang", lang)
        op, step = self.document.op, self.document.step
        selected = self.scene.selected
        new = MainWindow(self.settings, document=self.document)
        install_excepthook(new)
        new.setGeometry(self.geometry())
        if self.isFullScreen():
            new.showFullScreen()
        elif self.isMaximized():
            new.showMaximized()
        else:
            new.show()
        new.document.set_position(op, step, force=True)
        if selected is not None:
            new.scene.select_vma(selected)
        self._replaced_by = new
        _WINDOWS.add(new)
        self.close()
        return new

    @Slot()
    def _on_present_triggered(self) -> None:
        self.actions_.play.setChecked(False)
        side = self.side_by_side
        try:
            # A 6.12 lecture (or file) opened from here lives in its own window: F5
            # presents that one, not this window's (other) document.
            other = (
                side is not None
                and side.isVisible()
                and side.timeline612.scenario.ops != self.document.scenario.ops
            )
        except RuntimeError:  # that window was closed (and deleted)
            other = False
        if other and side is not None:
            side.present()
            return
        try:
            from .lecture.shell import lecture_settings
            from .presentation import open_presentation
        except ImportError:
            self.statusBar().showMessage(self.tr("Presentation mode is not available."), 4000)
            return
        chosen = lecture_settings(self.lang, self.settings)
        window = open_presentation(self.document, self, chosen)
        if window is not None:
            window.closed.connect(lambda: self._remember_presentation(chosen))

    def _remember_presentation(self, chosen: PresentationSettings) -> None:
        """Keep the lecturer's theme, motion and label size for the next talk."""
        from .lecture.shell import remember_settings

        remember_settings(chosen, self.settings)

    @Slot()
    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About VMA Studio"),
            self.tr(
                "<b>VMA Studio {0}</b><br>See the Linux kernel insert a VMA: "
                "insert_vm_struct(), find_vma_links() and the augmented red-black tree, "
                "step by step (Linux 4.0 and 4.19)."
            ).format(__version__),
        )

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        rows = []
        for action in self.findChildren(type(self.actions_.play)):
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if key:
                rows.append(
                    f"<tr><td><b>{key}</b></td><td>{action.text().replace('&', '')}</td></tr>"
                )
        QMessageBox.information(
            self, self.tr("Keyboard shortcuts"), "<table>" + "".join(sorted(set(rows))) + "</table>"
        )

    # -- Qt overrides ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self.view, self.view.fit)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._started:
            # The first frame is being painted (the window and every visible dock in one
            # pass): what it did not need is made once it is on screen.
            self._started = True
            _settle_start_up()
            QTimer.singleShot(0, self, self.finish_start)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._replaced_by is not None:
            # The document now lives in the new window; nothing to ask or save here.
            self.timer.stop()
            event.accept()
            _WINDOWS.discard(self)
            self.deleteLater()
            return
        if self.maybe_save():
            self.timer.stop()
            self.save_settings()
            event.accept()
        else:
            event.ignore()


#: Top-level windows alive in this process (a language switch replaces one by another).
_WINDOWS: set[MainWindow] = set()

#: Whether this process's start-up has been settled (``_settle_start_up``).
_SETTLED = False


def _settle_start_up() -> None:
    """Once per process, when the first window paints its first frame: move what start-up
    made (modules, classes, Qt's enum types, the window, the demo's timeline: ~35,000
    objects that live as long as the process) out of the cyclic collector's reach
    (``settle_heap``, ``gc.freeze``), as a loaded large timeline already is.

    Measured (offscreen, the demo, 34,500 objects tracked): a full collection, a pause
    while stepping, takes 0.1 ms instead of 3.5-4.7 ms, and so do those Python runs as it
    exits (the process ends ~15 ms sooner after the first frame). Reference counting still frees
    all of it; a cycle made before this point is only reclaimed at exit, which is why it
    runs once, for the first window only (a replaced timeline is ``dispose``d, its cycles
    broken, as for any settled one).
    """
    global _SETTLED
    if not _SETTLED:
        _SETTLED = True
        settle_heap()


def run_gui(file: str | None, demo: bool, kernel: ImportKernel | None = None) -> int:
    """Create the application, open ``file`` (or the demo), show the window, run."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("VMA Studio")
    app.setApplicationName("VMA Studio")
    app.setApplicationVersion(__version__)
    # Lets Wayland desktops match the window to the menu entry and its icon.
    app.setDesktopFileName("org.vmastudio.VMAStudio")
    try:
        from PySide6.QtGui import QIcon, QPixmap

        icon = QPixmap()
        if icon.loadFromData(resources.read_bytes("icons", "vmastudio.svg")):
            app.setWindowIcon(QIcon(icon))
    except resources.ResourceError:
        pass  # a broken install still runs, with the default icon
    from .errors import install_excepthook

    window = MainWindow()
    _WINDOWS.add(window)
    install_excepthook(window)
    try:
        if file:
            if not window.open_file(file, ask=False, kernel=kernel):
                window.document.load_demo()
        elif demo:
            window.document.load_demo()
    except resources.ResourceError as exc:
        window._error(window.tr("This installation is broken: {0}").format(exc))
    window.show()

    def autosave() -> None:
        # Autosave and recovery are later actions: their module (sockets, uuids, dates)
        # is imported once the first frame is on screen, the first thing after it.
        from .autosave import install_autosave, offer_recovery

        install_autosave(window)
        # After the file is loaded: recovered work must not be replaced by it.
        offer_recovery(window)

    window.when_started(autosave)
    return int(app.exec())
