"""Where things go: columns for the list and the tree, depths, and the address scale.

Pure geometry (no Qt): the list boxes and the tree nodes share one column per VMA in
address order, so a VMA's list box sits straight above its tree node, and an in-order
walk of the tree reads the list. Columns are fixed for a whole op (the VMA being
inserted has its column reserved from the first step), so stepping never reflows.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Literal, NamedTuple

from ..engine.snapshot import Snapshot
from ..engine.vma import PAGE_SIZE, TASK_SIZE

ScaleMode = Literal["compressed", "linear"]

LEFT = 190.0  # room for the mm->mmap and mm->mm_rb pointer boxes
COL_W = 160.0
NODE_W = 128.0
NODE_H = 62.0  # four lines: start, end, the VMA's name, rb_subtree_gap
LEVEL_H = 96.0
SLOT_W = 30.0
SLOT_H = 16.0
BOX_W = 136.0
BOX_H = 44.0

MAP_Y = 40.0
MAP_H = 38.0
LIST_Y = 230.0
TREE_Y = 380.0  # the row of VMAs that are not (or no longer) in the tree
ROOT_Y = TREE_Y + 150.0


def columns(starts: Iterable[int]) -> dict[int, float]:
    """The x centre of each address's column, in address order. O(n log n)."""
    return {s: LEFT + COL_W * (i + 0.5) for i, s in enumerate(sorted(set(starts)))}


class Columns(Mapping[int, float]):
    """The x centre of each VMA's column (keyed by VMA id), from its in-order rank.

    Kept as two parallel sorted lists, the ids (``ordered``) and their ``vm_start``
    (``starts``), with O(log n) lookups by bisection instead of a dict of x values: one
    insert or erase in a 65,530-VMA space shifts every column to its right, and the lists
    absorb that with one insertion instead of rebuilding 65,530 entries. Columns hold
    linked VMAs (and the one an op links), whose starts are distinct.
    """

    __slots__ = ("_start", "ordered", "starts")

    def __init__(self, starts: Mapping[int, int] | None = None) -> None:
        """``starts`` maps each id to its ``vm_start``."""
        self._start: dict[int, int] = dict(starts or {})
        keys = list(self._start)
        values = list(self._start.values())
        if any(b <= a for a, b in itertools.pairwise(values)):
            pairs = sorted(zip(values, keys, strict=True))
            values = [s for s, _ in pairs]
            keys = [k for _, k in pairs]
        # (Already in address order, as a state's nodes are, nothing is sorted.)
        self.starts: list[int] = values
        self.ordered: list[int] = keys

    @property
    def members(self) -> AbstractSet[int]:
        """The columns as a set (read-only use: fast membership in bulk loops)."""
        return self._start.keys()

    def __getitem__(self, key: int) -> float:
        start = self._start[key]  # KeyError for a VMA without a column
        return LEFT + COL_W * (bisect_left(self.starts, start) + 0.5)

    def __contains__(self, key: object) -> bool:
        return key in self._start

    def __iter__(self) -> Iterator[int]:
        return iter(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)

    def add(self, key: int, start: int) -> None:
        if key not in self._start:
            self._start[key] = start
            i = bisect_left(self.starts, start)
            self.starts.insert(i, start)
            self.ordered.insert(i, key)

    def discard(self, key: int) -> None:
        start = self._start.pop(key, None)
        if start is not None:
            i = bisect_left(self.starts, start)
            del self.starts[i]
            del self.ordered[i]

    def rank(self, key: int) -> int:
        """How many columns lie left of VMA ``key``'s."""
        return bisect_left(self.starts, self._start[key])

    def span(self, x0: float, x1: float) -> tuple[int, int]:
        """The ranks ``[i0, i1)`` of the columns whose centre lies in ``[x0, x1]``."""
        n = len(self.ordered)
        i0 = max(0, math.ceil((x0 - LEFT) / COL_W - 0.5))
        i1 = min(n, math.floor((x1 - LEFT) / COL_W - 0.5) + 1)
        return min(i0, n), max(i1, min(i0, n))

    def between(self, start: int) -> float:
        """An x between the columns around address ``start`` (for a trial VMA that has
        no column of its own)."""
        return between_columns(self, self.ordered, start, self.starts)


