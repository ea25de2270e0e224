"""The Linux 6.12 quiz in a window: a question card, its score, and the side-by-side hook.

``Quiz612`` keeps the score and the questions already asked; ``Quiz612Panel`` shows a
``Question612`` (engine/quiz612.py) in the window's language with one button per choice
(two columns when there are many: a leaf has up to 16 slots); ``SideBySideQuiz`` hangs the
quiz on ``SideBySideWindow``: a checkable "Quiz" action (Q, remembered in QSettings), the
card over the maple drawing, digits 1–9 (0 for the tenth) and a click on a slot of the
node the question is about, Esc to skip, and the verdict flashed when the step is shown.
The answer is always the trace's: nothing here decides kernel behaviour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..engine.frames612 import OpFrames612, Timeline612
from ..engine.quiz612 import Question612, question_before
from ..view.maple.layout import CELL_W, PAD
from ..view.maple.node_item import MapleNodeItem
from .quiz import QuizScore

if TYPE_CHECKING:
    from .side_by_side import SideBySideWindow

#: QSettings key of the side-by-side window's quiz toggle.
SETTING = "side_by_side/quiz"
#: How long the verdict stays on screen (ms).
VERDICT_MS = 3500
#: More choices than this are laid out in two columns.
ONE_COLUMN = 5
_DIGITS = "1234567890"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Quiz612", text)


def _settings() -> QSettings:
    """The application's settings (tests point this at a scratch file)."""
    return QSettings()


class Quiz612(QuizScore[Question612]):
    """The score of one window's 6.12 quiz and the questions it has asked."""

    def question_before(
        self, source: Timeline612 | OpFrames612, op: int, step: int
    ) -> Question612 | None:
        """The question to ask before moving onto (op, step), once per step."""
        if not self.may_ask(op, step):
            return None
        return question_before(source, op, step)


