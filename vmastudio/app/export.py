"""Publication figures of any step: SVG, PDF and PNG from one composed ``Figure``.

A ``Figure`` owns its own ``VmaScene`` (never the window's), shows one position of a
``Document`` in it, hides the parts that were not asked for, and stacks the blocks an
author chose (caption, the map/list/tree drawing, pointers, code, variables, legend) in
figure units (1 unit = 1/96 inch, so an SVG is as large on paper as on a 96-dpi screen).
Every writer paints the same ``Figure.paint``; text stays text (``QSvgGenerator`` writes
``<text>``, ``QPdfWriter`` embeds subsets of the fonts), so the three formats agree.

Files are written atomically (a temporary file in the target folder, ``fsync``, then
``os.replace``): a failed export never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

from .. import resources
from ..engine.memory import AddressStyle
from ..engine.pointers import PointerModel, op_models
from ..engine.scenario import text_of
from ..engine.trace import TraceStep, case_label
from ..model.document import Document
from ..view.binding import op_context
from ..view.layout import LIST_Y, MAP_H, MAP_Y, NODE_H, ROOT_Y, TREE_Y
from ..view.scene import OpContext, VmaScene
from ..view.theme import ROLE_ORDER, Theme, make_theme, role_description, role_label

PARTS: tuple[str, ...] = ("tree", "list", "map", "pointers", "code", "vars", "legend", "caption")
DEFAULT_PARTS: tuple[str, ...] = ("tree", "list", "map", "legend", "caption")
FIGURE_FORMATS: tuple[str, ...] = ("svg", "pdf", "png")
FORMATS: tuple[str, ...] = ("svg", "pdf", "png", "tikz", "gif", "apng", "graphml", "dot")
THEMES: tuple[str, ...] = ("light", "dark", "print")
PAPERS: tuple[str, ...] = ("fit", "A4", "letter")
#: Figure units per inch: one unit is one pixel of a 96-dpi screen.
UNITS_PER_INCH = 96.0
MARGIN = 16.0
GAP = 18.0

Crop = Literal["all", "active"]


class ExportError(Exception):
    """A problem the user can fix (bad step, unknown part, unwritable target): one line."""


@dataclass(slots=True)
class ExportOptions:
    """What goes into a figure and how it is written."""

    theme: str = "light"
    parts: tuple[str, ...] = DEFAULT_PARTS
    #: PNG/GIF pixels per figure unit; ``None``: dpi/96 when a dpi is given, else 2 (PNG).
    scale: float | None = None
    dpi: float | None = None
    transparent: bool = False
    paper: str = "fit"
    delay: int = 900
    address_style: AddressStyle = "kernel"
    lang: str = "en"
    crop: Crop = "all"
    #: Multiplies the caption, code, variables and legend fonts.
    font_scale: float = 1.0

    def pixel_scale(self, default: float = 2.0) -> float:
        if self.scale is not None:
            return self.scale
        if self.dpi is not None:
            return self.dpi / UNITS_PER_INCH
        return default


def parse_parts(text: str) -> tuple[str, ...]:
    """``"tree,legend"`` → ("tree", "legend"); an unknown part is an ``ExportError``."""
    parts = tuple(p.strip() for p in text.split(",") if p.strip())
    for p in parts:
        if p not in PARTS:
            raise ExportError(f"--parts: unknown part {p!r} (choose from {', '.join(PARTS)})")
    if not parts:
        raise ExportError("--parts: name at least one part")
    return parts


# -- positions --------------------------------------------------------------------------------
#: (op, step): op 0 is the initial state; step None is the state after the op, else the
#: 0-based index of the step in the op's trace.
Position = tuple[int, int | None]


def parse_step(text: str, document: Document) -> Position:
    """``0``, ``K``, ``K:S`` (1-based) or ``last``; errors name the valid range."""
    n = document.op_count()
    t = text.strip()
    if t == "last":
        return (n, None)
    if ":" in t:
        k_text, s_text = t.split(":", 1)
        try:
            k, s = int(k_text), int(s_text)
        except ValueError:
            raise ExportError(f"--step: expected 0, K, K:S or last, got {t!r}") from None
        if not 1 <= k <= n:
            raise ExportError(f"--step: op {k} is outside 1..{n}")
        count = document.step_count(k)
        if not 1 <= s <= count:
            raise ExportError(f"--step: op {k} has steps 1..{count}, got {k}:{s}")
        return (k, s - 1)
    try:
        k = int(t)
    except ValueError:
        raise ExportError(f"--step: expected 0, K, K:S or last, got {t!r}") from None
    if not 0 <= k <= n:
        raise ExportError(f"--step: {k} is outside 0..{n}")
    return (k, None)


def positions_of_op(document: Document, k: int) -> list[Position]:
    return [(k, i) for i in range(document.step_count(k))]


def parse_range(text: str, document: Document) -> list[Position]:
    """``K:S..K:S`` (inclusive, across ops) → every step position in between."""
    if ".." not in text:
        raise ExportError(f"--range: expected K:S..K:S, got {text!r}")
    a_text, b_text = text.split("..", 1)
    a, b = parse_step(a_text, document), parse_step(b_text, document)
    if a[1] is None or b[1] is None:
        raise ExportError(f"--range: both ends must be K:S steps, got {text!r}")
    if (a[0], a[1]) > (b[0], b[1]):
        raise ExportError(f"--range: {a_text} comes after {b_text}")
    out: list[Position] = []
    for k in range(a[0], b[0] + 1):
        first = a[1] if k == a[0] else 0
        last = b[1] if k == b[0] else document.step_count(k) - 1
        out.extend((k, i) for i in range(first, last + 1))
    return out


# -- themes -----------------------------------------------------------------------------------
_PRINT_ROLE_GREYS = {
    "conflict": "#000000",
    "current": "#000000",
    "new": "#262626",
    "link_slot": "#262626",
    "parent": "#404040",
    "prev": "#4d4d4d",
    "next": "#4d4d4d",
    "grandparent": "#595959",
    "uncle": "#595959",
    "sibling": "#595959",
}
_print_theme: Theme | None = None


def print_theme() -> Theme:
    """The light theme in greys: roles keep their outline patterns and tags, red nodes
    their rounded shape and "R" tag, so nothing depends on colour (built once)."""
    global _print_theme
    if _print_theme is not None:
        return _print_theme
    base = make_theme("light")

    def pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        p = QPen(QColor(colour), width, style)
        p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return p

    t = replace(
        base,
        name="print",
        background=QColor("#ffffff"),
        text=QColor("#000000"),
        muted=QColor("#595959"),
        section=QColor("#262626"),
        black_fill=QBrush(QColor("#1a1a1a")),
        black_pen=pen("#000000", 2.5),
        black_text=QColor("#ffffff"),
        red_fill=QBrush(QColor("#e6e6e6")),
        red_pen=pen("#000000", 1.5),
        red_text=QColor("#000000"),
        bar_fill=QBrush(QColor("#d9d9d9")),
        bar_file_fill=QBrush(QColor("#f2f2f2")),
        bar_pen=pen("#000000", 1.0),
        ghost_brush=QBrush(QColor("#404040"), Qt.BrushStyle.BDiagPattern),
        ghost_pen=pen("#000000", 1.5, Qt.PenStyle.DashLine),
        gap_brush=QBrush(QColor("#f7f7f7")),
        gap_pen=pen("#808080", 0.8, Qt.PenStyle.DotLine),
        edge_pen=pen("#000000", 1.4),
        arrow_pen=pen("#000000", 1.2),
        arrow_brush=QBrush(QColor("#000000")),
        slot_pen=pen("#595959", 1.0, Qt.PenStyle.DashLine),
        slot_brush=QBrush(QColor("#ffffff")),
        box_fill=QBrush(QColor("#ffffff")),
        overlap_brush=QBrush(QColor("#000000"), Qt.BrushStyle.DiagCrossPattern),
        overlap_pen=pen("#000000", 2.0),
        badge_brush=QBrush(QColor("#000000")),
        badge_text=QColor("#ffffff"),
        role_colors={},
        role_pens={},
        role_brushes={},
        role_tag_text=QColor("#ffffff"),
    )
    for role, grey in _PRINT_ROLE_GREYS.items():
        style = base.role_pens[role].style()
        t.role_colors[role] = QColor(grey)
        t.role_pens[role] = pen(grey, 3.0, style)
        t.role_brushes[role] = QBrush(QColor(grey))
    _print_theme = t
    return t


def theme_for(name: str) -> Theme:
    if name not in THEMES:
        raise ExportError(f"--theme: unknown theme {name!r} (choose from {', '.join(THEMES)})")
    return print_theme() if name == "print" else make_theme(name)


def _apply_theme(scene: VmaScene, theme: Theme) -> None:
    """``VmaScene.set_theme`` for a theme object the window does not know (print)."""
    scene.theme = theme
    scene.setBackgroundBrush(theme.background)
    for item in scene.items():
        setter = getattr(item, "set_theme", None)
        if setter is not None:
            setter(theme)
        elif isinstance(item, QGraphicsSimpleTextItem) and item.parentItem() is None:
            item.setBrush(theme.section)  # the section titles


# -- words of the figure (in the figure's language, not the window's) ---------------------------
_WORDS: dict[str, dict[str, str]] = {
    "op": {"en": "op", "zh_CN": "操作"},
    "step": {"en": "step", "zh_CN": "步骤"},
    "initial": {"en": "initial state", "zh_CN": "初始状态"},
    "after": {"en": "state after", "zh_CN": "之后的状态"},
    "vmas": {"en": "VMAs", "zh_CN": "个 VMA"},
    "legend": {"en": "legend", "zh_CN": "图例"},
    "black": {"en": "black node (square, B)", "zh_CN": "黑节点（方形，B）"},
    "red": {"en": "red node (rounded, R)", "zh_CN": "红节点（圆角，R）"},
    "code": {"en": "code", "zh_CN": "代码"},
    "vars": {"en": "variables", "zh_CN": "变量"},
    "returned": {"en": "(returned)", "zh_CN": "（已返回）"},
    "result": {"en": "result", "zh_CN": "结果"},
}


def word(key: str, lang: str) -> str:
    entry = _WORDS[key]
    return entry.get(lang) or entry["en"]


def op_title(document: Document, k: int, lang: str) -> str:
    """``op 4: insert [200000,201000) → 0`` in the figure's language."""
    if k == 0:
        return word("initial", lang)
    return f"{word('op', lang)} {k}: {document.timeline.describe(k)}"


