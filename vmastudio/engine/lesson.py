"""Lesson mode: a sorted linked list, changed through a pointer to a pointer.

The idiom ``find_vma_links()`` uses for ``rb_link``, on the smallest example that shows
why: ``pp`` holds the *address of the link* to change, so the head pointer and a node's
``next`` field are the same case and no ``if (prev == NULL)`` branch is needed. Each step
is a ``PointerModel`` (pointers.py), so the pointer view draws the lesson as it draws the
kernel. Our own code and words, in English and Simplified Chinese.

>>> [m.line for m in insert_lesson([10, 20, 30], 25).models][:3]
['call', 'L1', 'L2']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .. import resources
from .memory import AddressStyle, fmt_addr
from .pointer_model import (
    MemoryBox,
    PointerModel,
    Region,
    link_arrows,
    mark_writes,
)

#: The lesson's C code (ours). Line ids are what ``PointerModel.line`` names.
CODE = """\
struct node { long key; struct node *next; };

void list_insert(struct node **head, struct node *item)
{
	struct node **pp = head;                     /* L1 */
	while (*pp && (*pp)->key < item->key)        /* L2 */
		pp = &(*pp)->next;                       /* L3 */
	item->next = *pp;                            /* L4 */
	*pp = item;                                  /* L5 */
}

