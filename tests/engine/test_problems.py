"""Problems as codes with parameters: one English and one Chinese template per code, with
the same placeholders, rendered at the edge (``localize_error``, ``localize``)."""

from __future__ import annotations

import pickle
import string

import pytest

from vmastudio.engine.messages import localize, localize_error, localize_where
from vmastudio.engine.problems import (
    LANGS,
    Problem,
    at_line,
    at_line_column,
    at_process,
    json_reason,
    os_reason,
    templates,
    within,
)
from vmastudio.engine.scenario import ScenarioError


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_code_has_an_english_and_a_chinese_template_with_the_same_placeholders() -> None:
    table = templates()
    assert len(table) >= 100
    for code, per_lang in table.items():
        assert set(per_lang) == set(LANGS), code
        en, zh = per_lang["en"], per_lang["zh_CN"]
        assert _placeholders(en) == _placeholders(zh), code
        assert all(name.isidentifier() for name in _placeholders(en)), code
        values = {name: "V" for name in _placeholders(en)}
        en.format(**values), zh.format(**values)  # no stray brace in either language


def test_a_problem_is_its_english_text_and_keeps_its_code_and_parameters() -> None:
    problem = Problem("range.inverted", end="0x400000", start="0x401000")
    assert problem == "inverted range (end 0x400000 < start 0x401000)" == str(problem)
    assert problem.code == "range.inverted"
    assert dict(problem.params) == {"end": "0x400000", "start": "0x401000"}
    assert problem.render("en") == problem.render("fr") == str(problem)
    assert problem.render("zh_CN") == "范围颠倒（结束 0x400000 < 起始 0x401000）"
    again = pickle.loads(pickle.dumps(problem))
    assert again.code == problem.code and again.render("zh_CN") == problem.render("zh_CN")
    assert Problem("field.too_long", count=5, limit=4) == "too long (5 characters; at most 4)"


def test_an_unknown_code_is_a_bug_of_the_raise_site() -> None:
    with pytest.raises(KeyError):
        Problem("no.such.code")


@pytest.mark.parametrize(
    ("error", "english", "chinese"),
    [
        (
            ScenarioError("ops[3].end", Problem("range.not_aligned", value="0x401001")),
            "ops[3].end: not page-aligned (0x401001)",
            "ops[3].end: 未按页对齐（0x401001）",
        ),
        (
            ScenarioError(
                within("maps", at_line(1)),
                Problem("maps.bad_permissions", perms="'rwz'"),
            ),
            "maps: line 1: bad permissions 'rwz' (expected like 'r-xp' or 'rw-s')",
            "maps: 第 1 行: 权限 'rwz' 无效（应形如 'r-xp' 或 'rw-s'）",
        ),
        (
            ScenarioError(
                at_process(7),
                Problem(
                    "process.cannot_read",
                    path="/proc/7/maps",
                    reason=os_reason(PermissionError(13, "Permission denied")),
                ),
            ),
            "process 7: cannot read /proc/7/maps: Permission denied",
            "进程 7: 无法读取 /proc/7/maps：权限不足",
        ),
        (
            ScenarioError(
                within("a.vmas", at_line_column(1, 9)),
                Problem("file.invalid_json", reason=json_reason("Expecting value")),
            ),
            "a.vmas: line 1 column 9: invalid JSON: Expecting value",
            "a.vmas: 第 1 行第 9 列: JSON 无效：此处应为一个值",
        ),
        (
            ScenarioError("", Problem("scenario.not_object")),
            "a scenario is a JSON object",
            "场景文件应为一个 JSON 对象",
        ),
    ],
)
def test_localize_error_renders_representative_errors_in_both_languages(
    error: ScenarioError, english: str, chinese: str
) -> None:
    assert str(error) == english
    assert localize_error(error, "en") == english
    assert localize_error(error, "zh_CN") == chinese


def test_a_notice_is_a_problem_too() -> None:
    notice = Problem("maps.skipped", line=5, label="[vsyscall]", reason=Problem("maps.vsyscall"))
    assert notice == "line 5: [vsyscall] skipped (the legacy vsyscall page)"
    assert localize(notice, "zh_CN") == "第 5 行：已跳过 [vsyscall]（旧式 vsyscall 页）"
    assert localize(notice, "en") == str(notice)


def test_foreign_texts_the_table_does_not_know_are_shown_as_they_are() -> None:
    odd = os_reason(OSError(999, "Something new"))
    assert odd.render("zh_CN") == "Something new" == str(odd)
    assert json_reason("A future message").render("zh_CN") == "A future message"
    assert localize_where("ops[0].start", "zh_CN") == "ops[0].start"
