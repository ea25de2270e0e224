"""The script PyInstaller freezes: exactly the ``vmastudio`` command (``vmastudio.app.cli:main``).

One addition for automatic checks, off unless asked for: with the environment variable
``VMASTUDIO_EXIT_AFTER_FIRST_PAINT=1`` the window starts as usual and the process exits
with status 0 right after the first paint event (or 3 when none came within 30 s). That is
how ``make dist-check`` and ``benchmarks/bundle_bench.py`` prove the bundled window really
opens, and time it, without a person to close it. The same script run by a normal Python
(``python packaging/pyinstaller/launch.py``) behaves the same, for a fair comparison.
"""

from __future__ import annotations

import os
import sys


def _exit_after_first_paint() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                app = QApplication.instance()
                if app is not None:
                    app.exit(0)
            return False

    def exec_then_exit(*_args: object) -> int:
        app = QApplication.instance()
        assert app is not None
        watcher = _FirstPaint(app)
        app.installEventFilter(watcher)
        QTimer.singleShot(30_000, lambda: app.exit(3))
        return int(original_exec())

    QApplication.exec = staticmethod(exec_then_exit)  # type: ignore[method-assign,assignment]


def run() -> int:
    if os.environ.get("VMASTUDIO_EXIT_AFTER_FIRST_PAINT") == "1":
        _exit_after_first_paint()
    from vmastudio.app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
