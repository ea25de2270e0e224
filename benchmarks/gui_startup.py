"""Start-up to the first painted window: VMA Studio on the demo vs a bare PySide6
``QMainWindow``, measured in the same run (target: at most 1.5x the bare window), with
the compiled engine (when built) and the pure-Python one (``VMASTUDIO_PURE=1``).

Each sample is a fresh process timed from spawn until its window's first paint event
(the process prints nothing and exits right then, so the exit is part of the sample).
Median of several runs. ``spawn_to_paint`` times the same scripts to the paint event
itself (each writes the wall-clock time of its first paint), without the exit. Uses the
offscreen platform unless ``DISPLAY`` is set (e.g. under Xvfb). Also lists the modules
loaded when the first frame is painted: none of those only later actions need (export,
lecture, dialogs, diff) may be among them. Writes ``results/gui_startup.json``.

Fairness: both sides are the same kind of process (``python -c``, same interpreter,
environment and bytecode cache), and each watches its first paint the same way: an event
filter on the one widget whose paint is awaited (the bare window; VMA Studio's scene
viewport, painted in the same backing-store pass as its docks, menus and tool bar).
An *application-wide* Python filter, as this benchmark used before, runs Python for every
event of every widget before the first paint: ~20 events for the bare window, ~1,450 for
VMA Studio's (docks, tool buttons, menus), which charged VMA Studio ~17 ms of
instrument. That variant is still measured and reported (``app_wide_filter``).

VMA Studio starts as the ``vmastudio --demo`` command does (``cli.main``: arguments,
application, icon, error hooks, the window, the demo); the script only wraps
``MainWindow.show`` to watch the viewport and give the window the bare one's size. The
children share a home folder of the benchmark's own, so their settings and data are a
returning user's, not the developer's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from _common import last_json, write

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1600, 1000)
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            app.quit()
        return False
f = First()
w.installEventFilter(f)
w.show()
app.exec()
"""

STUDIO = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
import vmastudio.app.main_window as main_window
w = viewport = app = None
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is viewport:
            app.quit()
        return False
first = First()
_show = main_window.MainWindow.show
def show(window):
    global w, viewport, app
    w, viewport, app = window, window.view.viewport(), QApplication.instance()
    viewport.installEventFilter(first)
    window.resize(1600, 1000)
    _show(window)
main_window.MainWindow.show = show
from vmastudio.app.cli import main
sys.exit(main(["--demo"]))
"""

#: The way this benchmark watched the first paint before: a filter on the application.
BARE_APP_FILTER = BARE.replace("w.installEventFilter(f)", "app.installEventFilter(f)")
STUDIO_APP_FILTER = STUDIO.replace(
    "viewport.installEventFilter(first)", "app.installEventFilter(first)"
)
assert STUDIO_APP_FILTER != STUDIO

#: The same two scripts, each writing the wall-clock time of its first paint before it
#: quits: from spawn to the paint itself, without the process's exit, which the main
#: measure includes (reported as ``spawn_to_paint``; the main measure is unchanged).
_AT_PAINT = "            sys.stdout.write(repr(__import__('time').time()))\n"
BARE_AT_PAINT = BARE.replace("            app.quit()", _AT_PAINT + "            app.quit()")
STUDIO_AT_PAINT = STUDIO.replace("            app.quit()", _AT_PAINT + "            app.quit()")


#: Modules only later actions need: the first frame must not wait for them.
LATER = (
    "export",
    "lecture",
    "dialog",
    "diff",
    "presentation",
    "presenter",
    "side_by_side",
    # and what only the docks behind tabs and autosave need (the error hooks, errors.py
    # and crashlog.py, are installed before the first frame; the report's dialog and the
    # log's writer are imported when an error is reported)
    "autosave",
    "minimap",
    "inspector",
    "view.pointer",
    "engine.pointers",
)

MODULES = STUDIO.replace(
    "            app.quit()",
    "            import json\n"
    "            print(json.dumps(sorted(m for m in sys.modules if m.startswith('vmastudio'))))\n"
    "            app.quit()",
)


def first_paint_modules(pure: bool) -> list[str]:
    modules = last_json(MODULES, child_env(None, pure))
    assert isinstance(modules, list)
    return modules


_HOME: list[str] = []


def _home() -> str:
    """This benchmark run's home folder for its children (made once, removed at exit):
    VMA Studio's settings and data, as on a user's machine, but not the user's own."""
    if not _HOME:
        _HOME.append(tempfile.mkdtemp(prefix="vmastudio-bench-home-"))
        atexit.register(shutil.rmtree, _HOME[0], True)
    return _HOME[0]


