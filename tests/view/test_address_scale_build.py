"""The compressed address scale of a whole space is built from comprehensions and a
running sum; every x must be the float the plain one-by-one walk gives (each gap and VMA
its log-of-size width, added left to right), and the gaps the same."""

from __future__ import annotations

import random

import pytest

from vmastudio.engine.vma import PAGE_SIZE, TASK_SIZE
from vmastudio.view.layout import LEFT, AddressScale, Gap, _gap_width, _vma_width

P = PAGE_SIZE


def one_by_one(spans: list[tuple[int, int]]) -> tuple[list[int], list[float], list[Gap]]:
    """The reference: the compressed scale walked VMA by VMA (no rescaling: wide target)."""
    addrs, xs = [0], [LEFT]
    x, cursor = LEFT, 0
    for s, e in sorted(spans):
        if s > cursor:
            x += _gap_width(s - cursor)
        addrs.append(s)
        xs.append(x)
        x += _vma_width(e - s)
        addrs.append(e)
        xs.append(x)
        cursor = e
    if cursor < TASK_SIZE:
        x += _gap_width(TASK_SIZE - cursor)
    addrs.append(TASK_SIZE)
    xs.append(x)
    at = dict(zip(addrs, xs, strict=True))
    gaps, cursor = [], 0
    for s, e in sorted(spans):
        if s > cursor:
            gaps.append(Gap(cursor, s, at[cursor], at[s]))
        cursor = max(cursor, e)
    if cursor < TASK_SIZE:
        gaps.append(Gap(cursor, TASK_SIZE, at[cursor], at[TASK_SIZE]))
    return addrs, xs, gaps


def spans_of(rng: random.Random, n: int, start: int = 0) -> list[tuple[int, int]]:
    out, addr = [], start
    for _ in range(n):
        addr += rng.choice((0, 0, P, 7 * P, 1 << 30))
        size = rng.choice((P, 2 * P, 300 * P))
        out.append((addr, addr + size))
        addr += size
    rng.shuffle(out)  # the scale sorts what it is given
    return out


@pytest.mark.parametrize("seed", range(6))
def test_every_x_and_gap_is_the_one_by_one_walks(seed: int) -> None:
    rng = random.Random(seed)
    spans = spans_of(rng, rng.choice((1, 2, 50, 3000)), start=rng.choice((0, 0x400000)))
    scale = AddressScale(spans, "compressed", 1e12)  # wide: no rescaling
    addrs, xs, gaps = one_by_one(spans)
    assert scale.addrs == addrs
    assert scale.xs == xs  # exactly: the same additions in the same order
    assert scale.gaps == gaps
    assert all(type(g) is Gap for g in scale.gaps)
    assert scale.edges == dict(zip(addrs, xs, strict=True))


def test_an_empty_space_and_overlapping_spans_read_as_before() -> None:
    empty = AddressScale([], "compressed", 1e12)
    assert empty.addrs == [0, TASK_SIZE] and empty.xs == [LEFT, LEFT + _gap_width(TASK_SIZE)]
    assert empty.gaps == [Gap(0, TASK_SIZE, LEFT, LEFT + _gap_width(TASK_SIZE))]
    spans = [(0x10 * P, 0x20 * P), (0x18 * P, 0x30 * P), (0x40 * P, 0x41 * P)]
    scale = AddressScale(spans, "compressed", 1e12)
    addrs, xs, gaps = one_by_one(spans)
    assert (scale.addrs, scale.xs, scale.gaps) == (addrs, xs, gaps)


@pytest.mark.parametrize("first", ["remove", "add"])
def test_gaps_made_late_are_the_gaps_made_at_once_through_edits(first: str) -> None:
    """``gaps`` is made on first use: a scale edited before anyone asked for its gaps
    must end with exactly the gaps of one whose gaps were made up front."""
    rng = random.Random(11)
    spans = sorted(spans_of(rng, 400, start=0x400000))
    eager = AddressScale(spans, "compressed", 2e5)
    assert eager.gaps  # made now
    lazy = AddressScale(spans, "compressed", 2e5)
    victims = rng.sample(spans, 30)
    holes = [g for g in eager.gaps if g.end - g.start >= 4 * P][:30]
    edits: list[tuple[str, int, int]] = [("remove", s, e) for s, e in victims]
    edits += [("add", g.start + P, g.start + 2 * P) for g in holes]
    edits.sort(key=lambda edit: edit[0] != first)
    for kind, s, e in edits:
        for scale in (eager, lazy):
            done = scale.remove_range(s, e) if kind == "remove" else scale.add_range(s, e)
            assert done
    assert lazy.gaps == eager.gaps
    assert (lazy.addrs, lazy.xs, lazy.edges) == (eager.addrs, eager.xs, eager.edges)
