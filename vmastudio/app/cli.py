"""``vmastudio``: the window, or the same engine on the command line.

Exit codes: 0 success, 2 bad input or usage (one line naming the problem and its place),
1 internal error (one line plus where the report was written). Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from .. import __version__
from ..engine.scenario import Scenario, ScenarioError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line usage; reported in one line with exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def default_lang() -> str:
    """zh_CN when the system locale is Chinese, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh_CN" if loc.lower().startswith("zh") else "en"


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="vmastudio",
        description="VMA Studio: replay the Linux kernel's insert_vm_struct() step by step.",
    )
    p.add_argument("--version", action="version", version=f"vmastudio {__version__}")
    sub = p.add_subparsers(dest="command")

    r = sub.add_parser("replay", help="replay a scenario or maps file without a window")
    src = r.add_mutually_exclusive_group(required=True)
    src.add_argument("file", nargs="?", help="a .vmas scenario or a /proc/PID/maps text")
    src.add_argument("--pid", type=int, help="read /proc/PID/maps of a live process")
    src.add_argument("--demo", action="store_true", help="the built-in demo scenario")
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.add_argument("--trace", action="store_true", help="include every op's steps")
    r.add_argument("--final-tree", action="store_true", help="tree only on the last entry")
    r.add_argument("--lang", choices=("en", "zh_CN"), default=None)
    r.add_argument("--address-style", choices=("kernel", "short"), default="kernel")

    e = sub.add_parser("export", help="write a state as GraphML or DOT")
    e.add_argument("file", help="a .vmas scenario or a /proc/PID/maps text")
    e.add_argument("--step", default="last", help="0, K (after op K) or last")
    e.add_argument("--format", required=True, choices=("graphml", "dot"))
    e.add_argument("-o", "--output", required=True)
    return p


def _gui_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="vmastudio", description="Start the VMA Studio window.")
    p.add_argument("--version", action="version", version=f"vmastudio {__version__}")
    p.add_argument("file", nargs="?", help="a .vmas scenario or a /proc/PID/maps text")
    p.add_argument("--demo", action="store_true", help="open the built-in demo")
    return p


def _load(args: argparse.Namespace) -> tuple[Scenario, list[str]]:
    from ..engine.loader import demo_scenario, load_any, load_pid

    if getattr(args, "demo", False):
        return demo_scenario(), []
    if getattr(args, "pid", None) is not None:
        return load_pid(args.pid)
    return load_any(args.file)


def _cmd_replay(args: argparse.Namespace) -> int:
    from ..engine.scenario import text_of
    from ..engine.timeline import Timeline

    scenario, notices = _load(args)
    lang = args.lang or default_lang()
    for notice in notices:
        print(notice, file=sys.stderr)
    timeline = Timeline(scenario)
    entries = timeline.entries(final_tree_only=args.final_tree)
    if args.json:
        if args.trace:
            for k, entry in enumerate(entries, start=1):
                _, steps = timeline.trace(k, args.address_style)
                entry["trace"] = [s.to_json() for s in steps]
        body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
        sys.stdout.write('{"ops": [\n' + body + "\n]}\n")
        return EXIT_OK
    title = text_of(scenario.title, lang)
    if title:
        print(title)
    for k, entry in enumerate(entries, start=1):
        op = scenario.ops[k - 1]
        print(_headline(k, entry, lang))
        caption = text_of(op.caption, lang)
        if caption:
            print(f"   {caption}")
        _, steps = timeline.trace(k, args.address_style)
        for i, step in enumerate(steps, start=1):
            print(f"   {i:>2}. [{step.func}] {step.text[lang]}")
    return EXIT_OK


def _headline(k: int, entry: dict[str, Any], lang: str) -> str:
    op = entry["op"]
    result = entry["result"]
    if op in ("insert", "erase"):
        what = f"[{entry['start']:x},{entry['end']:x})"
    elif op == "find_vma":
        what = f"0x{entry['start']:x}"
    else:
        what = f"[0x{entry['start']:x},0x{entry['end']:x})"
    if result == -12:
        shown = "-ENOMEM"
    elif op == "find_vma":
        shown = "NULL" if result is None else f"0x{result:x}"
    else:
        shown = str(result) if op != "unmapped_area" else f"0x{result:x}"
    word = {"en": "op", "zh_CN": "操作"}[lang]
    return f"{word} {k}: {op} {what} -> {shown}"


def _cmd_export(args: argparse.Namespace) -> int:
    from ..engine.graph import write_graph
    from ..engine.timeline import Timeline

    scenario, _ = _load(args)
    timeline = Timeline(scenario)
    n = len(timeline)
    step = args.step.strip()
    if step == "last":
        k = n
    else:
        try:
            k = int(step)
        except ValueError:
            raise UsageError(f"--step: expected 0..{n} or last, got {step!r}") from None
        if not 0 <= k <= n:
            raise UsageError(f"--step: {k} is outside 0..{n}")
    try:
        write_graph(timeline.state(k), args.output, args.format)
    except OSError as exc:
        raise ScenarioError(str(args.output), exc.strerror or str(exc)) from None
    return EXIT_OK


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_gui(argv: Sequence[str]) -> int:
    args = _gui_parser().parse_args(list(argv))
    if not _has_display():
        print(
            "vmastudio: no display (DISPLAY is not set); run under 'xvfb-run vmastudio', "
            "set QT_QPA_PLATFORM=offscreen, or use 'vmastudio replay FILE'",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        from .main_window import run_gui  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        # The window is not built yet: replay the demo in the terminal instead.
        print("vmastudio: the window is not available; replaying in the terminal", file=sys.stderr)
        ns = argparse.Namespace(
            demo=args.file is None,
            file=args.file,
            pid=None,
            json=False,
            trace=False,
            final_tree=False,
            lang=None,
            address_style="kernel",
        )
        return _cmd_replay(ns)
    code: int = run_gui(args.file, demo=args.demo or args.file is None)
    return code


def _write_report(exc: BaseException) -> str:
    folder = os.path.join(tempfile.gettempdir(), "vmastudio-reports")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"vmastudio {__version__}, Python {sys.version}\nargv: {sys.argv}\n\n")
        fh.write("".join(traceback.format_exception(exc)))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in ("replay", "export"):
            args = _build_parser().parse_args(argv)
            if args.command == "replay":
                return _cmd_replay(args)
            return _cmd_export(args)
        if argv and argv[0] in ("-h", "--help") and len(argv) == 1:
            _build_parser().print_help()
            return EXIT_OK
        return _cmd_gui(argv)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ScenarioError as exc:
        print(f"vmastudio: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line, a report, exit 1
        try:
            where = _write_report(exc)
        except OSError:
            where = "(the report could not be written)"
        print(f"vmastudio: internal error: {exc!r}; report written to {where}", file=sys.stderr)
        return EXIT_INTERNAL
