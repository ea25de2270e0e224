"""The 4.x golden scenarios (copied from the shared golden folder into tests/golden): our
replay --json must match them exactly. The 6.12 ones are tested by tests/engine/linux612."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmastudio.app.cli import main
from vmastudio.engine.scenario import load_scenario
from vmastudio.engine.timeline import Timeline

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
#: The red-black tree scenarios; the maple612_* ones belong to the 6.12 engine's tests.
NAMES = sorted(
    p.name.removesuffix(".vmas")
    for p in GOLDEN.glob("*.vmas")
    if not p.name.startswith("maple612_")
)


def test_the_golden_folder_is_there_and_not_empty() -> None:
    assert len(NAMES) >= 3, f"expected golden scenarios in {GOLDEN}"


@pytest.mark.parametrize("name", NAMES)
def test_replay_json_matches_the_golden_output_exactly(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text())
    assert main(["replay", str(GOLDEN / f"{name}.vmas"), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got["ops"]) == len(expected["ops"])
    for k, (mine, theirs) in enumerate(zip(got["ops"], expected["ops"], strict=True), 1):
        assert mine == theirs, f"op {k} differs"


@pytest.mark.parametrize("name", NAMES)
def test_every_golden_op_re_run_with_a_tracer_agrees_with_the_bulk_run(name: str) -> None:
    timeline = Timeline(load_scenario(GOLDEN / f"{name}.vmas"))
    for k in range(1, len(timeline) + 1):
        res, steps = timeline.trace(k)
        assert res.to_json() == timeline.results[k - 1].to_json(), f"op {k}"
        assert steps, f"op {k} produced no steps"


def test_final_tree_prints_the_tree_only_on_the_last_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["replay", str(GOLDEN / "mixed_40.vmas"), "--json", "--final-tree"]) == 0
    ops = json.loads(capsys.readouterr().out)["ops"]
    expected = json.loads((GOLDEN / "mixed_40.expected.json").read_text())["ops"]
    assert all("tree" not in e for e in ops[:-1])
    assert ops[-1]["tree"] == expected[-1]["tree"]
    assert [e["height"] for e in ops] == [e["height"] for e in expected]
