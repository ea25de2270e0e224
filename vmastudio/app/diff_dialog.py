"""File ▸ Refresh process: what changed since the last read, drawn and listed.

``DiffDialog`` shows a ``MapsDiff`` (``engine.processes``): a summary of the counts, a
``DiffStrip`` and a table with one row per change. The strip paints the address space as
one horizontal bar on a compressed scale (``view.layout.AddressScale``: a 4 KiB page and a
40 TiB hole both get a readable width), built from the old and the new VMAs together:

- unchanged VMAs grey, added green, removed red (hatched, dashed outline);
- grown and shrunk amber: the part both reads share light, the part gained solid, the part
  given back hatched; a dashed line marks the old end and a solid line the new one;
- changed (same range; flags, file, offset or name differ) blue.

Selecting a row highlights its piece in the strip; clicking a piece selects its row. The
dialog is accepted (``exec()`` returns ``Accepted``) when the user chooses to append the
changes as ops to replay; it draws the diff and decides nothing about it.

The strip stays cheap with 65,530 VMAs: the bar is painted once per size into a cached
image, consecutive small pieces of one kind merged into one rectangle, so a paint is one
image blit plus the selection and the legend.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontDatabase,
    QHelpEvent,
    QIcon,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine.processes import MapsDiff, VmaChange
from ..engine.scenario import VmaSpec
from ..engine.vma import VM_EXEC, VM_READ, VM_SHARED, VM_WRITE, flag_names
from ..view.layout import LEFT, AddressScale, gap_start, human_size

__all__ = ["KINDS", "DiffDialog", "DiffStrip", "kind_label"]

#: The kinds of change, in the order the table and the legend list them.
KINDS: Final = ("added", "removed", "grown", "shrunk", "changed")
#: Which piece is on top where pieces overlap (a VMA split, two merged): later wins.
_PRIORITY: Final = {"unchanged": 0, "removed": 1, "changed": 2, "grown": 3, "shrunk": 3, "added": 4}
_ORDER: Final = {kind: i for i, kind in enumerate(KINDS)}

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

#: Table roles: the change's start (column 0) and its kind.
START_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
KIND_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("DiffDialog", text)


def kind_label(kind: str) -> str:
    """The word for a kind of change (translated)."""
    labels = {
        "unchanged": _tr("Unchanged"),
        "added": _tr("Added"),
        "removed": _tr("Removed"),
        "grown": _tr("Grown"),
        "shrunk": _tr("Shrunk"),
        "changed": _tr("Changed"),
    }
    return labels.get(kind, kind)


# -- colours ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    fill: QColor  # the body of a piece
    strong: QColor  # a sliver too thin for a pattern, the part gained, the table text
    line: QColor  # outline, hatch and end markers


def _styles(dark: bool) -> dict[str, _Style]:
    def s(fill: str, strong: str, line: str) -> _Style:
        return _Style(QColor(fill), QColor(strong), QColor(line))

    if dark:
        return {
            "unchanged": s("#495057", "#6c757d", "#868e96"),
            "added": s("#2b8a3e", "#69db7c", "#8ce99a"),
            "removed": s("#5c1f1f", "#ff6b6b", "#ff8787"),
            "grown": s("#5f4b0c", "#fab005", "#ffd43b"),
            "shrunk": s("#5f4b0c", "#fab005", "#ffd43b"),
            "changed": s("#1864ab", "#4dabf7", "#a5d8ff"),
            "gap": s("#25262b", "#25262b", "#5c5f66"),
        }
    return {
        "unchanged": s("#dee2e6", "#adb5bd", "#868e96"),
        "added": s("#8ce99a", "#2f9e44", "#2b8a3e"),
        "removed": s("#ffe3e3", "#e03131", "#c92a2a"),
        "grown": s("#fff3bf", "#fab005", "#e67700"),
        "shrunk": s("#fff3bf", "#fab005", "#e67700"),
        "changed": s("#a5d8ff", "#1c7ed6", "#1864ab"),
        "gap": s("#f8f9fa", "#f8f9fa", "#ced4da"),
    }


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _pen(color: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    return pen


def _end_pen(color: QColor, *, old: bool) -> QPen:
    """The marker of a grown or shrunk VMA's old end (dashed) or new end (solid)."""
    pen = _pen(color, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # a square cap would fill the dashes' gaps
    if old:
        pen.setDashPattern([2.0, 1.5])
    return pen


def _paint_swatch(painter: QPainter, rect: QRectF, kind: str, styles: dict[str, _Style]) -> None:
    """A legend / table swatch drawn the way the strip draws ``kind``."""
    if kind in ("old_end", "new_end"):
        style = styles["grown"]
        painter.setPen(_end_pen(style.line, old=kind == "old_end"))
        x = rect.center().x()
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        return
    style = styles[kind]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.fill)
    painter.drawRect(rect)
    if kind == "removed":
        painter.setBrush(QBrush(style.line, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
    elif kind in ("grown", "shrunk"):
        half = QRectF(rect.center().x(), rect.top(), rect.width() / 2, rect.height())
        if kind == "grown":
            painter.setBrush(style.strong)
        else:
            painter.setBrush(QBrush(style.line, Qt.BrushStyle.FDiagPattern))
        painter.drawRect(half)
    dash = Qt.PenStyle.DashLine if kind == "removed" else Qt.PenStyle.SolidLine
    painter.setPen(_pen(style.line, 1.0, dash))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


def _swatch_icon(kind: str, styles: dict[str, _Style]) -> QIcon:
    pixmap = QPixmap(14, 10)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    _paint_swatch(painter, QRectF(0, 0, 14, 10), kind, styles)
    painter.end()
    return QIcon(pixmap)


# -- words -----------------------------------------------------------------------------------


def _range(start: int, end: int) -> str:
    return f"[{start:x}, {end:x})"


def _resized_range(change: VmaChange) -> str:
    """``[start, old end → new end)``."""
    return f"[{change.start:x}, {change.old.end:x} → {change.new.end:x})"


def _perms(flags: int) -> str:
    return (
        ("r" if flags & VM_READ else "-")
        + ("w" if flags & VM_WRITE else "-")
        + ("x" if flags & VM_EXEC else "-")
        + ("s" if flags & VM_SHARED else "p")
    )


def _vma_label(vma: VmaSpec) -> str:
    return vma.name or vma.file or _tr("anonymous")


def _flags_change(old: int, new: int) -> str:
    parts: list[str] = []
    if _perms(old) != _perms(new):
        parts.append(f"{_perms(old)} → {_perms(new)}")
    perm_bits = VM_READ | VM_WRITE | VM_EXEC | VM_SHARED
    before = set(flag_names(old & ~perm_bits))
    after = set(flag_names(new & ~perm_bits))
    parts += [f"+{name}" for name in sorted(after - before)]
    parts += [f"−{name}" for name in sorted(before - after)]
    return " ".join(parts)


def _text(value: str | None) -> str:
    return value if value else _tr("none")


def fields_text(change: VmaChange, *, with_end: bool = False) -> str:
    """What differs besides the range (``with_end``: the word "end" first when the end
    moved), e.g. ``flags r-xp → rw-p; file a → b``."""
    old, new = change.old, change.new
    parts: list[str] = []
    for name in change.fields():
        if name == "end":
            if with_end:
                parts.append(_tr("end"))
        elif name == "flags":
            parts.append(_tr("flags {0}").format(_flags_change(old.flags, new.flags)))
        elif name == "file":
            parts.append(_tr("file {0} → {1}").format(_text(old.file), _text(new.file)))
        elif name == "pgoff":
            parts.append(_tr("offset {0:#x} → {1:#x}").format(old.pgoff << 12, new.pgoff << 12))
        elif name == "special":
            parts.append(_tr("special mapping {0} → {1}").format(old.special, new.special))
        elif name == "name":
            parts.append(_tr("name {0} → {1}").format(_text(old.name), _text(new.name)))
    return "; ".join(parts)


def _size_text(kind: str, old: VmaSpec | None, new: VmaSpec | None) -> tuple[str, int]:
    """The size column and its sort key (the change in bytes)."""
    if kind == "added" and new is not None:
        size = new.end - new.start
        return "+" + human_size(size), size
    if kind == "removed" and old is not None:
        size = old.end - old.start
        return "−" + human_size(size), -size
    if old is None or new is None:
        return "", 0
    before, after = old.end - old.start, new.end - new.start
    if before == after:
        return _tr("±0 ({0})").format(human_size(after)), 0
    sign = "+" if after > before else "−"
    return (
        _tr("{0}{1} ({2} → {3})").format(
            sign, human_size(abs(after - before)), human_size(before), human_size(after)
        ),
        after - before,
    )


# -- the pieces ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    #: The drawn extent: for grown and shrunk the larger of the two ends.
    end: int
    kind: str
    old: VmaSpec | None
    new: VmaSpec | None

    @property
    def vma(self) -> VmaSpec:
        vma = self.new or self.old
        assert vma is not None
        return vma


def _pieces(diff: MapsDiff, vmas: Iterable[VmaSpec]) -> list[_Piece]:
    out: list[_Piece] = [_Piece(v.start, v.end, "added", None, v) for v in diff.added]
    out += [_Piece(v.start, v.end, "removed", v, None) for v in diff.removed]
    for kind, changes in (
        ("grown", diff.grown),
        ("shrunk", diff.shrunk),
        ("changed", diff.changed),
    ):
        out += [_Piece(c.start, max(c.old.end, c.new.end), kind, c.old, c.new) for c in changes]
    named = {p.start for p in out}
    same: dict[int, VmaSpec] = {v.start: v for v in vmas if v.start not in named}
    out += [_Piece(v.start, v.end, "unchanged", v, v) for v in same.values()]
    out.sort(key=lambda p: (p.start, _PRIORITY[p.kind]))
    return out


def _segments(pieces: list[_Piece]) -> list[tuple[int, int]]:
    """The address ranges the pieces cover, cut at every piece edge (disjoint, in order),
    so overlapping pieces share one scale and each part keeps its own compressed width."""
    bounds = sorted({p.start for p in pieces} | {p.end for p in pieces})
    out: list[tuple[int, int]] = []
    i = 0
    reach = 0
    for a, b in pairwise(bounds):
        while i < len(pieces) and pieces[i].start <= a:
            reach = max(reach, pieces[i].end)
            i += 1
        if reach > a:
            out.append((a, b))
    return out


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


def describe_piece(kind: str, old: VmaSpec | None, new: VmaSpec | None) -> str:
    """A piece in words: what happened, its range, its size, what it maps, what differs."""
    vma = new or old
    assert vma is not None
    lines = [f"{kind_label(kind)}: "]
    if kind in ("grown", "shrunk") and old is not None and new is not None:
        change = VmaChange(old, new)
        lines[0] += _resized_range(change)
        lines.append(_size_text(kind, old, new)[0])
        lines.append(_vma_label(new))
        also = fields_text(change)
        if also:
            lines.append(_tr("also changed: {0}").format(also))
        return "\n".join(lines)
    lines[0] += _range(vma.start, vma.end)
    lines.append(human_size(vma.end - vma.start))
    lines.append(_vma_label(vma))
    if kind == "changed" and old is not None and new is not None:
        lines.append(fields_text(VmaChange(old, new)))
    return "\n".join(lines)


# -- the dialog ------------------------------------------------------------------------------


class _Row(QTreeWidgetItem):
    """A table row that sorts by numbers where the column holds numbers."""

    def __init__(self, texts: list[str], keys: list[tuple[Any, ...]]) -> None:
        super().__init__(texts)
        self.keys = keys

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if isinstance(other, _Row) and 0 <= column < len(self.keys):
            return bool(self.keys[column] < other.keys[column])
        return super().__lt__(other)


KIND_COL, RANGE_COL, SIZE_COL, NAME_COL, FIELDS_COL = range(5)


class DiffDialog(QDialog):
    """What changed in process ``pid``: counts, the strip and one row per change.

    Accepted when the user chooses "Append as ops to replay". ``vmas``: the VMAs of the
    old (or the new) read; those the diff does not mention are drawn as unchanged.
    """

    def __init__(
        self,
        diff: MapsDiff,
        pid: int,
        parent: QWidget | None = None,
        *,
        vmas: Iterable[VmaSpec] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diff_dialog")
        self.setWindowTitle(self.tr("What changed in process {0}").format(pid))
        self._diff = diff
        self._pid = pid
        self._styles = _styles(_is_dark(self.palette()))

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("diff_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.strip = DiffStrip(diff, vmas, self)

        self.table = QTreeWidget(self)
        self.table.setObjectName("diff_table")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Change"),
                self.tr("Range"),
                self.tr("Size"),
                self.tr("File / name"),
                self.tr("Fields changed"),
            ]
        )
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._items: dict[int, _Row] = {}
        self._fill()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RANGE_COL, Qt.SortOrder.AscendingOrder)
        for column in (KIND_COL, RANGE_COL, SIZE_COL):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(NAME_COL, 200)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("diff_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.buttons = QDialogButtonBox(self)
        self.append_button = self.buttons.addButton(
            self.tr("&Append as ops to replay"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.append_button.setObjectName("append_ops")
        self.append_button.setToolTip(
            self.tr(
                "Add the changes at the end of the document as erase and insert ops, in "
                "one undo step: step through them to watch the address space change."
            )
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        if self.close_button is not None:
            self.close_button.setObjectName("close_button")
            self.close_button.setText(self.tr("Close"))

        counts = (
            len(diff.added),
            len(diff.removed),
            len(diff.grown),
            len(diff.shrunk),
            len(diff.changed),
        )
        if diff:
            self.summary_label.setText(
                self.tr(
                    "Process {0} since the last read: {1} added, {2} removed, {3} grown, "
                    "{4} shrunk, {5} changed; {6} unchanged."
                ).format(pid, *counts, diff.unchanged)
            )
            self.hint_label.setText(
                self.tr(
                    "Appending adds {0} ops after the last one: first the erases, then the "
                    "inserts, in address order. Edit ▸ Undo removes them all."
                ).format(len(diff.as_ops()))
            )
            self.append_button.setDefault(True)
            self.append_button.setFocus()
        else:
            self.summary_label.setText(
                self.tr("Nothing changed in process {0} since the last read ({1} VMAs).").format(
                    pid, diff.unchanged
                )
            )
            self.hint_label.hide()
            self.append_button.setEnabled(False)
            if self.close_button is not None:
                self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.strip)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.resize(max(980, self.strip.minimumSizeHint().width() + 40), 620)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.strip.vma_clicked.connect(self._on_strip_vma_clicked)

    # -- reading -----------------------------------------------------------------------------
    def diff(self) -> MapsDiff:
        return self._diff

    def pid(self) -> int:
        return self._pid

    def rows(self) -> list[tuple[str, int]]:
        """The table as ``(kind, start)``, in the order shown."""
        out: list[tuple[str, int]] = []
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if isinstance(item, _Row):
                out.append((str(item.data(KIND_COL, KIND_ROLE)), int(item.keys[RANGE_COL][0])))
        return out

    def selected_start(self) -> int | None:
        items = self.table.selectedItems()
        if not items or not isinstance(items[0], _Row):
            return None
        return int(items[0].keys[RANGE_COL][0])

    def select_start(self, start: int) -> bool:
        """Select the row of the change at ``start`` (and its piece in the strip)."""
        item = self._items.get(start)
        if item is None:
            return False
        self.table.setCurrentItem(item)
        self.table.scrollToItem(item)
        return True

    # -- slots -------------------------------------------------------------------------------
    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self.strip.set_selected(self.selected_start())

    @Slot(object)
    def _on_strip_vma_clicked(self, start: int) -> None:
        if not self.select_start(start):
            self.table.clearSelection()
            self.strip.set_selected(start)

    # -- helpers -----------------------------------------------------------------------------
    def _fill(self) -> None:
        diff = self._diff
        entries: list[tuple[str, VmaSpec | None, VmaSpec | None]] = []
        entries += [("added", None, v) for v in diff.added]
        entries += [("removed", v, None) for v in diff.removed]
        entries += [("grown", c.old, c.new) for c in diff.grown]
        entries += [("shrunk", c.old, c.new) for c in diff.shrunk]
        entries += [("changed", c.old, c.new) for c in diff.changed]
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        icons = {kind: _swatch_icon(kind, self._styles) for kind in KINDS}
        brushes = {kind: QBrush(self._styles[kind].line) for kind in KINDS}
        rows: list[QTreeWidgetItem] = []
        for kind, old, new in entries:
            vma = new or old
            assert vma is not None
            if kind in ("grown", "shrunk") and old is not None and new is not None:
                span = _resized_range(VmaChange(old, new))
            else:
                span = _range(vma.start, vma.end)
            size, delta = _size_text(kind, old, new)
            fields = ""
            if old is not None and new is not None:
                fields = fields_text(VmaChange(old, new), with_end=True)
            label = _vma_label(vma)
            texts = [kind_label(kind), span, size, label, fields]
            keys: list[tuple[Any, ...]] = [
                (_ORDER[kind], vma.start),
                (vma.start,),
                (delta, vma.start),
                (label.casefold(), vma.start),
                (fields, vma.start),
            ]
            item = _Row(texts, keys)
            item.setIcon(KIND_COL, icons[kind])
            item.setForeground(KIND_COL, brushes[kind])
            item.setData(KIND_COL, START_ROLE, vma.start)
            item.setData(KIND_COL, KIND_ROLE, kind)
            item.setFont(RANGE_COL, mono)
            item.setTextAlignment(
                SIZE_COL, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            tip = describe_piece(kind, old, new)
            for column in range(len(texts)):
                item.setToolTip(column, tip)
            self._items[vma.start] = item
            rows.append(item)
        self.table.addTopLevelItems(rows)
