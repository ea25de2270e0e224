"""The 6.12 lecture's presenter view: what the lecturer sees on the laptop (S).

Now (a live miniature of what the hall sees, the op's heading and caption, the step's
sentence and kernel line), the next step, the op's speaker notes, a wall clock and the
time since the talk started. Keys typed here drive the lecture as on the hall's screen;
Ctrl+R restarts the clock. With two screens it opens on the lecturer's one by itself.
It reads the lecture window (``MaplePresentation``) and the trace, never the tree; the
layout, clock and keys are the shared ``presenter_shell.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt

from ...engine.scenario import text_of
from .presenter_shell import PresenterShell
from .words612 import code_line, heading, say

if TYPE_CHECKING:
    from ..maple_presentation import MaplePresentation


class Presenter612(PresenterShell):
    """The lecturer's screen for a 6.12 lecture ``talk``."""

    def __init__(self, talk: MaplePresentation) -> None:
        self._talk612 = talk
        super().__init__(
            talk,
            talk.scene,
            "presenter612",
            preview_name="presenter612_preview",
            preview_rect=QRectF(-1e9, -1e9, 2e9, 2e9),  # it frames what the hall sees
        )
        self.setWindowTitle(self.tr("VMA Studio — Linux 6.12 presenter view"))

    def box_title(self, key: str) -> str:
        return say(key, self._talk612.settings.lang)

    def elapsed_text(self) -> str:
        return say("p_elapsed", self._talk612.settings.lang)

    # -- contents -----------------------------------------------------------------------------
    def next_position(self) -> tuple[int, int] | None:
        """Where the next forward key goes (None: the end of the talk)."""
        t = self._talk612
        if t.op >= 1 and t.step + 1 < t.step_count():
            return (t.op, t.step + 1)
        if t.op < len(t.timeline):
            return (t.op + 1, 0)
        return None

    def refresh(self) -> None:
        t = self._talk612
        lang = t.settings.lang
        self._retitle()
        self.position_label.setText(t.position_label.text())
        self.now_heading.setText(t.heading_label.text())
        self.now_caption.setText(t.caption_label.text())
        self.now_sentence.setText(t.sentence_label.text())
        self.now_code.setText(t.code_label.text())
        ops = t.timeline.scenario.ops
        following = self.next_position()
        if following is None:
            self.next_heading.setText(say("p_end", lang))
            self.next_sentence.setText("")
        else:
            k, s = following
            steps = t.timeline.frames(k).steps
            if k != t.op:
                outcome = t.timeline.outcomes[k - 1]
                # The lecturer may know what comes: the store type is not held back here.
                self.next_heading.setText(heading(k, ops[k - 1], outcome, lang, True))
            else:
                self.next_heading.setText(say("p_same_op", lang).format(s + 1, len(steps)))
            step = steps[s] if s < len(steps) else None
            text = text_of(step.text, lang) if step is not None else ""
            caption = text_of(ops[k - 1].caption, lang) if k != t.op else ""
            self.next_sentence.setText(f"{caption}\n\n{text}" if caption else text)
            if step is not None:
                self.next_sentence.setToolTip(code_line(step))
        notes = text_of(ops[t.op - 1].notes, lang) if t.op >= 1 else ""
        notes = notes or (text_of(t.scenario.notes, lang) if t.op == 0 else "")
        self.set_notes(notes, say("p_no_notes", lang))
        self._fit_mini()

    def notes_text(self) -> str:
        return self.notes_label.text()

    def _fit_mini(self) -> None:
        """The miniature shows what the hall sees (the stage's frame)."""
        rect = self._talk612.glide.target()
        if not rect.isEmpty():
            self.mini.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
