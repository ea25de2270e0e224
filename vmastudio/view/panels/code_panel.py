"""The code panel: our annotated pseudo-code of the function a step is in, its line lit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from ... import resources
from ...engine.trace import TraceStep
from ...model.document import Document


def pseudocode() -> dict[str, Any]:
    data: dict[str, Any] = resources.read_json("pseudocode", "functions.json")
    return data


class CodePanel(QWidget):
    """Shows the call stack as a breadcrumb and the current function's lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_panel")
        self._stack = QLabel(self)
        self._stack.setObjectName("call_stack")
        self._stack.setWordWrap(True)
        self._title = QLabel(self)
        self._text = QPlainTextEdit(self)
        self._text.setReadOnly(True)
        self._text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = self._text.font()
        font.setFamily("DejaVu Sans Mono")
        font.setStyleHint(font.StyleHint.Monospace)
        self._text.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._stack)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        self._func = ""
        self._lang = "en"
        self._line_ids: list[str] = []
        self._current_line = ""
        self._highlight = QColor("#ffe8a1")

    def set_dark(self, dark: bool) -> None:
        self._highlight = QColor("#5c4b00" if dark else "#ffe8a1")

    def current_line_id(self) -> str:
        return self._current_line

    def stack_text(self) -> str:
        return self._stack.text()

    def bind(self, document: Document, lang: str) -> None:
        """Follow ``document``'s cursor from now on (the panel subscribes itself)."""
        self._document = document
        self._lang = lang
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, _op: int, _step: int) -> None:
        self.show_step(self._document.current_step(), self._lang)

    def show_step(self, step: TraceStep | None, lang: str = "en") -> None:
        if step is None:
            self._stack.setText(self.tr("No step: the initial state."))
            self._title.setText("")
            self._text.setPlainText("")
            self._current_line = ""
            self._func = ""
            return
        self._stack.setText(self.tr("Call stack: ") + " → ".join(f"{f}()" for f in step.stack))
        data = pseudocode()
        func = step.func if step.func in data else self._find_func(step.line, data)
        if func != self._func or lang != self._lang:
            self._func, self._lang = func, lang
            entry = data.get(func, {"title": {"en": func}, "lines": []})
            title = entry["title"].get(lang) or entry["title"].get("en", func)
            self._title.setText(f"<b>{func}()</b> — {title}")
            lines = entry["lines"]
            self._line_ids = [line["id"] for line in lines]
            width = max((len(line["code"]) for line in lines), default=0) + 2
            text = []
            for line in lines:
                note = line.get("note", {}).get(lang) or line.get("note", {}).get("en", "")
                text.append(line["code"].ljust(width) + (f"// {note}" if note else ""))
            self._text.setPlainText("\n".join(text))
        self._current_line = step.line
        self._mark(step.line)

    @staticmethod
    def _find_func(line_id: str, data: dict[str, Any]) -> str:
        for func, entry in data.items():
            if any(line["id"] == line_id for line in entry["lines"]):
                return str(func)
        return ""

    def _mark(self, line_id: str) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if line_id in self._line_ids:
            block = self._text.document().findBlockByNumber(self._line_ids.index(line_id))
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(self._highlight)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.format = fmt
            cursor = QTextCursor(block)
            sel.cursor = cursor
            selections.append(sel)
            self._text.setTextCursor(cursor)
            self._text.ensureCursorVisible()
        self._text.setExtraSelections(selections)
