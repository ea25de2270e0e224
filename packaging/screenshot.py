"""Screenshots of the real window at a chosen position, for docs/ and for looking at.

Run under a real X server (``Xvfb :99 -screen 0 1920x1080x24 &`` then ``DISPLAY=:99``):

    python packaging/screenshot.py OUT.png [--file F | --demo] [--op K --step S]
        [--insert START-END] [--lang zh_CN] [--fit]

``--insert`` appends one insert op (a trial when it overlaps) before moving to the
position. The window opens maximised at the screen's size; the whole screen is grabbed.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--file")
    parser.add_argument("--op", type=int, default=1)
    parser.add_argument("--step", type=int, default=1, help="1-based")
    parser.add_argument("--insert", help="START-END in hex, appended before moving")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args(argv)

    app = QApplication([])
    settings = QSettings("/tmp/vmastudio-screenshot.ini", QSettings.Format.IniFormat)
    settings.clear()
    settings.setValue("view/lang", args.lang)
    from vmastudio.app.main_window import MainWindow
    from vmastudio.engine.scenario import VmaSpec

    window = MainWindow(settings)
    if args.file:
        window.open_file(args.file)
    else:
        window.document.load_demo()
    if args.insert:
        lo, hi = (int(x, 16) for x in args.insert.split("-"))
        window.document.insert(VmaSpec(lo, hi))
    window.document.set_position(args.op, args.step - 1)
    window.showMaximized()
    # Xvfb has no window manager to maximise it: fill the screen by hand.
    window.setGeometry(app.primaryScreen().geometry())

    def shoot() -> None:
        if args.fit:
            window.view.fit_all() if hasattr(window.view, "fit_all") else None
        screen = app.primaryScreen()
        screen.grabWindow(0).save(args.out)
        app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
