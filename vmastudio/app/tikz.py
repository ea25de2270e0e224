"""A step as a TikZ picture an author can ``\\input`` into a LaTeX book and restyle.

The picture draws from the same facts as the window (a ``Snapshot`` and the step's roles)
but is laid out for print: one column per VMA in address order (an in-order walk reads
left to right), one row per tree depth. Every look is a named TikZ style set with
``\\tikzset`` at the top (``vma``, ``vma black``, ``vma red``, ``rb edge``, ``role
current`` …), so a book restyles every figure by redefining a style once, e.g.
``\\tikzset{vma red/.style={vma, fill=white, draw, densely dashed}}`` before the
``\\input``. Needs only TikZ (``\\usepackage{tikz}``); xcolor comes with it.
"""

from __future__ import annotations

import itertools

from ..engine.snapshot import NodeState, Snapshot
from ..engine.trace import TraceStep
from ..model.document import Document
from ..view.layout import depths, list_order
from ..view.theme import ROLE_ORDER

#: TikZ colour names for the roles (the window's light theme, as HTML colours).
ROLE_COLOURS: dict[str, str] = {
    "conflict": "C62828",
    "current": "EF6C00",
    "new": "2E7D32",
    "link_slot": "00897B",
    "parent": "1565C0",
    "prev": "6A1B9A",
    "next": "00838F",
    "grandparent": "8D6E00",
    "uncle": "6D4C41",
    "sibling": "AD1457",
}
#: Outline patterns: the roles stay distinct in greyscale, like in the window.
ROLE_PATTERNS: dict[str, str] = {
    "conflict": "solid",
    "current": "solid",
    "new": "dashed",
    "link_slot": "dash dot",
    "parent": "dashed",
    "prev": "dotted",
    "next": "dash dot dot",
    "grandparent": "dashed",
    "uncle": "dotted",
    "sibling": "dash dot",
}
#: The tag written by a highlighted node (the kernel's word for the role).
ROLE_TAGS: dict[str, str] = {
    "conflict": "conflict",
    "current": "node",
    "new": "new vma",
    "link_slot": "rb\\_link",
    "parent": "rb\\_parent",
    "prev": "prev",
    "next": "next",
    "grandparent": "gparent",
    "uncle": "uncle",
    "sibling": "sibling",
}

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


def tex_escape(text: str) -> str:
    """Plain text made safe for LaTeX.

    >>> tex_escape("vm_start & 100%")
    'vm\\\\_start \\\\& 100\\\\%'
    """
    return "".join(_SPECIAL.get(c, c) for c in text)


def _name(start: int) -> str:
    return f"v{start:x}"


def _role_styles() -> list[str]:
    out = []
    for role in ROLE_ORDER:
        colour = f"vmaRole{role.replace('_', '')}"
        out.append(f"\\definecolor{{{colour}}}{{HTML}}{{{ROLE_COLOURS[role]}}}")
    out.append("\\tikzset{")
    for role in ROLE_ORDER:
        colour = f"vmaRole{role.replace('_', '')}"
        out.append(
            f"  role {role}/.style={{draw={colour}, line width=1.6pt, {ROLE_PATTERNS[role]},"
            f" label={{[role tag, fill={colour}]above:{ROLE_TAGS[role]}}}}},"
        )
    out.append("}")
    return out


PREAMBLE = r"""\tikzset{
  vma/.style={draw, minimum width=22mm, minimum height=7mm, inner sep=2pt,
    font=\ttfamily\scriptsize, align=center},
  vma black/.style={vma, fill=black, text=white},
  vma red/.style={vma, fill=red!25, draw=red!60!black, rounded corners=3mm},
  vma ghost/.style={vma, dashed, fill=black!5},
  list box/.style={draw, minimum width=22mm, minimum height=6mm, inner sep=2pt,
    font=\ttfamily\scriptsize, align=left, fill=white},
  slot/.style={draw, densely dashed, font=\ttfamily\tiny, inner sep=1.5pt, text=black!60},
  rb edge/.style={draw, semithick},
  slot edge/.style={draw, densely dashed, black!50},
  list edge/.style={->, >=stealth, semithick},
  link edge/.style={draw=vmaRolelinkslot, line width=1.6pt, dash dot},
  mm box/.style={draw, font=\ttfamily\scriptsize, inner sep=2pt, fill=black!5},
  role tag/.style={font=\sffamily\tiny\bfseries, text=white, inner sep=1pt,
    rounded corners=1pt},
}"""


