"""6.12 as drawn: every op's steps, applied to the state before it, end in the state after
it (the change records are complete), and the drawn nodes read the kernel's memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmastudio.engine.frames612 import MapleState, Timeline612
from vmastudio.engine.linux612.maple import maple_json
from vmastudio.engine.linux612.replay import replay
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec, load_scenario

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
K = 0x1000


def drawn(state: MapleState) -> list[tuple[object, ...]]:
    return [(n.type, n.min, n.max, n.end, n.pivots, n.slots, n.gaps, n.depth) for n in state.nodes]


def small(n: int) -> Scenario:
    ops = [OpSpec("insert", vma=VmaSpec(s * 2 * K, s * 2 * K + K)) for s in range(1, n)]
    ops += [OpSpec("erase", start=s * 2 * K) for s in range(1, n, 3)]
    ops.append(OpSpec("insert", vma=VmaSpec(4 * K, 5 * K)))  # an overlap: a trial
    return Scenario(ops=ops, maple=True)


@pytest.mark.parametrize("name", ["maple612_touching", "maple612_grow_shrink"])
def test_golden_ops_step_from_the_state_before_to_the_state_after(name: str) -> None:
    scenario = load_scenario(GOLDEN / f"{name}.vmas")
    timeline = Timeline612(scenario)
    n = len(timeline)
    for k in sorted({1, 2, 3, n // 3, n // 2, n - 1, n} - {0}):
        frames = timeline.frames(k)
        assert drawn(frames.before) == drawn(timeline.state(k - 1)), k
        end = frames.state(len(frames.steps) - 1) if frames.steps else frames.before
        assert drawn(end) == drawn(timeline.state(k)), k


def test_the_drawn_nodes_are_the_replay_json_nodes() -> None:
    scenario = small(40)
    timeline = Timeline612(scenario)
    mm = replay(scenario).mm
    expected = maple_json(mm.maple.tree, lambda v: v.start)
    got = timeline.state(len(timeline)).nodes
    assert len(got) == len(expected["nodes"])
    for view, node in zip(got, expected["nodes"], strict=True):
        assert (view.type, view.min, view.max, view.end) == (
            node["type"],
            node["min"],
            node["max"],
            node["end"],
        )
        assert list(view.pivots) == node["pivots"][: len(view.pivots)]
        if view.is_leaf:
            assert list(view.slots) == node["slots"]
        else:
            assert view.gaps is not None and list(view.gaps) == node["gaps"]


def test_every_op_of_a_churn_walks_to_its_result() -> None:
    scenario = small(60)
    timeline = Timeline612(scenario)
    assert timeline.outcomes[-1].result == -12
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        end = frames.state(len(frames.steps) - 1) if frames.steps else frames.before
        assert drawn(end) == drawn(timeline.state(k)), k
    # Going back re-runs from the start and still agrees.
    assert drawn(timeline.frames(2).before) == drawn(timeline.state(1))


def test_op_headings_are_worded_in_the_window_language() -> None:
    """The 6.12 headings read like the 4.x ones (``wording.op_words``), in en and zh_CN,
    with the engine's store type and preallocation count."""
    from vmastudio.engine.frames612 import op612_heading
    from vmastudio.engine.wording import op_heading

    scenario = small(8)
    timeline = Timeline612(scenario)
    op, out = scenario.ops[0], timeline.outcomes[0]
    assert out.store_type is not None and out.prealloc is not None
    en = op612_heading(1, op, out, "en")
    zh = op612_heading(1, op, out, "zh_CN")
    rng = f"[{out.start:x},{out.end:x})"
    assert en == f"1. insert {rng} → 0 ({out.store_type}, {out.prealloc} node(s) preallocated)"
    assert zh == f"1. 插入 {rng} → 0（{out.store_type}，预分配 {out.prealloc} 个节点）"
    # The same words as the 4.x heading of the same op, up to the 6.12 suffix.
    from vmastudio.engine.timeline import Timeline

    old = Timeline(Scenario(kernel="4.19", ops=list(scenario.ops)))
    for lang, got in (("en", en), ("zh_CN", zh)):
        assert got.startswith(op_heading(1, op, old.results[0], lang))
    # An erase, an overlap refused and the 6.12-only ops.
    k = next(i for i, o in enumerate(scenario.ops) if o.op == "erase")
    assert op612_heading(k + 1, scenario.ops[k], timeline.outcomes[k], "zh_CN").startswith(
        f"{k + 1}. 删除 ["
    )
    last = len(scenario.ops)
    refused = op612_heading(last, scenario.ops[-1], timeline.outcomes[-1], "en")
    assert "→ -ENOMEM (nothing stored)" in refused
    grow = load_scenario(GOLDEN / "maple612_grow_shrink.vmas")
    tl = Timeline612(grow)
    for i, o in enumerate(grow.ops):
        zh_text = op612_heading(i + 1, o, tl.outcomes[i], "zh_CN")
        en_text = op612_heading(i + 1, o, tl.outcomes[i], "en")
        if o.op == "empty_area":
            assert f"empty_area 大小 {o.size:#x}" in zh_text
            assert ("自顶向下" in zh_text) == o.rev and ("top-down" in en_text) == o.rev
        else:
            assert zh_text.split()[1] == {"insert": "插入", "erase": "删除"}[o.op], zh_text
            assert "node(s)" not in zh_text
            if tl.outcomes[i].prealloc is None and tl.outcomes[i].store_type:
                # An erase stores NULL with mas_store_gfp(): nothing reserved beforehand.
                assert en_text.endswith(" by mas_store_gfp())") and "mas_store_gfp()" in zh_text
            else:
                assert "node(s)" in en_text or "nothing stored" in en_text


