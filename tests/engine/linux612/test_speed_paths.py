"""The speed work on the 6.12 engine changes nothing the kernel would see.

- the untraced insert (whose ``mas_preallocate()`` walk also answers the intersection
  check) gives, op by op, the result, conflict, store type, preallocation, map_count and
  tree of the traced path (which walks ``mt_find()`` first, as the kernel does);
- ``Mm612.load()`` builds the tree ``insert_vm_struct()`` builds, refuses what it refuses
  and gives the cyclic collector back as it found it;
- nodes that die in a write are freed by reference counting: no cycle is left behind for
  the cyclic collector, and no live node points at a dead one;
- the helpers behind it (``pivot_offset``, ``copy_words``, ``copy_piv``) are the kernel's
  scan and a bounded ``memcpy()``, compiled or not, and node memory words hold every
  unsigned long (``word``/``ulong``);
- dead nodes recycled by a bulk load come back zeroed, and the load's tree is the one the
  per-call path builds.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect_left
from typing import Any

import pytest

from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.maple import maple_json, preorder
from vmastudio.engine.linux612.mm import ENOMEM, Mm612, Vma612
from vmastudio.engine.linux612.nodes import (
    ULONG_MAX,
    MapleTree,
    Node,
    copy_piv,
    copy_words,
    pivot_offset,
    ulong,
    ulongs,
    word,
    words,
)
from vmastudio.engine.overcommit import MemoryConfig
from vmastudio.engine.vma import DEFAULT_FLAGS, VM_ACCOUNT

P = 0x1000


def tree_of(mm: Mm612) -> dict[str, object]:
    return maple_json(mm.maple.tree, lambda v: v.start)


def random_ops(seed: int, n: int) -> list[tuple[int, int, int]]:
    """Inserts with overlaps (refused), exact refills of holes, touching neighbours and
    VM_ACCOUNT charges: (start, end, flags)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.5:  # whole blocks of a grid: holes get refilled exactly
            s = rng.randrange(0x10, 0x400) * 4 * P
            e = s + 4 * P
        else:
            s = rng.randrange(0x40, 0x1000) * P
            e = s + rng.choice([1, 1, 2, 3, 8, 40]) * P
        flags = DEFAULT_FLAGS | (VM_ACCOUNT if rng.random() < 0.2 else 0)
        out.append((s, e, flags))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_untraced_inserts_match_the_traced_path_op_by_op(seed: int) -> None:
    # a machine that refuses some VM_ACCOUNT charges along the way
    memory = MemoryConfig(overcommit_memory=2, totalram_pages=4000, overcommit_ratio=50)
    fast, traced = Mm612(memory), Mm612(memory)
    refused = kinds = 0
    seen: set[str] = set()
    for k, (s, e, flags) in enumerate(random_ops(seed, 900)):
        a = fast.insert_vm_struct(Vma612(s, e, flags))
        b = traced.insert_vm_struct(Vma612(s, e, flags), trace=True)
        assert a.steps == [] and b.steps
        assert (a.result, a.conflict, a.store_type, a.prealloc) == (
            b.result,
            b.conflict,
            b.store_type,
            b.prealloc,
        ), k
        assert (fast.map_count, fast.committed, fast.total_vm) == (
            traced.map_count,
            traced.committed,
            traced.total_vm,
        )
        refused += a.result == ENOMEM
        seen.add(a.store_type or "")
        if k % 50 == 0:
            assert tree_of(fast) == tree_of(traced)
    check(fast.maple.tree)
    assert tree_of(fast) == tree_of(traced)
    kinds = len(seen)
    # the sequence reaches conflicts, refused charges and several store types
    assert refused > 50
    assert {"wr_node_store", "wr_split_store", "wr_exact_fit"} <= seen, seen
    assert kinds >= 4


