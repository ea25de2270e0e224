"""File ▸ Refresh process: what changed since the last read, drawn and listed.

``DiffDialog`` shows a ``MapsDiff`` (``engine.processes``): a summary of the counts, a
``DiffStrip`` (``view/diff_strip.py``: the address space as one bar, each VMA coloured by
what happened to it) and a table with one row per change.

Selecting a row highlights its piece in the strip; clicking a piece selects its row. The
dialog is accepted (``exec()`` returns ``Accepted``) when the user chooses to append the
changes as ops to replay; it draws the diff and decides nothing about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine.diff_pieces import KINDS, _range, _resized_range
from ..engine.processes import MapsDiff, VmaChange
from ..engine.scenario import VmaSpec
from ..view.diff_strip import DiffStrip
from ..view.diff_style import _is_dark, _styles, _swatch_icon
from ..view.diff_words import _size_text, _vma_label, describe_piece, fields_text, kind_label

__all__ = ["KINDS", "DiffDialog", "DiffStrip", "kind_label"]

#: The table sorts the Change column in the order of ``KINDS``.
_ORDER: Final = {kind: i for i, kind in enumerate(KINDS)}

#: Table roles: the change's start (column 0) and its kind.
START_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
KIND_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2


# -- the dialog ------------------------------------------------------------------------------


class _Row(QTreeWidgetItem):
    """A table row that sorts by numbers where the column holds numbers."""

    def __init__(self, texts: list[str], keys: list[tuple[Any, ...]]) -> None:
        super().__init__(texts)
        self.keys = keys

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if isinstance(other, _Row) and 0 <= column < len(self.keys):
            return bool(self.keys[column] < other.keys[column])
        return super().__lt__(other)


KIND_COL, RANGE_COL, SIZE_COL, NAME_COL, FIELDS_COL = range(5)


class DiffDialog(QDialog):
    """What changed in process ``pid``: counts, the strip and one row per change.

    Accepted when the user chooses "Append as ops to replay". ``vmas``: the VMAs of the
    old (or the new) read; those the diff does not mention are drawn as unchanged.
    """

    def __init__(
        self,
        diff: MapsDiff,
        pid: int,
        parent: QWidget | None = None,
        *,
        vmas: Iterable[VmaSpec] = (),
        side_by_side: bool = False,
    ) -> None:
        """``side_by_side``: for the 6.12 side-by-side window (no undo there: the hint
        and tooltip say both kernels replay the appended ops)."""
        super().__init__(parent)
        self.setObjectName("diff_dialog")
        self.setWindowTitle(self.tr("What changed in process {0}").format(pid))
        self._diff = diff
        self._pid = pid
        self._styles = _styles(_is_dark(self.palette()))

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("diff_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.strip = DiffStrip(diff, vmas, self)

        self.table = QTreeWidget(self)
        self.table.setObjectName("diff_table")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Change"),
                self.tr("Range"),
                self.tr("Size"),
                self.tr("File / name"),
                self.tr("Fields changed"),
            ]
        )
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._items: dict[int, _Row] = {}
        self._fill()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RANGE_COL, Qt.SortOrder.AscendingOrder)
        for column in (KIND_COL, RANGE_COL, SIZE_COL):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(NAME_COL, 200)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("diff_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.buttons = QDialogButtonBox(self)
        self.append_button = self.buttons.addButton(
            self.tr("&Append as ops to replay"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.append_button.setObjectName("append_ops")
        self.append_button.setToolTip(
            self.tr(
                "Add the changes at the end as erase and insert ops, replayed by Linux 4.19 "
                "and 6.12: step through them to watch both address spaces change."
            )
            if side_by_side
            else self.tr(
                "Add the changes at the end of the document as erase and insert ops, in "
                "one undo step: step through them to watch the address space change."
            )
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        if self.close_button is not None:
            self.close_button.setObjectName("close_button")
            self.close_button.setText(self.tr("Close"))

        counts = (
            len(diff.added),
            len(diff.removed),
            len(diff.grown),
            len(diff.shrunk),
            len(diff.changed),
        )
        if diff:
            self.summary_label.setText(
                self.tr(
                    "Process {0} since the last read: {1} added, {2} removed, {3} grown, "
                    "{4} shrunk, {5} changed; {6} unchanged."
                ).format(pid, *counts, diff.unchanged)
            )
            hint = (
                self.tr(
                    "Appending adds {0} ops after the last one: first the erases, then the "
                    "inserts, in address order. Both kernels replay them from the first."
                )
                if side_by_side
                else self.tr(
                    "Appending adds {0} ops after the last one: first the erases, then the "
                    "inserts, in address order. Edit ▸ Undo removes them all."
                )
            )
            self.hint_label.setText(hint.format(len(diff.as_ops())))
            self.append_button.setDefault(True)
            self.append_button.setFocus()
        else:
            self.summary_label.setText(
                self.tr("Nothing changed in process {0} since the last read ({1} VMAs).").format(
                    pid, diff.unchanged
                )
            )
            self.hint_label.hide()
            self.append_button.setEnabled(False)
            if self.close_button is not None:
                self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.strip)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.resize(max(980, self.strip.minimumSizeHint().width() + 40), 620)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.strip.vma_clicked.connect(self._on_strip_vma_clicked)

    # -- reading -----------------------------------------------------------------------------
    def diff(self) -> MapsDiff:
        return self._diff

    def pid(self) -> int:
        return self._pid

    def rows(self) -> list[tuple[str, int]]:
        """The table as ``(kind, start)``, in the order shown."""
        out: list[tuple[str, int]] = []
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if isinstance(item, _Row):
                out.append((str(item.data(KIND_COL, KIND_ROLE)), int(item.keys[RANGE_COL][0])))
        return out

    def selected_start(self) -> int | None:
        items = self.table.selectedItems()
        if not items or not isinstance(items[0], _Row):
            return None
        return int(items[0].keys[RANGE_COL][0])

    def select_start(self, start: int) -> bool:
        """Select the row of the change at ``start`` (and its piece in the strip)."""
        item = self._items.get(start)
        if item is None:
            return False
        self.table.setCurrentItem(item)
        self.table.scrollToItem(item)
        return True

    # -- slots -------------------------------------------------------------------------------
    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self.strip.set_selected(self.selected_start())

    @Slot(object)
    def _on_strip_vma_clicked(self, start: int) -> None:
        if not self.select_start(start):
            self.table.clearSelection()
            self.strip.set_selected(start)

    # -- helpers -----------------------------------------------------------------------------
    def _fill(self) -> None:
        diff = self._diff
        entries: list[tuple[str, VmaSpec | None, VmaSpec | None]] = []
        entries += [("added", None, v) for v in diff.added]
        entries += [("removed", v, None) for v in diff.removed]
        entries += [("grown", c.old, c.new) for c in diff.grown]
        entries += [("shrunk", c.old, c.new) for c in diff.shrunk]
        entries += [("changed", c.old, c.new) for c in diff.changed]
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        icons = {kind: _swatch_icon(kind, self._styles) for kind in KINDS}
        brushes = {kind: QBrush(self._styles[kind].line) for kind in KINDS}
        rows: list[QTreeWidgetItem] = []
        for kind, old, new in entries:
            vma = new or old
            assert vma is not None
            if kind in ("grown", "shrunk") and old is not None and new is not None:
                span = _resized_range(VmaChange(old, new))
            else:
                span = _range(vma.start, vma.end)
            size, delta = _size_text(kind, old, new)
            fields = ""
            if old is not None and new is not None:
                fields = fields_text(VmaChange(old, new), with_end=True)
            label = _vma_label(vma)
            texts = [kind_label(kind), span, size, label, fields]
            keys: list[tuple[Any, ...]] = [
                (_ORDER[kind], vma.start),
                (vma.start,),
                (delta, vma.start),
                (label.casefold(), vma.start),
                (fields, vma.start),
            ]
            item = _Row(texts, keys)
            item.setIcon(KIND_COL, icons[kind])
            item.setForeground(KIND_COL, brushes[kind])
            item.setData(KIND_COL, START_ROLE, vma.start)
            item.setData(KIND_COL, KIND_ROLE, kind)
            item.setFont(RANGE_COL, mono)
            item.setTextAlignment(
                SIZE_COL, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            tip = describe_piece(kind, old, new)
            for column in range(len(texts)):
                item.setToolTip(column, tip)
            self._items[vma.start] = item
            rows.append(item)
        self.table.addTopLevelItems(rows)
