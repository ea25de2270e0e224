"""File ▸ Replay order of imports: how a maps file or a live process becomes a timeline.

An imported address space is a set of VMAs; VMA Studio replays it through
``insert_vm_struct()``. The user picks how (``engine.replay_order``): one traced insert per
VMA in address order, in the file's order, in reverse or in a random order, or all at
once (a bulk load: the space is there, untraced, and every later insert is traced).
"Automatic" bulk-loads large spaces (where thousands of traced inserts help nobody) and
replays small ones in address order. The choice is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from ..engine.replay_order import BULK_THRESHOLD, ORDERS, Order

SETTINGS_KEY = "import/order"


class ImportOrderMenu(QMenu):
    """A radio menu of replay orders; ``order()`` is the choice (None: automatic)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_order_menu")
        self.setTitle(self.tr("Replay order of &imports"))
        self.setToolTipsVisible(True)
        self._settings = settings
        self._group = QActionGroup(self)
        labels = {
            "address": (
                self.tr("&Address order"),
                self.tr("One traced insert per VMA, lowest address first"),
            ),
            "file": (
                self.tr("&File order"),
                self.tr("One traced insert per VMA, in the order of the maps lines"),
            ),
            "reverse": (
                self.tr("&Reverse address order"),
                self.tr("One traced insert per VMA, highest address first"),
            ),
            "random": (
                self.tr("Ra&ndom order"),
                self.tr("One traced insert per VMA, in a shuffled (repeatable) order"),
            ),
            "bulk": (
                self.tr("All at &once (bulk load)"),
                self.tr("Load the whole space untraced; every insert you add is traced"),
            ),
        }
        self._actions: dict[str, QAction] = {}
        auto = self._add(
            "auto",
            self.tr("A&utomatic"),
            self.tr("All at once above {0} VMAs, address order below").format(
                f"{BULK_THRESHOLD:,}"
            ),
        )
        self.addSeparator()
        for key in ORDERS:
            text, tip = labels[key]
            self._add(key, text, tip)
        saved = str(settings.value(SETTINGS_KEY, "auto"))
        (self._actions.get(saved) or auto).setChecked(True)

    def _add(self, key: str, text: str, tip: str) -> QAction:
        action = self.addAction(text)
        action.setObjectName(f"import_order_{key}")
        action.setCheckable(True)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setData(key)
        action.triggered.connect(lambda _=False, k=key: self._settings.setValue(SETTINGS_KEY, k))
        self._group.addAction(action)
        self._actions[key] = action
        return action

    def order(self) -> Order | None:
        """The chosen order (None: automatic, see ``replay_order.auto_order``)."""
        checked = self._group.checkedAction()
        key = str(checked.data()) if checked is not None else "auto"
        for name in ORDERS:
            if name == key:
                return name
        return None

    def set_order(self, order: Order | None) -> None:
        key = order or "auto"
        self._actions[key].setChecked(True)
        self._settings.setValue(SETTINGS_KEY, key)
