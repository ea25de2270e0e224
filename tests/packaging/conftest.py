"""Fixtures for the packaging tests: ``packaging/dist.py`` as a module, and one wheel +
sdist built per session into a temporary folder (never into the source tree's dist/)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from pkgtest_support import load_script


@pytest.fixture(scope="session")
def dist() -> ModuleType:
    return load_script("dist")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, dist: ModuleType) -> tuple[Path, Path]:
    """(wheel, sdist), built offline by the same code as ``make dist``."""
    wheel, sdist = dist.build(outdir=tmp_path_factory.mktemp("dist"))
    return wheel, sdist
