"""Replaying an imported space in a chosen order: same VMAs, each order its own tree."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from pathlib import Path
from typing import get_args

import pytest
from helpers import K, mm_with, shape

from vmastudio.engine.check import check
from vmastudio.engine.maps import parse_maps, read_maps_file
from vmastudio.engine.mm import MmStruct
from vmastudio.engine.replay_order import (
    BULK_THRESHOLD,
    ORDERS,
    Order,
    arrange,
    auto_order,
    describe_order,
)
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import ENOMEM

BASH = Path(__file__).resolve().parents[2] / "resources" / "examples" / "bash.maps"


def maps_text(starts_in_pages: list[int]) -> str:
    """A maps text with a one-page anonymous mapping at each page number, in that order."""
    return "".join(
        f"{p * K:08x}-{(p + 1) * K:08x} rw-p 00000000 00:00 0\n" for p in starts_in_pages
    )


def imported(starts_in_pages: list[int]) -> Scenario:
    return parse_maps(maps_text(starts_in_pages), "test").scenario


def final(scenario: Scenario) -> MmStruct:
    timeline = Timeline(scenario)
    return timeline.state(len(timeline))


def op_starts(scenario: Scenario) -> list[int]:
    return [op.vma.start for op in scenario.ops if op.vma is not None]


def tree_of(scenario: Scenario) -> MmStruct:
    """The same VMAs inserted straight through ``MmStruct``, in the scenario's order."""
    specs = scenario.initial + [op.vma for op in scenario.ops if op.vma is not None]
    return mm_with([(v.start, v.end) for v in specs])


def test_the_orders_and_their_type_agree() -> None:
    assert ORDERS == ("address", "file", "reverse", "random", "bulk")
    assert set(get_args(Order)) == set(ORDERS)


# -- bash.maps: every order, the same space ----------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_every_order_of_bash_maps_ends_with_the_same_space(order: Order) -> None:
    source = read_maps_file(BASH).scenario
    starts = sorted(op_starts(source))
    arranged = arrange(source, order, seed=7)
    mm = final(arranged)
    check(mm)
    assert [v.vm_start for v in mm.inorder()] == starts
    assert [v.vm_start for v in mm.vmas()] == starts
    assert mm.map_count == len(starts) == len(source.ops)
    # The tree is exactly the one the kernel path builds from that insertion order.
    assert shape(mm) == shape(tree_of(arranged))


def test_bash_maps_is_listed_in_address_order() -> None:
    source = read_maps_file(BASH).scenario
    assert op_starts(arrange(source, "file")) == op_starts(source)
    assert op_starts(arrange(source, "address")) == op_starts(source)
    assert op_starts(arrange(source, "reverse")) == op_starts(source)[::-1]


def test_bulk_load_builds_the_address_order_tree_without_ops() -> None:
    source = read_maps_file(BASH).scenario
    bulk = arrange(source, "bulk")
    assert bulk.ops == []
    assert [v.start for v in bulk.initial] == sorted(op_starts(source))
    timeline = Timeline(bulk)
    assert len(timeline) == 0
    state = timeline.state(0)
    check(state)
    assert state.map_count == len(source.ops)
    assert timeline.initial_summary.map_count == len(source.ops)
    # Loaded untraced, but through the same kernel path: the address-order tree.
    assert shape(state) == shape(final(arrange(source, "address")))


def test_an_insert_after_a_bulk_load_is_traced_as_op_1() -> None:
    source = read_maps_file(BASH).scenario
    timeline = Timeline(arrange(source, "bulk"))
    # A page in the first gap of the space (between the binary and its heap).
    starts = sorted(op_starts(source))
    ends = {op.vma.start: op.vma.end for op in source.ops if op.vma is not None}
    gap = next(ends[a] for a, b in itertools.pairwise(starts) if ends[a] < b)
    res = timeline.append(OpSpec("insert", vma=VmaSpec(gap, gap + K)))
    assert res.result == 0
    assert len(timeline) == 1
    _, steps = timeline.trace(1)
    kinds = [s.kind for s in steps]
    assert "slot_found" in kinds
    assert timeline.describe(1) == f"insert [{gap:x},{gap + K:x}) → 0"
    after = timeline.state(1)
    check(after)
    assert after.map_count == len(source.ops) + 1
    assert timeline.state(0).map_count == len(source.ops)
    assert gap in [v.vm_start for v in after.vmas()]


# -- tree shapes: insertion order matters --------------------------------------------------


