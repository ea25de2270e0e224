"""A whole scenario replayed once, with every step of every op reachable directly.

The bulk run keeps one live ``MmStruct`` and, per op, only what changed: before its first
write in an op a node saves its link state (``MmStruct.touch``), a "fat node" history. The
state before op k is then read field by field (a bisect in the node's history), lazily,
so re-running op k with a tracer costs O(what the op touches), not O(n), and memory grows
with the writes, never with a copy per op or per step.
"""

from __future__ import annotations

import gc
import threading
import weakref
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, final

from .check import black_height, preorder
from .mm import MmStruct, OpResult
from .problems import Problem
from .scenario import OpSpec, Scenario, ScenarioError, VmaSpec
from .snapshot import Snapshot, node_state_of, snapshot_of
from .trace import Tracer, TraceStep
from .vma import VmArea

_OP = itemgetter(0)


def make_vma(spec: VmaSpec, uid: int) -> VmArea:
    return VmArea(
        spec.start,
        spec.end,
        spec.flags,
        spec.pgoff,
        spec.file,
        spec.special,
        spec.name,
        uid,
    )


@dataclass(slots=True)
class Summary:
    """The state after an op, as ``replay --json`` reports it."""

    root: int | None
    map_count: int
    black_height: int
    height: int
    highest_vm_end: int
    max_gap: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "map_count": self.map_count,
            "black_height": self.black_height,
            "height": self.height,
            "highest_vm_end": self.highest_vm_end,
            "max_gap": self.max_gap,
        }


_MM_FIELDS = ("mmap", "mm_rb", "map_count", "highest_vm_end", "total_vm", "committed")


