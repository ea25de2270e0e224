"""Issue 9's targets at the kernel's default map count: a 65,530-VMA maps file.

Two fresh processes (so each peak memory is that task's own), offscreen, 2 cores:

``parts`` — the pipeline piece by piece, as the window runs it: parse the maps text,
load it into the engine as the window does by default for a large space (a bulk load,
``replay_order.auto_order``) and take the drawn snapshot, build the scene, paint the first
frame of a 1600x1000 view at fit; then frames (the view's own paint, best and worst of
several) at fit, at 0.05 zoom and at full detail (1:1) while panning, and one traced
insert into the space: appended, drawn, highlighted and painted (and every later step of
that insert). The search over all VMAs is timed too.

``step_back_through_ops`` — the same file replayed as 65,530 traced inserts (address
order), stepped backwards through every step of its last 12 ops: time per step (each op
boundary derives the state before it from the cached neighbour) and memory (caches are
bounded by node entries).

``window`` — the same file opened through ``MainWindow.open_file`` in the 4.x window with
every panel and dock (what a user waits for), once the window has started (its docks made
after its own first frame: ``window_started_s``), the first frame painted, and peak RSS
(VmHWM) with the space open; then one traced insert through the window (panels, pointer
view, scene).

Peer, in the same run: the pre-issue-9 figures are kept in ``BEFORE`` (measured on this
machine with the old all-items scene: 12.8 s and 1,179 MB).

Engines (issue 20): everything runs on the compiled engine when it is built, and
``parts`` and ``window`` once more on the pure-Python one (``VMASTUDIO_PURE=1``), in the
same run. Target: the file opened to its first frame (``window.open_to_first_frame_s``)
in under 1.0 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import run_gui_child, write

HERE = Path(__file__).resolve().parent
N = 65_530
BEFORE = {"total_s": 12.783, "peak_rss_mb": 1178.5, "frame_zoom_005_ms": 18.7}

COMMON = r"""
import json, os, re, statistics, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
def hwm():
    return int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
def ms(x):
    return round(x * 1000, 2)
def gap_in(snap, where):
    # Snapshot nodes are keyed by VMA id (not address): walk them in address order.
    nodes = sorted(snap.nodes.values(), key=lambda n: n.start)
    for a, b in zip(nodes[where:], nodes[where + 1:]):
        if a.end + 0x2000 <= b.start:
            return a.end + 0x1000
    raise SystemExit("no gap")
"""

PARTS = (
    COMMON
    + r"""
from vmastudio.engine.maps import read_maps_file
from vmastudio.engine.scenario import VmaSpec
from vmastudio.engine.search import parse_query, search_vmas
from vmastudio.model.document import Document, imported
from vmastudio.view.binding import show_document
from vmastudio.view.scene import VmaScene
from vmastudio.view.scene_view import SceneView
t1 = time.perf_counter()
raw = read_maps_file(sys.argv[1])
t2 = time.perf_counter()
doc = Document()
doc.load_scenario(imported(raw.scenario))
doc.last()
snap = doc.current_snapshot()
t3 = time.perf_counter()
scene = VmaScene()
show_document(scene, doc)
t4 = time.perf_counter()
view = SceneView(scene)
view.resize(1600, 1000)
view.show()
view.fit()
app.processEvents()
view.viewport().grab()
t5 = time.perf_counter()
out = {"vmas": len(snap.nodes), "order": "bulk" if doc.op_count() == 0 else "ops",
       "imports_s": t1 - t0, "parse_s": t2 - t1, "engine_s": t3 - t2, "scene_s": t4 - t3,
       "first_frame_s": t5 - t4}
out["total_s"] = t5 - t1

def frames(label, moves):
    times = []
    for move in moves:
        move()
        t = time.perf_counter()
        view.viewport().grab()
        times.append(time.perf_counter() - t)
    out[label + "_median_ms"] = ms(statistics.median(times))
    out[label + "_max_ms"] = ms(max(times))

h = view.horizontalScrollBar()
view.fit()
frames("frame_fit", [lambda: None] * 10)
def at(zoom, x):
    def go():
        view.resetTransform(); view.scale(zoom, zoom); view.centerOn(x, 900)
    return go
