"""The figure description painted with Qt: PNG, PDF, GIF/APNG frames, the dialog preview.

Only this module (and the dialog) paints; the SVG and TikZ writers read the same
``Figure``. Images are bounded before they are made: ``check_image`` refuses a raster
too large to allocate (naming its size and the options that fit), and ``quiet_qt``
keeps Qt's painter warnings off the terminal.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
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
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)

from .figure import UNITS_PER_INCH, Figure, Group, Item, Path, Rect, Text
from .style import Resolver, Style

#: The largest raster we make: Qt's raster engine draws at most 32,767 px a side, and an
#: image of 256 MiB (ARGB32) is the memory budget of one export.
MAX_SIDE = 32_767
MAX_BYTES = 256 * 1024 * 1024


class ImageTooLarge(Exception):
    """A raster that would not fit the budget; the message is one line for the user."""


def fitting_scale(w_units: float, h_units: float) -> float:
    """The largest pixels-per-unit factor whose image fits the budget."""
    side = MAX_SIDE / max(w_units, h_units, 1.0)
    area = math.sqrt(MAX_BYTES / 4 / max(w_units * h_units, 1.0))
    return min(side, area)


def check_image(w_units: float, h_units: float, per_unit: float, what: str = "PNG") -> None:
    """Raise ``ImageTooLarge`` when a ``w × h``-unit figure at ``per_unit`` px per unit
    cannot be made; the message names the size and options that fit."""
    w = math.ceil(w_units * per_unit)
    h = math.ceil(h_units * per_unit)
    size = w * h * 4
    if w <= MAX_SIDE and h <= MAX_SIDE and size <= MAX_BYTES:
        return
    fit = fitting_scale(w_units, h_units)
    scale_fit = math.floor(fit * 10) / 10
    width_mm = math.floor(
        min(MAX_SIDE, math.sqrt(MAX_BYTES / 4 * w_units / max(h_units, 1)))
        / (UNITS_PER_INCH * 2 / 25.4)
    )
    hint = (
        f"--scale {scale_fit:g} or less, --dpi {math.floor(fit * UNITS_PER_INCH):d} or less"
        if scale_fit >= 0.1
        else "--region START-END or --around ADDR (a cut-out)"
    )
    raise ImageTooLarge(
        f"a {w:,} × {h:,} px {what} ({_human(size)}) is too large to make (at most "
        f"{MAX_SIDE:,} px a side and {_human(MAX_BYTES)}): use {hint}, "
        f"--width {max(width_mm, 10)}mm, or SVG"
    )


def _human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit in ("B", "KiB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


@contextlib.contextmanager
def quiet_qt() -> Iterator[list[str]]:
    """Qt's messages (painter warnings…) collected instead of printed."""
    seen: list[str] = []

    def handler(_kind: QtMsgType, _ctx: object, message: str) -> None:
        seen.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield seen
    finally:
        qInstallMessageHandler(previous)


