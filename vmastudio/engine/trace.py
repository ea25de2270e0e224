"""The step trace: the contract between the engine and everything that draws it.

An operation run with a ``Tracer`` yields ``TraceStep``s. A step names what the kernel is
doing (``kind``, the function and our own line id into ``resources/pseudocode``), which
VMAs play which role, the locals of each frame with simulated addresses, one sentence in
English and Simplified Chinese, and the tree/list fields the step changed, so that a
viewer can redraw every intermediate state from the state before the op.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import resources
from .memory import (
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


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a traced operation; immutable, JSON-ready through ``to_json``."""

    kind: str
    func: str
    line: str
    roles: dict[str, Any]
    vars: dict[str, dict[str, dict[str, str]]]
    text: dict[str, str]
    case: str = ""
    stack: tuple[str, ...] = ()
    changes: tuple[dict[str, Any], ...] = ()
    params: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The step as ``replay --json --trace`` prints it (DESIGN.md §3)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "func": self.func,
            "line": self.line,
            "roles": self.roles,
            "vars": self.vars,
            "text": self.text,
        }
        if self.case:
            out["case"] = self.case
        out["stack"] = list(self.stack)
        out["changes"] = list(self.changes)
        return out


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


def _link_state(v: VmArea) -> tuple[Any, ...]:
    def s(n: VmArea | None) -> int | None:
        return None if n is None else n.vm_start

    return (
        s(v.rb_parent),
        s(v.rb_left),
        s(v.rb_right),
        "R" if v.rb_red else "B",
        v.rb_subtree_gap,
        s(v.vm_prev),
        s(v.vm_next),
    )


_STATE_KEYS = ("parent", "left", "right", "color", "gap", "prev", "next")


class Tracer:
    """Collects the steps of one operation while the engine runs it.

    The engine keeps the kernel's locals in ``frames`` (semantic values: VMAs, slots,
    integers) and calls ``step``; the tracer renders addresses, texts and the fields that
    changed since the previous step.
    """

    def __init__(self, mm: MmStruct, style: AddressStyle = "kernel") -> None:
        self.mm = mm
        self.style: AddressStyle = style
        self.steps: list[TraceStep] = []
        self.stack: list[str] = []
        self.frames: dict[str, dict[str, Any]] = {}
        self.touched: list[VmArea] = []
        self._known: dict[int, tuple[Any, ...]] = {}
        self._known_mm = self._mm_state()

    # -- call stack -------------------------------------------------------------------
    def enter(self, func: str) -> None:
        self.stack.append(func)

    def leave(self, func: str) -> None:
        if self.stack and self.stack[-1] == func:
            self.stack.pop()
        self.frames.pop(func, None)

    def watch(self, vma: VmArea) -> None:
        """Report changes to ``vma`` from now on (the VMA being inserted)."""
        self.touched.append(vma)
        # No known state: the next step reports it in full, so a viewer's snapshot holds
        # the node from the start even when linking it leaves its fields as they were
        # (the root insert: no parent, red, no children, no neighbours).
        self._known[id(vma)] = ()

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
        out_roles: dict[str, Any] = {}
        for name, value in roles.items():
            if value is None:
                params.setdefault(name, "NULL")
                continue
            if isinstance(value, VmArea):
                out_roles[name] = value.vm_start
                params.setdefault(name, value.label())
            else:
                node, side = value
                out_roles[name] = {
                    "node": None if node is None else node.vm_start,
                    "side": side,
                }
                params.setdefault(name, self._slot_name(value))
        self.steps.append(
            TraceStep(
                kind=kind,
                func=self.stack[-1] if self.stack else "",
                line=line,
                roles=out_roles,
                vars=self._render_vars(),
                text=render_text(kind, params),
                case=case,
                stack=tuple(self.stack),
                changes=self._changes(),
                params=params,
            )
        )

    @staticmethod
    def _slot_name(slot: Slot) -> str:
        node, side = slot
        if node is None or side == "root":
            return "mm->mm_rb.rb_node"
        return f"{node.label()}->rb_{side}"

    # -- changes since the previous step ---------------------------------------------
    def _mm_state(self) -> dict[str, Any]:
        mm = self.mm
        return {
            "root": None if mm.root is None else mm.root.vm_start,
            "mmap": None if mm.mmap is None else mm.mmap.vm_start,
            "map_count": mm.map_count,
            "highest_vm_end": mm.highest_vm_end,
        }

    def _changes(self) -> tuple[dict[str, Any], ...]:
        out: list[dict[str, Any]] = []
        seen: set[int] = set()
        for v in self.touched:
            key = id(v)
            if key in seen:
                continue
            seen.add(key)
            now = _link_state(v)
            if self._known.get(key) != now:
                self._known[key] = now
                change: dict[str, Any] = {"vma": v.vm_start, "end": v.vm_end}
                change.update(zip(_STATE_KEYS, now, strict=True))
                out.append(change)
        mm_now = self._mm_state()
        if mm_now != self._known_mm:
            out.append({"mm": mm_now})
            self._known_mm = mm_now
        return tuple(out)

    def note_touched(self, vma: VmArea) -> None:
        if id(vma) not in self._known:
            self._known[id(vma)] = _link_state(vma)
        self.touched.append(vma)

    # -- variables with simulated addresses --------------------------------------------
    def _fmt(self, value: int | None) -> str:
        return fmt_addr(value, self.style)

    def _slot_content(self, slot: Slot) -> VmArea | None:
        node, side = slot
        if node is None or side == "root":
            return self.mm.root
        return node.rb_left if side == "left" else node.rb_right

    def _render_value(self, func: str, name: str, value: Any) -> str:
        ctype = VAR_TYPES[func][name]
        if ctype == "unsigned long":
            return f"0x{int(value):x}"
        if value is None:
            return "NULL"
        if isinstance(value, tuple) and value[0] == "stack":
            return self._fmt(stack_addr(value[1], value[2]))
        if isinstance(value, tuple) and value[0] == "mm":
            return self._fmt(0xFFFF88800A40E000)
        if isinstance(value, tuple):
            return self._fmt(slot_addr(value[0], value[1]))
        assert isinstance(value, VmArea)
        if ctype.startswith("struct rb_node"):
            return self._fmt(rb_addr(value))
        return self._fmt(vma_addr(value))

    def _render_vars(self) -> dict[str, dict[str, dict[str, str]]]:
        out: dict[str, dict[str, dict[str, str]]] = {}
        for func, frame in self.frames.items():
            rendered: dict[str, dict[str, str]] = {}
            for name, value in frame.items():
                rendered[name] = {
                    "addr": self._fmt(stack_addr(func, name)),
                    "type": VAR_TYPES[func][name],
                    "value": self._render_value(func, name, value),
                }
            # The values behind the pointers to pointers.
            link_name = "__rb_link" if func == "find_vma_links" else "rb_link"
            slot = frame.get(link_name)
            if isinstance(slot, tuple) and slot and slot[0] != "stack":
                content = self._slot_content(slot)
                rendered["*" + link_name] = {
                    "addr": self._fmt(slot_addr(slot[0], slot[1])),
                    "type": "struct rb_node *",
                    "value": "NULL" if content is None else self._fmt(rb_addr(content)),
                }
            out[func] = rendered
        return out