def test_ascending_and_descending_loads_build_mirror_trees() -> None:
    source = imported(list(range(16, 56, 2)))  # 20 VMAs, one page each, a page apart
    up = final(arrange(source, "address"))
    down = final(arrange(source, "reverse"))
    for mm in (up, down):
        check(mm)
        assert mm.map_count == 20
    assert [v.vm_start for v in up.inorder()] == [v.vm_start for v in down.inorder()]
    # Different trees (derived from the engine's own kernel path, not written down) ...
    assert shape(up) != shape(down)
    assert shape(up) == shape(tree_of(arrange(source, "address")))
    assert shape(down) == shape(tree_of(arrange(source, "reverse")))
    # ... and the rebalancing is symmetric: descending is ascending seen in a mirror,
    # node i from the left taking the colour and depth of node i from the right.

    def colour_depth_inorder(mm: MmStruct) -> list[tuple[bool, int]]:
        out = []
        for v in mm.inorder():
            d, p = 0, v.rb_parent
            while p is not None:
                d, p = d + 1, p.rb_parent
            out.append((v.rb_red, d))
        return out

    assert colour_depth_inorder(down) == colour_depth_inorder(up)[::-1]
    assert up.mm_rb is not None and down.mm_rb is not None
    assert up.mm_rb.vm_start != down.mm_rb.vm_start


def test_file_order_keeps_a_hand_made_text_as_written() -> None:
    pages = [40, 16, 90, 24, 70, 32]
    source = imported(pages)
    assert op_starts(arrange(source, "file")) == [p * K for p in pages]
    assert op_starts(arrange(source, "address")) == sorted(p * K for p in pages)
    assert op_starts(arrange(source, "reverse")) == sorted((p * K for p in pages), reverse=True)
    assert [v.start for v in arrange(source, "bulk").initial] == sorted(p * K for p in pages)
    ends = {order: [v.vm_start for v in final(arrange(source, order)).vmas()] for order in ORDERS}
    assert all(v == sorted(p * K for p in pages) for v in ends.values())


def test_random_is_deterministic_per_seed_and_differs_between_seeds() -> None:
    source = imported(list(range(100, 200, 2)))  # 50 VMAs
    a = op_starts(arrange(source, "random", seed=1))
    assert a == op_starts(arrange(source, "random", seed=1))
    b = op_starts(arrange(source, "random", seed=2))
    assert a != b
    assert sorted(a) == sorted(b) == op_starts(source)
    assert op_starts(arrange(source, "random")) == op_starts(arrange(source, "random", seed=0))
    # Different orders, the same final space (and usually different trees).
    ma, mb = final(arrange(source, "random", seed=1)), final(arrange(source, "random", seed=2))
    assert [v.vm_start for v in ma.inorder()] == [v.vm_start for v in mb.inorder()]
    assert ma.map_count == mb.map_count == 50


# -- the input is untouched, captions and fields are kept ---------------------------------


def test_arrange_returns_a_new_scenario_and_leaves_the_input_alone() -> None:
    source = imported([30, 10, 20])
    source.title = {"en": "t", "zh_CN": "标题"}
    source.memory_set = {"overcommit_memory": 1}
    before = copy.deepcopy(source.to_json())
    for order in ORDERS:
        out = arrange(source, order, seed=5)
        assert out is not source
        assert out.ops is not source.ops and out.initial is not source.initial
        assert out.kernel == source.kernel and out.title == source.title
        assert out.memory == source.memory and out.memory_set == source.memory_set
        # Running and extending the result must not reach back into the input.
        timeline = Timeline(out)
        timeline.append(OpSpec("insert", vma=VmaSpec(50 * K, 51 * K)))
        for vma in out.initial:
            vma.name = "changed"
        for op in out.ops:
            assert op.vma is not None
            op.vma.name = "changed"
        assert isinstance(out.title, dict)
        out.title["en"] = "changed"
        out.memory_set["x"] = 1
        assert source.to_json() == before


def test_captions_notes_and_every_field_survive() -> None:
    vmas = [
        VmaSpec(0x400000, 0x452000, 0x5, "/usr/bin/cat", 3, False, "cat"),
        VmaSpec(0x100000, 0x101000, 0x3, None, 0, True, "[vdso]"),
    ]
    ops = [
        OpSpec("insert", vma=vmas[0], caption="first", notes={"en": "n", "zh_CN": "注"}),
        OpSpec("insert", vma=vmas[1], caption={"en": "second"}),
    ]
    source = Scenario(ops=ops, kernel="4.19", title="caps", notes="scenario notes")
    assert arrange(source, "file").ops == ops
    assert arrange(source, "address").ops == ops[::-1]
    out = arrange(source, "bulk")
    assert out.initial == [vmas[1], vmas[0]] and out.kernel == "4.19"
    assert out.notes == "scenario notes"


