"""Building ``MainWindow``: the docks around the scene, the menus, the tool and status bars.

A part of ``MainWindow`` (see ``window_base``); its strings keep the ``MainWindow``
translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QSizePolicy, QSpinBox, QWidget

from .. import resources
from ..view.panels.code_panel import CodePanel
from ..view.panels.explanation_panel import ExplanationPanel
from ..view.panels.legend_panel import LegendPanel
from ..view.panels.status import StepStatus
from ..view.panels.steps_panel import StepsPanel
from ..view.panels.variables_panel import VariablesPanel
from .import_order import ImportOrderMenu
from .window_base import WindowBase

if TYPE_CHECKING:
    from ..view.minimap import Minimap
    from ..view.panels.inspector_panel import InspectorPanel
    from ..view.pointer import PointerView
    from .find_dialog import FindVmaDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowBuildMixin(WindowBase):
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
        self.legend_panel = LegendPanel(self)
        # Three docks open behind another dock's tab (restoreState may change that): their
        # widgets, and the modules behind them (the pointer view is ~25 ms of imports), are
        # made after the first frame (``finish_start``), or at once when their tab is
        # raised or the window asks for them (the ``pointer_view``, ``inspector_panel`` and
        # ``minimap`` properties). Until then each holds an empty widget no one sees.
        self._pointer_view: PointerView | None = None
        self._inspector_panel: InspectorPanel | None = None
        self._minimap: Minimap | None = None
        self._started = False
        #: What waits for the first frame (``when_started``); None once it has run.
        self._after_start: list[Callable[[], object]] | None = []
        # The picture gets the middle of the window; every panel lives in two side
        # columns, the secondary ones as tabs (a new window gives the scene ~60 % of it).
        self.docks = [
            self._dock("steps_dock", _tr("Steps"), self.steps_panel, left),
            self._dock("legend_dock", _tr("Legend"), self.legend_panel, left),
            self._dock("code_dock", _tr("Code"), self.code_panel, right),
            self._dock("variables_dock", _tr("Variables"), self.variables_panel, right),
            self._dock("inspector_dock", _tr("Inspector"), _Pending(self), right),
            self._dock("explanation_dock", _tr("Explanation"), self.explanation_panel, right),
            self._dock("pointer_dock", _tr("Pointers"), _Pending(self), right),
            self._dock("minimap_dock", _tr("Overview"), _Pending(self, minimap=True), left),
        ]
        self._lazy: list[tuple[QDockWidget, Callable[[], QWidget]]] = [
            (self.docks[6], lambda: self.pointer_view),
            (self.docks[4], lambda: self.inspector_panel),
            (self.docks[7], lambda: self.minimap),
        ]
        for dock, make in self._lazy:
            # Raised (or shown) before finish_start got to it: made now, before it paints.
            dock.visibilityChanged.connect(lambda on, make=make: make() if on else None)
        self.docks[7].setToolTip(
            _tr("The whole address space, small; click or drag to move the view")
        )
        self.docks[6].setToolTip(
            _tr(
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

    # -- the docks made after the first frame -------------------------------------------------
    @property
    def pointer_view(self) -> PointerView:
        """The Pointers dock's view (made on first use)."""
        view = self._pointer_view
        if view is None:
            from ..view.binding import PointerBinding
            from ..view.pointer import PointerView

            view = PointerView(
                self,
                language=self.lang,
                address_style=self.document.address_style,
                theme="dark" if self.actions_.theme_dark.isChecked() else "light",
            )
            view.setObjectName("pointer_view")
            self._pointer_binding = PointerBinding(view, self.document)
            view.select_vma(self.scene.selected)
            view.vma_selected.connect(self._on_pointer_view_vma_selected)
            self._pointer_view = view
            self._place(self.docks[6], view)
        return view

    @property
    def inspector_panel(self) -> InspectorPanel:
        """The Inspector dock's panel (made on first use)."""
        panel = self._inspector_panel
        if panel is None:
            from ..view.panels.inspector_panel import InspectorPanel

            panel = InspectorPanel(self)
            panel.bind(self.document)
            panel.show_key(self.scene.selected)
            self._inspector_panel = panel
            self._place(self.docks[4], panel)
        return panel

    @property
    def minimap(self) -> Minimap:
        """The Overview dock's minimap (made on first use)."""
        minimap = self._minimap
        if minimap is None:
            from ..view.minimap import Minimap

            minimap = Minimap(self.view, self)
            self._minimap = minimap
            self._place(self.docks[7], minimap)
        return minimap

    def _place(self, dock: QDockWidget, widget: QWidget) -> None:
        placeholder = dock.widget()
        dock.setWidget(widget)
        if placeholder is not None and placeholder is not widget:
            placeholder.deleteLater()

    def finish_start(self) -> None:
        """Run what waited for the first frame (``when_started``), then make the docks
        left for after it, one per event-loop turn (each takes a few milliseconds; input
        and repaints get in between)."""
        self._started = True
        self._run_after_start()
        if self._lazy:
            _dock, make = self._lazy.pop(0)
            make()
            QTimer.singleShot(0, self, self.finish_start)

    def when_started(self, job: Callable[[], object], *, latest_ms: int = 500) -> None:
        """Run ``job`` once the first frame is on screen; within ``latest_ms`` anyway (a
        window started minimised is never painted), and at once if that has happened."""
        if self._after_start is None:
            job()
            return
        self._after_start.append(job)
        QTimer.singleShot(latest_ms, self, self._run_after_start)

    def _run_after_start(self) -> None:
        jobs, self._after_start = self._after_start or [], None
        for job in jobs:
            job()

    def start_pending(self) -> bool:
        """Whether a dock still waits for its widget (see ``finish_start``)."""
        return self._pointer_view is None or self._inspector_panel is None or self._minimap is None

    def _make_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file_menu = bar.addMenu(_tr("&File"))
        for action in (a.new, a.open, a.open_demo):
            file_menu.addAction(action)
        self.examples_menu = file_menu.addMenu(_tr("&Examples"))
        self._fill_examples()
        file_menu.addAction(a.import_pid)
        self.import_order_menu = ImportOrderMenu(self.settings, self)
        file_menu.addMenu(self.import_order_menu)
        self.refresh_action = file_menu.addAction(_tr("Re&fresh process"))
        self.refresh_action.setObjectName("refresh_process")
        self.refresh_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.refresh_action.setToolTip(
            _tr("Re-read the imported process and replay what changed (Ctrl+Shift+R)")
        )
        self.refresh_action.setEnabled(False)
        self.refresh_action.triggered.connect(self._on_refresh_process_triggered)
        self.recent_menu = file_menu.addMenu(_tr("Open &recent"))
        file_menu.addSeparator()
        for action in (a.save, a.save_as):
            file_menu.addAction(action)
        self.export_action = file_menu.addAction(_tr("&Export figure…"))
        self.export_action.setObjectName("export")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(
            _tr("Export the current step as SVG, PDF, PNG, TikZ, GIF/APNG or a graph (Ctrl+E)")
        )
        self.export_action.triggered.connect(self._on_export_triggered)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit = bar.addMenu(_tr("&Edit"))
        self.undo_action = self.document.undo_stack.createUndoAction(self, _tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undo")
        self.redo_action = self.document.undo_stack.createRedoAction(self, _tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setObjectName("redo")
        for action in (self.undo_action, self.redo_action):
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(a.insert)
        edit.addAction(a.erase)
        edit.addSeparator()
        self.find_action = edit.addAction(_tr("&Find VMA…"))
        self.find_action.setObjectName("find_vma")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip(
            _tr("Find VMAs by address (find_vma), flags or file name (Ctrl+F)")
        )
        self.find_action.triggered.connect(self._on_find_triggered)
        self.find_dialog: FindVmaDialog | None = None
        kernel = edit.addMenu(_tr("&Kernel profile"))
        kernel.addAction(a.kernel_40)
        kernel.addAction(a.kernel_419)
        kernel.addSeparator()
        self.side_by_side_action = kernel.addAction(
            _tr("Linux 6.12 (maple tree), side by side with 4.19…")
        )
        self.side_by_side_action.setObjectName("side_by_side")
        self.side_by_side_action.setShortcut(QKeySequence("Ctrl+K"))
        self.side_by_side_action.setToolTip(
            _tr("Replay this scenario in Linux 4.19 and in Linux 6.12, two drawings op by op")
        )
        self.side_by_side_action.triggered.connect(self._on_side_by_side_triggered)
        step = bar.addMenu(_tr("&Step"))
        for action in (a.play, a.step_back, a.step_forward, a.prev_op, a.next_op, a.first, a.last):
            step.addAction(action)
        step.addSeparator()
        step.addAction(a.slower)
        step.addAction(a.faster)
        view = bar.addMenu(_tr("&View"))
        for action in (a.zoom_in, a.zoom_out, a.zoom_fit, a.zoom_reset, a.follow):
            view.addAction(action)
        self.goto_action = view.addAction(_tr("&Go to address…"))
        self.goto_action.setObjectName("goto_address")
        self.goto_action.setShortcut(QKeySequence("Ctrl+G"))
        self.goto_action.setToolTip(
            _tr("Find the VMA that holds an address (find_vma) and show it (Ctrl+G)")
        )
        self.goto_action.triggered.connect(self._on_goto_triggered)
        view.addSeparator()
        for action in (a.scale_linear, a.theme_dark, a.short_addresses):
            view.addAction(action)
        self.language_menu = view.addMenu(_tr("&Language"))
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
        panels = view.addMenu(_tr("&Panels"))
        for dock in self.docks:
            panels.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu(_tr("&Help"))
        self.lesson_action = help_menu.addAction(_tr("Pointer-to-pointer &lesson…"))
        self.lesson_action.setObjectName("lesson")
        self.lesson_action.setToolTip(
            _tr(
                "A linked list insert and removal with struct node **: the idiom "
                "find_vma_links() uses"
            )
        )
        self.lesson_action.triggered.connect(self._on_lesson_triggered)
        help_menu.addSeparator()
        help_menu.addAction(a.shortcuts)
        help_menu.addAction(a.about)
        tools = self.addToolBar(_tr("Steps"))
        tools.setObjectName("step_toolbar")
        for action in (a.open, a.save):
            tools.addAction(action)
        tools.addSeparator()
        # The toolbar's Undo/Redo keep a fixed label (the buttons never move as the op's
        # name changes); the whole "Undo Insert [400000,452000)" is their tooltip.
        self.undo_tool = self._stack_tool(_tr("Undo"), undo=True)
        self.redo_tool = self._stack_tool(_tr("Redo"), undo=False)
        tools.addAction(self.undo_tool)
        tools.addAction(self.redo_tool)
        tools.addSeparator()
        for action in (a.first, a.prev_op, a.step_back, a.play, a.step_forward, a.next_op, a.last):
            tools.addAction(action)
        self.speed_box = QSpinBox(self)
        self.speed_box.setObjectName("speed_box")
        self.speed_box.setRange(1, 20)
        self.speed_box.setSuffix(_tr(" steps/s"))
        self.speed_box.setToolTip(_tr("Playback speed"))
        tools.addWidget(self.speed_box)
        tools.addSeparator()
        for action in (a.zoom_fit, a.follow, a.insert):
            tools.addAction(action)

    def _stack_tool(self, label: str, *, undo: bool) -> QAction:
        return StackToolAction(label, self.document.undo_stack, undo, self)

    def _fill_examples(self) -> None:
        """Examples, then lecture scenarios (with captions and speaker notes)."""
        self.examples_menu.clear()
        for folder in ("examples", "lectures"):
            try:
                names = [n for n in resources.names(folder) if n.endswith((".vmas", ".maps"))]
            except resources.ResourceError:
                names = []
            if folder == "lectures" and names:
                self.examples_menu.addSection(_tr("Lectures"))
            for name in names:
                label = name.removesuffix(".vmas")
                if name.endswith(".maps"):
                    label = _tr("{0} (a real /proc/PID/maps)").format(name.removesuffix(".maps"))
                action = self.examples_menu.addAction(label)
                action.setData(f"{folder}/{name}")
                action.triggered.connect(lambda _=False, f=folder, n=name: self._open_example(n, f))

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.kernel_label = QLabel(self)
        self.kernel_label.setObjectName("kernel_label")
        self.kernel_label.setToolTip(_tr("The document's kernel profile (Edit ▸ Kernel profile)"))
        self.step_status = StepStatus(self)
        self.func_label = self.step_status.func_label
        self.result_label = self.step_status.result_label
        self.position_label = self.step_status.position_label
        bar.addPermanentWidget(self.func_label)
        bar.addPermanentWidget(self.result_label)
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.kernel_label)


class _Pending(QWidget):
    """What a dock holds until its widget is made: empty, and sized as that widget asks
    (the Overview's minimap is one fixed strip), so that the docks around it keep their
    places when it comes."""

    def __init__(self, parent: QWidget, *, minimap: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pending_dock_widget")
        self._hint = QSize(400, 90) if minimap else QSize()
        if minimap:  # as view/minimap.Minimap sets itself
            self.setMinimumSize(160, 60)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return self._hint if self._hint.isValid() else super().sizeHint()


class StackToolAction(QAction):
    """A toolbar Undo/Redo with a fixed label; "Undo Insert [400000,452000)" is its tooltip.

    A QAction of its own (not a closure) so its connections to the document's undo stack
    end with it: the document outlives the window across a language switch. It keeps what
    the stack's signals said instead of asking the stack, which may be gone first while a
    window is torn down.
    """

    def __init__(self, label: str, stack: QUndoStack, undo: bool, parent: QWidget) -> None:
        super().__init__(label, parent)
        self._label = label
        self._can = stack.canUndo() if undo else stack.canRedo()
        self._text = stack.undoText() if undo else stack.redoText()
        self.setObjectName("undo_tool" if undo else "redo_tool")
        self.triggered.connect(stack.undo if undo else stack.redo)
        if undo:
            stack.canUndoChanged.connect(self._on_stack_can_changed)
            stack.undoTextChanged.connect(self._on_stack_text_changed)
        else:
            stack.canRedoChanged.connect(self._on_stack_can_changed)
            stack.redoTextChanged.connect(self._on_stack_text_changed)
        self._show()

    @Slot(bool)
    def _on_stack_can_changed(self, can: bool) -> None:
        self._can = can
        self._show()

    @Slot(str)
    def _on_stack_text_changed(self, text: str) -> None:
        self._text = text
        self._show()

    def _show(self) -> None:
        self.setEnabled(self._can)
        self.setToolTip(f"{self._label} {self._text}" if self._can and self._text else self._label)
