"""``RangePreviewItem``: the range being dragged on the address map, before an insert.

A drag may run past its gap across mapped VMAs: the range is then a *trial* (the
kernel will answer -ENOMEM) and is drawn as such, in the conflict's colour with its
overlap named. The label sits above the map, as wide as its text (never clipped).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import MAP_H
from ..theme import Theme


class RangePreviewItem(QGraphicsItem):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._band = QRectF()
        self._label = QRectF()
        self._text = ""
        self.trial = False
        self.setZValue(6)
        self.setVisible(False)

    @property
    def text(self) -> str:
        return self._text

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_range(self, x0: float, x1: float, text: str, trial: bool) -> None:
        """Show the band from ``x0`` to ``x1`` (scene x; the item sits at the map's top)."""
        self.prepareGeometryChange()
        self._band = QRectF(x0, 2.0, max(x1 - x0, 2.0), MAP_H - 4.0)
        self._text = text
        self.trial = trial
        width = self._theme.tag_metrics.horizontalAdvance(text) + 12.0
        self._label = QRectF(self._band.center().x() - width / 2, -21.0, width, 18.0)
        self.setVisible(True)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._band.united(self._label).adjusted(-2, -2, 2, 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        if self.trial:
            colour = t.role_colors["conflict"]
            painter.setBrush(colour.lighter(175))
            painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DashLine))
        else:
            painter.setBrush(t.selection_brush)
            painter.setPen(t.selection_pen)
        painter.drawRect(self._band)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.role_brushes["conflict"] if self.trial else t.background)
        painter.drawRoundedRect(self._label, 4.0, 4.0)
        painter.setFont(t.tag_font)
        painter.setPen(t.role_tag_text if self.trial else t.text)
        painter.drawText(self._label, Qt.AlignmentFlag.AlignCenter, self._text)
