"""An op as drawn: the one place that assembles and caches what every viewer shows.

For op *k* of a ``Timeline``: its result, its steps, the state before it, the state after
each step (made on first use) and the pointer models of each step (per address style,
made on first use). The scene, the panels, the lecture, the quiz, the pointer view and
the exporters all read ``OpFrames`` from one ``FrameCache``; none keeps its own copy.

The cache is bounded twice: by op count, and by the node entries the cached snapshots
hold together (each step that changes the tree holds its own node table, ~3 MB at 65,530
VMAs), so a large space keeps a couple of ops while a small one keeps eight.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .memory import AddressStyle
from .mm import OpResult
from .snapshot import LazySequence, NodeState, Snapshot, lazy_step_snapshots
from .timeline import Timeline
from .trace import TraceStep

if TYPE_CHECKING:  # the pointer models are read only by the pointer views
    from .pointers import PointerModel

#: How many ops keep their traced steps and snapshots in memory (stepping back and forth
#: within a few ops never re-traces; a 65k-op scenario never holds more than this).
CACHE_OPS = 8
#: ...and at most this many node entries in all the cached snapshots together.
CACHE_NODES = 1_500_000


@dataclass(slots=True)
class OpFrames:
    """Everything drawn for one op: result, steps, the state before it and after each
    step, the VMA it inserts or erases, and the pointer models."""

    result: OpResult
    steps: list[TraceStep]
    before: Snapshot
    snapshots: Sequence[Snapshot]
    #: The VMA this op inserts or erases, as a drawable node (None for lookups).
    subject: NodeState | None
    _models: dict[str, LazySequence[PointerModel]] = field(default_factory=dict, repr=False)

    def snapshot(self, step: int) -> Snapshot:
        """The state after ``step`` (0-based); the state before the op when it has none."""
        return self.snapshots[step] if self.snapshots else self.before

    def pointer_models(self, style: AddressStyle = "kernel") -> Sequence[PointerModel]:
        """The pointer model of each step in ``style``, built on first use."""
        found = self._models.get(style)
        if found is None:
            from .pointers import lazy_models

            found = lazy_models(self.steps, self.before, style, self.snapshots)
            self._models[style] = found
        return found

    def weight(self) -> int:
        """Node entries held by the snapshots made so far (what the cache budgets)."""
        seen = {id(self.before)}
        total = len(self.before.nodes)
        made = self.snapshots
        for snap in made.made() if isinstance(made, LazySequence) else made:
            if id(snap) not in seen:
                seen.add(id(snap))
                total += len(snap.nodes)
        return total


class FrameCache:
    """``OpFrames`` and settled states of one timeline, traced on demand, LRU-bounded."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._frames: OrderedDict[int, OpFrames] = OrderedDict()
        self._states: OrderedDict[int, Snapshot] = OrderedDict()

    def clear(self) -> None:
        self._frames.clear()
        self._states.clear()

    def drop_from(self, k: int) -> None:
        """Forget op ``k`` and every op and state after it (the timeline changed there)."""
        for key in [key for key in self._frames if key >= k]:
            del self._frames[key]
        for key in [key for key in self._states if key >= k]:
            del self._states[key]

    def cached_ops(self) -> list[int]:
        return list(self._frames)

    def op(self, k: int) -> OpFrames:
        """Op ``k`` (1-based) as drawn. O(what the op touches) plus the state before it."""
        found = self._frames.get(k)
        if found is not None:
            self._frames.move_to_end(k)
            return found
        timeline = self.timeline
        result, steps = timeline.trace(k)
        before = self.state(k - 1)
        made = timeline.subjects[k - 1]
        subject = None
        if made is not None:
            # Identity only: the live VMA's links are those of the latest state.
            subject = NodeState(
                made.vm_start,
                made.vm_end,
                flags=made.vm_flags,
                file=made.vm_file,
                name=made.name,
                pgoff=made.vm_pgoff,
                uid=made.uid,
                in_tree=False,
                in_list=False,
            )
        frames = OpFrames(result, steps, before, lazy_step_snapshots(before, steps), subject)
        self._frames[k] = frames
        self._trim()
        return frames

    def state(self, k: int) -> Snapshot:
        """The settled state after op ``k`` (0: the initial state). O(n), cached."""
        found = self._states.get(k)
        if found is not None:
            self._states.move_to_end(k)
            return found
        snap = self._neighbour_state(k)
        if snap is None:
            snap = self.timeline.snapshot(k)  # O(n)
        self._states[k] = snap
        self._trim()
        return snap

    def _neighbour_state(self, k: int) -> Snapshot | None:
        """State ``k`` from what is cached next to it, in O(what one op touched): the
        snapshot before op ``k + 1``, the last step of op ``k``, or op ``k + 1`` undone
        from the state after it. None: nothing cached nearby."""
        after = self._frames.get(k + 1)
        if after is not None:
            return after.before
        done = self._frames.get(k)
        if done is not None and done.snapshots and self._ends_in_state(k):
            return done.snapshots[-1]
        later = self._states.get(k + 1)
        if later is not None and k + 1 <= len(self.timeline):
            return self.timeline.snapshot_before(k + 1, later)
        return None

    def _ends_in_state(self, k: int) -> bool:
        """Whether op ``k``'s last step is exactly the settled state after it: not for an
        erase (its steps keep the erased VMA, detached) nor a trial insert (the rejected
        VMA stays beside the tree)."""
        op = self.timeline.scenario.ops[k - 1]
        if op.op == "erase":
            return False
        return op.op != "insert" or self.timeline.results[k - 1].result == 0

    def _trim(self) -> None:
        """Drop the least recently used ops and states beyond the budgets."""

        def weight() -> int:
            total = sum(len(s.nodes) for s in self._states.values())
            return total + sum(f.weight() for f in self._frames.values())

        while len(self._frames) > CACHE_OPS:
            self._frames.popitem(last=False)
        while len(self._states) > CACHE_OPS:
            self._states.popitem(last=False)
        while len(self._frames) + len(self._states) > 2 and weight() > CACHE_NODES:
            if len(self._states) >= len(self._frames) and self._states:
                self._states.popitem(last=False)
            elif len(self._frames) > 1:
                self._frames.popitem(last=False)
            else:
                self._states.popitem(last=False)
