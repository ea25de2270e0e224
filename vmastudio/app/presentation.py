"""Lecture mode: a full-screen presentation of the document, driven by a clicker.

``open_presentation(document, parent_window)`` is the hook the main window binds to F5 /
View → Present. The presentation has its own ``VmaScene`` and view fed by the shared
``Document`` (so the main window keeps its zoom and panels), a caption bar (the op's
heading and caption, the step's sentence, a VM_ACCOUNT check's commit arithmetic, the
pseudo-code line), black/white curtains, a shortcut sheet, a chapter list of the ops,
live annotation, the quiz and, on a second screen, the presenter view (``presenter.py``).

The window is a ``lecture/shell.py`` ``LectureShell`` (keys, number entry, curtains,
sheets, pen, autoplay, the quiz card, the presenter view and looks, shared with the 6.12
lecture); its own parts live in ``lecture/`` too: ``camera.py`` frames each step (every
role in view, the path to the root, the whole tree when it is readable), ``theme.py``
the projector looks, ``texts.py`` what the lecture and presenter say, ``chapters.py``
the chapter sheet and the lecture's own words in both languages.

Keys are the ones presentation clickers send (Right/Left, PageDown/PageUp,
Space/Backspace, Home/End, B or "." for black, W or "," for white, F5/Esc), ] / [ (or
Shift with Right/Left/PgDn/PgUp) for the next/previous op, number + Enter to go to an op,
number + G to a step of the talk, O for the chapters. A key pressed while an animation
runs finishes it at once and the new step is then drawn without animation, so a burst of
clicks never queues lag.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSizeF, Qt, Slot
from PySide6.QtGui import QBrush, QFontInfo, QPainter
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QWidget

from ..engine.scenario import text_of
from ..engine.trace import TraceStep
from ..model.document import Document
from ..view.animation import Camera, StepAnimator, apply_camera
from ..view.binding import op_context
from ..view.items.pending_link_item import PendingLinkItem
from ..view.items.slot_item import SlotItem
from ..view.layout import SLOT_H, SLOT_W
from ..view.pointer import PointerView
from ..view.scene import VmaScene
from .lecture.camera import frame, role_ids, role_rects, step_shot
from .lecture.chapters import commit_text, counter_text
from .lecture.shell import (
    LectureShell,
    PresentationSettings,
    StageView,
    choose_screens,
    settle,
    show_lecture,
)
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
from .lecture.theme import PROJECTOR_THEMES, apply_projector_theme, projector_theme
from .quiz import Quiz, slot_key

__all__ = [
    "PROJECTOR_THEMES",
    "PresentationSettings",
    "PresentationWindow",
    "StageView",
    "StepIndex",
    "choose_screens",
    "code_line",
    "next_position",
    "op_caption",
    "op_heading",
    "op_notes",
    "open_presentation",
    "projector_theme",
    "step_sentence",
]


#: Below this zoom the picture is an overview: no antialiasing while it moves.
OVERVIEW_ZOOM = 0.35

#: Node text, in pixels, at which the whole tree and list are shown rather than the action
#: close up (issue 16: readable from the back of a hall at 1080p).
WHOLE_PX = 24


#: Smallest text of the pointer view in the lecture (issue 16: readable from the hall).
POINTER_TEXT_PX = 20


class PresentationWindow(LectureShell):
    """Full-screen lecture view of ``document``; emits ``closed`` when it is left."""

    BOXED_LABEL = "commit_label"
    quiz: Quiz

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        settings: PresentationSettings | None = None,
    ) -> None:
        super().__init__(parent, settings, "presentation_window")
        self.setWindowTitle(self.tr("VMA Studio — presentation"))
        self.document = document
        self.index = StepIndex(document)
        self.scene = VmaScene(self)
        view = StageView(self.scene, self)
        self.animator = StepAnimator(self.scene, view, self)
        self.animator.started.connect(self._on_animator_started)
        self.animator.finished.connect(self._on_animator_finished)
        self._shown_snap: object = None
        self._animate_next = True
        #: The camera of the step on screen (the next step pans from it), the step as
        #: highlighted and, while a step is drawn with animation, where moving nodes start.
        self._framed: Camera | None = None
        self._drawn_step: TraceStep | None = None
        self._moved_from: dict[int, QPointF] | None = None
        self.pointer_view: PointerView | None = None
        #: Something else the camera must show (the node a quiz question is about).
        self._extra_focus: QRectF | None = None
        self._make_shell(view)
        #: The commit arithmetic of a VM_ACCOUNT check (hidden on other steps).
        self.commit_label = self._label("commit_label", True)
        self.commit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.commit_label.hide()
        self._stage_row = QHBoxLayout()
        self._stage_row.setSpacing(0)
        self._stage_row.addWidget(self.view, 3)
        self._make_layout(self._stage_row, (self.commit_label,))
        self._fill_help(self.tr("Presentation keys"), shortcut_rows())
        self.quiz = Quiz(document, self)
        #: What a "where does it hang" question hid (the link-slot ring, the pending arrow).
        self._quiz_hidden: list[tuple[QGraphicsItem, tuple[str, ...] | None]] = []
        document.step_changed.connect(self._on_document_step_changed)
        document.trace_changed.connect(self._on_document_trace_changed)
        document.document_changed.connect(self._on_document_changed)
        self._apply_settings()
        self._show(animate=False)

    # -- settings -------------------------------------------------------------------------------
    def _apply_settings(self) -> None:
        s = self.settings
        self.animator.duration_ms = s.duration_ms
        self.animator.reduce_motion = s.reduce_motion
        apply_projector_theme(self.scene, s.theme)
        self._style_window()
        self.view.setBackgroundBrush(QBrush(projector_theme(s.theme).background))
        self.code_label.setVisible(s.show_code)
        if self.pointer_view is not None:
            self.pointer_view.set_theme("light" if s.theme == "light" else "dark")
        if self.presenter is not None:
            set_theme = getattr(self.presenter, "apply_theme", None)
            if set_theme is not None:
                set_theme(s.theme)

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

    def word(self, key: str) -> str:
        """The toasts, in the window's language."""
        words = {
            "theme": self.tr("theme: {0}"),
            "motion_on": self.tr("reduce motion: on"),
            "motion_off": self.tr("reduce motion: off"),
            "quiz_on": self.tr("quiz: on"),
            "quiz_off": self.tr("quiz: off"),
            "autoplay_on": self.tr("autoplay: on"),
            "autoplay_off": self.tr("autoplay: off"),
            "right": self.tr("Right! {0}"),
            "wrong": self.tr("Not this time: the kernel chose {0}"),
        }
        return words[key]

    def text_size(self, delta: int) -> None:
        self.settings.min_label_px = min(60, max(8, self.settings.min_label_px + delta))
        self.reframe()

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

    def finish_motion(self) -> None:
        self.animator.finish()

    def reframe(self) -> None:
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
        settle(self.caption_bar.layout(), self.layout())
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

    def _update_texts(self) -> None:
        d = self.document
        lang = self.settings.lang
        op, step_index = d.op, d.step
        step = d.current_step()
        self.set_title(text_of(d.scenario.title, lang) or d.display_name())
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
        self.pointer_view, showing = self._toggle_side(
            self.pointer_view, self._make_pointer_view, self._stage_row, "presentation_pointer_view"
        )
        self._update_pointer_view()
        if not showing:
            self.reframe()

    def _make_pointer_view(self) -> PointerView:
        view = PointerView(
            self,
            theme="light" if self.settings.theme == "light" else "dark",
            language=self.settings.lang,
            address_style="short",  # four hex digits: readable from the back
        )
        view.set_lecture_mode(POINTER_TEXT_PX)
        return view

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
    def navigate(self, move: str) -> None:
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

    def shown_op(self) -> int:
        return self.document.op

    def at_end(self) -> bool:
        return self.document.at_end()

    # -- the chapter sheet (O) --------------------------------------------------------------------
    def _fill_chapters(self) -> None:
        d = self.document
        lang = self.settings.lang
        count = min(d.op_count(), self.index.limit)
        self.chapters.fill([op_heading(d, k, lang) for k in range(1, count + 1)], d.op, lang)

    def jump_to_step(self, number: int) -> None:
        """Go to global step ``number`` (0: the initial state)."""
        was_running = self.animator.is_running()
        self.animator.finish()
        self._animate_next = not was_running
        op, step = self.index.position(number)
        self.document.set_position(op, step)
        self._animate_next = True

    # -- quiz -------------------------------------------------------------------------------------
    def place_quiz_panel(self, cam: Camera | None = None) -> None:
        """Put the compact quiz card in the corner of the stage farthest from what the
        question is about (its node, that node's slots, the new VMA and the step's roles),
        as drawn through ``cam`` (default: the camera now)."""
        self._put_quiz_card([self._on_window(r, cam) for r in self._quiz_subject()], True)

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
            return self.on_window(rect)
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

    def mark(self, answer: str) -> bool:
        self._quiz_hidden = []  # the step shown next sets every highlight anew
        return super().mark(answer)

    def skip_question(self) -> None:
        super().skip_question()
        self._restore_link_slot()

    def quiz_click(self, pos: QPoint) -> bool:
        """A "where does it hang" question is answered by a click on an empty slot."""
        question = self.quiz.pending
        if question is None or question.kind != "slot":
            return False
        key = self.slot_at(pos)
        if key is None:
            self._flash(self.tr("Click an empty slot (NULL) of the tree"))
        else:
            self._on_quiz_panel_answered(key)
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

    # -- the presenter view -----------------------------------------------------------------------
    def make_presenter(self) -> QWidget:
        from .presenter import PresenterView  # the presenter imports this module

        return PresenterView(self)


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
    show_lecture(window, parent_window, full_screen=full_screen)
    return window
