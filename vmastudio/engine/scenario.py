"""Scenario files (``.vmas``, JSON): read with every problem named by its JSON path.

A scenario is data only: it is parsed with ``json`` and checked field by field, nothing in
it is executed. Problems raise ``ScenarioError`` whose text starts with the JSON path,
e.g. ``ops[3].end: not page-aligned (0x401001)``; nothing is half-loaded.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mm import KERNELS, Kernel
from .overcommit import MemoryConfig
from .problems import Problem, at_byte, at_character, at_line_column, json_reason, os_reason, within
from .vma import DEFAULT_FLAGS, PAGE_SIZE, TASK_SIZE, VM_FLAGS, flag_names, flags_from_names

FORMAT = "vmastudio-scenario"
#: The maple-tree kernel (DESIGN §7); its extra ops are accepted only in its scenarios.
MAPLE_KERNEL = "6.12"
MAPLE_OPS = ("munmap", "map_fixed", "empty_area")
VERSION = 1
#: Limits that keep a hostile file from exhausting memory (checked before parsing deeper).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_OPS = 1_000_000

Text = str | dict[str, str]

#: Longest caption or title (per language): a caption is a line on a slide, and every
#: window and figure lays it out (one unbreakable 1 MB caption took the window minutes).
MAX_CAPTION = 10_000
#: Longest speaker notes (per language).
MAX_NOTES = 100_000
#: Longest file name or VMA name: the kernel's PATH_MAX.
MAX_NAME = 4096

#: Longest value quoted in a one-line error (a 100,000-character op name is cut).
MAX_SHOWN = 60
#: An address as the format writes it: ``0x`` and ASCII hex digits, nothing else (no
#: sign, underscore, space, or other scripts' digits that ``int()`` would take).
_HEX = re.compile(r"0[xX][0-9a-fA-F]+")
#: A ``\uD800``..``\uDFFF`` escape in JSON text: the only way a scenario can hold a lone
#: surrogate (decoded UTF-8 never does), which no UTF-8 file can be saved with.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr(value)`` for a one-line error, cut to about ``limit`` characters.

    >>> shown("x" * 100_000)[-26:]
    "xxx'... (100000 characters)"
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        # (str() of an integer past 4,300 digits raises; the bit length says enough)
        return f"an integer of about {value.bit_length() * 30103 // 100000 + 1} digits"
    out = repr(value)
    return out if len(out) <= limit else out[:limit] + f"... ({len(out)} characters)"


def _key(key: str) -> str:
    """A field name inside a JSON path, cut like ``shown``."""
    return key if len(key) <= MAX_SHOWN else key[:MAX_SHOWN] + "..."


class ScenarioError(ValueError):
    """A scenario or maps file is not valid; ``str()`` names the place and the problem.

    ``problem`` is a ``Problem`` (a code and its parameters, rendered per language by
    ``messages.localize_error``); ``where`` is a JSON path (kept as is in every language)
    or a ``Problem`` for the words of a place (``line 3``, ``process 42``).
    """

    def __init__(self, where: str, problem: Problem) -> None:
        super().__init__(f"{where}: {problem}" if where else str(problem))
        self.where = where
        self.problem = problem


@dataclass(slots=True)
class VmaSpec:
    """A VMA as a file describes it, before it becomes a ``VmArea``."""

    start: int
    end: int
    flags: int = DEFAULT_FLAGS
    file: str | None = None
    pgoff: int = 0
    special: bool = False
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": hex(self.start), "end": hex(self.end)}
        if self.flags != DEFAULT_FLAGS:
            out["flags"] = flag_names(self.flags)
        if self.file is not None:
            out["file"] = self.file
        if self.pgoff:
            out["pgoff"] = hex(self.pgoff)
        if self.special:
            out["special"] = True
        if self.name:
            out["name"] = self.name
        return out


@dataclass(slots=True)
class OpSpec:
    """One op of a scenario: insert, erase, find_vma or unmapped_area."""

    op: str
    vma: VmaSpec | None = None
    start: int = 0
    addr: int = 0
    length: int = 0
    low: int = 0
    high: int = TASK_SIZE
    topdown: bool = True
    caption: Text | None = None
    notes: Text | None = None
    #: 6.12 only: munmap's exclusive end; empty_area's size, inclusive limits and direction.
    end: int = 0
    size: int = 0
    area_min: int = 0
    area_max: int = 0
    rev: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op}
        if self.op in ("insert", "map_fixed"):
            assert self.vma is not None
            out.update(self.vma.to_json())
        elif self.op == "munmap":
            out.update(start=hex(self.start), end=hex(self.end))
        elif self.op == "empty_area":
            out.update(size=self.size, min=self.area_min, max=self.area_max, rev=self.rev)
        elif self.op == "erase":
            out["start"] = hex(self.start)
        elif self.op == "find_vma":
            out["addr"] = hex(self.addr)
        else:
            out.update(
                length=hex(self.length),
                low=hex(self.low),
                high=hex(self.high),
                topdown=self.topdown,
            )
        if self.caption is not None:
            out["caption"] = self.caption
        if self.notes is not None:
            out["notes"] = self.notes
        return out


@dataclass(slots=True)
class Scenario:
    """A whole scenario: kernel profile, machine memory, initial VMAs and the ops."""

    ops: list[OpSpec] = field(default_factory=list)
    kernel: Kernel = "4.0"
    title: Text = ""
    notes: Text = ""
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    memory_set: dict[str, Any] = field(default_factory=dict)
    initial: list[VmaSpec] = field(default_factory=list)
    #: ``"kernel": "6.12"``: replayed on ``mm->mm_mt`` by ``engine/linux612``; ``kernel``
    #: then holds 4.19, the 4.x profile shown beside it.
    maple: bool = False

    def to_json(self) -> dict[str, Any]:
        kernel = MAPLE_KERNEL if self.maple else self.kernel
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "kernel": kernel}
        if self.title:
            out["title"] = self.title
        if self.notes:
            out["notes"] = self.notes
        if self.memory_set:
            out["memory"] = dict(self.memory_set)
        out["initial"] = [v.to_json() for v in self.initial]
        out["ops"] = [o.to_json() for o in self.ops]
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n"


def text_of(value: str | Mapping[str, str] | None, lang: str = "en") -> str:
    """The text in ``lang`` (falling back to English, then any language)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


