"""``MapleOverviewItem``: a large maple tree (a whole process) as one item of blocks.

A 65,530-VMA space has ~7,700 maple nodes; an item per node and per edge cost ~0.45 s to
build on every step and ~0.1 s per frame (measured, ``benchmarks/gui_maps65k_612.py``).
Past ``MapleScene.DETAIL_LIMIT`` nodes the scene draws them all with this one item: each
node a block, each child edge a line, the step's nodes in their role's colour (never
thinner than a few pixels, so they show in the overview), and keeps ``MapleNodeItem``s
only for the nodes on screen at a readable zoom. Rows are kept sorted by x, so a frame
draws only the blocks it exposes (two bisections per level).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..theme import Theme
from .layout import Placed
from .node_item import NODE_ROLES, ROLE_COLOURS

#: A role-coloured block is drawn at least this many device pixels wide and high.
MIN_MARK_PX = 5.0
#: Any block at least this many device pixels wide: at fit a 65,530-VMA tree's upper
#: nodes are a tenth of a pixel, and the overview would show their edges only.
MIN_BLOCK_PX = 3.0


class _Row:
    """One tree level: its blocks sorted by left edge (their numbers, and rectangles made
    when first drawn), their right edges."""

    __slots__ = (
        "_heights",
        "_rects",
        "_tops",
        "_wide",
        "_widths",
        "bottom",
        "lefts",
        "narrowest",
        "rights",
        "top",
    )
    #: The blocks' numbers as lists of floats (no object per block for the garbage
    #: collector to scan).
    _tops: list[float]
    _widths: list[float]
    _heights: list[float]
    _rects: list[QRectF] | None
    #: The blocks widened to the last least width asked for (zoom changes are rarer than
    #: frames: panning reuses them).
    _wide: tuple[float, list[QRectF]] | None
    lefts: list[float]
    rights: list[float]
    top: float
    bottom: float
    narrowest: float

    @classmethod
    def of(cls, row: list[Placed], ordered: bool = False) -> _Row:
        """The row of ``row``'s boxes (one level; ``ordered``: already by x), from their
        numbers: the same edges as the rectangles' (``x + w`` is the rectangle's right
        edge, in the same doubles) without a Qt call per edge, and the rectangles made
        only when drawn (at fit only the widened ones are: 9,000 nodes, ~5 ms a relayout)."""
        if not ordered:
            row = sorted(row, key=_left)
        out = cls.__new__(cls)
        out._tops = [p.y for p in row]
        out._widths = [p.w for p in row]
        out._heights = [p.h for p in row]
        out._rects = None
        out.lefts = [p.x for p in row]
        out.rights = [p.x + p.w for p in row]
        out.top = min(p.y for p in row)
        out.bottom = max(p.y + p.h for p in row)
        out.narrowest = min(p.w for p in row)
        out._wide = None
        return out

    @property
    def rects(self) -> list[QRectF]:
        if self._rects is None:
            self._rects = list(map(QRectF, self.lefts, self._tops, self._widths, self._heights))
        return self._rects

    def within(self, left: float, right: float, least: float = 0.0) -> list[QRectF]:
        """The blocks between ``left`` and ``right``, each at least ``least`` wide."""
        if least > 0.0:
            # Rounded up to an eighth of a power of two: a refit to a slightly other
            # scale (the tree's rectangle moved by a dead node's block) reuses the blocks.
            least = 2.0 ** (math.ceil(math.log2(least) * 8.0) / 8.0)
        if self.narrowest < least:
            if self._wide is None or self._wide[0] != least:
                # ``_widened`` of each block, from its numbers.
                self._wide = (
                    least,
                    [
                        QRectF(x + (w - least) / 2, y, least, h)
                        if w < least
                        else QRectF(x, y, w, h)
                        for x, y, w, h in zip(
                            self.lefts, self._tops, self._widths, self._heights, strict=True
                        )
                    ],
                )
            rects = self._wide[1]
        else:
            rects = self.rects
        return rects[bisect_left(self.rights, left) : bisect_right(self.lefts, right)]


class MapleOverviewItem(QGraphicsItem):
    """Every placed node as a block and every parent→child edge as a line."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._rows: list[_Row] = []
        self._edges = QPainterPath()
        #: The blocks of the nodes that died in the step, drawn faded below the tree.
        self._ghosts: list[QRectF] = []
        self._rect = QRectF()
        self._tree_rect = QRectF()
        self.setZValue(0)
        #: The role-coloured blocks: an item of their own (a child, drawn above), so a
        #: step that only moves them repaints neither the blocks nor the edges, which
        #: are cached in device pixels (a frame at fit blits them: 7,664 edges and blocks
        #: were ~5 ms to draw).
        self._marks_item = _Marks(self)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # exposedRect is the part to repaint only with the extended style option.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_layout(
        self,
        placed: Mapping[int, Placed],
        edges: QPainterPath,
        levels: Sequence[list[Placed]] | None = None,
    ) -> None:
        """The blocks of ``placed`` (by node id) and the edges (a path of line segments);
        O(n log n).
        ``levels``: the same boxes grouped by level, top down, each by x (not grouped
        again)."""
        self.prepareGeometryChange()
        rect = QRectF()
        if levels is None:
            by_level: dict[float, list[Placed]] = {}
            for p in placed.values():
                by_level.setdefault(p.y, []).append(p)
            levels = [sorted(by_level[y], key=_left) for y in sorted(by_level)]
        rows: list[_Row] = []
        for level in levels:
            row = _Row.of(level, ordered=True)
            rows.append(row)
            rect = rect.united(
                QRectF(row.lefts[0], row.top, max(row.rights) - row.lefts[0], row.bottom - row.top)
            )
        self._rows = rows
        self._edges = edges
        self._tree_rect = rect
        self._rect = _united(rect, self._ghosts)
        self._marks_item.set_bounds(self.boundingRect())
        self.update()

    def set_ghosts(self, blocks: list[QRectF]) -> None:
        """The blocks of the step's dead nodes (drawn faded): O(dead nodes), the tree's
        blocks and edges stay."""
        if not blocks and not self._ghosts:
            return
        self.prepareGeometryChange()
        self._ghosts = blocks
        self._rect = _united(self._tree_rect, blocks)
        self._marks_item.set_bounds(self.boundingRect())
        self.update()

    def ghost_count(self) -> int:
        return len(self._ghosts)

    def set_marks(self, placed: Mapping[int, Placed], roles: Mapping[int, tuple[str, ...]]) -> None:
        """The step's nodes, each in the colour of its first role (``NODE_ROLES`` order)."""
        marks: list[tuple[QRectF, QColor]] = []
        for nid, names in roles.items():
            p = placed.get(nid)
            colour = next((ROLE_COLOURS[r] for r in NODE_ROLES if r in names), None)
            if p is not None and colour is not None:
                marks.append((QRectF(p.x, p.y, p.w, p.h), QColor(colour)))
        self._marks_item.set_marks(marks)

    def block_count(self) -> int:
        return sum(len(row.rects) for row in self._rows)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-4, -4, 4, 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        t = self._theme
        exposed = option.exposedRect
        scale = max(abs(painter.worldTransform().m11()), 1e-9)
        least = MIN_BLOCK_PX / scale
        left, right = exposed.left() - least, exposed.right() + least
        # Thousands of axis-aligned blocks and hair lines: antialiasing them cost ~25 ms a
        # frame at fit (measured on 7,664 nodes) and shows nothing finer.
        painter.save()  # the hint must not reach the node items painted after this one
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(t.edge_pen.color(), 0))  # cosmetic: one pixel at any zoom
        painter.setBrush(Qt.BrushStyle.NoBrush)  # (the segments are stroked, not filled)
        painter.drawPath(self._edges)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.black_fill)
        for row in self._rows:
            if row.bottom >= exposed.top() and row.top <= exposed.bottom():
                painter.drawRects(row.within(left, right, least))
        if self._ghosts:
            painter.setOpacity(0.35)
            painter.drawRects([_widened(r, least) for r in self._ghosts])
        painter.restore()


