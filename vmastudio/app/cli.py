"""``vmastudio``: the window, or the same engine on the command line.

Exit codes: 0 success, 2 bad input or usage (one line naming the problem and its place),
1 internal error (one line plus where the report was written). Never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import locale
import os
import re
import stat
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from .. import __version__
from ..engine.problems import Problem, os_reason
from ..engine.replay_order import ORDERS
from ..engine.scenario import Scenario, ScenarioError, shown

if TYPE_CHECKING:
    from .export import ExportOptions

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

#: ``--delay`` in ms: a GIF frame's delay is a 16-bit count of centiseconds.
MAX_DELAY_MS = 655_350
#: A one-line error never runs longer than this (argparse quotes whole values).
MAX_LINE = 1000
#: What the options accept, exactly as written (``int()``/``float()`` would also take
#: signs, spaces, underscores and other scripts' digits, e.g. ``--step １:１``).
_INT = re.compile(r"[0-9]{1,18}")
_FLOAT = re.compile(r"[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18}")
_STEP = re.compile(r"last|[0-9]{1,18}(?::[0-9]{1,18})?")
_RANGE = re.compile(r"[0-9]{1,18}:[0-9]{1,18}\.\.[0-9]{1,18}:[0-9]{1,18}")


class UsageError(Exception):
    """Bad command-line usage; reported in one line with exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _number(text: str) -> int:
    """An option's integer: ASCII digits only."""
    if not _INT.fullmatch(text):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {shown(text)}")
    return int(text)


def _decimal(text: str) -> float:
    """An option's decimal number: ASCII digits and one point (no nan, inf, exponents)."""
    if not _FLOAT.fullmatch(text):
        raise argparse.ArgumentTypeError(f"expected a number like 2 or 1.5, got {shown(text)}")
    return float(text)


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
    src.add_argument("--pid", type=_number, help="read /proc/PID/maps of a live process")
    src.add_argument("--demo", action="store_true", help="the built-in demo scenario")
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.add_argument("--trace", action="store_true", help="include every op's steps")
    r.add_argument("--final-tree", action="store_true", help="tree only on the last entry")
    r.add_argument("--lang", choices=("en", "zh_CN"), default=None)
    r.add_argument("--address-style", choices=("kernel", "short"), default="kernel")
    r.add_argument(
        "--order",
        choices=ORDERS,
        default=None,
        help="replay an imported maps file or --pid in this order (default: file order); "
        "bulk loads every VMA at once, untraced",
    )
    r.add_argument(
        "--seed",
        type=_number,
        default=0,
        help="with --order random: the shuffle's seed (default 0)",
    )

    e = sub.add_parser(
        "export", help="render a step as SVG, PDF, PNG, TikZ, GIF/APNG, or the graph"
    )
    esrc = e.add_mutually_exclusive_group(required=True)
    esrc.add_argument("file", nargs="?", help="a .vmas scenario or a /proc/PID/maps text")
    esrc.add_argument("--demo", action="store_true", help="the built-in demo scenario")
    e.add_argument("--step", default="last", help="0, K (after op K), K:S (step S of op K) or last")
    e.add_argument("--range", dest="range_", metavar="K:S..K:S", help="steps to animate")
    e.add_argument(
        "--format",
        choices=("svg", "pdf", "png", "tikz", "gif", "apng", "graphml", "dot"),
        default=None,
        help="default: from the output's extension",
    )
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--handout", action="store_true", help="a PDF with a page per step of the op")
    e.add_argument("--all", action="store_true", help="with --handout: every op's steps")
    e.add_argument("--toc", action="store_true", help="with --handout: a contents page")
    e.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    e.add_argument("--parts", default=None, help="tree,list,map,pointers,code,vars,legend,caption")
    e.add_argument("--crop", choices=("all", "active"), default="all")
    e.add_argument("--width", default=None, help="the figure's width on paper, e.g. 120mm")
    e.add_argument("--height", default=None, help="the figure's height on paper, e.g. 80mm")
    e.add_argument(
        "--region", default=None, metavar="START-END", help="the VMAs in a range (hex) in full"
    )
    e.add_argument("--around", default=None, metavar="ADDR", help="the VMAs near ADDR in full")
    e.add_argument("--depth", type=_number, default=2, help="with --around: tree links (2)")
    e.add_argument("--full", action="store_true", help="every node, never level of detail")
    e.add_argument(
        "--order",
        choices=ORDERS,
        default=None,
        help="replay an imported maps file in this order (default: as the window does: "
        "file order, all at once above 2,000 VMAs)",
    )
    e.add_argument("--scale", type=_decimal, default=None, help="pixels per unit (PNG default 2)")
    e.add_argument(
        "--font-scale", type=_decimal, default=1.0, help="text size factor (caption, legend…)"
    )
    e.add_argument("--dpi", type=_decimal, default=None, help="PNG resolution")
    e.add_argument("--transparent", action="store_true", help="PNG/GIF/APNG without background")
    e.add_argument("--paper", choices=("fit", "A4", "letter"), default="fit")
    e.add_argument("--delay", type=_number, default=900, help="GIF/APNG ms per step")
    e.add_argument("--address-style", choices=("kernel", "short"), default="kernel")
    e.add_argument("--lang", choices=("en", "zh_CN"), default=None)
    return p


