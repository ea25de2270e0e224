"""The pointer model: rb_link, a pointer to a pointer to a pointer, at every step (issue 5).

Expected addresses are computed here from the kernel model's own ``VmArea`` objects and
``memory.py``; the model under test builds them from the trace and the step snapshots.
"""

from __future__ import annotations

import pytest

from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.memory import MM_ADDR, OFF_MM_RB, rb_addr, slot_addr, stack_addr, vma_addr
from vmastudio.engine.pointers import (
    PointerModel,
    box_text,
    build_models,
    find_step,
    label,
    meaning,
    op_models,
)
from vmastudio.engine.snapshot import snapshot_of
from vmastudio.engine.timeline import Timeline

ROOT_SLOT = "mm.mm_rb.rb_node"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return Timeline(demo_scenario())


def after_return(models: list[PointerModel]) -> int:
    """The first step after find_vma_links() returned (its frame drawn faded)."""
    i = find_step(models, "slot_found")
    assert not models[i].region("frame:find_vma_links").gone
    assert models[i + 1].region("frame:find_vma_links").gone
    return i + 1


# (op, parent vm_start or None for the root slot, side, prev vm_start or None)
CASES = {
    "root insert": (1, None, "root", None),
    "right insert": (2, 0x400000, "right", 0x400000),
    "left insert": (4, 0x400000, "left", None),
}


_DEMO = Timeline(demo_scenario())


def vid(start: int) -> int:
    """The demo VMA's id (models key VMAs by id, these tests by ``vm_start``)."""
    made = [v for v in _DEMO.subjects if v is not None] + _DEMO.mm.vmas()
    return next(v.uid for v in made if v.vm_start == start)


def slot_key(parent: int | None, side: str) -> str:
    return ROOT_SLOT if parent is None else f"vma:{vid(parent)}.rb_{side}"


@pytest.mark.parametrize("case", list(CASES))
def test_after_find_vma_links_returns_rb_link_holds_the_slot_address(
    timeline: Timeline, case: str
) -> None:
    k, parent, side, _ = CASES[case]
    mm = timeline.state(k - 1)
    parent_vma = None if parent is None else mm.lookup(parent)
    expected = slot_addr(parent_vma, side)  # type: ignore[arg-type]
    if parent is None:
        assert expected == MM_ADDR + OFF_MM_RB
    models = op_models(timeline, k)
    m = models[after_return(models)]
    rb_link = m.box("insert_vm_struct.rb_link")
    assert rb_link.ctype == "struct rb_node **"
    assert rb_link.value == expected
    slot = m.box(slot_key(parent, side))
    assert slot.addr == expected
    assert slot.value is None and box_text(slot) == "NULL"
    assert "link_slot" in slot.roles
    # The caller's rb_link now leads to the slot, and the slot to nothing yet.
    assert m.chain("insert_vm_struct.rb_link") == ["insert_vm_struct.rb_link", slot.key]
    assert m.arrow_from("insert_vm_struct.rb_link") is not None
    assert m.arrow_from("insert_vm_struct.rb_link").label == "*rb_link"  # type: ignore[union-attr]


@pytest.mark.parametrize("case", list(CASES))
def test_at_slot_found_the_chain_runs_from_the_callee_parameter_to_null(
    timeline: Timeline, case: str
) -> None:
    k, parent, side, _ = CASES[case]
    models = op_models(timeline, k)
    m = models[find_step(models, "slot_found")]
    param = m.box("find_vma_links.rb_link")
    assert param.ctype == "struct rb_node ***"
    assert param.value == stack_addr("insert_vm_struct", "rb_link")
    slot = slot_key(parent, side)
    assert m.chain("find_vma_links.rb_link") == [
        "find_vma_links.rb_link",
        "insert_vm_struct.rb_link",
        slot,
    ]
    assert m.box(slot).value is None
    labels = [m.arrow_from(k).label for k in m.chain("find_vma_links.rb_link")[:-1]]  # type: ignore[union-attr]
    assert labels == ["*rb_link", "**rb_link"]
    # The three outputs are written at this step, through the three parameters.
    for out, param_name in (("prev", "pprev"), ("rb_link", "rb_link"), ("rb_parent", "rb_parent")):
        assert m.box(f"insert_vm_struct.{out}").written
        arrow = m.arrow_from(f"find_vma_links.{param_name}")
        assert arrow is not None and arrow.write and arrow.dst == f"insert_vm_struct.{out}"
    # __rb_link names the same slot.
    assert m.chain("find_vma_links.__rb_link")[:2] == ["find_vma_links.__rb_link", slot]


