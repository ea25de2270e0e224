"""The distribution tooling itself: Makefile targets, the frozen launcher's first-paint
switch, and the bundle check/benchmark refusing cleanly when no bundle was built."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pkgtest_support import ROOT


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def test_makefile_has_dist_targets_and_bench_does_not_build_the_bundle() -> None:
    text = (ROOT / "Makefile").read_text()
    for target in ("dist", "dist-bundle", "dist-check"):
        assert re.search(rf"^{target}:", text, re.M), target
    assert re.search(r"^dist-check: dist-bundle$", text, re.M)
    bench = re.search(r"^bench:(.*)$", text, re.M)
    assert bench is not None and "dist" not in bench.group(1)


def test_launcher_exits_after_the_windows_first_paint(tmp_path: Path) -> None:
    launcher = ROOT / "packaging" / "pyinstaller" / "launch.py"
    done = subprocess.run(
        [sys.executable, str(launcher), "--demo"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=_env(
            VMASTUDIO_EXIT_AFTER_FIRST_PAINT="1",
            HOME=str(tmp_path),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        ),
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_launcher_without_the_switch_is_the_plain_command(tmp_path: Path) -> None:
    launcher = ROOT / "packaging" / "pyinstaller" / "launch.py"
    done = subprocess.run(
        [sys.executable, str(launcher), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_env(),
    )
    assert done.returncode == 0 and done.stdout.startswith("vmastudio ")


def test_dist_check_and_bundle_bench_say_when_there_is_no_bundle(tmp_path: Path) -> None:
    env = _env(VMASTUDIO_BUNDLE_DIR=str(tmp_path / "missing"))
    check = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "dist.py"), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert check.returncode != 0
    assert "make dist-bundle" in check.stderr
    bench = subprocess.run(
        [sys.executable, "bundle_bench.py"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT / "benchmarks",
    )
    assert bench.returncode == 0
    assert "skipped" in bench.stdout and "make dist-bundle" in bench.stdout


def test_bundle_recipe_keeps_the_qt_modules_vmastudio_needs() -> None:
    spec = (ROOT / "packaging" / "pyinstaller" / "vmastudio.spec").read_text()
    keep = re.search(r"KEEP_QT = \{(.*?)\}", spec, re.S)
    assert keep is not None
    kept = set(re.findall(r'"(Qt\w+)"', keep.group(1)))
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport"} <= kept
    used = set()
    for path in (ROOT / "vmastudio").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used <= kept, f"the bundle would exclude {sorted(used - kept)}"
