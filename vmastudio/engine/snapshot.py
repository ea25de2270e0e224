"""Plain-data pictures of a state, for viewers: what to draw at op k, step s.

A ``Snapshot`` is built from an ``MmStruct`` (the state before an op) and moved forward by
each step's recorded ``changes``; no kernel decision is made here, the engine already
made them. Immutable updates keep earlier snapshots valid (stepping back is free).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, overload

from .mm import MmStruct
from .trace import Change, MmChange, NodeChange, TraceStep
from .vma import DEFAULT_FLAGS, VmArea


class NodeState(NamedTuple):
    """One VMA as drawn: range, links by VMA id, colour, gap, membership and identity.

    ``uid`` is the VMA's stable id and its key in ``Snapshot.nodes``; ``parent``,
    ``left``, ``right``, ``prev`` and ``next`` are ids too. ``in_tree``/``in_list`` are
    the engine's word on membership (reachable from ``mm->mm_rb`` / ``mm->mmap``).

    Immutable, compared and hashed by value, printed as ``NodeState(start=…, …)``. A
    named tuple rather than a frozen dataclass: a snapshot makes one per VMA (65,530 for
    a full address space), and a tuple is made in one step where the dataclass set its
    sixteen slots one by one (a 65,530-node snapshot: 129 ms -> ~60 ms).
    """

    start: int
    end: int
    parent: int | None = None
    left: int | None = None
    right: int | None = None
    color: str = "R"
    gap: int = 0
    prev: int | None = None
    next: int | None = None
    flags: int = DEFAULT_FLAGS
    file: str | None = None
    name: str = ""
    pgoff: int = 0
    uid: int = 0
    in_tree: bool = True
    in_list: bool = True

    @property
    def key(self) -> int:
        """The node's key in ``Snapshot.nodes``: its stable id."""
        return self.uid

    @property
    def linked(self) -> bool:
        return self.in_tree or self.in_list


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Snapshot:
    """A whole drawable state. ``nodes`` holds every VMA in the tree or being inserted
    or erased, keyed by id; ``root`` and ``mmap`` are ids."""

    nodes: Mapping[int, NodeState] = field(default_factory=dict)
    root: int | None = None
    mmap: int | None = None
    map_count: int = 0
    highest_vm_end: int = 0
    #: A weak reference to the snapshot this one was made from (one step's changes, or
    #: one op undone), and the VMAs whose node differs from it: a viewer moving one step
    #: redraws only those. Weak, so a chain of states never keeps old ones alive.
    base_ref: weakref.ref[Snapshot] | None = field(default=None, compare=False, repr=False)
    changed: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    @property
    def base(self) -> Snapshot | None:
        return None if self.base_ref is None else self.base_ref()

    def inorder(self) -> list[NodeState]:
        """The tree's nodes in address order (iterative)."""
        out: list[NodeState] = []
        stack: list[NodeState] = []
        key = self.root
        nodes = self.nodes
        while stack or key is not None:
            while key is not None:
                node = nodes[key]
                stack.append(node)
                key = node.left
            node = stack.pop()
            out.append(node)
            key = node.right
        return out

    def in_tree(self, key: int) -> bool:
        """Whether VMA ``key`` is linked into the tree (the engine says so)."""
        node = self.nodes.get(key)
        return node is not None and node.in_tree

    def in_list(self, key: int) -> bool:
        """Whether VMA ``key`` is on the ``mm->mmap`` list (the engine says so)."""
        node = self.nodes.get(key)
        return node is not None and node.in_list

    def by_start(self, start: int) -> int | None:
        """The id of the linked VMA whose ``vm_start`` is ``start``, by a descent from the
        root (O(height)); None when no VMA in the tree starts there."""
        key = self.root
        nodes = self.nodes
        while key is not None:
            node = nodes[key]
            if start == node.start:
                return key
            key = node.left if start < node.start else node.right
        return None

    def depth(self, key: int) -> int:
        d = 0
        node = self.nodes[key]
        while node.parent is not None:
            node = self.nodes[node.parent]
            d += 1
        return d


def _key(v: VmArea | None) -> int | None:
    return None if v is None else v.uid


_new_node = tuple.__new__


def node_state_of(v: VmArea, *, in_tree: bool = True, in_list: bool = True) -> NodeState:
    """One VMA as drawn (a VMA of a settled state: linked, unless told otherwise).

    The same node as ``NodeState(start=v.vm_start, …)``, made from one tuple of its
    fields in ``NodeState``'s order (the keyword constructor costs twice as much).
    """
    return node_states_of((v,), in_tree, in_list)[v.uid]