mid = scene.sceneRect().center().x()
frames("frame_zoom_005", [at(0.05, mid)] + [lambda: h.setValue(h.value() + 60)] * 20)
frames("frame_zoom_02", [at(0.2, mid)] + [lambda: h.setValue(h.value() + 60)] * 20)
frames("frame_full_detail", [at(1.0, mid)] + [lambda: h.setValue(h.value() + 40)] * 30)
jumps = enumerate((0.03, 0.3, 1.0, 0.1, 2.0, 0.5))
frames("frame_zoom_jump", [at(z, mid + 50_000 * i) for i, z in jumps])
out["items_at_full_detail"] = len(scene.items())

# One traced insert, appended, drawn and painted, at full detail where it happens.
addr = gap_in(snap, len(snap.nodes) // 2)
from vmastudio.view.minimap import go_to_address
go_to_address(doc, scene, view, addr)
view.viewport().grab()
t = time.perf_counter()
doc.insert(VmaSpec(addr, addr + 0x1000))
t_engine = time.perf_counter()
show_document(scene, doc)
view.keep_in_sight(scene.focus_rect())
t_scene = time.perf_counter()
view.viewport().grab()
t_paint = time.perf_counter()
out["insert_engine_ms"] = ms(t_engine - t)
out["insert_scene_ms"] = ms(t_scene - t_engine)
out["insert_paint_ms"] = ms(t_paint - t_scene)
out["insert_total_ms"] = ms(t_paint - t)
steps = []
for k in range(doc.step_count(doc.op)):
    t = time.perf_counter()
    doc.set_position(doc.op, k)
    show_document(scene, doc)
    view.keep_in_sight(scene.focus_rect())
    view.viewport().grab()
    steps.append(time.perf_counter() - t)
out["insert_steps"] = len(steps)
out["insert_step_median_ms"] = ms(statistics.median(steps))
out["insert_step_max_ms"] = ms(max(steps))
view.fit()
t = time.perf_counter()
view.viewport().grab()
out["fit_after_insert_ms"] = ms(time.perf_counter() - t)
times = {}
for text in ("libc", "r-x", "VM_WRITE", "0x7f0000000000"):
    t = time.perf_counter()
    found = search_vmas(snap, parse_query(text))
    times[text] = ms(time.perf_counter() - t)
out["search_ms"] = times
view.resetTransform(); view.scale(1.0, 1.0); view.centerOn(scene.column_x(addr) or 0, 900)
view.viewport().grab().save(os.path.join(sys.argv[2], "zoom.png"))
view.fit(); view.viewport().grab().save(os.path.join(sys.argv[2], "fit.png"))
out["peak_rss_mb"] = hwm()
print(json.dumps(out))
"""
)

WINDOW = (
    COMMON
    + r"""
from PySide6.QtCore import QSettings
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.scenario import VmaSpec
settings = QSettings(os.path.join(sys.argv[2], "settings.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings)
window.resize(1600, 1000)
window.show()
app.processEvents()
# Opened in this (4.x) window: where File > Replay order of imports may send maps texts
# to the 6.12 side-by-side window instead, the benchmark asks for this one.
import inspect
here = {"kernel": "4.x"} if "kernel" in inspect.signature(window.open_file).parameters else {}
# A started window (its docks made after the first frame, as before any user's File >
# Open): how long that start takes is gui_startup's figure, not this one's.
t0 = time.perf_counter()
while window.start_pending() and time.perf_counter() - t0 < 10:
    app.processEvents()
started_s = time.perf_counter() - t0
t1 = time.perf_counter()
window.open_file(sys.argv[1], ask=False, **here)
app.processEvents()
window.grab()
t2 = time.perf_counter()
out = {"open_to_first_frame_s": t2 - t1, "ops": window.document.op_count(),
       "vmas": len(window.document.current_snapshot().nodes), "window_started_s": started_s}
snap = window.document.current_snapshot()
addr = gap_in(snap, len(snap.nodes) // 3)
window.go_to(hex(addr))
app.processEvents(); window.grab()
t = time.perf_counter()
window.document.insert(VmaSpec(addr, addr + 0x1000))
app.processEvents()
window.view.viewport().grab()
out["insert_in_window_ms"] = ms(time.perf_counter() - t)
steps = []
for k in range(window.document.step_count(1)):
    t = time.perf_counter()
    window.document.set_position(1, k)
    app.processEvents()
    window.view.viewport().grab()
    steps.append(time.perf_counter() - t)
out["window_step_median_ms"] = ms(statistics.median(steps))
out["window_step_max_ms"] = ms(max(steps))
window.grab().save(os.path.join(sys.argv[2], "window.png"))
out["peak_rss_mb"] = hwm()
# Peer in the same window: the same insert into the built-in demo (a dozen VMAs), so the
# panels' own cost (code, variables, pointer view, steps: independent of the VMA count)
# is measured next to the large one.
window.document.load_demo()  # (open_demo would ask to save the edited space)
app.processEvents(); window.grab()
snap = window.document.state(window.document.op_count())
addr = gap_in(snap, 0)
window.document.last(); app.processEvents(); window.grab()
t = time.perf_counter()
window.document.insert(VmaSpec(addr, addr + 0x1000))
app.processEvents()
window.view.viewport().grab()
out["demo_insert_in_window_ms"] = ms(time.perf_counter() - t)
steps = []
k_op = window.document.op_count()
for k in range(window.document.step_count(k_op)):
    t = time.perf_counter()
    window.document.set_position(k_op, k)
    app.processEvents()
    window.view.viewport().grab()
    steps.append(time.perf_counter() - t)
out["demo_window_step_median_ms"] = ms(statistics.median(steps))
print(json.dumps(out))
"""
)


STEPBACK = (
    COMMON
    + r"""
from vmastudio.model.document import Document
from vmastudio.view.binding import show_document
from vmastudio.view.scene import VmaScene
from vmastudio.view.scene_view import SceneView
def rss():
    return int(re.search(r"VmRSS:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
t = time.perf_counter()
doc = Document()
doc.load_file(sys.argv[1], "address")  # one traced insert per VMA: 65,530 ops
out = {"ops": doc.op_count(), "load_s": time.perf_counter() - t}
scene = VmaScene()
view = SceneView(scene)
view.resize(1600, 1000)
view.show()
doc.last()
show_document(scene, doc)
view.viewport().grab()
out["rss_at_last_op_mb"] = rss()
times = []
n = doc.op_count()
for k in range(n, n - 12, -1):  # every step of the last 12 ops, backwards
    for s in range(doc.step_count(k) - 1, -1, -1):
        t = time.perf_counter()
        doc.set_position(k, s)
        show_document(scene, doc)
        view.keep_in_sight(scene.focus_rect())
        view.viewport().grab()
        times.append(time.perf_counter() - t)
out["steps"] = len(times)
out["step_median_ms"] = ms(statistics.median(times))
out["step_max_ms"] = ms(max(times))
out["rss_after_12_ops_back_mb"] = rss()
out["peak_rss_mb"] = hwm()
print(json.dumps(out))
"""
)


def run(child: str, path: Path, tmp: str, pure: bool = False) -> dict[str, object]:
    return run_gui_child(child, path, tmp, pure)


def main() -> None:
    keep = os.environ.get("VMASTUDIO_BENCH_SHOTS")  # a folder to keep the screenshots in
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.maps"
        subprocess.run(
            [sys.executable, str(HERE / "make_maps.py"), str(N), "-o", str(path)], check=True
        )
        shots = keep or tmp
        probe = "import vmastudio.engine as e; print(e.compiled())"
        engine = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.strip()
        parts = run(PARTS, path, shots)
        window = run(WINDOW, path, shots)
        stepback = run(STEPBACK, path, shots)
        pure: dict[str, object] | None = None
        if engine == "True":
            pure = {
                "parts": run(PARTS, path, shots, pure=True),
                "window": run(WINDOW, path, shots, pure=True),
            }
    out = {
        "vmas": N,
        "engine": "compiled" if engine == "True" else "pure",
        "parts": parts,
        "window": window,
        "step_back_through_ops": stepback,
        "pure_engine": pure,
        "targets": {
            "total_s": 2.0,
            "open_to_first_frame_s": 1.0,
            "frame_ms": 16.0,
            "insert_total_ms": 50.0,
            "peak_rss_mb": 500,
        },
        "before_issue9": BEFORE,
    }
    print(json.dumps(out, indent=1))
    print("written", write("gui_maps65k", out))


if __name__ == "__main__":
    main()
