"""The 6.12 write path: walk, classify (``mas_wr_store_type``), preallocate, store.

Public entry points mirror the three kernel calls the mm uses: ``mas_preallocate()`` then
``mas_store_prealloc()`` (``vma_link()``, ``vma_iter_store()``), and ``mas_store_gfp()``
(``vma_iter_clear_gfp()`` in munmap).
"""

from __future__ import annotations

from typing import Any

from .nodes import (
    MA_ACTIVE,
    MA_NONE,
    MA_ROOT,
    MA_START,
    MA_STATE_BULK,
    MA_STATE_PREALLOC,
    MAPLE_LEAF_64,
    MT_MIN_SLOTS,
    MT_PIVOTS,
    MT_SLOTS,
    ULONG_MAX,
    WR_APPEND,
    WR_EXACT_FIT,
    WR_INVALID,
    WR_NEW_ROOT,
    WR_NODE_STORE,
    WR_REBALANCE,
    WR_SLOT_STORE,
    WR_SPANNING_STORE,
    WR_SPLIT_STORE,
    WR_STORE_ROOT,
    MapleTree,
    MaState,
    Node,
    WrState,
    copy_piv,
    copy_words,
    ma_data_end,
    mas_put_in_tree,
    mas_safe_min,
    mas_safe_pivot,
    mas_start,
    mas_update_gap,
    mas_wr_node_walk,
    pivot_search,
    search_key,
    ulong,
    word,
)
from .rebuild import (
    BigNode,
    Subtree,
    mas_mab_cp,
    mas_rebalance,
    mas_spanning_rebalance,
    mas_split,
    mas_store_b_node,
)


def mas_root_expand(mas: MaState, entry: Any) -> int:
    """``mas_root_expand()``: the first leaf: [NULL,] entry[, NULL] covering 0..ULONG_MAX."""
    tree = mas.tree
    contents = tree.root
    node = tree.new_node(MAPLE_LEAF_64)
    pivots = node.pivot
    slots = node.slot
    node.is_root = True
    mas.node = node
    mas.status = MA_ACTIVE
    slot = 0
    if mas.index:
        if contents is not None:
            slots[slot] = contents
            if mas.index > 1:
                slot += 1
        pivots[slot] = word(mas.index - 1)
        slot += 1
    slots[slot] = entry
    mas.offset = slot
    pivots[slot] = word(mas.last)
    if mas.last != ULONG_MAX:
        slot += 1
        pivots[slot] = word(ULONG_MAX)
    mas.depth = 1
    tree.height = 1
    node.meta_gap = 0
    node.meta_end = slot
    tree.root = node
    if tree.rec is not None:
        tree.rec.new_root(node)
    return slot


def mas_store_root(mas: MaState, entry: Any) -> None:
    if entry is None:
        if not mas.index:
            mas.tree.root = None
    elif mas.last != 0 or mas.index != 0:
        mas_root_expand(mas, entry)
    else:
        mas.tree.root = entry
        mas.status = MA_START


def mas_is_span_wr(wr: WrState) -> bool:
    """``mas_is_span_wr()``: does the write run past this node (or end a leaf on NULL)?"""
    mx = wr.r_max
    last = wr.mas.last
    if last < mx:
        return False
    if wr.type < 2:  # leaf
        mx = wr.mas.max
        if last < mx:
            return False
    # A leaf may end in NULL only at ULONG_MAX: anything else spans into the next node.
    return not (last == mx and (wr.entry is not None or last == ULONG_MAX))


def mas_wr_walk_descend(wr: WrState) -> None:
    wr.type = wr.mas.node.type
    mas_wr_node_walk(wr)
    wr.slots = wr.mas.node.slot


def mas_wr_walk_traverse(wr: WrState) -> None:
    mas = wr.mas
    mas.max = wr.r_max
    mas.min = wr.r_min
    mas.node = wr.content
    mas.offset = 0
    mas.depth += 1


