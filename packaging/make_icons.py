"""Render the application icon's PNG sizes from ``resources/icons/vmastudio.svg``.

The PNGs are committed in the freedesktop ``hicolor`` layout
(``resources/icons/hicolor/NxN/apps/vmastudio.png``), so the wheel, the bundle and
``install-desktop.sh`` copy them as they are. Run after editing the SVG:

    .venv/bin/python packaging/make_icons.py          # rewrite the PNGs
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if a PNG is missing or stale

Rendering uses QtSvg offscreen; ``--check`` compares pixels with a small tolerance so that
an antialiasing difference between Qt releases does not count as stale.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "vmastudio.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TOLERANCE = 6.0  # mean absolute difference per channel (0..255) still counted equal


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / "vmastudio.png"


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def render(size: int) -> object:
    """The icon at ``size`` x ``size`` pixels, as a QImage (ARGB32, premultiplied)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def difference(a: object, b: object) -> float:
    """Mean absolute difference per channel between two same-size images."""
    from PySide6.QtGui import QImage

    assert isinstance(a, QImage) and isinstance(b, QImage)
    fmt = QImage.Format.Format_RGBA8888
    x, y = a.convertToFormat(fmt), b.convertToFormat(fmt)
    if x.size() != y.size():
        return 255.0
    bx, by = bytes(x.constBits()), bytes(y.constBits())
    return sum(abs(p - q) for p, q in zip(bx, by, strict=True)) / max(1, len(bx))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    from PySide6.QtGui import QImage

    stale = []
    for size in SIZES:
        image = render(size)
        target = png_path(size)
        if args.check:
            old = QImage(str(target))
            if old.isNull() or difference(old, image) > TOLERANCE:
                stale.append(str(target.relative_to(ROOT)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"make_icons: cannot write {target}")
        print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print("stale or missing (run packaging/make_icons.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
