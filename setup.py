"""Build hook: compile the engine's hot modules with mypyc when it can; else stay pure.

Everything else about the package is in pyproject.toml. The compiled modules are the same
sources as the pure ones (no second copy): mypyc turns each typed module into a C
extension that sits next to its ``.py`` in the wheel, and ``VMASTUDIO_PURE=1`` makes the
package import the ``.py`` instead (vmastudio/engine/__init__.py).

No extensions are built, and the package is pure Python, when:

- ``mypyc`` (part of mypy) or a C compiler or the Python headers are missing;
- ``VMASTUDIO_PURE_BUILD=1`` is set;
- the install is editable: an extension built in place next to a source that people edit
  would silently go stale, so the development build lives outside the package
  (``make build-ext``: build/engine-ext, loaded only while its sources are unchanged).
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup

#: The modules compiled and the shared library's group: one list, in
#: vmastudio/engine/compiled_modules.py (read by path: the package is not importable yet).
_HERE = Path(__file__).resolve().parent
_LIST = runpy.run_path(str(_HERE / "vmastudio" / "engine" / "compiled_modules.py"))
COMPILED: tuple[str, ...] = _LIST["COMPILED"]
GROUP: str = _LIST["GROUP"]
#: Commands that build extensions; metadata-only runs (egg_info, sdist) skip mypyc.
_BUILDING = {"build", "build_ext", "bdist_wheel", "install"}


def source_of(name: str) -> str:
    """The source file of the compiled module ``name`` (relative to vmastudio/engine)."""
    return "vmastudio/engine/" + name.replace(".", "/") + ".py"


def can_compile() -> str | None:
    """Why the engine cannot be compiled here, or None when it can."""
    if os.environ.get("VMASTUDIO_PURE_BUILD", "") not in ("", "0"):
        return "VMASTUDIO_PURE_BUILD is set"
    if "editable_wheel" in sys.argv or "develop" in sys.argv:
        return "editable install (the development build is `make build-ext`)"
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc is not installed"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(os.environ.get("CC", cc).split()[0]) is None:
        return f"no C compiler ({cc})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python headers (Python.h)"
    return None


def ext_modules() -> list[object]:
    if not _BUILDING.intersection(sys.argv):
        return []
    why = can_compile()
    if why is not None:
        print(f"vmastudio: pure-Python engine ({why})", file=sys.stderr)
        return []
    from mypyc.build import mypycify

    paths = [source_of(name) for name in COMPILED]
    return list(mypycify(paths, opt_level="3", group_name=GROUP))


if __name__ == "__main__":  # setuptools runs this file as __main__; build_engine imports it
    setup(ext_modules=ext_modules())
