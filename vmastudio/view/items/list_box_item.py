"""``ListBoxItem``: one VMA as a box of the ``mm->mmap`` list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.snapshot import NodeState
from ...engine.vma import flag_names
from ..layout import BOX_H, BOX_W
from ..theme import Theme
from .decor import (
    LOD_OUTLINE,
    LOD_TEXT,
    VmaHost,
    paint_rings,
    paint_tag,
    ring_margin,
    tag_rect,
    vma_tooltip,
)

_BODY = QRectF(-BOX_W / 2, -BOX_H / 2, BOX_W, BOX_H)


class ListBoxItem(QGraphicsItem):
    """A ``vm_area_struct`` box: ``vm_start``, ``vm_end`` and the name or file."""

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost) -> None:
        super().__init__()
        self.vma_start = node.start
        self._node = node
        self._theme = theme
        self._host = host
        self._roles: tuple[str, ...] = ()
        self._hover = False
        self._marked = False
        self._lines = ("", "", "")
        self._bounds = QRectF()
        self._tag = QRectF()
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        # Not in a scene yet: no prepareGeometryChange()/update() needed (bulk builds).
        self._lines = self._lines_of(node)
        m = ring_margin(0) + 2.0
        self._bounds = _BODY.adjusted(-m, -m, m, m)

    @staticmethod
    def _lines_of(node: NodeState) -> tuple[str, str, str]:
        name = node.name or (node.file.rsplit("/", 1)[-1] if node.file else "")
        return (f"vm_start {node.start:x}", f"vm_end   {node.end:x}", name)

    def set_node(self, node: NodeState) -> None:
        if node is self._node:
            return
        self._node = node
        lines = self._lines_of(node)
        if lines != self._lines:
            # Text only: the bounds do not change.
            self._lines = lines
            self.update()

    def set_roles(self, roles: tuple[str, ...]) -> None:
        if roles != self._roles:
            self._roles = roles
            self._invalidate()

    def set_hover(self, on: bool) -> None:
        if on != self._hover:
            self._hover = on
            self.update()

    def set_marked(self, on: bool) -> None:
        if on != self._marked:
            self._marked = on
            self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._invalidate()

    @property
    def roles(self) -> tuple[str, ...]:
        return self._roles

    def _invalidate(self) -> None:
        self.prepareGeometryChange()
        m = ring_margin(len(self._roles)) + 2.0
        self._tag = tag_rect(_BODY, self._roles, self._theme)
        bounds = _BODY.adjusted(-m, -m, m, m)
        self._bounds = bounds.united(self._tag) if not self._tag.isEmpty() else bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        # Only the body takes the mouse; rings and tags must not cover a neighbour's gap.
        path = QPainterPath()
        path.addRect(_BODY)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setBrush(t.box_fill)
        if lod < LOD_OUTLINE:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(_BODY)
            if self._roles:
                paint_rings(painter, _BODY, self._roles, t, radius=1.0)
            return
        painter.setPen(t.bar_pen)
        painter.drawRect(_BODY)
        if lod >= LOD_TEXT:
            painter.setPen(t.text)
            painter.setFont(t.small)
            a, b, name = self._lines
            painter.drawText(_BODY.adjusted(5, 3, -3, -28), Qt.AlignmentFlag.AlignLeft, a)
            painter.drawText(_BODY.adjusted(5, 16, -3, -15), Qt.AlignmentFlag.AlignLeft, b)
            painter.setPen(t.muted)
            painter.drawText(_BODY.adjusted(5, 29, -3, -1), Qt.AlignmentFlag.AlignLeft, name)
        if self._hover or self._marked:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen if self._hover else t.select_pen)
            painter.drawRect(_BODY.adjusted(-2, -2, 2, 2))
        if self._roles:
            paint_rings(painter, _BODY, self._roles, t, radius=1.0)
            paint_tag(painter, self._tag, self._roles, t)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        n = self._node
        self.setToolTip(vma_tooltip(n.start, n.end, flag_names(n.flags), n.file, n.name))
        self._host.hover_vma(self.vma_start)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._host.hover_vma(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._host.select_vma(self.vma_start)
            event.accept()
            return
        super().mousePressEvent(event)
