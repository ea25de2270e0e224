"""The compiled engine and its switch: VMASTUDIO_PURE=1 runs the .py sources, a stale
development build is never used, and both engines give the same answers."""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import vmastudio.engine as engine

ROOT = Path(__file__).resolve().parents[2]
DEV_BUILD = ROOT / "build" / "engine-ext"

PROBE = (
    "import json, vmastudio.engine as e, vmastudio.engine.timeline as t, "
    "vmastudio.engine.mm as m, vmastudio.engine.linux612.store as s, "
    "vmastudio.engine.linux612.mm as m612, vmastudio.engine.linux612.trace as t612;"
    "print(json.dumps({'compiled': e.compiled(), 'timeline': t.__file__, 'mm': m.__file__,"
    " 'store612': s.__file__, 'mm612': m612.__file__, 'trace612': t612.__file__}))"
)

REPLAY = """
import json
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline
import random
for kernel in ("4.0", "4.19"):
    rng = random.Random(5)
    t = Timeline(Scenario(kernel=kernel, ops=[]))
    live = []
    for _ in range(400):
        if rng.random() < 0.7 or not live:
            s = rng.randrange(0x1000, 0x4000000, 0x1000)
            op = OpSpec("insert", vma=VmaSpec(s, s + rng.randrange(1, 9) * 0x1000))
            if t.append(op).result == 0:
                live.append(s)
        elif rng.random() < 0.5:
            t.append(OpSpec("erase", start=live.pop(rng.randrange(len(live)))))
        else:
            t.append(OpSpec("unmapped_area", length=0x3000, low=0, high=0x4000000,
                            topdown=rng.random() < 0.5))
    steps = [len(t.trace(k)[1]) for k in range(1, len(t) + 1, 7)]
    print(json.dumps({"entries": t.entries(final_tree_only=True), "steps": steps}))
"""

#: The 6.12 engine on a churn of inserts, erases, munmaps over several VMAs and gap
#: searches: every op's store type, prealloc count and the whole maple tree after it,
#: plus the steps of every 9th op traced.
REPLAY612 = """
import json, random
from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.maple import maple_json
from vmastudio.engine.linux612.mm import Mm612, Vma612
rng = random.Random(612)
mm = Mm612()
live = []
out = []
for k in range(1500):
    trace = k % 9 == 0
    r = rng.random()
    if r < 0.65 or not live:
        s = rng.randrange(0x1000, 0x2000000, 0x1000)
        o = mm.insert_vm_struct(Vma612(s, s + rng.randrange(1, 9) * 0x1000, 0), trace)
        if o.result == 0:
            live.append(s)
    elif r < 0.85:
        o = mm.erase(live.pop(rng.randrange(len(live))), trace)
    elif r < 0.9:
        live.sort()
        i = rng.randrange(len(live))
        j = min(len(live), i + rng.randrange(1, 5))
        vmas = [v for v in mm.vmas() if live[i] <= v.start <= live[j - 1]]
        o = mm.munmap(vmas[0].start, vmas[-1].end, trace)
        del live[i:j]
    else:
        o = mm.empty_area(rng.randrange(1, 6) * 0x1000, 0, 0x2000000, rng.random() < 0.5, trace)
    check(mm.maple.tree)
    out.append([o.op, o.result, o.store_type, o.prealloc, len(o.steps)])
out.append(maple_json(mm.maple.tree, lambda v: v.start))
print(json.dumps(out))
"""


def run(code: str, pure: bool, pythonpath: Path | None = None) -> str:
    env = dict(os.environ)
    env.pop("VMASTUDIO_PURE", None)
    if pure:
        env["VMASTUDIO_PURE"] = "1"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    # ``python -c`` puts its working folder first on sys.path: the checkout under test.
    cwd = ROOT if pythonpath is None else pythonpath
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout


def source(name: str) -> Path:
    """The source of the compiled module ``name`` (``linux612.nodes`` is dotted)."""
    return (ROOT / "vmastudio" / "engine").joinpath(*name.split(".")).with_suffix(".py")


