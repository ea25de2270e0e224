"""Build and check VMA Studio's distributions (driven by ``make dist``, ``make
dist-bundle`` and ``make dist-check``).

    python packaging/dist.py build           # dist/*.whl + dist/*.tar.gz, offline
    python packaging/dist.py wheel-env DIR   # a venv at DIR with the built wheel installed
    python packaging/dist.py bundle          # dist/vmastudio/ with PyInstaller
    python packaging/dist.py check           # start the bundle offscreen, compare outputs

Offline by design: the wheel and sdist are built with ``python -m build --no-isolation``
from the project's virtual environment (which has setuptools and wheel from the ``dev``
extra), and the throw-away environments reuse that venv's packages instead of downloading
PySide6 (~250 MB) again.

How a throw-away environment reuses the project's packages: ``python -m venv
--without-pip DIR`` plus one ``.pth`` file in DIR's site-packages that names the project
venv's site-packages, then ``pip install --no-deps --no-index`` of the built wheel. A
``.pth`` line that is a plain path is appended to ``sys.path`` *after* DIR's own
site-packages, and ``.pth`` files inside that appended folder are *not* executed, so the
project's editable install (a ``.pth`` that maps ``vmastudio`` onto the source tree) stays
inactive: ``import vmastudio`` finds the installed wheel. ``--system-site-packages`` would
not do: it exposes the base interpreter's packages, not the project venv's. With
``--with-deps`` the dependencies are installed for real (needs the network or a pip cache).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
BUILD = ROOT / "build"
# Where `check` and benchmarks/bundle_bench.py look for a built bundle (tests point it
# elsewhere); `bundle` always builds dist/vmastudio/.
BUNDLE = Path(os.environ.get("VMASTUDIO_BUNDLE_DIR") or DIST / "vmastudio")
DESKTOP = ROOT / "resources" / "desktop"
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.vmastudio.VMAStudio"
# Outputs that must be identical between the installed wheel and the bundle, when the
# command line offers the format (svg/png export is arriving separately).
COMPARED_FORMATS = ("graphml", "dot", "svg", "png")
EXAMPLE = "demo.vmas"


def log(msg: str) -> None:
    print(f"dist: {msg}", flush=True)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, text=True, check=True, **kw)  # type: ignore[call-overload,no-any-return]


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} GiB"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------- wheel and sdist
def find_wheel(dist: Path = DIST) -> Path:
    wheels = sorted(dist.glob("vmastudio-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        raise SystemExit(f"dist: no wheel in {dist}; run 'make dist' first")
    return wheels[-1]


def resource_files() -> list[str]:
    """Every file under resources/, as its path inside the wheel."""
    src = ROOT / "resources"
    return sorted(
        "vmastudio/_resources/" + p.relative_to(src).as_posix()
        for p in src.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def check_wheel(wheel: Path) -> None:
    """Fail when a resource file or a desktop file is missing from the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = [n for n in resource_files() if n not in names]
    data = f"vmastudio-{wheel.name.split('-')[1]}.data/data/share/"
    for want in (
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        "mime/packages/vmastudio-mime.xml",
        "icons/hicolor/scalable/apps/vmastudio.svg",
    ):
        if data + want not in names:
            missing.append(data + want)
    if missing:
        raise SystemExit("dist: missing from the wheel: " + ", ".join(missing))


def build(outdir: Path = DIST) -> tuple[Path, Path]:
    """Build sdist, then the wheel from that sdist (so the sdist is proven complete)."""
    outdir.mkdir(parents=True, exist_ok=True)
    for old in [*outdir.glob("vmastudio-*.whl"), *outdir.glob("vmastudio-*.tar.gz")]:
        old.unlink()
    env = dict(
        os.environ,
        PIP_NO_INDEX="1",
        SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764000000"),
    )
    BUILD.mkdir(parents=True, exist_ok=True)
    build_log = BUILD / "dist-build.log"
    with build_log.open("w", encoding="utf-8") as fh:
        done = subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
            env=env,
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
            text=True,
        )
    if done.returncode != 0:
        sys.stderr.write(build_log.read_text(encoding="utf-8")[-6000:])
        raise SystemExit(f"dist: python -m build failed (full log: {build_log})")
    wheel = find_wheel(outdir)
    sdist = next(outdir.glob("vmastudio-*.tar.gz"))
    check_wheel(wheel)
    log(f"{shown(wheel)}: {human(wheel.stat().st_size)}")
    log(f"{shown(sdist)}: {human(sdist.stat().st_size)}")
    return wheel, sdist


# ---------------------------------------------------------------- throw-away environments
def project_site_dirs() -> list[str]:
    """The running (project) environment's site-packages folders."""
    paths = sysconfig.get_paths()
    out: list[str] = []
    for key in ("purelib", "platlib"):
        if paths[key] not in out:
            out.append(paths[key])
    return out


