"""The document: a scenario, its engine timeline, the step cursor and the undo stack.

The document owns no kernel logic: every answer comes from ``engine.timeline``. It adds
what a window needs on top: signals that state past facts, a cursor ``(op, step)`` that
is not an edit, undoable edits that append ops (undone by ``Timeline.truncate``), a
modified flag (the undo stack's clean state) and atomic saves through ``QSaveFile``.

Positions: ``op`` runs from 0 (the initial state, no step) to ``op_count()``; for
``op >= 1`` ``step`` indexes that op's trace (0-based) and the drawn state is the
snapshot after that step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from ..engine.frames import FrameCache, OpFrames
from ..engine.loader import demo_scenario
from ..engine.loader import load_file as load_path
from ..engine.memory import AddressStyle
from ..engine.mm import Kernel, OpResult
from ..engine.problems import Problem
from ..engine.replay_order import Order, arrange, auto_order
from ..engine.scenario import OpSpec, Scenario, ScenarioError, VmaSpec
from ..engine.snapshot import Snapshot
from ..engine.timeline import Timeline, collector_paused, settle_heap
from ..engine.trace import TraceStep

T = TypeVar("T")


#: The most mappings the window draws from one maps text (4 x vm.max_map_count's default).
WINDOW_MAX_VMAS = 262_144
#: From this size on a loaded timeline is frozen out of the cyclic collector's scans.
SETTLE_MIN_VMAS = 2_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Document", text)


def imported(scenario: Scenario, order: Order | None = None, *, reuse: bool = False) -> Scenario:
    """An imported address space (insert ops only) arranged for replay in ``order``
    (``reuse``: the caller drops ``scenario``, whose VMAs the result may then share)."""
    chosen = order or auto_order(len(scenario.ops))
    try:
        return arrange(scenario, chosen, reuse=reuse)
    except ValueError as exc:
        raise ScenarioError("", Problem("text", text=str(exc))) from None


class Cancelled(Exception):
    """A load was cancelled by its progress callback."""


#: ``progress(done, total)`` while a file's ops are replayed; it raises ``Cancelled`` to
#: stop the load (it runs in the loading thread).
Progress = Callable[[int, int], None]


class _Watched(list[T]):
    """A list whose iteration reports progress every 2,048 items (the timeline's bulk
    run iterates ``scenario.ops`` and ``scenario.initial`` once, in order)."""

    def __init__(self, items: list[T], progress: Progress, base: int, total: int) -> None:
        super().__init__(items)
        self._progress = progress
        self._base = base
        self._total = total

    def __iter__(self) -> Iterator[T]:
        progress, base, total = self._progress, self._base, self._total
        for i, item in enumerate(super().__iter__()):
            if not i % 2048:
                progress(base + i, total)
            yield item


class OtherKernel(Exception):
    """The file is a Linux 6.12 scenario: a 4.x document cannot hold it (the window opens
    it in the 6.12 side-by-side window instead)."""

    def __init__(self, scenario: Scenario, path: str) -> None:
        super().__init__(f"{path}: a Linux 6.12 scenario")
        self.scenario = scenario
        self.path = path


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A file read and replayed, ready for ``Document.adopt`` (no Qt object inside)."""

    path: str
    scenario: Scenario
    timeline: Timeline
    notices: list[str]
    is_scenario: bool


def check_window_size(path: str, scenario: Scenario) -> None:
    """Raise ``ScenarioError`` when the maps text ``path`` read into ``scenario`` (one op per
    VMA) has more VMAs than a window draws (``WINDOW_MAX_VMAS``)."""
    if len(scenario.ops) > WINDOW_MAX_VMAS:
        # Each drawn VMA costs the window ~30 µs of layout: past this a space would
        # freeze it for tens of seconds. The command line has no such bound.
        raise ScenarioError(
            path,
            Problem(
                "maps.too_many_for_window",
                count=f"{len(scenario.ops):,}",
                limit=f"{WINDOW_MAX_VMAS:,}",
            ),
        )


