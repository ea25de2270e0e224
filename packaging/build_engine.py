"""The development build of the compiled engine (``make build-ext``), outside the package.

Compiles setup.py's ``COMPILED`` modules with mypyc into build/engine-ext (never next to
the sources, where an extension would go stale as soon as someone edits its ``.py``) and
writes build/engine-ext/manifest.json: the SHA-256 of each source it was built from and
where each extension is. vmastudio/engine/__init__.py loads these extensions only while
every source still matches; otherwise the engine runs from source.

Without mypyc, a C compiler or the Python headers it writes ``"compiled": false`` and
exits 0: the engine is then pure Python, which is slower but complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "engine-ext"
TEMP = ROOT / "build" / "engine-tmp"
ENGINE = ROOT / "vmastudio" / "engine"


def compiled_list() -> tuple[str, ...]:
    sys.path.insert(0, str(ROOT))
    try:
        import setup  # setup.py's module list; setup() runs only as __main__
    finally:
        sys.path.pop(0)
    return tuple(setup.COMPILED)


def source(name: str) -> Path:
    """``linux612.nodes`` → vmastudio/engine/linux612/nodes.py."""
    return ENGINE.joinpath(*name.split(".")).with_suffix(".py")


def main() -> int:
    t0 = time.perf_counter()
    names = compiled_list()
    digests = {n: hashlib.sha256(source(n).read_bytes()).hexdigest() for n in names}
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    # Size and mtime let the engine skip hashing a source untouched since the build.
    stats = {n: [source(n).stat().st_size, source(n).stat().st_mtime_ns] for n in names}
    manifest: dict[str, object] = {
        "compiled": False,
        "sources": digests,
        "stat": stats,
        "extensions": {},
    }
    env = dict(os.environ)
    env.pop("VMASTUDIO_PURE_BUILD", None)
    done = subprocess.run(
        [
            sys.executable,
            "setup.py",
            "-q",
            "build_ext",
            "--build-lib",
            str(OUT),
            "--build-temp",
            str(TEMP),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    log = OUT / "build.log"
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    suffix = ".cpython-"
    extensions = {
        ".".join(p.relative_to(OUT).parts).split(suffix)[0]: p.relative_to(OUT).as_posix()
        for p in OUT.rglob("*.so")
    }
    expected = {f"vmastudio.engine.{n}" for n in names}
    if done.returncode == 0 and expected <= set(extensions):
        manifest.update(compiled=True, extensions=extensions)
        took = time.perf_counter() - t0
        print(f"build-ext: compiled {len(names)} engine modules in {took:.0f} s")
    else:
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        print("build-ext: the engine stays pure Python (" + " / ".join(tail) + f"); see {log}")
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
