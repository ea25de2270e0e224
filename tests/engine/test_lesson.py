"""Lesson mode: a linked list changed through a pointer to a pointer, drawn like the kernel."""

from __future__ import annotations

import pytest

from vmastudio.engine.lesson import CODE, insert_lesson, lessons, remove_lesson
from vmastudio.engine.pointers import box_text, meaning


def node_addr(lesson_models, key):  # type: ignore[no-untyped-def]
    return lesson_models[-1].region(f"node:{key}").addr


def test_inserting_in_the_middle_stores_through_the_next_field_of_the_predecessor() -> None:
    lesson = insert_lesson([10, 20, 30], 25)
    ms = lesson.models
    store = next(m for m in ms if m.line == "L5")
    assert store.chain("list_insert.pp") == [
        "list_insert.pp",
        "node:20.next",
        "node:25",
    ]
    assert store.box("node:20.next").written
    assert store.box("node:20.next").value == node_addr(ms, 25)
    assert store.box("node:25.next").value == node_addr(ms, 30)
    writes = [a for a in store.arrows if a.write]
    assert [a.src for a in writes] == ["list_insert.pp"]
    assert store.arrow_from("node:20.next").label == "**pp"  # type: ignore[union-attr]


def test_inserting_at_the_head_is_the_same_code_storing_through_the_callers_pointer() -> None:
    ms = insert_lesson([10, 20, 30], 5).models
    store = next(m for m in ms if m.line == "L5")
    assert store.chain("list_insert.pp") == ["list_insert.pp", "main.list", "node:5"]
    assert store.box("main.list").written
    assert store.box("main.list").value == node_addr(ms, 5)
    # No special case: the same lines run as for a middle insert, only fewer times.
    assert {m.line for m in ms} <= {"call", "L1", "L2", "L3", "L4", "L5", "ret"}


def test_pp_walks_from_the_head_pointer_to_next_fields() -> None:
    ms = insert_lesson([10, 20, 30], 25).models
    seen = [m.arrow_from("list_insert.pp").dst for m in ms if m.line in ("L1", "L3")]  # type: ignore[union-attr]
    assert seen == ["main.list", "node:10.next", "node:20.next"]
    first = ms[0]
    assert not first.box("list_insert.pp").initialized
    assert box_text(first.box("list_insert.pp")) == "?"


def test_removing_unlinks_with_one_store_through_pp() -> None:
    ms = remove_lesson([10, 20, 30], 20).models
    unlink = next(m for m in ms if m.line == "R4")
    assert unlink.chain("list_remove.pp")[:2] == ["list_remove.pp", "node:10.next"]
    assert unlink.box("node:10.next").value == node_addr(ms, 30)
    assert unlink.box("node:10.next").written
    head = remove_lesson([10, 20, 30], 10).models
    unlink = next(m for m in head if m.line == "R4")
    assert unlink.chain("list_remove.pp")[:2] == ["list_remove.pp", "main.list"]
    assert unlink.box("main.list").value == node_addr(head, 20)


def test_the_frame_is_gone_after_the_return() -> None:
    last = insert_lesson([10], 20).models[-1]
    assert last.line == "ret"
    assert last.region("frame:list_insert").gone
    assert all(a.gone for a in last.arrows if a.src.startswith("list_insert."))


def test_every_step_speaks_both_languages() -> None:
    for lesson in lessons():
        assert lesson.title["en"] and lesson.title["zh_CN"]
        assert lesson.code == CODE
        for m in lesson.models:
            assert m.text["en"] and m.text["zh_CN"] and m.text["en"] != m.text["zh_CN"]
            for b in m.boxes:
                assert meaning(b.meaning, "en") and meaning(b.meaning, "zh_CN"), b.meaning


def test_the_code_is_the_indirect_idiom_without_a_head_special_case() -> None:
    assert "struct node **pp = head;" in CODE
    assert "prev" not in CODE


def test_bad_requests_are_refused() -> None:
    with pytest.raises(ValueError):
        insert_lesson([10, 20], 20)
    with pytest.raises(ValueError):
        remove_lesson([10, 20], 30)
