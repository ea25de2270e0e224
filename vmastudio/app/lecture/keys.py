"""The lecture's keys: what a key from a presentation clicker or the keyboard asks for.

Clickers send Right/Left, PageDown/PageUp, sometimes Space/Backspace, B or "." (black
screen) and F5/Esc; the keyboard adds the rest. ``action_for`` names the action; the
lecture window does it (modal states first: a quiz question, a curtain, the help sheet,
the chapter sheet and a number being typed take their keys before this map).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

K = Qt.Key

#: One step forward / back.
FORWARD = (K.Key_Right, K.Key_Down, K.Key_PageDown, K.Key_Space, K.Key_Return, K.Key_Enter, K.Key_N)
BACK = (K.Key_Left, K.Key_Up, K.Key_PageUp, K.Key_Backspace, K.Key_P)

_PLAIN: dict[int, str] = {
    K.Key_BracketRight.value: "next_op",
    K.Key_BracketLeft.value: "previous_op",
    K.Key_O.value: "chapters",
    K.Key_Home.value: "first",
    K.Key_End.value: "last",
    K.Key_B.value: "black",
    K.Key_Period.value: "black",
    K.Key_W.value: "white",
    K.Key_Comma.value: "white",
    K.Key_Escape.value: "escape",
    K.Key_F5.value: "leave",
    K.Key_Question.value: "help",
    K.Key_F1.value: "help",
    K.Key_D.value: "pen",
    K.Key_H.value: "highlighter",
    K.Key_L.value: "laser",
    K.Key_E.value: "erase",
    K.Key_C.value: "erase",
    K.Key_T.value: "theme",
    K.Key_M.value: "motion",
    K.Key_A.value: "autoplay",
    K.Key_S.value: "presenter",
    K.Key_V.value: "pointers",
    K.Key_Q.value: "quiz",
    K.Key_Plus.value: "bigger",
    K.Key_Equal.value: "bigger",
    K.Key_Minus.value: "smaller",
}


#: Every action a key can ask for.
ACTIONS = frozenset({"next", "back", "next_op", "previous_op", *_PLAIN.values()})


def action_for(
    key: int, text: str = "", mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> str | None:
    """The action ``key`` asks for ("next", "next_op", "black", …), None when it has none.

    Shift with a step key moves a whole op (Shift+Right/PgDn: next op, Shift+Left/PgUp:
    previous op), as ] and [ do.

    >>> action_for(Qt.Key.Key_PageDown), action_for(Qt.Key.Key_Period)
    ('next', 'black')
    >>> action_for(Qt.Key.Key_Right, mods=Qt.KeyboardModifier.ShiftModifier)
    'next_op'
    """
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    if shift and key in (K.Key_Right, K.Key_PageDown):
        return "next_op"
    if shift and key in (K.Key_Left, K.Key_PageUp):
        return "previous_op"
    if key in FORWARD:
        return "next"
    if key in BACK:
        return "back"
    if text == "?":
        return "help"
    return _PLAIN.get(int(key))
