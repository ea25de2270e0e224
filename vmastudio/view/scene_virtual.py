"""Virtual mode of ``VmaScene``: items only for what the view shows.

A large space (``VIRTUAL_MIN`` VMAs or more) keeps the model of the drawing for every VMA
but items only for the columns in (and half a window around) the view, plus the VMAs the
step is about; a new op moves the columns incrementally (``_shift_op``). ``VirtualMixin``
holds these methods; ``VmaScene`` owns the state they use (see ``scene_base``).
"""

from __future__ import annotations

from bisect import bisect_right

from ..engine.snapshot import NodeState, Snapshot, changed_between
from ..engine.trace import TraceStep
from .items.gap_item import GapItem
from .items.list_box_item import ListBoxItem
from .items.list_link_item import ListLinkItem
from .items.rb_node_item import RbNodeItem
from .items.vma_bar_item import VmaBarItem
from .layout import COL_W, LIST_Y, MAP_Y, gap_start
from .lod import LodLayer
from .scene_base import OpContext, SceneBase

#: From this many columns on, the scene makes items only for what the view shows.
VIRTUAL_MIN = 1500
#: In a virtual scene, items are made when a column is at least this many screen pixels
#: wide; below it the ``LodLayer`` paints aggregated shapes.
DETAIL_COL_PX = 20.0
#: At most this many VMAs get items at once in a virtual scene (a guard, not a target).
MAX_LIVE = 4000
#: How many VMAs' items one slice of the margin fill makes (a few milliseconds).
MARGIN_SLICE = 12
#: A new op that adds or removes more columns than this is laid out from scratch.
MAX_SHIFT = 64


class VirtualMixin(SceneBase):
    """The virtual-mode methods of ``VmaScene`` (see the module docstring)."""

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
        # Columns are the op's VMAs plus the one it inserts. When the new snapshot is
        # linked to the drawn one (the next op, or the one before), the column sets can
        # only differ at the VMAs changed in between and the two ops' own VMAs: O(changes)
        # instead of two set differences over every column.
        linked = changed_between(old, snap)
        if linked is not None:
            for subject in (prev.subject, ctx.subject):
                if subject is not None:
                    linked.add(subject.uid)
            added = {s for s in linked if s in ctx.starts and s not in prev.starts}
            removed = {s for s in linked if s in prev.starts and s not in ctx.starts}
        else:
            added = set(ctx.starts - prev.starts)
            removed = set(prev.starts - ctx.starts)
        if len(added) + len(removed) > MAX_SHIFT:
            return False
        scale = self._scale
        for s in removed:
            state = self._node_state.get(s)
            if state is None or not scale.remove_range(state[0].start, state[0].end):
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
            if node is None or not scale.add_range(node.start, node.end):
                return False
            self._cols.add(s, node.start)
        self._purge_buried()
        self._ctx = ctx
        self._apply_snapshot(snap, ctx, old, relive=True, also=added | removed)
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
            for value in step.roles.values():
                if isinstance(value, dict):
                    node = value["node"]
                    if node is not None:
                        pins.add(node)
                        parent = snap.nodes.get(node)
                        if parent is not None:
                            child = parent.left if value["side"] == "left" else parent.right
                            if child is not None:
                                pins.add(child)
                elif isinstance(value, int):
                    pins.add(value)
        if ctx.subject is not None and not ctx.trial:
            pins.add(ctx.subject.uid)
        for extra in (ctx.conflict, self._selected, self._hovered, snap.root, snap.mmap):
            if extra is not None:
                pins.add(extra)
        return pins

    def _ranks(self, left: float, right: float) -> tuple[tuple[int, int], tuple[int, int]]:
        """Column ranks and bar ranks (both in ``_ordered``) drawn between two x."""
        i0, i1 = self._cols.span(left, right)
        a0 = self._scale.address_at(left)
        a1 = self._scale.address_at(right)
        j0 = max(0, bisect_right(self._cols.starts, a0) - 1)
        j1 = bisect_right(self._cols.starts, a1)
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
        """Make the margin's items after the frame, a slice per event-loop turn (each
        slice a few milliseconds, so a jump far away never blocks for a whole frame)."""
        snap, ctx = self._snap, self._ctx
        if not self._virtual or snap is None or ctx is None:
            return
        if not self._sync_live(snap, ctx, budget=MARGIN_SLICE):
            self._margin_timer.start(0)

    def _sync_live(
        self, snap: Snapshot, ctx: OpContext, margin: bool = True, budget: int | None = None
    ) -> bool:
        """Make items for the VMAs that came into view, drop the ones that left it.

        ``budget``: make at most that many new VMAs' items, nearest to the view first.
        Returns whether everything wanted now has its items."""
        live, bars = self._wanted_live(ctx, margin)
        for key in [k for k in self._live if k not in live]:
            self._drop_items(key)
        for key in [k for k in self._live_bars if k not in bars]:
            self._drop_bar(key)
        new_cols = live - self._live
        new_bars = bars - self._live_bars
        done = True
        if budget is not None and len(new_cols) + len(new_bars) > budget:
            middle = (self._window[0] + self._window[1]) / 2
            near = sorted(
                new_cols | new_bars, key=lambda s: abs(self._cols.get(s, middle) - middle)
            )
            chosen = set(near[:budget])
            new_cols &= chosen
            new_bars &= chosen
            done = False
        fresh: set[int] = set()
        for s in new_cols:
            node = self._node_of(snap, ctx, s)
            if node is not None:
                self._make_items(s, node)
                fresh.add(s)
        for s in new_bars:
            node = self._node_of(snap, ctx, s)
            if node is not None:
                self._make_bar(s, node)
                fresh.add(s)
        if fresh:
            self._refresh_items(snap, ctx, fresh)
        self._sync_gaps()
        return done

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
