"""The explanation: the op's caption, the step's sentence, its case label and the result."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ...engine.scenario import text_of
from ...engine.trace import TraceStep, case_label
from ...engine.wording import op_heading
from ...model.document import Document

#: What ``html.escape`` replaces, without importing ``html`` (its entity table is ~10 ms
#: of the window's start-up, for five characters).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """``text`` safe inside rich text, as ``escape(text)`` makes it."""
    return text.translate(_ESCAPES)


class ExplanationPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanation_panel")
        self._text = QTextBrowser(self)
        self._text.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._text)
        self._sentence = ""

    def sentence(self) -> str:
        return self._sentence

    def bind(self, document: Document, lang: str) -> None:
        """Explain ``document``'s current step from now on (heading, caption, sentence)."""
        self._document = document
        self._lang = lang
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, op: int, _step: int) -> None:
        d, lang = self._document, self._lang
        if op == 0:
            heading = self.tr("Initial state: {0} VMAs").format(len(d.state(0).nodes))
            caption = text_of(d.scenario.notes, lang)
        else:
            spec = d.scenario.ops[op - 1]
            heading = op_heading(op, spec, d.timeline.results[op - 1], lang)
            caption = text_of(spec.caption, lang)
        self.show_step(d.current_step(), heading, caption, lang)

    def show_step(
        self, step: TraceStep | None, heading: str, caption: str, lang: str = "en"
    ) -> None:
        parts = [f"<p><b>{escape(heading)}</b></p>"]
        if caption:
            parts.append(f"<p><i>{escape(caption)}</i></p>")
        if step is None:
            self._sentence = ""
        else:
            self._sentence = step.text.get(lang) or step.text.get("en", "")
            parts.append(f"<p style='font-size:large'>{escape(self._sentence)}</p>")
            case = case_label(step.case, lang)
            if case and not self._sentence.startswith(case):
                parts.append(f"<p><b>{escape(case)}</b></p>")
        self._text.setHtml("".join(parts))
