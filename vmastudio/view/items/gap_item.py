"""``GapItem``: an unmapped range of the address map; drag across it to insert a VMA.

Dragging selects a page-aligned sub-range (the size is shown live); releasing, or a
double-click (which pre-selects up to 16 pages at the click), asks the scene's host to
open the insert dialog. The gap maps x to addresses linearly inside itself.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.vma import PAGE_SIZE, TASK_SIZE
from ..layout import MAP_H, Gap, gap_address, human_size
from ..theme import Theme
from .decor import LOD_OUTLINE, VmaHost

DOUBLE_CLICK_PAGES = 16


class GapItem(QGraphicsItem):
    def __init__(self, gap: Gap, theme: Theme, host: VmaHost) -> None:
        super().__init__()
        self.gap = gap
        self._theme = theme
        self._host = host
        self._rect = QRectF(gap.x0, 0.0, max(gap.x1 - gap.x0, 1.0), MAP_H)
        self._anchor: int | None = None
        self._sel: tuple[int, int] | None = None
        self._label = human_size(gap.end - gap.start)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setZValue(1)

    @property
    def selection(self) -> tuple[int, int] | None:
        return self._sel

    def x_of(self, addr: int) -> float:
        g = self.gap
        if g.end == g.start:
            return g.x0
        return g.x0 + (g.x1 - g.x0) * (addr - g.start) / (g.end - g.start)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(0, -22, 0, 0)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setBrush(t.gap_brush)
        painter.setPen(Qt.PenStyle.NoPen if lod < LOD_OUTLINE else t.gap_pen)
        painter.drawRect(self._rect)
        if lod >= 0.4 and self._rect.width() * lod > 44:
            painter.setFont(t.small)
            painter.setPen(t.muted)
            painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._label)

    # -- dragging -------------------------------------------------------------------------
    def _set_selection(self, a: int, b: int) -> None:
        """Select ``[a, b)`` in either order; the scene draws it (a trial when it runs
        over a VMA)."""
        lo, hi = min(a, b), max(a, b)
        if hi == lo:
            hi = min(self.gap.end, lo + PAGE_SIZE)
            lo = hi - PAGE_SIZE
        self._sel = (lo, hi)
        self._host.preview_range(lo, hi)

    def _address(self, event: QGraphicsSceneMouseEvent) -> int:
        """The page-aligned address under the mouse: inside the gap by the gap's own
        scale, past its ends by the map's (a drag across a VMA makes a trial range)."""
        x = event.pos().x()
        g = self.gap
        if g.x0 <= x <= g.x1:
            return gap_address(g, x)
        addr = self._host.address_at(event.scenePos().x())
        return min(TASK_SIZE, (addr + PAGE_SIZE // 2) // PAGE_SIZE * PAGE_SIZE)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._anchor = gap_address(self.gap, event.pos().x())
        self._set_selection(self._anchor, self._anchor)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._anchor is None:
            return
        self._set_selection(self._anchor, self._address(event))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._anchor is None or self._sel is None:
            return
        lo, hi = self._sel
        self._anchor = None
        self._clear()
        if hi > lo:
            self._host.request_insert(lo, hi)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        g = self.gap
        at = gap_address(g, event.pos().x()) // PAGE_SIZE * PAGE_SIZE
        size = min(g.end - g.start, DOUBLE_CLICK_PAGES * PAGE_SIZE)
        start = min(max(g.start, at), g.end - size)
        self._anchor = None
        self._clear()
        self._host.request_insert(start, start + size)
        event.accept()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self._anchor is None:
            self._host.preview_range(None, None)
        super().hoverLeaveEvent(event)

    def _clear(self) -> None:
        self._sel = None
        self._host.preview_range(None, None)