def node_states_of(
    vmas: Iterable[VmArea], in_tree: bool = True, in_list: bool = True
) -> dict[int, NodeState]:
    """``node_state_of`` of every VMA of ``vmas``, by uid, in their order. O(n)."""
    # node_state_of's one loop: a call per VMA would be a tenth of a 65,530-node snapshot.
    new, state = _new_node, NodeState
    nodes: dict[int, NodeState] = {}
    for v in vmas:
        p, left, right, prev, nxt = v.rb_parent, v.rb_left, v.rb_right, v.vm_prev, v.vm_next
        uid = v.uid
        nodes[uid] = new(
            state,
            (
                v.vm_start,
                v.vm_end,
                None if p is None else p.uid,
                None if left is None else left.uid,
                None if right is None else right.uid,
                "R" if v.rb_red else "B",
                v.rb_subtree_gap,
                None if prev is None else prev.uid,
                None if nxt is None else nxt.uid,
                v.vm_flags,
                v.vm_file,
                v.name,
                v.vm_pgoff,
                uid,
                in_tree,
                in_list,
            ),
        )
    return nodes


def snapshot_of(mm: MmStruct) -> Snapshot:
    """The snapshot of ``mm``'s tree and list. O(n)."""
    nodes = node_states_of(mm.inorder())
    return Snapshot(
        nodes=nodes,
        root=_key(mm.mm_rb),
        mmap=_key(mm.mmap),
        map_count=mm.map_count,
        highest_vm_end=mm.highest_vm_end,
    )


def node_of_change(c: NodeChange) -> NodeState:
    """The drawn node a change record describes (every field is in the record)."""
    return NodeState(
        start=c.start,
        end=c.end,
        parent=c.parent,
        left=c.left,
        right=c.right,
        color=c.color,
        gap=c.gap,
        prev=c.prev,
        next=c.next,
        flags=c.flags,
        file=c.file,
        name=c.name,
        pgoff=c.pgoff,
        uid=c.id,
        in_tree=c.tree,
        in_list=c.list,
    )


def apply_changes(snap: Snapshot, changes: Iterable[Change]) -> Snapshot:
    """A new snapshot with one step's ``changes`` applied (the old one is unchanged)."""
    nodes = dict(snap.nodes)
    root, mmap, count, high = snap.root, snap.mmap, snap.map_count, snap.highest_vm_end
    changed: set[int] = set()
    for change in changes:
        if isinstance(change, MmChange):
            root, mmap = change.root, change.mmap
            count, high = change.map_count, change.highest_vm_end
            continue
        changed.add(change.id)
        nodes[change.id] = node_of_change(change)
    return Snapshot(
        nodes=nodes,
        root=root,
        mmap=mmap,
        map_count=count,
        highest_vm_end=high,
        base_ref=weakref.ref(snap),
        changed=frozenset(changed),
    )


def changed_between(old: Snapshot, new: Snapshot, limit: int = 64) -> set[int] | None:
    """The VMAs whose node may differ between two snapshots linked through ``base`` (the
    steps of an op, neighbouring ops), in O(changes): the changes from each one down to
    their nearest common base. None when no common base lies within ``limit`` links."""
    seen: dict[int, tuple[Snapshot, frozenset[int]]] = {}
    keys: set[int] = set()
    snap: Snapshot | None = new
    for _ in range(limit):
        if snap is None:
            break
        seen[id(snap)] = (snap, frozenset(keys))
        keys |= snap.changed
        snap = snap.base
    keys = set()
    snap = old
    for _ in range(limit):
        if snap is None:
            break
        hit = seen.get(id(snap))
        if hit is not None and hit[0] is snap:
            return keys | hit[1]
        keys |= snap.changed
        snap = snap.base
    return None


def step_snapshots(before: Snapshot, steps: Iterable[TraceStep]) -> list[Snapshot]:
    """The snapshot after each step of an op, starting from ``before``."""
    out: list[Snapshot] = []
    snap = before
    for step in steps:
        if step.changes:
            snap = apply_changes(snap, step.changes)
        out.append(snap)
    return out


_T = TypeVar("_T")


class LazySequence(Sequence[_T]):
    """A sequence of ``length`` items taken from ``source`` on first use, in order (each
    item may need the one before it): an op's step snapshots, its pointer models."""

    def __init__(self, source: Iterator[_T], length: int) -> None:
        self._source = source
        self._length = length
        self._made: list[_T] = []

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> list[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | list[_T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        while len(self._made) <= index:
            self._made.append(next(self._source))
        return self._made[index]

    def made(self) -> list[_T]:
        """The items made so far (what they hold in memory)."""
        return self._made


def lazy_step_snapshots(before: Snapshot, steps: Sequence[TraceStep]) -> LazySequence[Snapshot]:
    """``step_snapshots``, made on first use: showing the first step of an op copies no
    node table for the steps after it (each copy is O(n): ~1.5 ms at 65,530 VMAs)."""

    def each() -> Iterator[Snapshot]:
        snap = before
        for step in steps:
            if step.changes:
                snap = apply_changes(snap, step.changes)
            yield snap

    return LazySequence(each(), len(steps))