def tikz_picture(
    snap: Snapshot,
    step: TraceStep | None = None,
    *,
    show_list: bool = True,
    caption: str = "",
    subject: NodeState | None = None,
    x_unit: float = 2.6,
    y_unit: float = 1.6,
) -> str:
    """The ``tikzpicture`` of ``snap`` with ``step``'s roles. One ``vma`` node per VMA
    (``subject``, the VMA being inserted, is drawn unlinked until it is in ``snap``).

    O(n) in the number of VMAs; positions in cm (``x_unit`` per column, ``y_unit`` per
    tree level).
    """
    roles: dict[int, list[str]] = {}
    link_slot: tuple[int | None, str] | None = None
    if step is not None:
        for role in ROLE_ORDER:
            value = step.roles.get(role)
            if role == "link_slot" and isinstance(value, dict):
                link_slot = (value.get("node"), str(value.get("side", "root")))
            elif isinstance(value, int):
                roles.setdefault(value, []).append(role)
    depth = depths(snap)
    nodes = dict(snap.nodes)
    if subject is not None and subject.start not in nodes:
        nodes[subject.start] = subject  # the VMA being inserted, drawn unlinked
    order = sorted(nodes)
    col = {s: i for i, s in enumerate(order)}
    out: list[str] = [
        "% VMA Studio: one step of insert_vm_struct() as TikZ (\\usepackage{tikz}).",
        "% Restyle by redefining the styles below (vma, vma black, vma red, role ...).",
        *_role_styles(),
        PREAMBLE,
        "\\begin{tikzpicture}",
    ]
    tree_top = -1.8 if show_list else 0.0
    unlinked_row = tree_top
    has_unlinked = any(s not in depth for s in order)
    if has_unlinked:
        tree_top -= y_unit * 1.2

    def node_style(node: NodeState, linked: bool) -> str:
        base = "vma ghost" if not linked else ("vma red" if node.color == "R" else "vma black")
        extra = [f"role {r}" for r in roles.get(node.start, ())[:1]]
        return ", ".join([base, *extra])

    out.append("  % the red-black tree mm->mm_rb: one node per VMA")
    out.append(f"  \\node[mm box] (mmrb) at ({-x_unit:.2f},{tree_top:.2f}) {{mm->mm\\_rb}};")
    for s in order:
        node = nodes[s]
        linked = s in depth
        y = tree_top - y_unit * depth[s] if linked else unlinked_row
        text = f"{node.start:x}\\\\{node.end:x}"
        if node.name:
            text += f"\\\\\\textrm{{{tex_escape(node.name)}}}"
        out.append(
            f"  \\node[{node_style(node, linked)}] ({_name(s)}) at "
            f"({col[s] * x_unit:.2f},{y:.2f}) {{{text}}};"
        )
    if snap.root is not None and snap.root in depth:
        here = link_slot is not None and link_slot[1] == "root"
        root_style = "list edge, link edge" if here else "list edge"
        out.append(f"  \\draw[{root_style}] (mmrb) -- ({_name(snap.root)});")
    for s in order:
        if s not in depth:
            continue
        node = snap.nodes[s]
        y = tree_top - y_unit * depth[s]
        for side, child in (("left", node.left), ("right", node.right)):
            if child is not None and child in depth:
                out.append(f"  \\draw[rb edge] ({_name(s)}) -- ({_name(child)});")
            elif child is None:
                dx = (-0.3 if side == "left" else 0.3) * x_unit
                here = link_slot is not None and link_slot == (s, side)
                style = "slot, role link_slot" if here else "slot"
                out.append(
                    f"  \\node[{style}] ({_name(s)}{side}) at "
                    f"({col[s] * x_unit + dx:.2f},{y - y_unit * 0.62:.2f}) {{rb\\_{side}}};"
                )
                out.append(f"  \\draw[slot edge] ({_name(s)}) -- ({_name(s)}{side});")
    if show_list:
        out.append("  % the list mm->mmap, chained by vm_next")
        out.append(f"  \\node[mm box] (mmap) at ({-x_unit:.2f},0) {{mm->mmap}};")
        walk = list_order(snap)
        for s in walk:
            node = snap.nodes[s]
            style = "list box" + "".join(f", role {r}" for r in roles.get(s, ())[:1])
            out.append(
                f"  \\node[{style}] (l{s:x}) at ({col[s] * x_unit:.2f},0) "
                f"{{vm\\_start {node.start:x}\\\\vm\\_end\\ \\ \\ {node.end:x}}};"
            )
        if walk:
            out.append(f"  \\draw[list edge] (mmap) -- (l{walk[0]:x});")
        for a, b in itertools.pairwise(walk):
            out.append(f"  \\draw[list edge] (l{a:x}) -- (l{b:x});")
    if caption:
        low = tree_top - y_unit * (max(depth.values(), default=0) + 1)
        out.append(
            f"  \\node[anchor=north west, text width={max(len(order), 3) * x_unit:.1f}cm, "
            f"font=\\small] at ({-x_unit:.2f},{low:.2f}) {{{tex_escape(caption)}}};"
        )
    out.append("\\end{tikzpicture}")
    return "\n".join(out) + "\n"


def check_balanced(text: str) -> bool:
    """Braces balance (ignoring escaped ones) and every ``\\begin`` has its ``\\end``."""
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


def tikz_text(
    document: Document, pos: tuple[int, int | None], lang: str, parts: tuple[str, ...]
) -> str:
    """The picture of a document position (``(op, step)``; step ``None``: after the op)."""
    k, s = pos
    subject = None
    step: TraceStep | None = None
    if s is None:
        snap = document.state(k)
    else:
        frames = document.frames(k)
        snap, step, subject = frames.snapshots[s], frames.steps[s], frames.subject
    caption = ""
    if step is not None and "caption" in parts:
        caption = step.text.get(lang) or step.text["en"]
    return tikz_picture(snap, step, show_list="list" in parts, caption=caption, subject=subject)
