"""The 6.12 quiz: every question's answer is what the trace (and the kernel's golden data)
says, its choices hold the answer once, and both languages are there."""

from __future__ import annotations

import itertools
import json
import string
from pathlib import Path

import pytest

from vmastudio import resources
from vmastudio.engine.frames612 import Timeline612
from vmastudio.engine.linux612.nodes import STORE_TYPE_NAMES
from vmastudio.engine.quiz612 import (
    KINDS,
    Question612,
    question_before,
    questions,
    store_type_choices,
    store_type_pool,
)
from vmastudio.engine.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
LECTURES = [
    *sorted((ROOT / "resources" / "lectures").glob("*maple*")),
    ROOT / "resources" / "lectures" / "same-insert-4.19-and-6.12.vmas",
]
GOLDENS = [GOLDEN / "maple612_grow_shrink.vmas", GOLDEN / "maple612_touching.vmas"]


def _as_612(path: Path) -> Scenario:
    sc = load_scenario(path)
    sc.maple = True
    return sc


@pytest.fixture(scope="module", params=LECTURES + GOLDENS, ids=lambda p: p.name)
def timeline(request: pytest.FixtureRequest) -> Timeline612:
    path: Path = request.param
    return Timeline612(_as_612(path))


def _all(tl: Timeline612) -> list[Question612]:
    out: list[Question612] = []
    for k in range(1, len(tl) + 1):
        out.extend(questions(tl, k))
    return out


def test_the_shipped_maple_lectures_are_found() -> None:
    assert len(LECTURES) >= 2 and all(p.exists() for p in LECTURES)


def test_every_question_is_well_formed_in_both_languages(timeline: Timeline612) -> None:
    qs = _all(timeline)
    assert qs
    for q in qs:
        keys = q.choice_keys()
        assert q.kind in KINDS
        assert q.answer in keys
        assert len(set(keys)) == len(keys), q
        assert len(keys) >= 2
        for lang in ("en", "zh_CN"):
            assert q.prompt[lang].strip()
            assert len({q.label(k, lang) for k in keys}) == len(keys), (q, lang)
        # The Chinese is a translation, not the English again.
        assert q.prompt["zh_CN"] != q.prompt["en"]
        assert any(ch > "\u2e80" for ch in q.prompt["zh_CN"])


def test_which_store_type_is_asked_once_per_store_and_answered_by_the_trace(
    timeline: Timeline612,
) -> None:
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        asked = [q for q in questions(timeline, k) if q.kind == "store_type"]
        stored = frames.outcome.store_type
        assert len(asked) == (1 if stored is not None else 0), k
        if not asked:
            continue
        q = asked[0]
        step = frames.steps[q.step]
        assert (step.kind, step.func) == ("prealloc", "mas_preallocate")
        assert q.answer == stored == step.vars["mas_preallocate"]["store_type"]
        keys = q.choice_keys()
        assert len(keys) <= 4
        # Listed in the kernel's enum order: the position tells nothing.
        assert list(keys) == sorted(keys, key=STORE_TYPE_NAMES.index)


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name)
def test_store_type_answers_equal_the_kernels_recorded_store_types(path: Path) -> None:
    """The golden data was recorded from the kernel's own lib/maple_tree.c."""
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["ops"]
    tl = Timeline612(_as_612(path))
    for k, want in enumerate(expected, start=1):
        got = [q.answer for q in questions(tl, k) if q.kind == "store_type"]
        assert got == ([want["store_type"]] if want.get("store_type") else []), k


def test_which_slot_is_asked_before_every_write_walk_level(timeline: Timeline612) -> None:
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        by_step = {q.step: q for q in questions(timeline, k)}
        for s, step in enumerate(frames.steps):
            if step.kind != "wr_walk":
                continue
            q = by_step[s]
            assert q.kind == "slot"
            assert q.answer == str(step.roles["offset"])
            assert q.node == step.roles["node"]
            # The choices are the node's slots as drawn before the step; the answer's
            # range (from the pivots) holds the index being written.
            view = frames.state(s - 1).node(step.roles["node"])
            assert view is not None
            assert q.choice_keys() == tuple(str(i) for i in range(view.end + 1))
            lo, hi = view.slot_range(int(q.answer))
            assert lo <= step.vars["ma_state"]["index"] <= hi
            assert [lo, hi] == step.roles["range"]
            assert f"{lo:#x}" in q.label(q.answer, "en")


def test_does_it_intersect_is_answered_by_the_conflict(timeline: Timeline612) -> None:
    for k in range(1, len(timeline) + 1):
        out = timeline.outcomes[k - 1]
        asked = [q for q in questions(timeline, k) if q.kind == "intersect"]
        if out.op != "insert":
            assert not asked
            continue
        assert len(asked) == 1
        assert asked[0].answer == ("conflict" if out.conflict is not None else "none")


