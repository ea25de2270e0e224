"""Rebuilding nodes through the "big node": split (with push left/right), rebalance and the
spanning rebalance of Linux 6.12 ``lib/maple_tree.c``.

``struct maple_big_node`` holds up to 33 pivots and 34 slots; in the kernel its gap array
shares memory with the slot array (``gap[i]`` is the word of ``slot[21 + i]``), and this
model keeps that sharing (``BigNode.mem``) so that the rare wide arange rebuilds read what
the kernel reads.
"""

from __future__ import annotations

from typing import Any, Final

from librt.vecs import vec
from mypy_extensions import i64

from .nodes import (
    MA_NONE,
    MA_STATE_BULK,
    MA_STATE_REBALANCE,
    MAPLE_ARANGE_64,
    MT_MIN_SLOTS,
    MT_PIVOTS,
    MT_SLOTS,
    ULONG_MAX,
    MaState,
    Node,
    WrState,
    copy_piv,
    copy_words,
    ma_data_end,
    mas_ascend,
    mas_data_end,
    mas_descend,
    mas_max_gap,
    mas_next_sibling,
    mas_node_or_none,
    mas_prev_sibling,
    mas_put_in_tree,
    mas_safe_pivot,
    mas_set_parent,
    mas_update_gap,
    mas_wr_node_walk,
    mte_parent_slot,
    mtree_range_walk,
    ulong,
    word,
    zero_words,
)

BIG_SLOTS: Final = MT_SLOTS[1] * 2 + 2  # MAPLE_BIG_NODE_SLOTS
BIG_GAPS: Final = MT_SLOTS[MAPLE_ARANGE_64] * 2 + 1  # MAPLE_BIG_NODE_GAPS
GAP0: Final = BIG_GAPS  # gap[i] lives in the word of slot[GAP0 + i]


_BIG_MEM: Final[list[Any]] = [None] * (GAP0 + BIG_GAPS)


class BigNode:
    """``struct maple_big_node``, zeroed as the kernel's ``memset()`` leaves it."""

    __slots__ = ("b_end", "mem", "pivot", "type")

    def __init__(self) -> None:
        self.pivot: vec[i64] = vec[i64]([0] * (BIG_SLOTS - 1))  # words, as a node's
        self.mem: list[Any] = [None] * (GAP0 + BIG_GAPS)
        self.b_end = 0
        self.type = 0

    def clear(self) -> None:
        """``memset(b_node, 0, ...)``, in place."""
        zero_words(self.pivot)
        self.mem[:] = _BIG_MEM
        self.b_end = 0
        self.type = 0

    def gap(self, i: int) -> int:
        value = self.mem[GAP0 + i]
        if value is None:
            return 0
        assert isinstance(value, int), "big node gap read over a slot"
        return value

    def set_gap(self, i: int, value: int) -> None:
        self.mem[GAP0 + i] = value


class Subtree:
    """``struct maple_subtree_state``: the nodes a rebuild reads from and writes to."""

    __slots__ = ("bn", "l", "m", "orig_l", "orig_r", "r")

    def __init__(self, orig_l: MaState, orig_r: MaState, bn: BigNode) -> None:
        self.orig_l = orig_l
        self.orig_r = orig_r
        self.l: MaState = orig_l
        self.m: MaState = orig_l
        self.r: MaState = orig_r
        self.bn = bn


def mab_shift_right(bn: BigNode, shift: int) -> None:
    size = bn.b_end
    piv = bn.pivot
    for t in range(size - 1, -1, -1):  # memmove() up: the top word first
        piv[shift + t] = piv[t]
    mem = bn.mem
    mem[shift : shift + size] = mem[0:size]
    if bn.type == MAPLE_ARANGE_64:
        mem[GAP0 + shift : GAP0 + shift + size] = mem[GAP0 : GAP0 + size]


def mab_middle_node(bn: BigNode, split: int, slot_count: int) -> bool:
    size = bn.b_end
    if size >= 2 * slot_count:
        return True
    return bn.mem[split] is None and size >= 2 * slot_count - 1


def mab_no_null_split(bn: BigNode, split: int, slot_count: int) -> int:
    """``mab_no_null_split()``: never end a node on a NULL."""
    if bn.mem[split] is None:
        if split < slot_count - 1 and (bn.b_end - split) > MT_MIN_SLOTS[bn.type]:
            split += 1
        else:
            split -= 1
    return split


