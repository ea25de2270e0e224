"""Open whatever the user hands us: a ``.vmas`` scenario, a maps text file, a live PID."""

from __future__ import annotations

import os
import re

from .problems import Problem, at_line, within
from .scenario import (
    Scenario,
    ScenarioError,
    decode_utf8,
    parse_scenario,
    read_limited,
    shown,
)


def load_any(path: str | os.PathLike[str]) -> tuple[Scenario, list[str]]:
    """A scenario from a ``.vmas`` file or a saved ``/proc/PID/maps`` text.

    Returns the scenario and the notices of the import (lines skipped). Raises
    ``ScenarioError`` naming the file and the place of the problem.
    """
    scenario, notices, _ = load_file(path)
    return scenario, notices


def load_file(path: str | os.PathLike[str]) -> tuple[Scenario, list[str], bool]:
    """``load_any`` plus whether the file was a scenario (True) or a maps text (False),
    decided from the one read of the file (it may change or vanish afterwards).

    A text whose first non-blank line starts like a maps line (``hex-hex``) is a maps
    text, so a malformed first line is named by its number like any later line.
    """
    data = read_limited(path)
    try:
        return _load_bytes(data, str(path))
    except (ValueError, OverflowError, RecursionError) as exc:
        if isinstance(exc, ScenarioError):
            raise
        # Bad input that no check named (a limit of Python's own): still bad input.
        raise ScenarioError(
            str(path), Problem("file.cannot_be_read", reason=shown(str(exc), 120))
        ) from None


def _load_bytes(data: bytes, source: str) -> tuple[Scenario, list[str], bool]:
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    head = body.lstrip()[:1]
    try:
        if head in (b"{", b"[") or not body.strip():
            return parse_scenario(data), [], True
        text = decode_utf8(data)
    except ScenarioError as exc:
        raise ScenarioError(within(source, exc.where), exc.problem) from None
    from .maps import parse_maps

    number, first = _first_line(text)
    if re.match(_MAPS_START, first):
        imported = parse_maps(text, source=source)
        return imported.scenario, imported.notices, False
    raise ScenarioError(within(source, at_line(number)), Problem("file.unknown_kind"))


#: How a maps line starts (``00400000-``, or nearly: ``0x4000-``, ``40000g-``): enough
#: to read the file as maps and name a malformed first line by its number. A pattern
#: string, compiled (and cached by ``re``) when a file is first opened, not at start-up.
_MAPS_START = r"[ \t]*[0-9a-fA-F][0-9a-zA-Z]*-"


def _first_line(text: str) -> tuple[int, str]:
    """(1-based number, text) of the first non-blank line (text may be huge: no split)."""
    number = 1
    start = 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip() or end < 0:
            return number, line
        number += 1
        start = end + 1


def load_pid(pid: int, proc_root: str | None = None) -> tuple[Scenario, list[str]]:
    """A scenario from a live process's maps (one insert op per line)."""
    from .maps import read_pid_maps

    imported = read_pid_maps(pid, proc_root)
    return imported.scenario, imported.notices


def demo_scenario() -> Scenario:
    """The built-in demo: every insert case once, an overlap and an erase."""
    from .. import resources

    return parse_scenario(resources.read_text("examples", "demo.vmas"))