def mas_wr_walk(wr: WrState) -> bool:
    """``mas_wr_walk()``: descend to the leaf; False when the write spans nodes.

    ``mas_wr_walk_descend()``, ``mas_wr_node_walk()`` and ``mas_is_span_wr()`` are inlined:
    this loop runs once per level of every write (the hottest loop of a bulk load).
    """
    mas = wr.mas
    rec = mas.tree.rec
    key = search_key(mas.index)
    last = mas.last
    entry = wr.entry
    while True:
        node: Node = mas.node
        mtype = wr.type = node.type
        wr.node = node
        pivots = wr.pivots = node.pivot
        slots = wr.slots = node.slot
        mx = mas.max
        count = mas.end = ma_data_end(node, mtype, pivots, mx)
        offset = mas.offset
        if offset < count:
            offset = pivot_search(pivots, key, offset, count)
        r_max = wr.r_max = ulong(pivots[offset]) if offset < count else mx
        # (pivots[offset - 1] lies below the slot's r_max, so the kernel's + 1 never wraps)
        r_min = wr.r_min = ulong(pivots[offset - 1]) + 1 if offset else mas.min
        wr.offset_end = mas.offset = offset
        if rec is not None:
            rec.wr_walk(wr)
        # mas_is_span_wr()
        if last >= r_max:
            limit = mx if mtype < 2 else r_max
            if last >= limit and not (last == limit and (entry is not None or last == ULONG_MAX)):
                return False
        content = wr.content = slots[offset]
        if mtype < 2:
            return True
        mas.max = r_max
        mas.min = r_min
        mas.node = content
        mas.offset = 0
        mas.depth += 1


def mas_wr_walk_index(wr: WrState) -> None:
    mas = wr.mas
    while True:
        mas_wr_walk_descend(wr)
        wr.content = wr.slots[mas.offset]
        if wr.type < 2:
            return
        mas_wr_walk_traverse(wr)


def mas_extend_spanning_null(l_wr: WrState, r_wr: WrState) -> None:
    """``mas_extend_spanning_null()``: a NULL store swallows the NULLs on both sides."""
    r_mas = r_wr.mas
    l_mas = l_wr.mas
    l_slot = l_mas.offset
    if l_wr.content is None:
        l_mas.index = l_wr.r_min
    if l_mas.index == l_wr.r_min and l_slot and l_wr.slots[l_slot - 1] is None:
        if l_slot > 1:
            l_mas.index = ulong(l_wr.pivots[l_slot - 2]) + 1
        else:
            l_mas.index = l_mas.min
        l_mas.offset = l_slot - 1
    if r_wr.content is None:
        if r_mas.last < r_wr.r_max:
            r_mas.last = r_wr.r_max
        r_mas.offset += 1
    elif (
        r_mas.last == r_wr.r_max and r_mas.last < r_mas.max and r_wr.slots[r_mas.offset + 1] is None
    ):
        # 6.12 passes (type, offset + 1) to mas_safe_pivot() in swapped order; the branch
        # needs last == r_max of the slot holding last + 1, which cannot happen here.
        r_mas.last = mas_safe_pivot(r_mas, r_wr.pivots, r_wr.type, r_mas.offset + 1)
        r_mas.offset += 1


def mas_new_root(mas: MaState, entry: Any) -> None:
    """``mas_new_root()``: the whole range 0..ULONG_MAX becomes one entry (or empties the tree)."""
    tree = mas.tree
    old_root = tree.root
    if entry is None and not mas.index and mas.last == ULONG_MAX:
        mas.depth = 0
        tree.height = 0
        tree.root = None
        mas.status = MA_START
    else:
        node = tree.new_node(MAPLE_LEAF_64)
        node.is_root = True
        mas.node = node
        mas.status = MA_ACTIVE
        node.slot[0] = entry
        node.pivot[0] = word(mas.last)
        mas.depth = 1
        tree.height = 1
        tree.root = node
    if isinstance(old_root, Node):
        _destroy_walk(old_root, tree)
    if tree.rec is not None:
        tree.rec.new_root(tree.root if isinstance(tree.root, Node) else None)


