"""Help ▸ Pointer-to-pointer lesson: the linked-list idiom the kernel relies on, stepped.

The same pointer view as the kernel's walk draws a small list insert and removal written
with an indirect pointer (``struct node **p``), so the head needs no special case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..engine.lesson import Lesson, lessons
from ..engine.memory import AddressStyle
from ..engine.scenario import text_of
from ..view.pointer import PointerView


class LessonDialog(QDialog):
    """A lesson picker, its C code, and the pointer view stepping through it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        language: str = "en",
        theme: str = "light",
        address_style: AddressStyle = "short",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_dialog")
        self.setWindowTitle(self.tr("Pointer-to-pointer lesson"))
        self.language = language
        self.lessons: list[Lesson] = lessons(address_style)
        self.index = 0
        self.picker = QComboBox(self)
        self.picker.setObjectName("lesson_picker")
        for lesson in self.lessons:
            self.picker.addItem(text_of(lesson.title, language))
        self.picker.setToolTip(self.tr("Choose an example"))
        self.code = QPlainTextEdit(self)
        self.code.setReadOnly(True)
        self.code.setFont(QFont("monospace"))
        self.view = PointerView(self, theme=theme, language=language, address_style=address_style)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.position = QLabel(self)
        self.back_button = QPushButton(self.tr("◀ Back"), self)
        self.back_button.setToolTip(self.tr("Previous step (Left)"))
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.next_button.setToolTip(self.tr("Next step (Right)"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Example:"), self))
        top.addWidget(self.picker, 1)
        top.addWidget(self.back_button)
        top.addWidget(self.position)
        top.addWidget(self.next_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.code)
        split.addWidget(self.view)
        split.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        self.resize(1280, 760)
        self.picker.currentIndexChanged.connect(self._on_picker_current_index_changed)
        self.back_button.clicked.connect(self.step_back)
        self.next_button.clicked.connect(self.step_forward)
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, self.step_back)
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, self.step_forward)
        self._on_picker_current_index_changed(0)

    @property
    def lesson(self) -> Lesson:
        return self.lessons[self.picker.currentIndex()]

    @Slot(int)
    def _on_picker_current_index_changed(self, _index: int) -> None:
        self.code.setPlainText(self.lesson.code)
        self.index = 0
        self._show()

    @Slot()
    def step_forward(self) -> None:
        if self.index + 1 < len(self.lesson.models):
            self.index += 1
            self._show()

    @Slot()
    def step_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def _show(self) -> None:
        models = self.lesson.models
        model = models[self.index]
        self.view.show_model(model)
        self.caption.setText(text_of(model.text, self.language))
        self.position.setText(self.tr("step {0}/{1}").format(self.index + 1, len(models)))
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index + 1 < len(models))
