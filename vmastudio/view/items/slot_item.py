"""``SlotItem``: a pointer slot: an empty ``rb_left``/``rb_right``, or ``mm->mm_rb``/``mm->mmap``.

Empty child slots are drawn so that ``*rb_link`` — the slot ``find_vma_links()`` ends
at — has something to point at; the root pointer is always drawn for the same reason.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import SLOT_H, SLOT_W
from ..theme import Theme
from .decor import paint_rings, paint_tag, ring_margin, tag_rect


class SlotItem(QGraphicsItem):
    """``label`` is drawn in the box ("NULL" for an empty child slot, "mm->mm_rb" …)."""

    def __init__(self, key: tuple[int | None, str], label: str, width: float, theme: Theme) -> None:
        super().__init__()
        self.key = key
        self._label = label
        self._theme = theme
        self._body = QRectF(-width / 2, -SLOT_H / 2, width, SLOT_H)
        self._roles: tuple[str, ...] = ()
        self._path = QPainterPath()
        self._dashed = True
        self._target_null = False
        self._bounds = QRectF()
        self._tag = QRectF()
        self.setZValue(1)
        self._invalidate()

    @classmethod
    def child(cls, parent: int, side: str, theme: Theme) -> SlotItem:
        return cls((parent, side), "NULL", SLOT_W, theme)

    def set_stub(self, parent_bottom: QPointF) -> None:
        """A dashed line from the parent node's bottom (relative to this item)."""
        path = QPainterPath()
        path.moveTo(parent_bottom)
        path.lineTo(QPointF(0, -SLOT_H / 2))
        self._path = path
        self._dashed = True
        self._invalidate()

    def set_target(self, target: QPointF | None) -> None:
        """An arrow from the box's right edge to ``target`` (relative), or NULL."""
        path = QPainterPath()
        self._target_null = target is None
        if target is None:
            target = QPointF(self._body.right() + 14, 0)
        if target is not None:
            a = QPointF(self._body.right(), 0)
            path.moveTo(a)
            path.lineTo(target)
            angle = math.atan2(target.y() - a.y(), target.x() - a.x())
            s = 8.0
            left = QPointF(
                target.x() - s * math.cos(angle - 0.4), target.y() - s * math.sin(angle - 0.4)
            )
            right = QPointF(
                target.x() - s * math.cos(angle + 0.4), target.y() - s * math.sin(angle + 0.4)
            )
            path.addPolygon(QPolygonF([target, left, right, target]))
        self._path = path
        self._dashed = False
        self._invalidate()

    def set_roles(self, roles: tuple[str, ...]) -> None:
        if roles != self._roles:
            self._roles = roles
            self._invalidate()

    @property
    def roles(self) -> tuple[str, ...]:
        return self._roles

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._invalidate()

    def _invalidate(self) -> None:
        self.prepareGeometryChange()
        m = ring_margin(len(self._roles)) + 2.0
        self._tag = tag_rect(self._body, self._roles, self._theme, above=False)
        bounds = self._body.adjusted(-m, -m, m + 50, m).united(self._path.boundingRect())
        self._bounds = bounds.united(self._tag) if not self._tag.isEmpty() else bounds
        self._bounds.adjust(-2, -2, 2, 2)
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
        painter.setPen(t.slot_pen if self._dashed else t.arrow_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(t.slot_brush)
        painter.setPen(t.slot_pen if self._dashed else t.bar_pen)
        painter.drawRect(self._body)
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= 0.35:
            painter.setFont(t.small)
            painter.setPen(t.muted if self._dashed else t.text)
            painter.drawText(self._body, Qt.AlignmentFlag.AlignCenter, self._label)
            if not self._dashed and self._target_null:
                painter.setPen(t.muted)
                painter.drawText(QPointF(self._body.right() + 17, 4), "NULL")
        if self._roles:
            paint_rings(painter, self._body, self._roles, t, radius=1.0)
            paint_tag(painter, self._tag, self._roles, t)
