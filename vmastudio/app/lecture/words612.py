"""What the 6.12 lecture says besides the trace's own sentences: the op heading (store type
only once the step that classifies the write is on screen), the kernel line of a step, the
store type and preallocation line, the key sheet and the toasts, in en and zh_CN.

The lecture speaks the lecture's language, which may differ from the window's (as
``chapters.py`` does for the 4.x lecture), so its words carry both languages here; the
step sentences come from the trace (``Step612.text``).
"""

from __future__ import annotations

from functools import cache

from ...engine.frames612 import op612_heading, store_words
from ...engine.linux612.mm import Outcome
from ...engine.linux612.trace import Step612
from ...engine.scenario import OpSpec, text_of
from ...resources import read_json

_WORDS: dict[str, dict[str, str]] = {
    "initial": {"en": "Initial state: {0} VMAs", "zh_CN": "初始状态：{0} 个 VMA"},
    "store": {
        "en": "store type {0} · mas_preallocate() reserved {1} node(s)",
        "zh_CN": "存储类型 {0} · mas_preallocate() 预留 {1} 个节点",
    },
    "store_gfp": {
        "en": "store type {0} · mas_store_gfp(): nodes allocated during the store",
        "zh_CN": "存储类型 {0} · mas_store_gfp()：存储时再分配节点",
    },
    "kernel_612": {"en": "Linux 6.12 · mm->mm_mt", "zh_CN": "Linux 6.12 · mm->mm_mt"},
    "kernel_419": {"en": "Linux 4.19 · mm->mm_rb", "zh_CN": "Linux 4.19 · mm->mm_rb"},
    "side_419": {"en": "4.19: {0}", "zh_CN": "4.19：{0}"},
    "step_419": {"en": "4.19 step {0} / {1}", "zh_CN": "4.19 第 {0} / {1} 步"},
    "compare_on": {"en": "4.19 beside 6.12", "zh_CN": "4.19 与 6.12 并排"},
    "compare_off": {"en": "6.12 alone", "zh_CN": "仅 6.12"},
    "no_419": {
        "en": "This lecture has ops that exist only in 6.12: there is no 4.19 side",
        "zh_CN": "本讲含有 6.12 独有的操作：没有 4.19 一侧",
    },
    "autoplay_on": {"en": "autoplay: on", "zh_CN": "自动播放：开"},
    "autoplay_off": {"en": "autoplay: off", "zh_CN": "自动播放：关"},
    "quiz_on": {"en": "quiz: on", "zh_CN": "测验：开"},
    "quiz_off": {"en": "quiz: off", "zh_CN": "测验：关"},
    "predict": {"en": "Predict the next step", "zh_CN": "预测下一步"},
    "click_slot": {
        "en": "A digit, a button or a click on the slot in the drawing answers (Esc skips).",
        "zh_CN": "按数字键、点按钮或在图中点击该槽位作答（Esc 跳过）。",
    },
    "click_choice": {
        "en": "A digit or a button answers (Esc skips).",
        "zh_CN": "按数字键或点按钮作答（Esc 跳过）。",
    },
    "role_node": {"en": "node #{0}", "zh_CN": "节点 #{0}"},
    "role_leaf": {"en": "leaf #{0}", "zh_CN": "叶子 #{0}"},
    "role_sibling": {"en": "sibling #{0}", "zh_CN": "兄弟节点 #{0}"},
    "role_new_node": {"en": "new node #{0}", "zh_CN": "新节点 #{0}"},
    "role_dead_node": {
        "en": "dead node #{0} (freed after a grace period)",
        "zh_CN": "死节点 #{0}（宽限期后释放）",
    },
    "role_parent": {"en": "parent #{0}", "zh_CN": "父节点 #{0}"},
    "p_now": {"en": "Now", "zh_CN": "当前"},
    "p_next": {"en": "Next", "zh_CN": "下一步"},
    "p_notes": {"en": "Notes", "zh_CN": "讲稿"},
    "p_end": {"en": "End of the lecture", "zh_CN": "本讲结束"},
    "p_same_op": {"en": "same op, step {0} of {1}", "zh_CN": "同一操作，第 {0} / {1} 步"},
    "p_no_notes": {"en": "No notes for this op.", "zh_CN": "此操作没有讲稿。"},
    "p_elapsed": {"en": "elapsed {0}", "zh_CN": "已用 {0}"},
    "right": {"en": "Right! {0}", "zh_CN": "答对了！{0}"},
    "wrong": {"en": "Not this time: the kernel chose {0}", "zh_CN": "这次没答对：内核选择了 {0}"},
    "theme": {"en": "theme: {0}", "zh_CN": "主题：{0}"},
    "motion_on": {"en": "reduce motion: on", "zh_CN": "减少动画：开"},
    "motion_off": {"en": "reduce motion: off", "zh_CN": "减少动画：关"},
    "text_px": {"en": "smallest node text: {0} px", "zh_CN": "节点文字最小：{0} 像素"},
    "keys": {"en": "Presentation keys", "zh_CN": "演示按键"},
}

