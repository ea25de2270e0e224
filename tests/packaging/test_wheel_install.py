"""The built wheel, installed into a fresh virtual environment outside the source tree,
runs the command line and finds every resource through importlib.resources.

The environment reuses the project venv's dependencies through one ``.pth`` line instead
of downloading PySide6 (~250 MB) again; ``packaging/dist.py`` explains why that keeps the
source tree and the editable install out of the picture, and the tests below check it.
``VMASTUDIO_DIST_TEST_WITH_DEPS=1`` installs the dependencies for real instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from pkgtest_support import APP_ID, ROOT

import vmastudio

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    env_dir: Path
    python: Path
    program: Path
    wheel: Path
    sdist: Path
    work: Path  # an empty folder outside the source tree, used as the working directory


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(
    tmp_path_factory: pytest.TempPathFactory, dist: ModuleType, built: tuple[Path, Path]
) -> Installed:
    wheel, sdist = built
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    # VMASTUDIO_DIST_TEST_WITH_DEPS=1: install the dependencies too (PyPI or pip's cache)
    # instead of reusing the project venv's, for a fully separate environment.
    with_deps = os.environ.get("VMASTUDIO_DIST_TEST_WITH_DEPS") == "1"
    python = dist.wheel_env(env_dir, wheel, with_deps=with_deps)
    work = tmp_path_factory.mktemp("work")
    assert not work.is_relative_to(ROOT)
    return Installed(env_dir, python, env_dir / "bin" / "vmastudio", wheel, sdist, work)


def _run(cmd: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, cwd=cwd, env=_env(**env), timeout=120
    )


def _source(args: list[str]) -> bytes:
    """The same command run from the source tree (the editable install)."""
    done = subprocess.run(
        [sys.executable, "-m", "vmastudio", *args],
        capture_output=True,
        cwd=ROOT,
        env=_env(),
        timeout=120,
        check=True,
    )
    return done.stdout


def test_sdist_holds_the_resources_and_the_wheel_was_built_from_it(installed: Installed) -> None:
    import tarfile

    with tarfile.open(installed.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for path in (
        "pyproject.toml",
        "README.md",
        "resources/examples/demo.vmas",
        f"resources/desktop/{APP_ID}.desktop",
        "resources/icons/vmastudio.svg",
        "vmastudio/app/cli.py",
    ):
        assert path in names, path


def test_installed_program_prints_version_and_help(installed: Installed) -> None:
    done = _run([installed.program, "--version"], installed.work)
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"vmastudio {vmastudio.__version__}"
    done = _run([installed.program, "--help"], installed.work)
    assert done.returncode == 0
    assert b"replay" in done.stdout and b"export" in done.stdout


def test_installed_program_replays_the_demo_like_the_source_tree(installed: Installed) -> None:
    done = _run([installed.program, "replay", "--demo", "--json", "--trace"], installed.work)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _source(["replay", "--demo", "--json", "--trace"])
    zh = _run([installed.program, "replay", "--demo", "--lang", "zh_CN"], installed.work)
    assert zh.returncode == 0 and "操作".encode() in zh.stdout


def _shipped_example(installed: Installed, name: str = "demo.vmas") -> Path:
    code = (
        "import importlib.resources as r; "
        f"print(r.files('vmastudio._resources') / 'examples' / {name!r})"
    )
    done = _run([installed.python, "-c", code], installed.work)
    path = Path(done.stdout.decode().strip())
    assert path.is_file() and path.is_relative_to(installed.env_dir), path
    return path


def test_installed_program_exports_a_shipped_example(installed: Installed) -> None:
    example = _shipped_example(installed)
    help_text = _run([installed.program, "export", "--help"], installed.work).stdout.decode()
    formats = [f for f in ("graphml", "dot", "svg", "png") if f in help_text]
    assert "graphml" in formats
    for fmt in formats:
        out = installed.work / f"demo.{fmt}"
        done = _run(
            [installed.program, "export", example, "--step", "last", "--format", fmt, "-o", out],
            installed.work,
        )
        assert done.returncode == 0, done.stderr
        reference = installed.work / f"source.{fmt}"
        _source(
            [
                "export",
                str(ROOT / "resources" / "examples" / "demo.vmas"),
                "--step",
                "last",
                "--format",
                fmt,
                "-o",
                str(reference),
            ]
        )
        assert out.read_bytes() == reference.read_bytes(), fmt


CHECK_RESOURCES = r"""
import importlib, importlib.resources, json, pkgutil, sys
import vmastudio
from vmastudio import resources
env, root, expected = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
assert vmastudio.__file__.startswith(env), vmastudio.__file__
import os
# no folder on the path offers another copy of vmastudio (the source tree, an editable map)
others = [p for p in sys.path if p and not p.startswith(env)
          and os.path.exists(os.path.join(p, "vmastudio", "__init__.py"))]
assert root not in sys.path and not others, (root, others)
assert not any("editable" in name for name in sys.modules), "editable finder active"
base = importlib.resources.files("vmastudio._resources")
assert str(base).startswith(env), base
for name in expected:
    node = base
    for part in name.split("/"):
        node = node / part
    assert node.is_file(), name
    node.read_bytes()
assert resources.read_json("texts", "steps.json")
for info in pkgutil.walk_packages(vmastudio.__path__, "vmastudio."):
    if info.name == "vmastudio.__main__":
        continue
    module = importlib.import_module(info.name)
    assert module.__file__.startswith(env), module.__file__
print("ok", len(expected))
"""


def test_installed_package_finds_every_resource_outside_the_source_tree(
    installed: Installed, dist: ModuleType
) -> None:
    import json

    expected = [n.removeprefix("vmastudio/_resources/") for n in dist.resource_files()]
    done = _run(
        [
            installed.python,
            "-c",
            CHECK_RESOURCES,
            str(installed.env_dir),
            str(ROOT),
            json.dumps(expected),
        ],
        installed.work,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["ok", str(len(expected))]


def test_installed_wheel_puts_desktop_files_under_share(installed: Installed) -> None:
    share = installed.env_dir / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / "vmastudio-mime.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "vmastudio.svg").is_file()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "vmastudio.png").is_file()


def test_installed_window_opens_offscreen_and_says_so_without_a_display(
    installed: Installed,
) -> None:
    launcher = ROOT / "packaging" / "pyinstaller" / "launch.py"
    done = _run(
        [installed.python, launcher, "--demo"],
        installed.work,
        VMASTUDIO_EXIT_AFTER_FIRST_PAINT="1",
        HOME=str(installed.work),
        XDG_CONFIG_HOME=str(installed.work / "config"),
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    env = {
        k: v
        for k, v in _env().items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    bare = subprocess.run(
        [str(installed.program)], capture_output=True, cwd=installed.work, env=env, timeout=60
    )
    assert bare.returncode == 2
    assert len(bare.stderr.decode().strip().splitlines()) == 1