def between_columns(
    cols: Mapping[int, float], ordered: list[int], start: int, starts: list[int] | None = None
) -> float:
    """An x between the columns around ``start`` (for a trial VMA that has no column).
    ``ordered`` lists the column keys in address order and ``starts`` their addresses
    (when the keys are not the addresses themselves)."""
    i = bisect_right(ordered if starts is None else starts, start)
    if not ordered:
        return LEFT + COL_W * 0.5
    if i == 0:
        return cols[ordered[0]] - COL_W * 0.5
    if i == len(ordered):
        return cols[ordered[-1]] + COL_W * 0.5
    return (cols[ordered[i - 1]] + cols[ordered[i]]) / 2


def depths(snap: Snapshot) -> dict[int, int]:
    """Depth of every node in the tree (root 0), iteratively. O(n).

    The keys come in preorder: each node before its children."""
    out: dict[int, int] = {}
    if snap.root is None:
        return out
    nodes = snap.nodes
    stack = [(snap.root, 0)]
    while stack:
        key, d = stack.pop()
        out[key] = d
        node = nodes[key]
        if node.left is not None:
            stack.append((node.left, d + 1))
        if node.right is not None:
            stack.append((node.right, d + 1))
    return out


def tree_depth(snap: Snapshot, key: int, limit: int = 256) -> int | None:
    """Depth of ``key`` in ``snap``'s tree by walking up checked parent links (None: not
    linked, e.g. being inserted or just erased). O(height)."""
    nodes = snap.nodes
    node = nodes.get(key)
    d = 0
    while node is not None and d <= limit:
        parent = node.parent
        if parent is None:
            return d if snap.root == key else None
        above = nodes.get(parent)
        if above is None or (above.left != key and above.right != key):
            return None
        key, node, d = parent, above, d + 1
    return None


def update_depths(snap: Snapshot, depth: dict[int, int], dirty: Iterable[int]) -> set[int]:
    """Bring ``depth`` (the depths of the previous snapshot) up to date with ``snap``, in
    place, given the nodes whose links may have changed (``dirty``). Returns the keys whose
    depth changed or that left the tree. O(|dirty| · height + |moved subtrees|): a
    rotation only walks the subtrees that really changed level.
    """
    nodes = snap.nodes
    changed: set[int] = set()
    for key in list(dirty):
        d = tree_depth(snap, key)
        if d is None:
            if depth.pop(key, None) is not None:
                changed.add(key)
            continue
        if depth.get(key) == d:
            continue
        stack = [(key, d)]
        while stack:
            k, kd = stack.pop()
            if depth.get(k) == kd and k != key:
                continue
            depth[k] = kd
            changed.add(k)
            node = nodes[k]
            if node.left is not None:
                stack.append((node.left, kd + 1))
            if node.right is not None:
                stack.append((node.right, kd + 1))
    return changed


def node_y(depth: int | None) -> float:
    """Centre y of a tree node at ``depth``; ``None``: the row of unlinked VMAs."""
    return TREE_Y if depth is None else ROOT_Y + depth * LEVEL_H


def slot_pos(x: float, y: float, side: str) -> tuple[float, float]:
    """Centre of the empty ``rb_left``/``rb_right`` slot box under a node at (x, y)."""
    dx = -COL_W * 0.27 if side == "left" else COL_W * 0.27
    return x + dx, y + NODE_H / 2 + 34.0


def list_order(snap: Snapshot) -> list[int]:
    """The VMAs reachable from ``mm->mmap`` through ``vm_next`` (cycle-safe)."""
    out: list[int] = []
    seen: set[int] = set()
    key = snap.mmap
    nodes = snap.nodes
    while key is not None and key not in seen and key in nodes:
        seen.add(key)
        out.append(key)
        key = nodes[key].next
    return out


