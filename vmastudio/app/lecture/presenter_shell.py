"""The presenter view both kernels' lectures share: the lecturer's screen (S).

``PresenterShell`` lays out what the lecturer sees on the laptop while the hall sees the
stage: Now (a live miniature of the stage, the op's heading and caption, the step's
sentence and kernel line), Next, the op's speaker notes, a wall clock and the time since
the talk started (Ctrl+R restarts it). Keys typed here drive the talk as on the hall's
screen. A lecture's presenter (``presenter.py`` for 4.x, ``presenter612.py`` for 6.12)
fills in what the boxes say (``refresh``), their titles and what the miniature frames.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QDateTime, QEvent, QObject, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from .shell import LectureShell

_STYLE = (
    "QWidget#{name} {{ background: #111214; }}"
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


class PresenterShell(QWidget):
    """The lecturer's screen for ``talk``, showing ``scene`` in its miniature."""

    def __init__(
        self,
        talk: LectureShell,
        scene: QGraphicsScene,
        name: str,
        *,
        preview_name: str,
        preview_rect: QRectF | None = None,
    ) -> None:
        super().__init__(talk, Qt.WindowType.Window)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.talk = talk
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
        self.mini = QGraphicsView(scene, self)
        self.mini.setObjectName(preview_name)
        self.mini.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mini.setInteractive(False)
        self.mini.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.mini.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mini.setMinimumHeight(240)
        if preview_rect is not None:
            self.mini.setSceneRect(preview_rect)
        self.mini.viewport().installEventFilter(self)
        #: Each box's title label and its key (``box_title``).
        self._titles: list[tuple[QLabel, str]] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        talk.position_shown.connect(self._on_talk_position_shown)
        self.apply_scale()
        self._on_timer_timeout()
        self.refresh()

    # -- construction ---------------------------------------------------------------------------
    def _label(self, role: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(role not in ("clock", "elapsed", "code"))
        label.setProperty("role", role)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role != "notes":
            label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _box(self, key: str, *widgets: QWidget, stretch: QWidget | None = None) -> QFrame:
        box = QFrame(self)
        box.setProperty("role", "box")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        head = self._label("head")
        head.setText(self.box_title(key))
        self._titles.append((head, key))
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
        now.setObjectName("now_box")
        nxt = self._box("p_next", self.next_heading, self.next_sentence)
        nxt.setObjectName("next_box")
        notes = self._box("p_notes", self.notes_label)
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
        """Text sizes for the lecturer's screen (about 1/48 of its height, at least 16)."""
        height = self.screen().geometry().height() if self.screen() is not None else 1080
        px = max(16, height // 48)
        self.setStyleSheet(
            _STYLE.format(
                name=self.objectName(),
                px=px,
                big=int(px * 2.0),
                small=int(px * 0.85),
                notes=int(px * 1.1),
            )
        )

    # -- what a lecture's presenter fills in ----------------------------------------------------
    def refresh(self) -> None:
        """Fill the boxes for the position the talk shows (and ``_retitle``)."""
        raise NotImplementedError

    def box_title(self, key: str) -> str:
        """The title of box ``key`` (p_now, p_next, p_notes)."""
        raise NotImplementedError

    def elapsed_text(self) -> str:
        """ "elapsed {0}" in the presenter's language."""
        raise NotImplementedError

    def _fit_mini(self) -> None:
        """Frame the miniature."""
        raise NotImplementedError

    def _retitle(self) -> None:
        for label, key in self._titles:
            label.setText(self.box_title(key))

    def set_notes(self, notes: str, none: str) -> None:
        """The notes box: ``notes`` as plain text kept in lines, else ``none`` in italics."""
        self.notes_label.setText(html_lines(notes) if notes else "<i>" + html_lines(none) + "</i>")

    # -- the clock ------------------------------------------------------------------------------
    @Slot(int, int)
    def _on_talk_position_shown(self, _op: int, _step: int) -> None:
        self.refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clock_label.setText(QDateTime.currentDateTime().toString("HH:mm:ss"))
        elapsed = int(time.monotonic() - self.talk.started)
        h, rest = divmod(elapsed, 3600)
        m, s = divmod(rest, 60)
        shown = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
        self.elapsed_label.setText(self.elapsed_text().format(shown))

    # -- Qt overrides ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_R and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.talk.started = time.monotonic()
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_mini()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self.talk.presenter is self:
            self.talk.presenter = None
        super().closeEvent(event)


def html_lines(text: str) -> str:
    """``text`` escaped for a rich-text label, its line breaks kept."""
    return html.escape(text).replace("\n", "<br>")
