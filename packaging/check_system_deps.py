"""Exit 0 when everything is present, 1 when something Qt needs is missing, 2 when only
optional test tools are missing.

Used by the Makefile to decide whether packaging/install-system-deps.sh must run. Reads
only the dynamic loader's cache, so it works before any Python package is installed.
"""

import ctypes.util
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig

LIBS = ["GL", "EGL", "glib-2.0", "fontconfig", "xkbcommon", "dbus-1", "xcb-cursor"]


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def main() -> int:
    missing = [name for name in LIBS if ctypes.util.find_library(name) is None]
    if shutil.which("Xvfb") is None:
        missing.append("Xvfb")
    # Programs the tests use to check the app from outside (exports read by non-Qt tools,
    # the desktop entry validated, the bundle built); their tests skip without them.
    optional = [
        p
        for p in ("pdftoppm", "rsvg-convert", "desktop-file-validate", "appstreamcli", "objdump")
        if shutil.which(p) is None
    ]
    # What mypyc needs to build the compiled engine (make build-ext); without them the
    # engine runs as pure Python, complete but several times slower.
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        optional.append("a C compiler")
    if not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")):
        optional.append("the Python headers (Python.h)")
    if importlib.util.find_spec("ensurepip") is None:
        missing.append("python3-venv (ensurepip)")
    if not _has_cjk_font():
        missing.append("a CJK font")
    if missing:
        print("missing: " + ", ".join(missing + optional))
        return 1
    if optional:
        print("optional, missing: " + ", ".join(optional))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