def _gui_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="vmastudio", description="Start the VMA Studio window.")
    p.add_argument("--version", action="version", version=f"vmastudio {__version__}")
    p.add_argument("file", nargs="?", help="a .vmas scenario or a /proc/PID/maps text")
    p.add_argument("--demo", action="store_true", help="open the built-in demo")
    p.add_argument(
        "--kernel",
        choices=("6.12", "4.x"),
        default=None,
        help="where a maps file opens: 6.12 (the maple tree, side by side with 4.19) or 4.x "
        "(default: the window's choice; first 6.12 on a kernel with the maple tree, 6.1+)",
    )
    return p


def _load(args: argparse.Namespace) -> tuple[Scenario, list[str]]:
    from ..engine.loader import demo_scenario, load_any, load_pid

    if getattr(args, "demo", False):
        return demo_scenario(), []
    if getattr(args, "pid", None) is not None:
        return load_pid(args.pid)
    return load_any(args.file)


def _load_ordered(args: argparse.Namespace) -> tuple[Scenario, list[str]]:
    """``_load``, then ``--order`` applied: only an imported maps text or ``--pid`` space
    can be re-ordered (a scenario's ops are a story told in its own order)."""
    from ..engine.loader import load_file
    from ..engine.replay_order import arrange

    order = getattr(args, "order", None)
    if order is None:
        return _load(args)
    if getattr(args, "demo", False):
        raise UsageError(
            "vmastudio replay: --order: applies to an imported maps file or --pid only, "
            "not to the demo scenario"
        )
    if getattr(args, "pid", None) is not None:
        scenario, notices = _load(args)
    else:
        scenario, notices, is_scenario = load_file(args.file)
        if is_scenario:
            raise UsageError(
                f"vmastudio replay: --order: applies to an imported maps file or --pid only; "
                f"{args.file} is a .vmas scenario"
            )
    try:
        return arrange(scenario, order, seed=args.seed), notices
    except ValueError as exc:
        raise UsageError(f"vmastudio replay: --order: {exc}") from None


def _cmd_replay(args: argparse.Namespace) -> int:
    from ..engine.messages import localize
    from ..engine.scenario import text_of
    from ..engine.timeline import Timeline

    scenario, notices = _load_ordered(args)
    lang = args.lang or default_lang()
    for notice in notices:
        print(localize(notice, lang), file=sys.stderr)
    if scenario.maple:
        return _replay_612(args, scenario, lang)
    # The readable walk needs no per-op summaries (heights, black heights).
    timeline = Timeline(scenario, summaries=args.json)
    if args.json:
        entries = timeline.entries(final_tree_only=args.final_tree)
        if args.trace:
            for k, entry in enumerate(entries, start=1):
                _, steps = timeline.trace(k)
                entry["trace"] = [s.to_json(args.address_style) for s in steps]
        body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
        sys.stdout.write('{"ops": [\n' + body + "\n]}\n")
        return EXIT_OK
    title = text_of(scenario.title, lang)
    if title:
        print(title)
    word = {"en": "op", "zh_CN": "操作"}[lang]
    for k, op in enumerate(scenario.ops, start=1):
        print(f"{word} {k}: {timeline.describe(k, lang)}")
        caption = text_of(op.caption, lang)
        if caption:
            print(f"   {caption}")
        _, steps = timeline.trace(k)
        for i, step in enumerate(steps, start=1):
            print(f"   {i:>2}. [{step.func}] {step.text[lang]}")
    return EXIT_OK


