"""The Linux 6.12 quiz: questions asked before a decisive step of a maple-tree op.

Before the step that shows a decision, the audience predicts it: does the new range
intersect a VMA (``find_vma_intersection()``), which slot ``mas_wr_walk()`` takes at each
level, which store type ``mas_wr_store_type()`` classifies the write as (asked before the
``mas_preallocate`` step, which shows it), whether the split path pushes left, right or
splits, and which sibling ``mas_rebalance()`` combines with. The answer is always read from
the trace (the step's kind, line, roles and variables); this module works out no kernel
behaviour. The distractors of "which store type?" are the types a reader could hesitate
between for that kind of write, listed in the kernel's ``enum store_type`` order, so the
position of a choice says nothing about the answer.

Qt-free: the 6.12 lecture and the side-by-side window share it. Texts (en, zh_CN) come from
``resources/texts/quiz612.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..resources import read_json
from .frames612 import MapleNodeView, MapleState, OpFrames612, Timeline612
from .linux612.nodes import STORE_TYPE_NAMES
from .linux612.trace import Step612

LANGS = ("en", "zh_CN")
#: Question kinds, in the order they come in an op.
KINDS = ("intersect", "slot", "store_type", "split", "rebalance")
#: Store types a reader could hesitate between, by the kind of write (kernel order is
#: applied when the choices are built). ``EMPTY``: the tree has no node yet.
_POOL_EMPTY = ("wr_new_root", "wr_store_root", "wr_exact_fit", "wr_node_store")
_POOL_STORE = ("wr_exact_fit", "wr_spanning_store", "wr_split_store", "wr_node_store")
_POOL_CLEAR = ("wr_exact_fit", "wr_spanning_store", "wr_rebalance", "wr_node_store")
#: A NULL store over every VMA the tree holds (the tree is about to be empty).
_POOL_LAST = ("wr_new_root", "wr_exact_fit", "wr_rebalance", "wr_node_store")
#: The pool member given up when the trace's answer is outside the pool (a rare write,
#: e.g. wr_new_root when the last VMA goes): the least likely one for that kind of write.
_SPARE: dict[tuple[str, ...], str] = {
    _POOL_EMPTY: "wr_exact_fit",
    _POOL_STORE: "wr_spanning_store",
    _POOL_CLEAR: "wr_exact_fit",
    _POOL_LAST: "wr_rebalance",
}
#: Ops that store NULL (``mas_store_gfp()`` of ``vma_iter_clear_gfp()``).
_CLEARING = frozenset({"erase", "munmap"})
ULONG_MAX = (1 << 64) - 1

Text = dict[str, str]


@dataclass(frozen=True, slots=True)
class Question612:
    """A prediction asked just before step ``step`` (0-based) of op ``op`` (1-based)."""

    op: int
    step: int
    #: One of ``KINDS``.
    kind: str
    prompt: Text
    #: (answer key, label in en and zh_CN), in the order the buttons show them.
    choices: tuple[tuple[str, Text], ...]
    answer: str
    #: The maple node id the question is about (the camera shows it), if any.
    node: int | None = None

    def prompt_in(self, lang: str) -> str:
        return _pick(self.prompt, lang)

    def label(self, key: str, lang: str) -> str:
        """The label of choice ``key`` in ``lang`` (the key itself when unknown)."""
        for k, text in self.choices:
            if k == key:
                return _pick(text, lang)
        return key

    def choice_keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.choices)


def _pick(text: Text, lang: str) -> str:
    return text.get(lang) or text.get("en", "")


def _texts() -> dict[str, Text]:
    data: dict[str, Text] = read_json("texts", "quiz612.json")
    return data


def _render(key: str, **values: Any) -> Text:
    entry = _texts()[key]
    return {lang: entry[lang].format(**values) for lang in LANGS}


def _hex_range(lo: int, hi: int) -> str:
    return f"[{lo:#x}, {'ULONG_MAX' if hi == ULONG_MAX else f'{hi:#x}'}]"


def _frames(source: Timeline612 | OpFrames612, op: int) -> OpFrames612 | None:
    if isinstance(source, OpFrames612):
        return source
    if op < 1 or op > len(source):
        return None
    return source.frames(op)


def _state_before(frames: OpFrames612, step: int) -> MapleState:
    return frames.state(step - 1) if step > 0 else frames.before


def _write_range(frames: OpFrames612, cur: Step612) -> str:
    """The range the op writes, [vm_start, vm_end - 1] (as the iterator holds it), else
    the one the step's ``ma_state`` holds."""
    out = frames.outcome
    if out.start is not None and out.end is not None:
        return _hex_range(out.start, out.end - 1)
    ma = cur.vars.get("ma_state")
    if (
        isinstance(ma, dict)
        and isinstance(ma.get("index"), int)
        and isinstance(ma.get("last"), int)
    ):
        return _hex_range(ma["index"], ma["last"])
    return "?"


