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
