"""Linux 6.12 as drawn: the maple tree's state before each op and after each of its steps.

The 6.12 engine (``linux612``) traces an op as ``Step612``s whose ``changes`` carry whole
node memories (``{"node", "type", "pivots", "slots", "gaps", "meta_end", "meta_gap"}``),
dead nodes and the root. ``MapleState`` holds those records; ``MapleState.nodes()`` reads
them the kernel's way (``ma_data_end()`` of the engine itself, min and max implied from
the parent) into ``MapleNodeView``s, pre-order, what a viewer draws. ``Timeline612`` runs
a scenario and answers, for op *k*, its outcome, steps and the states around it, in the
op order (it keeps a live ``Mm612`` and replays forward from the nearest earlier point).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .linux612.mm import ENOMEM, Mm612, Outcome
from .linux612.nodes import MT_PIVOTS, MT_SLOTS, TYPE_NAMES, Node
from .linux612.nodes import ma_data_end as _ma_data_end
from .linux612.replay import _vma as vma_of_spec
from .linux612.replay import run_op
from .linux612.trace import Step612, render, snapshot
from .scenario import OpSpec, Scenario, VmaSpec, text_of
from .snapshot import LazySequence
from .wording import result_name, vma_range

ULONG_MAX = (1 << 64) - 1
#: The engine's type numbers (the kernel's ``enum maple_type``) by name.
_TYPES = {name: number for number, name in TYPE_NAMES.items()}


@dataclass(frozen=True, slots=True)
class MapleNodeView:
    """One live node as drawn: its memory up to its data end, and where it hangs."""

    nid: int
    type: str
    min: int
    max: int
    end: int
    pivots: tuple[int, ...]
    #: A leaf slot holds the vm_start of its VMA (None: a NULL range); an internal slot
    #: the node id of its child.
    slots: tuple[int | None, ...]
    gaps: tuple[int, ...] | None
    meta_gap: int
    depth: int
    parent: int | None
    parent_slot: int

    @property
    def is_leaf(self) -> bool:
        return self.type == "leaf_64"

    def slot_range(self, i: int) -> tuple[int, int]:
        """The inclusive range slot ``i`` covers: (pivot[i-1], pivot[i]]."""
        lo = self.min if i == 0 else self.pivots[i - 1] + 1
        hi = self.pivots[i] if i < len(self.pivots) and i < self.end else self.max
        return lo, hi


def data_end(record: Mapping[str, Any], mx: int) -> int:
    """``ma_data_end()`` of a node record, computed by the engine's own function."""
    mtype = _TYPES[record["type"]]
    node = Node(mtype, int(record["node"]))
    node.pivot = list(record["pivots"])
    node.meta_end = int(record["meta_end"])
    return _ma_data_end(node, mtype, node.pivot, mx)