def mab_calc_split(mas: MaState, bn: BigNode) -> tuple[int, int]:
    """``mab_calc_split()``: (split, mid_split) — half and half, or thirds for a 3-way split."""
    b_end = bn.b_end
    split = b_end // 2
    slot_count = MT_SLOTS[bn.type]
    if mas.flags & MA_STATE_BULK:
        split = b_end - MT_MIN_SLOTS[bn.type]
        if bn.type >= 2:
            return split, 0
        mas.flags |= MA_STATE_REBALANCE
        if bn.mem[split] is None:
            split -= 1
        return split, 0
    if mab_middle_node(bn, split, slot_count):
        split = b_end // 3
        mid_split = split * 2
    else:
        mid_split = 0
    split = mab_no_null_split(bn, split, slot_count)
    if mid_split:
        mid_split = mab_no_null_split(bn, mid_split, slot_count)
    return split, mid_split


def mas_mab_cp(mas: MaState, mas_start: int, mas_end: int, bn: BigNode, mab_start: int) -> None:
    """``mas_mab_cp()``: copy slots ``mas_start..mas_end`` of a node into the big node.

    The pivots are copied one by one, stopping at a 0 pivot (past the data) or at the
    node's max, as the kernel does; slots (and an arange node's gaps) as one block.
    """
    node: Node = mas.node
    mt = node.type
    pivots = node.pivot
    i = mas_start
    j = mab_start
    bpiv = bn.pivot
    complete = False
    if not i:
        bpiv[j] = pivots[0]
        i = 1
        if i > mas_end:
            complete = True
        else:
            j += 1
    if not complete:
        piv_end = min(mas_end, MT_PIVOTS[mt])
        mx = mas.max
        mxw = word(mx)
        # The kernel copies pivot by pivot and stops at a 0 pivot (past the data) or at the
        # node's max; the stop is found first and the pivots are copied as one block.
        k = i
        while k < piv_end:
            p = pivots[k]
            if not p or p == mxw:
                break
            k += 1
        n = k - i
        if k < piv_end:
            copy_piv(bpiv, j, pivots, i, n + 1)  # the stopping pivot is copied too
            complete = pivots[k] != 0
        else:
            copy_piv(bpiv, j, pivots, i, n)
        i = k
        j += n
        if not complete and i <= mas_end:
            bpiv[j] = mxw if i >= MT_PIVOTS[mt] else pivots[i]  # mas_safe_pivot()
    j += 1
    bn.b_end = j
    j -= mab_start
    mem = bn.mem
    copy_words(mem, mab_start, node.slot, mas_start, j)
    gaps = node.gap
    if gaps is not None:
        if mas_start + j > len(gaps):
            raise IndexError(f"copy of {j} words past the end of node memory")
        for t in range(j):
            mem[GAP0 + mab_start + t] = ulong(gaps[mas_start + t])


def mab_mas_cp(bn: BigNode, mab_start: int, mab_end: int, mas: MaState, new_max: bool) -> None:
    """``mab_mas_cp()``: fill the (new) node at ``mas.node`` from big node slots."""
    node: Node = mas.node
    mt = node.type
    slots = node.slot
    pivots = node.pivot
    npiv = MT_PIVOTS[mt]
    if mab_end - mab_start > npiv:
        mab_end -= 1
    if not pivots[npiv - 1]:
        slots[npiv] = None
    bpiv = bn.pivot
    nb = len(bpiv)
    # Pivots from mab_start while i <= mab_end and the pivot is not 0, copied as one
    # block; a leaf's 16th pivot would land in the word of slot[0], which the slot copy
    # overwrites.
    i = mab_start + 1
    while i <= mab_end and (i >= nb or bpiv[i]):
        i += 1
    j = i - mab_start
    copy_piv(pivots, 0, bpiv, mab_start, j if j < npiv else npiv)
    copy_words(slots, 0, bn.mem, mab_start, j)
    if new_max:
        mas.max = ulong(bpiv[i - 1])
    end = j - 1
    gaps = node.gap
    if gaps is not None:
        mem = bn.mem
        max_gap = 0
        offset = 0
        # scanned from the top with a strict '>': the highest offset holding the maximum
        while j:
            j -= 1
            i -= 1
            cell = mem[GAP0 + i]
            if cell is None:
                gap = 0
            elif isinstance(cell, int):
                gap = cell
            else:
                raise AssertionError("big node gap read over a slot")
            gaps[j] = word(gap)
            if gap > max_gap:
                offset = j
                max_gap = gap
        node.meta_gap = offset
        node.meta_end = end
    elif end < MT_SLOTS[mt] - 1:  # mas_leaf_set_meta()
        node.meta_gap = 0
        node.meta_end = end
    rec = mas.tree.rec
    if rec is not None:
        rec.touched(node)


