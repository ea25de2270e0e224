"""``MapleView``: the maple drawing's view; the wheel zooms about the mouse, a drag pans.

Whenever what it shows changes (scroll, zoom, resize) it tells its ``MapleScene`` the
visible scene rectangle and scale, once per event-loop turn, so a large tree draws in
full only the nodes on screen (``MapleScene.show_window``).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget


class MapleView(QGraphicsView):
    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("maple_view")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._sync = QTimer(self)
        self._sync.setSingleShot(True)
        self._sync.setInterval(0)
        self._sync.timeout.connect(self.sync_window)
        self.horizontalScrollBar().valueChanged.connect(self._on_scroll_bar_value_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_bar_value_changed)

    @Slot(int)
    def _on_scroll_bar_value_changed(self, _value: int) -> None:
        self._sync.start()

    def sync_window(self) -> None:
        """Tell the scene what is on screen now (``MapleScene.show_window``)."""
        scene = self.scene()
        show = getattr(scene, "show_window", None)
        if show is not None:
            seen = self.mapToScene(self.viewport().rect()).boundingRect()
            show(seen, self.transform().m11())

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta:
            factor = 1.0015**delta
            self.scale(factor, factor)
            self._sync.start()
            event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync.start()
