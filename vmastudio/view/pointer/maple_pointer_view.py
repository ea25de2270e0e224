"""The 6.12 pointer view: ``struct ma_state`` and ``struct ma_wr_state`` of the current step.

``MaplePointerView`` draws one ``MaplePointerModel`` (``engine/pointer_model612.py``) with
the 4.x pointer view's items and layout: the two states as stack-frame columns, then
``mm->mm_mt``, the maple node they point at (the ``pivot[]``/``slot[]`` cells they name)
and the VMAs, an arrow for every pointer, the boxes this step changed in the write colour.
``MaplePointerDock`` puts it in the side-by-side window (toggle P, remembered in the
settings) and links it to the maple drawing: the node ``mas->node`` points at is outlined
there (``MasMarkerItem``), and a click on that node's boxes, structure or an arrow into it
brings it into view. Everything shown is the engine's; the view decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsItem,
    QGraphicsView,
    QMainWindow,
    QMenu,
    QStyleOptionGraphicsItem,
    QToolBar,
    QWidget,
)

from ...engine.frames612 import OpFrames612
from ...engine.memory import AddressStyle, fmt_addr
from ...engine.pointer_model612 import MaplePointerModel, label612, lazy_models612, meaning612
from ...engine.pointers import MemoryBox
from ...engine.scenario import Scenario
from ...engine.snapshot import LazySequence
from ..maple.scene import MapleScene
from . import layout
from .frame_item import FrameItem
from .memory_box_item import MemoryBoxItem
from .pointer_arrow_item import PointerArrowItem
from .struct_item import StructItem
from .view_base import PointerViewBase

#: QSettings key: is the 6.12 pointer panel shown?
SETTING = "side_by_side/pointers612"
#: The panel's first height (pixels): the states' rows at about their natural size.
DOCK_HEIGHT = 400
#: The outline of the node ``mas->node`` points at, in the maple drawing.
MARKER_COLOUR = "#6741d9"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MaplePointerView", text)


def _settings() -> QSettings:
    """The application's settings (tests point this at a scratch file)."""
    return QSettings()


def node_of_key(key: str) -> int | None:
    """The maple node id a region or box key names (``node:7``, ``node:7.slot[2]``)."""
    if not key.startswith("node:"):
        return None
    head = key[5:].split(".", 1)[0]
    return int(head) if head.isdigit() else None


