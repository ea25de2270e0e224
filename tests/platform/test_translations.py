"""Every word the window shows exists in English and Simplified Chinese."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "vmastudio_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _i18n():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


#: Qt calls whose first string argument the user reads.
VISIBLE = {
    "setText",
    "setToolTip",
    "setStatusTip",
    "setWindowTitle",
    "setPlaceholderText",
    "showMessage",
    "addMenu",
    "setTitle",
    "setWhatsThis",
    "setLabelText",
    "addTab",
    "setHeaderLabels",
    "critical",
    "warning",
    "information",
    "question",
    "about",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
}
#: Literals that are not words: language names shown in their own language, symbols, code.
ALLOWED = re.compile(r"^([^A-Za-z]*|English|简体中文|VMA Studio|[A-Z_]+|[\w.]+\(\)|0x.*|.*->.*)$")


def test_every_translatable_string_is_in_the_ts_and_translated() -> None:
    tool = _i18n()
    done = tool.read_translations("zh_CN")
    missing = sorted(
        {f"{m.context}|{m.source}" for m in tool.collect() if (m.context, m.source) not in done}
    )
    assert not missing, f"{len(missing)} strings lack a zh_CN translation: {missing[:10]}"


def test_translations_keep_every_placeholder_and_tag() -> None:
    tool = _i18n()
    pattern = re.compile(r"\{[^}]*\}|%n|%\d|<[^>]+>")
    for (context, source), text in tool.read_translations("zh_CN").items():
        assert sorted(pattern.findall(source)) == sorted(pattern.findall(text)), (
            context,
            source,
            text,
        )


def test_the_committed_qm_is_what_lrelease_builds_from_the_ts(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "x.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(out)], check=True, stdout=subprocess.DEVNULL)
    assert QM.read_bytes() == out.read_bytes(), "run `make translations` and commit the .qm"


def test_no_user_visible_literal_bypasses_tr() -> None:
    offenders = []
    for path in sorted((ROOT / "vmastudio").rglob("*.py")):
        if "engine" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in VISIBLE:
                continue
            for arg in node.args[:3]:
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                if literal and not ALLOWED.match(arg.value):  # type: ignore[union-attr]
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")  # type: ignore[union-attr]
    assert not offenders, "\n".join(offenders)
