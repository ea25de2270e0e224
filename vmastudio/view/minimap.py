"""The overview of a large scene: density strips, the minimap widget, "Go to address…".

At overview zoom a 65,530-VMA scene has ~450,000 items, each narrower than a screen
pixel; painting them one by one costs seconds per frame. ``overview_of(scene)`` instead
draws what the scene shows as a few strips (the address map, the list, one strip per
tree level), one pixel per bucket of columns, coloured by what falls in the bucket (red
and black nodes mixed in proportion). It is built from the scene's data in O(n), cached
per drawn snapshot and theme, and painted in O(1) items. ``SceneView`` paints it instead
of the items when a column is narrower than ``OVERVIEW_COL_PX`` screen pixels, and the
``Minimap`` widget paints it small, with the view's visible rectangle on top.

Hooking into the main window (``MainWindow`` is not changed here)::

    from vmastudio.view.minimap import Minimap, go_to_address
    minimap = Minimap(self.view)            # a dock widget or a corner of the view
    dock = QDockWidget(self.tr("Overview"), self); dock.setWidget(minimap)
    # Edit → Go to address… (Ctrl+G): ask for a hex address, then
    found = go_to_address(self.document, self.scene, self.view, addr)
    if found is None: self.statusBar().showMessage(self.tr("No VMA at or above {0:#x}"))
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGraphicsView, QSizePolicy, QWidget

from ..engine.search import snapshot_find_vma
from ..model.document import Document
from .layout import BOX_H, COL_W, LEFT, LIST_Y, MAP_H, MAP_Y, NODE_H, node_y
from .scene import VmaScene
from .scene_view import OVERVIEW_COL_PX as OVERVIEW_COL_PX

# OVERVIEW_COL_PX (below it the view paints the overview) lives with the view, which tests
# it on every paint without importing this module.
#: At most this many buckets (image pixels) across.
MAX_BUCKETS = 4096


@dataclass(frozen=True, slots=True)
class Overview:
    """One image, one row per strip, and where each row goes in scene coordinates."""

    image: QImage
    rows: tuple[QRectF, ...]


def _mix(a: QColor, b: QColor, t: float) -> int:
    """``a`` and ``b`` mixed (``t`` of ``b``), as an ARGB value."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    ).rgb()


