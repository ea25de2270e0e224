"""Scenario files: every problem is named by its JSON path; good files round-trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vmastudio.engine.scenario import (
    ScenarioError,
    load_scenario,
    parse_scenario,
    save_scenario,
)


def doc(**over: Any) -> str:
    base: dict[str, Any] = {
        "format": "vmastudio-scenario",
        "version": 1,
        "ops": [{"op": "insert", "start": "0x400000", "end": "0x401000"}],
    }
    base.update(over)
    return json.dumps(base)


def op(**fields: Any) -> str:
    return doc(ops=[{"op": "insert", "start": "0x400000", "end": "0x401000"}, fields])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            op(op="insert", start="0x400000", end="0x401001"),
            "ops[1].end: not page-aligned (0x401001)",
        ),
        (
            op(op="insert", start="0x500000", end="0x400000"),
            "ops[1]: inverted range (end 0x400000 < start 0x500000)",
        ),
        (
            op(op="insert", start="0x500000", end="0x500000"),
            "ops[1]: empty range (start = end = 0x500000)",
        ),
        (
            op(op="insert", start="0x7ffffffff000", end="0x800000000000"),
            "ops[1].end: past the user-space top 0x7ffffffff000 (0x800000000000)",
        ),
        (
            op(op="insert", start="0x1000", end="0x2000", flags=["VM_READ", "VM_BOGUS"]),
            "ops[1].flags[1]: unknown flag 'VM_BOGUS'",
        ),
        (
            op(op="mprotect", start="0x1000"),
            "ops[1].op: unknown op 'mprotect' (insert, erase, find_vma, unmapped_area)",
        ),
        (op(op="insert", end="0x2000"), "ops[1].start: missing"),
        (op(op="insert", start=-4096, end="0x2000"), "ops[1].start: negative address (-4096)"),
        (op(op="insert", start="0x1000", end=2**64), "ops[1].end: address does not fit 64 bits"),
        (op(op="insert", start="4096", end="0x2000"), "ops[1].start: expected a hex string"),
        (doc(format="other"), "format: unknown format 'other'"),
        (doc(version=2), "version: unsupported version 2"),
        (json.dumps({"format": "vmastudio-scenario", "version": 1}), "ops: missing"),
        (doc(kernel="5.10"), "kernel: unknown kernel profile '5.10'"),
        (doc(memory={"overcommit_memory": 3}), "memory.overcommit_memory: expected 0, 1 or 2"),
        (doc(memory={"swappiness": 1}), "memory.swappiness: unknown setting"),
        (
            doc(
                initial=[{"start": "0x1000", "end": "0x3000"}, {"start": "0x2000", "end": "0x4000"}]
            ),
            "initial[1]: overlaps initial[0] [1000,3000)",
        ),
        ('{"format": "vmastudio-scenario",', "line 1 column 33: invalid JSON"),
        ("[" * 100000, "nested too deeply"),
        ("{}\x00", "NUL byte"),
    ],
)
def test_a_bad_scenario_is_rejected_naming_the_place(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text)
    assert message in str(err.value)


def test_invalid_utf8_is_rejected_with_its_byte_offset() -> None:
    with pytest.raises(ScenarioError, match=r"byte 3: not valid UTF-8"):
        parse_scenario(b'{"a\xff": 1}')


def test_an_overlapping_insert_op_is_a_trial_not_an_error() -> None:
    sc = parse_scenario(op(op="insert", start="0x400000", end="0x402000"))
    assert len(sc.ops) == 2


def test_a_scenario_round_trips_through_save_and_load(tmp_path: Path) -> None:
    text = doc(
        kernel="4.19",
        title={"en": "t", "zh_CN": "标题"},
        memory={"overcommit_memory": 2, "cap_sys_admin": False},
        initial=[{"start": "0x1000", "end": "0x2000", "flags": ["VM_READ"], "name": "a"}],
        ops=[
            {
                "op": "insert",
                "start": "0x10000",
                "end": "0x11000",
                "file": "/bin/cat",
                "pgoff": "0x3",
                "caption": "c",
            },
            {"op": "erase", "start": "0x1000"},
            {"op": "find_vma", "addr": "0x10800"},
            {
                "op": "unmapped_area",
                "length": "0x2000",
                "low": "0x0",
                "high": "0x100000",
                "topdown": False,
            },
        ],
    )
    sc = parse_scenario(text)
    path = tmp_path / "s.vmas"
    save_scenario(sc, path)
    again = load_scenario(path)
    assert again.to_json() == sc.to_json()
    assert again.memory.overcommit_memory == 2 and again.memory.cap_sys_admin is False
    assert [p.name for p in tmp_path.iterdir()] == ["s.vmas"]  # no temp file left behind


def test_a_failed_save_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = parse_scenario(doc())
    path = tmp_path / "s.vmas"
    save_scenario(sc, path)
    original = path.read_text()
    sc.title = "changed"

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_scenario(sc, path)
    assert path.read_text() == original
    assert [p.name for p in tmp_path.iterdir()] == ["s.vmas"]


def test_load_names_the_file_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.vmas"
    path.write_text(op(op="insert", start="0x1000", end="0x1001"))
    with pytest.raises(ScenarioError, match=r"bad\.vmas: ops\[1\]\.end: not page-aligned"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.vmas")