def _destroy_walk(node: Node, tree: MapleTree) -> None:
    """``mte_destroy_walk()``: every node of the old tree is dead."""
    stack = [node]
    rec = tree.rec
    while stack:
        n = stack.pop()
        n.dead = True
        tree.dying.append(n)
        if rec is not None:
            rec.dead(n)
        if not n.is_leaf:
            end = n.meta_end
            stack.extend(n.slot[: end + 1])


def mas_wr_spanning_store(wr: WrState) -> None:
    """``mas_wr_spanning_store()``: combine the left and right leaves and rebuild upwards."""
    mas = wr.mas
    if not mas.index and mas.last == ULONG_MAX:
        mas_new_root(mas, wr.entry)
        return
    height = mas.tree.height
    r_mas = mas.copy()
    if (r_mas.last + 1) & ULONG_MAX:
        r_mas.last += 1
    r_mas.index = r_mas.last
    r_wr = WrState(r_mas, wr.entry)
    mas_wr_walk_index(r_wr)
    r_mas.last = r_mas.index = mas.last
    l_mas = mas.copy()
    l_wr = WrState(l_mas, wr.entry)
    mas_wr_walk_index(l_wr)
    if wr.entry is None:
        mas_extend_spanning_null(l_wr, r_wr)
        mas.offset = l_mas.offset
        mas.index = l_mas.index
        mas.last = l_mas.last = r_mas.last
    if not l_mas.index and r_mas.last == ULONG_MAX:
        mas.index = 0
        mas.last = ULONG_MAX
        mas_new_root(mas, wr.entry)
        return
    rec = mas.tree.rec
    if rec is not None:
        rec.spanning(l_mas.node, r_mas.node, l_mas.index, r_mas.last, l_wr, r_wr)
    bn = BigNode()
    mas_store_b_node(l_wr, bn, l_mas.end)
    if r_mas.max > r_mas.last:
        mas_mab_cp(r_mas, r_mas.offset, r_mas.end, bn, bn.b_end + 1)
    else:
        bn.b_end += 1
    l_mas.index = l_mas.last = mas.index
    mast = Subtree(l_mas, r_mas, bn)
    mas_spanning_rebalance(mas, mast, height + 1)


def mas_wr_node_store(wr: WrState, new_end: int) -> None:
    """``mas_wr_node_store()``: under RCU, a new copy of the leaf replaces the old (dead) one."""
    mas = wr.mas
    offset_end = wr.offset_end
    node_pivots = MT_PIVOTS[wr.type]
    if mas.last == wr.end_piv:
        offset_end += 1
    old: Node = mas.node
    newnode = mas.tree.new_node(wr.type)
    newnode.parent = old.parent
    newnode.parent_slot = old.parent_slot
    newnode.is_root = old.is_root
    dst_pivots = newnode.pivot
    dst_slots = newnode.slot
    off = mas.offset
    copy_piv(dst_pivots, 0, wr.pivots, 0, off)
    copy_words(dst_slots, 0, wr.slots, 0, off)
    if wr.r_min < mas.index:
        dst_slots[off] = wr.content
        dst_pivots[off] = word(mas.index - 1)
        off += 1
        mas.offset = off
    if off < node_pivots:
        dst_pivots[off] = word(mas.last)
    dst_slots[off] = wr.entry
    if offset_end <= mas.end:
        dst_offset = off + 1
        copy_size = mas.end - offset_end + 1
        copy_words(dst_slots, dst_offset, wr.slots, offset_end, copy_size)
        copy_piv(dst_pivots, dst_offset, wr.pivots, offset_end, copy_size - 1)
        if new_end < node_pivots:
            dst_pivots[new_end] = word(mas.max)
    if new_end < MT_SLOTS[MAPLE_LEAF_64] - 1:  # mas_leaf_set_meta()
        newnode.meta_gap = 0
        newnode.meta_end = new_end
    mas.node = newnode
    mas_put_in_tree(mas, old)  # mas_replace_node(): the old leaf is dead, freed after RCU
    mas_update_gap(mas)
    mas.end = new_end


