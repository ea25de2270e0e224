"""``VmaScene``: the address map, the ``mm->mmap`` list and the ``mm->mm_rb`` tree, linked.

The scene draws what it is given: a ``Snapshot`` (the state after a step) and the step's
roles. It never decides kernel behaviour. Items are kept per VMA (keyed by ``vm_start``)
and only updated when something they show changed, so a step that only moves the
highlight touches a handful of items.

A large space (``VIRTUAL_MIN`` VMAs or more) is *virtual*: the scene keeps what it draws
for every VMA (column, depth, colour, list membership) but makes items only for the VMAs
the view shows at a readable zoom, plus the ones the current step is about (its roles,
the selection). The view reports what it shows through ``set_view_window``; zoomed out,
``LodLayer`` paints the tree as aggregated subtrees, the list as a band and the map as a
density strip, so the cost follows what is visible, not the number of VMAs. A new op in a
virtual scene moves the columns and the address scale incrementally (one insert or erase
does not relayout 65,530 VMAs).

This module holds the state, the public queries, the settings, ``show_state``, the roles
and highlights, hover, selection, the context menu and the titles. ``VmaScene`` inherits
virtual mode from ``scene_virtual.VirtualMixin`` and the layout of a new op and the updates
from one snapshot to the next from ``scene_update.StructureMixin``; ``scene_base`` holds
``OpContext``, ``RoleKey`` and what these parts declare of each other.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
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
from ..engine.wording import role_names
from .items.badge_item import BadgeItem
from .items.decor import VmaHost
from .items.gap_item import GapItem
from .items.list_box_item import ListBoxItem
from .items.list_link_item import ListLinkItem
from .items.overlap_item import OverlapItem
from .items.pending_link_item import PendingLinkItem
from .items.range_preview_item import RangePreviewItem
from .items.rb_edge_item import RbEdgeItem
from .items.rb_node_item import RbNodeItem
from .items.slot_item import SlotItem
from .items.vma_bar_item import VmaBarItem
from .layout import (
    BOX_H,
    LEFT,
    LIST_Y,
    MAP_H,
    MAP_Y,
    NODE_H,
    NODE_W,
    ROOT_Y,
    TREE_Y,
    AddressScale,
    Columns,
    ScaleMode,
    human_size,
)
from .lod import LodLayer
from .scene_base import OpContext as OpContext
from .scene_base import RoleKey as RoleKey
from .scene_update import StructureMixin
from .scene_virtual import DETAIL_COL_PX as DETAIL_COL_PX
from .scene_virtual import MAX_LIVE as MAX_LIVE
from .scene_virtual import MAX_SHIFT as MAX_SHIFT
from .scene_virtual import VIRTUAL_MIN as VIRTUAL_MIN
from .scene_virtual import VirtualMixin
from .theme import ROLE_ORDER, Theme, make_theme, role_label

if TYPE_CHECKING:
    from .items.trail_item import TrailItem

#: Roles the view keeps in sight when "follow the action" is on.
FOCUS_ROLES = ("current", "link_slot", "conflict", "new", "parent")
RoleItem = RbNodeItem | VmaBarItem | ListBoxItem | SlotItem | RbEdgeItem


class VmaScene(VirtualMixin, StructureMixin, QGraphicsScene, VmaHost):
    """One scene, three drawings of the same ``mm_struct``."""

    vma_hovered = Signal(object)  # vm_start or None (addresses exceed 32 bits: object)
    vma_selected = Signal(object)
    insert_requested = Signal(object, object)
    erase_requested = Signal(object)
    range_previewed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, *, virtual_min: int | None = -1) -> None:
        """``virtual_min``: from how many columns on the scene is virtual (-1: the default
        ``VIRTUAL_MIN``; None: never, e.g. for an export that draws every VMA)."""
        super().__init__(parent)
        self._virtual_min = virtual_min
        self.theme: Theme = make_theme("light")
        self.scale_mode: ScaleMode = "compressed"
        self._nodes: dict[int, RbNodeItem] = {}
        self._bars: dict[int, VmaBarItem] = {}
        self._boxes: dict[int, ListBoxItem] = {}
        self._links: dict[int, ListLinkItem] = {}
        self._edges: dict[int, RbEdgeItem] = {}
        self._slots: dict[tuple[int, str], SlotItem] = {}
        self._gaps: dict[int, GapItem] = {}
        self._gaps_version = -1
        self._buried: list[RbEdgeItem | SlotItem] = []
        self._node_state: dict[int, tuple[NodeState, bool]] = {}
        self._cols = Columns()
        self._ordered: list[int] = self._cols.ordered
        self._scale = AddressScale([], "compressed", 0)
        #: Virtual mode (see the module docstring) and what the view shows.
        self._virtual = False
        self._window: tuple[float, float] = (0.0, 1200.0)
        self._detail = True
        #: VMAs with node/box/link items, VMAs with a bar item, VMAs kept live by the step.
        self._live: set[int] = set()
        self._live_bars: set[int] = set()
        self._pinned: set[int] = set()
        self._margin_timer = QTimer(self)
        self._margin_timer.setSingleShot(True)
        self._margin_timer.timeout.connect(self._fill_margin)
        self._ctx: OpContext | None = None
        self._snap: Snapshot | None = None
        self._step: TraceStep | None = None
        self._depths: dict[int, int] = {}
        self._in_list: set[int] = set()
        #: Columns outside the list (at most the VMA being inserted or erased).
        self._unlisted: set[int] = set()
        #: VMAs whose list box and links (``_list_hidden``) or bar are hidden.
        self._list_hidden: set[int] = set()
        self._bars_hidden: set[int] = set()
        self._roles: dict[RoleKey, tuple[str, ...]] = {}
        self._trail_items: list[TrailItem] = []
        self._range_preview = RangePreviewItem(self.theme)
        self._range_preview.setPos(0, MAP_Y)
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
        self._lod = LodLayer(self)
        self._lod.setVisible(False)
        for item in (
            self._lod,
            self._root_slot,
            self._mmap_slot,
            self._ghost_node,
            self._ghost_bar,
            self._overlap,
            self._badge,
            self._map_badge,
            self._pending,
            self._range_preview,
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
        return list(self._gaps.values())

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
        """Every VMA (id) with a column, in address (column) order."""
        return self._ordered

    def column_rank(self, key: int) -> int:
        """How many columns lie left of VMA ``key``'s (its own column's index)."""
        return self._cols.rank(key)

    def column_keys(self) -> AbstractSet[int]:
        return self._cols.members

    def column_starts(self) -> list[int]:
        """The ``vm_start`` of each column, parallel to ``columns()`` (bisect by address)."""
        return self._cols.starts

    def column_x(self, start: int) -> float | None:
        """Scene x of the column of ``start`` (None: it has none)."""
        return self._cols.get(start)

    def depths(self) -> dict[int, int]:
        """Depth of every node linked into the tree."""
        return self._depths

    def node_state(self, start: int) -> tuple[NodeState, bool] | None:
        """The drawn node of ``start`` and whether it is a ghost (outside the tree)."""
        return self._node_state.get(start)

    def node_states(self) -> Mapping[int, tuple[NodeState, bool]]:
        """Every drawn node and whether it is a ghost, by VMA id (read-only; bulk loops)."""
        return self._node_state

    def in_list(self, start: int) -> bool:
        return start in self._in_list

    def unlisted(self) -> set[int]:
        """The columns whose VMA is not in ``mm->mmap`` now (read-only)."""
        return self._unlisted

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
        for _rank, item_rect in self._focus_items():
            rect = rect.united(item_rect)
        return rect

    def ranked_focus_rects(self) -> list[QRectF]:
        """The rectangles of the items the step is about, in ``FOCUS_ROLES``' order (the
        compared node, the link slot, the conflict, the new VMA, the parent): what
        "follow the action" keeps in sight, first that fits, when all do not fit."""
        return [rect for _rank, rect in sorted(self._focus_items(), key=lambda p: p[0])]

    def _focus_items(self) -> list[tuple[int, QRectF]]:
        """(rank of its first focus role, scene rectangle) of each item the step is about."""
        out: list[tuple[int, QRectF]] = []
        for key, roles in self._roles.items():
            if key[0] in ("bar", "box"):
                continue
            ranks = [FOCUS_ROLES.index(r) for r in roles if r in FOCUS_ROLES]
            if not ranks:
                continue
            item = self._item_for(key)
            if item is not None:
                out.append((min(ranks), item.sceneBoundingRect()))
        return out

    # -- settings ----------------------------------------------------------------------------
    def set_theme(self, name: str, projector: bool = False) -> None:
        """Draw in the registered theme ``name`` (``projector``: the lecture's outlines);
        the one loop that hands a theme to every item."""
        theme = make_theme(name, projector)
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
        self._pinned = self._pins(snap, step, ctx)
        if self._ctx is None or ctx.key != self._ctx.key:
            # A new op starts without a trail: its marks leave with the op's other items.
            for item in self._trail_items:
                self.removeItem(item)
            self._trail_items = []
            # A new op can make many items and O(n) dictionaries. The cyclic collector
            # would walk the growing heap again and again while they are made
            # (superlinear); nothing made here is garbage, so it waits until the end.
            enabled = gc.isenabled()
            gc.disable()
            try:
                if not self._shift_op(snap, ctx):
                    self._relayout(snap, ctx)
                    self._snap = None
                    self._depths = {}
                    self._ctx = ctx
                    self._apply_snapshot(snap, ctx, None)
                    self._snap = snap
                    self._update_trial(ctx)
            finally:
                if enabled:
                    gc.enable()
        self._ctx = ctx
        if snap is not self._snap:
            self._apply_snapshot(snap, ctx, self._snap)
            self._snap = snap
        if self._virtual and not self._pinned <= self._live:
            self._sync_live(snap, ctx)
        self._step = step
        self._apply_roles(snap, step, ctx)
        self._show_trail(step)

    def _show_trail(self, step: TraceStep | None) -> None:
        """Mark every node the descent has compared so far (the step's ``trail``)."""
        marks = () if step is None else step.trail
        pool = self._trail_items
        if len(pool) < len(marks):
            # Imported with the first descent shown: the first frame (op 1, step 0) has
            # no trail.
            from .items.trail_item import TrailItem
        while len(pool) < len(marks):
            item = TrailItem(self.theme)
            self.addItem(item)
            pool.append(item)
        shown = 0
        for mark in marks:
            node = self._nodes.get(mark.id)
            if node is None or not node.isVisible() or node.ghost:
                continue
            item = pool[shown]
            item.set_went(mark.went)
            item.setPos(node.pos())
            item.setVisible(True)
            shown += 1
        for item in pool[shown:]:
            item.setVisible(False)

    def trail_items(self) -> list[TrailItem]:
        """The trail marks drawn now (visible ones), in descent order."""
        return [item for item in self._trail_items if item.isVisible()]

    # -- roles of a step ------------------------------------------------------------------------
    def _apply_roles(self, snap: Snapshot, step: TraceStep | None, ctx: OpContext) -> None:
        wanted: dict[RoleKey, list[str]] = {}

        def add(key: RoleKey, role: str) -> None:
            wanted.setdefault(key, []).append(role)

        if step is not None:
            for role, value in step.roles.items():
                if isinstance(value, dict):
                    node, side = value["node"], value["side"]
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
                    bar = self._bars.get(value)
                    if bar is not None and bar.isVisible():
                        add(("bar", value), role)
        new_roles: dict[RoleKey, tuple[str, ...]] = {
            key: tuple(r for r in ROLE_ORDER if r in roles) for key, roles in wanted.items()
        }
        for key in self._roles:
            if key not in new_roles:
                item = self._item_for(key)
                if item is not None:
                    item.set_roles(())
        names = role_names(step)
        for key, roles in new_roles.items():
            item = self._item_for(key)
            if item is not None:
                item.set_roles(roles, tuple(names.get(r) or role_label(r) for r in roles))
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
                item = self._nodes.get(ctx.subject.uid)
                source = item if item is not None and item.ghost else None
        if target is None or source is None or not source.isVisible():
            self._pending.setVisible(False)
            return
        a = source.scenePos() + QPointF(0, NODE_H / 2)
        # The arrow ends on the slot's box, never in the middle of its bounds: those hold
        # the "__rb_link" tag under the box, which the arrow would strike out. A child
        # slot is entered level from its outer side (it hangs right under its parent).
        side = 0
        if isinstance(target, SlotItem) and target.key[1] in ("left", "right"):
            body = target.mapRectToScene(target.body_rect())
            side = -1 if target.key[1] == "left" else 1
            b = QPointF(body.left() if side < 0 else body.right(), body.center().y())
        elif isinstance(target, (SlotItem, RbNodeItem)):
            body = target.mapRectToScene(target.body_rect())
            b = QPointF(body.center().x(), body.top())
        else:
            b = target.sceneBoundingRect().center()
        self._pending.set_line(a, b, side)
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
        if start is not None and self._virtual and self._snap is not None and self._ctx:
            # A virtual scene keeps the selection's items (the view may go there next).
            self._pinned.add(start)
            self._sync_live(self._snap, self._ctx)
        if start is not None:
            for item in self._vma_items(start):
                item.set_marked(True)
        self.vma_selected.emit(start)

    def request_insert(self, start: int, end: int) -> None:
        self.insert_requested.emit(start, end)

    def preview_range(self, start: int | None, end: int | None) -> None:
        """Draw the range being dragged; one that runs over a mapped VMA is a trial."""
        preview = self._range_preview
        if start is None or end is None:
            preview.setVisible(False)
        else:
            text = f"[{start:#x}, {end:#x})  {human_size(end - start)}"
            hit = self._overlapped(start, end)
            if hit is not None:
                text = self.tr("trial: overlaps [{0:x},{1:x}) → -ENOMEM").format(*hit)
            x0, x1 = self._scale.x_of(start), self._scale.x_of(end)
            preview.set_range(x0, x1, text, hit is not None)
        self.range_previewed.emit(start, end)

    def range_preview(self) -> RangePreviewItem:
        return self._range_preview

    def _overlapped(self, start: int, end: int) -> tuple[int, int] | None:
        """The first VMA of the drawn state that ``[start, end)`` overlaps (by the
        engine's ``find_vma`` on the snapshot), or None."""
        snap = self._snap
        if snap is None:
            return None
        # Imported on first use (a drag across the map): the search module is not part
        # of the first frame.
        from ..engine.search import snapshot_find_vma

        key = snapshot_find_vma(snap, start)
        node = None if key is None else snap.nodes[key]
        if node is None or node.start >= end:
            return None
        return node.start, node.end

    def address_at(self, x: float) -> int:
        return self._scale.address_at(x)

    # -- context menu ---------------------------------------------------------------------------
    def vma_at(self, scene_pos: QPointF) -> int | None:
        for item in self.items(scene_pos):
            start = getattr(item, "vma_key", None)
            if start is not None and item not in (self._ghost_node, self._ghost_bar):
                if isinstance(item, RbNodeItem) and item.ghost:
                    continue
                return int(start)
        return None

    def build_context_menu(self, scene_pos: QPointF, parent: QWidget | None = None) -> QMenu | None:
        """The menu for what is under ``scene_pos`` (a VMA: erase, inspect; a gap: insert)."""
        key = self.vma_at(scene_pos)
        menu = QMenu(parent)
        node = None if key is None else self._node_state.get(key, (None, False))[0]
        if key is not None and node is not None:
            # erase_requested names the VMA by its address, as an erase op does.
            start, end = node.start, node.end
            erase = QAction(self.tr("Erase [{0:x},{1:x})").format(start, end), menu)
            erase.setObjectName("erase_vma")
            erase.triggered.connect(lambda: self.erase_requested.emit(start))
            inspect = QAction(self.tr("Inspect"), menu)
            inspect.setObjectName("inspect_vma")
            inspect.triggered.connect(lambda: self.select_vma(key))
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

    def _set_map_title(self) -> None:
        """The title of the address map names its scale."""
        title = self._titles[0]
        title.setText(
            self.tr("address map (compressed scale)")
            if self.scale_mode == "compressed"
            else self.tr("address map (linear scale)")
        )
