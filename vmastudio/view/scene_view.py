"""``SceneView``: zoom (wheel, pinch, keys), pan (drag the background) and "follow"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRectF, Qt, Slot
from PySide6.QtGui import QFont, QFontInfo, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGestureEvent,
    QGraphicsScene,
    QGraphicsView,
    QPinchGesture,
    QWidget,
)

from ..model.document import Document
from .binding import show_document
from .layout import COL_W
from .scene import VmaScene

MIN_ZOOM = 0.02
#: Below this many screen pixels per column the view paints the overview (the minimap
#: module's ``OVERVIEW_COL_PX`` is this value).
OVERVIEW_COL_PX = 2.0
MAX_ZOOM = 6.0


#: Fit never makes a tree node's text smaller than this (pixels on screen).
MIN_TEXT_PX = 11.0


def node_text_px(scene: QGraphicsScene) -> float:
    """Pixel height of a tree node's text at zoom 1 (the theme's monospace font)."""
    theme = getattr(scene, "theme", None)
    font = theme.mono if theme is not None else QFont()
    return float(QFontInfo(font).pixelSize())


class SceneView(QGraphicsView):
    def __init__(self, scene: VmaScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("scene_view")
        # Our own viewport, the plain QWidget Qt would make: made in Python, viewport()
        # hands back this wrapper. The one Qt makes reaches Python as a bare QWidget
        # pointer, and PySide resolves its type by initialising every QWidget subclass it
        # knows (~40 enum types, ~6 ms of the window's start-up).
        self.setViewport(QWidget())
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.follow = True
        #: Paint the overview at extreme zoom-out (see ``overview_active``).
        self.overview_enabled = True

    def bind(self, document: Document) -> None:
        """Draw ``document``'s cursor position from now on, keeping the action in sight."""
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        scene = self.scene()
        assert isinstance(scene, VmaScene)
        show_document(scene, self._document)
        self.keep_in_sight(scene.focus_rect(), scene.ranked_focus_rects())

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.zoom()
        target = min(MAX_ZOOM, max(MIN_ZOOM, current * factor))
        if target != current:
            self.scale(target / current, target / current)

    def zoom_reset(self) -> None:
        self.resetTransform()

    def fit(self) -> None:
        """Show everything when node text stays readable (``MIN_TEXT_PX``); otherwise the
        part that matters, the step's action, at the smallest readable zoom."""
        scene = self.scene()
        # A virtual scene has items only for what is in view: its scene rect is the extent.
        if isinstance(scene, VmaScene) and scene.virtual:
            # Thousands of columns side by side: "fit" shows all of them, the tree's
            # levels stretched to the window's height (aggregated by the LodLayer).
            self.fitInView(scene.sceneRect(), Qt.AspectRatioMode.IgnoreAspectRatio)
            return
        rect = scene.itemsBoundingRect().adjusted(-10, -10, 10, 10)
        if rect.isEmpty():
            return
        port = self.viewport().rect()
        whole = min(port.width() / rect.width(), port.height() / rect.height())
        text = node_text_px(scene)
        if whole * text >= MIN_TEXT_PX:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            return
        zoom = MIN_TEXT_PX / text
        self.resetTransform()
        self.scale(zoom, zoom)
        if not isinstance(scene, VmaScene) or scene.focus_rect().isEmpty():
            self.centerOn(rect.center())
            return
        # The step's action: its centre, moved as little as needed to keep the step's
        # first item that fits whole in view (the centre of a wide union can show none).
        focus = scene.focus_rect()
        visible = self.mapToScene(port).boundingRect()
        centre = focus.center()
        w, h = visible.width() / 2, visible.height() / 2
        first = next(
            (
                r
                for r in scene.ranked_focus_rects()
                if not r.isEmpty() and r.width() <= 2 * w and r.height() <= 2 * h
            ),
            None,
        )
        if first is not None:
            centre.setX(min(max(centre.x(), first.right() - w), first.left() + w))
            centre.setY(min(max(centre.y(), first.bottom() - h), first.top() + h))
        self.centerOn(centre)

    def node_text_px(self) -> float:
        """On-screen pixel height of a tree node's text at the current zoom."""
        return node_text_px(self.scene()) * self.zoom()

    def keep_in_sight(self, rect: QRectF, ranked: Sequence[QRectF] = ()) -> None:
        """Scroll (never zoom) so that ``rect`` is visible, when "follow" is on. When it
        does not fit the view, the first of ``ranked`` (the step's items, most important
        first) that fits is kept in sight instead: scrolling to some middle part of a
        wide rectangle shows none of the step's items."""
        if not self.follow or rect.isEmpty():
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if visible.contains(rect):
            return
        margin = 60 / max(self.zoom(), 1e-9)

        def fits(r: QRectF) -> bool:
            return (
                r.width() + 2 * margin <= visible.width()
                and r.height() + 2 * margin <= visible.height()
            )

        if not fits(rect):
            rect = next((r for r in ranked if not r.isEmpty() and fits(r)), rect)
            if visible.contains(rect):
                return
        self.ensureVisible(rect, 60, 60)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)
            return
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015**delta)
            event.accept()

    def overview_active(self) -> bool:
        """Whether the view paints the overview instead of the items (columns narrower
        than a couple of screen pixels: ~450,000 items at 65,530 VMAs)."""
        scene = self.scene()
        if isinstance(scene, VmaScene) and scene.virtual:
            return False  # its LodLayer draws the aggregated scene instead
        # minimap.use_overview's test, inline: the minimap module is imported only when an
        # overview is painted (start-up does not pay for it).
        return self.overview_enabled and self.transform().m11() * COL_W < OVERVIEW_COL_PX

    def report_window(self) -> None:
        """Tell the scene what the view shows (a virtual scene makes items for it)."""
        scene = self.scene()
        if isinstance(scene, VmaScene):
            rect = self.mapToScene(self.viewport().rect()).boundingRect()
            scene.set_view_window(rect.left(), rect.right(), self.zoom() * COL_W)

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.scene()
        # Before drawing: the items of what is about to be shown must exist.
        self.report_window()
        if not isinstance(scene, VmaScene) or not self.overview_active():
            super().paintEvent(event)
            return
        # Level of detail for the whole scene: cost follows the pixels, not the VMAs.
        from .minimap import paint_overview

        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), scene.backgroundBrush())
        painter.setTransform(self.viewportTransform())
        paint_overview(painter, scene)
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self.zoom_by(pinch.scaleFactor())
                event.accept()
                return True
        return super().viewportEvent(event)