def mas_wr_slot_store(wr: WrState) -> None:
    """``mas_wr_slot_store()``: two slots change in place, the slot count stays."""
    mas = wr.mas
    offset = mas.offset
    slots = wr.slots
    gap = slots[offset] is None or slots[offset + 1] is None
    if wr.offset_end - offset == 1:
        if mas.index == wr.r_min:
            slots[offset] = wr.entry
            wr.pivots[offset] = word(mas.last)
        else:
            slots[offset + 1] = wr.entry
            wr.pivots[offset] = word(mas.index - 1)
            mas.offset += 1
    elif not mas.tree.in_rcu:
        gap = gap or slots[offset + 2] is None
        slots[offset + 1] = wr.entry
        wr.pivots[offset] = word(mas.index - 1)
        wr.pivots[offset + 1] = word(mas.last)
        mas.offset += 1
    else:
        return
    rec = mas.tree.rec
    if rec is not None:
        rec.touched(mas.node)
    if wr.entry is None or gap:
        mas_update_gap(mas)


def mas_wr_extend_null(wr: WrState) -> None:
    """``mas_wr_extend_null()``: a NULL write grows over the NULL ranges beside it."""
    mas = wr.mas
    if wr.slots[wr.offset_end] is None:
        mas.last = wr.end_piv
    elif (
        mas.last == wr.end_piv and mas.end != wr.offset_end and wr.slots[wr.offset_end + 1] is None
    ):
        wr.offset_end += 1
        if wr.offset_end == mas.end:
            mas.last = mas.max
        else:
            mas.last = ulong(wr.pivots[wr.offset_end])
        wr.end_piv = mas.last
    if wr.content is None:
        mas.index = wr.r_min
    elif mas.index == wr.r_min and mas.offset and wr.slots[mas.offset - 1] is None:
        mas.offset -= 1
        wr.r_min = mas.index = mas_safe_min(mas, wr.pivots, mas.offset)
        wr.r_max = ulong(wr.pivots[mas.offset])


def mas_wr_end_piv(wr: WrState) -> None:
    mas = wr.mas
    pivots = wr.pivots
    while wr.offset_end < mas.end and mas.last > ulong(pivots[wr.offset_end]):
        wr.offset_end += 1
    if wr.offset_end < mas.end:
        wr.end_piv = ulong(pivots[wr.offset_end])
    else:
        wr.end_piv = mas.max


def mas_wr_new_end(wr: WrState) -> int:
    mas = wr.mas
    new_end = mas.end + 2
    new_end -= wr.offset_end - mas.offset
    if wr.r_min == mas.index:
        new_end -= 1
    if wr.end_piv == mas.last:
        new_end -= 1
    return new_end & 0xFF


def mas_wr_append(wr: WrState, new_end: int) -> None:
    """``mas_wr_append()``: in-place append (only without RCU; never in ``mm_mt``)."""
    mas = wr.mas
    end = mas.end
    node: Node = mas.node
    if new_end < MT_PIVOTS[wr.type]:
        wr.pivots[new_end] = wr.pivots[end]
        node.meta_gap = 0
        node.meta_end = new_end
    slots = wr.slots
    if new_end == end + 1:
        if mas.last == wr.r_max:
            slots[new_end] = wr.entry
            wr.pivots[end] = word(mas.index - 1)
            mas.offset = new_end
        else:
            slots[new_end] = wr.content
            wr.pivots[end] = word(mas.last)
            slots[end] = wr.entry
    else:
        slots[new_end] = wr.content
        wr.pivots[end + 1] = word(mas.last)
        slots[end + 1] = wr.entry
        wr.pivots[end] = word(mas.index - 1)
        mas.offset = end + 1
    if wr.content is None or wr.entry is None:
        mas_update_gap(mas)
    mas.end = new_end


