"""The wheel's package list covers every package folder, and resources are found."""

from __future__ import annotations

import tomllib
from pathlib import Path

from vmastudio import resources

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "vmastudio").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    found.add("vmastudio._resources")
    assert found == listed, f"missing: {found - listed}, stale: {listed - found}"


def test_resources_are_read_through_the_package_not_the_source_path() -> None:
    text = resources.read_text("examples", "demo.vmas")
    assert '"vmastudio-scenario"' in text
    assert resources.read_json("texts", "steps.json")["overlap"]["zh_CN"]
