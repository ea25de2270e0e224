"""``PointerViewBase``: what the 4.x and the 6.12 pointer views share.

Both draw one pointer model (``engine/pointer_model.py``, ``engine/pointer_model612.py``)
into a scene of their own, rebuilt at every step: the memory boxes, the arrows between
them and the step's caption are made here, the regions (frames and structures, whose
titles and tags differ between the kernels) by each view's ``_rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsTextItem, QGraphicsView, QWidget

from ...engine.memory import AddressStyle, fmt_addr
from ...engine.pointers import MemoryBox, PointerModel
from . import layout
from .frame_item import FrameItem
from .memory_box_item import MemoryBoxItem
from .palette import PointerPalette, make_palette
from .pointer_arrow_item import ArrowLabelItem, PointerArrowItem
from .struct_item import StructItem

M = TypeVar("M", bound=PointerModel)


class PointerViewBase(QGraphicsView, Generic[M]):
    """A view of one pointer model ``M``; subclasses build the scene in ``_rebuild``."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: str = "light",
        language: str = "en",
        address_style: AddressStyle = "short",
    ) -> None:
        super().__init__(parent)
        # Owned by the view: it goes with it, never before it (a window closing).
        scene = QGraphicsScene(self)
        # A few dozen items rebuilt at every step: no index to maintain (STYLE.md §6).
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self._scene = scene
        self._pal: PointerPalette = make_palette(theme)
        self._lang = language
        self._style: AddressStyle = address_style
        self._model: M | None = None
        self._boxes: dict[str, MemoryBoxItem] = {}
        self._arrows: dict[str, PointerArrowItem] = {}
        self._frames: dict[str, FrameItem] = {}
        self._structs: dict[str, StructItem] = {}
        self._caption: QGraphicsTextItem | None = None
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(self._pal.theme.background)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

    # -- public API -------------------------------------------------------------------------
    @property
    def model(self) -> M | None:
        return self._model

    @property
    def address_style(self) -> AddressStyle:
        return self._style

    @property
    def language(self) -> str:
        return self._lang

    def show_model(self, model: M | None) -> None:
        """Draw ``model`` (``None`` clears the view)."""
        self._model = model
        self._rebuild()

    def set_address_style(self, style: AddressStyle) -> None:
        """ "kernel" (``0xffff88800a4130f8``) or "short" (``0x30f8``)."""
        if style != self._style:
            self._style = style
            self._rebuild()

    def set_language(self, lang: str) -> None:
        """ "en" or "zh_CN": the step text, meanings and labels follow."""
        if lang != self._lang:
            self._lang = lang
            self._rebuild()

    # -- look-ups (tests, integration) -----------------------------------------------------
    def box_item(self, key: str) -> MemoryBoxItem | None:
        return self._boxes.get(key)

    def box_items(self) -> list[MemoryBoxItem]:
        return list(self._boxes.values())

    def arrow_items(self) -> list[PointerArrowItem]:
        return list(self._arrows.values())

    def struct_item(self, key: str) -> StructItem | None:
        return self._structs.get(key)

    def caption_text(self) -> str:
        return "" if self._caption is None else self._caption.toPlainText()

    def box_head(self, box: MemoryBox) -> str:
        """A box's first tooltip line: ``struct rb_node ** rb_link  @0x5548  (+0x10)``."""
        head = f"{box.ctype} {box.label}  @{fmt_addr(box.addr, self._style)}"
        if box.offset is not None:
            head += f"  (+0x{box.offset:x})"
        return head

    def tooltip_for(self, box: MemoryBox) -> str:
        raise NotImplementedError

    # -- building ---------------------------------------------------------------------------
    def _rebuild(self) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        """Empty the scene and forget its items (the start of every ``_rebuild``)."""
        self._scene.clear()
        self._boxes.clear()
        self._arrows.clear()
        self._frames.clear()
        self._structs.clear()
        self._caption = None

    def _add_boxes(
        self,
        boxes: Iterable[MemoryBox],
        geo: layout.Geometry,
        addr_texts: dict[str, str],
        value_texts: dict[str, str],
        gone_regions: set[str],
    ) -> None:
        """A ``MemoryBoxItem`` for every box, where ``geo`` placed it; a box of a region
        that is gone (a returned frame) is drawn faded."""
        for b in boxes:
            bg = geo.boxes[b.key]
            box = MemoryBoxItem(
                b,
                bg.rect,
                bg.addr_w,
                bg.name_w,
                addr_texts[b.key],
                value_texts[b.key],
                self._pal,
                gone=b.region in gone_regions,
            )
            box.setToolTip(self.tooltip_for(b))
            self._boxes[b.key] = box
            self._scene.addItem(box)

    def _add_arrows(self, model: PointerModel, geo: layout.Geometry) -> None:
        """An arrow for every live pointer ``geo`` routed (``_arrow_added`` may dress it)."""
        for a in model.arrows:
            ag = geo.arrows.get(a.key)
            if ag is None or a.gone:
                # A returned frame's pointers are dead: its boxes stay, faded, as a record.
                continue
            arrow = PointerArrowItem(a, ag.points, ag.label_at, ag.entry, self._pal, ag.label_below)
            self._arrow_added(arrow)
            self._arrows[a.key] = arrow
            self._scene.addItem(arrow)
            if not arrow.label_rect().isEmpty():
                self._scene.addItem(ArrowLabelItem(arrow))

    def _arrow_added(self, arrow: PointerArrowItem) -> None:
        """A hook for a view that gives its arrows tooltips or a cursor."""

    def _add_caption(self, text: str, bounds: QRectF, dy: float) -> QGraphicsTextItem:
        """The step's sentence across the top of ``bounds``, ``dy`` below its edge."""
        pal = self._pal
        caption = QGraphicsTextItem()
        caption.setDefaultTextColor(pal.theme.text)
        caption.setFont(pal.theme.font)
        caption.setPlainText(text)
        caption.setTextWidth(max(400.0, bounds.width() - 2 * layout.LEFT))
        caption.setPos(QPointF(bounds.left() + layout.LEFT, bounds.top() + dy))
        self._scene.addItem(caption)
        self._caption = caption
        return caption
