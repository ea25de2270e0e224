"""Error messages in both languages: every problem the engine raises is a code with
parameters whose Simplified Chinese template carries its values over unchanged."""

from __future__ import annotations

import ast
import json
import re
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vmastudio.engine import messages
from vmastudio.engine.maps import parse_maps, read_pid_maps
from vmastudio.engine.messages import localize, localize_error, localize_where
from vmastudio.engine.problems import (
    Problem,
    at_byte,
    at_line,
    at_line_column,
    at_process,
    json_reason,
    os_reason,
    templates,
    within,
)
from vmastudio.engine.scenario import ScenarioError, load_scenario, parse_scenario

ENGINE = Path(messages.__file__).resolve().parent
MODULES = ("scenario.py", "maps.py", "timeline.py", "loader.py", "linux612/replay.py")
#: Problems that are not built at the raise site: a re-raised problem keeps its code, and
#: the operating system's reason is looked up by ``os_reason``.
PASS_THROUGH = {"exc.problem", "os_reason(exc)"}
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words that stay in a Chinese message: identifiers, formats and literal syntax.
KEPT_WORDS = {
    "JSON", "UTF", "NUL", "VMA", "Studio", "proc", "PID", "maps", "root", "low", "high",
    "true", "false", "null", "insert", "erase", "find_vma", "unmapped_area", "start", "end",
    "perms", "offset", "dev", "inode", "path", "zh_CN", "initial", "FIFO", "vsyscall",
}  # fmt: skip


@dataclass
class Template:
    """One ``Problem("code", ...)`` call of the engine, built with a sample per value."""

    module: str
    line: int
    source: str
    problem: Problem
    samples: list[str]


