"""The shipped lecture scenarios say only what the engine's trace shows.

Each lecture's captions make claims ("case 2 then case 3", "skips the left subtree",
"-ENOMEM without visiting a node"); the facts behind those claims are written down here
per op and checked against a replay with ``Timeline``, so that a change to the engine or
to a lecture that makes a caption false fails a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from vmastudio import resources
from vmastudio.engine.mm import MmStruct
from vmastudio.engine.scenario import Scenario, load_scenario
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.trace import TraceStep

M = 0x100000
KIB = 0x400
ENOMEM = -12
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Fact:
    """What the caption of one op claims."""

    #: The rebalancing case labels of the op, in order (steps with a non-empty ``case``).
    cases: tuple[str, ...] = ()
    result: int | None = 0
    #: Nodes visited (insert descent, find_vma, unmapped_area), root first; None: unchecked.
    path: tuple[int, ...] | None = None
    #: The root after the op; None: unchecked.
    root: int | None = None
    #: For unmapped_area: subtrees (by their top node) never visited although their parent
    #: was, each with an rb_subtree_gap below the requested length.
    skipped: tuple[int, ...] = ()
    #: Extra step kinds that must occur in the op (e.g. "root_black", "parent_black").
    kinds: tuple[str, ...] = ()
    #: Roles of the erase step ("erase_replace"/"erase_successor"): name → vm_start or None.
    erase_roles: dict[str, int | None] = field(default_factory=dict)


def _m(x: float) -> int:
    return int(x * M)


INSERT_CASE_1 = "insert case 1: recolour"
INSERT_CASE_1M = "insert case 1 (mirror): recolour"
INSERT_CASE_2 = "insert case 2: left rotate at parent"
INSERT_CASE_2M = "insert case 2 (mirror): right rotate at parent"
INSERT_CASE_3 = "insert case 3: right rotate at grandparent"
INSERT_CASE_3M = "insert case 3 (mirror): left rotate at grandparent"

ALL_INSERT_CASES: list[Fact] = [
    Fact(cases=(INSERT_CASE_3,), path=(_m(8), _m(4)), root=_m(4)),
    Fact(cases=(INSERT_CASE_1,), path=(_m(4), _m(2)), root=_m(4), kinds=("root_black",)),
    Fact(path=(_m(4), _m(8)), kinds=("parent_black",)),
    Fact(cases=(INSERT_CASE_3M,), path=(_m(4), _m(8), _m(12)), root=_m(4)),
    Fact(cases=(INSERT_CASE_1M,), path=(_m(4), _m(12), _m(14)), kinds=("parent_black",)),
    Fact(cases=(INSERT_CASE_2, INSERT_CASE_3), path=(_m(4), _m(2), _m(1))),
    Fact(cases=(INSERT_CASE_2M, INSERT_CASE_3M), path=(_m(4), _m(12), _m(14), _m(16))),
    Fact(cases=(INSERT_CASE_1M, INSERT_CASE_3M), path=(_m(4), _m(12), _m(15), _m(16)), root=_m(12)),
]

ONE = "erase: at most one child"
LEFT_ONLY = "erase: only a left child"
TWO = "erase: two children, the successor takes the place"
E1 = "erase case 1: left rotate at parent"
E1M = "erase case 1 (mirror): right rotate at parent"
E2 = "erase case 2: recolour the sibling red"
E2M = "erase case 2 (mirror): recolour the sibling red"
E3 = "erase case 3: right rotate at sibling"
E3M = "erase case 3 (mirror): left rotate at sibling"
E4 = "erase case 4: left rotate at parent"
E4M = "erase case 4 (mirror): right rotate at parent"

ERASE_AND_REBALANCE: list[Fact] = [
    # A red leaf: no child takes its place, no rebalancing.
    Fact(cases=(ONE,), erase_roles={"next": None, "parent": _m(14)}, kinds=("highest_vm_end",)),
    Fact(cases=(LEFT_ONLY,), erase_roles={"next": _m(13)}),
    Fact(cases=(ONE, E2, E1, E2), erase_roles={"next": None}, root=_m(8)),
    Fact(cases=(ONE,), erase_roles={"next": _m(3)}),
    # The successor is the right child (it is also the rebalancing parent).
    Fact(cases=(TWO, E2M), erase_roles={"next": _m(7), "parent": _m(7)}),
    # The successor is deeper: the left child of 7M.
    Fact(cases=(TWO,), erase_roles={"next": _m(5), "parent": _m(7)}),
    Fact(kinds=("parent_black",), path=(_m(8), _m(5), _m(7))),
    Fact(cases=(ONE, E3, E4), erase_roles={"next": None}),
    Fact(kinds=("parent_black",), path=(_m(8), _m(6.5), _m(5))),
    Fact(cases=(ONE, E4M), erase_roles={"next": None}),
    Fact(cases=(ONE, E1, E2), erase_roles={"next": None}),
    Fact(cases=(ONE, E3M, E4M), erase_roles={"next": None}),
    Fact(cases=(ONE, E2, E2M), erase_roles={"next": None}, root=_m(8)),
    Fact(cases=(TWO,), erase_roles={"next": _m(11), "parent": _m(11)}, root=_m(11)),
    Fact(cases=(ONE, E1M, E2M), erase_roles={"next": None}, root=_m(5)),
]

# why-rb-subtree-gap: fifteen 64 KiB VMAs A..O, 4 KiB apart, with a 512 KiB hole below E
# and a 2 MiB hole below L.
A, B, D, E, F, H, J, K, L, N = (
    0x10000,
    0x21000,
    0x43000,
    0xD3000,
    0xE4000,
    0x106000,
    0x128000,
    0x139000,
    0x349000,
    0x36B000,
)
O_END = 0x38C000

WHY_RB_SUBTREE_GAP: list[Fact] = [
    Fact(result=L, path=(D, H, J, L, K)),
    Fact(result=0x149000, path=(D, H, J, L), skipped=(B, F, K)),
    Fact(result=0x53000, path=(D, H, F, E), skipped=(B,)),
    Fact(result=L - 256 * KIB, path=(D, H, J, L), skipped=(B, N)),
    Fact(result=ENOMEM, path=()),
    Fact(kinds=("parent_black",), path=(D, H, J, L, K)),
    Fact(result=O_END, path=()),
]

FACTS: dict[str, list[Fact]] = {
    "all-insert-cases.vmas": ALL_INSERT_CASES,
    "why-rb-subtree-gap.vmas": WHY_RB_SUBTREE_GAP,
    "erase-and-rebalance.vmas": ERASE_AND_REBALANCE,
}


def load(name: str) -> tuple[Scenario, Timeline]:
    scenario = load_scenario(str(resources.path("lectures", name)))
    return scenario, Timeline(scenario)


def _node(mm: MmStruct, start: int) -> Any:
    node = mm.lookup(start)
    assert node is not None, hex(start)
    return node


def check_op(timeline: Timeline, k: int, fact: Fact) -> None:
    res, steps = timeline.trace(k)
    where = f"op {k}"
    cases = tuple(s.case for s in steps if s.case)
    assert cases == fact.cases, where
    assert res.result == fact.result, where
    kinds = {s.kind for s in steps}
    for kind in fact.kinds:
        assert kind in kinds, (where, kind)
    # A rotation step for every rotating case, and none elsewhere.
    rotating = [s for s in steps if s.kind in ("rotate_left", "rotate_right")]
    assert len(rotating) == sum("rotate" in c for c in cases), where
    for step in rotating:
        side = "left" if step.kind == "rotate_left" else "right"
        assert f"{side} rotate" in step.case, where
    if fact.path is not None:
        assert tuple(res.path or ()) == fact.path, where
    if fact.root is not None:
        assert timeline.summaries[k - 1].root == fact.root, where
    if fact.erase_roles:
        erase_step = _erase_step(steps)
        for role, value in fact.erase_roles.items():
            assert erase_step.role_start(role) == value, (where, role)
    if fact.skipped:
        op = timeline.scenario.ops[k - 1]
        before = timeline.state(k - 1)
        visited = set(res.path or ())
        for start in fact.skipped:
            node = _node(before, start)
            assert start not in visited, (where, hex(start))
            assert node.rb_parent is not None and node.rb_parent.vm_start in visited, where
            assert node.rb_subtree_gap < op.length, (where, hex(start))


def _erase_step(steps: list[TraceStep]) -> TraceStep:
    return next(s for s in steps if s.kind in ("erase_replace", "erase_successor"))


@pytest.mark.parametrize("name", sorted(FACTS))
def test_every_op_has_captions_and_notes_in_both_languages(name: str) -> None:
    scenario, _ = load(name)
    assert scenario.title and scenario.notes
    for text in (scenario.title, scenario.notes):
        assert isinstance(text, dict) and text.get("en") and HAN.search(text.get("zh_CN", ""))
    assert scenario.ops
    for i, op in enumerate(scenario.ops):
        for text in (op.caption, op.notes):
            assert isinstance(text, dict), (name, i)
            assert text.get("en"), (name, i)
            assert HAN.search(text.get("zh_CN", "")), (name, i)


@pytest.mark.parametrize("name", sorted(FACTS))
def test_every_caption_is_true_of_the_trace(name: str) -> None:
    _, timeline = load(name)
    facts = FACTS[name]
    assert len(timeline) == len(facts)
    for k, fact in enumerate(facts, start=1):
        check_op(timeline, k, fact)


def test_all_insert_cases_shows_every_case_on_both_sides() -> None:
    _, timeline = load("all-insert-cases.vmas")
    seen = {s.case for k in range(1, len(timeline) + 1) for s in timeline.trace(k)[1] if s.case}
    assert {
        INSERT_CASE_1,
        INSERT_CASE_1M,
        INSERT_CASE_2,
        INSERT_CASE_2M,
        INSERT_CASE_3,
        INSERT_CASE_3M,
    } <= seen
    # Case 3 alone (a single rotation) on each side, not only after case 2.
    singles = [f.cases for f in ALL_INSERT_CASES if len(f.cases) == 1]
    assert (INSERT_CASE_3,) in singles and (INSERT_CASE_3M,) in singles


def test_erase_and_rebalance_shows_every_erase_case_and_mirror() -> None:
    _, timeline = load("erase-and-rebalance.vmas")
    seen = {s.case for k in range(1, len(timeline) + 1) for s in timeline.trace(k)[1] if s.case}
    assert {ONE, LEFT_ONLY, TWO, E1, E1M, E2, E2M, E3, E3M, E4, E4M} <= seen


def test_why_rb_subtree_gap_uses_both_directions_and_a_lookup() -> None:
    scenario, timeline = load("why-rb-subtree-gap.vmas")
    kinds = [op.op for op in scenario.ops]
    assert "find_vma" in kinds
    directions = {op.topdown for op in scenario.ops if op.op == "unmapped_area"}
    assert directions == {True, False}
    # The two holes the captions name: 512 KiB below E, 2 MiB below L.
    mm = timeline.state(0)
    assert _node(mm, E).vm_start - _node(mm, E).vm_prev.vm_end == 512 * KIB
    assert _node(mm, L).vm_start - _node(mm, L).vm_prev.vm_end == 2 * M
    assert mm.mm_rb is not None and mm.mm_rb.vm_start == D
    assert mm.mm_rb.rb_subtree_gap == 2 * M
    # After P fills the middle of the 2 MiB hole the root's gap drops to 512 KiB.
    insert_k = kinds.index("insert") + 1
    after = timeline.state(insert_k)
    assert after.mm_rb is not None and after.mm_rb.rb_subtree_gap == 512 * KIB
    assert after.highest_vm_end == O_END
