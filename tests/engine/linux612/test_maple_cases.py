"""Hand-worked 6.12 cases, each with the store type and preallocation count the kernel
computes (lib/maple_tree.c: ``mas_wr_store_type()``, ``mas_prealloc_calc()``).

VMAs are one page each, separated by one-page holes unless said otherwise, so every
insert into the hole after the last VMA adds two slots (the VMA and the NULL after it).
"""

from __future__ import annotations

from typing import Any

from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.maple import maple_json
from vmastudio.engine.linux612.mm import ENOMEM, Mm612, Outcome, Vma612
from vmastudio.engine.linux612.nodes import ULONG_MAX, Node
from vmastudio.engine.vma import DEFAULT_FLAGS

P = 0x1000
BASE = 0x400000


def vma(start: int, end: int) -> Vma612:
    return Vma612(start, end, DEFAULT_FLAGS)


def spaced(mm: Mm612, count: int, first: int = 0) -> None:
    for i in range(first, first + count):
        s = BASE + i * 2 * P
        assert mm.insert_vm_struct(vma(s, s + P)).result == 0
        check(mm.maple.tree)


def tree(mm: Mm612) -> dict[str, Any]:
    return maple_json(mm.maple.tree, lambda v: v.start)


def kinds(out: Outcome) -> list[str]:
    return [s.kind for s in out.steps]


def request(out: Outcome) -> int:
    """The node count mas_prealloc_calc() gave, from the trace (the gfp path too)."""
    (step,) = [s for s in out.steps if s.func == "mas_preallocate"]
    count: int = step.vars["mas_preallocate"]["request"]
    return count


def root_of(mm: Mm612) -> Node:
    root = mm.maple.tree.root
    assert isinstance(root, Node)
    return root


def test_first_vma_makes_one_leaf_root_null_vma_null() -> None:
    mm = Mm612()
    out = mm.insert_vm_struct(vma(BASE, BASE + P), trace=True)
    assert (out.result, out.store_type, out.prealloc) == (0, "wr_store_root", 1)
    t = tree(mm)
    assert t["height"] == 1
    (leaf,) = t["nodes"]
    assert leaf["type"] == "leaf_64" and leaf["end"] == 2
    assert leaf["pivots"] == [BASE - 1, BASE + P - 1, ULONG_MAX]
    assert leaf["slots"] == [None, BASE, None]
    assert "new_root" in kinds(out)
    check(mm.maple.tree)


def test_second_vma_is_a_node_store_that_replaces_the_leaf_under_rcu() -> None:
    mm = Mm612()
    spaced(mm, 1)
    old = root_of(mm)
    out = mm.insert_vm_struct(vma(BASE + 2 * P, BASE + 3 * P), trace=True)
    # new_end 4 (< 16, >= 6 is not needed at the root), not an exact fit, two more slots
    assert (out.store_type, out.prealloc) == ("wr_node_store", 1)
    new = root_of(mm)
    assert new is not old and old.dead
    (replace,) = [s for s in out.steps if s.kind == "replace_dead"]
    assert replace.roles["new_node"] == new.nid and replace.roles["dead_node"] == old.nid
    assert tree(mm)["nodes"][0]["slots"] == [None, BASE, None, BASE + 2 * P, None]


def test_eighth_spaced_vma_splits_the_root_leaf_after_slot_9() -> None:
    mm = Mm612()
    spaced(mm, 7)
    assert tree(mm)["nodes"][0]["end"] == 14
    s = BASE + 7 * 2 * P
    out = mm.insert_vm_struct(vma(s, s + P), trace=True)
    # new_end 16 >= 16 slots: split; 2 * height(1) + 1 = 3 nodes (two leaves, a new root)
    assert (out.store_type, out.prealloc) == ("wr_split_store", 3)
    t = tree(mm)
    assert t["height"] == 2
    root, left, right = t["nodes"]
    assert root["type"] == "arange_64" and root["end"] == 1
    # b_end 16: split 8 falls on a NULL, the right side keeps > 6 slots, so split 9
    assert (left["end"], right["end"]) == (9, 6)
    assert left["slots"][-1] is not None  # a leaf other than the rightmost never ends in NULL
    assert root["pivots"][0] == left["max"] == right["min"] - 1
    assert "split" in kinds(out) and "new_root" in kinds(out)
    check(mm.maple.tree)


def test_full_right_leaf_pushes_left_instead_of_growing() -> None:
    mm = Mm612()
    spaced(mm, 12)
    assert [n["end"] for n in tree(mm)["nodes"]] == [1, 9, 14]
    s = BASE + 12 * 2 * P
    out = mm.insert_vm_struct(vma(s, s + P), trace=True)
    # split store (2 * 2 + 1 = 5 nodes reserved); the left sibling has room:
    # 16 + 9 = 25 slots < 2 * 16 - 2 - 1 (leaf) - 1 (rightmost) = 28
    assert (out.store_type, out.prealloc) == ("wr_split_store", 5)
    assert "push_left" in kinds(out) and "split" not in kinds(out)
    t = tree(mm)
    assert t["height"] == 2 and [n["end"] for n in t["nodes"]] == [1, 15, 10]
    check(mm.maple.tree)


