"""The lecture's chapter list (one line per op) and the words the lecture itself says.

The lecture speaks the lecture's language (``PresentationSettings.lang``), which may
differ from the window's, so its own few words (the counter, the chapter sheet, the
commit arithmetic) carry both languages here; op headings, results and step sentences
come from ``engine/wording.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...engine.overcommit import OVERCOMMIT_ALWAYS, OVERCOMMIT_NEVER, MemoryConfig
from ...engine.scenario import text_of
from ...engine.trace import TraceStep

_WORDS: dict[str, dict[str, str]] = {
    "counter": {"en": "op {0} / {1} · step {2} / {3}", "zh_CN": "操作 {0} / {1} · 第 {2} / {3} 步"},
    "counter_initial": {"en": "initial state · {0} ops", "zh_CN": "初始状态 · 共 {0} 个操作"},
    "counter_op": {"en": "op {0} / {1}", "zh_CN": "操作 {0} / {1}"},
    "chapters": {"en": "Ops of this lecture", "zh_CN": "本讲的操作"},
    "chapters_hint": {
        "en": "↑ ↓ choose · Enter go · number + Enter: that op · O or Esc: close",
        "zh_CN": "↑ ↓ 选择 · Enter 前往 · 数字 + Enter：该操作 · O 或 Esc：关闭",
    },
    "go_op": {"en": "go to op {0}", "zh_CN": "前往操作 {0}"},
    "commit": {
        "en": "commit check: vm_committed_as {0} pages + {1} pages asked → {2}",
        "zh_CN": "提交检查：vm_committed_as {0} 页 + 申请 {1} 页 → {2}",
    },
    "limit_never": {
        "en": "{0} + {1} = {2} pages charged, {3} {4} allowed",
        "zh_CN": "已记账 {0} + {1} = {2} 页，{3} 上限 {4} 页",
    },
    "limit_guess": {
        "en": "{0} pages asked, {1} {2} pages free after the reserves",
        "zh_CN": "申请 {0} 页，{1} 扣除保留后空闲 {2} 页",
    },
    "policy_never": {
        "en": "vm.overcommit_memory = 2 (never): the total must stay under the commit limit"
        " (overcommit_ratio {0} % of RAM + swap)",
        "zh_CN": "vm.overcommit_memory = 2（从不超额）：总量须低于提交上限"
        "（内存的 overcommit_ratio {0} % + 交换区）",
    },
    "policy_always": {
        "en": "vm.overcommit_memory = 1 (always): every request is accepted",
        "zh_CN": "vm.overcommit_memory = 1（总是）：每个请求都被接受",
    },
    "policy_guess": {
        "en": "vm.overcommit_memory = 0 (heuristic): the request is compared with free memory",
        "zh_CN": "vm.overcommit_memory = 0（启发式）：请求与空闲内存比较",
    },
}


def say(key: str, lang: str) -> str:
    """The lecture's own word ``key`` in ``lang`` (English when it has no such language)."""
    return text_of(_WORDS[key], lang)


def counter_text(op: int, ops: int, step: int, steps: int, lang: str, *, by_op: bool) -> str:
    """ "op 8 / 10 · step 12 / 14" (``step`` 0-based; a huge talk counts ops only)."""
    if op == 0:
        return say("counter_initial", lang).format(ops)
    if by_op:
        return say("counter_op", lang).format(op, ops)
    return say("counter", lang).format(op, ops, step + 1, max(1, steps))


def commit_text(step: TraceStep | None, memory: MemoryConfig, lang: str) -> str:
    """The commit arithmetic of a VM_ACCOUNT check, from the step's own figures
    (``pages``, ``committed``, ``verdict``) and the machine's overcommit policy, or ""."""
    if step is None or step.kind != "account_check":
        return ""
    p = step.params
    if not all(k in p for k in ("pages", "committed", "verdict")):
        return ""
    before = p.get("committed_before", p["committed"])
    line = say("commit", lang).format(before, p["pages"], p["verdict"])
    limit = p.get("limit", "")
    if limit:
        # The comparison the kernel made, from the engine's own figures.
        ok = p["verdict"] == "0"
        total = int(before) + int(p["pages"])
        if memory.overcommit_memory == OVERCOMMIT_NEVER:
            sign = "<" if ok else "≥"
            line += "\n" + say("limit_never", lang).format(before, p["pages"], total, sign, limit)
        else:
            sign = "<" if ok else "≥"
            line += "\n" + say("limit_guess", lang).format(p["pages"], sign, limit)
    if memory.overcommit_memory == OVERCOMMIT_NEVER:
        policy = say("policy_never", lang).format(memory.overcommit_ratio)
    elif memory.overcommit_memory == OVERCOMMIT_ALWAYS:
        policy = say("policy_always", lang)
    else:
        policy = say("policy_guess", lang)
    return f"{line}\n{policy}"


class ChapterSheet(QFrame):
    """One line per op ("5. insert [300000,310000) → 0"), the current one selected.

    Keys come from the lecture window (it owns the keyboard): ``move_selection()`` and ``choose()``;
    a click on a line chooses it too. ``chosen(op)`` says which op to go to."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("chapter_sheet")
        self.title = QLabel(self)
        self.title.setObjectName("chapter_title")
        self.hint = QLabel(self)
        self.hint.setObjectName("chapter_hint")
        self.list = QListWidget(self)
        self.list.setObjectName("chapter_list")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.hide()

    def fill(self, headings: list[str], current: int, lang: str) -> None:
        """Show ``headings`` (index 0 = op 1) with op ``current`` selected."""
        self.title.setText(say("chapters", lang))
        self.hint.setText(say("chapters_hint", lang))
        self.list.clear()
        for k, text in enumerate(headings, start=1):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, k)
            item.setToolTip(text)
            self.list.addItem(item)
        if headings:
            self.list.setCurrentRow(min(max(current, 1), len(headings)) - 1)

    def selected_op(self) -> int:
        return self.list.currentRow() + 1

    def move_selection(self, delta: int) -> None:
        """Move the selection ``delta`` lines (clamped)."""
        n = self.list.count()
        if n:
            self.list.setCurrentRow(min(max(self.list.currentRow() + delta, 0), n - 1))

    def choose(self) -> None:
        if self.list.count():
            self.chosen.emit(self.selected_op())

    @Slot(QListWidgetItem)
    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.choose()
