"""Quiz mode: predict the kernel's next decision before the presentation reveals it.

Before a decisive step (which way the descent goes, whether the insert overlaps, where the
new node hangs, which rebalancing case applies) the presentation pauses on a question; the
audience's answer (clicked on a big button, typed as 1–4, or — for "where does it hang" —
clicked on an empty slot of the scene) is compared with the step the trace holds, then the
step is shown and the verdict flashed. The answer always comes from the trace: this module
never works out kernel behaviour itself.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ..engine.snapshot import Snapshot
from ..engine.trace import TraceStep
from ..model.document import Document


def _tr(text: str) -> str:
    return QCoreApplication.translate("Quiz", text)


@dataclass(frozen=True, slots=True)
class Question:
    """A prediction asked just before step ``step`` of op ``op`` is shown."""

    op: int
    step: int
    prompt: str
    #: (answer key, label) in the order the buttons show them.
    choices: tuple[tuple[str, str], ...]
    answer: str
    #: The tree node the question is about (the camera shows it), if any.
    node: int | None = None
    #: "choice": answered with a button or a digit; "slot": by clicking an empty slot on
    #: the scene (``choices`` then names every slot that may be clicked, ``slot_key`` form).
    kind: str = "choice"


def slot_key(node: int | None, side: str) -> str:
    """The answer key of a link slot: ``"root"`` (``mm->mm_rb``) or ``"<parent id hex>:<side>"``
    (``node`` is the parent VMA's id, as the scene's slot keys and the trace's roles name it)."""
    if node is None or side == "root":
        return "root"
    return f"{node:x}:{side}"


def _slot_choices(before: Snapshot) -> tuple[tuple[str, str], ...]:
    """Every empty slot of the tree in ``before``, in address order, with its label."""
    if before.root is None:
        return (("root", _tr("mm->mm_rb (the tree is empty)")),)
    out: list[tuple[str, str]] = []
    for key in sorted(before.nodes, key=lambda k: before.nodes[k].start):
        node = before.nodes[key]
        where = f"[{node.start:x}, {node.end:x})"
        if node.left is None:
            out.append((slot_key(key, "left"), _tr("rb_left of {0}").format(where)))
        if node.right is None:
            out.append((slot_key(key, "right"), _tr("rb_right of {0}").format(where)))
    return tuple(out)


def _descent_answer(step: TraceStep) -> str | None:
    if step.kind == "descend_left":
        return "left"
    if step.kind == "descend_right":
        return "right"
    if step.kind == "overlap":
        return "overlap"
    return None


def _case_answer(step: TraceStep) -> str | None:
    case = step.case
    if step.kind == "parent_black":
        return "none"
    if case.startswith("insert case 1"):
        return "case1"
    if case.startswith("insert case 2"):
        return "case2"
    if case.startswith("insert case 3"):
        return "case3"
    return None


def question_at(document: Document, op: int, step: int) -> Question | None:
    """The question to ask before (op, step) is shown, or None for an ordinary step."""
    if op < 1 or op > document.op_count():
        return None
    frames = document.frames(op)
    steps = frames.steps
    if step >= len(steps):
        return None
    current = steps[step]
    where = frames.subject
    rng = f"[{where.start:x}, {where.end:x})" if where is not None else ""
    answer = _descent_answer(current)
    if answer is not None:
        node = current.roles.get("current", current.roles.get("conflict"))
        if not isinstance(node, int):
            return None
        # ``node`` is a VMA id: the prompt names the VMA by its range (its vm_start).
        known = frames.before.nodes.get(node)
        if known is not None:
            at = f"[{known.start:x}, {known.end:x})"
        else:
            at = f"{current.starts.get(node, node):x}"
        return Question(
            op,
            step,
            _tr("Inserting {0}: at the node {1}, what does find_vma_links() do?").format(rng, at),
            (
                ("left", _tr("go left (rb_left)")),
                ("right", _tr("go right (rb_right)")),
                ("overlap", _tr("stop: overlap, -ENOMEM")),
            ),
            answer,
            node,
        )
    if current.kind == "slot_found":
        link = current.roles.get("link_slot")
        if not isinstance(link, dict):
            return None
        parent = link.get("node")
        return Question(
            op,
            step,
            _tr(
                "Inserting {0}: where does the new node hang? Click the empty slot on the scene."
            ).format(rng),
            _slot_choices(frames.before),
            slot_key(parent if isinstance(parent, int) else None, str(link.get("side"))),
            parent if isinstance(parent, int) else None,
            kind="slot",
        )
    answer = _case_answer(current)
    previous = steps[step - 1] if step > 0 else None
    if answer is not None and (previous is None or _case_answer(previous) is None):
        return Question(
            op,
            step,
            _tr("The new node is linked red. Which fix-up does the kernel apply first?"),
            (
                ("none", _tr("none: the parent is black")),
                ("case1", _tr("case 1: red uncle, recolour")),
                ("case2", _tr("case 2: inner child, rotate at the parent")),
                ("case3", _tr("case 3: outer child, rotate at the grandparent")),
            ),
            answer,
            where.start if where is not None else None,
        )
    return None


class QuizPanel(QFrame):
    """The question and its answer buttons: a compact card laid over a corner of the
    stage, away from what the question is about (the lecture window places it)."""

    answered = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("quiz_panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("quiz_prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.buttons: list[QPushButton] = []
        # One button per line: the card stays narrow enough for a corner of the stage.
        self._row = QVBoxLayout()
        self._row.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.prompt)
        layout.addLayout(self._row)
        self.hide()

    def ask(self, question: Question) -> None:
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self.prompt.setText(
            "<b>"
            + html.escape(_tr("Predict the next step"))
            + "</b><br>"
            + html.escape(question.prompt)
        )
        if question.kind == "slot":
            self.prompt.setText(
                self.prompt.text()
                + "<br><i>"
                + html.escape(_tr("Click a NULL slot in the tree (Esc skips)."))
                + "</i>"
            )
            self.show()
            self.raise_()
            return
        for i, (key, label) in enumerate(question.choices, start=1):
            button = QPushButton(f"{i}. {label}", self)
            button.setObjectName(f"quiz_choice_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.answered.emit(k))
            self._row.addWidget(button)
            self.buttons.append(button)
        self.show()
        self.raise_()


class Asked(Protocol):
    """What the score needs of a question: where it is asked and the trace's answer."""

    @property
    def op(self) -> int: ...

    @property
    def step(self) -> int: ...

    @property
    def answer(self) -> str: ...


AskedT = TypeVar("AskedT", bound=Asked)


class QuizScore(QObject, Generic[AskedT]):
    """The score of one quiz (either kernel's) and the steps it has asked about."""

    #: An answer was checked: (the answer given, the trace's answer, right?).
    checked = Signal(str, str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = False
        self.pending: AskedT | None = None
        self.asked: set[tuple[int, int]] = set()
        self.right = 0
        self.wrong = 0

    def may_ask(self, op: int, step: int) -> bool:
        """Whether a question may be asked before (op, step): on, and once per step."""
        return self.enabled and (op, step) not in self.asked

    def skip(self) -> None:
        """Drop the pending question unmarked (it is not asked again)."""
        if self.pending is not None:
            self.asked.add((self.pending.op, self.pending.step))
            self.pending = None

    def check(self, answer: str) -> bool:
        """Mark ``answer`` to the pending question against the trace."""
        question = self.pending
        if question is None:
            return False
        self.pending = None
        self.asked.add((question.op, question.step))
        ok = answer == question.answer
        if ok:
            self.right += 1
        else:
            self.wrong += 1
        self.checked.emit(answer, question.answer, ok)
        return ok


class Quiz(QuizScore[Question]):
    """Keeps the score of one 4.x presentation's quiz."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document

    def question_before(self, op: int, step: int) -> Question | None:
        """The question to ask before moving onto (op, step), once per step."""
        if not self.may_ask(op, step):
            return None
        return question_at(self.document, op, step)


def answer_label(question: Question, key: str) -> str:
    return next((label for k, label in question.choices if k == key), key)
