"""Window languages: our ``.qm`` from ``resources/translations`` plus Qt's own ``qtbase``.

Switching at run time installs the new translators; Qt then sends every widget a
``LanguageChange`` event, on which windows re-read their texts (``retranslate``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import resources

#: The languages the window offers, by code, each named in its own language.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


def system_language() -> str:
    """zh_CN when the system locale is Chinese, else en."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


class Translations:
    """Owns the installed translators (and the bytes they read, which must stay alive)."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []
        self._data: list[bytes] = []

    def install(self, language: str) -> bool:
        """Make ``language`` the window language; False if its files could not be read.

        English needs no files. A missing or broken ``.qm`` (a broken install) leaves the
        window in English and returns False, so the caller can say so.
        """
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the application before installing translations")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self._data.clear()
        self.language = "en"
        if language == "en":
            return True
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
            ok = False  # our texts are translated; Qt's standard dialogs stay English
        self.language = language
        return ok
