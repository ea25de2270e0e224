"""``BadgeItem``: a short, loud label such as ``-ENOMEM`` next to what caused it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..theme import Theme


class BadgeItem(QGraphicsItem):
    def __init__(self, text: str, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._text = ""
        self._rect = QRectF()
        self.setZValue(5)
        self.set_text(text)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self._text = text
        width = self._theme.bold_metrics.horizontalAdvance(text) + 16
        self._rect = QRectF(0, 0, width, 20)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        painter.setBrush(t.badge_brush)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(self._rect, 9, 9)
        painter.setFont(t.bold)
        painter.setPen(t.badge_text)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)
