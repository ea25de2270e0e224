"""Error messages in both languages: every English problem template of the engine has a
Simplified Chinese translation that carries its values over unchanged."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vmastudio.engine import messages
from vmastudio.engine.maps import parse_maps, read_pid_maps
from vmastudio.engine.messages import localize, localize_error, localize_where
from vmastudio.engine.scenario import ScenarioError, load_scenario, parse_scenario

ENGINE = Path(messages.__file__).resolve().parent
MODULES = ("scenario.py", "maps.py", "timeline.py", "loader.py")
#: Problems that are not templates of their own: a re-raised problem keeps its text, and
#: the operating system's reason is translated by the strerror entries of the table.
PASS_THROUGH = {"exc.problem", "exc.strerror or str(exc)"}
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words that stay in a Chinese message: identifiers, formats and literal syntax.
KEPT_WORDS = {
    "JSON", "UTF", "NUL", "VMA", "Studio", "proc", "PID", "maps", "root", "low", "high",
    "true", "false", "null", "insert", "erase", "find_vma", "unmapped_area", "start", "end",
    "perms", "offset", "dev", "inode", "path", "zh_CN", "initial",
}  # fmt: skip


@dataclass
class Template:
    """One ``ScenarioError(where, problem)`` call: the problem rendered with sample values."""

    module: str
    line: int
    source: str
    text: str
    samples: list[str]


def _module_constants(tree: ast.Module) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            out[node.targets[0].id] = node.value.value
    return out


def _render(node: ast.JoinedStr, constants: dict[str, str]) -> tuple[str, list[str]]:
    """The f-string with a distinct sample for every value (module constants resolved)."""
    parts: list[str] = []
    samples: list[str] = []
    for i, part in enumerate(node.values):
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
            continue
        assert isinstance(part, ast.FormattedValue)
        expr = part.value
        spec = ast.unparse(part.format_spec) if part.format_spec is not None else ""
        if isinstance(expr, ast.Name) and expr.id in constants:
            value = constants[expr.id]
            parts.append(repr(value) if part.conversion == ord("r") else value)
            continue
        if "x" in spec:
            shown = f"{0x1F000 + i:x}"
        elif part.conversion == ord("r"):
            shown = repr(f"value{i}")
        else:
            shown = str(70000 + i)
        parts.append(shown)
        samples.append(shown)
    return "".join(parts), samples


def engine_templates() -> tuple[list[Template], list[str]]:
    """Every problem argument of ``ScenarioError(...)`` in the engine modules."""
    found: list[Template] = []
    other: list[str] = []
    for name in MODULES:
        tree = ast.parse((ENGINE / name).read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ScenarioError"
            ):
                continue
            args = list(node.args) + [k.value for k in node.keywords if k.arg == "problem"]
            assert len(args) == 2, f"{name}:{node.lineno}: ScenarioError(where, problem)"
            problem = args[1]
            source = ast.unparse(problem)
            if isinstance(problem, ast.Constant) and isinstance(problem.value, str):
                found.append(Template(name, node.lineno, source, problem.value, []))
            elif isinstance(problem, ast.JoinedStr):
                text, samples = _render(problem, constants)
                found.append(Template(name, node.lineno, source, text, samples))
            elif isinstance(problem, ast.Name) and problem.id in constants:
                found.append(Template(name, node.lineno, source, constants[problem.id], []))
            else:
                other.append(source)
    return found, other


TEMPLATES, NOT_TEMPLATES = engine_templates()


def test_the_engine_raises_its_problems_as_templates() -> None:
    assert len(TEMPLATES) >= 60  # scenario.py, maps.py, timeline.py and loader.py
    assert {t.module for t in TEMPLATES} == set(MODULES)
    assert set(NOT_TEMPLATES) <= PASS_THROUGH, "a new kind of problem text: translate it"


@pytest.mark.parametrize("template", TEMPLATES, ids=[f"{t.module}:{t.line}" for t in TEMPLATES])
def test_every_template_has_a_chinese_translation_that_keeps_its_values(
    template: Template,
) -> None:
    zh = localize(template.text, "zh_CN")
    assert zh != template.text, f"not in the table: {template.source}"
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
    assert localize(template.text, "en") == template.text


def test_the_page_alignment_example_of_the_design() -> None:
    exc = ScenarioError("ops[3].end", "not page-aligned (0x401001)")
    assert localize_error(exc, "zh_CN") == "ops[3].end: 未按页对齐（0x401001）"
    assert localize_error(exc, "en") == "ops[3].end: not page-aligned (0x401001)" == str(exc)


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("unknown field", "未知字段"),
        ("missing", "缺少该字段"),
        ('missing (expected "vmastudio-scenario")', '缺少该字段（应为 "vmastudio-scenario"）'),
        (
            "inverted range (end 0x400000 < start 0x401000)",
            "范围颠倒（结束 0x400000 < 起始 0x401000）",
        ),
        (
            "past the user-space top 0x7ffffffff000 (0x800000000000)",
            "超出用户空间上限 0x7ffffffff000（0x800000000000）",
        ),
        ("past the user-space top (0x800000000000)", "超出用户空间上限（0x800000000000）"),
        ("unknown flag 'VM_FOO'", "未知标志 'VM_FOO'"),
        ("unknown kernel profile '5.0' (4.0, 4.19)", "未知内核版本 '5.0'（可选：4.0, 4.19）"),
        ("overlaps initial[0] [400000,452000)", "与 initial[0] [400000,452000) 重叠"),
        ("overlaps line 2 [400000-452000)", "与第 2 行 [400000-452000) 重叠"),
        ("no VMA starts at 0x400000 at this point", "此时没有从 0x400000 开始的 VMA"),
        ("invalid JSON: Expecting value", "JSON 无效：此处应为一个值"),
        (
            "cannot read /proc/7/maps: Permission denied",
            "无法读取 /proc/7/maps：权限不足",
        ),
        (
            "cannot read /x/7/maps: /x is not a folder (is /proc mounted?)",
            "无法读取 /x/7/maps：/x 不是文件夹（/proc 是否已挂载？）",
        ),
        ("cannot read /proc/7/maps: no such file", "无法读取 /proc/7/maps：文件不存在"),
        (
            "line 5: [vsyscall] skipped (the legacy vsyscall page)",
            "第 5 行：已跳过 [vsyscall]（旧式 vsyscall 页）",
        ),
        (
            'expected a string or {"en": ..., "zh_CN": ...}',
            '应为字符串或 {"en": ..., "zh_CN": ...}',
        ),
    ],
)
def test_examples(english: str, chinese: str) -> None:
    assert localize(english, "zh_CN") == chinese


def test_unknown_messages_and_languages_fall_back_to_english() -> None:
    assert localize("a problem nobody wrote down", "zh_CN") == "a problem nobody wrote down"
    assert localize("unknown field", "fr") == "unknown field"
    assert localize("unknown field", "zh") == localize("unknown field", "zh_CN.UTF-8") == "未知字段"
    exc = ScenarioError("", "a problem nobody wrote down")
    assert localize_error(exc, "zh_CN") == "a problem nobody wrote down"


def test_places_keep_paths_and_json_paths_but_say_line_in_chinese() -> None:
    assert localize_where("ops[3].end", "zh_CN") == "ops[3].end"
    assert localize_where("/tmp/my maps.txt: line 3", "zh_CN") == "/tmp/my maps.txt: 第 3 行"
    assert localize_where("a.vmas: line 1 column 9", "zh_CN") == "a.vmas: 第 1 行第 9 列"
    assert localize_where("process 42", "zh_CN") == "进程 42"
    assert localize_where("a.vmas: byte 7", "en") == "a.vmas: byte 7"


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
        "assert m.localize('unknown field', 'zh_CN') == '未知字段';"
        "assert not [n for n in sys.modules if n.startswith('PySide6')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_every_entry_fills_its_chinese_template_from_its_own_groups() -> None:
    for rules in (messages.ZH_PROBLEMS, messages.ZH_WHERE):
        for pattern, zh in rules:
            values = {name: "V" for name in pattern.groupindex}
            zh.format(**values)  # no KeyError: every {name} is a group of the pattern
            names = set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", zh))
            assert names == set(pattern.groupindex) - {"char", "esc"}, pattern.pattern
