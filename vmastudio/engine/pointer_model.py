"""The pointer model's plain data: memory as boxes at simulated addresses, and arrows.

A ``PointerModel`` is what the pointer view draws for one step (DESIGN.md §6): regions
(stack frames, ``mm_struct``, each VMA and its ``vm_rb``) holding boxes with an address, a
C type and a value, and an arrow for every pointer value. Arrows are found by address
*and* type: a ``struct rb_node **`` points at a box holding a ``struct rb_node *``, a
``struct rb_node *`` at a whole ``struct rb_node``; so the chain ``rb_link`` (``***``) →
the caller's ``rb_link`` (``**``) → the slot (``*``) → the node follows from the values
alone. ``pointers.py`` builds models from a trace; ``lesson.py`` from its own list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .. import resources
from .memory import AddressStyle, fmt_addr
from .scenario import text_of

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
    return text_of(entry, lang)


def label(key: str, lang: str = "en") -> str:
    """A short label of the pointer view (``returned``, ``uninitialised`` …)."""
    entry = _texts()["labels"].get(key)
    if entry is None:
        return key
    return text_of(entry, lang)


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