def _problem_call(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id == "Problem"


def engine_templates() -> tuple[list[Template], list[str], int]:
    """Every ``Problem(...)`` call in the engine modules (the problems of ``ScenarioError``
    and the import notices), and the problem arguments of ``ScenarioError(...)`` that are
    not such a call."""
    found: list[Template] = []
    other: list[str] = []
    raises = 0
    for name in MODULES:
        tree = ast.parse((ENGINE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id == "ScenarioError":
                raises += 1
                args = list(node.args) + [k.value for k in node.keywords if k.arg == "problem"]
                assert len(args) == 2, f"{name}:{node.lineno}: ScenarioError(where, problem)"
                problem = args[1]
                if not (isinstance(problem, ast.Call) and _problem_call(problem)):
                    other.append(ast.unparse(problem))
            elif _problem_call(node):
                code = node.args[0]
                assert len(node.args) == 1 and isinstance(code, ast.Constant), (
                    f"{name}:{node.lineno}: Problem(<literal code>, **params)"
                )
                assert isinstance(code.value, str)
                names = [k.arg for k in node.keywords]
                assert None not in names, f"{name}:{node.lineno}: parameters by name"
                samples = [f"{70000 + i}" for i in range(len(names))]
                params = dict(zip((str(n) for n in names), samples, strict=True))
                problem = Problem(code.value, **params)
                found.append(Template(name, node.lineno, ast.unparse(node), problem, samples))
    return found, other, raises


TEMPLATES, NOT_TEMPLATES, RAISES = engine_templates()


def test_the_engine_raises_its_problems_as_codes() -> None:
    assert RAISES >= 60 and len(TEMPLATES) >= 60  # scenario, maps, timeline, loader, replay
    assert {t.module for t in TEMPLATES} == set(MODULES)
    assert set(NOT_TEMPLATES) <= PASS_THROUGH, "a problem built elsewhere: give it a code"


@pytest.mark.parametrize("template", TEMPLATES, ids=[f"{t.module}:{t.line}" for t in TEMPLATES])
def test_every_problem_has_a_chinese_translation_that_keeps_its_values(
    template: Template,
) -> None:
    code = template.problem.code
    assert set(template.problem.params) == {
        name
        for _, name, _, _ in string.Formatter().parse(templates()[code]["en"])
        if name is not None
    }, f"parameters of {template.source} differ from the template's placeholders"
    zh = template.problem.render("zh_CN")
    assert zh != str(template.problem), f"not translated: {template.source}"
    assert CJK.search(zh), zh
    for sample in template.samples:
        assert sample in zh, f"{sample} lost from {zh!r}"
    # Nothing English is left but identifiers, formats and the values themselves.
    rest = zh
    for sample in template.samples:
        rest = rest.replace(sample, " ")
    rest = re.sub(r"'[^']*'|\"[^\"]*\"", " ", rest)
    words = set(re.findall(r"[A-Za-z_]{3,}", rest)) - KEPT_WORDS
    assert not words, f"English left in {zh!r}: {sorted(words)}"
    # English is English, untouched.
    assert template.problem.render("en") == str(template.problem)


def test_the_page_alignment_example_of_the_design() -> None:
    exc = ScenarioError("ops[3].end", Problem("range.not_aligned", value="0x401001"))
    assert localize_error(exc, "zh_CN") == "ops[3].end: 未按页对齐（0x401001）"
    assert localize_error(exc, "en") == "ops[3].end: not page-aligned (0x401001)" == str(exc)


@pytest.mark.parametrize(
    ("problem", "english", "chinese"),
    [
        (Problem("field.unknown"), "unknown field", "未知字段"),
        (Problem("field.missing"), "missing", "缺少该字段"),
        (
            Problem("field.missing_format"),
            'missing (expected "vmastudio-scenario")',
            '缺少该字段（应为 "vmastudio-scenario"）',
        ),
        (
            Problem("range.inverted", end="0x400000", start="0x401000"),
            "inverted range (end 0x400000 < start 0x401000)",
            "范围颠倒（结束 0x400000 < 起始 0x401000）",
        ),
        (
            Problem("range.past_top", top="0x7ffffffff000", value="0x800000000000"),
            "past the user-space top 0x7ffffffff000 (0x800000000000)",
            "超出用户空间上限 0x7ffffffff000（0x800000000000）",
        ),
        (
            Problem("range.past_top_value", value="0x800000000000"),
            "past the user-space top (0x800000000000)",
            "超出用户空间上限（0x800000000000）",
        ),
        (
            Problem("field.unknown_flag", name="'VM_FOO'"),
            "unknown flag 'VM_FOO'",
            "未知标志 'VM_FOO'",
        ),
        (
            Problem("scenario.unknown_kernel", kernel="'5.0'", known="4.0, 4.19"),
            "unknown kernel profile '5.0' (4.0, 4.19)",
            "未知内核版本 '5.0'（可选：4.0, 4.19）",
        ),
        (
            Problem("scenario.overlaps", other="initial[0]", range="[400000,452000)"),
            "overlaps initial[0] [400000,452000)",
            "与 initial[0] [400000,452000) 重叠",
        ),
        (
            Problem("maps.overlaps", line=2, range="[400000-452000)"),
            "overlaps line 2 [400000-452000)",
            "与第 2 行 [400000-452000) 重叠",
        ),
        (
            Problem("op.no_vma_at", addr="0x400000"),
            "no VMA starts at 0x400000 at this point",
            "此时没有从 0x400000 开始的 VMA",
        ),
        (
            Problem("file.invalid_json", reason=json_reason("Expecting value")),
            "invalid JSON: Expecting value",
            "JSON 无效：此处应为一个值",
        ),
        (
            Problem(
                "process.cannot_read",
                path="/proc/7/maps",
                reason=os_reason(PermissionError(13, "Permission denied")),
            ),
            "cannot read /proc/7/maps: Permission denied",
            "无法读取 /proc/7/maps：权限不足",
        ),
        (
            Problem(
                "process.cannot_read",
                path="/x/7/maps",
                reason=Problem("process.no_proc", root="/x"),
            ),
            "cannot read /x/7/maps: /x is not a folder (is /proc mounted?)",
            "无法读取 /x/7/maps：/x 不是文件夹（/proc 是否已挂载？）",
        ),
        (
            Problem(
                "process.cannot_read", path="/proc/7/maps", reason=Problem("file.no_such_file")
            ),
            "cannot read /proc/7/maps: no such file",
            "无法读取 /proc/7/maps：文件不存在",
        ),
        (
            Problem("maps.skipped", line=5, label="[vsyscall]", reason=Problem("maps.vsyscall")),
            "line 5: [vsyscall] skipped (the legacy vsyscall page)",
            "第 5 行：已跳过 [vsyscall]（旧式 vsyscall 页）",
        ),
        (
            Problem("field.expected_text"),
            'expected a string or {"en": ..., "zh_CN": ...}',
            '应为字符串或 {"en": ..., "zh_CN": ...}',
        ),
    ],
)
def test_examples(problem: Problem, english: str, chinese: str) -> None:
    assert problem == english
    assert localize(problem, "zh_CN") == chinese


def test_unknown_texts_and_languages_fall_back_to_english() -> None:
    assert localize("a text nobody coded", "zh_CN") == "a text nobody coded"
    assert localize(Problem("field.unknown"), "fr") == "unknown field"
    assert (
        localize(Problem("field.unknown"), "zh")
        == localize(Problem("field.unknown"), "zh_CN.UTF-8")
        == "未知字段"
    )
    exc = ScenarioError("", Problem("text", text="a problem nobody coded"))
    assert localize_error(exc, "zh_CN") == "a problem nobody coded"


def test_places_keep_paths_and_json_paths_but_say_line_in_chinese() -> None:
    assert localize_where("ops[3].end", "zh_CN") == "ops[3].end"
    line3 = within("/tmp/my maps.txt", at_line(3))
    assert line3 == "/tmp/my maps.txt: line 3"
    assert localize_where(line3, "zh_CN") == "/tmp/my maps.txt: 第 3 行"
    column = within("a.vmas", at_line_column(1, 9))
    assert column == "a.vmas: line 1 column 9"
    assert localize_where(column, "zh_CN") == "a.vmas: 第 1 行第 9 列"
    assert localize_where(at_process(42), "zh_CN") == "进程 42"
    assert localize_where(within("a.vmas", at_byte(7)), "en") == "a.vmas: byte 7"
    # A path is a path, even one that reads like the words of a place.
    assert localize_where(within("process 9", at_line(2)), "zh_CN") == "process 9: 第 2 行"


def test_texts_are_rendered_from_codes_not_translated_back_from_english() -> None:
    assert not hasattr(messages, "ZH_PROBLEMS") and not hasattr(messages, "ZH_WHERE")
    assert "re.compile" not in Path(messages.__file__).read_text(encoding="utf-8")
    # An English text that is not a Problem stays English, even one a template would match.
    assert localize("unknown field", "zh_CN") == "unknown field"


def _problem_of(text: str | bytes) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text)
    return info.value


def test_real_errors_of_scenario_files_come_out_in_chinese() -> None:
    base = {"format": "vmastudio-scenario", "version": 1}
    cases = [
        ({**base, "ops": [{"op": "insert", "start": "0x400000", "end": "0x401001"}]},
         "ops[0].end: 未按页对齐（0x401001）"),
        ({**base, "ops": [{"op": "jump"}]},
         "ops[0].op: 未知操作 'jump'（可选：insert、erase、find_vma、unmapped_area）"),
        ({**base, "ops": [], "memory": {"overcommit_memory": 3}},
         "memory.overcommit_memory: 应为 0、1 或 2，实际为 3"),
        ({"format": "vmastudio-scenario", "ops": []}, "version: 缺少该字段"),
    ]  # fmt: skip
    for data, expected in cases:
        assert localize_error(_problem_of(json.dumps(data)), "zh_CN") == expected
    assert localize_error(_problem_of(b"\xff"), "zh_CN") == "字节偏移 0: 不是有效的 UTF-8 文本"


@pytest.mark.parametrize(
    "text",
    ["", "{", '{"a" 1}', '{"a": 1 "b": 2}', '{"a": "x', '"\x01"', '"\\q"', '"\\u12"',
     "{} x", "[1 2]", "{1: 2}", "[1,]"],
)  # fmt: skip
def test_every_json_parser_message_is_translated(text: str) -> None:
    exc = _problem_of(text)
    assert exc.problem.startswith("invalid JSON: ")
    zh = localize(exc.problem, "zh_CN")
    assert zh.startswith("JSON 无效：")
    assert set(re.findall(r"[A-Za-z]{3,}", zh)) <= {"JSON", "uXXXX"}, zh


def test_real_errors_of_maps_and_files_come_out_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_maps("00400000-00452000 rwz 00000000 08:02 1 /bin/x\n", "maps")
    assert localize_error(info.value, "zh_CN") == (
        "maps: 第 1 行: 权限 'rwz' 无效（应形如 'r-xp' 或 'rw-s'）"
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "none.vmas")
    assert localize_error(info.value, "zh_CN") == f"{tmp_path / 'none.vmas'}: 文件不存在"
    with pytest.raises(ScenarioError) as info:
        read_pid_maps(999_999_999, tmp_path)
    assert localize_error(info.value, "zh_CN") == "进程 999999999: 进程不存在"


def test_the_module_does_not_need_qt() -> None:
    code = (
        "import sys, vmastudio.engine.messages as m;"
        "from vmastudio.engine.problems import Problem;"
        "assert m.localize(Problem('field.unknown'), 'zh_CN') == '未知字段';"
        "assert not [n for n in sys.modules if n.startswith('PySide6')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
