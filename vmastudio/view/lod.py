"""Level of detail for a large (virtual) scene: aggregated subtrees, a list band, a map strip.

Zoomed out, a 65,530-VMA scene has no items for its VMAs (see ``scene.VmaScene``); the
``LodLayer`` paints it instead, at a cost that follows the screen, not the VMA count:

- the tree is walked from the root, and every subtree narrower than ``AGG_PX`` screen
  pixels is drawn as one triangle from its root down to its height, filled with its mix
  of red and black nodes, with its node count and height written in when there is room;
  the nodes above that cut are drawn as small red and black boxes with their edges;
- the ``mm->mmap`` list is a band over every column (the VMAs outside the list, at most
  the one being inserted or erased, are left out of it);
- the address map is a density strip: an image with one pixel per ``MAP_PX_UNITS`` scene
  units, made once per address scale, drawn through a cached, smoothly down-scaled copy
  that matches the zoom.

Subtree figures (height, red count, node count) are kept per node and brought up to date
after each step from the nodes the step changed and their ancestors, so stepping stays
cheap; the numbers are exact, the engine's tree is only read.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..engine.snapshot import Snapshot
from ..engine.timeline import collector_paused
from .layout import BOX_H, COL_W, LEFT, LEVEL_H, LIST_Y, MAP_H, MAP_Y, NODE_H, NODE_W, node_y

if TYPE_CHECKING:
    from .scene import VmaScene

#: A subtree narrower than this many screen pixels is drawn as one aggregated shape.
AGG_PX = 28.0
#: Nodes above the cut narrower than this many screen pixels are drawn as dots this big.
MARK_PX = 5.0
#: Scene units per pixel of the map strip's full-resolution image.
MAP_PX_UNITS = 20.0
#: The widest map strip image (pixels); wider maps get coarser pixels.
MAP_MAX_PX = 1 << 19

#: (height, red nodes, nodes) of a subtree.
Stats = tuple[int, int, int]


class Piece(NamedTuple):
    """One thing the tree is drawn as: a node (``children``: the x of its children) or an
    aggregated subtree (no children, ``size`` > 1) from ``y`` down to ``base``."""

    root: int
    x: float
    y: float
    xl: float
    xr: float
    base: float
    size: int
    height: int
    reds: int
    children: tuple[float, ...]
    red: bool = False


def node_y_after(y: float) -> float:
    """Centre y of the level below a node at ``y``."""
    return y + LEVEL_H


def _tr(text: str) -> str:
    return QCoreApplication.translate("LodLayer", text)


def _pixel(color: QColor) -> bytes:
    """``color`` as one pixel of a ``Format_ARGB32_Premultiplied`` image (in memory: the
    32-bit value 0xAARRGGBB, little-endian, with the colour multiplied by alpha)."""
    a = color.alpha()
    r, g, b = ((c * a + 127) // 255 for c in (color.red(), color.green(), color.blue()))
    return ((a << 24) | (r << 16) | (g << 8) | b).to_bytes(4, sys.byteorder)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` and ``b`` mixed (``t`` of ``b``)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


class SubtreeStats:
    """Height, red count and size of every subtree of the drawn snapshot, kept up to date
    incrementally (a step invalidates the nodes it changed and their ancestors)."""

    def __init__(self) -> None:
        self._stats: dict[int, Stats] = {}
        self._snap: Snapshot | None = None
        self._preorder: list[int] | None = None

    def reset(self, snap: Snapshot | None, preorder: Iterable[int] | None = None) -> None:
        """Figures for ``snap`` from now on. ``preorder``: its tree's nodes, each before
        its children (``layout.depths`` gives them so), which spares the whole tree's
        first computation its top-down walk."""
        self._stats.clear()
        self._snap = snap
        self._preorder = None if preorder is None else list(preorder)

    def changed(self, snap: Snapshot, dirty: set[int]) -> None:
        """``snap`` replaces the snapshot the figures were made for; ``dirty`` holds every
        VMA whose drawn node changed in between."""
        old = self._snap
        self._snap = snap
        self._preorder = None  # (the tree may have changed shape)
        stats = self._stats
        if not stats:
            return
        for source in (old, snap):
            if source is None:
                continue
            nodes = source.nodes
            for s in dirty:
                key: int | None = s
                while key is not None:
                    had = stats.pop(key, None)
                    node = nodes.get(key)
                    if node is None or (had is None and key != s):
                        break
                    key = node.parent

    def get(self, start: int) -> Stats:
        """The figures of the subtree under ``start`` (computed once, post-order)."""
        found = self._stats.get(start)
        if found is not None:
            return found
        snap = self._snap
        assert snap is not None
        with collector_paused():  # (65,530 lasting tuples: no collection meanwhile)
            self._compute(snap, start)
        return self._stats[start]

    def _compute(self, snap: Snapshot, start: int) -> None:
        nodes = snap.nodes
        stats = self._stats
        order = self._preorder
        if order is None or stats or start != snap.root:
            # Top-down, every node not yet known (the list grows while it is read)...
            order = [start]
            append = order.append
            for key in order:
                node = nodes[key]
                left, right = node.left, node.right
                if left is not None and left not in stats:
                    append(left)
                if right is not None and right not in stats:
                    append(right)
        self._preorder = None
        # ... then bottom-up in reverse: each node after both its children.
        for key in reversed(order):
            node = nodes[key]
            height, reds, count = 1, 1 if node.color == "R" else 0, 1
            left, right = node.left, node.right
            if left is not None:
                ch, cr, cc = stats[left]
                height = ch + 1
                reds += cr
                count += cc
            if right is not None:
                ch, cr, cc = stats[right]
                if ch >= height:
                    height = ch + 1
                reds += cr
                count += cc
            stats[key] = (height, reds, count)


class LodLayer(QGraphicsItem):
    """The whole scene, aggregated, for a virtual scene zoomed out (one item)."""

    def __init__(self, scene: VmaScene) -> None:
        super().__init__()
        self._scene = scene
        self.stats = SubtreeStats()
        self._bounds = QRectF()
        self._map_key: tuple[object, ...] | None = None
        self._map_image = QImage()
        self._map_version = -1
        self._map_levels: dict[int, QImage] = {}
        #: How many aggregated subtrees the last paint drew (tests).
        self.last_aggregates = 0
        self._last_lod = 0.0
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(-5)

    # -- invalidation (the scene calls these) --------------------------------------------
    def invalidate(
        self,
        snap: Snapshot | None = None,
        dirty: set[int] | None = None,
        preorder: Iterable[int] | None = None,
    ) -> None:
        """The drawn snapshot changed (``dirty``: the VMAs that did; None: everything;
        ``preorder``: with None, the tree's nodes each before its children, if known)."""
        if snap is not None:
            if dirty is None:
                self.stats.reset(snap, preorder)
            else:
                self.stats.changed(snap, dirty)
        rect = self._scene.sceneRect() if self._scene.virtual else QRectF()
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = rect
        if self.isVisible():
            self.update()

    def set_theme(self, _theme: object) -> None:
        self._map_key = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    # -- painting -------------------------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        # Horizontal screen pixels per scene unit: what decides how many columns share
        # a pixel (a virtual scene's "fit" stretches x and y differently).
        lod = abs(painter.worldTransform().m11()) or option.levelOfDetailFromTransform(
            painter.worldTransform()
        )
        exposed = option.exposedRect
        self._last_lod = lod  # the view's zoom (not the minimap's), for aggregate_at
        self.paint_lod(painter, exposed, lod)

    def paint_lod(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        """Paint the aggregated scene inside ``exposed`` at ``lod`` screen px per unit."""
        scene = self._scene
        snap = scene.drawn_snapshot()
        if snap is None:
            return
        painter.save()
        self._paint_map(painter, exposed, lod)
        self._paint_list(painter, exposed, lod)
        self._paint_tree(painter, snap, exposed, lod)
        focus = scene.focus_rect()
        if not focus.isEmpty():
            pen = QPen(scene.theme.role_colors.get("current", QColor("#e8590c")), 3.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            # 12 screen pixels around it on each axis (a fitted view scales x and y apart).
            t = painter.worldTransform()
            gx = 12.0 / max(abs(t.m11()), 1e-9)
            gy = 12.0 / max(abs(t.m22()), 1e-9)
            painter.drawRect(focus.adjusted(-gx, -gy, gx, gy))
        painter.restore()

    def _cut(self, snap: Snapshot, exposed: QRectF, lod: float) -> Iterator[Piece]:
        """The tree as drawn at ``lod``: single nodes above the cut, aggregated subtrees
        at it (subtrees narrower than ``AGG_PX`` screen pixels), inside ``exposed``."""
        n = len(self._scene.columns())
        column_rank = self._scene.column_rank
        if snap.root is None or n == 0:
            return
        nodes = snap.nodes
        stats = self.stats
        stack: list[tuple[int, int, int, int]] = [(snap.root, 0, n - 1, 0)]
        left, right, bottom = exposed.left(), exposed.right(), exposed.bottom()
        while stack:
            key, lo, hi, d = stack.pop()
            xl = LEFT + COL_W * lo
            xr = LEFT + COL_W * (hi + 1)
            y = node_y(d)
            if xr < left or xl > right or y - NODE_H > bottom:
                continue
            node = nodes.get(key)
            if node is None:
                continue
            rank = column_rank(key)
            x = LEFT + COL_W * (rank + 0.5)
            height, reds, count = stats.get(key)
            if count > 1 and (xr - xl) * lod < AGG_PX:
                yield Piece(
                    key, x, y, xl, xr, node_y(d + height - 1) + NODE_H / 2, count, height, reds, ()
                )
                continue
            children = []
            for child, clo, chi in ((node.left, lo, rank - 1), (node.right, rank + 1, hi)):
                if child is not None:
                    children.append(LEFT + COL_W * (column_rank(child) + 0.5))
                    stack.append((child, clo, chi, d + 1))
            yield Piece(
                key,
                x,
                y,
                xl,
                xr,
                y + NODE_H / 2,
                count,
                height,
                reds,
                tuple(children),
                node.color == "R",
            )

    def _paint_tree(self, painter: QPainter, snap: Snapshot, exposed: QRectF, lod: float) -> None:
        t = self._scene.theme
        red = t.red_fill.color()
        black = t.black_fill.color()
        edge_pen = QPen(t.edge_pen)
        edge_pen.setCosmetic(True)
        edge_pen.setWidthF(1.0)
        outline = QPen(t.muted)
        outline.setCosmetic(True)
        outline.setWidthF(0.8)
        aggregates: list[Piece] = []
        # Hundreds of tall filled triangles: antialiased, they cost ~0.1 ms each; their
        # edges are vertical-ish lines a pixel wide, so aliasing is not visible.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for piece in self._cut(snap, exposed, lod):
            x, y = piece.x, piece.y
            if not piece.children and piece.size > 1:
                mix = _mix(red, black, (piece.size - piece.reds) / piece.size)
                painter.setPen(outline)
                painter.setBrush(mix)
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(x, y - NODE_H / 2),
                            QPointF(piece.xr, piece.base),
                            QPointF(piece.xl, piece.base),
                        ]
                    )
                )
                aggregates.append(piece)
                continue
            painter.setPen(edge_pen)
            below = node_y_after(y) - NODE_H / 2
            for cx in piece.children:
                painter.drawLine(QPointF(x, y + NODE_H / 2), QPointF(cx, below))
            if NODE_W * lod >= MARK_PX:
                painter.setPen(outline)
                painter.setBrush(red if piece.red else black)
                painter.drawRect(QRectF(x - NODE_W / 2, y - NODE_H / 2, NODE_W, NODE_H))
            else:
                # Narrower than a few pixels: a dot of fixed screen size, in its colour.
                dot = QPen(red if piece.red else black, MARK_PX)
                dot.setCosmetic(True)
                painter.setPen(dot)
                painter.drawPoint(QPointF(x, y))
        self.last_aggregates = len(aggregates)
        self._label(painter, aggregates)

    def _label(self, painter: QPainter, aggregates: list[Piece]) -> None:
        """Write each aggregate's node count and height along it where there is room (in
        screen pixels, so it reads at any zoom)."""
        transform = painter.worldTransform()
        painter.save()
        painter.resetTransform()
        font = painter.font()
        font.setPixelSize(10)
        painter.setFont(font)
        fm = painter.fontMetrics()
        for piece in aggregates:
            top = transform.map(QPointF(piece.x, piece.y))
            base = transform.map(QPointF(piece.x, piece.base))
            width = (piece.xr - piece.xl) * abs(transform.m11())
            text = _tr("{0} VMAs · height {1}").format(f"{piece.size:,}", piece.height)
            length = fm.horizontalAdvance(text)
            dark = piece.reds * 2 < piece.size
            painter.setPen(QColor("#ffffff") if dark else QColor("#212529"))
            if base.y() - top.y() > length + 24 and width >= 14:
                # Along a tall, narrow triangle: rotated, in its lower (wider) part.
                painter.save()
                painter.translate(base.x() + 4, base.y() - 6)
                painter.rotate(-90)
                painter.drawText(QPointF(0, 0), text)
                painter.restore()
            elif width > length + 8 and base.y() - top.y() > 18:
                painter.drawText(
                    QRectF(base.x() - width / 2, base.y() - 16, width, 14),
                    Qt.AlignmentFlag.AlignHCenter,
                    text,
                )
        painter.restore()

    def aggregate_at(self, pos: QPointF) -> Piece | None:
        """The aggregated subtree drawn under ``pos`` (scene coordinates) at the last
        painted zoom, or None."""
        snap = self._scene.drawn_snapshot()
        if snap is None or self._last_lod <= 0:
            return None
        probe = QRectF(pos.x() - 1, pos.y() - 1, 2, 2)
        for piece in self._cut(snap, probe, self._last_lod):
            if piece.children or piece.size <= 1:
                continue
            if piece.y - NODE_H / 2 <= pos.y() <= piece.base and piece.xl <= pos.x() <= piece.xr:
                return piece
        return None

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        piece = self.aggregate_at(event.scenePos())
        if piece is None:
            self.setToolTip("")
            return
        share = 100.0 * piece.reds / piece.size
        snap = self._scene.drawn_snapshot()
        assert snap is not None  # aggregate_at found a piece of it
        # piece.root is the top node's id; the tooltip names it by its vm_start.
        self.setToolTip(
            _tr(
                "Subtree of {0:x}: {1} VMAs, height {2}, {3:.0f}% red nodes.\n"
                "Zoom in to see its nodes."
            ).format(snap.nodes[piece.root].start, f"{piece.size:,}", piece.height, share)
        )

    def _paint_list(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        scene = self._scene
        t = scene.theme
        ordered = scene.columns()
        if not ordered:
            return
        top = LIST_Y - BOX_H / 2
        if top > exposed.bottom() or top + BOX_H < exposed.top():
            return
        x0 = LEFT + COL_W * 0.5 - COL_W / 2
        x1 = LEFT + COL_W * len(ordered)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(t.box_fill.color().darker(115))
        painter.drawRect(QRectF(x0, top, x1 - x0, BOX_H))
        outside = scene.unlisted()
        painter.setBrush(scene.backgroundBrush())
        for s in outside:
            if s not in scene.column_keys():
                continue
            x = LEFT + COL_W * scene.column_rank(s)
            painter.drawRect(QRectF(x, top - 1, COL_W, BOX_H + 2))
        # The band's caption in screen pixels, at the visible left end (when the map
        # above leaves room for it).
        transform = painter.worldTransform()
        if (top - MAP_Y - MAP_H) * abs(transform.m22()) < 18:
            return
        p = transform.map(QPointF(max(x0, exposed.left()), top))
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(t.section))
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        text = _tr("mm->mmap: {0} VMAs in address order (zoom in for the boxes)").format(
            f"{len(ordered) - len(outside):,}"
        )
        painter.drawText(QPointF(p.x() + 6, p.y() - 6), text)
        painter.restore()

    # -- the address map strip ---------------------------------------------------------------
    def _map_strip(self) -> tuple[QImage, float]:
        """The full-resolution strip and its scene units per pixel (cached per scale)."""
        scene = self._scene
        scale = scene.address_scale()
        key = (id(scale), scene.theme.name)
        units = max(MAP_PX_UNITS, (scale.right - LEFT) / MAP_MAX_PX)
        if key == self._map_key and self._map_version == scale.version:
            return self._map_image, units
        t = scene.theme
        ordered = scene.columns()
        starts = scene.column_starts()
        ranges = scale.changed_since(self._map_version) if key == self._map_key else None
        if ranges is None:
            # The whole strip (a new scale or theme), written as one row of pixels: 65,530
            # painter calls cost ~0.1 s of the first frame, the row a fraction of that.
            width = max(1, math.ceil((scale.right - LEFT) / units))
            image = self._whole_strip(width, units)
            ranges = []
        else:
            # Only what the incremental scale edits redrew (one gap per insert/erase).
            image = self._map_image
        p = QPainter(image)
        anon = t.bar_fill.color().darker(115)
        filed = t.bar_file_fill.color().darker(115)
        x_of = scale.x_of
        for x0, x1 in ranges:
            p.fillRect(
                QRectF((x0 - LEFT) / units, 0, (x1 - x0) / units + 1, 1), t.gap_brush.color()
            )
            lo = max(0, bisect_left(starts, scale.address_at(x0)) - 1)
            hi = bisect_left(starts, scale.address_at(x1)) + 1
            for s in ordered[lo:hi]:
                state = scene.node_state(s)
                if state is None:
                    continue
                node = state[0]
                a = (x_of(node.start) - LEFT) / units
                b = (x_of(node.end) - LEFT) / units
                p.fillRect(QRectF(a, 0, max(b - a, 1.0), 1), filed if node.file else anon)
        p.end()
        self._map_image = image
        self._map_levels = {}
        self._map_key = key
        self._map_version = scale.version
        return image, units

    def _whole_strip(self, width: int, units: float) -> QImage:
        """The strip of the whole scale, ``width`` pixels of ``units`` scene units: the gap
        colour with every drawn VMA over it. A VMA covers the pixels whose centres its
        range covers, and at least one (as ``fillRect`` does without antialiasing); where
        VMAs share a pixel the later one (in address order) shows."""
        scene = self._scene
        scale = scene.address_scale()
        t = scene.theme
        gap = _pixel(t.gap_brush.color())
        anon = _pixel(t.bar_fill.color().darker(115))
        filed = _pixel(t.bar_file_fill.color().darker(115))
        row = bytearray(gap * width)
        edges = scale.edges
        x_of = scale.x_of
        # One pass in address order; every operation here runs 65,530 times.
        for state in map(scene.node_states().get, scene.columns()):
            if state is None:
                continue
            node = state[0]
            xa = edges.get(node.start)
            if xa is None:
                xa = x_of(node.start)
            xb = edges.get(node.end)
            if xb is None:
                xb = x_of(node.end)
            a = (xa - LEFT) / units
            b = (xb - LEFT) / units
            pa = int(a + 0.5)
            pb = int((b if b > a + 1.0 else a + 1.0) + 0.5)
            if pb <= pa:
                pb = pa + 1
            if pb > width:  # (a slice past the end would grow the row)
                pb = width
            if pa < pb:
                row[pa * 4 : pb * 4] = (filed if node.file else anon) * (pb - pa)
        image = QImage(bytes(row), width, 1, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        return image.copy()  # its own pixels (the bytes above are a temporary)

    def _paint_map(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        if exposed.bottom() < MAP_Y or exposed.top() > MAP_Y + MAP_H:
            return
        image, units = self._map_strip()
        # Screen pixels per image pixel; below 1, draw a down-scaled copy (area average).
        per = units * lod
        level = 0
        while per * (1 << level) < 0.75 and (image.width() >> level) > 64:
            level += 1
        source = image
        if level:
            source = self._map_levels.get(level, QImage())
            if source.isNull():
                w = max(1, image.width() >> level)
                source = image.scaled(
                    w,
                    1,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                self._map_levels[level] = source
        target = QRectF(LEFT, MAP_Y, image.width() * units, MAP_H)
        painter.drawImage(target, source, QRectF(0, 0, source.width(), 1))
