"""6.12 as drawn: every op's steps, applied to the state before it, end in the state after
it (the change records are complete), and the drawn nodes read the kernel's memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmastudio.engine.frames612 import MapleState, Timeline612
from vmastudio.engine.linux612.maple import maple_json
from vmastudio.engine.linux612.replay import replay
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec, load_scenario

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
K = 0x1000


def drawn(state: MapleState) -> list[tuple[object, ...]]:
    return [(n.type, n.min, n.max, n.end, n.pivots, n.slots, n.gaps, n.depth) for n in state.nodes]


def small(n: int) -> Scenario:
    ops = [OpSpec("insert", vma=VmaSpec(s * 2 * K, s * 2 * K + K)) for s in range(1, n)]
    ops += [OpSpec("erase", start=s * 2 * K) for s in range(1, n, 3)]
    ops.append(OpSpec("insert", vma=VmaSpec(4 * K, 5 * K)))  # an overlap: a trial
    return Scenario(kernel="6.12", ops=ops)


@pytest.mark.parametrize("name", ["maple612_touching", "maple612_grow_shrink"])
def test_golden_ops_step_from_the_state_before_to_the_state_after(name: str) -> None:
    scenario = load_scenario(GOLDEN / f"{name}.vmas")
    timeline = Timeline612(scenario)
    n = len(timeline)
    for k in sorted({1, 2, 3, n // 3, n // 2, n - 1, n} - {0}):
        frames = timeline.frames(k)
        assert drawn(frames.before) == drawn(timeline.state(k - 1)), k
        end = frames.state(len(frames.steps) - 1) if frames.steps else frames.before
        assert drawn(end) == drawn(timeline.state(k)), k


def test_the_drawn_nodes_are_the_replay_json_nodes() -> None:
    scenario = small(40)
    timeline = Timeline612(scenario)
    mm = replay(scenario).mm
    expected = maple_json(mm.maple.tree, lambda v: v.start)
    got = timeline.state(len(timeline)).nodes
    assert len(got) == len(expected["nodes"])
    for view, node in zip(got, expected["nodes"], strict=True):
        assert (view.type, view.min, view.max, view.end) == (
            node["type"],
            node["min"],
            node["max"],
            node["end"],
        )
        assert list(view.pivots) == node["pivots"][: len(view.pivots)]
        if view.is_leaf:
            assert list(view.slots) == node["slots"]
        else:
            assert view.gaps is not None and list(view.gaps) == node["gaps"]


def test_every_op_of_a_churn_walks_to_its_result() -> None:
    scenario = small(60)
    timeline = Timeline612(scenario)
    assert timeline.outcomes[-1].result == -12
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        end = frames.state(len(frames.steps) - 1) if frames.steps else frames.before
        assert drawn(end) == drawn(timeline.state(k)), k
    # Going back re-runs from the start and still agrees.
    assert drawn(timeline.frames(2).before) == drawn(timeline.state(1))
