"""Export benchmarks (issue 6): a 1,000- and a 10,000-VMA state to SVG and PDF, and the same
10,000-node tree written as DOT and laid out by Graphviz ``dot -Tsvg`` in the same run, as
the ratio to beat (target: at least 5x faster than Graphviz).

The figure is the tree, the list and the address map of the state after ``initial`` (no
caption, no legend), rendered by ``FigureBuilder`` in its own scene, offscreen. Times are
wall-clock seconds: ``build`` (scene and figure), ``svg``/``pdf`` (painting and encoding),
``total_*`` = build + writer. Writes ``results/export.json``.

    .venv/bin/python benchmarks/export_bench.py [--sizes 1000,10000] [--graphviz-timeout 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import keys, write
from PySide6.QtWidgets import QApplication

from vmastudio.app.export import ExportOptions, FigureBuilder, pdf_bytes, svg_bytes
from vmastudio.engine.graph import dot_text
from vmastudio.engine.scenario import Scenario, VmaSpec
from vmastudio.model.document import Document


def document_with(n: int) -> Document:
    doc = Document()
    doc.load_scenario(Scenario(initial=[VmaSpec(s, e) for s, e in keys(n, "random")], ops=[]))
    return doc


def measure(n: int) -> dict[str, float | int]:
    doc = document_with(n)
    options = ExportOptions(parts=("tree", "list", "map"))
    t0 = time.perf_counter()
    fig = FigureBuilder(doc, options).build((0, None))
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    svg = svg_bytes(fig)
    svg_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pdf = pdf_bytes([fig])
    pdf_s = time.perf_counter() - t0
    return {
        "vmas": n,
        "build_s": round(build_s, 3),
        "svg_s": round(svg_s, 3),
        "pdf_s": round(pdf_s, 3),
        "total_svg_s": round(build_s + svg_s, 3),
        "total_pdf_s": round(build_s + pdf_s, 3),
        "svg_bytes": len(svg),
        "pdf_bytes": len(pdf),
        "figure_units": [round(fig.size.width()), round(fig.size.height())],
    }


def graphviz(n: int, timeout: float) -> dict[str, object]:
    exe = shutil.which("dot")
    if exe is None:
        return {"vmas": n, "skipped": "Graphviz 'dot' is not installed"}
    doc = document_with(n)
    t0 = time.perf_counter()
    text = dot_text(doc.timeline.state(0))
    write_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "tree.dot"
        src.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        try:
            subprocess.run(
                [exe, "-Tsvg", "-o", str(Path(tmp) / "tree.svg"), str(src)],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {"vmas": n, "dot_write_s": round(write_s, 3), "dot_svg_s": f">{timeout}"}
        layout_s = time.perf_counter() - t0
    version = subprocess.run([exe, "-V"], capture_output=True, text=True).stderr.strip()
    return {
        "vmas": n,
        "graphviz": version,
        "dot_write_s": round(write_s, 3),
        "dot_svg_s": round(layout_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--graphviz-size", type=int, default=10000)
    parser.add_argument("--graphviz-timeout", type=float, default=600.0)
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication([])
    rows = [measure(int(n)) for n in args.sizes.split(",")]
    for row in rows:
        print(row)
    gv = graphviz(args.graphviz_size, args.graphviz_timeout)
    print(gv)
    ours = next((r for r in rows if r["vmas"] == args.graphviz_size), None)
    ratio = None
    if ours is not None and isinstance(gv.get("dot_svg_s"), float):
        ratio = round(float(gv["dot_svg_s"]) / float(ours["total_svg_s"]), 1)  # type: ignore[arg-type]
    data = {
        "export": rows,
        "graphviz": gv,
        "svg_speedup_vs_graphviz": ratio,
        "target_speedup": 5.0,
    }
    print("speed-up vs Graphviz dot -Tsvg:", ratio)
    print("written to", write("export", data))


if __name__ == "__main__":
    main()
