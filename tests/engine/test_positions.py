"""Positions ``0``, ``K``, ``K:S``, ``last`` and ranges, parsed without Qt (one parser for
the figure exports and the graph exports)."""

from __future__ import annotations

import pytest

from vmastudio.engine.positions import PositionError, parse_position, parse_range


def steps(k: int) -> int:
    return 3 if k == 1 else 5


def test_positions_name_states_and_steps() -> None:
    assert parse_position("0", 4, steps) == (0, None)
    assert parse_position(" 4 ", 4, steps) == (4, None)
    assert parse_position("last", 4, steps) == (4, None)
    assert parse_position("2:5", 4, steps) == (2, 4)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("5", "outside 0..4"), ("0:1", "outside 1..4"), ("1:4", "steps 1..3"), ("１", "expected")],
)
def test_a_position_that_does_not_exist_names_the_valid_range(text: str, fragment: str) -> None:
    with pytest.raises(PositionError, match=fragment):
        parse_position(text, 4, steps)


def test_a_range_runs_across_ops() -> None:
    assert parse_range("1:2..2:2", 4, steps) == [(1, 1), (1, 2), (2, 0), (2, 1)]
    with pytest.raises(PositionError, match="comes after"):
        parse_range("2:1..1:1", 4, steps)
    with pytest.raises(PositionError, match="both ends"):
        parse_range("1..2:1", 4, steps)
