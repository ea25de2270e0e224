"""Gap searches and lookups of Linux 6.12: ``mas_empty_area()``, ``mas_empty_area_rev()``
(arange gaps lead the descent, leaves are scanned, rewind upwards when nothing fits) and the
range walk behind ``find_vma()`` / ``find_vma_intersection()``.
"""

from __future__ import annotations

from typing import Any, Final

from .nodes import (
    EBUSY,
    EINVAL,
    MA_ERROR,
    MA_NONE,
    MA_ROOT,
    MA_START,
    MAPLE_NODE_SLOTS,
    ULONG_MAX,
    MapleTree,
    MaState,
    Node,
    ma_data_end,
    mas_ascend,
    mas_data_end,
    mas_safe_min,
    mas_safe_pivot,
    mas_start,
    pivot_offset,
    ulong,
)

M: Final = ULONG_MAX


def mas_rev_awalk(mas: MaState, size: int) -> tuple[bool, int, int]:
    """``mas_rev_awalk()``: one node of the reverse search; (done, gap_min, gap_max)."""
    if mas.status == MA_ERROR:
        return True, 0, 0
    node: Node = mas.node
    mtype = node.type
    pivots = node.pivot
    slots = node.slot
    gaps = node.gap
    offset = mas.offset
    mn = mas_safe_min(mas, pivots, offset)
    while mas.last < mn:
        offset = (offset - 1) & 0xFF
        mn = mas_safe_min(mas, pivots, offset)
    mx = mas_safe_pivot(mas, pivots, offset, mtype)
    gap = 0
    ascend = False
    while mas.index <= mx:
        gap = 0
        if gaps is not None:
            gap = ulong(gaps[offset])
        elif slots[offset] is None:
            gap = (mx - mn + 1) & M
        if gap:
            if size <= gap and size <= ((mas.last - mn + 1) & M):
                break
            if gaps is None:
                if offset < 2:
                    ascend = True
                    break
                offset -= 2
                mx = ulong(pivots[offset])
                mn = mas_safe_min(mas, pivots, offset)
                continue
        if not offset:
            ascend = True
            break
        offset -= 1
        mx = (mn - 1) & M
        mn = mas_safe_min(mas, pivots, offset)
    if not ascend:
        if mas.index > mx or (size - 1) > ((mx - mas.index) & M):
            mas.set_err(-EBUSY)
            return False, 0, 0
        if node.is_leaf:
            mas.offset = offset
            return True, mn, (mn + gap - 1) & M
        mas.node = slots[offset]
        mas.min = mn
        mas.max = mx
        mas.offset = mas_data_end(mas)
        return False, 0, 0
    if not node.is_root:
        return False, 0, 0
    mas.set_err(-EBUSY)
    return False, 0, 0


def mas_anode_descend(mas: MaState, size: int) -> bool:
    """``mas_anode_descend()``: one node of the forward search."""
    node: Node = mas.node
    mtype = node.type
    pivots = node.pivot
    slots = node.slot
    gaps = node.gap
    offset = mas.offset
    data_end = ma_data_end(node, mtype, pivots, mas.max)
    # A node already scanned to its end is entered again with offset = end + 1: the kernel
    # then reads the word after the pivots as a min that nothing uses; so is skipped here.
    mn = mas_safe_min(mas, pivots, offset) if offset <= data_end else 0
    found = False
    gap = 0
    while offset <= data_end:
        pivot = mas_safe_pivot(mas, pivots, offset, mtype)
        skip = False
        if mas.index > pivot:
            skip = True
        elif gaps is not None:
            gap = ulong(gaps[offset])
        elif slots[offset] is None:
            gap = (min(pivot, mas.last) - max(mas.index, mn) + 1) & M
        else:
            skip = True
        if not skip and gap >= size:
            if node.is_leaf:
                mas.offset = offset
                return True
            if mas.index <= pivot:
                mas.node = slots[offset]
                mas.min = mn
                mas.max = pivot
                offset = 0
                break
        mn = (pivot + 1) & M
        if mas.last <= pivot:
            mas.set_err(-EBUSY)
            return True
        offset += 1
    if mas.node.is_root:
        found = True
    mas.offset = offset
    return found


def mas_rewind_node(mas: MaState) -> bool:
    while True:
        if mas.node.is_root:
            slot = mas.offset
            if not slot:
                return False
        else:
            mas_ascend(mas)
            slot = mas.offset
        if slot:
            break
    mas.offset = slot - 1
    return True


def mas_skip_node(mas: MaState) -> bool:
    if mas.status == MA_ERROR:
        return False
    while True:
        if mas.node.is_root:
            if mas.offset >= mas_data_end(mas):
                mas.set_err(-EBUSY)
                return False
        else:
            mas_ascend(mas)
        if mas.offset < mas_data_end(mas):
            break
    mas.offset += 1
    return True


def mas_awalk(mas: MaState, size: int) -> None:
    last: Any = None
    while mas.status != MA_ERROR and not mas_anode_descend(mas, size):
        if last is mas.node:
            mas_skip_node(mas)
        else:
            last = mas.node


def mas_sparse_area(mas: MaState, mn: int, mx: int, size: int, fwd: bool) -> int:
    if mas.status != MA_NONE and mn == 0:
        mn += 1
        if mn > mx or mx - mn + 1 < size:
            return -EBUSY
    if fwd:
        mas.index = mn
        mas.last = mn + size - 1
    else:
        mas.last = mx
        mas.index = mx - size + 1
    return 0