@dataclass(frozen=True)
class MapleState:
    """The maple tree's memory: node records by id, the root and the height."""

    records: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    root: int | None = None
    height: int = 0
    #: Node ids that died in the step that made this state (drawn fading out).
    dead: frozenset[int] = frozenset()

    @classmethod
    def of(cls, items: Iterable[Mapping[str, Any]]) -> MapleState:
        """From ``trace.snapshot()``'s list: node records, then the root record."""
        records: dict[int, Mapping[str, Any]] = {}
        root: int | None = None
        height = 0
        for item in items:
            if "root" in item:
                root, height = item["root"], int(item["height"])
            else:
                records[int(item["node"])] = item
        return cls(records, root, height)

    def apply(self, changes: Sequence[Mapping[str, Any]]) -> MapleState:
        """The state after a step's ``changes`` (this one is unchanged)."""
        records = dict(self.records)
        root, height = self.root, self.height
        dead: set[int] = set()
        for change in changes:
            if "root" in change:
                root, height = change["root"], int(change["height"])
            elif change.get("dead"):
                dead.add(int(change["node"]))
            else:
                records[int(change["node"])] = change
        return MapleState(records, root, height, frozenset(dead))

    @cached_property
    def nodes(self) -> tuple[MapleNodeView, ...]:
        """Every node reachable from the root, pre-order, children left to right."""
        out: list[MapleNodeView] = []
        if self.root is None or self.root not in self.records:
            return ()
        stack: list[tuple[int, int, int, int, int | None, int]] = [
            (self.root, 0, ULONG_MAX, 0, None, 0)
        ]
        while stack:
            nid, mn, mx, depth, parent, pslot = stack.pop()
            rec = self.records[nid]
            end = data_end(rec, mx)
            leaf = rec["type"] == "leaf_64"
            npiv = MT_PIVOTS[_TYPES[rec["type"]]]
            pivots = tuple(rec["pivots"][: min(end, npiv)])
            slots = tuple(rec["slots"][: min(end + 1, MT_SLOTS[_TYPES[rec["type"]]])])
            gaps = None if leaf else tuple(rec["gaps"][: end + 1])
            view = MapleNodeView(
                nid,
                rec["type"],
                mn,
                mx,
                end,
                pivots,
                slots,
                gaps,
                int(rec["meta_gap"]),
                depth,
                parent,
                pslot,
            )
            out.append(view)
            if not leaf:
                kids = []
                for i, child in enumerate(slots):
                    if child is not None and child in self.records:
                        lo, hi = view.slot_range(i)
                        kids.append((child, lo, hi, depth + 1, nid, i))
                stack.extend(reversed(kids))
        return tuple(out)

    def node(self, nid: int) -> MapleNodeView | None:
        return next((n for n in self.nodes if n.nid == nid), None)


@dataclass(slots=True)
class OpFrames612:
    """One 6.12 op as drawn: its outcome, its steps, the state before it and after each
    step (made on first use)."""

    outcome: Outcome
    steps: list[Step612]
    before: MapleState
    states: Sequence[MapleState]

    def state(self, step: int) -> MapleState:
        return self.states[step] if self.states else self.before