# -- field parsers ----------------------------------------------------------------------


def parse_address(value: Any, where: str) -> int:
    """A hex string (``"0x400000"``: ``0x`` then ASCII hex digits, nothing around them)
    or a non-negative integer below 2**64."""
    if isinstance(value, bool):
        raise ScenarioError(where, Problem("address.expected", got=json.dumps(value)))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        if not value.lower().startswith("0x"):
            raise ScenarioError(where, Problem("address.expected_hex", got=shown(value)))
        if not _HEX.fullmatch(value):
            raise ScenarioError(where, Problem("address.not_hex", value=shown(value)))
        if len(value) > 2 + 16 and value[2:].lstrip("0")[16:]:
            raise ScenarioError(where, Problem("address.too_big", value=shown(value)))
        number = int(value[2:], 16)
    else:
        raise ScenarioError(where, Problem("address.expected", got=type(value).__name__))
    if number < 0:
        raise ScenarioError(where, Problem("address.negative", value=shown(number)))
    if number >= 1 << 64:
        raise ScenarioError(where, Problem("address.too_big", value=shown(value)))
    return number


def _text(value: Any, where: str, limit: int = MAX_CAPTION) -> Text:
    if isinstance(value, str):
        _check_length(value, where, limit)
        return value
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        unknown = set(value) - {"en", "zh_CN"}
        if unknown:
            raise ScenarioError(
                where, Problem("field.unknown_language", lang=shown(sorted(unknown)[0]))
            )
        for lang, text in value.items():
            _check_length(text, f"{where}.{lang}", limit)
        return dict(value)
    raise ScenarioError(where, Problem("field.expected_text"))


def _check_length(text: str, where: str, limit: int) -> None:
    if len(text) > limit:
        raise ScenarioError(where, Problem("field.too_long", count=len(text), limit=limit))


