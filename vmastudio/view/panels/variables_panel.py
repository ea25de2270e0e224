"""The variables panel: the locals of each frame, with simulated addresses and values."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...engine.memory import AddressStyle
from ...engine.trace import TraceStep
from ...model.document import Document


class VariablesPanel(QWidget):
    """One branch per frame (innermost first); ``*rb_link`` rows show the slot's content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variables_panel")
        self._tree = QTreeWidget(self)
        self._tree.setColumnCount(4)
        self._tree.setHeaderLabels(
            [self.tr("name"), self.tr("value"), self.tr("at"), self.tr("type")]
        )
        self._tree.setRootIsDecorated(True)
        self._tree.setAlternatingRowColors(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self._tree.setFont(mono)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._tree)
        self._values: dict[tuple[str, str], str] = {}

    def value_of(self, func: str, name: str) -> str | None:
        return self._values.get((func, name))

    def bind(self, document: Document) -> None:
        """Follow ``document``'s cursor (and its address style) from now on."""
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        d = self._document
        self.show_step(d.current_step(), d.address_style)

    def show_step(self, step: TraceStep | None, style: AddressStyle = "kernel") -> None:
        self._tree.clear()
        self._values = {}
        if step is None:
            return
        frames = list(step.vars_text(style).items())
        order = {f: i for i, f in enumerate(step.stack)}
        frames.sort(key=lambda kv: -order.get(kv[0], -1))
        deref = QBrush(QColor("#00897b"), Qt.BrushStyle.SolidPattern)
        for func, variables in frames:
            top = QTreeWidgetItem([f"{func}()", "", "", ""])
            faded = func not in step.stack
            if faded:
                top.setText(1, self.tr("(returned)"))
            for name, info in variables.items():
                row = QTreeWidgetItem(
                    [name, info.get("value", ""), info.get("addr", ""), info.get("type", "")]
                )
                if name.startswith("*"):
                    for col in range(4):
                        row.setForeground(col, deref)
                where = f"{info.get('type', '')} {name} @ {info.get('addr', '')}"
                row.setToolTip(0, f"{where} = {info.get('value', '')}")
                top.addChild(row)
                self._values[(func, name)] = info.get("value", "")
            self._tree.addTopLevelItem(top)
            top.setExpanded(True)
        for col in range(4):
            self._tree.resizeColumnToContents(col)
