"""``VmaScene``: the address map, the ``mm->mmap`` list and the ``mm->mm_rb`` tree, linked.

The scene draws what it is given: a ``Snapshot`` (the state after a step) and the step's
roles. It never decides kernel behaviour. Items are kept per VMA (keyed by ``vm_start``)
and only updated when something they show changed, so a step that only moves the
highlight touches a handful of items, even in a 10,000-VMA scene.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSimpleTextItem,
    QMenu,
    QWidget,
)

from ..engine.snapshot import NodeState, Snapshot
from ..engine.trace import TraceStep
from ..engine.vma import PAGE_SIZE
from .items.badge_item import BadgeItem
from .items.decor import VmaHost
from .items.gap_item import GapItem
from .items.list_box_item import ListBoxItem
from .items.list_link_item import ListLinkItem
from .items.overlap_item import OverlapItem
from .items.pending_link_item import PendingLinkItem
from .items.rb_edge_item import RbEdgeItem
from .items.rb_node_item import RbNodeItem
from .items.slot_item import SlotItem
from .items.vma_bar_item import VmaBarItem
from .layout import (
    BOX_H,
    COL_W,
    LEFT,
    LEVEL_H,
    LIST_Y,
    MAP_H,
    MAP_Y,
    NODE_H,
    NODE_W,
    ROOT_Y,
    TREE_Y,
    AddressScale,
    ScaleMode,
    between_columns,
    columns,
    depths,
    node_y,
    slot_pos,
    update_depths,
)
from .theme import ROLE_ORDER, Theme, make_theme

#: Roles the view keeps in sight when "follow the action" is on.
FOCUS_ROLES = ("current", "link_slot", "conflict", "new", "parent")


@dataclass(frozen=True, slots=True)
class OpContext:
    """What stays fixed while stepping through one op."""

    key: object
    #: Every VMA that gets a column during this op (the state before it, plus the VMA
    #: being inserted when the insert succeeds).
    starts: frozenset[int]
    #: The VMA being inserted (trial or not), as a node.
    subject: NodeState | None = None
    trial: bool = False
    conflict: int | None = None


RoleKey = tuple[str, object]
RoleItem = RbNodeItem | VmaBarItem | ListBoxItem | SlotItem | RbEdgeItem


class VmaScene(QGraphicsScene, VmaHost):
    """One scene, three drawings of the same ``mm_struct``."""

    vma_hovered = Signal(object)  # vm_start or None (addresses exceed 32 bits: object)
    vma_selected = Signal(object)
    insert_requested = Signal(object, object)
    erase_requested = Signal(object)
    range_previewed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = make_theme("light")
        self.scale_mode: ScaleMode = "compressed"
        self._nodes: dict[int, RbNodeItem] = {}
        self._bars: dict[int, VmaBarItem] = {}
        self._boxes: dict[int, ListBoxItem] = {}
        self._links: dict[int, ListLinkItem] = {}
        self._edges: dict[int, RbEdgeItem] = {}
        self._slots: dict[tuple[int, str], SlotItem] = {}
        self._gaps: list[GapItem] = []
        self._buried: list[RbEdgeItem | SlotItem] = []
        self._node_state: dict[int, tuple[NodeState, bool]] = {}
        self._cols: dict[int, float] = {}
        self._ordered: list[int] = []
        self._scale = AddressScale([], "compressed", 0)
        self._ctx: OpContext | None = None
        self._snap: Snapshot | None = None
        self._step: TraceStep | None = None
        self._depths: dict[int, int] = {}
        self._in_list: set[int] = set()
        #: VMAs whose list box and links (``_list_hidden``) or bar are hidden.
        self._list_hidden: set[int] = set()
        self._bars_hidden: set[int] = set()
        self._roles: dict[RoleKey, tuple[str, ...]] = {}
        self._hovered: int | None = None
        self._selected: int | None = None
        self._root_slot = SlotItem((None, "root"), "mm->mm_rb", 84.0, self.theme)
        self._root_slot.setPos(LEFT - 110, ROOT_Y)
        self._mmap_slot = SlotItem((None, "mmap"), "mm->mmap", 84.0, self.theme)
        self._mmap_slot.setPos(LEFT - 110, LIST_Y)
        self._ghost_node = RbNodeItem(NodeState(0, PAGE_SIZE), self.theme, self)
        self._ghost_bar = VmaBarItem(NodeState(0, PAGE_SIZE), self.theme, self)
        self._ghost_bar.setPos(0, MAP_Y)
        self._overlap = OverlapItem(self.theme)
        self._overlap.setPos(0, MAP_Y)
        self._pending = PendingLinkItem(self.theme)
        self._badge = BadgeItem("-ENOMEM", self.theme)
        self._map_badge = BadgeItem("-ENOMEM", self.theme)
        self._titles: list[QGraphicsSimpleTextItem] = []
        for item in (
            self._root_slot,
            self._mmap_slot,
            self._ghost_node,
            self._ghost_bar,
            self._overlap,
            self._badge,
            self._map_badge,
            self._pending,
        ):
            self.addItem(item)
        for item in (
            self._ghost_node,
            self._ghost_bar,
            self._overlap,
            self._badge,
            self._map_badge,
        ):
            item.setVisible(False)
        self._make_titles()
        self.setBackgroundBrush(self.theme.background)
        # Explicit from the start: Qt then never grows it by walking every item.
        self.setSceneRect(QRectF(0, -10, 1200, ROOT_Y + NODE_H + 90))

    # -- public queries (tests, the window, benchmarks) -------------------------------------
    def node_item(self, start: int) -> RbNodeItem | None:
        return self._nodes.get(start)

    def bar_item(self, start: int) -> VmaBarItem | None:
        return self._bars.get(start)

    def box_item(self, start: int) -> ListBoxItem | None:
        box = self._boxes.get(start)
        return box if box is not None and box.isVisible() else None

    def slot_item(self, parent: int | None, side: str) -> SlotItem | None:
        if parent is None or side == "root":
            return self._root_slot
        return self._slots.get((parent, side))

    def gap_items(self) -> list[GapItem]:
        return list(self._gaps)

    def ghost_node(self) -> RbNodeItem | None:
        return self._ghost_node if self._ghost_node.isVisible() else None

    def overlap_text(self) -> str | None:
        return self._overlap.text if self._overlap.isVisible() else None

    def badge_visible(self) -> bool:
        return self._badge.isVisible()

    def highlighted(self) -> dict[RoleKey, tuple[str, ...]]:
        """Every highlighted thing and its roles: keys ("node", start), ("slot", (parent,
        side)), ("root", None), ("edge", child), ("box", start), ("bar", start),
        ("ghost", start)."""
        return dict(self._roles)

    def tree_shape(self) -> dict[int, tuple[float, float, str, bool]]:
        """start → (x, y, colour, ghost) of every node item, for tests and benchmarks."""
        return {
            s: (item.pos().x(), item.pos().y(), item.color, item.ghost)
            for s, item in self._nodes.items()
        }

    # -- data for the overview and the minimap (read-only views, no copies) ----------------
    def drawn_snapshot(self) -> Snapshot | None:
        return self._snap

    def columns(self) -> list[int]:
        """Every VMA with a column, in address (column) order."""
        return self._ordered

    def depths(self) -> dict[int, int]:
        """Depth of every node linked into the tree."""
        return self._depths

    def node_state(self, start: int) -> tuple[NodeState, bool] | None:
        """The drawn node of ``start`` and whether it is a ghost (outside the tree)."""
        return self._node_state.get(start)

    def in_list(self, start: int) -> bool:
        return start in self._in_list

    def address_scale(self) -> AddressScale:
        return self._scale

    def x_of(self, addr: int) -> float:
        """Scene x of an address on the map."""
        return self._scale.x_of(addr)

    def map_y(self) -> float:
        return MAP_Y + MAP_H / 2

    def focus_rect(self) -> QRectF:
        """The items the current step is about (for "follow the action")."""
        rect = QRectF()
        for key, roles in self._roles.items():
            if key[0] in ("bar", "box") or not any(r in FOCUS_ROLES for r in roles):
                continue
            item = self._item_for(key)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- settings ----------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        theme = make_theme(name)
        self.theme = theme
        self.setBackgroundBrush(theme.background)
        for item in self.items():
            setter = getattr(item, "set_theme", None)
            if setter is not None:
                setter(theme)
        for title in self._titles:
            title.setBrush(theme.section)

    def set_scale_mode(self, mode: ScaleMode) -> None:
        if mode != self.scale_mode:
            self.scale_mode = mode
            if self._ctx is not None and self._snap is not None:
                ctx, snap, step = self._ctx, self._snap, self._step
                self._ctx = None
                self.show_state(snap, step, ctx)

    # -- the one entry point -------------------------------------------------------------------
    def show_state(self, snap: Snapshot, step: TraceStep | None, ctx: OpContext) -> None:
        """Draw ``snap`` with ``step``'s roles. Cheap when only the roles changed."""
        if self._ctx is None or ctx.key != self._ctx.key:
            # A new op can create hundreds of thousands of items (65,530 VMAs: ~450,000).
            # The cyclic collector would walk the growing heap again and again while they
            # are made (superlinear: 2x the build time at 65,530); nothing made here is
            # garbage, so it waits until the build is done.
            enabled = gc.isenabled()
            gc.disable()
            try:
                self._relayout(snap, ctx)
                self._snap = None
                self._depths = {}
                self._ctx = ctx
                self._apply_snapshot(snap, ctx, None)
                self._snap = snap
            finally:
                if enabled:
                    gc.enable()
        self._ctx = ctx
        if snap is not self._snap:
            self._apply_snapshot(snap, ctx, self._snap)
            self._snap = snap
        self._step = step
        self._apply_roles(snap, step, ctx)

    # -- layout of a new op ----------------------------------------------------------------------
    def _relayout(self, snap: Snapshot, ctx: OpContext) -> None:
        t = self.theme
        starts = ctx.starts
        self._cols = columns(starts)
        self._ordered = sorted(starts)
        self._purge_buried()
        for table in (self._nodes, self._bars, self._boxes, self._links):
            for key in [k for k in table if k not in starts]:
                self.removeItem(table.pop(key))
        for key in [k for k in self._node_state if k not in starts]:
            del self._node_state[key]
        self._in_list = {k for k in self._in_list if k in starts}
        self._list_hidden &= starts
        self._bars_hidden &= starts
        ranges: list[tuple[int, int]] = []
        for s in self._ordered:
            node = snap.nodes.get(s)
            if node is None and ctx.subject is not None and ctx.subject.start == s:
                node = ctx.subject
            if node is None:
                continue
            ranges.append((s, node.end))
            if s not in self._nodes:
                item = RbNodeItem(node, t, self)
                self._nodes[s] = item
                self.addItem(item)
                bar = VmaBarItem(node, t, self)
                bar.setPos(0, MAP_Y)
                self._bars[s] = bar
                self.addItem(bar)
                box = ListBoxItem(node, t, self)
                self._boxes[s] = box
                self.addItem(box)
                link = ListLinkItem(t)
                self._links[s] = link
                self.addItem(link)
            else:
                self._bars[s].set_node(node)
                self._boxes[s].set_node(node)
            self._boxes[s].setPos(self._cols[s], LIST_Y)
            self._links[s].setPos(self._cols[s], LIST_Y)
        width = LEFT + len(self._ordered) * COL_W
        self._scale = AddressScale(ranges, self.scale_mode, width)
        for gap in self._gaps:
            self.removeItem(gap)
        self._gaps = []
        for g in self._scale.gaps:
            gap_item = GapItem(g, t, self)
            gap_item.setPos(0, MAP_Y)
            self._gaps.append(gap_item)
            self.addItem(gap_item)
        x_of = self._scale.x_of
        for s, e in ranges:
            self._bars[s].set_geometry(x_of(s), x_of(e), False)
        title = self._titles[0]
        title.setText(
            self.tr("address map (compressed scale)")
            if self.scale_mode == "compressed"
            else self.tr("address map (linear scale)")
        )

    def _bury(self, item: RbEdgeItem | SlotItem) -> None:
        """Hide an edge or slot that a step took away; it leaves the scene at the next op.

        Removing one of ~70,000 top-level items leaves a hole in Qt's sibling order, and
        the next ``addItem`` then re-sorts every item (~5 ms): steps only hide.
        """
        item.setVisible(False)
        if isinstance(item, RbEdgeItem):
            item.child = -1
        else:
            item.key = (None, "buried")
        self._buried.append(item)

    def _purge_buried(self) -> None:
        for item in self._buried:
            self.removeItem(item)
        self._buried = []

    # -- structure of a snapshot ---------------------------------------------------------------
    def _apply_snapshot(self, snap: Snapshot, ctx: OpContext, old: Snapshot | None) -> None:
        """Update the items whose VMA changed or moved since ``old`` (None: all of them).

        Within an op the columns are fixed, so only the nodes a step wrote, and the
        subtrees a rotation moved, are touched. O(n) dictionary work, O(changed) items.
        """
        nodes = snap.nodes
        cols = self._cols
        old_depth = self._depths
        if old is None:
            depth = depths(snap)
            dirty = set(self._nodes) | set(self._edges) | {k for k, _ in self._slots}
            dirty |= self._in_list
        else:
            old_nodes = old.nodes
            dirty = {k for k, v in nodes.items() if old_nodes.get(k) is not v}
            dirty.update(k for k in old_nodes if k not in nodes)
            # Depths only change when a tree link did (link, rotation, erase): a gap or
            # list update keeps the O(n) walk away.
            structural = snap.root != old.root or any(
                (a := old_nodes.get(k)) is None
                or (b := nodes.get(k)) is None
                or (a.parent, a.left, a.right) != (b.parent, b.left, b.right)
                for k in dirty
            )
            depth = old_depth
            if structural:
                # Positions come from the column (in-order rank, fixed for the op) and the
                # depth: only the subtrees whose level changed move.
                dirty.update(update_depths(snap, depth, list(dirty)))
        self._depths = depth
        self._update_nodes(snap, ctx, depth, dirty)
        self._update_edges_and_slots(snap, depth, dirty)
        self._update_list(snap, ctx, dirty, old)
        self._update_pointers(snap, depth)
        if old is None:
            self._update_trial(ctx)
        max_depth = max(depth.values(), default=0)
        right = max(self._scale.right, LEFT + len(cols) * COL_W) + 120
        bottom = ROOT_Y + max_depth * LEVEL_H + NODE_H + 80
        rect = QRectF(0, -10, right, bottom + 10)
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def _node_of(self, snap: Snapshot, ctx: OpContext, start: int) -> NodeState | None:
        node = snap.nodes.get(start)
        if node is None and ctx.subject is not None and ctx.subject.start == start:
            return ctx.subject
        return node

    def _update_nodes(
        self, snap: Snapshot, ctx: OpContext, depth: dict[int, int], dirty: set[int]
    ) -> None:
        cols = self._cols
        for s in dirty:
            item = self._nodes.get(s)
            node = self._node_of(snap, ctx, s)
            if item is None or node is None:
                continue
            state = (node, s not in depth)
            if self._node_state.get(s) != state:
                self._node_state[s] = state
                item.set_state(node, state[1])
            pos = QPointF(cols[s], node_y(depth.get(s)))
            if item.pos() != pos:
                item.setPos(pos)

    def _update_edges_and_slots(
        self, snap: Snapshot, depth: dict[int, int], dirty: set[int]
    ) -> None:
        nodes = snap.nodes
        cols = self._cols
        half = NODE_H / 2
        edges = self._edges
        touched = set(dirty)
        for s in dirty:
            node = nodes.get(s)
            if node is not None and s in depth:
                if node.left is not None:
                    touched.add(node.left)
                if node.right is not None:
                    touched.add(node.right)
        for s in touched:
            node = nodes.get(s)
            parent = None if node is None else node.parent
            if node is None or s not in depth or parent is None or parent not in depth:
                edge = edges.pop(s, None)
                if edge is not None:
                    self._bury(edge)
                continue
            edge = edges.get(s)
            px, py = cols[parent], node_y(depth[parent])
            if edge is None:
                edge = RbEdgeItem.between(
                    s, self.theme, px, py + half, cols[s], node_y(depth[s]) - half
                )
                edges[s] = edge
                self.addItem(edge)
                continue
            edge.set_line(QPointF(px, py + half), QPointF(cols[s], node_y(depth[s]) - half))
        slots = self._slots
        for s in dirty:
            node = nodes.get(s)
            for side in ("left", "right"):
                key = (s, side)
                child = None if node is None else (node.left if side == "left" else node.right)
                if node is None or s not in depth or child is not None:
                    slot = slots.pop(key, None)
                    if slot is not None:
                        self._bury(slot)
                    continue
                x, y = cols[s], node_y(depth[s])
                sx, sy = slot_pos(x, y, side)
                slot = slots.get(key)
                if slot is None:
                    slot = SlotItem.child(s, side, self.theme, QPointF(x - sx, y + half - sy))
                    slot.setPos(sx, sy)
                    slots[key] = slot
                    self.addItem(slot)
                    continue
                if slot.pos() == QPointF(sx, sy):
                    continue
                slot.setPos(sx, sy)
                slot.set_stub(QPointF(x - sx, y + half - sy))

    def _update_list(
        self, snap: Snapshot, ctx: OpContext, dirty: set[int], old: Snapshot | None
    ) -> None:
        """A VMA is in the list when it is ``mm->mmap`` or its ``vm_prev`` points back at it
        through ``vm_next`` (exact for the kernel's consistent states)."""
        nodes = snap.nodes
        cols = self._cols
        check = set(dirty)
        for source in (snap, old):
            if source is None or old is None:  # a full build checks every VMA anyway
                continue
            if source.mmap is not None:
                check.add(source.mmap)
            for s in dirty:
                node = source.nodes.get(s)
                if node is not None:
                    if node.prev is not None:
                        check.add(node.prev)
                    if node.next is not None:
                        check.add(node.next)
        in_list = self._in_list
        hidden = self._list_hidden
        bars_hidden = self._bars_hidden
        for s in check:
            box = self._boxes.get(s)
            if box is None:
                continue
            node = nodes.get(s)
            member = node is not None and (
                snap.mmap == s
                or (node.prev is not None and node.prev in nodes and nodes[node.prev].next == s)
            )
            if member:
                in_list.add(s)
            else:
                in_list.discard(s)
            link = self._links[s]
            # Items are made visible; Qt calls only when that changes (65,530 per build).
            if member == (s in hidden):
                box.setVisible(member)
                link.setVisible(member)
                if member:
                    hidden.discard(s)
                else:
                    hidden.add(s)
            if member and node is not None:
                if s in dirty:
                    box.set_node(node)
                x = cols[s]
                dn = None if node.next is None or node.next not in cols else cols[node.next] - x
                dp = None if node.prev is None or node.prev not in cols else cols[node.prev] - x
                link.set_targets(dn, dp)
            bar = self._bars[s]
            shown = self._node_of(snap, ctx, s)
            # A VMA with a column but outside the list (being inserted, or just erased)
            # stays on the map as a hatched ghost.
            if (shown is None) != (s in bars_hidden):
                bar.setVisible(shown is not None)
                if shown is None:
                    bars_hidden.add(s)
                else:
                    bars_hidden.discard(s)
            if shown is not None:
                bar.set_geometry(self._scale.x_of(s), self._scale.x_of(shown.end), not member)

    def _update_pointers(self, snap: Snapshot, depth: dict[int, int]) -> None:
        cols = self._cols
        if snap.root is not None and snap.root in depth:
            target = QPointF(cols[snap.root] - NODE_W / 2, node_y(0)) - self._root_slot.pos()
            self._root_slot.set_target(target)
        else:
            self._root_slot.set_target(None)
        head = snap.mmap
        if head is not None and head in self._in_list:
            target = QPointF(cols[head] - 70, LIST_Y) - self._mmap_slot.pos()
            self._mmap_slot.set_target(target)
        else:
            self._mmap_slot.set_target(None)

    def _update_trial(self, ctx: OpContext) -> None:
        """The trial VMA overlaps, so it has no column: it floats between columns."""
        subject = ctx.subject
        if ctx.trial and subject is not None:
            x = between_columns(self._cols, self._ordered, subject.start)
            self._ghost_node.vma_start = subject.start
            self._ghost_node.set_state(subject, True)
            self._ghost_node.setPos(x, TREE_Y)
            self._ghost_node.setVisible(True)
            self._ghost_bar.vma_start = subject.start
            self._ghost_bar.set_node(subject)
            self._ghost_bar.set_geometry(
                self._scale.x_of(subject.start), self._scale.x_of(subject.end), True
            )
            self._ghost_bar.setVisible(True)
        else:
            self._ghost_node.setVisible(False)
            self._ghost_bar.setVisible(False)

    # -- roles of a step ------------------------------------------------------------------------
    def _apply_roles(self, snap: Snapshot, step: TraceStep | None, ctx: OpContext) -> None:
        wanted: dict[RoleKey, list[str]] = {}

        def add(key: RoleKey, role: str) -> None:
            wanted.setdefault(key, []).append(role)

        if step is not None:
            for role, value in step.roles.items():
                if role == "link_slot":
                    node, side = value.get("node"), value.get("side")
                    if node is None or side == "root":
                        add(("root", None), role)
                    elif (node, side) in self._slots:
                        add(("slot", (node, side)), role)
                    elif node in snap.nodes:
                        parent = snap.nodes[node]
                        child = parent.left if side == "left" else parent.right
                        if child is not None and child in self._edges:
                            add(("edge", child), role)
                    continue
                if not isinstance(value, int):
                    continue
                if role == "new" and ctx.trial:
                    add(("ghost", value), role)
                    add(("ghostbar", value), role)
                    continue
                if value in self._nodes:
                    add(("node", value), role)
                    if value in self._in_list:
                        add(("box", value), role)
                    if self._bars[value].isVisible():
                        add(("bar", value), role)
        new_roles: dict[RoleKey, tuple[str, ...]] = {
            key: tuple(r for r in ROLE_ORDER if r in roles) for key, roles in wanted.items()
        }
        for key in self._roles:
            if key not in new_roles:
                item = self._item_for(key)
                if item is not None:
                    item.set_roles(())
        for key, roles in new_roles.items():
            item = self._item_for(key)
            if item is not None:
                item.set_roles(roles)
        self._roles = new_roles
        self._show_overlap(step, ctx)
        self._show_pending_link(ctx)

    def pending_link_visible(self) -> bool:
        return self._pending.isVisible()

    def _show_pending_link(self, ctx: OpContext) -> None:
        """While the new VMA is outside the tree, point from it to the slot in rb_link."""
        target = next((self._item_for(k) for k, r in self._roles.items() if "link_slot" in r), None)
        source: RbNodeItem | None = None
        if ctx.subject is not None:
            if ctx.trial:
                source = self._ghost_node
            else:
                item = self._nodes.get(ctx.subject.start)
                source = item if item is not None and item.ghost else None
        if target is None or source is None or not source.isVisible():
            self._pending.setVisible(False)
            return
        a = source.scenePos() + QPointF(0, NODE_H / 2)
        self._pending.set_line(a, target.sceneBoundingRect().center())
        self._pending.setVisible(True)

    def _show_overlap(self, step: TraceStep | None, ctx: OpContext) -> None:
        conflict = ctx.conflict
        show = (
            ctx.trial
            and step is not None
            and ctx.subject is not None
            and conflict is not None
            and conflict in self._nodes
            and (step.kind == "overlap" or step.kind == "return")
        )
        self._overlap.setVisible(show)
        self._badge.setVisible(show)
        self._map_badge.setVisible(show)
        if not show:
            return
        assert ctx.subject is not None and conflict is not None
        other = self._node_state[conflict][0]
        lo, hi = max(ctx.subject.start, other.start), min(ctx.subject.end, other.end)
        self._overlap.set_range(
            self._scale.x_of(lo),
            self._scale.x_of(hi),
            self.tr("overlap [{0:x},{1:x})").format(lo, hi),
        )
        node = self._nodes[conflict]
        self._badge.setPos(node.pos() + QPointF(NODE_W / 2 + 8, -NODE_H / 2 - 4))
        self._map_badge.setPos(self._scale.x_of(hi) + 8, MAP_Y + MAP_H + 18)

    def _item_for(self, key: RoleKey) -> RoleItem | None:
        kind, value = key
        if kind == "node" and isinstance(value, int):
            return self._nodes.get(value)
        if kind == "box" and isinstance(value, int):
            return self._boxes.get(value)
        if kind == "bar" and isinstance(value, int):
            return self._bars.get(value)
        if kind == "slot" and isinstance(value, tuple):
            return self._slots.get(value)
        if kind == "edge" and isinstance(value, int):
            return self._edges.get(value)
        if kind == "root":
            return self._root_slot
        if kind == "ghost":
            return self._ghost_node
        if kind == "ghostbar":
            return self._ghost_bar
        return None

    # -- VmaHost: hover, selection, insert requests ------------------------------------------
    def _vma_items(self, start: int) -> Iterable[RbNodeItem | VmaBarItem | ListBoxItem]:
        for table in (self._nodes, self._bars, self._boxes):
            item = table.get(start)
            if item is not None:
                yield item

    def hover_vma(self, start: int | None) -> None:
        if start == self._hovered:
            return
        if self._hovered is not None:
            for item in self._vma_items(self._hovered):
                item.set_hover(False)
        self._hovered = start
        if start is not None:
            for item in self._vma_items(start):
                item.set_hover(True)
        self.vma_hovered.emit(start)

    @property
    def hovered(self) -> int | None:
        return self._hovered

    @property
    def selected(self) -> int | None:
        return self._selected

    def select_vma(self, start: int | None) -> None:
        if self._selected is not None:
            for item in self._vma_items(self._selected):
                item.set_marked(False)
        self._selected = start
        if start is not None:
            for item in self._vma_items(start):
                item.set_marked(True)
        self.vma_selected.emit(start)

    def request_insert(self, start: int, end: int) -> None:
        self.insert_requested.emit(start, end)

    def preview_range(self, start: int | None, end: int | None) -> None:
        self.range_previewed.emit(start, end)

    # -- context menu ---------------------------------------------------------------------------
    def vma_at(self, scene_pos: QPointF) -> int | None:
        for item in self.items(scene_pos):
            start = getattr(item, "vma_start", None)
            if start is not None and item not in (self._ghost_node, self._ghost_bar):
                if isinstance(item, RbNodeItem) and item.ghost:
                    continue
                return int(start)
        return None

    def build_context_menu(self, scene_pos: QPointF, parent: QWidget | None = None) -> QMenu | None:
        """The menu for what is under ``scene_pos`` (a VMA: erase, inspect; a gap: insert)."""
        start = self.vma_at(scene_pos)
        menu = QMenu(parent)
        if start is not None:
            node = self._node_state.get(start, (None, False))[0]
            end = node.end if node is not None else start
            erase = QAction(self.tr("Erase [{0:x},{1:x})").format(start, end), menu)
            erase.setObjectName("erase_vma")
            erase.triggered.connect(lambda: self.erase_requested.emit(start))
            inspect = QAction(self.tr("Inspect"), menu)
            inspect.setObjectName("inspect_vma")
            inspect.triggered.connect(lambda: self.select_vma(start))
            menu.addAction(erase)
            menu.addAction(inspect)
            return menu
        for item in self.items(scene_pos):
            if isinstance(item, GapItem):
                gap = item.gap
                size = min(gap.end - gap.start, 16 * PAGE_SIZE)
                action = QAction(self.tr("Insert a VMA here…"), menu)
                action.setObjectName("insert_here")
                action.triggered.connect(
                    lambda _=False, g=gap, n=size: self.insert_requested.emit(g.start, g.start + n)
                )
                menu.addAction(action)
                return menu
        menu.deleteLater()
        return None

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        widget = event.widget()
        menu = self.build_context_menu(event.scenePos(), widget)
        if menu is None:
            super().contextMenuEvent(event)
            return
        menu.exec(event.screenPos())
        menu.deleteLater()
        event.accept()

    # -- section titles ---------------------------------------------------------------------------
    def _make_titles(self) -> None:
        font = self.theme.bold
        for text, y in (
            (self.tr("address map"), MAP_Y - 34),
            (self.tr("mm->mmap: the VMA list (vm_next →, ← vm_prev)"), LIST_Y - BOX_H / 2 - 64),
            (self.tr("not in the tree (being inserted or erased)"), TREE_Y - NODE_H / 2 - 60),
            (self.tr("mm->mm_rb: the red-black tree"), ROOT_Y - NODE_H / 2 - 70),
        ):
            item = QGraphicsSimpleTextItem(text)
            item.setFont(font)
            item.setBrush(self.theme.section)
            item.setPos(10, y)
            self.addItem(item)
            self._titles.append(item)
