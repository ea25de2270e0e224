"""Finding VMAs in a snapshot: by address (``find_vma``), by flags, or by file name.

Qt-free; the Find dialog (``app/find_dialog.py``) only parses, searches and shows.

A query is one of three kinds (``parse_query``):

- an **address**: ``0x7f12a000`` or bare hex of at least 4 digits (``7f12a000``); the
  answer is what ``find_vma()`` returns, the first VMA with ``vm_end > addr``;
- **flags**: kernel flag names, with or without ``VM_`` and in any case, joined by spaces,
  ``+``, ``|`` or ``,`` (``VM_EXEC``, ``read+exec``): every named bit must be set; or a
  permission string as ``/proc/PID/maps`` prints it (``r-x``, ``rw-p``, ``r--s``): the
  read, write and exec bits must be exactly those, and with a fourth letter
  ``VM_SHARED`` too (``s`` set, ``p`` clear);
- anything else is **text**: a case-insensitive substring of the VMA's file path or its
  name (``libc``, ``[heap]``, ``[stack]``).

Only VMAs linked into the tree are found: a VMA an op is still inserting, or has just
erased, is not part of the address space yet (or any more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .snapshot import NodeState, Snapshot
from .vma import ULONG_MASK, VM_EXEC, VM_FLAGS, VM_READ, VM_SHARED, VM_WRITE

__all__ = [
    "Query",
    "QueryError",
    "QueryKind",
    "describe",
    "parse_query",
    "permissions",
    "search_vmas",
    "snapshot_find_vma",
]

QueryKind = Literal["address", "flags", "text"]
QueryProblem = Literal["empty", "unknown_flag", "address_range"]

#: Patterns as strings: ``re`` compiles (and caches) each on its first search, not when
#: the module is imported.
_PREFIXED_HEX = r"0[xX]([0-9a-fA-F]+)"
_BARE_HEX = r"[0-9a-fA-F]{4,}"
_PERMS = r"([r-])([w-])([x-])([ps])?"
_SEPARATORS = r"[\s+|,]+"
#: Flag names as typed (case-folded), with and without the ``VM_`` prefix.
_FLAG_BY_NAME: dict[str, int] = {
    spelling.casefold(): bit
    for name, bit in VM_FLAGS.items()
    for spelling in (name, name.removeprefix("VM_"))
}
_RWX = VM_READ | VM_WRITE | VM_EXEC


class QueryError(ValueError):
    """A query that cannot be searched for. ``problem`` says why, for translation:

    - ``"empty"``: nothing but blanks was typed;
    - ``"unknown_flag"``: ``value`` is a ``VM_...`` word that is not a known flag;
    - ``"address_range"``: ``value`` is an address wider than 64 bits.
    """

    def __init__(self, problem: QueryProblem, message: str, value: str = "") -> None:
        super().__init__(message)
        self.problem: QueryProblem = problem
        self.value = value


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query.

    ``address`` is the address of an address query. A flags query matches a VMA when
    ``vm_flags & mask == flags``. ``text`` is the case-folded needle of a text query.
    """

    kind: QueryKind
    address: int = 0
    flags: int = 0
    mask: int = 0
    text: str = ""


def _address_query(digits: str, typed: str) -> Query:
    address = int(digits, 16)
    if address > ULONG_MASK:
        raise QueryError("address_range", f"{typed} does not fit in a 64-bit address", value=typed)
    return Query("address", address=address)


def _flags_query(tokens: list[str]) -> Query | None:
    """The query of flag names, or None when a token is not a flag name."""
    value = 0
    unknown: str | None = None
    for token in tokens:
        bit = _FLAG_BY_NAME.get(token.casefold())
        if bit is not None:
            value |= bit
        elif token.casefold().startswith("vm_"):
            unknown = unknown or token
        else:
            return None
    if unknown is not None:
        known = ", ".join(VM_FLAGS)
        raise QueryError(
            "unknown_flag", f"unknown flag {unknown} (known flags: {known})", value=unknown
        )
    return Query("flags", flags=value, mask=value)


