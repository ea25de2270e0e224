"""The step trace: the contract between the engine and everything that draws it.

An operation run with a ``Tracer`` yields ``TraceStep``s. A step names what the kernel is
doing (``kind``, the function and our own line id into ``resources/pseudocode``), which
VMAs play which role, the locals of each frame with simulated addresses, one sentence in
English and Simplified Chinese, and the tree/list fields the step changed, so that a
viewer can redraw every intermediate state from the state before the op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypedDict, final

from .. import resources
from .memory import (
    MM_ADDR,
    AddressStyle,
    Side,
    fmt_addr,
    rb_addr,
    slot_addr,
    stack_addr,
    vma_addr,
)
from .vma import VmArea

if TYPE_CHECKING:
    from .mm import MmStruct

LANGS = ("en", "zh_CN")

Slot = tuple[VmArea | None, Side]
#: A role is a VMA, a link slot, or absent.
RoleValue = VmArea | Slot | None

#: C types of the locals and parameters shown in the variables panel.
VAR_TYPES: dict[str, dict[str, str]] = {
    "insert_vm_struct": {
        "mm": "struct mm_struct *",
        "vma": "struct vm_area_struct *",
        "prev": "struct vm_area_struct *",
        "rb_link": "struct rb_node **",
        "rb_parent": "struct rb_node *",
    },
    "find_vma_links": {
        "mm": "struct mm_struct *",
        "addr": "unsigned long",
        "end": "unsigned long",
        "pprev": "struct vm_area_struct **",
        "rb_link": "struct rb_node ***",
        "rb_parent": "struct rb_node **",
        "__rb_link": "struct rb_node **",
        "__rb_parent": "struct rb_node *",
        "rb_prev": "struct rb_node *",
        "vma_tmp": "struct vm_area_struct *",
    },
}


class SlotRole(TypedDict):
    """A link slot as a role: the node whose child pointer it is (its id), or the root."""

    node: int | None
    side: Side


#: A role in memory: a VMA's id, or a link slot.
Role = int | SlotRole


@dataclass(frozen=True, slots=True)
class TypedVar:
    """One local or parameter: its C type, its simulated stack address and its value
    (an integer; None for a NULL pointer). Rendered only at the edges (JSON, panels)."""

    ctype: str
    addr: int
    value: int | None

    @property
    def is_pointer(self) -> bool:
        return self.ctype.endswith("*")

    def text(self, style: AddressStyle = "kernel") -> str:
        """The value as the kernel would print it: ``0x…`` or ``NULL``."""
        if not self.is_pointer:
            return f"0x{self.value or 0:x}"
        return fmt_addr(self.value, style)


#: A frame's locals by name; frames by kernel function, innermost last.
Locals = dict[str, dict[str, TypedVar]]


@dataclass(frozen=True, slots=True)
class NodeChange:
    """The state of one VMA after a step that changed it; links name VMA ids.

    ``tree`` and ``list`` are engine facts: whether the node is reachable from
    ``mm->mm_rb`` and from ``mm->mmap`` right after the step (a VMA being inserted or
    erased is neither, for part of its op).
    """

    id: int
    start: int
    end: int
    parent: int | None
    left: int | None
    right: int | None
    color: str
    gap: int
    prev: int | None
    next: int | None
    tree: bool
    list: bool
    pgoff: int
    flags: int
    file: str | None
    name: str


@dataclass(frozen=True, slots=True)
class MmChange:
    """The ``mm_struct`` fields after a step that changed one; ``root``/``mmap`` are ids."""

    root: int | None
    mmap: int | None
    map_count: int
    highest_vm_end: int


Change = NodeChange | MmChange


@dataclass(frozen=True, slots=True)
class TrailMark:
    """One node the descent of ``find_vma_links()`` has compared, and where it went:
    ``"right"`` (``addr >= vm_end``), ``"left"`` (``addr < vm_end`` and no overlap)."""

    id: int
    went: Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class CaseLabel:
    """A rebalancing case: ``insert``/``erase``, its number, and whether mirrored."""

    kind: Literal["insert", "erase"]
    number: int
    mirror: bool

    @classmethod
    def parse(cls, text: str) -> CaseLabel | None:
        """``insert case 2 (mirror): …`` → CaseLabel("insert", 2, True); None otherwise."""
        head = text.split(":", 1)[0].split()
        if len(head) < 3 or head[0] not in ("insert", "erase") or head[1] != "case":
            return None
        if not head[2].isdigit():
            return None
        kind: Literal["insert", "erase"] = "insert" if head[0] == "insert" else "erase"
        return cls(kind, int(head[2]), "(mirror)" in head)


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a traced operation: typed values, rendered only by ``to_json`` and
    the views.

    ``roles`` name VMAs by their stable id (``VmArea.uid``), never by ``vm_start``: a
    trial VMA may start where a linked one starts. ``starts`` maps every id the step
    mentions to its ``vm_start`` (for readers of the JSON).
    """

    kind: str
    func: str
    line: str
    roles: dict[str, Role]
    locals: Locals
    text: dict[str, str]
    case: str = ""
    stack: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    starts: Mapping[int, int] = field(default_factory=dict, repr=False, compare=False)
    #: The descent so far (from the root), kept on every step until the slot is found.
    trail: tuple[TrailMark, ...] = ()

    @property
    def case_label(self) -> CaseLabel | None:
        return CaseLabel.parse(self.case)

    def role_id(self, name: str) -> int | None:
        """The id of the VMA in role ``name`` (not the link slot), or None."""
        value = self.roles.get(name)
        return value if isinstance(value, int) else None

    def role_start(self, name: str) -> int | None:
        """The ``vm_start`` of the VMA in role ``name`` (what the JSON prints), or None."""
        return self._start(self.role_id(name))

    def vars_text(self, style: AddressStyle = "kernel") -> dict[str, dict[str, dict[str, str]]]:
        """The locals as DESIGN §3 prints them: ``{"addr", "type", "value"}`` strings."""
        return {
            func: {
                name: {"addr": fmt_addr(v.addr, style), "type": v.ctype, "value": v.text(style)}
                for name, v in frame.items()
            }
            for func, frame in self.locals.items()
        }

    def _start(self, key: int | None) -> int | None:
        return None if key is None else self.starts.get(key, key)

    def to_json(self, style: AddressStyle = "kernel") -> dict[str, Any]:
        """The step as ``replay --json --trace`` prints it (DESIGN.md §3)."""
        roles: dict[str, Any] = {}
        for name, value in self.roles.items():
            if isinstance(value, int):
                roles[name] = self._start(value)
            else:
                roles[name] = {"node": self._start(value["node"]), "side": value["side"]}
        out: dict[str, Any] = {
            "kind": self.kind,
            "func": self.func,
            "line": self.line,
            "roles": roles,
            "vars": self.vars_text(style),
            "text": self.text,
        }
        if self.case:
            out["case"] = self.case
        out["stack"] = list(self.stack)
        out["changes"] = [self._change_json(c) for c in self.changes]
        if self.trail:
            out["trail"] = [{"node": self._start(m.id), "went": m.went} for m in self.trail]
        return out

    def _change_json(self, c: Change) -> dict[str, Any]:
        s = self._start
        if isinstance(c, MmChange):
            return {
                "mm": {
                    "root": s(c.root),
                    "mmap": s(c.mmap),
                    "map_count": c.map_count,
                    "highest_vm_end": c.highest_vm_end,
                }
            }
        return {
            "vma": c.start,
            "id": c.id,
            "end": c.end,
            "parent": s(c.parent),
            "left": s(c.left),
            "right": s(c.right),
            "color": c.color,
            "gap": c.gap,
            "prev": s(c.prev),
            "next": s(c.next),
            "in_tree": c.tree,
            "in_list": c.list,
        }


