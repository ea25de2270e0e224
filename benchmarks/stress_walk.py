"""Issue 19's memory target: a 3,000-action random walk through the window, with exports.

One fresh process (offscreen), so the peak is the walk's own: the demo opened in a real
``MainWindow``, then seeded random actions as a restless user would click them — inserts
(free and overlapping), erases, undo/redo, steps and jumps, kernel and address-style
switches, and exports through File ▸ Export's dialog in every format, with the scale and
resolution the dialog allows (its live preview included). After each action the resident
set size is read; the result names the peak (``VmHWM``), the final size, and the action
that grew the process the most (the issue's walk saw one export take 0.4 GB to 7.3 GB).

Target: peak < 1 GB. ``python stress_walk.py [ACTIONS] [SEED]`` (default 3,000 and
20261204); ``--max-scale=S`` keeps exports at scale S and 96·S dpi at most; ``--json``
prints the result instead of writing ``results/stress_walk.json`` (the short unit-test
version in tests/app/test_robustness.py runs it that way); ``--no-largest`` skips the
largest exports the options allow (each in its own process, its peak memory reported).
A per-process address-space limit (``--limit-gb``, default 8) makes a runaway allocation
fail inside the walk (reported as an error of that action) instead of taking the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MB = 1024
ACTIONS = 3000
SEED = 20261204
FORMATS = ("svg", "png", "pdf", "tikz", "dot", "graphml", "gif", "apng")


def rss_mb(field: str = "VmRSS") -> float:
    text = Path("/proc/self/status").read_text(encoding="ascii")
    found = re.search(rf"{field}:\s+(\d+)", text)
    return int(found.group(1)) / 1024 if found else 0.0


def reset_peak() -> bool:
    """Start a new ``VmHWM`` (Linux 4.0+: writing 5 to clear_refs resets the peak)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def walk(actions: int, seed: int, folder: Path, max_scale: float = 0.0) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication([])
    from vmastudio.app.export_dialog import ExportDialog
    from vmastudio.app.main_window import MainWindow
    from vmastudio.engine.scenario import ScenarioError, VmaSpec
    from vmastudio.engine.vma import PAGE_SIZE

    errors: list[str] = []
    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    sys.excepthook = lambda kind, exc, tb: errors.append(f"{kind.__name__}: {exc}")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/lang", "en")
    window = MainWindow(settings)
    window.document.load_demo()
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    rng = random.Random(seed)
    doc = window.document
    exports: dict[str, int] = {}
    worst = ("", 0.0)
    start_rss = rss_mb()

    def free_range() -> tuple[int, int]:
        ranges = [(n.start, n.end) for n in doc.state(doc.op_count()).inorder()]
        base = max([0x10000, *(e for _, e in ranges)])
        start = base + rng.randint(1, 64) * PAGE_SIZE
        return start, start + rng.randint(1, 16) * PAGE_SIZE

    def export() -> str:
        fmt = rng.choice(FORMATS)
        dialog = ExportDialog(doc, window, settings)
        try:
            dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
            top = max_scale or dialog.scale_spin.maximum()
            dialog.scale_spin.setValue(rng.choice([s for s in (1.0, 2.0, 4.0, top) if s <= top]))
            dpi_top = dialog.dpi_spin.maximum() if not max_scale else int(96 * max_scale)
            dialog.dpi_spin.setValue(rng.choice([0, 0, min(300, dpi_top), dpi_top]))
            dialog.refresh_preview()
            dialog.path_edit.setText(str(folder / f"out.{'tex' if fmt == 'tikz' else fmt}"))
            ok = dialog.export()
            exports[fmt] = exports.get(fmt, 0) + 1
            return (
                f"export {fmt} x{dialog.scale_spin.value():g} {dialog.dpi_spin.value()} dpi"
                f" {'ok' if ok else 'refused: ' + dialog.message.text()[:80]}"
            )
        finally:
            dialog.deleteLater()

    def act() -> str:
        roll = rng.random()
        a = window.actions_
        if roll < 0.25:
            start, end = free_range()
            doc.insert(VmaSpec(start, end))
            return "insert"
        if roll < 0.32:
            nodes = list(doc.state(doc.op_count()).inorder())
            if nodes:
                n = rng.choice(nodes)
                doc.insert(VmaSpec(n.start, n.start + PAGE_SIZE))
            return "trial insert"
        if roll < 0.40:
            nodes = list(doc.state(doc.op_count()).inorder())
            if nodes:
                with contextlib.suppress(ScenarioError):  # erased by an undo since
                    doc.erase(rng.choice(nodes).start)
            return "erase"
        if roll < 0.50:
            doc.undo_stack.undo()
            return "undo"
        if roll < 0.56:
            doc.undo_stack.redo()
            return "redo"
        if roll < 0.80:
            name = rng.choice(["step_forward", "step_back", "next_op", "prev_op", "last"])
            getattr(a, name).trigger()
            return "step"
        if roll < 0.90:
            doc.set_position(rng.randint(0, doc.op_count()), rng.randint(0, 30))
            return "jump"
        if roll < 0.92:
            rng.choice([a.kernel_40, a.kernel_419]).trigger()
            return "kernel"
        if roll < 0.94:
            a.short_addresses.toggle()
            return "addresses"
        return export()

    t0 = time.perf_counter()
    per_action = reset_peak()
    peak = rss_mb("VmHWM")
    for i in range(actions):
        before = rss_mb()
        if per_action:
            reset_peak()
        try:
            what = act()
        except Exception as exc:  # an action's failure is a result, not the end of the walk
            what = f"failed: {type(exc).__name__}: {exc}"
            errors.append(f"action {i}: {what}")
        app.processEvents()
        # Dialogs deleted later are deleted now (no event loop runs between actions).
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        high = rss_mb("VmHWM")
        peak = max(peak, high)
        grew = high - before
        if grew > worst[1]:
            worst = (f"{i}: {what}", grew)
    elapsed = time.perf_counter() - t0
    return {
        "actions": actions,
        "seed": seed,
        "seconds": round(elapsed, 1),
        "exports": exports,
        "ops_at_end": doc.op_count(),
        "rss_start_mb": round(start_rss, 1),
        "rss_end_mb": round(rss_mb(), 1),
        "peak_rss_mb": round(peak, 1),
        "target_mb": TARGET_MB,
        "within_target": peak < TARGET_MB,
        "max_scale": max_scale or "the dialog's",
        "largest_growth_in_one_action": {"action": worst[0], "mb": round(worst[1], 1)},
        "errors": errors[:20],
        "error_count": len(errors),
    }


