"""The lecture's key map (``app/lecture/keys.py``) and the window that acts on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vmastudio.app.lecture.keys import ACTIONS, action_for
from vmastudio.app.presentation import PresentationWindow
from vmastudio.model.document import Document

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize(
    ("key", "mods", "action"),
    [
        # What presentation clickers send.
        (K.Key_PageDown, None, "next"),
        (K.Key_PageUp, None, "back"),
        (K.Key_Right, None, "next"),
        (K.Key_Left, None, "back"),
        (K.Key_Period, None, "black"),
        (K.Key_B, None, "black"),
        (K.Key_F5, None, "leave"),
        (K.Key_Escape, None, "escape"),
        # Whole ops.
        (K.Key_BracketRight, None, "next_op"),
        (K.Key_BracketLeft, None, "previous_op"),
        (K.Key_Right, SHIFT, "next_op"),
        (K.Key_PageDown, SHIFT, "next_op"),
        (K.Key_Left, SHIFT, "previous_op"),
        (K.Key_PageUp, SHIFT, "previous_op"),
        (K.Key_O, None, "chapters"),
        (K.Key_7, None, None),  # digits are a number being typed, not an action
    ],
)
def test_each_key_asks_for_its_action(
    key: Qt.Key, mods: Qt.KeyboardModifier | None, action: str | None
) -> None:
    assert action_for(key, "", mods or Qt.KeyboardModifier.NoModifier) == action


def test_the_window_does_every_action_a_key_can_ask_for(qtbot: QtBot) -> None:
    doc = Document()
    doc.load_demo()
    w = PresentationWindow(doc)
    qtbot.addWidget(w)
    assert set(w.key_actions()) == set(ACTIONS)
    asked = {action_for(k) for k in K} | {action_for(K.Key_Right, "", SHIFT)}
    assert asked - {None} == set(ACTIONS)
