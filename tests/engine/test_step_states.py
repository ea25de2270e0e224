"""Every step's picture is a state the kernel passes through.

The steps' ``changes`` (as ``replay --json --trace`` prints them) are applied in order to
an empty mm, op after op, by VMA id; after every step the state must be a drawable kernel
state (consistent pointers, ordered tree, case-1 colours as written), membership must
agree with reachability, and each op must end in the timeline's own state.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from helpers import K

from vmastudio.engine.check import preorder
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec, load_scenario
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.trace import NodeChange
from vmastudio.engine.vma import ENOMEM

#: The 4.x lectures (a 6.12 one plays in the maple window, tested with the 6.12 engine).
LECTURES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "resources" / "lectures").glob("*.vmas")
    if not load_scenario(p).maple
)


class Replayed:
    """The state rebuilt from change records only (what a viewer or checker holds)."""

    def __init__(self) -> None:
        self.nodes: dict[int, dict[str, Any]] = {}
        self.mm: dict[str, Any] = {"root": None, "mmap": None, "map_count": 0}
        self.id_of_start: dict[int, int] = {}

    def apply(self, change: dict[str, Any]) -> None:
        if "mm" in change:
            self.mm = dict(change["mm"])
            return
        self.nodes[change["id"]] = dict(change)

    def linked(self) -> dict[int, dict[str, Any]]:
        """The nodes reachable from the root, by their vm_start (links name vm_start)."""
        by_start = {n["vma"]: n for n in self.nodes.values() if n["in_tree"]}
        return by_start

    def tree_nodes(self) -> list[dict[str, Any]]:
        """Walk from the root through child links (by vm_start among tree members)."""
        by_start = self.linked()
        out: list[dict[str, Any]] = []
        root = self.mm["root"]
        stack = [root] if root is not None else []
        while stack:
            start = stack.pop()
            node = by_start[start]
            out.append(node)
            for side in ("left", "right"):
                if node[side] is not None:
                    stack.append(node[side])
        return out


def check_drawable(state: Replayed, where: str) -> None:
    """Consistent pointers and BST order among the nodes reachable from the root, and the
    engine's ``in_tree`` flags equal to that reachability."""
    reached = state.tree_nodes()
    members = {n["id"] for n in state.nodes.values() if n["in_tree"]}
    assert {n["id"] for n in reached} == members, where
    by_start = state.linked()
    root = state.mm["root"]
    if root is not None:
        assert by_start[root]["parent"] is None, where
    for node in reached:
        for side in ("left", "right"):
            child = node[side]
            if child is not None:
                assert by_start[child]["parent"] == node["vma"], (where, hex(child))
                if side == "left":
                    assert child < node["vma"], where
                else:
                    assert child > node["vma"], where


def seeded(timeline: Timeline) -> Replayed:
    """The state after the untraced ``initial`` VMAs, as change records would give it."""
    state = Replayed()
    snap = timeline.snapshot(0)

    def start(key: int | None) -> int | None:
        return None if key is None else snap.nodes[key].start

    for n in snap.nodes.values():
        state.apply(
            {
                "vma": n.start,
                "id": n.uid,
                "end": n.end,
                "parent": start(n.parent),
                "left": start(n.left),
                "right": start(n.right),
                "color": n.color,
                "gap": n.gap,
                "prev": start(n.prev),
                "next": start(n.next),
                "in_tree": n.in_tree,
                "in_list": n.in_list,
            }
        )
    state.mm = {"root": start(snap.root), "mmap": start(snap.mmap), "map_count": snap.map_count}
    return state


def replay_all(scenario: Scenario) -> int:
    """Apply every step of every op from the initial state (empty unless the scenario
    has ``initial`` VMAs); returns the steps checked."""
    timeline = Timeline(scenario)
    state = seeded(timeline)
    checked = 0
    for k in range(1, len(timeline) + 1):
        _, steps = timeline.trace(k)
        for i, step in enumerate(steps):
            js = step.to_json()
            for change in js["changes"]:
                state.apply(change)
            where = f"op {k} step {i + 1} {step.kind}"
            check_drawable(state, where)
            if step.kind == "recolor_case1":
                roles = js["roles"]
                by_start = state.linked()
                assert by_start[roles["grandparent"]]["color"] == "R", where
                assert by_start[roles["parent"]]["color"] == "B", where
                assert by_start[roles["uncle"]]["color"] == "B", where
            if step.kind == "link_node":
                new = step.role_id("current")
                assert new is not None and state.nodes[new]["in_tree"], where
            checked += 1
        # The op ends in the timeline's own state (shape, colours, depths).
        got = [
            (n["vma"], n["end"], n["color"])
            for n in sorted(state.tree_nodes(), key=lambda n: n["vma"])
        ]
        want = sorted((s, e, c) for s, e, c, _ in preorder(timeline.state(k)))
        assert got == want, f"op {k}"
        listed = sorted(n["vma"] for n in state.nodes.values() if n["in_list"])
        assert listed == [s for s, *_ in want], f"op {k}: list membership"
        assert state.mm["map_count"] == timeline.state(k).map_count
    return checked


def random_scenario(seed: int, n: int = 60) -> Scenario:
    rng = random.Random(seed)
    ops: list[OpSpec] = []
    live: list[int] = []
    for _ in range(n):
        if live and rng.random() < 0.3:
            start = live.pop(rng.randrange(len(live)))
            ops.append(OpSpec("erase", start=start))
            continue
        page = rng.randrange(1, 400)
        length = rng.randrange(1, 4)
        start, end = page * 4 * K, (page * 4 + length) * K
        ops.append(OpSpec("insert", vma=VmaSpec(start, end)))
        # A trial (overlap) is kept as an op too; only accepted inserts are live.
        if all(not (s <= start < s + 16 * K) for s in live):
            live.append(start)
    # Keep only erases of VMAs that an earlier accepted insert made.
    timeline_ops: list[OpSpec] = []
    present: set[int] = set()
    probe = Timeline(Scenario())
    for op in ops:
        if op.op == "erase" and op.start not in present:
            continue
        res = probe.append(op)
        timeline_ops.append(op)
        if op.op == "insert" and op.vma is not None and res.result == 0:
            present.add(op.vma.start)
        if op.op == "erase":
            present.discard(op.start)
    return Scenario(ops=timeline_ops)