def mas_wr_bnode(wr: WrState) -> None:
    tree = wr.mas.tree
    bn = tree.spare_big
    if isinstance(bn, BigNode):
        tree.spare_big = None
        bn.clear()  # the kernel's memset() of its on-stack big node
    else:
        bn = BigNode()
    mas_store_b_node(wr, bn, wr.offset_end)
    if wr.mas.store_type == WR_REBALANCE:
        mas_rebalance(wr.mas, bn)
    else:
        mas_split(wr.mas, bn)
    tree.spare_big = bn


def mas_wr_store_entry(wr: WrState) -> None:
    """``mas_wr_store_entry()``: perform the classified write."""
    mas = wr.mas
    new_end = mas_wr_new_end(wr)
    st = mas.store_type
    rec = mas.tree.rec
    if rec is not None:
        rec.store(wr, new_end)
    if st == WR_NEW_ROOT:
        mas_new_root(mas, wr.entry)
    elif st == WR_STORE_ROOT:
        mas_store_root(mas, wr.entry)
    elif st == WR_EXACT_FIT:
        wr.slots[mas.offset] = wr.entry
        if rec is not None:
            rec.touched(mas.node)
        if (wr.entry is None) != (wr.content is None):
            mas_update_gap(mas)
    elif st == WR_APPEND:
        mas_wr_append(wr, new_end)
    elif st == WR_SLOT_STORE:
        mas_wr_slot_store(wr)
    elif st == WR_NODE_STORE:
        mas_wr_node_store(wr, new_end)
    elif st == WR_SPANNING_STORE:
        mas_wr_spanning_store(wr)
    elif st in (WR_SPLIT_STORE, WR_REBALANCE):
        mas_wr_bnode(wr)
    else:
        raise AssertionError("wr_invalid store")


def mas_wr_prealloc_setup(wr: WrState) -> None:
    mas = wr.mas
    reset = False
    if mas.status != MA_ACTIVE:
        if mas.status != MA_START:
            reset = True
    elif mas.last > mas.max or (wr.entry is None and mas.node.is_leaf and mas.last == mas.max):
        reset = True
    if reset:
        mas.reset()
    wr.content = mas_start(mas)


def mas_prealloc_calc(mas: MaState, entry: Any) -> int:
    """``mas_prealloc_calc()``: how many nodes the classified store may need."""
    h = mas.tree.height
    st = mas.store_type
    if st == WR_NEW_ROOT:
        return 1
    if st == WR_STORE_ROOT:
        return 1 if (mas.last != 0 or mas.index != 0) else 0
    if st == WR_SPANNING_STORE:
        return h * 3 + 1
    if st == WR_SPLIT_STORE:
        return h * 2 + 1
    if st == WR_REBALANCE:
        return h * 2 - 1
    if st == WR_NODE_STORE:
        return 1 if mas.tree.in_rcu else 0
    if st in (WR_APPEND, WR_EXACT_FIT, WR_SLOT_STORE):
        return 0
    return h * 3 + 1