def env_python(env_dir: Path) -> Path:
    return env_dir / "bin" / "python"


def wheel_env(env_dir: Path, wheel: Path, with_deps: bool = False) -> Path:
    """A fresh venv at ``env_dir`` with ``wheel`` installed; returns its python."""
    if env_dir.exists():
        shutil.rmtree(env_dir)
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", "--without-pip", str(env_dir)])
    py = env_python(env_dir)
    site = run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
    ).stdout.strip()
    pip_base = [
        str(py),
        "-m",
        "pip",
        "--disable-pip-version-check",
        "--no-input",
        "-q",
        "install",
        "--no-warn-script-location",
    ]
    if with_deps:
        # The project venv's pip installs into the new venv (`pip --python`), which sees
        # none of the project's packages: PySide6 and the rest come from PyPI or pip's cache.
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "--python",
                str(py),
                "--disable-pip-version-check",
                "--no-input",
                "-q",
                "install",
                "--no-warn-script-location",
                str(wheel),
            ]
        )
        return py
    Path(site, "_vmastudio_reuse_project_venv.pth").write_text(
        "# dependencies (PySide6, networkx, ...) reused from the project venv, see "
        "packaging/dist.py\n" + "\n".join(project_site_dirs()) + "\n",
        encoding="utf-8",
    )
    run([*pip_base, "--no-deps", "--no-index", str(wheel)])
    return py


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for running an installed program: no source tree on any path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


# ---------------------------------------------------------------- the bundle
def bundle(
    wheel: Path | None = None,
    dist_dir: Path = DIST,
    work: Path = BUILD / "bundle",
    archive: bool = True,
) -> Path:
    """PyInstaller folder ``dist_dir/vmastudio`` from ``wheel`` (and a .tar.gz of it)."""
    wheel = wheel or find_wheel()
    missing = [tool for tool in ("ldd", "objdump") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"dist: PyInstaller needs {' and '.join(missing)} (Debian: binutils, "
            "libc-bin); run packaging/install-system-deps.sh as root"
        )
    work.mkdir(parents=True, exist_ok=True)
    log(f"installing {wheel.name} into {work / 'env'} (dependencies reused from the venv)")
    py = wheel_env(work / "env", wheel)
    target = dist_dir / "vmastudio"
    if target.exists():
        shutil.rmtree(target)
    log("running PyInstaller (20-60 s on two cores)")
    t0 = time.perf_counter()
    run(
        [
            str(py),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist_dir),
            "--workpath",
            str(work / "pyinstaller"),
            str(ROOT / "packaging" / "pyinstaller" / "vmastudio.spec"),
        ],
        cwd=work,
        env=clean_env(),
    )
    add_desktop_files(target)
    log(
        f"{shown(target)}: {human(folder_size(target))} "
        f"in {sum(1 for p in target.rglob('*') if p.is_file())} files, "
        f"built in {time.perf_counter() - t0:.0f} s"
    )
    if archive:
        name = f"vmastudio-{wheel.name.split('-')[1]}-linux-{os.uname().machine}.tar.gz"
        run(["tar", "-C", str(dist_dir), "-czf", str(dist_dir / name), "vmastudio"])
        log(
            f"{shown(dist_dir / name)}: {human((dist_dir / name).stat().st_size)} "
            "(the folder, to carry to a lab machine)"
        )
    return target


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def add_desktop_files(target: Path) -> None:
    """share/ (desktop entry, metainfo, MIME type, icons) and install-desktop.sh."""
    share = target / "share"
    for sub, src in (
        ("applications", DESKTOP / f"{APP_ID}.desktop"),
        ("metainfo", DESKTOP / f"{APP_ID}.metainfo.xml"),
        ("mime/packages", DESKTOP / "vmastudio-mime.xml"),
        ("icons/hicolor/scalable/apps", ICONS / "vmastudio.svg"),
    ):
        (share / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, share / sub / src.name)
    shutil.copytree(ICONS / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True)
    script = target / "install-desktop.sh"
    shutil.copy2(ROOT / "packaging" / "install-desktop.sh", script)
    script.chmod(0o755)