class MaplePointerView(PointerViewBase[MaplePointerModel]):
    """``ma_state``/``ma_wr_state`` as memory boxes; ``node_selected(nid)`` on a click."""

    node_selected = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: str = "light",
        language: str = "en",
        address_style: AddressStyle = "short",
    ) -> None:
        super().__init__(parent, theme=theme, language=language, address_style=address_style)
        self.setObjectName("maple_pointer_view")
        self.setToolTip(_tr("Click a maple node's box or an arrow into it to show it in the tree"))

    # -- public API -------------------------------------------------------------------------
    def frame_item(self, key: str) -> FrameItem | None:
        return self._frames.get(key)

    def written_labels(self) -> list[str]:
        """Keys of the boxes drawn as written by this step."""
        return [k for k, item in self._boxes.items() if item.box.written]

    def tooltip_for(self, box: MemoryBox) -> str:
        """``unsigned long r_min @0x5410 (+0x10)`` and the field's meaning."""
        head = self.box_head(box)
        return "\n".join(x for x in (head, meaning612(box.meaning, self._lang)) if x)

    def caption_for(self, model: MaplePointerModel) -> str:
        """The step's sentence, and where the values come from when not from this step."""
        text = model.text.get(self._lang) or model.text.get("en", "")
        if model.as_of < 0:
            note = label612("none", self._lang, func=model.func)
        elif model.as_of != model.step and model.spanning:
            note = label612("as_of_spanning", self._lang, n=model.as_of + 1)
        elif model.as_of != model.step:
            note = label612("as_of", self._lang, n=model.as_of + 1)
        else:
            note = ""
        return f"{text}\n{note}" if note else text

    def fit(self) -> None:
        rect = self._scene.sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    # -- building ---------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self._clear()
        model = self._model
        if model is None:
            self._scene.setSceneRect(QRectF())
            return
        pal = self._pal
        addr_texts = {b.key: fmt_addr(b.addr, self._style) for b in model.boxes}
        # The model's values are already in its address style; pointers follow the view's.
        value_texts = {
            b.key: fmt_addr(b.value, self._style) if _is_addr(b) else b.text for b in model.boxes
        }
        titles = {r.key: self._title(r.kind, r.title) for r in model.regions}
        min_widths = {
            r.key: pal.metrics.horizontalAdvance(titles[r.key] + "  @" + r.addr_text) + 70
            for r in model.regions
        }
        geo = layout.compute(
            model,
            pal.metrics.horizontalAdvance,
            addr_texts,
            value_texts,
            show_context=True,
            min_widths=min_widths,
            folded=False,
        )
        for r in model.regions:
            g = geo.regions[r.key]
            where = fmt_addr(r.addr, self._style)
            tip = f"{r.ctype} @{where}\n{meaning612(r.meaning, self._lang)}"
            if r.kind == "frame":
                frame = FrameItem(r, g.rect, g.header, pal, label612("returned", self._lang))
                frame.setToolTip(tip)
                self._frames[r.key] = frame
                self._scene.addItem(frame)
                continue
            struct = StructItem(r, g.rect, g.header, titles[r.key], where, ("", ""), pal, [])
            struct.setToolTip(tip)
            if r.key == f"node:{model.mas_node}":
                struct.set_selected(True)  # the node mas->node points at
            self._structs[r.key] = struct
            self._scene.addItem(struct)
        gone = {r.key for r in model.regions if r.gone}
        self._add_boxes(model.boxes, geo, addr_texts, value_texts, gone)
        self._add_arrows(model, geo)
        bounds = geo.bounds
        caption = self._add_caption(self.caption_for(model), bounds, 2)
        extra = caption.boundingRect().height() - (layout.TOP - 8)
        if extra > 0:
            bounds = bounds.adjusted(0, -extra, 0, 0)
            caption.setPos(QPointF(bounds.left() + layout.LEFT, bounds.top() + 2))
        self._scene.setSceneRect(bounds)
        self.fit()

    def _arrow_added(self, arrow: PointerArrowItem) -> None:
        target = node_of_key(arrow.arrow.dst)
        if target is not None:
            arrow.setToolTip(_tr("Show maple node #{0} in the tree").format(target))
            arrow.setCursor(Qt.CursorShape.PointingHandCursor)

    @staticmethod
    def _title(kind: str, title: str) -> str:
        if kind == "vma":
            return f"vm_area_struct {title}"
        return title

    # -- events -----------------------------------------------------------------------------
    def node_at(self, pos: Any) -> int | None:
        """The maple node under view position ``pos`` (its box, structure or an arrow)."""
        for item in self.items(pos):
            key = ""
            if isinstance(item, MemoryBoxItem):
                key = item.box.region
            elif isinstance(item, StructItem):
                key = item.region.key
            elif isinstance(item, PointerArrowItem):
                key = item.arrow.dst
            nid = node_of_key(key)
            if nid is not None:
                return nid
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        nid = self.node_at(event.position().toPoint())
        if nid is not None and event.button() == Qt.MouseButton.LeftButton:
            self.node_selected.emit(nid)
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def context_menu(self) -> QMenu:
        """Short or kernel-style addresses, and fit (the panel's right-click menu)."""
        menu = QMenu(self)
        short = menu.addAction(_tr("Short addresses (low 16 bits)"))
        short.setCheckable(True)
        short.setChecked(self._style == "short")
        short.setToolTip(_tr("Show addresses as 0x5580 instead of 0xffffc90000c35580"))
        short.toggled.connect(lambda on: self.set_address_style("short" if on else "kernel"))
        menu.addAction(_tr("Fit to the panel"), self.fit)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu().exec(event.globalPos())


def _is_addr(box: MemoryBox) -> bool:
    return box.is_pointer and box.label != "alloc"


