"""``VmaItem``: what the three drawings of one VMA (bar, list box, tree node) share.

Role rings and tag, hover and mark state, theme, cached bounds (body + rings + tag), a
mouse shape that is the body alone (so rings and tags never cover a neighbour's gap), and
reporting hover and clicks to the scene. Subclasses paint and may refine the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneHoverEvent, QGraphicsSceneMouseEvent

from ...engine.snapshot import NodeState
from ...engine.vma import flag_names
from ..theme import Theme
from .decor import VmaHost, ring_margin, tag_rect, vma_tooltip


class VmaItem(QGraphicsItem):
    """Base of ``VmaBarItem``, ``ListBoxItem`` and ``RbNodeItem``; ``_body`` is the shape."""

    def __init__(self, node: NodeState, theme: Theme, host: VmaHost, body: QRectF) -> None:
        super().__init__()
        self.vma_key = node.uid
        self._node = node
        self._theme = theme
        self._host = host
        self._roles: tuple[str, ...] = ()
        self._labels: tuple[str, ...] = ()
        self._hover = False
        self._marked = False
        self._body = QRectF(body)
        self._tag = QRectF()
        # Not in a scene yet: no prepareGeometryChange()/update() needed (bulk builds).
        m = ring_margin(0) + 2.0
        self._bounds = body.adjusted(-m, -m, m, m) if not body.isNull() else QRectF()
        self.setAcceptHoverEvents(True)
        self.setZValue(2)

    # -- state shared by every drawing --------------------------------------------------
    def set_roles(self, roles: tuple[str, ...], labels: tuple[str, ...] = ()) -> None:
        """The step's roles of this VMA, and their names in the running function."""
        if roles != self._roles or labels != self._labels:
            self._roles = roles
            self._labels = labels
            self._invalidate()

    def body_rect(self) -> QRectF:
        """The drawn shape without rings and tags, in item coordinates."""
        return QRectF(self._body)

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

    def _tag_above(self) -> bool:
        """Whether the role tag sits above the body (below it for a trial bar)."""
        return True

    def _reports(self) -> bool:
        """Whether hover and clicks name this VMA to the scene (not for a trial range)."""
        return True

    def _tooltip(self) -> str:
        n = self._node
        return vma_tooltip(n.start, n.end, flag_names(n.flags), n.file, n.name)

    def _invalidate(self) -> None:
        """Recompute the cached bounds before the geometry changes (STYLE.md §6)."""
        self.prepareGeometryChange()
        m = ring_margin(len(self._roles)) + 2.0
        self._tag = tag_rect(
            self._body, self._roles, self._theme, above=self._tag_above(), labels=self._labels
        )
        bounds = self._body.adjusted(-m, -m, m, m)
        self._bounds = bounds.united(self._tag) if not self._tag.isEmpty() else bounds
        self.update()

    # -- Qt overrides -------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._body)
        return path

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setToolTip(self._tooltip())
        if self._reports():
            self._host.hover_vma(self.vma_key)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._host.hover_vma(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._reports():
            self._host.select_vma(self.vma_key)
            event.accept()
            return
        super().mousePressEvent(event)
