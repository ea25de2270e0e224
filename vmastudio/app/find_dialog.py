"""Edit ▸ Find VMA: jump to an address (``find_vma``), a file name or a flag.

``FindVmaDialog`` is non-modal: it searches the snapshot ``snapshot_provider`` returns
(``engine.search``) as the user types (debounced) and emits ``vma_chosen(id)`` (the VMA's id) on
Enter, a double-click or "Go to", staying open so the user can step through the matches
(Up/Down in the query move the selection). Usage (the main window)::

    dialog = FindVmaDialog(lambda: document.current_snapshot(), window)
    dialog.vma_chosen.connect(window.select_vma)
    dialog.show()

The last query is remembered in ``QSettings`` (``find/last_query``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine.search import QueryError, describe, parse_query, search_vmas
from ..engine.snapshot import Snapshot

__all__ = ["DEBOUNCE_MS", "MAX_SHOWN", "SETTINGS_KEY", "FindVmaDialog"]

#: How long typing must pause before the search runs.
DEBOUNCE_MS = 150
#: At most this many results are listed (the status gives the full count).
MAX_SHOWN = 1000
SETTINGS_KEY = "find/last_query"

_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindVmaDialog(QDialog):
    """Search the current snapshot; ``vma_chosen`` carries the chosen VMA's id."""

    #: The chosen VMA's id (the snapshot's key, as the scene's ``select_vma`` takes it).
    vma_chosen = Signal(object)

    def __init__(
        self,
        snapshot_provider: Callable[[], Snapshot],
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("find_dialog")
        self.setWindowTitle(self.tr("Find VMA"))
        self.setModal(False)
        self._provider = snapshot_provider
        self._settings = settings if settings is not None else QSettings()
        #: The text the list was last computed for (None: never searched).
        self._searched: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self._build()
        last = self._settings.value(SETTINGS_KEY, "", type=str)
        self.query_edit.setText(last if isinstance(last, str) else "")
        self.query_edit.selectAll()
        self.search_now()

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("find_query")
        self.query_edit.setClearButtonEnabled(True)
        placeholder = self.tr("Address (0x7f…), flags (VM_EXEC, r-x) or file name (libc, [heap])")
        self.query_edit.setPlaceholderText(placeholder)
        # Wide enough for the whole hint, in any language (it was cut in Chinese).
        hint_width = self.query_edit.fontMetrics().horizontalAdvance(placeholder)
        self.query_edit.setMinimumWidth(hint_width + 48)
        self.query_edit.setToolTip(
            self.tr(
                "<p>Type one of:</p><ul>"
                "<li><b>an address</b>, <tt>0x7f12a000</tt> or <tt>7f12a000</tt>: the VMA "
                "find_vma() returns, the first one that ends above it;</li>"
                "<li><b>flags</b>, <tt>VM_EXEC</tt>, <tt>exec</tt>, <tt>read+write</tt>: "
                "VMAs with all of them set;</li>"
                "<li><b>permissions</b> as in /proc/PID/maps, <tt>r-x</tt>, <tt>rw-p</tt>, "
                "<tt>r--s</tt>: VMAs with exactly these;</li>"
                "<li><b>anything else</b>, <tt>libc</tt>, <tt>[heap]</tt>, <tt>[stack]</tt>: "
                "VMAs whose file or name contains it (any case).</li></ul>"
                "<p>Enter goes to the selected VMA; Up and Down move through the results.</p>"
            )
        )
        self.results_list = QListWidget(self)
        self.results_list.setObjectName("find_results")
        self.results_list.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.results_list.setUniformItemSizes(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("find_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton(
            self.tr("&Go to"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.go_button.setObjectName("find_go")
        self.go_button.setToolTip(self.tr("Show the selected VMA (Enter)"))
        self.go_button.setDefault(True)
        self.close_button = buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("find_close")
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.results_list, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.query_edit.textChanged.connect(self._on_query_edit_text_changed)
        self.query_edit.installEventFilter(self)
        self.results_list.installEventFilter(self)
        self.results_list.itemDoubleClicked.connect(self._on_results_list_item_double_clicked)
        self.go_button.clicked.connect(self.go)
        buttons.rejected.connect(self.reject)
        self.resize(560, 420)

    # -- searching ---------------------------------------------------------------------------
    @Slot()
    def search_now(self) -> None:
        """Search for the query now (cancelling a pending debounced search)."""
        self._timer.stop()
        text = self.query_edit.text()
        self._searched = text
        self._settings.setValue(SETTINGS_KEY, text)
        self.results_list.clear()
        try:
            query = parse_query(text)
        except QueryError as exc:
            self.status_label.setText(self._error_text(exc))
            self._update_go()
            return
        snap = self._provider()
        starts = search_vmas(snap, query)
        self.results_list.setUpdatesEnabled(False)
        try:
            for start in starts[:MAX_SHOWN]:
                node = snap.nodes[start]
                item = QListWidgetItem(describe(node))
                item.setData(Qt.ItemDataRole.UserRole, start)
                if node.file is not None:
                    item.setToolTip(node.file)
                self.results_list.addItem(item)
        finally:
            self.results_list.setUpdatesEnabled(True)
        if starts:
            self.results_list.setCurrentRow(0)
        if query.kind == "address":
            self.status_label.setText(self._address_text(query.address, snap, starts))
        else:
            self.status_label.setText(self._count_text(len(starts)))
        self._update_go()

    def refresh(self) -> None:
        """Search again, e.g. after the document moved to another step."""
        self.search_now()

    def result_starts(self) -> list[int]:
        """The id of each listed result, in list order (the name predates VMA ids)."""
        return [
            int(self.results_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.results_list.count())
        ]

    def _error_text(self, exc: QueryError) -> str:
        if exc.problem == "empty":
            return self.tr("Type an address, flags or a file name.")
        if exc.problem == "unknown_flag":
            return self.tr("Unknown flag {0}.").format(exc.value)
        if exc.problem == "address_range":
            return self.tr("{0} does not fit in a 64-bit address.").format(exc.value)
        return str(exc)

    def _address_text(self, address: int, snap: Snapshot, starts: list[int]) -> str:
        shown = f"0x{address:x}"
        if not starts:
            return self.tr("No VMA at or above {0}").format(shown)
        if snap.nodes[starts[0]].start <= address:
            return self.tr("{0} lies in this VMA").format(shown)
        return self.tr("{0} is in no VMA; find_vma() returns the next one above it").format(shown)

    def _count_text(self, count: int) -> str:
        if count == 0:
            return self.tr("No matches")
        if count == 1:
            return self.tr("1 match")
        if count > MAX_SHOWN:
            return self.tr("{0} matches, showing the first {1} of {0}").format(
                f"{count:,}", f"{MAX_SHOWN:,}"
            )
        return self.tr("{0} matches").format(f"{count:,}")

    def _update_go(self) -> None:
        self.go_button.setEnabled(self.results_list.count() > 0)

    # -- choosing ----------------------------------------------------------------------------
    @Slot()
    def go(self) -> None:
        """Emit ``vma_chosen`` for the selected result (searching first if the query
        changed since the last search); the dialog stays open."""
        if self._timer.isActive() or self._searched != self.query_edit.text():
            self.search_now()
        item = self.results_list.currentItem()
        if item is None:
            item = self.results_list.item(0)
            if item is None:
                return
            self.results_list.setCurrentItem(item)
        self.vma_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _move_selection(self, key: Qt.Key) -> None:
        count = self.results_list.count()
        if count == 0:
            return
        row = self.results_list.currentRow()
        page = max(1, self.results_list.viewport().height() // 20)
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -page,
            Qt.Key.Key_PageDown: page,
        }[key]
        row = 0 if row < 0 else min(max(row + step, 0), count - 1)
        self.results_list.setCurrentRow(row)

    # -- events ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in _ENTER_KEYS and plain and watched in (self.query_edit, self.results_list):
                self.go()
                return True
            if key in _MOVE_KEYS and plain and watched is self.query_edit:
                self._move_selection(Qt.Key(key))
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        # The document may have moved while the dialog was hidden.
        self.search_now()
        self.query_edit.setFocus()
        super().showEvent(event)

    @Slot(str)
    def _on_query_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    @Slot(QListWidgetItem)
    def _on_results_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.results_list.setCurrentItem(item)
        self.vma_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
