"""The inspector: every field of the selected VMA in the state shown."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...engine.memory import AddressStyle, fmt_addr, vma_addr
from ...engine.snapshot import Snapshot
from ...engine.vma import VmArea, flag_names
from ...model.document import Document
from ..layout import human_size


class InspectorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector_panel")
        self._hint = QLabel(self.tr("Click a VMA in any drawing to inspect it."), self)
        self._hint.setWordWrap(True)
        self._tree = QTreeWidget(self)
        self._tree.setColumnCount(2)
        self._tree.setHeaderLabels([self.tr("field"), self.tr("value")])
        self._tree.setRootIsDecorated(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._hint)
        layout.addWidget(self._tree)
        self._fields: dict[str, str] = {}
        self._key: int | None = None

    def field(self, name: str) -> str | None:
        return self._fields.get(name)

    def bind(self, document: Document) -> None:
        """Show the chosen VMA as it is at ``document``'s cursor from now on."""
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)

    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        self.show_key(self._key)

    def show_key(self, key: int | None) -> None:
        """Inspect VMA ``key`` (None: nothing) in the document's drawn state."""
        d = self._document
        self.show_vma(key, d.current_snapshot(), d.address_style)

    def show_vma(self, key: int | None, snap: Snapshot | None, style: AddressStyle) -> None:
        self._key = key
        self._tree.clear()
        self._fields = {}
        node = None if key is None or snap is None else snap.nodes.get(key)
        if node is None:
            self._hint.setText(self.tr("Click a VMA in any drawing to inspect it."))
            return

        def ref(key: int | None) -> str:
            if key is None:
                return "NULL"
            other = None if snap is None else snap.nodes.get(key)
            return "?" if other is None else f"[{other.start:x},{other.end:x})"

        in_tree = node.in_tree
        address = fmt_addr(vma_addr(VmArea(node.start, node.end, uid=node.uid)), style)
        rows = [
            (self.tr("struct"), address),
            ("vm_start", f"{node.start:#x}"),
            ("vm_end", f"{node.end:#x}"),
            (
                self.tr("size"),
                f"{human_size(node.end - node.start)} ({(node.end - node.start) >> 12} pages)",
            ),
            ("vm_flags", f"{node.flags:#x} " + " | ".join(flag_names(node.flags))),
            ("vm_pgoff", f"{node.pgoff:#x}"),
            ("vm_file", node.file or "NULL"),
            (self.tr("name"), node.name or "-"),
            ("vm_prev", ref(node.prev)),
            ("vm_next", ref(node.next)),
            (
                self.tr("rb colour"),
                (self.tr("red") if node.color == "R" else self.tr("black")) if in_tree else "-",
            ),
            ("rb_parent", ref(node.parent)),
            ("rb_left", ref(node.left)),
            ("rb_right", ref(node.right)),
            ("rb_subtree_gap", f"{node.gap:#x}"),
            (self.tr("in tree"), self.tr("yes") if in_tree else self.tr("no")),
        ]
        self._hint.setText(self.tr("VMA [{0:x},{1:x})").format(node.start, node.end))
        for name, value in rows:
            self._tree.addTopLevelItem(QTreeWidgetItem([name, value]))
            self._fields[name] = value
        self._tree.resizeColumnToContents(0)
