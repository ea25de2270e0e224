"""How much of the first paint is the Qt classes alone: the import floor (issue 20).

PySide makes a class's Python enums when the class is first taken from its module, so a
window pays at start-up for every Qt class its first frame's modules import, whatever it
builds with them. This benchmark measures that floor in the same run as its peers:

- ``bare``: a bare ``QMainWindow`` to its first paint (``gui_startup.BARE``);
- ``floor``: the same bare window, after importing every PySide class that VMA Studio's
  modules hold at its first paint (found by a child that runs ``gui_startup.STUDIO`` and
  lists them when its viewport first paints);
- ``studio``: VMA Studio on the demo to its first paint (``gui_startup.STUDIO``).

Each sample is a fresh process, the three alternating; medians of wall time (spawn to
exit, as ``gui_startup`` measures) and of the child's CPU time (user + system, which a
shared machine disturbs less). The result says how far the floor alone is from the 1.5x
target and how much room that leaves for building and painting the window itself.
Writes ``results/gui_startup_floor.json``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from _common import write
from gui_startup import BARE, STUDIO, child_env

#: At the first paint, print the PySide classes the loaded vmastudio modules hold (for a
#: nested type such as ``QKeySequence.StandardKey``, its top-level class).
CLASSES = STUDIO.replace(
    "            app.quit()",
    "            import json\n"
    "            found = set()\n"
    "            for name, mod in list(sys.modules.items()):\n"
    "                if name.startswith('vmastudio'):\n"
    "                    for v in vars(mod).values():\n"
    "                        m = getattr(v, '__module__', '') if isinstance(v, type) else ''\n"
    "                        if m.startswith('PySide6.'):\n"
    "                            found.add((m, v.__qualname__.split('.')[0]))\n"
    "            print(json.dumps(sorted(found)))\n"
    "            app.quit()",
)


def first_paint_classes(cache: str) -> list[tuple[str, str]]:
    done = subprocess.run(
        [sys.executable, "-c", CLASSES],
        env=child_env(cache),
        check=True,
        capture_output=True,
        text=True,
    )
    return [(m, n) for m, n in json.loads(done.stdout.strip().splitlines()[-1])]


def floor_script(classes: list[tuple[str, str]]) -> str:
    """The bare window's script after importing ``classes`` (by module, as the app does)."""
    by_module: dict[str, list[str]] = {}
    for module, name in classes:
        by_module.setdefault(module, []).append(name)
    lines = [f"from {m} import {', '.join(sorted(ns))}" for m, ns in sorted(by_module.items())]
    return "\n".join(lines) + "\n" + BARE


def sample(code: str, cache: str) -> tuple[float, float]:
    """(wall seconds from spawn to exit, the child's CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], env=child_env(cache), check=True, capture_output=True
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(runs: int = 9) -> None:
    with tempfile.TemporaryDirectory() as cache:
        classes = first_paint_classes(cache)
        sides = {"bare": BARE, "floor": floor_script(classes), "studio": STUDIO}
        for code in sides.values():  # warm the file and bytecode caches
            sample(code, cache)
        walls: dict[str, list[float]] = {k: [] for k in sides}
        cpus: dict[str, list[float]] = {k: [] for k in sides}
        for _ in range(runs):
            for name, code in sides.items():
                wall, cpu = sample(code, cache)
                walls[name].append(wall)
                cpus[name].append(cpu)
    result: dict[str, object] = {
        "runs": runs,
        "platform": "xcb" if os.environ.get("DISPLAY") else "offscreen",
        "qt_classes_at_first_paint": len(classes),
        "target_ratio": 1.5,
    }
    for measure, data in (("wall", walls), ("cpu", cpus)):
        med = {k: statistics.median(v) for k, v in data.items()}
        result[measure] = {
            **{f"{k}_s": round(v, 4) for k, v in med.items()},
            "floor_ratio": round(med["floor"] / med["bare"], 3),
            "studio_ratio": round(med["studio"] / med["bare"], 3),
            "studio_above_floor_ms": round((med["studio"] - med["floor"]) * 1000, 1),
            # what 1.5x leaves for building and painting the window once the classes are in
            "room_above_floor_at_target_ms": round((1.5 * med["bare"] - med["floor"]) * 1000, 1),
        }
        print(measure, result[measure], flush=True)
    result["classes"] = [f"{m}.{n}" for m, n in classes]
    write("gui_startup_floor", result)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="samples of each side (median)")
    main(parser.parse_args().runs)