def test_split_and_rebalance_questions_name_what_the_trace_does_first(
    timeline: Timeline612,
) -> None:
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        qs = {q.kind: q for q in questions(timeline, k)}
        first = next(
            (s for s in frames.steps if s.kind in ("push_left", "push_right", "split")), None
        )
        if first is None:
            assert "split" not in qs
        else:
            assert qs["split"].answer == first.kind
            assert frames.outcome.store_type in ("wr_split_store", "wr_spanning_store")
        sides = [s.line for s in frames.steps if s.line in ("rebalance.left", "rebalance.right")]
        if sides:
            assert qs["rebalance"].answer == sides[0].split(".")[1]
        else:
            assert "rebalance" not in qs


def test_the_goldens_ask_every_kind_of_question() -> None:
    kinds: set[str] = set()
    answers: set[str] = set()
    # A 4.x lecture replayed by the 6.12 engine adds refused (-ENOMEM) inserts.
    overlap = ROOT / "resources" / "lectures" / "overlap-and-enomem.vmas"
    for path in [*GOLDENS, *LECTURES, overlap]:
        for q in _all(Timeline612(_as_612(path))):
            kinds.add(q.kind)
            answers.add(f"{q.kind}:{q.answer}")
    assert kinds == set(KINDS)
    # Right and wrong answers of each kind occur: no kind always has the same answer.
    for kind in ("intersect", "store_type", "split"):
        assert len({a for a in answers if a.startswith(kind + ":")}) >= 2, kind


def test_store_type_choices_do_not_depend_on_which_pool_member_is_the_answer() -> None:
    for clearing, empty, last in itertools.product((False, True), repeat=3):
        base = store_type_choices("wr_node_store", clearing, empty, last)
        assert len(base) == 4
        for answer in base:
            assert store_type_choices(answer, clearing, empty, last) == base
        # A rarer answer replaces one distractor and is still offered, in kernel order.
        for answer in STORE_TYPE_NAMES[1:]:
            got = store_type_choices(answer, clearing, empty, last)
            assert answer in got and len(got) == 4 and len(set(got)) == 4
            assert list(got) == sorted(got, key=STORE_TYPE_NAMES.index)


def test_every_recorded_store_type_is_in_its_pool_so_the_choices_never_hint(
    timeline: Timeline612,
) -> None:
    """The four choices come from what the reader sees before the write (empty tree, a
    VMA store, a NULL store, the last VMAs going), not from the answer: no write of the
    lectures or goldens needs the fallback that swaps a rarer answer in."""
    for k in range(1, len(timeline) + 1):
        frames = timeline.frames(k)
        for q in questions(timeline, k):
            if q.kind != "store_type":
                continue
            clearing = frames.outcome.op in ("erase", "munmap")
            empty = frames.before.root is None
            starts = [v for n in frames.before.nodes if n.is_leaf for v in n.slots if v is not None]
            last = clearing and all(
                frames.outcome.start <= v < frames.outcome.end  # type: ignore[operator]
                for v in starts
            )
            assert q.choice_keys() == store_type_pool(clearing, empty, last), (k, q.answer)


def test_positions_outside_the_scenario_ask_nothing() -> None:
    tl = Timeline612(_as_612(LECTURES[0]))
    assert question_before(tl, 0, 0) is None
    assert question_before(tl, len(tl) + 1, 0) is None
    assert question_before(tl, 1, -1) is None
    assert question_before(tl, 1, len(tl.frames(1).steps)) is None
    assert questions(tl, 0) == []


def test_the_op_frames_alone_ask_the_same_questions_as_the_timeline() -> None:
    tl = Timeline612(_as_612(LECTURES[0]))
    for k in range(1, min(len(tl), 20) + 1):
        with_tl = questions(tl, k)
        alone = questions(tl.frames(k), k)
        assert [(q.step, q.kind, q.answer, q.choice_keys()) for q in alone] == [
            (q.step, q.kind, q.answer, q.choice_keys()) for q in with_tl
        ]


def test_the_text_resource_has_both_languages_with_the_same_placeholders() -> None:
    data = resources.read_json("texts", "quiz612.json")
    fmt = string.Formatter()
    for key, entry in data.items():
        assert set(entry) == {"en", "zh_CN"}, key
        names = [{f for _, f, _, _ in fmt.parse(entry[lang]) if f} for lang in ("en", "zh_CN")]
        assert names[0] == names[1], key
    for name in STORE_TYPE_NAMES[1:]:
        assert "store_type." + name in data
