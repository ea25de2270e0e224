"""Erase (every rebalancing case), long random walks, and the timeline's direct access."""

from __future__ import annotations

import contextlib
import random

import pytest
from helpers import K, cases, mm_with, shape, traced_erase

from vmastudio.engine.check import check, preorder
from vmastudio.engine.scenario import OpSpec, Scenario, ScenarioError, VmaSpec
from vmastudio.engine.timeline import Timeline

ERASE_CASES = {
    "erase: at most one child",
    "erase: only a left child",
    "erase: two children, the successor takes the place",
    "erase case 1: left rotate at parent",
    "erase case 1 (mirror): right rotate at parent",
    "erase case 2: recolour the sibling red",
    "erase case 2 (mirror): recolour the sibling red",
    "erase case 3: right rotate at sibling",
    "erase case 3 (mirror): left rotate at sibling",
    "erase case 4: left rotate at parent",
    "erase case 4 (mirror): right rotate at parent",
}


def random_scenario(seed: int, n: int, kernel: str = "4.0") -> Scenario:
    rng = random.Random(seed)
    ops: list[OpSpec] = []
    live: list[int] = []
    for _ in range(n):
        if live and rng.random() < 0.35:
            start = live.pop(rng.randrange(len(live)))
            ops.append(OpSpec("erase", start=start))
            continue
        start = rng.randrange(16, 4096) * K
        end = start + rng.randint(1, 8) * K
        ops.append(OpSpec("insert", vma=VmaSpec(start, end)))
        if all(
            not (s <= start < s2 or start <= s < end)
            for s, s2 in [
                (o.vma.start, o.vma.end) for o in ops[:-1] if o.vma and o.vma.start in live
            ]
        ):
            live.append(start)
    return Scenario(kernel=kernel, ops=ops)  # type: ignore[arg-type]


def test_erasing_a_leaf_black_node_with_a_black_sibling_recolours() -> None:
    # Ascending inserts give root 0x2, children 0x1 and 0x3 black after case 1, 0x4 red.
    mm = mm_with([(k * 0x10 * K, (k * 0x10 + 1) * K) for k in range(1, 5)])
    assert shape(mm) == [
        (0x20 * K, "B", 0),
        (0x10 * K, "B", 1),
        (0x30 * K, "B", 1),
        (0x40 * K, "R", 2),
    ]
    res, steps = traced_erase(mm, 0x10 * K)
    assert (res.prev, res.next) == (None, 0x20 * K)
    assert "erase case 4: left rotate at parent" in cases(steps)
    assert shape(mm) == [(0x30 * K, "B", 0), (0x20 * K, "B", 1), (0x40 * K, "B", 1)]
    assert mm.mmap is not None and mm.mmap.vm_start == 0x20 * K
    check(mm)


def test_erasing_the_root_with_two_children_promotes_its_successor() -> None:
    mm = mm_with([(0x10 * K, 0x11 * K), (0x20 * K, 0x21 * K), (0x30 * K, 0x31 * K)])
    res, steps = traced_erase(mm, 0x20 * K)
    assert cases(steps)[0] == "erase: two children, the successor takes the place"
    assert (res.prev, res.next) == (0x10 * K, 0x30 * K)
    assert shape(mm) == [(0x30 * K, "B", 0), (0x10 * K, "R", 1)]
    check(mm)


def test_erasing_the_last_vma_moves_highest_vm_end_down_to_the_prev() -> None:
    mm = mm_with([(0x10 * K, 0x11 * K), (0x20 * K, 0x21 * K)])
    traced_erase(mm, 0x20 * K)
    assert mm.highest_vm_end == 0x11 * K
    traced_erase(mm, 0x10 * K)
    assert (mm.highest_vm_end, mm.map_count, mm.mm_rb, mm.mmap) == (0, 0, None, None)


def test_a_long_random_walk_hits_every_erase_case_and_stays_valid() -> None:
    from vmastudio.engine.mm import MmStruct
    from vmastudio.engine.trace import Tracer
    from vmastudio.engine.vma import VmArea

    seen: set[str] = set()
    rng = random.Random(2024)
    for kernel in ("4.0", "4.19"):
        mm = MmStruct(kernel)  # type: ignore[arg-type]
        live: list[VmArea] = []
        for i in range(3000):
            tr = Tracer(mm)
            mm.tr = tr
            if live and rng.random() < 0.45:
                mm.erase(live.pop(rng.randrange(len(live))))
            else:
                start = rng.randrange(16, 2048) * K
                vma = VmArea(start, start + rng.randint(1, 4) * K, uid=i)
                if mm.insert_vm_struct(vma).result == 0:
                    live.append(vma)
            mm.tr = None
            seen.update(s.case for s in tr.steps if s.case.startswith("erase"))
            if i % 100 == 0:
                check(mm)
        check(mm)
    assert seen >= ERASE_CASES, ERASE_CASES - seen


