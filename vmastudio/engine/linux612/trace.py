"""The 6.12 step trace: what one op did to ``mm->mm_mt``, step by step (DESIGN §7).

A ``Recorder`` is hung on the tree (``MapleTree.rec``) while an op is traced; the write
path calls its hooks. Each hook that is a step becomes a frozen ``Step612`` carrying the
``changes`` made since the previous step, so that a viewer can rebuild the tree after
every step: a node's whole memory (``{"node": id, "type", "pivots", "slots", "gaps",
"meta_end", "meta_gap"}``, a leaf slot being the VMA's vm_start and an internal slot the
child's node id), ``{"node": id, "dead": true}`` and ``{"root": id | null, "height": h}``.

Roles name maple nodes by their stable node id (``Node.nid``) and VMAs by vm_start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...resources import read_json
from .nodes import (
    MA_STATE_PREALLOC,
    STORE_TYPE_NAMES,
    TYPE_NAMES,
    MaState,
    Node,
    WrState,
    ulongs,
)

if TYPE_CHECKING:
    from .nodes import MapleTree

#: Step kinds of a 6.12 op (DESIGN §7), in the order they usually come.
KINDS = (
    "intersect_walk",
    "prealloc",
    "start_write",
    "wr_walk",
    "store",
    "split",
    "push_left",
    "push_right",
    "rebalance",
    "spanning",
    "new_root",
    "replace_dead",
    "gap_update",
    "map_count",
    "return",
)
ROLES = (
    "node",
    "offset",
    "range",
    "leaf",
    "sibling",
    "new_node",
    "dead_node",
    "parent",
    "conflict",
)


@dataclass(frozen=True, slots=True)
class Step612:
    """One step of a 6.12 op: kind, kernel function, our line id, roles, variables, texts."""

    kind: str
    func: str
    line: str
    roles: dict[str, Any] = field(default_factory=dict)
    vars: dict[str, Any] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    changes: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "func": self.func,
            "line": self.line,
            "roles": self.roles,
            "vars": self.vars,
            "text": self.text,
            "changes": list(self.changes),
        }


def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = read_json("texts", "steps612.json")
    return data


def render(key: str, **values: Any) -> dict[str, str]:
    """The step sentence ``key`` of steps612.json in both languages, filled in."""
    entry = _texts()[key]
    return {lang: entry[lang].format(**values) for lang in ("en", "zh_CN")}


def hexr(a: int, b: int) -> str:
    return f"[{a:#x}, {b:#x}]"


def slot_json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Node):
        return value.nid
    start = getattr(value, "start", value)
    return start


def node_memory(node: Node) -> dict[str, Any]:
    """A node's whole memory as the ``changes`` of a step carry it."""
    out: dict[str, Any] = {
        "node": node.nid,
        "type": TYPE_NAMES[node.type],
        "pivots": ulongs(node.pivot),
        "slots": [slot_json(s) for s in node.slot],
        "meta_end": node.meta_end,
        "meta_gap": node.meta_gap,
    }
    if node.gap is not None:
        out["gaps"] = ulongs(node.gap)
    return out


def mas_vars(mas: MaState, name: str = "ma_state") -> dict[str, Any]:
    """``struct ma_state`` as modelled, under ``name`` (the kernel variable it is)."""
    node = mas.node
    return {
        name: {
            "node": node.nid if isinstance(node, Node) else None,
            "index": mas.index,
            "last": mas.last,
            "min": mas.min,
            "max": mas.max,
            "offset": mas.offset,
            "depth": mas.depth,
            "end": mas.end,
            "status": STATUS_NAMES[mas.status],
            "alloc": mas.alloc,
            "mas_flags": mas.flags,
            "store_type": STORE_TYPE_NAMES[mas.store_type],
        }
    }


#: ``enum ma_status`` by value (include/linux/maple_tree.h).
STATUS_NAMES = (
    "ma_start",
    "ma_active",
    "ma_none",
    "ma_root",
    "ma_pause",
    "ma_overflow",
    "ma_underflow",
    "ma_error",
)


