"""Maintain the window translations (``make translations``).

    python packaging/i18n.py update      # pyside6-lupdate: collect tr() strings into the .ts
    python packaging/i18n.py merge F.json  # fill translations from {"context|source": text}
    python packaging/i18n.py todo        # print unfinished entries as JSON (for merge)
    python packaging/i18n.py release     # pyside6-lrelease: .ts -> .qm (committed)

The ``.ts`` is the source of truth; the ``.qm`` beside it is built from it and committed,
and a test checks that the two agree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGS = ("zh_CN",)


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"i18n: {name} not found (run inside the project's .venv)")
    return found


def sources() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "vmastudio").rglob("*.py")
        if "engine" not in p.parts and "__pycache__" not in p.parts
    )


def ts_path(lang: str) -> Path:
    return TS_DIR / f"vmastudio_{lang}.ts"


def update() -> None:
    for lang in LANGS:
        subprocess.run(
            [_tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-ts", str(ts_path(lang))],
            cwd=ROOT, check=True,
        )


def release() -> None:
    for lang in LANGS:
        ts = ts_path(lang)
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )


def entries(lang: str) -> list[tuple[str, ET.Element]]:
    tree = ET.parse(ts_path(lang))
    out = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message))
    return out


def todo(lang: str = "zh_CN") -> dict[str, str]:
    out = {}
    for context, message in entries(lang):
        tr = message.find("translation")
        if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
            out[f"{context}|{message.findtext('source')}"] = ""
    return out


def merge(path: str, lang: str = "zh_CN") -> int:
    wanted: dict[str, str] = json.loads(Path(path).read_text(encoding="utf-8"))
    tree = ET.parse(ts_path(lang))
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = f"{name}|{message.findtext('source')}"
            text = wanted.get(key) or wanted.get(f"*|{message.findtext('source')}")
            if not text:
                continue
            tr = message.find("translation")
            if tr is None:
                tr = ET.SubElement(message, "translation")
            tr.text = text
            tr.attrib.pop("type", None)
            filled += 1
    tree.write(ts_path(lang), encoding="utf-8", xml_declaration=True)
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
