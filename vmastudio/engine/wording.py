"""Words shared by every view, the exporters and the command line (no Qt).

Op headings, results (``-ENOMEM`` by name), step sentences with their case label, and
the kernel's names of the roles; each in English and Simplified Chinese.

``role_names``: what the kernel calls each role's VMA in the function a step runs.
The role keys are the JSON contract (DESIGN §3); the names follow the code: in
``find_vma_links()`` the node compared is ``vma_tmp`` (``__rb_parent``), in
``__rb_insert()`` the locals are ``node``, ``parent``, ``gparent`` and ``tmp`` (the
uncle), in ``____rb_erase_color()`` ``node``, ``parent`` and ``sibling``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .scenario import text_of
from .trace import TraceStep, case_label

if TYPE_CHECKING:
    from .mm import OpResult
    from .scenario import OpSpec

#: The role keys of the trace (DESIGN §3), most important first: the order in which a
#: drawing tags a VMA with several roles and lets one outline win. Every view and
#: exporter reads this one list.
ROLE_ORDER: tuple[str, ...] = (
    "conflict",
    "current",
    "new",
    "link_slot",
    "parent",
    "prev",
    "next",
    "grandparent",
    "uncle",
    "sibling",
)

#: Kernel names of the roles, by the function a step's line id belongs to.
_NAMES: dict[str, dict[str, str]] = {
    # insert_vm_struct() → find_vma_links(): the descent.
    "fvl": {
        "current": "__rb_parent",
        "parent": "__rb_parent",
        "prev": "rb_prev",
        "link_slot": "__rb_link",
        "new": "vma",
    },
    # __rb_insert(): the rebalancing loop after rb_link_node().
    "rb": {
        "current": "node",
        "parent": "parent",
        "grandparent": "gparent",
        "uncle": "tmp (uncle)",
    },
    # __rb_insert() cases 2 and 3: ``tmp`` no longer holds the uncle (it names the subtree
    # that moves), so the black uncle the case-1 test saw is called what it is.
    "rb.rotate": {
        "current": "node",
        "parent": "parent",
        "grandparent": "gparent",
        "uncle": "uncle",
    },
    # ____rb_erase_color(): the erase rebalancing loop.
    "erase.case": {"current": "node", "parent": "parent", "sibling": "sibling"},
    # __rb_erase_augmented(): the node leaves, a child or the successor takes its place.
    "erase": {"current": "node", "next": "successor", "parent": "parent", "prev": "prev"},
    # insert_vm_struct(), vma_link(), __vma_link_list(), __vma_link_rb().
    "ivs": {"new": "vma", "current": "vma", "parent": "rb_parent", "link_slot": "rb_link"},
    "list": {"new": "vma", "prev": "prev", "next": "next"},
    "link": {"new": "vma", "current": "vma"},
    "find": {"current": "vma", "next": "vma (candidate)"},
}


def _scope(line: str) -> str:
    if line.startswith("erase.case"):
        return "erase.case"
    if line == "rb.link_node":
        return "ivs"  # rb_link_node(node, rb_parent, rb_link) in __vma_link_rb()
    if line in ("rb.case2", "rb.case3"):
        return "rb.rotate"
    return line.split(".", 1)[0]


def role_names(step: TraceStep | None) -> dict[str, str]:
    """Each role of ``step`` that the running function names, with that name.

    >>> from vmastudio.engine.trace import TraceStep
    >>> role_names(TraceStep("rotate_left", "", "rb.case2", {}, {}, {}))["parent"]
    'parent'
    """
    if step is None:
        return {}
    return dict(_NAMES.get(_scope(step.line), {}))


# -- op headings, results and sentences: one wording for every panel and exporter ---------
#: Kernel error numbers by name: results are shown as ``-ENOMEM``, never as a number.
ERRNO_NAMES: dict[int, str] = {-12: "-ENOMEM", -16: "-EBUSY"}

_OP_WORDS: dict[str, dict[str, str]] = {
    "insert": {"en": "insert", "zh_CN": "插入"},
    "erase": {"en": "erase", "zh_CN": "删除"},
    "trial": {"en": "trial", "zh_CN": "试插入"},
    "initial": {"en": "Initial state: {0} VMAs", "zh_CN": "初始状态：{0} 个 VMA"},
    "op": {"en": "op", "zh_CN": "操作"},
}


def _word(key: str, lang: str) -> str:
    return text_of(_OP_WORDS[key], lang)


def vma_range(start: int, end: int) -> str:
    """``[400000,452000)``: the explanation's way of writing a half-open range."""
    return f"[{start:x},{end:x})"


def result_name(op: str, result: int | None) -> str:
    """An op's result as the kernel would name it: ``0``, ``-ENOMEM``, ``NULL``, ``0x…``.

    >>> result_name("insert", -12), result_name("find_vma", None)
    ('-ENOMEM', 'NULL')
    """
    if result is None:
        return "NULL"
    if result < 0:
        return ERRNO_NAMES.get(result, str(result))
    if op in ("insert", "erase"):
        return str(result)
    return f"0x{result:x}"


def op_words(op: OpSpec, res: OpResult | None, lang: str = "en") -> str:
    """Op and result in one line: ``insert [400000,452000) → 0`` (``插入 …`` in Chinese).

    The one wording every list, heading, figure and the command line use.
    """
    if op.op == "insert" and op.vma is not None:
        what = f"{_word('insert', lang)} {vma_range(op.vma.start, op.vma.end)}"
    elif op.op == "erase":
        end = None if res is None else res.end
        what = f"{_word('erase', lang)} " + (
            vma_range(op.start, end) if end is not None else f"[{op.start:x},…)"
        )
    elif op.op == "find_vma":
        what = f"find_vma 0x{op.addr:x}"
    else:
        what = f"unmapped_area 0x{op.length:x}"
    if res is None:
        return what
    return f"{what} → {result_name(op.op, res.result)}"


def op_heading(k: int, op: OpSpec, res: OpResult, lang: str = "en") -> str:
    """``5. insert [300000,310000) → 0``: an op's heading in lists and captions."""
    return f"{k}. {op_words(op, res, lang)}"


def initial_heading(count: int, lang: str = "en") -> str:
    return _word("initial", lang).format(count)


def case_text(step: TraceStep, lang: str = "en") -> str:
    """The step's rebalancing case label in ``lang`` (empty when it has none)."""
    return case_label(step.case, lang)


def step_sentence(step: TraceStep | None, lang: str = "en") -> str:
    """The step's sentence in ``lang``, followed by its case label when the sentence
    does not already name it."""
    if step is None:
        return ""
    text = text_of(step.text, lang)
    case = case_text(step, lang)
    return f"{text}  [{case}]" if case and case not in text else text
