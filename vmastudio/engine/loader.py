"""Open whatever the user hands us: a ``.vmas`` scenario, a maps text file, a live PID."""

from __future__ import annotations

import os

from .scenario import Scenario, ScenarioError, parse_scenario, read_limited


def load_any(path: str | os.PathLike[str]) -> tuple[Scenario, list[str]]:
    """A scenario from a ``.vmas`` file or a saved ``/proc/PID/maps`` text.

    Returns the scenario and the notices of the import (lines skipped). Raises
    ``ScenarioError`` naming the file and the place of the problem.
    """
    scenario, notices, _ = load_file(path)
    return scenario, notices


def load_file(path: str | os.PathLike[str]) -> tuple[Scenario, list[str], bool]:
    """``load_any`` plus whether the file was a scenario (True) or a maps text (False),
    decided from the one read of the file (it may change or vanish afterwards)."""
    data = read_limited(path)
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            return parse_scenario(data), [], True
        except ScenarioError as exc:
            where = f"{path}: {exc.where}" if exc.where else str(path)
            raise ScenarioError(where, exc.problem) from None
    from .maps import looks_like_maps, parse_maps

    if looks_like_maps(data):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"{path}: byte {exc.start}", "not valid UTF-8") from None
        imported = parse_maps(text, source=str(path))
        return imported.scenario, imported.notices, False
    raise ScenarioError(str(path), "neither a VMA Studio scenario (JSON) nor a /proc/PID/maps text")


def load_pid(pid: int, proc_root: str = "/proc") -> tuple[Scenario, list[str]]:
    """A scenario from a live process's maps (one insert op per line)."""
    from .maps import read_pid_maps

    imported = read_pid_maps(pid, proc_root)
    return imported.scenario, imported.notices


def demo_scenario() -> Scenario:
    """The built-in demo: every insert case once, an overlap and an erase."""
    from .. import resources

    return parse_scenario(resources.read_text("examples", "demo.vmas"))
