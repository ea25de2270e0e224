"""The status bar's step facts: the running function, the op's result, the position."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ...engine.wording import result_name
from ...model.document import Document


class StepStatus(QObject):
    """Three labels that follow a document's cursor (the window only places them)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.func_label = QLabel(parent)
        self.func_label.setObjectName("func_label")
        self.result_label = QLabel(parent)
        self.result_label.setObjectName("result_label")
        self.position_label = QLabel(parent)
        self.position_label.setObjectName("position_label")

    def bind(self, document: Document) -> None:
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, op: int, step_index: int) -> None:
        d = self._document
        step = d.current_step()
        count = d.step_count(op)
        self.position_label.setText(
            self.tr("op {0}/{1} · step {2}/{3}").format(
                op, d.op_count(), step_index + 1 if count else 0, count
            )
        )
        self.func_label.setText(f"{step.func}()" if step is not None else "")
        result = ""
        if op > 0:
            result = result_name(d.scenario.ops[op - 1].op, d.timeline.results[op - 1].result)
        self.result_label.setText(self.tr("result: {0}").format(result) if result else "")
