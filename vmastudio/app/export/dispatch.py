"""Exports of a document position: options, positions, the figure, and every format.

``FigureBuilder`` turns a ``Document`` position into the Qt-free ``Figure`` (the facts of
the step from the document's timeline, the caption's words, the pointer model); the
writers serialise it: ``svg`` and ``tikz`` as text, ``qtpaint`` for PDF and PNG. GIF/APNG
(``animate``) and the handout (``handout``) use the same builder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ...engine.memory import AddressStyle
from ...engine.positions import Position as Position
from ...engine.positions import PositionError, parse_position
from ...engine.positions import parse_range as engine_parse_range
from ...engine.positions import positions_of_op as engine_positions_of_op
from ...engine.scenario import shown, text_of
from ...engine.trace import TraceStep, case_label
from ...model.document import Document
from ...view.palettes import PALETTES
from .compose import FigureSpec, SizeGuard, Texts, compose
from .facts import StepFacts, vma_roles
from .figure import UNITS_PER_INCH, Figure
from .svg import svg_bytes
from .words import word
from .writers import ExportError, check_writable, write_atomic_bytes

PARTS: tuple[str, ...] = ("tree", "list", "map", "pointers", "code", "vars", "legend", "caption")
DEFAULT_PARTS: tuple[str, ...] = ("tree", "list", "map", "legend", "caption")
FIGURE_FORMATS: tuple[str, ...] = ("svg", "pdf", "png")
FORMATS: tuple[str, ...] = ("svg", "pdf", "png", "tikz", "gif", "apng", "graphml", "dot")
THEMES: tuple[str, ...] = tuple(PALETTES)
PAPERS: tuple[str, ...] = ("fit", "A4", "letter")
#: The ``--detail`` choices: ``auto`` switches to level of detail past the page,
#: ``full`` draws every node.
DETAILS: tuple[str, ...] = ("auto", "full")

Crop = Literal["all", "active"]


@dataclass(slots=True)
class ExportOptions:
    """What goes into a figure and how it is written."""

    theme: str = "light"
    parts: tuple[str, ...] = DEFAULT_PARTS
    #: PNG/GIF pixels per figure unit; ``None``: dpi/96 when a dpi is given, else 2 (PNG).
    scale: float | None = None
    dpi: float | None = None
    transparent: bool = False
    paper: str = "fit"
    delay: int = 900
    address_style: AddressStyle = "kernel"
    lang: str = "en"
    #: ``active``: the neighbourhood of the step's node (``--around`` it, depth 2).
    crop: Crop = "all"
    #: ``auto`` (level of detail past the page) or ``full`` (every node).
    detail: str = "auto"
    #: ``--region START-END``: the VMAs in that range at full detail.
    region: tuple[int, int] | None = None
    #: ``--around ADDR``: the VMAs within ``depth`` tree links of the VMA at ADDR.
    around: int | None = None
    depth: int = 2
    #: The figure's size on paper (``--width``/``--height``), in millimetres.
    width_mm: float | None = None
    height_mm: float | None = None
    #: Multiplies the caption, code, variables and legend fonts.
    font_scale: float = 1.0

    def pixel_scale(self, default: float = 2.0) -> float:
        if self.scale is not None:
            return self.scale
        if self.dpi is not None:
            return self.dpi / UNITS_PER_INCH
        return default


def parse_parts(text: str) -> tuple[str, ...]:
    """``"tree,legend"`` → ("tree", "legend"); an unknown part is an ``ExportError``."""
    parts = tuple(p.strip() for p in text.split(",") if p.strip())
    for p in parts:
        if p not in PARTS:
            raise ExportError(f"--parts: unknown part {shown(p)} (choose from {', '.join(PARTS)})")
    if not parts:
        raise ExportError("--parts: name at least one part")
    return parts


_LENGTH = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt)$")
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def parse_length(text: str, option: str) -> float:
    """``120mm``, ``12cm``, ``4.5in`` or ``340pt`` → millimetres (5 mm … 200 in)."""
    m = _LENGTH.match(text.strip())
    if m is None:
        raise ExportError(
            f"{option}: expected a length such as 120mm, 12cm or 4.5in, got {shown(text)}"
        )
    mm = float(m.group(1)) * _MM[m.group(2)]
    if not 5.0 <= mm <= 5080.0:
        raise ExportError(f"{option}: {shown(text)} is outside 5mm..5080mm")
    return mm


_HEX = re.compile(r"^(0x)?[0-9a-fA-F]{1,16}$")


def parse_address(text: str, option: str) -> int:
    """An address in hex (``7f0000001000`` or ``0x7f0000001000``)."""
    t = text.strip()
    if not _HEX.match(t):
        raise ExportError(
            f"{option}: expected a hex address such as 0x7f0000001000, got {shown(text)}"
        )
    return int(t, 16)


def parse_region(text: str) -> tuple[int, int]:
    """``START-END`` in hex → (start, end), start < end."""
    if text.count("-") != 1:
        raise ExportError(f"--region: expected START-END in hex, got {shown(text)}")
    a, b = text.split("-")
    lo, hi = parse_address(a, "--region"), parse_address(b, "--region")
    if lo >= hi:
        raise ExportError(f"--region: the start {lo:#x} is not below the end {hi:#x}")
    return lo, hi


# -- positions (parsed by the Qt-free engine/positions.py, shared with graph exports) ----
def parse_step(text: str, document: Document) -> Position:
    """``0``, ``K``, ``K:S`` (1-based) or ``last``; errors name the valid range."""
    try:
        return parse_position(text, document.op_count(), document.step_count)
    except PositionError as exc:
        raise ExportError(str(exc)) from None


def positions_of_op(document: Document, k: int) -> list[Position]:
    return engine_positions_of_op(k, document.step_count)


def parse_range(text: str, document: Document) -> list[Position]:
    """``K:S..K:S`` (inclusive, across ops) → every step position in between."""
    try:
        return engine_parse_range(text, document.op_count(), document.step_count)
    except PositionError as exc:
        raise ExportError(str(exc)) from None


def theme_check(name: str) -> str:
    if name not in THEMES:
        raise ExportError(f"--theme: unknown theme {shown(name)} (choose from {', '.join(THEMES)})")
    return name


def op_title(document: Document, k: int, lang: str) -> str:
    """``op 4: insert [200000,201000) → 0`` in the figure's language."""
    if k == 0:
        return word("initial", lang)
    return f"{word('op', lang)} {k}: {document.timeline.describe(k)}"


