"""``ListLinkItem``: the ``vm_next`` (upper) and ``vm_prev`` (lower) arrows of one VMA."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import BOX_W
from ..theme import Theme
from .decor import LOD_OUTLINE, LOD_TEXT

_NEXT_Y = -9.0
_PREV_Y = 9.0
_HALF = BOX_W / 2


def _arrow(path: QPainterPath, a: QPointF, b: QPointF) -> None:
    path.moveTo(a)
    path.lineTo(b)
    angle = math.atan2(b.y() - a.y(), b.x() - a.x())
    size = 7.0
    left = QPointF(b.x() - size * math.cos(angle - 0.4), b.y() - size * math.sin(angle - 0.4))
    right = QPointF(b.x() - size * math.cos(angle + 0.4), b.y() - size * math.sin(angle + 0.4))
    path.addPolygon(QPolygonF([b, left, right, b]))


class ListLinkItem(QGraphicsItem):
    """Placed at a list box's centre; targets are the x of the boxes pointed at, or NULL."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._path: QPainterPath | None = None
        self._arrows: list[tuple[float, float, float, float]] = []
        self._targets: tuple[float | None, float | None] = (None, None)
        self._nulls: list[tuple[float, float]] = []
        self._bounds = QRectF()
        self.setZValue(1)

    def set_targets(self, dx_next: float | None, dx_prev: float | None) -> None:
        """Offsets of the ``vm_next``/``vm_prev`` boxes from this box (None: NULL).

        Only the end points are kept here (cheap for a 65,530-VMA build); the path is
        made on the first paint, so boxes that are never on screen never build one.
        """
        if self._targets == (dx_next, dx_prev) and self._arrows:
            return
        arrows: list[tuple[float, float, float, float]] = []
        nulls: list[tuple[float, float]] = []
        if dx_next is None:
            arrows.append((_HALF, _NEXT_Y, _HALF + 10, _NEXT_Y))
            nulls.append((_HALF + 11, _NEXT_Y + 4))
        elif dx_next > 0:
            arrows.append((_HALF, _NEXT_Y, dx_next - _HALF, _NEXT_Y))
        else:
            arrows.append((-_HALF + 6, -22.0, dx_next + _HALF - 6, -22.0))
        if dx_prev is None:
            arrows.append((-_HALF, _PREV_Y, -_HALF - 10, _PREV_Y))
            nulls.append((-_HALF - 11 - 28, _PREV_Y + 4))
        elif dx_prev < 0:
            arrows.append((-_HALF, _PREV_Y, dx_prev + _HALF, _PREV_Y))
        else:
            arrows.append((_HALF - 6, 22.0, dx_prev - _HALF + 6, 22.0))
        (a0, a1, a2, a3), (b0, b1, b2, b3) = arrows
        x0, x1 = min(a0, a2, b0, b2), max(a0, a2, b0, b2)
        y0, y1 = min(a1, a3, b1, b3), max(a1, a3, b1, b3)
        if self.scene() is not None:
            self.prepareGeometryChange()
        self._targets = (dx_next, dx_prev)
        self._arrows = arrows
        self._path = None
        self._nulls = nulls
        # The arrow heads stay within 3 px of their line (7 px long, ±0.4 rad).
        self._bounds = QRectF(x0 - 45, y0 - 15, x1 - x0 + 90, y1 - y0 + 30)
        self.update()

    def path(self) -> QPainterPath:
        if self._path is None:
            path = QPainterPath()
            for x0, y0, x1, y1 in self._arrows:
                _arrow(path, QPointF(x0, y0), QPointF(x1, y1))
            self._path = path
        return self._path

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_OUTLINE:
            return  # a few screen pixels between boxes: nothing to read
        painter.setPen(t.arrow_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        if self._nulls and lod >= LOD_TEXT:
            painter.setFont(t.small)
            painter.setPen(t.muted)
            for x, y in self._nulls:
                painter.drawText(QPointF(x, y), "NULL")
