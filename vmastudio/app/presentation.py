"""Lecture mode: a full-screen presentation of the document, driven by a clicker.

``open_presentation(document, parent_window)`` is the hook the main window binds to F5 /
View → Present. The presentation has its own ``VmaScene`` and view fed by the shared
``Document`` (so the main window keeps its zoom and panels), a caption bar (the op's
heading and caption, the step's sentence, a VM_ACCOUNT check's commit arithmetic, the
pseudo-code line), black/white curtains, a shortcut sheet, a chapter list of the ops,
live annotation, the quiz and, on a second screen, the presenter view (``presenter.py``).

The parts live in ``lecture/``: ``camera.py`` frames each step (every role in view, the
path to the root, the whole tree when it is readable), ``theme.py`` the projector looks,
``texts.py`` what the lecture and presenter say, ``chapters.py`` the chapter sheet and
the lecture's own words in both languages.

Keys are the ones presentation clickers send (Right/Left, PageDown/PageUp,
Space/Backspace, Home/End, B or "." for black, W or "," for white, F5/Esc), ] / [ (or
Shift with Right/Left/PgDn/PgUp) for the next/previous op, number + Enter to go to an op,
number + G to a step of the talk, O for the chapters. A key pressed while an animation
runs finishes it at once and the new step is then drawn without animation, so a burst of
clicks never queues lag.
"""

from __future__ import annotations

import html
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QFont,
    QFontInfo,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..engine.scenario import text_of
from ..engine.trace import TraceStep
from ..model.document import Document
from ..view.animation import Camera, StepAnimator, apply_camera
from ..view.annotation import AnnotationOverlay
from ..view.binding import op_context
from ..view.items.pending_link_item import PendingLinkItem
from ..view.items.slot_item import SlotItem
from ..view.layout import COL_W, SLOT_H, SLOT_W
from ..view.pointer import PointerView
from ..view.scene import VmaScene
from .lecture.camera import frame, role_ids, role_rects, step_shot
from .lecture.chapters import ChapterSheet, commit_text, counter_text, say
from .lecture.keys import action_for
from .lecture.texts import (
    StepIndex,
    code_line,
    next_position,
    op_caption,
    op_heading,
    op_notes,
    shortcut_rows,
    step_sentence,
)
from .lecture.theme import (
    PALETTES,
    PROJECTOR_THEMES,
    apply_projector_theme,
    lecture_font,
    projector_theme,
    theme_label,
    wash,
)
from .quiz import Quiz, QuizPanel, answer_label, slot_key

__all__ = [
    "PROJECTOR_THEMES",
    "PresentationSettings",
    "PresentationWindow",
    "StepIndex",
    "code_line",
    "next_position",
    "op_caption",
    "op_heading",
    "op_notes",
    "open_presentation",
    "projector_theme",
    "step_sentence",
]


# -- settings -----------------------------------------------------------------------------------
@dataclass(slots=True)
class PresentationSettings:
    """What the lecturer can choose (the main window may persist these)."""

    theme: str = "dark"
    lang: str = "en"
    duration_ms: int = 450
    reduce_motion: bool = False
    #: Smallest on-screen height, in pixels, of a node's address label; the camera zooms
    #: in (and follows the action) rather than draw labels smaller than this.
    min_label_px: int = 22
    show_code: bool = True
    autoplay_ms: int = 2500
    loop: bool = False


#: Below this zoom the picture is an overview: no antialiasing while it moves.
OVERVIEW_ZOOM = 0.35

#: Node text, in pixels, at which the whole tree and list are shown rather than the action
#: close up (issue 16: readable from the back of a hall at 1080p).
WHOLE_PX = 24


#: Smallest text of the pointer view in the lecture (issue 16: readable from the hall).
POINTER_TEXT_PX = 20


class StageView(QGraphicsView):
    """The big view: no scroll bars, no focus (keys go to the window), paint timing."""

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("stage_view")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        # Every item's bounding rectangle already holds its outline and rings.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        # The camera is ours: never let the view clamp centerOn() to the scene.
        self.setSceneRect(QRectF(-1e6, -1e6, 2e6, 2e6))
        #: Milliseconds of the most recent viewport paints (the benchmark reads these).
        self.paint_ms: deque[float] = deque(maxlen=2000)

    def paintEvent(self, event: QPaintEvent) -> None:
        t0 = time.perf_counter()
        scene = self.scene()
        if isinstance(scene, VmaScene):
            # A large (virtual) scene makes the items of what the camera shows.
            rect = self.mapToScene(self.viewport().rect()).boundingRect()
            scene.set_view_window(rect.left(), rect.right(), self.transform().m11() * COL_W)
        super().paintEvent(event)
        self.paint_ms.append((time.perf_counter() - t0) * 1000.0)


