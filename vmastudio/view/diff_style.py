"""How each kind of change looks: the colours, pens and swatches of a maps diff.

Unchanged VMAs grey, added green, removed red (hatched, dashed outline); grown and shrunk
amber, the part gained solid and the part given back hatched, a dashed line at the old end
and a solid line at the new one; changed (same range; flags, file, offset or name differ)
blue. ``view/diff_strip.py`` paints the bar and its legend with them, the dialog its table
icons.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPen, QPixmap


@dataclass(frozen=True, slots=True)
class _Style:
    fill: QColor  # the body of a piece
    strong: QColor  # a sliver too thin for a pattern, the part gained, the table text
    line: QColor  # outline, hatch and end markers


def _styles(dark: bool) -> dict[str, _Style]:
    def s(fill: str, strong: str, line: str) -> _Style:
        return _Style(QColor(fill), QColor(strong), QColor(line))

    if dark:
        return {
            "unchanged": s("#495057", "#6c757d", "#868e96"),
            "added": s("#2b8a3e", "#69db7c", "#8ce99a"),
            "removed": s("#5c1f1f", "#ff6b6b", "#ff8787"),
            "grown": s("#5f4b0c", "#fab005", "#ffd43b"),
            "shrunk": s("#5f4b0c", "#fab005", "#ffd43b"),
            "changed": s("#1864ab", "#4dabf7", "#a5d8ff"),
            "gap": s("#25262b", "#25262b", "#5c5f66"),
        }
    return {
        "unchanged": s("#dee2e6", "#adb5bd", "#868e96"),
        "added": s("#8ce99a", "#2f9e44", "#2b8a3e"),
        "removed": s("#ffe3e3", "#e03131", "#c92a2a"),
        "grown": s("#fff3bf", "#fab005", "#e67700"),
        "shrunk": s("#fff3bf", "#fab005", "#e67700"),
        "changed": s("#a5d8ff", "#1c7ed6", "#1864ab"),
        "gap": s("#f8f9fa", "#f8f9fa", "#ced4da"),
    }


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _pen(color: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    return pen


def _end_pen(color: QColor, *, old: bool) -> QPen:
    """The marker of a grown or shrunk VMA's old end (dashed) or new end (solid)."""
    pen = _pen(color, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # a square cap would fill the dashes' gaps
    if old:
        pen.setDashPattern([2.0, 1.5])
    return pen


def _paint_swatch(painter: QPainter, rect: QRectF, kind: str, styles: dict[str, _Style]) -> None:
    """A legend / table swatch drawn the way the strip draws ``kind``."""
    if kind in ("old_end", "new_end"):
        style = styles["grown"]
        painter.setPen(_end_pen(style.line, old=kind == "old_end"))
        x = rect.center().x()
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        return
    style = styles[kind]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.fill)
    painter.drawRect(rect)
    if kind == "removed":
        painter.setBrush(QBrush(style.line, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
    elif kind in ("grown", "shrunk"):
        half = QRectF(rect.center().x(), rect.top(), rect.width() / 2, rect.height())
        if kind == "grown":
            painter.setBrush(style.strong)
        else:
            painter.setBrush(QBrush(style.line, Qt.BrushStyle.FDiagPattern))
        painter.drawRect(half)
    dash = Qt.PenStyle.DashLine if kind == "removed" else Qt.PenStyle.SolidLine
    painter.setPen(_pen(style.line, 1.0, dash))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


def _swatch_icon(kind: str, styles: dict[str, _Style]) -> QIcon:
    pixmap = QPixmap(14, 10)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    _paint_swatch(painter, QRectF(0, 0, 14, 10), kind, styles)
    painter.end()
    return QIcon(pixmap)