void list_remove(struct node **head, struct node *item)
{
	struct node **pp = head;                     /* R1 */
	while (*pp != item)                          /* R2 */
		pp = &(*pp)->next;                       /* R3 */
	*pp = item->next;                            /* R4 */
}
"""

NODE_BASE = 0xFFFF888000B21000
NODE_STRIDE = 0x40
STACK = 0xFFFFC90000D17000
#: Stack slots: the caller's ``list``; the callee's ``pp`` below its parameters.
SLOTS = {"main.list": 0xF40, "fn.pp": 0xF08, "fn.head": 0xF10, "fn.item": 0xF18}
OFF_KEY = 0x00
OFF_NEXT = 0x08


@dataclass(frozen=True, slots=True)
class Lesson:
    """One stepped example: its title, the C code and one pointer model per step."""

    key: str
    title: Mapping[str, str]
    code: str
    models: tuple[PointerModel, ...]


def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = resources.read_json("texts", "pointers.json")["lesson"]
    return data


def _say(text_key: str, /, **params: object) -> dict[str, str]:
    entry = _texts()[text_key]
    out: dict[str, str] = {}
    for lang in ("en", "zh_CN"):
        values = {k: (v[lang] if isinstance(v, dict) else v) for k, v in params.items()}
        out[lang] = entry[lang].format(**values)
    return out


def _node_addr(index: int) -> int:
    return NODE_BASE + index * NODE_STRIDE


class _ListMachine:
    """The list, the frames and the steps recorded while the lesson code runs."""

    def __init__(self, keys: Sequence[int], extra: int | None, func: str, style: AddressStyle):
        self.style: AddressStyle = style
        self.func = func
        # Allocation order fixes the addresses: the list's nodes, then the new one.
        self.addr = {k: _node_addr(i) for i, k in enumerate(keys)}
        if extra is not None:
            self.addr[extra] = _node_addr(len(keys))
        self.next: dict[int, int | None] = {}
        for a, b in zip(keys, [*keys[1:], None], strict=True):
            self.next[a] = b
        if extra is not None:
            self.next[extra] = None
        self.head: int | None = keys[0] if keys else None
        self.item: int | None = None
        # pp is a link: ("head", None) for the caller's list, ("next", key) for a node's.
        self.pp: tuple[str, int | None] | None = None
        self.live = False
        self.returned = False
        self.models: list[PointerModel] = []

    # -- addresses ----------------------------------------------------------------------
    def link_addr(self, link: tuple[str, int | None]) -> int:
        if link[0] == "head":
            return STACK + SLOTS["main.list"]
        assert link[1] is not None
        return self.addr[link[1]] + OFF_NEXT

    def link_target(self, link: tuple[str, int | None]) -> int | None:
        return self.head if link[0] == "head" else self.next[link[1] or 0]

    def link_words(self, link: tuple[str, int | None]) -> dict[str, str]:
        if link[0] == "head":
            return _texts()["head_word"]
        return {lang: text.format(key=link[1]) for lang, text in _texts()["next_word"].items()}

    def ptr(self, key: int | None) -> int | None:
        return None if key is None else self.addr[key]

    # -- one model ----------------------------------------------------------------------
    def snap(self, line: str, text: dict[str, str], through: str | None = None) -> None:
        fmt = self._fmt
        boxes: list[MemoryBox] = []
        regions: list[Region] = []
        fn = self.func
        if self.live or self.returned:
            fn_boxes = []
            for name, ctype, value, init in (
                (
                    "pp",
                    "struct node **",
                    None if self.pp is None else self.link_addr(self.pp),
                    self.pp is not None,
                ),
                ("head", "struct node **", STACK + SLOTS["main.list"], True),
                ("item", "struct node *", self.ptr(self.item), True),
            ):
                addr = STACK + SLOTS[f"fn.{name}"]
                fn_boxes.append(
                    MemoryBox(
                        key=f"{fn}.{name}",
                        region=f"frame:{fn}",
                        label=name,
                        ctype=ctype,
                        addr=addr,
                        value=value,
                        text=fmt(value) if init else "?",
                        meaning=f"lesson.fn.{name}",
                        kind="local" if name == "pp" else "param",
                        initialized=init,
                        addr_text=fmt(addr),
                    )
                )
            regions.append(
                Region(
                    key=f"frame:{fn}",
                    kind="frame",
                    title=f"{fn}()",
                    ctype="",
                    addr=STACK + SLOTS["fn.pp"],
                    addr_text=fmt(STACK + SLOTS["fn.pp"]),
                    column=0,
                    boxes=tuple(b.key for b in fn_boxes),
                    gone=self.returned,
                    meaning=f"frame.{fn}",
                )
            )
            boxes.extend(fn_boxes)
        list_addr = STACK + SLOTS["main.list"]
        main_box = MemoryBox(
            key="main.list",
            region="frame:main",
            label="list",
            ctype="struct node *",
            addr=list_addr,
            value=self.ptr(self.head),
            text=fmt(self.ptr(self.head)),
            meaning="lesson.main.list",
            kind="local",
            addr_text=fmt(list_addr),
            roles=("link_slot",) if self.pp == ("head", None) else (),
        )
        regions.append(
            Region(
                key="frame:main",
                kind="frame",
                title="main()",
                ctype="",
                addr=list_addr,
                addr_text=fmt(list_addr),
                column=1,
                boxes=("main.list",),
                meaning="frame.main",
            )
        )
        boxes.append(main_box)
        for key in sorted(self.addr):
            base = self.addr[key]
            nxt = self.ptr(self.next[key])
            roles: tuple[str, ...] = ()
            if key == self.item:
                roles = ("new",) if self.func == "list_insert" else ("conflict",)
            node_boxes = [
                MemoryBox(
                    key=f"node:{key}.key",
                    region=f"node:{key}",
                    label="key",
                    ctype="long",
                    addr=base + OFF_KEY,
                    value=key,
                    text=str(key),
                    meaning="lesson.field.key",
                    kind="data",
                    offset=OFF_KEY,
                    addr_text=fmt(base + OFF_KEY),
                ),
                MemoryBox(
                    key=f"node:{key}.next",
                    region=f"node:{key}",
                    label="next",
                    ctype="struct node *",
                    addr=base + OFF_NEXT,
                    value=nxt,
                    text=fmt(nxt),
                    meaning="lesson.field.next",
                    kind="field",
                    offset=OFF_NEXT,
                    addr_text=fmt(base + OFF_NEXT),
                    roles=("link_slot",) if self.pp == ("next", key) else (),
                ),
            ]
            regions.append(
                Region(
                    key=f"node:{key}",
                    kind="node",
                    title=f"node {key}",
                    ctype="struct node",
                    addr=base,
                    addr_text=fmt(base),
                    column=2,
                    boxes=tuple(b.key for b in node_boxes),
                    roles=roles,
                    meaning="region.node",
                )
            )
            boxes.extend(node_boxes)
        model = PointerModel(
            regions=tuple(regions),
            boxes=tuple(boxes),
            arrows=(),
            text=text,
            style=self.style,
            kind="lesson",
            func=fn,
            line=line,
        )
        previous = self.models[-1] if self.models else None
        via = None if through is None else [f"{fn}.{through}"]
        model = mark_writes(link_arrows(model), previous, via)
        self.models.append(model)

    def _fmt(self, value: int | None) -> str:
        return fmt_addr(value, self.style)


def insert_lesson(keys: Sequence[int], new: int, style: AddressStyle = "short") -> Lesson:
    """``list_insert()`` of ``new`` into the sorted list ``keys``, step by step."""
    if new in keys:
        raise ValueError(f"key {new} is already in the list")
    m = _ListMachine(sorted(keys), new, "list_insert", style)
    m.item = new
    m.live = True
    m.snap("call", _say("call_insert"))
    m.pp = ("head", None)
    m.snap("L1", _say("pp_start"))
    while True:
        target = m.link_target(m.pp)
        if target is None:
            m.snap("L2", _say("test_stop_null"))
            break
        if target < new:
            m.snap("L2", _say("test_go", key=target, new=new))
            m.pp = ("next", target)
            m.snap("L3", _say("advance", key=target))
            continue
        m.snap("L2", _say("test_stop", key=target, new=new))
        break
    where = m.link_words(m.pp)
    target = m.link_target(m.pp)
    m.next[new] = target
    m.snap(
        "L4",
        _say("link_next", target="NULL" if target is None else f"node {target}"),
        through="item",
    )
    if m.pp[0] == "head":
        m.head = new
    else:
        m.next[m.pp[1] or 0] = new
    m.snap("L5", _say("link_store", where=where), through="pp")
    m.live, m.returned = False, True
    m.snap("ret", _say("done"))
    return Lesson("insert", _say("title_insert", new=new), CODE, tuple(m.models))


def remove_lesson(keys: Sequence[int], victim: int, style: AddressStyle = "short") -> Lesson:
    """``list_remove()`` of the node ``victim`` from the sorted list ``keys``."""
    if victim not in keys:
        raise ValueError(f"key {victim} is not in the list")
    m = _ListMachine(sorted(keys), None, "list_remove", style)
    m.item = victim
    m.live = True
    m.snap("call", _say("call_remove"))
    m.pp = ("head", None)
    m.snap("R1", _say("pp_start"))
    while m.link_target(m.pp) != victim:
        target = m.link_target(m.pp)
        assert target is not None
        m.snap("R2", _say("r_test_go", key=target))
        m.pp = ("next", target)
        m.snap("R3", _say("advance", key=target))
    m.snap("R2", _say("r_found", where=m.link_words(m.pp)))
    after = m.next[victim]
    if m.pp[0] == "head":
        m.head = after
    else:
        m.next[m.pp[1] or 0] = after
    m.snap("R4", _say("r_unlink", victim=victim), through="pp")
    m.live, m.returned = False, True
    m.snap("ret", _say("done"))
    return Lesson("remove", _say("title_remove", victim=victim), CODE, tuple(m.models))


def lessons(style: AddressStyle = "short") -> list[Lesson]:
    """The lesson set of the Help menu: a middle and a head insert, a middle and a head
    removal — the same code each time, which is the point."""
    return [
        insert_lesson([10, 20, 30], 25, style),
        insert_lesson([10, 20, 30], 5, style),
        remove_lesson([10, 20, 30], 20, style),
        remove_lesson([10, 20, 30], 10, style),
    ]