@pytest.mark.parametrize("kernel", ["4.0", "4.19"])
def test_state_k_equals_a_fresh_replay_of_the_first_k_ops(kernel: str) -> None:
    scenario = random_scenario(7, 300, kernel)
    timeline = Timeline(scenario)
    for k in (0, 1, 17, 150, 299, 300):
        prefix = Timeline(Scenario(kernel=scenario.kernel, ops=scenario.ops[:k]))
        state = timeline.state(k)
        check(state)
        assert preorder(state) == preorder(prefix.mm), f"state {k}"
        assert state.map_count == prefix.mm.map_count
        assert [v.rb_subtree_gap for v in state.inorder()] == [
            v.rb_subtree_gap for v in prefix.mm.inorder()
        ]


def test_trace_of_any_op_agrees_with_the_bulk_run_and_leaves_it_untouched() -> None:
    timeline = Timeline(random_scenario(11, 400))
    final = preorder(timeline.mm)
    for k in random.Random(3).sample(range(1, 401), 60):
        res, steps = timeline.trace(k)
        assert res.to_json() == timeline.results[k - 1].to_json(), f"op {k}"
        assert steps[-1].kind == "return"
    assert preorder(timeline.mm) == final


def test_append_then_truncate_restores_the_earlier_state_exactly() -> None:
    scenario = random_scenario(5, 200)
    timeline = Timeline(scenario)
    before = (preorder(timeline.mm), [v.rb_subtree_gap for v in timeline.mm.inorder()])
    extra = random_scenario(6, 50).ops
    for op in extra:
        with contextlib.suppress(ScenarioError):
            timeline.append(op)
    timeline.truncate(200)
    assert len(timeline) == 200
    assert (preorder(timeline.mm), [v.rb_subtree_gap for v in timeline.mm.inorder()]) == before
    check(timeline.mm)
    # The truncated timeline still answers every question and can grow again.
    res, _ = timeline.trace(200)
    assert res.to_json() == timeline.results[199].to_json()
    timeline.append(OpSpec("insert", vma=VmaSpec(0x7000 * K, 0x7001 * K)))
    check(timeline.mm)
    assert timeline.summaries[-1].map_count == timeline.mm.map_count


def test_an_erase_of_a_missing_vma_is_rejected_with_its_place() -> None:
    scenario = Scenario(
        ops=[OpSpec("insert", vma=VmaSpec(0x10 * K, 0x11 * K)), OpSpec("erase", start=0x20 * K)]
    )
    with pytest.raises(ScenarioError, match=r"ops\[1\]\.start: no VMA starts at 0x20000"):
        Timeline(scenario)


def test_heights_and_black_heights_are_right_after_every_op() -> None:
    from vmastudio.engine.check import black_height, height

    scenario = random_scenario(13, 300, "4.19")
    timeline = Timeline(scenario)
    for k in range(0, 301, 23):
        state = timeline.state(k)
        if k:
            summary = timeline.summaries[k - 1]
            assert summary.height == height(state), f"op {k}"
            assert summary.black_height == black_height(state)


def test_every_op_is_described_in_one_line_with_its_result() -> None:
    from vmastudio.engine.loader import demo_scenario

    sc = demo_scenario()
    sc.ops += [
        OpSpec("find_vma", addr=0x450000),
        OpSpec("unmapped_area", length=0x1000, low=0, high=0x1000, topdown=False),
    ]
    timeline = Timeline(sc)
    lines = [timeline.describe(k) for k in range(1, len(timeline) + 1)]
    assert lines[0] == "insert [400000,452000) → 0"
    assert lines[7] == "insert [451000,460000) → -ENOMEM"
    assert lines[8] == "erase [651000,652000) → 0"
    assert lines[9] == "find_vma 0x450000 → 0x400000"
    assert lines[10] == "unmapped_area 0x1000 → 0x0"


def test_a_disposed_timeline_is_freed_by_reference_counting_alone() -> None:
    import gc

    from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
    from vmastudio.engine.vma import VmArea

    def vmas_alive() -> int:
        # The timeline's own VMAs (a trace's lazily loaded copies are young garbage the
        # collector takes as usual).
        return sum(type(o) is VmArea for o in gc.get_objects())

    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        base = vmas_alive()
        ops = [
            OpSpec("insert", vma=VmaSpec(k * 0x2000, k * 0x2000 + 0x1000)) for k in range(1, 300)
        ]
        ops += [OpSpec("erase", start=k * 0x2000) for k in range(1, 300, 3)]
        timeline = Timeline(Scenario(ops=ops))
        timeline.trace(5)
        gc.collect()  # a trace's copies: young garbage, collected as usual
        assert vmas_alive() >= base + 299
        timeline.dispose()
        del timeline
        # No collection ran: every VMA went with its last reference.
        assert vmas_alive() == base
    finally:
        if enabled:
            gc.enable()


def test_the_4x_timeline_refuses_an_op_only_6_12_models() -> None:
    import pytest

    from vmastudio.engine.scenario import OpSpec, Scenario, ScenarioError, VmaSpec

    ops = [OpSpec("insert", vma=VmaSpec(0x10000, 0x20000)), OpSpec("munmap", start=0x10000)]
    with pytest.raises(ScenarioError, match=r"6\.12"):
        Timeline(Scenario(ops=ops))