# -- the figure -------------------------------------------------------------------------------
Painter = Callable[[QPainter, QRectF, bool], None]


@dataclass(slots=True)
class Block:
    name: str
    size: QSizeF
    paint: Painter
    rect: QRectF = field(default_factory=QRectF)


def _band(y: float) -> str:
    """Which drawing a top-level item of the main scene belongs to, by its row."""
    if y < (MAP_Y + MAP_H + LIST_Y) / 2 - 40:
        return "map"
    if y < TREE_Y - 80:
        return "list"
    return "tree"


def _font(base: QFont, size: float) -> QFont:
    f = QFont(base)
    f.setPointSizeF(size)
    return f


class FigureBuilder:
    """Builds ``Figure``s of one document; reuses one scene while the op stays the same."""

    def __init__(self, document: Document, options: ExportOptions) -> None:
        for p in options.parts:
            if p not in PARTS:
                raise ExportError(f"--parts: unknown part {p!r}")
        if document.address_style != options.address_style:
            # Never restyle the caller's document (the window's): trace a shadow of it.
            shadow = Document(document.scenario)
            shadow.address_style = options.address_style
            document = shadow
        self.document = document
        self.options = options
        self.theme = theme_for(options.theme)
        # A figure draws every VMA it covers: never the window's virtual scene.
        self.scene = VmaScene(virtual_min=None)
        _apply_theme(self.scene, self.theme)
        self._ctx_key: tuple[int, bool] | None = None
        self._ctx: OpContext | None = None
        self._models: dict[int, list[PointerModel]] = {}
        self._pointer_view: object = None
        #: Items this builder hid (parts left out, an empty row's title); shown again
        #: before the next step, so the scene's own visibility decisions stay intact.
        self._hidden: list[QGraphicsItem] = []

    def can_reuse(self, options: ExportOptions) -> bool:
        """Whether ``set_options(options)`` keeps this builder's scene valid."""
        o = self.options
        return (o.theme, o.address_style, o.lang) == (
            options.theme,
            options.address_style,
            options.lang,
        )

    def set_options(self, options: ExportOptions) -> None:
        """New parts, crop, scale…; the theme, addresses and language must be the same."""
        if not self.can_reuse(options):
            raise ValueError("theme, address style and language need a new FigureBuilder")
        self.options = options

    # -- drawing state --------------------------------------------------------------------------
    def _show(self, pos: Position) -> tuple[TraceStep | None, QRectF, tuple[float, float] | None]:
        d = self.document
        k, s = pos
        if s is None:
            snap = d.state(k)
            step = None
            key = (k, False)
            if self._ctx_key != key:
                self._ctx = OpContext(
                    key=("export-state", id(d.timeline), k), starts=frozenset(snap.nodes)
                )
        else:
            frames = d.frames(k)
            snap = frames.snapshots[s]
            step = frames.steps[s]
            key = (k, True)
            if self._ctx_key != key:
                self._ctx = op_context(d, k)
        self._ctx_key = key
        assert self._ctx is not None
        for item in self._hidden:
            item.setVisible(True)
        self._hidden = []
        self.scene.show_state(snap, step, self._ctx)
        parts = self.options.parts
        rect = QRectF()
        # One pass over the top-level items, each bounding rect read once (a 10,000-VMA
        # scene holds ~80,000 items; items() walks the BSP index, so it runs only here).
        shown: list[tuple[QGraphicsItem, QRectF]] = []
        for item in self.scene.items():
            if item.parentItem() is not None:
                continue
            box = item.sceneBoundingRect()
            # By the drawn centre, not pos(): edges sit at (0, 0) and draw in scene units.
            if not item.isVisible():
                continue
            if _band((box.top() + box.bottom()) * 0.5) not in parts:
                item.setVisible(False)
                self._hidden.append(item)
            else:
                shown.append((item, box))
        for _, box in shown:
            rect |= box
        if self.options.crop == "active":
            focus = self.scene.focus_rect()
            if not focus.isEmpty():
                rect = rect.intersected(focus.adjusted(-220, -110, 220, 110))
        return step, rect, self._empty_row(rect, shown)

    def _empty_row(
        self, rect: QRectF, shown: list[tuple[QGraphicsItem, QRectF]]
    ) -> tuple[float, float] | None:
        """The scene rows between the list and the tree when no VMA is unlinked: its title
        is hidden and the figure leaves the blank rows out (y0, y1), or None."""
        if "tree" not in self.options.parts:
            return None
        # The row of unlinked VMAs and its title, above the tree title (ROOT_Y - 95).
        lo_band, hi_band = TREE_Y - 90, ROOT_Y - NODE_H / 2 - 75
        titles = []
        above, below = rect.top() - 20, rect.bottom()
        for item, box in shown:
            top, bottom = box.top(), box.bottom()
            y = (top + bottom) * 0.5
            if y < lo_band:
                if bottom > above:
                    above = bottom
            elif y >= hi_band:
                if top < below:
                    below = top
            elif not isinstance(item, QGraphicsSimpleTextItem):
                return None  # a VMA is being inserted or erased: keep its row
            else:
                titles.append(item)
        if below - above < 60:
            return None
        for title in titles:
            title.setVisible(False)
            self._hidden.append(title)
        return (above + 20, below - 24)

    def build(self, pos: Position) -> Figure:
        """The figure of ``pos``. O(size of the state) for a new op, O(roles) after."""
        o = self.options
        d = self.document
        lang = o.lang
        t = self.theme
        step, scene_rect, cut = self._show(pos)
        blocks: list[Block] = []
        fs = o.font_scale
        main_parts = {"tree", "list", "map"} & set(o.parts)
        width_hint = scene_rect.width() if main_parts and not scene_rect.isEmpty() else 640.0
        if "caption" in o.parts:
            blocks.append(self._caption_block(pos, step, max(width_hint, 520.0), lang, fs))
        if main_parts and not scene_rect.isEmpty():
            scene = self.scene
            src = QRectF(scene_rect)
            slices = [src]
            if cut is not None and cut[0] <= src.top() + 20 < cut[1] < src.bottom():
                # Nothing above the empty row (the tree alone): start at the tree.
                slices = [QRectF(src.left(), cut[1], src.width(), src.bottom() - cut[1])]
            elif cut is not None and src.top() < cut[0] < cut[1] < src.bottom():
                slices = [
                    QRectF(src.left(), src.top(), src.width(), cut[0] - src.top()),
                    QRectF(src.left(), cut[1], src.width(), src.bottom() - cut[1]),
                ]
            size = QSizeF(src.width(), sum(r.height() for r in slices))

            def paint_scene(p: QPainter, r: QRectF, background: bool) -> None:
                brush = scene.backgroundBrush()
                if not background:
                    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
                k = r.height() / size.height()
                y = r.top()
                for part in slices:
                    target = QRectF(r.left(), y, r.width(), part.height() * k)
                    scene.render(p, target, part, Qt.AspectRatioMode.IgnoreAspectRatio)
                    y += target.height()
                if not background:
                    scene.setBackgroundBrush(brush)

            blocks.append(Block("scene", size, paint_scene))
        row: list[Block] = []
        if "pointers" in o.parts and step is not None and pos[1] is not None:
            pb = self._pointer_block(pos[0], pos[1])
            if pb is not None:
                row.append(pb)
        if "code" in o.parts and step is not None:
            row.append(self._code_block(step, lang, fs))
        if "vars" in o.parts and step is not None:
            row.append(self._vars_block(step, lang, fs))
        if "legend" in o.parts:
            row.append(self._legend_block(step, lang, fs))
        return Figure(t, blocks, row, (d.scenario.title and text_of(d.scenario.title, lang)) or "")

    # -- blocks ---------------------------------------------------------------------------------
    def _caption_block(
        self, pos: Position, step: TraceStep | None, width: float, lang: str, fs: float
    ) -> Block:
        d = self.document
        t = self.theme
        k, s = pos
        head = op_title(d, k, lang)
        if s is not None:
            head += f"  ·  {word('step', lang)} {s + 1}/{d.step_count(k)}"
            if step is not None:
                head += f"  ·  {step.func}()"
        elif k > 0:
            head = (
                f"{word('after', lang)}: {head}"
                if lang == "en"
                else f"{head} {word('after', lang)}"
            )
        else:
            head += f": {len(d.state(0).nodes)} {word('vmas', lang)}"
        lines: list[tuple[str, QFont, QColor]] = [(head, _font(t.bold, 10.5 * fs), t.text)]
        if step is not None:
            sentence = step.text.get(lang) or step.text.get("en", "")
            lines.append((sentence, _font(t.font, 10.0 * fs), t.text))
            case = case_label(step.case, lang)
            if case and not sentence.startswith(case):
                lines.append((case, _font(t.bold, 9.0 * fs), t.muted))
        elif k > 0:
            caption = text_of(d.scenario.ops[k - 1].caption, lang)
            if caption:
                lines.append((caption, _font(t.font, 10.0 * fs), t.muted))
        return _text_block("caption", lines, width)

    def _pointer_block(self, k: int, s: int) -> Block | None:
        from ..view.pointer.pointer_view import PointerView

        models = self._models.get(k)
        if models is None:
            models = op_models(self.document.timeline, k, self.options.address_style)
            self._models = {k: models}
        if s >= len(models):
            return None
        view = self._pointer_view
        if not isinstance(view, PointerView):
            # The pointer view has light and dark palettes; print uses light (its roles
            # are also told apart by outline patterns and tags).
            theme = "dark" if self.options.theme == "dark" else "light"
            view = PointerView(
                theme=theme, language=self.options.lang, address_style=self.options.address_style
            )
            view.set_auto_fit(False)
            self._pointer_view = view
        view.show_model(models[s])
        scene = view.scene()
        src = QRectF(scene.sceneRect())
        if src.isEmpty():
            return None

        def paint(p: QPainter, r: QRectF, background: bool) -> None:
            scene.render(p, r, src, Qt.AspectRatioMode.IgnoreAspectRatio)

        return Block("pointers", src.size(), paint)

    def _code_block(self, step: TraceStep, lang: str, fs: float) -> Block:
        t = self.theme
        data = resources.read_json("pseudocode", "functions.json")
        func = step.func
        entry = data.get(func)
        if entry is None:
            for name, e in data.items():
                if any(line["id"] == step.line for line in e["lines"]):
                    func, entry = name, e
                    break
        lines = entry["lines"] if entry is not None else []
        mono = _font(t.mono, 8.5 * fs)
        head = _font(t.bold, 9.0 * fs)
        m = QFontMetricsF(mono)
        hm = QFontMetricsF(head)
        title = f"{word('code', lang)}: {func}()"
        rows = [str(line["code"]) for line in lines]
        current = next((i for i, line in enumerate(lines) if line["id"] == step.line), -1)
        note = ""
        if current >= 0:
            n = lines[current].get("note", {})
            note = n.get(lang) or n.get("en", "")
        lh = m.lineSpacing()
        width = max([m.horizontalAdvance(r) for r in rows] + [hm.horizontalAdvance(title)]) + 16
        note_h = lh * 1.4 if note else 0.0
        height = hm.lineSpacing() + 6 + lh * len(rows) + note_h + 8
        hl = QBrush(
            QColor("#d9d9d9")
            if t.name == "print"
            else QColor("#5c4b00" if t.name == "dark" else "#ffe8a1")
        )

        def paint(p: QPainter, r: QRectF, background: bool) -> None:
            p.setFont(head)
            p.setPen(t.section)
            p.drawText(QPointF(r.left() + 4, r.top() + hm.ascent()), title)
            y = r.top() + hm.lineSpacing() + 6
            p.setFont(mono)
            for i, row in enumerate(rows):
                if i == current:
                    p.fillRect(QRectF(r.left(), y, r.width(), lh), hl)
                    p.setPen(QPen(t.text, 1.5))
                    p.drawLine(QPointF(r.left(), y), QPointF(r.left(), y + lh))
                p.setPen(t.text if i == current else t.muted)
                p.drawText(QPointF(r.left() + 8, y + m.ascent()), row)
                y += lh
            if note:
                p.setPen(t.muted)
                p.drawText(QPointF(r.left() + 8, y + lh * 0.2 + m.ascent()), "// " + note)

        width = max(width, m.horizontalAdvance("// " + note) + 16)
        return Block("code", QSizeF(width, height), paint)

    def _vars_block(self, step: TraceStep, lang: str, fs: float) -> Block:
        t = self.theme
        mono = _font(t.mono, 8.5 * fs)
        head = _font(t.bold, 9.0 * fs)
        m = QFontMetricsF(mono)
        hm = QFontMetricsF(head)
        order = {f: i for i, f in enumerate(step.stack)}
        frames = sorted(
            step.vars_text(self.options.address_style).items(),
            key=lambda kv: -order.get(kv[0], -1),
        )
        rows: list[tuple[str, bool, bool]] = []  # text, is heading, faded
        for func, variables in frames:
            gone = func not in step.stack
            rows.append((f"{func}()" + (f"  {word('returned', lang)}" if gone else ""), True, gone))
            names = list(variables)
            nw = max((len(n) for n in names), default=0)
            vw = max((len(v.get("value", "")) for v in variables.values()), default=0)
            for name, info in variables.items():
                value = info.get("value", "").ljust(vw)
                text = f"  {name.ljust(nw)} = {value}  @{info.get('addr', '')}"
                rows.append((text.rstrip(), False, gone))
        title = word("vars", lang)
        lh = m.lineSpacing()
        width = max([m.horizontalAdvance(r[0]) for r in rows] + [hm.horizontalAdvance(title)]) + 16
        height = hm.lineSpacing() + 6 + lh * len(rows) + 6

        def paint(p: QPainter, r: QRectF, background: bool) -> None:
            p.setFont(head)
            p.setPen(t.section)
            p.drawText(QPointF(r.left() + 4, r.top() + hm.ascent()), title)
            y = r.top() + hm.lineSpacing() + 6
            for text, heading, gone in rows:
                p.setFont(_font(t.mono, 8.5 * fs) if not heading else _font(t.bold, 8.5 * fs))
                p.setPen(t.muted if gone else t.text)
                p.drawText(QPointF(r.left() + 4, y + m.ascent()), text)
                y += lh

        return Block("vars", QSizeF(width, height), paint)

    def _legend_block(self, step: TraceStep | None, lang: str, fs: float) -> Block:
        t = self.theme
        font = _font(t.font, 8.5 * fs)
        head = _font(t.bold, 9.0 * fs)
        m = QFontMetricsF(font)
        hm = QFontMetricsF(head)
        roles = [r for r in ROLE_ORDER if step is not None and r in step.roles]
        entries: list[tuple[str, str]] = [("B", word("black", lang)), ("R", word("red", lang))]
        for r in roles:
            label, desc = role_label(r), role_description(r)
            entries.append((r, desc if desc.startswith(label) else f"{label}: {desc}"))
        sw, sh = 40.0, max(16.0, m.height())
        lh = sh + 6
        title = word("legend", lang)
        width = (
            sw
            + 12
            + max([m.horizontalAdvance(e[1]) for e in entries] + [hm.horizontalAdvance(title)])
            + 8
        )
        height = hm.lineSpacing() + 6 + lh * len(entries)

        def paint(p: QPainter, r: QRectF, background: bool) -> None:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setFont(head)
            p.setPen(t.section)
            p.drawText(QPointF(r.left() + 4, r.top() + hm.ascent()), title)
            y = r.top() + hm.lineSpacing() + 6
            for key, text in entries:
                sr = QRectF(r.left() + 4, y + 2, sw - 4, sh - 4)
                if key in ("B", "R"):
                    red = key == "R"
                    p.setBrush(t.red_fill if red else t.black_fill)
                    p.setPen(t.red_pen if red else t.black_pen)
                    if red:
                        p.drawRoundedRect(sr, 7, 7)
                    else:
                        p.drawRect(sr)
                    p.setPen(t.red_text if red else t.black_text)
                    p.setFont(t.tag_font)
                    p.drawText(sr, Qt.AlignmentFlag.AlignCenter, key)
                else:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.setPen(t.role_pens[key])
                    p.drawRoundedRect(sr, 4, 4)
                p.setFont(font)
                p.setPen(t.text)
                p.drawText(
                    QPointF(r.left() + sw + 12, y + (sh + m.ascent() - m.descent()) / 2), text
                )
                y += lh

        return Block("legend", QSizeF(width, height), paint)


