"""The 6.12 step trace: kinds and roles from DESIGN §7, sentences in both languages, and
``changes`` that rebuild the tree after every op from the state before it."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from vmastudio.app.cli import main
from vmastudio.engine.linux612.maple import preorder
from vmastudio.engine.linux612.mm import Mm612, Outcome, Vma612
from vmastudio.engine.linux612.nodes import MapleTree, Node
from vmastudio.engine.linux612.trace import KINDS, ROLES, node_memory, snapshot
from vmastudio.engine.vma import DEFAULT_FLAGS

P = 0x1000


def _state(records: list[dict[str, Any]]) -> dict[str, Any]:
    nodes = {r["node"]: r for r in records if "type" in r}
    (root,) = [r for r in records if "root" in r]
    return {"nodes": nodes, "root": root["root"], "height": root["height"]}


def _apply(state: dict[str, Any], changes: list[dict[str, Any]]) -> None:
    for c in changes:
        if "root" in c:
            state["root"], state["height"] = c["root"], c["height"]
        elif c.get("dead"):
            state["nodes"].pop(c["node"], None)
        else:
            state["nodes"][c["node"]] = c


def _reachable(state: dict[str, Any]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    todo = [] if state["root"] is None else [state["root"]]
    while todo:
        nid = todo.pop()
        mem = state["nodes"][nid]
        out[nid] = mem
        if mem["type"] == "arange_64":
            todo.extend(mem["slots"][: mem["meta_end"] + 1])
    return out


def _actual(tree: MapleTree) -> dict[int, dict[str, Any]]:
    return {n.nid: node_memory(n) for n, _a, _b in preorder(tree)}


def _ops(seed: int) -> list[tuple[str, int, int]]:
    rnd = random.Random(seed)
    live: dict[int, int] = {}
    ops: list[tuple[str, int, int]] = []
    for _ in range(400):
        if live and rnd.random() < 0.4:
            s = rnd.choice(sorted(live))
            ops.append(("erase", s, live.pop(s)))
        else:
            s = rnd.randrange(16, 1200) * P
            e = s + rnd.randrange(1, 4) * P
            ops.append(("insert", s, e))
            if all(not (a < e and b > s) for a, b in live.items()):
                live[s] = e
    return ops


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_changes_rebuild_the_tree_after_every_op(seed: int) -> None:
    mm = Mm612()
    for kind, s, e in _ops(seed):
        state = _state(snapshot(mm.maple.tree))
        out: Outcome
        if kind == "erase":
            out = mm.erase(s, trace=True)
        else:
            out = mm.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS), trace=True)
        for step in out.steps:
            _apply(state, list(step.changes))
            assert step.kind in KINDS
            assert set(step.roles) <= set(ROLES), step.roles
            assert step.text["en"] and step.text["zh_CN"] and step.text["en"] != step.text["zh_CN"]
        assert _reachable(state) == _actual(mm.maple.tree)
        root = mm.maple.tree.root
        assert state["root"] == (root.nid if isinstance(root, Node) else None)
        assert state["height"] == mm.maple.tree.height


def test_an_insert_walks_then_preallocates_then_stores_in_kernel_order() -> None:
    mm = Mm612()
    for i in range(40):
        mm.insert_vm_struct(Vma612((16 + 2 * i) * P, (17 + 2 * i) * P, DEFAULT_FLAGS))
    out = mm.insert_vm_struct(Vma612(200 * P, 201 * P, DEFAULT_FLAGS), trace=True)
    kinds = [s.kind for s in out.steps]
    order = ["intersect_walk", "prealloc", "wr_walk", "start_write", "store", "map_count", "return"]
    positions = [kinds.index(k) for k in order]
    assert positions == sorted(positions)
    walks = [s for s in out.steps if s.kind == "wr_walk"]
    assert len(walks) == mm.maple.tree.height  # one step per level, root to leaf
    assert walks[-1].roles["range"][0] <= 200 * P <= walks[-1].roles["range"][1]


def test_replay_trace_json_carries_steps_per_op(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    sc = {
        "format": "vmastudio-scenario",
        "version": 1,
        "kernel": "6.12",
        "ops": [
            {"op": "insert", "start": hex((16 + 2 * i) * P), "end": hex((17 + 2 * i) * P)}
            for i in range(9)
        ],
    }
    path = tmp_path / "s.vmas"
    path.write_text(json.dumps(sc), encoding="utf-8")
    assert main(["replay", str(path), "--json", "--trace"]) == 0
    ops = json.loads(capsys.readouterr().out)["ops"]
    assert ops[7]["store_type"] == "wr_split_store"
    assert {"split", "new_root"} <= {s["kind"] for s in ops[7]["trace"]}
    assert main(["replay", str(path), "--lang", "zh_CN"]) == 0
    text = capsys.readouterr().out
    assert "操作 8" in text and "mas_split()" in text and "拆分" in text


def test_every_step_names_a_line_of_the_612_pseudocode() -> None:
    from vmastudio.resources import read_json

    lines = {
        line["id"]
        for f in read_json("pseudocode", "functions612.json").values()
        for line in f["lines"]
    }
    mm = Mm612()
    outs: list[Outcome] = []
    for i in range(40):
        s = (16 + 2 * i) * P
        outs.append(mm.insert_vm_struct(Vma612(s, s + P, DEFAULT_FLAGS), trace=True))
    outs.append(mm.insert_vm_struct(Vma612(16 * P, 18 * P, DEFAULT_FLAGS), trace=True))
    outs.append(mm.munmap(20 * P, 60 * P, trace=True))
    outs.append(mm.map_fixed(Vma612(60 * P, 70 * P, DEFAULT_FLAGS), trace=True))
    for i in range(40):
        s = (16 + 2 * i) * P
        if mm.find_vma(s).result == s:
            outs.append(mm.erase(s, trace=True))
    outs.append(mm.find_vma(0, trace=True))
    outs.append(mm.empty_area(P, 0x10000, 0xFFFFFF, True, trace=True))
    outs.append(mm.unmapped_area(P, 0, 0x1000000, True, trace=True))
    used = {s.line for out in outs for s in out.steps}
    assert used <= lines, sorted(used - lines)
    assert {"split", "spanning", "rebalance", "new_root", "replace_dead"} <= {
        s.kind for out in outs for s in out.steps
    }


def test_tracing_an_op_does_not_change_what_it_does() -> None:
    from vmastudio.engine.linux612.maple import maple_json

    plain, traced = Mm612(), Mm612()
    for kind, s, e in _ops(7):
        if kind == "erase":
            a, b = plain.erase(s), traced.erase(s, trace=True)
        else:
            a = plain.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS))
            b = traced.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS), trace=True)
        assert (a.result, a.conflict, a.store_type, a.prealloc) == (
            b.result,
            b.conflict,
            b.store_type,
            b.prealloc,
        )
        assert plain.map_count == traced.map_count
    starts = lambda v: v.start  # noqa: E731
    assert maple_json(plain.maple.tree, starts) == maple_json(traced.maple.tree, starts)