class FigurePainter:
    """Paints a ``Figure`` in figure units at the painter's transform. Pens, brushes and
    fonts are made once per resolved style."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.resolver = Resolver(fig.palette)
        self._fonts: dict[tuple[str, float, bool], tuple[QFont, QFontMetricsF]] = {}
        self._mono_family = "DejaVu Sans Mono"
        self._arrow = QColor(fig.palette.arrow)
        self._ghost = QColor(fig.palette.ghost_stroke)

    def _font(self, style: Style) -> tuple[QFont, QFontMetricsF]:
        key = (style.font, style.size, style.bold)
        found = self._fonts.get(key)
        if found is None:
            font = QFont(self._mono_family) if style.font == "mono" else QFont()
            if style.font == "mono":
                font.setStyleHint(QFont.StyleHint.Monospace)
            # Figure units are 1/96 inch and every device paints at 96 dpi: pt = units × ¾.
            font.setPointSizeF(style.size * 0.75)
            font.setBold(style.bold)
            found = (font, QFontMetricsF(font))
            self._fonts[key] = found
        return found

    @staticmethod
    def _pen(style: Style) -> QPen:
        if style.stroke == "none":
            return QPen(Qt.PenStyle.NoPen)
        pen = QPen(QColor(style.stroke), style.stroke_width)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if style.dash and style.stroke_width > 0:
            pen.setDashPattern([d / style.stroke_width for d in style.dash])
        return pen

    @staticmethod
    def _brush(style: Style) -> QBrush:
        if style.fill == "none":
            return QBrush(Qt.BrushStyle.NoBrush)
        c = QColor(style.fill)
        if style.fill_opacity < 1:
            c.setAlphaF(style.fill_opacity)
        return QBrush(c)

    def paint(self, p: QPainter, background: bool = True) -> None:
        fig = self.fig
        if background:
            p.fillRect(QRectF(0, 0, fig.width, fig.height), QColor(fig.palette.background))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for layer in fig.layers:
            p.save()
            p.translate(layer.dx, layer.dy)
            self._items(p, layer.items, ())
            p.restore()

    def _items(self, p: QPainter, items: Sequence[Item], groups: tuple[str, ...]) -> None:
        style_of = self.resolver.style
        for item in items:
            if isinstance(item, Group):
                self._items(p, item.items, (*groups, *item.cls.split()))
                continue
            style = style_of(item.cls, groups)
            if isinstance(item, Rect):
                p.setPen(self._pen(style))
                p.setBrush(self._brush(style))
                r = QRectF(item.x, item.y, item.w, item.h)
                if item.rx:
                    p.drawRoundedRect(r, item.rx, item.rx)
                else:
                    p.drawRect(r)
            elif isinstance(item, Path):
                self._path(p, item, style)
            else:
                self._text(p, item, style)

    def _path(self, p: QPainter, item: Path, style: Style) -> None:
        pts = [QPointF(x, y) for x, y in item.points]
        if len(pts) < 2:
            return
        p.setPen(self._pen(style))
        if item.closed:
            p.setBrush(self._brush(style))
            p.drawPolygon(QPolygonF(pts))
            return
        path = QPainterPath(pts[0])
        for q in pts[1:]:
            path.lineTo(q)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        classes = item.cls.split()
        if "link" in classes or "ptr" in classes or "pending" in classes:
            self._arrow_head(
                p, pts[-2], pts[-1], self._ghost if "pending" in classes else self._arrow
            )

    @staticmethod
    def _arrow_head(p: QPainter, a: QPointF, b: QPointF, colour: QColor) -> None:
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = 5.0
        tip = QPointF(b.x() + ux * 1.5, b.y() + uy * 1.5)
        left = QPointF(tip.x() - ux * size - uy * size * 0.5, tip.y() - uy * size + ux * size * 0.5)
        right = QPointF(
            tip.x() - ux * size + uy * size * 0.5, tip.y() - uy * size - ux * size * 0.5
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([tip, left, right]))

    def _text(self, p: QPainter, item: Text, style: Style) -> None:
        font, metrics = self._font(style)
        p.setFont(font)
        colour = QColor(style.fill if style.fill != "none" else self.fig.palette.text)
        p.setPen(colour)
        x = item.x
        if item.anchor != "start":
            w = metrics.horizontalAdvance(item.text)
            x -= w / 2 if item.anchor == "middle" else w
        if item.rotate:
            p.save()
            p.translate(item.x, item.y)
            p.rotate(-item.rotate)
            p.drawText(QPointF(x - item.x, 0), item.text)
            p.restore()
        else:
            p.drawText(QPointF(x, item.y), item.text)


def paint_figure(p: QPainter, fig: Figure, background: bool = True) -> None:
    FigurePainter(fig).paint(p, background)


def paint_fitted(p: QPainter, fig: Figure, target: QRectF, background: bool = True) -> None:
    """Paint ``fig`` scaled (aspect kept) into ``target``, centred horizontally."""
    s = min(target.width() / fig.width, target.height() / fig.height)
    p.save()
    p.translate(target.left() + (target.width() - fig.width * s) / 2, target.top())
    p.scale(s, s)
    paint_figure(p, fig, background)
    p.restore()


def image_of(
    fig: Figure, per_unit: float, transparent: bool = False, dpi: float | None = None
) -> QImage:
    """A raster of ``fig``: ``per_unit`` pixels per figure unit (checked against the
    budget first), with the resolution in its metadata."""
    check_image(fig.width, fig.height, per_unit)
    w = max(1, round(fig.width * per_unit))
    h = max(1, round(fig.height * per_unit))
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    if img.isNull():
        raise ImageTooLarge(f"a {w:,} × {h:,} px image could not be allocated")
    img.fill(Qt.GlobalColor.transparent if transparent else QColor(fig.palette.background))
    # Paint at 96 dpi (point-sized fonts then match the figure units), then record the
    # physical resolution asked for in the PNG's pHYs chunk.
    screen = round(UNITS_PER_INCH / 0.0254)
    img.setDotsPerMeterX(screen)
    img.setDotsPerMeterY(screen)
    p = QPainter(img)
    p.scale(per_unit, per_unit)
    paint_figure(p, fig, background=not transparent)
    p.end()
    effective = dpi if dpi is not None else UNITS_PER_INCH * per_unit / fig.scale
    dpm = round(effective / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    return img


def png_bytes(img: QImage) -> bytes:
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    # Quality 80 is zlib's faster levels: a 65,530-VMA overview encodes in 0.11 s, not
    # 0.15 s, for a file 20 % larger.
    img.save(buf, "PNG", 80)  # type: ignore[call-overload]  # the stubs say bytes; PySide wants str
    buf.close()
    return bytes(ba.data())


def page_layout(paper: str, w_mm: float, h_mm: float) -> QPageLayout:
    """A page of the figure's own size (``fit``), or A4/letter with 15 mm margins."""
    if paper == "fit":
        pts = QSizeF(w_mm * 72 / 25.4, h_mm * 72 / 25.4)
        page = QPageSize(pts, QPageSize.Unit.Point, "fit", QPageSize.SizeMatchPolicy.ExactMatch)
        return QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    landscape = w_mm > h_mm
    orient = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    ident = QPageSize.PageSizeId.A4 if paper == "A4" else QPageSize.PageSizeId.Letter
    return QPageLayout(
        QPageSize(ident), orient, QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter
    )