def _text_block(name: str, lines: Sequence[tuple[str, QFont, QColor]], width: float) -> Block:
    """Word-wrapped paragraphs (each drawn as text, so SVG keeps it searchable)."""
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    heights = []
    for text, font, _ in lines:
        m = QFontMetricsF(font)
        heights.append(m.boundingRect(QRectF(0, 0, width, 10000), flags, text).height() + 4)

    def paint(p: QPainter, r: QRectF, background: bool) -> None:
        y = r.top()
        for (text, font, colour), h in zip(lines, heights, strict=True):
            p.setFont(font)
            p.setPen(colour)
            p.drawText(QRectF(r.left(), y, r.width(), h), flags, text)
            y += h

    return Block(name, QSizeF(width, sum(heights)), paint)


class Figure:
    """Blocks stacked in figure units: caption and scene in a column, the rest in a row."""

    def __init__(self, theme: Theme, column: list[Block], row: list[Block], title: str) -> None:
        self.theme = theme
        self.title = title
        self.blocks = column + row
        y = MARGIN
        width = 0.0
        for b in column:
            b.rect = QRectF(MARGIN, y, b.size.width(), b.size.height())
            y += b.size.height() + GAP
            width = max(width, b.size.width())
        # The row wraps at the width of the column (or of its widest block).
        limit = max([width] + [b.size.width() for b in row])
        x = MARGIN
        line_h = 0.0
        for b in row:
            if x > MARGIN and x - MARGIN + b.size.width() > limit:
                y += line_h + GAP
                x, line_h = MARGIN, 0.0
            b.rect = QRectF(x, y, b.size.width(), b.size.height())
            x += b.size.width() + GAP * 1.5
            line_h = max(line_h, b.size.height())
            width = max(width, x - GAP * 1.5 - MARGIN)
        if row:
            y += line_h + GAP
        self.size = QSizeF(max(width, 1.0) + 2 * MARGIN, max(y - GAP, 1.0) + MARGIN)

    def block(self, name: str) -> Block | None:
        return next((b for b in self.blocks if b.name == name), None)

    def paint(self, p: QPainter, background: bool = True) -> None:
        """Paint in figure units at the painter's current transform."""
        if background:
            p.fillRect(QRectF(QPointF(0, 0), self.size), self.theme.background)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for b in self.blocks:
            p.save()
            b.paint(p, b.rect, background)
            p.restore()