# final: compiled (mypyc) callers then call its methods directly, not through a vtable.
@final
class Timeline:
    """Runs a scenario and answers "what did op k do, step by step" on demand.

    Ops are numbered from 1; state k is the state after op k (0: after ``initial``).
    """

    def __init__(self, scenario: Scenario, *, record: bool = True, summaries: bool = True) -> None:
        self.scenario = scenario
        self.mm = MmStruct(scenario.kernel, scenario.memory)
        self.mm.recording = record
        self.recorded = record
        #: Per-op summaries (replay's height, black height…) cost O(k log n) per op.
        self.with_summaries = summaries
        self.results: list[OpResult] = []
        self.summaries: list[Summary] = []
        #: The VmArea each op inserted or erased (None for lookups).
        self.subjects: list[VmArea | None] = []
        #: mm-level fields before each op, and the internal op number it ran as.
        self._mm_before: list[tuple[Any, ...]] = []
        self._op_no: list[int] = []
        #: Nodes each op wrote, and the uid counter before it (for ``truncate``).
        self._touched: list[list[VmArea]] = []
        self._uid_before: list[int] = []
        self._uid = 0
        # The bulk run allocates a few objects per op and frees almost none, the worst
        # case for the cyclic collector: with it on, a 65,530-op load spends half its time
        # in collections that find nothing (measured: 1.09 s vs 0.52 s ascending).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._run_all(scenario, summaries)
        finally:
            if collecting:
                gc.enable()

    def _run_all(self, scenario: Scenario, summaries: bool) -> None:
        mm = self.mm
        # No state before ``initial`` is ever asked for (state 0 is the one after it), so
        # the initial inserts save no history: a bulk load of a 65,530-VMA space costs the
        # inserts alone, and later ops record from their own first write.
        recording, mm.recording = mm.recording, False
        for i, spec in enumerate(scenario.initial):
            vma = self._new_vma(spec)
            res = mm.insert_vm_struct(vma)
            if res.result != 0:
                raise ScenarioError(f"initial[{i}]", Problem("op.refused", result=str(res.result)))
        mm.recording = recording
        if summaries:
            self._fix_heights_all()
        self.initial_summary = self._summary()
        for i, op in enumerate(scenario.ops):
            self._run(i, op)

    # -- the bulk run -----------------------------------------------------------------
    def _new_vma(self, spec: VmaSpec) -> VmArea:
        vma = make_vma(spec, self._uid)
        self._uid += 1
        return vma

    def _run(self, index: int, op: OpSpec) -> None:
        mm = self.mm
        # The mm-level fields, in _MM_FIELDS order (spelled out: this runs once per op).
        self._mm_before.append(
            (mm.mmap, mm.mm_rb, mm.map_count, mm.highest_vm_end, mm.total_vm, mm.committed)
        )
        self._op_no.append(mm.op_no + 1)
        self._uid_before.append(self._uid)
        mm.touched = touched = []
        subject: VmArea | None = None
        if op.op == "insert":
            assert op.vma is not None
            subject = self._new_vma(op.vma)
            res = mm.insert_vm_struct(subject)
            if res.result == 0:
                touched.append(subject)
        elif op.op == "erase":
            subject = mm.lookup(op.start)
            if subject is None:
                raise ScenarioError(
                    f"ops[{index}].start", Problem("op.no_vma_at", addr=f"0x{op.start:x}")
                )
            res = mm.erase(subject)
        elif op.op == "find_vma":
            res = mm.find_vma(op.addr)
        elif op.op == "unmapped_area":
            res = mm.unmapped_area(op.length, op.low, op.high, op.topdown)
        else:
            mm.touched = None
            raise ScenarioError(f"ops[{index}].op", Problem("op.maple_model_only", op=op.op))
        mm.touched = None
        if self.with_summaries:
            self._fix_heights(touched, subject if op.op == "erase" else None)
            self.summaries.append(self._summary())
        self._touched.append(touched)
        self.results.append(res)
        self.subjects.append(subject)

    def _summary(self) -> Summary:
        mm = self.mm
        root = mm.mm_rb
        return Summary(
            root=None if root is None else root.vm_start,
            map_count=mm.map_count,
            black_height=black_height(mm),
            height=0 if root is None else root.sub_height,
            highest_vm_end=mm.highest_vm_end,
            max_gap=None if root is None else root.rb_subtree_gap,
        )

    @staticmethod
    def _fix_heights(touched: list[VmArea], gone: VmArea | None = None) -> None:
        """Recompute ``sub_height`` above the nodes an op wrote, deepest first.

        A node's height depends only on its children; every node whose children changed
        was touched, so walking up from each touched node (deepest first) until a height
        stays the same leaves every height exact. O(k log n) for k touched nodes.
        """
        items: list[tuple[int, VmArea]] = []
        for node in touched:
            if node is gone:
                continue
            depth = 0
            up = node.rb_parent
            while up is not None:
                depth += 1
                up = up.rb_parent
            items.append((depth, node))
        items.sort(key=itemgetter(0), reverse=True)
        for _, node in items:
            w: VmArea | None = node
            while w is not None:
                left, right = w.rb_left, w.rb_right
                hl = 0 if left is None else left.sub_height
                hr = 0 if right is None else right.sub_height
                h = 1 + (hl if hl > hr else hr)
                if h == w.sub_height and w is not node:
                    break
                w.sub_height = h
                w = w.rb_parent

    def _fix_heights_all(self) -> None:
        """Every height from scratch, children before parents. O(n)."""
        stack: list[tuple[VmArea, bool]] = []
        if self.mm.mm_rb is not None:
            stack.append((self.mm.mm_rb, False))
        while stack:
            node, done = stack.pop()
            if done:
                left, right = node.rb_left, node.rb_right
                hl = 0 if left is None else left.sub_height
                hr = 0 if right is None else right.sub_height
                node.sub_height = 1 + (hl if hl > hr else hr)
                continue
            stack.append((node, True))
            for child in (node.rb_left, node.rb_right):
                if child is not None:
                    stack.append((child, False))

    # -- edits ------------------------------------------------------------------------
    def append(self, op: OpSpec) -> OpResult:
        """Run one more op at the end (the scenario gains it). O(log n) amortised.

        Raises ``ScenarioError`` (and changes nothing) for an erase of a missing VMA.
        """
        if op.op == "erase" and self.mm.lookup(op.start) is None:
            raise ScenarioError(
                f"ops[{len(self.results)}].start",
                Problem("op.no_vma_at", addr=f"0x{op.start:x}"),
            )
        self.scenario.ops.append(op)
        self._run(len(self.scenario.ops) - 1, op)
        return self.results[-1]

    def truncate(self, n: int) -> None:
        """Forget the ops after the first ``n``, restoring the live state after op ``n``.

        Restores each written node from its history; O(writes undone + n) (the heights
        are recomputed for the whole tree).
        """
        if not 0 <= n <= len(self.results):
            raise IndexError(f"truncate to {n} of {len(self.results)}")
        if n == len(self.results):
            return
        version = self._op_no[n]
        for touched in reversed(self._touched[n:]):
            for node in touched:
                hist = node.hist
                ghist = node.ghist
                (
                    node.vm_prev,
                    node.vm_next,
                    node.rb_parent,
                    node.rb_left,
                    node.rb_right,
                    node.rb_red,
                    node.rb_subtree_gap,
                ) = saved_at(node, version)
                if hist:
                    del hist[bisect_left(hist, version, key=_OP) :]
                if ghist:
                    del ghist[2 * _gap_entry(ghist, version) :]
                node.hop = -1
        mm = self.mm
        for name, value in zip(_MM_FIELDS, self._mm_before[n], strict=True):
            setattr(mm, name, value)
        mm.op_no = version - 1
        self._uid = self._uid_before[n]
        del self.scenario.ops[n:]
        for seq in (
            self.results,
            self.summaries,
            self.subjects,
            self._mm_before,
            self._op_no,
            self._touched,
            self._uid_before,
        ):
            del seq[n:]
        if self.with_summaries:
            self._fix_heights_all()

    # -- the heap -----------------------------------------------------------------------
    def dispose(self) -> None:
        """Break every reference cycle this timeline's VMAs form (parent and child, prev
        and next, their histories), so reference counting alone frees it: a replaced
        document then needs no cyclic collection, and a frozen heap leaks nothing."""
        seen: set[int] = set()
        pending: list[VmArea | None] = [self.mm.mm_rb, self.mm.mmap, *self.subjects]
        for touched in self._touched:
            pending.extend(touched)
        while pending:
            v = pending.pop()
            if v is None or id(v) in seen:
                continue
            seen.add(id(v))
            pending.extend((v.rb_parent, v.rb_left, v.rb_right, v.vm_prev, v.vm_next))
            v.rb_parent = v.rb_left = v.rb_right = v.vm_prev = v.vm_next = None
            v.hist = v.ghist = None
        self.mm.mm_rb = self.mm.mmap = None
        self.subjects.clear()
        self._touched.clear()
        self._mm_before.clear()

    # -- public answers ---------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.results)

    def describe(self, k: int, lang: str = "en") -> str:
        """Op ``k`` (1-based) in one line, e.g. ``insert [400000,452000) → 0`` (the
        wording module's ``op_words``)."""
        from .wording import op_words

        return op_words(self.scenario.ops[k - 1], self.results[k - 1], lang)

    def entries(self, *, final_tree_only: bool = False) -> list[dict[str, Any]]:
        """``replay --json``'s ``ops`` list. ``tree`` needs the state after each op."""
        out: list[dict[str, Any]] = []
        n = len(self.results)
        for k, (res, summary) in enumerate(zip(self.results, self.summaries, strict=True)):
            entry = res.to_json()
            entry.update(summary.to_json())
            if not final_tree_only or k == n - 1:
                entry["tree"] = preorder(self.state(k + 1)) if k < n - 1 else preorder(self.mm)
            out.append(entry)
        return out

    def state(self, k: int) -> MmStruct:
        """A full, independent copy of the state after op ``k`` (0 ≤ k ≤ len). O(n)."""
        if not 0 <= k <= len(self.results):
            raise IndexError(f"state {k} of {len(self.results)}")
        view = _VersionView(self, k)
        view.load_all()
        return view.mm

    def snapshot(self, k: int) -> Snapshot:
        """The drawable snapshot after op ``k`` (0 ≤ k ≤ len). O(n), without the
        independent copy ``state`` makes: the latest state is read from the live
        structure, an older one through its history."""
        if not 0 <= k <= len(self.results):
            raise IndexError(f"state {k} of {len(self.results)}")
        # ~65,000 new objects and no garbage: the cyclic collector would only slow it down.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if k == len(self.results):
                return snapshot_of(self.mm)
            view = _VersionView(self, k)
            view.load_all()
            return snapshot_of(view.mm)
        finally:
            if collecting:
                gc.enable()

    def snapshot_before(self, k: int, after: Snapshot) -> Snapshot:
        """The snapshot after op ``k - 1`` made from ``after`` (the one after op ``k``) by
        putting back only what op ``k`` wrote: O(nodes op k touched), not O(n). Stepping
        back through the ops of a 65,530-VMA space then never re-reads the whole tree.
        """
        if not 1 <= k <= len(self.results):
            raise IndexError(f"op {k} of {len(self.results)}")
        view = _VersionView(self, k - 1)
        nodes = dict(after.nodes)
        subject = self.subjects[k - 1]
        op = self.scenario.ops[k - 1]
        result = self.results[k - 1].result
        changed = {id(v): v for v in self._touched[k - 1]}
        if subject is not None:
            changed[id(subject)] = subject
        keys = frozenset(v.uid for v in changed.values())
        for src in changed.values():
            if op.op == "insert" and src is subject:
                if result == 0:
                    nodes.pop(src.uid, None)
                continue
            nodes[src.uid] = node_state_of(view.load(src))
        mmap, root, map_count, highest, _total, _committed = self._mm_before[k - 1]
        return Snapshot(
            nodes=nodes,
            root=None if root is None else root.uid,
            mmap=None if mmap is None else mmap.uid,
            map_count=map_count,
            highest_vm_end=highest,
            base_ref=weakref.ref(after),
            changed=keys,
        )

    def trace(self, k: int) -> tuple[OpResult, list[TraceStep]]:
        """Re-run op ``k`` (1-based) from the state before it, with a tracer.

        Costs O(what the op reads): only the nodes near the op's recorded descent are
        loaded from their histories. Should the op read a node left as a stub (an
        ``AttributeError`` from its undefined links), the run is repeated with one more
        link loaded around everything, and finally with the whole state.
        """
        if not 1 <= k <= len(self.results):
            raise IndexError(f"op {k} of {len(self.results)}")
        plan = self._expected_reads(k)
        for _ in range(_WIDEN):
            view = _VersionView(self, k - 1)
            for src in plan:
                view.load(src)
            try:
                return self._trace_in(view, k)
            except AttributeError:
                # A stub was read: the op went beyond the plan. Widen by one link.
                plan.extend(view.stubs())
        view = _VersionView(self, k - 1)
        view.load_all()
        return self._trace_in(view, k)

    def _trace_in(self, view: _VersionView, k: int) -> tuple[OpResult, list[TraceStep]]:
        mm = view.mm
        tracer = Tracer(mm)
        mm.tr = tracer
        op = self.scenario.ops[k - 1]
        subject = self.subjects[k - 1]
        if op.op == "insert":
            assert op.vma is not None and subject is not None
            res = mm.insert_vm_struct(make_vma(op.vma, subject.uid))
        elif op.op == "erase":
            assert subject is not None
            res = mm.erase(view.load(subject))
        elif op.op == "find_vma":
            res = mm.find_vma(op.addr)
        else:
            res = mm.unmapped_area(op.length, op.low, op.high, op.topdown)
        mm.tr = None
        return res, tracer.steps

    def _expected_reads(self, k: int) -> list[VmArea]:
        """The nodes op ``k`` reads, as sources, from what the bulk run recorded.

        The descent the op made (``OpResult.path``: the ``vm_start`` of each node it
        visited, in order, from the root), or for an erase the subject's ancestors and
        the paths to its neighbours in the tree; then ``_BELOW`` tree links under each of
        those and their list neighbours: rebalancing reads the uncle, the sibling and its
        children, the gap updates read the children's gaps. O(height).
        """
        version = self._op_no[k - 1]
        _mmap, root, *_ = self._mm_before[k - 1]
        core: list[VmArea] = []
        if root is not None:
            core.append(root)
        path = self.results[k - 1].path
        cur = root
        for start in path or ():
            if cur is None:
                break
            if cur.vm_start == start:
                continue
            _p, _n, parent, left, right, _r, _g = saved_at(cur, version)
            nxt = None
            for cand in (left, right, parent):
                if cand is not None and cand.vm_start == start:
                    nxt = cand
            if nxt is None:
                break
            cur = nxt
            core.append(cur)
        subject = self.subjects[k - 1]
        if self.scenario.ops[k - 1].op == "erase" and subject is not None:
            up: VmArea | None = subject
            while up is not None:
                core.append(up)
                up = saved_at(up, version)[2]
            links = saved_at(subject, version)
            for first, side in ((links[4], 3), (links[3], 4)):  # successor, predecessor
                node: VmArea | None = first
                while node is not None:
                    core.append(node)
                    node = saved_at(node, version)[side]
        plan: dict[int, VmArea] = {}
        expanded: set[int] = set()
        level = core
        for depth in range(_BELOW + 1):
            below: list[VmArea] = []
            for node in level:
                if id(node) in expanded:
                    continue
                expanded.add(id(node))
                plan[id(node)] = node
                links = saved_at(node, version)
                if depth == 0:
                    for v in links[:2]:  # vm_prev, vm_next
                        if v is not None:
                            plan.setdefault(id(v), v)
                below.extend(v for v in links[3:5] if v is not None)
            level = below
        return list(plan.values())


