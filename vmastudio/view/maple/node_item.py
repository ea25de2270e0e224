"""``MapleNodeItem``: one maple node: a header, its pivots over its slots, its gaps.

Leaves (``leaf_64``) show each slot's VMA (its name, else its start) or NULL; internal
nodes (``arange_64``) show an arrow to each child and the largest gap under it, the
metadata's gap slot marked. The step's roles outline the node (``node``/``leaf``,
``sibling``, ``new_node``, ``parent``), fill the slot at ``offset``, and fade a node that
died (RCU: it is freed after a grace period).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...engine.frames612 import MapleNodeView
from ..layout import human_size
from ..theme import Theme
from .layout import CELL_W, HEADER_H, PAD, ROW_H, Placed

#: Below this zoom a node's text cannot be read: it is drawn as a block.
LOD_TEXT = 0.3
#: Outline colour roles, in priority order (the first present wins).
NODE_ROLES = ("dead_node", "new_node", "leaf", "node", "sibling", "parent")
ROLE_COLOURS = {
    "node": "#ef6c00",
    "leaf": "#ef6c00",
    "sibling": "#ad1457",
    "new_node": "#2e7d32",
    "dead_node": "#757575",
    "parent": "#1565c0",
    "offset": "#00897b",
    "conflict": "#c62828",
}


def short_hex(value: int) -> str:
    return "MAX" if value == (1 << 64) - 1 else f"{value:x}"


class MapleNodeItem(QGraphicsItem):
    def __init__(self, placed: Placed, theme: Theme, names: dict[int, str]) -> None:
        super().__init__()
        self._theme = theme
        self._bold = QFont(theme.small)
        self._bold.setBold(True)
        self._names = names
        self.roles: tuple[str, ...] = ()
        self.offset: int | None = None
        self.conflict: int | None = None
        self.set_placed(placed)
        self.setZValue(2)

    @property
    def node(self) -> MapleNodeView:
        return self._placed.node

    @property
    def placed(self) -> Placed:
        return self._placed

    @staticmethod
    def slot_bottom() -> float:
        """The bottom of the slot row, in item coordinates (where child edges start)."""
        return PAD + HEADER_H + 2 * ROW_H

    def set_placed(self, placed: Placed) -> None:
        self.prepareGeometryChange()
        self._placed = placed
        self.setPos(placed.x, placed.y)
        self._rect = QRectF(0, 0, placed.w, placed.h)
        n = placed.node
        tip = f"{n.type} #{n.nid}: [{n.min:#x}, {n.max:#x}], data end {n.end}"
        if n.gaps is not None:
            tip += f", metadata gap slot {n.meta_gap}<br>gaps: " + ", ".join(
                f"{g:#x}" for g in n.gaps
            )
        elif any(v is not None for v in n.slots):
            # The leaf's VMAs by name (their cells cut long names short).
            tip += "".join(
                f"<br>slot {i}: {html.escape(self._slot_text(v))}"
                for i, v in enumerate(n.slots)
                if v is not None
            )
        self.setToolTip(tip)
        self.update()

    def set_roles(
        self, roles: tuple[str, ...], offset: int | None = None, conflict: int | None = None
    ) -> None:
        if (roles, offset, conflict) != (self.roles, self.offset, self.conflict):
            self.roles, self.offset, self.conflict = roles, offset, conflict
            self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._bold = QFont(theme.small)
        self._bold.setBold(True)
        self.update()

    def slot_rect(self, i: int) -> QRectF:
        """Slot cell ``i`` in item coordinates."""
        return QRectF(PAD + i * CELL_W, PAD + HEADER_H + ROW_H, CELL_W, ROW_H)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-4, -4, 4, 4)

    def _slot_text(self, value: int | None) -> str:
        n = self.node
        if value is None:
            return "NULL"
        if not n.is_leaf:
            return f"→ #{value}"
        name = self._names.get(value, "")
        return name if name else f"{value:x}"

    def slot_label(self, i: int, metrics: QFontMetrics) -> str:
        """Slot ``i``'s text as its cell shows it: a name too long for the cell ends in an
        ellipsis (instead of being cut mid-letter at the cell's edge); the hover tip names
        it whole."""
        width = int(self.slot_rect(i).width()) - 4
        return metrics.elidedText(
            self._slot_text(self.node.slots[i]), Qt.TextElideMode.ElideRight, width
        )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        n = self.node
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        colour = next((ROLE_COLOURS[r] for r in NODE_ROLES if r in self.roles), None)
        if lod < LOD_TEXT:
            # Zoomed out (a large tree's overview): a block per node, the step's in colour.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour) if colour else t.black_fill)
            painter.drawRect(self._rect)
            return
        dead = "dead_node" in self.roles
        if dead:
            painter.setOpacity(0.45)
        painter.setBrush(t.box_fill)
        pen = QPen(QColor(colour), 3.0) if colour else QPen(t.text, 1.2)
        if dead:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self._rect, 5, 5)
        painter.setFont(t.tag_font)
        painter.setPen(t.text)
        head = f"{n.type} #{n.nid}   [{short_hex(n.min)}, {short_hex(n.max)}]   end {n.end}"
        if not n.is_leaf:
            head += f"   gap slot {n.meta_gap}"
        painter.drawText(
            QRectF(PAD, PAD, self._rect.width() - 2 * PAD, HEADER_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            head,
        )
        mono = t.small
        painter.setFont(mono)
        y_piv = PAD + HEADER_H
        y_gap = PAD + HEADER_H + 2 * ROW_H
        for i, value in enumerate(n.slots):
            cell = self.slot_rect(i)
            if i == self.offset:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(ROLE_COLOURS["offset"]).lighter(170))
                painter.drawRect(cell)
            if self.conflict is not None and value == self.conflict and n.is_leaf:
                painter.setPen(QPen(QColor(ROLE_COLOURS["conflict"]), 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(cell.adjusted(1, 1, -1, -1))
            painter.setPen(t.muted if value is None else t.text)
            painter.drawText(
                cell, Qt.AlignmentFlag.AlignCenter, self.slot_label(i, painter.fontMetrics())
            )
            painter.setPen(QPen(t.muted, 0.6))
            painter.drawLine(cell.topLeft(), cell.bottomLeft())
            if i < len(n.pivots):
                painter.setPen(t.muted)
                painter.drawText(
                    QRectF(cell.left(), y_piv, CELL_W, ROW_H),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    short_hex(n.pivots[i]) + " ",
                )
            if n.gaps is not None and i < len(n.gaps):
                # The metadata's gap slot (the child with the largest gap) in bold.
                painter.setPen(t.text if i == n.meta_gap else t.muted)
                painter.setFont(self._bold if i == n.meta_gap else mono)
                painter.drawText(
                    QRectF(cell.left(), y_gap, CELL_W, ROW_H),
                    Qt.AlignmentFlag.AlignCenter,
                    human_size(n.gaps[i]),
                )
                painter.setFont(mono)
