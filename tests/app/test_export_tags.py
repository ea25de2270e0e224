"""Exported figures tag each role with the name the running kernel function gives it,
as the window does (issue 15: the wrong tags ended up in figures)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from vmastudio.app.cli import main
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.timeline import Timeline

SVG = "{http://www.w3.org/2000/svg}"


def tags(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    return {
        t.text or "" for t in root.iter(f"{SVG}text") if "t-tag" in (t.get("class") or "").split()
    }


def test_rebalancing_and_descent_tags_use_the_kernels_local_names(tmp_path: Path) -> None:
    timeline = Timeline(demo_scenario())
    _, steps = timeline.trace(5)
    case2 = next(i for i, s in enumerate(steps) if s.line == "rb.case2") + 1
    descent = next(i for i, s in enumerate(steps) if s.kind == "descend_right") + 1
    out = tmp_path / "case2.svg"
    assert main(["export", "--demo", "--step", f"5:{case2}", "-o", str(out)]) == 0
    found = tags(out)
    assert {"node", "parent", "gparent"} <= found and "rb_parent" not in found
    out = tmp_path / "descent.svg"
    assert main(["export", "--demo", "--step", f"5:{descent}", "-o", str(out)]) == 0
    assert any("__rb_parent" in t for t in tags(out))
