"""Structure updates of ``VmaScene``: from one snapshot (or op) to the next.

``StructureMixin`` lays out a new op (``_relayout``) and brings the drawing from one
snapshot to the next (``_apply_snapshot``): the model of the drawing (node states, depths,
list membership) for every VMA that changed, then the live items, edges, slots and the
``mm->mm_rb`` / ``mm->mmap`` pointers. ``VmaScene`` owns the state these methods use (see
``scene_base``).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from ..engine.snapshot import NodeState, Snapshot, changed_between
from .items.rb_edge_item import RbEdgeItem
from .items.slot_item import SlotItem
from .layout import (
    COL_W,
    LEFT,
    LEVEL_H,
    LIST_Y,
    NODE_H,
    NODE_W,
    ROOT_Y,
    TREE_Y,
    AddressScale,
    Columns,
    depths,
    node_y,
    slot_pos,
    update_depths,
)
from .scene_base import OpColumns, OpContext, SceneBase


class StructureMixin(SceneBase):
    """The structure-update methods of ``VmaScene`` (see the module docstring)."""

    # -- layout of a new op ----------------------------------------------------------------------
    def _relayout(self, snap: Snapshot, ctx: OpContext) -> None:
        """Lay out a new op from scratch: columns, address scale, items for what is live."""
        starts = ctx.starts
        self._cols = Columns(
            starts.start_map() if isinstance(starts, OpColumns) else {k: k for k in starts}
        )
        self._ordered = self._cols.ordered
        self._virtual = self._is_large(len(starts))
        prev = None if self._ctx is None else self._ctx.key
        same = isinstance(prev, tuple) and isinstance(ctx.key, tuple) and prev[:1] == ctx.key[:1]
        if self._virtual and not same:
            # Another document: the window the view last reported showed the old one, so
            # no items or gaps are made for it; the view reports its own before it paints
            # (``set_view_window``, zoomed in: those items, before the frame is drawn).
            self._detail = False
        self._lod.setVisible(self._virtual and not self._detail)
        self._purge_buried()
        for key in [k for k in self._edges if k not in starts]:
            self._bury(self._edges.pop(key))
        for slot_key in [k for k in self._slots if k[0] not in starts]:
            self._bury(self._slots.pop(slot_key))
        for key in [k for k in self._node_state if k not in starts]:
            del self._node_state[key]
        self._in_list = {k for k in self._in_list if k in starts}
        self._unlisted = {k for k in self._unlisted if k in starts}
        nodes = snap.nodes
        ranges = [(nodes[k].start, nodes[k].end) for k in self._ordered if k in nodes]
        subject = ctx.subject
        if subject is not None and subject.uid in starts and subject.uid not in nodes:
            ranges.append((subject.start, subject.end))
        width = LEFT + len(self._ordered) * COL_W
        self._scale = AddressScale(ranges, self.scale_mode, width)
        live, live_bars = self._wanted_live(ctx)
        for key in [k for k in self._live if k not in live]:
            self._drop_items(key)
        for key in [k for k in self._live_bars if k not in live_bars]:
            self._drop_bar(key)
        for s in live:
            node = self._node_of(snap, ctx, s)
            if node is None:
                continue
            if s not in self._live:
                self._make_items(s, node)
            else:
                self._boxes[s].set_node(node)
            self._boxes[s].setPos(self._cols[s], LIST_Y)
            self._links[s].setPos(self._cols[s], LIST_Y)
        for s in live_bars:
            node = self._node_of(snap, ctx, s)
            if node is None:
                continue
            if s not in self._live_bars:
                self._make_bar(s, node)
            else:
                self._bars[s].set_node(node)
        x_of = self._scale.x_of
        for s in self._live_bars:
            node = self._node_of(snap, ctx, s)
            if node is not None:
                self._bars[s].set_geometry(x_of(s), x_of(node.end), False)
        self._gaps_version = -1
        self._sync_gaps()
        self._set_map_title()

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
    def _apply_snapshot(
        self,
        snap: Snapshot,
        ctx: OpContext,
        old: Snapshot | None,
        *,
        relive: bool = False,
        also: set[int] | None = None,
    ) -> None:
        """Bring the drawing from ``old`` (None: nothing) to ``snap``.

        The model of the drawing (node states, depths, list membership) is updated for
        every VMA that changed; items only for the live ones. Within an op the columns
        are fixed, so only the nodes a step wrote, and the subtrees a rotation moved, are
        touched. ``relive``: the columns moved (a new op in a virtual scene), so every
        live item is placed again; ``also``: VMAs that gained or lost their column.
        """
        nodes = snap.nodes
        if old is None:
            depth = depths(snap)
            dirty = set(self._cols)
        else:
            old_nodes = old.nodes
            # Steps of one op are linked (O(changes)); otherwise compare every node.
            linked = changed_between(old, snap)
            if linked is not None:
                dirty = linked
            else:
                dirty = {k for k, v in nodes.items() if old_nodes.get(k) is not v}
                dirty.update(k for k in old_nodes if k not in nodes)
            if also:
                dirty |= also
            # Depths only change when a tree link did (link, rotation, erase): a gap or
            # list update keeps the O(n) walk away.
            structural = snap.root != old.root or any(
                (a := old_nodes.get(k)) is None
                or (b := nodes.get(k)) is None
                or (a.parent, a.left, a.right) != (b.parent, b.left, b.right)
                for k in dirty
            )
            depth = self._depths
            if structural:
                # Positions come from the column (in-order rank) and the depth: only the
                # subtrees whose level changed move.
                dirty.update(update_depths(snap, depth, list(dirty)))
        self._depths = depth
        self._update_node_states(snap, ctx, depth, dirty)
        check = self._update_membership(snap, dirty, old)
        if relive:
            self._sync_live(snap, ctx)
            keys = self._live | self._live_bars
        elif self._virtual and old is None:
            keys = self._live | self._live_bars
        else:
            keys = dirty | check
        self._refresh_items(snap, ctx, keys)
        self._update_pointers(snap, depth)
        max_depth = max(depth.values(), default=0)
        right = max(self._scale.right, LEFT + len(self._cols) * COL_W) + 120
        bottom = ROOT_Y + max_depth * LEVEL_H + NODE_H + 80
        rect = QRectF(0, -10, right, bottom + 10)
        if rect != self.sceneRect():
            self.setSceneRect(rect)
        if old is None:
            # ``depths`` lists the tree's nodes in preorder: the LOD layer's figures of
            # the whole tree start from it.
            self._lod.invalidate(snap, None, depth)
        else:
            self._lod.invalidate(snap, dirty)

    def _node_of(self, snap: Snapshot, ctx: OpContext, key: int) -> NodeState | None:
        node = snap.nodes.get(key)
        if node is None and ctx.subject is not None and ctx.subject.uid == key:
            return ctx.subject
        return node

    def _update_node_states(
        self, snap: Snapshot, ctx: OpContext, depth: dict[int, int], dirty: set[int]
    ) -> None:
        """The drawn state of each changed VMA: its node and whether it is a ghost."""
        node_state = self._node_state
        cols = self._cols
        nodes = snap.nodes
        if len(dirty) == len(cols) and ctx.subject is None:
            # A whole build: one comprehension instead of a call per VMA.
            members = cols.members
            node_state.update({s: (n, s not in depth) for s, n in nodes.items() if s in members})
            return
        for s in dirty:
            if s not in cols:
                continue
            node = self._node_of(snap, ctx, s)
            if node is not None:
                node_state[s] = (node, s not in depth)

    def _update_membership(self, snap: Snapshot, dirty: set[int], old: Snapshot | None) -> set[int]:
        """List membership as the engine states it (``NodeState.in_list``); the view
        infers nothing. Returns the VMAs checked: the changed ones and their list
        neighbours in both states (their list links may need drawing again)."""
        nodes = snap.nodes
        cols = self._cols
        if old is None:
            members = cols.members
            self._in_list = {k for k, n in nodes.items() if n.in_list and k in members}
            # (Usually every column is on the list: no set of 65,530 keys to subtract.)
            listed_all = len(self._in_list) == len(members)
            self._unlisted = set() if listed_all else set(members) - self._in_list
            return set(dirty)
        check = set(dirty)
        for source in (snap, old):
            if source.mmap is not None:
                check.add(source.mmap)
            for k in dirty:
                node = source.nodes.get(k)
                if node is not None:
                    if node.prev is not None:
                        check.add(node.prev)
                    if node.next is not None:
                        check.add(node.next)
        in_list = self._in_list
        for k in check:
            if k not in cols:
                continue
            if snap.in_list(k):
                in_list.add(k)
                self._unlisted.discard(k)
            else:
                in_list.discard(k)
                self._unlisted.add(k)
        return check

    def _refresh_items(self, snap: Snapshot, ctx: OpContext, keys: set[int]) -> None:
        """Draw the live items of ``keys`` from the model (positions, states, links)."""
        cols = self._cols
        depth = self._depths
        nodes = snap.nodes
        node_state = self._node_state
        items = self._nodes
        for s in keys:
            item = items.get(s)
            state = node_state.get(s)
            if item is None or state is None:
                continue
            item.set_state(state[0], state[1])
            pos = QPointF(cols[s], node_y(depth.get(s)))
            if item.pos() != pos:
                item.setPos(pos)
        self._refresh_edges_and_slots(snap, depth, keys)
        in_list = self._in_list
        hidden = self._list_hidden
        bars_hidden = self._bars_hidden
        x_of = self._scale.x_of
        for s in keys:
            if s not in cols:
                continue
            box = self._boxes.get(s)
            node = nodes.get(s)
            member = s in in_list
            if box is not None:
                link = self._links[s]
                x = cols[s]
                if box.pos().x() != x:
                    box.setPos(x, LIST_Y)
                    link.setPos(x, LIST_Y)
                # Items are made visible; Qt calls only when that changes.
                if member == (s in hidden):
                    box.setVisible(member)
                    link.setVisible(member)
                    if member:
                        hidden.discard(s)
                    else:
                        hidden.add(s)
                if member and node is not None:
                    box.set_node(node)
                    nxt, prv = node.next, node.prev
                    dn = None if nxt is None or nxt not in cols else cols[nxt] - x
                    dp = None if prv is None or prv not in cols else cols[prv] - x
                    link.set_targets(dn, dp)
            bar = self._bars.get(s)
            if bar is None:
                continue
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
                bar.set_node(shown)
                bar.set_geometry(x_of(shown.start), x_of(shown.end), not member)

    def _refresh_edges_and_slots(
        self, snap: Snapshot, depth: dict[int, int], keys: set[int]
    ) -> None:
        """Edges (keyed by child) exist when both ends are in the tree and one end is
        live; empty-child slots exist under live nodes in the tree."""
        nodes = snap.nodes
        cols = self._cols
        live = self._live
        half = NODE_H / 2
        edges = self._edges
        touched = set(keys)
        for s in keys:
            node = nodes.get(s)
            if node is not None and s in depth:
                if node.left is not None:
                    touched.add(node.left)
                if node.right is not None:
                    touched.add(node.right)
        for s in touched:
            node = nodes.get(s)
            parent = None if node is None else node.parent
            if (
                node is None
                or s not in depth
                or parent is None
                or parent not in depth
                or (s not in live and parent not in live)
            ):
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
        for s in keys:
            node = nodes.get(s)
            for side in ("left", "right"):
                key = (s, side)
                child = None if node is None else (node.left if side == "left" else node.right)
                if node is None or s not in depth or child is not None or s not in live:
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
            x = self._cols.between(subject.start)
            self._ghost_node.vma_key = subject.uid
            self._ghost_node.set_state(subject, True)
            self._ghost_node.setPos(x, TREE_Y)
            self._ghost_node.setVisible(True)
            self._ghost_bar.vma_key = subject.uid
            self._ghost_bar.set_node(subject)
            self._ghost_bar.set_geometry(
                self._scale.x_of(subject.start), self._scale.x_of(subject.end), True
            )
            self._ghost_bar.setVisible(True)
        else:
            self._ghost_node.setVisible(False)
            self._ghost_bar.setVisible(False)
