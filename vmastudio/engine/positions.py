"""Positions in a replay, as the command line and the export dialog name them (no Qt).

``0`` is the initial state, ``K`` the state after op *K*, ``K:S`` step *S* of op *K*
(both 1-based), ``last`` the state after the last op; ``K:S..K:S`` an inclusive range of
steps across ops. A ``Position`` is ``(op, step)`` with ``step`` None for the state after
the op, else the 0-based index of the step in the op's trace.
"""

from __future__ import annotations

from collections.abc import Callable

from .scenario import shown

Position = tuple[int, int | None]
#: How many steps op K (1-based) has.
StepCount = Callable[[int], int]


class PositionError(ValueError):
    """A position that does not exist; the message names the option and the valid range."""


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse_position(text: str, ops: int, step_count: StepCount, option: str = "--step") -> Position:
    """``0``, ``K``, ``K:S`` or ``last`` in a replay of ``ops`` ops.

    >>> parse_position("2:3", 4, lambda k: 10)
    (2, 2)
    """
    t = text.strip()
    if t == "last":
        return (ops, None)
    if ":" in t:
        k_text, s_text = t.split(":", 1)
        if not (_digits(k_text) and _digits(s_text)):
            raise PositionError(f"{option}: expected 0, K, K:S or last, got {shown(t)}")
        k, s = int(k_text), int(s_text)
        if not 1 <= k <= ops:
            raise PositionError(f"{option}: op {k} is outside 1..{ops}")
        count = step_count(k)
        if not 1 <= s <= count:
            raise PositionError(f"{option}: op {k} has steps 1..{count}, got {k}:{s}")
        return (k, s - 1)
    if not _digits(t):
        raise PositionError(f"{option}: expected 0, K, K:S or last, got {shown(t)}")
    k = int(t)
    if not 0 <= k <= ops:
        raise PositionError(f"{option}: {k} is outside 0..{ops}")
    return (k, None)


def positions_of_op(k: int, step_count: StepCount) -> list[Position]:
    """Every step of op ``k``."""
    return [(k, i) for i in range(step_count(k))]


def parse_range(text: str, ops: int, step_count: StepCount) -> list[Position]:
    """``K:S..K:S`` (inclusive, across ops) → every step position in between."""
    if ".." not in text:
        raise PositionError(f"--range: expected K:S..K:S, got {shown(text)}")
    a_text, b_text = text.split("..", 1)
    a = parse_position(a_text, ops, step_count, "--range")
    b = parse_position(b_text, ops, step_count, "--range")
    if a[1] is None or b[1] is None:
        raise PositionError(f"--range: both ends must be K:S steps, got {shown(text)}")
    if (a[0], a[1]) > (b[0], b[1]):
        raise PositionError(f"--range: {a_text} comes after {b_text}")
    out: list[Position] = []
    for k in range(a[0], b[0] + 1):
        first = a[1] if k == a[0] else 0
        last = b[1] if k == b[0] else step_count(k) - 1
        out.extend((k, i) for i in range(first, last + 1))
    return out