def overview_of(scene: VmaScene) -> Overview:
    """The scene's overview for what it draws now (cached per snapshot and theme)."""
    key = (id(scene.drawn_snapshot()), scene.theme.name, scene.scale_mode, len(scene.columns()))
    cached: tuple[object, Overview] | None = getattr(scene, "_overview_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    overview = _build(scene)
    scene._overview_cache = (key, overview)  # type: ignore[attr-defined]
    return overview


def _build(scene: VmaScene) -> Overview:
    t = scene.theme
    ordered = scene.columns()
    n = max(1, len(ordered))
    width = max(1, min(n, MAX_BUCKETS))
    depths = scene.depths()
    max_depth = max(depths.values(), default=-1)
    # Rows: 0 the map, 1 the list, 2 the unlinked row, 3 + d tree level d.
    image = QImage(width, 3 + max_depth + 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    red = t.red_fill.color()
    black = t.black_fill.color()
    # Tree levels and the unlinked row: count red and black nodes per bucket.
    counts: dict[tuple[int, int], list[int]] = {}
    listed: set[int] = set()
    for i, s in enumerate(ordered):
        b = i * width // n
        state = scene.node_state(s)
        if state is None:
            continue
        node, ghost = state
        row = 2 if ghost or s not in depths else 3 + depths[s]
        c = counts.setdefault((row, b), [0, 0])
        c[0 if node.color == "R" else 1] += 1
        if scene.in_list(s):
            listed.add(b)
    for (row, b), (r, k) in counts.items():
        image.setPixel(b, row, _mix(red, black, k / (r + k)))
    box = t.box_fill.color().darker(130).rgb()
    for b in listed:
        image.setPixel(b, 1, box)
    # The map: buckets over its own x range (compressed or linear scale).
    scale = scene.address_scale()
    x0, x1 = LEFT, max(scale.right, LEFT + 1.0)
    per_px = width / (x1 - x0)
    anon = t.bar_fill.color().darker(115).rgb()
    filed = t.bar_file_fill.color().darker(115).rgb()
    for s in ordered:
        state = scene.node_state(s)
        if state is None:
            continue
        node = state[0]
        a = int((scale.x_of(node.start) - x0) * per_px)
        e = int((scale.x_of(node.end) - x0) * per_px)
        colour = filed if node.file else anon
        for px in range(max(0, a), min(width - 1, e) + 1):
            image.setPixel(px, 0, colour)
    tree_x0, tree_w = LEFT, n * COL_W
    rows = [
        QRectF(x0, MAP_Y, x1 - x0, MAP_H),
        QRectF(tree_x0, LIST_Y - BOX_H / 2, tree_w, BOX_H),
        QRectF(tree_x0, node_y(None) - NODE_H / 2, tree_w, NODE_H),
    ]
    rows += [QRectF(tree_x0, node_y(d) - NODE_H / 2, tree_w, NODE_H) for d in range(max_depth + 1)]
    return Overview(image, tuple(rows))


def paint_overview(painter: QPainter, scene: VmaScene) -> None:
    """Paint the overview in scene coordinates (the painter maps scene → device)."""
    if scene.virtual:
        # A large scene: its level-of-detail drawing, at the painter's scale.
        lod = abs(painter.worldTransform().m11()) or 1e-6
        scene.lod_layer().paint_lod(painter, scene.sceneRect(), lod)
        return
    ov = overview_of(scene)
    w = ov.image.width()
    for row, target in enumerate(ov.rows):
        painter.drawImage(target, ov.image, QRectF(0, row, w, 1))
    # What the current step is about stays findable: a ring around it.
    focus = scene.focus_rect()
    if not focus.isEmpty():
        pen = QPen(scene.theme.role_colors.get("current", QColor("#e8590c")), 3.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(focus.adjusted(-COL_W, -40, COL_W, 40))


def use_overview(view: QGraphicsView) -> bool:
    """Whether ``view`` is zoomed out so far that a column is under a couple of pixels."""
    return view.transform().m11() * COL_W < OVERVIEW_COL_PX


class Minimap(QWidget):
    """The whole scene, small, with the visible part of ``view`` framed; click or drag
    to move the view there."""

    def __init__(self, view: QGraphicsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minimap")
        self._view = view
        self.setMinimumSize(160, 60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        scene = view.scene()
        if scene is not None:
            scene.changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(400, 90)

    def _scale(self) -> tuple[QRectF, float, float]:
        rect = self._view.sceneRect()
        sx = self.width() / max(rect.width(), 1.0)
        sy = self.height() / max(rect.height(), 1.0)
        return rect, sx, sy

    def visible_rect(self) -> QRectF:
        """The part of the scene the view shows, in scene coordinates."""
        return self._view.mapToScene(self._view.viewport().rect()).boundingRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self._view.scene()
        painter = QPainter(self)
        painter.fillRect(self.rect(), scene.backgroundBrush() if scene is not None else Qt.white)
        if isinstance(scene, VmaScene):
            rect, sx, sy = self._scale()
            painter.save()
            painter.scale(sx, sy)
            painter.translate(-rect.left(), -rect.top())
            paint_overview(painter, scene)
            painter.restore()
            vis = self.visible_rect()
            frame = QRectF(
                (vis.left() - rect.left()) * sx,
                (vis.top() - rect.top()) * sy,
                max(vis.width() * sx, 3.0),
                max(vis.height() * sy, 3.0),
            )
            painter.setPen(QPen(scene.theme.role_colors.get("current", QColor("#1971c2")), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1)))
        painter.end()

    def scene_pos(self, x: float, y: float) -> QPointF:
        rect, sx, sy = self._scale()
        return QPointF(rect.left() + x / sx, rect.top() + y / sy)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._view.centerOn(self.scene_pos(event.position().x(), event.position().y()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._view.centerOn(self.scene_pos(event.position().x(), event.position().y()))
            event.accept()


def find_vma_at(document: Document, addr: int, op: int | None = None) -> int | None:
    """``find_vma(addr)`` in the state after ``op`` (default: the drawn state), through
    the engine's walk of the snapshot: the id of the first VMA with ``vm_end > addr``, or
    None. O(height), so it stays instant at 65,530 VMAs."""
    snap = document.current_snapshot() if op is None else document.state(op)
    return snapshot_find_vma(snap, addr)


def show_vma(scene: VmaScene, view: QGraphicsView | None, start: int) -> None:
    """Select ``start`` and bring its tree node into view, zooming in to a readable level
    if the view is zoomed out (a virtual scene makes the items there)."""
    scene.select_vma(start)
    if view is None:
        return
    if view.transform().m11() < 0.5 or view.transform().m11() != view.transform().m22():
        view.resetTransform()
        view.scale(0.8, 0.8)
    item = scene.node_item(start)
    if item is not None:
        view.centerOn(item)
    else:
        x = scene.column_x(start)
        if x is not None:
            view.centerOn(x, scene.map_y())


def go_to_address(
    document: Document, scene: VmaScene, view: QGraphicsView | None, addr: int
) -> int | None:
    """Select the VMA ``find_vma(addr)`` returns and bring its tree node into view."""
    start = find_vma_at(document, addr)
    if start is None:
        return None
    show_vma(scene, view, start)
    return start
