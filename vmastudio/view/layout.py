"""Where things go: columns for the list and the tree, depths, and the address scale.

Pure geometry (no Qt): the list boxes and the tree nodes share one column per VMA in
address order, so a VMA's list box sits straight above its tree node, and an in-order
walk of the tree reads the list. Columns are fixed for a whole op (the VMA being
inserted has its column reserved from the first step), so stepping never reflows.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..engine.snapshot import NodeState, Snapshot
from ..engine.vma import PAGE_SIZE, TASK_SIZE

ScaleMode = Literal["compressed", "linear"]

LEFT = 190.0  # room for the mm->mmap and mm->mm_rb pointer boxes
COL_W = 160.0
NODE_W = 128.0
NODE_H = 50.0
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
    """The x centre of each VMA's column, in address order. O(n log n)."""
    return {s: LEFT + COL_W * (i + 0.5) for i, s in enumerate(sorted(set(starts)))}


def between_columns(cols: Mapping[int, float], ordered: list[int], start: int) -> float:
    """An x between the columns around ``start`` (for a trial VMA that has no column)."""
    i = bisect_right(ordered, start)
    if not ordered:
        return LEFT + COL_W * 0.5
    if i == 0:
        return cols[ordered[0]] - COL_W * 0.5
    if i == len(ordered):
        return cols[ordered[-1]] + COL_W * 0.5
    return (cols[ordered[i - 1]] + cols[ordered[i]]) / 2


def depths(snap: Snapshot) -> dict[int, int]:
    """Depth of every node in the tree (root 0), iteratively. O(n)."""
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


@dataclass(frozen=True, slots=True)
class Gap:
    """An unmapped range of the address map and where it is drawn."""

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
        self.gaps: list[Gap] = []
        if mode == "linear":
            w = max(width, 1200.0)
            for s, e in spans:
                self.addrs += [s, e]
                self.xs += [LEFT + w * s / TASK_SIZE, LEFT + w * e / TASK_SIZE]
            self.addrs.append(TASK_SIZE)
            self.xs.append(LEFT + w)
        else:
            x = LEFT
            cursor = 0
            for s, e in spans:
                if s > cursor:
                    x += 40.0 + 7.0 * math.log2((s - cursor) // PAGE_SIZE + 1)
                self.addrs.append(s)
                self.xs.append(x)
                x += 46.0 + 8.0 * math.log2((e - s) // PAGE_SIZE + 1)
                self.addrs.append(e)
                self.xs.append(x)
                cursor = e
            if cursor < TASK_SIZE:
                x += 40.0 + 7.0 * math.log2((TASK_SIZE - cursor) // PAGE_SIZE + 1)
            self.addrs.append(TASK_SIZE)
            self.xs.append(x)
            # Never wider than the list and tree below it (min 900 px): the three
            # drawings then share one width and "fit" keeps all of them readable.
            target = max(width - LEFT, 900.0)
            if x - LEFT > target:
                k = target / (x - LEFT)
                self.xs = [LEFT + (v - LEFT) * k for v in self.xs]
        #: x of every VMA edge, exactly (a build asks for each of them: no bisection).
        self.edges: dict[int, float] = dict(zip(self.addrs, self.xs, strict=True))
        cursor = 0
        for s, e in spans:
            if s > cursor:
                self.gaps.append(Gap(cursor, s, self.x_of(cursor), self.x_of(s)))
            cursor = max(cursor, e)
        if cursor < TASK_SIZE:
            self.gaps.append(Gap(cursor, TASK_SIZE, self.x_of(cursor), self.x_of(TASK_SIZE)))

    @property
    def right(self) -> float:
        return self.xs[-1]

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
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
    value = float(n)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            if value == int(value):
                return f"{int(value)} {unit}"
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def vma_label(node: NodeState) -> str:
    """What a VMA is called in tooltips: its name, file or "anonymous"."""
    return node.name or (node.file or "")
