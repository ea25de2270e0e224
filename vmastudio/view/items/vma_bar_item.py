"""``VmaBarItem``: one VMA as a bar on the address map."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.snapshot import NodeState
from ..layout import MAP_H
from ..theme import Theme
from .decor import (
    LOD_OUTLINE,
    VmaHost,
    paint_rings,
    paint_tag,
)
from .vma_item import VmaItem


class VmaBarItem(VmaItem):
    """A bar from ``x_of(vm_start)`` to ``x_of(vm_end)``; file-backed bars are amber.

    ``ghost``: not in the list yet (being inserted) or a trial range: hatched, dashed.
    """

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost) -> None:
        super().__init__(node, theme, host, QRectF())
        self._ghost = False
        self._label = ""
        self._geometry: tuple[float, float, bool, NodeState] | None = None

    def set_geometry(self, x0: float, x1: float, ghost: bool) -> None:
        """Place the bar; ``x1 - x0`` is at least 3 px so a page stays visible."""
        if x1 - x0 < 3.0:
            mid = (x0 + x1) / 2
            x0, x1 = mid - 1.5, mid + 1.5
        key = (x0, x1, ghost, self._node)
        if key == self._geometry:
            return
        self._geometry = key
        self._ghost = ghost
        self._body = (
            QRectF(x0, 0.0, x1 - x0, MAP_H)
            if not ghost
            else QRectF(x0, MAP_H * 0.15, x1 - x0, MAP_H * 0.7)
        )
        n = self._node
        self._label = n.name or (n.file.rsplit("/", 1)[-1] if n.file else f"{n.start:x}")
        self._invalidate()

    def set_node(self, node: NodeState) -> None:
        self._node = node

    @property
    def body(self) -> QRectF:
        return QRectF(self._body)

    def _tag_above(self) -> bool:
        return self._ghost

    def _reports(self) -> bool:
        return not self._ghost

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        body = self._body
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_OUTLINE:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                t.ghost_brush
                if self._ghost
                else (t.bar_file_fill if self._node.file else t.bar_fill)
            )
            painter.drawRect(body)
            if self._roles:
                paint_rings(painter, body, self._roles, t, radius=1.0)
            return
        if self._ghost:
            painter.setPen(t.ghost_pen)
            painter.setBrush(t.ghost_brush)
        else:
            painter.setPen(t.bar_pen)
            painter.setBrush(t.bar_file_fill if self._node.file else t.bar_fill)
        painter.drawRect(body)
        if lod >= 0.4 and body.width() * lod > 30:
            painter.setPen(t.text)
            painter.setFont(t.small)
            label = self._label
            if t.small_metrics is not None:
                # A long file name is cut with "…" (the tooltip has it whole).
                label = t.small_metrics.elidedText(
                    label, Qt.TextElideMode.ElideMiddle, body.width() - 4
                )
            painter.drawText(body.adjusted(2, 0, -2, 0), Qt.AlignmentFlag.AlignCenter, label)
        if self._hover or self._marked:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen if self._hover else t.select_pen)
            painter.drawRect(body.adjusted(-2, -2, 2, 2))
        if self._roles:
            paint_rings(painter, body, self._roles, t, radius=1.0)
            paint_tag(painter, self._tag, self._roles, t, self._labels)
