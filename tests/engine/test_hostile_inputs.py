"""Hostile and malformed files: nothing escapes the loaders but their own error, with a place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import given, settings

from vmastudio.engine.loader import load_any
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.scenario import ScenarioError, parse_scenario
from vmastudio.engine.timeline import Timeline

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=12)
    | st.sampled_from(["0x1000", "0x400000", "0x401001", "0x7ffffffff000", "-0x1", "0x"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "op",
                    "start",
                    "end",
                    "flags",
                    "file",
                    "pgoff",
                    "special",
                    "name",
                    "addr",
                    "length",
                    "low",
                    "high",
                    "topdown",
                    "caption",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)

op_like = st.fixed_dictionaries(
    {"op": st.sampled_from(["insert", "erase", "find_vma", "unmapped_area", "bogus"])},
    optional={
        "start": json_values,
        "end": json_values,
        "flags": json_values,
        "addr": json_values,
        "length": json_values,
        "low": json_values,
        "high": json_values,
        "topdown": json_values,
        "file": json_values,
        "caption": json_values,
    },
)

scenario_like = st.fixed_dictionaries(
    {
        "format": st.sampled_from(["vmastudio-scenario", "other"]),
        "version": st.sampled_from([1, 2, "1", True]),
    },
    optional={
        "ops": st.lists(op_like, max_size=6) | json_values,
        "initial": st.lists(op_like, max_size=3) | json_values,
        "kernel": st.sampled_from(["4.0", "4.19", "5.0", 4]),
        "memory": json_values,
        "title": json_values,
    },
)


def _load_and_run(data: bytes) -> None:
    try:
        scenario = parse_scenario(data)
        Timeline(scenario)
    except ScenarioError as exc:
        assert str(exc).strip(), "an error must say something"
        assert exc.problem


@settings(max_examples=300, deadline=None)
@given(scenario_like)
def test_random_scenario_shaped_json_is_loaded_or_rejected_cleanly(doc: dict[str, Any]) -> None:
    _load_and_run(json.dumps(doc).encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_are_rejected_cleanly(data: bytes) -> None:
    _load_and_run(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789abcdef-rwxps: []/\t", max_size=60), max_size=8))
def test_random_maps_lines_are_imported_or_rejected_with_a_line_number(lines: list[str]) -> None:
    try:
        parse_maps("\n".join(lines), source="m")
    except ScenarioError as exc:
        assert exc.where.startswith("m")


def test_a_rejected_file_names_its_place_and_nothing_is_half_loaded(tmp_path: Path) -> None:
    ops = [
        {"op": "insert", "start": hex(0x1000 * (i + 1)), "end": hex(0x1000 * (i + 2))}
        for i in range(0, 40, 2)
    ]
    ops.append({"op": "insert", "start": "0x900000", "end": "0x900001"})
    path = tmp_path / "s.vmas"
    path.write_text(json.dumps({"format": "vmastudio-scenario", "version": 1, "ops": ops}))
    try:
        load_any(path)
    except ScenarioError as exc:
        assert "ops[20].end: not page-aligned (0x900001)" in str(exc)
    else:
        raise AssertionError("accepted an unaligned end")


def test_huge_and_deep_inputs_are_refused_with_a_message() -> None:
    for text, fragment in (
        ("[" * 200_000 + "]" * 200_000, "deeply"),
        (
            '{"format": "vmastudio-scenario", "version": 1, "ops": '
            + json.dumps([{"op": "find_vma", "addr": 0}] * 1_000_001)
            + "}",
            "too many ops",
        ),
    ):
        try:
            parse_scenario(text)
        except ScenarioError as exc:
            assert fragment in str(exc)
        else:
            raise AssertionError(fragment)