def read_file(
    path: str, order: Order | None = None, progress: Progress | None = None
) -> LoadedFile:
    """Read and replay ``path`` without touching any document: Qt-free, so a window may run
    it in a thread (big documents) and cancel it through ``progress``."""
    with collector_paused():
        return _read_file(path, order, progress)


def _read_file(path: str, order: Order | None, progress: Progress | None) -> LoadedFile:
    scenario, notices, is_scenario = load_path(path)
    if scenario.maple:
        raise OtherKernel(scenario, path)
    if not is_scenario:
        check_window_size(path, scenario)
        scenario = imported(scenario, order, reuse=True)  # the parsed one is dropped here
    if progress is None:
        return LoadedFile(path, scenario, Timeline(scenario, summaries=False), notices, is_scenario)
    total = len(scenario.initial) + len(scenario.ops)
    initial, ops = scenario.initial, scenario.ops
    scenario.initial = _Watched(initial, progress, 0, total)
    scenario.ops = _Watched(ops, progress, len(initial), total)
    try:
        timeline = Timeline(scenario, summaries=False)
    finally:
        scenario.initial, scenario.ops = initial, ops
    progress(total, total)
    return LoadedFile(path, scenario, timeline, notices, is_scenario)


class Document(QObject):
    """A scenario being watched and edited. Signals state facts that already happened."""

    #: The list of ops (and so every trace) changed: an edit, undo, load or kernel change.
    trace_changed = Signal()
    #: The cursor moved to (op, step).
    step_changed = Signal(int, int)
    #: Path, title, modified flag or kernel profile changed.
    document_changed = Signal()

    def __init__(self, scenario: Scenario | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.address_style: AddressStyle = "kernel"
        self.path: str | None = None
        self._op = 0
        self._step = 0
        self.scenario = scenario if scenario is not None else Scenario()
        # The window draws states and traces; replay's per-op summaries (height, black
        # height) would double a 65,530-VMA load for nothing.
        self.timeline = Timeline(self.scenario, summaries=False)
        #: Every op as drawn, for every viewer (the engine's one bounded cache).
        self.cache = FrameCache(self.timeline)
        #: The live process the document was imported from (File ▸ Refresh process).
        self.source_pid: int | None = None
        #: What the last ``load_file``/``adopt`` left out (lines skipped).
        self.notices: list[str] = []

    # -- loading and saving -------------------------------------------------------------
    def load_file(self, path: str, order: Order | None = None) -> list[str]:
        """Open a ``.vmas`` scenario or a maps text; the document is unchanged on error.

        A maps text is replayed in ``order`` (None: ``auto_order``, a bulk load for a
        large space, address order otherwise).

        Returns the import notices. Raises ``ScenarioError`` naming the problem.
        """
        self.adopt(read_file(path, order))
        return self.notices

    def adopt(self, loaded: LoadedFile) -> None:
        """Show what ``read_file`` read (in any thread) from ``loaded.path``.

        The viewers draw the new document while the cyclic collector waits: a 65,530-VMA
        space makes a snapshot and the scene's tables, a few hundred thousand objects that
        all stay alive, and each collection meanwhile would walk them for nothing (~20 ms
        of the snapshot alone). A large one is then settled out of the collector's reach
        as the timeline was (``settle_heap``)."""
        with collector_paused():
            path = loaded.path if loaded.is_scenario else None
            self._replace(loaded.scenario, loaded.timeline, path)
            self.notices = list(loaded.notices)
            if not loaded.is_scenario:
                # An imported maps text is a new document until saved as .vmas.
                self.undo_stack.resetClean()
            if self._large():
                settle_heap()

    def load_demo(self) -> None:
        scenario = demo_scenario()
        self._replace(scenario, Timeline(scenario, summaries=False), None)

    def load_scenario(self, scenario: Scenario, path: str | None = None) -> None:
        """Show ``scenario`` (raises ``ScenarioError`` before changing anything)."""
        self._replace(scenario, Timeline(scenario, summaries=False), path)

    def _replace(self, scenario: Scenario, timeline: Timeline, path: str | None) -> None:
        self._adopt(timeline)
        self.scenario = scenario
        self.source_pid = None
        self.path = path
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._op = 0
        self._step = 0
        self.trace_changed.emit()
        self.document_changed.emit()
        self.set_position(min(1, self.op_count()), 0, force=True)

    def save(self, path: str | None = None) -> None:
        """Write the scenario atomically (``QSaveFile``: temporary file, then rename).

        Raises ``OSError`` with the reason; on failure the old file is untouched.
        """
        target = path or self.path
        if not target:
            raise OSError(_tr("no file name"))
        try:
            data = self.scenario.dumps().encode("utf-8")
        except UnicodeEncodeError as exc:
            # A lone surrogate (the loaders refuse one; an edit may still bring one in):
            # say so like any failed write; the document stays modified, nothing is lost.
            code = f"\\u{ord(exc.object[exc.start]):04x}"
            raise OSError(
                _tr("the document holds text that cannot be saved as UTF-8 ({0})").format(code)
            ) from None
        # Imported here: the file classes' enums cost start-up ~1 ms, and only a save needs them.
        from PySide6.QtCore import QIODevice, QSaveFile

        out = QSaveFile(target)
        if not out.open(QIODevice.OpenModeFlag.WriteOnly):
            raise OSError(out.errorString())
        if out.write(data) != len(data):
            message = out.errorString()
            out.cancelWriting()
            raise OSError(message)
        if not out.commit():
            raise OSError(out.errorString())
        self.path = target
        self.undo_stack.setClean()
        self.document_changed.emit()

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def kernel(self) -> Kernel:
        return self.scenario.kernel

    def display_name(self) -> str:
        return Path(self.path).name if self.path else _tr("untitled.vmas")

    # -- reading the timeline ------------------------------------------------------------
    def op_count(self) -> int:
        return len(self.timeline)

    def frames(self, k: int) -> OpFrames:
        """Op ``k`` as drawn (1-based): the engine's ``FrameCache`` answers."""
        return self.cache.op(k)

    def state(self, k: int) -> Snapshot:
        """The settled state after op ``k`` (0: the initial state)."""
        return self.cache.state(k)

    def step_count(self, k: int) -> int:
        return 0 if k == 0 else len(self.frames(k).steps)

    # -- the cursor (not an edit) ---------------------------------------------------------
    @property
    def op(self) -> int:
        return self._op

    @property
    def step(self) -> int:
        return self._step

    def current_step(self) -> TraceStep | None:
        if self._op == 0:
            return None
        steps = self.frames(self._op).steps
        return steps[self._step] if steps else None

    def current_snapshot(self) -> Snapshot:
        if self._op == 0:
            return self.state(0)
        return self.frames(self._op).snapshot(self._step)

    def set_position(self, op: int, step: int, *, force: bool = False) -> None:
        """Move the cursor, clamped to what exists; emits ``step_changed`` when it moved."""
        op = max(0, min(op, self.op_count()))
        count = self.step_count(op)
        step = 0 if count == 0 else max(0, min(step, count - 1))
        if (op, step) == (self._op, self._step) and not force:
            return
        self._op, self._step = op, step
        self.step_changed.emit(op, step)

    def step_forward(self) -> bool:
        if self._op >= 1 and self._step + 1 < self.step_count(self._op):
            self.set_position(self._op, self._step + 1)
            return True
        if self._op < self.op_count():
            self.set_position(self._op + 1, 0)
            return True
        return False

    def step_back(self) -> bool:
        if self._step > 0:
            self.set_position(self._op, self._step - 1)
            return True
        if self._op > 0:
            prev = self._op - 1
            self.set_position(prev, max(0, self.step_count(prev) - 1))
            return True
        return False

    def next_op(self) -> bool:
        if self._op < self.op_count():
            self.set_position(self._op + 1, 0)
            return True
        return False

    def prev_op(self) -> bool:
        if self._op > 0:
            self.set_position(self._op - 1, 0)
            return True
        return False

    def first(self) -> None:
        self.set_position(0, 0)

    def last(self) -> None:
        n = self.op_count()
        self.set_position(n, self.step_count(n) - 1)

    def at_end(self) -> bool:
        n = self.op_count()
        return self._op == n and self._step >= self.step_count(n) - 1

    # -- edits (undoable) ------------------------------------------------------------------
    def insert(self, spec: VmaSpec, caption: str = "") -> OpResult:
        """Append an insert op (an overlapping range is a trial returning -ENOMEM)."""
        from .commands import AppendOpCommand  # an edit's module: not part of start-up

        op = OpSpec("insert", vma=spec, caption=caption or None)
        command = AppendOpCommand(self, op)
        self.undo_stack.push(command)
        return self.timeline.results[-1]

    def erase(self, start: int) -> OpResult:
        """Append an erase of the VMA starting at ``start`` in the latest state.

        Raises ``ScenarioError`` (and changes nothing) when no VMA starts there.
        """
        if self.state(self.op_count()).by_start(start) is None:
            raise ScenarioError(
                "erase",
                Problem(
                    "text", text=_tr("no VMA starts at 0x{0:x} in the latest state").format(start)
                ),
            )
        from .commands import AppendOpCommand

        self.undo_stack.push(AppendOpCommand(self, OpSpec("erase", start=start)))
        return self.timeline.results[-1]

    def set_kernel(self, kernel: Kernel) -> None:
        if kernel != self.scenario.kernel:
            from .commands import SetKernelCommand

            self.undo_stack.push(SetKernelCommand(self, self.scenario.kernel, kernel))

    def set_address_style(self, style: AddressStyle) -> None:
        if style != self.address_style:
            self.address_style = style
            self.trace_changed.emit()
            self.set_position(self._op, self._step, force=True)

    # -- called by the undo commands only ---------------------------------------------------
    def _append_op(self, op: OpSpec) -> OpResult:
        result = self.timeline.append(op)
        self.cache.drop_from(len(self.timeline))
        self.trace_changed.emit()
        self.set_position(len(self.timeline), 0, force=True)
        return result

    def _truncate(self, n: int) -> None:
        self.timeline.truncate(n)
        self.cache.drop_from(n + 1)
        if self._op > n:
            self._op, self._step = n, max(0, self.step_count(n) - 1)
        self.trace_changed.emit()
        self.set_position(self._op, self._step, force=True)

    def _set_kernel(self, kernel: Kernel) -> None:
        self.scenario.kernel = kernel
        self._adopt(Timeline(self.scenario, summaries=False))
        self._op = min(self._op, self.op_count())
        self._step = 0
        self.trace_changed.emit()
        self.document_changed.emit()
        self.set_position(self._op, self._step, force=True)

    def _adopt(self, timeline: Timeline) -> None:
        """Make ``timeline`` the document's: the old one's cycles are broken so reference
        counting frees it, and a large new one is moved out of the cyclic collector's
        reach (its full collections paused stepping for 300 ms and more)."""
        old = self.timeline
        self.timeline = timeline
        self.cache = FrameCache(timeline)
        if old is not timeline:
            old.dispose()
        if self._large():
            settle_heap()

    def _large(self) -> bool:
        """Whether the timeline is big enough to settle out of the collector's reach."""
        return self.timeline.mm.map_count + len(self.timeline) >= SETTLE_MIN_VMAS

    @Slot(bool)
    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self.document_changed.emit()
