"""Shared by the packaging tests: paths, and ``packaging/dist.py`` loaded by path.

(The folder ``packaging/`` is not a Python package, and its name would shadow the PyPI
``packaging`` library, so it is never imported as ``packaging.*``.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "desktop"
APP_ID = "org.vmastudio.VMAStudio"


def load_script(name: str) -> ModuleType:
    path = ROOT / "packaging" / f"{name}.py"
    module_name = f"_vmastudio_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