def _replay_612(args: argparse.Namespace, scenario: Scenario, lang: str) -> int:
    """``replay`` of a ``"kernel": "6.12"`` scenario: the maple-tree engine (DESIGN §7)."""
    from ..engine.linux612.replay import replay, walk_lines
    from ..engine.scenario import text_of

    if args.json:
        entries = replay(scenario, trace=args.trace, final_tree=args.final_tree).entries
        body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
        sys.stdout.write('{"ops": [\n' + body + "\n]}\n")
        return EXIT_OK
    title = text_of(scenario.title, lang)
    if title:
        print(title)
    for line in walk_lines(scenario, lang):
        print(line)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError

    # A one-shot command: no cycle collection while a large space is loaded and drawn
    # (each full collection walks every node made so far; a 65,530-VMA figure spent
    # more time in the collector than in drawing).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_export(args)
    except ExportError as exc:
        raise UsageError(f"vmastudio: {exc}") from None
    finally:
        if collecting:
            gc.enable()


def _ensure_qt_app() -> object:
    """A ``QApplication`` that draws without a screen when there is none."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["vmastudio"])


_EXTENSIONS = {
    ".svg": "svg",
    ".pdf": "pdf",
    ".png": "png",
    ".tex": "tikz",
    ".tikz": "tikz",
    ".gif": "gif",
    ".apng": "apng",
    ".graphml": "graphml",
    ".dot": "dot",
    ".gv": "dot",
}


def _run_export(args: argparse.Namespace) -> int:
    from .export import ExportError, ExportOptions, check_writable, parse_parts

    fmt = args.format
    if args.handout:
        fmt = fmt or "pdf"
        if fmt != "pdf":
            raise ExportError("--handout: writes PDF only")
    if fmt is None:
        fmt = _EXTENSIONS.get(os.path.splitext(args.output)[1].lower())
        if fmt is None:
            raise ExportError(f"--format: not given and {args.output!r} has no known extension")
    if args.all and not args.handout:
        raise ExportError("--all: only with --handout")
    for name in ("scale", "font_scale", "dpi"):
        value = getattr(args, name)
        if value is not None and not 0 < value <= 64 * (72 if name == "dpi" else 1):
            raise ExportError(f"--{name.replace('_', '-')}: {value:g} is out of range")
    if not 0 < args.delay <= MAX_DELAY_MS:
        raise ExportError(f"--delay: {args.delay} is out of range (1..{MAX_DELAY_MS} ms)")
    if not _STEP.fullmatch(args.step):
        raise ExportError(f"--step: expected 0, K, K:S or last, got {shown(args.step)}")
    if args.range_ is not None and not _RANGE.fullmatch(args.range_):
        raise ExportError(f"--range: expected K:S..K:S, got {shown(args.range_)}")
    lang = args.lang or default_lang()
    parts = parse_parts(args.parts) if args.parts is not None else None
    _apply_cut_options(args, ExportOptions())  # bad values: before any loading
    # Never over the input (the same file, also through links), in any format.
    source = None if getattr(args, "demo", False) else args.file
    check_writable(args.output, source)
    scenario = _load_for_export(args)
    if scenario.maple:
        return _export_maple(scenario, args, fmt, lang)
    if fmt in ("graphml", "dot"):
        return _export_graph(scenario, args, fmt)

    from ..model.document import Document
    from .export import (
        DEFAULT_PARTS,
        export_figure,
        parse_range,
        parse_step,
        positions_of_op,
        write_atomic_bytes,
    )

    if fmt not in ("svg", "tikz") or args.handout:
        # SVG and TikZ are written without Qt's painter (our own writers).
        _ensure_qt_app()

    document = Document()
    document.load_scenario(scenario)
    options = ExportOptions(
        theme=args.theme,
        parts=parts or DEFAULT_PARTS,
        scale=args.scale,
        dpi=args.dpi,
        transparent=args.transparent,
        paper=args.paper,
        delay=args.delay,
        address_style=args.address_style,
        lang=lang,
        crop=args.crop,
        font_scale=args.font_scale,
    )
    _apply_cut_options(args, options)
    if document.address_style != args.address_style:
        document.set_address_style(args.address_style)
    try:
        pos = parse_step(args.step, document)
    except ExportError as exc:
        if document.op_count() == 0 and scenario.initial and args.step.strip() != "0":
            # A large maps text was loaded at once: its VMAs are the initial state.
            raise ExportError(
                f"{exc} (the {len(scenario.initial):,} imported VMAs were loaded at once; "
                "--order file makes each one an op)"
            ) from None
        raise
    if args.handout or fmt in ("gif", "apng"):
        if args.range_:
            positions = parse_range(args.range_, document)
        elif args.handout and args.all:
            positions = [
                p for k in range(1, document.op_count() + 1) for p in positions_of_op(document, k)
            ]
        else:
            if pos[0] == 0:
                raise ExportError("--step: the initial state has no steps; name an op (K or K:S)")
            positions = positions_of_op(document, pos[0])
        if not positions:
            raise ExportError("--range: no steps to show")
        from .export.qtpaint import quiet_qt

        with quiet_qt():  # Qt's painter warnings never reach the terminal
            if args.handout:
                from .handout import handout_bytes

                data = handout_bytes(document, positions, options, toc=args.toc)
            else:
                from .animate import animation_bytes

                data = animation_bytes(document, positions, fmt, options)
        write_atomic_bytes(args.output, data)
        return EXIT_OK
    export_figure(document, pos, fmt, args.output, options, source)
    return EXIT_OK


def _export_maple(scenario: Scenario, args: argparse.Namespace, fmt: str, lang: str) -> int:
    """A Linux 6.12 scenario: its maple tree at ``--step`` (SVG, our own writer)."""
    from ..engine.frames612 import Timeline612
    from ..engine.scenario import ScenarioError
    from .export import ExportError, write_atomic_bytes
    from .export.maple import maple_figure, maple_position
    from .export.svg import svg_bytes

    if fmt != "svg" or args.handout:
        raise ExportError(f"--format: a Linux 6.12 scenario exports as svg, not {fmt}")
    try:
        timeline = Timeline612(scenario)
    except ScenarioError as exc:
        raise ExportError(str(exc)) from None
    pos = maple_position(timeline, args.step)
    fig = maple_figure(timeline, pos, args.theme, lang)
    write_atomic_bytes(args.output, svg_bytes(fig, args.transparent))
    return EXIT_OK


def _load_for_export(args: argparse.Namespace) -> Scenario:
    """The scenario to draw: an imported maps text is replayed as the window replays it
    (``--order``, else file order, and a bulk load above ``BULK_THRESHOLD`` VMAs, so a
    65,530-VMA space is drawn from one untraced load instead of 65,530 traced ops)."""
    from ..engine.loader import load_file
    from ..engine.replay_order import BULK_THRESHOLD, arrange

    if getattr(args, "demo", False):
        if args.order is not None:
            raise UsageError("vmastudio export: --order: applies to an imported maps file only")
        return _load(args)[0]
    scenario, _, is_scenario = load_file(args.file)
    order = args.order
    if is_scenario:
        if order is not None:
            raise UsageError(
                f"vmastudio export: --order: applies to an imported maps file only; "
                f"{args.file} is a .vmas scenario"
            )
        return scenario
    if order is None:
        order = "bulk" if len(scenario.ops) > BULK_THRESHOLD else "file"
    try:
        return arrange(scenario, order, seed=0)
    except ValueError as exc:
        raise UsageError(f"vmastudio export: --order: {exc}") from None


def _apply_cut_options(args: argparse.Namespace, options: ExportOptions) -> None:
    """--width/--height/--region/--around/--depth/--full into ``options``."""
    from .export import ExportError, parse_address, parse_length, parse_region

    if args.width is not None:
        options.width_mm = parse_length(args.width, "--width")
    if args.height is not None:
        options.height_mm = parse_length(args.height, "--height")
    if args.region is not None and args.around is not None:
        raise ExportError("--region and --around: choose one")
    if args.region is not None:
        options.region = parse_region(args.region)
    if args.around is not None:
        options.around = parse_address(args.around, "--around")
    if not 0 <= args.depth <= 64:
        raise ExportError(f"--depth: {args.depth} is outside 0..64")
    options.depth = args.depth
    if args.full:
        if args.region is not None or args.around is not None:
            raise ExportError("--full: draws every node; not with --region or --around")
        options.detail = "full"


def _export_graph(scenario: Scenario, args: argparse.Namespace, fmt: str) -> int:
    from ..engine.graph import dot_text, graphml_text
    from ..engine.positions import PositionError, parse_position
    from ..engine.timeline import Timeline
    from .export import ExportError, write_atomic_bytes

    timeline = Timeline(scenario)
    n = len(timeline)

    def steps_of(k: int) -> int:
        return len(timeline.trace(k)[1])

    try:
        k, s = parse_position(args.step, n, steps_of)
    except PositionError as exc:
        raise ExportError(str(exc)) from None
    if s is not None:
        raise ExportError(
            f"--step: {fmt} writes the state after an op: 0..{n} or last, got {args.step!r}"
        )
    mm = timeline.state(k)
    text = graphml_text(mm) if fmt == "graphml" else dot_text(mm)
    # Our atomic writer: the old file's mode is kept, stale temporary files are cleaned.
    write_atomic_bytes(args.output, text.encode("utf-8"))
    return EXIT_OK


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _check_gui_file(path: str) -> None:
    """A file named on the command line must be there and readable before any window
    opens: offscreen, the window's error box would wait forever for a click."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(path, Problem("file.no_such_file")) from None
    except OSError as exc:
        raise ScenarioError(path, os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(path, Problem("file.is_folder"))
    if not stat.S_ISREG(info.st_mode):
        from ..engine.scenario import read_limited

        read_limited(path)  # refuses it by kind (a FIFO, a device), without blocking
    if not os.access(path, os.R_OK):
        raise ScenarioError(path, Problem("file.permission_denied"))


def _cmd_gui(argv: Sequence[str]) -> int:
    args = _gui_parser().parse_args(list(argv))
    if args.file is not None:
        _check_gui_file(args.file)
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
    code: int = run_gui(args.file, demo=args.demo or args.file is None, kernel=args.kernel)
    return code


def _write_report(exc: BaseException) -> str:
    import tempfile  # only here: ~5 ms to import, and the window's start does not need it
    import traceback

    folder = os.path.join(tempfile.gettempdir(), "vmastudio-reports")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"vmastudio {__version__}, Python {sys.version}\nargv: {sys.argv}\n\n")
        fh.write("".join(traceback.format_exception(exc)))
    return path


def _one_line(text: str) -> str:
    """An error as one line of at most ``MAX_LINE`` characters."""
    text = " ".join(text.splitlines())
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 3] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang: str | None = None  # --lang once parsed; errors speak it (else the system's)
    try:
        if argv and argv[0] in ("replay", "export"):
            args = _build_parser().parse_args(argv)
            lang = args.lang
            if args.command == "replay":
                return _cmd_replay(args)
            return _cmd_export(args)
        if argv and argv[0] in ("-h", "--help") and len(argv) == 1:
            _build_parser().print_help()
            return EXIT_OK
        return _cmd_gui(argv)
    except UsageError as exc:
        print(_one_line(str(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ScenarioError as exc:
        from ..engine.messages import localize_error

        text = localize_error(exc, lang or default_lang())
        print(_one_line(f"vmastudio: {text}"), file=sys.stderr)
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