def dev_build_is_current() -> bool:
    try:
        built = json.loads((DEV_BUILD / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(built.get("compiled")) and all(
        hashlib.sha256(source(n).read_bytes()).hexdigest() == digest
        for n, digest in built.get("sources", {}).items()
    )


def test_the_pure_switch_imports_the_sources() -> None:
    probe = json.loads(run(PROBE, pure=True))
    assert probe["compiled"] is False
    assert probe["timeline"].endswith(os.path.join("engine", "timeline.py"))
    assert probe["mm"].endswith(os.path.join("engine", "mm.py"))
    assert probe["store612"].endswith(os.path.join("engine", "linux612", "store.py"))
    assert probe["mm612"].endswith(os.path.join("engine", "linux612", "mm.py"))


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_without_the_switch_a_current_build_is_the_engine() -> None:
    probe = json.loads(run(PROBE, pure=False))
    assert probe["compiled"] is True
    assert Path(probe["timeline"]).is_relative_to(DEV_BUILD)
    # the 6.12 write path is compiled too (an extension module, not its .py) ...
    for key in ("store612", "mm612"):
        assert Path(probe[key]).is_relative_to(DEV_BUILD), probe
        assert probe[key].endswith(".so") or probe[key].endswith(".pyd"), probe
    # ... and its trace, which another module subclasses nothing of, stays Python
    assert probe["trace612"].endswith(os.path.join("linux612", "trace.py"))


def fake_checkout(tmp: Path, digest_of: dict[str, str]) -> Path:
    """A copy of the package next to a development build manifest with the given
    source digests, whose extensions are the real build's (if any)."""
    shutil.copytree(
        ROOT / "vmastudio", tmp / "vmastudio", ignore=shutil.ignore_patterns("__pycache__")
    )
    ext = tmp / "build" / "engine-ext"
    ext.mkdir(parents=True)
    extensions = {}
    if (DEV_BUILD / "manifest.json").is_file():
        real = json.loads((DEV_BUILD / "manifest.json").read_text(encoding="utf-8"))
        for module, relative in real.get("extensions", {}).items():
            (ext / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(DEV_BUILD / relative, ext / relative)
            extensions[module] = relative
    manifest = {"compiled": True, "sources": digest_of, "extensions": extensions}
    (ext / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp


def test_a_build_older_than_one_source_is_not_used(tmp_path: Path) -> None:
    digests = {n: hashlib.sha256(source(n).read_bytes()).hexdigest() for n in engine.COMPILED}
    digests["rbtree"] = "0" * 64  # rbtree.py edited since the build
    checkout = fake_checkout(tmp_path, digests)
    probe = json.loads(run(PROBE, pure=False, pythonpath=checkout))
    assert probe["compiled"] is False, probe
    assert Path(probe["timeline"]) == checkout / "vmastudio" / "engine" / "timeline.py", probe


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_a_matching_build_is_used_and_the_switch_still_wins(tmp_path: Path) -> None:
    digests = {n: hashlib.sha256(source(n).read_bytes()).hexdigest() for n in engine.COMPILED}
    checkout = fake_checkout(tmp_path, digests)
    assert json.loads(run(PROBE, pure=False, pythonpath=checkout))["compiled"] is True
    assert json.loads(run(PROBE, pure=True, pythonpath=checkout))["compiled"] is False


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_compiled_and_pure_engines_replay_identically() -> None:
    compiled = run(REPLAY, pure=False)
    pure = run(REPLAY, pure=True)
    assert compiled == pure
    assert len(compiled.splitlines()) == 2


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_compiled_and_pure_612_engines_replay_identically() -> None:
    compiled = run(REPLAY612, pure=False)
    pure = run(REPLAY612, pure=True)
    assert compiled == pure
    ops = json.loads(compiled)
    kinds = {row[2] for row in ops[:-1]}
    # the churn reaches the interesting write paths, not only node stores
    assert {"wr_split_store", "wr_rebalance", "wr_spanning_store", "wr_new_root"} <= kinds
    assert any(row[4] for row in ops[:-1])  # traced ops carried steps


def test_setup_compiles_the_modules_the_switch_knows() -> None:
    """setup.py (run as the build runs it, by path) and the switch name the same modules,
    and each is a source file of the engine."""
    listed = runpy.run_path(str(ROOT / "setup.py"), run_name="setup_probe")["COMPILED"]
    assert tuple(listed) == engine.COMPILED and len(listed) >= 5
    for name in engine.COMPILED:
        assert source(name).is_file()


def test_no_extension_module_sits_inside_the_source_package() -> None:
    # An extension next to a .py someone edits would go stale silently: the development
    # build lives in build/engine-ext, and wheels are built from a copy.
    found = [p for p in (ROOT / "vmastudio").rglob("*") if p.suffix in (".so", ".pyd")]
    assert found == []
