"""Unexpected exceptions: a dialog with the details, and the application keeps running.

The hook is installed before the window first paints, so this module and the crash log's
import only what installing needs; the dialog's classes and the log's writers are
imported when an exception is reported (the first frame does not wait for them).
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

_showing = False


def report(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` with its traceback; never raises, never nests dialogs."""
    global _showing
    import traceback

    details = "".join(traceback.format_exception(exc))
    # One line on the terminal, never a traceback: the details are in the dialog and in
    # the crash log (crashlog.py adds its path as a note).
    line = " ".join(f"vmastudio: unexpected error: {type(exc).__name__}: {exc}".split())
    print(line if len(line) <= 300 else line[:297] + "...", file=sys.stderr)
    if _showing:
        return
    _showing = True
    try:
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Errors", "Unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "Errors",
                "Something went wrong: {0}\nYour document is still open; you can save it.",
            ).format(exc)
        )
        box.setDetailedText(details)
        copy = box.addButton(
            QCoreApplication.translate("Errors", "Copy report"), QMessageBox.ButtonRole.ActionRole
        )
        copy.setToolTip(
            QCoreApplication.translate("Errors", "Copy the details, to paste into a bug report")
        )
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is copy:
            QGuiApplication.clipboard().setText(details)
    finally:
        _showing = False


def install_excepthook(parent: QWidget | None) -> None:
    """Route uncaught exceptions (raised in slots) to ``report`` instead of aborting."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(parent, exc.with_traceback(tb))

    sys.excepthook = hook
    from .crashlog import install_crash_log

    # Every crash is also written to the user's data folder (the path joins the details).
    install_crash_log(parent)