def wr_vars(
    wr: WrState, wid: int, func: str = "", name: str = "ma_wr_state", mas: str = "ma_state"
) -> dict[str, Any]:
    """``struct ma_wr_state`` as modelled: ``mas`` names the ma_state it wraps; ``node``,
    ``pivots`` and ``slots`` the maple node whose memory they point into (None before the
    first node walk); ``entry`` and ``content`` a VMA's vm_start or None (NULL), or, for
    ``content`` inside an internal node, ``content_node`` = the child node's id. ``id``
    tells ma_wr_states of one op apart (each function that declares one has its own);
    ``func``, where the recorder knows it, names that function. ``name`` is the key it
    is recorded under and ``mas`` the variable of the ma_state it wraps (``l_wr_mas`` wraps
    ``l_mas`` in mas_wr_spanning_store())."""
    node = wr.node
    nid = node.nid if node is not None else None
    content = wr.content
    out: dict[str, Any] = {
        "id": wid,
        "mas": mas,
        "node": nid,
        "r_min": wr.r_min,
        "r_max": wr.r_max,
        # Zero-initialised (MA_WR_STATE) until the first node walk: maple_dense.
        "type": TYPE_NAMES.get(wr.type, "maple_dense"),
        "offset_end": wr.offset_end,
        "pivots": nid,
        "end_piv": wr.end_piv,
        "slots": nid,
        "entry": slot_json(wr.entry),
        "content": None if isinstance(content, Node) else slot_json(content),
    }
    if isinstance(content, Node):
        out["content_node"] = content.nid
    if func:
        out["func"] = func
    return {name: out}


