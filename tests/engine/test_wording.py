"""The one wording module: op headings, results by name, sentences, kernel role names."""

from __future__ import annotations

from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.wording import (
    op_heading,
    op_words,
    result_name,
    role_names,
    step_sentence,
)


def test_results_are_named_never_numbered() -> None:
    assert result_name("insert", -12) == "-ENOMEM"
    assert result_name("empty_area", -16) == "-EBUSY"
    assert result_name("insert", 0) == "0"
    assert result_name("find_vma", None) == "NULL"
    assert result_name("unmapped_area", 0x7F00) == "0x7f00"


def test_op_headings_in_both_languages_name_the_whole_range() -> None:
    timeline = Timeline(demo_scenario())
    ops, results = timeline.scenario.ops, timeline.results
    assert op_heading(8, ops[7], results[7]) == "8. insert [451000,460000) → -ENOMEM"
    assert op_heading(8, ops[7], results[7], "zh_CN") == "8. 插入 [451000,460000) → -ENOMEM"
    # An erase names the erased VMA's end too (its result knows it).
    assert op_words(ops[8], results[8]) == "erase [651000,652000) → 0"
    assert op_words(ops[8], results[8], "zh_CN") == "删除 [651000,652000) → 0"
    assert timeline.describe(9) == op_words(ops[8], results[8])


def test_role_names_follow_the_function_the_step_runs() -> None:
    timeline = Timeline(demo_scenario())
    _, steps = timeline.trace(5)  # descent, then insert cases 2 and 3
    descent = next(s for s in steps if s.kind.startswith("descend_"))
    case2 = next(s for s in steps if s.line == "rb.case2")
    assert role_names(descent)["prev"] == "rb_prev"
    assert role_names(descent)["link_slot"] == "__rb_link"
    assert role_names(case2)["parent"] == "parent"
    assert role_names(case2)["grandparent"] == "gparent"
    assert "rb_parent" not in role_names(case2).values()
    _, erase = timeline.trace(9)
    assert all(
        role_names(s).get("sibling", "sibling") == "sibling"
        for s in erase
        if s.line.startswith("erase")
    )


def test_a_step_sentence_carries_its_case_label_once() -> None:
    timeline = Timeline(demo_scenario())
    _, steps = timeline.trace(4)
    case1 = next(s for s in steps if s.kind == "recolor_case1")
    en, zh = step_sentence(case1, "en"), step_sentence(case1, "zh_CN")
    assert "case 1" in en.lower() or "insert case 1" in en
    assert "情况 1" in zh
    assert step_sentence(None) == ""
