"""The presenter view: what the lecturer sees on the laptop while the hall sees the scene.

Current step (a live miniature of the audience's picture, the op's caption, the step's
sentence and code line), the next step, the op's speaker notes, a wall clock and the
time since the presentation started. Keys typed here drive the presentation exactly as
on the audience's screen. With one screen it opens as an ordinary window ("S").
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QDateTime, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from .lecture.texts import (
    code_line,
    next_position,
    op_caption,
    op_heading,
    op_notes,
    step_sentence,
)
from .presentation import PresentationWindow

_STYLE = (
    "QWidget#presenter_view {{ background: #111214; }}"
    "QLabel {{ color: #f1f3f5; font-size: {px}px; }}"
    "QLabel[role='clock'] {{ font-size: {big}px; font-weight: bold; color: #ffffff; }}"
    "QLabel[role='elapsed'] {{ font-size: {big}px; font-weight: bold; color: #ffd43b; }}"
    "QLabel[role='head'] {{ color: #74c0fc; font-weight: bold; font-size: {small}px; }}"
    "QLabel[role='code'] {{ color: #ffd43b; font-family: 'DejaVu Sans Mono', monospace;"
    " font-size: {small}px; }}"
    "QLabel[role='notes'] {{ font-size: {notes}px; }}"
    "QLabel[role='next'] {{ color: #ced4da; }}"
    "QFrame[role='box'] {{ border: 2px solid #495057; border-radius: 8px; }}"
)


class PresenterView(QWidget):
    """The lecturer's screen for ``presentation`` (a ``PresentationWindow``)."""

    def __init__(self, presentation: PresentationWindow) -> None:
        super().__init__(presentation, Qt.WindowType.Window)
        self.setObjectName("presenter_view")
        self.setWindowTitle(self.tr("VMA Studio — presenter view"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.presentation = presentation
        self.document = presentation.document
        self.clock_label = self._label("clock")
        self.elapsed_label = self._label("elapsed")
        self.position_label = self._label("elapsed")
        self.now_heading = self._label("head")
        self.now_caption = self._label("")
        self.now_sentence = self._label("")
        self.now_code = self._label("code")
        self.next_heading = self._label("head")
        self.next_sentence = self._label("next")
        self.notes_label = self._label("notes")
        self.notes_label.setTextFormat(Qt.TextFormat.RichText)
        self.mini = QGraphicsView(presentation.scene, self)
        self.mini.setObjectName("presenter_preview")
        self.mini.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mini.setInteractive(False)
        self.mini.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.mini.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setMinimumHeight(240)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        presentation.position_shown.connect(self._on_presentation_position_shown)
        self.apply_scale()
        self._on_timer_timeout()
        self.refresh()

    def _label(self, role: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(role not in ("clock", "elapsed", "code"))
        label.setProperty("role", role)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _box(self, title: str, *widgets: QWidget, stretch: QWidget | None = None) -> QFrame:
        box = QFrame(self)
        box.setProperty("role", "box")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        head = self._label("head")
        head.setText(title)
        layout.addWidget(head)
        for w in widgets:
            layout.addWidget(w, 1 if w is stretch else 0)
        if stretch is None:
            layout.addStretch(1)
        return box

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.clock_label)
        top.addSpacing(40)
        top.addWidget(self.elapsed_label)
        top.addStretch(1)
        top.addWidget(self.position_label)
        now = self._box(
            self.tr("Now"),
            self.now_heading,
            self.mini,
            self.now_caption,
            self.now_sentence,
            self.now_code,
            stretch=self.mini,
        )
        now.setObjectName("now_box")
        nxt = self._box(self.tr("Next"), self.next_heading, self.next_sentence)
        nxt.setObjectName("next_box")
        notes = self._box(self.tr("Notes"), self.notes_label)
        notes.setObjectName("notes_box")
        grid = QGridLayout()
        grid.addWidget(now, 0, 0, 2, 1)
        grid.addWidget(nxt, 0, 1)
        grid.addWidget(notes, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    def apply_scale(self) -> None:
        height = self.screen().geometry().height() if self.screen() is not None else 1080
        px = max(16, height // 48)
        self.setStyleSheet(
            _STYLE.format(px=px, big=int(px * 2.0), small=int(px * 0.85), notes=int(px * 1.1))
        )

    def apply_theme(self, _name: str) -> None:
        """The lecturer's screen keeps its own dark look; only the miniature follows."""
        self._fit_mini()

    # -- contents -------------------------------------------------------------------------------
    def refresh(self) -> None:
        d = self.document
        p = self.presentation
        lang = p.settings.lang
        op, step_index = d.op, d.step
        step = d.current_step()
        self.position_label.setText(p.position_label.text())
        self.now_heading.setText(op_heading(d, op, lang))
        self.now_caption.setText(op_caption(d, op, lang))
        self.now_sentence.setText(step_sentence(step, lang))
        self.now_code.setText(code_line(step))
        nxt = next_position(d, op, step_index)
        if nxt is None:
            self.next_heading.setText(self.tr("End of the scenario"))
            self.next_sentence.setText("")
        else:
            k, s = nxt
            steps = d.frames(k).steps if k >= 1 else []
            heading = (
                op_heading(d, k, lang)
                if k != op
                else self.tr("same op, step {0} of {1}").format(s + 1, len(steps))
            )
            self.next_heading.setText(heading)
            following = steps[s] if s < len(steps) else None
            text = step_sentence(following, lang)
            if k != op and op_caption(d, k, lang):
                text = op_caption(d, k, lang) + "\n\n" + text
            self.next_sentence.setText(text)
        notes = op_notes(d, op, lang)
        self.notes_label.setText(
            html.escape(notes).replace("\n", "<br>")
            if notes
            else "<i>" + html.escape(self.tr("No notes for this op.")) + "</i>"
        )
        self._fit_mini()

    def notes_text(self) -> str:
        return op_notes(self.document, self.document.op, self.presentation.settings.lang)

    def _fit_mini(self) -> None:
        rect = self.presentation.scene.sceneRect()
        if not rect.isEmpty():
            self.mini.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    @Slot(int, int)
    def _on_presentation_position_shown(self, _op: int, _step: int) -> None:
        self.refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clock_label.setText(QDateTime.currentDateTime().toString("HH:mm:ss"))
        elapsed = int(time.monotonic() - self.presentation.started)
        h, rest = divmod(elapsed, 3600)
        m, s = divmod(rest, 60)
        self.elapsed_label.setText(
            self.tr("elapsed {0}").format(f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}")
        )

    # -- Qt overrides ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_R and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.presentation.started = time.monotonic()
            self._on_timer_timeout()
            event.accept()
            return
        if self.presentation.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_mini()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self.presentation.presenter is self:
            self.presentation.presenter = None
        super().closeEvent(event)
