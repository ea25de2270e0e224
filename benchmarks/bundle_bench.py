"""The standalone bundle (``make dist-bundle``) against ``python -m vmastudio``: size on
disk, and start-up time measured in the same run.

Three start-ups, each a fresh process timed from spawn to exit, median of several runs
after one warm-up (so both sides read from the page cache):
- ``--version`` (the bare interpreter/bootloader cost);
- ``replay --demo --json`` (the engine, no Qt);
- the window on the demo, offscreen, until its first paint. The bundle is frozen from
  ``packaging/pyinstaller/launch.py``, which exits at the first paint when
  ``VMASTUDIO_EXIT_AFTER_FIRST_PAINT=1``; the Python side runs that same script (it is
  ``python -m vmastudio`` plus that switch).

Never builds the bundle: without ``dist/vmastudio/vmastudio`` it says so and exits 0
(``make bench`` stays quick). Writes ``results/bundle.json``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import write

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("VMASTUDIO_BUNDLE_DIR") or ROOT / "dist" / "vmastudio")
LAUNCHER = ROOT / "packaging" / "pyinstaller" / "launch.py"
RUNS = int(os.environ.get("BUNDLE_BENCH_RUNS", "5"))


def _time(cmd: list[str], env: dict[str, str], cwd: str) -> dict[str, float]:
    samples = []
    for i in range(RUNS + 1):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd, timeout=120)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(
                f"bundle_bench: {' '.join(cmd)} exited {done.returncode}: "
                f"{done.stderr.decode(errors='replace').strip()[-500:]}"
            )
        if i:  # the first run only warms the page cache
            samples.append(elapsed)
    return {
        "median_s": round(statistics.median(samples), 4),
        "min_s": round(min(samples), 4),
        "runs": len(samples),
    }


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> int:
    exe = BUNDLE / "vmastudio"
    if not exe.exists():
        print(f"bundle_bench: skipped: no bundle at {exe} (build it with 'make dist-bundle')")
        return 0
    size, count = _size(BUNDLE)
    internal = BUNDLE / "_internal"
    biggest = sorted(
        (
            (p.stat().st_size, p.relative_to(BUNDLE).as_posix())
            for p in internal.rglob("*")
            if p.is_file() and not p.is_symlink()
        ),
        reverse=True,
    )[:8]
    with tempfile.TemporaryDirectory(prefix="vmastudio-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp)
        gui_env = dict(env, VMASTUDIO_EXIT_AFTER_FIRST_PAINT="1")
        python = [sys.executable, "-m", "vmastudio"]
        cases = {
            "version": (["--version"], env),
            "replay_demo_json": (["replay", "--demo", "--json"], env),
            "window_first_paint": (["--demo"], gui_env),
        }
        startup: dict[str, dict[str, object]] = {}
        for name, (args, case_env) in cases.items():
            py_cmd = (
                [sys.executable, str(LAUNCHER), *args]
                if name == "window_first_paint"
                else [*python, *args]
            )
            bundled = _time([str(exe), *args], case_env, tmp)
            interpreted = _time(py_cmd, case_env, tmp)
            startup[name] = {
                "bundle": bundled,
                "python": interpreted,
                "bundle_over_python": round(bundled["median_s"] / interpreted["median_s"], 2),
            }
            print(
                f"{name:<20} bundle {bundled['median_s']:.3f} s   "
                f"python -m vmastudio {interpreted['median_s']:.3f} s"
            )
    print(f"bundle size {size / 2**20:.1f} MiB in {count} files")
    path = write(
        "bundle",
        {
            "bundle_dir": str(BUNDLE),
            "bundle_bytes": size,
            "bundle_mib": round(size / 2**20, 1),
            "bundle_files": count,
            "largest_files": [{"path": p, "bytes": b} for b, p in biggest],
            "startup": startup,
            "python_command": f"{sys.executable} -m vmastudio",
        },
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