def test_the_copies_know_every_field() -> None:
    # arrange copies OpSpec and VmaSpec field by field; a new field must be added there.
    assert [f.name for f in dataclasses.fields(OpSpec)] == [
        "op",
        "vma",
        "start",
        "addr",
        "length",
        "low",
        "high",
        "topdown",
        "caption",
        "notes",
        "end",
        "size",
        "area_min",
        "area_max",
        "rev",
    ]
    assert [f.name for f in dataclasses.fields(VmaSpec)] == [
        "start",
        "end",
        "flags",
        "file",
        "pgoff",
        "special",
        "name",
    ]


# -- what cannot be re-ordered -------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "fragment"),
    [
        (
            Scenario(
                ops=[
                    OpSpec("insert", vma=VmaSpec(0x1000, 0x2000)),
                    OpSpec("erase", start=0x1000),
                ]
            ),
            "ops[1] is 'erase'",
        ),
        (Scenario(ops=[OpSpec("find_vma", addr=0x1000)]), "ops[0] is 'find_vma'"),
        (
            Scenario(
                ops=[OpSpec("insert", vma=VmaSpec(0x3000, 0x4000))],
                initial=[VmaSpec(0x1000, 0x2000)],
            ),
            "1 initial VMAs",
        ),
    ],
)
@pytest.mark.parametrize("order", ORDERS)
def test_arrange_rejects_what_is_not_an_imported_space(
    scenario: Scenario, fragment: str, order: Order
) -> None:
    with pytest.raises(ValueError, match="only an imported address space") as info:
        arrange(scenario, order)
    assert fragment in str(info.value)


def test_arrange_rejects_an_unknown_order_and_an_overlapping_bulk_load() -> None:
    source = imported([16, 18])
    with pytest.raises(ValueError, match="unknown order 'sideways'"):
        arrange(source, "sideways")  # type: ignore[arg-type]
    overlapping = Scenario(
        ops=[
            OpSpec("insert", vma=VmaSpec(0x10000, 0x20000)),
            OpSpec("insert", vma=VmaSpec(0x18000, 0x28000)),
        ]
    )
    with pytest.raises(ValueError, match="cannot load all at once"):
        arrange(overlapping, "bulk")
    # One at a time, the kernel refuses whichever comes second (-ENOMEM).
    for order in ("address", "reverse"):
        results = [r.result for r in Timeline(arrange(overlapping, order)).results]
        assert results == [0, ENOMEM]


def test_an_empty_import_arranges_to_an_empty_scenario() -> None:
    for order in ORDERS:
        out = arrange(Scenario(), order)
        assert out.ops == [] and out.initial == []


# -- auto_order and the labels -------------------------------------------------------------


def test_auto_order_loads_big_spaces_at_once() -> None:
    assert BULK_THRESHOLD == 2000
    assert auto_order(0) == "address"
    assert auto_order(BULK_THRESHOLD) == "address"
    assert auto_order(BULK_THRESHOLD + 1) == "bulk"
    assert auto_order(65530) == "bulk"


def test_describe_order() -> None:
    assert describe_order("address") == "address order"
    assert describe_order("file") == "file order"
    assert describe_order("reverse") == "reverse address order"
    assert describe_order("random") == "random order (seed 0)"
    assert describe_order("random", seed=42) == "random order (seed 42)"
    assert describe_order("bulk") == "all at once (bulk load)"
    with pytest.raises(ValueError, match="unknown order"):
        describe_order("sideways")  # type: ignore[arg-type]


def test_a_bulk_load_may_reuse_the_vmas_of_a_scenario_its_caller_drops() -> None:
    specs = [VmaSpec(s * K, (s + 1) * K, name=f"v{s}") for s in (9, 3, 5, 1)]
    source = Scenario(ops=[OpSpec("insert", vma=v) for v in specs])
    shared = arrange(source, "bulk", reuse=True)
    copied = arrange(source, "bulk")
    # Out of file order in, address order out, either way; the same VMAs by value.
    assert [v.start for v in shared.initial] == [K, 3 * K, 5 * K, 9 * K]
    assert shared.initial == copied.initial
    by_id = {id(v) for v in specs}
    assert all(id(v) in by_id for v in shared.initial)
    assert not any(id(v) in by_id for v in copied.initial)
    # The overlap check is the same for a reused list.
    bad = Scenario(ops=[OpSpec("insert", vma=VmaSpec(K, 4 * K)), *source.ops])
    with pytest.raises(ValueError, match="overlaps"):
        arrange(bad, "bulk", reuse=True)
