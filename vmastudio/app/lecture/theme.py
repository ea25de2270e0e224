"""How the lecture looks on a projector: scene themes with outlines a projector does not
wash out, the window's colours per theme, and a font that keeps Chinese crisp."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPen
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from ...view.scene import VmaScene
from ...view.theme import Theme, make_theme
from ..i18n import CJK_FAMILIES

PROJECTOR_THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")


def theme_label(name: str) -> str:
    labels = {
        "light": QCoreApplication.translate("Projector", "light"),
        "dark": QCoreApplication.translate("Projector", "dark"),
        "high-contrast": QCoreApplication.translate("Projector", "high contrast"),
    }
    return labels.get(name, name)


def _pen(color: QColor | str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _thicker(theme: Theme, name: str) -> Theme:
    """``theme`` with outlines a projector does not wash out."""
    dark = theme.name == "dark"
    out = replace(
        theme,
        name=name,
        edge_pen=_pen(theme.edge_pen.color(), 2.6),
        black_pen=_pen(theme.black_pen.color(), 3.5),
        red_pen=_pen(theme.red_pen.color(), 2.5),
        arrow_pen=_pen(theme.arrow_pen.color(), 2.0),
        slot_pen=_pen(theme.text if dark else theme.slot_pen.color(), 1.6, Qt.PenStyle.DashLine),
        role_colors=dict(theme.role_colors),
        role_pens={r: _pen(p.color(), 5.0, p.style()) for r, p in theme.role_pens.items()},
        role_brushes=dict(theme.role_brushes),
        ghost_brush=_tint(theme.ghost_pen.color()),
    )
    return out


def wash(color: str) -> str:
    """A style-sheet colour: ``color`` at a sixth of its strength (Qt reads an 8-digit
    ``#`` colour as #AARRGGBB, so the alpha is spelt out with rgba())."""
    c = QColor(color)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, 0.16)"


def _tint(color: QColor) -> QBrush:
    """A flat, faint wash of ``color``: a trial VMA's mark that, unlike hatching, never
    runs through the addresses written on it (the dashed outline says "not linked")."""
    tint = QColor(color)
    tint.setAlpha(48)
    return QBrush(tint)


@cache
def projector_theme(name: str) -> Theme:
    """The scene theme for a projector: "light", "dark" or "high-contrast"."""
    if name == "dark":
        return _thicker(make_theme("dark"), "dark")
    if name != "high-contrast":
        return _thicker(make_theme("light"), "light")
    base = make_theme("dark")
    white, black = QColor("#ffffff"), QColor("#000000")
    accents = {
        # One saturated accent per role, each with its own outline pattern (theme.py).
        "conflict": "#ff3b3b",
        "current": "#ffd400",
        "new": "#00ff66",
        "link_slot": "#00e5ff",
        "parent": "#4da3ff",
        "prev": "#ff66ff",
        "next": "#66ffff",
        "grandparent": "#ffaa00",
        "uncle": "#ff9ecb",
        "sibling": "#ff77aa",
    }
    role_colors = {r: QColor(c) for r, c in accents.items()}
    theme = replace(
        base,
        name="high-contrast",
        background=black,
        text=white,
        muted=QColor("#d0d0d0"),
        section=white,
        black_fill=QBrush(black),
        black_pen=_pen(white, 4.0),
        black_text=white,
        red_fill=QBrush(QColor("#ff5050")),
        red_pen=_pen(white, 2.0),
        red_text=black,
        bar_fill=QBrush(QColor("#bfbfbf")),
        bar_file_fill=QBrush(QColor("#ffffff")),
        bar_pen=_pen(white, 1.5),
        gap_brush=QBrush(QColor("#111111")),
        gap_pen=_pen("#bbbbbb", 1.0, Qt.PenStyle.DotLine),
        edge_pen=_pen(white, 3.0),
        arrow_pen=_pen(white, 2.2),
        arrow_brush=QBrush(white),
        slot_pen=_pen(white, 1.8, Qt.PenStyle.DashLine),
        slot_brush=QBrush(black),
        box_fill=QBrush(black),
        ghost_pen=_pen("#00ff66", 2.5, Qt.PenStyle.DashLine),
        ghost_brush=_tint(QColor("#00ff66")),
        role_colors=role_colors,
        role_pens={r: _pen(role_colors[r], 5.5, p.style()) for r, p in base.role_pens.items()},
        role_brushes={r: QBrush(c) for r, c in role_colors.items()},
        role_tag_text=black,
    )
    return theme


def apply_projector_theme(scene: VmaScene, name: str) -> None:
    """Give ``scene`` a projector theme.

    ``VmaScene.set_theme`` takes a theme *name* known to ``make_theme``; the projector
    themes are built here, so they are handed to the items the same way set_theme does.
    """
    theme = projector_theme(name)
    scene.theme = theme
    scene.setBackgroundBrush(theme.background)
    for item in scene.items():
        setter = getattr(item, "set_theme", None)
        if setter is not None:
            setter(theme)
        elif isinstance(item, QGraphicsSimpleTextItem):
            item.setBrush(theme.section)


def lecture_font(base: QFont, lang: str) -> QFont:
    """The lecture's text font for ``lang``: a family with Chinese glyphs first for zh_CN
    (one font per line, not Latin in one and Han in a fallback), and full hinting so CJK
    strokes sit on pixels instead of blurring on a projector."""
    font = QFont(base)
    families = [f for f in font.families() if f not in CJK_FAMILIES]
    if lang == "zh_CN":
        available = set(QFontDatabase.families())
        families = [f for f in CJK_FAMILIES if f in available] + families
    if families:
        font.setFamilies(families)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    return font


PALETTES: dict[str, tuple[str, str, str, str]] = {
    # theme: (background, text, muted, accent)
    "light": ("#ffffff", "#111111", "#444444", "#0b5394"),
    "dark": ("#16171a", "#f5f5f5", "#c8c8c8", "#ffd43b"),
    "high-contrast": ("#000000", "#ffffff", "#ffffff", "#ffff00"),
}


#: Below this zoom the picture is an overview: no antialiasing while it moves.