def largest_exports(folder: Path) -> list[dict[str, Any]]:
    """The largest export the command line allows (``--scale 64``, ``--dpi 4608``) of the
    demo and of a 65,530-VMA maps file, each in a fresh process: its exit code, its one
    line, its time and its peak memory (refused before allocating: a few dozen MB)."""
    import subprocess

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_maps import lines

    maps = folder / "big.maps"
    maps.write_text("\n".join(lines(65_530)) + "\n", encoding="ascii")
    out: list[dict[str, Any]] = []
    cases = [
        ("demo", ["--demo"], fmt, extra)
        for fmt in ("png", "gif", "apng", "pdf")
        for extra in (["--scale", "64"], ["--dpi", "4608"])
    ] + [("65,530 VMAs", [str(maps)], "png", ["--scale", "64"])]
    for name, source, fmt, extra in cases:
        target = folder / f"largest.{fmt}"
        args = [sys.executable, "-m", "vmastudio", "export", *source, "--format", fmt]
        args += [*extra, "-o", str(target)]
        t0 = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        err = child.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.append(
            {
                "figure": name,
                "format": fmt,
                "options": " ".join(extra),
                "exit": child.returncode,
                "seconds": round(time.perf_counter() - t0, 2),
                "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "message": err.strip().splitlines()[-1][:200] if err.strip() else "",
                "bytes_written": target.stat().st_size if target.exists() else 0,
            }
        )
        target.unlink(missing_ok=True)
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    as_json = "--json" in argv
    limit = next((float(a.split("=", 1)[1]) for a in argv if a.startswith("--limit-gb=")), 8.0)
    max_scale = next((float(a.split("=", 1)[1]) for a in argv if a.startswith("--max-scale=")), 0)
    actions = int(args[0]) if args else ACTIONS
    seed = int(args[1]) if len(args) > 1 else SEED
    cap = int(limit * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    with tempfile.TemporaryDirectory(prefix="vmastudio-walk-") as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        result = walk(actions, seed, Path(tmp), max_scale)
        if "--no-largest" not in argv:
            result["largest_exports"] = largest_exports(Path(tmp))
    if as_json:
        print(json.dumps(result))
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import write

    print(json.dumps(result, indent=1))
    print(f"results: {write('stress_walk', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
