"""File ▸ Open Process…: pick a live process, and refresh an opened one as a diff.

``ProcessDialog`` lists ``/proc`` (``engine.processes.list_processes``): PID, name, user
and VMA count, filtered by what the user types (every word must occur in the PID, name or
user) and sortable by any column. Processes whose maps cannot be read are greyed, with the
reason as a tooltip; choosing one explains why in the dialog, which stays open. A
combo box under the table says where the process opens: the Linux 6.12 view (the maple
tree, 4.19 beside it; the default on a machine whose kernel has the maple tree, as the
label says) or the 4.x window (``kernel()``).

``refresh_document()`` re-reads the process a document was opened from and returns the
``MapsDiff`` against the document's current VMAs; ``append_diff_ops()`` appends that diff
as erase and insert ops (one undo step), so the change can be replayed step by step.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..engine.maps import read_pid_maps
from ..engine.mm import OpResult
from ..engine.problems import Problem
from ..engine.processes import (
    REASON_EXITED,
    REASON_NO_MAPPINGS,
    REASON_PERMISSION,
    MapsDiff,
    ProcessInfo,
    VmaChange,
    list_processes,
    maps_diff,
    read_process,
)
from ..engine.scenario import Scenario, ScenarioError
from ..model.document import Document
from .import_order import IMPORT_KERNELS, ImportKernel, default_kernel, machine_kernel

__all__ = [
    "ProcessDialog",
    "ProcessModel",
    "append_diff_ops",
    "describe_diff",
    "refresh_document",
    "refresh_scenario",
]

ModelIndex = QModelIndex | QPersistentModelIndex

#: Sort key (PID and VMA count as numbers, name and user case-folded).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's ``ProcessInfo``.
INFO_ROLE = Qt.ItemDataRole.UserRole + 2

PID, NAME, USER, VMAS = range(4)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProcessRefresh", text)


class ProcessModel(QAbstractTableModel):
    """The processes as a table: PID, name, user, VMA count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ProcessInfo] = []

    def set_processes(self, rows: list[ProcessInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def processes(self) -> list[ProcessInfo]:
        return list(self._rows)

    def info(self, row: int) -> ProcessInfo:
        return self._rows[row]

    def row_of(self, pid: int) -> int | None:
        for row, info in enumerate(self._rows):
            if info.pid == pid:
                return row
        return None

    def replace(self, row: int, info: ProcessInfo) -> None:
        self._rows[row] = info
        self.dataChanged.emit(self.index(row, 0), self.index(row, VMAS))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("PID"), self.tr("Name"), self.tr("User"), self.tr("VMAs"))
        return titles[section] if 0 <= section < len(titles) else None

    def reason_text(self, info: ProcessInfo) -> str:
        """Why ``info`` cannot be opened, short and translated ("" when it can)."""
        if info.readable:
            return ""
        if info.reason == REASON_PERMISSION:
            return self.tr("Permission denied: its memory map belongs to another user")
        if info.reason == REASON_EXITED:
            return self.tr("Exited")
        if info.reason == REASON_NO_MAPPINGS:
            return self.tr("A kernel thread: no user address space")
        return info.reason

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PID:
                return str(info.pid)
            if column == NAME:
                return info.name
            if column == USER:
                return info.user
            return "" if info.vma_count is None else str(info.vma_count)
        if role == SORT_ROLE:
            if column == PID:
                return info.pid
            if column == NAME:
                return info.name.casefold()
            if column == USER:
                return info.user.casefold()
            return -1 if info.vma_count is None else info.vma_count
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.reason_text(info) or None
        if role == Qt.ItemDataRole.ForegroundRole and not info.readable:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PID, VMAS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == INFO_ROLE:
            return info
        return None


class ProcessFilter(QSortFilterProxyModel):
    """Keeps rows whose PID, name or user contain every word typed (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self._words = text.casefold().split()
        # Setting the base filter string re-filters (on every Qt 6 version, without the
        # deprecated invalidateFilter()); filterAcceptsRow() reads the words instead.
        self.setFilterFixedString(text)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        info = model.index(source_row, 0, source_parent).data(INFO_ROLE)
        if not isinstance(info, ProcessInfo):
            return False
        haystack = f"{info.pid} {info.name} {info.user}".casefold()
        return all(word in haystack for word in self._words)


class ProcessDialog(QDialog):
    """Choose a live process to open. ``chosen_pid()`` is set once the dialog is accepted."""

    def __init__(
        self,
        parent: QWidget | None = None,
        proc_root: str | os.PathLike[str] = "/proc",
        kernel: ImportKernel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("process_dialog")
        self.setWindowTitle(self.tr("Open a process"))
        self._proc_root = proc_root
        self._chosen: int | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(self.tr("Search by PID, name or user"))
        self.search_edit.setClearButtonEnabled(True)

        self.model = ProcessModel(self)
        self.proxy = ProcessFilter(self)
        self.proxy.setSourceModel(self.model)

        self.table = QTableView(self)
        self.table.setObjectName("process_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PID, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(USER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VMAS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.sortByColumn(PID, Qt.SortOrder.AscendingOrder)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()

        self.kernel_box = QComboBox(self)
        self.kernel_box.setObjectName("kernel_box")
        self.kernel_box.addItem(self.tr("Linux 6.12 (maple tree), side by side with 4.19"), "6.12")
        self.kernel_box.addItem(self.tr("Linux 4.x window (red-black tree)"), "4.x")
        release, maple = machine_kernel()
        why = (
            self.tr("This machine runs Linux {0}: its processes keep their VMAs in a maple tree.")
            if maple
            else self.tr("This machine runs Linux {0}: older than the maple tree (6.1).")
        ).format(release or "?")
        self.kernel_box.setToolTip(why)
        self.kernel_box.setCurrentIndex(IMPORT_KERNELS.index(kernel or default_kernel()))
        kernel_label = QLabel(self.tr("Open &in:"), self)
        kernel_label.setBuddy(self.kernel_box)
        self.kernel_note = QLabel(why, self)
        self.kernel_note.setObjectName("kernel_note")
        self.kernel_note.setWordWrap(True)
        kernel_row = QHBoxLayout()
        kernel_row.addWidget(kernel_label)
        kernel_row.addWidget(self.kernel_box, 1)

        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setObjectName("open_button")
        self.open_button.setDefault(True)
        self.refresh_button: QPushButton = self.buttons.addButton(
            self.tr("&Refresh"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.setToolTip(self.tr("Read the list of processes again"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.message_label)
        layout.addLayout(kernel_row)
        layout.addWidget(self.kernel_note)
        layout.addWidget(self.buttons)
        self.resize(560, 520)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.search_edit.setFocus()
        self.refresh()

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Scan ``/proc`` again, keeping the search and (when it still exists) the selection."""
        keep = self.selected_info()
        try:
            rows = list_processes(self._proc_root)
        except OSError as exc:
            rows = []
            self._say(
                self.tr("Cannot list the processes in {0}: {1}").format(
                    os.fspath(self._proc_root), exc.strerror or exc
                )
            )
        else:
            self._say("")
        self.model.set_processes(rows)
        if keep is not None:
            self.select_pid(keep.pid)
        self._update_counts()
        self._on_selection_changed()

    def processes(self) -> list[ProcessInfo]:
        return self.model.processes()

    def visible_pids(self) -> list[int]:
        """The PIDs shown, in the table's order (after search and sort)."""
        out: list[int] = []
        for row in range(self.proxy.rowCount()):
            info = self.proxy.index(row, 0).data(INFO_ROLE)
            if isinstance(info, ProcessInfo):
                out.append(info.pid)
        return out

    # -- choosing ----------------------------------------------------------------------------
    def selected_info(self) -> ProcessInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        info = rows[0].data(INFO_ROLE)
        return info if isinstance(info, ProcessInfo) else None

    def select_pid(self, pid: int) -> bool:
        """Select ``pid``'s row if it is shown."""
        row = self.model.row_of(pid)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def kernel(self) -> ImportKernel:
        """Where the chosen process opens: "6.12" (side by side) or "4.x"."""
        data = self.kernel_box.currentData()
        return next((k for k in IMPORT_KERNELS if k == data), default_kernel())

    def chosen_pid(self) -> int | None:
        """The process chosen (None unless the dialog was accepted with a readable one)."""
        return self._chosen

    def explanation(self) -> str:
        """The message shown under the table ("" when none)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    def explain(self, info: ProcessInfo) -> str:
        """Why ``info`` cannot be opened, as a full sentence."""
        who = f"{info.pid} ({info.name})" if info.name else str(info.pid)
        if info.reason == REASON_PERMISSION:
            return self.tr(
                "Process {0} belongs to {1}: you may not read its memory map "
                "(/proc/{2}/maps). Run VMA Studio as that user or as root."
            ).format(who, info.user or "?", info.pid)
        if info.reason == REASON_EXITED:
            return self.tr("Process {0} has exited. Refresh the list.").format(who)
        if info.reason == REASON_NO_MAPPINGS:
            return self.tr(
                "Process {0} is a kernel thread: it has no user address space to show."
            ).format(who)
        return self.tr("Process {0} cannot be opened: {1}").format(who, info.reason)

    def accept(self) -> None:
        """Accept only a process whose maps can be read now; otherwise say why and stay."""
        info = self.selected_info()
        if info is None:
            self._say(self.tr("Choose a process first."))
            return
        fresh = read_process(info.pid, self._proc_root)
        if fresh is None:
            fresh = ProcessInfo(info.pid, info.name, info.user, None, False, REASON_EXITED)
        row = self.model.row_of(info.pid)
        if row is not None and fresh != info:
            self.model.replace(row, fresh)
        if not fresh.readable:
            self._say(self.explain(fresh))
            return
        self._chosen = fresh.pid
        super().accept()

    # -- slots -------------------------------------------------------------------------------
    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_counts()

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.accept()

    @Slot()
    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_info() is not None)

    # -- helpers -----------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _update_counts(self) -> None:
        rows = self.model.processes()
        readable = sum(1 for info in rows if info.readable)
        self.count_label.setText(
            self.tr("{0} of {1} processes shown; {2} can be opened").format(
                self.proxy.rowCount(), len(rows), readable
            )
        )


# -- refresh ----------------------------------------------------------------------------------


def refresh_document(
    document: Document, pid: int, proc_root: str | os.PathLike[str] = "/proc"
) -> MapsDiff:
    """Re-read process ``pid``'s maps and diff it against the document's current VMAs.

    Raises ``ScenarioError`` (from ``read_pid_maps``) when the process cannot be read;
    the document is never changed.
    """
    return refresh_scenario(document.scenario, pid, proc_root)


def refresh_scenario(
    scenario: Scenario, pid: int, proc_root: str | os.PathLike[str] = "/proc"
) -> MapsDiff:
    """Re-read process ``pid``'s maps and diff it against the VMAs ``scenario`` leaves
    (the 4.x window's document, or the side-by-side window's replay).

    Raises ``ScenarioError`` (from ``read_pid_maps``) when the process cannot be read.
    """
    fresh = read_pid_maps(pid, proc_root, scenario.kernel)
    return maps_diff(scenario, fresh.scenario)


def append_diff_ops(document: Document, diff: MapsDiff) -> list[OpResult]:
    """Append ``diff.as_ops()`` to the document: erases first, then inserts, in address
    order, as one undo step (Edit ▸ Undo removes the whole refresh). The cursor ends on
    the last op; stepping back replays the change op by op.

    Raises ``ScenarioError`` before changing anything if an erase names a VMA the
    document's latest state does not have (the document changed since the diff).
    """
    ops = diff.as_ops()
    if not ops:
        return []
    latest = document.state(document.op_count())
    for op in ops:
        if op.op == "erase" and latest.by_start(op.start) is None:
            raise ScenarioError(
                "refresh",
                Problem(
                    "text",
                    text=_tr("no VMA starts at 0x{0:x} in the latest state").format(op.start),
                ),
            )
    captions = {v.start: _tr("Refresh: added") for v in diff.added}
    captions.update({c.start: _tr("Refresh: grown") for c in diff.grown})
    captions.update({c.start: _tr("Refresh: shrunk") for c in diff.shrunk})
    captions.update({c.start: _tr("Refresh: changed") for c in diff.changed})
    results: list[OpResult] = []
    stack = document.undo_stack
    stack.beginMacro(_tr("Refresh from the process"))
    try:
        for op in ops:
            if op.op == "erase":
                results.append(document.erase(op.start))
            elif op.vma is not None:
                results.append(document.insert(op.vma, captions.get(op.vma.start, "")))
    finally:
        stack.endMacro()
    return results


def _label(name: str) -> str:
    return f" {name}" if name else ""


def describe_diff(diff: MapsDiff, limit: int = 12) -> str:
    """The diff for a message box: a count line, then one line per change in address
    order (at most ``limit``, then "… and N more"), translated."""
    if not diff:
        return _tr("No change since the last read.")
    head = _tr("{0} added, {1} removed, {2} grown, {3} shrunk, {4} changed").format(
        len(diff.added), len(diff.removed), len(diff.grown), len(diff.shrunk), len(diff.changed)
    )
    entries: list[tuple[int, str]] = []
    for vma in diff.added:
        text = _tr("added [{0:x}, {1:x}){2}").format(vma.start, vma.end, _label(vma.name))
        entries.append((vma.start, text))
    for vma in diff.removed:
        text = _tr("removed [{0:x}, {1:x}){2}").format(vma.start, vma.end, _label(vma.name))
        entries.append((vma.start, text))
    resized: list[tuple[VmaChange, str]] = [(c, _tr("grown")) for c in diff.grown]
    resized += [(c, _tr("shrunk")) for c in diff.shrunk]
    for change, verb in resized:
        text = _tr("{0} [{1:x}, {2:x}) → [{1:x}, {3:x}){4}").format(
            verb, change.start, change.old.end, change.new.end, _label(change.new.name)
        )
        entries.append((change.start, text))
    for change in diff.changed:
        text = _tr("changed [{0:x}, {1:x}){2}: {3}").format(
            change.start, change.new.end, _label(change.new.name), ", ".join(change.fields())
        )
        entries.append((change.start, text))
    entries.sort(key=lambda entry: entry[0])
    lines = [head, *(text for _start, text in entries[:limit])]
    if len(entries) > limit:
        lines.append(_tr("… and {0} more").format(len(entries) - limit))
    return "\n".join(lines)
