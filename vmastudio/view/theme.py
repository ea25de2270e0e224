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

#: Roles in drawing priority (the first one present gives the innermost ring).
ROLE_ORDER = wording.ROLE_ORDER

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


_ROLE_STYLE: dict[str, tuple[str, str, Qt.PenStyle]] = {
    # role: (light colour, dark colour, outline pattern)
    "conflict": ("#c62828", "#ff6b6b", Qt.PenStyle.SolidLine),
    "current": ("#ef6c00", "#ffa94d", Qt.PenStyle.SolidLine),
    "new": ("#2e7d32", "#69db7c", Qt.PenStyle.DashLine),
    "link_slot": ("#00897b", "#38d9a9", Qt.PenStyle.DashDotLine),
    "parent": ("#1565c0", "#74c0fc", Qt.PenStyle.DashLine),
    "prev": ("#6a1b9a", "#da77f2", Qt.PenStyle.DotLine),
    "next": ("#00838f", "#66d9e8", Qt.PenStyle.DashDotDotLine),
    "grandparent": ("#8d6e00", "#ffd43b", Qt.PenStyle.DashLine),
    "uncle": ("#6d4c41", "#e599f7", Qt.PenStyle.DotLine),
    "sibling": ("#ad1457", "#f783ac", Qt.PenStyle.DashDotLine),
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


def _pen(
    color: QColor | str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QPen:
    pen = QPen(QColor(color), width, style)
    pen.setCosmetic(False)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


@cache
def make_theme(name: str = "light") -> Theme:
    """The theme called ``name`` ("light" or "dark"), built once per process."""
    dark = name == "dark"
    text = QColor("#e9ecef" if dark else "#212529")
    muted = QColor("#868e96" if dark else "#6c757d")
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
    theme = Theme(
        name=name,
        background=QColor("#1e1f22" if dark else "#fbfbfd"),
        text=text,
        muted=muted,
        section=QColor("#adb5bd" if dark else "#495057"),
        black_fill=QBrush(QColor("#101113" if dark else "#212529")),
        black_pen=_pen("#dee2e6" if dark else "#000000", 2.5),
        black_text=QColor("#ffffff"),
        red_fill=QBrush(QColor("#e03131" if dark else "#f28b82")),
        red_pen=_pen("#ffa8a8" if dark else "#b71c1c", 1.5, Qt.PenStyle.SolidLine),
        red_text=QColor("#ffffff" if dark else "#3b0a0a"),
        bar_fill=QBrush(QColor("#4dabf7" if dark else "#a5d8ff")),
        bar_file_fill=QBrush(QColor("#ffd43b" if dark else "#ffe8a1")),
        bar_pen=_pen("#dee2e6" if dark else "#1c3d5a", 1.0),
        ghost_brush=QBrush(QColor("#69db7c" if dark else "#2e7d32"), Qt.BrushStyle.BDiagPattern),
        ghost_pen=_pen("#69db7c" if dark else "#2e7d32", 1.5, Qt.PenStyle.DashLine),
        gap_brush=QBrush(QColor("#2b2d31" if dark else "#f1f3f5")),
        gap_pen=_pen(muted, 0.8, Qt.PenStyle.DotLine),
        selection_brush=QBrush(QColor(46, 125, 50, 90)),
        selection_pen=_pen("#2e7d32", 1.5, Qt.PenStyle.DashLine),
        hover_pen=_pen("#f59f00", 3.0),
        select_pen=_pen("#1971c2" if not dark else "#a5d8ff", 3.0, Qt.PenStyle.DashLine),
        edge_pen=_pen("#ced4da" if dark else "#495057", 1.4),
        arrow_pen=_pen("#ced4da" if dark else "#343a40", 1.2),
        arrow_brush=QBrush(QColor("#ced4da" if dark else "#343a40")),
        slot_pen=_pen(muted, 1.0, Qt.PenStyle.DashLine),
        slot_brush=QBrush(QColor("#2b2d31" if dark else "#ffffff")),
        box_fill=QBrush(QColor("#343a40" if dark else "#ffffff")),
        overlap_brush=QBrush(QColor("#c62828"), Qt.BrushStyle.DiagCrossPattern),
        overlap_pen=_pen("#c62828", 2.0),
        badge_brush=QBrush(QColor("#c62828")),
        badge_text=QColor("#ffffff"),
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
    for role, (light_c, dark_c, style) in _ROLE_STYLE.items():
        color = QColor(dark_c if dark else light_c)
        theme.role_colors[role] = color
        theme.role_pens[role] = _pen(color, 3.0, style)
        theme.role_brushes[role] = QBrush(color)
    theme.role_tag_text = QColor("#000000" if dark else "#ffffff")
    return theme
