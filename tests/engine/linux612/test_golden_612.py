"""The 6.12 golden scenarios: ``vmastudio replay FILE --json`` must give every key of every
expected entry exactly (entries may carry more keys: trace, texts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vmastudio.app.cli import main

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
NAMES = ["maple612_touching", "maple612_grow_shrink"]


def _replay_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert main(["replay", str(path), "--json", *extra]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_golden_scenario_matches_every_given_key(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text(encoding="utf-8"))["ops"]
    got = _replay_json(GOLDEN / f"{name}.vmas", capsys)["ops"]
    assert len(got) == len(expected)
    for k, (want, have) in enumerate(zip(expected, got, strict=True)):
        for key, value in want.items():
            assert have.get(key) == value, f"op {k + 1} ({want['op']}): {key}"


def test_final_tree_keeps_the_tree_only_on_the_last_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = "maple612_grow_shrink"
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text(encoding="utf-8"))["ops"]
    got = _replay_json(GOLDEN / f"{name}.vmas", capsys, "--final-tree")["ops"]
    assert all("maple" not in e for e in got[:-1])
    assert got[-1]["maple"] == expected[-1]["maple"]
    assert [e.get("store_type") for e in got] == [e.get("store_type") for e in expected]
