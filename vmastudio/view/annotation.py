"""``AnnotationOverlay``: a pen, a highlighter and a laser pointer drawn over a view.

A transparent widget laid over a view's viewport. Strokes are kept in widget
coordinates as ``QPainterPath``s (built once per stroke, never in ``paintEvent``), so a
lecturer can underline what they are saying; ``clear()`` wipes them (the presentation
calls it on every step and on a key). With no tool chosen the overlay lets every mouse
event through to the view underneath.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

Tool = Literal["none", "pen", "highlighter", "laser"]

TOOLS: tuple[Tool, ...] = ("none", "pen", "highlighter", "laser")
#: How long the laser's trail stays visible.
LASER_TRAIL_MS = 450


class AnnotationOverlay(QWidget):
    """Pen/highlighter strokes and a laser dot over ``parent`` (usually a viewport)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("annotation_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self._tool: Tool = "none"
        self._strokes: list[tuple[QPainterPath, QPen]] = []
        self._current: QPainterPath | None = None
        self._laser: list[tuple[QPointF, int]] = []
        self._clock = QElapsedTimer()
        self._clock.start()
        self._laser_timer = QTimer(self)
        self._laser_timer.setInterval(30)
        self._laser_timer.timeout.connect(self._on_laser_timer_timeout)
        scale = 1.0
        self._pens: dict[Tool, QPen] = {
            "pen": self._make_pen(QColor("#e8590c"), 5.0 * scale),
            "highlighter": self._make_pen(QColor(255, 230, 0, 110), 28.0 * scale),
            "laser": self._make_pen(QColor(255, 0, 0, 200), 10.0 * scale),
        }
        self._laser_brush = QColor(255, 20, 20)
        self.set_tool("none")
        self.resize(parent.size())

    @staticmethod
    def _make_pen(color: QColor, width: float) -> QPen:
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    # -- tools ------------------------------------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        self._tool = tool
        passive = tool == "none"
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, passive)
        if tool == "laser":
            self.setCursor(Qt.CursorShape.BlankCursor)
        elif tool in ("pen", "highlighter"):
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.unsetCursor()
        if tool != "laser":
            self._laser.clear()
            self._laser_timer.stop()
        self.update()

    def toggle_tool(self, tool: Tool) -> None:
        self.set_tool("none" if self._tool == tool else tool)

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        if self._strokes or self._current is not None or self._laser:
            self._strokes.clear()
            self._current = None
            self._laser.clear()
            self.update()

    # -- drawing by program (tests) and by mouse --------------------------------------------------
    def begin_stroke(self, p: QPointF) -> None:
        if self._tool in ("pen", "highlighter"):
            path = QPainterPath(p)
            self._current = path
            self._strokes.append((path, self._pens[self._tool]))
        elif self._tool == "laser":
            self._laser_point(p)

    def extend_stroke(self, p: QPointF) -> None:
        if self._tool == "laser":
            self._laser_point(p)
            return
        if self._current is not None:
            self._current.lineTo(p)
            self.update()

    def end_stroke(self) -> None:
        self._current = None

    def _laser_point(self, p: QPointF) -> None:
        self._laser.append((QPointF(p), int(self._clock.elapsed())))
        if not self._laser_timer.isActive():
            self._laser_timer.start()
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._tool == "laser" or event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.end_stroke()
        event.accept()

    @Slot()
    def _on_laser_timer_timeout(self) -> None:
        now = int(self._clock.elapsed())
        self._laser = [(p, t) for p, t in self._laser if now - t < LASER_TRAIL_MS]
        if not self._laser and self._tool != "laser":
            self._laser_timer.stop()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not (self._strokes or self._laser):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for path, pen in self._strokes:
            painter.setPen(pen)
            painter.drawPath(path)
        if self._laser:
            now = int(self._clock.elapsed())
            pen = QPen(self._pens["laser"])
            for (a, _ta), (b, tb) in zip(self._laser, self._laser[1:], strict=False):
                age = max(0.0, 1.0 - (now - tb) / LASER_TRAIL_MS)
                color = pen.color()
                color.setAlphaF(0.8 * age)
                pen.setColor(color)
                painter.setPen(pen)
                painter.drawLine(a, b)
            tip = self._laser[-1][0]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._laser_brush)
            painter.drawEllipse(QRectF(tip.x() - 9, tip.y() - 9, 18, 18))
        painter.end()