# -- writers ----------------------------------------------------------------------------------
def svg_bytes(fig: Figure, title: str = "VMA Studio figure", transparent: bool = False) -> bytes:
    """Vector SVG: ``viewBox`` in figure units, width/height in real units, text as text."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    w, h = fig.size.width(), fig.size.height()
    gen.setSize(QSize(round(w), round(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setResolution(round(UNITS_PER_INCH))
    gen.setTitle(title)
    gen.setDescription(fig.title or "VMA Studio")
    p = QPainter(gen)
    fig.paint(p, background=not transparent)
    p.end()
    # QSvgGenerator opens a <g> at every painter state change, most of them left empty
    # (about two in three for a big tree); dropping them halves the file, changes nothing.
    return svg_font_lists(_EMPTY_GROUP.sub(b"", bytes(buf.data().data())))


_EMPTY_GROUP = re.compile(rb"<g [^<>]*>\s*</g>\s*")

#: What a browser on Windows, macOS or Linux finds for the figure's text: Latin faces
#: first, then Simplified Chinese ones (CSS falls back glyph by glyph), then the generic.
SVG_SANS_FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "sans-serif",
)
SVG_MONO_FAMILIES: tuple[str, ...] = (
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "Menlo",
    "Consolas",
    "Courier New",
    "Noto Sans Mono CJK SC",
    "WenQuanYi Micro Hei Mono",
    "PingFang SC",
    "Microsoft YaHei",
    "monospace",
)
#: Qt's own names for "the default face", which no browser knows.
_GENERIC_FAMILIES = frozenset({"", "sans serif", "sans", "sans-serif", "serif", "monospace"})
_CSS_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert", "default"})
_MONO_HINTS = ("mono", "courier", "consol", "menlo", "monaco", "fixed", "typewriter", "code")
_FONT_ATTRIBUTE = re.compile(rb'font-family="([^"]*)"')
_TAG = re.compile(rb"<[A-Za-z][^<>]*>")
_STYLE_ATTRIBUTE = re.compile(rb'style="([^"]*)"')
_FONT_PROPERTY = re.compile(rb"font-family\s*:\s*([^;]*)")


def _css_family(name: str) -> str:
    """A CSS family name: generic keywords bare, single words bare, others quoted."""
    if name in ("sans-serif", "serif", "monospace"):
        return name
    if re.fullmatch(r"[A-Za-z][\w-]*", name) and name.lower() not in _CSS_KEYWORDS:
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def font_family_list(family: str) -> str:
    """The CSS fallback list for what Qt named (``"Sans Serif"``, ``"DejaVu Sans Mono"``,
    or a list such as ``"WenQuanYi Micro Hei,Sans Serif"`` when the font has families).

    The real families stay first, in Qt's order (the first is the one the figure was
    measured with); Qt's generic names are dropped. Monospace families get the monospace
    list, everything else the sans one. Applying it to its own output changes nothing.
    """
    named = [n.strip().strip("'\"").strip() for n in family.split(",")]
    named = [n for n in named if n]
    first = named[0].lower() if named else ""
    fallbacks = SVG_MONO_FAMILIES if any(h in first for h in _MONO_HINTS) else SVG_SANS_FAMILIES
    keep: list[str] = []
    for name in [*named, *fallbacks]:
        lower = name.lower()
        if lower in _GENERIC_FAMILIES and name not in fallbacks:
            continue
        if lower not in (k.lower() for k in keep):
            keep.append(name)
    generics = [k for k in keep if k in ("sans-serif", "serif", "monospace")]
    keep = [k for k in keep if k not in generics] + generics  # CSS generics last
    return ", ".join(_css_family(f) for f in keep)


def svg_font_lists(data: bytes) -> bytes:
    """Every ``font-family`` of an SVG (attribute or style property) as a fallback list.

    ``QSvgGenerator`` writes the one family Qt used (``font-family="Sans Serif"``), which
    a browser does not have; this names faces that exist on each system instead. The list
    uses single-quoted names, so it sits in a double-quoted attribute without escaping.
    """
    cache: dict[bytes, bytes] = {}

    def listed(raw: bytes) -> bytes:
        if raw not in cache:
            family = html.unescape(raw.decode("utf-8"))
            cache[raw] = html.escape(font_family_list(family), quote=False).encode("utf-8")
        return cache[raw]

    def restyled(m: re.Match[bytes]) -> bytes:
        style = _FONT_PROPERTY.sub(lambda p: b"font-family:" + listed(p[1].strip()), m[1])
        return b'style="' + style + b'"'

    def retagged(m: re.Match[bytes]) -> bytes:  # inside tags only, never in the text
        tag = _FONT_ATTRIBUTE.sub(lambda a: b'font-family="' + listed(a[1]) + b'"', m[0])
        return _STYLE_ATTRIBUTE.sub(restyled, tag)

    return _TAG.sub(retagged, data)


def _page_layout(paper: str, size: QSizeF) -> QPageLayout:
    landscape = size.width() > size.height()
    orient = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    if paper == "fit":
        pts = QSizeF(size.width() * 72 / UNITS_PER_INCH, size.height() * 72 / UNITS_PER_INCH)
        page = QPageSize(pts, QPageSize.Unit.Point, "fit", QPageSize.SizeMatchPolicy.ExactMatch)
        return QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    ident = QPageSize.PageSizeId.A4 if paper == "A4" else QPageSize.PageSizeId.Letter
    return QPageLayout(
        QPageSize(ident), orient, QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter
    )


def pdf_writer(device: QIODevice, title: str, layout: QPageLayout) -> QPdfWriter:
    w = QPdfWriter(device)
    # Fonts are sized in points against the device's resolution: at 96 dpi one device
    # unit is one figure unit, exactly as in the SVG and PNG writers. Coordinates stay
    # floating point in the PDF, so nothing is lost to the unit.
    w.setResolution(round(UNITS_PER_INCH))
    w.setTitle(title)
    w.setCreator("VMA Studio")
    w.setPageLayout(layout)
    return w


def paint_fitted(p: QPainter, fig: Figure, target: QRectF, background: bool = True) -> None:
    """Paint ``fig`` scaled (aspect kept, never enlarged past 1:1 in print) into ``target``."""
    s = min(target.width() / fig.size.width(), target.height() / fig.size.height())
    p.save()
    p.translate(target.left() + (target.width() - fig.size.width() * s) / 2, target.top())
    p.scale(s, s)
    fig.paint(p, background)
    p.restore()


def pdf_bytes(figs: Sequence[Figure], paper: str = "fit", title: str = "VMA Studio") -> bytes:
    """One page per figure: a fitted page, or A4/letter with 15 mm margins."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buf, title, _page_layout(paper, figs[0].size))
    p = QPainter(writer)
    for i, fig in enumerate(figs):
        if i:
            writer.setPageLayout(_page_layout(paper, fig.size))
            writer.newPage()
        # Device units: the writer's resolution; the paint rect is inside the margins.
        rect = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        target = QRectF(0, 0, rect.width(), rect.height())
        paint_fitted(p, fig, target)
    p.end()
    return bytes(buf.data().data())