class MasMarkerItem(QGraphicsItem):
    """An outline around the maple node ``mas->node`` points at, tagged ``mas->node``."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._tag = "mas->node"
        self._pen = QPen(QColor(MARKER_COLOUR), 2.5, Qt.PenStyle.DashLine)
        self._font = QFont()
        self._font.setBold(True)
        self._flash = False
        self.setZValue(6)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    @property
    def target(self) -> QRectF:
        return QRectF(self._rect)

    def set_target(self, rect: QRectF | None, tag: str = "mas->node", flash: bool = False) -> None:
        """Outline ``rect`` (scene coordinates; None hides the marker)."""
        self.prepareGeometryChange()
        self._rect = QRectF() if rect is None else rect.adjusted(-7, -7, 7, 7)
        self._tag = tag
        self._flash = flash
        self.setVisible(rect is not None)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-4, -26, 4, 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._rect.isEmpty():
            return
        painter.setBrush(QColor(103, 65, 217, 40) if self._flash else Qt.BrushStyle.NoBrush)
        painter.setPen(self._pen)
        painter.drawRoundedRect(self._rect, 7, 7)
        painter.setFont(self._font)
        painter.setPen(QColor(MARKER_COLOUR))
        painter.drawText(
            QRectF(self._rect.left(), self._rect.top() - 22, self._rect.width(), 20),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            self._tag,
        )


class MaplePointerDock(QDockWidget):
    """The 6.12 pointer panel of a side-by-side window, and its link to the maple drawing.

    The window creates it once and calls ``show_step(frames, step)`` from its ``_show``.
    """

    def __init__(
        self,
        window: QMainWindow,
        maple_scene: MapleScene,
        scenario: Scenario,
        lang: str = "en",
        maple_view: QGraphicsView | None = None,
    ) -> None:
        super().__init__(_tr("Pointers: ma_state and ma_wr_state"), window)
        self.setObjectName("maple_pointer_dock")
        self.view = MaplePointerView(self, language=lang)
        self.setWidget(self.view)
        self._scene = maple_scene
        self._maple_view = maple_view
        self.marker = MasMarkerItem()
        maple_scene.addItem(self.marker)
        self._vma_index = _slab_order(scenario)
        self._frames: OpFrames612 | None = None
        self._models: LazySequence[MaplePointerModel] | None = None
        self._step = 0
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        # Room for the states' thirteen rows at a readable size; the drawings keep the rest.
        self.view.setMinimumHeight(160)
        window.resizeDocks([self], [DOCK_HEIGHT], Qt.Orientation.Vertical)
        action = self.toggleViewAction()
        action.setText(_tr("Pointers (ma_state)"))
        action.setShortcut(QKeySequence(Qt.Key.Key_P))
        action.setToolTip(
            _tr("Show or hide the pointer view of ma_state and ma_wr_state ({0})").format("P")
        )
        self.action = action
        window.addAction(action)
        bar = window.findChild(QToolBar, "side_by_side_toolbar")
        if bar is not None:
            bar.addAction(action)
        self.view.node_selected.connect(self.select_node)
        visible = _settings().value(SETTING, True, type=bool)
        self.setVisible(bool(visible))
        self.visibilityChanged.connect(self._on_visibility_changed)

    # -- stepping ---------------------------------------------------------------------------
    def show_step(self, frames: OpFrames612 | None, step: int) -> None:
        """Show the states at ``step`` of the op ``frames`` draws (None: no op)."""
        if frames is not self._frames:
            self._frames = frames
            self._models = None
            if frames is not None and frames.steps:
                models = lazy_models612(
                    frames.steps, frames.states, frames.before, "kernel", self._vma_index
                )
                self._models = LazySequence(models, len(frames.steps))
        self._step = step
        self._refresh()

    def model(self) -> MaplePointerModel | None:
        if self._models is None or not 0 <= self._step < len(self._models):
            return None
        return self._models[self._step]

    def _refresh(self) -> None:
        # A hidden panel builds no model (nor marks the drawing).
        model = self.model() if self._shown() else None
        self.view.show_model(model)
        self._place_marker(model)

    def _shown(self) -> bool:
        return not self.isHidden()

    def _node_rect(self, nid: int) -> QRectF | None:
        """Where the drawing placed node ``nid`` (drawn in full or only in the overview
        of a large tree), in scene coordinates."""
        p = self._scene.placed(nid)
        return None if p is None else QRectF(p.x, p.y, p.w, p.h)

    def _place_marker(self, model: MaplePointerModel | None, flash: bool = False) -> None:
        rect = None
        if model is not None and model.mas_node is not None:
            rect = self._node_rect(model.mas_node)
        self.marker.set_target(rect, flash=flash)

    def select_node(self, nid: int) -> None:
        """Bring maple node ``nid`` into view in the drawing and mark it."""
        rect = self._node_rect(nid)
        if rect is None:
            return
        tag = "mas->node" if self.model_node() == nid else f"#{nid}"
        self.marker.set_target(rect, tag, flash=True)
        if self._maple_view is not None:
            self._maple_view.ensureVisible(rect, 40, 40)

    def model_node(self) -> int | None:
        m = self.model()
        return None if m is None else m.mas_node

    def _on_visibility_changed(self, visible: bool) -> None:
        # isHidden(): hidden by the user (P, the close button), not with its window.
        _settings().setValue(SETTING, not self.isHidden())
        if not self.isHidden():
            self._refresh()
        else:
            self.marker.set_target(None)


def _slab_order(scenario: Scenario) -> Mapping[int, int]:
    """vm_start → the order its VMA is allocated in (simulated slab addresses)."""
    out: dict[int, int] = {}
    specs = list(scenario.initial) + [op.vma for op in scenario.ops if op.vma is not None]
    for i, spec in enumerate(specs):
        out.setdefault(spec.start, i + 1)
    return out