def child_env(cache: str | None, pure: bool = False) -> dict[str, str]:
    """A sample's environment: the engine asked for, offscreen unless ``DISPLAY`` is set,
    bytecode cached in ``cache`` (an installed wheel ships compiled bytecode; ours is kept
    out of the source tree), or none written when ``cache`` is None, and a home folder of
    the benchmark's own (``_home``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = _home()
    env.pop("VMASTUDIO_PURE", None)
    if pure:
        env["VMASTUDIO_PURE"] = "1"
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def sample(code: str, cache: str | None, pure: bool = False) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], env=child_env(cache, pure), check=True, capture_output=True
    )
    return time.perf_counter() - t0


def sample_paint(code: str, cache: str, pure: bool = False) -> float:
    """Seconds from spawning ``code`` (an ``*_AT_PAINT`` script) to its first paint."""
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=child_env(cache, pure),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1]) - t0


def spread(samples: list[float]) -> dict[str, float]:
    """Median and spread (min, max) of one side's samples, in seconds."""
    return {
        "median": round(statistics.median(samples), 4),
        "min": round(min(samples), 4),
        "max": round(max(samples), 4),
    }


def measure(
    runs: int,
    cache: str | None,
    pure: bool = False,
    app_filter: bool = False,
    to_paint: bool = False,
) -> tuple[list[float], list[float]]:
    """``runs`` samples of each side, alternating, so both see the same machine load: to
    the exit (``sample``) or, ``to_paint``, to the paint itself (``sample_paint``)."""
    if to_paint:
        bare_code, studio_code = BARE_AT_PAINT, STUDIO_AT_PAINT
    elif app_filter:
        bare_code, studio_code = BARE_APP_FILTER, STUDIO_APP_FILTER
    else:
        bare_code, studio_code = BARE, STUDIO

    def take(code: str, pure: bool) -> float:
        if to_paint:
            assert cache is not None
            return sample_paint(code, cache, pure)
        return sample(code, cache, pure)

    take(bare_code, False)  # warm the file cache (and the bytecode cache) for both
    take(studio_code, pure)
    bare, studio = [], []
    for _ in range(runs):
        bare.append(take(bare_code, False))
        studio.append(take(studio_code, pure))
    return bare, studio


def compare(bare: list[float], studio: list[float]) -> dict[str, object]:
    b, s = statistics.median(bare), statistics.median(studio)
    return {
        "bare_qmainwindow_s": round(b, 4),
        "vmastudio_demo_s": round(s, 4),
        "ratio": round(s / b, 3),
        "bare_spread_s": spread(bare),
        "vmastudio_spread_s": spread(studio),
    }


def engine_built() -> bool:
    done = subprocess.run(
        [sys.executable, "-c", "import vmastudio.engine as e; print(e.compiled())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def main(runs: int = 7) -> None:
    compiled = engine_built()
    result: dict[str, object] = {
        "platform": "xcb" if os.environ.get("DISPLAY") else "offscreen",
        "runs": runs,
        "target_ratio": 1.5,
        "note": "with compiled bytecode, as an installed wheel runs",
    }
    for engine in ("compiled", "pure") if compiled else ("pure",):
        pure = engine == "pure"
        with tempfile.TemporaryDirectory() as cache:
            bare, studio = measure(runs, cache, pure)
            app_bare, app_studio = measure(runs, cache, pure, app_filter=True)
            paint_bare, paint_studio = measure(runs, cache, pure, to_paint=True)
        no_cache = measure(runs, None, pure)
        modules = first_paint_modules(pure)
        later = [m for m in modules if any(word in m for word in LATER)]
        main_side = compare(bare, studio)
        ratio = main_side["ratio"]
        assert isinstance(ratio, float)
        result[engine] = {
            **main_side,
            "target_met": ratio <= 1.5,
            "app_wide_filter": compare(app_bare, app_studio),
            "spawn_to_paint": compare(paint_bare, paint_studio),
            "without_bytecode_cache": compare(*no_cache),
            "modules_at_first_paint": len(modules),
            "later_modules_at_first_paint": later,
        }
        print(engine, result[engine], flush=True)
    if not compiled:
        result["compiled"] = None
    write("gui_startup", result)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="samples of each side (median)")
    main(parser.parse_args().runs)
