"""Shared helpers for the benchmarks: timing, peak memory, writing results."""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
PAGE = 4096


def keys(n: int, order: str, seed: int = 1) -> list[tuple[int, int]]:
    """``n`` page-aligned, non-overlapping ranges with random gaps, in the given order."""
    rng = random.Random(seed)
    ranges = []
    addr = 0x400000
    for _ in range(n):
        size = rng.randint(1, 16) * PAGE
        ranges.append((addr, addr + size))
        addr += size + rng.randint(0, 8) * PAGE
    if order == "descending":
        ranges.reverse()
    elif order == "random":
        rng.shuffle(ranges)
    return ranges


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def write(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        **data,
    }
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


class GcPauses:
    """Records every cyclic-collector run while active (``gc.callbacks``): how long each
    one paused the program, per generation. Used next to step timings, so a slow step
    can be told apart from a collection that happened to run inside it."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._t0 = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._t0))

    def __enter__(self) -> GcPauses:
        import gc

        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.callbacks.remove(self._callback)

    def summary(self) -> dict[str, float | int]:
        full = [d for g, d in self.pauses if g == 2]
        return {
            "collections": len(self.pauses),
            "full_collections": len(full),
            "max_pause_ms": round(max((d for _, d in self.pauses), default=0.0) * 1e3, 3),
            "max_full_pause_ms": round(max(full, default=0.0) * 1e3, 3),
        }
