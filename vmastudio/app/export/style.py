"""Looks of a figure as classes: palettes (the window's themes and print) and the ordered
style rules the SVG writer emits as CSS, TikZ as styles and the painter resolves the way
CSS does (later rules win; qualified rules come after plain ones, role rules last, the
most important role last of all). Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...view.palettes import ROLE_DASH, Palette
from .figure import (
    BODY_PT,
    CODE_PT,
    HEAD_PT,
    LABEL_PT,
    PT,
    ROLE_ORDER,
    SMALL_PT,
    TAG_PT,
    TITLE_PT,
)

# -- palettes (the theme registry, view/palettes.py) and style rules ----------------------
#: Density classes of the address map strip (level of detail): d1 … d8.
DENSITY_STEPS = 8


@dataclass(frozen=True, slots=True)
class Rule:
    """``props`` apply to shapes of class ``shape`` inside a group of class ``group``
    (``group`` empty: anywhere). Props use CSS names; ``font`` is "sans" or "mono"."""

    group: str
    shape: str
    props: tuple[tuple[str, str], ...]


def _r(group: str, shape: str, **props: str | float) -> Rule:
    return Rule(group, shape, tuple((k.replace("_", "-"), _css_value(v)) for k, v in props.items()))


def _css_value(v: str | float) -> str:
    if isinstance(v, str):
        return v
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _pt(size: float) -> str:
    """A font size in CSS pixels (figure units), with its unit (CSS needs one)."""
    return f"{size * PT:.2f}".rstrip("0").rstrip(".") + "px"


def style_rules(p: Palette) -> list[Rule]:
    """Every look of a figure, in cascade order (see the module docstring)."""
    t = p.text_scale
    rules = [
        _r("", "bg", fill=p.background, stroke="none"),
        # text
        _r("", "t-title", fill=p.section, font_size=_pt(TITLE_PT * t), font_weight="bold"),
        _r("", "t-head", fill=p.text, font_size=_pt(HEAD_PT * t), font_weight="bold"),
        _r("", "t-body", fill=p.text, font_size=_pt(BODY_PT * t)),
        _r("", "t-muted", fill=p.muted, font_size=_pt(BODY_PT * t)),
        _r("", "t-case", fill=p.muted, font_size=_pt(BODY_PT * t), font_weight="bold"),
        # Labels are centred in their box (the SVG then needs no text-anchor on each).
        _r("", "label", fill=p.text, font_size=_pt(LABEL_PT), font="mono", text_anchor="middle"),
        _r("", "t-small", fill=p.muted, font_size=_pt(SMALL_PT), font="mono"),
        _r("", "t-tag", fill=p.tag_text, font_size=_pt(TAG_PT), font_weight="bold"),
        _r("", "t-code", fill=p.muted, font_size=_pt(CODE_PT * t), font="mono"),
        _r("", "t-code-cur", fill=p.text, font_size=_pt(CODE_PT * t), font="mono"),
        _r("", "t-var", fill=p.text, font_size=_pt(CODE_PT * t), font="mono"),
        _r(
            "",
            "t-var-head",
            fill=p.text,
            font_size=_pt(CODE_PT * t),
            font_weight="bold",
            font="mono",
        ),
        _r("", "t-var-gone", fill=p.muted, font_size=_pt(CODE_PT * t), font="mono"),
        _r("", "t-legend", fill=p.text, font_size=_pt(BODY_PT * t)),
        # shapes
        _r("", "body", fill=p.box_fill, stroke=p.edge, stroke_width=1.0),
        _r("", "edge", fill="none", stroke=p.edge, stroke_width=1.4),
        _r("", "link", fill="none", stroke=p.arrow, stroke_width=1.0),
        _r("", "ptr", fill="none", stroke=p.arrow, stroke_width=1.0),
        _r(
            "",
            "pending",
            fill="none",
            stroke=p.ghost_stroke,
            stroke_width=1.2,
            stroke_dasharray="4 3",
        ),
        _r(
            "",
            "slot-box",
            fill=p.slot_fill,
            stroke=p.muted,
            stroke_width=1.0,
            stroke_dasharray="3 2",
        ),
        _r("", "agg-body", fill=p.muted, stroke=p.muted, stroke_width=0.8),
        _r("", "band", fill=p.gap_fill, stroke=p.muted, stroke_width=0.8),
        _r("", "axis", fill=p.gap_fill, stroke=p.muted, stroke_width=0.6),
        _r("", "overlap", fill=p.overlap, fill_opacity=0.35, stroke=p.overlap, stroke_width=1.5),
        _r(
            "",
            "region",
            fill="none",
            stroke=p.roles["current"],
            stroke_width=1.2,
            stroke_dasharray="4 2",
        ),
        _r("", "code-hl", fill=p.code_highlight, stroke="none"),
        _r("", "tag-bg", fill=p.muted, stroke="none"),
        _r("", "mm-box", fill=p.gap_fill, stroke=p.muted, stroke_width=0.8),
    ]
    for i in range(1, DENSITY_STEPS + 1):
        rules.append(
            _r(
                "",
                f"d{i}",
                fill=p.bar_stroke,
                fill_opacity=round(i / DENSITY_STEPS, 3),
                stroke="none",
            )
        )
    rules += [
        # VMA drawings by kind and colour
        _r("bar", "body", fill=p.bar_fill, stroke=p.bar_stroke, stroke_width=0.6),
        _r("file", "body", fill=p.bar_file_fill),
        _r("black", "body", fill=p.black_fill, stroke=p.black_stroke, stroke_width=p.black_width),
        _r("black", "label", fill=p.black_text),
        _r("red", "body", fill=p.red_fill, stroke=p.red_stroke, stroke_width=p.red_width),
        _r("red", "label", fill=p.red_text),
        _r("agg-red", "agg-body", fill=p.red_fill, stroke=p.red_stroke),
        _r("agg-black", "agg-body", fill=p.black_fill, stroke=p.black_stroke),
        _r("agg-black", "label", fill=p.black_text),
        _r(
            "detached",
            "body",
            fill=p.ghost_fill,
            stroke=p.ghost_stroke,
            stroke_width=1.5,
            stroke_dasharray="5 3",
        ),
        _r("detached", "label", fill=p.text),
        _r(
            "trial",
            "body",
            fill=p.ghost_fill,
            stroke=p.ghost_stroke,
            stroke_width=1.5,
            stroke_dasharray="5 3",
        ),
    ]
    # Roles: the least important first, so the most important outline wins.
    for role in reversed(ROLE_ORDER):
        name = "role-" + role.replace("_", "-")
        dash = ROLE_DASH[role] or "none"
        colour = p.roles[role]
        rules.append(_r(name, "body", stroke=colour, stroke_width=2.6, stroke_dasharray=dash))
        rules.append(_r(name, "slot-box", stroke=colour, stroke_width=2.0, stroke_dasharray=dash))
        rules.append(_r(name, "tag-bg", fill=colour))
    # Linux 6.12 (export/maple.py): the roles of a maple-tree step (DESIGN §7).
    maple_roles = {
        "role-parent": (p.roles["parent"], ROLE_DASH["parent"]),
        "role-sibling": (p.roles["sibling"], ROLE_DASH["sibling"]),
        "role-leaf": (p.roles["current"], ""),
        "role-node": (p.roles["current"], ""),
        "role-new-node": (p.roles["new"], ROLE_DASH["new"]),
    }
    for name, (colour, dash) in maple_roles.items():
        rules.append(
            _r(name, "body", stroke=colour, stroke_width=2.6, stroke_dasharray=dash or "none")
        )
    rules.append(
        _r(
            "role-dead-node",
            "body",
            stroke=p.muted,
            stroke_width=1.5,
            stroke_dasharray="5 3",
            fill_opacity=0.45,
        )
    )
    rules.append(_r("role-offset", "slot-box", fill=p.roles["link_slot"], fill_opacity=0.3))
    rules.append(_r("", "meta-gap", fill=p.text, font_weight="bold"))
    return rules


@dataclass(frozen=True, slots=True)
class Style:
    """A rule set resolved for one shape (what the painter needs)."""

    fill: str = "none"
    fill_opacity: float = 1.0
    stroke: str = "none"
    stroke_width: float = 1.0
    dash: tuple[float, ...] = ()
    font: str = "sans"
    size: float = BODY_PT * PT
    bold: bool = False


class Resolver:
    """The cascade for the painter: the style of a shape class inside groups (cached)."""

    def __init__(self, palette: Palette) -> None:
        self.rules = style_rules(palette)
        self._cache: dict[tuple[str, tuple[str, ...]], Style] = {}

    def style(self, shape_cls: str, groups: tuple[str, ...]) -> Style:
        key = (shape_cls, groups)
        found = self._cache.get(key)
        if found is not None:
            return found
        own = set(shape_cls.split())
        around = set(groups)
        props: dict[str, str] = {}
        for rule in self.rules:
            if rule.shape in own and (not rule.group or rule.group in around):
                props.update(rule.props)
        dash = props.get("stroke-dasharray", "none")
        style = Style(
            fill=props.get("fill", "none"),
            fill_opacity=float(props.get("fill-opacity", "1")),
            stroke=props.get("stroke", "none"),
            stroke_width=float(props.get("stroke-width", "1")),
            dash=() if dash == "none" else tuple(float(v) for v in dash.split()),
            font=props.get("font", "sans"),
            size=float(props.get("font-size", str(BODY_PT * PT)).removesuffix("px")),
            bold=props.get("font-weight") == "bold",
        )
        self._cache[key] = style
        return style


#: What a browser on Windows, macOS or Linux finds for the figure's text: Latin faces
#: first, then Simplified Chinese ones (CSS falls back glyph by glyph), then the generic.
SANS_FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "sans-serif",
)
MONO_FAMILIES: tuple[str, ...] = (
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "Menlo",
    "Consolas",
    "Courier New",
    "Noto Sans Mono CJK SC",
    "WenQuanYi Micro Hei Mono",
    "PingFang SC",
    "Microsoft YaHei",
    "monospace",
)


def css_family_list(families: Sequence[str]) -> str:
    """``'Noto Sans', Arial, sans-serif``: multi-word names quoted, generics bare."""
    out = []
    for name in families:
        if name in ("sans-serif", "serif", "monospace") or name.isalnum():
            out.append(name)
        else:
            out.append("'" + name + "'")
    return ", ".join(out)