def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = resources.read_json("texts", "steps.json")
    return data


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def case_label(case: str, lang: str) -> str:
    """A rebalancing case label (``insert case 2: left rotate at parent``) in ``lang``."""
    if lang == "en" or not case:
        return case
    table: dict[str, str] = resources.read_json("texts", "cases.json")
    return table.get(case, case)


def render_text(kind: str, params: dict[str, str]) -> dict[str, str]:
    """The step sentence in every language, its placeholders filled from ``params``."""
    entry = _texts().get(kind)
    if entry is None:
        raise KeyError(f"no step text for kind {kind!r}")
    out = {}
    for lang in LANGS:
        values = _Defaults(params)
        if "case" in params:
            values["case"] = case_label(params["case"], lang)
        out[lang] = entry[lang].format_map(values)
    return out


def _uid(v: VmArea | None) -> int | None:
    return None if v is None else v.uid


# final: compiled (mypyc) callers then call its methods directly, not through a vtable.
@final
class Tracer:
    """Collects the steps of one operation while the engine runs it.

    The engine keeps the kernel's locals in ``frames`` (semantic values: VMAs, slots,
    integers) and calls ``step``; the tracer types them (C type, stack address, value),
    writes the sentence, and records every VMA whose state changed since the previous
    step, membership included.
    """

    def __init__(self, mm: MmStruct) -> None:
        self.mm = mm
        self.steps: list[TraceStep] = []
        self.stack: list[str] = []
        self.frames: dict[str, dict[str, Any]] = {}
        self.touched: list[VmArea] = []
        #: id → vm_start of every VMA the trace mentions (shared by all its steps).
        self.starts: dict[int, int] = {}
        #: The op's subject (inserted or erased) and its list neighbour before the op:
        #: only the subject joins or leaves the list, and this tells when it does.
        self._subject: VmArea | None = None
        self._subject_prev: VmArea | None = None
        self._known: dict[int, tuple[Any, ...]] = {}
        self._known_mm = self._mm_state()
        #: The descent's trail (``find_vma_links``), cleared when the slot is found.
        self.trail: list[TrailMark] = []

    # -- call stack -------------------------------------------------------------------
    def enter(self, func: str) -> None:
        self.stack.append(func)

    def leave(self, func: str) -> None:
        if self.stack and self.stack[-1] == func:
            self.stack.pop()
        self.frames.pop(func, None)

    def watch(self, vma: VmArea) -> None:
        """Report changes to ``vma``, the VMA being inserted, from now on."""
        self._subject = vma
        self._subject_prev = None
        self.touched.append(vma)
        # No known state: the next step reports it in full, so a viewer's snapshot holds
        # the node from the start even when linking it leaves its fields as they were.
        self._known[id(vma)] = ()

    def watch_erase(self, vma: VmArea) -> None:
        """The op unlinks ``vma``: remember its list predecessor before any write."""
        self._subject = vma
        self._subject_prev = vma.vm_prev
        self.note_touched(vma)

    # -- membership: engine facts, so no viewer infers them from pointers ---------------
    def _in_tree(self, v: VmArea) -> bool:
        """Whether a search from ``mm->mm_rb`` by address reaches ``v`` itself. O(height):
        every state a step shows keeps the tree ordered."""
        node = self.mm.mm_rb
        start = v.vm_start
        while node is not None:
            if node is v:
                return True
            node = node.rb_left if start < node.vm_start else node.rb_right
        return False

    def _in_list(self, v: VmArea) -> bool:
        if v is not self._subject:
            return True  # only an op's subject joins or leaves the list
        if self.mm.mmap is v:
            return True
        return any(p is not None and p.vm_next is v for p in (v.vm_prev, self._subject_prev))

    def _state(self, v: VmArea) -> tuple[Any, ...]:
        return (
            _uid(v.rb_parent),
            _uid(v.rb_left),
            _uid(v.rb_right),
            "R" if v.rb_red else "B",
            v.rb_subtree_gap,
            _uid(v.vm_prev),
            _uid(v.vm_next),
            self._in_tree(v),
            self._in_list(v),
            v.vm_pgoff,
        )

    # -- steps ------------------------------------------------------------------------
    def step(
        self,
        kind: str,
        line: str,
        roles: dict[str, RoleValue],
        params: dict[str, str] | None = None,
        case: str = "",
    ) -> None:
        params = dict(params or {})
        params.setdefault("case", case)
        out_roles: dict[str, Role] = {}
        for name, value in roles.items():
            if value is None:
                params.setdefault(name, "NULL")
                continue
            if isinstance(value, VmArea):
                self.starts[value.uid] = value.vm_start
                out_roles[name] = value.uid
                params.setdefault(name, value.label())
            else:
                node, side = value
                if node is not None:
                    self.starts[node.uid] = node.vm_start
                out_roles[name] = SlotRole(node=_uid(node), side=side)
                params.setdefault(name, self._slot_name(value))
        self.steps.append(
            TraceStep(
                kind=kind,
                func=self.stack[-1] if self.stack else "",
                line=line,
                roles=out_roles,
                locals=self._typed_locals(),
                text=render_text(kind, params),
                case=case,
                stack=tuple(self.stack),
                changes=self._changes(),
                params=params,
                starts=self.starts,
                trail=tuple(self.trail),
            )
        )

    @staticmethod
    def _slot_name(slot: Slot) -> str:
        node, side = slot
        if node is None or side == "root":
            return "mm->mm_rb.rb_node"
        return f"{node.label()}->rb_{side}"

    # -- changes since the previous step ---------------------------------------------
    def _mm_state(self) -> MmChange:
        mm = self.mm
        return MmChange(_uid(mm.root), _uid(mm.mmap), mm.map_count, mm.highest_vm_end)

    def _changes(self) -> tuple[Change, ...]:
        out: list[Change] = []
        seen: set[int] = set()
        for v in self.touched:
            key = id(v)
            if key in seen:
                continue
            seen.add(key)
            now = self._state(v)
            if self._known.get(key) != now:
                self._known[key] = now
                self.starts[v.uid] = v.vm_start
                for link in (v.rb_parent, v.rb_left, v.rb_right, v.vm_prev, v.vm_next):
                    if link is not None:
                        self.starts[link.uid] = link.vm_start
                parent, left, right, color, gap, prev, nxt, tree, listed, pgoff = now
                out.append(
                    NodeChange(
                        v.uid,
                        v.vm_start,
                        v.vm_end,
                        parent,
                        left,
                        right,
                        color,
                        gap,
                        prev,
                        nxt,
                        tree,
                        listed,
                        pgoff,
                        v.vm_flags,
                        v.vm_file,
                        v.name,
                    )
                )
        mm_now = self._mm_state()
        if mm_now != self._known_mm:
            for top in (self.mm.root, self.mm.mmap):
                if top is not None:
                    self.starts[top.uid] = top.vm_start
            out.append(mm_now)
            self._known_mm = mm_now
        return tuple(out)

    def note_touched(self, vma: VmArea) -> None:
        if id(vma) not in self._known:
            self._known[id(vma)] = self._state(vma)
        self.touched.append(vma)

    # -- variables with simulated addresses --------------------------------------------
    def _slot_content(self, slot: Slot) -> VmArea | None:
        node, side = slot
        if node is None or side == "root":
            return self.mm.root
        return node.rb_left if side == "left" else node.rb_right

    @staticmethod
    def _value(ctype: str, value: Any) -> int | None:
        if ctype == "unsigned long":
            return int(value)
        if value is None:
            return None
        if isinstance(value, tuple) and value[0] == "stack":
            return stack_addr(value[1], value[2])
        if isinstance(value, tuple) and value[0] == "mm":
            return MM_ADDR
        if isinstance(value, tuple):
            return slot_addr(value[0], value[1])
        assert isinstance(value, VmArea)
        if ctype.startswith("struct rb_node"):
            return rb_addr(value)
        return vma_addr(value)

    def _typed_locals(self) -> Locals:
        out: Locals = {}
        for func, frame in self.frames.items():
            typed: dict[str, TypedVar] = {}
            for name, value in frame.items():
                ctype = VAR_TYPES[func][name]
                typed[name] = TypedVar(ctype, stack_addr(func, name), self._value(ctype, value))
            # The value behind the pointer to pointer: the slot itself.
            link_name = "__rb_link" if func == "find_vma_links" else "rb_link"
            slot = frame.get(link_name)
            if isinstance(slot, tuple) and slot and slot[0] != "stack":
                content = self._slot_content(slot)
                typed["*" + link_name] = TypedVar(
                    "struct rb_node *",
                    slot_addr(slot[0], slot[1]),
                    None if content is None else rb_addr(content),
                )
            out[func] = typed
        return out
