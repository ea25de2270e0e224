"""Publication figures of any step (DESIGN §4 "Figures at any size", "SVG structure").

One Qt-free description of a figure (``figure``: layers, groups, shapes, classes;
``style``: the theme as ordered class rules) is made from the engine's facts of a step
(``facts``: the contract, read through one accessor each; ``cut``: columns and level of
detail; ``layers``/``drawing``: map, list and tree; ``panels``: caption, code, variables,
pointers, legend; ``compose``: the page) and written by two text serialisers (``svg``,
``tikz``) and by Qt's painter for PDF, PNG and animations (``qtpaint``). ``dispatch``
turns a document position and options into files; ``writers`` writes them atomically.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dispatch import (
        DEFAULT_PARTS,
        DETAILS,
        FIGURE_FORMATS,
        FORMATS,
        PAPERS,
        PARTS,
        THEMES,
        ExportOptions,
        FigureBuilder,
        Position,
        export_any,
        export_figure,
        figure_bytes,
        graph_bytes,
        op_title,
        parse_address,
        parse_length,
        parse_parts,
        parse_range,
        parse_region,
        parse_step,
        positions_of_op,
        raster_guard,
    )
    from .figure import Figure
    from .svg import svg_bytes, svg_text
    from .words import word
    from .writers import (
        ExportError,
        check_writable,
        clean_stale,
        same_file,
        write_atomic_bytes,
    )

#: Where each public name lives. Loaded on first use, so the Qt-free modules (figure,
#: style, facts, cut, layers, drawing, panels, compose, svg, tikz, words, writers) can
#: be imported without the document model (QtCore) or Qt's painter.
_WHERE = {
    **dict.fromkeys(
        (
            "DEFAULT_PARTS",
            "DETAILS",
            "FIGURE_FORMATS",
            "FORMATS",
            "PAPERS",
            "PARTS",
            "THEMES",
            "ExportOptions",
            "FigureBuilder",
            "Position",
            "export_any",
            "export_figure",
            "figure_bytes",
            "graph_bytes",
            "op_title",
            "parse_address",
            "parse_length",
            "parse_parts",
            "parse_range",
            "parse_region",
            "parse_step",
            "positions_of_op",
            "raster_guard",
        ),
        "dispatch",
    ),
    "Figure": "figure",
    "svg_bytes": "svg",
    "svg_text": "svg",
    "word": "words",
    **dict.fromkeys(
        ("ExportError", "check_writable", "clean_stale", "same_file", "write_atomic_bytes"),
        "writers",
    ),
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "DEFAULT_PARTS",
    "DETAILS",
    "FIGURE_FORMATS",
    "FORMATS",
    "PAPERS",
    "PARTS",
    "THEMES",
    "ExportError",
    "ExportOptions",
    "Figure",
    "FigureBuilder",
    "Position",
    "check_writable",
    "clean_stale",
    "export_any",
    "export_figure",
    "figure_bytes",
    "graph_bytes",
    "op_title",
    "parse_address",
    "parse_length",
    "parse_parts",
    "parse_range",
    "parse_region",
    "parse_step",
    "positions_of_op",
    "raster_guard",
    "same_file",
    "svg_bytes",
    "svg_text",
    "word",
    "write_atomic_bytes",
]
