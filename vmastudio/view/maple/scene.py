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
from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...engine.frames612 import MapleState
from ...engine.linux612.trace import Step612
from ..theme import Theme, make_theme
from .layout import CELL_W, LEVEL_GAP, PAD, Placed, layout, node_size
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
        self._shape: _Shape | None = None
        self._overview: MapleOverviewItem | None = None
        #: The live nodes' places in pre-order, the tree's bottom edge and rectangle,
        #: and the dead nodes drawn beside it.
        self._order: list[Placed] = []
        self._bottom = 0.0
        self._tree_rect = QRectF()
        self._ghost_rect = QRectF()
        self._ghost_ids: list[int] = []
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

    def drawn_rect(self) -> QRectF:
        """The rectangle of every drawn node (the tree and the dead nodes beside it)."""
        if self._ghost_rect.isEmpty():
            return QRectF(self._tree_rect)
        return self._tree_rect.united(self._ghost_rect)

    def placed_rects(self) -> Mapping[int, QRectF]:
        """The drawn nodes' rectangles by node id (dead ones included), read on demand:
        O(1) to make, whatever the tree's size."""
        return _PlacedRects(self._placed)

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
        drawn = self._state
        if large and self._shape is not None and drawn is not None:
            # A step forward or back from the state drawn, keeping its shape, no node
            # dying: only the nodes the engine read again get new views (the step's
            # cost, not the tree's).
            remade = None
            if not state.dead and not drawn.dead:
                ahead = state.remade_since(drawn)
                remade = ahead if ahead is not None else drawn.remade_since(state)
            if remade is not None:
                self._refresh_only(state, remade)
                return
        shape = _shape(state) if large else None
        if shape is not None and shape == self._shape:
            # Most steps of an op rewrite slots, pivots or gaps, or put a new node where
            # one died, and keep every node's place and width: the blocks, edges and
            # levels stay; the nodes are relabelled and the dead ones set beside.
            # (65,530 VMAs: ~190 ms a step with a whole new layout, measured.)
            self._relabel(state)
            self._place_ghosts(state, dead_from)
            return
        self._shape = shape
        live = layout(state, self._placed if large else None)
        self._order = [live[n.nid] for n in state.nodes]
        self._bottom = max((p.y + p.h for p in live.values()), default=0.0)
        self._placed = dict(live)
        ghosts = self._place_ghosts(state, dead_from, update=False)
        for edge in self._edges:
            self.removeItem(edge)
        self._edges = []
        if large:
            rows = _rows(live)
            self._levels = _levels(rows)
            if self._overview is None:
                self._overview = MapleOverviewItem(self.theme)
                self.addItem(self._overview)
            self._overview.set_ghosts([])
            self._overview.set_layout(live, _edge_path(state, live), rows)
            self._overview.set_ghosts(ghosts)
            self._sync_details()
        else:
            self._levels = []
            if self._overview is not None:
                self.removeItem(self._overview)
                self._overview = None
            self._show_items(self._placed.values())
            pen = QPen(self.theme.edge_pen)
            for segment in _edge_lines(state, live):
                line = QGraphicsLineItem(segment)
                line.setPen(pen)
                line.setZValue(1)
                self.addItem(line)
                self._edges.append(line)
        if live:
            boxes = live.values()
            rect = QRectF(min(map(_X, boxes)), min(map(_Y, boxes)), 0.0, 0.0)
            rect.setRight(max([p.x + p.w for p in boxes]))
            rect.setBottom(max([p.y + p.h for p in boxes]))
        else:
            rect = QRectF()
        self._tree_rect = QRectF(rect)
        self._ghost_rect = _united(ghosts)
        rect = rect.united(self._ghost_rect).united(self._title.sceneBoundingRect())
        self.setSceneRect(rect.adjusted(-40, -40, 40, 40))

    def _place_ghosts(
        self, state: MapleState, dead_from: MapleState | None, update: bool = True
    ) -> list[QRectF]:
        """Nodes that died in this step: drawn below the tree, fading (RCU frees them
        later), in ``_placed``; their blocks (given to the overview when ``update``)."""
        for nid in self._ghost_ids:
            self._placed.pop(nid, None)
        self._ghost_ids = []
        blocks: list[QRectF] = []
        if dead_from is not None and state.dead:
            bottom = self._bottom + LEVEL_GAP
            x = 0.0
            for nid in sorted(state.dead):
                node = dead_from.node(nid)
                if node is None or nid in self._placed:
                    continue
                ghost = Placed(node, x, bottom, *node_size(node))
                self._placed[nid] = ghost
                self._ghost_ids.append(nid)
                blocks.append(QRectF(ghost.x, ghost.y, ghost.w, ghost.h))
                x += ghost.w + 24.0
        if update:
            if self._overview is not None:
                self._overview.set_ghosts(blocks)
            self._ghost_rect = _united(blocks)
            rect = self.drawn_rect().united(self._title.sceneBoundingRect())
            rect = rect.adjusted(-40, -40, 40, 40)
            if rect != self.sceneRect():
                self.setSceneRect(rect)
        return blocks

    def _relabel(self, state: MapleState) -> None:
        """The same places, widths and levels as drawn: the node at each pre-order index
        takes the place of the one drawn there (a new node where one died)."""
        order = self._order
        placed = {nid: p for nid, p in self._placed.items() if nid not in self._ghost_ids}
        renamed: dict[int, int] = {}
        new_order: list[Placed] = []
        for old, n in zip(order, state.nodes, strict=True):
            if old.node is n:
                new_order.append(old)
                continue
            p = Placed(n, old.x, old.y, old.w, old.h)
            new_order.append(p)
            if old.node.nid != n.nid:
                renamed[old.node.nid] = n.nid
                placed.pop(old.node.nid, None)
            placed[n.nid] = p
        self._order = new_order
        self._placed = placed
        if renamed:
            self._levels = [
                (top, bottom, [renamed.get(nid, nid) for nid in row], lefts, widest)
                for top, bottom, row, lefts, widest in self._levels
            ]

    def _refresh_only(self, state: MapleState, nids: Iterable[int]) -> None:
        """The views of ``nids`` from ``state``, at their places (same shape as drawn)."""
        placed = self._placed
        for nid in nids:
            p = placed.get(nid)
            i = state.index(nid)
            if p is not None and i is not None and p.node is not state.nodes[i]:
                placed[nid] = self._order[i] = Placed(state.nodes[i], p.x, p.y, p.w, p.h)

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


