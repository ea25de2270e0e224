"""``MapleScene``: a 6.12 state and the step that made it, drawn (``mm->mm_mt``).

It renders what the engine says (``frames612``): the live nodes from the root, each
internal slot's edge to its child, the step's roles (the node or leaf the write is at,
its offset, the sibling of a split or rebalance, the new node, the node that died), the
range being written and the op's sentence. It decides nothing about the maple tree.

Level of detail: up to ``DETAIL_LIMIT`` nodes every node is a ``MapleNodeItem`` and every
edge a line item. A larger tree (a whole process: ~7,700 nodes for 65,530 VMAs) is one
``MapleOverviewItem`` of blocks, plus ``MapleNodeItem``s only for the nodes the view shows
at a readable zoom (``show_window``; at most ``DETAIL_MAX`` of them), reused from step to
step: the scene's item count stays bounded whatever the tree's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...engine.frames612 import MapleState
from ...engine.linux612.trace import Step612
from ..theme import Theme, make_theme
from .layout import LEVEL_GAP, PAD, Placed, layout, node_size
from .node_item import LOD_TEXT, MapleNodeItem
from .overview_item import MapleOverviewItem

#: Role keys of a 6.12 step that name maple nodes (DESIGN §7).
NODE_ROLE_KEYS = ("node", "leaf", "sibling", "new_node", "dead_node", "parent")
#: Up to this many nodes, every node is an item of its own.
DETAIL_LIMIT = 400
#: A larger tree keeps at most this many node items (those on screen, the step's first).
DETAIL_MAX = 240


class MapleScene(QGraphicsScene):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme: Theme = make_theme("light")
        self.setBackgroundBrush(self.theme.background)
        self.names: dict[int, str] = {}
        self._items: dict[int, MapleNodeItem] = {}
        self._edges: list[QGraphicsLineItem] = []
        self._placed: dict[int, Placed] = {}
        self._state: MapleState | None = None
        #: The drawn large tree's shape (``_shape``): a step that keeps it keeps the layout.
        self._shape: tuple[tuple[int, int, int], ...] | None = None
        self._overview: MapleOverviewItem | None = None
        #: Per level: top, bottom, its node ids by x, their left edges, the widest node.
        self._levels: list[tuple[float, float, list[int], list[float], float]] = []
        self._roles: dict[int, tuple[str, ...]] = {}
        self._offset: tuple[int | None, int | None] = (None, None)
        self._conflict: int | None = None
        #: The address the op is about (its range's start): where to look at a step whose
        #: roles name no node (the window sets it per op).
        self.focus_address: int | None = None
        #: What the view last showed (scene rect, scale): the detail items follow it.
        self._window: tuple[QRectF, float] = (QRectF(), 0.0)
        self._title = QGraphicsSimpleTextItem()
        self._title.setFont(self.theme.bold)
        self._title.setPos(0, 0)
        self.addItem(self._title)

    # -- what tests and the window read ------------------------------------------------------
    def node_item(self, nid: int) -> MapleNodeItem | None:
        return self._items.get(nid)

    def node_items(self) -> list[MapleNodeItem]:
        """The nodes drawn in full (all of them up to ``DETAIL_LIMIT`` nodes)."""
        return list(self._items.values())

    def node_count(self) -> int:
        """How many nodes are drawn (live ones and the step's dead ones)."""
        return len(self._placed)

    def is_overview(self) -> bool:
        return self._overview is not None

    def edge_count(self) -> int:
        return len(self._edges)

    def placed(self, nid: int) -> Placed | None:
        return self._placed.get(nid)

    def focus_rect(self) -> QRectF:
        """The nodes the current step names (what "follow the action" keeps in view);
        at a step that names none, the leaf holding ``focus_address``, if any."""
        rect = QRectF()
        for nid in self._roles:
            p = self._placed.get(nid)
            if p is not None:
                rect = rect.united(QRectF(p.x, p.y, p.w, p.h))
        if rect.isEmpty() and self.focus_address is not None:
            addr = self.focus_address
            for p in self._placed.values():
                n = p.node
                if n.is_leaf and n.min <= addr <= n.max and n.nid not in self._dead():
                    return QRectF(p.x, p.y, p.w, p.h)
        return rect

    def _dead(self) -> frozenset[int]:
        return self._state.dead if self._state is not None else frozenset()

    # -- drawing -------------------------------------------------------------------------------
    def show_state(
        self,
        state: MapleState,
        step: Step612 | None,
        title: str = "",
        dead_from: MapleState | None = None,
    ) -> None:
        """Draw ``state`` with ``step``'s roles; ``dead_from``: the state before the step,
        whose nodes that died in it are drawn fading beside the tree."""
        self._title.setText(title)
        roles: dict[str, Any] = {} if step is None else dict(step.roles)
        per_node: dict[int, list[str]] = {}
        for key in NODE_ROLE_KEYS:
            value = roles.get(key)
            if isinstance(value, int):
                per_node.setdefault(value, []).append(key)
        self._roles = {nid: tuple(keys) for nid, keys in per_node.items()}
        offset = roles.get("offset")
        at = roles.get("leaf", roles.get("node"))
        self._offset = (
            at if isinstance(at, int) else None,
            offset if isinstance(offset, int) else None,
        )
        conflict = roles.get("conflict")
        self._conflict = conflict if isinstance(conflict, int) else None
        if state is not self._state:
            self._rebuild(state, dead_from)
            self._state = state
        if self._overview is not None:
            self._overview.set_marks(self._placed, self._roles)
            self._sync_details()
        for nid, item in self._items.items():
            self._dress(nid, item)

    def _dress(self, nid: int, item: MapleNodeItem) -> None:
        at, offset = self._offset
        item.set_roles(self._roles.get(nid, ()), offset if nid == at else None, self._conflict)

    def _rebuild(self, state: MapleState, dead_from: MapleState | None) -> None:
        large = len(state.nodes) > DETAIL_LIMIT
        shape = _shape(state) if large and not state.dead else None
        if shape is not None and shape == self._shape:
            # Most steps of an op rewrite slots, pivots or gaps but keep every node and
            # its width: the blocks, edges and levels stay; only changed nodes are new.
            # (65,530 VMAs: ~190 ms a step with a whole new layout, measured.)
            self._refresh_views(state)
            return
        self._shape = shape
        placed = layout(state)
        # Nodes that died in this step: drawn below the tree, fading (RCU frees them later).
        if dead_from is not None and state.dead:
            old = {n.nid: n for n in dead_from.nodes}
            bottom = max((p.y + p.h for p in placed.values()), default=0.0) + LEVEL_GAP
            x = 0.0
            for nid in sorted(state.dead):
                node = old.get(nid)
                if node is None:
                    continue
                ghost = Placed(node, x, bottom, *node_size(node))
                placed[nid] = ghost
                x += ghost.w + 24.0
        self._placed = placed
        for edge in self._edges:
            self.removeItem(edge)
        self._edges = []
        lines = list(_edge_lines(state, placed))
        if large:
            self._levels = _levels(placed)
            if self._overview is None:
                self._overview = MapleOverviewItem(self.theme)
                self.addItem(self._overview)
            self._overview.set_layout(placed, lines)
            self._sync_details()
        else:
            self._levels = []
            if self._overview is not None:
                self.removeItem(self._overview)
                self._overview = None
            self._show_items(placed.values())
            pen = QPen(self.theme.edge_pen)
            for segment in lines:
                line = QGraphicsLineItem(segment)
                line.setPen(pen)
                line.setZValue(1)
                self.addItem(line)
                self._edges.append(line)
        if placed:
            rect = QRectF(
                min(p.x for p in placed.values()),
                min(p.y for p in placed.values()),
                0.0,
                0.0,
            )
            rect.setRight(max(p.x + p.w for p in placed.values()))
            rect.setBottom(max(p.y + p.h for p in placed.values()))
        else:
            rect = QRectF()
        rect = rect.united(self._title.sceneBoundingRect())
        self.setSceneRect(rect.adjusted(-40, -40, 40, 40))

    def _refresh_views(self, state: MapleState) -> None:
        """The same tree shape as drawn: each node whose memory changed gets its new view
        at its old place (the node items on screen follow in ``_sync_details``)."""
        placed = self._placed
        before = self._state.records if self._state is not None else {}
        records = state.records
        for n in state.nodes:
            p = placed[n.nid]
            old = p.node
            if before.get(n.nid) is records[n.nid] and (old.min, old.max) == (n.min, n.max):
                continue  # the same memory at the same range: the same view
            if old != n:
                placed[n.nid] = Placed(n, p.x, p.y, p.w, p.h)

    def _show_items(self, wanted: Iterable[Placed]) -> None:
        """Node items for exactly ``wanted``: kept ones moved, others made or removed."""
        keep: dict[int, MapleNodeItem] = {}
        for p in wanted:
            nid = p.node.nid
            item = self._items.pop(nid, None)
            if item is None:
                item = MapleNodeItem(p, self.theme, self.names)
                self.addItem(item)
                self._dress(nid, item)
            elif item.placed is not p:
                item.set_placed(p)
            keep[nid] = item
        for item in self._items.values():
            self.removeItem(item)
        self._items = keep

    # -- level of detail -----------------------------------------------------------------------
    def show_window(self, rect: QRectF, scale: float) -> None:
        """The view shows ``rect`` (scene coordinates) at ``scale``: a large tree draws
        the nodes there in full when their text is readable, the rest as blocks."""
        self._window = (QRectF(rect), scale)
        if self._overview is not None:
            self._sync_details()

    def _sync_details(self) -> None:
        rect, scale = self._window
        wanted: dict[int, Placed] = {}
        if scale >= LOD_TEXT and not rect.isEmpty():
            for nid in self._roles:  # the step's nodes first
                p = self._placed.get(nid)
                if p is not None and rect.intersects(QRectF(p.x, p.y, p.w, p.h)):
                    wanted[nid] = p
            placed = self._placed
            for top, bottom, row, lefts, widest in self._levels:
                if bottom < rect.top() or top > rect.bottom():
                    continue
                # A node starts at most one (widest) node's width left of the window.
                lo = bisect_left(lefts, rect.left() - widest)
                hi = bisect_right(lefts, rect.right())
                for nid in row[lo:hi]:
                    if len(wanted) >= DETAIL_MAX:
                        break
                    p = placed[nid]
                    if p.x + p.w >= rect.left():
                        wanted.setdefault(nid, p)
        self._show_items(wanted.values())

    def set_theme(self, name: str, projector: bool = False) -> None:
        """Draw in theme ``name``; ``projector``: outlines a projector does not wash out."""
        self.theme = make_theme(name, projector)
        self.setBackgroundBrush(self.theme.background)
        for item in self._items.values():
            item.set_theme(self.theme)
        if self._overview is not None:
            self._overview.set_theme(self.theme)
        pen = QPen(self.theme.edge_pen)
        for edge in self._edges:
            edge.setPen(pen)
        self._title.setBrush(QColor(self.theme.text))


def _edge_lines(state: MapleState, placed: dict[int, Placed]) -> Iterable[QLineF]:
    """A line from each internal slot's cell to the top of its child (live nodes only)."""
    for p in placed.values():
        n = p.node
        if n.is_leaf or n.nid in state.dead:
            continue
        bottom = p.y + MapleNodeItem.slot_bottom()
        for i, child in enumerate(n.slots):
            target = placed.get(child) if child is not None else None
            if target is not None:
                yield QLineF(p.cell_x(i), bottom, target.x + target.w / 2, target.y)


def _shape(state: MapleState) -> tuple[tuple[int, int, int], ...]:
    """Node ids, data ends and depths in pre-order: equal shapes lay out the same (the
    pre-order with depths is the tree; a node's width follows from its data end)."""
    return tuple((n.nid, n.end, n.depth) for n in state.nodes)


def _levels(
    placed: dict[int, Placed],
) -> list[tuple[float, float, list[int], list[float], float]]:
    """Per level: top, bottom, its nodes by x, their left edges, the widest node."""
    rows: dict[float, list[Placed]] = {}
    for p in placed.values():
        rows.setdefault(p.y, []).append(p)
    out = []
    for y in sorted(rows):
        row = sorted(rows[y], key=lambda p: p.x)
        widest = max(p.w for p in row) + PAD
        nids = [p.node.nid for p in row]
        out.append((y, max(p.y + p.h for p in row), nids, [p.x for p in row], widest))
    return out
