"""A whole figure from one step's facts: the parts stacked, sized for the page.

Qt-free. Sizes an author can use (DESIGN §4 "Figures at any size"): at scale 1 the text
is 8–9 pt; a figure wider than an A4 text block (170 mm) is scaled down to it as long as
its labels stay at least 6 pt, otherwise it stays at its own size up to A3 (the main
drawing switches to level of detail past 400 mm). ``width_mm``/``height_mm`` scale a
figure to a column; when that would shrink the labels below 6 pt, fewer nodes are drawn
in full instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ...engine.trace import TraceStep
from ...engine.wording import role_names
from ...view.palettes import PALETTES
from .drawing import MainDrawing, main_drawing
from .facts import Detail, DetailMode, StepFacts, vma_roles
from .figure import LABEL_PT, MIN_PT, UNITS_PER_MM, Figure, Layer
from .panels import caption_layer, code_layer, legend_layer, pointers_layer, vars_layer

MARGIN = 8.0
GAP = 14.0
#: An A4 text block, and the widest default figure (A3 is 420 mm).
TEXT_BLOCK_MM = 170.0
MAX_DEFAULT_MM = 400.0
A3_MM = 420.0
#: The narrowest caption (a small tree still gets a readable paragraph).
MIN_CAPTION_MM = 110.0
MIN_SCALE = MIN_PT / LABEL_PT

SizeGuard = Callable[[float, float], None]


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """What a figure shows and how large it is (the export options that matter here)."""

    parts: tuple[str, ...]
    theme: str = "light"
    lang: str = "en"
    address_style: str = "kernel"
    detail: DetailMode = "auto"
    region: tuple[int, int] = (0, 0)
    around: int = 0
    depth: int = 2
    width_mm: float | None = None
    height_mm: float | None = None
    #: Multiplies the text parts' sizes (caption, code, variables, legend, titles).
    font_scale: float = 1.0


@dataclass(slots=True)
class Texts:
    """The caption's words, made by the caller from the document."""

    head: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""


def _detail(spec: FigureSpec, max_width: float) -> Detail:
    return Detail(
        mode=spec.detail,
        max_width=max_width,
        lo=spec.region[0],
        hi=spec.region[1],
        addr=spec.around,
        depth=spec.depth,
    )


def compose(
    facts: StepFacts,
    spec: FigureSpec,
    texts: Texts,
    pointer_model: Any = None,
    guard: SizeGuard | None = None,
) -> Figure:
    """The figure of ``facts`` as ``spec`` asks. O(n) in the state's VMAs."""
    main_parts = tuple(p for p in ("map", "list", "tree") if p in spec.parts)
    if spec.detail == "full":
        limit = math.inf
    elif spec.width_mm is not None:
        limit = spec.width_mm * UNITS_PER_MM / MIN_SCALE - 2 * MARGIN
    else:
        limit = MAX_DEFAULT_MM * UNITS_PER_MM
    fig = _compose(facts, spec, texts, pointer_model, main_parts, limit, guard)
    # A height (or a width the text column forces) that would need labels under 6 pt:
    # draw fewer nodes in full, then scale again (twice at most).
    for _ in range(2):
        if fig.scale >= MIN_SCALE - 1e-9 or spec.detail == "full" or not main_parts:
            break
        main_w = max((ly.width for ly in fig.layers if ly.part in main_parts), default=0.0)
        limit = max(main_w * fig.scale / MIN_SCALE - 2 * MARGIN, 120.0)
        fig = _compose(facts, spec, texts, pointer_model, main_parts, limit, guard)
    return fig