@pytest.mark.parametrize("case", list(CASES))
def test_after_rb_link_node_the_slot_holds_the_new_node(timeline: Timeline, case: str) -> None:
    k, parent, side, _ = CASES[case]
    subject = timeline.subjects[k - 1]
    assert subject is not None
    models = op_models(timeline, k)
    i = find_step(models, "link_node")
    m = models[i]
    slot = m.box(slot_key(parent, side))
    assert slot.value == rb_addr(subject)
    assert slot.written
    assert not models[i - 1].box(slot.key).written
    assert m.chain("insert_vm_struct.rb_link") == [
        "insert_vm_struct.rb_link",
        slot.key,
        f"vma:{subject.uid}/vm_rb",
    ]
    through = m.arrow_from("insert_vm_struct.rb_link")
    assert through is not None and through.write
    hang = m.arrow_from(slot.key)
    assert hang is not None and hang.label == "**rb_link"
    # rb_link_node() also set the node's parent (colour red = bit 0 clear).
    pc = m.box(f"vma:{subject.uid}.__rb_parent_color")
    mm = timeline.state(k - 1)
    if parent is None:
        assert pc.value is None
    else:
        parent_vma = mm.lookup(parent)
        assert parent_vma is not None
        assert pc.value == rb_addr(parent_vma) and pc.note == "R"


@pytest.mark.parametrize("case", list(CASES))
def test_the_callers_prev_and_rb_parent_keep_the_results(timeline: Timeline, case: str) -> None:
    k, parent, _, prev = CASES[case]
    mm = timeline.state(k - 1)
    models = op_models(timeline, k)
    m = models[after_return(models)]
    rb_parent = m.box("insert_vm_struct.rb_parent")
    prev_box = m.box("insert_vm_struct.prev")
    if parent is None:
        assert rb_parent.value is None
    else:
        parent_vma = mm.lookup(parent)
        assert parent_vma is not None
        assert rb_parent.value == rb_addr(parent_vma)
        assert m.arrow_from(rb_parent.key).dst == f"vma:{vid(parent)}/vm_rb"  # type: ignore[union-attr]
    if prev is None:
        assert prev_box.value is None and box_text(prev_box) == "NULL"
    else:
        prev_vma = mm.lookup(prev)
        assert prev_vma is not None
        assert prev_box.value == vma_addr(prev_vma)
        assert m.arrow_from(prev_box.key).dst == f"vma:{vid(prev)}"  # type: ignore[union-attr]
    # The callee's frame is gone: drawn faded, its pointers dead.
    assert m.region("frame:find_vma_links").gone
    assert all(a.gone for a in m.arrows if a.src.startswith("find_vma_links."))


def test_during_the_descent_rb_link_moves_from_the_root_slot_to_child_slots(
    timeline: Timeline,
) -> None:
    models = op_models(timeline, 4)  # left, left: [651000,652000) then [400000,452000)
    seen = [
        m.arrow_from("find_vma_links.__rb_link").dst  # type: ignore[union-attr]
        for m in models
        if m.kind in ("find_start", "descend_left", "descend_right")
    ]
    assert seen == [ROOT_SLOT, f"vma:{vid(0x651000)}.rb_left", f"vma:{vid(0x400000)}.rb_left"]
    assert all(
        m.box("find_vma_links.__rb_link").written for m in models if m.kind == "descend_left"
    )


def test_the_overlap_shows_the_frame_at_the_moment_of_enomem(timeline: Timeline) -> None:
    models = op_models(timeline, 8)
    i = find_step(models, "overlap")
    m = models[i]
    conflict = 0x400000
    assert m.result == "-ENOMEM"
    assert not m.region("frame:find_vma_links").gone
    assert "conflict" in m.region(f"vma:{vid(conflict)}").roles
    # __rb_parent is the conflicting node, read out of the slot __rb_link names.
    assert m.arrow_from("find_vma_links.__rb_parent").dst == f"vma:{vid(conflict)}/vm_rb"  # type: ignore[union-attr]
    assert m.chain("find_vma_links.__rb_link") == [
        "find_vma_links.__rb_link",
        f"vma:{vid(0x300000)}.rb_right",
        f"vma:{vid(conflict)}/vm_rb",
    ]
    # The outputs were never written: the caller's locals are still uninitialised.
    for name in ("prev", "rb_link", "rb_parent"):
        box = m.box(f"insert_vm_struct.{name}")
        assert not box.initialized and box_text(box) == "?"
    # And the chain through rb_link ends in that garbage, no arrow beyond it.
    assert m.chain("find_vma_links.rb_link") == [
        "find_vma_links.rb_link",
        "insert_vm_struct.rb_link",
    ]
    ret = models[i + 1]
    assert ret.kind == "return" and ret.region("frame:find_vma_links").gone
    assert not ret.box("insert_vm_struct.rb_link").initialized


