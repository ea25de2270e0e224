"""``ListBoxItem``: one VMA as a box of the ``mm->mmap`` list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.snapshot import NodeState
from ..layout import BOX_H, BOX_W
from ..theme import Theme
from .decor import (
    LOD_OUTLINE,
    LOD_TEXT,
    VmaHost,
    paint_rings,
    paint_tag,
)
from .vma_item import VmaItem

_BODY = QRectF(-BOX_W / 2, -BOX_H / 2, BOX_W, BOX_H)


class ListBoxItem(VmaItem):
    """A ``vm_area_struct`` box: ``vm_start``, ``vm_end`` and the name or file."""

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost) -> None:
        super().__init__(node, theme, host, _BODY)
        self._lines = self._lines_of(node)

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
            if t.small_metrics is not None:
                name = t.small_metrics.elidedText(
                    name, Qt.TextElideMode.ElideMiddle, _BODY.width() - 8
                )
            painter.drawText(_BODY.adjusted(5, 29, -3, -1), Qt.AlignmentFlag.AlignLeft, name)
        if self._hover or self._marked:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen if self._hover else t.select_pen)
            painter.drawRect(_BODY.adjusted(-2, -2, 2, 2))
        if self._roles:
            paint_rings(painter, _BODY, self._roles, t, radius=1.0)
            paint_tag(painter, self._tag, self._roles, t, self._labels)