def mas_empty_area(mas: MaState, mn: int, mx: int, size: int) -> int:
    """``mas_empty_area()``: the lowest window of ``size`` in [mn, mx]; 0 or -EBUSY/-EINVAL."""
    if mn > mx:
        return -EINVAL
    if size == 0 or mx - mn < size - 1:
        return -EINVAL
    if mas.status == MA_START:
        mas_start(mas)
    elif mas.offset >= 2:
        mas.offset -= 2
    elif not mas_skip_node(mas):
        return -EBUSY
    if mas.status in (MA_NONE, MA_ROOT):
        return mas_sparse_area(mas, mn, mx, size, True)
    mas.index = mn
    mas.last = mx
    mas_awalk(mas, size)
    if mas.status == MA_ERROR:
        return mas.err
    offset = mas.offset
    if offset == MAPLE_NODE_SLOTS:
        return -EBUSY
    node: Node = mas.node
    mn = mas_safe_min(mas, node.pivot, offset)
    if mas.index < mn:
        mas.index = mn
    mas.last = mas.index + size - 1
    mas.end = ma_data_end(node, node.type, node.pivot, mas.max)
    return 0


def mas_empty_area_rev(mas: MaState, mn: int, mx: int, size: int) -> int:
    """``mas_empty_area_rev()``: the highest window of ``size`` in [mn, mx]."""
    last = mas.node
    if mn > mx:
        return -EINVAL
    if size == 0 or mx - mn < size - 1:
        return -EINVAL
    if mas.status == MA_START:
        mas_start(mas)
    elif mas.offset < 2 and not mas_rewind_node(mas):
        return -EBUSY
    if mas.status in (MA_NONE, MA_ROOT):
        return mas_sparse_area(mas, mn, mx, size, False)
    elif mas.offset >= 2:
        mas.offset -= 2
    else:
        mas.offset = mas_data_end(mas)
    mas.index = mn
    mas.last = mx
    gmin, gmax = mn, mx
    while True:
        done, a, b = mas_rev_awalk(mas, size)
        if done:
            if mas.status != MA_ERROR:
                gmin, gmax = a, b
            break
        if mas.status == MA_ERROR:
            break
        if last is mas.node:
            if not mas_rewind_node(mas):
                return -EBUSY
        else:
            last = mas.node
    if mas.status == MA_ERROR:
        return mas.err
    if mas.offset == MAPLE_NODE_SLOTS:
        return -EBUSY
    del gmin
    if gmax < mas.last:
        mas.last = gmax
    mas.index = mas.last - size + 1
    mas.end = mas_data_end(mas)
    return 0


def empty_area(tree: MapleTree, size: int, mn: int, mx: int, rev: bool) -> tuple[int, int, int]:
    """A fresh ``MA_STATE`` and one search: (result, index, last)."""
    mas = MaState(tree, 0, 0)
    search = mas_empty_area_rev if rev else mas_empty_area
    r = search(mas, mn, mx, size)
    return r, mas.index, mas.last


def walk_levels(tree: MapleTree, index: int) -> list[tuple[Node, int, int, int]]:
    """The nodes a lookup of ``index`` visits: (node, offset, min, max) per level."""
    out: list[tuple[Node, int, int, int]] = []
    node = tree.root
    if not isinstance(node, Node):
        return out
    mn, mx = 0, ULONG_MAX
    while True:
        pivots = node.pivot
        end = ma_data_end(node, node.type, pivots, mx)
        offset = 0
        while offset < end and ulong(pivots[offset]) < index:
            offset += 1
        out.append((node, offset, mn, mx))
        cmin = ulong(pivots[offset - 1]) + 1 if offset else mn
        cmax = ulong(pivots[offset]) if offset < end else mx
        if node.is_leaf:
            return out
        node = node.slot[offset]
        mn, mx = cmin, cmax


def find_first(tree: MapleTree, index: int, limit: int) -> tuple[Any, int, int]:
    """``mt_find()``: the first entry in [index, limit] with its range, or (None, 0, 0).

    Complexity O(log n) plus the NULL ranges skipped (at most one per leaf crossed).
    """
    root = tree.root
    if not isinstance(root, Node):
        if root is not None and index == 0:
            return root, 0, 0
        return None, 0, 0
    while index <= limit:
        # Descend to the leaf holding index (mtree_range_walk), hot loop kept flat.
        node: Node = root
        mn, mx = 0, ULONG_MAX
        while True:
            pivots = node.pivot
            end = ma_data_end(node, node.type, pivots, mx)
            offset = pivot_offset(pivots, index, 0, end)
            lo = ulong(pivots[offset - 1]) + 1 if offset else mn
            hi = ulong(pivots[offset]) if offset < end else mx
            if node.type < 2:  # a leaf
                break
            node = node.slot[offset]
            mn, mx = lo, hi
        slots = node.slot
        while True:
            if lo > limit:
                return None, 0, 0
            entry = slots[offset]
            if entry is not None:
                return entry, lo, hi
            if offset >= end:
                break
            offset += 1
            lo = hi + 1
            hi = ulong(pivots[offset]) if offset < end else mx
        if mx == ULONG_MAX:
            return None, 0, 0
        index = mx + 1
    return None, 0, 0
