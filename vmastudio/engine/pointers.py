"""The pointer model: memory as boxes at simulated addresses, for one step of a trace.

This is what the pointer view draws (DESIGN.md §6, issue 5): the stack frames of
``insert_vm_struct()`` and ``find_vma_links()`` with their locals and parameters, the
``mm_struct``'s root slot ``mm->mm_rb.rb_node``, and the ``vm_rb`` fields
(``__rb_parent_color``, ``rb_right``, ``rb_left``) of the VMAs the op looks at, each box
with its own address and its value, and an arrow for every pointer value.

Nothing here decides kernel behaviour. Frame values are the trace's ``vars`` (parsed back
into integers); heap values come from the step snapshot (``snapshot.py``) placed at the
addresses of ``memory.py``. Arrows are found by address *and* type: a ``struct rb_node
**`` points at a box holding a ``struct rb_node *``, a ``struct rb_node *`` at a whole
``struct rb_node``; so the chain ``rb_link`` (``***``) → the caller's ``rb_link``
(``**``) → the slot (``*``) → the node follows from the values alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import resources
from .memory import (
    MM_ADDR,
    OFF_MM_MMAP,
    OFF_MM_RB,
    OFF_RB_LEFT,
    OFF_RB_PARENT_COLOR,
    OFF_RB_RIGHT,
    OFF_VM_RB,
    AddressStyle,
    fmt_addr,
    rb_addr,
    stack_addr,
    vma_addr,
)
from .snapshot import LazySequence, NodeState, Snapshot, snapshot_of, step_snapshots
from .trace import VAR_TYPES, TraceStep, TypedVar
from .vma import VmArea

if TYPE_CHECKING:
    from .timeline import Timeline

LANGS = ("en", "zh_CN")

#: Arrow kinds, from the most to the least important (the view draws them accordingly).
ARROW_KINDS = ("chain", "pointer", "tree", "context")

#: Roles that bring a VMA into the picture (the VMAs the op looks at).
_VMA_ROLES = (
    "conflict",
    "current",
    "new",
    "parent",
    "prev",
    "next",
    "grandparent",
    "uncle",
    "sibling",
)

#: Pointer types whose pointee is a *whole* structure (drawn as a region), not a field.
_STRUCT_TYPES = ("struct rb_node", "struct vm_area_struct", "struct mm_struct", "struct node")


# -- the plain data the view draws ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MemoryBox:
    """One variable or field: a box at ``addr`` holding ``value``.

    ``value`` is ``None`` for NULL and for an uninitialised local (``initialized`` tells
    which); ``text`` is the value as shown in the model's address style.
    """

    key: str
    region: str
    label: str
    ctype: str
    addr: int
    value: int | None
    text: str
    meaning: str
    kind: str  # "param" | "local" | "field" | "root" | "data"
    offset: int | None = None
    initialized: bool = True
    written: bool = False
    roles: tuple[str, ...] = ()
    vma: int | None = None
    #: A second, short tag drawn in the box (``R``/``B`` for ``__rb_parent_color``).
    note: str = ""

    addr_text: str = ""

    @property
    def is_pointer(self) -> bool:
        return self.ctype.endswith("*")


@dataclass(frozen=True, slots=True)
class Region:
    """A frame (``kind`` "frame") or a structure in memory ("vma", "rb_node", "mm", "node").

    ``column`` places it: frames get one column each, innermost first; the heap is the
    last column. A ``vm_rb`` region sits inside its VMA (``parent``).
    """

    key: str
    kind: str
    title: str
    ctype: str
    addr: int
    addr_text: str
    column: int
    boxes: tuple[str, ...]
    parent: str | None = None
    gone: bool = False
    roles: tuple[str, ...] = ()
    vma: int | None = None
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class PointerArrow:
    """An arrow from the box holding a pointer to the box or region it points at."""

    src: str
    dst: str
    kind: str
    label: str = ""
    #: The step writes through this pointer (``*rb_link = __rb_link``, ``*rb_link = node``).
    write: bool = False
    gone: bool = False

    @property
    def key(self) -> str:
        return f"{self.src}->{self.dst}"


@dataclass(frozen=True, slots=True)
class PointerModel:
    """Everything the pointer view shows at one step."""

    regions: tuple[Region, ...]
    boxes: tuple[MemoryBox, ...]
    arrows: tuple[PointerArrow, ...]
    text: Mapping[str, str] = field(default_factory=dict)
    style: AddressStyle = "kernel"
    kind: str = ""
    func: str = ""
    line: str = ""
    #: "-ENOMEM" at the overlap step, else "".
    result: str = ""
    #: The VMA (by ``vm_start``) each role names at this step.
    roles: Mapping[str, int] = field(default_factory=dict)

    # -- look-ups (O(n); the model holds a few dozen boxes) ----------------------------
    def box(self, key: str) -> MemoryBox:
        for b in self.boxes:
            if b.key == key:
                return b
        raise KeyError(key)

    def region(self, key: str) -> Region:
        for r in self.regions:
            if r.key == key:
                return r
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(b.key == key for b in self.boxes) or any(r.key == key for r in self.regions)

    def arrow_from(self, key: str) -> PointerArrow | None:
        for a in self.arrows:
            if a.src == key:
                return a
        return None

    def chain(self, key: str) -> list[str]:
        """The keys reached by following arrows from box ``key`` (itself first)."""
        out = [key]
        seen = {key}
        arrow = self.arrow_from(key)
        while arrow is not None and arrow.dst not in seen:
            out.append(arrow.dst)
            seen.add(arrow.dst)
            arrow = self.arrow_from(arrow.dst)
        return out

    def boxes_of_vma(self, start: int) -> list[MemoryBox]:
        return [b for b in self.boxes if b.vma == start]

    def frames(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "frame"]


# -- texts --------------------------------------------------------------------------------
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = resources.read_json("texts", "pointers.json")
    return data


def meaning(key: str, lang: str = "en") -> str:
    """The one-line meaning of a box or region (``resources/texts/pointers.json``)."""
    entry = _texts()["meanings"].get(key)
    if entry is None:
        return ""
    return entry.get(lang) or entry["en"]


def label(key: str, lang: str = "en") -> str:
    """A short label of the pointer view (``returned``, ``uninitialised`` …)."""
    entry = _texts()["labels"].get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


# -- addresses ----------------------------------------------------------------------------
def _node_vma_addr(node: NodeState) -> int:
    # memory.py's functions take a VmArea; only its uid matters for the address.
    return vma_addr(VmArea(node.start, node.end, uid=node.uid))


def _node_rb_addr(node: NodeState) -> int:
    return rb_addr(VmArea(node.start, node.end, uid=node.uid))


def _range(node: NodeState) -> str:
    return f"[{node.start:x},{node.end:x})"


# -- building ------------------------------------------------------------------------------
def _frame_order(steps: Sequence[TraceStep]) -> list[str]:
    """Functions with variables in this op, outermost first (as the call stack has them)."""
    order: list[str] = []
    for step in steps:
        for func in step.stack:
            if func in VAR_TYPES and func not in order and any(func in s.locals for s in steps):
                order.append(func)
    return order


def _op_vmas(steps: Sequence[TraceStep], before: Snapshot) -> list[int]:
    """The VMAs this op looks at, by id: every role of every step."""
    seen: set[int] = set()
    for step in steps:
        for role in _VMA_ROLES:
            value = step.roles.get(role)
            if isinstance(value, int):
                seen.add(value)
        slot = step.roles.get("link_slot")
        if isinstance(slot, dict) and slot["node"] is not None:
            seen.add(slot["node"])
    if before.root is not None:
        seen.add(before.root)
    return sorted(seen)


class _Builder:
    """Builds the models of every step of one op (positions stay stable across the op)."""

    def __init__(
        self,
        steps: Sequence[TraceStep],
        snapshots: Sequence[Snapshot],
        before: Snapshot,
        style: AddressStyle,
    ) -> None:
        self.steps = steps
        self.snaps = snapshots
        self.before = before
        self.style: AddressStyle = style
        self.funcs = _frame_order(steps)
        # Innermost frame first: column 0 is the callee, the heap comes last.
        self.frame_col = {f: i for i, f in enumerate(reversed(self.funcs))}
        self.heap_col = len(self.funcs)
        self.vmas = _op_vmas(steps, before)

    def fmt(self, value: int | None) -> str:
        return fmt_addr(value, self.style)

    def node(self, snap: Snapshot, key: int) -> NodeState | None:
        return snap.nodes.get(key) or self.before.nodes.get(key)

    # -- frames --------------------------------------------------------------------------
    def frame_boxes(
        self, func: str, values: Mapping[str, TypedVar], gone: bool
    ) -> tuple[Region, list[MemoryBox]]:
        names = sorted(VAR_TYPES[func], key=lambda n: stack_addr(func, n))
        boxes: list[MemoryBox] = []
        params = _PARAMS.get(func, ())
        for name in names:
            ctype = VAR_TYPES[func][name]
            entry = values.get(name)
            addr = stack_addr(func, name)
            if entry is None:
                value, text, init = None, "?", False
            else:
                value, text, init = entry.value, entry.text(self.style), True
            boxes.append(
                MemoryBox(
                    key=f"{func}.{name}",
                    region=f"frame:{func}",
                    label=name,
                    ctype=ctype,
                    addr=addr,
                    value=value,
                    text=text,
                    addr_text=self.fmt(addr),
                    meaning=f"{func}.{name}",
                    kind="param" if name in params else "local",
                    initialized=init,
                )
            )
        top = min(b.addr for b in boxes)
        region = Region(
            key=f"frame:{func}",
            kind="frame",
            title=f"{func}()",
            ctype="",
            addr=top,
            addr_text=self.fmt(top),
            column=self.frame_col[func],
            boxes=tuple(b.key for b in boxes),
            gone=gone,
            meaning=f"frame.{func}",
        )
        return region, boxes

    # -- heap ----------------------------------------------------------------------------
    def heap(
        self, snap: Snapshot, roles: Mapping[str, int], slot_role: tuple[int | None, str] | None
    ) -> tuple[list[Region], list[MemoryBox]]:
        col = self.heap_col
        regions: list[Region] = []
        boxes: list[MemoryBox] = []
        root_node = None if snap.root is None else self.node(snap, snap.root)
        head_node = None if snap.mmap is None else self.node(snap, snap.mmap)
        mm_boxes = [
            MemoryBox(
                key="mm.mmap",
                region="mm",
                label="mmap",
                ctype="struct vm_area_struct *",
                addr=MM_ADDR + OFF_MM_MMAP,
                addr_text=self.fmt(MM_ADDR + OFF_MM_MMAP),
                value=None if head_node is None else _node_vma_addr(head_node),
                text=self.fmt(None if head_node is None else _node_vma_addr(head_node)),
                meaning="mm.mmap",
                kind="field",
                offset=OFF_MM_MMAP,
                vma=None,
            ),
            MemoryBox(
                key="mm.mm_rb.rb_node",
                region="mm",
                label="mm_rb.rb_node",
                ctype="struct rb_node *",
                addr=MM_ADDR + OFF_MM_RB,
                addr_text=self.fmt(MM_ADDR + OFF_MM_RB),
                value=None if root_node is None else _node_rb_addr(root_node),
                text=self.fmt(None if root_node is None else _node_rb_addr(root_node)),
                meaning="mm.mm_rb.rb_node",
                kind="root",
                offset=OFF_MM_RB,
                roles=("link_slot",) if slot_role is not None and slot_role[1] == "root" else (),
            ),
        ]
        regions.append(
            Region(
                key="mm",
                kind="mm",
                title="mm_struct",
                ctype="struct mm_struct",
                addr=MM_ADDR,
                addr_text=self.fmt(MM_ADDR),
                column=col,
                boxes=tuple(b.key for b in mm_boxes),
                meaning="region.mm",
            )
        )
        boxes.extend(mm_boxes)
        role_of: dict[int, list[str]] = {}
        for role, start in roles.items():
            role_of.setdefault(start, []).append(role)
        for start in self.vmas:
            node = self.node(snap, start)
            if node is None:
                continue
            base = _node_vma_addr(node)
            rb = base + OFF_VM_RB
            linked = node.linked
            parent = None if node.parent is None else self.node(snap, node.parent)
            left = None if node.left is None else self.node(snap, node.left)
            right = None if node.right is None else self.node(snap, node.right)
            # A VMA not yet in any list or tree was zero-filled by its allocator.
            black = linked and node.color == "B"
            pc_ptr = None if parent is None else _node_rb_addr(parent)
            pc_value = (pc_ptr or 0) | (1 if black else 0)
            pc_text = self.fmt(pc_ptr) + ("|1" if black else "")
            vma_roles = tuple(role_of.get(start, ()))
            fields = []
            for name, off, value, text, note in (
                (
                    "__rb_parent_color",
                    OFF_RB_PARENT_COLOR,
                    pc_value,
                    pc_text,
                    ("B" if black else "R") if linked else "",
                ),
                (
                    "rb_right",
                    OFF_RB_RIGHT,
                    None if right is None else _node_rb_addr(right),
                    self.fmt(None if right is None else _node_rb_addr(right)),
                    "",
                ),
                (
                    "rb_left",
                    OFF_RB_LEFT,
                    None if left is None else _node_rb_addr(left),
                    self.fmt(None if left is None else _node_rb_addr(left)),
                    "",
                ),
            ):
                side = {"rb_right": "right", "rb_left": "left"}.get(name)
                is_slot = slot_role is not None and slot_role == (start, side)
                fields.append(
                    MemoryBox(
                        key=f"vma:{start}.{name}",
                        region=f"vma:{start}/vm_rb",
                        label=name,
                        ctype="unsigned long" if off == OFF_RB_PARENT_COLOR else "struct rb_node *",
                        addr=rb + off,
                        value=value or None,
                        text=text,
                        addr_text=self.fmt(rb + off),
                        meaning=f"field.{name}",
                        kind="field",
                        offset=OFF_VM_RB + off,
                        roles=("link_slot",) if is_slot else (),
                        vma=start,
                        note=note,
                    )
                )
            regions.append(
                Region(
                    key=f"vma:{start}",
                    kind="vma",
                    title=_range(node),
                    ctype="struct vm_area_struct",
                    addr=base,
                    addr_text=self.fmt(base),
                    column=col,
                    boxes=(),
                    roles=vma_roles,
                    vma=start,
                    meaning="region.vma",
                )
            )
            regions.append(
                Region(
                    key=f"vma:{start}/vm_rb",
                    kind="rb_node",
                    title="vm_rb",
                    ctype="struct rb_node",
                    addr=rb,
                    addr_text=self.fmt(rb),
                    column=col,
                    boxes=tuple(b.key for b in fields),
                    parent=f"vma:{start}",
                    roles=vma_roles,
                    vma=start,
                    meaning="region.vm_rb",
                )
            )
            boxes.extend(fields)
        return regions, boxes

    # -- one step --------------------------------------------------------------------------
    def model(
        self, index: int, last_vars: dict[str, Mapping[str, TypedVar]]
    ) -> PointerModel:
        step = self.steps[index]
        snap = self.snaps[index]
        roles = {r: v for r, v in step.roles.items() if isinstance(v, int) and r in _VMA_ROLES}
        slot = step.roles.get("link_slot")
        slot_role: tuple[int | None, str] | None = None
        if isinstance(slot, dict):
            side = str(slot.get("side"))
            slot_role = (None if side == "root" else slot.get("node"), side)
        if slot_role is None and step.kind not in ("overlap",):
            # After find_vma_links() returned, the caller's rb_link keeps naming the slot.
            slot_role = self._last_slot(index)
        regions: list[Region] = []
        boxes: list[MemoryBox] = []
        for func in self.funcs:
            live = func in step.locals
            values = step.locals.get(func) or last_vars.get(func)
            if values is None:
                continue
            region, fboxes = self.frame_boxes(func, values, gone=not live)
            regions.append(region)
            boxes.extend(fboxes)
        hregions, hboxes = self.heap(snap, roles, slot_role)
        regions.extend(hregions)
        boxes.extend(hboxes)
        return PointerModel(
            regions=tuple(regions),
            boxes=tuple(boxes),
            arrows=(),
            text=dict(step.text),
            style=self.style,
            kind=step.kind,
            func=step.func,
            line=step.line,
            result="-ENOMEM" if step.kind == "overlap" else "",
            roles=roles,
        )

    def _last_slot(self, index: int) -> tuple[int | None, str] | None:
        for step in reversed(self.steps[: index + 1]):
            slot = step.roles.get("link_slot")
            if isinstance(slot, dict):
                side = str(slot.get("side"))
                return (None if side == "root" else slot.get("node"), side)
            if step.kind == "overlap":
                return None
        return None

    def build(self) -> list[PointerModel]:
        return list(self.each())

    def each(self) -> Iterator[PointerModel]:
        """The models step by step (each one needs the one before it)."""
        last_vars: dict[str, Mapping[str, TypedVar]] = {}
        previous: PointerModel | None = None
        for i, step in enumerate(self.steps):
            model = self.model(i, last_vars)
            model = link_arrows(model)
            model = mark_writes(model, previous)
            yield model
            previous = model
            for func, values in step.locals.items():
                last_vars[func] = values


#: Which names of each frame are parameters (the rest are locals).
_PARAMS: dict[str, tuple[str, ...]] = {
    "insert_vm_struct": ("mm", "vma"),
    "find_vma_links": ("mm", "addr", "end", "pprev", "rb_link", "rb_parent"),
}


# -- arrows -------------------------------------------------------------------------------
def _pointee(ctype: str) -> str:
    return ctype[:-1].rstrip() if ctype.endswith("*") else ""


def link_arrows(model: PointerModel) -> PointerModel:
    """Add an arrow for every pointer value that lands on a box or region of the model.

    Resolution is by address and type: the pointee type of the pointer must be the type
    of the box (``struct rb_node **`` → a ``struct rb_node *`` box) or of the region
    (``struct rb_node *`` → a ``struct rb_node``). ``__rb_parent_color`` points at its
    parent's ``vm_rb`` once the colour bit is masked. Then the chains of the pointers to
    pointers are labelled (``*rb_link``, ``**rb_link`` …), innermost live frame first.
    """
    by_box: dict[tuple[int, str], str] = {}
    for b in model.boxes:
        by_box[(b.addr, b.ctype)] = b.key
    by_region: dict[tuple[int, str], str] = {}
    for r in model.regions:
        if r.ctype:
            by_region[(r.addr, r.ctype)] = r.key

    def find(table: Mapping[tuple[int, str], str], value: int, ctype: str) -> str | None:
        return table.get((value, ctype))

    region_of = {r.key: r for r in model.regions}
    arrows: dict[str, PointerArrow] = {}
    for b in model.boxes:
        if b.value is None:
            continue
        pointee = _pointee(b.ctype)
        target: str | None = None
        value = b.value
        if b.label == "__rb_parent_color":
            pointee, value = "struct rb_node", value & ~3
            if value == 0:
                continue
        if pointee in _STRUCT_TYPES:
            target = find(by_region, value, pointee)
        elif pointee:
            target = find(by_box, value, pointee)
        if target is None:
            continue
        owner = region_of[b.region]
        if b.label == "__rb_parent_color":
            # Parent pointers would double every tree edge: shown only when written.
            kind = "context"
        elif b.kind == "field" or b.kind == "root":
            kind = "tree" if pointee in ("struct rb_node", "struct node") else "context"
        elif pointee in ("struct mm_struct",) or b.label in ("vma", "vma_tmp"):
            kind = "context"
        else:
            kind = "pointer"
        arrows[b.key] = PointerArrow(src=b.key, dst=target, kind=kind, gone=owner.gone)
    # Label the chains: each pointer to a pointer names what it reaches (*p, **p, ...).
    # A returned frame's pointers are dead: only live frames name the chain.
    frames = sorted(
        (r for r in model.regions if r.kind == "frame" and not r.gone), key=lambda r: r.column
    )
    for frame in frames:
        starts = sorted(
            (model.box(k) for k in frame.boxes),
            key=lambda b: -b.ctype.count("*"),
        )
        for start in starts:
            depth = start.ctype.count("*")
            if depth < 2 or start.value is None:
                continue
            key = start.key
            for level in range(1, depth + 1):
                arrow = arrows.get(key)
                if arrow is None:
                    break
                if not arrow.label:
                    arrows[key] = replace(
                        arrow,
                        label="*" * level + start.label,
                        kind="chain",
                    )
                key = arrow.dst
    return replace(model, arrows=tuple(arrows.values()))


def mark_writes(
    model: PointerModel, previous: PointerModel | None, through: Iterable[str] | None = None
) -> PointerModel:
    """Mark the boxes whose value this step changed, and the arrows written through.

    A box is written when its value differs from the previous step's (the first step of an
    op is the baseline). An arrow is a write-through when it leads from a live frame to a
    written box of another region (``*rb_link = __rb_link``, ``*rb_link = node``); when
    several do, ``through`` names the pointer the code wrote through.
    """
    if previous is None:
        return model
    before = {b.key: b for b in previous.boxes}
    gone = {r.key for r in model.regions if r.gone}
    boxes: list[MemoryBox] = []
    written: set[str] = set()
    via = None if through is None else set(through)
    for b in model.boxes:
        old = before.get(b.key)
        changed = (
            b.region not in gone
            and b.initialized
            and (
                (old is None and b.kind in ("param", "local"))
                or (old is not None and (old.text != b.text or old.initialized != b.initialized))
            )
        )
        if changed:
            written.add(b.key)
            b = replace(b, written=True)
        boxes.append(b)
    box_region = {b.key: b.region for b in model.boxes}
    arrows = []
    for a in model.arrows:
        dst_region = box_region.get(a.dst)
        if (
            a.dst in written
            and not a.gone
            and dst_region is not None
            and dst_region != box_region[a.src]
            and box_region[a.src].startswith("frame:")
            and (via is None or a.src in via)
        ):
            a = replace(a, write=True)
        if a.src in written and a.kind == "context" and a.src.endswith("__rb_parent_color"):
            a = replace(a, kind="tree")
        arrows.append(a)
    return replace(model, boxes=tuple(boxes), arrows=tuple(arrows))


def box_text(box: MemoryBox, style: AddressStyle = "kernel") -> str:
    """The value of ``box`` as shown in ``style`` ("?" when uninitialised).

    >>> box_text(MemoryBox("k", "r", "rb_left", "struct rb_node *", 0, None, "", "", "field"))
    'NULL'
    """
    if not box.initialized:
        return "?"
    if box.label == "__rb_parent_color":
        value = box.value or 0
        return fmt_addr(value & ~3, style) + ("|1" if value & 1 else "")
    if box.ctype == "unsigned long":
        return f"0x{box.value or 0:x}"
    if not box.ctype.endswith("*"):
        return str(box.value if box.value is not None else 0)
    return fmt_addr(box.value, style)


# -- public entry points --------------------------------------------------------------------
def build_models(
    steps: Sequence[TraceStep],
    before: Snapshot,
    style: AddressStyle = "kernel",
    snapshots: Sequence[Snapshot] | None = None,
) -> list[PointerModel]:
    """The pointer model of every step of one op.

    ``steps`` come from ``Timeline.trace(k)`` (typed values: exact in any style);
    ``before`` is the snapshot before the op; ``style`` the address style the boxes
    show. O(steps × boxes).
    """
    snaps = list(snapshots) if snapshots is not None else step_snapshots(before, steps)
    return _Builder(steps, snaps, before, style).build()


def lazy_models(
    steps: Sequence[TraceStep],
    before: Snapshot,
    style: AddressStyle = "kernel",
    snapshots: Sequence[Snapshot] | None = None,
) -> LazySequence[PointerModel]:
    """``build_models``, built step by step on demand (what the window shows)."""
    snaps = snapshots if snapshots is not None else step_snapshots(before, steps)
    builder = _Builder(steps, snaps, before, style)
    # Showing the first step of a new op costs one model, not one per step.
    return LazySequence(builder.each(), len(steps))


def op_models(timeline: Timeline, k: int, style: AddressStyle = "kernel") -> list[PointerModel]:
    """The pointer models of op ``k`` (1-based) of ``timeline``: a convenience wrapper."""
    _, steps = timeline.trace(k)
    return build_models(steps, snapshot_of(timeline.state(k - 1)), style)


def find_step(steps: Iterable[TraceStep | PointerModel], kind: str, after: str = "") -> int:
    """Index of the first step of ``kind`` (after the first ``after`` step, if given)."""
    seen_after = not after
    for i, s in enumerate(steps):
        if not seen_after:
            seen_after = s.kind == after
            continue
        if s.kind == kind:
            return i
    raise ValueError(f"no {kind!r} step")