def image_of(
    fig: Figure, scale: float, transparent: bool = False, dpi: float | None = None
) -> QImage:
    """A raster of ``fig``: ``scale`` pixels per figure unit, DPI metadata when given."""
    w = max(1, round(fig.size.width() * scale))
    h = max(1, round(fig.size.height() * scale))
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent if transparent else fig.theme.background)
    # Paint at 96 dpi (point-sized fonts then match the figure units), then record the
    # physical resolution asked for in the PNG's pHYs chunk.
    screen = round(UNITS_PER_INCH / 0.0254)
    img.setDotsPerMeterX(screen)
    img.setDotsPerMeterY(screen)
    p = QPainter(img)
    p.scale(scale, scale)
    fig.paint(p, background=not transparent)
    p.end()
    effective = dpi if dpi is not None else UNITS_PER_INCH * scale
    dpm = round(effective / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    return img


def png_bytes(fig: Figure, options: ExportOptions) -> bytes:
    img = image_of(fig, options.pixel_scale(2.0), options.transparent, options.dpi)
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide wants str
    buf.close()
    return bytes(ba.data())


def write_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Temporary file in the target folder, ``fsync``, then ``os.replace``.

    Raises ``ExportError`` naming the target and the reason (permission, disk full…).
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise ExportError(f"{target}: is a folder")
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".vmastudio-", suffix=".part", dir=folder)
        # mkstemp makes the file private (0600); keep the old file's mode, or the umask's.
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail early, before any rendering, when the target cannot be written."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise ExportError(f"{target}: is a folder")
    if not os.path.isdir(folder):
        raise ExportError(f"{target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{target}: cannot write (permission denied)")
    if os.path.exists(target) and not os.access(target, os.W_OK):
        raise ExportError(f"{target}: cannot write (permission denied)")


