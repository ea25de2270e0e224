"""Run every benchmark in this folder (``make bench``); each writes results/<name>.json.

Among them ``stress_walk.py`` (issue 19): a 3,000-action random walk through the window with
exports, reporting its peak memory against the 1 GB target.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    tools = {"make_maps.py"}  # generators, not benchmarks
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if not p.name.startswith(("_", "run_all")) and p.name not in tools
    )
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        done = subprocess.run([sys.executable, str(script)], cwd=HERE, env=env)
        if done.returncode:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
