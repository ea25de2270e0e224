"""Undo commands: every edit appends to the timeline, and is undone by truncating it.

The step cursor is not an edit and never enters the undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ..engine.mm import Kernel
from ..engine.scenario import OpSpec
from ..engine.vma import ENOMEM

if TYPE_CHECKING:
    from .document import Document


def _tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


def describe(op: OpSpec, end: int | None = None) -> str:
    """A short, translated name of an op for the Edit menu (``end``: the erased VMA's)."""
    if op.op == "insert" and op.vma is not None:
        return _tr("Insert [{0:x},{1:x})").format(op.vma.start, op.vma.end)
    if op.op == "erase":
        if end is not None:
            return _tr("Erase [{0:x},{1:x})").format(op.start, end)
        return _tr("Erase [{0:x},…)").format(op.start)
    return op.op


class AppendOpCommand(QUndoCommand):
    """Insert, trial insert or erase: the op is appended at the end of the scenario."""

    def __init__(self, document: Document, op: OpSpec) -> None:
        end = None
        if op.op == "erase":
            latest = document.state(document.op_count())
            key = latest.by_start(op.start)
            end = None if key is None else latest.nodes[key].end
        super().__init__(describe(op, end))
        self._document = document
        self._op = op
        self._index = document.op_count()

    def redo(self) -> None:
        result = self._document._append_op(self._op)
        if self._op.op == "insert" and result.result == ENOMEM:
            vma = self._op.vma
            assert vma is not None
            self.setText(_tr("Trial [{0:x},{1:x}) → -ENOMEM").format(vma.start, vma.end))

    def undo(self) -> None:
        self._document._truncate(self._index)


class SetKernelCommand(QUndoCommand):
    """Switch the document's kernel profile (4.0 or 4.19); the whole scenario re-runs."""

    def __init__(self, document: Document, old: Kernel, new: Kernel) -> None:
        super().__init__(_tr("Kernel profile {0}").format(new))
        self._document = document
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._document._set_kernel(self._new)

    def undo(self) -> None:
        self._document._set_kernel(self._old)