@pytest.mark.parametrize("seed", range(12))
def test_random_walks_pass_only_through_kernel_states(seed: int) -> None:
    assert replay_all(random_scenario(seed)) > 100


def test_the_demo_passes_only_through_kernel_states() -> None:
    assert replay_all(demo_scenario()) > 50


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_lecture_passes_only_through_kernel_states(path: Path) -> None:
    assert replay_all(load_scenario(path)) > 10


def test_case_1_writes_the_three_colours_in_one_step() -> None:
    # 0x2, 0x1, 0x3 then 0x4: the red uncle 0x1 makes case 1 at the root's children.
    ops = [OpSpec("insert", vma=VmaSpec(s * 0x10 * K, (s * 0x10 + 1) * K)) for s in (2, 1, 3, 4)]
    timeline = Timeline(Scenario(ops=ops))
    _, steps = timeline.trace(4)
    (case1,) = [s for s in steps if s.kind == "recolor_case1"]
    colours = {c.start: c.color for c in case1.changes if isinstance(c, NodeChange)}
    assert colours == {0x10 * K: "B", 0x30 * K: "B", 0x20 * K: "R"}
    # The next step makes the root black again: the grandparent was the root.
    after = steps[steps.index(case1) + 1]
    assert after.kind == "root_black"
    assert [(c.start, c.color) for c in after.changes if isinstance(c, NodeChange)] == [
        (0x20 * K, "B")
    ]


def test_the_first_vma_is_the_root_from_its_link_node_step() -> None:
    timeline = Timeline(demo_scenario())
    _, steps = timeline.trace(1)
    link = next(i for i, s in enumerate(steps) if s.kind == "link_node")
    new = steps[link].role_id("current")
    assert new is not None
    js = steps[link].to_json()
    assert {"mm": js["changes"][-1]["mm"]} == js["changes"][-1]
    assert js["changes"][-1]["mm"]["root"] == steps[link].role_start("current")
    mine = [c for c in js["changes"] if c.get("id") == new]
    assert mine and mine[0]["in_tree"] is True
    for earlier in steps[:link]:
        for change in earlier.to_json()["changes"]:
            if change.get("id") == new:
                assert change["in_tree"] is False


def test_rebalancing_roles_use_the_kernels_names() -> None:
    # Case 2 then 3: node 0x651000 rises past its parent 0x400000 below 0xe03000.
    ops = [
        OpSpec("insert", vma=VmaSpec(0xE03000, 0xE24000)),
        OpSpec("insert", vma=VmaSpec(0x400000, 0x452000)),
        OpSpec("insert", vma=VmaSpec(0x651000, 0x652000)),
    ]
    timeline = Timeline(Scenario(ops=ops))
    _, steps = timeline.trace(3)
    case2 = next(s for s in steps if s.line == "rb.case2")
    case3 = next(s for s in steps if s.line == "rb.case3")
    # __rb_insert()'s locals: node is the VMA being inserted, parent its parent.
    assert case2.role_start("current") == 0x651000
    assert case2.role_start("parent") == 0x400000
    assert case2.role_start("grandparent") == 0xE03000
    # After case 2 the kernel sets parent = node; node is unchanged.
    assert case3.role_start("current") == 0x651000
    assert case3.role_start("parent") == 0x651000
    assert case3.role_start("grandparent") == 0xE03000


def test_a_trial_that_starts_where_a_linked_vma_starts_is_a_distinct_vma() -> None:
    demo = demo_scenario()
    ops = [*demo.ops[:5], OpSpec("insert", vma=VmaSpec(0x400000, 0x401000))]
    timeline = Timeline(Scenario(ops=ops))
    assert timeline.results[-1].result == ENOMEM
    before = timeline.snapshot(5)
    linked = before.by_start(0x400000)
    assert linked is not None
    _, steps = timeline.trace(6)
    trial = steps[0].role_id("new")
    assert trial is not None and trial != linked
    for step in steps:
        for change in step.changes:
            if isinstance(change, NodeChange) and change.start == 0x400000:
                assert change.id == trial
    from vmastudio.engine.snapshot import step_snapshots

    for snap in step_snapshots(before, steps):
        assert snap.nodes[linked] == before.nodes[linked]
        assert not snap.in_tree(trial) and not snap.in_list(trial)
        assert snap.in_tree(linked) and snap.in_list(linked)


def test_an_erased_vma_leaves_the_tree_then_the_list() -> None:
    timeline = Timeline(demo_scenario())
    k = next(i for i, op in enumerate(timeline.scenario.ops, 1) if op.op == "erase")
    _, steps = timeline.trace(k)
    subject = timeline.subjects[k - 1]
    assert subject is not None
    from vmastudio.engine.snapshot import step_snapshots

    snaps = step_snapshots(timeline.snapshot(k - 1), steps)
    tree = [s.in_tree(subject.uid) for s in snaps]
    listed = [s.in_list(subject.uid) for s in snaps]
    assert tree[0] and listed[0] and not tree[-1] and not listed[-1]
    left_tree = tree.index(False)
    left_list = listed.index(False)
    assert steps[left_tree].kind.startswith("erase_")
    assert steps[left_list].kind == "erase_list"
    assert left_tree < left_list
