"""The floors of first paint (issue 20): the Qt classes alone, and the same frame in
plain PySide.

PySide makes a class's Python enums when the class is first taken from its module, so a
window pays at start-up for every Qt class its first frame's modules import, whatever it
builds with them. This benchmark measures that floor in the same run as its peers:

- ``bare``: a bare ``QMainWindow`` to its first paint (``gui_startup.BARE``);
- ``floor``: the same bare window, after importing every PySide class that VMA Studio's
  modules hold at its first paint (found by a child that runs ``gui_startup.STUDIO`` and
  lists them when its viewport first paints);
- ``replica``: the same first frame as VMA Studio's, rebuilt from PySide classes alone
  (``_replica.py``: a child runs ``gui_startup.STUDIO`` and describes its window when the
  viewport first paints: menus, tool bar, status bar, docks and their widgets, text,
  items, fonts, layouts, and each scene item as a picture of its own ``paint()``). Any
  PySide program that paints this frame pays at least this much; VMA Studio's time above
  it is what its own code costs. The replica describes itself at its first paint too, and
  the result says whether it is the same window (``replica_differences``: none, or the
  paths where it differs; pixel sizes of docks and columns and the view's centre are
  compared by eye, see ``replica.LOOSE``);
- ``replica_without_<part>``: the replica without one part of the frame (its docks, the
  scene's items, menus, tool bars, status bar): what each part costs to show; and
  without all of them (``all_parts``): a main window holding an empty graphics view;
- ``studio``: VMA Studio on the demo to its first paint (``gui_startup.STUDIO``).

Each sample is a fresh process, the three alternating; medians of wall time (spawn to
exit, as ``gui_startup`` measures) and of the child's CPU time (user + system, which a
shared machine disturbs less). The result says how far each floor is from the 1.5x target,
how much room the classes' floor leaves for building and painting the window itself, and
how much VMA Studio's own code costs above the replica.
Writes ``results/gui_startup_floor.json``.
"""

from __future__ import annotations

import copy
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import _replica as replica
from _common import last_json, write
from gui_startup import BARE, STUDIO, child_env

HERE = os.path.dirname(os.path.abspath(__file__))

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
    found = last_json(CLASSES, child_env(cache))
    assert isinstance(found, list)
    return [(m, n) for m, n in found]


#: At the first paint, print the description of VMA Studio's window (``replica.describe``).
DESCRIBE = STUDIO.replace(
    "            app.quit()",
    f"            sys.path.insert(0, {HERE!r})\n"
    "            try:\n"
    "                import json\n"
    "                from _replica import describe\n"
    "                print(json.dumps(describe(w)))\n"
    "            finally:\n"
    "                app.quit()",
)


def first_frame(cache: str) -> tuple[dict[str, object], list[str]]:
    """VMA Studio's first frame described, and where its replica differs from it (the
    replica's own description at its first paint, compared by ``replica.structure``)."""
    desc = last_json(DESCRIBE, child_env(cache))
    assert isinstance(desc, dict)
    env = child_env(cache)
    env["REPLICA_DESCRIBE"] = "1"
    again = last_json(replica.script(desc), env)
    return desc, replica.differences(replica.structure(desc), replica.structure(again))


def _no_docks(desc: dict[str, Any]) -> None:
    desc["docks"] = []
    desc["tab_groups"] = []


def _no_scene_items(desc: dict[str, Any]) -> None:
    desc["central"]["scene"]["items"] = []


def _no_menus(desc: dict[str, Any]) -> None:
    desc["menus"] = []


def _no_tool_bars(desc: dict[str, Any]) -> None:
    desc["toolbars"] = []


def _no_status_bar(desc: dict[str, Any]) -> None:
    desc["status"] = []


#: The replica without one part of the frame each: what that part costs to show (its
#: time is the replica's less the part's, in the same run).
PARTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "docks": _no_docks,
    "scene_items": _no_scene_items,
    "menus": _no_menus,
    "tool_bars": _no_tool_bars,
    "status_bar": _no_status_bar,
}


def _nothing_but_the_view(desc: dict[str, Any]) -> None:
    for name, remove in PARTS.items():
        if name != "all_parts":
            remove(desc)


#: The replica without all of them: a main window holding an empty graphics view.
PARTS["all_parts"] = _nothing_but_the_view


def without(desc: dict[str, Any], part: str) -> str:
    """The replica's script without ``part`` (one of ``PARTS``)."""
    less = copy.deepcopy(desc)
    PARTS[part](less)
    return replica.script(less)


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


def main(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as cache:
        classes = first_paint_classes(cache)
        desc, replica_differences = first_frame(cache)
        sides = {
            "bare": BARE,
            "floor": floor_script(classes),
            "replica": replica.script(desc),
            "studio": STUDIO,
            **{f"replica_without_{part}": without(desc, part) for part in PARTS},
        }
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
        "replica_differences": replica_differences,
    }
    for measure, data in (("wall", walls), ("cpu", cpus)):
        med = {k: statistics.median(v) for k, v in data.items()}
        result[measure] = {
            **{f"{k}_s": round(v, 4) for k, v in med.items()},
            "floor_ratio": round(med["floor"] / med["bare"], 3),
            "studio_ratio": round(med["studio"] / med["bare"], 3),
            "replica_ratio": round(med["replica"] / med["bare"], 3),
            "studio_above_floor_ms": round((med["studio"] - med["floor"]) * 1000, 1),
            # what VMA Studio's own code costs: its time above the same frame in plain PySide
            "studio_above_replica_ms": round((med["studio"] - med["replica"]) * 1000, 1),
            "studio_to_replica_ratio": round(med["studio"] / med["replica"], 3),
            # what 1.5x leaves for building and painting the window once the classes are in
            "room_above_floor_at_target_ms": round((1.5 * med["bare"] - med["floor"]) * 1000, 1),
            # what each part of the frame costs to show, and the replica's ratio without it
            "part_ms": {
                part: round((med["replica"] - med[f"replica_without_{part}"]) * 1000, 1)
                for part in PARTS
            },
            "replica_ratio_without": {
                part: round(med[f"replica_without_{part}"] / med["bare"], 3) for part in PARTS
            },
        }
        print(measure, result[measure], flush=True)
    result["classes"] = [f"{m}.{n}" for m, n in classes]
    write("gui_startup_floor", result)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="samples of each side (median)")
    main(parser.parse_args().runs)