# -- the figure -------------------------------------------------------------------------------
class FigureBuilder:
    """Builds ``Figure``s of one document position after another (cheap to reuse)."""

    def __init__(self, document: Document, options: ExportOptions) -> None:
        for p in options.parts:
            if p not in PARTS:
                raise ExportError(f"--parts: unknown part {shown(p)}")
        theme_check(options.theme)
        self.document = document
        self.options = options
        self.palette = PALETTES[options.theme]

    def set_options(self, options: ExportOptions) -> None:
        theme_check(options.theme)
        self.options = options
        self.palette = PALETTES[options.theme]

    def facts(self, pos: Position) -> StepFacts:
        """The engine's facts for a position: the snapshot, the step and the subject."""
        d = self.document
        k, s = pos
        if s is None:
            return StepFacts(d.state(k))
        frames = d.frames(k)
        trial = frames.subject is not None and frames.result.result != 0
        conflict: int | None = frames.result.conflict  # a vm_start: the op's JSON answer
        by_start = getattr(frames.before, "by_start", None)
        if conflict is not None and callable(by_start):
            conflict = by_start(conflict)
        return StepFacts(frames.snapshots[s], frames.steps[s], frames.subject, trial, conflict)

    def spec(self, facts: StepFacts) -> FigureSpec:
        o = self.options
        detail: Any = "full" if o.detail == "full" else "auto"
        region = (0, 0)
        around = 0
        if o.region is not None:
            detail, region = "region", o.region
        elif o.around is not None:
            detail, around = "around", o.around
        elif o.crop == "active" and facts.step is not None:
            focus = self._focus(facts)
            if focus is not None:
                detail, around = "around", focus
        return FigureSpec(
            parts=o.parts,
            theme=o.theme,
            lang=o.lang,
            address_style=o.address_style,
            detail=detail,
            region=region,
            around=around,
            depth=o.depth,
            width_mm=o.width_mm,
            height_mm=o.height_mm,
            font_scale=o.font_scale,
        )

    @staticmethod
    def _focus(facts: StepFacts) -> int | None:
        roles = vma_roles(facts.step)
        for role in ("current", "conflict", "parent", "new"):
            key = roles.get(role)
            if key is not None and key in facts.snap.nodes:
                return facts.snap.nodes[key].start
        return None

    def texts(self, pos: Position, step: TraceStep | None) -> Texts:
        d = self.document
        lang = self.options.lang
        k, s = pos
        head = op_title(d, k, lang)
        lines: list[tuple[str, str]] = []
        if s is not None:
            head += f"  ·  {word('step', lang)} {s + 1}/{d.step_count(k)}"
            if step is not None:
                head += f"  ·  {step.func}()"
        elif k > 0:
            head = (
                f"{word('after', lang)}: {head}"
                if lang == "en"
                else f"{head} {word('after', lang)}"
            )
        else:
            head += f": {len(d.state(0).nodes):,} {word('vmas', lang)}"
        if step is not None:
            sentence = text_of(step.text, lang)
            lines.append((sentence, "t-body"))
            case = case_label(step.case, lang)
            if case and not sentence.startswith(case):
                lines.append((case, "t-case"))
        elif k > 0:
            caption = text_of(d.scenario.ops[k - 1].caption, lang)
            if caption:
                lines.append((caption, "t-muted"))
        title = text_of(d.scenario.title, lang) if d.scenario.title else ""
        return Texts(head=head, lines=lines, title=title or "VMA Studio figure")

    def pointer_model(self, pos: Position) -> Any:
        k, s = pos
        if s is None or "pointers" not in self.options.parts or k == 0:
            return None
        # The engine's op as drawn holds them, per address style (no copy kept here).
        models = self.document.frames(k).pointer_models(self.options.address_style)
        return models[s] if s < len(models) else None

    def build(self, pos: Position, guard: SizeGuard | None = None) -> Figure:
        """The figure of ``pos``. O(n) in the state's VMAs (the output is bounded by the
        level of detail unless ``detail`` is ``full``)."""
        facts = self.facts(pos)
        return compose(
            facts, self.spec(facts), self.texts(pos, facts.step), self.pointer_model(pos), guard
        )