def pdf_writer(device: QIODevice, title: str, layout: QPageLayout) -> QPdfWriter:
    w = QPdfWriter(device)
    # Fonts are sized in points against the device's resolution: at 96 dpi one device
    # unit is one figure unit. Coordinates stay floating point in the PDF.
    w.setResolution(round(UNITS_PER_INCH))
    w.setTitle(title)
    w.setCreator("VMA Studio")
    w.setPageLayout(layout)
    return w


#: The largest PDF page side viewers open (PDF's implementation limit: 14,400 units of
#: 1/72 inch = 200 inches).
MAX_PDF_MM = 5080.0


def check_pdf_page(fig: Figure) -> None:
    """Raise ``ImageTooLarge`` for a page of the figure's own size that PDF cannot hold."""
    w, h = fig.width_mm, fig.height_mm
    if w <= MAX_PDF_MM and h <= MAX_PDF_MM:
        return
    fit = math.floor(MAX_PDF_MM * min(1.0, w / max(w, h)) / 10) * 10
    raise ImageTooLarge(
        f"a {w:,.0f} × {h:,.0f} mm PDF page is larger than PDF allows (at most "
        f"{MAX_PDF_MM:,.0f} mm a side): use --width {fit:.0f}mm or less, --paper A4, "
        "the level of detail (no --full), --region/--around, or SVG"
    )


def pdf_bytes(figs: Sequence[Figure], paper: str = "fit", title: str = "VMA Studio") -> bytes:
    """One page per figure: a page of the figure's size, or A4/letter with margins."""
    if paper == "fit":
        for fig in figs:
            check_pdf_page(fig)
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    first = figs[0]
    writer = pdf_writer(buf, title, page_layout(paper, first.width_mm, first.height_mm))
    p = QPainter(writer)
    for i, fig in enumerate(figs):
        if i:
            writer.setPageLayout(page_layout(paper, fig.width_mm, fig.height_mm))
            writer.newPage()
        rect = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        target = QRectF(0, 0, rect.width(), rect.height())
        if paper == "fit":
            p.save()
            p.scale(fig.scale, fig.scale)
            paint_figure(p, fig)
            p.restore()
        else:
            paint_fitted(p, fig, target)
    p.end()
    return bytes(buf.data().data())