def mas_store_b_node(wr: WrState, bn: BigNode, offset_end: int) -> None:
    """``mas_store_b_node()``: the node's data with the new range written into it."""
    mas = wr.mas
    bn.type = wr.type
    b_end = 0
    slot = mas.offset
    if slot:
        mas_mab_cp(mas, 0, slot - 1, bn, 0)
        b_end = bn.b_end
        piv = ulong(bn.pivot[b_end - 1])
    else:
        piv = (mas.min - 1) & ULONG_MAX
    if ((piv + 1) & ULONG_MAX) < mas.index:
        bn.mem[b_end] = wr.content
        if wr.content is None:
            bn.set_gap(b_end, mas.index - 1 - piv)
        bn.pivot[b_end] = word(mas.index - 1)
        b_end += 1
    mas.offset = b_end
    bn.mem[b_end] = wr.entry
    bn.pivot[b_end] = word(mas.last)
    if mas.last >= mas.max:
        bn.b_end = b_end
        return
    piv = mas_safe_pivot(mas, wr.pivots, offset_end, wr.type)
    if piv > mas.last:
        if offset_end != slot:
            wr.content = wr.slots[offset_end]
        b_end += 1
        bn.mem[b_end] = wr.content
        if wr.content is None:
            bn.set_gap(b_end, piv - mas.last + 1)
        bn.pivot[b_end] = word(piv)
    slot = offset_end + 1
    if slot > mas.end:
        bn.b_end = b_end
        return
    b_end += 1
    mas_mab_cp(mas, slot, mas.end + 1, bn, b_end)
    bn.b_end -= 1


def mast_rebalance_next(mast: Subtree) -> None:
    b_end = mast.bn.b_end
    mas_mab_cp(mast.orig_r, 0, MT_SLOTS[mast.orig_r.node.type], mast.bn, b_end)
    mast.orig_r.last = mast.orig_r.max


def mast_rebalance_prev(mast: Subtree) -> None:
    end = mas_data_end(mast.orig_l) + 1
    b_end = mast.bn.b_end
    mab_shift_right(mast.bn, end)
    mas_mab_cp(mast.orig_l, 0, end - 1, mast.bn, 0)
    mast.l.min = mast.orig_l.min
    mast.orig_l.index = mast.orig_l.min
    mast.bn.b_end = end + b_end
    mast.l.offset += end


def mast_spanning_rebalance(mast: Subtree) -> bool:
    """``mast_spanning_rebalance()``: pull in a neighbour (right first, else left) to fill up."""
    r_tmp = mast.orig_r.copy()
    l_tmp = mast.orig_l.copy()
    depth = 0
    while True:
        mas_ascend(mast.orig_r)
        mas_ascend(mast.orig_l)
        depth += 1
        if mast.orig_r.offset < mas_data_end(mast.orig_r):
            mast.orig_r.offset += 1
            while True:
                mas_descend(mast.orig_r)
                mast.orig_r.offset = 0
                depth -= 1
                if not depth:
                    break
            mast_rebalance_next(mast)
            mast.orig_l.set(l_tmp)
            return True
        elif mast.orig_l.offset != 0:
            mast.orig_l.offset -= 1
            while True:
                mas_descend(mast.orig_l)
                mast.orig_l.offset = mas_data_end(mast.orig_l)
                depth -= 1
                if not depth:
                    break
            mast_rebalance_prev(mast)
            mast.orig_r.set(r_tmp)
            return True
        if mast.orig_r.node.is_root:
            break
    mast.orig_r.set(r_tmp)
    mast.orig_l.set(l_tmp)
    return False


