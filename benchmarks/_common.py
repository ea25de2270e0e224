"""Shared helpers for the benchmarks: timing, peak memory, writing results."""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
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


def pure_env(pure: bool, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child run: ``VMASTUDIO_PURE=1`` when ``pure`` (the pure-Python
    engine), else without it (the compiled one when built)."""
    env = dict(os.environ if base is None else base)
    env.pop("VMASTUDIO_PURE", None)
    if pure:
        env["VMASTUDIO_PURE"] = "1"
    return env


def run_script_child(script: str, name: str, pure: bool) -> dict[str, Any]:
    """Run ``script --child`` in a fresh interpreter (the pure or the default engine), echo
    every line it prints but the last, and return that last line read as JSON."""
    done = subprocess.run(
        [sys.executable, script, "--child"], env=pure_env(pure), stdout=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} child ({'pure' if pure else 'default'}) failed")
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def both_engines(script: str, name: str) -> dict[str, Any]:
    """``script --child`` on the default engine, then on the pure one when the default was
    the compiled one: ``{"compiled": …, "pure": …}`` (``compiled`` None, with a note, when
    no compiled engine is built here)."""
    first = run_script_child(script, name, pure=False)
    out: dict[str, Any] = {}
    if first["engine"] == "compiled":
        out["compiled"] = first
    else:
        out["compiled"] = None
        out["compiled_note"] = "no compiled engine built here (make build-ext)"
    out["pure"] = (
        run_script_child(script, name, pure=True) if first["engine"] == "compiled" else first
    )
    return out


def last_json(code: str, env: dict[str, str], *args: str) -> object:
    """Run ``python -c code *args`` in ``env`` and return the JSON of its last output line;
    a child that fails stops the benchmark with its error output."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_gui_child(child: str, path: Path, tmp: str, pure: bool, *extra: str) -> dict[str, object]:
    """Run the window benchmark's ``child`` code (``python -c``) offscreen on ``path``, and
    return the JSON of its last output line, floats rounded to 3 places."""
    env = pure_env(pure, dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    result = last_json(child, env, str(path), tmp, *extra)
    assert isinstance(result, dict)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}


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