def _gap_width(size: int) -> float:
    """Natural width of a gap on the compressed scale (grows with the log of its size)."""
    return 40.0 + 7.0 * math.log2(size // PAGE_SIZE + 1)


def _vma_width(size: int) -> float:
    return 46.0 + 8.0 * math.log2(size // PAGE_SIZE + 1)


class Gap(NamedTuple):
    """An unmapped range of the address map and where it is drawn (a named tuple: a
    65,530-VMA scale makes tens of thousands at once, and a frozen dataclass's
    ``__init__`` cost a third of the whole scale)."""

    start: int
    end: int
    x0: float
    x1: float


class AddressScale:
    """Piecewise-linear map between addresses and x on the address map.

    ``linear``: x proportional to the address over [0, TASK_SIZE). ``compressed``: each
    VMA and each gap gets a width growing with the log of its size, so a 4 KiB page and
    a 128 TiB hole are both visible; inside a piece the scale is linear.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]], mode: ScaleMode, width: float) -> None:
        self.mode: ScaleMode = mode
        spans = sorted(ranges)
        self.addrs: list[int] = [0]
        self.xs: list[float] = [LEFT]
        self._gaps: list[Gap] | None = None
        if mode == "linear":
            w = max(width, 1200.0)
            for s, e in spans:
                self.addrs += [s, e]
                self.xs += [LEFT + w * s / TASK_SIZE, LEFT + w * e / TASK_SIZE]
            self.addrs.append(TASK_SIZE)
            self.xs.append(LEFT + w)
        else:
            # _gap_width and _vma_width inlined (the same expressions, so the same x):
            # this loop runs once per VMA of a 65,530-VMA space.
            log2 = math.log2
            page = PAGE_SIZE
            x = LEFT
            cursor = 0
            addrs, xs = self.addrs, self.xs
            for s, e in spans:
                if s > cursor:
                    x += 40.0 + 7.0 * log2((s - cursor) // page + 1)
                addrs.append(s)
                xs.append(x)
                x += 46.0 + 8.0 * log2((e - s) // page + 1)
                addrs.append(e)
                xs.append(x)
                cursor = e
            if cursor < TASK_SIZE:
                x += _gap_width(TASK_SIZE - cursor)
            self.addrs.append(TASK_SIZE)
            self.xs.append(x)
            # Never wider than the list and tree below it (min 900 px): the three
            # drawings then share one width and "fit" keeps all of them readable.
            target = max(width - LEFT, 900.0)
            if x - LEFT > target:
                k = target / (x - LEFT)
                self.xs = [LEFT + (v - LEFT) * k for v in self.xs]
        self.width = width
        #: Bumped by every change (caches of drawings made from the scale compare it).
        self.version = 0
        #: The x range each incremental change redrew, by the version it made (a drawing
        #: made at version v is brought up to date by redrawing the ranges after v).
        self.changes: list[tuple[int, float, float]] = []
        #: x of every VMA edge, exactly (a build asks for each of them: no bisection).
        self.edges: dict[int, float] = dict(zip(self.addrs, self.xs, strict=True))
        #: The sorted spans, until ``gaps`` is first asked for (a large space's first frame
        #: draws no gap item: its tens of thousands of gaps wait for a zoom or an edit).
        self._spans: list[tuple[int, int]] = spans

    @property
    def gaps(self) -> list[Gap]:
        """The unmapped ranges in address order (made on first use, then kept up to date
        by ``add_range``/``remove_range``)."""
        gaps = self._gaps
        if gaps is None:
            gaps = self._gaps = []
            cursor = 0
            edges = self.edges
            for s, e in self._spans:
                if s > cursor:
                    gaps.append(_new_gap(Gap, (cursor, s, edges[cursor], edges[s])))
                if e > cursor:
                    cursor = e
            if cursor < TASK_SIZE:
                gaps.append(Gap(cursor, TASK_SIZE, self.x_of(cursor), self.x_of(TASK_SIZE)))
            self._spans = []
        return gaps

    @property
    def right(self) -> float:
        return self.xs[-1]

    # -- incremental edits (a large space: one op must not re-scale 65,530 VMAs) ---------
    def _gap_index(self, addr: int) -> int:
        """Index in ``gaps`` of the gap holding ``addr`` (or the last gap before it)."""
        return bisect_right(self.gaps, addr, key=gap_start) - 1

    def add_range(self, start: int, end: int) -> bool:
        """Map the newly inserted ``[start, end)`` inside the gap that holds it, keeping
        every other x unchanged (the gap's width is shared out in proportion to the
        pieces' own widths). False when no gap holds it (the caller rebuilds)."""
        i = self._gap_index(start)
        if i < 0 or not (self.gaps[i].start <= start and end <= self.gaps[i].end):
            return False
        g = self.gaps[i]
        if self.mode == "linear":
            w = max(self.width, 1200.0)
            xa, xb = LEFT + w * start / TASK_SIZE, LEFT + w * end / TASK_SIZE
        else:
            wa = _gap_width(start - g.start) if start > g.start else 0.0
            wv = _vma_width(end - start)
            wb = _gap_width(g.end - end) if g.end > end else 0.0
            f = (g.x1 - g.x0) / (wa + wv + wb)
            xa = g.x0 + wa * f
            xb = g.x1 - wb * f if wb else g.x1
        j = bisect_right(self.addrs, start)
        self.addrs[j:j] = [start, end]
        self.xs[j:j] = [xa, xb]
        self.edges[start] = xa
        self.edges[end] = xb
        pieces = []
        if start > g.start:
            pieces.append(Gap(g.start, start, g.x0, xa))
        if g.end > end:
            pieces.append(Gap(end, g.end, xb, g.x1))
        self.gaps[i : i + 1] = pieces
        self.version += 1
        self.changes.append((self.version, g.x0, g.x1))
        return True

    def remove_range(self, start: int, end: int) -> bool:
        """Give ``[start, end)`` back to the gaps around it (their x stay). False when the
        scale does not hold that range (the caller rebuilds)."""
        self.gaps  # noqa: B018 (made now, from the edges as they are before this edit)
        j = bisect_right(self.addrs, start) - 1
        if j < 1 or self.addrs[j] != start or j + 1 >= len(self.addrs):
            return False
        if self.addrs[j + 1] != end:
            return False
        x0, x1 = self.xs[j], self.xs[j + 1]
        del self.addrs[j : j + 2]
        del self.xs[j : j + 2]
        for addr in (start, end):
            k = bisect_left(self.addrs, addr)
            if k >= len(self.addrs) or self.addrs[k] != addr:
                del self.edges[addr]
        g0, g1 = start, end
        i = bisect_left(self.gaps, start, key=gap_start)
        lo, hi = i, i
        if i > 0 and self.gaps[i - 1].end == start:
            lo = i - 1
            g0, x0 = self.gaps[lo].start, self.gaps[lo].x0
        if i < len(self.gaps) and self.gaps[i].start == end:
            hi = i + 1
            g1, x1 = self.gaps[i].end, self.gaps[i].x1
        self.gaps[lo:hi] = [Gap(g0, g1, x0, x1)]
        self.version += 1
        self.changes.append((self.version, x0, x1))
        return True

    def changed_since(self, version: int) -> list[tuple[float, float]] | None:
        """The x ranges changed after ``version`` (None: not known, redraw everything)."""
        if version == self.version:
            return []
        out = [(a, b) for v, a, b in self.changes if v > version]
        if len(out) != self.version - version:
            return None
        return out

    def address_at(self, x: float) -> int:
        """The address drawn at ``x`` (the inverse of ``x_of``, clamped)."""
        xs, addrs = self.xs, self.addrs
        i = bisect_right(xs, x) - 1
        if i < 0:
            return addrs[0]
        if i >= len(xs) - 1:
            return addrs[-1]
        x0, x1 = xs[i], xs[i + 1]
        if x1 <= x0:
            return addrs[i + 1]
        return addrs[i] + int((addrs[i + 1] - addrs[i]) * (x - x0) / (x1 - x0))

    def x_of(self, addr: int) -> float:
        """x of an address. O(1) at a VMA edge, else O(log n)."""
        x = self.edges.get(addr)
        if x is not None:
            return x
        addrs, xs = self.addrs, self.xs
        i = bisect_right(addrs, addr) - 1
        if i < 0:
            return xs[0]
        if i >= len(addrs) - 1:
            return xs[-1]
        a0, a1 = addrs[i], addrs[i + 1]
        if a1 == a0:
            return xs[i + 1]
        return xs[i] + (xs[i + 1] - xs[i]) * (addr - a0) / (a1 - a0)


_new_gap = tuple.__new__  # a Gap from its four fields without NamedTuple's __new__


def gap_start(gap: Gap) -> int:
    return gap.start


def gap_address(gap: Gap, x: float) -> int:
    """The page-aligned address at ``x`` inside ``gap`` (clamped to the gap)."""
    if gap.x1 <= gap.x0:
        return gap.start
    t = min(1.0, max(0.0, (x - gap.x0) / (gap.x1 - gap.x0)))
    addr = gap.start + int((gap.end - gap.start) * t)
    addr = (addr + PAGE_SIZE // 2) // PAGE_SIZE * PAGE_SIZE
    return min(gap.end, max(gap.start, addr))


def human_size(n: int) -> str:
    """4096 → "4 KiB", 0x7f0000000000 → "127 TiB" (one decimal when useful)."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    value = float(n)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            if value == int(value):
                return f"{int(value)} {unit}"
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"
