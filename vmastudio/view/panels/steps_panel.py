"""The step list and timeline: every op and its steps; click or slide to jump.

Ops are listed at once; an op's steps are traced only when its branch is opened, so a
65k-op scenario opens quickly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.wording import op_heading
from ...model.document import Document

_OP_ROLE = Qt.ItemDataRole.UserRole
_STEP_ROLE = Qt.ItemDataRole.UserRole + 1
#: The most op rows the panel lays out at once (a window around the cursor).
MAX_ROWS = 2_000


class StepsPanel(QWidget):
    """Emits ``position_requested(op, step)``; follows the document's cursor."""

    position_requested = Signal(int, int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps_panel")
        self._document = document
        self._lang = "en"
        self._tree = QTreeWidget(self)
        self._tree.setHeaderHidden(True)
        self._tree.setObjectName("step_tree")
        self._tree.itemExpanded.connect(self._on_tree_item_expanded)
        self._tree.itemClicked.connect(self._on_tree_item_clicked)
        self._tree.itemActivated.connect(self._on_tree_item_clicked)
        self.op_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.op_slider.setObjectName("op_slider")
        self.op_slider.setToolTip(self.tr("Timeline: the op shown (0 = the initial state)"))
        self.step_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.step_slider.setObjectName("step_slider")
        self.step_slider.setToolTip(self.tr("The step within the op"))
        self.op_slider.valueChanged.connect(self._on_op_slider_value_changed)
        self.step_slider.valueChanged.connect(self._on_step_slider_value_changed)
        self._op_label = QLabel(self)
        self._step_label = QLabel(self)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("op"), self))
        row1.addWidget(self.op_slider)
        row1.addWidget(self._op_label)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("step"), self))
        row2.addWidget(self.step_slider)
        row2.addWidget(self._step_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self._tree)
        self._syncing = False
        self._open_op = 0
        self._lo = self._hi = 0
        document.trace_changed.connect(self._on_document_trace_changed)
        document.step_changed.connect(self._on_document_step_changed)
        self._rebuild()

    def set_lang(self, lang: str) -> None:
        self._lang = lang
        self._rebuild()
        self._on_document_step_changed(self._document.op, self._document.step)

    def op_item(self, k: int) -> QTreeWidgetItem | None:
        """The row of op ``k`` (None while it lies outside the rows laid out)."""
        if not self._lo <= k <= self._hi:
            return None
        return self._tree.topLevelItem(k - self._lo + (1 if self._lo > 0 else 0))

    def tree(self) -> QTreeWidget:
        return self._tree

    # -- building ----------------------------------------------------------------------------
    def _op_title(self, k: int) -> str:
        doc = self._document
        if k == 0:
            return self.tr("0. initial state ({0} VMAs)").format(len(doc.state(0).nodes))
        return op_heading(k, doc.scenario.ops[k - 1], doc.timeline.results[k - 1], self._lang)

    def _rebuild(self, around: int | None = None) -> None:
        """One row per op, at most ``MAX_ROWS`` of them around ``around`` (the cursor):
        a 1,000,000-op document lays out a window of rows, not a million (moving outside
        it lays out the next window; a row at each end says what is left out)."""
        self._tree.clear()
        self._open_op = 0
        n = self._document.op_count()
        centre = self._document.op if around is None else around
        self._lo = max(0, min(centre - MAX_ROWS // 2, n + 1 - MAX_ROWS))
        self._hi = min(n, self._lo + MAX_ROWS - 1)
        items = []
        if self._lo > 0:
            items.append(
                self._more_row(
                    self.tr("… ops 0 to {0}: the op slider reaches them").format(self._lo - 1),
                    self._lo - 1,
                )
            )
        for k in range(self._lo, self._hi + 1):
            item = QTreeWidgetItem([self._op_title(k)])
            item.setData(0, _OP_ROLE, k)
            item.setData(0, _STEP_ROLE, -1)
            if k > 0:
                item.addChild(QTreeWidgetItem(["…"]))
            items.append(item)
        if self._hi < n:
            items.append(
                self._more_row(
                    self.tr("… ops {0} to {1}: the op slider reaches them").format(self._hi + 1, n),
                    self._hi + 1,
                )
            )
        self._tree.addTopLevelItems(items)
        self._syncing = True
        self.op_slider.setRange(0, n)
        self._syncing = False

    def _more_row(self, text: str, op: int) -> QTreeWidgetItem:
        """A row standing for the ops left out; choosing it goes to the nearest of them."""
        item = QTreeWidgetItem([text])
        item.setData(0, _OP_ROLE, op)
        item.setData(0, _STEP_ROLE, -1)
        item.setForeground(0, self.palette().placeholderText())
        return item

    def _fill(self, item: QTreeWidgetItem) -> None:
        k = int(item.data(0, _OP_ROLE))
        first = item.child(0)
        if k == 0 or item.childCount() != 1 or first is None or first.data(0, _OP_ROLE) is not None:
            return
        item.takeChild(0)
        steps = self._document.frames(k).steps
        for i, step in enumerate(steps):
            text = step.text.get(self._lang) or step.text.get("en", "")
            child = QTreeWidgetItem([f"{i + 1}. [{step.kind}] {text}"])
            child.setToolTip(0, text)
            child.setData(0, _OP_ROLE, k)
            child.setData(0, _STEP_ROLE, i)
            item.addChild(child)

    # -- slots -------------------------------------------------------------------------------
    @Slot(QTreeWidgetItem)
    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item)

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        k = item.data(0, _OP_ROLE)
        s = item.data(0, _STEP_ROLE)
        if k is None:
            return
        self.position_requested.emit(int(k), max(0, int(s)))

    @Slot()
    def _on_document_trace_changed(self) -> None:
        self._rebuild()

    @Slot(int, int)
    def _on_document_step_changed(self, op: int, step: int) -> None:
        self._syncing = True
        self.op_slider.setValue(op)
        count = self._document.step_count(op)
        self.step_slider.setRange(0, max(0, count - 1))
        self.step_slider.setValue(step)
        self.step_slider.setEnabled(count > 1)
        self._op_label.setText(f"{op}/{self._document.op_count()}")
        self._step_label.setText(f"{step + 1 if count else 0}/{count}")
        self._syncing = False
        if not self._lo <= op <= self._hi:
            self._rebuild(around=op)
        item = self.op_item(op)
        if item is None:
            return
        target = item
        if self._open_op != op:
            previous = self.op_item(self._open_op)
            if previous is not None and self._open_op > 0:
                previous.setExpanded(False)
            self._open_op = op
        if op > 0:
            self._fill(item)
            item.setExpanded(True)
            child = item.child(step)
            if child is not None:
                target = child
        self._tree.setCurrentItem(target)
        self._tree.scrollToItem(target)

    @Slot(int)
    def _on_op_slider_value_changed(self, value: int) -> None:
        if not self._syncing:
            self.position_requested.emit(value, 0)

    @Slot(int)
    def _on_step_slider_value_changed(self, value: int) -> None:
        if not self._syncing:
            self.position_requested.emit(self._document.op, value)
