"""Lecture mode for Linux 6.12: the maple tree full screen, a camera that follows the write.

``open_maple_presentation(scenario, parent)`` is the hook of the side-by-side window's F5
(and of a 6.12 lecture opened from the main window's lecture menu). The presentation has
its own ``Timeline612`` view (``MapleScene`` on a scroll-free stage), a caption bar (the
op's heading, the lecture's caption, the step's sentence from the trace in the lecture's
language, the kernel function and its line, the store type and preallocation once the
step that classifies the write is shown), black/white curtains, a chapter list of the
ops, a key sheet, the 6.12 quiz (Q) and insets for the nodes a step names that the frame
cannot hold readably. It is a ``lecture/shell.py`` ``LectureShell`` (what both kernels'
lectures share: keys, curtains, sheets, pen, autoplay, the quiz card, the presenter
view, looks); its own parts: ``lecture/camera612.py`` (the framing, pure),
``lecture/stage612.py`` (the glide, the insets) and ``lecture/words612.py`` (what it
says in en and zh_CN).

The camera (``lecture/camera612.py``) frames the node being written and every node the
step names at a readable size, with the path to the root or the whole tree when they fit;
it glides between steps and a key pressed while it glides lands it at once.

**4.19 beside it (K).** A lecture whose ops 4.19 also has can show the 4.19 red-black
tree with the maple tree, stacked (4.19 above, each stage the whole width: a maple tree is
wide and shallow, a red-black tree narrow and deep; side by side, a 14-slot leaf's text
fell to 9 px at 1920x1080, stacked it keeps 15.7-22 px). It is off by default: each side
then has half the stage's height (about 310 px at 1080p: two levels of either tree), and
an inset that would cover the node being written is left out. The lecturer turns it on
for the comparison ("the same insert: 13 steps here, 15 there") and off again for the
mechanics; both sides then step together (one key advances each side by a step; the op
changes when both have shown all their steps), so they always show the same op.

Keys are the 4.x lecture's (``lecture/keys.py``): Right/PgDn/Space next step,
Left/PgUp back, ] / [ (or Shift+Right/Left) next/previous op, Home/End, number + Enter an
op, number + G a step of the talk, B/W curtains, O chapters, T theme, M motion, A
autoplay, D/H/L pen, highlighter and laser (E erases), V ma_state and ma_wr_state, +/-
text size, Q quiz, S the presenter view (on the lecturer's screen by itself when there
are two), ?/F1 the key sheet, F5/Esc leave; K (4.19 beside) is its own.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QFontInfo
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..engine.frames612 import MapleState, OpFrames612, Timeline612
from ..engine.linux612.trace import Step612
from ..engine.pointer_model612 import MaplePointerModel, lazy_models612
from ..engine.quiz612 import question_before
from ..engine.scenario import Scenario, text_of
from ..engine.snapshot import LazySequence
from ..engine.wording import step_sentence
from ..model.document import Document
from ..view.animation import apply_camera
from ..view.binding import op_context
from ..view.maple.scene import MapleScene
from ..view.pointer.maple_pointer_view import MaplePointerView
from ..view.pointer.maple_pointer_view import _slab_order as slab_order
from ..view.scene import VmaScene
from .lecture.camera import frame as frame419
from .lecture.camera import step_shot as step_shot419
from .lecture.camera612 import (
    MAX_INSETS,
    Shot612,
    frame612,
    inset_zoom,
    left_out,
    role_nodes,
    shot_of,
    writing_node,
    zoom_of,
)
from .lecture.chapters import counter_text
from .lecture.presenter612 import Presenter612
from .lecture.shell import (
    LectureShell,
    PresentationSettings,
    StageView,
    lecture_settings,
    remember_settings,
    settle,
    show_lecture,
)
from .lecture.stage612 import CameraGlide, RoleInset
from .lecture.theme import PALETTES, PROJECTOR_THEMES, apply_projector_theme, projector_theme
from .lecture.words612 import classified_at, code_line, heading, key_rows, say, store_line
from .quiz import Question, QuizScore
from .side_by_side import OPS_4X, as_kernel

if TYPE_CHECKING:
    from .side_by_side import SideBySideWindow

#: Node text, in pixels, at which the whole maple tree is shown rather than the action.
WHOLE_PX = 24
#: Past this many ops the chapter sheet lists the first ones and "number + G" names an op
#: (as the 4.x lecture's ``StepIndex``): counting steps traces every op.
TALK_LIMIT = 400


class QuizSource(Protocol):
    """What the presentation asks before moving onto a step (the 6.12 quiz's seam)."""

    def __call__(self, op: int, step: int) -> Question | None: ...


class MaplePresentation(LectureShell):
    """Full-screen lecture of a 6.12 scenario; emits ``closed`` when it is left."""

    #: Emitted as the talk is left: the op it reached (the window it came from goes there).
    left_at = Signal(int)

    TOAST_MS = 1400
    BOXED_LABEL = "store_label"
    TEXT_STEP = 2

    def __init__(
        self,
        scenario: Scenario,
        parent: QWidget | None = None,
        settings: PresentationSettings | None = None,
        *,
        timeline: Timeline612 | None = None,
        op: int = 0,
    ) -> None:
        super().__init__(parent, settings, "maple_presentation")
        self.setWindowTitle(self.tr("VMA Studio — Linux 6.12 lecture"))
        self.scenario = scenario
        self.timeline = timeline if timeline is not None else Timeline612(as_kernel(scenario, True))
        self.op = max(0, min(op, len(self.timeline)))
        self.step = 0
        #: What the quiz asks before (op, step): the 6.12 quiz (``engine/quiz612.py``) in
        #: the lecture's language; tests may put another source here.
        self.quiz_source: QuizSource | None = self.question_612
        self.quiz = QuizScore[Question](self)
        #: Steps of ops 1, 2, … as far as counted (``position_of``).
        self._counts: list[int] = []
        self.scene = MapleScene(self)
        self.scene.names = self.timeline.names
        view = StageView(self.scene, self)
        view.setObjectName("maple_stage")
        # The camera is ours and a 65,530-VMA maple tree is millions of units wide: never
        # let the view clamp centerOn() to a smaller scene rectangle.
        view.setSceneRect(QRectF(-1e9, -1e9, 2e9, 2e9))
        self.glide = CameraGlide(view, self)
        # -- the 4.19 side (K), made on first use --
        self.can_compare = all(o.op in OPS_4X for o in scenario.ops)
        self.compare = False
        self.document: Document | None = None
        self.scene419: VmaScene | None = None
        self.view419: StageView | None = None
        #: ma_state / ma_wr_state as memory boxes (V), made on first use; its models per
        #: op (``pointer_model612``).
        self.pointer_view: MaplePointerView | None = None
        self._pointer_models: tuple[OpFrames612, Sequence[MaplePointerModel]] | None = None
        self._make_shell(view)
        self._make_widgets()
        self.insets = [RoleInset(self.scene, self) for _ in range(MAX_INSETS)]
        self._apply_settings()
        self._show(animate=False)

    # -- construction ---------------------------------------------------------------------------
    def _make_widgets(self) -> None:
        """The parts only this lecture has: the 4.19 side's sentence, the store line and
        the stages' kernel names."""
        self.sentence_label.setTextFormat(Qt.TextFormat.PlainText)
        #: The 4.19 side's step sentence (while it is shown, K).
        self.sentence419_label = self._label("sentence419_label", True)
        self.sentence419_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sentence419_label.hide()
        self.store_label = self._label("store_label", True)
        self.store_label.setTextFormat(Qt.TextFormat.PlainText)
        self.kernel_612 = self._label("kernel_612")
        self.kernel_419 = self._label("kernel_419")
        stage612 = QVBoxLayout()
        stage612.setSpacing(0)
        stage612.addWidget(self.kernel_612)
        stage612.addWidget(self.view, 1)
        self._stage612 = stage612
        # With the 4.19 side shown the two stages are stacked, 4.19 above: a maple tree is
        # wide and shallow (a leaf up to 16 slot cells), a red-black tree narrow and deep;
        # side by side, a 14-slot leaf's text fell to 9 px at 1920x1080, stacked 15.7 px.
        self._stage_row = QVBoxLayout()
        self._stage_row.setSpacing(6)
        self._stage_row.addLayout(stage612, 2)
        self.kernel_612.hide()
        self.kernel_419.hide()
        self._make_layout(self._stage_row, (self.sentence419_label, self.store_label))

    # -- settings -------------------------------------------------------------------------------
    def _apply_settings(self) -> None:
        s = self.settings
        self.glide.duration_ms = 0 if s.reduce_motion else s.duration_ms
        theme = s.theme if s.theme in PROJECTOR_THEMES else "dark"
        self.scene.set_theme(theme, projector=True)
        self.view.setBackgroundBrush(QBrush(projector_theme(theme).background))
        if self.scene419 is not None and self.view419 is not None:
            apply_projector_theme(self.scene419, theme)
            self.view419.setBackgroundBrush(QBrush(projector_theme(theme).background))
        self._style_window()
        self._fill_help(say("keys", s.lang), key_rows(s.lang))

    def extra_style(self, bg: str, fg: str, muted: str, accent: str, px: int) -> str:
        """The stages' kernel names and the 4.19 side's sentence."""
        return (
            f"QLabel#kernel_612, QLabel#kernel_419 {{ color: {muted};"
            f" font-size: {int(px * 0.66)}px; font-weight: bold; padding-left: 12px; }}"
            f"QLabel#sentence419_label {{ color: {muted}; font-size: {int(px * 0.72)}px; }}"
        )

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` (en or zh_CN): the step sentences, headings and the lecture's words."""
        self.settings.lang = lang
        self._apply_settings()
        self._update_texts()
        self.reframe()  # the caption bar's height and the insets' titles changed
        if self.chapters.isVisible():
            self._fill_chapters()
        if isinstance(self.presenter, Presenter612):
            self.presenter.refresh()

    def set_reduce_motion(self, on: bool) -> None:
        self.settings.reduce_motion = on
        self.glide.finish()
        self.glide.duration_ms = 0 if on else self.settings.duration_ms

    def finish_motion(self) -> None:
        self.glide.finish()

    def word(self, key: str) -> str:
        """The toasts, in the lecture's language."""
        return say(key, self.settings.lang)

    # -- what is on screen ----------------------------------------------------------------------
    def frames(self) -> OpFrames612 | None:
        return self.timeline.frames(self.op) if self.op >= 1 else None

    def step_count(self) -> int:
        frames = self.frames()
        return len(frames.steps) if frames is not None else 0

    def current_step(self) -> Step612 | None:
        frames = self.frames()
        if frames is None or not frames.steps:
            return None
        return frames.steps[min(self.step, len(frames.steps) - 1)]

    def current_state(self) -> MapleState:
        frames = self.frames()
        if frames is None:
            return self.timeline.state(0)
        return frames.state(self.step) if frames.steps else frames.before

    # -- the camera -----------------------------------------------------------------------------
    def text_px_at_zoom_1(self) -> float:
        """Pixel height of a maple node's slot text at zoom 1 (the scene theme's font)."""
        return float(QFontInfo(self.scene.theme.small).pixelSize())

    def node_rects(self) -> Mapping[int, QRectF]:
        """Scene rectangles of the drawn maple nodes by node id (dead ones included), from
        where the scene placed them (a large tree has items only for the nodes on
        screen); read on demand, O(1) to make whatever the tree's size."""
        return self.scene.placed_rects()

    def shot(self) -> Shot612:
        """What the step on screen needs in view (``camera612.shot_of``)."""
        step = self.current_step()
        roles: dict[str, Any] = dict(step.roles) if step is not None else {}
        rects = self.node_rects()
        whole = self.scene.drawn_rect()
        slot: QRectF | None = None
        write = writing_node(roles)
        offset = roles.get("offset")
        item = self.scene.node_item(write) if write is not None else None
        if item is not None and isinstance(offset, int) and 0 <= offset < len(item.node.slots):
            slot = item.mapRectToScene(item.slot_rect(offset))
        return shot_of(roles, rects, self.current_state(), whole, slot)

    def target_rect(self, previous: QRectF | None = None) -> QRectF:
        """The scene rectangle the stage shows for the step on screen."""
        vp = self.view.viewport().size()
        px = float(self.settings.min_label_px)
        return frame612(
            self.shot(),
            QSizeF(vp.width(), vp.height()),
            self.text_px_at_zoom_1(),
            px,
            float(max(WHOLE_PX, px)),
            previous,
        )

    def shown_rect(self) -> QRectF:
        """The scene rectangle the stage shows now (read from the view)."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def text_px_on_screen(self) -> float:
        """Slot text height on the stage now, in pixels."""
        return self.text_px_at_zoom_1() * self.view.transform().m11()

    def reframe(self, keep: bool = True) -> None:
        """Frame the step anew at once (the stage was resized, the theme or the text size
        changed); ``keep``: start from the frame shown (a resize keeps the picture still
        where it can), else from scratch (a new text size)."""
        self.glide.finish()
        shown = self.glide.shown
        previous = shown if keep and not shown.isEmpty() else None
        target = self.target_rect(previous)
        self.glide.go(target, animate=False)
        self._update_insets(target)
        self._frame_419()

    def _update_insets(self, target: QRectF) -> None:
        """Show, in corners of the stage, the nodes the step names that the frame
        ``target`` leaves out, each at the readable size when it fits (as wide as the
        stage, 30 % of its height), in the corner that covers least of the nodes in the
        frame and of the other inset."""
        for inset in self.insets:
            inset.hide()
        step = self.current_step()
        if step is None or self.quiz_panel.isVisible() or self.view.isHidden():
            return
        rects = self.node_rects()
        missing = left_out(step.roles, rects, target)
        if not missing:
            return
        stage = QRect(self.view.mapTo(self, QPoint(0, 0)), self.view.size())
        zoom = zoom_of(target, QSizeF(stage.width(), stage.height()))

        def on_stage(r: QRectF) -> QRect:
            x = stage.left() + (r.left() - target.left()) * zoom
            y = stage.top() + (r.top() - target.top()) * zoom
            return QRect(int(x), int(y), int(r.width() * zoom), int(r.height() * zoom))

        avoid = [
            on_stage(rects[n])
            for n in role_nodes(step.roles)
            if n in rects and target.contains(rects[n])
        ]
        write = writing_node(step.roles)
        written = on_stage(rects[write]) if write is not None and write in rects else QRect()
        # An inset may take the stage's width: it sits above or below the action (the
        # frame puts the action in the middle band), a second one on the other side.
        room = QSizeF(stage.width() - 64, stage.height() * 0.3)
        lang = self.settings.lang
        bg = PALETTES.get(self.settings.theme, PALETTES["dark"])[0]
        for inset, (role, nid) in zip(self.insets, missing, strict=False):
            rect = rects[nid]
            z = inset_zoom(rect, room, self.text_px_at_zoom_1(), float(self.settings.min_label_px))
            title = say("role_" + role, lang).format(nid)
            inset.show_node(role, nid, rect, z, title, int(self.base_px() * 0.66), bg)
            w, h, m = inset.width(), inset.height(), 12
            spots = [
                QPoint(stage.left() + m, stage.top() + m),
                QPoint(stage.right() - w - m, stage.top() + m),
                QPoint(stage.left() + m, stage.bottom() - h - m),
                QPoint(stage.right() - w - m, stage.bottom() - h - m),
            ]

            # Between corners that cover as little, the one on the node's side of the
            # frame: the inset points the way to where the node is in the tree.
            right = rect.center().x() > target.center().x()
            below = rect.center().y() > target.center().y()

            def covered(
                at: QPoint, w: int = w, h: int = h, right: bool = right, below: bool = below
            ) -> tuple[int, int]:
                card = QRect(at, QSize(w, h))
                area = sum(
                    (card & r).width() * (card & r).height() for r in avoid if card.intersects(r)
                )
                away = (at.x() > stage.center().x() - w // 2) != right
                return area, int(away) + int((at.y() > stage.center().y() - h // 2) != below)

            best = min(spots, key=covered)
            if QRect(best, QSize(w, h)).intersects(written):
                # A stage too short for it (4.19 stacked above): the node being written
                # is never covered; this role stays off screen.
                inset.hide()
                continue
            inset.move(best)
            avoid.append(QRect(best, QSize(w, h)))

    # -- drawing --------------------------------------------------------------------------------
    def _show(self, animate: bool, fresh: bool = False) -> None:
        """Draw the position (op, step); ``fresh``: a jump (chapters, an op number, Home):
        the camera frames it from scratch instead of panning on from the previous frame."""
        frames = self.frames()
        step = self.current_step()
        before = None
        if frames is not None and frames.steps:
            before = frames.state(self.step - 1) if self.step else frames.before
        self.annotation.clear()  # a drawing belongs to the step it was drawn on
        self.scene.show_state(self.current_state(), step, "", before)
        self._update_texts()
        settle(self.caption_bar.layout(), self.layout())
        previous = None if fresh or self.glide.shown.isEmpty() else self.glide.shown
        target = self.target_rect(previous)
        self.glide.go(target, animate)
        self._update_insets(target)
        self._update_pointer_view()
        self._show_419()
        self.position_shown.emit(self.op, self.step)

    def _set_title(self) -> None:
        title = text_of(self.scenario.title, self.settings.lang) or "Linux 6.12"
        self.set_title(title)

    def _update_texts(self) -> None:
        lang = self.settings.lang
        n = len(self.timeline)
        frames = self.frames()
        step = self.current_step()
        self._set_title()
        counter = counter_text(self.op, n, self.step, self.step_count(), lang, by_op=False)
        if self.compare and self.document is not None and self.op >= 1:
            d = self.document
            counter += " · " + say("step_419", lang).format(d.step + 1, d.step_count(self.op))
        self.position_label.setText(counter)
        if frames is None:
            self.heading_label.setText(say("initial", lang).format(len(self.scenario.initial)))
            caption = text_of(self.scenario.title, lang)
            store = ""
        else:
            op = self.timeline.scenario.ops[self.op - 1]
            at = classified_at(frames.steps)
            known = at is not None and self.step >= at
            self.heading_label.setText(heading(self.op, op, frames.outcome, lang, known))
            caption = text_of(self.scenario.ops[self.op - 1].caption, lang)
            store = store_line(frames.outcome, lang) if known else ""
        self.caption_label.setText(caption)
        self.caption_label.setVisible(bool(caption))
        self.sentence_label.setText(text_of(step.text, lang) if step else "")
        self.sentence_label.setVisible(step is not None)
        old = self.document
        if self.compare and old is not None and self.op >= 1:
            line = say("side_419", lang).format(step_sentence(old.current_step(), lang))
            self.sentence419_label.setText(line)
            self.sentence419_label.show()
        else:
            self.sentence419_label.hide()
        self.code_label.setText(code_line(step))
        self.code_label.setVisible(self.settings.show_code and step is not None)
        self.store_label.setText(store)
        self.store_label.setVisible(bool(store))
        self.kernel_612.setText(say("kernel_612", lang))
        self.kernel_419.setText(say("kernel_419", lang))

    # -- the pointer view (V) -------------------------------------------------------------------
    def toggle_pointer_view(self) -> None:
        """Swap the maple stage for ma_state and ma_wr_state drawn as memory boxes (the
        side-by-side window's pointer panel) and back. It takes the whole stage while
        shown: its boxes shared with the tree would be too small for the back row."""
        theme = "light" if self.settings.theme == "light" else "dark"
        self.pointer_view, showing = self._toggle_side(
            self.pointer_view,
            lambda: MaplePointerView(
                self, theme=theme, language=self.settings.lang, address_style="short"
            ),
            self._stage612,
            "lecture_pointer_view",
        )
        for inset in self.insets:
            inset.hide()
        self._update_pointer_view()
        if not showing:
            self.reframe()

    def _update_pointer_view(self) -> None:
        view = self.pointer_view
        if view is None or view.isHidden():
            return
        view.set_language(self.settings.lang)
        frames = self.frames()
        if frames is None or not frames.steps:
            view.show_model(None)
            return
        kept = self._pointer_models
        if kept is None or kept[0] is not frames:
            order = slab_order(self.timeline.scenario)
            models = lazy_models612(frames.steps, frames.states, frames.before, "short", order)
            kept = (frames, LazySequence(models, len(frames.steps)))
            self._pointer_models = kept
        view.show_model(kept[1][min(self.step, len(frames.steps) - 1)])
        view.fit()

    # -- the 4.19 side (K) ------------------------------------------------------------------------
    def toggle_compare(self) -> None:
        """Show or hide the 4.19 red-black tree beside the maple tree (same op)."""
        if not self.can_compare:
            self._flash(say("no_419", self.settings.lang))
            return
        self.glide.finish()
        if self.document is None:
            document = Document(parent=self)
            document.load_scenario(as_kernel(self.scenario, maple=False))
            self.document = document
            self.scene419 = VmaScene(self)
            view = StageView(self.scene419, self)
            view.setObjectName("stage_419")
            self.view419 = view
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(self.kernel_419)
            column.addWidget(view, 1)
            self._stage_row.insertLayout(0, column, 2)
            self._apply_settings()
        self.compare = not self.compare
        assert self.view419 is not None
        self.view419.setVisible(self.compare)
        self.kernel_419.setVisible(self.compare)
        self.kernel_612.setVisible(self.compare)
        self._show_419()
        self._update_texts()
        settle(self._stage_row, self.layout())
        self.reframe()
        self._flash(say("compare_on" if self.compare else "compare_off", self.settings.lang))

    def _show_419(self) -> None:
        d, scene = self.document, self.scene419
        if not self.compare or d is None or scene is None:
            return
        if d.op != self.op:
            d.set_position(self.op, 0)
        scene.show_state(d.current_snapshot(), d.current_step(), op_context(d, d.op))
        self._frame_419()

    def _frame_419(self) -> None:
        d, scene, view = self.document, self.scene419, self.view419
        if not self.compare or d is None or scene is None or view is None:
            return
        vp = view.viewport().size()
        label = float(QFontInfo(scene.theme.mono).pixelSize())
        px = float(self.settings.min_label_px)
        shot = step_shot419(scene, d.current_step(), d.current_snapshot())
        cam = frame419(shot, QSizeF(vp.width(), vp.height()), label, px, max(WHOLE_PX, px))
        apply_camera(view, cam)

    def _steps_419(self) -> int:
        d = self.document
        return d.step_count(self.op) if d is not None and self.op >= 1 else 0

    # -- navigation -------------------------------------------------------------------------------
    def _go(self, op: int, step: int, animate: bool = True, fresh: bool = True) -> None:
        """Show step ``step`` of op ``op`` (both clamped; 0: the initial state)."""
        self.op = max(0, min(op, len(self.timeline)))
        self.step = max(0, min(step, self.step_count() - 1)) if self.op else 0
        d = self.document
        if d is not None and self.compare:
            d.set_position(self.op, min(step, max(0, self._steps_419() - 1)) if self.op else 0)
        self._show(animate, fresh)

    def go_to_op(self, k: int) -> None:
        """The first step of op ``k`` (clamped; 0: the initial state)."""
        animate = not self.glide.is_running()
        self.glide.finish()
        self._go(k, 0, animate)

    def position_of(self, number: int) -> tuple[int, int]:
        """(op, step) of the talk's step ``number``: 0 is the initial state, then 1, 2, …
        for each step of each op in order (clamped to the talk). Counting steps traces
        each op once (the counts are kept); past ``TALK_LIMIT`` ops numbers name ops."""
        n = len(self.timeline)
        if number <= 0 or n == 0:
            return (0, 0)
        if n > TALK_LIMIT:
            return (min(number, n), 0)
        while len(self._counts) < n:
            self._counts.append(len(self.timeline.frames(len(self._counts) + 1).steps))
        for k, count in enumerate(self._counts, start=1):
            if number <= count:
                return (k, number - 1)
            number -= count
        return (n, max(0, self._counts[-1] - 1))

    def jump_to_step(self, number: int) -> None:
        """Go to the talk's step ``number`` (number + G; 0: the initial state)."""
        animate = not self.glide.is_running()
        self.glide.finish()
        op, step = self.position_of(number)
        self._go(op, step, animate)

    def _last_of(self, k: int, fresh: bool = True) -> None:
        """The last step of op ``k`` on each side."""
        self.op = max(0, min(k, len(self.timeline)))
        self.step = max(0, self.step_count() - 1)
        d = self.document
        if d is not None and self.compare:
            d.set_position(self.op, max(0, self._steps_419() - 1))
        self._show(True, fresh)

    def navigate(self, move: str) -> None:
        """``next``, ``back``, ``first`` or ``last``; with the 4.19 side, both sides step."""
        animate = not self.glide.is_running()
        self.glide.finish()
        n = len(self.timeline)
        d = self.document if self.compare else None
        last612 = self.step_count() - 1
        last419 = self._steps_419() - 1
        if move == "first":
            self._go(0, 0, animate)
        elif move == "last":
            self._last_of(n)
        elif move == "next":
            at_end = self.op == 0 or (self.step >= last612 and (d is None or d.step >= last419))
            if at_end:
                if self.op < n and not self._ask(self.op + 1, 0):
                    self._go(self.op + 1, 0, animate, fresh=False)
                return
            if self.step < last612 and self._ask(self.op, self.step + 1):
                return
            self.step = min(self.step + 1, max(0, last612))
            if d is not None and d.step < last419:
                d.set_position(self.op, d.step + 1)
            self._show(animate)
        elif move == "back":
            at_start = self.step == 0 and (d is None or d.step == 0)
            if at_start:
                if self.op > 1:
                    self._last_of(self.op - 1, fresh=False)
                elif self.op == 1:
                    self._go(0, 0, animate, fresh=False)
                return
            self.step = max(0, self.step - 1)
            if d is not None and d.step > 0:
                d.set_position(self.op, d.step - 1)
            self._show(animate)

    # -- quiz (the seam: ``quiz_source``) ---------------------------------------------------------
    def question_612(self, op: int, step: int) -> Question | None:
        """The 6.12 quiz's question before (op, step) (``quiz612.question_before``), as
        the lecture's quiz card shows it: prompt and choices in the lecture's language,
        answered with a button, a digit or a click on the slot in the drawing."""
        asked = question_before(self.timeline, op, step)
        if asked is None:
            return None
        lang = self.settings.lang
        choices = tuple((key, asked.label(key, lang)) for key in asked.choice_keys())
        return Question(op, step, asked.prompt_in(lang), choices, asked.answer, asked.node)

    def _ask(self, op: int, step: int) -> bool:
        """Ask the quiz's question before (op, step), if there is one; True when asked."""
        if self.quiz_source is None or not self.quiz.may_ask(op, step):
            return False
        question = self.quiz_source(op, step)
        if question is None:
            return False
        self.quiz.pending = question
        panel = self.quiz_panel
        # Many choices (a slot of a 16-slot leaf): smaller buttons, so the card stays
        # within the stage.
        many = len(question.choices) > 6
        px = int(self.base_px() * (0.55 if many else 0.7))
        panel.setStyleSheet(
            f"QPushButton {{ font-size: {px}px; padding: {2 if many else 8}px 14px; }}"
        )
        for inset in self.insets:
            inset.hide()
        panel.ask(question)
        # The card speaks the lecture's language (QuizPanel's own title is the window's).
        lang = self.settings.lang
        slot = question.node is not None and all(k.isdigit() for k, _ in question.choices)
        hint = say("click_slot" if slot else "click_choice", lang)
        panel.prompt.setText(
            f"<b>{html.escape(say('predict', lang))}</b><br>{html.escape(question.prompt)}"
            f"<br><i>{html.escape(hint)}</i>"
        )
        self._place_quiz(question)
        return True

    def _place_quiz(self, question: Question) -> None:
        """The node the question is about in view, and the card in the corner of the
        stage that covers least of it."""
        item = self.scene.node_item(question.node) if question.node is not None else None
        if item is not None:
            rect = item.sceneBoundingRect()
            if not self.glide.shown.contains(rect):
                vp = self.view.viewport().size()
                shot = Shot612(rect, rect, rect, self.shot().whole)
                px = float(self.settings.min_label_px)
                cam = frame612(
                    shot,
                    QSizeF(vp.width(), vp.height()),
                    self.text_px_at_zoom_1(),
                    px,
                    float(max(WHOLE_PX, px)),
                    self.glide.shown,
                )
                self.glide.go(cam, animate=False)
        self._put_quiz_card([self.on_window(item.sceneBoundingRect())] if item else [])

    @property
    def quiz_enabled(self) -> bool:
        return self.quiz.enabled

    @quiz_enabled.setter
    def quiz_enabled(self, on: bool) -> None:
        self.quiz.enabled = on

    @property
    def pending(self) -> Question | None:
        """The question waiting for an answer."""
        return self.quiz.pending

    @property
    def right(self) -> int:
        return self.quiz.right

    @property
    def wrong(self) -> int:
        return self.quiz.wrong

    def quiz_click(self, pos: QPoint) -> bool:
        """A "which slot?" question is answered by a click on the slot drawn too."""
        key = self.slot_at(pos)
        if key is None:
            return False
        self._on_quiz_panel_answered(key)
        return True

    # -- chapters ---------------------------------------------------------------------------------
    def _fill_chapters(self) -> None:
        lang = self.settings.lang
        ops = self.timeline.scenario.ops
        lines = [
            heading(k, ops[k - 1], self.timeline.outcomes[k - 1], lang, True)
            for k in range(1, min(len(ops), TALK_LIMIT) + 1)
        ]
        self.chapters.fill(lines, self.op, lang)

    def make_presenter(self) -> QWidget:
        return Presenter612(self)

    def shown_op(self) -> int:
        return self.op

    def at_end(self) -> bool:
        n = len(self.timeline)
        return self.op == n and (n == 0 or self.step >= self.step_count() - 1)

    def text_size(self, delta: int) -> None:
        self.settings.min_label_px = min(60, max(8, self.settings.min_label_px + delta))
        self.reframe(keep=False)
        self._flash(say("text_px", self.settings.lang).format(self.settings.min_label_px))

    # -- the quiz's click -----------------------------------------------------------------------
    def slot_at(self, pos: QPoint) -> str | None:
        """The quiz answer key of the slot cell of the question's node drawn at viewport
        ``pos`` (a "which slot?" question is answered by a click on the drawing too)."""
        question = self.quiz.pending
        if question is None or question.node is None:
            return None
        item = self.scene.node_item(question.node)
        if item is None:
            return None
        at = item.mapFromScene(self.view.mapToScene(pos))
        keys = {key for key, _label in question.choices}
        for i in range(len(item.node.slots)):
            # The pivot above a slot belongs to it too: a generous target on a projector.
            cell = item.slot_rect(i)
            if cell.adjusted(0, -cell.height(), 0, 0).contains(at) and str(i) in keys:
                return str(i)
        return None

    def extra_key(self, key: int) -> bool:
        if key == Qt.Key.Key_K:  # this lecture's own key (the 4.x lecture has no second side)
            self.toggle_compare()
            return True
        return False

    def on_left(self) -> None:
        self.left_at.emit(self.op)


def open_maple_presentation(
    scenario: Scenario,
    parent_window: QWidget | None = None,
    settings: PresentationSettings | None = None,
    *,
    timeline: Timeline612 | None = None,
    op: int = 0,
    full_screen: bool = True,
) -> MaplePresentation:
    """Show a 6.12 ``scenario`` full screen for a lecture hall; Esc or F5 leaves.

    The window is a top-level child of ``parent_window`` (it dies with it) and deletes
    itself when left. It opens on the audience's screen (with two screens, the one the
    parent window is not on)."""
    window = MaplePresentation(scenario, parent_window, settings, timeline=timeline, op=op)
    show_lecture(window, parent_window, full_screen=full_screen)
    return window


def present_from(window: SideBySideWindow) -> MaplePresentation:
    """The side-by-side window's F5: its scenario as a lecture from the op it shows, on the
    replay it already has; leaving comes back to it at the op the talk reached."""
    talk = open_maple_presentation(
        window.timeline612.scenario,
        window,
        lecture_settings(window.lang),
        timeline=window.timeline612,
        op=window.op,
    )

    def back(op: int) -> None:
        if op >= 1:
            window.show_op(op)
        window.activateWindow()
        remember_settings(talk.settings)

    talk.left_at.connect(back)
    return talk


__all__ = [
    "MaplePresentation",
    "QuizSource",
    "lecture_settings",
    "open_maple_presentation",
    "present_from",
    "remember_settings",
]