class _Marks(QGraphicsItem):
    """The step's nodes as blocks in their role's colour, never under ``MIN_MARK_PX``."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self._marks: list[tuple[QRectF, QColor]] = []
        self._rect = QRectF()
        self.setZValue(1)

    def set_marks(self, marks: list[tuple[QRectF, QColor]]) -> None:
        self._marks = marks
        self.update()

    def set_bounds(self, rect: QRectF) -> None:
        """The overview's rectangle: a mark is a few pixels at least at any zoom, so its
        block alone does not bound it."""
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if not self._marks:
            return
        scale = max(abs(painter.worldTransform().m11()), 1e-9)
        vscale = max(abs(painter.worldTransform().m22()), 1e-9)
        min_w, min_h = MIN_MARK_PX / scale, MIN_MARK_PX / vscale
        painter.setPen(Qt.PenStyle.NoPen)
        for block, colour in self._marks:
            painter.setBrush(colour)
            c = block.center()
            w, h = max(block.width(), min_w), max(block.height(), min_h)
            painter.drawRect(QRectF(c.x() - w / 2, c.y() - h / 2, w, h))


def _left(p: Placed) -> float:
    return p.x


def _widened(block: QRectF, least: float) -> QRectF:
    """``block``, at least ``least`` wide about its centre."""
    w = block.width()
    if w >= least:
        return block
    return QRectF(block.x() + (w - least) / 2, block.y(), least, block.height())


def _united(rect: QRectF, blocks: Iterable[QRectF]) -> QRectF:
    out = QRectF(rect)
    for block in blocks:
        out = out.united(block) if not out.isEmpty() else QRectF(block)
    return out