def parse_query(text: str) -> Query:
    """Read what the user typed as an address, flags or text (see the module docstring).

    Raises ``QueryError`` (a ``ValueError``) on an empty query, an unknown ``VM_`` flag
    name, or an address wider than 64 bits.
    """
    typed = text.strip()
    if not typed:
        raise QueryError(
            "empty", "empty query: type an address (0x7f…), a flag (VM_EXEC, r-x) or a file name"
        )
    match = re.fullmatch(_PREFIXED_HEX, typed)
    if match is not None:
        return _address_query(match[1], typed)
    if re.fullmatch(_BARE_HEX, typed):
        return _address_query(typed, typed)
    match = re.fullmatch(_PERMS, typed.lower())
    if match is not None:
        flags = 0
        for letter, bit in zip(match.groups()[:3], (VM_READ, VM_WRITE, VM_EXEC), strict=True):
            if letter != "-":
                flags |= bit
        mask = _RWX
        if match[4] is not None:
            mask |= VM_SHARED
            if match[4] == "s":
                flags |= VM_SHARED
        return Query("flags", flags=flags, mask=mask)
    tokens = [t for t in re.split(_SEPARATORS, typed) if t]
    if tokens:
        query = _flags_query(tokens)
        if query is not None:
            return query
    return Query("text", text=typed.casefold())


def snapshot_find_vma(snap: Snapshot, addr: int) -> int | None:
    """``find_vma()`` on a snapshot: the id of the first VMA with ``vm_end > addr``, or
    None. Walks down from the root, O(height); the vmacache is not
    modelled."""
    nodes = snap.nodes
    found: int | None = None
    key = snap.root
    while key is not None:
        node = nodes[key]
        if node.end > addr:
            found = key
            if node.start <= addr:
                break
            key = node.left
        else:
            key = node.right
    return found


def _by_address(node: NodeState) -> int:
    return node.start


def search_vmas(snap: Snapshot, query: Query | str, limit: int | None = None) -> list[int]:
    """The id of every VMA in the tree matching ``query``, in address order,
    at most ``limit`` of them. A string is parsed first (``QueryError`` if it cannot be).

    An address query has at most one answer, ``snapshot_find_vma``'s. Otherwise one pass
    over the nodes, then a sort of the matches: O(n + m log m).
    """
    if isinstance(query, str):
        query = parse_query(query)
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    if query.kind == "address":
        found = snapshot_find_vma(snap, query.address)
        out = [] if found is None else [found]
    else:
        hits: list[NodeState] = []
        if query.kind == "flags":
            mask, flags = query.mask, query.flags
            hits = [n for n in snap.nodes.values() if n.flags & mask == flags and n.in_tree]
        else:
            needle = query.text
            hits = [
                n
                for n in snap.nodes.values()
                if (
                    needle in n.name.casefold()
                    or (n.file is not None and needle in n.file.casefold())
                )
                and n.in_tree
            ]
        hits.sort(key=_by_address)
        out = [n.uid for n in hits]
    return out if limit is None else out[:limit]


def permissions(flags: int) -> str:
    """The four permission letters ``/proc/PID/maps`` shows for ``flags`` (``r-xp``)."""
    return (
        ("r" if flags & VM_READ else "-")
        + ("w" if flags & VM_WRITE else "-")
        + ("x" if flags & VM_EXEC else "-")
        + ("s" if flags & VM_SHARED else "p")
    )


def describe(node: NodeState) -> str:
    """One line for a result list: ``7f12a000-7f12c000 r-xp libc.so.6``.

    The label is the VMA's name (a file's basename, ``[heap]``...), else its file path;
    an anonymous VMA without a name has none.
    """
    line = f"{node.start:x}-{node.end:x} {permissions(node.flags)}"
    label = node.name or node.file or ""
    return f"{line} {label}" if label else line
