"""A figure as plain data: layers of groups of rectangles, paths and texts, with classes.

This is the one description every writer serialises (``svg``, ``tikz``, and the Qt
painter behind PDF, PNG, GIF and the dialog's preview). It knows no Qt. Coordinates are
figure units, one unit being one CSS pixel (1/96 inch); ``Figure.scale`` says how large a
unit is on paper (``--width`` changes it, never the drawing).

Looks are classes, never inline colours: ``style_rules`` turns a palette into an ordered
list of rules (a shape class, optionally inside a group class), which the SVG writer
emits as CSS, TikZ as styles and the painter resolves the same way CSS does (later rules
win; qualified rules come after plain ones, role rules last, the most important role
last of all).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...engine import wording

if TYPE_CHECKING:
    from ...view.palettes import Palette

#: Figure units per inch (CSS pixels) and per millimetre.
UNITS_PER_INCH = 96.0
UNITS_PER_MM = UNITS_PER_INCH / 25.4
#: Figure units per typographic point.
PT = UNITS_PER_INCH / 72.0

#: Text sizes in points at scale 1 (a figure placed at its own size).
TITLE_PT = 8.0
HEAD_PT = 9.0
BODY_PT = 8.5
LABEL_PT = 8.0
TAG_PT = 7.0
SMALL_PT = 6.5
CODE_PT = 8.0
#: The smallest text a figure may be scaled to before it switches to level of detail.
MIN_PT = 6.0

#: Roles, most important first (the tag order and the outline that wins).
ROLE_ORDER = wording.ROLE_ORDER

#: The parts of a figure and their layer labels.
PART_LABELS: dict[str, str] = {
    "caption": "Caption",
    "map": "Address map",
    "list": "VMA list (mm->mmap)",
    "tree": "Red-black tree (mm->mm_rb)",
    "pointers": "Pointers",
    "code": "Code",
    "vars": "Variables",
    "legend": "Legend",
}


# -- primitives ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    rx: float = 0.0


@dataclass(slots=True)
class Path:
    """A polyline through ``points`` (closed: a filled polygon)."""

    points: Sequence[tuple[float, float]]
    cls: str
    closed: bool = False
    attrs: dict[str, str] | None = None


@dataclass(slots=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    cls: str
    anchor: str = "start"  # start | middle | end
    rotate: float = 0.0  # degrees, counter-clockwise positive as on paper


@dataclass(slots=True)
class Group:
    """Shapes that belong together (one VMA drawing, a slot, a tag…): classes, ``data-*``
    attributes (without the prefix) and an optional id."""

    cls: str
    attrs: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    ident: str = ""


Item = Rect | Path | Text | Group


@dataclass(slots=True)
class Layer:
    """One part of the figure (an Inkscape layer), drawn at (``dx``, ``dy``)."""

    part: str
    items: list[Item]
    width: float
    height: float
    dx: float = 0.0
    dy: float = 0.0

    @property
    def label(self) -> str:
        return PART_LABELS.get(self.part, self.part)


@dataclass(slots=True)
class Figure:
    """A whole figure: its layers, palette and size in units and on paper."""

    width: float
    height: float
    layers: list[Layer]
    palette: Palette
    title: str = "VMA Studio figure"
    desc: str = ""
    #: Paper size of one unit relative to 1/96 inch (``--width``/``--height`` set it).
    scale: float = 1.0
    #: Whether subtrees were aggregated (level of detail) and how many VMAs are drawn.
    lod: bool = False
    vmas_drawn: int = 0
    vmas_total: int = 0

    @property
    def width_mm(self) -> float:
        return self.width * self.scale / UNITS_PER_MM

    @property
    def height_mm(self) -> float:
        return self.height * self.scale / UNITS_PER_MM

    def layer(self, part: str) -> Layer | None:
        return next((layer for layer in self.layers if layer.part == part), None)


# -- text metrics (Qt-free: an estimate, generous so boxes never clip) ----------------------------
def char_em(c: str, mono: bool) -> float:
    """A character's advance in em: wide (CJK) 1, monospace 0.6, else DejaVu Sans-like
    widths (the widest of the usual faces, so an estimate never clips)."""
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 1.0
    if mono:
        return 0.61
    if c.isdigit():
        return 0.64
    if c.isupper():
        return 0.72
    if c.islower():
        return 0.6
    if c == " ":
        return 0.32
    return 0.5


def text_width(text: str, size_pt: float, mono: bool = False, bold: bool = False) -> float:
    """The advance of ``text`` in figure units (an upper estimate of common faces)."""
    em = size_pt * PT
    w = len(text) * 0.61 if mono and text.isascii() else sum(char_em(c, mono) for c in text)
    return w * em * (1.1 if bold else 1.0)


def wrap(text: str, width: float, size_pt: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at spaces, or anywhere for
    text without spaces such as Chinese)."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in _tokens(para):
            trial = line + word
            if line and text_width(trial.rstrip(), size_pt, bold=bold) > width:
                out.append(line.rstrip())
                line = word.lstrip()
            else:
                line = trial
        out.append(line.rstrip())
    return out


def _tokens(text: str) -> Iterator[str]:
    """Words with their trailing space; every wide (CJK) character is a token."""
    word = ""
    for c in text:
        if unicodedata.east_asian_width(c) in ("W", "F"):
            if word:
                yield word
                word = ""
            yield c
        elif c == " ":
            yield word + c
            word = ""
        else:
            word += c
    if word:
        yield word


def role_class(role: str) -> str:
    """``link_slot`` → ``role-link-slot``."""
    return "role-" + role.replace("_", "-")
