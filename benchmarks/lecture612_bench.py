"""The 6.12 lecture (issue 18): a clicker key to the step drawn, and the camera's glide.

Both in one process on a 1920x1080 offscreen window, each against its peer:

- "steps": every step of the shipped "maple tree splits, rebalances and a spanning store"
  lecture (61 ops, 750 steps) with the 6.12 lecture (``MaplePresentation``), against every
  step of the 4.x lecture "all insert cases" in the 4.x lecture window: the time from the
  key to the step drawn (texts, scene, camera, insets) and painted once, reduced motion;
- "glide": the frames of the camera's glide (450 ms) on a 5,000-VMA 6.12 space (637 maple
  nodes: overview plus the nodes on screen), each frame a camera move plus one
  synchronous repaint. Target: under 16 ms (60 fps).
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import write
from PySide6.QtWidgets import QApplication, QWidget

from vmastudio import resources
from vmastudio.app.maple_presentation import MaplePresentation
from vmastudio.app.presentation import PresentationSettings, PresentationWindow
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec, load_scenario
from vmastudio.model.document import Document


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ordered[max(0, int(len(ms) * 0.95) - 1)], 2),
        "max_ms": round(max(ms), 2),
    }


def walk(app: QApplication, window: QWidget, step: object, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        step()  # type: ignore[operator]
        window.repaint()
        app.processEvents()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def big_space(n: int) -> Scenario:
    rng = random.Random(1)
    pages = sorted(rng.sample(range(0x10000, 0x10000 + 4 * n), n))
    initial = [VmaSpec(p * 0x1000, p * 0x1000 + 0x1000) for p in pages[:-8]]
    ops = [OpSpec("insert", vma=VmaSpec(p * 0x1000, p * 0x1000 + 0x1000)) for p in pages[-8:]]
    return Scenario(ops=ops, initial=initial, maple=True)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    quiet = PresentationSettings(reduce_motion=True)
    splits = load_scenario(resources.path("lectures", "maple-splits-and-rebalances.vmas"))
    talk = MaplePresentation(splits, None, quiet)
    talk.resize(1920, 1080)
    talk.show()
    app.processEvents()
    total612 = sum(len(talk.timeline.frames(k).steps) for k in range(1, len(talk.timeline) + 1))
    steps612 = walk(app, talk, lambda: talk.navigate("next"), total612)
    doc = Document()
    doc.load_scenario(load_scenario(resources.path("lectures", "all-insert-cases.vmas")))
    peer = PresentationWindow(doc, None, PresentationSettings(reduce_motion=True))
    peer.resize(1920, 1080)
    peer.show()
    app.processEvents()
    steps4 = walk(app, peer, lambda: peer.navigate("next"), peer.index.total())
    # The glide on a large space: frames between two steps far apart.
    big = MaplePresentation(big_space(5_000), None, PresentationSettings(duration_ms=450))
    big.resize(1920, 1080)
    big.show()
    app.processEvents()
    glide: list[float] = []
    for op in range(1, len(big.timeline) + 1):
        big.go_to_op(op)
        big.glide.finish()
        for _ in range(4):
            big.navigate("next")
            anim = big.glide._anim
            while big.glide.is_running():
                t0 = time.perf_counter()
                anim.setCurrentTime(min(anim.duration(), anim.currentTime() + 16))
                big.view.viewport().repaint()
                glide.append((time.perf_counter() - t0) * 1000.0)
    data = {
        "steps_612_splits_lecture": summary(steps612),
        "steps_4x_all_insert_cases": summary(steps4),
        "glide_frames_612_5000_vmas": {**summary(glide), "maple_nodes": big.scene.node_count()},
    }
    for key, value in data.items():
        print(f"{key}: {value}")
    write("lecture612", data)


if __name__ == "__main__":
    main()
