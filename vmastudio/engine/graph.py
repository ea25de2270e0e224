"""A state as a networkx graph (tree edges with their side, list edges), and GraphML/DOT."""

from __future__ import annotations

import io
import os
import re

import networkx as nx

from .mm import MmStruct
from .scenario import write_atomic
from .vma import flag_names


def to_networkx(mm: MmStruct) -> nx.MultiDiGraph[int]:
    """Nodes keyed by ``vm_start``; edges ``kind="rb"`` (``side`` left/right) and
    ``kind="vm_next"``. Node attributes: range, colour, gap, flags, file, name, depth."""
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph(root=-1 if mm.mm_rb is None else mm.mm_rb.vm_start)
    stack = [(mm.mm_rb, 0)] if mm.mm_rb is not None else []
    while stack:
        node, depth = stack.pop()
        assert node is not None
        g.add_node(
            node.vm_start,
            start=f"0x{node.vm_start:x}",
            end=f"0x{node.vm_end:x}",
            color="red" if node.rb_red else "black",
            rb_subtree_gap=str(node.rb_subtree_gap),
            flags=" ".join(flag_names(node.vm_flags)),
            file=node.vm_file or "",
            name=node.name,
            depth=depth,
        )
        for side, child in (("left", node.rb_left), ("right", node.rb_right)):
            if child is not None:
                g.add_edge(node.vm_start, child.vm_start, kind="rb", side=side)
                stack.append((child, depth + 1))
    v = mm.mmap
    while v is not None and v.vm_next is not None:
        g.add_edge(v.vm_start, v.vm_next.vm_start, kind="vm_next", side="")
        v = v.vm_next
    return g


#: Characters XML 1.0 cannot hold (``Char`` excludes the C0 controls but tab, newline and
#: carriage return, the surrogates, U+FFFE and U+FFFF); DOT gets the same treatment, so
#: both files name a VMA the same way.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold written as a visible escape
    (``\\x01``, ``\\ufffe``), so a hostile file name still gives a well-formed file.

    >>> printable("a\\x00b\\ufffe")
    'a\\\\x00b\\\\ufffe'
    """
    return _NOT_XML.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped (a ``"`` in a maps
    path, or a trailing backslash, would end the string early)."""
    body = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def _printable_graph(g: nx.MultiDiGraph[int]) -> nx.MultiDiGraph[int]:
    for _, data in g.nodes(data=True):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = printable(value)
    return g


def graphml_text(mm: MmStruct) -> str:
    """GraphML (networkx's writer) that any XML 1.0 parser reads."""
    buf = io.BytesIO()
    nx.write_graphml(_printable_graph(to_networkx(mm)), buf)
    return buf.getvalue().decode("utf-8")


def dot_text(mm: MmStruct) -> str:
    """Graphviz DOT through pydot (networkx's DOT writer); every text attribute is quoted
    and escaped here, so ``dot`` reads any file name."""
    g = to_networkx(mm)
    for _, data in g.nodes(data=True):
        data["label"] = f'"[{data["start"][2:]},{data["end"][2:]})"'
        data["style"] = "filled"
        data["fillcolor"] = "firebrick" if data["color"] == "red" else "black"
        data["fontcolor"] = "white"
        data["file"] = _dot_string(data["file"])
        data["flags"] = _dot_string(data["flags"])
        # pydot reserves "name" for the node id.
        data["vma_name"] = _dot_string(data.pop("name"))
    for _, _, data in g.edges(data=True):
        if data["kind"] == "vm_next":
            data["style"] = "dashed"
            data["constraint"] = "false"
    pd = nx.nx_pydot.to_pydot(g)
    text: str = pd.to_string()
    return text


def write_graph(mm: MmStruct, path: str | os.PathLike[str], fmt: str) -> None:
    """Write ``graphml`` or ``dot`` atomically."""
    write_atomic(path, graphml_text(mm) if fmt == "graphml" else dot_text(mm))