class Timeline612:
    """A 6.12 scenario replayed; op ``k`` (1-based) as drawn on demand.

    Outcomes of every op come from one untraced run. ``frames(k)`` re-runs op ``k`` with tracing
    from the state before it: forward from the live mm when ``k`` is after it, else from
    the start (stepping forward through the ops costs one op each).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        mm, outcomes = self._fresh(), []
        for k, op in enumerate(scenario.ops):
            outcomes.append(run_op(mm, op, k, self._uid(k), False))
        self.outcomes: list[Outcome] = outcomes
        self.map_count = mm.map_count
        # The live mm after every op: a space imported whole (initial VMAs, no ops) is
        # replayed once; going back to an earlier op starts again from the start.
        self._mm: Mm612 | None = mm
        self._at = len(outcomes)  # ops applied to self._mm
        self.final = MapleState.of(snapshot(mm.maple.tree))
        self._cache: dict[int, OpFrames612] = {}
        self.names = _names(scenario)

    def __len__(self) -> int:
        return len(self.outcomes)

    def _uid(self, k: int) -> int:
        return len(self.scenario.initial) + k + 1

    def _fresh(self) -> Mm612:
        mm = Mm612(self.scenario.memory)
        for i, spec in enumerate(self.scenario.initial):
            mm.insert_vm_struct(vma_of_spec(spec, i + 1))
        return mm

    def state(self, k: int) -> MapleState:
        """The state after op ``k`` (0: after the initial VMAs)."""
        if k == len(self.outcomes):
            return self.final
        return MapleState.of(snapshot(self._advance_to(k).maple.tree))

    def _advance_to(self, k: int) -> Mm612:
        """The live mm after op ``k`` (replayed forward, or again from the start)."""
        mm = self._mm
        if mm is None or k < self._at:
            mm, self._at = self._fresh(), 0
            self._mm = mm
        while self._at < k:
            run_op(mm, self.scenario.ops[self._at], self._at, self._uid(self._at), False)
            self._at += 1
        return mm

    def frames(self, k: int) -> OpFrames612:
        found = self._cache.get(k)
        if found is not None:
            return found
        mm = self._advance_to(k - 1)
        before = MapleState.of(snapshot(mm.maple.tree))
        out = run_op(mm, self.scenario.ops[k - 1], k - 1, self._uid(k - 1), True)
        self._at = k
        steps = list(out.steps)

        def each() -> Any:
            state = before
            for step in steps:
                state = state.apply(step.changes)
                yield state

        frames = OpFrames612(out, steps, before, LazySequence(each(), len(steps)))
        if len(self._cache) > 16:
            self._cache.clear()
        self._cache[k] = frames
        return frames


def _names(scenario: Scenario) -> dict[int, str]:
    """A label for each vm_start the scenario maps (its name, else its file's base name)."""
    out: dict[int, str] = {}
    specs: list[VmaSpec] = list(scenario.initial)
    specs += [op.vma for op in scenario.ops if op.vma is not None]
    for spec in specs:
        name = spec.name or (spec.file.rsplit("/", 1)[-1] if spec.file else "")
        if name:
            out[spec.start] = name
    return out


#: The op words of the 6.12 headings the 4.x ones do not have (kernel names stay as they
#: are: munmap, map_fixed, empty_area, find_vma, unmapped_area).
_WORDS612: dict[str, dict[str, str]] = {
    "insert": {"en": "insert", "zh_CN": "插入"},
    "erase": {"en": "erase", "zh_CN": "删除"},
    "rev": {"en": "top-down", "zh_CN": "自顶向下"},
    "size": {"en": "size", "zh_CN": "大小"},
}


def store_words(out: Outcome, lang: str = "en") -> str:
    """The end of a store's heading: its store type and what was reserved for it
    (`` (wr_node_store, 1 node(s) preallocated)``; an erase's ``mas_store_gfp()`` reserves
    nothing beforehand), or `` (nothing stored)``."""
    if not out.store_type:
        key = "describe.nostore"
    elif out.prealloc is None:
        key = "describe.store_gfp"
    else:
        key = "describe.store"
    return text_of(render(key, store_type=out.store_type or "", prealloc=out.prealloc), lang)


def op612_words(op: OpSpec, out: Outcome, lang: str = "en") -> str:
    """A 6.12 op and its result in ``lang``, worded as the 4.x headings are
    (``wording.op_words``) plus the store type and the preallocated node count:
    ``insert [400000,452000) → 0 (wr_node_store, 1 node(s) preallocated)``,
    ``插入 [400000,452000) → 0（wr_node_store，预分配 1 个节点）``."""
    if out.op in ("insert", "erase", "munmap", "map_fixed"):
        word = text_of(_WORDS612[out.op], lang) if out.op in _WORDS612 else out.op
        rng = vma_range(out.start or 0, out.end or 0)
        res = "-ENOMEM" if out.result == ENOMEM else "0"
        return f"{word} {rng} → {res}{store_words(out, lang)}"
    if out.op == "empty_area":
        res = f"[{out.extra['index']:x},{out.extra['last']:x}]" if out.result == 0 else "-EBUSY"
        rev = f" {text_of(_WORDS612['rev'], lang)}" if op.rev else ""
        return f"empty_area {text_of(_WORDS612['size'], lang)} 0x{op.size:x}{rev} → {res}"
    if out.op == "find_vma":
        return f"find_vma 0x{op.addr:x} → {result_name('find_vma', out.result)}"
    return f"unmapped_area 0x{op.length:x} → {result_name('unmapped_area', out.result)}"


def op612_heading(k: int, op: OpSpec, out: Outcome, lang: str = "en") -> str:
    """``5. insert [300000,310000) → 0 (wr_node_store, …)``: a 6.12 op's heading."""
    return f"{k}. {op612_words(op, out, lang)}"
