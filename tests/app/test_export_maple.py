"""A Linux 6.12 scenario exports its maple tree: semantic SVG (one group per maple node
with its type, range and slots; the step's roles as classes), read back with an XML
parser and rendered by rsvg-convert."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vmastudio import resources
from vmastudio.app.cli import main
from vmastudio.engine.frames612 import Timeline612
from vmastudio.engine.scenario import load_scenario

SVG = "{http://www.w3.org/2000/svg}"
LECTURE = Path(str(resources.path("lectures", "same-insert-4.19-and-6.12.vmas")))


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def test_a_split_step_is_drawn_as_the_engine_has_it(tmp_path: Path) -> None:
    timeline = Timeline612(load_scenario(LECTURE))
    k = next(i for i, o in enumerate(timeline.outcomes, 1) if o.store_type == "wr_split_store")
    frames = timeline.frames(k)
    s = next(i for i, st in enumerate(frames.steps) if st.kind == "new_root")
    out = tmp_path / "split.svg"
    assert main(["export", str(LECTURE), "--step", f"{k}:{s + 1}", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert root.get("width", "").endswith("mm")
    layers = {g.get("id") for g in root.findall(f"{SVG}g")}
    assert {"part-tree", "part-caption"} <= layers
    tree = next(g for g in root.findall(f"{SVG}g") if g.get("id") == "part-tree")
    nodes = [g for g in tree.iter(f"{SVG}g") if "maple-node" in classes(g)]
    state = frames.state(s)
    live = {n.nid: n for n in state.nodes}
    drawn = {int(g.get("data-node", "-1")): g for g in nodes}
    # Every live node once, plus the node that died in this step (faded beside it).
    assert set(drawn) == set(live) | set(state.dead)
    for nid, node in live.items():
        g = drawn[nid]
        assert node.type in classes(g)
        assert g.get("data-min") == f"0x{node.min:x}" and g.get("data-max") == f"0x{node.max:x}"
        slots = [c for c in g.iter(f"{SVG}g") if "maple-slot" in classes(c)]
        assert len(slots) == node.end + 1
        for c, value in zip(slots, node.slots, strict=True):
            if value is None:
                assert c.get("data-entry") == "null"
            elif node.is_leaf:
                assert c.get("data-start") == f"0x{value:x}"
            else:
                assert c.get("data-child") == str(value)
    step = frames.steps[s]
    assert "role-new-node" in classes(drawn[step.roles["new_node"]])
    assert "role-dead-node" in classes(drawn[step.roles["dead_node"]])
    edges = [p for p in tree.iter(f"{SVG}path") if "edge" in classes(p)]
    assert {(int(p.get("data-from", "0")), int(p.get("data-to", "0"))) for p in edges} == {
        (n.nid, c) for n in live.values() if not n.is_leaf for c in n.slots if c is not None
    }
    if shutil.which("rsvg-convert"):
        png = tmp_path / "split.png"
        subprocess.run(["rsvg-convert", str(out), "-o", str(png)], check=True)
        assert png.stat().st_size > 1000


def test_a_6_12_scenario_is_never_drawn_as_a_4x_tree(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    assert main(["export", str(LECTURE), "--step", "2", "-o", str(out)]) == 0
    text = out.read_text()
    assert "maple-node" in text and 'class="vma' not in text


def test_other_formats_of_a_6_12_scenario_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    assert main(["export", str(LECTURE), "--step", "2", "-o", str(out)]) == 2
    assert "svg" in capsys.readouterr().err and not out.exists()
