"""Issue 9's end-to-end figure: a 65,530-VMA maps file to the first painted frame.

Runs in a fresh process (so peak memory is this task's): parse the maps text, load the
engine timeline, build the document's scene, paint the first frame of a 1600x1000 view at
fit-to-window (the view's own paint, which switches to the overview when columns are
tiny); reports each part, the total, and peak RSS (VmHWM) with the space open.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import write

HERE = Path(__file__).resolve().parent
N = 65_530

CHILD = r"""
import os, re, sys, time, json
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from vmastudio.engine.maps import read_maps_file
from vmastudio.model.document import Document
from vmastudio.view.scene import VmaScene
from vmastudio.view.scene_view import SceneView
from vmastudio.view.binding import show_document
t1 = time.perf_counter()
imported = read_maps_file(sys.argv[1])
t2 = time.perf_counter()
doc = Document()
doc.load_scenario(imported.scenario)
doc.last()
t3 = time.perf_counter()
scene = VmaScene()
show_document(scene, doc)
t4 = time.perf_counter()
view = SceneView(scene)
view.resize(1600, 1000)
view.show()
view.fit()
app.processEvents()
view.viewport().grab()  # the first frame the user sees, through the view's own paint
t5 = time.perf_counter()
hwm = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))
print(json.dumps({"imports_s": t1 - t0, "parse_s": t2 - t1, "engine_s": t3 - t2,
                  "scene_s": t4 - t3, "first_frame_s": t5 - t4, "peak_rss_mb": hwm / 1024}))
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.maps"
        subprocess.run(
            [sys.executable, str(HERE / "make_maps.py"), str(N), "-o", str(path)], check=True
        )
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    import json

    parts = json.loads(done.stdout.strip().splitlines()[-1])
    parts = {k: round(v, 3) for k, v in parts.items()}
    total = sum(parts[k] for k in ("parse_s", "engine_s", "scene_s", "first_frame_s"))
    out = {
        "vmas": N,
        **parts,
        "total_s": round(total, 3),
        "target_total_s": 2.0,
        "target_peak_rss_mb": 500,
    }
    print(out)
    print("written", write("gui_maps65k", out))
    _ = re


if __name__ == "__main__":
    main()
