"""``PointerView``: a panel with its own scene that draws one ``PointerModel``.

Usage::

    view = PointerView()
    view.show_model(models[i])         # models from engine.pointers.op_models / lesson
    view.vma_selected.connect(scene.select_vma)
    scene.vma_selected.connect(view.select_vma)

The scene is rebuilt on every ``show_model``: it holds a few dozen items, so a rebuild
costs well under a millisecond-scale frame and keeps the view free of stale state.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontInfo, QFontMetricsF, QMouseEvent, QResizeEvent, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QWidget

from ...engine.memory import AddressStyle, fmt_addr
from ...engine.pointers import MemoryBox, PointerModel, Region, box_text, label, meaning
from ..theme import ROLE_ORDER, role_label
from . import layout
from .frame_item import FrameItem
from .memory_box_item import MemoryBoxItem
from .palette import make_palette
from .pointer_arrow_item import PointerArrowItem
from .reach import reachable_from_locals, stack_frames
from .struct_item import StructItem
from .view_base import PointerViewBase

#: The fields of vm_area_struct around vm_rb (DESIGN.md §6), drawn folded.
_VMA_FOLDED = ("+0x00 vm_start, vm_end, vm_next, vm_prev", "+0x38 rb_subtree_gap …")


#: Row height in the lecture: boxes packed tighter so the reachable structures of a step
#: fit one screen at 20 px text (the box font is ~12 px at zoom 1).
LECTURE_ROW_H = 20.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("PointerView", text)


class PointerView(PointerViewBase[PointerModel]):
    """Memory as boxes at simulated addresses; emits ``vma_selected(vm_start)`` on a click.

    ``vm_start`` values exceed 32 bits (``0x7ffd00000000``), so the signal carries a
    Python ``int`` as ``object``, like the main scene's ``vma_selected``.
    """

    vma_selected = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: str = "light",
        language: str = "en",
        address_style: AddressStyle = "short",
    ) -> None:
        super().__init__(parent, theme=theme, language=language, address_style=address_style)
        self._theme_name = theme
        self._show_context = False
        self._selected: int | None = None
        self._banner: QGraphicsTextItem | None = None
        self._auto_fit = True
        #: The lecture's choices: only what the locals reach, text never below this many
        #: pixels (0: fit everything), no caption inside the drawing.
        self._reachable_only = False
        self._min_text_px = 0.0
        self._show_caption = True
        self.setWindowTitle(_tr("Pointers"))

    # -- public API -------------------------------------------------------------------------
    # ``show(model)`` as the brief names it; ``show()`` without a model keeps QWidget's.
    def show(self, model: PointerModel | None = None) -> None:
        if model is None:
            super().show()
            return
        self.show_model(model)

    def set_theme(self, name: str) -> None:
        if name != self._theme_name:
            self._theme_name = name
            self._pal = make_palette(name)
            self.setBackgroundBrush(self._pal.theme.background)
            self._rebuild()

    def set_show_context(self, on: bool) -> None:
        """Also draw the arrows of ``mm``, ``vma``, ``vma_tmp`` and ``mm->mmap``."""
        if on != self._show_context:
            self._show_context = on
            self._rebuild()

    def select_vma(self, start: int | None) -> None:
        """Highlight every box and structure of the VMA starting at ``start``."""
        self._selected = start
        for item in self._boxes.values():
            item.set_selected(start is not None and item.box.vma == start)
        for s in self._structs.values():
            s.set_selected(start is not None and s.region.vma == start)

    @property
    def selected_vma(self) -> int | None:
        return self._selected

    def set_lecture_mode(self, min_text_px: float) -> None:
        """Draw for a hall: the frames and only the structures their locals point into
        (``reach.py``), no caption inside the drawing (the lecture has its own), and text
        never smaller than ``min_text_px`` on screen (the view then follows the frames
        and the boxes this step writes instead of fitting everything)."""
        self._reachable_only = True
        self._show_caption = False
        self._min_text_px = float(min_text_px)
        self._rebuild()

    def text_px(self) -> float:
        """On-screen pixel height of a box's text at the current zoom."""
        return QFontInfo(self._pal.mono).pixelSize() * self.transform().m11()

    def fit(self) -> None:
        rect = self._scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self._min_text_px <= 0:
            return
        need = self._min_text_px / max(1, QFontInfo(self._pal.mono).pixelSize())
        if self.transform().m11() >= need:
            return
        self.setTransform(QTransform.fromScale(need, need))
        focus = QRectF()
        for item in [*self._frames.values(), *(b for b in self._boxes.values() if b.box.written)]:
            focus = focus.united(item.sceneBoundingRect())
        if focus.isEmpty():
            focus = rect
        vp = self.viewport().rect()
        w, h = vp.width() / need, vp.height() / need
        # The focus's top-left corner stays in view when all of it cannot.
        x = focus.center().x() if focus.width() <= w else focus.left() + w / 2
        y = focus.center().y() if focus.height() <= h else focus.top() + h / 2
        self.centerOn(QPointF(x, y))

    # -- look-ups (tests, integration) -----------------------------------------------------
    def arrow_item(self, src: str) -> PointerArrowItem | None:
        for a in self._arrows.values():
            if a.arrow.src == src:
                return a
        return None

    def frame_item(self, func: str) -> FrameItem | None:
        return self._frames.get(f"frame:{func}")

    def banner_text(self) -> str:
        return "" if self._banner is None else self._banner.toPlainText()

    def tooltip_for(self, box: MemoryBox) -> str:
        """``struct rb_node ** rb_link @0x5548`` and a one-line meaning."""
        lines = [self.box_head(box), meaning(box.meaning, self._lang)]
        if not box.initialized:
            lines.append(label("uninitialised", self._lang))
        if box.written:
            lines.append(label("written", self._lang))
        return "\n".join(x for x in lines if x)

    # -- building ---------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self._clear()
        self._banner = None
        model = self._model
        if model is None:
            self._scene.setSceneRect(QRectF())
            return
        if self._reachable_only:
            model = stack_frames(reachable_from_locals(model))
        pal = self._pal
        addr_texts = {b.key: fmt_addr(b.addr, self._style) for b in model.boxes}
        value_texts = {b.key: box_text(b, self._style) for b in model.boxes}
        titles = {r.key: self._title(r) for r in model.regions}
        title_metrics = QFontMetricsF(pal.title)
        min_widths = {
            r.key: title_metrics.horizontalAdvance(titles[r.key])
            + pal.metrics.horizontalAdvance(fmt_addr(r.addr, self._style))
            + 60
            + sum(
                pal.theme.tag_metrics.horizontalAdvance(self._tag_text(r, role)) + 14
                for role in r.roles
            )
            for r in model.regions
        }
        for r in model.regions:
            if r.kind == "vma" and not self._reachable_only:
                min_widths[r.key] = max(
                    min_widths[r.key],
                    max(pal.metrics.horizontalAdvance(x) for x in _VMA_FOLDED) + 30,
                )
        geo = layout.compute(
            model,
            pal.metrics.horizontalAdvance,
            addr_texts,
            value_texts,
            show_context=self._show_context,
            min_widths=min_widths,
            folded=not self._reachable_only,
            row_h=LECTURE_ROW_H if self._reachable_only else layout.ROW_H,
        )
        gone_regions = {r.key for r in model.regions if r.gone}
        for r in model.regions:
            g = geo.regions[r.key]
            item: QGraphicsItem
            if r.kind == "frame":
                text = label("returned", self._lang) if r.gone else ""
                frame = FrameItem(r, g.rect, g.header, pal, text)
                frame.setToolTip(meaning(r.meaning, self._lang))
                self._frames[r.key] = frame
                item = frame
            else:
                title = {
                    "vma": f"vm_area_struct {r.title}",
                    "rb_node": "vm_rb  (+0x20)",
                    "mm": "mm_struct",
                }.get(r.kind, r.title)
                folded = _VMA_FOLDED if r.kind == "vma" and not self._reachable_only else ("", "")
                where = fmt_addr(r.addr, self._style)
                tags = [self._tag_text(r, x) for x in ROLE_ORDER if x in r.roles]
                struct = StructItem(r, g.rect, g.header, title, where, folded, pal, tags)
                struct.setToolTip(f"{r.ctype} @{where}\n{meaning(r.meaning, self._lang)}")
                self._structs[r.key] = struct
                item = struct
            self._scene.addItem(item)
        self._add_boxes(model.boxes, geo, addr_texts, value_texts, gone_regions)
        self._add_arrows(model, geo)
        bounds = geo.bounds
        text = model.text.get(self._lang) or model.text.get("en", "")
        caption = self._add_caption(text, bounds, 4)
        if not self._show_caption:
            caption.setVisible(False)
            top = min(g.rect.top() for g in geo.regions.values())
            bounds.setTop(top - 24.0)  # a frame's "returned" note sits above it
        if model.result:
            banner = QGraphicsTextItem()
            banner.setDefaultTextColor(pal.theme.role_colors["conflict"])
            banner.setFont(pal.title)
            banner.setPlainText(label("enomem", self._lang))
            banner.setPos(QPointF(bounds.left() + layout.LEFT, bounds.bottom() - 8))
            self._scene.addItem(banner)
            self._banner = banner
            bounds = bounds.adjusted(0, 0, 0, 26)
        self._scene.setSceneRect(bounds)
        if self._selected is not None:
            self.select_vma(self._selected)
        if self._auto_fit:
            self.fit()

    def _tag_text(self, r: Region, role: str) -> str:
        if r.kind == "node":
            # The lesson's nodes are no VMAs: their roles get the lesson's words.
            return label(f"lesson.{role}", self._lang)
        return role_label(role)

    @staticmethod
    def _title(r: Region) -> str:
        if r.kind == "vma":
            return f"vm_area_struct {r.title}"
        if r.kind == "rb_node":
            return "vm_rb (+0x20)"
        if r.kind == "mm":
            return "mm_struct"
        return r.title

    # -- events -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        start = self._vma_at(event.position().toPoint())
        if start is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select_vma(start)
            self.vma_selected.emit(start)
            event.accept()
            return
        super().mousePressEvent(event)

    def _vma_at(self, pos: object) -> int | None:
        for item in self.items(pos):  # type: ignore[call-overload]
            if isinstance(item, MemoryBoxItem) and item.box.vma is not None:
                return item.box.vma
            if isinstance(item, StructItem) and item.region.vma is not None:
                return item.region.vma
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def set_auto_fit(self, on: bool) -> None:
        """Fit the drawing to the panel on every step and resize (default on)."""
        self._auto_fit = on
        if on:
            self.fit()
