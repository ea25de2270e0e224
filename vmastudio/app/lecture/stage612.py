"""The 6.12 lecture's stage parts: the camera's glide and the role insets.

``CameraGlide`` moves a view from the scene rectangle it shows to the one
``camera612.frame612`` chose (centre in a straight line, zoom geometrically) and lands
at once on ``finish()``; ``RoleInset`` is a small second view of the same scene showing
one node a role names that the frame leaves out (the B / W curtain is the shell's).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEasingCurve,
    QObject,
    QRectF,
    QSizeF,
    Qt,
    QVariantAnimation,
    Signal,
    Slot,
)
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView, QLabel, QVBoxLayout, QWidget

from ...view.animation import Camera, apply_camera
from ...view.maple.node_item import ROLE_COLOURS
from ...view.maple.scene import MapleScene
from .camera612 import between, zoom_of


class CameraGlide(QObject):
    """Glides ``view`` from the scene rectangle it shows to a new one; ``finish()`` lands at
    once (a key pressed while it glides never queues lag)."""

    finished = Signal()

    def __init__(self, view: QGraphicsView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.duration_ms = 450
        self.shown = QRectF()
        self._from = QRectF()
        self._to = QRectF()
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self._on_anim_value_changed)
        self._anim.finished.connect(self._on_anim_finished)

    def target(self) -> QRectF:
        """Where the stage looks once the glide ends (what it shows when none runs)."""
        return QRectF(self._to if self.is_running() else self.shown)

    def is_running(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def go(self, target: QRectF, animate: bool) -> None:
        self.finish()
        if not animate or self.duration_ms <= 0 or self.shown.isEmpty():
            self._apply(target)
            return
        self._from, self._to = QRectF(self.shown), QRectF(target)
        self._anim.setDuration(self.duration_ms)
        self._anim.start()

    def finish(self) -> None:
        if self.is_running():
            self._anim.stop()
            self._apply(self._to)
            self.finished.emit()

    def _apply(self, rect: QRectF) -> None:
        self.shown = QRectF(rect)
        vp = self.view.viewport().size()
        zoom = zoom_of(rect, QSizeF(vp.width(), vp.height()))
        apply_camera(self.view, Camera(rect.center(), zoom))
        # A large tree draws in full only the nodes on screen (``MapleScene.show_window``).
        show = getattr(self.view.scene(), "show_window", None)
        if show is not None:
            show(self.view.mapToScene(self.view.viewport().rect()).boundingRect(), zoom)

    @Slot(object)
    def _on_anim_value_changed(self, value: Any) -> None:
        self._apply(between(self._from, self._to, float(value)))

    @Slot()
    def _on_anim_finished(self) -> None:
        self._apply(self._to)
        self.finished.emit()


class RoleInset(QFrame):
    """A second, small view of the maple scene in a corner of the stage: one node the
    step names that the frame leaves out (``camera612.left_out``), with its role."""

    def __init__(self, scene: MapleScene, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("role_inset")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.role = ""
        self.nid: int | None = None
        self.title = QLabel(self)
        self.title.setObjectName("inset_title")
        self.view = QGraphicsView(scene, self)
        self.view.setObjectName("inset_view")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setInteractive(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.view.setSceneRect(QRectF(-1e9, -1e9, 2e9, 2e9))  # never clamp centerOn()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        self.hide()

    def show_node(
        self, role: str, nid: int, rect: QRectF, zoom: float, title: str, px: int, bg: str
    ) -> None:
        """Show scene ``rect`` (the node's box) at ``zoom``, titled with its role in
        ``px``-pixel text, on the theme's background ``bg``."""
        self.role, self.nid = role, nid
        self.title.setText(title)
        colour = ROLE_COLOURS.get(role, "#888888")
        self.setStyleSheet(
            f"QFrame#role_inset {{ background: {bg}; border: 3px solid {colour};"
            " border-radius: 8px; }"
            f"QLabel#inset_title {{ color: {colour}; font-size: {px}px; font-weight: bold;"
            " border: none; }"
        )
        pad = 10.0
        self.view.setFixedSize(
            int(rect.width() * zoom + 2 * pad), int(rect.height() * zoom + 2 * pad)
        )
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the view takes its size now, so centerOn() sees it
        self.adjustSize()
        self.show()
        self.raise_()
        self.view.setTransform(QTransform.fromScale(zoom, zoom))
        self.view.centerOn(rect.center())

    def shown_rect(self) -> QRectF:
        """The scene rectangle the inset shows."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def zoom(self) -> float:
        return self.view.transform().m11()