def test_erase_under_the_minimum_rebalances_with_the_right_sibling() -> None:
    mm = Mm612()
    spaced(mm, 30)
    t = tree(mm)
    assert [n["end"] for n in t["nodes"]] == [3, 15, 15, 15, 12]
    for i in range(4):  # each erase merges a VMA with both NULLs around it: 2 slots fewer
        out = mm.erase(BASE + i * 2 * P, trace=True)
        assert out.store_type == "wr_node_store"
    out = mm.erase(BASE + 4 * 2 * P, trace=True)
    # new_end 5 < mt_min_slots 6 in a non-root leaf: rebalance, 2 * 2 - 1 = 3 nodes
    assert out.store_type == "wr_rebalance" and request(out) == 3
    assert out.prealloc is None  # the munmap path does not preallocate (mas_store_gfp)
    (step,) = [s for s in out.steps if s.kind == "rebalance"]
    assert step.line == "rebalance.right"
    t = tree(mm)
    assert t["height"] == 2 and [n["end"] for n in t["nodes"]] == [3, 11, 9, 15, 12]
    check(mm.maple.tree)


def test_munmap_across_two_leaves_is_a_spanning_store() -> None:
    mm = Mm612()
    spaced(mm, 30)
    before = mm.map_count
    out = mm.munmap(BASE + 10 * 2 * P, BASE + 20 * 2 * P, trace=True)
    # [index, last] runs past the leaf's max: spanning, 3 * 2 + 1 = 7 nodes
    assert out.store_type == "wr_spanning_store" and request(out) == 7
    assert "spanning" in kinds(out)
    assert mm.map_count == before - 10
    starts = [v.start for v in mm.vmas()]
    assert starts == [BASE + i * 2 * P for i in list(range(10)) + list(range(20, 30))]
    check(mm.maple.tree)


def test_hole_between_touching_vmas_is_refilled_by_an_exact_fit_in_place() -> None:
    mm = Mm612()
    for i in range(3):
        mm.insert_vm_struct(vma(BASE + i * P, BASE + (i + 1) * P))
    leaf = root_of(mm)
    out = mm.erase(BASE + P, trace=True)
    # the NULL has no NULL neighbour to merge with: the slot range is exactly [B, B + P - 1]
    assert out.store_type == "wr_exact_fit" and request(out) == 0
    out = mm.insert_vm_struct(vma(BASE + P, BASE + 2 * P), trace=True)
    assert (out.store_type, out.prealloc) == ("wr_exact_fit", 0)
    assert root_of(mm) is leaf and not leaf.dead  # one pointer written in place
    assert tree(mm)["nodes"][0]["slots"] == [None, BASE, BASE + P, BASE + 2 * P, None]
    check(mm.maple.tree)


def test_erasing_down_to_one_leaf_collapses_the_root() -> None:
    mm = Mm612()
    spaced(mm, 8)
    assert tree(mm)["height"] == 2
    assert mm.erase(BASE).store_type == "wr_node_store"
    out = mm.erase(BASE + 2 * P, trace=True)
    # the left leaf falls to 5, rebalancing with the right one leaves one node: the root
    assert out.store_type == "wr_rebalance" and request(out) == 3
    t = tree(mm)
    assert t["height"] == 1 and len(t["nodes"]) == 1 and t["nodes"][0]["end"] == 12
    assert "new_root" in kinds(out)
    check(mm.maple.tree)


def test_erasing_the_last_vma_empties_the_tree_with_a_new_root() -> None:
    mm = Mm612()
    spaced(mm, 1)
    out = mm.erase(BASE, trace=True)
    # NULL grows over both neighbours to 0..ULONG_MAX: wr_new_root, 1 node
    assert out.store_type == "wr_new_root" and request(out) == 1
    assert tree(mm) == {"height": 0, "nodes": []}
    check(mm.maple.tree)


def test_overlapping_insert_is_refused_with_enomem_and_changes_nothing() -> None:
    mm = Mm612()
    spaced(mm, 20)
    before = tree(mm)
    root = root_of(mm)
    s = BASE + 6 * 2 * P
    out = mm.insert_vm_struct(vma(s - P, s + P), trace=True)
    assert (out.result, out.conflict) == (ENOMEM, s)
    assert (out.store_type, out.prealloc) == (None, None)
    assert tree(mm) == before and root_of(mm) is root and mm.map_count == 20
    assert kinds(out)[-1] == "return" and "prealloc" not in kinds(out)
