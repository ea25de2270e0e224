"""How the lecture looks on a projector: scene themes with outlines a projector does not
wash out, the window's colours per theme, and a font that keeps Chinese crisp."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QFontDatabase

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


def wash(color: str) -> str:
    """A style-sheet colour: ``color`` at a sixth of its strength (Qt reads an 8-digit
    ``#`` colour as #AARRGGBB, so the alpha is spelt out with rgba())."""
    c = QColor(color)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, 0.16)"


@cache
def projector_theme(name: str) -> Theme:
    """The scene theme for a projector: a registered palette ("light", "dark",
    "high-contrast") with outlines a projector does not wash out (view/theme.py)."""
    return make_theme(name if name in PROJECTOR_THEMES else "light", True)


def apply_projector_theme(scene: VmaScene, name: str) -> None:
    """Give ``scene`` a projector theme, through the scene's one theme loop."""
    scene.set_theme(name if name in PROJECTOR_THEMES else "light", projector=True)


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
