"""The compiled engine and its switch: VMASTUDIO_PURE=1 runs the .py sources, a stale
development build is never used, and both engines give the same answers."""

from __future__ import annotations

import ast
import hashlib
import json
import os
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
    "vmastudio.engine.mm as m;"
    "print(json.dumps({'compiled': e.compiled(), 'timeline': t.__file__, 'mm': m.__file__}))"
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


def dev_build_is_current() -> bool:
    try:
        built = json.loads((DEV_BUILD / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    engine_dir = ROOT / "vmastudio" / "engine"
    return bool(built.get("compiled")) and all(
        hashlib.sha256((engine_dir / f"{n}.py").read_bytes()).hexdigest() == digest
        for n, digest in built.get("sources", {}).items()
    )


def test_the_pure_switch_imports_the_sources() -> None:
    probe = json.loads(run(PROBE, pure=True))
    assert probe["compiled"] is False
    assert probe["timeline"].endswith(os.path.join("engine", "timeline.py"))
    assert probe["mm"].endswith(os.path.join("engine", "mm.py"))


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_without_the_switch_a_current_build_is_the_engine() -> None:
    probe = json.loads(run(PROBE, pure=False))
    assert probe["compiled"] is True
    assert Path(probe["timeline"]).is_relative_to(DEV_BUILD)


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
    digests = {
        n: hashlib.sha256((ROOT / "vmastudio" / "engine" / f"{n}.py").read_bytes()).hexdigest()
        for n in engine.COMPILED
    }
    digests["rbtree"] = "0" * 64  # rbtree.py edited since the build
    checkout = fake_checkout(tmp_path, digests)
    probe = json.loads(run(PROBE, pure=False, pythonpath=checkout))
    assert probe["compiled"] is False, probe
    assert Path(probe["timeline"]) == checkout / "vmastudio" / "engine" / "timeline.py", probe


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_a_matching_build_is_used_and_the_switch_still_wins(tmp_path: Path) -> None:
    digests = {
        n: hashlib.sha256((ROOT / "vmastudio" / "engine" / f"{n}.py").read_bytes()).hexdigest()
        for n in engine.COMPILED
    }
    checkout = fake_checkout(tmp_path, digests)
    assert json.loads(run(PROBE, pure=False, pythonpath=checkout))["compiled"] is True
    assert json.loads(run(PROBE, pure=True, pythonpath=checkout))["compiled"] is False


@pytest.mark.skipif(not dev_build_is_current(), reason="no current development build")
def test_compiled_and_pure_engines_replay_identically() -> None:
    compiled = run(REPLAY, pure=False)
    pure = run(REPLAY, pure=True)
    assert compiled == pure
    assert len(compiled.splitlines()) == 2


def test_setup_compiles_the_modules_the_switch_knows() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets)
    )
    assert tuple(listed) == engine.COMPILED
    for name in engine.COMPILED:
        assert (ROOT / "vmastudio" / "engine" / f"{name}.py").is_file()


def test_no_extension_module_sits_inside_the_source_package() -> None:
    # An extension next to a .py someone edits would go stale silently: the development
    # build lives in build/engine-ext, and wheels are built from a copy.
    found = [p for p in (ROOT / "vmastudio").rglob("*") if p.suffix in (".so", ".pyd")]
    assert found == []
