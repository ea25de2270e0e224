"""The theme registry (no Qt): every look VMA Studio draws in, by name, as colours.

One ``Palette`` per theme: the window's light and dark, the projector's high contrast,
and print (greys only). The window's scene items (``view/theme.make_theme``), the lecture
(projector outlines on top of any palette) and the figure exporters (CSS, TikZ styles)
all read this one registry, so a colour is defined once. ``register`` adds a theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Palette:
    """A theme's colours as hex strings, and its line widths."""

    name: str
    background: str
    text: str
    muted: str
    section: str
    black_fill: str
    black_stroke: str
    black_text: str
    red_fill: str
    red_stroke: str
    red_text: str
    bar_fill: str
    bar_file_fill: str
    bar_stroke: str
    ghost_fill: str
    ghost_stroke: str
    gap_fill: str
    edge: str
    arrow: str
    box_fill: str
    slot_fill: str
    overlap: str
    code_highlight: str
    roles: dict[str, str]
    tag_text: str
    black_width: float = 2.5
    red_width: float = 1.5
    #: Multiplies the text parts' sizes (titles, caption, code, variables, legend).
    text_scale: float = 1.0
    #: The window's hover and selection outlines.
    hover: str = "#f59f00"
    select: str = "#1971c2"
    edge_width: float = 1.4
    arrow_width: float = 1.2
    role_width: float = 3.0
    slot_stroke: str = field(default="")


#: Role outline patterns (the window's: roles stay distinct without colour).
ROLE_DASH: dict[str, str] = {
    "conflict": "",
    "current": "",
    "new": "6 3",
    "link_slot": "6 2 1.5 2",
    "parent": "6 3",
    "prev": "1.5 2.5",
    "next": "6 2 1.5 2 1.5 2",
    "grandparent": "6 3",
    "uncle": "1.5 2.5",
    "sibling": "6 2 1.5 2",
}

_LIGHT_ROLES = {
    "conflict": "#c62828",
    "current": "#ef6c00",
    "new": "#2e7d32",
    "link_slot": "#00897b",
    "parent": "#1565c0",
    "prev": "#6a1b9a",
    "next": "#00838f",
    "grandparent": "#8d6e00",
    "uncle": "#6d4c41",
    "sibling": "#ad1457",
}
_DARK_ROLES = {
    "conflict": "#ff6b6b",
    "current": "#ffa94d",
    "new": "#69db7c",
    "link_slot": "#38d9a9",
    "parent": "#74c0fc",
    "prev": "#da77f2",
    "next": "#66d9e8",
    "grandparent": "#ffd43b",
    "uncle": "#e599f7",
    "sibling": "#f783ac",
}
_PRINT_ROLES = {
    "conflict": "#000000",
    "current": "#000000",
    "new": "#262626",
    "link_slot": "#262626",
    "parent": "#404040",
    "prev": "#4d4d4d",
    "next": "#4d4d4d",
    "grandparent": "#595959",
    "uncle": "#595959",
    "sibling": "#595959",
}

