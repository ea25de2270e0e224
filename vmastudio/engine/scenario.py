"""Scenario files (``.vmas``, JSON): read with every problem named by its JSON path.

A scenario is data only: it is parsed with ``json`` and checked field by field, nothing in
it is executed. Problems raise ``ScenarioError`` whose text starts with the JSON path,
e.g. ``ops[3].end: not page-aligned (0x401001)``; nothing is half-loaded.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mm import KERNELS, Kernel
from .overcommit import MemoryConfig
from .vma import DEFAULT_FLAGS, PAGE_SIZE, TASK_SIZE, VM_FLAGS, flag_names, flags_from_names

FORMAT = "vmastudio-scenario"
VERSION = 1
#: Limits that keep a hostile file from exhausting memory (checked before parsing deeper).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_OPS = 1_000_000

Text = str | dict[str, str]


class ScenarioError(ValueError):
    """A scenario or maps file is not valid; ``str()`` names the place and the problem."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
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

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op}
        if self.op == "insert":
            assert self.vma is not None
            out.update(self.vma.to_json())
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

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "kernel": self.kernel}
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


def text_of(value: Text | None, lang: str = "en") -> str:
    """The text in ``lang`` (falling back to English, then any language)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


# -- field parsers ----------------------------------------------------------------------


def parse_address(value: Any, where: str) -> int:
    """A hex string (``"0x400000"``) or a non-negative integer below 2**64."""
    if isinstance(value, bool):
        raise ScenarioError(where, f"expected an address, got {json.dumps(value)}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().lower()
        if not text.startswith("0x"):
            raise ScenarioError(where, f'expected a hex string like "0x400000", got {value!r}')
        try:
            number = int(text[2:], 16)
        except ValueError:
            raise ScenarioError(where, f"not a hex number: {value!r}") from None
    else:
        raise ScenarioError(where, f"expected an address, got {type(value).__name__}")
    if number < 0:
        raise ScenarioError(where, f"negative address ({number})")
    if number >= 1 << 64:
        raise ScenarioError(where, f"address does not fit 64 bits ({value})")
    return number


def _text(value: Any, where: str) -> Text:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        unknown = set(value) - {"en", "zh_CN"}
        if unknown:
            raise ScenarioError(where, f"unknown language {sorted(unknown)[0]!r} (en, zh_CN)")
        return dict(value)
    raise ScenarioError(where, 'expected a string or {"en": ..., "zh_CN": ...}')


def check_range(start: int, end: int, where: str) -> None:
    """Page-aligned, non-empty, not inverted, below the user-space top."""
    if start % PAGE_SIZE:
        raise ScenarioError(f"{where}.start", f"not page-aligned (0x{start:x})")
    if end % PAGE_SIZE:
        raise ScenarioError(f"{where}.end", f"not page-aligned (0x{end:x})")
    if end < start:
        raise ScenarioError(where, f"inverted range (end 0x{end:x} < start 0x{start:x})")
    if end == start:
        raise ScenarioError(where, f"empty range (start = end = 0x{start:x})")
    if end > TASK_SIZE:
        raise ScenarioError(f"{where}.end", f"past the user-space top 0x{TASK_SIZE:x} (0x{end:x})")


_VMA_KEYS = {"start", "end", "flags", "file", "pgoff", "special", "name"}


def parse_vma(obj: Any, where: str, extra: set[str] = frozenset()) -> VmaSpec:  # type: ignore[assignment]
    """A VMA object of a scenario, checked field by field."""
    if not isinstance(obj, dict):
        raise ScenarioError(where, "expected an object")
    unknown = set(obj) - _VMA_KEYS - extra
    if unknown:
        raise ScenarioError(f"{where}.{sorted(unknown)[0]}", "unknown field")
    for key in ("start", "end"):
        if key not in obj:
            raise ScenarioError(f"{where}.{key}", "missing")
    start = parse_address(obj["start"], f"{where}.start")
    end = parse_address(obj["end"], f"{where}.end")
    check_range(start, end, where)
    flags = DEFAULT_FLAGS
    if "flags" in obj:
        names = obj["flags"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ScenarioError(f"{where}.flags", "expected a list of flag names")
        for i, name in enumerate(names):
            if name not in VM_FLAGS:
                raise ScenarioError(f"{where}.flags[{i}]", f"unknown flag {name!r}")
        flags = flags_from_names(names)
    file = obj.get("file")
    if file is not None and (not isinstance(file, str) or not file):
        raise ScenarioError(f"{where}.file", "expected a non-empty path string or null")
    pgoff = parse_address(obj["pgoff"], f"{where}.pgoff") if "pgoff" in obj else 0
    special = obj.get("special", False)
    if not isinstance(special, bool):
        raise ScenarioError(f"{where}.special", "expected true or false")
    if special and file is not None:
        raise ScenarioError(f"{where}.special", "a special mapping has no file")
    name = obj.get("name", "")
    if not isinstance(name, str):
        raise ScenarioError(f"{where}.name", "expected a string")
    return VmaSpec(start, end, flags, file, pgoff, special, name)


def _parse_op(obj: Any, where: str) -> OpSpec:
    if not isinstance(obj, dict):
        raise ScenarioError(where, "expected an object")
    kind = obj.get("op")
    if kind is None:
        raise ScenarioError(f"{where}.op", "missing")
    common = {"op", "caption", "notes"}
    op: OpSpec
    if kind == "insert":
        op = OpSpec("insert", vma=parse_vma(obj, where, common))
    elif kind in ("erase", "find_vma"):
        key = "start" if kind == "erase" else "addr"
        unknown = set(obj) - common - {key}
        if unknown:
            raise ScenarioError(f"{where}.{sorted(unknown)[0]}", "unknown field")
        if key not in obj:
            raise ScenarioError(f"{where}.{key}", "missing")
        value = parse_address(obj[key], f"{where}.{key}")
        op = OpSpec(kind, start=value) if kind == "erase" else OpSpec(kind, addr=value)
    elif kind == "unmapped_area":
        unknown = set(obj) - common - {"length", "low", "high", "topdown"}
        if unknown:
            raise ScenarioError(f"{where}.{sorted(unknown)[0]}", "unknown field")
        if "length" not in obj:
            raise ScenarioError(f"{where}.length", "missing")
        length = parse_address(obj["length"], f"{where}.length")
        if length == 0 or length % PAGE_SIZE:
            raise ScenarioError(f"{where}.length", f"not a positive page multiple (0x{length:x})")
        low = parse_address(obj.get("low", 0), f"{where}.low")
        high = parse_address(obj.get("high", TASK_SIZE), f"{where}.high")
        if high > TASK_SIZE:
            raise ScenarioError(f"{where}.high", f"past the user-space top (0x{high:x})")
        if low > high:
            raise ScenarioError(where, f"low 0x{low:x} is above high 0x{high:x}")
        topdown = obj.get("topdown", True)
        if not isinstance(topdown, bool):
            raise ScenarioError(f"{where}.topdown", "expected true or false")
        op = OpSpec("unmapped_area", length=length, low=low, high=high, topdown=topdown)
    else:
        raise ScenarioError(
            f"{where}.op", f"unknown op {kind!r} (insert, erase, find_vma, unmapped_area)"
        )
    if "caption" in obj:
        op.caption = _text(obj["caption"], f"{where}.caption")
    if "notes" in obj:
        op.notes = _text(obj["notes"], f"{where}.notes")
    return op


def _parse_memory(obj: Any) -> tuple[MemoryConfig, dict[str, Any]]:
    if not isinstance(obj, dict):
        raise ScenarioError("memory", "expected an object")
    cfg = MemoryConfig()
    known = set(MemoryConfig.names())
    for key, value in obj.items():
        where = f"memory.{key}"
        if key not in known:
            raise ScenarioError(where, "unknown setting")
        if key == "cap_sys_admin":
            if not isinstance(value, bool):
                raise ScenarioError(where, "expected true or false")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ScenarioError(where, f"expected a non-negative integer, got {json.dumps(value)}")
        elif key == "overcommit_memory" and value not in (0, 1, 2):
            raise ScenarioError(where, f"expected 0, 1 or 2, got {value}")
        setattr(cfg, key, value)
    return cfg, dict(obj)


def scenario_from_json(data: Any) -> Scenario:
    """Check and convert a parsed JSON document into a ``Scenario``."""
    if not isinstance(data, dict):
        raise ScenarioError("", "a scenario is a JSON object")
    known = {"format", "version", "kernel", "title", "notes", "memory", "initial", "ops"}
    unknown = set(data) - known
    if unknown:
        raise ScenarioError(sorted(unknown)[0], "unknown field")
    if "format" not in data:
        raise ScenarioError("format", 'missing (expected "vmastudio-scenario")')
    if data["format"] != FORMAT:
        raise ScenarioError("format", f"unknown format {data['format']!r} (expected {FORMAT!r})")
    if "version" not in data:
        raise ScenarioError("version", "missing")
    if data["version"] != VERSION or isinstance(data["version"], bool):
        raise ScenarioError("version", f"unsupported version {data['version']!r} (expected 1)")
    if "ops" not in data:
        raise ScenarioError("ops", "missing")
    kernel = data.get("kernel", "4.0")
    if kernel not in KERNELS:
        raise ScenarioError("kernel", f"unknown kernel profile {kernel!r} (4.0, 4.19)")
    sc = Scenario(kernel=kernel)
    if "title" in data:
        sc.title = _text(data["title"], "title")
    if "notes" in data:
        sc.notes = _text(data["notes"], "notes")
    if "memory" in data:
        sc.memory, sc.memory_set = _parse_memory(data["memory"])
    initial = data.get("initial", [])
    if not isinstance(initial, list):
        raise ScenarioError("initial", "expected a list")
    ops = data["ops"]
    if not isinstance(ops, list):
        raise ScenarioError("ops", "expected a list")
    if len(ops) + len(initial) > MAX_OPS:
        raise ScenarioError("ops", f"too many ops ({len(ops) + len(initial)} > {MAX_OPS})")
    sc.initial = [parse_vma(v, f"initial[{i}]") for i, v in enumerate(initial)]
    order = sorted(range(len(sc.initial)), key=lambda i: sc.initial[i].start)
    for a, b in itertools.pairwise(order):
        if sc.initial[b].start < sc.initial[a].end:
            first, second = sorted((a, b))
            other = sc.initial[first]
            raise ScenarioError(
                f"initial[{second}]",
                f"overlaps initial[{first}] [{other.start:x},{other.end:x})",
            )
    sc.ops = [_parse_op(o, f"ops[{i}]") for i, o in enumerate(ops)]
    return sc


def parse_scenario(text: str | bytes) -> Scenario:
    """Parse a scenario from its text; ``ScenarioError`` names what is wrong and where."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError("", f"file too large ({len(text)} bytes > {MAX_FILE_BYTES})")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"byte {exc.start}", "not valid UTF-8") from None
    if "\x00" in text:
        raise ScenarioError(f"character {text.index(chr(0))}", "NUL byte in a text file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise ScenarioError("", "JSON nested too deeply") from None
    return scenario_from_json(data)


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, refusing files above ``MAX_FILE_BYTES`` before reading them."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(str(p), f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        with p.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(str(p), "no such file") from None
    except IsADirectoryError:
        raise ScenarioError(str(p), "is a folder, not a file") from None
    except PermissionError:
        raise ScenarioError(str(p), "permission denied") from None
    except OSError as exc:
        raise ScenarioError(str(p), exc.strerror or str(exc)) from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and check a ``.vmas`` file; errors name the file and the JSON path."""
    data = read_limited(path)
    try:
        return parse_scenario(data)
    except ScenarioError as exc:
        raise ScenarioError(
            f"{path}: {exc.where}" if exc.where else str(path), exc.problem
        ) from None


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