def figure_bytes(fig: Figure, fmt: str, options: ExportOptions) -> bytes:
    if fmt == "svg":
        return svg_bytes(fig, transparent=options.transparent)
    if fmt == "pdf":
        return pdf_bytes([fig], options.paper, fig.title or "VMA Studio")
    if fmt == "png":
        return png_bytes(fig, options)
    raise ExportError(f"--format: {fmt} is not a figure format")


def export_figure(
    document: Document, pos: Position, fmt: str, out: str | os.PathLike[str], options: ExportOptions
) -> Figure:
    """Write the figure of ``pos`` as SVG, PDF or PNG; returns the figure."""
    check_writable(out)
    fig = FigureBuilder(document, options).build(pos)
    write_atomic_bytes(out, figure_bytes(fig, fmt, options))
    return fig


def tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def export_any(
    document: Document, pos: Position, fmt: str, out: str | os.PathLike[str], options: ExportOptions
) -> None:
    """Write ``pos`` in any format (the dialog's one call). GIF/APNG animate the op of
    ``pos``; GraphML/DOT write the state after that op."""
    check_writable(out)
    if fmt in FIGURE_FORMATS:
        export_figure(document, pos, fmt, out, options)
        return
    k = pos[0]
    if fmt == "tikz":
        from .tikz import tikz_text

        data = tikz_text(document, pos, options.lang, options.parts).encode("utf-8")
    elif fmt in ("gif", "apng"):
        from .animate import animation_bytes

        positions = positions_of_op(document, k)
        if not positions:
            raise ExportError(tr("the initial state has no steps to animate; choose an op"))
        data = animation_bytes(document, positions, fmt, options)
    elif fmt in ("graphml", "dot"):
        from ..engine.graph import dot_text, graphml_text

        mm = document.timeline.state(k)
        data = (graphml_text(mm) if fmt == "graphml" else dot_text(mm)).encode("utf-8")
    else:
        raise ExportError(f"--format: unknown format {fmt!r}")
    write_atomic_bytes(out, data)
