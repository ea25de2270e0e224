"""The trace contract: texts in both languages, code anchors that exist, roles and
variables in the form DESIGN.md §3 gives, and an engine that never imports Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from vmastudio import resources
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.trace import LANGS, render_text

ENGINE = Path(__file__).resolve().parents[2] / "vmastudio" / "engine"


def all_steps() -> list:  # type: ignore[type-arg]
    """Every step of the demo, plus erase-heavy, lookup and trial ops."""
    sc = demo_scenario()
    sc.ops += [
        OpSpec("insert", vma=VmaSpec(0x460000, 0x470000, file="/usr/lib/libc.so.6", pgoff=2)),
        OpSpec("find_vma", addr=0x450000),
        OpSpec("find_vma", addr=0x7FFFFFFF0000),
        OpSpec("unmapped_area", length=0x10000, low=0, high=0x7FFFFFFFF000, topdown=True),
        OpSpec("unmapped_area", length=0x10000, low=0x500000, high=0x600000, topdown=False),
        OpSpec("unmapped_area", length=0x7FF000000000, low=0, high=0x7FF000001000),
    ]
    sc.ops += [OpSpec("erase", start=s) for s in (0x200000, 0x300000, 0x400000, 0xE03000)]
    timeline = Timeline(sc)
    steps = []
    for k in range(1, len(timeline) + 1):
        steps += timeline.trace(k)[1]
    return steps


def test_every_step_kind_has_a_sentence_in_english_and_chinese() -> None:
    texts = resources.read_json("texts", "steps.json")
    for kind, entry in texts.items():
        assert set(entry) == set(LANGS), kind
        assert all(entry[lang].strip() for lang in LANGS), kind
    for step in all_steps():
        assert step.kind in texts
        for lang in LANGS:
            assert step.text[lang] and "{" not in step.text[lang], (step.kind, step.text)


def test_every_step_points_at_a_line_of_our_pseudocode() -> None:
    code = resources.read_json("pseudocode", "functions.json")
    for step in all_steps():
        assert step.func in code, step.func
        ids = {line["id"] for line in code[step.func]["lines"]}
        assert step.line in ids, (step.func, step.line)


def test_roles_name_vmas_by_vm_start_and_slots_by_node_and_side() -> None:
    for step in all_steps():
        for role, value in step.roles.items():
            if role == "link_slot":
                assert set(value) == {"node", "side"}
                assert value["side"] in ("left", "right", "root")
            else:
                assert isinstance(value, int), (step.kind, role, value)


def test_variables_carry_addresses_types_and_values_in_kernel_style() -> None:
    found = [s for s in all_steps() if s.kind == "slot_found"]
    assert found
    for step in found:
        frames = step.vars_text()
        assert set(frames) == {"insert_vm_struct", "find_vma_links"}
        for name in (
            "addr",
            "end",
            "pprev",
            "rb_link",
            "rb_parent",
            "__rb_link",
            "__rb_parent",
            "rb_prev",
        ):
            var = frames["find_vma_links"][name]
            assert var["addr"].startswith("0xffffc900")
            assert var["value"] == "NULL" or var["value"].startswith("0x")
        assert frames["find_vma_links"]["rb_link"]["type"] == "struct rb_node ***"


def test_json_trace_is_emitted_for_every_op(tmp_path: Path) -> None:
    path = tmp_path / "s.vmas"
    path.write_text(Scenario(ops=[OpSpec("insert", vma=VmaSpec(0x1000, 0x2000))]).dumps())
    out = subprocess.run(
        [sys.executable, "-m", "vmastudio", "replay", str(path), "--json", "--trace"],
        capture_output=True,
        text=True,
        check=True,
    )
    entry = json.loads(out.stdout)["ops"][0]
    kinds = [s["kind"] for s in entry["trace"]]
    assert kinds[0] == "pgoff" and kinds[-1] == "return"
    assert entry["trace"][0]["text"]["zh_CN"]


def test_missing_placeholders_are_left_visible_not_crashing() -> None:
    text = render_text("descend_left", {})
    assert "{current}" in text["en"]


def test_the_engine_imports_nothing_from_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, vmastudio.engine as e\n"
        "for m in pkgutil.iter_modules(e.__path__):\n"
        "    importlib.import_module('vmastudio.engine.' + m.name)\n"
        "import vmastudio.app.cli\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for path in ENGINE.glob("*.py"):
        assert "PySide6" not in path.read_text(), path


def test_every_rebalancing_case_label_has_a_chinese_name() -> None:
    import re

    table = resources.read_json("texts", "cases.json")
    labels = set()
    for path in ENGINE.glob("*.py"):
        labels |= set(re.findall(r'case="([^"]+)"', path.read_text()))
    assert labels and labels <= set(table), labels - set(table)
    rotations = [s for s in all_steps() if s.kind.startswith("rotate_")]
    assert rotations
    for step in rotations:
        assert "case" not in step.text["zh_CN"].split("：")[0], step.text["zh_CN"]
