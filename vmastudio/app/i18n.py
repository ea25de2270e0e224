"""Window languages: our ``.qm`` from ``resources/translations`` plus Qt's own ``qtbase``.

Switching at run time installs the new translators; Qt then sends every widget a
``LanguageChange`` event, on which windows re-read their texts (``retranslate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFont, QGuiApplication

from .. import resources

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

# QTranslator, QLibraryInfo and QFontDatabase are imported where a language other than
# English is installed: an English start does not create their types (PySide makes a
# class's enum types when the class is first imported).

#: The languages the window offers, by code, each named in its own language.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


def system_language() -> str:
    """zh_CN when the system locale is Chinese, else en."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


#: Families that hold both Latin and Chinese glyphs, best first: with one of them first in
#: the list a label is drawn in a single font, not Latin in one and Chinese in another.
CJK_FAMILIES = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
]


def apply_language_font(language: str) -> None:
    """Make the application font CJK-first for Chinese, and the default again otherwise."""
    app = QCoreApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    global _DEFAULT_FONT
    if _DEFAULT_FONT is None:
        _DEFAULT_FONT = QFont(app.font())
    font = QFont(_DEFAULT_FONT)
    if language == "zh_CN":
        from PySide6.QtGui import QFontDatabase

        available = set(QFontDatabase.families())
        first = [f for f in CJK_FAMILIES if f in available]
        if first:
            font.setFamilies([*first, *_DEFAULT_FONT.families()])
    QGuiApplication.setFont(font)


_DEFAULT_FONT: QFont | None = None


class Translations:
    """Owns the installed translators (and the bytes they read, which must stay alive)."""

    def __init__(self) -> None:
        self.language = "en"
        #: True when Qt's own translation (standard dialogs) was not found for the language.
        self.qt_missing = False
        self._installed: list[QTranslator] = []
        self._data: list[bytes] = []

    def install(self, language: str) -> bool:
        """Make ``language`` the window language; False if our ``.qm`` could not be read.

        English needs no files. A missing or broken ``.qm`` (a broken install) leaves the
        window in English and returns False, so the caller can say so. A missing Qt
        ``qtbase`` translation only sets ``qt_missing``: standard dialogs stay English.
        """
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the application before installing translations")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self._data.clear()
        self.language = "en"
        self.qt_missing = False
        if language == "en":
            apply_language_font("en")
            return True
        from PySide6.QtCore import QLibraryInfo, QTranslator

        ok = True
        try:
            data = resources.read_bytes("translations", f"vmastudio_{language}.qm")
        except resources.ResourceError:
            return False
        ours = QTranslator(app)
        if ours.load(data):
            self._data.append(data)
            app.installTranslator(ours)
            self._installed.append(ours)
        else:
            return False
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        base = QTranslator(app)
        if base.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(base)
            self._installed.append(base)
        else:
            # Our texts are translated; only Qt's standard dialogs stay English.
            self.qt_missing = True
        self.language = language
        apply_language_font(language)
        return ok


#: The translators installed for the window language (one set per process).
TRANSLATIONS = Translations()
