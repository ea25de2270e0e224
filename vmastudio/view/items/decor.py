"""Painting helpers shared by the items: role rings and role tags (functions, no items).

A highlighted item gets one ring per role (colour *and* dash pattern of that role) and a
tag above it naming the roles in words, so nothing depends on colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from ..theme import Theme, role_label

RING_STEP = 4.5
TAG_H = 15.0

#: Below this level of detail (scene px per screen px) items draw labels no more.
LOD_TEXT = 0.35
#: Below this, bodies are flat fills: no outlines, no rounded corners, no arrows or
#: stubs (an item is then a few screen pixels; cost follows what can be seen).
LOD_OUTLINE = 0.12


def ring_margin(n_roles: int) -> float:
    return 3.0 + RING_STEP * max(0, n_roles)


def tags_text(roles: tuple[str, ...], labels: tuple[str, ...] = ()) -> str:
    """The tag: the kernel's names for the roles in the running function (``labels``,
    one per role, from the scene), else the roles' generic names."""
    if len(labels) == len(roles):
        return " · ".join(labels)
    return " · ".join(role_label(r) for r in roles)


def tag_rect(
    body: QRectF,
    roles: tuple[str, ...],
    theme: Theme,
    above: bool = True,
    labels: tuple[str, ...] = (),
) -> QRectF:
    """Where the role tag of an item with ``body`` goes (empty without roles)."""
    if not roles:
        return QRectF()
    width = theme.tag_metrics.horizontalAdvance(tags_text(roles, labels)) + 10.0
    margin = ring_margin(len(roles))
    y = body.top() - margin - TAG_H - 1 if above else body.bottom() + margin + 1
    return QRectF(body.center().x() - width / 2, y, width, TAG_H)


def paint_rings(
    painter: QPainter, body: QRectF, roles: tuple[str, ...], theme: Theme, radius: float = 4.0
) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for i, role in enumerate(roles):
        pen = theme.role_pens.get(role)
        if pen is None:
            continue
        painter.setPen(pen)
        m = 3.0 + RING_STEP * i
        painter.drawRoundedRect(body.adjusted(-m, -m, m, m), radius + m, radius + m)


def paint_tag(
    painter: QPainter,
    rect: QRectF,
    roles: tuple[str, ...],
    theme: Theme,
    labels: tuple[str, ...] = (),
) -> None:
    if not roles or rect.isEmpty():
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.role_brushes.get(roles[0], theme.badge_brush))
    painter.drawRoundedRect(rect, 4.0, 4.0)
    painter.setPen(theme.role_tag_text)
    painter.setFont(theme.tag_font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tags_text(roles, labels))


class VmaHost:
    """What items tell their scene: hover and selection of a VMA (by ``vm_start``)."""

    def hover_vma(self, start: int | None) -> None:
        raise NotImplementedError

    def select_vma(self, start: int) -> None:
        raise NotImplementedError

    def request_insert(self, start: int, end: int) -> None:
        raise NotImplementedError

    def preview_range(self, start: int | None, end: int | None) -> None:
        raise NotImplementedError

    def address_at(self, x: float) -> int:
        """The address the map draws at scene ``x`` (for a drag that leaves its gap)."""
        raise NotImplementedError


def vma_tooltip(start: int, end: int, flags: list[str], file: str | None, name: str) -> str:
    from PySide6.QtCore import QCoreApplication

    from ..layout import human_size

    tr = QCoreApplication.translate
    lines = [
        f"<b>[{start:#x}, {end:#x})</b>",
        tr("Tooltip", "size: {0} ({1} pages)").format(human_size(end - start), (end - start) >> 12),
        tr("Tooltip", "flags: {0}").format(" ".join(flags) or "-"),
        tr("Tooltip", "file: {0}").format(file or tr("Tooltip", "anonymous")),
    ]
    if name:
        lines.insert(1, tr("Tooltip", "name: {0}").format(name))
    return "<br>".join(lines)