def mas_wr_store_type(wr: WrState) -> None:
    """``mas_wr_store_type()``: classify the write, in the kernel's order."""
    mas = wr.mas
    if mas.status in (MA_NONE, MA_ROOT):
        mas.store_type = WR_STORE_ROOT
        return
    if not mas_wr_walk(wr):
        mas.store_type = WR_SPANNING_STORE
        return
    mas_wr_end_piv(wr)
    if wr.entry is None:
        mas_wr_extend_null(wr)
    new_end = mas_wr_new_end(wr)
    if wr.r_min == mas.index and wr.r_max == mas.last:
        mas.store_type = WR_EXACT_FIT
        return
    if not mas.index and mas.last == ULONG_MAX:
        mas.store_type = WR_NEW_ROOT
        return
    node: Node = mas.node
    if new_end < MT_MIN_SLOTS[wr.type]:
        if not node.is_root and not (mas.flags & MA_STATE_BULK):
            mas.store_type = WR_REBALANCE
            return
        mas.store_type = WR_NODE_STORE
        return
    if new_end >= MT_SLOTS[wr.type]:
        mas.store_type = WR_SPLIT_STORE
        return
    in_rcu = mas.tree.in_rcu
    if not in_rcu and mas.offset == mas.end:
        mas.store_type = WR_APPEND
        return
    if new_end == mas.end and (not in_rcu or wr.offset_end - mas.offset == 1):
        mas.store_type = WR_SLOT_STORE
        return
    if node.is_root or new_end >= MT_MIN_SLOTS[wr.type] or (mas.flags & MA_STATE_BULK):
        mas.store_type = WR_NODE_STORE
        return
    mas.store_type = WR_INVALID


def mas_preallocate(mas: MaState, entry: Any) -> int:
    """``mas_preallocate()``: walk, classify, reserve nodes; returns the count reserved."""
    wr = WrState(mas, entry)
    mas_wr_prealloc_setup(wr)
    mas_wr_store_type(wr)
    request = mas_prealloc_calc(mas, entry)
    mas.alloc = request
    mas.flags |= MA_STATE_PREALLOC
    rec = mas.tree.rec
    if rec is not None:
        rec.prealloc(mas, request)
    return request


def mas_preallocate_hole(mas: MaState, entry: Any) -> int:
    """``mas_preallocate()`` of an insert whose walk also answers the intersection check.

    When [index, last] lies inside one NULL slot of a leaf, no entry intersects it (NULL
    ranges are merged, within a leaf and across leaves): the count reserved is returned
    as ``mas_preallocate()`` returns it. Otherwise -1 and nothing is reserved; the caller
    then asks ``mt_find()`` for the intersecting entry and, if there is none, starts a
    fresh state. The walk and the classification are ``mas_preallocate()``'s own, so the
    store that follows is the one the kernel makes.
    """
    wr = WrState(mas, entry)
    mas_wr_prealloc_setup(wr)
    mas_wr_store_type(wr)
    st = mas.store_type
    if st in (WR_SPANNING_STORE, WR_STORE_ROOT):
        return -1
    if wr.content is not None or wr.offset_end != mas.offset:
        return -1
    request = mas_prealloc_calc(mas, entry)
    mas.alloc = request
    mas.flags |= MA_STATE_PREALLOC
    rec = mas.tree.rec
    if rec is not None:
        rec.prealloc(mas, request)
    return request


def mas_store_prealloc(mas: MaState, entry: Any) -> None:
    """``mas_store_prealloc()``: the write classified by ``mas_preallocate()``."""
    wr = WrState(mas, entry)
    if mas.store_type == WR_STORE_ROOT:
        mas_wr_prealloc_setup(wr)
    else:
        mas_wr_walk_descend(wr)
        if mas.store_type != WR_SPANNING_STORE:
            wr.content = wr.slots[mas.offset]
            mas_wr_end_piv(wr)
    mas_wr_store_entry(wr)
    mas.flags &= ~MA_STATE_PREALLOC
    mas.alloc = 0
    mas.tree.bury()


def mas_store_gfp(mas: MaState, entry: Any) -> int:
    """``mas_store_gfp()``: classify and store in one call (the munmap path); returns the count."""
    wr = WrState(mas, entry)
    mas_wr_prealloc_setup(wr)
    mas_wr_store_type(wr)
    request = mas_prealloc_calc(mas, entry)
    mas.alloc = request
    rec = mas.tree.rec
    if rec is not None:
        rec.prealloc(mas, request)
    mas_wr_store_entry(wr)
    mas.alloc = 0
    mas.tree.bury()
    return request
