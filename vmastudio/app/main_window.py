"""The main window: one scene, the panels around it, the step controls and the files.

``run_gui(file, demo)`` is what ``vmastudio`` / ``vmastudio --demo`` / ``vmastudio FILE``
call (cli.py imports it lazily).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QIcon,
    QKeySequence,
    QPixmap,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from .. import __version__, resources
from ..engine.memory import AddressStyle
from ..engine.scenario import ScenarioError, text_of
from ..model.document import Document, imported
from ..view.binding import PointerBinding
from ..view.minimap import Minimap, go_to_address, show_vma
from ..view.panels.code_panel import CodePanel
from ..view.panels.explanation_panel import ExplanationPanel
from ..view.panels.inspector_panel import InspectorPanel
from ..view.panels.legend_panel import LegendPanel
from ..view.panels.status import StepStatus
from ..view.panels.steps_panel import StepsPanel
from ..view.panels.variables_panel import VariablesPanel
from ..view.pointer import PointerView
from ..view.scene import VmaScene
from ..view.scene_view import SceneView
from ..view.theme import make_theme
from .actions import Actions
from .errors import install_excepthook
from .i18n import LANGUAGES, TRANSLATIONS, system_language
from .import_order import ImportOrderMenu

if TYPE_CHECKING:
    from ..engine.processes import MapsDiff
    from .diff_dialog import DiffDialog
    from .find_dialog import FindVmaDialog
    from .insert_dialog import InsertDialog
    from .presentation import PresentationSettings

MAX_RECENT = 8
FILE_FILTER = "VMA Studio scenarios (*.vmas);;maps text (*maps*);;All files (*)"


class MainWindow(QMainWindow):
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

    # -- construction ------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_panels(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.steps_panel = StepsPanel(self.document, self)
        self.code_panel = CodePanel(self)
        self.variables_panel = VariablesPanel(self)
        self.explanation_panel = ExplanationPanel(self)
        self.inspector_panel = InspectorPanel(self)
        self.legend_panel = LegendPanel(self)
        self.pointer_view = PointerView(self, language=self.lang, address_style="kernel")
        self.pointer_view.setObjectName("pointer_view")
        # The picture gets the middle of the window; every panel lives in two side
        # columns, the secondary ones as tabs (a new window gives the scene ~60 % of it).
        self.docks = [
            self._dock("steps_dock", self.tr("Steps"), self.steps_panel, left),
            self._dock("legend_dock", self.tr("Legend"), self.legend_panel, left),
            self._dock("code_dock", self.tr("Code"), self.code_panel, right),
            self._dock("variables_dock", self.tr("Variables"), self.variables_panel, right),
            self._dock("inspector_dock", self.tr("Inspector"), self.inspector_panel, right),
            self._dock("explanation_dock", self.tr("Explanation"), self.explanation_panel, right),
            self._dock("pointer_dock", self.tr("Pointers"), self.pointer_view, right),
            self._dock("minimap_dock", self.tr("Overview"), Minimap(self.view, self), left),
        ]
        self.docks[7].setToolTip(
            self.tr("The whole address space, small; click or drag to move the view")
        )
        self.docks[6].setToolTip(
            self.tr(
                "The locals of insert_vm_struct() and find_vma_links() and the rb_node "
                "fields they point at, with simulated addresses"
            )
        )
        steps, legend, code, variables, inspector, explanation, pointers, overview = self.docks
        # Right column: the sentence, the code line, then variables | pointers | inspector.
        self.splitDockWidget(explanation, code, Qt.Orientation.Vertical)
        self.splitDockWidget(code, variables, Qt.Orientation.Vertical)
        self.tabifyDockWidget(variables, pointers)
        self.tabifyDockWidget(pointers, inspector)
        variables.raise_()
        # Left column: the steps, then legend | overview.
        self.splitDockWidget(steps, legend, Qt.Orientation.Vertical)
        self.tabifyDockWidget(legend, overview)
        legend.raise_()
        self.resizeDocks([steps, code], [230, 390], Qt.Orientation.Horizontal)
        self.resizeDocks([explanation, code, variables], [190, 230, 300], Qt.Orientation.Vertical)
        self.resizeDocks([steps, legend], [520, 260], Qt.Orientation.Vertical)

    def _make_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (a.new, a.open, a.open_demo):
            file_menu.addAction(action)
        self.examples_menu = file_menu.addMenu(self.tr("&Examples"))
        self._fill_examples()
        file_menu.addAction(a.import_pid)
        self.import_order_menu = ImportOrderMenu(self.settings, self)
        file_menu.addMenu(self.import_order_menu)
        self.refresh_action = file_menu.addAction(self.tr("Re&fresh process"))
        self.refresh_action.setObjectName("refresh_process")
        self.refresh_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.refresh_action.setToolTip(
            self.tr("Re-read the imported process and replay what changed (Ctrl+Shift+R)")
        )
        self.refresh_action.setEnabled(False)
        self.refresh_action.triggered.connect(self._on_refresh_process_triggered)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        file_menu.addSeparator()
        for action in (a.save, a.save_as):
            file_menu.addAction(action)
        self.export_action = file_menu.addAction(self.tr("&Export figure…"))
        self.export_action.setObjectName("export")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(
            self.tr("Export the current step as SVG, PDF, PNG, TikZ, GIF/APNG or a graph (Ctrl+E)")
        )
        self.export_action.triggered.connect(self._on_export_triggered)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undo")
        self.redo_action = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setObjectName("redo")
        for action in (self.undo_action, self.redo_action):
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(a.insert)
        edit.addAction(a.erase)
        edit.addSeparator()
        self.find_action = edit.addAction(self.tr("&Find VMA…"))
        self.find_action.setObjectName("find_vma")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip(
            self.tr("Find VMAs by address (find_vma), flags or file name (Ctrl+F)")
        )
        self.find_action.triggered.connect(self._on_find_triggered)
        self.find_dialog: FindVmaDialog | None = None
        kernel = edit.addMenu(self.tr("&Kernel profile"))
        kernel.addAction(a.kernel_40)
        kernel.addAction(a.kernel_419)
        step = bar.addMenu(self.tr("&Step"))
        for action in (a.play, a.step_back, a.step_forward, a.prev_op, a.next_op, a.first, a.last):
            step.addAction(action)
        step.addSeparator()
        step.addAction(a.slower)
        step.addAction(a.faster)
        view = bar.addMenu(self.tr("&View"))
        for action in (a.zoom_in, a.zoom_out, a.zoom_fit, a.zoom_reset, a.follow):
            view.addAction(action)
        self.goto_action = view.addAction(self.tr("&Go to address…"))
        self.goto_action.setObjectName("goto_address")
        self.goto_action.setShortcut(QKeySequence("Ctrl+G"))
        self.goto_action.setToolTip(
            self.tr("Find the VMA that holds an address (find_vma) and show it (Ctrl+G)")
        )
        self.goto_action.triggered.connect(self._on_goto_triggered)
        view.addSeparator()
        for action in (a.scale_linear, a.theme_dark, a.short_addresses):
            view.addAction(action)
        self.language_menu = view.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("language_menu")
        english = self.language_menu.addAction("English")
        english.setCheckable(True)
        english.setObjectName("lang_en")
        english.triggered.connect(lambda: self.switch_language("en"))
        self.language_menu.addAction(a.lang_zh)
        group = QActionGroup(self)
        group.addAction(english)
        group.addAction(a.lang_zh)
        self.lang_en_action = english
        view.addSeparator()
        view.addAction(a.present)
        panels = view.addMenu(self.tr("&Panels"))
        for dock in self.docks:
            panels.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu(self.tr("&Help"))
        self.lesson_action = help_menu.addAction(self.tr("Pointer-to-pointer &lesson…"))
        self.lesson_action.setObjectName("lesson")
        self.lesson_action.setToolTip(
            self.tr(
                "A linked list insert and removal with struct node **: the idiom "
                "find_vma_links() uses"
            )
        )
        self.lesson_action.triggered.connect(self._on_lesson_triggered)
        help_menu.addSeparator()
        help_menu.addAction(a.shortcuts)
        help_menu.addAction(a.about)
        tools = self.addToolBar(self.tr("Steps"))
        tools.setObjectName("step_toolbar")
        for action in (a.open, a.save):
            tools.addAction(action)
        tools.addSeparator()
        # The toolbar's Undo/Redo keep a fixed label (the buttons never move as the op's
        # name changes); the whole "Undo Insert [400000,452000)" is their tooltip.
        self.undo_tool = self._stack_tool(self.tr("Undo"), undo=True)
        self.redo_tool = self._stack_tool(self.tr("Redo"), undo=False)
        tools.addAction(self.undo_tool)
        tools.addAction(self.redo_tool)
        tools.addSeparator()
        for action in (a.first, a.prev_op, a.step_back, a.play, a.step_forward, a.next_op, a.last):
            tools.addAction(action)
        self.speed_box = QSpinBox(self)
        self.speed_box.setObjectName("speed_box")
        self.speed_box.setRange(1, 20)
        self.speed_box.setSuffix(self.tr(" steps/s"))
        self.speed_box.setToolTip(self.tr("Playback speed"))
        tools.addWidget(self.speed_box)
        tools.addSeparator()
        for action in (a.zoom_fit, a.follow, a.insert):
            tools.addAction(action)

    def _stack_tool(self, label: str, *, undo: bool) -> QAction:
        full = self.undo_action if undo else self.redo_action
        return StackToolAction(label, self.document.undo_stack, full, undo, self)

    def _fill_examples(self) -> None:
        """Examples, then lecture scenarios (with captions and speaker notes)."""
        self.examples_menu.clear()
        for folder in ("examples", "lectures"):
            try:
                names = sorted(
                    p.name
                    for p in resources.path(folder).iterdir()
                    if p.name.endswith((".vmas", ".maps"))
                )
            except (OSError, ModuleNotFoundError):
                names = []
            if folder == "lectures" and names:
                self.examples_menu.addSection(self.tr("Lectures"))
            for name in names:
                label = name.removesuffix(".vmas")
                if name.endswith(".maps"):
                    label = self.tr("{0} (a real /proc/PID/maps)").format(
                        name.removesuffix(".maps")
                    )
                action = self.examples_menu.addAction(label)
                action.setData(f"{folder}/{name}")
                action.triggered.connect(lambda _=False, f=folder, n=name: self._open_example(n, f))

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.kernel_label = QLabel(self)
        self.kernel_label.setObjectName("kernel_label")
        self.kernel_label.setToolTip(
            self.tr("The document's kernel profile (Edit ▸ Kernel profile)")
        )
        self.step_status = StepStatus(self)
        self.func_label = self.step_status.func_label
        self.result_label = self.step_status.result_label
        self.position_label = self.step_status.position_label
        bar.addPermanentWidget(self.func_label)
        bar.addPermanentWidget(self.result_label)
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.kernel_label)

    def _connect(self) -> None:
        a = self.actions_
        d = self.document
        # The scene first (the panels' VMA keys refer to what it draws), then the panels.
        self.view.bind(d)
        self.code_panel.bind(d, self.lang)
        self.variables_panel.bind(d)
        self.legend_panel.bind(d)
        self.explanation_panel.bind(d, self.lang)
        self.inspector_panel.bind(d)
        self._pointer_binding = PointerBinding(self.pointer_view, d)
        self.step_status.bind(d)
        d.step_changed.connect(self._on_document_step_changed)
        d.document_changed.connect(self._on_document_changed)
        self.steps_panel.position_requested.connect(self._on_steps_panel_position_requested)
        self.scene.insert_requested.connect(self._on_scene_insert_requested)
        self.scene.erase_requested.connect(self._on_scene_erase_requested)
        self.scene.vma_selected.connect(self._on_scene_vma_selected)
        self.pointer_view.vma_selected.connect(self._on_pointer_view_vma_selected)
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
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("{0} has unsaved changes. Save them?").format(self.document.display_name()),
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
                self._error(self.tr("This installation is broken: {0}").format(exc))
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
            self.document.load_scenario(scenario)
        except ScenarioError as exc:
            self._error(self.tr("The example {0} is broken: {1}").format(name, self._say(exc)))
        self.view.fit()

    @Slot()
    def _on_open_triggered(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open"), "", self.tr(FILE_FILTER))
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str, ask: bool = True) -> bool:
        """Open ``path``; a malformed file is reported and the document stays as it was."""
        if ask and not self.maybe_save():
            return False
        from .load_progress import is_big, load_with_progress

        order = self.import_order_menu.order()
        try:
            if is_big(path):
                # Read and replayed in a thread behind a progress dialog that can cancel.
                if not load_with_progress(self, self.document, path, order):
                    self.statusBar().showMessage(self.tr("Opening cancelled"), 4000)
                    return False
                notices = self.document.notices
            else:
                notices = self.document.load_file(path, order)
        except ScenarioError as exc:
            self._error(self.tr("Cannot open this file:\n{0}").format(self._say(exc)))
            return False
        except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
            # Bad input no check named (a limit of Python's own): the same message, never
            # an escaping error (``vmastudio FILE`` would end before its window opened).
            self._error(self.tr("Cannot open this file:\n{0}").format(f"{path}: {exc}"))
            return False
        self._remember(str(Path(path).resolve()))
        if self.document.path is None:
            # A maps text: show the whole address space first; the steps are a click away.
            self.document.last()
        if notices:
            self.statusBar().showMessage("; ".join(notices), 8000)
        self.view.fit()
        return True

    @Slot()
    def _on_import_pid_triggered(self) -> None:
        if not self.maybe_save():
            return
        pid = self.pick_process()
        if pid is None:
            return
        from ..engine.loader import load_pid

        try:
            scenario, notices = load_pid(pid)
            self.document.load_scenario(imported(scenario, self.import_order_menu.order()))
        except ScenarioError as exc:
            self._error(self.tr("Cannot import process {0}:\n{1}").format(pid, self._say(exc)))
            return
        self.document.undo_stack.resetClean()
        self.document.source_pid = pid
        self.refresh_action.setEnabled(True)
        self.document.last()  # the whole address space first; the steps are a click away
        if notices:
            self.statusBar().showMessage("; ".join(notices), 8000)
        self.view.fit()

    def pick_process(self) -> int | None:
        """The process picker: a searchable table of processes, unreadable ones explained."""
        from .process_dialog import ProcessDialog

        dialog = ProcessDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_pid()

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
            self._error(self.tr("Cannot refresh process {0}:\n{1}").format(pid, self._say(exc)))
            return
        if not diff:
            self.statusBar().showMessage(describe_diff(diff), 4000)
            return
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
            self._error(self.tr("Cannot refresh process {0}:\n{1}").format(pid, self._say(exc)))
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
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.document.display_name(), self.tr(FILE_FILTER)
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
            self._error(self.tr("Cannot save {0}:\n{1}").format(path, exc))
            return False
        self._remember(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("Saved {0}").format(path), 4000)
        return True

    def _say(self, exc: ScenarioError) -> str:
        """A file or input problem in the window language, its place kept as written."""
        from ..engine.messages import localize_error  # 67 patterns: compiled on first use

        return localize_error(exc, self.lang)

    def _error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("VMA Studio"), text)

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
        self.pointer_view.select_vma(key)
        self.inspector_panel.show_key(key)
        if key is not None:
            self.docks[4].raise_()

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
        self.pointer_view.set_theme(name)

    @Slot(bool)
    def _on_short_addresses_toggled(self, on: bool) -> None:
        style: AddressStyle = "short" if on else "kernel"
        self.pointer_view.set_address_style(style)
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
        try:
            from .presentation import PresentationSettings, open_presentation
        except ImportError:
            self.statusBar().showMessage(self.tr("Presentation mode is not available."), 4000)
            return
        s = self.settings
        chosen = PresentationSettings(
            theme=str(s.value("present/theme", "dark")),
            lang=self.lang,
            duration_ms=int(str(s.value("present/duration_ms", 450))),
            reduce_motion=str(s.value("present/reduce_motion", "false")) == "true",
            min_label_px=int(str(s.value("present/min_label_px", 22))),
        )
        window = open_presentation(self.document, self, chosen)
        if window is not None:
            window.closed.connect(lambda: self._remember_presentation(chosen))

    def _remember_presentation(self, chosen: PresentationSettings) -> None:
        """Keep the lecturer's theme, motion and label size for the next talk."""
        s = self.settings
        s.setValue("present/theme", chosen.theme)
        s.setValue("present/duration_ms", chosen.duration_ms)
        s.setValue("present/min_label_px", chosen.min_label_px)
        s.setValue("present/reduce_motion", "true" if chosen.reduce_motion else "false")

    @Slot()
    def _on_about_triggered(self) -> None:
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
            QTimer.singleShot(0, self.view.fit)

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