# ---------------------------------------------------------------- dist-check
def offered_formats(cmd: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    out = subprocess.run(
        [*cmd, "export", "--help"], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )
    return [f for f in COMPARED_FORMATS if f in out.stdout]


def outputs(cmd: list[str], example: Path, env: dict[str, str], work: Path) -> dict[str, bytes]:
    """What the program prints and writes for the demo, by name."""
    work.mkdir(parents=True, exist_ok=True)
    got: dict[str, bytes] = {}
    for name, args in (
        ("version", ["--version"]),
        ("help", ["--help"]),
        ("replay.json", ["replay", "--demo", "--json", "--trace"]),
        ("replay-zh.txt", ["replay", str(example), "--lang", "zh_CN"]),
    ):
        done = subprocess.run([*cmd, *args], capture_output=True, env=env, cwd=work, timeout=120)
        if done.returncode != 0:
            raise SystemExit(
                f"dist: {' '.join(cmd + args)} exited {done.returncode}: "
                f"{done.stderr.decode(errors='replace').strip()}"
            )
        got[name] = done.stdout
    for fmt in offered_formats(cmd, env, work):
        out = work / f"demo.{fmt}"
        done = subprocess.run(
            [*cmd, "export", str(example), "--step", "last", "--format", fmt, "-o", str(out)],
            capture_output=True,
            env=env,
            cwd=work,
            timeout=120,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"dist: export --format {fmt} exited {done.returncode}: "
                f"{done.stderr.decode(errors='replace').strip()}"
            )
        got[f"export.{fmt}"] = out.read_bytes()
    return got


def gui_smoke(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """Start the window on the demo offscreen; seconds until its first paint."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [*cmd, "--demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env, VMASTUDIO_EXIT_AFTER_FIRST_PAINT="1"),
        cwd=cwd,
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(
            f"dist: the window did not start ({' '.join(cmd)} --demo exited "
            f"{done.returncode}): {done.stderr.strip()[-2000:]}"
        )
    return seconds


def check(bundle_dir: Path = BUNDLE, wheel: Path | None = None) -> int:
    """Run the bundle (moved elsewhere) and the installed wheel; fail on any difference."""
    if not (bundle_dir / "vmastudio").exists():
        raise SystemExit(f"dist: no bundle at {bundle_dir}; run 'make dist-bundle' first")
    wheel = wheel or find_wheel()
    with tempfile.TemporaryDirectory(prefix="vmastudio-distcheck-") as tmp:
        tmpdir = Path(tmp)
        env = clean_env(
            HOME=str(tmpdir / "home"),
            XDG_CONFIG_HOME=str(tmpdir / "config"),
            XDG_CACHE_HOME=str(tmpdir / "cache"),
            PATH="/usr/local/bin:/usr/bin:/bin",
        )
        wheel_env(tmpdir / "env", wheel)
        installed = [str(tmpdir / "env" / "bin" / "vmastudio")]
        # A copy of the folder elsewhere: the bundle must not depend on where it was built.
        moved = tmpdir / "carried" / "VMA Studio"
        shutil.copytree(bundle_dir, moved, symlinks=True)
        bundled = [str(moved / "vmastudio")]
        example = tmpdir / EXAMPLE
        shutil.copy2(ROOT / "resources" / "examples" / EXAMPLE, example)
        log("running the installed wheel and the bundle on the demo")
        a = outputs(installed, example, env, tmpdir / "installed")
        b = outputs(bundled, example, env, tmpdir / "bundle")
        differ = [k for k in a if a[k] != b.get(k)]
        for k in a:
            digest = hashlib.sha256(a[k]).hexdigest()[:12]
            log(
                f"  {k:<16} {len(a[k]):>8} bytes  sha256 {digest}  "
                f"{'DIFFERS' if k in differ else 'identical'}"
            )
        if differ or set(a) != set(b):
            raise SystemExit(f"dist: bundle and installed wheel differ: {differ}")
        seconds = gui_smoke(bundled, env, tmpdir)
        log(f"bundle window painted offscreen after {seconds:.2f} s")
        if shutil.which("xvfb-run"):
            # The X11 (xcb) platform plugin and its libraries, on a virtual screen.
            x_env = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
            seconds = gui_smoke(["xvfb-run", "-a", *bundled], x_env, tmpdir)
            log(f"bundle window painted on Xvfb (xcb) after {seconds:.2f} s")
        else:
            log("xvfb-run not installed: the xcb platform was not tried")
    log(f"dist-check passed ({human(folder_size(bundle_dir))} bundle)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="VMA Studio distributions")
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("build", help="wheel + sdist into dist/")
    w = sub.add_parser("wheel-env", help="a venv with the built wheel installed")
    w.add_argument("dir", type=Path)
    w.add_argument(
        "--with-deps",
        action="store_true",
        help="install the dependencies too instead of reusing the project venv's",
    )
    sub.add_parser("bundle", help="the PyInstaller folder dist/vmastudio/")
    sub.add_parser("check", help="start the bundle offscreen and compare its outputs")
    args = parser.parse_args(argv)
    if args.what == "build":
        build()
    elif args.what == "wheel-env":
        py = wheel_env(args.dir, find_wheel(), with_deps=args.with_deps)
        print(json.dumps({"python": str(py), "vmastudio": str(args.dir / "bin" / "vmastudio")}))
    elif args.what == "bundle":
        bundle()
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
