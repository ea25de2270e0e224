"""The figure description as a TikZ picture an author ``\\input``s into a LaTeX book.

The same classes as the SVG become TikZ styles set with ``\\tikzset`` at the top: class
``red`` is style ``vma red``, ``detached`` is ``vma detached``, ``role-current`` is ``role
current`` and so on (the layers are scopes). Every VMA drawing is a named node (tree
``v<start>``, list ``l<start>``, map ``m<start>``; a refused trial adds ``t``), edges and
list links join those names, so a book restyles every figure by redefining a style once,
e.g. ``\\tikzset{vma red/.append style={fill=white}}`` before the ``\\input``. Needs only
TikZ (``\\usepackage{tikz}``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .figure import UNITS_PER_MM, Figure, Group, Item, Path, Rect, Text
from .style import style_rules

_SPECIAL = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "_": "\\_",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "^": "\\^{}",
    "~": "\\~{}",
    "<": "\\textless{}",
    ">": "\\textgreater{}",
}
_TEXT_SHAPES = ("label", "t-")


def tex_escape(text: str) -> str:
    """Plain text made safe for LaTeX (control characters dropped).

    >>> tex_escape("vm_start & 100%")
    'vm\\\\_start \\\\& 100\\\\%'
    """
    return "".join(_SPECIAL.get(c, c) for c in text if c >= " " or c == "\t")


def _colour(value: str, colours: dict[str, str]) -> str:
    if not value.startswith("#"):
        return value
    name = "vms" + value[1:].lower()
    colours[name] = value[1:].upper()
    return name


def _pt(px: str) -> str:
    return f"{float(px) * 0.75:.2f}pt"


def _style_name(group: str, shape: str) -> str | None:
    if group.startswith("role-"):
        return None if shape != "body" else "role " + group[5:].replace("-", "_")
    if group:
        return None if shape not in ("body", "label", "agg-body") else f"vma {group}"
    return f"vma {shape}"


def tikz_styles(fig: Figure, used: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(\\definecolor lines, style lines) for every class of the figure's theme, and an
    empty style for each other class the picture names (``used``), so an author can
    restyle any of them."""
    colours: dict[str, str] = {}
    styles: dict[str, list[str]] = {}
    fonts: dict[str, dict[str, str]] = {}
    for rule in style_rules(fig.palette):
        name = _style_name(rule.group, rule.shape)
        if name is None:
            continue
        text = rule.shape.startswith(_TEXT_SHAPES)
        keys = styles.setdefault(name, [])
        for key, value in rule.props:
            if key == "fill":
                keys.append(("text=" if text else "fill=") + _colour(value, colours))
            elif key == "stroke":
                keys.append("draw=" + _colour(value, colours) if value != "none" else "draw=none")
            elif key == "stroke-width":
                keys.append("line width=" + _pt(value))
            elif key == "stroke-dasharray":
                if value == "none":
                    keys.append("solid")
                else:
                    parts = value.split()
                    pattern = " ".join(
                        f"{'on' if i % 2 == 0 else 'off'} {_pt(v)}" for i, v in enumerate(parts)
                    )
                    keys.append(f"dash pattern={pattern}")
            elif key == "fill-opacity":
                keys.append(f"fill opacity={value}")
            elif key == "font-size":
                size = float(value.removesuffix("px")) * 0.75
                fonts.setdefault(name, {})["size"] = (
                    f"\\fontsize{{{size:.1f}pt}}{{{size * 1.2:.1f}pt}}\\selectfont"
                )
            elif key == "font-weight" and value == "bold":
                fonts.setdefault(name, {})["bold"] = "\\bfseries"
            elif key == "font" and value == "mono":
                fonts.setdefault(name, {})["mono"] = "\\ttfamily"
    for name, font in fonts.items():
        styles[name].append("font=" + "".join(font.values()))
    colour_lines = [f"\\definecolor{{{n}}}{{HTML}}{{{v}}}" for n, v in sorted(colours.items())]
    style_lines = ["\\tikzset{"]
    for name in used:
        styles.setdefault(name, [])
    for name, keys in styles.items():
        style_lines.append(f"  {name}/.style={{{', '.join(dict.fromkeys(keys))}}},")
    style_lines.append("  vma/.style={inner sep=1pt, align=center},")
    style_lines.append(
        "  role tag/.style={inner sep=1pt, rounded corners=1pt, text=white,"
        " font=\\sffamily\\tiny\\bfseries},"
    )
    style_lines.append("}")
    return colour_lines, style_lines


