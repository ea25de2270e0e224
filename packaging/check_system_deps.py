"""Exit 0 when the shared libraries Qt's offscreen platform needs are present, else 1.

Used by the Makefile to decide whether packaging/install-system-deps.sh must run. Reads
only the dynamic loader's cache, so it works before any Python package is installed.
"""

import ctypes.util
import importlib.util
import shutil
import subprocess
import sys

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
    if importlib.util.find_spec("ensurepip") is None:
        missing.append("python3-venv (ensurepip)")
    if not _has_cjk_font():
        missing.append("a CJK font")
    if missing:
        print("missing: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