def mast_ascend(mast: Subtree) -> None:
    """``mast_ascend()``: move both original sides up a level and re-find their offsets."""
    wr = WrState(mast.orig_r, None)
    mas_ascend(mast.orig_l)
    mas_ascend(mast.orig_r)
    mast.orig_r.offset = 0
    mast.orig_r.index = mast.r.max
    if mast.orig_r.last < mast.orig_r.index:
        mast.orig_r.last = mast.orig_r.index
    wr.type = mast.orig_r.node.type
    mas_wr_node_walk(wr)
    mast.orig_l.offset = 0
    mast.orig_l.index = mast.l.min
    wr.mas = mast.orig_l
    wr.type = mast.orig_l.node.type
    mas_wr_node_walk(wr)
    mast.bn.type = wr.type


def mas_new_ma_node(mas: MaState, bn: BigNode) -> Node:
    return mas.tree.new_node(bn.type)


def mas_mab_to_node(mas: MaState, bn: BigNode) -> tuple[int, Node, Node | None, Node | None, int]:
    """``mas_mab_to_node()``: (split, left, right, middle, mid_split) with the nodes needed."""
    slot_count = MT_SLOTS[bn.type]
    left = mas_new_ma_node(mas, bn)
    right: Node | None = None
    middle: Node | None = None
    mid_split = 0
    if bn.b_end < slot_count:
        split = bn.b_end
    else:
        split, mid_split = mab_calc_split(mas, bn)
        right = mas_new_ma_node(mas, bn)
    if mid_split:
        middle = mas_new_ma_node(mas, bn)
    return split, left, right, middle, mid_split


def mab_set_b_end(bn: BigNode, mas: MaState, entry: Node | None) -> None:
    if entry is None:
        return
    bn.mem[bn.b_end] = entry
    bn.set_gap(bn.b_end, mas_max_gap(mas))
    bn.pivot[bn.b_end] = word(mas.max)
    bn.b_end += 1


def mas_set_split_parent(
    mas: MaState, left: Node, right: Node | None, slot: int, split: int
) -> int:
    if mas.status == MA_NONE:
        return slot
    if slot <= split:
        mas_set_parent(mas.node, left, slot)
    elif right is not None:
        mas_set_parent(mas.node, right, slot - split - 1)
    return slot + 1


def mast_set_split_parents(
    mast: Subtree, left: Node, middle: Node | None, right: Node | None, split: int, mid_split: int
) -> None:
    l_: Node = left
    r_: Node | None = right
    if mast.l.status == MA_NONE:
        return
    if middle is not None:
        r_ = middle
    slot = mast.l.offset
    for side in (mast.l, mast.m, mast.r):
        # mte_mid_split_check()
        if r_ is not right and slot >= mid_split:
            assert r_ is not None
            l_ = r_
            r_ = right
            split = mid_split
        slot = mas_set_split_parent(side, l_, r_, slot, split)


def mas_topiary_replace(mas: MaState, old: Node) -> None:
    """``mas_topiary_replace()``: publish the new subtree, fix parents, kill the old nodes."""
    mas_put_in_tree(mas, old, notify=False)
    # Walk down the new nodes (children already pointing at their new parent; at most
    # three per level, as the kernel's tmp[3]) and make every child point back at them.
    level: list[Node] = [mas.node]
    while not level[0].is_leaf:
        nxt: list[Node] = []
        for node in level:
            slots = node.slot
            for i in range(node.meta_end + 1):  # ma_data_end() of an arange node
                child: Node = slots[i]
                if len(nxt) < 3 and child.parent is node and not child.is_root:
                    nxt.append(child)
                child.parent = node
                child.parent_slot = i
                child.is_root = False
        if not nxt:
            break
        level = nxt
    rec = mas.tree.rec
    if old.is_leaf:
        if rec is not None:
            rec.replaced(old, mas.node)
        return
    # Collect the old nodes: children still pointing at a dead parent are dead too.
    stack = [old]
    while stack:
        node = stack.pop()
        node.dead = True
        mas.tree.dying.append(node)
        if rec is not None:
            rec.dead(node)
        if node.is_leaf:
            continue
        end = ma_data_end(node, node.type, node.pivot, ULONG_MAX)
        for k in range(end + 1):
            child = node.slot[k]
            if isinstance(child, Node) and child.parent is node and not child.dead:
                stack.append(child)
    if rec is not None:
        rec.replaced(old, mas.node)


def mas_wmb_replace(mas: MaState, old: Node) -> None:
    mas_topiary_replace(mas, old)
    if mas.node.is_leaf:
        return
    mas_update_gap(mas)


