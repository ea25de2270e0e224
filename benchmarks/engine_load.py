"""Engine speed and memory at scale (issues 3 §7 and 20), against bintrees.RBTree in the
same run, for the compiled engine (mypyc, when built) and the pure-Python one.

- Loading 65,530 VMAs (ascending, descending, random) with the timeline recorded, vs a
  plain pure-Python red-black tree (``bintrees.RBTree``) inserting the same keys. Both
  are timed from their input (the scenario's ops; the key pairs) to the loaded
  structure, best of several interleaved runs; tearing the structure down is not timed
  (before issue 20 it was, for both). Building the scenario's op objects is reported
  next to it.
- Materialising the detailed steps of any single op of a 65,530-VMA timeline (median).
- Peak memory of the 65,530-VMA timeline, in a fresh process (``ru_maxrss``).
- Inserts per second at 1k, 10k and 65,530 VMAs.

Each engine runs in its own process (``VMASTUDIO_PURE=1`` for the pure one), the peer
in each of them.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from _common import GcPauses, both_engines, keys, write

from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline, settle_heap

N = 65_530


def scenario_for(ranges: list[tuple[int, int]]) -> Scenario:
    return Scenario(ops=[OpSpec("insert", vma=VmaSpec(s, e)) for s, e in ranges])


def load_timeline(ranges: list[tuple[int, int]], summaries: bool = False) -> Timeline:
    """The timeline as the window keeps it: every op's history recorded for step access.

    ``summaries`` adds replay's per-op height and black height (``replay --json``)."""
    return Timeline(scenario_for(ranges), summaries=summaries)


def load_bintrees(ranges: list[tuple[int, int]]) -> object:
    import bintrees

    tree = bintrees.RBTree()
    for s, e in ranges:
        tree.insert(s, e)
    return tree


def best_load(build: Callable[[], object], repeat: int = 1) -> float:
    """Best wall time of ``build()`` over ``repeat`` runs; what it built is torn down
    (a timeline ``dispose``d) and collected outside the timed part."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        built = build()
        best = min(best, time.perf_counter() - t0)
        if isinstance(built, Timeline):
            built.dispose()
        del built
    gc.collect()
    return best


def interleaved(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best time of each contender, taking turns, so a busy moment of a shared machine
    hits them alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, build in runs.items():
            best[name] = min(best[name], best_load(build))
    return best


def peak_memory_mb(order: str) -> tuple[float, float]:
    """Peak RSS (VmHWM) of a fresh process building the 65,530-VMA timeline, and of one
    that only imports the engine."""
    hwm = (
        "import re;print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    code = (
        "import sys; sys.path.insert(0, 'benchmarks');"
        "from engine_load import load_timeline, keys;"
        f"t = load_timeline(keys({N}, {order!r}));" + hwm
    )
    base = "import vmastudio.engine.timeline;" + hwm
    full = int(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()[-1]
    )
    idle = int(
        subprocess.run(
            [sys.executable, "-c", base], capture_output=True, text=True, check=True
        ).stdout.split()[-1]
    )
    return round(full / 1024, 1), round(idle / 1024, 1)


def measure() -> dict[str, Any]:
    """Every figure for the engine this process runs (compiled or pure)."""
    import vmastudio.engine as engine

    out: dict[str, Any] = {"engine": "compiled" if engine.compiled() else "pure", "load": {}}
    for order in ("ascending", "descending", "random"):
        ranges = keys(N, order)
        t0 = time.perf_counter()
        scenario = scenario_for(ranges)  # the input, as the key pairs are bintrees'
        build_s = time.perf_counter() - t0
        times = interleaved(
            {
                # Timeline only reads the scenario's ops: one scenario serves every run.
                "vmastudio": lambda s=scenario: Timeline(s, summaries=False),
                "bintrees": lambda r=ranges: load_bintrees(r),
            },
            rounds=5,
        )
        ours, peer = times["vmastudio"], times["bintrees"]
        replay = best_load(lambda r=ranges: load_timeline(r, summaries=True))
        out["load"][order] = {
            "vmastudio_s": round(ours, 3),
            "bintrees_s": round(peer, 3),
            "ratio": round(ours / peer, 2),
            "scenario_build_s": round(build_s, 3),
            "with_replay_summaries_s": round(replay, 3),
        }
        print(
            f"[{out['engine']}] load {order:10} vmastudio {ours:.3f}s  bintrees {peer:.3f}s  "
            f"ratio {ours / peer:.2f}  (scenario ops built in {build_s:.3f}s; with replay "
            f"summaries {replay:.3f}s)",
            flush=True,
        )
    rates = {}
    for n in (1_000, 10_000, N):
        scenario = scenario_for(keys(n, "random"))
        t = best_load(lambda s=scenario: Timeline(s, summaries=False), repeat=3)
        rates[str(n)] = round(n / t)
    out["inserts_per_s"] = rates
    print(f"[{out['engine']}] inserts/s", rates, flush=True)
    for settled in (False, True):
        timeline = load_timeline(keys(N, "random"))
        if settled:
            settle_heap()  # what the window does after loading a large space
        rng = random.Random(7)
        t0 = time.perf_counter()
        timeline.trace(1)  # the first call also loads the step texts (once per process)
        first = round((time.perf_counter() - t0) * 1e3, 1)
        samples = []
        with GcPauses() as pauses:
            for k in rng.sample(range(1, N + 1), 200):
                t0 = time.perf_counter()
                timeline.trace(k)
                samples.append(time.perf_counter() - t0)
        figures = {
            "median": round(statistics.median(samples) * 1e3, 3),
            "p95": round(sorted(samples)[int(len(samples) * 0.95)] * 1e3, 3),
            "max": round(max(samples) * 1e3, 3),
            "gc": pauses.summary(),
        }
        name = "materialise_ms" if settled else "materialise_unsettled_ms"
        out[name] = figures
        if settled:
            out["first_trace_ms"] = first
        print(f"[{out['engine']}] {name}", figures, flush=True)
        timeline.dispose()
        gc.unfreeze()
    full, idle = peak_memory_mb("random")
    out["peak_rss_mb"] = {"timeline_65530": full, "interpreter_and_imports": idle}
    print(f"[{out['engine']}] peak RSS {full} MB (interpreter + imports alone {idle} MB)")
    return out


def main() -> None:
    if "--child" in sys.argv:
        print(json.dumps(measure()))
        return
    out: dict[str, Any] = {"n": N} | both_engines(__file__, "engine_load")
    print("written", write("engine_load", out))


if __name__ == "__main__":
    main()