def test_a_refused_charge_and_a_conflict_are_told_apart_on_the_fast_path() -> None:
    memory = MemoryConfig(overcommit_memory=2, totalram_pages=100, overcommit_ratio=50)
    mm = Mm612(memory)
    assert mm.insert_vm_struct(Vma612(0x400000, 0x400000 + 4 * P, DEFAULT_FLAGS)).result == 0
    # a hole, but the charge is refused: -ENOMEM without a conflict, nothing stored
    big = mm.insert_vm_struct(Vma612(0x500000, 0x500000 + 200 * P, DEFAULT_FLAGS | VM_ACCOUNT))
    assert (big.result, big.conflict, big.store_type) == (ENOMEM, None, None)
    # across the end of the VMA: the conflict is its vm_start
    over = mm.insert_vm_struct(Vma612(0x400000 + 3 * P, 0x400000 + 6 * P, DEFAULT_FLAGS))
    assert (over.result, over.conflict) == (ENOMEM, 0x400000)
    assert [v.start for v in mm.vmas()] == [0x400000] and mm.map_count == 1


@pytest.mark.parametrize("order", ["ascending", "descending", "random"])
def test_load_builds_the_tree_inserts_build(order: str) -> None:
    ranges = [((0x400 + 3 * i) * P, (0x401 + 3 * i + i % 2) * P) for i in range(2000)]
    if order == "descending":
        ranges.reverse()
    elif order == "random":
        random.Random(7).shuffle(ranges)
    ranges.append(ranges[5])  # an overlap: refused by both
    one_by_one = Mm612()
    results = [one_by_one.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS)).result for s, e in ranges]
    bulk = Mm612()
    was = gc.isenabled()
    gc.enable()
    try:
        count = bulk.load(Vma612(s, e, DEFAULT_FLAGS) for s, e in ranges)
        assert gc.isenabled()  # the collector is back on afterwards
    finally:
        if not was:
            gc.disable()
    assert count == results.count(0) == len(ranges) - 1
    assert bulk.map_count == one_by_one.map_count == count
    check(bulk.maple.tree)
    assert tree_of(bulk) == tree_of(one_by_one)
    assert bulk.maple.height >= 3


