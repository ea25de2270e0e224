"""``PendingLinkItem``: a dashed arrow from the VMA being inserted to the slot ``rb_link``
points at, while the VMA is not in the tree yet (the descent, then the found slot)."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..theme import Theme

#: How far beside a child slot the arrow levels out before it enters the slot's box.
OUTSIDE = 110.0


class PendingLinkItem(QGraphicsItem):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._bounds = QRectF()
        self._pen = QPen()
        # Above the tree's edges, beneath slots, trail marks and nodes with their tags: where
        # the arrow has to cross a label, the label's opaque box is drawn over it.
        self.setZValue(0.5)
        self.set_theme(theme)

    def set_line(self, a: QPointF, b: QPointF, side: int = 0) -> None:
        """Route the arrow from ``a`` to ``b``.

        ``side`` 0: a curve that ends going down onto ``b``. ``side`` -1 / +1: ``b`` is
        the outer (left / right) edge of an empty child slot, reached level from that
        side: the slot hangs right under its parent node, and an arrow falling onto it
        from above would run behind that node and seem to end on it."""
        if QLineF(a, b).length() < 1:
            return
        self.prepareGeometryChange()
        path = QPainterPath(a)
        if side == 0:
            last = QPointF((a.x() + b.x()) / 2, a.y())
            path.quadTo(last, b)
        else:
            last = QPointF(b.x() + side * OUTSIDE, b.y())
            path.cubicTo(QPointF(a.x(), (a.y() + b.y()) / 2), last, b)
        self._path = path
        angle = math.atan2(b.y() - last.y(), b.x() - last.x())
        s = 9.0
        self._head = QPolygonF(
            [
                b,
                QPointF(b.x() - s * math.cos(angle - 0.4), b.y() - s * math.sin(angle - 0.4)),
                QPointF(b.x() - s * math.cos(angle + 0.4), b.y() - s * math.sin(angle + 0.4)),
            ]
        )
        self._bounds = path.boundingRect().adjusted(-12, -12, 12, 12)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        pen = QPen(theme.role_colors["link_slot"], 1.6, Qt.PenStyle.DashLine)
        self._pen = pen
        self.update()

    def path(self) -> QPainterPath:
        """The arrow's curve in item coordinates (for overlap checks)."""
        return QPainterPath(self._path)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setPen(self._pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(self._theme.role_brushes["link_slot"])
        painter.drawPolygon(self._head)
