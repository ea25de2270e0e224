"""Our own SVG writer: the figure description as an SVG an author edits in Inkscape.

DESIGN §4 "SVG structure": width/height in millimetres and a ``viewBox`` in figure units;
one ``<style>`` holding the theme as CSS classes (each font list named once); one
Inkscape layer per part (``<g id="part-tree" inkscape:groupmode="layer" …>``); one
``<g class="vma …" data-start data-end>`` per VMA drawing; ``data-*`` on slots, edges and
links; text as ``<text>``. Text and attribute values are XML-escaped and characters XML
1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
"""

from __future__ import annotations

import re

from .figure import Figure, Group, Item, Rect, Text
from .style import MONO_FAMILIES, SANS_FAMILIES, css_family_list, style_rules

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_text(text: str) -> str:
    """``text`` safe inside an XML 1.0 element or double-quoted attribute."""
    if _SPECIAL.search(text) is None:  # the common case (addresses, words): one scan
        return text
    return _ILLEGAL.sub("\ufffd", text).translate(_ESCAPES)


def num(v: float) -> str:
    """A coordinate in whole units (1/96 inch, 0.26 mm: finer than print needs; keeps a
    4,000-VMA file small)."""
    return str(round(v))


def css(fig: Figure) -> str:
    """The theme as CSS: one rule per look, fonts named once (sans on ``text``, mono on
    the classes that use it)."""
    out = [f"text{{font-family:{css_family_list(SANS_FAMILIES)}}}"]
    mono: list[str] = []
    for rule in style_rules(fig.palette):
        props = []
        for key, value in rule.props:
            if key == "font":
                if value == "mono" and rule.shape not in mono:
                    mono.append(rule.shape)
                continue
            props.append(f"{key}:{value}")
        if not props:
            continue
        sel = f".{rule.shape}" if not rule.group else f".{rule.group} .{rule.shape}"
        # Inside a VMA drawing the body and its labels carry no class (a 4,000-VMA
        # figure is 80 bytes a VMA smaller): ".vma>rect" is the body, ".vma>text" a label.
        bare = _BARE.get(rule.shape)
        if bare is not None:
            sel += f",.{rule.group}.vma>{bare}" if rule.group else f",.vma>{bare}"
        elif not rule.group and rule.shape.startswith("t-"):
            sel += f",.vma>.{rule.shape}"  # over ".vma>text" (a name under the labels)
        out.append(f"{sel}{{{';'.join(props)}}}")
    if mono:
        out.append(
            ",".join("." + m for m in mono)
            + ",.vma>text"
            + f"{{font-family:{css_family_list(MONO_FAMILIES)}}}"
        )
    out.append(".link,.ptr{marker-end:url(#arrow)}")
    out.append(".pending{marker-end:url(#arrow-ghost)}")
    return "\n".join(out)


#: Shape classes left off inside a ``vma`` group, and the element that stands for them.
_BARE = {"body": "rect", "label": "text"}


def _cls(cls: str, in_vma: bool) -> str:
    return "" if in_vma and cls in _BARE else f' class="{cls}"'


def _item(item: Item, out: list[str], in_vma: bool = False) -> None:
    # The hot loop of a large figure (10,000 VMAs: ~120,000 shapes): the most common
    # shapes first, coordinates rounded inline.
    if isinstance(item, Text):
        anchor = ""
        if item.anchor != "start" and not (
            item.anchor == "middle" and item.cls.startswith("label")
        ):
            anchor = f' text-anchor="{item.anchor}"'
        rot = ""
        if item.rotate:
            rot = f' transform="rotate({round(-item.rotate)} {round(item.x)} {round(item.y)})"'
        out.append(
            f'<text{_cls(item.cls, in_vma)} x="{round(item.x)}" y="{round(item.y)}"{anchor}{rot}>'
            f"{xml_text(item.text)}</text>"
        )
    elif isinstance(item, Rect):
        rx = f' rx="{round(item.rx)}"' if item.rx else ""
        out.append(
            f'<rect{_cls(item.cls, in_vma)} x="{round(item.x)}" y="{round(item.y)}" '
            f'width="{round(item.w)}" height="{round(item.h)}"{rx}/>'
        )
    elif isinstance(item, Group):
        attrs = f' class="{item.cls}"'
        if item.ident:
            attrs = f' id="{xml_text(item.ident)}"' + attrs
        for key, value in item.attrs.items():
            attrs += f' data-{key}="{xml_text(value)}"'
        # A group on one line (its shapes are few): smaller, and one VMA per line.
        inner: list[str] = []
        vma = item.cls.startswith("vma ")
        for child in item.items:
            _item(child, inner, vma)
        out.append(f"<g{attrs}>" + "".join(inner) + "</g>")
    else:
        pts = item.points
        if len(pts) == 2 and round(pts[0][1]) == round(pts[1][1]):
            # A horizontal link: "h" and its length.
            d = f"M{round(pts[0][0])} {round(pts[0][1])}h{round(pts[1][0]) - round(pts[0][0])}"
        else:
            d = "M" + "L".join(f"{round(x)} {round(y)}" for x, y in pts)
        if item.closed:
            d += "Z"
        extra = ""
        if item.attrs:
            extra = "".join(f' data-{k}="{xml_text(v)}"' for k, v in item.attrs.items())
        out.append(f'<path class="{item.cls}"{extra} d="{d}"/>')


def svg_text(fig: Figure, transparent: bool = False) -> str:
    """The whole SVG document of ``fig``."""
    w, h = fig.width, fig.height
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        f'width="{fig.width_mm:.2f}mm" height="{fig.height_mm:.2f}mm" '
        f'viewBox="0 0 {num(w)} {num(h)}" version="1.1">',
        f"<title>{xml_text(fig.title)}</title>",
    ]
    if fig.desc:
        out.append(f"<desc>{xml_text(fig.desc)}</desc>")
    p = fig.palette
    out.append(
        "<defs>"
        f'<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" '
        f'markerHeight="6" orient="auto"><path d="M0 0L8 4L0 8Z" fill="{p.arrow}"/></marker>'
        f'<marker id="arrow-ghost" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" '
        f'markerHeight="6" orient="auto"><path d="M0 0L8 4L0 8Z" fill="{p.ghost_stroke}"/>'
        "</marker></defs>"
    )
    out.append(f"<style>\n{css(fig)}\n</style>")
    if not transparent:
        out.append(f'<rect class="bg" x="0" y="0" width="{num(w)}" height="{num(h)}"/>')
    for layer in fig.layers:
        move = ""
        if layer.dx or layer.dy:
            move = f' transform="translate({num(layer.dx)} {num(layer.dy)})"'
        out.append(
            f'<g id="part-{layer.part}" inkscape:groupmode="layer" '
            f'inkscape:label="{xml_text(layer.label)}"{move}>'
        )
        for item in layer.items:
            _item(item, out)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def svg_bytes(fig: Figure, transparent: bool = False) -> bytes:
    return svg_text(fig, transparent).encode("utf-8")