class StackToolAction(QAction):
    """A toolbar Undo/Redo with a fixed label; the stack's full text is its tooltip.

    A QAction of its own (not a closure) so its connections to the document's undo stack
    end with it: the document outlives the window across a language switch.
    """

    def __init__(
        self, label: str, stack: QUndoStack, full: QAction, undo: bool, parent: QWidget
    ) -> None:
        super().__init__(label, parent)
        self._label = label
        self._stack = stack
        self._full = full
        self._undo = undo
        self.setObjectName("undo_tool" if undo else "redo_tool")
        self.triggered.connect(stack.undo if undo else stack.redo)
        if undo:
            stack.canUndoChanged.connect(self._on_stack_changed)
            stack.undoTextChanged.connect(self._on_stack_changed)
        else:
            stack.canRedoChanged.connect(self._on_stack_changed)
            stack.redoTextChanged.connect(self._on_stack_changed)
        self._on_stack_changed()

    @Slot()
    def _on_stack_changed(self) -> None:
        can = self._stack.canUndo() if self._undo else self._stack.canRedo()
        self.setEnabled(can)
        self.setToolTip(self._full.text().replace("&", "") if can else self._label)


#: Top-level windows alive in this process (a language switch replaces one by another).
_WINDOWS: set[MainWindow] = set()


def run_gui(file: str | None, demo: bool) -> int:
    """Create the application, open ``file`` (or the demo), show the window, run."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("VMA Studio")
    app.setApplicationName("VMA Studio")
    app.setApplicationVersion(__version__)
    # Lets Wayland desktops match the window to the menu entry and its icon.
    app.setDesktopFileName("org.vmastudio.VMAStudio")
    try:
        icon = QPixmap()
        if icon.loadFromData(resources.read_bytes("icons", "vmastudio.svg")):
            app.setWindowIcon(QIcon(icon))
    except resources.ResourceError:
        pass  # a broken install still runs, with the default icon
    from .autosave import install_autosave, offer_recovery

    window = MainWindow()
    _WINDOWS.add(window)
    install_excepthook(window)
    install_autosave(window)
    try:
        if file:
            if not window.open_file(file, ask=False):
                window.document.load_demo()
        elif demo:
            window.document.load_demo()
    except resources.ResourceError as exc:
        window._error(window.tr("This installation is broken: {0}").format(exc))
    window.show()
    # After the file is loaded: recovered work must not be replaced by it.
    offer_recovery(window)
    return int(app.exec())
