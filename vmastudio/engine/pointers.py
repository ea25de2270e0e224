"""Pointer models built from a trace: memory as boxes at simulated addresses, per step.

This is what the pointer view draws (DESIGN.md §6, issue 5): the stack frames of
``insert_vm_struct()`` and ``find_vma_links()`` with their locals and parameters, the
``mm_struct``'s root slot ``mm->mm_rb.rb_node``, and the ``vm_rb`` fields
(``__rb_parent_color``, ``rb_right``, ``rb_left``) of the VMAs the op looks at, each box
with its own address and its value, and an arrow for every pointer value.

Nothing here decides kernel behaviour. Frame values are the trace's typed locals; heap
values come from the step snapshot (``snapshot.py``) placed at the addresses of
``memory.py``. The model's data and its arrows are in ``pointer_model.py`` (re-exported
here).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

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

from .pointer_model import (
    _VMA_ROLES,  # the roles whose VMAs the heap shows
    ARROW_KINDS,
    LANGS,
    MemoryBox,
    PointerArrow,
    PointerModel,
    Region,
    box_text,
    label,
    link_arrows,
    mark_writes,
    meaning,
)


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
    def model(self, index: int, last_vars: dict[str, Mapping[str, TypedVar]]) -> PointerModel:
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


__all__ = [
    "ARROW_KINDS",
    "LANGS",
    "MemoryBox",
    "PointerArrow",
    "PointerModel",
    "Region",
    "box_text",
    "build_models",
    "find_step",
    "label",
    "lazy_models",
    "link_arrows",
    "mark_writes",
    "meaning",
    "op_models",
]