def check_range(start: int, end: int, where: str) -> None:
    """Page-aligned, non-empty, not inverted, below the user-space top."""
    if start % PAGE_SIZE:
        raise ScenarioError(f"{where}.start", Problem("range.not_aligned", value=f"0x{start:x}"))
    if end % PAGE_SIZE:
        raise ScenarioError(f"{where}.end", Problem("range.not_aligned", value=f"0x{end:x}"))
    if end < start:
        raise ScenarioError(
            where, Problem("range.inverted", end=f"0x{end:x}", start=f"0x{start:x}")
        )
    if end == start:
        raise ScenarioError(where, Problem("range.empty", start=f"0x{start:x}"))
    if end > TASK_SIZE:
        raise ScenarioError(
            f"{where}.end", Problem("range.past_top", top=f"0x{TASK_SIZE:x}", value=f"0x{end:x}")
        )


_VMA_KEYS = {"start", "end", "flags", "file", "pgoff", "special", "name"}


def parse_vma(obj: Any, where: str, extra: set[str] = frozenset()) -> VmaSpec:  # type: ignore[assignment]
    """A VMA object of a scenario, checked field by field."""
    if not isinstance(obj, dict):
        raise ScenarioError(where, Problem("field.expected_object"))
    unknown = set(obj) - _VMA_KEYS - extra
    if unknown:
        raise ScenarioError(f"{where}.{_key(sorted(unknown)[0])}", Problem("field.unknown"))
    for key in ("start", "end"):
        if key not in obj:
            raise ScenarioError(f"{where}.{key}", Problem("field.missing"))
    start = parse_address(obj["start"], f"{where}.start")
    end = parse_address(obj["end"], f"{where}.end")
    check_range(start, end, where)
    flags = DEFAULT_FLAGS
    if "flags" in obj:
        names = obj["flags"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ScenarioError(f"{where}.flags", Problem("field.expected_flags"))
        for i, name in enumerate(names):
            if name not in VM_FLAGS:
                raise ScenarioError(
                    f"{where}.flags[{i}]", Problem("field.unknown_flag", name=shown(name))
                )
        flags = flags_from_names(names)
    file = obj.get("file")
    if file is not None and (not isinstance(file, str) or not file):
        raise ScenarioError(f"{where}.file", Problem("field.expected_file"))
    if file is not None:
        _check_length(file, f"{where}.file", MAX_NAME)
    pgoff = parse_address(obj["pgoff"], f"{where}.pgoff") if "pgoff" in obj else 0
    special = obj.get("special", False)
    if not isinstance(special, bool):
        raise ScenarioError(f"{where}.special", Problem("field.expected_bool"))
    if special and file is not None:
        raise ScenarioError(f"{where}.special", Problem("vma.special_with_file"))
    name = obj.get("name", "")
    if not isinstance(name, str):
        raise ScenarioError(f"{where}.name", Problem("field.expected_string"))
    _check_length(name, f"{where}.name", MAX_NAME)
    return VmaSpec(start, end, flags, file, pgoff, special, name)


def _parse_maple_op(obj: dict[str, Any], where: str, kind: str, common: set[str]) -> OpSpec:
    """The 6.12 ops: ``munmap {start, end}``, ``map_fixed`` (VMA fields), ``empty_area``."""
    if kind == "map_fixed":
        return OpSpec("map_fixed", vma=parse_vma(obj, where, common))
    if kind == "munmap":
        unknown = set(obj) - common - {"start", "end"}
        if unknown:
            raise ScenarioError(f"{where}.{_key(sorted(unknown)[0])}", Problem("field.unknown"))
        for key in ("start", "end"):
            if key not in obj:
                raise ScenarioError(f"{where}.{key}", Problem("field.missing"))
        start = parse_address(obj["start"], f"{where}.start")
        end = parse_address(obj["end"], f"{where}.end")
        check_range(start, end, where)
        return OpSpec("munmap", start=start, end=end)
    unknown = set(obj) - common - {"size", "min", "max", "rev"}
    if unknown:
        raise ScenarioError(f"{where}.{_key(sorted(unknown)[0])}", Problem("field.unknown"))
    for key in ("size", "min", "max"):
        if key not in obj:
            raise ScenarioError(f"{where}.{key}", Problem("field.missing"))
    size = parse_address(obj["size"], f"{where}.size")
    lo = parse_address(obj["min"], f"{where}.min")
    hi = parse_address(obj["max"], f"{where}.max")
    if size == 0:
        raise ScenarioError(f"{where}.size", Problem("value.must_be_positive"))
    if lo > hi:
        raise ScenarioError(where, Problem("range.min_above_max", lo=f"0x{lo:x}", hi=f"0x{hi:x}"))
    rev = obj.get("rev", False)
    if not isinstance(rev, bool):
        raise ScenarioError(f"{where}.rev", Problem("field.expected_bool"))
    return OpSpec("empty_area", size=size, area_min=lo, area_max=hi, rev=rev)


def _parse_op(obj: Any, where: str, maple: bool = False) -> OpSpec:
    if not isinstance(obj, dict):
        raise ScenarioError(where, Problem("field.expected_object"))
    kind = obj.get("op")
    if kind is None:
        raise ScenarioError(f"{where}.op", Problem("field.missing"))
    common = {"op", "caption", "notes"}
    op: OpSpec
    if kind in MAPLE_OPS:
        if not maple:
            raise ScenarioError(f"{where}.op", Problem("op.maple_only", kind=kind))
        op = _parse_maple_op(obj, where, kind, common)
    elif kind == "insert":
        op = OpSpec("insert", vma=parse_vma(obj, where, common))
    elif kind in ("erase", "find_vma"):
        key = "start" if kind == "erase" else "addr"
        unknown = set(obj) - common - {key}
        if unknown:
            raise ScenarioError(f"{where}.{_key(sorted(unknown)[0])}", Problem("field.unknown"))
        if key not in obj:
            raise ScenarioError(f"{where}.{key}", Problem("field.missing"))
        value = parse_address(obj[key], f"{where}.{key}")
        op = OpSpec(kind, start=value) if kind == "erase" else OpSpec(kind, addr=value)
    elif kind == "unmapped_area":
        unknown = set(obj) - common - {"length", "low", "high", "topdown"}
        if unknown:
            raise ScenarioError(f"{where}.{_key(sorted(unknown)[0])}", Problem("field.unknown"))
        if "length" not in obj:
            raise ScenarioError(f"{where}.length", Problem("field.missing"))
        length = parse_address(obj["length"], f"{where}.length")
        if length == 0 or length % PAGE_SIZE:
            raise ScenarioError(
                f"{where}.length", Problem("range.not_page_multiple", value=f"0x{length:x}")
            )
        low = parse_address(obj.get("low", 0), f"{where}.low")
        high = parse_address(obj.get("high", TASK_SIZE), f"{where}.high")
        if high > TASK_SIZE:
            raise ScenarioError(
                f"{where}.high", Problem("range.past_top_value", value=f"0x{high:x}")
            )
        if low > high:
            raise ScenarioError(
                where, Problem("range.low_above_high", low=f"0x{low:x}", high=f"0x{high:x}")
            )
        topdown = obj.get("topdown", True)
        if not isinstance(topdown, bool):
            raise ScenarioError(f"{where}.topdown", Problem("field.expected_bool"))
        op = OpSpec("unmapped_area", length=length, low=low, high=high, topdown=topdown)
    else:
        raise ScenarioError(f"{where}.op", Problem("op.unknown", op=shown(kind)))
    if "caption" in obj:
        op.caption = _text(obj["caption"], f"{where}.caption")
    if "notes" in obj:
        op.notes = _text(obj["notes"], f"{where}.notes", MAX_NOTES)
    return op


def _parse_memory(obj: Any) -> tuple[MemoryConfig, dict[str, Any]]:
    if not isinstance(obj, dict):
        raise ScenarioError("memory", Problem("field.expected_object"))
    cfg = MemoryConfig()
    known = set(MemoryConfig.names())
    for key, value in obj.items():
        where = f"memory.{_key(key)}"
        if key not in known:
            raise ScenarioError(where, Problem("field.unknown_setting"))
        if key == "cap_sys_admin":
            if not isinstance(value, bool):
                raise ScenarioError(where, Problem("field.expected_bool"))
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ScenarioError(where, Problem("field.expected_non_negative", got=shown(value)))
        elif value >= 1 << 64:
            # The kernel's counters are unsigned long: 2**64 and above do not exist.
            raise ScenarioError(where, Problem("field.too_big", value=shown(value)))
        elif key == "overcommit_memory" and value not in (0, 1, 2):
            raise ScenarioError(where, Problem("field.expected_overcommit", got=value))
        setattr(cfg, key, value)
    return cfg, dict(obj)


def scenario_from_json(data: Any) -> Scenario:
    """Check and convert a parsed JSON document into a ``Scenario``."""
    if not isinstance(data, dict):
        raise ScenarioError("", Problem("scenario.not_object"))
    known = {"format", "version", "kernel", "title", "notes", "memory", "initial", "ops"}
    unknown = set(data) - known
    if unknown:
        raise ScenarioError(_key(sorted(unknown)[0]), Problem("field.unknown"))
    if "format" not in data:
        raise ScenarioError("format", Problem("field.missing_format"))
    if data["format"] != FORMAT:
        raise ScenarioError(
            "format",
            Problem("scenario.unknown_format", format=shown(data["format"]), expected=repr(FORMAT)),
        )
    if "version" not in data:
        raise ScenarioError("version", Problem("field.missing"))
    if type(data["version"]) is not int or data["version"] != VERSION:  # not 1.0, not true
        raise ScenarioError(
            "version",
            Problem("scenario.unsupported_version", version=shown(data["version"]), expected="1"),
        )
    if "ops" not in data:
        raise ScenarioError("ops", Problem("field.missing"))
    kernel = data.get("kernel", "4.0")
    maple = kernel == MAPLE_KERNEL
    if kernel not in KERNELS and not maple:
        raise ScenarioError(
            "kernel",
            Problem("scenario.unknown_kernel", kernel=shown(kernel), known="4.0, 4.19, 6.12"),
        )
    sc = Scenario(kernel="4.19" if maple else kernel, maple=maple)
    if "title" in data:
        sc.title = _text(data["title"], "title")
    if "notes" in data:
        sc.notes = _text(data["notes"], "notes", MAX_NOTES)
    if "memory" in data:
        sc.memory, sc.memory_set = _parse_memory(data["memory"])
    initial = data.get("initial", [])
    if not isinstance(initial, list):
        raise ScenarioError("initial", Problem("field.expected_list"))
    ops = data["ops"]
    if not isinstance(ops, list):
        raise ScenarioError("ops", Problem("field.expected_list"))
    if len(ops) + len(initial) > MAX_OPS:
        raise ScenarioError(
            "ops", Problem("scenario.too_many_ops", count=len(ops) + len(initial), limit=MAX_OPS)
        )
    sc.initial = [parse_vma(v, f"initial[{i}]") for i, v in enumerate(initial)]
    order = sorted(range(len(sc.initial)), key=lambda i: sc.initial[i].start)
    for a, b in itertools.pairwise(order):
        if sc.initial[b].start < sc.initial[a].end:
            first, second = sorted((a, b))
            other = sc.initial[first]
            raise ScenarioError(
                f"initial[{second}]",
                Problem(
                    "scenario.overlaps",
                    other=f"initial[{first}]",
                    range=f"[{other.start:x},{other.end:x})",
                ),
            )
    sc.ops = [_parse_op(o, f"ops[{i}]", maple) for i, o in enumerate(ops)]
    return sc


#: Byte-order marks of the encodings a scenario is not in (UTF-32 first: its little-endian
#: mark starts with UTF-16's).
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_utf8(data: bytes) -> str:
    """A file's text: strict UTF-8, a leading UTF-8 byte-order mark dropped.

    UTF-16 and UTF-32 (with a mark, or the NUL bytes of ASCII in them) are named as an
    encoding problem rather than as an invalid byte.
    """
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            raise ScenarioError("", Problem("file.encoded_as", encoding=name))
    head = data[:4]
    if len(head) == 4 and head.count(0) == 3:
        raise ScenarioError("", Problem("file.encoded_as", encoding="UTF-32"))
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        raise ScenarioError("", Problem("file.encoded_as", encoding="UTF-16"))
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(at_byte(exc.start + start), Problem("file.not_utf8")) from None


class _LongInt(str):
    """An integer literal of more digits than Python converts (kept as its text)."""


def _walk(data: Any) -> Iterator[tuple[str, Any, bool]]:
    """(JSON path, value, is_key) of every string and ``_LongInt`` in ``data``, depth
    first, iteratively (a file may nest deeper than Python's recursion limit allows)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            items = list(value.items())
            for key, item in reversed(items):
                yield where, key, True
                stack.append((f"{where}.{_key(key)}" if where else _key(key), item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            yield where, value, False


def _check_savable(data: Any) -> None:
    """Refuse text holding a lone surrogate (``"\\ud800"``): it opens, but no UTF-8 file
    can be written back (Save, autosave, every export would fail)."""
    for where, text, is_key in _walk(data):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            code = f"\\u{ord(text[exc.start]):04x}"
            if is_key:
                raise ScenarioError(where, Problem("file.lone_surrogate_key", code=code)) from None
            raise ScenarioError(
                where,
                Problem("file.lone_surrogate", code=code, at=exc.start),
            ) from None


def _loads_long_ints(text: str) -> Any:
    """``json.loads`` that keeps integers past Python's digit limit as ``_LongInt`` so
    their JSON path can be named; raises ``ScenarioError`` at the first one."""

    def parse_int(literal: str) -> Any:
        if len(literal.lstrip("-")) > sys.get_int_max_str_digits() > 0:
            return _LongInt(literal)
        return int(literal)

    data = json.loads(text, parse_int=parse_int)
    for where, value, _ in _walk(data):
        if isinstance(value, _LongInt):
            digits = len(value.lstrip("-"))
            raise ScenarioError(where or "", Problem("file.integer_too_long", digits=digits))
    raise ScenarioError("", Problem("file.unconvertible_number"))


def parse_scenario(text: str | bytes) -> Scenario:
    """Parse a scenario from its text; ``ScenarioError`` names what is wrong and where."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError("", Problem("file.too_large", size=len(text), limit=MAX_FILE_BYTES))
        text = decode_utf8(text)
    elif text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise ScenarioError(at_character(text.index(chr(0))), Problem("file.nul_byte"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            at_line_column(exc.lineno, exc.colno),
            Problem("file.invalid_json", reason=json_reason(exc.msg)),
        ) from None
    except RecursionError:
        raise ScenarioError("", Problem("file.json_too_deep")) from None
    except ValueError:
        # Python's integer-string limit (4,300 digits): bad input, named by its path.
        _loads_long_ints(text)
        raise
    if _SURROGATE_ESCAPE.search(text):
        _check_savable(data)
    return scenario_from_json(data)


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes, refusing files above ``MAX_FILE_BYTES`` before reading them.

    Anything else (a FIFO, a device, a socket) is refused at once: it is opened without
    blocking (a FIFO's open would wait for a writer) and checked on the open descriptor.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a folder")
            if not stat.S_ISREG(info.st_mode):
                raise ScenarioError(str(p), Problem("file.not_regular", kind=_kind(info.st_mode)))
            if info.st_size > MAX_FILE_BYTES:
                raise ScenarioError(
                    str(p), Problem("file.too_large", size=info.st_size, limit=MAX_FILE_BYTES)
                )
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            chunks: list[bytes] = []
            total = 0
            while total <= MAX_FILE_BYTES:
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise ScenarioError(str(p), Problem("file.no_such_file")) from None
    except IsADirectoryError:
        raise ScenarioError(str(p), Problem("file.is_folder")) from None
    except PermissionError:
        raise ScenarioError(str(p), Problem("file.permission_denied")) from None
    except OSError as exc:
        raise ScenarioError(str(p), os_reason(exc)) from None


def _kind(mode: int) -> Problem:
    if stat.S_ISFIFO(mode):
        return Problem("file.kind_fifo")
    if stat.S_ISCHR(mode):
        return Problem("file.kind_char_device")
    if stat.S_ISBLK(mode):
        return Problem("file.kind_block_device")
    if stat.S_ISSOCK(mode):
        return Problem("file.kind_socket")
    return Problem("file.kind_other")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and check a ``.vmas`` file; errors name the file and the JSON path."""
    data = read_limited(path)
    try:
        return parse_scenario(data)
    except ScenarioError as exc:
        raise ScenarioError(within(str(path), exc.where), exc.problem) from None


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, fsync, then rename over it.

    A crash leaves either the old file or the new one, never a half-written file.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_scenario(sc: Scenario, path: str | os.PathLike[str]) -> None:
    """Save atomically (temporary file, fsync, rename)."""
    write_atomic(path, sc.dumps())