def mast_cp_to_nodes(
    mast: Subtree, left: Node, middle: Node | None, right: Node | None, split: int, mid_split: int
) -> None:
    new_lmax = True
    mas_node_or_none(mast.l, left)
    mas_node_or_none(mast.m, middle)
    mas_node_or_none(mast.r, right)
    mast.l.min = mast.orig_l.min
    if split == mast.bn.b_end:
        mast.l.max = mast.orig_r.max
        new_lmax = False
    mab_mas_cp(mast.bn, 0, split, mast.l, new_lmax)
    if middle is not None:
        mab_mas_cp(mast.bn, 1 + split, mid_split, mast.m, True)
        mast.m.min = ulong(mast.bn.pivot[split]) + 1
        split = mid_split
    mast.r.max = mast.orig_r.max
    if right is not None:
        mab_mas_cp(mast.bn, 1 + split, mast.bn.b_end, mast.r, False)
        mast.r.min = ulong(mast.bn.pivot[split]) + 1


def mast_combine_cp_left(mast: Subtree) -> None:
    l_slot = mast.orig_l.offset
    if not l_slot:
        return
    mas_mab_cp(mast.orig_l, 0, l_slot - 1, mast.bn, 0)


def mast_combine_cp_right(mast: Subtree) -> None:
    if ulong(mast.bn.pivot[mast.bn.b_end - 1]) >= mast.orig_r.max:
        return
    mas_mab_cp(
        mast.orig_r, mast.orig_r.offset + 1, MT_SLOTS[mast.orig_r.node.type], mast.bn, mast.bn.b_end
    )
    mast.orig_r.last = mast.orig_r.max


def mas_spanning_rebalance(mas: MaState, mast: Subtree, count: int) -> None:
    """``mas_spanning_rebalance()``: rebuild until the data fits (maybe a new root)."""
    rec = mas.tree.rec
    left: Node | None = None
    middle: Node | None = None
    right: Node | None = None
    slot = 0
    l_mas = MaState(mas.tree, mas.index, mas.index)
    r_mas = MaState(mas.tree, mas.index, mas.last)
    m_mas = MaState(mas.tree, mas.index, mas.index)
    mast.l = l_mas
    mast.m = m_mas
    mast.r = r_mas
    l_mas.status = r_mas.status = m_mas.status = MA_NONE
    if (mast.orig_l.min != 0 or mast.orig_r.max != ULONG_MAX) and mast.bn.b_end <= MT_MIN_SLOTS[
        mast.bn.type
    ]:
        pulled = mast_spanning_rebalance(mast)
        if rec is not None and pulled:
            rec.rebalance_pull(mast.orig_l.node, mast.orig_r.node)
    l_mas.depth = 0
    new_root = False
    while count:
        count -= 1
        mast.bn.b_end -= 1
        mast.bn.type = mast.orig_l.node.type
        split, left, right, middle, mid_split = mas_mab_to_node(mas, mast.bn)
        mast_set_split_parents(mast, left, middle, right, split, mid_split)
        mast_cp_to_nodes(mast, left, middle, right, split, mid_split)
        if rec is not None:
            rec.level_built(left, middle, right)
        mast.bn.clear()
        mast.bn.type = left.type
        l_mas.depth += 1
        if not mast.l.min and mast.l.max == ULONG_MAX:  # mas_is_root_limits()
            new_root = True
            break
        mast_ascend(mast)
        mast_combine_cp_left(mast)
        l_mas.offset = mast.bn.b_end
        mab_set_b_end(mast.bn, l_mas, left)
        mab_set_b_end(mast.bn, m_mas, middle)
        mab_set_b_end(mast.bn, r_mas, right)
        mast_combine_cp_right(mast)
        mast.orig_l.last = mast.orig_l.max
        if mast.bn.b_end > MT_MIN_SLOTS[mast.orig_l.node.type]:  # mast_sufficient()
            continue
        if mast.bn.b_end >= MT_SLOTS[mast.orig_l.node.type]:  # mast_overflow()
            continue
        if not mast.orig_l.min and mast.orig_l.max == ULONG_MAX:
            break
        pulled = mast_spanning_rebalance(mast)
        if rec is not None and pulled:
            rec.rebalance_pull(mast.orig_l.node, mast.orig_r.node)
        if not count:
            count += 1
    if not new_root:
        assert left is not None
        l_mas.node = mas.tree.new_node(mast.orig_l.node.type)
        l_mas.depth += 1
        mab_mas_cp(mast.bn, 0, MT_SLOTS[mast.bn.type] - 1, l_mas, True)
        mas_set_parent(left, l_mas.node, slot)
        if middle is not None:
            slot += 1
            mas_set_parent(middle, l_mas.node, slot)
        if right is not None:
            slot += 1
            mas_set_parent(right, l_mas.node, slot)
        if rec is not None:
            rec.level_built(l_mas.node, None, None)
    if new_root or (not mast.l.min and mast.l.max == ULONG_MAX):
        top: Node = mast.l.node
        top.parent = None
        top.is_root = True
        while not mast.orig_l.node.is_root:
            mast_ascend(mast)
    else:
        top = l_mas.node
        origin: Node = mast.orig_l.node
        top.parent = origin.parent
        top.parent_slot = origin.parent_slot
        top.is_root = origin.is_root
    old: Node = mast.orig_l.node
    mas.depth = l_mas.depth
    mas.node = l_mas.node
    mas.min = l_mas.min
    mas.max = l_mas.max
    mas.offset = l_mas.offset
    mas_wmb_replace(mas, old)
    mtree_range_walk(mas)