# -- the kinds -------------------------------------------------------------------------------
def _intersect(frames: OpFrames612, op: int, step: int, cur: Step612) -> Question612 | None:
    if cur.kind != "intersect_walk" or cur.line not in ("insert.none", "insert.conflict"):
        return None
    answer = "conflict" if cur.line == "insert.conflict" else "none"
    # The camera: the last node the intersection walk read.
    node = None
    for earlier in frames.steps[:step]:
        if earlier.kind == "intersect_walk" and isinstance(earlier.roles.get("node"), int):
            node = earlier.roles["node"]
    return Question612(
        op,
        step,
        "intersect",
        _render("prompt.intersect", range=_write_range(frames, cur)),
        (
            ("none", _render("choice.intersect.none")),
            ("conflict", _render("choice.intersect.conflict")),
        ),
        answer,
        node,
    )


def _slot_label(view: MapleNodeView, i: int, names: dict[int, str]) -> Text:
    rng = _hex_range(*view.slot_range(i))
    value = view.slots[i] if i < len(view.slots) else None
    if not view.is_leaf and value is not None:
        return _render("choice.slot.child", offset=i, range=rng, child=value)
    texts = _texts()
    template = texts["choice.slot.leaf"]
    out: Text = {}
    for lang in LANGS:
        entry = texts["entry.null"][lang] if value is None else names.get(value, f"VMA {value:#x}")
        out[lang] = template[lang].format(offset=i, range=rng, entry=entry)
    return out


def _slot(
    frames: OpFrames612, op: int, step: int, cur: Step612, names: dict[int, str]
) -> Question612 | None:
    if cur.kind != "wr_walk":
        return None
    nid, offset = cur.roles.get("node"), cur.roles.get("offset")
    if not isinstance(nid, int) or not isinstance(offset, int):
        return None
    view = _state_before(frames, step).node(nid)
    if view is None or offset > view.end:
        return None
    ma = cur.vars.get("ma_state")
    index = ma.get("index") if isinstance(ma, dict) else frames.outcome.start
    if not isinstance(index, int):
        return None
    choices = tuple((str(i), _slot_label(view, i, names)) for i in range(view.end + 1))
    return Question612(
        op,
        step,
        "slot",
        _render(
            "prompt.slot",
            range=_write_range(frames, cur),
            type=view.type,
            node=nid,
            index=f"{index:#x}",
        ),
        choices,
        str(offset),
        nid,
    )


def _pool(clearing: bool, empty: bool, last: bool) -> tuple[str, ...]:
    if empty:
        pool = _POOL_EMPTY
    elif clearing:
        pool = _POOL_LAST if last else _POOL_CLEAR
    else:
        pool = _POOL_STORE
    return pool


def store_type_pool(clearing: bool, empty: bool, last: bool = False) -> tuple[str, ...]:
    """The four store types a reader could hesitate between, from what the drawing shows
    before the write: an ``empty`` tree; a NULL store when ``clearing`` (over every VMA
    left when ``last``); else a VMA store. In the kernel's ``enum store_type`` order."""
    return tuple(sorted(_pool(clearing, empty, last), key=STORE_TYPE_NAMES.index))


def store_type_choices(
    answer: str, clearing: bool, empty: bool, last: bool = False
) -> tuple[str, ...]:
    """The store types offered for a write whose trace says ``answer``: its pool
    (``store_type_pool``), with the answer swapped in for the pool's least likely member
    if the kernel chose a rarer type, in the kernel's ``enum store_type`` order.

    >>> store_type_choices("wr_split_store", clearing=False, empty=False)
    ('wr_exact_fit', 'wr_spanning_store', 'wr_split_store', 'wr_node_store')
    """
    pool = _pool(clearing, empty, last)
    chosen = list(pool)
    if answer not in chosen:
        chosen[chosen.index(_SPARE[pool])] = answer
    return tuple(sorted(chosen, key=STORE_TYPE_NAMES.index))


