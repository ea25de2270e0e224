"""The legend: each role's outline pattern, colour and tag, and how nodes are coloured."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...engine.trace import TraceStep
from ...engine.wording import role_names
from ...model.document import Document
from ..theme import ROLE_ORDER, Theme, make_theme, role_description, role_label


def role_swatch(theme: Theme, role: str) -> QPixmap:
    pix = QPixmap(44, 22)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(theme.role_pens[role])
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(3, 3, 38, 16), 4, 4)
    p.end()
    return pix


def node_swatch(theme: Theme, red: bool) -> QPixmap:
    pix = QPixmap(44, 22)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(3, 3, 38, 16)
    if red:
        p.setBrush(theme.red_fill)
        p.setPen(theme.red_pen)
        p.drawRoundedRect(rect, 8, 8)
        p.setPen(theme.red_text)
    else:
        p.setBrush(theme.black_fill)
        p.setPen(theme.black_pen)
        p.drawRect(rect)
        p.setPen(theme.black_text)
    p.setFont(theme.tag_font)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "R" if red else "B")
    p.end()
    return pix


#: Each theme's swatches, painted once: the legend is rebuilt at every step (its roles
#: change order and weight), and painting twelve pixmaps each time cost ~1 ms a step and
#: a few ms of the window's start-up (three rebuilds before the first frame).
_ICONS: dict[tuple[Theme, str], QIcon] = {}


def swatch_icon(theme: Theme, what: str) -> QIcon:
    """The legend icon of a role, or of a ``"red"``/``"black"`` node, in ``theme``."""
    icon = _ICONS.get((theme, what))
    if icon is None:
        if what in ("red", "black"):
            icon = QIcon(node_swatch(theme, what == "red"))
        else:
            icon = QIcon(role_swatch(theme, what))
        _ICONS[(theme, what)] = icon
    return icon


class LegendPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend_panel")
        self._list = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._list)
        self._step: TraceStep | None = None
        self._theme = make_theme("light")
        self._rebuild()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._rebuild()

    def bind(self, document: Document) -> None:
        """Name the roles of ``document``'s current step from now on."""
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        self.show_step(self._document.current_step())

    def show_step(self, step: TraceStep | None) -> None:
        """Name the roles as the function running at ``step`` does (the scene's tags
        use the same names); the roles of the step come first, in bold."""
        if step is self._step and self._list.count():
            # Already shown: a window binds its empty document right after the panel
            # drew that state (a rebuild is ~0.5 ms of the first frame, for nothing).
            return
        self._step = step
        self._rebuild()

    def role_text(self, role: str) -> str:
        """The legend line of ``role`` at the shown step."""
        name = role_names(self._step).get(role) or role_label(role)
        return f"{name} — {role_description(role)}"

    def _rebuild(self) -> None:
        theme = self._theme
        self._list.clear()
        self._list.addItem(
            QListWidgetItem(
                swatch_icon(theme, "black"), self.tr("black node: square, thick outline, tag B")
            )
        )
        self._list.addItem(
            QListWidgetItem(swatch_icon(theme, "red"), self.tr("red node: rounded, light, tag R"))
        )
        active = set() if self._step is None else set(self._step.roles)
        for role in sorted(ROLE_ORDER, key=lambda r: r not in active):
            item = QListWidgetItem(swatch_icon(theme, role), self.role_text(role))
            item.setData(Qt.ItemDataRole.UserRole, role)
            if role in active:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self._list.addItem(item)
        self._list.addItem(
            QListWidgetItem(self.tr("hatched, dashed: not in the tree / a trial range"))
        )
