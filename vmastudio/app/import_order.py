"""File ▸ Replay order of imports: how a maps file or a live process becomes a timeline.

An imported address space is a set of VMAs; VMA Studio replays it through
``insert_vm_struct()``. The user picks how (``engine.replay_order``): one traced insert per
VMA in address order, in the file's order, in reverse or in a random order, or all at
once (a bulk load: the space is there, untraced, and every later insert is traced).
"Automatic" bulk-loads large spaces (where thousands of traced inserts help nobody) and
replays small ones in address order. The choice is remembered.

The same menu says where an import opens (``import/kernel``): by default in the Linux
6.12 view (the maple tree, with 4.19 beside it, ``SideBySideWindow``) when this machine
runs a kernel that keeps its VMAs in a maple tree (6.1 or later, read from
``os.uname()``), else in the 4.x window; either can be chosen, and is remembered.
"""

from __future__ import annotations

import os
import re
from typing import Literal

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from ..engine.replay_order import BULK_THRESHOLD, ORDERS, Order

SETTINGS_KEY = "import/order"
KERNEL_KEY = "import/kernel"

#: Where an import opens: the 6.12 side-by-side window or the 4.x window.
ImportKernel = Literal["6.12", "4.x"]
IMPORT_KERNELS: tuple[ImportKernel, ...] = ("6.12", "4.x")


def machine_kernel(release: str | None = None) -> tuple[str, bool]:
    """This machine's kernel release (``os.uname().release``) and whether it keeps VMAs in
    a maple tree (Linux 6.1 and later do; an unreadable release counts as recent)."""
    if release is None:
        try:
            release = os.uname().release
        except (AttributeError, OSError):  # not a Unix: nothing to compare with
            release = ""
    m = re.match(r"(\d+)\.(\d+)", release)
    maple = m is None or (int(m.group(1)), int(m.group(2))) >= (6, 1)
    return release, maple


def default_kernel(release: str | None = None) -> ImportKernel:
    """6.12 on a machine whose kernel has the maple tree, else 4.x."""
    return "6.12" if machine_kernel(release)[1] else "4.x"


def import_kernel(settings: QSettings) -> ImportKernel:
    """The remembered choice, else this machine's default."""
    saved = str(settings.value(KERNEL_KEY, ""))
    return next((k for k in IMPORT_KERNELS if k == saved), default_kernel())


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
        self._add_kernel_choice(settings)

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

    def _add_kernel_choice(self, settings: QSettings) -> None:
        """The section "Open imports in": Linux 6.12 (side by side) or Linux 4.x."""
        release, maple = machine_kernel()
        self.addSection(self.tr("Open imports in"))
        why = (
            self.tr(
                "This machine runs Linux {0}: since 6.1 the kernel keeps a process's VMAs "
                "in a maple tree, so maps files and processes open in the 6.12 view "
                "(with 4.19 beside it) by default"
            )
            if maple
            else self.tr(
                "This machine runs Linux {0}, older than the maple tree (6.1): maps files "
                "and processes open in the 4.x window by default"
            )
        ).format(release or "?")
        self.kernel_note = why
        group = QActionGroup(self)
        self._kernel_actions: dict[ImportKernel, QAction] = {}
        texts: dict[ImportKernel, tuple[str, str]] = {
            "6.12": (
                self.tr("Linux &6.12 (maple tree), side by side with 4.19"),
                why,
            ),
            "4.x": (
                self.tr("Linux &4.x window (red-black tree)"),
                self.tr("Open maps files and processes in this window, replayed by the 4.x engine"),
            ),
        }
        for key in IMPORT_KERNELS:
            text, tip = texts[key]
            action = self.addAction(text)
            action.setObjectName(f"import_kernel_{key.replace('.', '_')}")
            action.setCheckable(True)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: self.set_kernel(k))
            group.addAction(action)
            self._kernel_actions[key] = action
        self._kernel_actions[import_kernel(settings)].setChecked(True)

    def kernel(self) -> ImportKernel:
        """Where imports open: "6.12" (the side-by-side window) or "4.x" (this window)."""
        for key, action in self._kernel_actions.items():
            if action.isChecked():
                return key
        return default_kernel()

    def set_kernel(self, kernel: ImportKernel) -> None:
        """Choose (and remember) where imports open."""
        self._kernel_actions[kernel].setChecked(True)
        self._settings.setValue(KERNEL_KEY, kernel)

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