def _compose(
    facts: StepFacts,
    spec: FigureSpec,
    texts: Texts,
    pointer_model: Any,
    main_parts: tuple[str, ...],
    limit: float,
    guard: SizeGuard | None,
) -> Figure:
    lang = spec.lang
    step: TraceStep | None = facts.step
    fs = spec.font_scale
    # The widest text column: a text block, or what a --width allows at 6 pt.
    block = TEXT_BLOCK_MM * UNITS_PER_MM
    if spec.width_mm is not None:
        block = min(block, spec.width_mm * UNITS_PER_MM / MIN_SCALE - 2 * MARGIN)
    caption_min = min(MIN_CAPTION_MM * UNITS_PER_MM, block)

    def panels(
        main_w: float, lod: bool, detached: bool, note: str
    ) -> tuple[list[Layer], list[Layer]]:
        """The caption (above the main parts) and the row of text parts (below)."""
        column_w = max(main_w, caption_min)
        top: list[Layer] = []
        if "caption" in spec.parts and (texts.head or texts.lines):
            lines = list(texts.lines)
            if note:
                lines.append((note, "t-muted"))
            top.append(caption_layer(texts.head, lines, column_w, fs))
        row: list[Layer] = []
        if "pointers" in spec.parts and pointer_model is not None:
            layer = pointers_layer(pointer_model, lang, fs)
            if layer is not None:
                row.append(layer)
        if "code" in spec.parts and step is not None:
            row.append(code_layer(step, lang, fs))
        if "vars" in spec.parts and step is not None:
            row.append(vars_layer(step, lang, spec.address_style, fs))
        if "legend" in spec.parts:
            roles = list(vma_roles(step))
            if step is not None and "link_slot" in step.roles:
                roles.append("link_slot")
            limit_w = max(column_w, block * 0.9)
            row.append(
                legend_layer(
                    roles,
                    lang,
                    limit_w,
                    lod=lod,
                    detached=detached,
                    fs=fs,
                    names=role_names(step),
                )
            )
        return top, row

    def check(main_w: float, main_h: float) -> None:
        """The whole figure's size, known before the main parts are drawn: the guard
        refuses a figure too large before any drawing (the text parts are cheap)."""
        assert guard is not None
        top, row = panels(main_w, True, True, "")
        stand_in = Layer("map", [], main_w, main_h)
        w, h = _stack([*top, stand_in], row, block)
        guard(w, h)

    main: MainDrawing | None = None
    if main_parts:
        main = main_drawing(
            facts, main_parts, _detail(spec, limit), lang, check if guard is not None else None
        )
    elif guard is not None:
        check(0.0, 0.0)
    main_w = main.width if main is not None else 0.0
    detached = facts.trial or (main is not None and any(c.depth is None for c in main.columns))
    top, row = panels(
        main_w, main is not None and main.lod, detached, main.note if main is not None else ""
    )
    stack = top + (main.layers if main is not None else [])
    fig_w, fig_h = _stack(stack, row, block)
    fig = Figure(
        width=fig_w,
        height=fig_h,
        layers=stack + row,
        palette=replace(PALETTES[spec.theme], text_scale=fs),
        title=texts.title or "VMA Studio figure",
        desc=texts.head,
        lod=main is not None and main.lod,
        vmas_drawn=main.drawn if main is not None else 0,
        vmas_total=main.total if main is not None else 0,
    )
    fig.scale = _scale(fig, spec)
    return fig


def _stack(stack: list[Layer], row: list[Layer], block: float) -> tuple[float, float]:
    """Place the layers: ``stack`` in a column, ``row`` in rows that wrap; returns the
    figure's size."""
    y = MARGIN
    width = 0.0
    for layer in stack:
        layer.dx, layer.dy = MARGIN, y
        y += layer.height + (GAP if layer.part == "caption" else 4)
        width = max(width, layer.width)
    if stack:
        y += GAP - 4
    limit_row = max(width, block)
    x = MARGIN
    line_h = 0.0
    for layer in row:
        if x > MARGIN and x - MARGIN + layer.width > limit_row:
            y += line_h + GAP
            x, line_h = MARGIN, 0.0
        layer.dx, layer.dy = x, y
        x += layer.width + GAP * 1.5
        line_h = max(line_h, layer.height)
        width = max(width, x - GAP * 1.5 - MARGIN)
    if row:
        y += line_h + GAP
    return max(width, 1.0) + 2 * MARGIN, max(y - GAP, 1.0) + MARGIN


def _scale(fig: Figure, spec: FigureSpec) -> float:
    natural_w = fig.width / UNITS_PER_MM
    natural_h = fig.height / UNITS_PER_MM
    if spec.width_mm is not None or spec.height_mm is not None:
        s = math.inf
        if spec.width_mm is not None:
            s = spec.width_mm / natural_w
        if spec.height_mm is not None:
            s = min(s, spec.height_mm / natural_h)
        return s
    if natural_w <= TEXT_BLOCK_MM:
        return 1.0
    if natural_w * MIN_SCALE <= TEXT_BLOCK_MM:
        return TEXT_BLOCK_MM / natural_w
    if natural_w > A3_MM and spec.detail != "full":
        # Never wider than A3 by default (a step's path to the root in a very deep tree
        # may need more columns than the level of detail's budget).
        return MAX_DEFAULT_MM / natural_w
    return 1.0
