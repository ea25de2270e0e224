"""``vmastudio replay --order``: an imported space replayed in a chosen order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vmastudio.app.cli import main
from vmastudio.engine.maps import read_maps_file

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
BASH = EXAMPLES / "bash.maps"
DEMO = EXAMPLES / "demo.vmas"

#: A hand-made maps text whose lines are not in address order.
SHUFFLED = """\
00e03000-00e24000 rw-p 00000000 00:00 0           [heap]
00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/cat
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0   [stack]
00651000-00652000 rw-p 00051000 08:02 173521      /usr/bin/cat
"""


def replay_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert main(["replay", *args, "--json"]) == 0
    ops: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["ops"]
    return ops


def bash_starts() -> list[int]:
    return sorted(op.vma.start for op in read_maps_file(BASH).scenario.ops if op.vma is not None)


def test_bulk_load_runs_no_ops(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(BASH), "--order", "bulk", "--json"]) == 0
    captured = capsys.readouterr()
    # replay --json lists one entry per op; a bulk load has none (the VMAs are initial).
    assert json.loads(captured.out) == {"ops": []}
    assert "vsyscall" in captured.err  # the import's notices still reach stderr


def test_bulk_load_with_trace_and_final_tree_is_still_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert replay_json(capsys, str(BASH), "--order", "bulk", "--trace", "--final-tree") == []


@pytest.mark.parametrize("order", ["address", "file", "reverse", "random"])
def test_every_order_replays_every_vma_once(capsys: pytest.CaptureFixture[str], order: str) -> None:
    ops = replay_json(capsys, str(BASH), "--order", order, "--final-tree")
    starts = bash_starts()
    assert sorted(o["start"] for o in ops) == starts
    assert all(o["result"] == 0 for o in ops)
    assert [o["map_count"] for o in ops] == list(range(1, len(starts) + 1))
    tree = ops[-1]["tree"]
    assert sorted(node[0] for node in tree) == starts
    if order == "reverse":
        assert [o["start"] for o in ops] == starts[::-1]
    elif order in ("address", "file"):  # a kernel maps text is in address order
        assert [o["start"] for o in ops] == starts


def test_ascending_and_descending_replays_build_different_trees(
    capsys: pytest.CaptureFixture[str],
) -> None:
    up = replay_json(capsys, str(BASH), "--order", "address", "--final-tree")[-1]
    down = replay_json(capsys, str(BASH), "--order", "reverse", "--final-tree")[-1]
    assert up["map_count"] == down["map_count"]
    assert up["tree"] != down["tree"]


def test_no_order_keeps_the_file_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "maps.txt"
    path.write_text(SHUFFLED)
    in_file = [0xE03000, 0x400000, 0x7FFD00000000, 0x651000]
    assert [o["start"] for o in replay_json(capsys, str(path))] == in_file
    assert [o["start"] for o in replay_json(capsys, str(path), "--order", "file")] == in_file
    by_address = [o["start"] for o in replay_json(capsys, str(path), "--order", "address")]
    assert by_address == sorted(in_file)
    # The default output is byte-for-byte the one without --order file.
    assert main(["replay", str(path), "--json", "--trace"]) == 0
    default = capsys.readouterr().out
    assert main(["replay", str(path), "--json", "--trace", "--order", "file"]) == 0
    assert capsys.readouterr().out == default


def test_random_order_is_deterministic_per_seed(capsys: pytest.CaptureFixture[str]) -> None:
    def run_seed(seed: str) -> list[dict[str, Any]]:
        return replay_json(capsys, str(BASH), "--order", "random", "--seed", seed, "--final-tree")

    first = run_seed("3")
    assert run_seed("3") == first
    other = run_seed("4")
    assert [o["start"] for o in other] != [o["start"] for o in first]
    assert sorted(o["start"] for o in first) == bash_starts()
    assert replay_json(capsys, str(BASH), "--order", "random", "--final-tree") == run_seed("0")


def test_the_readable_walk_follows_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(BASH), "--order", "reverse", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    top = bash_starts()[-1]
    first_op = next(line for line in out.splitlines() if line.startswith("op 1:"))
    assert first_op.startswith(f"op 1: insert [{top:x},")
    assert main(["replay", str(BASH), "--order", "bulk", "--lang", "en"]) == 0
    assert "op 1:" not in capsys.readouterr().out


def test_order_on_a_scenario_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(DEMO), "--order", "bulk"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1
    assert "--order" in err[0] and "maps file or --pid" in err[0] and str(DEMO) in err[0]
    assert main(["replay", "--demo", "--order", "address"]) == 2
    assert "--order" in capsys.readouterr().err


def test_order_on_a_scenario_exits_2_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vmastudio", "replay", str(DEMO), "--order", "reverse", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "--order" in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--order", "sideways"), "invalid choice"),
        (("--order", "random", "--seed", "x"), "expected a whole number"),
    ],
)
def test_bad_order_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], fragment: str
) -> None:
    assert main(["replay", str(BASH), *args]) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1


def test_a_broken_maps_file_is_still_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.maps"
    path.write_text(
        "00400000-00452000 r-xp 00000000 08:02 1 /x\n00440000-00460000 rw-p 00000000 00:00 0\n"
    )
    assert main(["replay", str(path), "--order", "bulk"]) == 2
    assert f"{path}: line 2: overlaps line 1" in capsys.readouterr().err


def test_a_live_process_can_be_bulk_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--pid", str(os.getpid()), "--order", "bulk", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ops": []}
    ops = replay_json(capsys, "--pid", str(os.getpid()), "--order", "reverse", "--final-tree")
    starts = [o["start"] for o in ops]
    assert starts == sorted(starts, reverse=True)
    assert ops[-1]["map_count"] == len(ops[-1]["tree"])