def snapshot_after(scenario: Scenario, k: int) -> MapleState:
    """The tree after op ``k``, read whole from a replay of the first ``k`` ops alone
    (independent of the timeline's change records)."""
    from vmastudio.engine.linux612.trace import snapshot

    prefix = Scenario(ops=list(scenario.ops[:k]), initial=list(scenario.initial), maple=True)
    return MapleState.of(snapshot(replay(prefix).mm.maple.tree))


def read_whole(state: MapleState) -> MapleState:
    """The same records read from scratch (no base to share views with)."""
    return MapleState(state.records, state.root, state.height, state.dead)


def spread(n: int) -> Scenario:
    """``n`` one-page VMAs three pages apart, then inserts into one region's gaps (node
    stores, then a split), erases in another (a rebalance) and a far erase."""
    initial = [VmaSpec((16 + 4 * i) * K, (17 + 4 * i) * K) for i in range(n)]
    ops = [OpSpec("insert", vma=VmaSpec((18 + 4 * i) * K, (19 + 4 * i) * K)) for i in range(9)]
    ops += [OpSpec("erase", start=(16 + 4 * i) * K) for i in range(n // 2, n // 2 + 12)]
    ops.append(OpSpec("erase", start=(16 + 4 * (n - 3)) * K))
    return Scenario(ops=ops, initial=initial, maple=True)


def test_states_made_from_the_state_before_are_the_tree_read_whole() -> None:
    """Every step's state shares the unwritten nodes with the state before it; read from
    scratch it is the same tree, and each op ends in the tree a separate replay of its
    prefix leaves. Going op to op never re-reads the whole tree from the mm."""
    scenario = spread(600)
    timeline = Timeline612(scenario)
    kinds: set[str] = set()
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        kinds.update(step.kind for step in frames.steps)
        previous = frames.before
        for s in range(len(frames.steps)):
            state = frames.state(s)
            assert drawn(state) == drawn(read_whole(state)), (k, s)
            # Only the nodes the view names as new differ from the state before.
            old = {n.nid: n for n in previous.nodes}
            for n in state.nodes:
                if n.nid not in state.remade:
                    assert old[n.nid] is n, (k, s, n.nid)
            assert state.remade_since(previous) == (state.remade if state.same_shape else None)
            # The lookup table (shared with the base when the shape is) finds every node.
            assert [state.index(n.nid) for n in state.nodes] == list(range(len(state.nodes)))
            assert all(state.node(n.nid) is n for n in state.nodes), (k, s)
            assert state.same_shape == (
                [(n.nid, n.end, n.depth) for n in state.nodes]
                == [(n.nid, n.end, n.depth) for n in previous.nodes]
            ), (k, s)
            previous = state
        whole = snapshot_after(scenario, k)
        assert drawn(frames.after) == drawn(whole), k
        # The records shared layer over layer are the memory a replay leaves, node for
        # node; the nodes that died in the op are dropped.
        for nid, record in whole.records.items():
            assert frames.after.records[nid] == record, (k, nid)
        gone = {int(c["node"]) for st in frames.steps for c in st.changes if c.get("dead")}
        assert not any(nid in frames.after.records for nid in gone), k
        if k < len(timeline):  # (the last op's is ``final``, read when replayed)
            assert timeline.state(k) is frames.after
            assert timeline.frames(k + 1).before is frames.after
    assert {"split", "rebalance", "store"} <= kinds
    # A step writes a few nodes: most of a 600-VMA tree's views are shared.
    frames = timeline.frames(1)
    assert len(frames.state(len(frames.steps) - 1).remade) < len(frames.before.nodes) // 4
    # Going back to an op kept, and to one forgotten (replayed from the start).
    assert drawn(timeline.frames(3).before) == drawn(snapshot_after(scenario, 2))
    timeline._cache.clear()
    assert drawn(timeline.frames(2).after) == drawn(snapshot_after(scenario, 2))
    assert drawn(timeline.state(5)) == drawn(snapshot_after(scenario, 5))


def test_a_long_chain_of_unread_states_reads_without_recursion() -> None:
    """Frames asked for op after op with no state drawn: reading the last one reads the
    chain oldest first (no RecursionError) and it is the tree read whole."""
    scenario = small(200)
    timeline = Timeline612(scenario)
    for k in range(1, len(timeline)):
        timeline.frames(k)
    last = timeline.frames(len(timeline) - 1).after
    assert drawn(last) == drawn(snapshot_after(scenario, len(timeline) - 1))
    assert last.node(last.nodes[-1].nid) is last.nodes[-1]
    assert last.node(-1) is None


def test_records_layers_read_through_and_flatten() -> None:
    """A step's records over the ones before: written ones win, dropped ones are gone,
    others are the layer below's; past ``FLATTEN`` layers they are one dict again."""
    from vmastudio.engine.frames612 import Records

    base: dict[int, dict[str, object]] = {i: {"node": i, "v": 0} for i in range(10)}
    records: Records | dict[int, dict[str, object]] = base
    for layer in range(1, 2 * Records.FLATTEN + 1):
        own: dict[int, object] = {layer % 9: {"node": layer % 9, "v": layer}}
        if layer == 3:
            own[9] = None  # node 9's record dropped
        records = Records.over(records, own)  # type: ignore[arg-type]
    assert isinstance(records, Records)
    assert 9 not in records and len(records) == 9 and sorted(records) == list(range(9))
    for i in range(9):
        last = max((n for n in range(1, 2 * Records.FLATTEN + 1) if n % 9 == i), default=0)
        assert records[i]["v"] == last, i
    assert records._depth < Records.FLATTEN
    with pytest.raises(KeyError):
        records[9]


def test_the_change_records_carry_each_nodes_meta_gap_as_the_tree_has_it() -> None:
    """A gap update's step carries the node's metadata as that level's writes leave it
    (once a stale meta_gap: recorded before mas_parent_gap() moved it)."""
    scenario = spread(600)
    timeline = Timeline612(scenario)
    for k in range(1, len(timeline) + 1):
        after = timeline.frames(k).after
        for nid, record in snapshot_after(scenario, k).records.items():
            assert after.records[nid]["meta_gap"] == record["meta_gap"], (k, nid)
