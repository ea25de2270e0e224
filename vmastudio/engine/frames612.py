"""Linux 6.12 as drawn: the maple tree's state before each op and after each of its steps.

The 6.12 engine (``linux612``) traces an op as ``Step612``s whose ``changes`` carry whole
node memories (``{"node", "type", "pivots", "slots", "gaps", "meta_end", "meta_gap"}``),
dead nodes and the root. ``MapleState`` holds those records; ``MapleState.nodes()`` reads
them the kernel's way (``ma_data_end()`` of the engine itself, min and max implied from
the parent) into ``MapleNodeView``s, pre-order, what a viewer draws; a state made by a
step shares the records (``Records``) and views of everything the step did not write, so
a step costs what it wrote, not the tree (65,530 VMAs: ~9,000 nodes). ``Timeline612`` runs
a scenario and answers, for op *k*, its outcome, steps and the states around it, in the
op order (it keeps a live ``Mm612`` and replays forward from the nearest earlier point).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .linux612.mm import ENOMEM, Mm612, Outcome
from .linux612.nodes import MT_PIVOTS, MT_SLOTS, TYPE_NAMES, Node, words
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
    node.pivot = words(list(record["pivots"]))
    node.meta_end = int(record["meta_end"])
    return _ma_data_end(node, mtype, node.pivot, mx)


class Records(Mapping[int, Mapping[str, Any]]):
    """Node records by id as a step leaves them: the records it wrote (None: a node's
    record dropped) over the records before it, a few layers deep, then one dict again.
    A state shares the records it did not write (a step's cost is what it wrote; a 65,530
    VMA tree's dict is ~0.4 MB, and an op has some twenty steps)."""

    __slots__ = ("_below", "_depth", "_own")
    #: At this many layers the records are copied into one dict.
    FLATTEN = 8

    def __init__(
        self,
        own: dict[int, Mapping[str, Any] | None],
        below: Mapping[int, Mapping[str, Any]] | None = None,
        depth: int = 0,
    ) -> None:
        self._own = own
        self._below = below
        self._depth = depth

    @classmethod
    def over(
        cls, below: Mapping[int, Mapping[str, Any]], own: dict[int, Mapping[str, Any] | None]
    ) -> Records:
        depth = below._depth + 1 if isinstance(below, Records) else 1
        if depth < cls.FLATTEN:
            return cls(own, below, depth)
        flat: dict[int, Mapping[str, Any] | None] = dict(_flat(below))
        for nid, record in own.items():
            if record is None:
                flat.pop(nid, None)
            else:
                flat[nid] = record
        return cls(flat)

    def _find(self, nid: object) -> Mapping[str, Any] | None:
        layer: Mapping[int, Mapping[str, Any]] | None = self
        while isinstance(layer, Records):
            if nid in layer._own:
                return layer._own[nid]
            layer = layer._below
        if layer is None:
            return None
        return layer.get(nid)  # type: ignore[call-overload, no-any-return]

    def __getitem__(self, nid: int) -> Mapping[str, Any]:
        record = self._find(nid)
        if record is None:
            raise KeyError(nid)
        return record

    def __contains__(self, nid: object) -> bool:
        return self._find(nid) is not None

    def _flat(self) -> dict[int, Mapping[str, Any]]:
        below = self._below
        out: dict[int, Mapping[str, Any]] = dict(_flat(below)) if below is not None else {}
        for nid, record in self._own.items():
            if record is None:
                out.pop(nid, None)
            else:
                out[nid] = record
        return out

    def __iter__(self) -> Iterator[int]:
        return iter(self._flat())

    def __len__(self) -> int:
        return len(self._flat())


def _flat(records: Mapping[int, Mapping[str, Any]]) -> Mapping[int, Mapping[str, Any]]:
    return records._flat() if isinstance(records, Records) else records


@dataclass(frozen=True, eq=False)
class MapleState:
    """The maple tree's memory: node records by id, the root and the height.

    A state made by ``apply`` from another (its ``base``) knows which records the step
    wrote; its ``nodes`` are then read from the base's: every subtree the step did not
    write is the base's slice of views, shared, and only the written nodes, their
    ancestors and a child whose range moved are read again (``remade``). A step's cost is
    what it wrote, not the tree (65,530 VMAs: ~7,700 nodes). The base is let go once the
    nodes are read, so a chain of states never keeps old ones alive.
    """

    records: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    root: int | None = None
    height: int = 0
    #: Node ids that died in the step that made this state (drawn fading out).
    dead: frozenset[int] = frozenset()
    #: The state this one was made from and the node ids whose records it rewrote (both
    #: None: read the whole tree).
    base: MapleState | None = field(default=None, repr=False)
    written: frozenset[int] | None = field(default=None, repr=False)

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
        own: dict[int, Mapping[str, Any] | None] = {}
        root, height = self.root, self.height
        dead: set[int] = set()
        for change in changes:
            if "root" in change:
                root, height = change["root"], int(change["height"])
            elif change.get("dead"):
                dead.add(int(change["node"]))
            else:
                own[int(change["node"])] = change
        records = Records.over(self.records, own)
        return MapleState(records, root, height, frozenset(dead), self, frozenset(own))

    def settled(self, gone: Iterable[int] = ()) -> MapleState:
        """This tree with no node dying (the state an op leaves for the next one), the
        records of ``gone`` (nodes that died) dropped; its nodes are this state's."""
        records = Records.over(self.records, dict.fromkeys(gone))
        return MapleState(records, self.root, self.height, frozenset(), self, frozenset())

    @cached_property
    def _read(
        self,
    ) -> tuple[tuple[MapleNodeView, ...], dict[int, int] | None, frozenset[int], bool]:
        """The nodes, each live node's subtree size, the node ids whose view is new
        against the base, and whether the shape (ids, data ends, depths in pre-order) is
        the base's."""
        base, written = self.base, self.written
        if base is not None and "_read" not in base.__dict__:
            # A chain of states not read yet: read them oldest first (no deep recursion).
            chain: list[MapleState] = []
            at: MapleState | None = base
            while at is not None and "_read" not in at.__dict__:
                chain.append(at)
                at = at.base
            for unread in reversed(chain):
                unread._read  # noqa: B018 (reads and keeps it)
        if base is None or written is None:
            nodes, sizes = _read_all(self)
            return nodes, sizes, frozenset(v.nid for v in nodes), False
        out = _read_from(self, base, written)
        # The base is read (and shared where it can be): let it go, and remember it weakly.
        # Its lookup tables are dropped (made again if ever asked for): an op's states
        # keep their nodes, not a table of every node each.
        object.__setattr__(self, "_origin", weakref.ref(base))
        object.__setattr__(self, "base", None)
        nodes, _sizes, remade, same = base._read
        base.__dict__["_read"] = (nodes, None, remade, same)
        index = base.__dict__.pop("_index", None)
        if out[3] and index is not None:
            # The same node ids in the same pre-order: the base's table is this one's
            # (shared, never written; a step of an op then costs no table of its own).
            self.__dict__["_index"] = index
        return out

    @property
    def nodes(self) -> tuple[MapleNodeView, ...]:
        """Every node reachable from the root, pre-order, children left to right."""
        return self._read[0]

    @property
    def remade(self) -> frozenset[int]:
        """The node ids whose view is not the base's (every node without a base)."""
        return self._read[2]

    @property
    def same_shape(self) -> bool:
        """The same node ids, data ends and depths in the same pre-order as the base
        this state was made from (so the same layout); False without a base."""
        return self._read[3]

    def remade_since(self, other: MapleState, hops: int = 4) -> frozenset[int] | None:
        """The node ids whose view differs from ``other``'s when this state was made from
        it by at most ``hops`` steps that each kept the shape (an op's last step, the
        state it leaves, the next op's first step); None otherwise."""
        out: set[int] = set()
        at: MapleState = self
        for _ in range(hops):
            origin = at.base
            if origin is None:
                ref: weakref.ref[MapleState] | None = at.__dict__.get("_origin")
                origin = None if ref is None else ref()
            if origin is None or not at.same_shape:
                return None
            out.update(at.remade)
            if origin is other:
                return frozenset(out)
            at = origin
        return None

    @cached_property
    def _index(self) -> dict[int, int]:
        return {v.nid: i for i, v in enumerate(self.nodes)}

    def index(self, nid: int) -> int | None:
        """Where node ``nid`` is in ``nodes`` (None: not reachable). O(1) once read."""
        return self._index.get(nid)

    def node(self, nid: int) -> MapleNodeView | None:
        """The drawn node ``nid`` (None: not reachable from the root). O(1) once read."""
        i = self._index.get(nid)
        return None if i is None else self.nodes[i]


def _view(
    rec: Mapping[str, Any], mn: int, mx: int, depth: int, parent: int | None, pslot: int
) -> MapleNodeView:
    """A node record read as drawn: its memory up to its data end, at its range."""
    mtype = _TYPES[rec["type"]]
    end = data_end(rec, mx)
    leaf = rec["type"] == "leaf_64"
    return MapleNodeView(
        int(rec["node"]),
        rec["type"],
        mn,
        mx,
        end,
        tuple(rec["pivots"][: min(end, MT_PIVOTS[mtype])]),
        tuple(rec["slots"][: min(end + 1, MT_SLOTS[mtype])]),
        None if leaf else tuple(rec["gaps"][: end + 1]),
        int(rec["meta_gap"]),
        depth,
        parent,
        pslot,
    )


def _children(view: MapleNodeView, records: Mapping[int, Any]) -> list[tuple[int, int, int, int]]:
    """An internal node's children that have records: (id, slot, min, max)."""
    if view.is_leaf:
        return []
    out = []
    for i, child in enumerate(view.slots):
        if child is not None and child in records:
            lo, hi = view.slot_range(i)
            out.append((child, i, lo, hi))
    return out


def _read_all(state: MapleState) -> tuple[tuple[MapleNodeView, ...], dict[int, int]]:
    """Every node from the root, read from the records (and each subtree's size)."""
    records = state.records
    if state.root is None or state.root not in records:
        return (), {}
    out: list[MapleNodeView] = []
    sizes: dict[int, int] = {}

    def visit(nid: int, mn: int, mx: int, depth: int, parent: int | None, pslot: int) -> int:
        view = _view(records[nid], mn, mx, depth, parent, pslot)
        out.append(view)
        size = 1
        for child, i, lo, hi in _children(view, records):
            size += visit(child, lo, hi, depth + 1, nid, i)
        sizes[nid] = size
        return size

    visit(state.root, 0, ULONG_MAX, 0, None, 0)
    return tuple(out), sizes


def _sizes_of(nodes: Sequence[MapleNodeView]) -> dict[int, int]:
    """Each node's subtree size (itself included) from the pre-order with depths."""
    sizes: dict[int, int] = {}
    open_: list[tuple[int, int, int]] = []  # (node id, depth, index)
    for i, v in enumerate(nodes):
        while open_ and open_[-1][1] >= v.depth:
            nid, _depth, start = open_.pop()
            sizes[nid] = i - start
        open_.append((v.nid, v.depth, i))
    for nid, _depth, start in open_:
        sizes[nid] = len(nodes) - start
    return sizes


def _read_from(
    state: MapleState, base: MapleState, written: frozenset[int]
) -> tuple[tuple[MapleNodeView, ...], dict[int, int], frozenset[int], bool]:
    """``state``'s nodes from its base's: a subtree with no written node at the same
    range and depth is the base's slice; other nodes are read again."""
    records = state.records
    if state.root is None or state.root not in records:
        return (), {}, frozenset(), not base.nodes
    old_nodes = base.nodes
    kept = base._read[1]
    old_sizes = kept if kept is not None else _sizes_of(old_nodes)
    old_index = base._index
    # Dirty: the written nodes and their ancestors in the base (a subtree that holds no
    # dirty node and keeps its range and depth is the base's, node for node).
    dirty: set[int] = set()
    for nid in written:
        while nid not in dirty:
            dirty.add(nid)
            i = old_index.get(nid)
            parent = old_nodes[i].parent if i is not None else None
            if parent is None:
                break
            nid = parent
    out: list[MapleNodeView] = []
    sizes = dict(old_sizes)
    remade: set[int] = set()
    in_place = True

    def visit(nid: int, mn: int, mx: int, depth: int, parent: int | None, pslot: int) -> int:
        nonlocal in_place
        i = old_index.get(nid)
        old = old_nodes[i] if i is not None else None
        if (
            old is not None
            and i is not None
            and nid not in dirty
            and (old.min, old.max, old.depth) == (mn, mx, depth)
        ):
            size = old_sizes[nid]
            if i != len(out):
                in_place = False
            if (old.parent, old.parent_slot) == (parent, pslot):
                out.extend(old_nodes[i : i + size])
            else:  # moved to another parent: the subtree below is the same
                out.append(replace(old, parent=parent, parent_slot=pslot))
                remade.add(nid)
                out.extend(old_nodes[i + 1 : i + size])
            return size
        view = _view(records[nid], mn, mx, depth, parent, pslot)
        if old is None or old != view:
            remade.add(nid)
        else:
            view = old
        at = len(out)
        if old is None or i != at or (old.nid, old.end, old.depth) != (nid, view.end, depth):
            in_place = False
        out.append(view)
        size = 1
        for child, slot, lo, hi in _children(view, records):
            size += visit(child, lo, hi, depth + 1, nid, slot)
        sizes[nid] = size
        return size

    visit(state.root, 0, ULONG_MAX, 0, None, 0)
    same = in_place and len(out) == len(old_nodes)
    return tuple(out), sizes, frozenset(remade), same


@dataclass
class OpFrames612:
    """One 6.12 op as drawn: its outcome, its steps, the state before it and after each
    step (made on first use)."""

    outcome: Outcome
    steps: list[Step612]
    before: MapleState
    states: Sequence[MapleState]

    def state(self, step: int) -> MapleState:
        return self.states[step] if self.states else self.before

    @cached_property
    def after(self) -> MapleState:
        """The state after the op: its last step's, with no node dying (the records of
        the nodes that died in it dropped)."""
        if not self.steps:
            return self.before
        gone = [int(c["node"]) for s in self.steps for c in s.changes if c.get("dead")]
        return self.states[-1].settled(gone)


class Timeline612:
    """A 6.12 scenario replayed; op ``k`` (1-based) as drawn on demand.

    Outcomes of every op come from one untraced run. ``frames(k)`` re-runs op ``k`` with
    tracing on a live mm at the state before it: forward from where the live mm is when
    ``k`` is after it, else from the start. The state the live mm is at is kept, and the
    state after a traced op is its steps' changes applied to the state before it (no
    snapshot of the whole tree): going from op k to op k+1 costs one op, and what it wrote.
    The last ``CACHE`` ops' frames are kept (going back to one of them costs nothing).
    """

    #: How many ops' frames are kept.
    CACHE = 32
    #: Up to this many ops to replay, each is traced and the state kept up to date by its
    #: changes; more are replayed untraced and the tree read once at the end.
    TRACE_AHEAD = 8

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
        #: The state of the live mm (None: not read yet).
        self._live: MapleState | None = self.final
        self._cache: dict[int, OpFrames612] = {}
        self.names = _names(scenario)

    def __len__(self) -> int:
        return len(self.outcomes)

    def _uid(self, k: int) -> int:
        return len(self.scenario.initial) + k + 1

    def _fresh(self) -> Mm612:
        mm = Mm612(self.scenario.memory)
        mm.load(vma_of_spec(spec, i) for i, spec in enumerate(self.scenario.initial, start=1))
        return mm

    def state(self, k: int) -> MapleState:
        """The state after op ``k`` (0: after the initial VMAs)."""
        if k == len(self.outcomes):
            return self.final
        kept = self._cache.get(k)
        if kept is not None:
            return kept.after
        after = self._cache.get(k + 1)
        if after is not None:
            return after.before
        mm = self._advance_to(k)
        if self._live is None:
            self._live = MapleState.of(snapshot(mm.maple.tree))
        return self._live

    def _advance_to(self, k: int) -> Mm612:
        """The live mm after op ``k`` (replayed forward, or again from the start)."""
        mm = self._mm
        if mm is None or k < self._at:
            mm, self._at, self._live = self._fresh(), 0, None
            self._mm = mm
        trace = self._live is not None and k - self._at <= self.TRACE_AHEAD
        while self._at < k:
            i = self._at
            out = run_op(mm, self.scenario.ops[i], i, self._uid(i), trace)
            if trace and self._live is not None:
                self._live = _after(self._live, out.steps)
            else:
                self._live = None
            self._at += 1
        return mm

    def frames(self, k: int) -> OpFrames612:
        found = self._cache.get(k)
        if found is not None:
            return found
        previous = self._cache.get(k - 1)
        mm = self._advance_to(k - 1)
        if previous is not None and self._live is None:
            self._live = previous.after
        if self._live is None:
            self._live = MapleState.of(snapshot(mm.maple.tree))
        before = self._live
        out = run_op(mm, self.scenario.ops[k - 1], k - 1, self._uid(k - 1), True)
        self._at = k
        steps = list(out.steps)

        def each() -> Any:
            state = before
            for step in steps:
                state = state.apply(step.changes)
                yield state

        frames = OpFrames612(out, steps, before, LazySequence(each(), len(steps)))
        self._live = frames.after
        if len(self._cache) >= self.CACHE:
            # Forget the op furthest from this one.
            del self._cache[max(self._cache, key=lambda j: abs(j - k))]
        self._cache[k] = frames
        return frames


def _after(state: MapleState, steps: Sequence[Step612]) -> MapleState:
    """The state after all of ``steps``: their changes applied in order, at once."""
    changes = [change for step in steps for change in step.changes]
    gone = [int(c["node"]) for c in changes if c.get("dead")]
    return state.apply(changes).settled(gone)


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
