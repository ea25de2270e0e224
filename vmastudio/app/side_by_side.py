"""The same scenario in Linux 4.19 and in Linux 6.12, side by side, op by op.

Left: the red-black tree and the VMA list of 4.19 (``insert_vm_struct()`` →
``find_vma_links()`` → rotations). Right: the maple tree of 6.12 (the same call becomes a
range store: intersection walk, preallocation, write walk, the store and its splits or
rebalances). Both drawings follow one op number; each side steps through its own steps
(their counts differ: that is the lesson). A scenario with 6.12-only ops (munmap over a
range, map_fixed, empty_area) shows only the 6.12 side.

Keys: PgDown/PgUp next/previous op; → / ← a step of the 6.12 side; Shift+→ / Shift+← a
step of the 4.19 side; Space a step on both sides; F fit both.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFontInfo, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..engine.frames612 import OpFrames612, Timeline612, op612_heading
from ..engine.scenario import Scenario, text_of
from ..engine.timeline import Timeline, collector_paused
from ..engine.wording import initial_heading, op_heading, step_sentence
from ..model.document import Document, LoadedFile
from ..view.maple.node_item import LOD_TEXT
from ..view.maple.scene import MapleScene
from ..view.maple.view import MapleView
from ..view.scene import VmaScene
from ..view.scene_view import MIN_TEXT_PX, SceneView

#: From this many maple nodes "fit" shows the whole tree as an overview.
OVERVIEW_NODES = 200
#: Ops the 4.x engine replays; a scenario with any other op has no 4.19 side.
OPS_4X = frozenset({"insert", "erase", "find_vma", "unmapped_area"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("SideBySide", text)


def as_kernel(scenario: Scenario, maple: bool) -> Scenario:
    """A copy of ``scenario`` for 6.12 (``maple``) or 4.19 (the ops are the same).

    Shallow: its own lists of VMAs and ops (a later edit of the original adds or drops
    ops, never changes a spec in place), so a 65,530-VMA space is copied in milliseconds
    (a deep copy took ~1 s per side).
    """
    out = copy.copy(scenario)
    out.ops = list(scenario.ops)
    out.initial = list(scenario.initial)
    out.memory = copy.copy(scenario.memory)
    out.memory_set = dict(scenario.memory_set)
    out.maple = maple
    if not maple:
        out.kernel = "4.19"
    return out


class SideBySideParts:
    """The two replays a ``SideBySideWindow`` draws, made without Qt (e.g. in a loading
    thread)."""

    def __init__(
        self,
        scenario: Scenario,
        timeline612: Timeline612,
        scenario419: Scenario | None,
        timeline419: Timeline | None,
    ) -> None:
        self.scenario = scenario
        self.timeline612 = timeline612
        #: The 4.19 replay (None: the scenario has 6.12-only ops).
        self.scenario419 = scenario419
        self.timeline419 = timeline419


def replay_both(scenario: Scenario) -> SideBySideParts:
    """Replay ``scenario`` in 6.12 and (when its ops exist there) in 4.19."""
    with collector_paused():
        timeline612 = Timeline612(as_kernel(scenario, maple=True))
        if not all(op.op in OPS_4X for op in scenario.ops):
            return SideBySideParts(scenario, timeline612, None, None)
        old = as_kernel(scenario, maple=False)
        return SideBySideParts(scenario, timeline612, old, Timeline(old, summaries=False))


def _sentence_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setMinimumHeight(64)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class SideBySideWindow(QMainWindow):
    """Two synchronised drawings of one scenario: 4.19 (left) and 6.12 (right)."""

    def __init__(
        self,
        scenario: Scenario,
        lang: str = "en",
        parent: QWidget | None = None,
        parts: SideBySideParts | None = None,
    ):
        """``parts``: the replays made beforehand (``replay_both``, e.g. in a loading
        thread); None replays ``scenario`` here."""
        super().__init__(parent)
        self.setObjectName("side_by_side")
        self.lang = lang
        self.setWindowTitle(
            _tr("{0} — 4.19 and 6.12 side by side — VMA Studio").format(
                text_of(scenario.title, lang) or _tr("scenario")
            )
        )
        if parts is None:
            parts = replay_both(scenario)
        self.document: Document | None = None
        if parts.scenario419 is not None and parts.timeline419 is not None:
            self.document = Document(parent=self)
            # Adopted like an import (no path): the replay is the one just made.
            self.document.adopt(
                LoadedFile("", parts.scenario419, parts.timeline419, [], is_scenario=False)
            )
        # -- the two sides --
        self.maple_scene = MapleScene(self)
        self.maple_view = MapleView(self.maple_scene, self)
        self.heading612 = QLabel()
        self.sentence612 = _sentence_label()
        right = self._column(
            _tr("Linux 6.12: mm->mm_mt, the maple tree"),
            self.heading612,
            self.maple_view,
            self.sentence612,
        )
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.scene419: VmaScene | None = None
        self.view419: SceneView | None = None
        self.heading419 = QLabel()
        self.sentence419 = _sentence_label()
        if self.document is not None:
            self.scene419 = VmaScene(self)
            self.view419 = SceneView(self.scene419, self)
            self.view419.bind(self.document)
            left = self._column(
                _tr("Linux 4.19: mm->mmap and mm->mm_rb, the red-black tree"),
                self.heading419,
                self.view419,
                self.sentence419,
            )
            split.addWidget(left)
        else:
            # No 4.19 side: the maple tree gets the whole window, a line says why.
            note = QLabel(
                _tr(
                    "This scenario uses ops that exist only in 6.12 (munmap over a range, "
                    "map_fixed, empty_area): there is no 4.19 side."
                )
            )
            note.setObjectName("no_419_note")
            note.setWordWrap(True)
            column = right.layout()
            assert isinstance(column, QVBoxLayout)
            column.insertWidget(1, note)
        split.addWidget(right)
        split.setSizes([1, 1])
        self.setCentralWidget(split)
        # The 4.19 side is laid out: now wait for the 6.12 replay (a large space's ran
        # meanwhile in a child process, see ``replay_both``).
        self.timeline612 = parts.timeline612
        self.op = min(1, len(self.timeline612))
        self.step612 = 0
        self.maple_scene.names = self.timeline612.names
        self.position_label = QLabel()
        #: The live process this space was read from (File ▸ Open process…), for Refresh.
        self.source_pid: int | None = None
        self._make_toolbar()
        from ..view.pointer.maple_pointer_view import MaplePointerDock  # ma_state (P)

        self.pointers612 = MaplePointerDock(self, self.maple_scene, scenario, lang, self.maple_view)
        from .quiz612_panel import SideBySideQuiz  # the 6.12 quiz (Q), in its own module

        self.quiz = SideBySideQuiz(self)
        self.resize(1600, 950)
        self.show_op(self.op)

    def _column(self, title: str, heading: QLabel, view: QWidget, sentence: QLabel) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        head = QLabel(f"<b>{title}</b>")
        layout.addWidget(head)
        layout.addWidget(heading)
        layout.addWidget(view, 1)
        layout.addWidget(sentence)
        return box

    def _make_toolbar(self) -> None:
        bar = QToolBar(_tr("Side by side"), self)
        bar.setObjectName("side_by_side_toolbar")
        self.addToolBar(bar)
        specs = [
            (
                _tr("Previous op"),
                QKeySequence(Qt.Key.Key_PageUp),
                lambda: self.show_op(self.op - 1),
            ),
            (_tr("Next op"), QKeySequence(Qt.Key.Key_PageDown), lambda: self.show_op(self.op + 1)),
            (_tr("4.19 step back"), QKeySequence("Shift+Left"), lambda: self.step_419(-1)),
            (_tr("4.19 step"), QKeySequence("Shift+Right"), lambda: self.step_419(1)),
            (_tr("6.12 step back"), QKeySequence(Qt.Key.Key_Left), lambda: self.step_612(-1)),
            (_tr("6.12 step"), QKeySequence(Qt.Key.Key_Right), lambda: self.step_612(1)),
            (_tr("Step both"), QKeySequence(Qt.Key.Key_Space), self.step_both),
            (_tr("Fit both"), QKeySequence(Qt.Key.Key_F), self.fit),
            (_tr("Present"), QKeySequence(Qt.Key.Key_F5), self.present),
        ]
        for text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(key)
            action.setToolTip(f"{text} ({key.toString()})")
            action.triggered.connect(slot)
            bar.addAction(action)
        # Refresh process: the 4.x window's key (F5 is Present here), enabled for a process.
        self.refresh_action = QAction(_tr("Refresh process"), self)
        self.refresh_action.setObjectName("refresh_process")
        self.refresh_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.refresh_action.setToolTip(
            _tr(
                "Read the process's maps again, show what changed and replay it in both "
                "kernels (Ctrl+Shift+R)"
            )
        )
        self.refresh_action.setEnabled(False)
        self.refresh_action.triggered.connect(self.refresh_process)
        bar.addAction(self.refresh_action)
        bar.addSeparator()
        bar.addWidget(self.position_label)

    # -- a live process ------------------------------------------------------------------------
    def set_source_pid(self, pid: int | None) -> None:
        """The process this space was read from (None: not a live process)."""
        self.source_pid = pid
        self.refresh_action.setEnabled(pid is not None)

    def refresh_process(self) -> bool:
        """Ctrl+Shift+R: re-read the process, show the diff, replay it in both kernels
        (``side_by_side_refresh``); True when the window now shows the new space."""
        from .side_by_side_refresh import refresh_side_by_side

        return refresh_side_by_side(self)

    def show_error(self, text: str) -> None:
        from .side_by_side_refresh import warn

        warn(self, text)

    def replace_parts(self, parts: SideBySideParts) -> None:
        """Show new replays of a scenario with the same kind of ops (a refresh appends
        erases and inserts: the 4.19 side stays). The caller shows an op afterwards."""
        from ..view.pointer.maple_pointer_view import _slab_order

        self.timeline612 = parts.timeline612
        self.maple_scene.names = parts.timeline612.names
        self.pointers612._vma_index = _slab_order(parts.timeline612.scenario)
        if (
            self.document is not None
            and parts.scenario419 is not None
            and parts.timeline419 is not None
        ):
            self.document.adopt(
                LoadedFile("", parts.scenario419, parts.timeline419, [], is_scenario=False)
            )
        self.op = min(1, len(self.timeline612))
        self.step612 = 0

    # -- navigation ----------------------------------------------------------------------------
    def frames(self) -> OpFrames612 | None:
        return self.timeline612.frames(self.op) if self.op >= 1 else None

    def show_op(self, op: int) -> None:
        """Both sides at the first step of ``op`` (clamped to the scenario)."""
        self.op = max(min(op, len(self.timeline612)), min(1, len(self.timeline612)))
        self.step612 = 0
        if self.document is not None:
            self.document.set_position(self.op, 0)
        self._show()
        self.fit()

    def step_612(self, delta: int) -> None:
        frames = self.frames()
        if frames is None or not frames.steps:
            return
        target = max(0, min(self.step612 + delta, len(frames.steps) - 1))
        if self.quiz.holds(self.op, self.step612, target):
            return  # the quiz asks first; its answer steps on
        self.step612 = target
        self._show()

    def step_419(self, delta: int) -> None:
        d = self.document
        if d is None or self.op < 1:
            return
        d.set_position(self.op, max(0, min(d.step + delta, d.step_count(self.op) - 1)))
        self._show()

    def step_both(self) -> None:
        self.step_419(1)
        self.step_612(1)

    def present(self) -> None:
        """F5: this scenario full screen as a 6.12 lecture from the op shown; leaving it
        comes back here at the op the talk reached (``maple_presentation.py``)."""
        from .maple_presentation import present_from

        present_from(self)

    def fit(self) -> None:
        """Both drawings as large as fits, never with text under ``MIN_TEXT_PX``: a maple
        tree too wide for that shows the step's nodes (or the root) at the readable size."""
        view = self.maple_view
        rect = self.maple_scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        if self.maple_scene.node_count() > OVERVIEW_NODES:
            # A large space (a whole process): the tree's levels as an overview, each
            # node a block; zoom in (wheel) for the nodes' memory.
            view.fitInView(rect, Qt.AspectRatioMode.IgnoreAspectRatio)
        elif not rect.isEmpty():
            port = view.viewport().rect()
            whole = min(port.width() / rect.width(), port.height() / rect.height())
            text = QFontInfo(self.maple_scene.theme.small).pixelSize()
            readable = MIN_TEXT_PX / max(1.0, text)
            if whole >= readable:
                view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            else:
                view.resetTransform()
                view.scale(readable, readable)
                focus = self.maple_scene.focus_rect()
                view.centerOn((focus if not focus.isEmpty() else rect).center())
        view.sync_window()
        if self.view419 is not None:
            self.view419.fit()

    def _keep_maple_in_view(self) -> None:
        """A store may widen a node or add a level: refit when the tree outgrows the view."""
        rect = self.maple_scene.itemsBoundingRect()
        view = self.maple_view
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        focus = self.maple_scene.focus_rect()
        if seen.contains(rect) or (not focus.isEmpty() and seen.contains(focus)):
            return
        zoomed_in = view.transform().m11() >= LOD_TEXT
        if self.maple_scene.node_count() > OVERVIEW_NODES and zoomed_in:
            # A large tree the user zoomed into: keep the zoom, follow the step's nodes
            # (a leaf is wider than half a window at full size; refitting would throw
            # the reader back to the overview at every step).
            if not focus.isEmpty() and not seen.contains(focus.center()):
                view.centerOn(focus.center())
                view.sync_window()
            return
        self.fit()

    def _show(self) -> None:
        lang = self.lang
        n = len(self.timeline612)
        frames = self.frames()
        if frames is None:
            state = self.timeline612.state(0)
            self.maple_scene.focus_address = None
            self.maple_scene.show_state(state, None, _tr("initial state"))
            # A space imported whole: how many VMAs, and the tree the engine built.
            count = len(self.timeline612.scenario.initial)
            tree = _tr("maple tree: height {0}, {1} nodes").format(
                state.height, f"{len(state.nodes):,}"
            )
            self.heading612.setText(f"<b>{initial_heading(count, lang)}</b> · {tree}")
            self.sentence612.setText("")
        else:
            op = self.timeline612.scenario.ops[self.op - 1]
            step = frames.steps[self.step612] if frames.steps else None
            before = frames.state(self.step612 - 1) if self.step612 else frames.before
            self.maple_scene.focus_address = frames.outcome.start
            self.maple_scene.show_state(frames.state(self.step612), step, "", before)
            self.heading612.setText(f"<b>{op612_heading(self.op, op, frames.outcome, lang)}</b>")
            self.sentence612.setText(text_of(step.text, lang) if step else "")
        self._keep_maple_in_view()
        self.pointers612.show_step(frames, self.step612)
        d = self.document
        count419 = 0
        if d is not None and self.op == 0:
            self.heading419.setText(f"<b>{initial_heading(len(d.scenario.initial), lang)}</b>")
            self.sentence419.setText("")
        if d is not None and self.op >= 1:
            spec, res = d.scenario.ops[self.op - 1], d.timeline.results[self.op - 1]
            self.heading419.setText(f"<b>{op_heading(self.op, spec, res, lang)}</b>")
            self.sentence419.setText(step_sentence(d.current_step(), lang))
            count419 = d.step_count(self.op)
        steps612 = len(frames.steps) if frames is not None else 0
        self.position_label.setText(
            _tr("op {0} / {1} · 4.19 step {2} / {3} · 6.12 step {4} / {5}").format(
                self.op,
                n,
                (d.step + 1) if d is not None and count419 else 0,
                count419,
                self.step612 + 1 if steps612 else 0,
                steps612,
            )
        )
