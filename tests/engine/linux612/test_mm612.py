"""The 6.12 mm operations around the tree: accounting, pgoff, munmap/map_fixed limits,
gap searches, and 6.12 scenarios."""

from __future__ import annotations

import pytest

from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.mm import EBUSY, ENOMEM, MMAP_MIN_ADDR, Mm612, SplitRefused, Vma612
from vmastudio.engine.linux612.replay import replay
from vmastudio.engine.overcommit import MemoryConfig
from vmastudio.engine.scenario import ScenarioError, parse_scenario
from vmastudio.engine.vma import DEFAULT_FLAGS, STACK_GUARD_GAP, VM_ACCOUNT, VM_GROWSDOWN

P = 0x1000


def test_anonymous_vma_gets_its_page_number_as_pgoff_and_a_file_vma_keeps_its_own() -> None:
    mm = Mm612()
    anon = Vma612(0x7F0000000000, 0x7F0000002000, DEFAULT_FLAGS)
    filed = Vma612(0x400000, 0x401000, DEFAULT_FLAGS, file="/bin/cat", pgoff=3)
    mm.insert_vm_struct(anon)
    mm.insert_vm_struct(filed)
    assert anon.pgoff == 0x7F0000000000 >> 12
    assert filed.pgoff == 3


def test_vm_account_refusal_is_enomem_before_any_store() -> None:
    cfg = MemoryConfig(overcommit_memory=2, totalram_pages=100, overcommit_ratio=50)
    mm = Mm612(cfg)
    big = Vma612(0x400000, 0x400000 + 200 * P, DEFAULT_FLAGS | VM_ACCOUNT)
    out = mm.insert_vm_struct(big, trace=True)
    assert out.result == ENOMEM and out.conflict is None and out.store_type is None
    assert mm.maple.tree.root is None and mm.map_count == 0
    small = Vma612(0x400000, 0x400000 + 10 * P, DEFAULT_FLAGS | VM_ACCOUNT)
    assert mm.insert_vm_struct(small).result == 0
    assert mm.committed == 10


def test_munmap_or_map_fixed_that_would_split_a_vma_is_refused_and_changes_nothing() -> None:
    mm = Mm612()
    mm.insert_vm_struct(Vma612(0x400000, 0x404000, DEFAULT_FLAGS))
    root = mm.maple.tree.root
    with pytest.raises(SplitRefused, match="would split the VMA"):
        mm.munmap(0x401000, 0x405000)
    with pytest.raises(SplitRefused):
        mm.map_fixed(Vma612(0x3FF000, 0x402000, DEFAULT_FLAGS))
    assert mm.maple.tree.root is root and mm.map_count == 1


def test_map_fixed_replaces_the_vmas_it_covers_in_one_store() -> None:
    mm = Mm612()
    for i in range(4):
        mm.insert_vm_struct(Vma612(0x400000 + i * 2 * P, 0x400000 + i * 2 * P + P, DEFAULT_FLAGS))
    out = mm.map_fixed(Vma612(0x400000 + 2 * P, 0x400000 + 7 * P, DEFAULT_FLAGS))
    # [N, A, N, B, N, C, N, D, N] becomes [N, A, N, X, N]: the root leaf is copied (node store)
    assert out.result == 0 and out.store_type == "wr_node_store" and out.prealloc == 1
    assert mm.map_count == 4 - 3 + 1
    assert [(v.start, v.end) for v in mm.vmas()] == [(0x400000, 0x401000), (0x402000, 0x407000)]
    check(mm.maple.tree)


def test_empty_area_finds_the_lowest_and_highest_windows_or_ebusy() -> None:
    mm = Mm612()
    for s in (0x10000, 0x14000):
        mm.insert_vm_struct(Vma612(s, s + P, DEFAULT_FLAGS))
    low = mm.empty_area(2 * P, 0x10000, 0x1FFFF, rev=False)
    assert (low.result, low.extra) == (0, {"index": 0x11000, "last": 0x12FFF})
    high = mm.empty_area(2 * P, 0x10000, 0x14FFF, rev=True)
    assert (high.result, high.extra) == (0, {"index": 0x12000, "last": 0x13FFF})
    none = mm.empty_area(4 * P, 0x10000, 0x14FFF, rev=False)
    assert none.result == EBUSY


def test_unmapped_area_respects_mmap_min_addr_and_the_stack_guard_gap() -> None:
    mm = Mm612()
    stack = Vma612(0x800000, 0x900000, DEFAULT_FLAGS | VM_GROWSDOWN)
    mm.insert_vm_struct(stack)
    bottom_up = mm.unmapped_area(P, 0, 0x1000000, topdown=False)
    assert bottom_up.result == MMAP_MIN_ADDR
    # top-down under the stack: [0x7ff000, 0x800000) is free but inside the guard gap, so
    # the search retries with high_limit = vm_start - stack_guard_gap
    top = mm.unmapped_area(P, 0, 0x800000, topdown=True)
    assert top.result == 0x800000 - STACK_GUARD_GAP - P
    top2 = mm.unmapped_area(P, 0, 0x1000000, topdown=True)
    assert top2.result == 0x1000000 - P
    near = mm.unmapped_area(P, 0x7FF000, 0x800000 + P, topdown=True, trace=True)
    assert near.result == ENOMEM
    assert any(s.line == "area.guard" for s in near.steps)


def test_find_vma_returns_the_first_vma_ending_above_the_address() -> None:
    mm = Mm612()
    for s in (0x400000, 0x600000):
        mm.insert_vm_struct(Vma612(s, s + P, DEFAULT_FLAGS))
    assert mm.find_vma(0x3FF000).result == 0x400000
    assert mm.find_vma(0x400FFF).result == 0x400000
    assert mm.find_vma(0x401000).result == 0x600000
    assert mm.find_vma(0x601000).result is None


SCENARIO = """{"format": "vmastudio-scenario", "version": 1, "kernel": "6.12",
 "initial": [{"start": "0x400000", "end": "0x401000"}],
 "ops": [{"op": "insert", "start": "0x402000", "end": "0x403000"},
         {"op": "munmap", "start": "0x400000", "end": "0x402000"},
         {"op": "empty_area", "size": 4096, "min": 65536, "max": 8388607, "rev": true},
         {"op": "map_fixed", "start": "0x402000", "end": "0x404000"},
         {"op": "munmap", "start": "0x402000", "end": "0x403000"}]}"""


def test_a_612_scenario_replays_and_names_a_refused_split_by_its_op() -> None:
    sc = parse_scenario(SCENARIO)
    assert sc.maple and sc.to_json()["kernel"] == "6.12"
    with pytest.raises(ScenarioError, match=r"^ops\[4\]: munmap .*would split"):
        replay(sc)
    sc.ops.pop()
    entries = replay(sc).entries
    assert [e["result"] for e in entries] == [0, 0, 0, 0]
    assert entries[1]["store_type"] == "wr_node_store" and entries[1]["map_count"] == 1
    assert entries[2]["index"] == 0x7FF000
    assert entries[3]["map_count"] == 1


def test_612_ops_are_refused_in_a_4x_scenario() -> None:
    text = SCENARIO.replace('"kernel": "6.12"', '"kernel": "4.19"')
    with pytest.raises(ScenarioError, match=r"ops\[1\]\.op: munmap exists only in a 6.12 scenario"):
        parse_scenario(text)
