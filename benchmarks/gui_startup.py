"""Start-up to the first painted window: VMA Studio on the demo vs a bare PySide6
``QMainWindow``, measured in the same run (target: at most 1.5x the bare window).

Each sample is a fresh process timed from spawn until its window's first paint event
(the process prints nothing and exits right then). Median of several runs. Uses the
offscreen platform unless ``DISPLAY`` is set (e.g. under Xvfb). Writes
``results/gui_startup.json``.
"""

from __future__ import annotations

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


def sample(code: str, cache: str | None) -> float:
    env = dict(os.environ)
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


def measure(runs: int, cache: str | None) -> tuple[float, float]:
    sample(BARE, cache)  # warm the file cache (and the bytecode cache) for both
    sample(STUDIO, cache)
    bare, studio = [], []
    for _ in range(runs):
        bare.append(sample(BARE, cache))
        studio.append(sample(STUDIO, cache))
    return statistics.median(bare), statistics.median(studio)


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as cache:
        b, s = measure(runs, cache)
    nb, ns = measure(runs, None)
    result = {
        "platform": "xcb" if os.environ.get("DISPLAY") else "offscreen",
        "runs": runs,
        "bare_qmainwindow_s": round(b, 4),
        "vmastudio_demo_s": round(s, 4),
        "ratio": round(s / b, 3),
        "target_ratio": 1.5,
        "target_met": s / b <= 1.5,
        "note": "with compiled bytecode, as an installed wheel runs",
        "without_bytecode_cache": {
            "bare_qmainwindow_s": round(nb, 4),
            "vmastudio_demo_s": round(ns, 4),
            "ratio": round(ns / nb, 3),
        },
    }
    print(result)
    write("gui_startup", result)


if __name__ == "__main__":
    main()
