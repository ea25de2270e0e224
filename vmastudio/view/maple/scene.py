"""``MapleScene``: a 6.12 state and the step that made it, drawn (``mm->mm_mt``).

It renders what the engine says (``frames612``): the live nodes from the root, each
internal slot's edge to its child, the step's roles (the node or leaf the write is at,
its offset, the sibling of a split or rebalance, the new node, the node that died), the
range being written and the op's sentence. It decides nothing about the maple tree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...engine.frames612 import MapleState
from ...engine.linux612.trace import Step612
from ..theme import Theme, make_theme
from .layout import LEVEL_GAP, Placed, layout, node_size
from .node_item import MapleNodeItem

#: Role keys of a 6.12 step that name maple nodes (DESIGN §7).
NODE_ROLE_KEYS = ("node", "leaf", "sibling", "new_node", "dead_node", "parent")


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
        self._title = QGraphicsSimpleTextItem()
        self._title.setFont(self.theme.bold)
        self._title.setPos(0, 0)
        self.addItem(self._title)

    # -- what tests and the window read ------------------------------------------------------
    def node_item(self, nid: int) -> MapleNodeItem | None:
        return self._items.get(nid)

    def node_items(self) -> list[MapleNodeItem]:
        return list(self._items.values())

    def edge_count(self) -> int:
        return len(self._edges)

    def focus_rect(self) -> QRectF:
        """The nodes the current step names (what "follow the action" keeps in view)."""
        rect = QRectF()
        for item in self._items.values():
            if item.roles:
                rect = rect.united(item.sceneBoundingRect())
        return rect

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
        if state is not self._state:
            self._rebuild(state, dead_from)
            self._state = state
        roles: dict[str, Any] = {} if step is None else dict(step.roles)
        per_node: dict[int, list[str]] = {}
        for key in NODE_ROLE_KEYS:
            value = roles.get(key)
            if isinstance(value, int):
                per_node.setdefault(value, []).append(key)
        offset = roles.get("offset")
        at = roles.get("leaf", roles.get("node"))
        conflict = roles.get("conflict")
        for nid, item in self._items.items():
            item.set_roles(
                tuple(per_node.get(nid, ())),
                offset if nid == at and isinstance(offset, int) else None,
                conflict if isinstance(conflict, int) else None,
            )

    def _rebuild(self, state: MapleState, dead_from: MapleState | None) -> None:
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
        for nid in [k for k in self._items if k not in placed]:
            self.removeItem(self._items.pop(nid))
        for nid, p in placed.items():
            item = self._items.get(nid)
            if item is None:
                item = MapleNodeItem(p, self.theme, self.names)
                self._items[nid] = item
                self.addItem(item)
            else:
                item.set_placed(p)
        self._placed = placed
        for edge in self._edges:
            self.removeItem(edge)
        self._edges = []
        pen = QPen(self.theme.edge_pen)
        for p in placed.values():
            n = p.node
            if n.is_leaf or nid_dead(state, n.nid):
                continue
            item = self._items[n.nid]
            for i, child in enumerate(n.slots):
                target = placed.get(child) if child is not None else None
                if target is None:
                    continue
                cell = item.slot_rect(i)
                a = QPointF(p.x + cell.center().x(), p.y + cell.bottom())
                b = QPointF(target.x + target.w / 2, target.y)
                line = QGraphicsLineItem(QLineF(a, b))
                line.setPen(pen)
                line.setZValue(1)
                self.addItem(line)
                self._edges.append(line)
        rect = self.itemsBoundingRect().adjusted(-40, -40, 40, 40)
        self.setSceneRect(rect)

    def set_theme(self, name: str) -> None:
        self.theme = make_theme(name)
        self.setBackgroundBrush(self.theme.background)
        for item in self._items.values():
            item.set_theme(self.theme)
        pen = QPen(self.theme.edge_pen)
        for edge in self._edges:
            edge.setPen(pen)
        self._title.setBrush(QColor(self.theme.text))


def nid_dead(state: MapleState, nid: int) -> bool:
    return nid in state.dead
