"""Maple tree nodes, the maple state and the walking helpers of Linux 6.12 ``lib/maple_tree.c``.

The model keeps the node *memory* the kernel keeps: a leaf_64 has 15 pivots and 16 slots,
an arange_64 has 9 pivots, 10 slots, 10 gaps and its metadata (``end``, ``gap``). Unused
pivots stay 0 as in a freshly zeroed node (``mas_pop_node()`` clears what it hands out),
because the kernel's copy loops stop on a 0 pivot or on the node's max: reading the same
memory is what makes the write path end up with the same nodes.

Pivots and gaps are machine words, as in the kernel: a node's pivots (and an arange node's
gaps) are one ``vec[i64]`` (mypyc's native vector of 64-bit words), so copying them copies
words, not references to scattered int objects. A word holds a C ``unsigned long`` in its
64 bits: ``word()`` stores one, ``ulong()`` reads it back (values of 2**63 and more, such as
``ULONG_MAX``, are negative as signed words). Everywhere else integers are Python ints with
the unsigned long's value: wherever the kernel relies on wrap-around, the value is masked
with ``ULONG_MAX``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from librt.vecs import vec
from mypy_extensions import i64

if TYPE_CHECKING:
    from .trace import Recorder

ULONG_MAX: Final = (1 << 64) - 1
_TWO64: Final = 1 << 64
_I64_TOP: Final = (1 << 63) - 1
#: The largest int mypyc keeps unboxed (a tagged 63-bit value): comparing with it is native.
_SHORT_MAX: Final = 0x3FFF_FFFF_FFFF_FFFF
#: The sign bit of a word: flipped, signed order is the unsigned order.
_SIGN: Final[i64] = -(1 << 63)


def word(value: int) -> i64:
    """The 64-bit word that holds the unsigned long ``value`` (a small negative value is
    stored as C stores it, wrapped: -1 reads back as ``ULONG_MAX``). A value wider than an
    unsigned long is a bug, never silently cut: OverflowError.

    (An int is returned as an ``i64`` without ``i64(...)``: compiled, mypyc converts it
    natively; interpreted, calling ``i64`` would be a Python call per pivot.)"""
    if value <= _SHORT_MAX:  # every user address: the compiled fast path
        return value
    if value == ULONG_MAX:  # the max of every rightmost node
        return -1
    if value > _I64_TOP:
        if value > ULONG_MAX:
            raise OverflowError(f"{value:#x} does not fit an unsigned long")
        return value - _TWO64
    return value


def ulong(w: i64) -> int:
    """The unsigned long a 64-bit word holds."""
    if w < 0:
        if w == -1:
            return ULONG_MAX  # the one object, not a new int each read
        return int(w) + _TWO64  # (an int sum: i64 + int would be an i64 sum)
    return w


def words(values: list[int]) -> vec[i64]:
    """Node memory holding ``values`` (unsigned longs), one word each."""
    return vec[i64]([word(v) for v in values])


def ulongs(memory: vec[i64]) -> list[int]:
    """The unsigned longs in node memory, as a list."""
    return [ulong(w) for w in memory]


# enum maple_type (include/linux/maple_tree.h): the values index the tables below.
MAPLE_DENSE: Final = 0
MAPLE_LEAF_64: Final = 1
MAPLE_RANGE_64: Final = 2
MAPLE_ARANGE_64: Final = 3

TYPE_NAMES: Final[dict[int, str]] = {
    MAPLE_LEAF_64: "leaf_64",
    MAPLE_RANGE_64: "range_64",
    MAPLE_ARANGE_64: "arange_64",
}

MAPLE_RANGE64_SLOTS: Final = 16
MAPLE_ARANGE64_SLOTS: Final = 10
MAPLE_NODE_SLOTS: Final = 31  # mas->offset of "no slot" (the kernel's MAPLE_NODE_SLOTS on 64 bit)

MT_SLOTS: Final[tuple[int, ...]] = (
    MAPLE_NODE_SLOTS,
    MAPLE_RANGE64_SLOTS,
    MAPLE_RANGE64_SLOTS,
    MAPLE_ARANGE64_SLOTS,
)
MT_PIVOTS: Final[tuple[int, ...]] = (
    0,
    MAPLE_RANGE64_SLOTS - 1,
    MAPLE_RANGE64_SLOTS - 1,
    MAPLE_ARANGE64_SLOTS - 1,
)
MT_MIN_SLOTS: Final[tuple[int, ...]] = (
    MAPLE_NODE_SLOTS // 2,
    MAPLE_RANGE64_SLOTS // 2 - 2,
    MAPLE_RANGE64_SLOTS // 2 - 2,
    MAPLE_ARANGE64_SLOTS // 2 - 1,
)

# enum ma_status
MA_START: Final = 0
MA_ACTIVE: Final = 1
MA_NONE: Final = 2
MA_ROOT: Final = 3
MA_PAUSE: Final = 4
MA_OVERFLOW: Final = 5
MA_UNDERFLOW: Final = 6
MA_ERROR: Final = 7

# enum store_type, in the kernel's order
WR_INVALID: Final = 0
WR_NEW_ROOT: Final = 1
WR_STORE_ROOT: Final = 2
WR_EXACT_FIT: Final = 3
WR_SPANNING_STORE: Final = 4
WR_SPLIT_STORE: Final = 5
WR_REBALANCE: Final = 6
WR_APPEND: Final = 7
WR_NODE_STORE: Final = 8
WR_SLOT_STORE: Final = 9
STORE_TYPE_NAMES: Final[tuple[str, ...]] = (
    "wr_invalid",
    "wr_new_root",
    "wr_store_root",
    "wr_exact_fit",
    "wr_spanning_store",
    "wr_split_store",
    "wr_rebalance",
    "wr_append",
    "wr_node_store",
    "wr_slot_store",
)

MA_STATE_BULK: Final = 1
MA_STATE_REBALANCE: Final = 2
MA_STATE_PREALLOC: Final = 4

EBUSY: Final = 16
EINVAL: Final = 22

#: Whether this module runs compiled by mypyc (a loop of reference copies beats a slice).
NATIVE: Final = not __file__.endswith(".py")


def copy_words(dst: list[Any], d: int, src: list[Any], s: int, n: int) -> None:
    """``memcpy()`` of ``n`` words of node memory: ``dst[d:d + n] = src[s:s + n]``.

    Compiled, a loop of reference copies (a slice would build a temporary list, and a
    loop over ``list[int]`` would box every int it stores); interpreted, the slice.
    Copying past the end of either memory is a bug, never a silent resize.
    """
    if n <= 0:
        return
    if s + n > len(src) or d + n > len(dst):
        raise IndexError(f"copy of {n} words past the end of node memory")
    if not NATIVE:
        dst[d : d + n] = src[s : s + n]
        return
    for t in range(n):
        dst[d + t] = src[s + t]


def copy_piv(dst: vec[i64], d: i64, src: vec[i64], s: i64, n: i64) -> None:
    """``memcpy()`` of ``n`` pivot words: ``dst[d:d + n] = src[s:s + n]`` (a node's gaps are
    read into the big node's shared memory as ints, not copied word to word).
    Copying past the end of either memory is a bug, never a silent resize."""
    if n <= 0:
        return
    if s + n > len(src) or d + n > len(dst):
        raise IndexError(f"copy of {n} words past the end of node memory")
    for t in range(n):
        dst[d + t] = src[s + t]


def zero_words(memory: vec[i64]) -> None:
    """``memset()`` of node memory to 0."""
    for t in range(len(memory)):
        memory[t] = 0


def pivot_offset(pivots: vec[i64], index: int, lo: int, hi: int) -> int:
    """The first offset in [lo, hi) whose pivot is >= ``index``, else ``hi``: the kernel's
    "while (offset < end && index > pivots[offset]) offset++" over ascending pivots,
    compared as unsigned longs."""
    return pivot_search(pivots, search_key(index), lo, hi)


def search_key(index: int) -> i64:
    """``index`` as ``pivot_search`` compares it (a walk makes it once, not per level)."""
    return word(index) ^ _SIGN


def pivot_search(pivots: vec[i64], key: i64, lo: int, hi: int) -> int:
    """``pivot_offset`` with the index given as its ``search_key``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if pivots[mid] ^ _SIGN < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


# Zeroed node memory, copied by every new node.
_RANGE_PIVOTS: Final[vec[i64]] = vec[i64]([0] * (MAPLE_RANGE64_SLOTS - 1))
_RANGE_SLOTS: Final[list[Any]] = [None] * MAPLE_RANGE64_SLOTS
_ARANGE_PIVOTS: Final[vec[i64]] = vec[i64]([0] * (MAPLE_ARANGE64_SLOTS - 1))
_ARANGE_SLOTS: Final[list[Any]] = [None] * MAPLE_ARANGE64_SLOTS
_ARANGE_GAPS: Final[vec[i64]] = vec[i64]([0] * MAPLE_ARANGE64_SLOTS)


class Node:
    """One 256-byte ``struct maple_node`` (leaf_64 or arange_64), its memory as lists."""

    __slots__ = (
        "dead",
        "gap",
        "is_root",
        "meta_end",
        "meta_gap",
        "nid",
        "parent",
        "parent_slot",
        "pivot",
        "slot",
        "type",
    )

    def __init__(self, mtype: int, nid: int) -> None:
        self.type = mtype
        self.pivot: vec[i64]
        self.slot: list[Any]
        self.gap: vec[i64] | None
        if mtype == MAPLE_ARANGE_64:
            self.pivot = _ARANGE_PIVOTS[0 : MAPLE_ARANGE64_SLOTS - 1]
            self.slot = _ARANGE_SLOTS.copy()
            self.gap = _ARANGE_GAPS[0:MAPLE_ARANGE64_SLOTS]
        else:
            self.pivot = _RANGE_PIVOTS[0 : MAPLE_RANGE64_SLOTS - 1]
            self.slot = _RANGE_SLOTS.copy()
            self.gap = None
        self.meta_end = 0
        self.meta_gap = 0
        # node->parent: a parent node and slot, or the tree (is_root), or zero
        self.parent: Node | None = None
        self.parent_slot = 0
        self.is_root = False
        self.dead = False
        self.nid = nid

    def reuse(self, mtype: int, nid: int) -> None:
        """The memory of a freed node of the same shape, zeroed as a new node's is."""
        self.type = mtype
        zero_words(self.pivot)
        if mtype == MAPLE_ARANGE_64:
            self.slot[:] = _ARANGE_SLOTS
            gap = self.gap
            assert gap is not None
            zero_words(gap)
        else:
            self.slot[:] = _RANGE_SLOTS
        self.meta_end = 0
        self.meta_gap = 0
        self.parent = None
        self.parent_slot = 0
        self.is_root = False
        self.dead = False
        self.nid = nid

    @property
    def is_leaf(self) -> bool:
        return self.type < MAPLE_RANGE_64

    def __repr__(self) -> str:
        return f"<{TYPE_NAMES.get(self.type, '?')} #{self.nid}>"


class MapleTree:
    """``struct maple_tree`` with the flags of ``mm->mm_mt``: ALLOC_RANGE, LOCK_EXTERN, USE_RCU."""

    __slots__ = (
        "alloc_range",
        "dying",
        "free_arange",
        "free_leaf",
        "height",
        "in_rcu",
        "next_nid",
        "rec",
        "recycle",
        "root",
        "spare_big",
    )

    def __init__(self) -> None:
        self.root: Any = None  # NULL, a Node, or a single entry
        self.height = 0  # MT_FLAGS_HEIGHT
        self.in_rcu = True
        self.alloc_range = True
        self.next_nid = 1
        self.rec: Recorder | None = None
        #: Nodes that died in the write running now (see ``bury``).
        self.dying: list[Node] = []
        #: Whether dead nodes go back to a free list for ``new_node`` (see ``bury``): only
        #: while nothing outside the tree can hold a node (an untraced bulk load).
        self.recycle = False
        self.free_leaf: list[Node] = []
        self.free_arange: list[Node] = []
        #: The big node of the last rebuild, kept to be cleared and used again (the kernel's
        #: is on the stack): a rebuild allocates none.
        self.spare_big: Any = None

    def bury(self) -> None:
        """The RCU grace period: the nodes that died in the write just done are freed.

        In the kernel a dead node's memory goes back to the allocator; here a dead node
        and its old parent or children would keep each other alive through their parent
        and slot pointers (a cycle only the cyclic collector frees, which then runs far
        more often). Dropping the dead nodes' parent pointers once the write is over
        frees them at once; nothing reads a node's memory after it died.
        """
        if self.recycle:
            self._recycle_dying()
            return
        for node in self.dying:
            node.parent = None
        self.dying.clear()

    def _recycle_dying(self) -> None:
        """``bury`` while recycling: the dead nodes' memory goes back to a free list, as the
        kernel's node cache takes it back after the grace period. A node may be listed
        twice (the top of a replaced subtree); ``dead`` is cleared when it is taken back,
        so it is taken back once."""
        for node in self.dying:
            if not node.dead:
                continue
            node.dead = False
            node.parent = None
            if node.gap is None:
                self.free_leaf.append(node)
            else:
                self.free_arange.append(node)
        self.dying.clear()

    def stop_recycling(self) -> None:
        """End a recycling stretch: the free lists are dropped (their nodes are freed)."""
        self.recycle = False
        self.free_leaf.clear()
        self.free_arange.clear()

    def new_node(self, mtype: int) -> Node:
        """``mas_pop_node()``: a zeroed node from the preallocation."""
        nid = self.next_nid
        self.next_nid = nid + 1
        free = self.free_arange if mtype == MAPLE_ARANGE_64 else self.free_leaf
        if free:
            node = free.pop()
            node.reuse(mtype, nid)
        else:
            node = Node(mtype, nid)
        if self.rec is not None:
            self.rec.node_created(node)
        return node


class MaState:
    """``struct ma_state``: the maple state; copied by value where the kernel copies it."""

    __slots__ = (
        "alloc",
        "depth",
        "end",
        "err",
        "flags",
        "index",
        "last",
        "max",
        "min",
        "node",
        "offset",
        "status",
        "store_type",
        "tree",
    )

    def __init__(self, tree: MapleTree, index: int, last: int) -> None:
        self.tree = tree
        self.index = index
        self.last = last
        self.node: Any = None
        self.min = 0
        self.max = ULONG_MAX
        self.status = MA_START
        self.depth = 0
        self.offset = 0
        self.end = 0
        self.flags = 0
        self.store_type = WR_INVALID
        self.alloc = 0
        self.err = 0

    def copy(self) -> MaState:
        new = MaState(self.tree, self.index, self.last)  # (no __new__: mypyc-compatible)
        new.set(self)
        return new

    def set(self, o: MaState) -> None:
        """``*this = *o`` (struct assignment)."""
        self.tree = o.tree
        self.index = o.index
        self.last = o.last
        self.node = o.node
        self.min = o.min
        self.max = o.max
        self.status = o.status
        self.depth = o.depth
        self.offset = o.offset
        self.end = o.end
        self.flags = o.flags
        self.store_type = o.store_type
        self.alloc = o.alloc
        self.err = o.err

    def set_err(self, err: int) -> None:
        self.err = err
        self.status = MA_ERROR

    def reset(self) -> None:
        """``mas_reset()``."""
        self.status = MA_START
        self.node = None


_NO_WORDS: Final[vec[i64]] = vec[i64]()


class WrState:
    """``struct ma_wr_state``: the write state around a maple state."""

    __slots__ = (
        "content",
        "end_piv",
        "entry",
        "mas",
        "node",
        "offset_end",
        "pivots",
        "r_max",
        "r_min",
        "slots",
        "type",
    )

    def __init__(self, mas: MaState, entry: Any) -> None:
        self.mas = mas
        self.node: Node | None = None
        self.r_min = 0
        self.r_max = 0
        self.type = 0
        self.offset_end = 0
        self.pivots: vec[i64] = _NO_WORDS
        self.end_piv = 0
        self.slots: list[Any] = []
        self.entry = entry
        self.content: Any = None


def mas_set_parent(child: Node, parent: Node, slot: int) -> None:
    """``mas_set_parent()``: encode the parent and the slot in the child."""
    child.parent = parent
    child.parent_slot = slot
    child.is_root = False


def mte_parent_slot(node: Node) -> int:
    return 0 if node.is_root else node.parent_slot


def ma_data_end(node: Node, mtype: int, pivots: vec[i64], mx: int) -> int:
    """``ma_data_end()``: the last used slot, from the metadata or the pivots."""
    if mtype == MAPLE_ARANGE_64:
        return node.meta_end
    offset = MT_PIVOTS[mtype] - 1
    w = pivots[offset]
    if not w:
        return node.meta_end
    if ulong(w) == mx:
        return offset
    return MT_PIVOTS[mtype]


def mas_data_end(mas: MaState) -> int:
    node: Node = mas.node
    return ma_data_end(node, node.type, node.pivot, mas.max)


def mas_safe_pivot(mas: MaState, pivots: vec[i64], piv: int, mtype: int) -> int:
    if piv >= MT_PIVOTS[mtype]:
        return mas.max
    return ulong(pivots[piv])


def mas_safe_min(mas: MaState, pivots: vec[i64], offset: int) -> int:
    if offset:
        return (ulong(pivots[offset - 1]) + 1) & ULONG_MAX
    return mas.min


def mas_start(mas: MaState) -> Any:
    """``mas_start()``: set up a walk from the root; returns a single-entry root's entry."""
    if mas.status == MA_START:
        mas.min = 0
        mas.max = ULONG_MAX
        mas.depth = 0
        root = mas.tree.root
        if isinstance(root, Node):
            mas.depth = 1
            mas.status = MA_ACTIVE
            mas.node = root
            mas.offset = 0
            return None
        mas.node = None
        if root is None:
            mas.status = MA_NONE
            mas.offset = MAPLE_NODE_SLOTS
            return None
        mas.status = MA_ROOT
        mas.offset = MAPLE_NODE_SLOTS
        if mas.index > 0:
            return None
        return root
    return None


def mas_descend(mas: MaState) -> None:
    """``mas_descend()``: follow the slot at ``mas.offset`` one level down."""
    node: Node = mas.node
    pivots = node.pivot
    if mas.offset:
        mas.min = ulong(pivots[mas.offset - 1]) + 1
    mas.max = mas_safe_pivot(mas, pivots, mas.offset, node.type)
    mas.node = node.slot[mas.offset]


def mas_ascend(mas: MaState) -> int:
    """``mas_ascend()``: one level up, recomputing min and max from the ancestors."""
    a_node: Node = mas.node
    if a_node.is_root:
        mas.offset = 0
        return 0
    p_node = a_node.parent
    if a_node.dead:
        return 1
    assert p_node is not None
    mas.offset = a_node.parent_slot
    a_enode = p_node
    mas.node = a_enode
    if a_enode.is_root:
        mas.max = ULONG_MAX
        mas.min = 0
        return 0
    mn = 0
    mx = ULONG_MAX
    set_min = False
    set_max = False
    if not mas.offset:
        mn = mas.min
        set_min = True
    if mas.max == ULONG_MAX:
        set_max = True
    while True:
        p_enode = a_enode
        a_node2 = p_enode.parent
        assert a_node2 is not None
        a_slot = p_enode.parent_slot
        a_enode = a_node2
        pivots = a_node2.pivot
        if not set_min and a_slot:
            set_min = True
            mn = ulong(pivots[a_slot - 1]) + 1
        if not set_max and a_slot < MT_PIVOTS[a_node2.type]:
            set_max = True
            mx = ulong(pivots[a_slot])
        if a_node2.is_root:
            break
        if set_min and set_max:
            break
    mas.max = mx
    mas.min = mn
    return 0


def mas_leaf_max_gap(mas: MaState) -> int:
    """``mas_leaf_max_gap()``: the largest NULL range in a leaf (leaves store no gaps)."""
    mn: Node = mas.node
    mt = mn.type
    slots = mn.slot
    pivots = mn.pivot
    max_gap = 0
    if slots[0] is None:
        max_gap = ulong(pivots[0]) - mas.min + 1
        i = 2
    else:
        i = 1
    max_piv = ma_data_end(mn, mt, pivots, mas.max) - 1
    if mas.max == ULONG_MAX and slots[max_piv + 1] is None:
        top = ulong(pivots[max_piv])
        gap = ULONG_MAX - top
        if gap > max_gap:
            max_gap = gap
        if max_gap > ((top - mas.min) & ULONG_MAX):
            return max_gap
    while i <= max_piv:
        if slots[i] is not None:
            i += 1
            continue
        gap = ulong(pivots[i]) - ulong(pivots[i - 1])
        if gap > max_gap:
            max_gap = gap
        i += 2  # there cannot be two NULLs in a row
    return max_gap


def ma_max_gap(node: Node) -> tuple[int, int]:
    """``ma_max_gap()``: scan an arange node's gaps from its end backwards."""
    w, offset = ma_max_gap_word(node)
    return ulong(w), offset


def ma_max_gap_word(node: Node) -> tuple[i64, int]:
    """``ma_max_gap()`` over the gap words, compared as unsigned (no int is made)."""
    gaps = node.gap
    assert gaps is not None
    i = offset = node.meta_end
    max_key: i64 = _SIGN  # the key of 0
    while True:
        key = gaps[i] ^ _SIGN
        if key > max_key:
            max_key = key
            offset = i
        if i == 0:
            break
        i -= 1
    return max_key ^ _SIGN, offset


def mas_max_gap(mas: MaState) -> int:
    node: Node = mas.node
    if node.is_leaf:
        return mas_leaf_max_gap(mas)
    assert node.gap is not None
    return ulong(node.gap[node.meta_gap])


def mas_max_gap_word(mas: MaState) -> i64:
    """``mas_max_gap()`` as the word a parent's gap array holds."""
    node: Node = mas.node
    if node.is_leaf:
        return word(mas_leaf_max_gap(mas))
    assert node.gap is not None
    return node.gap[node.meta_gap]


def mas_parent_gap(mas: MaState, offset: int, new: i64) -> None:
    """``mas_parent_gap()``: set a gap in the parent and climb while the maximum changes.

    ``new`` is the gap's word; gaps are compared as unsigned words (``key``), so climbing
    the rightmost path, whose gaps run up to ``ULONG_MAX``, makes no int.
    """
    node: Node = mas.node
    pnode = node.parent
    assert pnode is not None
    rec = mas.tree.rec
    while True:
        pgaps = pnode.gap
        assert pgaps is not None
        meta_offset = pnode.meta_gap
        meta_gap = pgaps[meta_offset]
        pgaps[offset] = new
        written = new
        # One step a level, once this level's writes are done: the gap, and the metadata
        # naming the largest gap when that changes (a step never shows one without the
        # other).
        done = meta_gap == new
        if not done:
            if offset != meta_offset:
                if meta_gap ^ _SIGN > new ^ _SIGN:
                    done = True
                else:
                    pnode.meta_gap = offset
            elif new ^ _SIGN < meta_gap ^ _SIGN:
                new, meta_offset = ma_max_gap_word(pnode)
                pnode.meta_gap = meta_offset
        if rec is not None:
            rec.gap_set(pnode, offset, ulong(written))
        if done or pnode.is_root:
            return
        offset = pnode.parent_slot
        pnode = pnode.parent
        assert pnode is not None


def mas_update_gap(mas: MaState) -> None:
    """``mas_update_gap()``: refresh this node's gap in its parent, climbing as needed."""
    node: Node = mas.node
    if node.is_root:
        return
    max_gap = mas_max_gap_word(mas)
    pslot = node.parent_slot
    parent = node.parent
    assert parent is not None and parent.gap is not None
    if parent.gap[pslot] != max_gap:
        mas_parent_gap(mas, pslot, max_gap)


def mas_adopt_children(mas: MaState, parent: Node) -> None:
    """``mas_adopt_children()``: point every child of ``parent`` back at it."""
    offset = ma_data_end(parent, parent.type, parent.pivot, mas.max)
    slots = parent.slot
    while True:
        child: Node = slots[offset]
        child.parent = parent
        child.parent_slot = offset
        child.is_root = False
        if offset == 0:
            break
        offset -= 1


def mas_put_in_tree(mas: MaState, old: Node, notify: bool = True) -> None:
    """``mas_put_in_tree()``: publish the new node, then mark the old one dead."""
    node: Node = mas.node
    tree = mas.tree
    if node.is_root:
        node.parent = None
        tree.root = node
        tree.height = mas.depth  # mas_set_height()
    else:
        parent = node.parent
        assert parent is not None
        parent.slot[node.parent_slot] = node
    old.dead = True
    tree.dying.append(old)
    if notify and tree.rec is not None:
        tree.rec.replaced(old, node)


def mas_find_child(mas: MaState, child: MaState) -> bool:
    """``mas_find_child()``: the next child (from ``mas.offset``) whose parent is this node."""
    node: Node = mas.node
    end = ma_data_end(node, node.type, node.pivot, mas.max)
    slots = node.slot
    offset = mas.offset
    while offset <= end:
        entry: Node = slots[offset]
        if entry.parent is node and not entry.is_root:
            child.set(mas)
            mas.offset = offset + 1
            child.offset = offset
            mas_descend(child)
            child.offset = 0
            return True
        offset += 1
    return False


def mas_prev_sibling(mas: MaState) -> bool:
    node: Node = mas.node
    p_slot = mte_parent_slot(node)
    if node.is_root:
        return False
    if not p_slot:
        return False
    mas_ascend(mas)
    mas.offset = p_slot - 1
    mas_descend(mas)
    return True


def mas_next_sibling(mas: MaState) -> bool:
    node: Node = mas.node
    if node.is_root:
        return False
    parent = mas.copy()
    mas_ascend(parent)
    parent.offset = mte_parent_slot(node) + 1
    if parent.offset > mas_data_end(parent):
        return False
    mas.set(parent)
    mas_descend(mas)
    return True


def mas_node_or_none(mas: MaState, enode: Node | None) -> None:
    if enode is not None:
        mas.node = enode
        mas.status = MA_ACTIVE
    else:
        mas.node = None
        mas.status = MA_NONE


def mas_wr_node_walk(wr: WrState) -> None:
    """``mas_wr_node_walk()``: find the offset of ``index`` in the current node."""
    mas = wr.mas
    node: Node = mas.node
    wr.node = node
    pivots = wr.pivots = node.pivot
    count = mas.end = ma_data_end(node, wr.type, pivots, mas.max)
    # the kernel's scan "while offset < count && index > pivots[offset]"
    offset = pivot_offset(pivots, mas.index, mas.offset, count)
    wr.r_max = ulong(pivots[offset]) if offset < count else mas.max
    wr.r_min = mas_safe_min(mas, pivots, offset)
    wr.offset_end = mas.offset = offset


def mtree_range_walk(mas: MaState) -> Any:
    """``mtree_range_walk()``: walk from ``mas.node`` down to the entry at ``mas.index``."""
    nxt: Any = mas.node
    mn = mas.min
    mx = mas.max
    index = mas.index
    while True:
        last: Node = nxt
        node = last
        pivots = node.pivot
        end = ma_data_end(node, node.type, pivots, mx)
        prev_min = mn
        prev_max = mx
        first = ulong(pivots[0])
        if first >= index:
            offset = 0
            mx = first
        else:
            offset = pivot_offset(pivots, index, 1, end)
            if offset < end:
                mx = ulong(pivots[offset])
            mn = ulong(pivots[offset - 1]) + 1
        nxt = node.slot[offset]
        if node.is_leaf:
            break
    mas.end = end
    mas.offset = offset
    mas.index = mn
    mas.last = mx
    mas.min = prev_min
    mas.max = prev_max
    mas.node = last
    return nxt
