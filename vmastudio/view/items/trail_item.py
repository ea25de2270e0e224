"""``TrailItem``: a node the descent has already compared, with what it decided.

``find_vma_links()`` walks from the root: at each node ``addr >= vm_end`` sends it right
(``rb_right``), otherwise (no overlap) left. The trail keeps every visited node marked,
with its test and direction, until the empty slot is found (the step's ``trail``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import NODE_H, NODE_W
from ..theme import Theme

#: The test and where it sends the descent, in the kernel's words (no translation).
TESTS = {"right": "addr ≥ vm_end → right", "left": "addr < vm_end → left"}
_BODY = QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H)


class TrailItem(QGraphicsItem):
    """A dotted outline around a visited node and, under it, the comparison that
    decided where the descent went."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._went = "right"
        self._text = TESTS["right"]
        self._label = QRectF()
        self._bounds = QRectF()
        self._pen = QPen()
        self.setZValue(1.5)  # above edges, below nodes' rings and tags
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        colour = theme.role_colors.get("current", theme.text)
        self._pen = QPen(colour, 1.6, Qt.PenStyle.DotLine)
        self._invalidate()

    def set_went(self, went: str) -> None:
        if went != self._went:
            self._went = went
            self._text = TESTS.get(went, went)
            self._invalidate()

    @property
    def text(self) -> str:
        return self._text

    def label_rect(self) -> QRectF:
        """The comparison's rectangle in scene coordinates (for overlap checks)."""
        return self.mapRectToScene(self._label)

    def _invalidate(self) -> None:
        self.prepareGeometryChange()
        width = self._theme.tag_metrics.horizontalAdvance(self._text) + 8.0
        height = self._theme.tag_metrics.height() + 2.0
        # Centred under the node: clear of its rings (≤ 9 px) and above its empty-slot
        # boxes (from NODE_H / 2 + 26). An edge to a child in the next column may pass
        # under it: the label has its own background and is drawn above the edges.
        y = NODE_H / 2 + 10.0
        x = -width / 2
        self._label = QRectF(x, y, width, height)
        self._bounds = _BODY.adjusted(-6, -6, 6, 6).united(self._label)
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
        painter.setPen(self._pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(_BODY.adjusted(-5, -5, 5, 5), 8.0, 8.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.background)
        painter.drawRoundedRect(self._label, 3.0, 3.0)
        painter.setPen(self._pen.color())
        painter.setFont(t.tag_font)
        painter.drawText(self._label, Qt.AlignmentFlag.AlignCenter, self._text)