def _clears_every_vma(frames: OpFrames612) -> bool:
    """True when the op's range holds every VMA of the tree drawn before it (a reader
    sees it: the tree is about to hold nothing). O(n)."""
    out = frames.outcome
    if out.start is None or out.end is None:
        return False
    for node in frames.before.nodes:
        if node.is_leaf and any(v is not None and not out.start <= v < out.end for v in node.slots):
            return False
    return True


def _store_type(frames: OpFrames612, op: int, step: int, cur: Step612) -> Question612 | None:
    if cur.kind != "prealloc" or cur.func != "mas_preallocate":
        return None
    pre = cur.vars.get("mas_preallocate")
    answer = pre.get("store_type") if isinstance(pre, dict) else None
    if not isinstance(answer, str) or answer not in STORE_TYPE_NAMES:
        return None
    clearing = frames.outcome.op in _CLEARING
    empty = frames.before.root is None
    last = clearing and not empty and _clears_every_vma(frames)
    keys = store_type_choices(answer, clearing, empty, last)
    node = cur.roles.get("leaf", cur.roles.get("node"))
    return Question612(
        op,
        step,
        "store_type",
        _render(
            "prompt.store_type." + ("clear" if clearing else "store"),
            range=_write_range(frames, cur),
        ),
        tuple((k, _render("store_type." + k)) for k in keys),
        answer,
        node if isinstance(node, int) else None,
    )


_SPLIT_KINDS = ("push_left", "push_right", "split")


def _split(frames: OpFrames612, op: int, step: int, cur: Step612) -> Question612 | None:
    if cur.kind not in _SPLIT_KINDS:
        return None
    # Only the first decision of the op: later levels follow from it.
    if any(s.kind in _SPLIT_KINDS for s in frames.steps[:step]):
        return None
    node = cur.roles.get("node")
    return Question612(
        op,
        step,
        "split",
        _render("prompt.split", node=node if isinstance(node, int) else "?"),
        tuple((k, _render("choice.split." + k)) for k in _SPLIT_KINDS),
        cur.kind,
        node if isinstance(node, int) else None,
    )


def _rebalance(frames: OpFrames612, op: int, step: int, cur: Step612) -> Question612 | None:
    if cur.kind != "rebalance" or cur.line not in ("rebalance.left", "rebalance.right"):
        return None
    node = cur.roles.get("node")
    return Question612(
        op,
        step,
        "rebalance",
        _render("prompt.rebalance", node=node if isinstance(node, int) else "?"),
        tuple((k, _render("choice.rebalance." + k)) for k in ("left", "right")),
        cur.line.rsplit(".", 1)[1],
        node if isinstance(node, int) else None,
    )


# -- the interface ---------------------------------------------------------------------------
def question_before(source: Timeline612 | OpFrames612, op: int, step: int) -> Question612 | None:
    """The question to ask before step ``step`` (0-based) of op ``op`` (1-based) is shown,
    or None for an ordinary step. ``source`` is the scenario's ``Timeline612`` or the op's
    own ``OpFrames612``. Out-of-range positions give None.

    Complexity: O(steps of the op) plus, for a slot question, the state before the step.
    """
    frames = _frames(source, op)
    if frames is None or step < 0 or step >= len(frames.steps):
        return None
    names = source.names if isinstance(source, Timeline612) else {}
    cur = frames.steps[step]
    return (
        _intersect(frames, op, step, cur)
        or _slot(frames, op, step, cur, names)
        or _store_type(frames, op, step, cur)
        or _split(frames, op, step, cur)
        or _rebalance(frames, op, step, cur)
    )


def questions(source: Timeline612 | OpFrames612, op: int) -> list[Question612]:
    """Every question of op ``op``, in step order."""
    frames = _frames(source, op)
    if frames is None:
        return []
    out: list[Question612] = []
    for step in range(len(frames.steps)):
        q = question_before(frames if not isinstance(source, Timeline612) else source, op, step)
        if q is not None:
            out.append(q)
    return out


__all__ = [
    "KINDS",
    "Question612",
    "question_before",
    "questions",
    "store_type_choices",
    "store_type_pool",
]
