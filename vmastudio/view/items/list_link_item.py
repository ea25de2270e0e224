"""``ListLinkItem``: the ``vm_next`` (upper) and ``vm_prev`` (lower) arrows of one VMA."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import BOX_W
from ..theme import Theme

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
        self._path = QPainterPath()
        self._nulls: list[QPointF] = []
        self._bounds = QRectF()
        self.setZValue(1)

    def set_targets(self, dx_next: float | None, dx_prev: float | None) -> None:
        """Offsets of the ``vm_next``/``vm_prev`` boxes from this box (None: NULL)."""
        path = QPainterPath()
        nulls: list[QPointF] = []
        if dx_next is None:
            _arrow(path, QPointF(_HALF, _NEXT_Y), QPointF(_HALF + 10, _NEXT_Y))
            nulls.append(QPointF(_HALF + 11, _NEXT_Y + 4))
        elif dx_next > 0:
            _arrow(path, QPointF(_HALF, _NEXT_Y), QPointF(dx_next - _HALF, _NEXT_Y))
        else:
            _arrow(path, QPointF(-_HALF + 6, -22.0), QPointF(dx_next + _HALF - 6, -22.0))
        if dx_prev is None:
            _arrow(path, QPointF(-_HALF, _PREV_Y), QPointF(-_HALF - 10, _PREV_Y))
            nulls.append(QPointF(-_HALF - 11 - 28, _PREV_Y + 4))
        elif dx_prev < 0:
            _arrow(path, QPointF(-_HALF, _PREV_Y), QPointF(dx_prev + _HALF, _PREV_Y))
        else:
            _arrow(path, QPointF(_HALF - 6, 22.0), QPointF(dx_prev - _HALF + 6, 22.0))
        self.prepareGeometryChange()
        self._path = path
        self._nulls = nulls
        self._bounds = path.boundingRect().adjusted(-45, -12, 45, 12)
        self.update()

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
        painter.setPen(t.arrow_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self._nulls and option.levelOfDetailFromTransform(painter.worldTransform()) >= 0.35:
            painter.setFont(t.small)
            painter.setPen(t.muted)
            for p in self._nulls:
                painter.drawText(p, "NULL")
