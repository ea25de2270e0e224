"""A handout PDF: one page per step, each with the figure, the sentence and the code line.

Pages are A4 (or letter) portrait with 15 mm margins: a header (scenario title, op and
step), the figure fitted to the width and at most ~60 % of the height, then the step's
explanation in a readable size, its case label, and the pseudo-code line being executed
with its note. An optional first page lists the ops with the page each starts on.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter

from .. import resources
from ..engine.scenario import text_of
from ..engine.trace import case_label
from ..model.document import Document
from ..view.palettes import PALETTES
from .export import (
    ExportOptions,
    FigureBuilder,
    Position,
    op_title,
    word,
)
from .export.qtpaint import paint_fitted, pdf_writer, quiet_qt

_HANDOUT_WORDS = {
    "contents": {"en": "Contents", "zh_CN": "目录"},
    "page": {"en": "page", "zh_CN": "页"},
    "line": {"en": "code line", "zh_CN": "代码行"},
}


def _w(key: str, lang: str) -> str:
    return text_of(_HANDOUT_WORDS[key], lang)


def _code_line(line_id: str, func: str) -> tuple[str, dict[str, str]]:
    data = resources.read_json("pseudocode", "functions.json")
    entries = [data[func]] if func in data else list(data.values())
    for entry in entries:
        for line in entry["lines"]:
            if line["id"] == line_id:
                return str(line["code"]).strip(), dict(line.get("note", {}))
    return "", {}


def handout_bytes(
    document: Document, positions: Sequence[Position], options: ExportOptions, toc: bool = False
) -> bytes:
    """The handout of ``positions`` (step positions) as PDF bytes. O(pages × figure)."""
    lang = options.lang
    parts = tuple(p for p in options.parts if p not in ("caption", "code", "vars"))
    figure_options = ExportOptions(
        theme=options.theme,
        parts=parts or ("tree", "list", "map"),
        address_style=options.address_style,
        lang=lang,
        crop=options.crop,
        font_scale=options.font_scale,
        detail=options.detail,
        region=options.region,
        around=options.around,
        depth=options.depth,
        # The page's text width (A4 less 30 mm of margins): level of detail to fit it.
        width_mm=options.width_mm or 180.0,
    )
    builder = FigureBuilder(document, figure_options)
    paper = QPageSize.PageSizeId.Letter if options.paper == "letter" else QPageSize.PageSizeId.A4
    layout = QPageLayout(
        QPageSize(paper),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )
    title = text_of(document.scenario.title, lang) or "VMA Studio"
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buf, title, layout)
    # The page is paper: its text is dark whatever the figure's theme.
    palette = PALETTES["light" if options.theme == "dark" else options.theme]
    ink, muted = QColor(palette.text), QColor(palette.muted)
    base = QFont()
    head_font = QFont()
    head_font.setBold(True)
    head_font.setPointSizeF(12.0)
    small = QFont(base)
    small.setPointSizeF(8.5)
    body = QFont(base)
    body.setPointSizeF(12.0)
    case_font = QFont(head_font)
    case_font.setPointSizeF(10.5)
    mono = QFont("DejaVu Sans Mono")
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setPointSizeF(10.0)
    wrap = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)

    with quiet_qt():
        p = QPainter(writer)
        page_rect = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        area = QRectF(0, 0, page_rect.width(), page_rect.height())
        page = 1
        first_page: dict[int, int] = {}
        offset = 1 if toc else 0
        for i, (k, _) in enumerate(positions):
            first_page.setdefault(k, i + 1 + offset)

        def text(rect: QRectF, font: QFont, s: str, colour: QColor | None = None) -> float:
            p.setFont(font)
            p.setPen(ink if colour is None else colour)
            m = QFontMetricsF(font)
            r = m.boundingRect(QRectF(rect.left(), rect.top(), rect.width(), 10000), wrap, s)
            p.drawText(QRectF(rect.left(), rect.top(), rect.width(), r.height() + 2), wrap, s)
            return r.height() + 2

        def footer() -> None:
            p.setFont(small)
            p.setPen(muted)
            p.drawText(
                QRectF(area.left(), area.bottom() - 16, area.width(), 16),
                int(Qt.AlignmentFlag.AlignRight),
                f"{title} — {_w('page', lang)} {page}",
            )

        if toc:
            y = text(area, head_font, title) + 6
            y += text(area.adjusted(0, y, 0, 0), case_font, _w("contents", lang)) + 8
            for k, first in first_page.items():
                line = f"{op_title(document, k, lang)}"
                p.setFont(base)
                p.setPen(ink)
                m = QFontMetricsF(base)
                p.drawText(QPointF(area.left(), area.top() + y + m.ascent()), line)
                num = str(first)
                p.drawText(
                    QPointF(area.right() - m.horizontalAdvance(num), area.top() + y + m.ascent()),
                    num,
                )
                y += m.lineSpacing() + 2
                if y > area.height() - 40:
                    break
            footer()
        for n, pos in enumerate(positions):
            if toc or n:
                writer.newPage()
                page += 1
            k, s = pos
            fig = builder.build(pos)
            frames = document.frames(k) if k else None
            step = frames.steps[s] if frames is not None and s is not None else None
            head = op_title(document, k, lang)
            if s is not None:
                head += f"  ·  {word('step', lang)} {s + 1}/{document.step_count(k)}"
            y = text(area, head_font, head)
            caption = text_of(document.scenario.ops[k - 1].caption, lang) if k else ""
            if caption and (s == 0 or s is None):
                y += text(area.adjusted(0, y, 0, 0), small, caption, muted)
            y += 6
            fig_h = min(area.height() * 0.6, area.width() * fig.height / fig.width)
            paint_fitted(p, fig, QRectF(area.left(), area.top() + y, area.width(), fig_h))
            y += fig_h + 14
            if step is not None:
                sentence = text_of(step.text, lang)
                y += text(area.adjusted(0, y, 0, 0), body, sentence)
                case = case_label(step.case, lang)
                if case and not sentence.startswith(case):
                    y += text(area.adjusted(0, y, 0, 0), case_font, case, muted)
                code, note = _code_line(step.line, step.func)
                if code:
                    y += 6
                    y += text(
                        area.adjusted(0, y, 0, 0),
                        small,
                        f"{_w('line', lang)} — {step.func}()",
                        muted,
                    )
                    y += text(area.adjusted(0, y, 0, 0), mono, code)
                    shown = text_of(note, lang)
                    if shown:
                        text(area.adjusted(0, y, 0, 0), small, "// " + shown, muted)
            footer()
        p.end()
    return bytes(buf.data().data())
