"""The pointer model of a Linux 6.12 step: ``struct ma_state`` and ``struct ma_wr_state``.

What the 6.12 pointer view draws for one ``Step612`` (issue 18): the write's maple state
(``vmi.mas``: tree, index, last, node, min, max, alloc, status, depth, offset, mas_flags,
end, store_type) and its write state (``wr_mas``: mas, node, r_min, r_max, type,
offset_end, pivots, end_piv, slots, entry, content) as boxes at simulated addresses, with
an arrow for every pointer into what they point at: ``mm->mm_mt``, the maple node (with
its ``pivot[]``/``slot[]`` cells the state names), the VMA in the slot and the VMA being
written. It reuses the 4.x pointer model's plain data (``MemoryBox``, ``Region``,
``PointerArrow``, ``PointerModel``) and its ``mark_writes``.

Nothing here decides kernel behaviour. The values are the step's own
``vars["ma_state"]``/``vars["ma_wr_state"]`` (``linux612/trace.py``) and the node memory
of the state after the step (``frames612.MapleState``). A step that records no ma_state
(a split, a gap update, the mm-level steps) shows the last recorded values, and says so
(``as_of``). Complexity O(boxes) per step; an op has a few dozen steps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import resources
from .frames612 import MapleState, data_end
from .linux612.nodes import MT_PIVOTS, STORE_TYPE_NAMES
from .linux612.trace import STATUS_NAMES, Step612
from .memory import STACK_BASE, AddressStyle, fmt_addr
from .pointer_model import MemoryBox, PointerArrow, PointerModel, Region, mark_writes
from .scenario import text_of

# -- simulated addresses (x86-64 layouts of 6.12; the bases are ours) ----------------------
#: ``struct maple_node`` is 256 bytes and 256-byte aligned: the low 8 bits of a pointer to
#: one are free, which is where an encoded node (``maple_enode``) keeps its type.
MAPLE_NODE_BASE = 0xFFFF888003A00000
MAPLE_NODE_SIZE = 0x100
VMA612_BASE = 0xFFFF888004B00000
VMA612_STRIDE = 0xC0
MM612_ADDR = 0xFFFF88800A40E000
OFF_MM_MT = 0x40  # after the cache line of mm_count
OFF_MT_FLAGS = 0x04
OFF_MT_ROOT = 0x08
#: ``vmi.mas`` in the caller's frame (vma_link(), do_vmi_munmap() …), ``wr_mas`` in the
#: frame of the maple function below it.
MAS_ADDR = STACK_BASE + 0x5580
WR_ADDR = STACK_BASE + 0x5400
#: mas_wr_spanning_store()'s own l_mas, r_mas, r_wr_mas, l_wr_mas, one frame further down
#: (sizeof(struct ma_state) 0x48, sizeof(struct ma_wr_state) 0x50).
SPAN_ADDRS = {
    "l_mas": STACK_BASE + 0x5350,
    "r_mas": STACK_BASE + 0x5300,
    "r_wr_mas": STACK_BASE + 0x52A0,
    "l_wr_mas": STACK_BASE + 0x5250,
}

#: The order they are drawn in: the left side above the right one.
_SPAN_ORDER = ("l_wr_mas", "r_wr_mas", "l_mas", "r_mas")

#: ``mte_mk_node()``: node | type << MAPLE_ENODE_TYPE_SHIFT | MAPLE_ENODE_NULL.
ENODE_TYPE_SHIFT = 3
ENODE_NULL = 0x04
#: ``MM_MT_FLAGS``: MT_FLAGS_ALLOC_RANGE 0x01 | MT_FLAGS_USE_RCU 0x02 | LOCK_EXTERN 0x300.
MM_MT_FLAGS = 0x01 | 0x02 | 0x300
MT_FLAGS_HEIGHT_OFFSET = 2
#: ``mte_mk_root()``: the root pointer in ``ma_root`` also has MAPLE_ROOT_NODE set.
ROOT_NODE_BIT = 0x02
_TYPE_NUMBERS = {"maple_dense": 0, "leaf_64": 1, "range_64": 2, "arange_64": 3}
_ENUMS: dict[str, tuple[str, ...]] = {"status": STATUS_NAMES, "store_type": STORE_TYPE_NAMES}

# struct ma_state: (field, C type, offset)
MA_STATE_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("tree", "struct maple_tree *", 0x00),
    ("index", "unsigned long", 0x08),
    ("last", "unsigned long", 0x10),
    ("node", "struct maple_enode *", 0x18),
    ("min", "unsigned long", 0x20),
    ("max", "unsigned long", 0x28),
    ("alloc", "struct maple_alloc *", 0x30),
    ("status", "enum maple_status", 0x38),
    ("depth", "unsigned char", 0x3C),
    ("offset", "unsigned char", 0x3D),
    ("mas_flags", "unsigned char", 0x3E),
    ("end", "unsigned char", 0x3F),
    ("store_type", "enum store_type", 0x40),
)
# struct ma_wr_state
MA_WR_STATE_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("mas", "struct ma_state *", 0x00),
    ("node", "struct maple_node *", 0x08),
    ("r_min", "unsigned long", 0x10),
    ("r_max", "unsigned long", 0x18),
    ("type", "enum maple_type", 0x20),
    ("offset_end", "unsigned char", 0x24),
    ("pivots", "unsigned long *", 0x28),
    ("end_piv", "unsigned long", 0x30),
    ("slots", "void __rcu **", 0x38),
    ("entry", "void *", 0x40),
    ("content", "void *", 0x48),
)

MAS_REGION = "frame:ma_state"
WR_REGION = "frame:ma_wr_state"
MT_REGION = "mm_mt"


def node_addr(nid: int) -> int:
    """Address of the ``struct maple_node`` with engine id ``nid``."""
    return MAPLE_NODE_BASE + nid * MAPLE_NODE_SIZE


def enode(nid: int, mtype: str) -> int:
    """The encoded node pointer (``mte_mk_node()``) ``mas->node`` and internal slots hold."""
    return node_addr(nid) | (_TYPE_NUMBERS[mtype] << ENODE_TYPE_SHIFT) | ENODE_NULL


def vma612_addr(vm_start: int, index: Mapping[int, int] | None = None) -> int:
    """Address of the 6.12 ``vm_area_struct`` starting at ``vm_start``: by its slab index
    in ``index`` (the scenario's order) when known, else folded from the start."""
    if index is not None and vm_start in index:
        n = index[vm_start]
    else:
        n = ((vm_start >> 12) ^ (vm_start >> 28)) & 0xFFF
    return VMA612_BASE + n * VMA612_STRIDE


def pivot_offset(mtype: str, i: int) -> int:
    return 0x08 + 8 * i


def slot_offset(mtype: str, i: int) -> int:
    return 0x08 + 8 * MT_PIVOTS[_TYPE_NUMBERS[mtype]] + 8 * i


# -- texts -----------------------------------------------------------------------------------
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = resources.read_json("texts", "pointers612.json")
    return data


def meaning612(key: str, lang: str = "en") -> str:
    """The one-line meaning of a box or region key (``resources/texts/pointers612.json``)."""
    entry = _texts()["meanings"].get(key)
    return "" if entry is None else text_of(entry, lang)


def label612(key: str, lang: str = "en", **values: Any) -> str:
    """A short label of the 6.12 pointer view, filled in."""
    entry = _texts()["labels"].get(key)
    return key if entry is None else text_of(entry, lang).format(**values)


# -- the model -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MaplePointerModel(PointerModel):
    """A ``PointerModel`` plus what the 6.12 window links to its maple drawing."""

    #: Index of the step whose recorded ma_state this shows (-1: none yet); differs from
    #: ``step`` when this step records none.
    as_of: int = -1
    as_of_wr: int = -1
    step: int = 0
    #: The maple node ``mas->node`` points at, and ``wr_mas->node`` (None: none).
    mas_node: int | None = None
    wr_node: int | None = None
    #: The ma_state's values as recorded (what the tests compare with the step's vars).
    ma_state: Mapping[str, Any] | None = None
    ma_wr_state: Mapping[str, Any] | None = None
    #: mas_wr_spanning_store()'s l_mas, r_mas, l_wr_mas, r_wr_mas as this step records
    #: them (empty at every other step).
    spanning: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def node_of_region(self, key: str) -> int | None:
        """The maple node id a region key ``node:<id>`` stands for."""
        return int(key.split(":", 1)[1]) if key.startswith("node:") else None


def _hex(v: int) -> str:
    return f"{v:#x}"


def _number(raw: Any, ctype: str) -> tuple[int, str]:
    """A recorded number (None: 0) and its text: hex for an ``unsigned long``."""
    value = int(raw or 0)
    return value, _hex(value) if ctype == "unsigned long" else str(value)


class _Builder612:
    def __init__(
        self,
        steps: Sequence[Step612],
        states: Sequence[MapleState],
        before: MapleState,
        style: AddressStyle,
        vma_index: Mapping[int, int] | None,
    ) -> None:
        self.steps = steps
        self.states = states
        self.before = before
        self.style: AddressStyle = style
        self.vma_index = vma_index
        #: The function that declares each ma_wr_state (by id), where a step says so: the
        #: walk's is known only at the count that follows it.
        self.wr_owner: dict[int, str] = {}
        for step in steps:
            wr = step.vars.get("ma_wr_state")
            if wr is not None and wr.get("func"):
                self.wr_owner.setdefault(int(wr["id"]), str(wr["func"]))

    def fmt(self, v: int | None) -> str:
        return fmt_addr(v, self.style)

    def record(self, state: MapleState, nid: int) -> Mapping[str, Any] | None:
        return state.records.get(nid) or self.before.records.get(nid)

    def vma_end(self, state: MapleState, start: int, mas: Mapping[str, Any]) -> int | None:
        """vm_end of the VMA at ``start``: one past its slot's range in the leaf
        ``mas->node`` points at (whose min and max the ma_state holds), else the range
        being written when it is the entry (not linked yet). O(node), never the tree:
        a 65,530-VMA space costs what a small one does."""
        nid = mas.get("node")
        rec = None if nid is None else self.record(state, int(nid))
        if rec is not None and rec["type"] == "leaf_64":
            mx = int(mas["max"])
            end = data_end(rec, mx)
            slots, pivots = rec["slots"], rec["pivots"]
            for i in range(min(end + 1, len(slots))):
                if slots[i] == start:
                    return (pivots[i] if i < end and i < len(pivots) else mx) + 1
        if mas.get("index") == start:
            return int(mas["last"]) + 1
        return None

    # -- boxes -------------------------------------------------------------------------------
    def _box(
        self,
        key: str,
        region: str,
        name: str,
        ctype: str,
        addr: int,
        value: int | None,
        text: str,
        meaning: str,
        kind: str,
        offset: int,
    ) -> MemoryBox:
        return MemoryBox(
            key=key,
            region=region,
            label=name,
            ctype=ctype,
            addr=addr,
            value=value,
            text=text,
            meaning=meaning,
            kind=kind,
            offset=offset,
            addr_text=self.fmt(addr),
        )

    def _local(
        self,
        key: str,
        region: str,
        base: int,
        name: str,
        ctype: str,
        off: int,
        value: int | None,
        text: str,
        meaning: str = "",
    ) -> MemoryBox:
        """Field ``name`` of the on-stack state ``region`` (``ma_state``/``ma_wr_state``)
        at ``base``; its meaning's key is ``meaning``, else its key."""
        return self._box(
            key, region, name, ctype, base + off, value, text, meaning or key, "local", off
        )

    def _hex_field(
        self, region: str, name: str, base: int, off: int, value: int, meaning: str
    ) -> MemoryBox:
        """An ``unsigned long`` field of a structure at ``base``, shown in hex."""
        return self._box(
            f"{region}.{name}",
            region,
            name,
            "unsigned long",
            base + off,
            value,
            _hex(value),
            meaning,
            "field",
            off,
        )

    def _region(
        self,
        key: str,
        kind: str,
        title: str,
        ctype: str,
        addr: int,
        boxes: Sequence[MemoryBox],
        meaning: str,
        *,
        column: int = 2,
        gone: bool = False,
        vma: int | None = None,
    ) -> Region:
        """A frame or structure at ``addr`` holding ``boxes`` (the heap's column: 2)."""
        return Region(
            key=key,
            kind=kind,
            title=title,
            ctype=ctype,
            addr=addr,
            addr_text=self.fmt(addr),
            column=column,
            boxes=tuple(b.key for b in boxes),
            gone=gone,
            vma=vma,
            meaning=meaning,
        )

    def mas_boxes(
        self,
        mas: Mapping[str, Any],
        state: MapleState,
        var: str = "ma_state",
        region: str = MAS_REGION,
        base: int = MAS_ADDR,
    ) -> tuple[list[MemoryBox], dict[str, str]]:
        """The boxes of the ma_state ``var`` (in frame ``region`` at ``base``), and the
        arrow target of each pointer box."""
        boxes: list[MemoryBox] = []
        targets: dict[str, str] = {}
        for name, ctype, off in MA_STATE_FIELDS:
            key = f"{var}.{name}"
            value: int | None
            raw = mas.get(name)
            if name == "tree":
                value, text = MM612_ADDR + OFF_MM_MT, self.fmt(MM612_ADDR + OFF_MM_MT)
                targets[key] = MT_REGION
            elif name == "node":
                rec = None if raw is None else self.record(state, int(raw))
                if raw is None or rec is None:
                    value, text = None, "NULL"
                else:
                    value = enode(int(raw), str(rec["type"]))
                    text = self.fmt(value)
                    targets[key] = f"node:{raw}"
            elif name == "alloc":
                # The engine models the number of nodes reserved, not the allocation.
                value = int(raw or 0)
                text = f"{value} × maple_node" if value else "NULL"
            elif ctype.startswith("enum"):
                # An enum holds its number; the box shows the kernel's name for it.
                value, text = _ENUMS[name].index(str(raw)), str(raw)
            else:
                value, text = _number(raw, ctype)
            boxes.append(
                self._local(key, region, base, name, ctype, off, value, text, f"ma_state.{name}")
            )
        return boxes, targets

    def wr_boxes(
        self,
        wr: Mapping[str, Any],
        state: MapleState,
        var: str = "ma_wr_state",
        region: str = WR_REGION,
        base: int = WR_ADDR,
    ) -> tuple[list[MemoryBox], dict[str, str]]:
        """The boxes of the ma_wr_state ``var`` (in frame ``region`` at ``base``); its
        ``mas`` points at the ma_state ``wr["mas"]`` names."""
        mas_var = str(wr.get("mas") or "ma_state")
        mas_region, mas_addr = (
            (f"frame:{mas_var}", SPAN_ADDRS[mas_var])
            if mas_var in SPAN_ADDRS
            else (MAS_REGION, MAS_ADDR)
        )
        boxes: list[MemoryBox] = []
        targets: dict[str, str] = {}
        nid = wr.get("node")
        rec = None if nid is None else self.record(state, int(nid))
        mtype = str(rec["type"]) if rec is not None else ""
        for name, ctype, off in MA_WR_STATE_FIELDS:
            key = f"{var}.{name}"
            raw = wr.get(name)
            value: int | None = None
            text = "NULL"
            if name == "mas":
                value, text = mas_addr, self.fmt(mas_addr)
                targets[key] = mas_region
            elif name == "node" and nid is not None:
                value = node_addr(int(nid))
                text = self.fmt(value)
                targets[key] = f"node:{nid}"
            elif name in ("pivots", "slots") and nid is not None and mtype:
                cell = pivot_offset(mtype, 0) if name == "pivots" else slot_offset(mtype, 0)
                value = node_addr(int(nid)) + cell
                text = self.fmt(value)
                targets[key] = f"node:{nid}.{name[:-1]}[0]"
            elif name in ("entry", "content"):
                child = wr.get("content_node") if name == "content" else None
                if child is not None:
                    crec = self.record(state, int(child))
                    value = enode(int(child), str(crec["type"])) if crec else None
                    text = self.fmt(value)
                    targets[key] = f"node:{child}"
                elif raw is not None:
                    value = vma612_addr(int(raw), self.vma_index)
                    text = self.fmt(value)
                    targets[key] = f"vma:{raw}"
            elif name == "type":
                value, text = _TYPE_NUMBERS.get(str(raw), 0), str(raw)
            elif ctype in ("unsigned long", "unsigned char"):
                value, text = _number(raw, ctype)
            boxes.append(
                self._local(key, region, base, name, ctype, off, value, text, f"ma_wr_state.{name}")
            )
        return boxes, targets

    def node_region(
        self, nid: int, state: MapleState, offsets: Sequence[int]
    ) -> tuple[Region | None, list[MemoryBox], dict[str, str]]:
        """A maple node: ``pivot[0]``, ``slot[0]`` (where ``wr_mas->pivots``/``slots``
        point) and the cells at ``offsets``; each slot's arrow goes to its VMA or child."""
        rec = self.record(state, nid)
        if rec is None:
            return None, [], {}
        mtype = str(rec["type"])
        base = node_addr(nid)
        key = f"node:{nid}"
        boxes: list[MemoryBox] = []
        targets: dict[str, str] = {}
        leaf = mtype == "leaf_64"
        pivots: list[int] = list(rec["pivots"])
        slots: list[Any] = list(rec["slots"])
        for i in sorted({0, *offsets}):
            if i < len(pivots):
                off = pivot_offset(mtype, i)
                boxes.append(
                    self._hex_field(key, f"pivot[{i}]", base, off, pivots[i], "maple_node.pivot")
                )
            if i < len(slots):
                off = slot_offset(mtype, i)
                raw = slots[i]
                value: int | None = None
                if raw is not None and leaf:
                    value = vma612_addr(int(raw), self.vma_index)
                    targets[f"{key}.slot[{i}]"] = f"vma:{raw}"
                elif raw is not None:
                    crec = self.record(state, int(raw))
                    value = enode(int(raw), str(crec["type"])) if crec else None
                    targets[f"{key}.slot[{i}]"] = f"node:{raw}"
                boxes.append(
                    self._box(
                        f"{key}.slot[{i}]",
                        key,
                        f"slot[{i}]",
                        "void __rcu *",
                        base + off,
                        value,
                        self.fmt(value),
                        "maple_node.slot",
                        "field",
                        off,
                    )
                )
        title = f"maple_node #{nid} ({mtype})"
        region = self._region(
            key, "maple_node", title, "struct maple_node", base, boxes, "region.maple_node"
        )
        return region, boxes, targets

    def vma_region(
        self, start: int, state: MapleState, mas: Mapping[str, Any]
    ) -> tuple[Region, list[MemoryBox]]:
        base = vma612_addr(start, self.vma_index)
        key = f"vma:{start}"
        boxes = [self._hex_field(key, "vm_start", base, 0, start, "vma.vm_start")]
        end = self.vma_end(state, start, mas)
        if end is not None:
            boxes.append(self._hex_field(key, "vm_end", base, 8, end, "vma.vm_end"))
        title = f"[{start:x},{end:x})" if end is not None else f"[{start:x}, …)"
        region = self._region(
            key, "vma", title, "struct vm_area_struct", base, boxes, "region.vma", vma=start
        )
        return region, boxes

    def mt_region(self, state: MapleState) -> tuple[Region, list[MemoryBox], dict[str, str]]:
        base = MM612_ADDR + OFF_MM_MT
        root = state.root
        rec = None if root is None else self.record(state, root)
        value = None
        targets: dict[str, str] = {}
        if root is not None and rec is not None:
            value = enode(root, str(rec["type"])) | ROOT_NODE_BIT
            targets[f"{MT_REGION}.ma_root"] = f"node:{root}"
        box = self._box(
            f"{MT_REGION}.ma_root",
            MT_REGION,
            "ma_root",
            "void __rcu *",
            base + OFF_MT_ROOT,
            value,
            self.fmt(value),
            "maple_tree.ma_root",
            "root",
            OFF_MT_ROOT,
        )
        # MM_MT_FLAGS (mm_mt is an RCU, externally locked, allocation-range tree) and the
        # height in bits 2-6, as mas_set_height() keeps it.
        flags = MM_MT_FLAGS | (state.height << MT_FLAGS_HEIGHT_OFFSET)
        flags_box = self._box(
            f"{MT_REGION}.ma_flags",
            MT_REGION,
            "ma_flags",
            "unsigned int",
            base + OFF_MT_FLAGS,
            flags,
            _hex(flags),
            "maple_tree.ma_flags",
            "field",
            OFF_MT_FLAGS,
        )
        region = self._region(
            MT_REGION,
            "mm",
            "mm->mm_mt",
            "struct maple_tree",
            base,
            (flags_box, box),
            "region.mm_mt",
        )
        return region, [flags_box, box], targets

    # -- one step --------------------------------------------------------------------------
    def model(
        self, i: int, mas_at: int, wr_at: int, wr_live: bool, mas_live: bool
    ) -> MaplePointerModel:
        step = self.steps[i]
        state = self.states[i] if self.states else self.before
        mas = self.steps[mas_at].vars.get("ma_state") if mas_at >= 0 else None
        wr = self.steps[wr_at].vars.get("ma_wr_state") if wr_at >= 0 else None
        regions: list[Region] = []
        boxes: list[MemoryBox] = []
        targets: dict[str, str] = {}
        if wr is not None:
            wboxes, wt = self.wr_boxes(wr, state)
            regions.append(
                self._region(
                    WR_REGION,
                    "frame",
                    _frame_title(self.wr_owner.get(int(wr.get("id") or 0), "")),
                    "struct ma_wr_state",
                    WR_ADDR,
                    wboxes,
                    "region.ma_wr_state",
                    column=0,
                    gone=not wr_live,
                )
            )
            boxes += wboxes
            targets |= wt
        if mas is not None:
            mboxes, mt = self.mas_boxes(mas, state)
            regions.append(
                self._region(
                    MAS_REGION,
                    "frame",
                    "struct ma_state mas",
                    "struct ma_state",
                    MAS_ADDR,
                    mboxes,
                    "region.ma_state",
                    column=1,
                    gone=not mas_live,
                )
            )
            boxes += mboxes
            targets |= mt
        # mas_wr_spanning_store()'s left and right states, at the step that records them.
        span: dict[str, Mapping[str, Any]] = {
            v: step.vars[v] for v in _SPAN_ORDER if v in step.vars
        }
        for var, rec in span.items():
            wr_like = var.endswith("wr_mas")
            region_key = f"frame:{var}"
            if wr_like:
                sboxes, st = self.wr_boxes(rec, state, var, region_key, SPAN_ADDRS[var])
            else:
                sboxes, st = self.mas_boxes(rec, state, var, region_key, SPAN_ADDRS[var])
            ctype = "struct ma_wr_state" if wr_like else "struct ma_state"
            regions.append(
                self._region(
                    region_key,
                    "frame",
                    f"mas_wr_spanning_store(): {ctype} {var}",
                    ctype,
                    SPAN_ADDRS[var],
                    sboxes,
                    f"region.{var}",
                    column=0 if wr_like else 1,
                )
            )
            boxes += sboxes
            targets |= st
        mt_reg, mt_boxes, mt_t = self.mt_region(state)
        regions.append(mt_reg)
        boxes += mt_boxes
        targets |= mt_t
        # The nodes the states point at: mas->node (with its offset), wr_mas->node, and
        # the child an internal slot's content names.
        mas_node = None if mas is None or mas.get("node") is None else int(mas["node"])
        wr_node = None if wr is None or wr.get("node") is None else int(wr["node"])
        node_cells: dict[int, set[int]] = {}
        if mas_node is not None:
            node_cells.setdefault(mas_node, set()).add(int(mas.get("offset") or 0) if mas else 0)
        if wr_node is not None and wr is not None:
            cells = node_cells.setdefault(wr_node, set())
            end = int(wr.get("offset_end") or 0)
            cells.add(end)
        child = None if wr is None else wr.get("content_node")
        if child is not None:
            node_cells.setdefault(int(child), set())
        for var, rec in span.items():
            if rec.get("node") is not None:
                cell = "offset_end" if var.endswith("wr_mas") else "offset"
                node_cells.setdefault(int(rec["node"]), set()).add(int(rec.get(cell) or 0))
        vmas: list[int] = []
        for nid, cells in node_cells.items():
            region, nboxes, nt = self.node_region(nid, state, sorted(cells))
            if region is None:
                continue
            regions.append(region)
            boxes += nboxes
            targets |= nt
        for dst in list(targets.values()):
            if dst.startswith("vma:"):
                start = int(dst[4:])
                if start not in vmas:
                    vmas.append(start)
        # vm_end from the leaf of the state that names the VMA: the spanning store's leaf
        # states first (the main ma_state there is the range being erased, not a VMA).
        holders = [m for m in (span.get("l_mas"), span.get("r_mas"), mas) if m is not None]
        for start in vmas:
            holder: Mapping[str, Any] = mas or {}
            for cand in holders:
                if self.vma_end(state, start, cand) is not None:
                    holder = cand
                    break
            vreg, vboxes = self.vma_region(start, state, holder)
            regions.append(vreg)
            boxes += vboxes
        have = {r.key for r in regions} | {b.key for b in boxes}
        region_of = {r.key: r for r in regions}
        box_region = {b.key: b.region for b in boxes}
        arrows: list[PointerArrow] = []
        for src, dst in targets.items():
            if dst not in have or src not in box_region:
                continue
            owner = region_of[box_region[src]]
            kind = "pointer" if owner.kind == "frame" else "tree"
            if src == "ma_state.tree":
                kind = "context"
            arrows.append(PointerArrow(src=src, dst=dst, kind=kind, gone=owner.gone))
        return MaplePointerModel(
            regions=tuple(regions),
            boxes=tuple(boxes),
            arrows=tuple(arrows),
            text=dict(step.text),
            style=self.style,
            kind=step.kind,
            func=step.func,
            line=step.line,
            as_of=mas_at,
            as_of_wr=wr_at,
            step=i,
            mas_node=mas_node,
            wr_node=wr_node,
            ma_state=mas,
            ma_wr_state=wr,
            spanning=span,
        )

    def each(self) -> Iterator[MaplePointerModel]:
        mas_at = wr_at = -1
        mas_live = wr_live = False
        previous: PointerModel | None = None
        for i, step in enumerate(self.steps):
            if "ma_state" in step.vars:
                mas_at, mas_live = i, True
            if "ma_wr_state" in step.vars:
                # A new ma_wr_state (another function declares its own): the old one is
                # no baseline for "changed".
                if wr_at >= 0 and step.vars["ma_wr_state"].get("id") != self.steps[wr_at].vars[
                    "ma_wr_state"
                ].get("id"):
                    previous = _without(previous, WR_REGION)
                wr_at, wr_live = i, True
            elif wr_at >= 0 and not _in_maple(step.func):
                # Back at the mm level: the function that held wr_mas has returned.
                wr_live = False
            if step.kind == "return" and step.func in _VMI_GONE_AT_RETURN:
                mas_live = False
            model = self.model(i, mas_at, wr_at, wr_live, mas_live)
            marked = mark_writes(model, previous)
            assert isinstance(marked, MaplePointerModel)
            yield marked
            previous = marked


#: Returns after which the vma_iterator holding the ma_state is gone: vma_link()'s own
#: VMA_ITERATOR (insert_vm_struct() returns after it), __mmap_region()'s. do_vmi_munmap()
#: takes its caller's iterator, which outlives it: that frame stays live.
_VMI_GONE_AT_RETURN = frozenset({"insert_vm_struct", "__mmap_region"})


def _frame_title(owner: str) -> str:
    """``mas_preallocate(): struct ma_wr_state wr_mas`` (the owner when known)."""
    return f"{owner}(): struct ma_wr_state wr_mas" if owner else "struct ma_wr_state wr_mas"


def _in_maple(func: str) -> bool:
    """Is ``func`` a function of lib/maple_tree.c (its names start so)?"""
    return func.startswith(("mas_", "mast_", "mte_", "mab_"))


def _without(model: PointerModel | None, region: str) -> PointerModel | None:
    if model is None:
        return None
    return replace(model, boxes=tuple(b for b in model.boxes if b.region != region))


# -- public entry points --------------------------------------------------------------------
def build_models612(
    steps: Sequence[Step612],
    states: Sequence[MapleState],
    before: MapleState,
    style: AddressStyle = "kernel",
    vma_index: Mapping[int, int] | None = None,
) -> list[MaplePointerModel]:
    """The pointer model of every step of one 6.12 op (``states[i]``: the tree after step
    ``i``, as ``OpFrames612.states``; ``vma_index``: vm_start → slab index). O(steps ×
    boxes)."""
    return list(_Builder612(steps, states, before, style, vma_index).each())


def lazy_models612(
    steps: Sequence[Step612],
    states: Sequence[MapleState],
    before: MapleState,
    style: AddressStyle = "kernel",
    vma_index: Mapping[int, int] | None = None,
) -> Iterator[MaplePointerModel]:
    """``build_models612`` one step at a time (each model needs the one before it)."""
    return _Builder612(steps, states, before, style, vma_index).each()


__all__ = [
    "MA_STATE_FIELDS",
    "MA_WR_STATE_FIELDS",
    "MaplePointerModel",
    "build_models612",
    "enode",
    "label612",
    "lazy_models612",
    "meaning612",
    "node_addr",
    "vma612_addr",
]
