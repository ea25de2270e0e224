"""``FrameItem``: a stack frame as a labelled column; faded once the function returned."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...engine.pointers import Region
from .palette import PointerPalette


class FrameItem(QGraphicsItem):
    """The frame of ``region.title``; its boxes are separate ``MemoryBoxItem``s."""

    def __init__(
        self,
        region: Region,
        rect: QRectF,
        header: QRectF,
        palette: PointerPalette,
        gone_text: str = "",
    ) -> None:
        super().__init__()
        self.region = region
        self._rect = rect
        self._header = header
        self._pal = palette
        self.gone_text = gone_text
        self._bounds = rect.adjusted(-4, -22, 4, 4)
        self.setZValue(0)
        if region.gone:
            self.setOpacity(0.45)

    @property
    def rect(self) -> QRectF:
        return self._rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        p = self._pal
        t = p.theme
        painter.setPen(p.gone_pen if self.region.gone else p.frame_pen)
        painter.setBrush(p.frame_brush)
        painter.drawRect(self._rect)
        painter.setBrush(p.header_brush)
        painter.drawRect(self._header)
        painter.setFont(p.title)
        painter.setPen(t.text)
        painter.drawText(
            self._header.adjusted(8, 0, -8, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.region.title,
        )
        painter.setFont(p.small)
        painter.setPen(t.muted)
        painter.drawText(
            self._header.adjusted(8, 0, -8, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            QCoreApplication.translate("PointerView", "stack frame"),
        )
        if self.region.gone and self.gone_text:
            painter.setFont(t.tag_font)
            painter.setPen(p.write_color)
            painter.drawText(
                QRectF(self._rect.left(), self._rect.top() - 20, self._rect.width(), 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.gone_text,
            )
