"""Engine speed and memory at scale (issue 3 §7), against bintrees.RBTree in the same run.

- Loading 65,530 VMAs (ascending, descending, random) with the timeline recorded, vs a
  plain pure-Python red-black tree (``bintrees.RBTree``) inserting the same keys.
- Materialising the detailed steps of any single op of a 65,530-VMA timeline (median).
- Peak memory of the 65,530-VMA timeline, in a fresh process (``ru_maxrss``).
- Inserts per second at 1k, 10k and 65,530 VMAs.
"""

from __future__ import annotations

import gc
import random
import statistics
import subprocess
import sys
import time

from _common import GcPauses, best_of, keys, write

from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline, settle_heap

N = 65_530


def scenario_for(ranges: list[tuple[int, int]]) -> Scenario:
    return Scenario(ops=[OpSpec("insert", vma=VmaSpec(s, e)) for s, e in ranges])


def load_timeline(ranges: list[tuple[int, int]], summaries: bool = False) -> Timeline:
    """The timeline as the window keeps it: every op's history recorded for step access.

    ``summaries`` adds replay's per-op height and black height (``replay --json``)."""
    return Timeline(scenario_for(ranges), summaries=summaries)


def load_bintrees(ranges: list[tuple[int, int]]) -> None:
    import bintrees

    tree = bintrees.RBTree()
    for s, e in ranges:
        tree.insert(s, e)


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


def main() -> None:
    out: dict[str, object] = {"n": N, "load": {}}
    for order in ("ascending", "descending", "random"):
        ranges = keys(N, order)
        ours = best_of(lambda r=ranges: load_timeline(r))
        peer = best_of(lambda r=ranges: load_bintrees(r))
        replay = best_of(lambda r=ranges: load_timeline(r, summaries=True), repeat=1)
        out["load"][order] = {  # type: ignore[index]
            "vmastudio_s": round(ours, 3),
            "bintrees_s": round(peer, 3),
            "ratio": round(ours / peer, 2),
            "with_replay_summaries_s": round(replay, 3),
        }
        print(
            f"load {order:10} vmastudio {ours:.3f}s  bintrees {peer:.3f}s  "
            f"ratio {ours / peer:.2f}  (with replay summaries {replay:.3f}s)"
        )
    rates = {}
    for n in (1_000, 10_000, N):
        ranges = keys(n, "random")
        t = best_of(lambda r=ranges: load_timeline(r))
        rates[str(n)] = round(n / t)
    out["inserts_per_s"] = rates
    print("inserts/s", rates)
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
        print(name, figures)
        timeline.dispose()
        gc.unfreeze()
    full, idle = peak_memory_mb("random")
    out["peak_rss_mb"] = {"timeline_65530": full, "interpreter_and_imports": idle}
    print(f"peak RSS {full} MB (interpreter + imports alone {idle} MB)")
    print("written", write("engine_load", out))


if __name__ == "__main__":
    main()
