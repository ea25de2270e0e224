"""Pens and brushes of the pointer view, derived once from the main scene's ``Theme``.

Role colours are the main scene's (``vmastudio/view/theme.py``); this adds only what the
main scene has no use for: the accent of a write, the chain arrows, faded frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen

from ..theme import Theme, make_theme


@dataclass(eq=False)
class PointerPalette:
    theme: Theme
    mono: QFont
    mono_bold: QFont
    small: QFont
    title: QFont
    metrics: QFontMetricsF
    box_pen: QPen
    box_brush: QBrush
    uninit_brush: QBrush
    written_brush: QBrush
    written_pen: QPen
    slot_brush: QBrush
    frame_pen: QPen
    frame_brush: QBrush
    header_brush: QBrush
    struct_pen: QPen
    struct_brush: QBrush
    rb_brush: QBrush
    arrow_pens: dict[str, QPen]
    write_pen: QPen
    gone_pen: QPen
    label_color: QColor
    chain_color: QColor
    write_color: QColor
    null_pen: QPen


def _pen(color: QColor | str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


@cache
def make_palette(name: str = "light") -> PointerPalette:
    """The palette for theme ``name``, built once per process (STYLE.md §6)."""
    t = make_theme(name)
    dark = name == "dark"
    mono = QFont(t.mono)
    mono.setPointSizeF(9.0)
    mono_bold = QFont(mono)
    mono_bold.setBold(True)
    small = QFont(t.mono)
    small.setPointSizeF(8.0)
    title = QFont(t.bold)
    title.setPointSizeF(9.5)
    chain = t.role_colors["link_slot"]
    write = QColor("#e8590c" if not dark else "#ffa94d")
    slot_tint = QColor(chain)
    slot_tint.setAlpha(40)
    write_tint = QColor(write)
    write_tint.setAlpha(55)
    return PointerPalette(
        theme=t,
        mono=mono,
        mono_bold=mono_bold,
        small=small,
        title=title,
        metrics=QFontMetricsF(mono),
        box_pen=_pen(t.text, 1.0),
        box_brush=t.box_fill,
        uninit_brush=QBrush(
            QColor("#adb5bd" if not dark else "#495057"), Qt.BrushStyle.BDiagPattern
        ),
        written_brush=QBrush(write_tint),
        written_pen=_pen(write, 2.2),
        slot_brush=QBrush(slot_tint),
        frame_pen=_pen(t.section, 1.2),
        frame_brush=QBrush(QColor("#f1f3f5" if not dark else "#25262b")),
        header_brush=QBrush(QColor("#dee2e6" if not dark else "#373a40")),
        struct_pen=_pen(t.section, 1.2),
        struct_brush=QBrush(QColor("#f8f9fa" if not dark else "#2c2e33")),
        rb_brush=QBrush(QColor("#e7f5ff" if not dark else "#1c2a38")),
        arrow_pens={
            "chain": _pen(chain, 2.2),
            "pointer": _pen(t.text, 1.3),
            "tree": _pen(t.muted, 1.0),
            "context": _pen(t.muted, 0.8, Qt.PenStyle.DashLine),
        },
        write_pen=_pen(write, 2.6),
        gone_pen=_pen(
            QColor(t.muted.red(), t.muted.green(), t.muted.blue(), 110), 1.0, Qt.PenStyle.DotLine
        ),
        label_color=t.text,
        chain_color=chain,
        write_color=write,
        null_pen=_pen(t.muted, 1.2),
    )
