"""What the lecture and the presenter view say: the numbering of a talk's steps, op
headings, captions, notes, the pseudo-code line of a step, and the key sheet."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication

from ...engine import wording
from ...engine.scenario import text_of
from ...engine.trace import TraceStep
from ...model.document import Document
from ...view.panels.code_panel import pseudocode


class StepIndex:
    """Numbers every position of a talk: 0 is the initial state, then 1, 2, … for each
    step of each op in order (what "7 G" goes to).

    Counting steps traces each op once, so the numbering is built lazily and only up to
    ``limit`` ops; past that (a 65,530-op maps import) numbers name ops instead.
    """

    def __init__(self, document: Document, limit: int = 400) -> None:
        self.document = document
        self.limit = limit
        self._starts: list[int] = [1]  # _starts[k-1]: global number of op k's first step

    def reset(self) -> None:
        self._starts = [1]

    @property
    def by_op(self) -> bool:
        return self.document.op_count() > self.limit

    def _extend_to(self, k: int) -> None:
        d = self.document
        while len(self._starts) < k + 1 and len(self._starts) <= d.op_count():
            n = len(self._starts)
            self._starts.append(self._starts[-1] + d.step_count(n))

    def number(self, op: int, step: int) -> int:
        if op == 0:
            return 0
        if self.by_op:
            return op
        self._extend_to(op)
        return self._starts[op - 1] + step

    def total(self) -> int:
        d = self.document
        if self.by_op:
            return d.op_count()
        self._extend_to(d.op_count())
        return self._starts[d.op_count()] - 1

    def position(self, number: int) -> tuple[int, int]:
        """The (op, step) of global ``number``, clamped to the talk."""
        d = self.document
        if number <= 0 or d.op_count() == 0:
            return (0, 0)
        if self.by_op:
            return (min(number, d.op_count()), 0)
        number = min(number, self.total())
        for k in range(1, d.op_count() + 1):
            if self._starts[k] > number:
                return (k, number - self._starts[k - 1])
        n = d.op_count()
        return (n, max(0, d.step_count(n) - 1))


def _tr(text: str) -> str:
    return QCoreApplication.translate("PresentationWindow", text)


@cache
def _code_lines() -> dict[str, tuple[str, str]]:
    """line id → (function, code) from the pseudo-code resource."""
    out: dict[str, tuple[str, str]] = {}
    for func, entry in pseudocode().items():
        for line in entry.get("lines", []):
            out[str(line["id"])] = (str(func), str(line["code"]).strip())
    return out


def code_line(step: TraceStep | None) -> str:
    """``func(): code`` of the line a step executes ("" when unknown)."""
    if step is None:
        return ""
    found = _code_lines().get(step.line)
    if found is None:
        return f"{step.func}()"
    func, code = found
    return f"{step.func or func}():  {code}"


def op_heading(document: Document, k: int, lang: str = "en") -> str:
    """A short name of op ``k`` ("5. insert [300000,310000) → 0")."""
    if k == 0:
        return _tr("Initial state: {0} VMAs").format(len(document.state(0).nodes))
    return wording.op_heading(
        k, document.scenario.ops[k - 1], document.timeline.results[k - 1], lang
    )


def op_caption(document: Document, k: int, lang: str) -> str:
    if k == 0:
        return text_of(document.scenario.title, lang)
    return text_of(document.scenario.ops[k - 1].caption, lang)


def op_notes(document: Document, k: int, lang: str) -> str:
    if k == 0:
        return text_of(document.scenario.notes, lang)
    return text_of(document.scenario.ops[k - 1].notes, lang)


step_sentence = wording.step_sentence


def next_position(document: Document, op: int, step: int) -> tuple[int, int] | None:
    if op >= 1 and step + 1 < document.step_count(op):
        return (op, step + 1)
    if op < document.op_count():
        return (op + 1, 0)
    return None


def shortcut_rows() -> list[tuple[str, str]]:
    """Every key of the presentation and what it does (the "?" sheet)."""
    return [
        ("→  ↓  PgDn  Space  Enter", _tr("next step")),
        ("←  ↑  PgUp  Backspace", _tr("previous step")),
        ("Home / End", _tr("first / last step")),
        ("]  Shift+→  Shift+PgDn", _tr("next op")),
        ("[  Shift+←  Shift+PgUp", _tr("previous op")),
        (_tr("number + Enter"), _tr("go to that op")),
        (_tr("number + G"), _tr("go to that step of the talk")),
        ("O", _tr("list of the ops (chapters)")),
        ("B  .", _tr("black screen (any key returns)")),
        ("W  ,", _tr("white screen (any key returns)")),
        ("D / H / L", _tr("pen / highlighter / laser pointer")),
        ("E", _tr("erase the annotations")),
        ("T", _tr("next theme: light, dark, high contrast")),
        ("M", _tr("reduce motion on/off")),
        ("A", _tr("autoplay on/off")),
        ("S", _tr("presenter view on/off")),
        ("Q", _tr("quiz: predict each decision before it is shown")),
        ("V", _tr("pointer view on/off")),
        ("+ / −", _tr("bigger / smaller labels")),
        ("?  F1", _tr("this sheet")),
        ("Esc  F5", _tr("leave the presentation")),
    ]