def mas_rebalance(mas: MaState, bn: BigNode) -> None:
    """``mas_rebalance()``: combine an underfull node with its right (else left) sibling."""
    empty_count = mas.tree.height
    bn.b_end += 1
    b_end = bn.b_end
    l_mas = mas.copy()
    r_mas = mas.copy()
    mast = Subtree(l_mas, r_mas, bn)
    bn.type = mas.node.type
    rec = mas.tree.rec
    if mas_next_sibling(r_mas):
        mas_mab_cp(r_mas, 0, MT_SLOTS[r_mas.node.type], bn, b_end)
        r_mas.last = r_mas.index = r_mas.max
        if rec is not None:
            rec.rebalance_with(mas.node, r_mas.node, "right")
    else:
        mas_prev_sibling(l_mas)
        shift = mas_data_end(l_mas) + 1
        mab_shift_right(bn, shift)
        mas.offset += shift
        mas_mab_cp(l_mas, 0, shift - 1, bn, 0)
        bn.b_end = shift + b_end
        l_mas.index = l_mas.last = l_mas.min
        if rec is not None:
            rec.rebalance_with(mas.node, l_mas.node, "left")
    mas_spanning_rebalance(mas, mast, empty_count)


def mas_split_final_node(mast: Subtree, mas: MaState, height: int) -> None:
    if mas.node.is_root:
        mast.bn.type = MAPLE_ARANGE_64
        mas.depth = height
    ancestor = mas_new_ma_node(mas, mast.bn)
    mas_set_parent(mast.l.node, ancestor, mast.l.offset)
    mas_set_parent(mast.r.node, ancestor, mast.r.offset)
    cur: Node = mas.node
    ancestor.parent = cur.parent
    ancestor.parent_slot = cur.parent_slot
    ancestor.is_root = cur.is_root
    mast.l.node = ancestor
    mab_mas_cp(mast.bn, 0, MT_SLOTS[mast.bn.type] - 1, mast.l, True)
    mas.offset = mast.bn.b_end - 1
    rec = mas.tree.rec
    if rec is not None:
        rec.level_built(ancestor, None, None)


def mast_fill_bnode(mast: Subtree, mas: MaState, skip: int) -> None:
    """``mast_fill_bnode()``: the parent's data with the two new children in place of one."""
    cp = True
    mast.bn.clear()
    if mas.node.is_root:
        cp = False
    else:
        mas_ascend(mas)
        mas.offset = mte_parent_slot(mas.node)
    if cp and mast.l.offset:
        mas_mab_cp(mas, 0, mast.l.offset - 1, mast.bn, 0)
    split = mast.bn.b_end
    mab_set_b_end(mast.bn, mast.l, mast.l.node)
    mast.r.offset = mast.bn.b_end
    mab_set_b_end(mast.bn, mast.r, mast.r.node)
    if ulong(mast.bn.pivot[mast.bn.b_end - 1]) == mas.max:
        cp = False
    if cp:
        mas_mab_cp(mas, split + skip, MT_SLOTS[mas.node.type] - 1, mast.bn, mast.bn.b_end)
    mast.bn.b_end -= 1
    mast.bn.type = mas.node.type


