"""``RbEdgeItem``: the parent→child link of the tree (the child's ``rb_left``/``rb_right``)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..theme import Theme, role_label


class RbEdgeItem(QGraphicsItem):
    """A line from the parent's bottom to the child's top; highlighted as the link slot
    once ``rb_link_node()`` has filled that slot."""

    def __init__(self, child: int, theme: Theme) -> None:
        super().__init__()
        self.child = child
        self._theme = theme
        self._line = QLineF()
        self._roles: tuple[str, ...] = ()
        self._labels: tuple[str, ...] = ()
        self._bounds = QRectF()
        self.setZValue(0)

    @classmethod
    def between(
        cls, child: int, theme: Theme, x1: float, y1: float, x2: float, y2: float
    ) -> RbEdgeItem:
        """An edge already placed from (x1, y1) to (x2, y2): one step for bulk builds."""
        edge = cls(child, theme)
        edge._line = QLineF(x1, y1, x2, y2)
        edge._bounds = QRectF(
            min(x1, x2) - 40, min(y1, y2) - 12, abs(x2 - x1) + 80, abs(y2 - y1) + 24
        )
        return edge

    def set_line(self, a: QPointF, b: QPointF) -> None:
        if QLineF(a, b) == self._line:
            return
        self.prepareGeometryChange()
        self._line = QLineF(a, b)
        self._bounds = QRectF(a, b).normalized().adjusted(-40, -12, 40, 12)
        self.update()

    def set_roles(self, roles: tuple[str, ...], labels: tuple[str, ...] = ()) -> None:
        if roles != self._roles or labels != self._labels:
            self._roles = roles
            self._labels = labels
            self.update()

    @property
    def roles(self) -> tuple[str, ...]:
        return self._roles

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
        if self._roles:
            pen = t.role_pens[self._roles[0]]
            painter.setPen(pen)
            painter.drawLine(self._line)
            painter.setPen(t.role_colors[self._roles[0]])
            painter.setFont(t.tag_font)
            mid = self._line.center()
            painter.drawText(
                QRectF(mid.x() - 40, mid.y() - 8, 80, 16),
                Qt.AlignmentFlag.AlignCenter,
                self._labels[0] if self._labels else role_label(self._roles[0]),
            )
        else:
            painter.setPen(t.edge_pen)
            painter.drawLine(self._line)
