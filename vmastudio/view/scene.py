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
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSimpleTextItem,
    QMenu,
    QWidget,
)

from ..engine.snapshot import NodeState, Snapshot, changed_between
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
    Columns,
    ScaleMode,
    between_columns,
    depths,
    gap_start,
    node_y,
    slot_pos,
    update_depths,
)
from .lod import LodLayer
from .theme import ROLE_ORDER, Theme, make_theme

#: Roles the view keeps in sight when "follow the action" is on.
FOCUS_ROLES = ("current", "link_slot", "conflict", "new", "parent")
#: From this many columns on, the scene makes items only for what the view shows.
VIRTUAL_MIN = 1500
#: In a virtual scene, items are made when a column is at least this many screen pixels
#: wide; below it the ``LodLayer`` paints aggregated shapes.
DETAIL_COL_PX = 12.0
#: At most this many VMAs get items at once in a virtual scene (a guard, not a target).
MAX_LIVE = 4000
#: A new op that adds or removes more columns than this is laid out from scratch.
MAX_SHIFT = 64


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

    # -- virtual mode -------------------------------------------------------------------------
    @property
    def virtual(self) -> bool:
        """Whether items exist only for what the view shows (``VIRTUAL_MIN`` VMAs or more)."""
        return self._virtual

    def lod_active(self) -> bool:
        """Whether the aggregated drawing is on (a virtual scene, zoomed out)."""
        return self._virtual and not self._detail

    def lod_layer(self) -> LodLayer:
        return self._lod

    def live_count(self) -> int:
        """How many VMAs have items now (all of them unless virtual)."""
        return len(self._live)

    def set_view_window(self, left: float, right: float, px_per_col: float) -> None:
        """What the view shows: scene x from ``left`` to ``right``, and how many screen
        pixels a column gets. A virtual scene makes items for those columns (or, zoomed
        out, hands the drawing to the ``LodLayer``); other scenes ignore it."""
        detail = px_per_col >= DETAIL_COL_PX
        if (left, right) == self._window and detail == self._detail:
            return
        self._window = (left, right)
        self._detail = detail
        if self._virtual and self._snap is not None and self._ctx is not None:
            self._sync_live(self._snap, self._ctx, margin=False)
            self._lod.setVisible(not detail)

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

    def column_x(self, start: int) -> float | None:
        """Scene x of the column of ``start`` (None: it has none)."""
        return self._cols.get(start)

    def depths(self) -> dict[int, int]:
        """Depth of every node linked into the tree."""
        return self._depths

    def node_state(self, start: int) -> tuple[NodeState, bool] | None:
        """The drawn node of ``start`` and whether it is a ghost (outside the tree)."""
        return self._node_state.get(start)

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
        self._pinned = self._pins(snap, step, ctx)
        if self._ctx is None or ctx.key != self._ctx.key:
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

    # -- layout of a new op ----------------------------------------------------------------------
    def _relayout(self, snap: Snapshot, ctx: OpContext) -> None:
        """Lay out a new op from scratch: columns, address scale, items for what is live."""
        t = self.theme
        starts = ctx.starts
        self._cols = Columns(starts)
        self._ordered = self._cols.ordered
        self._virtual = self._is_large(len(starts))
        self._lod.setVisible(self._virtual and not self._detail)
        self._purge_buried()
        for key in [k for k in self._edges if k not in starts]:
            self._bury(self._edges.pop(key))
        for slot_key in [k for k in self._slots if k[0] not in starts]:
            self._bury(self._slots.pop(slot_key))
        for key in [k for k in self._node_state if k not in starts]:
            del self._node_state[key]
        self._in_list = {k for k in self._in_list if k in starts}
        self._unlisted &= starts
        nodes = snap.nodes
        ranges = [(s, nodes[s].end) for s in self._ordered if s in nodes]
        subject = ctx.subject
        if subject is not None and subject.start in starts and subject.start not in nodes:
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
        title = self._titles[0]
        title.setText(
            self.tr("address map (compressed scale)")
            if self.scale_mode == "compressed"
            else self.tr("address map (linear scale)")
        )
        _ = t

    def _shift_op(self, snap: Snapshot, ctx: OpContext) -> bool:
        """A new op in a virtual scene, done incrementally from the op drawn before:
        add/remove the few columns and address-scale pieces that differ, then update
        what changed since the drawn snapshot. False: lay out from scratch instead."""
        prev, old = self._ctx, self._snap
        if not self._virtual or prev is None or old is None or not self._is_large(len(ctx.starts)):
            return False
        a, b = prev.key, ctx.key
        if not (isinstance(a, tuple) and isinstance(b, tuple) and a[:1] == b[:1]):
            return False  # another timeline (a new document)
        added = ctx.starts - prev.starts
        removed = prev.starts - ctx.starts
        if len(added) + len(removed) > MAX_SHIFT:
            return False
        scale = self._scale
        for s in removed:
            state = self._node_state.get(s)
            if state is None or not scale.remove_range(s, state[0].end):
                return False
            self._cols.discard(s)
            self._drop_items(s)
            self._drop_bar(s)
            del self._node_state[s]
            self._in_list.discard(s)
            self._unlisted.discard(s)
            self._depths.pop(s, None)
        for s in added:
            node = self._node_of(snap, ctx, s)
            if node is None or not scale.add_range(s, node.end):
                return False
            self._cols.add(s)
        self._purge_buried()
        self._ctx = ctx
        self._apply_snapshot(snap, ctx, old, relive=True, also=set(added | removed))
        self._snap = snap
        self._update_trial(ctx)
        return True

    def _is_large(self, columns: int) -> bool:
        limit = VIRTUAL_MIN if self._virtual_min == -1 else self._virtual_min
        return limit is not None and columns >= limit

    def _pins(self, snap: Snapshot, step: TraceStep | None, ctx: OpContext) -> set[int]:
        """The VMAs that keep their items whatever the view shows: what the step is
        about, the VMA of the op, the conflict, the selection and the hovered VMA."""
        pins: set[int] = set()
        if step is not None:
            for role, value in step.roles.items():
                if role == "link_slot":
                    node = value.get("node")
                    if isinstance(node, int):
                        pins.add(node)
                        parent = snap.nodes.get(node)
                        if parent is not None:
                            child = parent.left if value.get("side") == "left" else parent.right
                            if child is not None:
                                pins.add(child)
                elif isinstance(value, int):
                    pins.add(value)
        if ctx.subject is not None and not ctx.trial:
            pins.add(ctx.subject.start)
        for extra in (ctx.conflict, self._selected, self._hovered, snap.root, snap.mmap):
            if extra is not None:
                pins.add(extra)
        return pins

    def _ranks(self, left: float, right: float) -> tuple[tuple[int, int], tuple[int, int]]:
        """Column ranks and bar ranks (both in ``_ordered``) drawn between two x."""
        i0, i1 = self._cols.span(left, right)
        a0 = self._scale.address_at(left)
        a1 = self._scale.address_at(right)
        j0 = max(0, bisect_right(self._ordered, a0) - 1)
        j1 = bisect_right(self._ordered, a1)
        return (i0, min(i1, i0 + MAX_LIVE)), (j0, min(j1, j0 + MAX_LIVE))

    def _wanted_live(self, ctx: OpContext, margin: bool = True) -> tuple[set[int], set[int]]:
        """The VMAs that should have column items and bar items now.

        Half a window on each side is kept ready for panning. With ``margin`` False only
        what is in view is made now (what is already made in the margin stays): a jump
        far away pays for one screenful, and the margin follows after the frame.
        """
        starts = ctx.starts
        if not self._virtual:
            return set(starts), set(starts)
        pinned = {s for s in self._pinned if s in starts}
        live, bars = set(pinned), set(pinned)
        if self._detail:
            left, right = self._window
            pad = max(right - left, COL_W) * 0.5
            (i0, i1), (j0, j1) = self._ranks(left - pad, right + pad)
            if margin:
                live.update(self._ordered[i0:i1])
                bars.update(self._ordered[j0:j1])
            else:
                rank = self._cols.rank
                live.update(s for s in self._live if i0 <= rank(s) < i1)
                bars.update(s for s in self._live_bars if j0 <= rank(s) < j1)
                (v0, v1), (w0, w1) = self._ranks(left, right)
                live.update(self._ordered[v0:v1])
                bars.update(self._ordered[w0:w1])
                if not self._margin_timer.isActive():
                    self._margin_timer.start(0)
        return live, bars

    def _fill_margin(self) -> None:
        if self._virtual and self._snap is not None and self._ctx is not None:
            self._sync_live(self._snap, self._ctx)

    def _sync_live(self, snap: Snapshot, ctx: OpContext, margin: bool = True) -> None:
        """Make items for the VMAs that came into view, drop the ones that left it."""
        live, bars = self._wanted_live(ctx, margin)
        for key in [k for k in self._live if k not in live]:
            self._drop_items(key)
        for key in [k for k in self._live_bars if k not in bars]:
            self._drop_bar(key)
        fresh: set[int] = set()
        for s in live - self._live:
            node = self._node_of(snap, ctx, s)
            if node is not None:
                self._make_items(s, node)
                fresh.add(s)
        for s in bars - self._live_bars:
            node = self._node_of(snap, ctx, s)
            if node is not None:
                self._make_bar(s, node)
                fresh.add(s)
        if fresh:
            self._refresh_items(snap, ctx, fresh)
        self._sync_gaps()

    def _make_items(self, s: int, node: NodeState) -> None:
        t = self.theme
        item = RbNodeItem(node, t, self)
        self._nodes[s] = item
        self.addItem(item)
        box = ListBoxItem(node, t, self)
        box.setPos(self._cols[s], LIST_Y)
        self._boxes[s] = box
        self.addItem(box)
        link = ListLinkItem(t)
        link.setPos(self._cols[s], LIST_Y)
        self._links[s] = link
        self.addItem(link)
        self._list_hidden.discard(s)
        self._live.add(s)
        for marker in (self._hovered, self._selected):
            if marker == s:
                for vma_item in (item, box):
                    if marker == self._hovered:
                        vma_item.set_hover(True)
                    if marker == self._selected:
                        vma_item.set_marked(True)

    def _make_bar(self, s: int, node: NodeState) -> None:
        bar = VmaBarItem(node, self.theme, self)
        bar.setPos(0, MAP_Y)
        self._bars[s] = bar
        self.addItem(bar)
        self._bars_hidden.discard(s)
        self._live_bars.add(s)
        if s == self._hovered:
            bar.set_hover(True)
        if s == self._selected:
            bar.set_marked(True)

    def _drop_items(self, s: int) -> None:
        for table in (self._nodes, self._boxes, self._links):
            item = table.pop(s, None)
            if item is not None:
                self.removeItem(item)
        self._list_hidden.discard(s)
        self._live.discard(s)
        for key in [k for k in self._roles if k[1] == s and k[0] in ("node", "box")]:
            del self._roles[key]
        edge = self._edges.get(s)
        if edge is not None:
            state = self._node_state.get(s)
            parent = None if state is None else state[0].parent
            if parent not in self._live:
                self._bury(self._edges.pop(s))
        state = self._node_state.get(s)
        if state is not None:
            for child in (state[0].left, state[0].right):
                if child is not None and child not in self._live and child in self._edges:
                    self._bury(self._edges.pop(child))
        for side in ("left", "right"):
            slot = self._slots.pop((s, side), None)
            if slot is not None:
                self._bury(slot)

    def _drop_bar(self, s: int) -> None:
        bar = self._bars.pop(s, None)
        if bar is not None:
            self.removeItem(bar)
        self._bars_hidden.discard(s)
        self._live_bars.discard(s)

    def _sync_gaps(self) -> None:
        """Gap items for the gaps in view (all of them unless virtual)."""
        scale = self._scale
        if self._virtual:
            if not self._detail:
                wanted = []
            else:
                left, right = self._window
                margin = max(right - left, COL_W) * 0.5
                a0 = scale.address_at(left - margin)
                a1 = scale.address_at(right + margin)
                gaps = scale.gaps
                i0 = max(0, bisect_right(gaps, a0, key=gap_start) - 1)
                i1 = min(bisect_right(gaps, a1, key=gap_start), i0 + MAX_LIVE)
                wanted = gaps[i0:i1]
        else:
            if self._gaps_version == scale.version and len(self._gaps) == len(scale.gaps):
                return
            wanted = scale.gaps
        self._gaps_version = scale.version
        keep = {id(g) for g in wanted}
        for key in [k for k, item in self._gaps.items() if id(item.gap) not in keep]:
            self.removeItem(self._gaps.pop(key))
        for g in wanted:
            item = self._gaps.get(g.start)
            if item is not None and item.gap is g:
                continue
            if item is not None:
                self.removeItem(item)
            gap_item = GapItem(g, self.theme, self)
            gap_item.setPos(0, MAP_Y)
            self._gaps[g.start] = gap_item
            self.addItem(gap_item)

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
        self._lod.invalidate(snap, None if old is None else dirty)

    def _node_of(self, snap: Snapshot, ctx: OpContext, start: int) -> NodeState | None:
        node = snap.nodes.get(start)
        if node is None and ctx.subject is not None and ctx.subject.start == start:
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
        """A VMA is in the list when it is ``mm->mmap`` or its ``vm_prev`` points back at it
        through ``vm_next`` (exact for the kernel's consistent states). Returns the VMAs
        checked (their list links may need drawing again)."""
        nodes = snap.nodes
        check = set(dirty)
        if old is not None:
            for source in (snap, old):
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
        cols = self._cols
        if old is None:
            mmap = snap.mmap
            get = nodes.get
            members = cols.members
            self._in_list = {
                s
                for s, n in nodes.items()
                if s in members
                and (
                    s == mmap
                    or (n.prev is not None and (p := get(n.prev)) is not None and p.next == s)
                )
            }
            self._unlisted = members - self._in_list
            return check
        for s in check:
            if s not in cols:
                continue
            node = nodes.get(s)
            if node is not None and (
                snap.mmap == s
                or (node.prev is not None and node.prev in nodes and nodes[node.prev].next == s)
            ):
                in_list.add(s)
                self._unlisted.discard(s)
            else:
                in_list.discard(s)
                self._unlisted.add(s)
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
                bar.set_geometry(x_of(s), x_of(shown.end), not member)

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
