"""``SceneView``: zoom (wheel, pinch, keys), pan (drag the background) and "follow"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QGestureEvent, QGraphicsView, QPinchGesture, QWidget

from .minimap import paint_overview, use_overview
from .scene import VmaScene

MIN_ZOOM = 0.02
MAX_ZOOM = 6.0


class SceneView(QGraphicsView):
    def __init__(self, scene: VmaScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("scene_view")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.follow = True
        #: Paint the overview at extreme zoom-out (see ``overview_active``).
        self.overview_enabled = True

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
        rect = self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10)
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def keep_in_sight(self, rect: QRectF) -> None:
        """Scroll (never zoom) so that ``rect`` is visible, when "follow" is on."""
        if self.follow and not rect.isEmpty():
            visible = self.mapToScene(self.viewport().rect()).boundingRect()
            if not visible.contains(rect):
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
        return self.overview_enabled and use_overview(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.scene()
        if not isinstance(scene, VmaScene) or not self.overview_active():
            super().paintEvent(event)
            return
        # Level of detail for the whole scene: cost follows the pixels, not the VMAs.
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