class _Curtain(QWidget):
    """A black or white screen over everything (B / W)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = parent
        self.setObjectName("curtain")
        self.color = "black"
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.hide()

    def show_color(self, color: str) -> None:
        self.color = color
        self.setStyleSheet(f"background: {'#000000' if color == 'black' else '#ffffff'};")
        self.setGeometry(self._owner.rect())
        self.show()
        self.raise_()


class PresentationWindow(QWidget):
    """Full-screen lecture view of ``document``; emits ``closed`` when it is left."""

    closed = Signal()
    #: The position now on screen (after the animation started): op, step.
    position_shown = Signal(int, int)

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        settings: PresentationSettings | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation_window")
        self.setWindowTitle(self.tr("VMA Studio — presentation"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.document = document
        self.settings = settings if settings is not None else PresentationSettings()
        self.index = StepIndex(document)
        self.started = time.monotonic()
        self.scene = VmaScene(self)
        self.view = StageView(self.scene, self)
        self.animator = StepAnimator(self.scene, self.view, self)
        self.animator.started.connect(self._on_animator_started)
        self.animator.finished.connect(self._on_animator_finished)
        self.annotation = AnnotationOverlay(self.view.viewport())
        self.presenter: QWidget | None = None
        self._shown_snap: object = None
        self._animate_next = True
        self._jump = ""
        #: The camera of the step on screen (the next step pans from it), the step as
        #: highlighted and, while a step is drawn with animation, where moving nodes start.
        self._framed: Camera | None = None
        self._title = ""
        self._drawn_step: TraceStep | None = None
        self._moved_from: dict[int, QPointF] | None = None
        self._styled_px = 0
        self.pointer_view: PointerView | None = None
        #: Something else the camera must show (the node a quiz question is about).
        self._extra_focus: QRectF | None = None
        self._make_widgets()
        self.curtain = _Curtain(self)
        self._make_help()
        self.chapters = ChapterSheet(self)
        self.chapters.chosen.connect(self._on_chapters_chosen)
        self.quiz = Quiz(document, self)
        self.quiz_panel = QuizPanel(self)
        self.quiz_panel.answered.connect(self._on_quiz_panel_answered)
        #: What a "where does it hang" question hid (the link-slot ring, the pending arrow).
        self._quiz_hidden: list[tuple[QGraphicsItem, tuple[str, ...] | None]] = []
        self.view.viewport().installEventFilter(self)
        self.autoplay = QTimer(self)
        self.autoplay.timeout.connect(self._on_autoplay_timeout)
        document.step_changed.connect(self._on_document_step_changed)
        document.trace_changed.connect(self._on_document_trace_changed)
        document.document_changed.connect(self._on_document_changed)
        self._apply_settings()
        self._show(animate=False)

    # -- construction ---------------------------------------------------------------------------
    def _make_widgets(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("title_label")
        self.position_label = QLabel(self)
        self.position_label.setObjectName("position_label")
        self.position_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.position_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.heading_label = QLabel(self)
        self.heading_label.setObjectName("heading_label")
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("caption_label")
        self.caption_label.setWordWrap(True)
        self.sentence_label = QLabel(self)
        self.sentence_label.setObjectName("sentence_label")
        self.sentence_label.setWordWrap(True)
        self.code_label = QLabel(self)
        #: The commit arithmetic of a VM_ACCOUNT check (hidden on other steps).
        self.commit_label = QLabel(self)
        self.commit_label.setObjectName("commit_label")
        self.commit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.commit_label.setWordWrap(True)
        self.commit_label.hide()
        self.code_label.setObjectName("code_label")
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setWordWrap(True)
        self.jump_label = QLabel(self)
        self.jump_label.setObjectName("jump_label")
        self.jump_label.hide()
        self.toast = QLabel(self)
        self.toast.setObjectName("toast")
        self.toast.hide()
        self._toast_timer = QTimer(self)
        self._toast_timer.setSingleShot(True)
        self._toast_timer.timeout.connect(self.toast.hide)
        for label in (
            self.title_label,
            self.heading_label,
            self.caption_label,
            self.sentence_label,
            self.code_label,
            self.commit_label,
        ):
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # Long code lines and titles must never make the window wider than a screen
            # (a minimum size above the screen's silently cancels full screen).
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        header = QHBoxLayout()
        header.setContentsMargins(24, 8, 24, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.position_label)
        self.caption_bar = QFrame(self)
        self.caption_bar.setObjectName("caption_bar")
        bar = QVBoxLayout(self.caption_bar)
        bar.setContentsMargins(28, 10, 28, 14)
        bar.setSpacing(6)
        bar.addWidget(self.heading_label)
        bar.addWidget(self.caption_label)
        bar.addWidget(self.sentence_label)
        bar.addWidget(self.commit_label)
        bar.addWidget(self.code_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        self._stage_row = QHBoxLayout()
        self._stage_row.setSpacing(0)
        self._stage_row.addWidget(self.view, 3)
        layout.addLayout(self._stage_row, 1)
        layout.addWidget(self.caption_bar)

    def _make_help(self) -> None:
        self.help_sheet = QLabel(self)
        self.help_sheet.setObjectName("help_sheet")
        self.help_sheet.setTextFormat(Qt.TextFormat.RichText)
        rows = "".join(
            f"<tr><td style='padding-right:28px'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in shortcut_rows()
        )
        self.help_sheet.setText(
            f"<h2>{html.escape(self.tr('Presentation keys'))}</h2><table>{rows}</table>"
        )
        self.help_sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.help_sheet.hide()

    # -- settings -------------------------------------------------------------------------------
    def base_px(self) -> int:
        """The caption's pixel size: about 1/30 of the screen height, never below 22."""
        screen = self.screen()
        height = screen.geometry().height() if screen is not None else 1080
        return max(22, height // 30)

    def _apply_settings(self) -> None:
        s = self.settings
        self.animator.duration_ms = s.duration_ms
        self.animator.reduce_motion = s.reduce_motion
        apply_projector_theme(self.scene, s.theme)
        bg, fg, muted, accent = PALETTES.get(s.theme, PALETTES["dark"])
        px = self.base_px()
        self._styled_px = px
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        # The font first: the style sheet's sizes and weights resolve against it.
        self.setFont(lecture_font(self.font(), s.lang))
        self.setStyleSheet(
            f"QWidget#presentation_window {{ background: {bg}; }}"
            f"QLabel {{ color: {fg}; }}"
            f"QFrame#caption_bar {{ background: {bg}; border-top: 3px solid {accent}; }}"
            f"QLabel#title_label, QLabel#position_label {{ color: {muted};"
            f" font-size: {int(px * 0.72)}px; }}"
            f"QLabel#heading_label {{ color: {accent}; font-size: {int(px * 0.8)}px;"
            " font-weight: bold; }"
            f"QLabel#caption_label {{ font-size: {int(px * 0.86)}px; font-weight: bold; }}"
            f"QLabel#sentence_label {{ font-size: {int(px * 0.8)}px; }}"
            f"QLabel#code_label {{ color: {accent}; font-family: '{mono.family()}', monospace;"
            f" font-size: {int(px * 0.72)}px; }}"
            f"QLabel#commit_label {{ color: {fg}; background: {wash(accent)};"
            f" border-left: 6px solid {accent}; padding: 4px 12px;"
            f" font-family: '{mono.family()}', monospace; font-size: {int(px * 0.72)}px; }}"
            f"QFrame#chapter_sheet {{ background: {bg}; border: 3px solid {accent};"
            " border-radius: 10px; }"
            f"QLabel#chapter_title {{ color: {accent}; font-size: {int(px * 0.9)}px;"
            " font-weight: bold; }"
            f"QLabel#chapter_hint {{ color: {muted}; font-size: {int(px * 0.6)}px; }}"
            f"QListWidget#chapter_list {{ background: {bg}; color: {fg}; border: none;"
            f" font-size: {int(px * 0.78)}px; }}"
            f"QListWidget#chapter_list::item {{ padding: 6px 10px; }}"
            f"QListWidget#chapter_list::item:selected {{ background: {accent}; color: {bg}; }}"
            f"QLabel#jump_label, QLabel#toast {{ background: {accent}; color: {bg};"
            f" font-size: {int(px * 1.4)}px; font-weight: bold; padding: 12px 28px;"
            " border-radius: 10px; }"
            f"QLabel#help_sheet {{ background: {bg}; color: {fg}; border: 3px solid {accent};"
            f" font-size: {int(px * 0.8)}px; padding: 24px; }}"
            f"QFrame#quiz_panel {{ background: {bg}; border: 4px solid {accent};"
            " border-radius: 12px; }"
            f"QLabel#quiz_prompt {{ font-size: {int(px * 0.78)}px; }}"
            f"QFrame#quiz_panel QPushButton {{ font-size: {int(px * 0.7)}px; color: {fg};"
            f" background: {bg}; border: 2px solid {muted}; border-radius: 8px;"
            " padding: 8px 14px; text-align: left; }"
        )
        self.view.setBackgroundBrush(QBrush(projector_theme(s.theme).background))
        self.code_label.setVisible(s.show_code)
        if self.pointer_view is not None:
            self.pointer_view.set_theme("light" if s.theme == "light" else "dark")
        if self.presenter is not None:
            set_theme = getattr(self.presenter, "apply_theme", None)
            if set_theme is not None:
                set_theme(s.theme)

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        self._apply_settings()
        self._reframe()

    def set_reduce_motion(self, on: bool) -> None:
        self.settings.reduce_motion = on
        self.animator.finish()
        self.animator.reduce_motion = on

    def set_duration(self, ms: int) -> None:
        self.settings.duration_ms = max(0, ms)
        self.animator.duration_ms = self.settings.duration_ms

    def set_language(self, lang: str) -> None:
        self.settings.lang = lang
        self._apply_settings()
        if self.pointer_view is not None:
            self.pointer_view.set_language(lang)
        self._update_texts()

    # -- camera ---------------------------------------------------------------------------------
    def label_px_at_zoom_1(self) -> float:
        return float(QFontInfo(self.scene.theme.mono).pixelSize())

    def min_zoom(self) -> float:
        return self.settings.min_label_px / max(1.0, self.label_px_at_zoom_1())

    def target_camera(self) -> Camera:
        """Where the stage looks at the step drawn now (``lecture/camera.py``): every role
        in the frame, the whole tree and list when they fit at ``WHOLE_PX``, else the
        action and its path to the root at the readable size."""
        d = self.document
        shot = step_shot(
            self.scene,
            self._drawn_step,
            d.current_snapshot(),
            self._moved_from,
            self._extra_focus,
        )
        vp = self.view.viewport().size()
        return frame(
            shot,
            QSizeF(vp.width(), vp.height()),
            self.label_px_at_zoom_1(),
            float(self.settings.min_label_px),
            float(max(WHOLE_PX, self.settings.min_label_px)),
            self._framed,
        )

    def _camera(self) -> Camera:
        cam = self.target_camera()
        self._framed = cam
        return cam

    def _reframe(self) -> None:
        """Frame the step anew at once (a resize, a theme, the label size changed)."""
        self.animator.finish()
        self._framed = None
        self._moved_from = None
        apply_camera(self.view, self._camera())

    # -- drawing --------------------------------------------------------------------------------
    def lecture_step(self) -> TraceStep | None:
        """The current step as the lecture highlights it: a result step of a failed insert
        keeps the culprit the engine recorded (``OpResult.conflict``) as ``conflict``."""
        d = self.document
        step = d.current_step()
        if step is None or step.kind != "return" or d.op == 0 or "conflict" in step.roles:
            return step
        frames = d.frames(d.op)
        culprit = frames.result.conflict
        if culprit is None:
            return step
        key = frames.before.by_start(culprit)
        if key is None:
            return step
        return replace(step, roles={**step.roles, "conflict": key})

    def _settle_layout(self) -> None:
        """Give the caption bar its height for the new texts now, not when the posted
        layout request comes (which would resize the stage in the middle of a glide)."""
        for layout in (self.caption_bar.layout(), self.layout()):
            if layout is not None:
                layout.invalidate()
                layout.activate()

    def _draw(self) -> None:
        d = self.document
        self._drawn_step = self.lecture_step()
        self.scene.show_state(d.current_snapshot(), self._drawn_step, op_context(d, d.op))

    def _show(self, animate: bool) -> None:
        d = self.document
        snap = d.current_snapshot()
        before = self._shown_snap
        self.annotation.clear()
        # The caption bar takes its new height first, so the camera frames the stage
        # that is actually left for the picture.
        self._update_texts()
        self._settle_layout()
        old = self.scene.tree_shape()
        step = d.current_step()
        rotation = step is not None and step.kind.startswith("rotate")

        def draw() -> None:
            self._draw()
            if not animate:
                self._moved_from = None
                return
            roles = set(role_ids(self._drawn_step))
            now = self.scene.tree_shape()
            self._moved_from = {
                key: QPointF(x0, y0)
                for key, (x0, y0, _c, _g) in old.items()
                if (rotation or key in roles) and key in now and now[key][:2] != (x0, y0)
            }

        self.animator.transition(
            draw,
            before if animate else None,  # type: ignore[arg-type]
            snap,
            self._camera,
            animate=animate,
        )
        self._moved_from = None
        self._shown_snap = snap
        self._update_pointer_view()
        self.position_shown.emit(d.op, d.step)

    def _set_title(self, title: str) -> None:
        """The lecture's title, elided to the room the counter leaves (whole in a tooltip)."""
        self._title = title
        room = max(120, self.width() - self.position_label.sizeHint().width() - 96)
        shown = self.title_label.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room)
        self.title_label.setText(shown)
        self.title_label.setToolTip(title if shown != title else "")

    def _update_texts(self) -> None:
        d = self.document
        lang = self.settings.lang
        op, step_index = d.op, d.step
        step = d.current_step()
        self._set_title(text_of(d.scenario.title, lang) or d.display_name())
        self.position_label.setText(
            counter_text(
                op,
                d.op_count(),
                step_index,
                d.step_count(op) if op else 0,
                lang,
                by_op=self.index.by_op,
            )
        )
        self.heading_label.setText(op_heading(d, op, lang))
        caption = op_caption(d, op, lang)
        self.caption_label.setText(caption)
        self.caption_label.setVisible(bool(caption))
        self.sentence_label.setText(step_sentence(step, lang))
        self.sentence_label.setVisible(step is not None)
        self.code_label.setText(code_line(step))
        self.code_label.setVisible(self.settings.show_code and step is not None)
        commit = commit_text(step, d.scenario.memory, lang)
        self.commit_label.setText(commit)
        self.commit_label.setVisible(bool(commit))
        if self.chapters.isVisible():
            self._fill_chapters()

    # -- the pointer view (issue 5's panel, beside the scene) -------------------------------------
    def toggle_pointer_view(self) -> None:
        """Swap the stage between the scene and the pointer view (memory boxes, arrows).

        The pointer diagram is wide; sharing the stage with the scene would shrink it
        below what the back row can read, so it takes the whole stage while shown.
        """
        if self.pointer_view is None:
            view = PointerView(
                self,
                theme="light" if self.settings.theme == "light" else "dark",
                language=self.settings.lang,
                address_style="short",  # four hex digits: readable from the back
            )
            view.setObjectName("presentation_pointer_view")
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.set_lecture_mode(POINTER_TEXT_PX)
            self._stage_row.addWidget(view, 1)
            self.pointer_view = view
            showing = True
        else:
            showing = not self.pointer_view.isVisible()
        self.animator.finish()
        self.pointer_view.setVisible(showing)
        self.view.setVisible(not showing)
        self._update_pointer_view()
        if not showing:
            self._reframe()

    def _update_pointer_view(self) -> None:
        view = self.pointer_view
        if view is None or not view.isVisible():
            return
        d = self.document
        if d.op == 0:
            view.show_model(None)
            return
        models = d.frames(d.op).pointer_models("short")
        view.show_model(models[d.step] if d.step < len(models) else None)

    def caption_text(self) -> str:
        return self.caption_label.text() if self.caption_label.isVisible() else ""

    # -- the animator ---------------------------------------------------------------------------
    @Slot()
    def _on_animator_started(self) -> None:
        # Zoomed far out (a whole 1,000-VMA picture) nodes are a few pixels wide and
        # antialiasing them costs more than the 16 ms of a frame; the still picture at
        # the end is drawn antialiased again.
        if self.view.transform().m11() < OVERVIEW_ZOOM:
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    @Slot()
    def _on_animator_finished(self) -> None:
        if not self.view.renderHints() & QPainter.RenderHint.Antialiasing:
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    # -- the document ---------------------------------------------------------------------------
    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        animate = self._animate_next
        self._animate_next = True
        self._show(animate)

    @Slot()
    def _on_document_trace_changed(self) -> None:
        self.index.reset()
        self._shown_snap = None
        self._framed = None

    @Slot()
    def _on_document_changed(self) -> None:
        self._update_texts()

    # -- navigation (also called by the presenter view and tests) ---------------------------------
    def _navigate(self, move: str) -> None:
        was_running = self.animator.is_running()
        self.animator.finish()
        # A click during an animation catches up at once instead of queueing another glide.
        self._animate_next = not was_running
        d = self.document
        if move == "next" and self.quiz.enabled:
            following = next_position(d, d.op, d.step)
            question = self.quiz.question_before(*following) if following else None
            if question is not None:
                self.quiz.pending = question
                self.quiz_panel.ask(question)
                if question.kind == "slot":
                    self._hide_link_slot()
                self.place_quiz_panel(self._look_at(question.node))
                self._animate_next = True
                return
        if move == "next":
            d.step_forward()
        elif move == "back":
            d.step_back()
        elif move == "first":
            d.first()
        elif move == "last":
            d.last()
        self._animate_next = True

    def go_to_op(self, k: int) -> None:
        """Go to the first step of op ``k`` (clamped; 0: the initial state)."""
        d = self.document
        k = min(max(k, 0), d.op_count())
        was_running = self.animator.is_running()
        self.animator.finish()
        self._animate_next = not was_running
        d.set_position(k, 0)
        self._animate_next = True

    # -- the chapter sheet (O) --------------------------------------------------------------------
    def _fill_chapters(self) -> None:
        d = self.document
        lang = self.settings.lang
        count = min(d.op_count(), self.index.limit)
        self.chapters.fill([op_heading(d, k, lang) for k in range(1, count + 1)], d.op, lang)

    def toggle_chapters(self) -> None:
        """Show or hide the list of the lecture's ops (the first 400 of a huge file)."""
        sheet = self.chapters
        if sheet.isVisible():
            sheet.hide()
            return
        self._fill_chapters()
        width = int(self.width() * 0.6)
        rows = sheet.list.count() * max(1, sheet.list.sizeHintForRow(0)) + 8
        chrome = sheet.title.sizeHint().height() + sheet.hint.sizeHint().height() + 80
        height = min(int(self.height() * 0.75), rows + chrome)
        sheet.setGeometry((self.width() - width) // 2, (self.height() - height) // 2, width, height)
        sheet.show()
        sheet.raise_()

    def _chapter_key(self, key: int, text: str) -> bool:
        K = Qt.Key
        moves: dict[int, int] = {
            K.Key_Up.value: -1,
            K.Key_Down.value: 1,
            K.Key_PageUp.value: -8,
            K.Key_PageDown.value: 8,
        }
        if int(key) in moves:
            self.chapters.move_selection(moves[int(key)])
        elif key in (K.Key_Return, K.Key_Enter, K.Key_Right, K.Key_Space) and not self._jump:
            self.chapters.choose()
        elif key in (K.Key_Escape, K.Key_O):
            self.chapters.hide()
        else:
            return False
        return True

    @Slot(int)
    def _on_chapters_chosen(self, k: int) -> None:
        self.chapters.hide()
        self.go_to_op(k)

    def jump_to(self, number: int) -> None:
        """Go to global step ``number`` (0: the initial state)."""
        was_running = self.animator.is_running()
        self.animator.finish()
        self._animate_next = not was_running
        op, step = self.index.position(number)
        self.document.set_position(op, step)
        self._animate_next = True

    def black_screen(self) -> bool:
        return self.curtain.isVisible() and self.curtain.color == "black"

    def white_screen(self) -> bool:
        return self.curtain.isVisible() and self.curtain.color == "white"

    def _flash(self, text: str) -> None:
        self.toast.setText(text)
        self.toast.adjustSize()
        self.toast.move((self.width() - self.toast.width()) // 2, self.height() // 6)
        self.toast.show()
        self.toast.raise_()
        self._toast_timer.start(1200)

    # -- keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
        else:
            super().keyPressEvent(event)

    def handle_key(
        self, key: int, text: str = "", mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> bool:
        """One key of the clicker or the keyboard; True when it was used."""
        K = Qt.Key
        if self.quiz_panel.isVisible():
            return self._quiz_key(key, text)
        if self.curtain.isVisible():
            if key in (K.Key_B, K.Key_Period) and self.curtain.color == "white":
                self.curtain.show_color("black")
            elif key in (K.Key_W, K.Key_Comma) and self.curtain.color == "black":
                self.curtain.show_color("white")
            else:
                self.curtain.hide()  # any other key only brings the picture back
            return True
        if self.help_sheet.isVisible() and key not in (K.Key_Question, K.Key_F1):
            self.help_sheet.hide()
            return True
        if self.chapters.isVisible() and self._chapter_key(key, text):
            return True
        if text.isdigit() and len(text) == 1:
            self._jump = (self._jump + text)[-6:]
            self.jump_label.setText(say("go_op", self.settings.lang).format(self._jump))
            self.jump_label.adjustSize()
            self.jump_label.move((self.width() - self.jump_label.width()) // 2, self.height() // 3)
            self.jump_label.show()
            self.jump_label.raise_()
            return True
        if self._jump:
            if key in (K.Key_Return, K.Key_Enter):
                number = int(self._jump)
                self._end_jump()
                self.go_to_op(number)
                return True
            if key == K.Key_G:  # number + G: the talk's global step number
                number = int(self._jump)
                self._end_jump()
                self.jump_to(number)
                return True
            if key == K.Key_Backspace:
                self._jump = self._jump[:-1]
                if not self._jump:
                    self._end_jump()
                else:
                    self.jump_label.setText(say("go_op", self.settings.lang).format(self._jump))
                return True
            self._end_jump()
            if key == K.Key_Escape:
                return True
        action = action_for(key, text, mods)
        do = self.key_actions().get(action) if action is not None else None
        if do is None:
            return False
        do()
        return True

    def key_actions(self) -> dict[str, Callable[[], None]]:
        """What each action of ``lecture/keys.py`` does here."""
        return {
            "next_op": lambda: self.go_to_op(self.document.op + 1),
            "previous_op": lambda: self.go_to_op(max(0, self.document.op - 1)),
            "chapters": self.toggle_chapters,
            "next": lambda: self._navigate("next"),
            "back": lambda: self._navigate("back"),
            "first": lambda: self._navigate("first"),
            "last": lambda: self._navigate("last"),
            "black": lambda: self._curtain("black"),
            "white": lambda: self._curtain("white"),
            "escape": self._escape,
            "leave": self.close_lecture,
            "help": self.toggle_help,
            "pen": lambda: self.annotation.toggle_tool("pen"),
            "highlighter": lambda: self.annotation.toggle_tool("highlighter"),
            "laser": lambda: self.annotation.toggle_tool("laser"),
            "erase": self.annotation.clear,
            "theme": self._next_theme,
            "motion": self._toggle_motion,
            "autoplay": self.toggle_autoplay,
            "presenter": self._toggle_presenter_key,
            "pointers": self.toggle_pointer_view,
            "quiz": self._toggle_quiz,
            "bigger": lambda: self._label_size(+4),
            "smaller": lambda: self._label_size(-4),
        }

    def _curtain(self, color: str) -> None:
        self.animator.finish()
        self.curtain.show_color(color)

    def _escape(self) -> None:
        """Esc puts the pen away first; with no pen in hand it leaves."""
        if self.annotation.tool != "none":
            self.annotation.set_tool("none")
            self.annotation.clear()
        else:
            self.close_lecture()

    def close_lecture(self) -> None:
        self.close()

    def _toggle_presenter_key(self) -> None:
        self.toggle_presenter()

    def _next_theme(self) -> None:
        names = PROJECTOR_THEMES
        now = self.settings.theme
        name = names[(names.index(now) + 1) % len(names)] if now in names else names[0]
        self.set_theme(name)
        self._flash(self.tr("theme: {0}").format(theme_label(name)))

    def _toggle_motion(self) -> None:
        self.set_reduce_motion(not self.settings.reduce_motion)
        self._flash(
            self.tr("reduce motion: on")
            if self.settings.reduce_motion
            else self.tr("reduce motion: off")
        )

    def _toggle_quiz(self) -> None:
        self.quiz.enabled = not self.quiz.enabled
        self._flash(self.tr("quiz: on") if self.quiz.enabled else self.tr("quiz: off"))

    def _label_size(self, delta: int) -> None:
        self.settings.min_label_px = min(60, max(8, self.settings.min_label_px + delta))
        self._reframe()

    # -- quiz -------------------------------------------------------------------------------------
    def place_quiz_panel(self, cam: Camera | None = None) -> None:
        """Put the compact quiz card in the corner of the stage farthest from what the
        question is about (its node, that node's slots, the new VMA and the step's roles),
        as drawn through ``cam`` (default: the camera now)."""
        panel = self.quiz_panel
        width = min(int(self.width() * 0.34), 700)
        panel.setFixedWidth(width)
        panel.adjustSize()
        panel.resize(
            width, panel.heightForWidth(width) if panel.hasHeightForWidth() else panel.height()
        )
        stage = QRect(self.view.mapTo(self, QPoint(0, 0)), self.view.size())
        avoid = [self._on_window(r, cam) for r in self._quiz_subject()]
        pw, ph, m = panel.width(), panel.height(), 16
        spots = [
            QPoint(stage.right() - pw - m, stage.top() + m),
            QPoint(stage.left() + m, stage.top() + m),
            QPoint(stage.right() - pw - m, stage.bottom() - ph - m),
            QPoint(stage.left() + m, stage.bottom() - ph - m),
            QPoint(stage.center().x() - pw // 2, stage.top() + m),
            QPoint(stage.center().x() - pw // 2, stage.bottom() - ph - m),
        ]

        def covered(at: QPoint) -> int:
            card = QRect(at, panel.size())
            return sum(
                (card & r).width() * (card & r).height() for r in avoid if card.intersects(r)
            )

        panel.move(min(spots, key=covered))
        panel.raise_()

    def _quiz_subject(self) -> list[QRectF]:
        """Scene rectangles of what the pending question is about."""
        question = self.quiz.pending
        out = role_rects(self.scene, self._drawn_step, self.document.current_snapshot())
        if question is None:
            return out
        if question.node is not None:
            item = self.scene.node_item(question.node)
            if item is not None:
                out.append(item.sceneBoundingRect())
            for side in ("left", "right"):
                slot = self.scene.slot_item(question.node, side)
                if slot is not None and slot.isVisible():
                    out.append(slot.sceneBoundingRect())
        ghost = self.scene.ghost_node()
        if ghost is not None:
            out.append(ghost.sceneBoundingRect())
        return out

    def _on_window(self, rect: QRectF, cam: Camera | None) -> QRect:
        """Scene ``rect`` in window pixels through ``cam`` (None: the view's transform)."""
        if cam is None:
            poly = self.view.mapFromScene(rect).boundingRect()
            return QRect(self.view.viewport().mapTo(self, poly.topLeft()), poly.size())
        vp = self.view.viewport()
        origin = vp.mapTo(self, QPoint(0, 0))
        cx, cy = vp.width() / 2, vp.height() / 2
        x = (rect.left() - cam.center.x()) * cam.zoom + cx + origin.x()
        y = (rect.top() - cam.center.y()) * cam.zoom + cy + origin.y()
        return QRect(
            int(x), int(y), int(rect.width() * cam.zoom) + 1, int(rect.height() * cam.zoom) + 1
        )

    def _look_at(self, start: int | None) -> Camera | None:
        """Glide the camera so that node ``start`` is on screen too (quiz questions);
        the camera it glides to (None: it stays)."""
        item = self.scene.node_item(start) if start is not None else None
        if item is None:
            return None
        self._extra_focus = item.sceneBoundingRect()
        snap = self.document.current_snapshot()
        self.animator.transition(lambda: None, snap, snap, self._camera)
        self._extra_focus = None
        return self._framed

    def _quiz_key(self, key: int, text: str) -> bool:
        question = self.quiz.pending
        if question is None:
            self.quiz_panel.hide()
            return True
        if question.kind == "choice" and text.isdigit() and 1 <= int(text) <= len(question.choices):
            self._on_quiz_panel_answered(question.choices[int(text) - 1][0])
        elif key == Qt.Key.Key_Escape:
            # Skip the question: the step is shown without a verdict.
            self.quiz.asked.add((question.op, question.step))
            self.quiz.pending = None
            self.quiz_panel.hide()
            self._restore_link_slot()
        return True

    def _hide_link_slot(self) -> None:
        """Hide what would give a "where does it hang" question away: the ring on the slot
        ``__rb_link`` already points at, and the arrow from the new node to it. The next
        step's highlights bring them back; a skipped question restores them."""
        self._quiz_hidden = []
        for item in self.scene.items():
            if isinstance(item, SlotItem) and "link_slot" in item.roles:
                self._quiz_hidden.append((item, item.roles))
                item.set_roles(tuple(r for r in item.roles if r != "link_slot"))
            elif isinstance(item, PendingLinkItem) and item.isVisible():
                self._quiz_hidden.append((item, None))
                item.setVisible(False)

    def _restore_link_slot(self) -> None:
        for item, roles in self._quiz_hidden:
            if isinstance(item, SlotItem) and roles is not None:
                item.set_roles(roles)
            else:
                item.setVisible(True)
        self._quiz_hidden = []

    def slot_at(self, pos: QPoint) -> str | None:
        """The answer key of the empty slot (or ``mm->mm_rb``) drawn at viewport ``pos``.

        The nearest slot box whose centre is within a box's size of the click wins, so
        that a click a little beside a small NULL box still counts on a projector."""
        at = self.view.mapToScene(pos)
        best: tuple[float, str] | None = None
        for item in self.scene.items():
            if not isinstance(item, SlotItem) or not item.isVisible():
                continue
            parent, side = item.key
            if side not in ("left", "right", "root"):
                continue  # mm->mmap is no place for a tree node
            centre = item.scenePos()
            dx, dy = abs(at.x() - centre.x()), abs(at.y() - centre.y())
            reach_x = (item.boundingRect().width() if side == "root" else SLOT_W) / 2 + SLOT_W / 2
            if dx > reach_x or dy > SLOT_H:
                continue
            distance = dx * dx + dy * dy
            if best is None or distance < best[0]:
                best = (distance, slot_key(parent, side))
        return best[1] if best is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # The stage changed size (entering full screen, the caption bar growing a
            # line): the step is framed anew for the room there is now, never left where
            # the old size put it.
            self.annotation.resize(self.view.viewport().size())
            self._reframe()
            return False
        question = self.quiz.pending
        if (
            question is not None
            and question.kind == "slot"
            and self.quiz_panel.isVisible()
            and watched is self.view.viewport()
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            key = self.slot_at(event.position().toPoint())
            if key is None:
                self._flash(self.tr("Click an empty slot (NULL) of the tree"))
            else:
                self._on_quiz_panel_answered(key)
            return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_quiz_panel_answered(self, answer: str) -> None:
        question = self.quiz.pending
        if question is None:
            return
        ok = self.quiz.check(answer)
        self.quiz_panel.hide()
        self._quiz_hidden = []  # the step shown next sets every highlight anew
        self._navigate("next")
        if ok:
            self._flash(self.tr("Right! {0}").format(answer_label(question, question.answer)))
        else:
            self._flash(
                self.tr("Not this time: the kernel chose {0}").format(
                    answer_label(question, question.answer)
                )
            )

    def _end_jump(self) -> None:
        self._jump = ""
        self.jump_label.hide()

    def toggle_help(self) -> None:
        if self.help_sheet.isVisible():
            self.help_sheet.hide()
            return
        self.help_sheet.adjustSize()
        self.help_sheet.move(
            (self.width() - self.help_sheet.width()) // 2,
            max(0, (self.height() - self.help_sheet.height()) // 2),
        )
        self.help_sheet.show()
        self.help_sheet.raise_()

    # -- autoplay ---------------------------------------------------------------------------------
    def toggle_autoplay(self) -> None:
        if self.autoplay.isActive():
            self.autoplay.stop()
            self._flash(self.tr("autoplay: off"))
        else:
            self.autoplay.start(max(200, self.settings.autoplay_ms))
            self._flash(self.tr("autoplay: on"))

    @Slot()
    def _on_autoplay_timeout(self) -> None:
        if self.document.at_end():
            if self.settings.loop:
                self._navigate("first")
            else:
                self.autoplay.stop()
            return
        self._navigate("next")

    # -- presenter view -------------------------------------------------------------------------
    def toggle_presenter(self, screen: QScreen | None = None) -> QWidget | None:
        """Open the presenter view (on ``screen`` full screen, or as a window) or close it."""
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
            return None
        from .presenter import PresenterView  # the presenter imports this module

        presenter = PresenterView(self)
        self.presenter = presenter
        if screen is not None:
            presenter.setScreen(screen)
            presenter.setGeometry(screen.geometry())
            presenter.showFullScreen()
        else:
            presenter.resize(1280, 800)
            presenter.show()
        return presenter

    # -- Qt overrides -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.annotation.resize(self.view.viewport().size())
        if self.curtain.isVisible():
            self.curtain.setGeometry(self.rect())
        if self.base_px() != self._styled_px:
            self._apply_settings()
        self._set_title(self._title)  # the room for the title changed

    def closeEvent(self, event: QCloseEvent) -> None:
        self.animator.finish()
        self.autoplay.stop()
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        super().closeEvent(event)
        self.closed.emit()


def choose_screens(parent_window: QWidget | None) -> tuple[QScreen | None, QScreen | None]:
    """(screen for the audience, screen for the presenter view or None).

    With two screens the audience gets the one the main window is *not* on (the
    projector) and the lecturer keeps the laptop screen for the presenter view.
    """
    screens = QGuiApplication.screens()
    if not screens:
        return (None, None)
    here = parent_window.screen() if parent_window is not None else None
    if here is None:
        here = QGuiApplication.primaryScreen()
    if len(screens) < 2:
        return (here, None)
    others = [s for s in screens if s is not here]
    return (others[0], here)


def open_presentation(
    document: Document,
    parent_window: QWidget | None = None,
    settings: PresentationSettings | None = None,
    *,
    full_screen: bool = True,
) -> PresentationWindow:
    """Show ``document`` full screen for a lecture hall; Esc or F5 leaves.

    The hook for the main window's F5 / View → Present. The window is a top-level child
    of ``parent_window`` (it dies with it) and deletes itself when left. With two
    screens the presenter view opens on the lecturer's screen.
    """
    window = PresentationWindow(document, parent_window, settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    audience, lecturer = choose_screens(parent_window)
    if audience is not None:
        window.setScreen(audience)
        window.setGeometry(audience.geometry())
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    window.raise_()
    window.activateWindow()
    window.setFocus()
    if lecturer is not None:
        window.toggle_presenter(lecturer)
    return window
