"""Maintain the window translations (``make translations``).

    python packaging/i18n.py update        # collect tr() strings into the .ts (keeps translations)
    python packaging/i18n.py todo          # unfinished entries as JSON {"context|source": ""}
    python packaging/i18n.py merge F.json  # fill translations from {"context|source": text}
    python packaging/i18n.py release       # pyside6-lrelease: .ts -> .qm (committed)

Strings are collected by reading the code (``ast``), not by pyside6-lupdate, because
lupdate cannot see through the idioms this code base uses: ``tr = self.tr`` aliases and
module helpers ``def _tr(text): return QCoreApplication.translate("Ctx", text)``. The
extractor understands exactly these forms:

- ``self.tr("text")`` in class ``C`` (context ``C``), and ``tr("text")`` after
  ``tr = self.tr`` in a method of ``C``;
- ``QCoreApplication.translate("Ctx", "text")``, or any alias of it called with two
  string literals;
- ``_tr("text")`` (any name) where the module defines that function as a one-line wrapper
  around ``QCoreApplication.translate("Ctx", text)``.

The ``.ts`` is the source of truth; the ``.qm`` beside it is built from it and committed.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGS = ("zh_CN",)


@dataclass(frozen=True, slots=True)
class Message:
    context: str
    source: str
    file: str
    line: int


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"i18n: {name} not found (run inside the project's .venv)")
    return found


def sources() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "vmastudio").rglob("*.py")
        if "engine" not in p.parts and "__pycache__" not in p.parts
    )


def _str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_translate(func: ast.AST) -> bool:
    return isinstance(func, ast.Attribute) and func.attr == "translate"


def _wrappers(tree: ast.Module) -> dict[str, str]:
    """Module functions ``def f(text): return QCoreApplication.translate("Ctx", text)``."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or len(node.body) != 1:
            continue
        ret = node.body[0]
        if not isinstance(ret, ast.Return) or not isinstance(ret.value, ast.Call):
            continue
        call = ret.value
        if _is_translate(call.func) and len(call.args) >= 2 and _str(call.args[0]) is not None:
            found[node.name] = _str(call.args[0]) or ""
    return found


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path, wrappers: dict[str, str]) -> None:
        self.path = path
        self.wrappers = wrappers
        self.classes: list[str] = []
        self.aliases: list[dict[str, str]] = [{}]
        self.out: list[Message] = []

    def _add(self, context: str, source: str, node: ast.AST) -> None:
        rel = str(self.path.relative_to(ROOT))
        self.out.append(Message(context, source, rel, getattr(node, "lineno", 0)))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.aliases.append(dict(self.aliases[-1]))
        self.generic_visit(node)
        self.aliases.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        for target in node.targets:
            if not isinstance(target, ast.Name):
                continue
            if (
                isinstance(value, ast.Attribute)
                and value.attr == "tr"
                and isinstance(value.value, ast.Name)
                and value.value.id == "self"
                and self.classes
            ):
                self.aliases[-1][target.id] = "self.tr"
            elif _is_translate(value):
                self.aliases[-1][target.id] = "translate"
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        args = node.args
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "tr"
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and self.classes
            and args
            and _str(args[0]) is not None
        ):
            self._add(self.classes[-1], _str(args[0]) or "", node)
        elif _is_translate(func) and len(args) >= 2 and _str(args[0]) and _str(args[1]):
            self._add(_str(args[0]) or "", _str(args[1]) or "", node)
        elif isinstance(func, ast.Name):
            kind = self.aliases[-1].get(func.id)
            if kind == "self.tr" and args and _str(args[0]) is not None and self.classes:
                self._add(self.classes[-1], _str(args[0]) or "", node)
            elif kind == "translate" and len(args) >= 2 and _str(args[0]) and _str(args[1]):
                self._add(_str(args[0]) or "", _str(args[1]) or "", node)
            elif func.id in self.wrappers and args and _str(args[0]) is not None:
                self._add(self.wrappers[func.id], _str(args[0]) or "", node)
        self.generic_visit(node)


def collect(paths: list[Path] | None = None) -> list[Message]:
    """Every translatable string in the window code, in file order."""
    out: list[Message] = []
    for path in paths if paths is not None else sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        collector = _Collector(path, _wrappers(tree))
        collector.visit(tree)
        out.extend(collector.out)
    return out


def ts_path(lang: str) -> Path:
    return TS_DIR / f"vmastudio_{lang}.ts"


def read_translations(lang: str) -> dict[tuple[str, str], str]:
    """(context, source) → translation for the finished entries of the .ts."""
    path = ts_path(lang)
    if not path.exists():
        return {}
    done: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            text = "" if tr is None else (tr.text or "")
            if tr is not None and tr.get("type") not in ("unfinished", "obsolete") and text:
                done[(name, message.findtext("source") or "")] = text
    return done


def write_ts(lang: str, messages: list[Message], done: dict[tuple[str, str], str]) -> None:
    root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    by_context: dict[str, list[Message]] = {}
    seen: set[tuple[str, str]] = set()
    for m in messages:
        if (m.context, m.source) in seen:
            continue
        seen.add((m.context, m.source))
        by_context.setdefault(m.context, []).append(m)
    for name in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = name
        for m in by_context[name]:
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "location", filename=f"../../{m.file}", line=str(m.line))
            ET.SubElement(msg, "source").text = m.source
            text = done.get((m.context, m.source))
            tr = ET.SubElement(msg, "translation")
            if text:
                tr.text = text
            else:
                tr.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    ts_path(lang).write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def update() -> None:
    messages = collect()
    for lang in LANGS:
        write_ts(lang, messages, read_translations(lang))


def release() -> None:
    for lang in LANGS:
        ts = ts_path(lang)
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def todo(lang: str = "zh_CN") -> dict[str, str]:
    done = read_translations(lang)
    return {f"{m.context}|{m.source}": "" for m in collect() if (m.context, m.source) not in done}


def merge(path: str, lang: str = "zh_CN") -> int:
    wanted: dict[str, str] = json.loads(Path(path).read_text(encoding="utf-8"))
    done = read_translations(lang)
    filled = 0
    for key, text in wanted.items():
        context, _, source = key.partition("|")
        if text:
            done[(context, source)] = text
            filled += 1
    write_ts(lang, collect(), done)
    return filled


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd = argv[0]
    if cmd == "update":
        update()
    elif cmd == "release":
        release()
    elif cmd == "todo":
        print(json.dumps(todo(), ensure_ascii=False, indent=1))
    elif cmd == "merge" and len(argv) == 2:
        print(f"filled {merge(argv[1])} entries")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