# -- writing ------------------------------------------------------------------------------------
def raster_guard(options: ExportOptions, what: str = "PNG") -> SizeGuard:
    """A size check run as soon as the drawing's size is known (before any painting)."""
    from .qtpaint import ImageTooLarge, check_image

    def guard(w: float, h: float) -> None:
        scale = 1.0
        if options.width_mm is not None:
            scale = options.width_mm * UNITS_PER_INCH / 25.4 / max(w, 1.0)
        try:
            check_image(w, h, options.pixel_scale(2.0) * scale, what)
        except ImageTooLarge as exc:
            raise ExportError(str(exc)) from None

    return guard


def figure_bytes(fig: Figure, fmt: str, options: ExportOptions) -> bytes:
    if fmt == "svg":
        return svg_bytes(fig, transparent=options.transparent)
    if fmt == "tikz":
        from .tikz import tikz_text

        return tikz_text(fig).encode("utf-8")
    from .qtpaint import ImageTooLarge, image_of, pdf_bytes, png_bytes, quiet_qt

    with quiet_qt():
        if fmt == "pdf":
            try:
                return pdf_bytes([fig], options.paper, fig.title)
            except ImageTooLarge as exc:
                raise ExportError(str(exc)) from None
        if fmt == "png":
            try:
                img = image_of(
                    fig, options.pixel_scale(2.0) * fig.scale, options.transparent, options.dpi
                )
            except ImageTooLarge as exc:
                raise ExportError(str(exc)) from None
            return png_bytes(img)
    raise ExportError(f"--format: {fmt} is not a figure format")


def export_figure(
    document: Document,
    pos: Position,
    fmt: str,
    out: str | os.PathLike[str],
    options: ExportOptions,
    source: str | None = None,
) -> Figure:
    """Write the figure of ``pos`` as SVG, PDF, PNG or TikZ; returns the figure."""
    check_writable(out, source)
    guard = raster_guard(options) if fmt == "png" else None
    fig = FigureBuilder(document, options).build(pos, guard)
    write_atomic_bytes(out, figure_bytes(fig, fmt, options))
    return fig


def graph_bytes(document: Document, k: int, fmt: str) -> bytes:
    """GraphML or DOT of the state after op ``k`` (the engine writes the text)."""
    from ...engine.graph import dot_text, graphml_text

    mm = document.timeline.state(k)
    return (graphml_text(mm) if fmt == "graphml" else dot_text(mm)).encode("utf-8")


def export_any(
    document: Document,
    pos: Position,
    fmt: str,
    out: str | os.PathLike[str],
    options: ExportOptions,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write ``pos`` in any format (the dialog's one call). GIF/APNG animate the op of
    ``pos``; GraphML/DOT write the state after that op."""
    check_writable(out, source)
    if fmt in (*FIGURE_FORMATS, "tikz"):
        export_figure(document, pos, fmt, out, options, source)
        return
    k = pos[0]
    if fmt in ("gif", "apng"):
        from ..animate import animation_bytes

        positions = positions_of_op(document, k)
        if not positions:
            raise ExportError("the initial state has no steps to animate; choose an op")
        data = animation_bytes(document, positions, fmt, options)
    elif fmt in ("graphml", "dot"):
        data = graph_bytes(document, k, fmt)
    else:
        raise ExportError(f"--format: unknown format {shown(fmt)}")
    write_atomic_bytes(out, data)