class _Writer:
    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.k = fig.scale / UNITS_PER_MM / 10  # figure units → cm
        self.out: list[str] = []
        self.names: set[str] = set()
        self.used: dict[str, None] = {}

    def xy(self, x: float, y: float) -> str:
        return f"({x * self.k:.2f},{-y * self.k:.2f})"

    def cm(self, v: float) -> str:
        return f"{v * self.k:.2f}cm"

    def name(self, prefix: str, attrs: dict[str, str]) -> str:
        start = attrs.get("start", "")
        base = prefix + start.removeprefix("0x") + ("t" if attrs.get("trial") else "")
        name, i = base, 1
        while name in self.names:
            i += 1
            name = f"{base}-{i}"
        self.names.add(name)
        return name

    def classes(self, cls: str) -> list[str]:
        """The TikZ styles of a class list (``vma`` itself is the base style)."""
        out = []
        for c in cls.split():
            if c == "vma":
                continue
            out.append("role " + c[5:].replace("-", "_") if c.startswith("role-") else f"vma {c}")
        self.used.update(dict.fromkeys(out))
        return out

    def group(self, g: Group, part: str) -> None:
        classes = g.cls.split()
        if "vma" in classes:
            prefix = {"tree": "v", "list": "l", "map": "m"}.get(part, "x")
            self.vma_node(g, self.name(prefix, g.attrs))
            return
        if "tag" in classes or "slot" in classes:
            self.boxed_text(g)
            return
        for item in g.items:
            self.item(item, self.classes(g.cls), part)

    def vma_node(self, g: Group, name: str) -> None:
        body = next((i for i in g.items if isinstance(i, Rect)), None)
        texts = [i for i in g.items if isinstance(i, Text)]
        if body is None:
            return
        styles = ["vma", "vma label", *self.classes(g.cls)]
        if body.rx:
            styles.append(f"rounded corners={self.cm(body.rx)}")
        label = "\\\\".join(tex_escape(t.text) for t in texts)
        cx, cy = body.x + body.w / 2, body.y + body.h / 2
        self.out.append(
            f"  \\node[{', '.join(styles)}, minimum width={self.cm(body.w)}, "
            f"minimum height={self.cm(body.h)}] ({name}) at {self.xy(cx, cy)} "
            f"{{{label}}};"
        )

    def boxed_text(self, g: Group) -> None:
        body = next((i for i in g.items if isinstance(i, Rect)), None)
        text = next((i for i in g.items if isinstance(i, Text)), None)
        if body is None or text is None:
            return
        role = next((c for c in g.cls.split() if c.startswith("role-")), "")
        colour = self.fig.palette.roles.get(role[5:].replace("-", "_"), self.fig.palette.muted)
        cx, cy = body.x + body.w / 2, body.y + body.h / 2
        if "tag" in g.cls.split():
            style = f"role tag, fill={{rgb,255:red,{int(colour[1:3], 16)};green,"
            style += f"{int(colour[3:5], 16)};blue,{int(colour[5:7], 16)}}}"
        else:
            extra = "".join(", " + c for c in self.classes(g.cls))
            self.used["vma slot-box"] = None
            style = f"vma slot-box{extra}, vma t-small, inner sep=1pt"
        attrs = " % " + ", ".join(f"{k}={v}" for k, v in g.attrs.items()) if g.attrs else ""
        self.out.append(
            f"  \\node[{style}] at {self.xy(cx, cy)} {{{tex_escape(text.text)}}};{attrs}"
        )

    def item(self, item: Item, inherited: list[str], part: str) -> None:
        if isinstance(item, Group):
            self.group(item, part)
            return
        own = f"vma {item.cls.split()[0]}"
        self.used[own] = None
        # The shape's own style first, then its groups' (``vma agg-black`` after ``vma
        # agg-body``): as in the CSS, the qualified look wins.
        styles = ", ".join([own, *inherited])
        if isinstance(item, Rect):
            rounded = f", rounded corners={self.cm(item.rx)}" if item.rx else ""
            self.out.append(
                f"  \\path[{styles}{rounded}] {self.xy(item.x, item.y)} rectangle "
                f"{self.xy(item.x + item.w, item.y + item.h)};"
            )
        elif isinstance(item, Path):
            arrow = "->, " if item.cls.split()[0] in ("link", "ptr", "pending") else ""
            pts = " -- ".join(self.xy(x, y) for x, y in item.points)
            if item.closed:
                pts += " -- cycle"
            note = ""
            if item.attrs:
                note = " % " + " ".join(f"{k}={v}" for k, v in item.attrs.items())
            self.out.append(f"  \\path[{arrow}{styles}] {pts};{note}")
        else:
            anchor = {"start": "base west", "middle": "base", "end": "base east"}[item.anchor]
            rot = f", rotate={item.rotate:g}" if item.rotate else ""
            # A text takes its groups' text colour, never their fill or outline.
            cls = ", ".join([*self.classes(item.cls), *inherited])
            if inherited:
                cls += ", fill=none, draw=none"
            self.out.append(
                f"  \\node[{cls}, anchor={anchor}, inner sep=0pt{rot}] at "
                f"{self.xy(item.x, item.y)} {{{tex_escape(item.text)}}};"
            )


def tikz_text(fig: Figure) -> str:
    """The ``tikzpicture`` of ``fig`` with its styles. O(size of the figure)."""
    w = _Writer(fig)
    out = w.out
    for layer in fig.layers:
        out.append(f"  % part-{layer.part}: {layer.label}")
        out.append(f"  \\begin{{scope}}[shift={{{w.xy(layer.dx, layer.dy)}}}]")
        for item in layer.items:
            w.item(item, [], layer.part)
        out.append("  \\end{scope}")
    out.append("\\end{tikzpicture}")
    colours, styles = tikz_styles(fig, w.used)
    head = [
        "% VMA Studio figure as TikZ (\\usepackage{tikz}). Classes are styles:",
        "% class red -> style 'vma red', class role-current -> style 'role current'.",
        *(
            ["% Chinese text: compile with xelatex and \\usepackage{xeCJK}."]
            if any("\u4e00" <= c <= "\u9fff" for c in "".join(out))
            else []
        ),
        *colours,
        *styles,
        "\\begin{tikzpicture}",
    ]
    return "\n".join(head + out) + "\n"


def check_balanced(text: str) -> bool:
    """Braces balance (ignoring escaped ones and comments) and every ``\\begin`` has its
    ``\\end``."""
    level = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "%":
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        if c == "{":
            level += 1
        elif c == "}":
            level -= 1
            if level < 0:
                return False
        i += 1
    return level == 0 and text.count("\\begin{tikzpicture}") == text.count("\\end{tikzpicture}")