class Quiz612Panel(QFrame):
    """The question and its answer buttons (numbered: the digit keys answer too)."""

    answered = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("quiz_panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            "QFrame#quiz_panel { background: #fffdf5; border: 3px solid #ef6c00;"
            " border-radius: 10px; }"
            "QLabel#quiz_prompt { font-size: 15px; color: #212121; }"
            "QFrame#quiz_panel QPushButton { font-size: 13px; text-align: left;"
            " padding: 5px 10px; color: #212121; background: #ffffff;"
            " border: 1px solid #9e9e9e; border-radius: 6px; }"
            "QFrame#quiz_panel QPushButton:hover { border: 2px solid #ef6c00; }"
        )
        self.prompt = QLabel(self)
        self.prompt.setObjectName("quiz_prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.buttons: list[QPushButton] = []
        self.question: Question612 | None = None
        self._grid = QGridLayout()
        self._grid.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.prompt)
        layout.addLayout(self._grid)
        self.hide()

    def ask(self, question: Question612, lang: str) -> None:
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self.question = question
        hint = (
            _tr("Answer with a button, a digit key, or a click on the slot (Esc skips).")
            if question.kind == "slot"
            else _tr("Answer with a button or a digit key (Esc skips).")
        )
        self.prompt.setText(
            "<b>"
            + html.escape(_tr("Predict the next step"))
            + "</b><br>"
            + html.escape(question.prompt_in(lang))
            + "<br><i>"
            + html.escape(hint)
            + "</i>"
        )
        columns = 2 if len(question.choices) > ONE_COLUMN else 1
        rows = (len(question.choices) + columns - 1) // columns
        for i, (key, _label) in enumerate(question.choices):
            number = f"{_DIGITS[i]}. " if i < len(_DIGITS) else ""
            button = QPushButton(number + question.label(key, lang), self)
            button.setObjectName(f"quiz_choice_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if number:
                button.setToolTip(_tr("Key {0}").format(_DIGITS[i]))
            button.clicked.connect(lambda _=False, k=key: self.answered.emit(k))
            # Column-major: the offsets read down the first column, then the second.
            self._grid.addWidget(button, i % rows, i // rows)
            self.buttons.append(button)
        # As wide as the longest choice (the window caps it at the drawing's width).
        for button in self.buttons:
            button.ensurePolished()  # the style sheet's padding counts in its size
        widest = max((b.sizeHint().width() for b in self.buttons), default=300)
        width = columns * widest + (columns - 1) * 6 + 2 * 16 + 8
        self.setFixedWidth(max(420, width))
        self.adjustSize()
        self.show()
        self.raise_()

    def key_for_digit(self, digit: str) -> str | None:
        """The choice key a digit key stands for, if that many choices exist."""
        question = self.question
        if question is None or digit not in _DIGITS:
            return None
        i = _DIGITS.index(digit)
        return question.choices[i][0] if i < len(question.choices) else None


class SideBySideQuiz(QObject):
    """The quiz of a ``SideBySideWindow``: asked when its 6.12 side steps forward."""

    def __init__(self, window: SideBySideWindow) -> None:
        super().__init__(window)
        self.window = window
        self.quiz = Quiz612(self)
        self.settings = _settings()
        view = window.maple_view
        self.panel = Quiz612Panel(view)
        self.panel.answered.connect(self.answer)
        self.verdict = QLabel(view)
        self.verdict.setObjectName("quiz_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        self._verdict_timer = QTimer(self)
        self._verdict_timer.setSingleShot(True)
        self._verdict_timer.timeout.connect(self.verdict.hide)
        #: (op, step) the window was at when the question was asked.
        self._from: tuple[int, int] | None = None
        #: The headings blanked while a question is up, with their texts.
        self._headings: list[tuple[QLabel, str]] = []
        self.action = QAction(_tr("Quiz"), window)
        self.action.setObjectName("quiz_action")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_Q))
        self.action.setToolTip(
            _tr("Quiz: predict the 6.12 side's decisions before they are shown ({0})").format("Q")
        )
        self.action.setChecked(bool(self.settings.value(SETTING, False, type=bool)))
        self.quiz.enabled = self.action.isChecked()
        self.action.toggled.connect(self._on_action_toggled)
        self._keys: list[QShortcut] = []
        for digit in _DIGITS:
            shortcut = QShortcut(QKeySequence(digit), window)
            shortcut.activated.connect(lambda d=digit: self._on_digit(d))
            self._keys.append(shortcut)
        skip = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        skip.activated.connect(self.skip)
        self._keys.append(skip)
        self._set_keys(False)
        view.viewport().installEventFilter(self)
        for bar_action in window.findChildren(QAction):
            if bar_action is not self.action:
                bar_action.triggered.connect(self._on_window_navigated)
        bar = window.findChild(QToolBar, "side_by_side_toolbar")
        if isinstance(bar, QToolBar):
            bar.addAction(self.action)
        else:
            window.addAction(self.action)

    # -- the hook in the window's step-forward path --------------------------------------------
    def holds(self, op: int, current: int, target: int) -> bool:
        """True when moving the 6.12 side from step ``current`` to ``target`` of ``op``
        first asks a question (shown now; its answer steps on)."""
        if target != current + 1:
            return False
        if self.quiz.pending is not None and self._from == (op, current):
            self._blank_headings(op)  # the 4.19 side may have stepped and redrawn them
            return True  # already asking this one
        question = self.quiz.question_before(self.window.timeline612, op, target)
        if question is None:
            return False
        self.quiz.pending = question
        self._from = (op, current)
        self.verdict.hide()
        self._blank_headings(op)
        self.panel.ask(question, self.window.lang)
        self._set_keys(True)
        self._place(question)
        return True

    def answer(self, key: str) -> None:
        """Mark ``key``, hide the card, show the step, flash the verdict."""
        question = self.quiz.pending
        if question is None:
            return
        ok = self.quiz.check(key)
        self._close()
        lang = self.window.lang
        if ok:
            text = _tr("Right: {0}").format(question.label(key, lang))
            colour = "#2e7d32"
        else:
            text = _tr("Not quite — you said {0}; the kernel: {1}").format(
                question.label(key, lang), question.label(question.answer, lang)
            )
            colour = "#c62828"
        score = _tr("score {0} / {1}").format(self.quiz.right, self.quiz.right + self.quiz.wrong)
        self.verdict.setStyleSheet(
            f"QLabel#quiz_verdict {{ background: {colour}; color: white; font-size: 15px;"
            " padding: 8px 14px; border-radius: 8px; }"
        )
        self.verdict.setText(f"{html.escape(text)} · {html.escape(score)}")
        if (self.window.op, self.window.step612) == (question.op, question.step - 1):
            self.window.step_612(1)  # asked now: it steps on
        self._flash()

    def skip(self) -> None:
        if self.quiz.pending is not None:
            self.quiz.skip()
            self._close()

    # -- internals -------------------------------------------------------------------------------
    def _on_action_toggled(self, on: bool) -> None:
        self.quiz.enabled = on
        self.settings.setValue(SETTING, on)
        if not on:
            self.skip()

    def _on_digit(self, digit: str) -> None:
        key = self.panel.key_for_digit(digit)
        if key is not None:
            self.answer(key)

    def _on_window_navigated(self) -> None:
        """Another op or step was chosen while a question was up: the question goes."""
        if self.quiz.pending is not None and self._from != (
            self.window.op,
            self.window.step612,
        ):
            self.quiz.pending = None
            self._headings = []  # the window has drawn the new position's headings
            self._close()

    def _blank_headings(self, op: int) -> None:
        """The op headings name the outcome (result, store type): not while asking."""
        blank = _tr("op {0}: predict the next step").format(op)
        saved = dict(self._headings)
        self._headings = []
        for label in self._heading_labels():
            text = label.text()
            self._headings.append((label, saved.get(label, text) if text == blank else text))
            label.setText(blank)

    def _heading_labels(self) -> list[QLabel]:
        w = self.window
        return [label for label in (w.heading612, w.heading419) if isinstance(label, QLabel)]

    def _close(self) -> None:
        for label, text in self._headings:
            label.setText(text)
        self._headings = []
        self.panel.hide()
        self._set_keys(False)
        self._from = None

    def _set_keys(self, on: bool) -> None:
        for shortcut in self._keys:
            shortcut.setEnabled(on)

    def _node_item(self, nid: int | None) -> MapleNodeItem | None:
        return self.window.maple_scene.node_item(nid) if nid is not None else None

    def _place(self, question: Question612) -> None:
        """The card in the corner of the drawing farthest from the node asked about."""
        view = self.window.maple_view
        item = self._node_item(question.node)
        avoid = QRect()
        port = view.viewport().rect()
        if item is not None:
            avoid = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            if not avoid.intersects(port):
                view.centerOn(item)  # the node asked about must be on screen
                avoid = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        w = min(self.panel.width(), port.width() - 16)
        self.panel.setFixedWidth(w)
        h = min(self.panel.heightForWidth(w) if self.panel.hasHeightForWidth() else 0, 10_000)
        h = min(max(h, self.panel.sizeHint().height()), port.height() - 16)
        corners = [
            QPoint(port.right() - w - 8, 8),
            QPoint(8, 8),
            QPoint(port.right() - w - 8, port.bottom() - h - 8),
            QPoint(8, port.bottom() - h - 8),
        ]

        def overlap(corner: QPoint) -> int:
            shared = QRect(corner.x(), corner.y(), w, h).intersected(avoid)
            return shared.width() * shared.height() if shared.isValid() else 0

        best = min(corners, key=overlap)  # the first corner of the least overlap
        self.panel.setGeometry(best.x(), best.y(), w, h)

    def _flash(self) -> None:
        view = self.window.maple_view
        self.verdict.setFixedWidth(max(200, min(view.viewport().width() - 40, 720)))
        self.verdict.setFixedHeight(self.verdict.heightForWidth(self.verdict.width()))
        self.verdict.move(20, view.viewport().height() - self.verdict.height() - 20)
        self.verdict.show()
        self.verdict.raise_()
        self._verdict_timer.start(VERDICT_MS)

    def slot_at(self, pos: QPoint) -> str | None:
        """The slot of the node asked about under viewport point ``pos`` (its column)."""
        question = self.quiz.pending
        if question is None or question.kind != "slot":
            return None
        item = self._node_item(question.node)
        if item is None:
            return None
        local = item.mapFromScene(self.window.maple_view.mapToScene(pos))
        if not item.boundingRect().contains(local):
            return None
        column = int((local.x() - PAD) // CELL_W)
        key = str(column)
        return key if column >= 0 and key in question.choice_keys() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            key = self.slot_at(event.position().toPoint())
            if key is not None:
                self.answer(key)
                return True
        return super().eventFilter(watched, event)
