"""The insert dialog: a range (pre-filled from the map), flags, file and name, checked live.

The range is checked with the engine's own ``check_range`` as the user types; a range
that overlaps a VMA of the latest state is accepted as a *trial* (the kernel path runs
and answers -ENOMEM), and the dialog says so before the user confirms.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..engine.problems import Problem
from ..engine.scenario import ScenarioError, VmaSpec, check_range, parse_address
from ..engine.vma import DEFAULT_FLAGS, VM_FLAGS
from ..view.layout import human_size


def parse_hex(text: str, where: str) -> int:
    """ "0x400000", "400000" or "0X400000" → int; ``ScenarioError`` naming the field."""
    text = text.strip().replace("_", "")
    if not text:
        raise ScenarioError(where, Problem("field.empty"))
    if not text.lower().startswith("0x"):
        text = "0x" + text
    return parse_address(text, where)


class InsertDialog(QDialog):
    """Ask for one VMA. ``spec()`` is valid once the dialog is accepted."""

    def __init__(
        self,
        start: int,
        end: int,
        existing: Sequence[tuple[int, int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("insert_dialog")
        self.setWindowTitle(self.tr("Insert a VMA"))
        self._existing = sorted(existing)
        self.start_edit = QLineEdit(f"{start:#x}", self)
        self.start_edit.setObjectName("start_edit")
        self.end_edit = QLineEdit(f"{end:#x}", self)
        self.end_edit.setObjectName("end_edit")
        self.file_edit = QLineEdit(self)
        self.file_edit.setPlaceholderText(self.tr("anonymous (no file)"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("a label, e.g. heap"))
        self.caption_edit = QLineEdit(self)
        self.caption_edit.setPlaceholderText(self.tr("optional caption for this op"))
        for edit, tip in (
            (self.start_edit, self.tr("vm_start: page-aligned hex address")),
            (self.end_edit, self.tr("vm_end: the first byte after the VMA (page-aligned)")),
            (self.file_edit, self.tr("vm_file: a path, or empty for an anonymous mapping")),
        ):
            edit.setToolTip(tip)
        form = QFormLayout()
        form.addRow(self.tr("vm_start"), self.start_edit)
        form.addRow(self.tr("vm_end"), self.end_edit)
        form.addRow(self.tr("file"), self.file_edit)
        form.addRow(self.tr("name"), self.name_edit)
        form.addRow(self.tr("caption"), self.caption_edit)
        flags_box = QGroupBox(self.tr("vm_flags"), self)
        grid = QGridLayout(flags_box)
        self.flag_boxes: dict[str, QCheckBox] = {}
        for i, (name, bit) in enumerate(VM_FLAGS.items()):
            box = QCheckBox(name, flags_box)
            box.setChecked(bool(DEFAULT_FLAGS & bit))
            self.flag_boxes[name] = box
            grid.addWidget(box, i // 3, i % 3)
        self.status = QLabel(self)
        self.status.setObjectName("insert_status")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(flags_box)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        for edit in (self.start_edit, self.end_edit, self.file_edit):
            edit.textChanged.connect(self._on_edit_text_changed)
        self.trial = False
        self._validate()

    def ok_enabled(self) -> bool:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        return button.isEnabled()

    def spec(self) -> VmaSpec:
        """The VMA as typed; raises ``ScenarioError`` naming the field when invalid."""
        start = parse_hex(self.start_edit.text(), "vm_start")
        end = parse_hex(self.end_edit.text(), "vm_end")
        check_range(start, end, "range")
        flags = 0
        for name, box in self.flag_boxes.items():
            if box.isChecked():
                flags |= VM_FLAGS[name]
        file = self.file_edit.text().strip() or None
        return VmaSpec(start, end, flags, file, 0, False, self.name_edit.text().strip())

    def caption(self) -> str:
        return self.caption_edit.text().strip()

    @Slot(str)
    def _on_edit_text_changed(self, _text: str) -> None:
        self._validate()

    def _validate(self) -> None:
        ok = True
        self.trial = False
        try:
            spec = self.spec()
        except ScenarioError as exc:
            ok = False
            from ..engine.messages import localize_error

            lang = getattr(self.parent(), "lang", "en")
            self.status.setText("⚠ " + localize_error(exc, str(lang)))
            self.status.setStyleSheet("color: #c62828")
        else:
            size = spec.end - spec.start
            clash = next(
                ((s, e) for s, e in self._existing if s < spec.end and spec.start < e), None
            )
            if clash is None:
                self.status.setText(
                    self.tr("✓ {0} ({1} pages)").format(human_size(size), size >> 12)
                )
                self.status.setStyleSheet("color: #2e7d32")
            else:
                self.trial = True
                self.status.setText(
                    self.tr(
                        "Overlaps [{0:x},{1:x}): this runs as a trial, and the kernel "
                        "answers -ENOMEM (the tree stays unchanged)."
                    ).format(*clash)
                )
                self.status.setStyleSheet("color: #ef6c00")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
