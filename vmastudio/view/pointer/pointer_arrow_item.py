"""``PointerArrowItem``: an orthogonal arrow from a pointer's box to what it points at.

Its label ("*rb_link") is drawn by an ``ArrowLabelItem`` above every arrow, on a box of
the background colour: where another arrow's lane has to pass a label, the label covers
the line instead of being struck through by it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...engine.pointers import PointerArrow
from .palette import PointerPalette

HEAD = 8.0


class PointerArrowItem(QGraphicsItem):
    """``points`` is the route (first = the source box's edge, last = the target's)."""

    def __init__(
        self,
        arrow: PointerArrow,
        points: list[QPointF],
        label_at: QPointF,
        entry: int,
        palette: PointerPalette,
        label_below: bool = False,
    ) -> None:
        super().__init__()
        self.arrow = arrow
        self.points = points
        self._pal = palette
        self._entry = entry
        self._label_at = label_at
        pen = palette.arrow_pens[arrow.kind]
        if arrow.write:
            pen = palette.write_pen
        if arrow.gone:
            pen = palette.gone_pen
        self._pen: QPen = pen
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        self._path = path
        self._head = self._make_head(points)
        self._label_rect = QRectF()
        if arrow.label and not arrow.gone:
            w = palette.metrics.horizontalAdvance(arrow.label) + 8
            h = palette.metrics.height()
            top = label_at.y() + 3 if label_below else label_at.y() - h - 3
            left = label_at.x() - w if entry > 0 else label_at.x()
            self._label_rect = QRectF(left, top, w, h)
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        self._shape = stroker.createStroke(path)
        self._bounds = (path.boundingRect().united(self._head.boundingRect())).adjusted(
            -4, -4, 4, 4
        )
        self.setZValue(3 if arrow.kind == "chain" or arrow.write else 1)

    @staticmethod
    def _make_head(points: list[QPointF]) -> QPolygonF:
        a, b = points[-2], points[-1]
        angle = math.atan2(b.y() - a.y(), b.x() - a.x())
        left = QPointF(b.x() - HEAD * math.cos(angle - 0.45), b.y() - HEAD * math.sin(angle - 0.45))
        right = QPointF(
            b.x() - HEAD * math.cos(angle + 0.45), b.y() - HEAD * math.sin(angle + 0.45)
        )
        return QPolygonF([b, left, right])

    @property
    def label(self) -> str:
        return self.arrow.label

    def label_rect(self) -> QRectF:
        """Where the label goes, in scene coordinates (empty: no label)."""
        return QRectF(self._label_rect)

    def paint_label(self, painter: QPainter) -> None:
        """Paint the label on a background box (called by its ``ArrowLabelItem``)."""
        if self._label_rect.isEmpty():
            return
        p = self._pal
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(p.theme.background)
        painter.drawRoundedRect(self._label_rect.adjusted(-1, 0, 1, 0), 3.0, 3.0)
        painter.setFont(p.mono_bold)
        painter.setPen(
            p.write_color
            if self.arrow.write
            else (p.chain_color if self.arrow.kind == "chain" else p.label_color)
        )
        painter.drawText(
            self._label_rect,
            (Qt.AlignmentFlag.AlignRight if self._entry > 0 else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignVCenter,
            self.arrow.label,
        )

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self._pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(self._pen.color())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(self._head)
        # A dot where the pointer leaves its box: the value lives there.
        painter.drawEllipse(self.points[0], 2.6, 2.6)


class ArrowLabelItem(QGraphicsItem):
    """The label of ``arrow``, above every arrow line (see the module docstring)."""

    def __init__(self, arrow: PointerArrowItem) -> None:
        super().__init__()
        self.arrow = arrow
        self._bounds = arrow.label_rect().adjusted(-2, -1, 2, 1)
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        self.arrow.paint_label(painter)
