"""The engine modules mypyc compiles: the one list setup.py, ``make build-ext`` and the
switch in ``vmastudio/engine/__init__.py`` read.

Data only, importing nothing: setup.py reads this file by path before the package can
be imported. Names are below ``vmastudio.engine`` (``linux612.nodes`` is
``vmastudio.engine.linux612.nodes``).

Chosen by measurement (benchmarks/engine_load.py and maple_load.py): the tree, the ops,
the timeline's history and the trace of 4.x. scenario.py, check.py and maps.py subclass
builtin exceptions, which mypyc does not compile, and gain little. Of the 6.12 engine the
write path, the searches and the mm ops are compiled; its trace, check and replay run only
when a step is shown or a test checks, and stay Python.
"""

from __future__ import annotations

COMPILED: tuple[str, ...] = (
    "vma",
    "rbtree",
    "mm",
    "timeline",
    "trace",
    "linux612.nodes",
    "linux612.rebuild",
    "linux612.store",
    "linux612.search",
    "linux612.maple",
    "linux612.mm",
)
#: The name of the shared library the compiled modules live in (one C module, so calls
#: between them are direct C calls): ``vmastudio_engine__mypyc``.
GROUP = "vmastudio_engine"