def test_dead_nodes_are_freed_without_the_cyclic_collector() -> None:
    mm = Mm612()
    rng = random.Random(11)
    live: list[int] = []
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(3000):
            if rng.random() < 0.7 or not live:
                s = rng.randrange(0x10, 0x4000) * P
                if mm.insert_vm_struct(Vma612(s, s + rng.randrange(1, 4) * P, 0)).result == 0:
                    live.append(s)
            else:
                mm.erase(live.pop(rng.randrange(len(live))))
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            dead = [o for o in gc.garbage if isinstance(o, Node)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    finally:
        if was:
            gc.enable()
    assert dead == []
    nodes = [n for n, _mn, _mx in preorder(mm.maple.tree)]
    assert len(nodes) > 50  # splits, rebalances and root changes happened
    assert not any(n.dead for n in nodes)
    assert all(n.parent is not None and not n.parent.dead for n in nodes if not n.is_root)
    assert mm.maple.tree.dying == []
    check(mm.maple.tree)


def test_pivot_offset_is_the_kernels_scan() -> None:
    """Over unsigned longs, the top ones (2**63 and up, stored as negative words) too."""
    rng = random.Random(3)
    for k in range(3000):
        top = 1 << 40 if k % 2 else ULONG_MAX
        pivots = sorted({rng.randrange(1, top) for _ in range(14)})
        pivots += [top] * (15 - len(pivots))  # (equal pivots at the end: the node's max)
        lo = rng.randrange(0, 16)
        hi = rng.randrange(lo, 16)
        index = rng.choice([*pivots, rng.randrange(0, top), 0, ULONG_MAX, (1 << 63) + 5])
        offset = lo
        while offset < hi and index > pivots[offset]:  # the kernel's loop
            offset += 1
        found = pivot_offset(words(pivots), index, lo, hi)
        assert found == offset == bisect_left(pivots, index, lo, hi)


def test_words_hold_every_unsigned_long() -> None:
    for value in (0, 1, 0x7FFF_FFFF_F000, (1 << 63) - 1, 1 << 63, ULONG_MAX - 1, ULONG_MAX):
        assert ulong(word(value)) == value
    assert word(ULONG_MAX) == -1 and word(1 << 63) == -(1 << 63)
    assert ulong(word(-1)) == ULONG_MAX  # C's wrap of 0 - 1
    with pytest.raises(OverflowError):
        word(1 << 64)  # wider than an unsigned long: a bug, never a silent cut
    assert ulongs(words([3, ULONG_MAX, 1 << 63])) == [3, ULONG_MAX, 1 << 63]


def test_recycled_nodes_come_back_zeroed() -> None:
    """A node a write killed, handed out again by a recycling tree, reads as a new node:
    pivots, slots, gaps and metadata zeroed, nothing of its old parent or place."""
    tree = MapleTree()
    tree.recycle = True
    old = tree.new_node(3)
    old.pivot[2] = word(ULONG_MAX)
    old.slot[1] = object()
    assert old.gap is not None
    old.gap[0] = word(77)
    old.meta_end, old.meta_gap, old.is_root, old.parent_slot = 4, 2, True, 3
    old.parent = parent = tree.new_node(3)
    old.dead = True
    tree.dying.extend([old, old])  # a replaced subtree's top is listed twice
    tree.bury()
    assert tree.free_arange == [old] and tree.dying == []
    again = tree.new_node(3)
    fresh = Node(3, again.nid)
    assert again is old and again.nid > parent.nid  # a new id, as a new node
    assert ulongs(again.pivot) == ulongs(fresh.pivot) and again.slot == fresh.slot
    assert again.gap is not None and fresh.gap is not None
    assert ulongs(again.gap) == ulongs(fresh.gap)
    fields = ("type", "meta_end", "meta_gap", "is_root", "parent_slot", "parent", "dead")
    assert [getattr(again, f) for f in fields] == [getattr(fresh, f) for f in fields]
    tree.stop_recycling()
    assert not tree.recycle and tree.free_leaf == tree.free_arange == []


def test_bulk_load_with_recycling_builds_the_per_call_tree() -> None:
    """Random order, where most writes kill a node: ``load()`` (recycling dead nodes) and
    one ``insert_vm_struct()`` per VMA give the same tree, node for node."""
    rng = random.Random(11)
    ranges = []
    addr = 0x400000
    for _ in range(3000):
        size = rng.randint(1, 16) * P
        ranges.append((addr, addr + size))
        addr += size + rng.randint(0, 4) * P
    rng.shuffle(ranges)
    bulk = Mm612()
    assert bulk.load(Vma612(s, e, DEFAULT_FLAGS) for s, e in ranges) == len(ranges)
    one = Mm612()
    for s, e in ranges:
        assert one.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS)).result == 0
    assert tree_of(bulk) == tree_of(one)
    assert not bulk.maple.tree.recycle and bulk.maple.tree.free_leaf == []
    check(bulk.maple.tree)


def _slots(values: list[int]) -> list[Any]:
    return list(values)


def _slot_values(memory: list[Any]) -> list[int]:
    return list(memory)


@pytest.mark.parametrize(
    ("copy", "memory", "values"),
    [(copy_words, _slots, _slot_values), (copy_piv, words, ulongs)],
    ids=["slots", "pivot words"],
)
def test_copies_are_bounded_memcpys(copy: Any, memory: Any, values: Any) -> None:
    src = memory([1, 2, ULONG_MAX, 4, 5, 6])
    dst = memory([0] * 5)
    copy(dst, 1, src, 1, 3)
    assert values(dst) == [0, 2, ULONG_MAX, 4, 0]
    copy(dst, 0, src, 0, 0)  # nothing to copy
    with pytest.raises(IndexError):
        copy(dst, 3, src, 0, 3)  # past the end of the destination: never a resize
    with pytest.raises(IndexError):
        copy(dst, 0, src, 4, 3)
    assert len(dst) == 5 and values(dst) == [0, 2, ULONG_MAX, 4, 0]


def test_vmas_and_outcomes_pickle_compiled_or_not() -> None:
    """A replay handed over from another process is pickled: the compiled classes, whose
    constructors take arguments, pickle by their fields."""
    import pickle

    vma = Vma612(0x400000, 0x402000, DEFAULT_FLAGS, "/bin/cat", 3, False, "cat", 7)
    mm = Mm612()
    out = mm.insert_vm_struct(vma, trace=True)
    for obj in (vma, out, mm.find_vma(0x400000)):
        again = pickle.loads(pickle.dumps(obj))
        assert again == obj and type(again) is type(obj)
    assert pickle.loads(pickle.dumps(out)).steps == out.steps != []
