"""Start-up to the first painted window: VMA Studio on the demo vs a bare PySide6
``QMainWindow``, measured in the same run (target: at most 1.5x the bare window), with
the compiled engine (when built) and the pure-Python one (``VMASTUDIO_PURE=1``).

Each sample is a fresh process timed from spawn until its window's first paint event
(the process prints nothing and exits right then). Median of several runs. Uses the
offscreen platform unless ``DISPLAY`` is set (e.g. under Xvfb). Also lists the modules
loaded when the first frame is painted: none of those only later actions need (export,
lecture, dialogs, diff) may be among them. Writes ``results/gui_startup.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from _common import write

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
app.installEventFilter(f)
w.show()
app.exec()
"""

STUDIO = r"""
import sys, tempfile
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from vmastudio.app.main_window import MainWindow
w = MainWindow(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
w.document.load_demo()
w.resize(1600, 1000)
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is w.view.viewport():
            app.quit()
        return False
f = First()
app.installEventFilter(f)
w.show()
app.exec()
"""


#: Modules only later actions need: the first frame must not wait for them.
LATER = ("export", "lecture", "dialog", "diff", "presentation", "presenter", "side_by_side")

MODULES = STUDIO.replace(
    "            app.quit()",
    "            import json\n"
    "            print(json.dumps(sorted(m for m in sys.modules if m.startswith('vmastudio'))))\n"
    "            app.quit()",
)


def first_paint_modules(pure: bool) -> list[str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("VMASTUDIO_PURE", None)
    if pure:
        env["VMASTUDIO_PURE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", MODULES], env=env, check=True, capture_output=True, text=True
    )
    modules: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return modules


def sample(code: str, cache: str | None, pure: bool = False) -> float:
    env = dict(os.environ)
    env.pop("VMASTUDIO_PURE", None)
    if pure:
        env["VMASTUDIO_PURE"] = "1"
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        # An installed wheel ships compiled bytecode; keep ours out of the source tree.
        env["PYTHONPYCACHEPREFIX"] = cache
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def measure(runs: int, cache: str | None, pure: bool = False) -> tuple[float, float]:
    sample(BARE, cache)  # warm the file cache (and the bytecode cache) for both
    sample(STUDIO, cache, pure)
    bare, studio = [], []
    for _ in range(runs):
        bare.append(sample(BARE, cache))
        studio.append(sample(STUDIO, cache, pure))
    return statistics.median(bare), statistics.median(studio)


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
            b, s = measure(runs, cache, pure)
        nb, ns = measure(runs, None, pure)
        modules = first_paint_modules(pure)
        later = [m for m in modules if any(word in m for word in LATER)]
        result[engine] = {
            "bare_qmainwindow_s": round(b, 4),
            "vmastudio_demo_s": round(s, 4),
            "ratio": round(s / b, 3),
            "target_met": s / b <= 1.5,
            "without_bytecode_cache": {
                "bare_qmainwindow_s": round(nb, 4),
                "vmastudio_demo_s": round(ns, 4),
                "ratio": round(ns / nb, 3),
            },
            "modules_at_first_paint": len(modules),
            "later_modules_at_first_paint": later,
        }
        print(engine, result[engine], flush=True)
    if not compiled:
        result["compiled"] = None
    write("gui_startup", result)


if __name__ == "__main__":
    main()
