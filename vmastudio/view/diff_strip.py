"""The address space of both reads of a process as one bar, each VMA coloured by what
happened to it (``view/diff_style.py``), with a legend underneath.

The strip paints the address space on a compressed scale (``view.layout.AddressScale``: a
4 KiB page and a 40 TiB hole both get a readable width), built from the old and the new
VMAs together (``engine/diff_pieces.py``). ``DiffDialog`` (``app/diff_dialog.py``) puts it
above its table: selecting a row highlights its piece, clicking a piece selects its row.

The strip stays cheap with 65,530 VMAs: the bar is painted once per size into a cached
image, consecutive small pieces of one kind merged into one rectangle, so a paint is one
image blit plus the selection and the legend.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..engine.diff_pieces import _PRIORITY, _Piece, _pieces, _range, _segments
from ..engine.processes import MapsDiff
from ..engine.scenario import VmaSpec
from .diff_style import _end_pen, _is_dark, _paint_swatch, _pen, _Style, _styles
from .diff_words import describe_piece, kind_label
from .layout import LEFT, AddressScale, gap_start, human_size

__all__ = ["DiffStrip"]

#: Strip geometry (logical pixels).
MARGIN: Final = 8.0
TOP: Final = 12.0  # room for the selection marker above the bar
BAR_H: Final = 38.0
#: A change is drawn at least this wide, however small it is on the scale.
MIN_W: Final = 3.0
#: Pieces at least this wide get an outline, a pattern and end markers of their own.
DETAIL_W: Final = 6.0
SWATCH_W: Final = 18.0
SWATCH_H: Final = 11.0


class DiffStrip(QWidget):
    """The address space of both reads as one bar, each VMA coloured by what happened to
    it; a legend underneath. ``vma_clicked(start)`` when a piece is clicked."""

    #: The clicked piece's start (a Python int: addresses exceed 32 bits).
    vma_clicked = Signal(object)

    def __init__(
        self, diff: MapsDiff, vmas: Iterable[VmaSpec] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diff_strip")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._pieces = _pieces(diff, vmas)
        self._index = {p.start: i for i, p in enumerate(self._pieces)}
        segments = _segments(self._pieces)
        self._scale = AddressScale(segments, "compressed", LEFT + 900.0)
        self._lo = segments[0][0] if segments else 0
        self._hi = segments[-1][1] if segments else 0
        x_of = self._scale.x_of
        self._sx_lo = x_of(self._lo)
        self._sx_hi = x_of(self._hi)
        #: Scale x of every piece's edges, and the furthest right edge so far (hit tests).
        self._sx0 = [x_of(p.start) for p in self._pieces]
        self._sx1 = [x_of(p.end) for p in self._pieces]
        self._reach: list[float] = []
        far = float("-inf")
        for x1 in self._sx1:
            far = max(far, x1)
            self._reach.append(far)
        self._selected: int | None = None
        self._hovered: int | None = None
        self._image: QImage | None = None
        self._image_key: tuple[int, float, bool] | None = None

    # -- read-only views ---------------------------------------------------------------------
    def pieces(self) -> list[tuple[int, int, str]]:
        """Every piece drawn, ``(start, end, kind)`` in address order; ``kind`` is one of
        ``KINDS`` or ``"unchanged"``; grown and shrunk pieces end at the larger end."""
        return [(p.start, p.end, p.kind) for p in self._pieces]

    def address_range(self) -> tuple[int, int]:
        """The addresses the bar spans (lowest start, highest end)."""
        return self._lo, self._hi

    def bar_rect(self) -> QRectF:
        return QRectF(MARGIN, TOP, max(1.0, self.width() - 2 * MARGIN), BAR_H)

    def x_of(self, addr: int) -> float:
        """The widget x where ``addr`` is drawn."""
        bar = self.bar_rect()
        span = self._sx_hi - self._sx_lo
        if span <= 0:
            return bar.left()
        return bar.left() + (self._scale.x_of(addr) - self._sx_lo) * bar.width() / span

    def piece_rect(self, start: int) -> QRectF:
        """Where the piece starting at ``start`` is drawn (empty when there is none)."""
        i = self._index.get(start)
        if i is None:
            return QRectF()
        x0, x1 = self._span(i)
        bar = self.bar_rect()
        return QRectF(x0, bar.top(), x1 - x0, bar.height())

    def piece_at(self, x: float) -> tuple[int, int, str] | None:
        """The piece drawn on top at widget x (None over a gap or outside the bar)."""
        i = self._hit(x)
        if i is None:
            return None
        p = self._pieces[i]
        return p.start, p.end, p.kind

    def selected(self) -> int | None:
        return self._selected

    def set_selected(self, start: int | None) -> None:
        """Highlight the piece starting at ``start`` (None: no highlight)."""
        if start is not None and start not in self._index:
            start = None
        if start != self._selected:
            self._selected = start
            self.update()

    def tooltip_at(self, x: float) -> str:
        """What the bar shows at widget x, in words ("" outside the bar)."""
        i = self._hit(x)
        if i is not None:
            text = self._describe(self._pieces[i])
            if self._pieces[i].kind == "unchanged":
                more = self._unchanged_near(x) - 1
                if more > 0:
                    text += "\n" + self.tr("(and {0} more unchanged VMAs in this pixel)").format(
                        more
                    )
            return text
        bar = self.bar_rect()
        if not bar.left() <= x <= bar.right() or self._hi <= self._lo:
            return ""
        addr = self._address_at(x)
        gaps = self._scale.gaps
        k = bisect_right(gaps, addr, key=gap_start) - 1
        if 0 <= k < len(gaps) and gaps[k].start <= addr < gaps[k].end:
            g = gaps[k]
            return self.tr("Unmapped: {0}\n{1}").format(
                _range(g.start, g.end), human_size(g.end - g.start)
            )
        return ""

    # -- geometry ----------------------------------------------------------------------------
    def _legend(self) -> list[tuple[str, str]]:
        return [
            ("unchanged", kind_label("unchanged")),
            ("added", kind_label("added")),
            ("removed", kind_label("removed")),
            ("grown", kind_label("grown")),
            ("shrunk", kind_label("shrunk")),
            ("changed", self.tr("Changed (flags, file, name)")),
            ("old_end", self.tr("old end")),
            ("new_end", self.tr("new end")),
        ]

    def _legend_width(self) -> float:
        fm = self.fontMetrics()
        return sum(SWATCH_W + 5 + fm.horizontalAdvance(text) + 14 for _k, text in self._legend())

    def _axis_y(self) -> float:
        return TOP + BAR_H + 3

    def _legend_y(self) -> float:
        return self._axis_y() + self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        height = self._legend_y() + self.fontMetrics().height() + 6
        return QSize(max(760, int(self._legend_width() + 2 * MARGIN)), int(height))

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(int(self._legend_width() + 2 * MARGIN), hint.height())

    def _k(self) -> float:
        span = self._sx_hi - self._sx_lo
        return self.bar_rect().width() / span if span > 0 else 0.0

    def _natural(self, i: int) -> tuple[float, float]:
        """Piece ``i``'s edges in widget x, before any minimum width."""
        k = self._k()
        left = MARGIN
        return left + (self._sx0[i] - self._sx_lo) * k, left + (self._sx1[i] - self._sx_lo) * k

    def _span(self, i: int) -> tuple[float, float]:
        """Piece ``i``'s edges as drawn: a change is at least ``MIN_W`` wide (kept inside
        the bar)."""
        x0, x1 = self._natural(i)
        if self._pieces[i].kind != "unchanged" and x1 - x0 < MIN_W:
            left = MARGIN
            right = max(left + MIN_W, self.width() - MARGIN)
            mid = min(max((x0 + x1) / 2, left + MIN_W / 2), right - MIN_W / 2)
            x0, x1 = mid - MIN_W / 2, mid + MIN_W / 2
        return x0, x1

    def _address_at(self, x: float) -> int:
        k = self._k()
        if k <= 0:
            return self._lo
        return self._scale.address_at(self._sx_lo + (x - MARGIN) / k)

    def _candidates(self, x: float, slack: float) -> list[int]:
        """Indices of the pieces whose natural span comes within ``slack`` px of x."""
        k = self._k()
        if k <= 0 or not self._pieces:
            return []
        sx = self._sx_lo + (x - MARGIN) / k
        tol = slack / k
        i = bisect_right(self._sx0, sx + tol) - 1
        out: list[int] = []
        while i >= 0 and self._reach[i] >= sx - tol:
            if self._sx1[i] >= sx - tol:
                out.append(i)
            i -= 1
        return out

    def _hit(self, x: float) -> int | None:
        bar = self.bar_rect()
        if not bar.left() - MIN_W <= x <= bar.right() + MIN_W:
            return None
        best: tuple[int, float] | None = None
        found: int | None = None
        for i in self._candidates(x, MIN_W):
            x0, x1 = self._span(i)
            if not x0 <= x <= max(x1, x0 + 1.0):
                continue
            rank = (_PRIORITY[self._pieces[i].kind], -(x1 - x0))
            if best is None or rank > best:
                best, found = rank, i
        return found

    def _unchanged_near(self, x: float) -> int:
        count = 0
        for i in self._candidates(x, 0.5):
            if self._pieces[i].kind == "unchanged":
                x0, x1 = self._natural(i)
                count += x0 <= x + 0.5 and x1 >= x - 0.5
        return count

    # -- words -------------------------------------------------------------------------------
    def _describe(self, p: _Piece) -> str:
        return describe_piece(p.kind, p.old, p.new)

    # -- painting ----------------------------------------------------------------------------
    def _bar_image(self) -> QImage:
        """The bar without selection or hover, painted once per size and palette."""
        bar = self.bar_rect()
        dpr = self.devicePixelRatioF()
        dark = _is_dark(self.palette())
        key = (int(bar.width()), dpr, dark)
        if self._image is not None and self._image_key == key:
            return self._image
        styles = _styles(dark)
        image = QImage(
            max(1, int(bar.width() * dpr)),
            max(1, int(bar.height() * dpr)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(dpr)
        image.fill(styles["gap"].fill)
        painter = QPainter(image)
        painter.translate(-bar.left(), 0.0)
        painter.setPen(_pen(styles["gap"].line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(bar.left() + 0.5, 0.5, bar.width() - 1.0, bar.height() - 1.0))
        self._paint_bar(painter, styles, bar.height())
        painter.end()
        self._image, self._image_key = image, key
        return image

    def _paint_bar(self, painter: QPainter, styles: dict[str, _Style], height: float) -> None:
        layers: dict[str, list[int]] = {kind: [] for kind in _PRIORITY}
        for i, p in enumerate(self._pieces):
            layers[p.kind].append(i)
        order = ("unchanged", "removed", "changed", "grown", "shrunk", "added")
        detailed: dict[str, list[int]] = {}
        for kind in order:
            style = styles[kind]
            thin: list[tuple[float, float]] = []
            wide: list[int] = []
            for i in layers[kind]:
                x0, x1 = self._span(i)
                if x1 - x0 >= DETAIL_W:
                    wide.append(i)
                else:
                    thin.append((x0, max(x1, x0 + 1.0)))
            # Thin pieces: one rectangle per run of touching pieces (≤ one per pixel).
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.fill if kind == "unchanged" else style.strong)
            rects = [QRectF(a, 0.0, b - a, height) for a, b in _runs(thin)]
            if rects:
                painter.drawRects(rects)
            for i in wide:
                self._paint_wide(painter, styles, i, height)
            detailed[kind] = wide
        # Separators between touching unchanged VMAs, and what a removed VMA was (on top).
        unchanged = styles["unchanged"]
        lines = []
        for i in detailed["unchanged"]:
            x0, x1 = self._span(i)
            lines += [QPointF(x0 + 0.5, 0.0), QPointF(x0 + 0.5, height)]
            lines += [QPointF(x1 - 0.5, 0.0), QPointF(x1 - 0.5, height)]
        if lines:
            painter.setPen(_pen(unchanged.line))
            painter.drawLines(lines)
        removed = styles["removed"]
        painter.setPen(_pen(removed.line, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i in detailed["removed"]:
            x0, x1 = self._span(i)
            painter.drawRect(QRectF(x0 + 0.75, 0.75, x1 - x0 - 1.5, height - 1.5))

    def _paint_wide(
        self, painter: QPainter, styles: dict[str, _Style], i: int, height: float
    ) -> None:
        p = self._pieces[i]
        style = styles[p.kind]
        x0, x1 = self._span(i)
        rect = QRectF(x0, 0.0, x1 - x0, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.fill)
        painter.drawRect(rect)
        if p.kind == "removed":
            painter.setBrush(QBrush(style.line, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(rect)
            return  # its dashed outline goes on top of everything (see _paint_bar)
        if p.kind in ("grown", "shrunk") and p.old is not None and p.new is not None:
            old_x = self.x_of(p.old.end)
            new_x = self.x_of(p.new.end)
            lo_x, hi_x = min(old_x, new_x), max(old_x, new_x)
            delta = QRectF(lo_x, 0.0, hi_x - lo_x, height)
            if p.kind == "grown":
                painter.setBrush(style.strong)
            else:
                painter.setBrush(QBrush(style.line, Qt.BrushStyle.FDiagPattern))
            painter.drawRect(delta)
            painter.setPen(_end_pen(style.line, old=True))
            painter.drawLine(QPointF(old_x, 0.0), QPointF(old_x, height))
            painter.setPen(_end_pen(style.line, old=False))
            painter.drawLine(QPointF(new_x, 0.0), QPointF(new_x, height))
        painter.setPen(_pen(style.line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        bar = self.bar_rect()
        painter.drawImage(bar.topLeft(), self._bar_image())
        pal = self.palette()
        styles = _styles(_is_dark(pal))
        chosen = self._index.get(self._selected) if self._selected is not None else None
        if self._hovered is not None and self._hovered != chosen:
            x0, x1 = self._span(self._hovered)
            painter.setPen(_pen(pal.color(QPalette.ColorRole.Text), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x0 - 1.5, bar.top() - 1.5, x1 - x0 + 3.0, bar.height() + 3.0))
        if chosen is not None:
            x0, x1 = self._span(chosen)
            color = pal.color(QPalette.ColorRole.Highlight)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(_pen(color, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x0 - 2.0, bar.top() - 2.0, x1 - x0 + 4.0, bar.height() + 4.0))
            mid = (x0 + x1) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(mid - 5.0, 1.0), QPointF(mid + 5.0, 1.0), QPointF(mid, TOP - 3.0)]
                )
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # The addresses at both ends of the bar.
        fm = self.fontMetrics()
        painter.setPen(pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        axis = QRectF(bar.left(), self._axis_y(), bar.width(), fm.height())
        if self._hi > self._lo:
            align = Qt.AlignmentFlag.AlignVCenter
            painter.drawText(axis, int(align | Qt.AlignmentFlag.AlignLeft), f"{self._lo:#x}")
            painter.drawText(axis, int(align | Qt.AlignmentFlag.AlignRight), f"{self._hi:#x}")
            painter.drawText(
                axis,
                int(align | Qt.AlignmentFlag.AlignHCenter),
                self.tr("compressed scale: gaps and VMAs grow with the log of their size"),
            )
        else:
            painter.drawText(bar, int(Qt.AlignmentFlag.AlignCenter), self.tr("No VMAs"))
        # The legend.
        x = bar.left()
        y = self._legend_y()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        for kind, text in self._legend():
            swatch = QRectF(x, y + (fm.height() - SWATCH_H) / 2, SWATCH_W, SWATCH_H)
            _paint_swatch(painter, swatch, kind, styles)
            x += SWATCH_W + 5
            painter.setPen(text_color)
            painter.drawText(
                QRectF(x, y, fm.horizontalAdvance(text) + 2, fm.height()),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                text,
            )
            x += fm.horizontalAdvance(text) + 14
        painter.end()

    # -- events ------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(float(event.pos().x()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._image = None
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        hovered = (
            self._hit(pos.x()) if self.bar_rect().adjusted(0, -2, 0, 2).contains(pos) else None
        )
        if hovered != self._hovered:
            self._hovered = hovered
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton and self.bar_rect().adjusted(
            0, -2, 0, 2
        ).contains(pos):
            i = self._hit(pos.x())
            if i is not None:
                start = self._pieces[i].start
                self.set_selected(start)
                self.vma_clicked.emit(start)
                event.accept()
                return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._image = None
        super().resizeEvent(event)


def _runs(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge spans (sorted by left edge) that touch or share a pixel."""
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + 0.5:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
