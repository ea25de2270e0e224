"""``RbNodeItem``: one VMA as a node of ``mm->mm_rb`` (colour, range, rb_subtree_gap)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
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
from ..layout import NODE_H, NODE_W
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

_BODY = QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H)


class RbNodeItem(QGraphicsItem):
    """A tree node. Black: square corners, thick outline, "B"; red: rounded, light, "R".

    ``ghost``: the VMA is not in the tree (about to be linked, or just erased).
    """

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost) -> None:
        super().__init__()
        self.vma_start = node.start
        self._theme = theme
        self._host = host
        self._roles: tuple[str, ...] = ()
        self._hover = False
        self._marked = False
        self._ghost = False
        self._node = node
        self._lines: tuple[str, str, str] = ("", "", "")
        self._red = True
        self._bounds = QRectF()
        self._tag = QRectF()
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        # Not in a scene yet: no prepareGeometryChange()/update() needed (bulk builds).
        self._lines = (f"{node.start:x}", f"{node.end:x}", f"gap {node.gap:#x}")
        self._red = node.color == "R"
        m = ring_margin(0) + 2.0
        self._bounds = _BODY.adjusted(-m, -m, m, m)

    # -- state (geometry changes go through _invalidate) ---------------------------------
    def set_state(self, node: NodeState, ghost: bool) -> None:
        if node is self._node and ghost == self._ghost:
            return
        self._node = node
        self._ghost = ghost
        self._red = node.color == "R"
        self._lines = (f"{node.start:x}", f"{node.end:x}", f"gap {node.gap:#x}")
        self._invalidate()

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

    @property
    def ghost(self) -> bool:
        return self._ghost

    @property
    def color(self) -> str:
        return self._node.color

    def _invalidate(self) -> None:
        self.prepareGeometryChange()
        m = ring_margin(len(self._roles)) + 2.0
        self._tag = tag_rect(_BODY, self._roles, self._theme)
        bounds = _BODY.adjusted(-m, -m, m, m)
        self._bounds = bounds.united(self._tag) if not self._tag.isEmpty() else bounds
        self.update()

    # -- Qt overrides ---------------------------------------------------------------------
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
        start, end, gap = self._lines
        painter.drawText(_BODY.adjusted(14, 2, -4, -32), Qt.AlignmentFlag.AlignLeft, start)
        painter.drawText(_BODY.adjusted(14, 16, -4, -18), Qt.AlignmentFlag.AlignLeft, end)
        painter.setFont(t.small)
        painter.drawText(_BODY.adjusted(14, 32, -4, -2), Qt.AlignmentFlag.AlignLeft, gap)
        painter.setFont(t.tag_font)
        painter.drawText(
            _BODY.adjusted(3, 2, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "R" if self._red else "B",
        )
        if self._hover or self._marked:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.hover_pen if self._hover else t.select_pen)
            painter.drawRoundedRect(_BODY.adjusted(-2, -2, 2, 2), 6, 6)
        if self._roles:
            paint_rings(painter, _BODY, self._roles, t)
            paint_tag(painter, self._tag, self._roles, t)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        n = self._node
        self.setToolTip(
            vma_tooltip(n.start, n.end, flag_names(n.flags), n.file, n.name)
            + "<br>"
            + f"rb_subtree_gap: {n.gap:#x}<br>"
            + (
                QCoreApplication.translate("Tooltip", "red node")
                if self._red
                else QCoreApplication.translate("Tooltip", "black node")
            )
        )
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
