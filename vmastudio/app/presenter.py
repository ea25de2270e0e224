"""The presenter view: what the lecturer sees on the laptop while the hall sees the scene.

Current step (a live miniature of the audience's picture, the op's caption, the step's
sentence and code line), the next step, the op's speaker notes, a wall clock and the
time since the presentation started. Keys typed here drive the presentation exactly as
on the audience's screen. With one screen it opens as an ordinary window ("S"). The
layout, clock and keys are the shared ``lecture/presenter_shell.py``; this file says
what the 4.x lecture's boxes hold.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..model.document import Document
from .lecture.presenter_shell import PresenterShell
from .lecture.texts import (
    code_line,
    next_position,
    op_caption,
    op_heading,
    op_notes,
    step_sentence,
)
from .presentation import PresentationWindow


class PresenterView(PresenterShell):
    """The lecturer's screen for ``presentation`` (a ``PresentationWindow``)."""

    def __init__(self, presentation: PresentationWindow) -> None:
        self._presentation = presentation
        super().__init__(
            presentation, presentation.scene, "presenter_view", preview_name="presenter_preview"
        )
        self.setWindowTitle(self.tr("VMA Studio — presenter view"))

    @property
    def presentation(self) -> PresentationWindow:
        return self._presentation

    @property
    def document(self) -> Document:
        return self._presentation.document

    def box_title(self, key: str) -> str:
        titles = {"p_now": self.tr("Now"), "p_next": self.tr("Next"), "p_notes": self.tr("Notes")}
        return titles[key]

    def elapsed_text(self) -> str:
        return self.tr("elapsed {0}")

    def apply_theme(self, _name: str) -> None:
        """The lecturer's screen keeps its own dark look; only the miniature follows."""
        self._fit_mini()

    # -- contents -------------------------------------------------------------------------------
    def refresh(self) -> None:
        d = self.document
        p = self.presentation
        lang = p.settings.lang
        op, step_index = d.op, d.step
        step = d.current_step()
        self.position_label.setText(p.position_label.text())
        self.now_heading.setText(op_heading(d, op, lang))
        self.now_caption.setText(op_caption(d, op, lang))
        self.now_sentence.setText(step_sentence(step, lang))
        self.now_code.setText(code_line(step))
        nxt = next_position(d, op, step_index)
        if nxt is None:
            self.next_heading.setText(self.tr("End of the scenario"))
            self.next_sentence.setText("")
        else:
            k, s = nxt
            steps = d.frames(k).steps if k >= 1 else []
            heading = (
                op_heading(d, k, lang)
                if k != op
                else self.tr("same op, step {0} of {1}").format(s + 1, len(steps))
            )
            self.next_heading.setText(heading)
            following = steps[s] if s < len(steps) else None
            text = step_sentence(following, lang)
            if k != op and op_caption(d, k, lang):
                text = op_caption(d, k, lang) + "\n\n" + text
            self.next_sentence.setText(text)
        self.set_notes(op_notes(d, op, lang), self.tr("No notes for this op."))
        self._fit_mini()

    def notes_text(self) -> str:
        return op_notes(self.document, self.document.op, self.presentation.settings.lang)

    def _fit_mini(self) -> None:
        rect = self.presentation.scene.sceneRect()
        if not rect.isEmpty():
            self.mini.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
