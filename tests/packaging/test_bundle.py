"""The standalone PyInstaller folder, built from the wheel into a temporary folder, runs
from a copy elsewhere, prints and exports exactly what the installed wheel does, and opens
its window offscreen (and on Xvfb through the xcb plugin when xvfb-run is installed).

This is ``make dist-check`` run inside ``make test`` (about 30 s on two cores).
``VMASTUDIO_SKIP_BUNDLE_TEST=1`` skips it for a quick local run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow


def test_bundle_matches_the_installed_wheel_and_opens_its_window(
    tmp_path: Path, dist: ModuleType, built: tuple[Path, Path]
) -> None:
    if os.environ.get("VMASTUDIO_SKIP_BUNDLE_TEST") == "1":
        pytest.skip("VMASTUDIO_SKIP_BUNDLE_TEST=1")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (the dev extra has it)")
    for tool in ("ldd", "objdump"):
        if shutil.which(tool) is None:
            pytest.skip(f"PyInstaller needs {tool} (packaging/install-system-deps.sh)")
    from PyInstaller.depend.bindepend import get_python_library_path

    if get_python_library_path() is None:
        pytest.skip("no shared libpython to bundle (Debian: libpython3.11)")
    wheel, _ = built
    try:
        folder = dist.bundle(
            wheel, dist_dir=tmp_path / "dist", work=tmp_path / "work", archive=False
        )
        assert (folder / "vmastudio").is_file()
        assert (folder / "install-desktop.sh").is_file()
        assert (folder / "share" / "applications" / f"{dist.APP_ID}.desktop").is_file()
        internal = {p.name for p in (folder / "_internal" / "PySide6").iterdir()}
        assert not {"QtNetwork.abi3.so", "QtQml.abi3.so", "QtQuick.abi3.so"} & internal
        assert dist.check(folder, wheel) == 0
        prefix = tmp_path / "share"
        subprocess.run(
            ["sh", str(folder / "install-desktop.sh"), "--prefix", str(prefix)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        entry = (prefix / "applications" / f"{dist.APP_ID}.desktop").read_text()
        assert f'Exec="{folder / "vmastudio"}" %f' in entry
    except SystemExit as exc:  # dist.py reports failures as SystemExit(message)
        pytest.fail(str(exc))
