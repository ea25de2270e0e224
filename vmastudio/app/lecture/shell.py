"""The lecture shell both kernels' lectures are built on (4.x ``presentation.py``, 6.12
``maple_presentation.py``): everything a talk does that does not depend on the kernel.

``LectureShell`` is a full-screen window with the caption bar's labels and looks, the
clicker's keys (``keys.py``) with number entry (+Enter: an op, +G: a step of the talk),
black/white curtains, the key sheet, the chapter sheet, the pen, highlighter and laser,
autoplay, theme / motion / text-size changes with a toast, the quiz card's keys and
clicks, the presenter view's opening and leaving. A lecture subclasses it and keeps only
what its kernel needs: its stage (scene, camera, motion), what the caption bar says, its
quiz's questions and its presenter view. The hooks it fills in are the methods below
that raise ``NotImplementedError``.

``PresentationSettings`` (what the lecturer chooses), ``lecture_settings`` /
``remember_settings`` (kept between talks), ``StageView`` (the scroll-free stage),
``Curtain`` and ``show_lecture`` (placing a talk on the audience's screen) live here too.
"""

from __future__ import annotations

import html
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QRectF,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...view.annotation import AnnotationOverlay
from ...view.layout import COL_W
from ...view.scene import VmaScene
from ..quiz import Question, QuizPanel, QuizScore, answer_label
from .chapters import ChapterSheet, say
from .keys import action_for
from .theme import PALETTES, PROJECTOR_THEMES, lecture_font, theme_label, wash

#: A view that can take the stage's place (a pointer view).
SideT = TypeVar("SideT", bound=QGraphicsView)


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


def lecture_settings(lang: str, store: QSettings | None = None) -> PresentationSettings:
    """The lecturer's choices kept between talks (theme, motion, text size) in ``lang``."""
    s = store if store is not None else QSettings()

    def number(key: str, default: int) -> int:
        try:
            return int(str(s.value(key, default)))
        except ValueError:
            return default

    return PresentationSettings(
        theme=str(s.value("present/theme", "dark")),
        lang=lang,
        duration_ms=number("present/duration_ms", 450),
        reduce_motion=str(s.value("present/reduce_motion", "false")) == "true",
        min_label_px=number("present/min_label_px", 22),
    )


def remember_settings(chosen: PresentationSettings, store: QSettings | None = None) -> None:
    """Keep the lecturer's theme, motion and text size for the next talk (either kernel)."""
    s = store if store is not None else QSettings()
    s.setValue("present/theme", chosen.theme)
    s.setValue("present/duration_ms", chosen.duration_ms)
    s.setValue("present/min_label_px", chosen.min_label_px)
    s.setValue("present/reduce_motion", "true" if chosen.reduce_motion else "false")


# -- the stage and the curtain ------------------------------------------------------------------
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


class Curtain(QWidget):
    """A black or white screen over everything (B / W)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("curtain")
        self.color = "black"
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.hide()

    def show_color(self, color: str) -> None:
        self.color = color
        self.setStyleSheet(f"background: {'#000000' if color == 'black' else '#ffffff'};")
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()


# -- placing a talk -----------------------------------------------------------------------------
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


def show_lecture(
    window: LectureShell, parent_window: QWidget | None, *, full_screen: bool = True
) -> None:
    """Show ``window`` on the audience's screen (full screen unless told), deleted when
    left; with two screens its presenter view opens on the lecturer's screen."""
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


def settle(*layouts: QLayout | None) -> None:
    """Give ``layouts`` their geometry now, not when the posted request comes (which
    would resize the stage in the middle of a glide)."""
    for layout in layouts:
        if layout is not None:
            layout.invalidate()
            layout.activate()


