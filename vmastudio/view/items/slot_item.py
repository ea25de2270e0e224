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
from .decor import LOD_OUTLINE, LOD_TEXT, paint_rings, paint_tag, ring_margin, tag_rect

_CHILD_BODY = QRectF(-SLOT_W / 2, -SLOT_H / 2, SLOT_W, SLOT_H)


class SlotItem(QGraphicsItem):
    """``label`` is drawn in the box ("NULL" for an empty child slot, "mm->mm_rb" …)."""

    def __init__(self, key: tuple[int | None, str], label: str, width: float, theme: Theme) -> None:
        super().__init__()
        self.key = key
        self._label = label
        self._theme = theme
        self._body = QRectF(-width / 2, -SLOT_H / 2, width, SLOT_H)
        self._roles: tuple[str, ...] = ()
        self._labels: tuple[str, ...] = ()
        self._path: QPainterPath | None = QPainterPath()
        self._stub = QPointF()
        self._dashed = True
        self._target_null = False
        self._bounds = QRectF()
        self._tag = QRectF()
        self.setZValue(1)
        self._invalidate()

    @classmethod
    def child(cls, parent: int, side: str, theme: Theme, stub: QPointF | None = None) -> SlotItem:
        """An empty ``rb_left``/``rb_right``; ``stub``: as ``set_stub``.

        Built for bulk (65,530 of them): the bounds are computed from numbers and the
        stub's path is only made when the slot is first painted.
        """
        slot = cls.__new__(cls)
        QGraphicsItem.__init__(slot)
        slot.key = (parent, side)
        slot._label = "NULL"
        slot._theme = theme
        slot._body = _CHILD_BODY
        slot._roles = ()
        slot._labels = ()
        slot._dashed = True
        slot._target_null = False
        slot._tag = QRectF()
        slot.setZValue(1)
        m = ring_margin(0) + 2.0
        x0, y0 = -SLOT_W / 2 - m, -SLOT_H / 2 - m
        x1, y1 = SLOT_W / 2 + m + 50, SLOT_H / 2 + m
        if stub is None:
            slot._path = QPainterPath()
        else:
            slot._path = None
            slot._stub = stub
            sx, sy = stub.x(), stub.y()
            x0, x1 = min(x0, sx, 0.0), max(x1, sx, 0.0)
            y0, y1 = min(y0, sy), max(y1, sy)
        slot._bounds = QRectF(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4)
        return slot

    def _the_path(self) -> QPainterPath:
        if self._path is None:
            path = QPainterPath()
            path.moveTo(self._stub)
            path.lineTo(QPointF(0, -SLOT_H / 2))
            self._path = path
        return self._path

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

    def body_rect(self) -> QRectF:
        """The slot box without rings and tags, in item coordinates."""
        return QRectF(self._body)

    def set_roles(self, roles: tuple[str, ...], labels: tuple[str, ...] = ()) -> None:
        if roles != self._roles or labels != self._labels:
            self._roles = roles
            self._labels = labels
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
        self._tag = tag_rect(self._body, self._roles, self._theme, above=False, labels=self._labels)
        bounds = self._body.adjusted(-m, -m, m + 50, m).united(self._the_path().boundingRect())
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
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_OUTLINE:
            if self._roles:  # an empty slot is noise in an overview, unless it matters
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(t.slot_brush)
                painter.drawRect(self._body)
                paint_rings(painter, self._body, self._roles, t, radius=1.0)
            return
        painter.setPen(t.slot_pen if self._dashed else t.arrow_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._the_path())
        painter.setBrush(t.slot_brush)
        painter.setPen(t.slot_pen if self._dashed else t.bar_pen)
        painter.drawRect(self._body)
        if lod >= LOD_TEXT:
            painter.setFont(t.small)
            painter.setPen(t.muted if self._dashed else t.text)
            painter.drawText(self._body, Qt.AlignmentFlag.AlignCenter, self._label)
            if not self._dashed and self._target_null:
                painter.setPen(t.muted)
                painter.drawText(QPointF(self._body.right() + 17, 4), "NULL")
        if self._roles:
            paint_rings(painter, self._body, self._roles, t, radius=1.0)
            paint_tag(painter, self._tag, self._roles, t, self._labels)
