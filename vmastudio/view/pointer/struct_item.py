"""``StructItem``: a structure in memory (``mm_struct``, ``vm_area_struct``, its ``vm_rb``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...engine.pointers import Region
from ..theme import ROLE_ORDER, role_label
from .palette import PointerPalette


class StructItem(QGraphicsItem):
    """``title`` is drawn in the header; ``folded`` names the fields drawn folded."""

    def __init__(
        self,
        region: Region,
        rect: QRectF,
        header: QRectF,
        title: str,
        addr_text: str,
        folded: tuple[str, str] = ("", ""),
        palette: PointerPalette | None = None,
        tags: list[str] | None = None,
    ) -> None:
        super().__init__()
        assert palette is not None
        self.region = region
        self._rect = rect
        self._header = header
        self._title = title
        self.addr_text = addr_text
        self._folded = folded
        self._pal = palette
        self._selected = False
        self._roles = [r for r in ROLE_ORDER if r in region.roles]
        self._tags = list(tags) if tags is not None else [role_label(r) for r in self._roles]
        self._bounds = rect.adjusted(-6, -6, 6, 6)
        metrics = QFontMetricsF(palette.mono_bold if region.parent else palette.title)
        self._title_w = metrics.horizontalAdvance(title)
        self.setZValue(0.5 if region.parent else 0)

    @property
    def rect(self) -> QRectF:
        return self._rect

    @property
    def tags(self) -> list[str]:
        return list(self._tags)

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, on: bool) -> None:
        if on != self._selected:
            self._selected = on
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        p = self._pal
        t = p.theme
        nested = self.region.parent is not None
        role = next((r for r in ROLE_ORDER if r in self.region.roles), None)
        painter.setBrush(p.rb_brush if nested else p.struct_brush)
        if role is not None and not nested:
            painter.setPen(t.role_pens[role])
        else:
            painter.setPen(p.struct_pen)
        painter.drawRect(self._rect)
        if self._selected and not nested:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(t.select_pen)
            painter.drawRect(self._rect.adjusted(-4, -4, 4, 4))
        painter.setFont(p.title if not nested else p.mono_bold)
        painter.setPen(t.text)
        head = self._header.adjusted(8, 0, -8, 0)
        painter.drawText(
            head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title
        )
        # The structure's address right after its name; role tags keep the right end.
        painter.setFont(p.small)
        painter.setPen(t.muted)
        painter.drawText(
            head.adjusted(self._title_w + 10, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "@" + self.addr_text,
        )
        if self._folded[0]:
            # The fields before and after vm_rb, folded to one line each.
            painter.setFont(p.small)
            painter.setPen(t.muted)
            row = QRectF(head.left() + 6, self._header.bottom(), head.width(), 15)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._folded[0]
            )
            row = QRectF(head.left() + 6, self._rect.bottom() - 17, head.width(), 15)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._folded[1]
            )
        if self._tags and not nested:
            painter.setFont(t.tag_font)
            x = self._rect.right()
            for tag, r in reversed(list(zip(self._tags, self._roles, strict=True))):
                w = t.tag_metrics.horizontalAdvance(tag) + 10
                box = QRectF(x - w - 4, self._header.center().y() - 8, w, 16)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(t.role_brushes[r])
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(t.role_tag_text)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)
                x -= w + 4
