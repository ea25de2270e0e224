"""The one Qt-free door to ``resources/`` (shipped as ``vmastudio._resources``).

Finds the files through the import system, so that an editable install and an installed
wheel read the same ones; nothing builds paths from ``__file__``. When the package is a
folder (an editable install, a wheel unpacked into site-packages) its files are read
with plain ``open()`` from the folder the import system found for it; only a package
that is not a folder (a zip) goes through ``importlib.resources``. Measured: importing
``importlib.resources`` and asking it for the first file costs ~5 ms at start-up, which
the first frame (the demo, the pseudo-code, the examples menu) does not need to pay;
``json`` is imported on the first ``read_json``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGE = "vmastudio._resources"


class ResourceError(RuntimeError):
    """A resource file is missing or unreadable: the installation is broken."""


@cache
def _folder() -> str | None:
    """The package's folder on disk, or None when it is not a folder (e.g. in a zip)."""
    import importlib

    try:
        package = importlib.import_module(_PACKAGE)
    except ImportError:
        return None
    for folder in getattr(package, "__path__", ()):
        if os.path.isdir(folder):
            return str(folder)
    return None


def path(*parts: str) -> Traversable:
    """The resource at ``resources/<parts...>`` (may not exist)."""
    folder = _folder()
    if folder is not None:
        from pathlib import Path

        return Path(folder, *parts)
    from importlib import resources

    node = resources.files(_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def names(*parts: str) -> list[str]:
    """The names of the entries of the resource folder ``resources/<parts...>``, sorted
    (``ResourceError`` when it is missing)."""
    folder = _folder()
    try:
        if folder is not None:
            return sorted(os.listdir(os.path.join(folder, *parts)))
        return sorted(node.name for node in path(*parts).iterdir())
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is missing ({exc})") from exc


def read_bytes(*parts: str) -> bytes:
    """A resource file's bytes; ``ResourceError`` naming the file when missing."""
    folder = _folder()
    try:
        if folder is not None:
            with open(os.path.join(folder, *parts), "rb") as file:
                return file.read()
        return path(*parts).read_bytes()
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is missing ({exc})") from exc


def read_text(*parts: str) -> str:
    """A UTF-8 resource file's text; ``ResourceError`` naming the file when missing."""
    folder = _folder()
    try:
        if folder is not None:
            with open(os.path.join(folder, *parts), encoding="utf-8") as file:
                return file.read()
        return path(*parts).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is missing ({exc})") from exc


@cache
def read_json(*parts: str) -> Any:
    """A JSON resource, parsed once per process."""
    import json

    try:
        return json.loads(read_text(*parts))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"resource {'/'.join(parts)} is not valid JSON ({exc})") from exc
