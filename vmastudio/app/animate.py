"""Animated GIF and APNG of an op's steps (or a range), encoded with Pillow.

Every frame is the figure of one step, rendered with the same ``FigureBuilder`` as the
still exports, padded to the largest frame so nothing jumps, with a thin progress bar at
the bottom (it also keeps two steps that draw alike distinct frames, so the encoder never
merges them and the frame count is the step count).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ..model.document import Document
from .export import ExportError, ExportOptions, FigureBuilder, Position, raster_guard
from .export.qtpaint import ImageTooLarge, check_image, image_of, quiet_qt

#: The most pixels all frames of one animation may hold together (RGBA, in memory).
#: Pillow's GIF and APNG writers copy every frame once more before encoding, so the
#: process holds about twice this (1 GiB here took a window from 0.3 to 2.4 GB).
MAX_FRAMES_BYTES = 384 * 1024 * 1024

PROGRESS_H = 5


def _to_pil(img: QImage) -> Image.Image:
    rgba = img.convertToFormat(QImage.Format.Format_RGBA8888)
    if rgba.isNull():  # the conversion's copy could not be allocated
        raise ExportError(f"a {img.width():,} × {img.height():,} px frame could not be allocated")
    w, h = rgba.width(), rgba.height()
    data = bytes(rgba.constBits())[: rgba.bytesPerLine() * h]
    return Image.frombuffer("RGBA", (w, h), data, "raw", "RGBA", rgba.bytesPerLine(), 1).copy()


def frames(
    document: Document, positions: Sequence[Position], options: ExportOptions
) -> list[Image.Image]:
    """One RGBA image per position, all the same size. O(frames × figure). Every frame
    is checked against the image budget, and all of them together against
    ``MAX_FRAMES_BYTES``, before it is painted."""
    builder = FigureBuilder(document, options)
    scale = options.pixel_scale(1.0)
    guard = raster_guard(ExportOptions(scale=scale, width_mm=options.width_mm), "frame")
    figs = [builder.build(pos, guard) for pos in positions]
    w_units = max(f.width * f.scale for f in figs)
    h_units = max(f.height * f.scale for f in figs)
    try:
        check_image(w_units, h_units, scale, "frame")
    except ImageTooLarge as exc:
        raise ExportError(str(exc)) from None
    total = len(figs) * round(w_units * scale) * (round(h_units * scale) + PROGRESS_H) * 4
    if total > MAX_FRAMES_BYTES:
        raise ExportError(
            f"{len(figs)} frames of {round(w_units * scale):,} × {round(h_units * scale):,} px "
            f"need {total / 2**20:,.0f} MiB (at most {MAX_FRAMES_BYTES // 2**20} MiB): "
            "use a smaller --scale, --width "
            "or --range"
        )
    # Each frame is painted, copied into Pillow and dropped before the next one is
    # painted: never all of Qt's frames and all of Pillow's at once (a walk saw an APNG
    # export grow the window by 2.3 GB with both lists alive).
    # (the sizes image_of() gives, computed the same way)
    sizes = [
        (max(1, round(f.width * (scale * f.scale))), max(1, round(f.height * (scale * f.scale))))
        for f in figs
    ]
    w = max(size[0] for size in sizes)
    h = max(size[1] for size in sizes) + PROGRESS_H
    palette = builder.palette
    ink = QColor(palette.roles.get("current", palette.text))
    out: list[Image.Image] = []
    for n, f in enumerate(figs):
        with quiet_qt():
            img = image_of(f, scale * f.scale, options.transparent)
        canvas = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        if canvas.isNull():
            raise ExportError(f"a {w:,} × {h:,} px frame could not be allocated")
        canvas.fill(
            Qt.GlobalColor.transparent if options.transparent else QColor(palette.background)
        )
        p = QPainter(canvas)
        p.drawImage(0, 0, img)
        done = w * (n + 1) / len(figs)
        p.fillRect(QRectF(0, h - PROGRESS_H, done, PROGRESS_H), ink)
        p.end()
        img = QImage()  # painted: its memory goes before the copy into Pillow
        out.append(_to_pil(canvas))
    return out


def animation_bytes(
    document: Document, positions: Sequence[Position], fmt: str, options: ExportOptions
) -> bytes:
    """A looping GIF or APNG, ``options.delay`` ms per step."""
    images = frames(document, positions, options)
    buf = io.BytesIO()
    delay = max(20, int(options.delay))
    if fmt == "gif":
        if options.transparent:
            paletted = [im.convert("RGBA") for im in images]
        else:
            paletted = [
                im.convert("RGB").quantize(colors=255, method=Image.Quantize.MEDIANCUT)
                for im in images
            ]
        paletted[0].save(
            buf,
            format="GIF",
            save_all=True,
            append_images=paletted[1:],
            duration=delay,
            loop=0,
            disposal=2,
            optimize=False,
        )
    else:
        images[0].save(
            buf,
            format="PNG",
            save_all=True,
            append_images=images[1:],
            duration=delay,
            loop=0,
            disposal=0,
            blend=0,
        )
    return buf.getvalue()