class Recorder:
    """Collects the steps of one op while the write path runs."""

    def __init__(self, tree: MapleTree) -> None:
        self.tree = tree
        self.steps: list[Step612] = []
        self._dirty: dict[int, Node] = {}
        self._dead: list[int] = []
        self._root: Any = tree.root
        self._height = tree.height
        #: The ma_wr_states the write walks with, in order; ``_ids`` numbers every
        #: ma_wr_state seen (these and mas_wr_spanning_store()'s l_wr_mas/r_wr_mas, kept
        #: alive in ``_sides``) from 1 in the order first seen.
        self._wrs: list[WrState] = []
        self._sides: list[WrState] = []
        self._ids: dict[int, int] = {}

    # -- bookkeeping -------------------------------------------------------------------
    def _changes(self) -> tuple[dict[str, Any], ...]:
        out: list[dict[str, Any]] = [node_memory(n) for n in self._dirty.values() if not n.dead]
        out.extend({"node": nid, "dead": True} for nid in self._dead)
        root = self.tree.root
        if root is not self._root or self.tree.height != self._height:
            out.append(
                {"root": root.nid if isinstance(root, Node) else None, "height": self.tree.height}
            )
            self._root = root
            self._height = self.tree.height
        self._dirty.clear()
        self._dead.clear()
        return tuple(out)

    def step(
        self,
        kind: str,
        func: str,
        line: str,
        roles: dict[str, Any],
        text: dict[str, str],
        variables: dict[str, Any] | None = None,
    ) -> None:
        self.steps.append(Step612(kind, func, line, roles, variables or {}, text, self._changes()))

    def node_created(self, node: Node) -> None:
        self._dirty[node.nid] = node

    def touched(self, node: Node) -> None:
        self._dirty[node.nid] = node

    def _wr_id(self, wr: WrState, side: bool = False) -> int:
        wid = self._ids.get(id(wr))
        if wid is None:
            (self._sides if side else self._wrs).append(wr)
            wid = self._ids[id(wr)] = len(self._ids) + 1
        return wid

    def dead(self, node: Node) -> None:
        if node.nid not in self._dead:
            self._dead.append(node.nid)
        self._dirty.pop(node.nid, None)

    # -- hooks called by the write path --------------------------------------------------
    def wr_walk(self, wr: WrState) -> None:
        mas = wr.mas
        node: Node = mas.node
        self.step(
            "wr_walk",
            "mas_wr_walk",
            "wr_walk.descend",
            {"node": node.nid, "offset": mas.offset, "range": [wr.r_min, wr.r_max]},
            render(
                "wr_walk",
                type=TYPE_NAMES[node.type],
                node=node.nid,
                offset=mas.offset,
                range=hexr(wr.r_min, wr.r_max),
                index=mas.index,
                last=mas.last,
            ),
            mas_vars(mas) | wr_vars(wr, self._wr_id(wr)),
        )

    def prealloc(self, mas: MaState, count: int) -> None:
        node = mas.node
        roles: dict[str, Any] = {"range": [mas.index, mas.last]}
        if isinstance(node, Node):
            roles["leaf" if node.is_leaf else "node"] = node.nid
            roles["offset"] = mas.offset
        name = STORE_TYPE_NAMES[mas.store_type]
        self.step(
            "prealloc",
            "mas_preallocate",
            "prealloc.calc",
            roles,
            render(
                "prealloc." + name,
                count=count,
                height=self.tree.height,
                range=hexr(mas.index, mas.last),
            ),
            {"mas_preallocate": {"store_type": name, "request": count}}
            | mas_vars(mas)
            | self._walked(mas),
        )

    def _walked(self, mas: MaState) -> dict[str, Any]:
        """The ma_wr_state that classified this write, still in scope at the count: the
        last one that walked ``mas`` (none after an empty or single-entry tree's setup)."""
        if self._wrs and self._wrs[-1].mas is mas:
            # mas_preallocate() marks the state preallocated before it counts;
            # mas_store_gfp() counts and stores with the same ma_wr_state.
            owner = "mas_preallocate" if mas.flags & MA_STATE_PREALLOC else "mas_store_gfp"
            return wr_vars(self._wrs[-1], self._wr_id(self._wrs[-1]), owner)
        return {}

    def store(self, wr: WrState, new_end: int) -> None:
        mas = wr.mas
        name = STORE_TYPE_NAMES[mas.store_type]
        node = mas.node
        roles: dict[str, Any] = {"range": [mas.index, mas.last]}
        offset: Any = "-"  # no node yet (an empty tree): no offset, no end
        end: Any = "-"
        if isinstance(node, Node):
            roles["leaf" if node.is_leaf else "node"] = node.nid
            roles["offset"] = offset = mas.offset
            end = new_end
        self.step(
            "store",
            "mas_wr_store_entry",
            "store." + name,
            roles,
            render("store." + name, offset=offset, new_end=end, range=hexr(mas.index, mas.last)),
            {"mas_wr_store_entry": {"store_type": name, "new_end": end}}
            | mas_vars(mas)
            | self._stored(wr),
        )

    def _stored(self, wr: WrState) -> dict[str, Any]:
        """The store's ma_wr_state: mas_store_prealloc()'s own (the state is still marked
        preallocated by mas_preallocate()), or the one mas_store_gfp() walked with."""
        owner = "mas_store_prealloc" if wr.mas.flags & MA_STATE_PREALLOC else "mas_store_gfp"
        return wr_vars(wr, self._wr_id(wr), owner)

    def gap_set(self, pnode: Node, offset: int, new: int) -> None:
        self._dirty[pnode.nid] = pnode
        self.step(
            "gap_update",
            "mas_parent_gap",
            "gap.set",
            {"node": pnode.nid, "offset": offset},
            render("gap_update", node=pnode.nid, offset=offset, gap=f"{new:#x}"),
        )

    def replaced(self, old: Node, new: Node) -> None:
        parent = new.parent
        if parent is not None and not new.is_root:
            self._dirty[parent.nid] = parent
        self._dirty[new.nid] = new
        self.dead(old)
        roles: dict[str, Any] = {"new_node": new.nid, "dead_node": old.nid}
        if parent is not None and not new.is_root:
            roles["parent"] = parent.nid
            roles["offset"] = new.parent_slot
        grew = new.is_root and self.tree.height != self._height
        if grew:
            key = "new_root.grow" if self.tree.height > self._height else "new_root.collapse"
            self.step(
                "new_root",
                "mas_put_in_tree",
                "root.grow",
                {"new_node": new.nid, "dead_node": old.nid},
                render(key, node=new.nid, height=self.tree.height),
            )
            return
        self.step(
            "replace_dead",
            "mas_put_in_tree",
            "replace.rcu",
            roles,
            render("replace_dead", new=new.nid, old=old.nid),
        )

    def new_root(self, node: Node | None) -> None:
        if node is None:
            self.step("new_root", "mas_new_root", "root.empty", {}, render("new_root.empty"))
            return
        key = "new_root.expand" if self._root is None else "new_root.single"
        self.step(
            "new_root",
            "mas_new_root",
            "root.new",
            {"new_node": node.nid},
            render(key, node=node.nid),
        )

    def split(self, node: Node, split: int) -> None:
        self.step(
            "split",
            "mas_split",
            "split.calc",
            {"node": node.nid, "offset": split},
            render("split", node=node.nid, split=split),
        )

    def push(self, node: Node, sibling: Node, left: bool) -> None:
        kind = "push_left" if left else "push_right"
        self.step(
            kind,
            "mas_push_data",
            "push." + ("left" if left else "right"),
            {"node": node.nid, "sibling": sibling.nid},
            render(kind, node=node.nid, sibling=sibling.nid),
        )

    def rebalance_with(self, node: Node, sibling: Node, side: str) -> None:
        self.step(
            "rebalance",
            "mas_rebalance",
            "rebalance." + side,
            {"node": node.nid, "sibling": sibling.nid},
            render("rebalance." + side, node=node.nid, sibling=sibling.nid),
        )

    def rebalance_pull(self, left: Any, right: Any) -> None:
        roles: dict[str, Any] = {}
        if isinstance(left, Node):
            roles["node"] = left.nid
        if isinstance(right, Node):
            roles["sibling"] = right.nid
        self.step(
            "rebalance",
            "mast_spanning_rebalance",
            "rebalance.pull",
            roles,
            render("rebalance.pull"),
        )

    def spanning(
        self,
        left: Node,
        right: Node,
        index: int,
        last: int,
        l_wr: WrState | None = None,
        r_wr: WrState | None = None,
    ) -> None:
        """mas_wr_spanning_store() after both walks (and the NULL extension), before it
        copies into the big node: its ``l_wr_mas``/``r_wr_mas`` and ``l_mas``/``r_mas``
        as they are there (their own ma_states, copies of the caller's, walked down to
        the leaves holding ``index`` and ``last``)."""
        variables: dict[str, Any] = {}
        for side, wr in (("l", l_wr), ("r", r_wr)):
            if wr is not None:
                variables |= mas_vars(wr.mas, f"{side}_mas")
                variables |= wr_vars(
                    wr,
                    self._wr_id(wr, side=True),
                    "mas_wr_spanning_store",
                    f"{side}_wr_mas",
                    f"{side}_mas",
                )
        self.step(
            "spanning",
            "mas_wr_spanning_store",
            "spanning.combine",
            {"leaf": left.nid, "sibling": right.nid, "range": [index, last]},
            render("spanning", left=left.nid, right=right.nid, range=hexr(index, last)),
            variables,
        )

    def level_built(self, left: Node, middle: Node | None, right: Node | None) -> None:
        for n in (left, middle, right):
            if n is not None:
                self._dirty[n.nid] = n

    # -- steps of the mm level ---------------------------------------------------------
    def flush(
        self, kind: str, func: str, line: str, roles: dict[str, Any], text: dict[str, str]
    ) -> None:
        self.step(kind, func, line, roles, text)


def snapshot(tree: MapleTree) -> list[dict[str, Any]]:
    """Every live node's memory plus the root: the state a trace's changes start from."""
    from .maple import preorder

    out = [node_memory(n) for n, _mn, _mx in preorder(tree)]
    root = tree.root
    out.append({"root": root.nid if isinstance(root, Node) else None, "height": tree.height})
    return out
