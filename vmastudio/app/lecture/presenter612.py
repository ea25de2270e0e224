"""The 6.12 lecture's presenter view: what the lecturer sees on the laptop (S).

Now (a live miniature of what the hall sees, the op's heading and caption, the step's
sentence and kernel line), the next step, the op's speaker notes, a wall clock and the
time since the talk started. Keys typed here drive the lecture as on the hall's screen;
Ctrl+R restarts the clock. With two screens it opens on the lecturer's one by itself.
It reads the lecture window (``MaplePresentation``) and the trace, never the tree.
"""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QObject, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...engine.scenario import text_of
from .words612 import code_line, heading, say

if TYPE_CHECKING:
    from ..maple_presentation import MaplePresentation

_STYLE = (
    "QWidget#presenter612 {{ background: #111214; }}"
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


class Presenter612(QWidget):
    """The lecturer's screen for a 6.12 lecture ``talk``."""

    def __init__(self, talk: MaplePresentation) -> None:
        super().__init__(talk, Qt.WindowType.Window)
        self.setObjectName("presenter612")
        self.setWindowTitle(self.tr("VMA Studio — Linux 6.12 presenter view"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.talk = talk
        self.started = time.monotonic()
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
        self.mini = QGraphicsView(talk.scene, self)
        self.mini.setObjectName("presenter612_preview")
        self.mini.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mini.setInteractive(False)
        self.mini.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.mini.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setMinimumHeight(240)
        self.mini.setSceneRect(QRectF(-1e9, -1e9, 2e9, 2e9))  # it frames what the hall sees
        self.mini.viewport().installEventFilter(self)
        self._titles: list[tuple[QLabel, str]] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        talk.position_shown.connect(self._on_talk_position_shown)
        height = self.screen().geometry().height() if self.screen() is not None else 1080
        px = max(16, height // 48)
        self.setStyleSheet(
            _STYLE.format(px=px, big=int(px * 2.0), small=int(px * 0.85), notes=int(px * 1.1))
        )
        self._on_timer_timeout()
        self.refresh()

    def _label(self, role: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(role not in ("clock", "elapsed", "code"))
        label.setProperty("role", role)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role != "notes":
            label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _box(self, title: str, *widgets: QWidget, stretch: QWidget | None = None) -> QFrame:
        box = QFrame(self)
        box.setProperty("role", "box")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        head = self._label("head")
        self._titles.append((head, title))
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
            "p_now",
            self.now_heading,
            self.mini,
            self.now_caption,
            self.now_sentence,
            self.now_code,
            stretch=self.mini,
        )
        nxt = self._box("p_next", self.next_heading, self.next_sentence)
        notes = self._box("p_notes", self.notes_label)
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

    # -- contents -----------------------------------------------------------------------------
    def next_position(self) -> tuple[int, int] | None:
        """Where the next forward key goes (None: the end of the talk)."""
        t = self.talk
        if t.op >= 1 and t.step + 1 < t.step_count():
            return (t.op, t.step + 1)
        if t.op < len(t.timeline):
            return (t.op + 1, 0)
        return None

    def refresh(self) -> None:
        t = self.talk
        lang = t.settings.lang
        for label, key in self._titles:
            label.setText(say(key, lang))
        self.position_label.setText(t.position_label.text())
        self.now_heading.setText(t.heading_label.text())
        self.now_caption.setText(t.caption_label.text())
        self.now_sentence.setText(t.sentence_label.text())
        self.now_code.setText(t.code_label.text())
        ops = t.timeline.scenario.ops
        following = self.next_position()
        if following is None:
            self.next_heading.setText(say("p_end", lang))
            self.next_sentence.setText("")
        else:
            k, s = following
            steps = t.timeline.frames(k).steps
            if k != t.op:
                outcome = t.timeline.outcomes[k - 1]
                # The lecturer may know what comes: the store type is not held back here.
                self.next_heading.setText(heading(k, ops[k - 1], outcome, lang, True))
            else:
                self.next_heading.setText(say("p_same_op", lang).format(s + 1, len(steps)))
            step = steps[s] if s < len(steps) else None
            text = text_of(step.text, lang) if step is not None else ""
            caption = text_of(ops[k - 1].caption, lang) if k != t.op else ""
            self.next_sentence.setText(f"{caption}\n\n{text}" if caption else text)
            if step is not None:
                self.next_sentence.setToolTip(code_line(step))
        notes = text_of(ops[t.op - 1].notes, lang) if t.op >= 1 else ""
        notes = notes or (text_of(t.scenario.notes, lang) if t.op == 0 else "")
        self.notes_label.setText(
            html.escape(notes).replace("\n", "<br>")
            if notes
            else "<i>" + html.escape(say("p_no_notes", lang)) + "</i>"
        )
        self._fit_mini()

    def notes_text(self) -> str:
        return self.notes_label.text()

    def _fit_mini(self) -> None:
        """The miniature shows what the hall sees (the stage's frame)."""
        rect = self.talk.glide.target()
        if not rect.isEmpty():
            self.mini.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    @Slot(int, int)
    def _on_talk_position_shown(self, _op: int, _step: int) -> None:
        self.refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clock_label.setText(QDateTime.currentDateTime().toString("HH:mm:ss"))
        elapsed = int(time.monotonic() - self.started)
        h, rest = divmod(elapsed, 3600)
        m, s = divmod(rest, 60)
        shown = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
        self.elapsed_label.setText(say("p_elapsed", self.talk.settings.lang).format(shown))

    # -- Qt overrides -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_R and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.started = time.monotonic()
            self._on_timer_timeout()
            event.accept()
            return
        if self.talk.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.mini.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_mini()  # the miniature took its size (after the window's own)
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self.talk.presenter is self:
            self.talk.presenter = None
        super().closeEvent(event)