def _edge_ends(
    state: MapleState, placed: dict[int, Placed]
) -> Iterator[tuple[float, float, float, float]]:
    """Each internal slot's edge to the top of its child (live nodes only), as
    (x1, y1, x2, y2): from ``Placed.cell_x(i)``, worked out inline (9,000 nodes: the
    method calls were a third of the time)."""
    dead = state.dead
    get = placed.get
    slot_bottom = MapleNodeItem.slot_bottom()
    for p in placed.values():
        n = p.node
        if n.type == "leaf_64" or n.nid in dead:
            continue
        bottom = p.y + slot_bottom
        left = p.x + PAD
        for i, child in enumerate(n.slots):
            target = get(child) if child is not None else None
            if target is not None:
                yield left + (i + 0.5) * CELL_W, bottom, target.x + target.w / 2, target.y


def _edge_lines(state: MapleState, placed: dict[int, Placed]) -> list[QLineF]:
    """The edges as lines (a small tree: an item each)."""
    return [QLineF(*ends) for ends in _edge_ends(state, placed)]


def _edge_path(state: MapleState, placed: dict[int, Placed]) -> QPainterPath:
    """The edges as one path of line segments (a large tree's overview): one object
    instead of one per edge, so a relayout leaves ~9,000 fewer objects for the garbage
    collector's oldest generation to scan (its pauses were ~100 ms every few relayouts
    of a 65,530-VMA tree), and drawn faster than as lines."""
    path = QPainterPath()
    move, line = path.moveTo, path.lineTo
    for x1, y1, x2, y2 in _edge_ends(state, placed):
        move(x1, y1)
        line(x2, y2)
    return path


def _shape(state: MapleState) -> _Shape:
    """Data ends, depths and leafness in pre-order: equal shapes lay out the same,
    whatever the node ids (the pre-order with depths is the tree; a node's width follows
    from its data end, its height from being a leaf). Three flat tuples, not a tuple per
    node: no object per node for the garbage collector."""
    nodes = state.nodes
    ends = tuple(map(_END, nodes))
    return ends, tuple(map(_DEPTH, nodes)), tuple(map(_LEAF.__eq__, map(_TYPE, nodes)))


_Shape = tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...]]


_END = attrgetter("end")
_X = attrgetter("x")
_Y = attrgetter("y")
_DEPTH = attrgetter("depth")
_TYPE = attrgetter("type")
_LEAF = "leaf_64"


def _rows(placed: dict[int, Placed]) -> list[list[Placed]]:
    """The boxes by level, top down, each level by x."""
    rows: dict[float, list[Placed]] = {}
    for p in placed.values():
        rows.setdefault(p.y, []).append(p)
    return [sorted(rows[y], key=_X) for y in sorted(rows)]


def _levels(
    rows: list[list[Placed]],
) -> list[tuple[float, float, list[int], list[float], float]]:
    """Per level: top, bottom, its nodes by x, their left edges, the widest node."""
    out = []
    for row in rows:
        widest = max(p.w for p in row) + PAD
        nids = [p.node.nid for p in row]
        out.append((row[0].y, max(p.y + p.h for p in row), nids, [p.x for p in row], widest))
    return out


def _united(blocks: Iterable[QRectF]) -> QRectF:
    out = QRectF()
    for block in blocks:
        out = out.united(block) if not out.isEmpty() else QRectF(block)
    return out


class _PlacedRects(Mapping[int, QRectF]):
    """``placed`` (node id -> ``Placed``) seen as scene rectangles."""

    def __init__(self, placed: dict[int, Placed]) -> None:
        self._placed = placed

    def __getitem__(self, nid: int) -> QRectF:
        p = self._placed[nid]
        return QRectF(p.x, p.y, p.w, p.h)

    def __contains__(self, nid: object) -> bool:
        return nid in self._placed

    def __iter__(self) -> Iterator[int]:
        return iter(self._placed)

    def __len__(self) -> int:
        return len(self._placed)