_pauses = 0
_was_enabled = True
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a bulk load without the cyclic collector (``gc.disable``), then restore it.

    Reading and replaying a 65,530-VMA space allocates a few hundred thousand objects that
    all stay alive: each automatic collection meanwhile walks the growing heap for nothing
    (about 0.35 s of a 0.9 s load, measured). Reference counting still frees everything.
    Loads in several threads nest: the collector comes back when the last one ends, and
    only if it was on when the first began.
    """
    global _pauses, _was_enabled
    with _pauses_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def settle_heap() -> None:
    """Move every object alive now out of the cyclic collector's reach (``gc.freeze``).

    A loaded 65,530-VMA timeline is a few hundred thousand long-lived objects; without
    this, each full collection walks all of them (300–350 ms pauses measured while
    stepping). Objects are still freed by reference counting; what is frozen is only
    never *scanned* for cycles, so a replaced timeline must be ``dispose``d first.
    Stepping's short-lived garbage (lazily loaded VMAs, snapshots) is collected as usual.
    """
    gc.freeze()


def _current(src: VmArea) -> tuple[Any, ...]:
    return (
        src.vm_prev,
        src.vm_next,
        src.rb_parent,
        src.rb_left,
        src.rb_right,
        src.rb_red,
        src.rb_subtree_gap,
    )


def _gap_entry(ghist: list[int], version: int) -> int:
    """The first pair of the flat ``op, gap, op, gap, …`` list whose op is at or after
    ``version`` (``len(ghist) // 2`` if none): ``bisect_left`` over the ops. O(log h)."""
    lo, hi = 0, len(ghist) // 2
    while lo < hi:
        mid = (lo + hi) // 2
        if ghist[2 * mid] < version:
            lo = mid + 1
        else:
            hi = mid
    return lo


def saved_at(src: VmArea, version: int) -> tuple[Any, ...]:
    """``src``'s link fields (prev, next, parent, left, right, red, gap) before op ``version``.

    ``hist`` holds ``(op, prev, next, parent, left, right, red, gap)`` saved before the
    first link write of an op; ``ghist`` holds ``op, gap`` pairs, flat, for ops that wrote
    only the gap. The links come from the first full entry at or after ``version``, the gap from
    whichever list has the earlier such op. O(log h).
    """
    hist = src.hist
    links: tuple[Any, ...] | None = None
    gap_op = -1
    gap = src.rb_subtree_gap
    if hist:
        i = bisect_left(hist, version, key=_OP)
        if i < len(hist):
            entry = hist[i]
            links = entry[1:7]
            gap_op, gap = entry[0], entry[7]
    ghist = src.ghist
    if ghist:
        j = 2 * _gap_entry(ghist, version)
        if j < len(ghist) and (gap_op < 0 or ghist[j] < gap_op):
            gap = ghist[j + 1]
    if links is None:
        links = _current(src)[:6]
    return (*links, gap)


#: How many times ``trace`` widens the nodes it loads before it loads them all.
_WIDEN = 3
#: Tree links below each node an op visits that ``trace`` loads ahead. Rebalancing reads
#: the uncle or sibling and its children (two links down); erase case 3 reads one more
#: (``sibling->rb_left->rb_right``) and then widens once. Measured on a 65,530-VMA random
#: load, 1,200 traces of inserts, erases and lookups: 2 loads half what 3 does per trace,
#: with 2 widenings in 1,200.
_BELOW = 2


class _VersionView:
    """The state before internal op number ``version``, materialised by an explicit loader.

    Each node of that state is first a *stub*: a copy of the source VmArea's own fields
    (range, flags, file, uid) whose link state (vma.py ``__deletable__``) is undefined, so that
    reading it raises ``AttributeError`` in interpreted and mypyc-compiled code alike.
    ``load`` fills a stub's links from history, pointing them at stubs of its neighbours:
    nothing is read through an interception hook, which compiled attribute access would
    bypass. ``load_all`` makes the state complete; ``Timeline.trace`` loads only what the
    op is expected to read and widens on a miss.
    """

    def __init__(self, timeline: Timeline, k: int) -> None:
        self.timeline = timeline
        #: id(source) → its copy in this state, and the sources of the loaded copies.
        self._clones: dict[int, VmArea] = {}
        self._sources: dict[int, VmArea] = {}
        self._loaded: set[int] = set()
        n = len(timeline.results)
        if k < n:
            self.version = timeline._op_no[k]
            before = timeline._mm_before[k]
        else:
            self.version = timeline.mm.op_no + 1
            before = tuple(getattr(timeline.mm, f) for f in _MM_FIELDS)
        mm = MmStruct(timeline.scenario.kernel, timeline.scenario.memory)
        mmap, root, map_count, highest, total_vm, committed = before
        self.mmap_src: VmArea | None = mmap
        self.root_src: VmArea | None = root
        mm.mmap = None if mmap is None else self.clone(mmap)
        mm.mm_rb = None if root is None else self.clone(root)
        mm.map_count = map_count
        mm.highest_vm_end = highest
        mm.total_vm = total_vm
        mm.committed = committed
        mm.op_no = self.version
        self.mm = mm

    def saved(self, src: VmArea) -> tuple[Any, ...]:
        """``src``'s link fields as they were at this version."""
        return saved_at(src, self.version)

    def clone(self, src: VmArea) -> VmArea:
        """``src``'s copy in this state: a stub until ``load`` fills its links. O(1)."""
        key = id(src)
        found = self._clones.get(key)
        if found is not None:
            return found
        copy = VmArea(
            src.vm_start,
            src.vm_end,
            src.vm_flags,
            src.vm_pgoff,
            src.vm_file,
            src.special,
            src.name,
            src.uid,
        )
        del copy.vm_prev, copy.vm_next, copy.rb_parent, copy.rb_left, copy.rb_right
        del copy.rb_red, copy.rb_subtree_gap
        self._clones[key] = copy
        self._sources[key] = src
        return copy

    def load(self, src: VmArea) -> VmArea:
        """``src``'s copy with its link state as it was at this version. O(log h)."""
        copy = self.clone(src)
        key = id(src)
        if key in self._loaded:
            return copy
        self._loaded.add(key)
        prev, nxt, parent, left, right, red, gap = saved_at(src, self.version)
        clone = self.clone
        copy.vm_prev = None if prev is None else clone(prev)
        copy.vm_next = None if nxt is None else clone(nxt)
        copy.rb_parent = None if parent is None else clone(parent)
        copy.rb_left = None if left is None else clone(left)
        copy.rb_right = None if right is None else clone(right)
        copy.rb_red = red
        copy.rb_subtree_gap = gap
        return copy

    def load_all(self) -> None:
        """Load every node of the state (tree and list), so no stub is left. O(n)."""
        pending = [v for v in (self.root_src, self.mmap_src) if v is not None]
        loaded = self._loaded
        while pending:
            src = pending.pop()
            if id(src) in loaded:
                continue
            self.load(src)
            for link in saved_at(src, self.version)[:5]:
                if link is not None and id(link) not in loaded:
                    pending.append(link)

    def stubs(self) -> list[VmArea]:
        """The sources whose copies are still stubs: one link beyond the loaded nodes."""
        return [src for key, src in self._sources.items() if key not in self._loaded]
