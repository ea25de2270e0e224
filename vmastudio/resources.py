"""The one Qt-free door to ``resources/`` (shipped as ``vmastudio._resources``).

Reads through ``importlib.resources`` so that an editable install and an installed wheel
find the same files; nothing builds paths from ``__file__``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

_PACKAGE = "vmastudio._resources"


class ResourceError(RuntimeError):
    """A resource file is missing or unreadable: the installation is broken."""


def path(*parts: str) -> Traversable:
    """The resource at ``resources/<parts...>`` (may not exist)."""
    node = resources.files(_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """A UTF-8 resource file's text; ``ResourceError`` naming the file when missing."""
    try:
        return path(*parts).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is missing ({exc})") from exc


def read_bytes(*parts: str) -> bytes:
    """A resource file's bytes; ``ResourceError`` naming the file when missing."""
    try:
        return path(*parts).read_bytes()
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is missing ({exc})") from exc


@cache
def read_json(*parts: str) -> Any:
    """A JSON resource, parsed once per process."""
    try:
        return json.loads(read_text(*parts))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is not valid JSON ({exc})") from exc