def mast_split_data(mast: Subtree, mas: MaState, split: int) -> None:
    mab_mas_cp(mast.bn, 0, split, mast.l, True)
    rnode: Node = mast.r.node
    rnode.pivot[0] = word(mast.r.max)  # mte_set_pivot()
    mab_mas_cp(mast.bn, split + 1, mast.bn.b_end, mast.r, False)
    mast.l.offset = mte_parent_slot(mas.node)
    mast.l.max = ulong(mast.bn.pivot[split])
    mast.r.min = mast.l.max + 1
    if mas.node.is_leaf:
        return
    p_slot = mast.orig_l.offset
    p_slot = mas_set_split_parent(mast.orig_l, mast.l.node, mast.r.node, p_slot, split)
    mas_set_split_parent(mast.orig_r, mast.l.node, mast.r.node, p_slot, split)


def mas_push_data(mas: MaState, height: int, mast: Subtree, left: bool) -> bool:
    """``mas_push_data()``: move data into a sibling with room instead of splitting upwards."""
    slot_total = mast.bn.b_end
    tmp_mas = mas.copy()
    tmp_mas.depth = mast.l.depth
    if (left and not mas_prev_sibling(tmp_mas)) or (not left and not mas_next_sibling(tmp_mas)):
        return False
    end = mas_data_end(tmp_mas)
    slot_total += end
    space = 2 * MT_SLOTS[mas.node.type] - 2
    if mast.bn.type < 2:  # ma_is_leaf()
        space -= 1
    if mas.max == ULONG_MAX:
        space -= 1
    if slot_total >= space:
        return False
    rec = mas.tree.rec
    if rec is not None:
        rec.push(mas.node, tmp_mas.node, left)
    mast.bn.b_end += 1
    if left:
        mab_shift_right(mast.bn, end + 1)
        mas_mab_cp(tmp_mas, 0, end, mast.bn, 0)
        mast.bn.b_end = slot_total + 1
    else:
        mas_mab_cp(tmp_mas, 0, end, mast.bn, mast.bn.b_end)
    split = MT_SLOTS[mast.bn.type] - 2
    if left:
        mas.set(tmp_mas)
        tmp_mas.node = mast.l.node
        mast.l.set(tmp_mas)
    else:
        tmp_mas.node = mast.r.node
        mast.r.set(tmp_mas)
        split = (slot_total - split) & 0xFF
    split = mab_no_null_split(mast.bn, split, MT_SLOTS[mast.bn.type])
    if left:
        mast.orig_l.offset += end + 1
    mast_split_data(mast, mas, split)
    mast_fill_bnode(mast, mas, 2)
    mas_split_final_node(mast, mas, height + 1)
    return True


def mas_split(mas: MaState, bn: BigNode) -> None:
    """``mas_split()``: split upwards, pushing left or right where a sibling has room."""
    height = 0
    l_mas = MaState(mas.tree, mas.index, mas.last)
    r_mas = MaState(mas.tree, mas.index, mas.last)
    prev_l_mas = MaState(mas.tree, mas.index, mas.last)
    prev_r_mas = MaState(mas.tree, mas.index, mas.last)
    mas.depth = mas.tree.height
    mast = Subtree(prev_l_mas, prev_r_mas, bn)
    mast.l = l_mas
    mast.r = r_mas
    rec = mas.tree.rec
    while True:
        height += 1
        if not height - 1 <= mas.depth:
            break
        if MT_SLOTS[bn.type] > bn.b_end:
            mas_split_final_node(mast, mas, height)
            break
        l_mas.set(mas)
        r_mas.set(mas)
        l_mas.node = mas_new_ma_node(mas, bn)
        r_mas.node = mas_new_ma_node(mas, bn)
        if mas_push_data(mas, height, mast, True):
            break
        if mas_push_data(mas, height, mast, False):
            break
        split, _mid = mab_calc_split(mas, bn)
        if rec is not None:
            rec.split(mas.node, split)
        mast_split_data(mast, mas, split)
        mast.r.max = mas.max
        if rec is not None:
            rec.level_built(mast.l.node, None, mast.r.node)
        mast_fill_bnode(mast, mas, 1)
        prev_l_mas.set(mast.l)
        prev_r_mas.set(mast.r)
    old: Node = mas.node
    mas.node = l_mas.node
    mas_wmb_replace(mas, old)
    mtree_range_walk(mas)
