"""The Qt-free kernel model: VMAs, the augmented red-black tree and the traced operations.

Nothing in this package imports Qt, so it can be tested, fuzzed and benchmarked without a
display. The GUI renders the step traces it produces and never decides kernel behaviour.

The hot modules (``COMPILED``) may be compiled by mypyc (setup.py): the same sources as C
extensions. Which ones run is decided here, before any of them is imported:

- ``VMASTUDIO_PURE=1``: always the ``.py`` sources, even when an installed wheel has the
  compiled modules next to them (a meta-path finder that only ever returns sources);
- a source checkout with a development build (``make build-ext`` writes build/engine-ext
  and a manifest of the sources' SHA-256): the compiled modules, but only while every
  source is unchanged since that build; one edited file and the whole engine runs from
  source, so nobody tests stale compiled code;
- otherwise Python's own import: an installed compiled wheel uses its extensions.
"""

from __future__ import annotations

import json
import os
import sys
from importlib.machinery import ExtensionFileLoader, ModuleSpec, SourceFileLoader
from typing import TYPE_CHECKING

from .compiled_modules import COMPILED as _COMPILED
from .compiled_modules import GROUP

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

# The finders below are plain classes (meta-path finders only need ``find_spec``) and the
# freshness check hashes only what changed on disk: importlib.abc and hashlib (OpenSSL)
# cost ~10 ms of a window's start-up.

#: The modules setup.py compiles (``compiled_modules.py``: one list for both).
COMPILED = _COMPILED
#: The shared library holding the compiled modules' code (setup.py's ``GROUP``).
SHARED_LIB = f"{GROUP}__mypyc"
#: Where ``make build-ext`` puts a source checkout's development build.
DEV_BUILD = os.path.join("build", "engine-ext")


def pure_requested() -> bool:
    """Whether ``VMASTUDIO_PURE`` asks for the pure-Python engine."""
    return os.environ.get("VMASTUDIO_PURE", "") not in ("", "0")


def compiled() -> bool:
    """Whether the engine running in this process is the compiled one."""
    from . import vma

    return not (vma.__file__ or "").endswith(".py")


def source_path(folder: str, name: str) -> str:
    """The ``.py`` of the compiled module ``name`` (``linux612.nodes``) under ``folder``."""
    return os.path.join(folder, *name.split(".")) + ".py"


class _SourceOnly:
    """Finds ``vmastudio.engine.<name>`` for a compiled name as its ``.py`` source."""

    def __init__(self, folders: Sequence[str]) -> None:
        self.folders = list(folders)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(__name__ + "."):
            return None
        name = fullname[len(__name__) + 1 :]
        if name not in COMPILED:
            return None
        for folder in self.folders:
            source = source_path(folder, name)
            if os.path.isfile(source):
                spec = ModuleSpec(fullname, SourceFileLoader(fullname, source), origin=source)
                spec.has_location = True  # __file__ and the bytecode cache, as usual
                return spec
        return None


class _DevBuild:
    """Finds the compiled modules (and their shared library) in a development build."""

    def __init__(self, files: dict[str, str]) -> None:
        #: Module name → extension file.
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        found = self.files.get(fullname)
        if found is None:
            return None
        return ModuleSpec(fullname, ExtensionFileLoader(fullname, found), origin=found)


def _dev_build(folders: Sequence[str]) -> _DevBuild | None:
    """The development build of this source checkout, if it matches every source."""
    for folder in folders:
        root = os.path.dirname(os.path.dirname(os.path.abspath(folder)))
        manifest = os.path.join(root, DEV_BUILD, "manifest.json")
        try:
            with open(manifest, encoding="utf-8") as fh:
                built = json.load(fh)
        except (OSError, ValueError):
            continue
        sources: dict[str, str] = built.get("sources", {})
        stats: dict[str, list[int]] = built.get("stat", {})
        if not built.get("compiled") or set(sources) != set(COMPILED):
            return None
        for name, digest in sources.items():
            path = source_path(folder, name)
            try:
                info = os.stat(path)
                if stats.get(name) == [info.st_size, info.st_mtime_ns]:
                    continue  # untouched since the build
                import hashlib

                with open(path, "rb") as fh:
                    if hashlib.sha256(fh.read()).hexdigest() != digest:
                        return None  # edited since the build: run the sources
            except OSError:
                return None
        files = {
            module: os.path.join(root, DEV_BUILD, relative)
            for module, relative in built.get("extensions", {}).items()
        }
        if all(os.path.isfile(f) for f in files.values()):
            return _DevBuild(files)
    return None


def _choose() -> None:
    folders = list(__path__)
    if pure_requested():
        sys.meta_path.insert(0, _SourceOnly(folders))
        return
    dev = _dev_build(folders)
    if dev is not None:
        sys.meta_path.insert(0, dev)


_choose()
