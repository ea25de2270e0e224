"""States and frames of a long document are derived from their neighbours (O(what one op
touched)) and the caches stay within budget: every derived state equals the one the
timeline reads from scratch."""

from __future__ import annotations

import random

import pytest
from pytestqt.qtbot import QtBot

from vmastudio.engine import frames as frames_module
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.snapshot import changed_between
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import PAGE_SIZE
from vmastudio.model.document import Document

P = PAGE_SIZE


def scenario(seed: int, n: int = 150) -> Scenario:
    """Inserts (some overlapping: trials), erases of present VMAs and lookups."""
    rng = random.Random(seed)
    ops: list[OpSpec] = []
    present: dict[int, int] = {}
    for _ in range(n):
        roll = rng.random()
        if present and roll < 0.25:
            start = rng.choice(sorted(present))
            del present[start]
            ops.append(OpSpec("erase", start=start))
        elif roll < 0.32:
            ops.append(OpSpec("find_vma", addr=rng.randrange(0, 0x2000000)))
        else:
            start = rng.randrange(0x400, 0x2000) * P
            end = start + rng.randint(1, 6) * P
            if all(end <= s or e <= start for s, e in present.items()):
                present[start] = end
            ops.append(OpSpec("insert", vma=VmaSpec(start, end)))
    return Scenario(ops=ops)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_undoing_one_op_gives_the_state_before_it(seed: int) -> None:
    timeline = Timeline(scenario(seed), summaries=False)
    after = timeline.snapshot(len(timeline))
    for k in range(len(timeline), 0, -1):
        before = timeline.snapshot_before(k, after)
        want = timeline.snapshot(k - 1)
        assert before == want, k
        differ = {
            s
            for s in after.nodes.keys() | want.nodes.keys()
            if after.nodes.get(s) != want.nodes.get(s)
        }
        linked = changed_between(after, before)
        assert linked is not None and differ <= linked
        after = before


@pytest.mark.parametrize("seed", [6, 7])
def test_a_document_walked_back_and_forth_on_a_tiny_cache_shows_exact_states(
    qtbot: QtBot, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frames_module, "CACHE_NODES", 200)  # evict all the time
    sc = scenario(seed, 80)
    reference = Timeline(scenario(seed, 80), summaries=False)
    doc = Document()
    doc.load_scenario(sc)
    rng = random.Random(seed)
    doc.last()
    moves = [doc.step_back] * 300 + [doc.step_forward] * 150 + [doc.prev_op] * 20
    rng.shuffle(moves)
    for move in [doc.step_back] * 200 + moves:
        move()
        k = doc.op
        assert doc.state(k) == reference.snapshot(k)
        if k:
            frames = doc.frames(k)
            assert frames.before == reference.snapshot(k - 1)
            op = sc.ops[k - 1]
            if op.op != "erase" and (op.op != "insert" or doc.timeline.results[k - 1].result == 0):
                # (An erase or a trial keeps its VMA drawn to its last step.)
                assert frames.snapshots[-1] == reference.snapshot(k)
        cached = len(doc.cache._frames) + len(doc.cache._states)
        assert cached <= 2 + 2 * frames_module.CACHE_OPS