PALETTES: dict[str, Palette] = {
    "light": Palette(
        name="light",
        background="#fbfbfd",
        text="#212529",
        muted="#6c757d",
        section="#495057",
        black_fill="#212529",
        black_stroke="#000000",
        black_text="#ffffff",
        red_fill="#f28b82",
        red_stroke="#b71c1c",
        red_text="#3b0a0a",
        bar_fill="#a5d8ff",
        bar_file_fill="#ffe8a1",
        bar_stroke="#1c3d5a",
        ghost_fill="#e8f5e9",
        ghost_stroke="#2e7d32",
        gap_fill="#f1f3f5",
        edge="#495057",
        arrow="#343a40",
        box_fill="#ffffff",
        slot_fill="#ffffff",
        overlap="#c62828",
        code_highlight="#ffe8a1",
        roles=_LIGHT_ROLES,
        tag_text="#ffffff",
    ),
    "dark": Palette(
        name="dark",
        background="#1e1f22",
        text="#e9ecef",
        muted="#868e96",
        section="#adb5bd",
        black_fill="#101113",
        black_stroke="#dee2e6",
        black_text="#ffffff",
        red_fill="#e03131",
        red_stroke="#ffa8a8",
        red_text="#ffffff",
        bar_fill="#4dabf7",
        bar_file_fill="#ffd43b",
        bar_stroke="#dee2e6",
        ghost_fill="#1f3324",
        ghost_stroke="#69db7c",
        gap_fill="#2b2d31",
        edge="#ced4da",
        arrow="#ced4da",
        box_fill="#343a40",
        slot_fill="#2b2d31",
        overlap="#ff6b6b",
        code_highlight="#5c4b00",
        roles=_DARK_ROLES,
        tag_text="#000000",
        select="#a5d8ff",
    ),
    # Greys only: red nodes keep their rounded shape and lighter fill, roles their
    # outline patterns and tags, so nothing depends on colour.
    "print": Palette(
        name="print",
        background="#ffffff",
        text="#000000",
        muted="#595959",
        section="#262626",
        black_fill="#1a1a1a",
        black_stroke="#000000",
        black_text="#ffffff",
        red_fill="#e6e6e6",
        red_stroke="#000000",
        red_text="#000000",
        bar_fill="#d9d9d9",
        bar_file_fill="#f2f2f2",
        bar_stroke="#000000",
        ghost_fill="#f2f2f2",
        ghost_stroke="#000000",
        gap_fill="#f7f7f7",
        edge="#000000",
        arrow="#000000",
        box_fill="#ffffff",
        slot_fill="#ffffff",
        overlap="#000000",
        code_highlight="#d9d9d9",
        roles=_PRINT_ROLES,
        tag_text="#ffffff",
    ),
}


_HIGH_CONTRAST_ROLES = {
    # One saturated accent per role, each with its own outline pattern (ROLE_DASH).
    "conflict": "#ff3b3b",
    "current": "#ffd400",
    "new": "#00ff66",
    "link_slot": "#00e5ff",
    "parent": "#4da3ff",
    "prev": "#ff66ff",
    "next": "#66ffff",
    "grandparent": "#ffaa00",
    "uncle": "#ff9ecb",
    "sibling": "#ff77aa",
}

# White on black with thick outlines: a hall's projector, or low vision.
PALETTES["high-contrast"] = Palette(
    name="high-contrast",
    background="#000000",
    text="#ffffff",
    muted="#d0d0d0",
    section="#ffffff",
    black_fill="#000000",
    black_stroke="#ffffff",
    black_text="#ffffff",
    red_fill="#ff5050",
    red_stroke="#ffffff",
    red_text="#000000",
    bar_fill="#bfbfbf",
    bar_file_fill="#ffffff",
    bar_stroke="#ffffff",
    ghost_fill="#0b2e17",
    ghost_stroke="#00ff66",
    gap_fill="#111111",
    edge="#ffffff",
    arrow="#ffffff",
    box_fill="#000000",
    slot_fill="#000000",
    overlap="#ff3b3b",
    code_highlight="#5c4b00",
    roles=_HIGH_CONTRAST_ROLES,
    tag_text="#000000",
    # Widths the projector's outlines thicken (x1.4, x1.85, x1.65) to 4, 2, 3 and 2.2.
    black_width=2.86,
    red_width=1.43,
    select="#ffd400",
    edge_width=1.62,
    arrow_width=1.33,
    role_width=5.5,
    slot_stroke="#ffffff",
)


def palette(name: str) -> Palette:
    """The registered palette ``name`` (KeyError naming the themes otherwise)."""
    try:
        return PALETTES[name]
    except KeyError:
        raise KeyError(f"unknown theme {name!r} (themes: {', '.join(PALETTES)})") from None


def register(p: Palette) -> None:
    """Add (or replace) a theme in the registry."""
    PALETTES[p.name] = p
