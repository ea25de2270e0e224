"""``MemoryBoxItem``: one variable or field, drawn as ``address │ name  value``."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.pointers import MemoryBox
from ..theme import ROLE_ORDER
from .palette import PointerPalette


class MemoryBoxItem(QGraphicsItem):
    """A box of the pointer view; ``box`` is the model's ``MemoryBox`` it shows."""

    def __init__(
        self,
        box: MemoryBox,
        rect: QRectF,
        addr_w: float,
        name_w: float,
        addr_text: str,
        value_text: str,
        palette: PointerPalette,
        gone: bool = False,
    ) -> None:
        super().__init__()
        self.box = box
        self._rect = rect
        self._addr_w = addr_w
        self._name_w = name_w
        self.addr_text = addr_text
        self.value_text = value_text
        self._pal = palette
        self._gone = gone
        self._selected = False
        self._hovered = False
        self._bounds = rect.adjusted(-4, -4, 4, 4)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        if gone:
            self.setOpacity(0.38)

    # -- state ------------------------------------------------------------------------------
    @property
    def rect(self) -> QRectF:
        return self._rect

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, on: bool) -> None:
        if on != self._selected:
            self._selected = on
            self.update()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def anchor_left(self) -> QPointF:
        return QPointF(self._rect.left(), self._rect.center().y())

    # -- painting ---------------------------------------------------------------------------
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
        b = self.box
        r = self._rect
        if not b.initialized:
            brush = p.uninit_brush
        elif b.written and not self._gone:
            brush = p.written_brush
        elif "link_slot" in b.roles:
            brush = p.slot_brush
        else:
            brush = p.box_brush
        painter.setBrush(p.box_brush)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(r)
        painter.setBrush(brush)
        role = next((x for x in ROLE_ORDER if x in b.roles), None)
        if b.written and not self._gone:
            painter.setPen(p.written_pen)
        elif role is not None:
            painter.setPen(t.role_pens[role])
        else:
            painter.setPen(p.box_pen)
        painter.drawRect(r)
        # Address │ name │ value: the address is the box's own, in its first cell.
        cut = r.left() + self._addr_w
        split = cut + self._name_w
        painter.setPen(p.box_pen)
        painter.drawLine(QPointF(cut, r.top()), QPointF(cut, r.bottom()))
        painter.drawLine(QPointF(split, r.top()), QPointF(split, r.bottom()))
        painter.setFont(p.small)
        painter.setPen(t.muted)
        painter.drawText(
            QRectF(r.left() + 4, r.top(), self._addr_w - 8, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.addr_text,
        )
        painter.setFont(p.mono_bold if b.kind in ("param", "local", "root") else p.mono)
        painter.setPen(t.text)
        painter.drawText(
            QRectF(cut + 5, r.top(), self._name_w - 8, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            b.label,
        )
        painter.setFont(p.mono)
        painter.setPen(t.muted if not b.initialized or b.value is None else t.text)
        value_rect = QRectF(split + 5, r.top(), r.right() - split - 10, r.height())
        painter.drawText(
            value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.value_text
        )
        if b.note:
            # The colour bit of __rb_parent_color, as a small R/B badge.
            d = r.height() - 8
            badge = QRectF(r.right() - d - 4, r.top() + 4, d, d)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(t.black_fill if b.note == "B" else t.red_fill)
            painter.drawEllipse(badge)
            painter.setPen(t.black_text if b.note == "B" else t.red_text)
            painter.setFont(t.tag_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, b.note)
        if self._selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.select_pen)
            painter.drawRect(r.adjusted(-3, -3, 3, 3))
        elif self._hovered:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen)
            painter.drawRect(r.adjusted(-2, -2, 2, 2))
