"""The initial VMAs of a scenario are loaded without history (nothing ever asks for a
state before them): every later state must still be exactly the one a fresh run reaches."""

from __future__ import annotations

import random

import pytest

from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import PAGE_SIZE

P = PAGE_SIZE


def scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    initial = []
    addr = 0x400000
    for _ in range(60):
        size = rng.randint(1, 4) * P
        initial.append(VmaSpec(addr, addr + size))
        addr += size + rng.choice((0, P, 8 * P))
    rng.shuffle(initial)
    ops: list[OpSpec] = []
    present = {v.start for v in initial}
    for _ in range(40):
        if rng.random() < 0.3 and present:
            start = rng.choice(sorted(present))
            present.discard(start)
            ops.append(OpSpec("erase", start=start))
        else:
            start = rng.randrange(0x400, 0x800) * P
            ops.append(OpSpec("insert", vma=VmaSpec(start, start + P)))
    return Scenario(ops=ops, initial=initial, kernel=rng.choice(("4.0", "4.19")))


@pytest.mark.parametrize("seed", range(8))
def test_every_state_after_untraced_initial_vmas_equals_a_fresh_run(seed: int) -> None:
    sc = scenario(seed)
    try:
        timeline = Timeline(sc, summaries=False)
    except Exception:  # an erase that names a VMA a trial never inserted
        pytest.skip("this random scenario erases a VMA that is not there")
    for k in range(len(timeline) + 1):
        fresh = Timeline(
            Scenario(ops=sc.ops[:k], initial=sc.initial, kernel=sc.kernel), summaries=False
        )
        assert timeline.snapshot(k) == fresh.snapshot(k), k
        ours = [(v.vm_start, v.vm_end, v.vm_pgoff) for v in timeline.state(k).vmas()]
        assert ours == [(v.vm_start, v.vm_end, v.vm_pgoff) for v in fresh.state(k).vmas()]
