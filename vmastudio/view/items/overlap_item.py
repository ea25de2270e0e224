"""``OverlapItem``: the byte range where a trial VMA overlaps an existing one."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import MAP_H
from ..theme import Theme


class OverlapItem(QGraphicsItem):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._rect = QRectF()
        self._text = ""
        self.setZValue(4)

    @property
    def text(self) -> str:
        return self._text

    def set_range(self, x0: float, x1: float, text: str) -> None:
        self.prepareGeometryChange()
        if x1 - x0 < 4:
            mid = (x0 + x1) / 2
            x0, x1 = mid - 2, mid + 2
        self._rect = QRectF(x0, -6.0, x1 - x0, MAP_H + 12.0)
        self._text = text
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def label_rect(self) -> QRectF:
        """The label's rectangle in scene coordinates (for overlap checks)."""
        r = self._rect
        return self.mapRectToScene(QRectF(r.center().x() - 130, r.top() - 40, 260, 18))

    def boundingRect(self) -> QRectF:
        r = self._rect
        return QRectF(r.center().x() - 130, r.top() - 42, 260, r.height() + 44).united(r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        painter.setPen(t.overlap_pen)
        painter.setBrush(t.overlap_brush)
        painter.drawRect(self._rect)
        painter.setFont(t.tag_font)
        painter.setPen(t.role_colors["conflict"])
        r = self._rect
        painter.drawText(
            QRectF(r.center().x() - 130, r.top() - 40, 260, 18),
            Qt.AlignmentFlag.AlignCenter,
            self._text,
        )