def test_live_frame_values_agree_with_the_trace_in_both_styles(timeline: Timeline) -> None:
    for k in range(1, 9):
        for style in ("kernel", "short"):
            _, steps = timeline.trace(k)
            models = op_models(timeline, k, style)
            assert len(models) == len(steps)
            for step, m in zip(steps, models, strict=True):
                for func, values in step.vars_text(style).items():
                    for name, var in values.items():
                        if name.startswith("*"):
                            continue
                        box = m.box(f"{func}.{name}")
                        assert box_text(box, style) == var["value"], (k, step.kind, name)
                        assert box.addr_text == var["addr"]
                        assert box.ctype == var["type"]


def test_the_star_values_of_the_trace_match_the_slot_boxes(timeline: Timeline) -> None:
    for k in (1, 2, 4):
        _, steps = timeline.trace(k)
        models = op_models(timeline, k)
        for step, m in zip(steps, models, strict=True):
            star = step.vars_text().get("insert_vm_struct", {}).get("*rb_link")
            if star is None:
                continue
            target = m.arrow_from("insert_vm_struct.rb_link")
            assert target is not None
            slot = m.box(target.dst)
            assert slot.addr_text == star["addr"]
            assert box_text(slot) == star["value"]


def test_fields_sit_at_their_offsets_inside_vm_area_struct(timeline: Timeline) -> None:
    models = op_models(timeline, 4)
    m = models[-1]
    mm = timeline.state(4)
    for vma in mm.inorder():
        key = f"vma:{vma.uid}"
        if not m.has(key):
            continue
        assert m.region(key).addr == vma_addr(vma)
        assert m.region(f"{key}/vm_rb").addr == vma_addr(vma) + 0x20
        assert m.box(f"{key}.__rb_parent_color").offset == 0x20
        assert m.box(f"{key}.rb_right").addr == vma_addr(vma) + 0x28
        assert m.box(f"{key}.rb_left").addr == vma_addr(vma) + 0x30
    assert m.box(ROOT_SLOT).addr == MM_ADDR + 0x08


def test_the_root_pointer_shows_the_colour_bit_of_a_black_root(timeline: Timeline) -> None:
    models = op_models(timeline, 2)
    pc = models[0].box(f"vma:{vid(0x400000)}.__rb_parent_color")
    assert pc.value == 1 and pc.note == "B"
    assert box_text(pc, "short") == "NULL|1"


def test_frames_are_columns_innermost_first_and_the_heap_last(timeline: Timeline) -> None:
    m = op_models(timeline, 2)[2]
    cols = {r.key: r.column for r in m.regions if r.parent is None}
    assert cols["frame:find_vma_links"] == 0
    assert cols["frame:insert_vm_struct"] == 1
    assert cols["mm"] == 2 and cols[f"vma:{vid(0x400000)}"] == 2


def test_short_style_models_resolve_pointers_exactly(timeline: Timeline) -> None:
    k = 4
    _, steps = timeline.trace(k)
    models = build_models(steps, snapshot_of(timeline.state(k - 1)), "short")
    m = models[find_step(models, "slot_found")]
    assert m.chain("find_vma_links.rb_link")[-1] == f"vma:{vid(0x400000)}.rb_left"
    # Values are typed integers, so short style resolves by the full address: the same
    # arrows as kernel style.
    kernel = build_models(steps, snapshot_of(timeline.state(k - 1)), "kernel")
    for a, b in zip(models, kernel, strict=True):
        assert {(x.src, x.dst) for x in a.arrows} == {(x.src, x.dst) for x in b.arrows}


def test_every_meaning_and_label_exists_in_both_languages(timeline: Timeline) -> None:
    keys = set()
    for k in (1, 2, 4, 8):
        for m in op_models(timeline, k):
            keys |= {b.meaning for b in m.boxes} | {r.meaning for r in m.regions}
    for key in keys:
        en, zh = meaning(key, "en"), meaning(key, "zh_CN")
        assert en and zh and en != zh, key
    for key in ("returned", "uninitialised", "written", "enomem"):
        assert label(key, "en") != label(key, "zh_CN")
