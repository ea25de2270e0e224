"""The 6.12 pointer model: ``struct ma_state`` and ``struct ma_wr_state`` at every step.

Each model is checked against the step's own ``vars`` (what the write path recorded) and
against the maple node memory of the state at that step: the boxes hold the recorded
values, the ranges they name are the slot ranges of the node they point at, and every
arrow lands on a node or VMA that exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vmastudio.engine.frames612 import MapleState, OpFrames612, Timeline612
from vmastudio.engine.pointer_model612 import (
    MA_STATE_FIELDS,
    MA_WR_STATE_FIELDS,
    MaplePointerModel,
    build_models612,
    enode,
    label612,
    meaning612,
    node_addr,
    vma612_addr,
)
from vmastudio.engine.scenario import load_scenario, scenario_from_json

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
P = 0x1000
BASE = 0x400000


def grow_shrink() -> Timeline612:
    return Timeline612(load_scenario(GOLDEN / "maple612_grow_shrink.vmas"))


def spanning_munmap() -> Timeline612:
    """40 one-page VMAs a page apart (three leaves), then one munmap over 18 of them."""
    initial = [
        {"start": hex(BASE + i * 2 * P), "end": hex(BASE + i * 2 * P + P)} for i in range(40)
    ]
    op = {"op": "munmap", "start": hex(BASE + 3 * 2 * P), "end": hex(BASE + 20 * 2 * P + P)}
    data = {
        "format": "vmastudio-scenario",
        "version": 1,
        "kernel": "6.12",
        "initial": initial,
        "ops": [op],
    }
    return Timeline612(scenario_from_json(data))


def models_of(frames: OpFrames612) -> list[MaplePointerModel]:
    return build_models612(frames.steps, frames.states, frames.before)


def state_at(frames: OpFrames612, i: int) -> MapleState:
    return frames.state(i)


def node_view(frames: OpFrames612, i: int, nid: int) -> Any:
    """The node ``nid`` as the tree holds it at step ``i`` (or before the op)."""
    for st in (frames.state(i), frames.state(i - 1) if i else frames.before, frames.before):
        found = st.node(nid)
        if found is not None:
            return found
    raise AssertionError(f"node {nid} is in no state of step {i}")


def box_value(model: MaplePointerModel, key: str) -> Any:
    return model.box(key).value


def check_model(frames: OpFrames612, i: int, model: MaplePointerModel) -> None:
    """Everything one model must say about step ``i`` of ``frames``."""
    step = frames.steps[i]
    keys = {b.key for b in model.boxes} | {r.key for r in model.regions}
    for each in model.arrows:
        assert each.src in keys and each.dst in keys, each
    state = frames.state(i)
    for region in model.regions:
        if region.key.startswith("node:"):
            nid = int(region.key[5:])
            assert nid in state.records or nid in frames.before.records
            assert region.addr == node_addr(nid)
    mas = step.vars.get("ma_state")
    if mas is not None:
        assert model.as_of == i and dict(model.ma_state or {}) == mas
        for name in ("index", "last", "min", "max", "offset", "depth", "end", "mas_flags"):
            assert box_value(model, f"ma_state.{name}") == mas[name], name
        assert model.box("ma_state.status").text == mas["status"]
        assert model.box("ma_state.store_type").text == mas["store_type"]
        nid = mas["node"]
        if nid is not None:
            node = node_view(frames, i, nid)
            assert box_value(model, "ma_state.node") == enode(nid, node.type)
            arrow = model.arrow_from("ma_state.node")
            assert arrow is not None and arrow.dst == f"node:{nid}"
            assert model.mas_node == nid
    wr = step.vars.get("ma_wr_state")
    if wr is not None:
        assert model.as_of_wr == i and dict(model.ma_wr_state or {}) == wr
        for name in ("r_min", "r_max", "offset_end", "end_piv"):
            assert box_value(model, f"ma_wr_state.{name}") == wr[name], name
        assert model.box("ma_wr_state.type").text == wr["type"]
        mas_arrow = model.arrow_from("ma_wr_state.mas")
        assert mas_arrow is not None and mas_arrow.dst == "frame:ma_state"
        nid = wr["node"]
        if nid is not None:
            assert box_value(model, "ma_wr_state.node") == node_addr(nid)
            for name, cell in (("pivots", "pivot[0]"), ("slots", "slot[0]")):
                arrow = model.arrow_from(f"ma_wr_state.{name}")
                assert arrow is not None and arrow.dst == f"node:{nid}.{cell}"
        for name in ("entry", "content"):
            arrow = model.arrow_from(f"ma_wr_state.{name}")
            if name == "content" and wr.get("content_node") is not None:
                assert arrow is not None and arrow.dst == f"node:{wr['content_node']}"
            elif wr[name] is None:
                assert arrow is None and model.box(f"ma_wr_state.{name}").value is None
            else:
                assert arrow is not None and arrow.dst == f"vma:{wr[name]}"
                assert model.box(f"vma:{wr[name]}.vm_start").value == wr[name]
                assert box_value(model, f"ma_wr_state.{name}") == vma612_addr(wr[name])
    # A leaf slot cell holds its VMA's address and its arrow leads to that VMA.
    for box in model.boxes:
        if ".slot[" in box.key and box.key.startswith("node:"):
            nid = int(box.key[5 : box.key.index(".")])
            idx = int(box.key[box.key.index("[") + 1 : -1])
            record = state.records.get(nid) or frames.before.records[nid]
            raw = record["slots"][idx]
            if record["type"] == "leaf_64" and raw is not None:
                assert box.value == vma612_addr(raw)
                arrow = model.arrow_from(box.key)
                assert arrow is not None and arrow.dst == f"vma:{raw}"


def check_op(frames: OpFrames612) -> list[MaplePointerModel]:
    models = models_of(frames)
    assert len(models) == len(frames.steps)
    last_mas = -1
    for i, (step, model) in enumerate(zip(frames.steps, models, strict=True)):
        if "ma_state" in step.vars:
            last_mas = i
        assert model.as_of == last_mas and model.step == i
        check_model(frames, i, model)
    return models


def test_each_write_walk_step_names_the_slot_range_that_holds_index() -> None:
    """At a wr_walk step the recorded r_min/r_max are the range of slot ``offset`` of the
    node ``mas->node`` points at, and that range holds ``index`` (mas_wr_node_walk())."""
    tl = grow_shrink()
    walks = 0
    for k in (2, 8, 16, 168, 169):
        frames = tl.frames(k)
        for i, model in enumerate(check_op(frames)):
            if frames.steps[i].kind != "wr_walk":
                continue
            mas, wr = model.ma_state, model.ma_wr_state
            assert mas is not None and wr is not None
            node = node_view(frames, i, int(mas["node"]))
            assert (wr["r_min"], wr["r_max"]) == node.slot_range(mas["offset"])
            assert wr["r_min"] <= mas["index"] <= wr["r_max"]
            assert (node.min, node.max) == (mas["min"], mas["max"])
            assert wr["node"] == mas["node"] and wr["type"] == node.type
            walks += 1
    assert walks >= 10


def test_a_node_store_shows_the_leaf_the_offset_and_the_vma_being_stored() -> None:
    tl = grow_shrink()
    frames = tl.frames(2)
    assert frames.outcome.store_type == "wr_node_store"
    models = check_op(frames)
    store = next(i for i, s in enumerate(frames.steps) if s.kind == "store")
    model = models[store]
    wr, mas = model.ma_wr_state, model.ma_state
    assert wr is not None and mas is not None
    assert mas["store_type"] == "wr_node_store"
    # The entry is the VMA being inserted: [index, last] is its range.
    vma = frames.outcome.start
    assert wr["entry"] == vma == mas["index"]
    assert model.box(f"vma:{vma}.vm_end").value == mas["last"] + 1
    # The cells the states name are drawn: slot[offset] and slot[offset_end].
    for cell in (mas["offset"], wr["offset_end"]):
        assert model.has(f"node:{mas['node']}.slot[{cell}]")


def test_the_first_root_split_keeps_the_store_values_through_the_split_steps() -> None:
    tl = grow_shrink()
    frames = tl.frames(8)
    assert frames.outcome.store_type == "wr_split_store"
    models = check_op(frames)
    kinds = [s.kind for s in frames.steps]
    store, split = kinds.index("store"), kinds.index("split")
    assert models[split].as_of == store and models[split].ma_state == models[store].ma_state
    # The split's new root is mm->mm_mt.ma_root at the new_root step: written then.
    new_root = kinds.index("new_root")
    root = frames.state(new_root).root
    assert root is not None and root != frames.before.root
    assert "mm_mt.ma_root" in {b.key for b in models[new_root].boxes if b.written}
    arrow = models[new_root].arrow_from("mm_mt.ma_root")
    # The root node is drawn only when a state points at it; the value is the encoded root.
    rec = frames.state(new_root).records[root]
    assert models[new_root].box("mm_mt.ma_root").value == enode(root, rec["type"]) | 2
    assert arrow is None or arrow.dst == f"node:{root}"
    # The height lives in ma_flags (bits 2-6): it grows with the new root.
    height = frames.state(new_root).height
    assert height == frames.before.height + 1
    assert models[new_root].box("mm_mt.ma_flags").value == 0x303 | height << 2
    assert "mm_mt.ma_flags" in {b.key for b in models[new_root].boxes if b.written}


def test_mas_preallocate_and_mas_store_prealloc_have_their_own_ma_wr_state() -> None:
    """An insert classifies with mas_preallocate()'s ma_wr_state, which is gone once it
    returns (vma_start_write()); mas_store_prealloc() declares a new one."""
    frames = grow_shrink().frames(8)
    models = check_op(frames)
    kinds = [s.kind for s in frames.steps]
    walk, count = kinds.index("wr_walk"), kinds.index("start_write") - 1
    store, start_write = kinds.index("store"), kinds.index("start_write")
    first = frames.steps[walk].vars["ma_wr_state"]["id"]
    assert frames.steps[count].vars["ma_wr_state"]["id"] == first
    assert frames.steps[store].vars["ma_wr_state"]["id"] != first
    assert models[start_write].region("frame:ma_wr_state").gone
    # Each frame is titled with the function that declares it.
    assert models[walk].region("frame:ma_wr_state").title.startswith("mas_preallocate()")
    assert models[store].region("frame:ma_wr_state").title.startswith("mas_store_prealloc()")
    assert not models[store].region("frame:ma_wr_state").gone
    assert models[-1].region("frame:ma_state").gone  # insert_vm_struct() returned


def test_an_erase_stores_null_through_one_ma_wr_state_and_marks_what_changed() -> None:
    """mas_store_gfp() walks, counts and stores with the same ma_wr_state; from one walk
    level to the next only the fields that moved are marked written."""
    frames = grow_shrink().frames(169)
    assert frames.outcome.op == "erase"
    models = check_op(frames)
    ids = {s.vars["ma_wr_state"]["id"] for s in frames.steps if "ma_wr_state" in s.vars}
    assert len(ids) == 1
    owners = {s.vars["ma_wr_state"].get("func") for s in frames.steps if "ma_wr_state" in s.vars}
    assert owners == {None, "mas_store_gfp"}  # the walk steps do not know it yet
    assert all(
        m.region("frame:ma_wr_state").title.startswith("mas_store_gfp()")
        for m in models
        if m.has("frame:ma_wr_state")
    )
    # do_vmi_munmap() works on its caller's vma_iterator: still live when it returns.
    assert frames.steps[-1].func == "do_vmi_munmap"
    assert not models[-1].region("frame:ma_state").gone
    assert models[-1].region("frame:ma_wr_state").gone
    walks = [i for i, s in enumerate(frames.steps) if s.kind == "wr_walk"]
    first, second = models[walks[0]], models[walks[1]]
    written = {b.key for b in second.boxes if b.written}
    assert {"ma_state.node", "ma_state.depth", "ma_wr_state.node"} <= written
    # index and last do not move during the walk; the entry (NULL) neither.
    assert not written & {"ma_state.index", "ma_state.last", "ma_wr_state.entry"}
    assert first.box("ma_wr_state.entry").value is None
    # At the leaf walk step content is still the node it came down to (the kernel reads
    # the slot after the node walk); at the count that follows it is the VMA being
    # erased, whose range is read from that leaf.
    walked = models[walks[-1]].ma_wr_state
    assert walked is not None
    assert walked["content_node"] == models[walks[-1]].mas_node
    leaf = models[walks[-1] + 1]
    assert frames.steps[walks[-1] + 1].func == "mas_preallocate"
    gone = frames.outcome.start
    assert leaf.ma_wr_state is not None and leaf.ma_wr_state["content"] == gone
    assert leaf.box(f"vma:{gone}.vm_end").value == frames.outcome.end
    # Below the root, content is the child the walk came down to: mas->node.
    wr = frames.steps[walks[1]].vars["ma_wr_state"]
    assert wr["content_node"] == frames.steps[walks[1]].vars["ma_state"]["node"]


def test_a_spanning_munmap_records_the_walk_that_stops_at_the_spanning_node() -> None:
    frames = spanning_munmap().frames(1)
    assert frames.outcome.store_type == "wr_spanning_store"
    models = check_op(frames)
    walk = next(i for i, s in enumerate(frames.steps) if s.kind == "wr_walk")
    mas, wr = models[walk].ma_state, models[walk].ma_wr_state
    assert mas is not None and wr is not None
    # The write runs past the slot's range at the root: the walk stops there.
    node = node_view(frames, walk, int(mas["node"]))
    assert not node.is_leaf and mas["last"] > wr["r_max"]
    store = next(i for i, s in enumerate(frames.steps) if s.kind == "store")
    stored = models[store].ma_state
    assert stored is not None
    assert stored["store_type"] == "wr_spanning_store"
    spanning = next(i for i, s in enumerate(frames.steps) if s.kind == "spanning")
    assert models[spanning].as_of == store


def test_steps_before_any_write_state_show_only_the_tree() -> None:
    frames = grow_shrink().frames(8)
    models = models_of(frames)
    assert frames.steps[0].kind == "intersect_walk"
    assert [r.key for r in models[0].regions] == ["mm_mt"]
    assert models[0].as_of == -1 and models[0].mas_node is None


def test_the_new_trace_variables_are_plain_json() -> None:
    frames = grow_shrink().frames(169)
    for step in frames.steps:
        json.dumps(step.to_json())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_field_and_structure_has_a_meaning_in_both_languages(lang: str) -> None:
    keys = [f"ma_state.{n}" for n, _t, _o in MA_STATE_FIELDS]
    keys += [f"ma_wr_state.{n}" for n, _t, _o in MA_WR_STATE_FIELDS]
    frames = grow_shrink().frames(169)
    for model in models_of(frames):
        keys += [b.meaning for b in model.boxes] + [r.meaning for r in model.regions]
    for key in set(keys):
        text = meaning612(key, lang)
        assert text and text != meaning612(key, "zh_CN" if lang == "en" else "en"), key
    assert "7" in label612("as_of", lang, n=7)


def test_every_step_of_every_op_of_a_golden_scenario_checks_out() -> None:
    """Store root, node stores, splits, rebalances, empty_area: every model of every op
    agrees with its step (the empty tree's store has a ma_wr_state with no node yet)."""
    tl = grow_shrink()
    kinds: set[str] = set()
    for k in range(1, len(tl) + 1):
        frames = tl.frames(k)
        check_op(frames)
        kinds |= {s.kind for s in frames.steps}
    assert {"wr_walk", "store", "split", "rebalance", "new_root", "replace_dead"} <= kinds
    first = tl.frames(1)
    assert first.outcome.store_type == "wr_store_root"
    store = next(i for i, s in enumerate(first.steps) if s.kind == "store")
    model = models_of(first)[store]
    assert model.ma_wr_state is not None and model.ma_wr_state["node"] is None
    assert model.box("ma_wr_state.type").text == "maple_dense"
    assert model.arrow_from("ma_wr_state.pivots") is None


def dst_of(model: MaplePointerModel, key: str) -> str | None:
    arrow = model.arrow_from(key)
    return None if arrow is None else arrow.dst


def test_a_spanning_store_shows_its_left_and_right_write_states() -> None:
    """mas_wr_spanning_store()'s l_wr_mas/r_wr_mas and l_mas/r_mas: recorded at the
    spanning step, drawn as boxes equal to the record, each state in the leaf holding its
    end of the range, every arrow on something the panel shows."""
    frames = spanning_munmap().frames(1)
    spanning = next(i for i, s in enumerate(frames.steps) if s.kind == "spanning")
    step = frames.steps[spanning]
    models = models_of(frames)
    model = models[spanning]
    outcome = frames.outcome
    assert outcome.start is not None and outcome.end is not None
    keys = {b.key for b in model.boxes} | {r.key for r in model.regions}
    before = frames.state(spanning - 1)
    for side, end in (("l", outcome.start), ("r", outcome.end - 1)):
        mas, wr = step.vars[f"{side}_mas"], step.vars[f"{side}_wr_mas"]
        assert model.spanning[f"{side}_mas"] == mas
        assert wr["mas"] == f"{side}_mas" and wr["func"] == "mas_wr_spanning_store"
        # Both walked to the same leaf: the one whose range holds this end of the write.
        assert mas["node"] == wr["node"] is not None
        leaf = node_view(frames, spanning, int(mas["node"]))
        assert leaf.is_leaf and leaf.min <= end <= leaf.max
        assert (mas["min"], mas["max"]) == (leaf.min, leaf.max)
        held = before.node(int(mas["node"]))
        assert held is not None and held.is_leaf
        # The boxes are the record, field by field.
        for name, _ctype, _off in MA_STATE_FIELDS:
            if name in ("tree", "node", "alloc", "status", "store_type"):
                continue
            assert box_value(model, f"{side}_mas.{name}") == int(mas[name]), name
        for name in ("r_min", "r_max", "end_piv", "offset_end"):
            assert box_value(model, f"{side}_wr_mas.{name}") == int(wr[name]), name
        assert model.box(f"{side}_mas.status").text == mas["status"]
        assert box_value(model, f"{side}_wr_mas.node") == node_addr(int(wr["node"]))
        # Arrows: wr->mas to its own ma_state, both node pointers to the leaf.
        assert dst_of(model, f"{side}_wr_mas.mas") == f"frame:{side}_mas"
        assert dst_of(model, f"{side}_wr_mas.node") == f"node:{wr['node']}"
        assert dst_of(model, f"{side}_mas.node") == f"node:{mas['node']}"
        assert box_value(model, f"{side}_wr_mas.mas") == model.region(f"frame:{side}_mas").addr
        if wr["content"] is not None:
            assert dst_of(model, f"{side}_wr_mas.content") == f"vma:{wr['content']}"
            # The VMA in the slot ends where the slot's range does.
            assert box_value(model, f"vma:{wr['content']}.vm_end") == int(wr["r_max"]) + 1
        else:
            assert model.arrow_from(f"{side}_wr_mas.content") is None
    # Two different leaves: that is why the store spans.
    assert step.vars["l_mas"]["node"] != step.vars["r_mas"]["node"]
    assert step.vars["l_wr_mas"]["id"] != step.vars["r_wr_mas"]["id"]
    live = {nid for nid in keys if nid.startswith("node:")}
    for arrow in model.arrows:
        assert arrow.dst in keys, arrow
        if arrow.dst.startswith("node:") and "." not in arrow.dst:
            assert arrow.dst in live
            assert frames.state(spanning).node(int(arrow.dst[5:])) is not None
    # Only the spanning step holds them; the untraced store records nothing.
    for i, other in enumerate(models):
        assert bool(other.spanning) == (i == spanning)
    for lang in ("en", "zh_CN"):
        for var in ("l_mas", "r_mas", "l_wr_mas", "r_wr_mas"):
            assert var in meaning612(f"region.{var}", lang)