# -- the shell ----------------------------------------------------------------------------------
class LectureShell(QWidget):
    """A full-screen talk: the chrome, keys and tools both kernels' lectures share.

    A subclass makes its stage view, then calls ``_make_shell(view)``, lays out its
    caption bar with ``_make_layout`` and fills in the hooks."""

    closed = Signal()
    #: The position now on screen: op (0: the initial state) and step index.
    position_shown = Signal(int, int)

    #: How long a toast stays on screen, in milliseconds.
    TOAST_MS = 1200
    #: The caption bar's boxed monospace label (a VM_ACCOUNT check, a store type).
    BOXED_LABEL = ""
    #: How much +/- change the smallest readable text, in pixels.
    TEXT_STEP = 4
    #: The quiz's score and pending question (the lecture makes it: the questions are
    #: its kernel's).
    quiz: QuizScore[Question]

    def __init__(
        self, parent: QWidget | None, settings: PresentationSettings | None, name: str
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.settings = settings if settings is not None else PresentationSettings()
        #: When the talk started (the presenter view's clock; Ctrl+R there restarts it).
        self.started = time.monotonic()
        self.presenter: QWidget | None = None
        self._jump = ""
        self._styled_px = 0
        self._title = ""

    # -- construction ---------------------------------------------------------------------------
    def _label(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label.setWordWrap(wrap)
        # Long lines must never make the window wider than the screen (a minimum size
        # above the screen's silently cancels full screen).
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(0)
        return label

    def _make_shell(self, view: QGraphicsView) -> None:
        """The parts every talk has, over the stage ``view``."""
        self.view = view
        #: The lecturer's pen, highlighter and laser over the stage (D / H / L, E erases).
        self.annotation = AnnotationOverlay(view.viewport())
        self.title_label = self._label("title_label")
        self.position_label = self._label("position_label")
        self.position_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.position_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.heading_label = self._label("heading_label", True)
        self.heading_label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption_label = self._label("caption_label", True)
        self.sentence_label = self._label("sentence_label", True)
        self.code_label = self._label("code_label", True)
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.jump_label = self._label("jump_label")
        self.jump_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.jump_label.hide()
        self.toast = self._label("toast")
        self.toast.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.toast.hide()
        self._toast_timer = QTimer(self)
        self._toast_timer.setSingleShot(True)
        self._toast_timer.timeout.connect(self.toast.hide)
        self.help_sheet = QLabel(self)
        self.help_sheet.setObjectName("help_sheet")
        self.help_sheet.setTextFormat(Qt.TextFormat.RichText)
        self.help_sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.help_sheet.hide()
        self.caption_bar = QFrame(self)
        self.caption_bar.setObjectName("caption_bar")
        self.curtain = Curtain(self)
        self.chapters = ChapterSheet(self)
        self.chapters.chosen.connect(self._on_chapters_chosen)
        self.quiz_panel = QuizPanel(self)
        self.quiz_panel.answered.connect(self._on_quiz_panel_answered)
        self.autoplay = QTimer(self)
        self.autoplay.timeout.connect(self._on_autoplay_timeout)
        view.viewport().installEventFilter(self)

    def _make_layout(self, stage: QLayout, extra: Iterable[QLabel] = ()) -> None:
        """Title and counter above ``stage``, the caption bar below it: heading, caption,
        sentence, then the lecture's ``extra`` labels, then the code line."""
        header = QHBoxLayout()
        header.setContentsMargins(24, 8, 24, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.position_label)
        bar = QVBoxLayout(self.caption_bar)
        bar.setContentsMargins(28, 10, 28, 14)
        bar.setSpacing(6)
        for label in (
            self.heading_label,
            self.caption_label,
            self.sentence_label,
            *extra,
            self.code_label,
        ):
            bar.addWidget(label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addLayout(stage, 1)
        layout.addWidget(self.caption_bar)

    def _toggle_side(
        self, side: SideT | None, make: Callable[[], SideT], into: QBoxLayout, name: str
    ) -> tuple[SideT, bool]:
        """Swap the stage's picture for ``side`` (made by ``make`` on first use, put in
        ``into`` as ``name``) or back; the side view and whether it is shown now. It takes
        the whole stage while shown: sharing it would shrink both below what the back row
        can read."""
        if side is None:
            side = make()
            side.setObjectName(name)
            side.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            side.setFrameShape(QFrame.Shape.NoFrame)
            side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            side.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            into.addWidget(side, 1)
            showing = True
        else:
            showing = side.isHidden()
        self.finish_motion()
        side.setVisible(showing)
        self.view.setVisible(not showing)
        return side, showing

    def _fill_help(self, title: str, rows: Iterable[tuple[str, str]]) -> None:
        """The key sheet (? / F1): ``title`` over a table of key and what it does."""
        cells = "".join(
            f"<tr><td style='padding-right:28px'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        self.help_sheet.setText(f"<h2>{html.escape(title)}</h2><table>{cells}</table>")

    # -- looks ----------------------------------------------------------------------------------
    def base_px(self) -> int:
        """The caption's pixel size: about 1/30 of the screen height, never below 22."""
        screen = self.screen()
        height = screen.geometry().height() if screen is not None else 1080
        return max(22, height // 30)

    def _style_window(self) -> None:
        """The window's font and style sheet for the theme, language and screen now."""
        s = self.settings
        bg, fg, muted, accent = PALETTES.get(s.theme, PALETTES["dark"])
        px = self.base_px()
        self._styled_px = px
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        family = mono.family()
        # The font first: the style sheet's sizes and weights resolve against it.
        self.setFont(lecture_font(self.font(), s.lang))
        boxed = (
            f"QLabel#{self.BOXED_LABEL} {{ color: {fg}; background: {wash(accent)};"
            f" border-left: 6px solid {accent}; padding: 4px 12px;"
            f" font-family: '{family}', monospace; font-size: {int(px * 0.72)}px; }}"
            if self.BOXED_LABEL
            else ""
        )
        self.setStyleSheet(
            f"QWidget#{self.objectName()} {{ background: {bg}; }}"
            f"QLabel {{ color: {fg}; }}"
            f"QFrame#caption_bar {{ background: {bg}; border-top: 3px solid {accent}; }}"
            f"QLabel#title_label, QLabel#position_label {{ color: {muted};"
            f" font-size: {int(px * 0.72)}px; }}"
            f"QLabel#heading_label {{ color: {accent}; font-size: {int(px * 0.8)}px;"
            " font-weight: bold; }"
            f"QLabel#caption_label {{ font-size: {int(px * 0.86)}px; font-weight: bold; }}"
            f"QLabel#sentence_label {{ font-size: {int(px * 0.8)}px; }}"
            f"QLabel#code_label {{ color: {accent}; font-family: '{family}', monospace;"
            f" font-size: {int(px * 0.72)}px; }}"
            f"{boxed}"
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
            " padding: 8px 14px; text-align: left; }" + self.extra_style(bg, fg, muted, accent, px)
        )

    def extra_style(self, bg: str, fg: str, muted: str, accent: str, px: int) -> str:
        """Style rules of the lecture's own labels (none here)."""
        return ""

    def set_title(self, title: str) -> None:
        """The lecture's title, elided to the room the counter leaves (whole in a tooltip)."""
        self._title = title
        room = max(120, self.width() - self.position_label.sizeHint().width() - 96)
        shown = self.title_label.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room)
        self.title_label.setText(shown)
        self.title_label.setToolTip(title if shown != title else "")

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        self._apply_settings()
        self.reframe()

    # -- the hooks a lecture fills in -----------------------------------------------------------
    def _apply_settings(self) -> None:
        """Apply ``settings`` (call ``_style_window`` and set the stage's looks)."""
        raise NotImplementedError

    def reframe(self) -> None:
        """Frame the step on screen anew at once (a resize, a theme, the text size)."""
        raise NotImplementedError

    def finish_motion(self) -> None:
        """Land the stage's animation at once."""
        raise NotImplementedError

    def set_reduce_motion(self, on: bool) -> None:
        raise NotImplementedError

    def navigate(self, move: str) -> None:
        """``next``, ``back``, ``first`` or ``last``."""
        raise NotImplementedError

    def shown_op(self) -> int:
        """The op on screen (0: the initial state)."""
        raise NotImplementedError

    def go_to_op(self, k: int) -> None:
        """The first step of op ``k`` (clamped; 0: the initial state)."""
        raise NotImplementedError

    def jump_to_step(self, number: int) -> None:
        """The talk's step ``number`` (number + G; 0: the initial state)."""
        raise NotImplementedError

    def at_end(self) -> bool:
        """Whether the last step of the last op is on screen."""
        raise NotImplementedError

    def text_size(self, delta: int) -> None:
        """Change the smallest readable text by ``delta`` pixels and frame anew."""
        raise NotImplementedError

    def toggle_pointer_view(self) -> None:
        raise NotImplementedError

    def _fill_chapters(self) -> None:
        """Fill the chapter sheet with the ops' headings."""
        raise NotImplementedError

    def make_presenter(self) -> QWidget:
        """A new presenter view of this talk."""
        raise NotImplementedError

    def word(self, key: str) -> str:
        """A toast's text: theme, motion_on/off, quiz_on/off, autoplay_on/off, right, wrong."""
        raise NotImplementedError

    def quiz_click(self, pos: QPoint) -> bool:
        """A click at viewport ``pos`` while the quiz card is up; True when it answered
        (or was taken)."""
        return False

    def extra_key(self, key: int) -> bool:
        """A key of the lecture's own (none here); True when it was used."""
        return False

    def on_left(self) -> None:
        """The talk is being left (after the window closed, before ``closed``)."""

    # -- the toast, the sheets, the curtains ------------------------------------------------------
    def _flash(self, text: str) -> None:
        self.toast.setText(text)
        self.toast.adjustSize()
        self.toast.move((self.width() - self.toast.width()) // 2, self.height() // 6)
        self.toast.show()
        self.toast.raise_()
        self._toast_timer.start(self.TOAST_MS)

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

    def _chapter_key(self, key: int) -> bool:
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

    def black_screen(self) -> bool:
        return self.curtain.isVisible() and self.curtain.color == "black"

    def white_screen(self) -> bool:
        return self.curtain.isVisible() and self.curtain.color == "white"

    def _curtain(self, color: str) -> None:
        self.finish_motion()
        self.curtain.show_color(color)

    def _next_theme(self) -> None:
        names = PROJECTOR_THEMES
        now = self.settings.theme
        name = names[(names.index(now) + 1) % len(names)] if now in names else names[0]
        self.set_theme(name)
        self._flash(self.word("theme").format(theme_label(name)))

    def _toggle_motion(self) -> None:
        self.set_reduce_motion(not self.settings.reduce_motion)
        self._flash(self.word("motion_on" if self.settings.reduce_motion else "motion_off"))

    def _escape(self) -> None:
        """Esc puts the pen away first; with no pen in hand it leaves."""
        if self.annotation.tool != "none":
            self.annotation.set_tool("none")
            self.annotation.clear()
        else:
            self.leave()

    def leave(self) -> None:
        """End the talk (Esc, F5): the window closes and says so (``closed``)."""
        self.close()

    # -- the quiz card --------------------------------------------------------------------------
    def toggle_quiz(self) -> None:
        self.quiz.enabled = not self.quiz.enabled
        self._flash(self.word("quiz_on" if self.quiz.enabled else "quiz_off"))

    def mark(self, answer: str) -> bool:
        """Mark ``answer`` to the pending question (it is then no longer pending)."""
        return self.quiz.check(answer)

    def skip_question(self) -> None:
        """Drop the pending question unmarked (Esc); it is not asked again."""
        self.quiz.skip()

    def _quiz_key(self, key: int, text: str) -> bool:
        question = self.quiz.pending
        if question is None:
            self.quiz_panel.hide()
            return True
        number = 10 if text == "0" else int(text) if text.isdigit() and len(text) == 1 else 0
        # 1-9, and 0 for the tenth choice; a "slot" question is answered by a click only.
        if question.kind == "choice" and 1 <= number <= len(question.choices):
            self._on_quiz_panel_answered(question.choices[number - 1][0])
        elif key == Qt.Key.Key_Escape:
            # Skip the question: the step is shown without a verdict.
            self.skip_question()
            self.quiz_panel.hide()
        return True

    def _put_quiz_card(self, avoid: Sequence[QRect], middle: bool = False) -> None:
        """Size the quiz card to a third of the window and put it in the corner of the
        stage (or, with ``middle``, the middle of its top or bottom edge) that covers
        least of ``avoid`` (window rectangles)."""
        panel = self.quiz_panel
        width = min(int(self.width() * 0.34), 700)
        panel.setFixedWidth(width)
        panel.adjustSize()
        panel.resize(
            width, panel.heightForWidth(width) if panel.hasHeightForWidth() else panel.height()
        )
        stage = QRect(self.view.mapTo(self, QPoint(0, 0)), self.view.size())
        pw, ph, m = panel.width(), panel.height(), 16
        spots = [
            QPoint(stage.right() - pw - m, stage.top() + m),
            QPoint(stage.left() + m, stage.top() + m),
            QPoint(stage.right() - pw - m, stage.bottom() - ph - m),
            QPoint(stage.left() + m, stage.bottom() - ph - m),
        ]
        if middle:
            spots.append(QPoint(stage.center().x() - pw // 2, stage.top() + m))
            spots.append(QPoint(stage.center().x() - pw // 2, stage.bottom() - ph - m))

        def covered(at: QPoint) -> int:
            card = QRect(at, panel.size())
            return sum(
                (card & r).width() * (card & r).height() for r in avoid if card.intersects(r)
            )

        panel.move(min(spots, key=covered))
        panel.raise_()

    def on_window(self, rect: QRectF) -> QRect:
        """Scene ``rect`` in window pixels, as the stage draws it now."""
        poly = self.view.mapFromScene(rect).boundingRect()
        return QRect(self.view.viewport().mapTo(self, poly.topLeft()), poly.size())

    @Slot(str)
    def _on_quiz_panel_answered(self, answer: str) -> None:
        question = self.quiz.pending
        if question is None:
            return
        ok = self.mark(answer)
        self.quiz_panel.hide()
        self.navigate("next")
        label = answer_label(question, question.answer)
        self._flash(self.word("right" if ok else "wrong").format(label))

    # -- autoplay -------------------------------------------------------------------------------
    def toggle_autoplay(self) -> None:
        """A: step on by itself every ``autoplay_ms`` (a question of the quiz waits)."""
        if self.autoplay.isActive():
            self.autoplay.stop()
            self._flash(self.word("autoplay_off"))
        else:
            self.autoplay.start(max(200, self.settings.autoplay_ms))
            self._flash(self.word("autoplay_on"))

    @Slot()
    def _on_autoplay_timeout(self) -> None:
        if self.quiz_panel.isVisible():
            return
        if self.at_end():
            if self.settings.loop:
                self.navigate("first")
            else:
                self.autoplay.stop()
            return
        self.navigate("next")

    # -- the presenter view ---------------------------------------------------------------------
    def toggle_presenter(self, screen: QScreen | None = None) -> QWidget | None:
        """Open the presenter view (full screen on ``screen``, else as a window) or close
        it; the one open, or None."""
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
            return None
        presenter = self.make_presenter()
        self.presenter = presenter
        if screen is not None:
            presenter.setScreen(screen)
            presenter.setGeometry(screen.geometry())
            presenter.showFullScreen()
        else:
            presenter.resize(1280, 800)
            presenter.show()
        return presenter

    def _toggle_presenter_key(self) -> None:
        self.toggle_presenter()

    # -- keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
        else:
            super().keyPressEvent(event)

    def handle_key(
        self, key: int, text: str = "", mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> bool:
        """One key of the clicker or the keyboard; True when it was used. Modal states
        take their keys first: the quiz card, a curtain, the key sheet, the chapter
        sheet and a number being typed."""
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
        if self.chapters.isVisible() and self._chapter_key(key):
            return True
        if text.isdigit() and len(text) == 1:
            self._jump = (self._jump + text)[-6:]
            self._show_jump()
            return True
        if self._jump:
            if key in (K.Key_Return, K.Key_Enter):
                number = int(self._jump)
                self._end_jump()
                self.go_to_op(number)
                return True
            if key == K.Key_G:  # number + G: that step of the whole talk
                number = int(self._jump)
                self._end_jump()
                self.jump_to_step(number)
                return True
            if key == K.Key_Backspace:
                self._jump = self._jump[:-1]
                if self._jump:
                    self._show_jump()
                else:
                    self._end_jump()
                return True
            self._end_jump()
            if key == K.Key_Escape:
                return True
        if self.extra_key(key):
            return True
        action = action_for(key, text, mods)
        do = self.key_actions().get(action) if action is not None else None
        if do is None:
            return False
        do()
        return True

    def _show_jump(self) -> None:
        self.jump_label.setText(say("go_op", self.settings.lang).format(self._jump))
        self.jump_label.adjustSize()
        self.jump_label.move((self.width() - self.jump_label.width()) // 2, self.height() // 3)
        self.jump_label.show()
        self.jump_label.raise_()

    def _end_jump(self) -> None:
        self._jump = ""
        self.jump_label.hide()

    def key_actions(self) -> dict[str, Callable[[], None]]:
        """What each action of ``lecture/keys.py`` does here."""
        return {
            "next": lambda: self.navigate("next"),
            "back": lambda: self.navigate("back"),
            "first": lambda: self.navigate("first"),
            "last": lambda: self.navigate("last"),
            "next_op": lambda: self.go_to_op(self.shown_op() + 1),
            "previous_op": lambda: self.go_to_op(max(0, self.shown_op() - 1)),
            "chapters": self.toggle_chapters,
            "black": lambda: self._curtain("black"),
            "white": lambda: self._curtain("white"),
            "escape": self._escape,
            "leave": self.leave,
            "help": self.toggle_help,
            "theme": self._next_theme,
            "motion": self._toggle_motion,
            "quiz": self.toggle_quiz,
            "autoplay": self.toggle_autoplay,
            "pointers": self.toggle_pointer_view,
            "presenter": self._toggle_presenter_key,
            "pen": lambda: self.annotation.toggle_tool("pen"),
            "highlighter": lambda: self.annotation.toggle_tool("highlighter"),
            "laser": lambda: self.annotation.toggle_tool("laser"),
            "erase": self.annotation.clear,
            "bigger": lambda: self.text_size(+self.TEXT_STEP),
            "smaller": lambda: self.text_size(-self.TEXT_STEP),
        }

    # -- Qt overrides ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # The stage changed size (entering full screen, the caption bar growing a
            # line): the step is framed anew for the room there is now.
            self.annotation.resize(self.view.viewport().size())
            self.reframe()
            return False
        if (
            watched is self.view.viewport()
            and self.quiz_panel.isVisible()
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.quiz_click(event.position().toPoint())
        ):
            return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.annotation.resize(self.view.viewport().size())
        if self.curtain.isVisible():
            self.curtain.setGeometry(self.rect())
        if self.base_px() != self._styled_px:
            self._apply_settings()
        self.set_title(self._title)  # the room for the title changed

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_motion()
        self.autoplay.stop()
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        super().closeEvent(event)
        self.on_left()
        self.closed.emit()
