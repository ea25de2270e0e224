"""``RbNodeItem``: one VMA as a node of ``mm->mm_rb`` (colour, range, rb_subtree_gap)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...engine.snapshot import NodeState
from ..layout import NODE_H, NODE_W
from ..theme import Theme
from .decor import (
    LOD_OUTLINE,
    LOD_TEXT,
    VmaHost,
    paint_rings,
    paint_tag,
)
from .vma_item import VmaItem

_BODY = QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H)
#: The colour tag's corner, combined once (a Flag ``|`` in paint() costs ~1 µs a node).
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def _lines(node: NodeState) -> tuple[str, str, str, str]:
    """The node's text: start, end, its name (file base name, ``[heap]``…), its gap."""
    name = node.name or (node.file.rsplit("/", 1)[-1] if node.file else "")
    return (f"{node.start:x}", f"{node.end:x}", name, f"gap {node.gap:#x}")


class RbNodeItem(VmaItem):
    """A tree node. Black: square corners, thick outline, "B"; red: rounded, light, "R".

    ``ghost``: the VMA is not in the tree (about to be linked, or just erased).
    """

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost) -> None:
        super().__init__(node, theme, host, _BODY)
        self._ghost = False
        self._lines = _lines(node)
        self._red = node.color == "R"

    # -- state (geometry changes go through _invalidate) ---------------------------------
    def set_state(self, node: NodeState, ghost: bool) -> None:
        if node is self._node and ghost == self._ghost:
            return
        self._node = node
        self._ghost = ghost
        self._red = node.color == "R"
        self._lines = _lines(node)
        self._invalidate()

    def lines(self) -> tuple[str, str, str, str]:
        """The node's text lines: start, end, name, gap."""
        return self._lines

    @property
    def ghost(self) -> bool:
        return self._ghost

    @property
    def color(self) -> str:
        return self._node.color

    def _tooltip(self) -> str:
        colour = (
            QCoreApplication.translate("Tooltip", "red node")
            if self._red
            else QCoreApplication.translate("Tooltip", "black node")
        )
        return f"{super()._tooltip()}<br>rb_subtree_gap: {self._node.gap:#x}<br>{colour}"

    # -- Qt overrides ---------------------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_OUTLINE:
            # Overview: a flat block in the node's colour; highlights stay visible.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                t.ghost_brush if self._ghost else (t.red_fill if self._red else t.black_fill)
            )
            painter.drawRect(_BODY)
            if self._roles:
                paint_rings(painter, _BODY, self._roles, t)
            return
        if self._ghost:
            painter.setOpacity(0.85)
        if self._red:
            painter.setBrush(t.red_fill)
            painter.setPen(t.ghost_pen if self._ghost else t.red_pen)
            painter.drawRoundedRect(_BODY, 16.0, 16.0)
        else:
            painter.setBrush(t.black_fill)
            painter.setPen(t.ghost_pen if self._ghost else t.black_pen)
            painter.drawRect(_BODY)
        if self._ghost:
            painter.setBrush(t.ghost_brush)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(_BODY, 16.0, 16.0)
        if lod < LOD_TEXT:
            if self._roles:
                paint_rings(painter, _BODY, self._roles, t)
            return
        painter.setPen(t.red_text if self._red else t.black_text)
        painter.setFont(t.mono)
        start, end, name, gap = self._lines
        painter.drawText(_BODY.adjusted(14, 2, -4, -44), Qt.AlignmentFlag.AlignLeft, start)
        painter.drawText(_BODY.adjusted(14, 16, -4, -30), Qt.AlignmentFlag.AlignLeft, end)
        painter.setFont(t.small)
        if name and t.small_metrics is not None:
            name = t.small_metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, NODE_W - 20)
            painter.drawText(_BODY.adjusted(14, 31, -4, -15), Qt.AlignmentFlag.AlignLeft, name)
        painter.drawText(_BODY.adjusted(14, 45, -4, -1), Qt.AlignmentFlag.AlignLeft, gap)
        painter.setFont(t.tag_font)
        painter.drawText(
            _BODY.adjusted(3, 2, 0, 0),
            _TOP_LEFT,
            "R" if self._red else "B",
        )
        if self._hover or self._marked:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen if self._hover else t.select_pen)
            painter.drawRoundedRect(_BODY.adjusted(-2, -2, 2, 2), 6, 6)
        if self._roles:
            paint_rings(painter, _BODY, self._roles, t)
            paint_tag(painter, self._tag, self._roles, t, self._labels)
