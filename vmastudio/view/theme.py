"""Colours, pens, brushes and fonts, built once per theme (STYLE.md §6).

Colour never carries meaning alone: every role also has its own outline pattern and a
text tag (``rb_parent``, ``rb_link``, ``prev`` …), and red nodes are also rounded,
lighter and tagged "R", so the drawings read the same in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen

from ..engine import wording
from .palettes import palette

#: Roles in drawing priority (the first one present gives the innermost ring).
ROLE_ORDER = wording.ROLE_ORDER

#: The window's own themes (View ▸ Dark theme); the registry has more (palettes.py).
THEMES: tuple[str, ...] = ("light", "dark")


def role_label(role: str) -> str:
    """The tag written next to a highlighted item (the kernel's word for the role)."""
    labels = {
        "conflict": QCoreApplication.translate("Roles", "conflict"),
        "current": QCoreApplication.translate("Roles", "node"),
        "new": QCoreApplication.translate("Roles", "new vma"),
        "link_slot": QCoreApplication.translate("Roles", "rb_link"),
        "parent": QCoreApplication.translate("Roles", "rb_parent"),
        "prev": QCoreApplication.translate("Roles", "prev"),
        "next": QCoreApplication.translate("Roles", "next"),
        "grandparent": QCoreApplication.translate("Roles", "gparent"),
        "uncle": QCoreApplication.translate("Roles", "uncle"),
        "sibling": QCoreApplication.translate("Roles", "sibling"),
    }
    return labels.get(role, role)


def role_description(role: str) -> str:
    """One line for the legend."""
    texts = {
        "conflict": QCoreApplication.translate("Roles", "the VMA the new range overlaps (-ENOMEM)"),
        "current": QCoreApplication.translate("Roles", "the node being looked at"),
        "new": QCoreApplication.translate("Roles", "the VMA being inserted"),
        "link_slot": QCoreApplication.translate(
            "Roles", "the slot *rb_link points at (rb_left/rb_right or the root)"
        ),
        "parent": QCoreApplication.translate("Roles", "rb_parent: the node it hangs under"),
        "prev": QCoreApplication.translate("Roles", "prev: the VMA just below (vm_prev)"),
        "next": QCoreApplication.translate("Roles", "next: the VMA just above (vm_next)"),
        "grandparent": QCoreApplication.translate("Roles", "the parent's parent"),
        "uncle": QCoreApplication.translate("Roles", "the parent's sibling"),
        "sibling": QCoreApplication.translate("Roles", "the sibling (erase rebalancing)"),
    }
    return texts.get(role, role)


#: Each role's outline pattern (its colour comes from the palette): roles stay distinct
#: without colour, in print and on a washed-out projector.
_ROLE_PEN: dict[str, Qt.PenStyle] = {
    "conflict": Qt.PenStyle.SolidLine,
    "current": Qt.PenStyle.SolidLine,
    "new": Qt.PenStyle.DashLine,
    "link_slot": Qt.PenStyle.DashDotLine,
    "parent": Qt.PenStyle.DashLine,
    "prev": Qt.PenStyle.DotLine,
    "next": Qt.PenStyle.DashDotDotLine,
    "grandparent": Qt.PenStyle.DashLine,
    "uncle": Qt.PenStyle.DotLine,
    "sibling": Qt.PenStyle.DashDotLine,
}


@dataclass(eq=False)
class Theme:
    """Everything an item needs to paint, made once; items never build pens in paint()."""

    name: str
    background: QColor
    text: QColor
    muted: QColor
    section: QColor
    black_fill: QBrush
    black_pen: QPen
    black_text: QColor
    red_fill: QBrush
    red_pen: QPen
    red_text: QColor
    bar_fill: QBrush
    bar_file_fill: QBrush
    bar_pen: QPen
    ghost_brush: QBrush
    ghost_pen: QPen
    gap_brush: QBrush
    gap_pen: QPen
    selection_brush: QBrush
    selection_pen: QPen
    hover_pen: QPen
    select_pen: QPen
    edge_pen: QPen
    arrow_pen: QPen
    arrow_brush: QBrush
    slot_pen: QPen
    slot_brush: QBrush
    box_fill: QBrush
    overlap_brush: QBrush
    overlap_pen: QPen
    badge_brush: QBrush
    badge_text: QColor
    font: QFont
    mono: QFont
    small: QFont
    tag_font: QFont
    bold: QFont
    bold_metrics: QFontMetricsF
    mono_metrics: QFontMetricsF
    tag_metrics: QFontMetricsF
    role_colors: dict[str, QColor] = field(default_factory=dict)
    role_pens: dict[str, QPen] = field(default_factory=dict)
    role_brushes: dict[str, QBrush] = field(default_factory=dict)
    #: Metrics of ``small`` (names elided to fit a node), made once with the theme.
    small_metrics: QFontMetricsF | None = None
    role_tag_text: QColor = field(default_factory=lambda: QColor("white"))


#: A solid brush's style, given explicitly: ``QBrush(colour)`` alone makes PySide try the
#: ``QBrush(QGradient)`` overload first and initialise QGradient's enum types (~2.5 ms of
#: start-up, once), which ``QBrush(colour, style)`` never looks at.
SOLID = Qt.BrushStyle.SolidPattern


def _brush(color: QColor | str) -> QBrush:
    return QBrush(QColor(color), SOLID)


def _pen(
    color: QColor | str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QPen:
    pen = QPen(QColor(color), width, style)
    pen.setCosmetic(False)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


@cache
def make_theme(name: str = "light", projector: bool = False) -> Theme:
    """The Qt theme of the registered palette ``name`` (view/palettes.py: light, dark,
    high-contrast, print), built once per process. ``projector``: outlines a projector
    does not wash out, and a trial VMA as a faint wash instead of hatching."""
    p = palette(name)
    text = QColor(p.text)
    muted = QColor(p.muted)
    font = QFont()
    font.setPointSizeF(9.0)
    mono = QFont("DejaVu Sans Mono")
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setPointSizeF(8.5)
    small = QFont(mono)
    small.setPointSizeF(7.5)
    tag_font = QFont()
    tag_font.setPointSizeF(7.5)
    tag_font.setBold(True)
    bold = QFont(font)
    bold.setBold(True)
    thick = 1.4 if projector else 1.0  # outlines a projector does not wash out
    ghost = QColor(p.ghost_stroke)
    if projector:
        tint = QColor(ghost)
        tint.setAlpha(48)
        ghost_brush = QBrush(tint, SOLID)
    else:
        ghost_brush = QBrush(ghost, Qt.BrushStyle.BDiagPattern)
    slot_colour = QColor(p.slot_stroke) if p.slot_stroke else muted
    theme = Theme(
        name=name,
        background=QColor(p.background),
        text=text,
        muted=muted,
        section=QColor(p.section),
        black_fill=_brush(p.black_fill),
        black_pen=_pen(p.black_stroke, p.black_width * thick),
        black_text=QColor(p.black_text),
        red_fill=_brush(p.red_fill),
        red_pen=_pen(p.red_stroke, p.red_width * thick, Qt.PenStyle.SolidLine),
        red_text=QColor(p.red_text),
        bar_fill=_brush(p.bar_fill),
        bar_file_fill=_brush(p.bar_file_fill),
        bar_pen=_pen(p.bar_stroke, 1.0 * thick),
        ghost_brush=ghost_brush,
        ghost_pen=_pen(ghost, 1.5 * thick, Qt.PenStyle.DashLine),
        gap_brush=_brush(p.gap_fill),
        gap_pen=_pen(muted, 0.8, Qt.PenStyle.DotLine),
        selection_brush=QBrush(QColor(46, 125, 50, 90), SOLID),
        selection_pen=_pen("#2e7d32", 1.5, Qt.PenStyle.DashLine),
        hover_pen=_pen(p.hover, 3.0),
        select_pen=_pen(p.select, 3.0, Qt.PenStyle.DashLine),
        edge_pen=_pen(p.edge, p.edge_width * (1.85 if projector else 1.0)),
        arrow_pen=_pen(p.arrow, p.arrow_width * (1.65 if projector else 1.0)),
        arrow_brush=_brush(p.arrow),
        slot_pen=_pen(slot_colour, 1.0 * (1.6 if projector else 1.0), Qt.PenStyle.DashLine),
        slot_brush=_brush(p.slot_fill),
        box_fill=_brush(p.box_fill),
        overlap_brush=QBrush(QColor(p.overlap), Qt.BrushStyle.DiagCrossPattern),
        overlap_pen=_pen(p.overlap, 2.0),
        badge_brush=_brush(p.overlap),
        badge_text=QColor("#ffffff" if QColor(p.overlap).lightness() < 140 else "#000000"),
        font=font,
        mono=mono,
        small=small,
        tag_font=tag_font,
        bold=bold,
        bold_metrics=QFontMetricsF(bold),
        mono_metrics=QFontMetricsF(mono),
        tag_metrics=QFontMetricsF(tag_font),
        small_metrics=QFontMetricsF(small),
    )
    role_width = p.role_width * (5.0 / 3.0 if projector and p.role_width < 5.0 else 1.0)
    for role, colour in p.roles.items():
        color = QColor(colour)
        theme.role_colors[role] = color
        theme.role_pens[role] = _pen(color, role_width, _ROLE_PEN[role])
        theme.role_brushes[role] = QBrush(color, SOLID)
    theme.role_tag_text = QColor(p.tag_text)
    return theme