_KEYS: list[tuple[str, dict[str, str]]] = [
    ("→  ↓  PgDn  Space  Enter", {"en": "next step", "zh_CN": "下一步"}),
    ("←  ↑  PgUp  Backspace", {"en": "previous step", "zh_CN": "上一步"}),
    ("Home / End", {"en": "initial state / last step", "zh_CN": "初始状态 / 最后一步"}),
    ("]  Shift+→  Shift+PgDn", {"en": "next op", "zh_CN": "下一个操作"}),
    ("[  Shift+←  Shift+PgUp", {"en": "previous op", "zh_CN": "上一个操作"}),
    (
        "0-9 + Enter",
        {"en": "go to that op (0: the initial state)", "zh_CN": "前往该操作（0：初始状态）"},
    ),
    (
        "0-9 + G",
        {"en": "go to that step of the talk", "zh_CN": "前往本讲的第几步"},
    ),
    ("O", {"en": "list of the ops (chapters)", "zh_CN": "操作列表（章节）"}),
    (
        "K",
        {
            "en": "4.19 beside 6.12 on/off (both step together)",
            "zh_CN": "4.19 与 6.12 并排 开/关（两侧一起前进）",
        },
    ),
    ("B  .", {"en": "black screen (any key returns)", "zh_CN": "黑屏（按任意键返回）"}),
    ("W  ,", {"en": "white screen (any key returns)", "zh_CN": "白屏（按任意键返回）"}),
    ("D / H / L", {"en": "pen / highlighter / laser pointer", "zh_CN": "画笔 / 荧光笔 / 激光笔"}),
    ("E", {"en": "erase the drawing", "zh_CN": "擦除标注"}),
    ("S", {"en": "presenter view on/off", "zh_CN": "演讲者视图 开/关"}),
    ("T", {"en": "next theme", "zh_CN": "下一个主题"}),
    ("M", {"en": "reduce motion on/off", "zh_CN": "减少动画 开/关"}),
    ("A", {"en": "autoplay on/off", "zh_CN": "自动播放 开/关"}),
    ("Q", {"en": "quiz on/off", "zh_CN": "测验 开/关"}),
    ("V", {"en": "ma_state / ma_wr_state on/off", "zh_CN": "ma_state / ma_wr_state 开/关"}),
    ("+ / −", {"en": "bigger / smaller node text", "zh_CN": "放大 / 缩小节点文字"}),
    ("?  F1", {"en": "this sheet", "zh_CN": "本说明"}),
    (
        "Esc  F5",
        {
            "en": "put the pen away / leave the presentation",
            "zh_CN": "收起画笔 / 退出演示",
        },
    ),
]


def say(key: str, lang: str) -> str:
    """The lecture's own word ``key`` in ``lang`` (English when it has no such language)."""
    return text_of(_WORDS[key], lang)


def key_rows(lang: str) -> list[tuple[str, str]]:
    """Every key of the 6.12 presentation and what it does, in ``lang``."""
    return [(keys, text_of(what, lang)) for keys, what in _KEYS]


def classified_at(steps: list[Step612]) -> int | None:
    """Index of the first step that names the write's store type: ``mas_preallocate()``
    (or, on the gfp path, ``mas_wr_store_entry()``) records what ``mas_wr_store_type()``
    chose; None when the op stores nothing. (The ``ma_state`` of the walk carries
    ``wr_invalid`` until then.)"""
    for i, step in enumerate(steps):
        if any(
            isinstance(step.vars.get(key), dict) and "store_type" in step.vars[key]
            for key in ("mas_preallocate", "mas_wr_store_entry")
        ):
            return i
    return None


def heading(k: int, op: OpSpec, out: Outcome, lang: str, known: bool) -> str:
    """The op's heading as the side-by-side window words it (``op612_heading``:
    "8. insert [1001c000,1001d000) → 0 (wr_split_store, …)"), without the store type and
    preallocation until they are ``known`` (the lecture does not give away the step that
    classifies the write)."""
    text = op612_heading(k, op, out, lang)
    if out.store_type and not known:
        text = text.removesuffix(store_words(out, lang))
    return text


def store_line(out: Outcome, lang: str) -> str:
    """The store type and what ``mas_preallocate()`` reserved (the op's recorded facts)."""
    if not out.store_type:
        return ""
    if out.prealloc is None:
        return say("store_gfp", lang).format(out.store_type)
    return say("store", lang).format(out.store_type, out.prealloc)


@cache
def _code_lines() -> dict[str, str]:
    """line id → its pseudo-code line (the last line of a multi-line entry)."""
    data = read_json("pseudocode", "functions612.json")
    out: dict[str, str] = {}
    for entry in data.values():
        for line in entry.get("lines", []):
            lines = [s.strip() for s in str(line.get("code", "")).splitlines() if s.strip()]
            out[str(line.get("id", ""))] = lines[-1] if lines else ""
    return out


def code_line(step: Step612 | None) -> str:
    """``func():  code`` of the line a 6.12 step executes ("" without a step)."""
    if step is None:
        return ""
    code = _code_lines().get(step.line, "")
    return f"{step.func}():  {code}" if code else f"{step.func}()"
