"""Desktop integration files: the .desktop entry, AppStream metainfo, the MIME type for
.vmas, the icon, and packaging/install-desktop.sh. The external validators
(desktop-file-validate, appstreamcli, update-mime-database) are used when installed and
skipped otherwise; packaging/install-system-deps.sh installs desktop-file-utils."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pkgtest_support import APP_ID, DESKTOP, ROOT

MIME_TYPE = "application/x-vmastudio-scenario"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
DESKTOP_FILE = DESKTOP / f"{APP_ID}.desktop"
METAINFO = DESKTOP / f"{APP_ID}.metainfo.xml"
MIME_XML = DESKTOP / "vmastudio-mime.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (packaging/install-system-deps.sh)")
    return found


def test_desktop_entry_launches_vmastudio_on_a_file_and_claims_vmas() -> None:
    entry = _desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "vmastudio %f"  # a double-clicked file arrives as argv[1]
    assert entry["TryExec"] == "vmastudio"
    assert entry["Icon"] == "vmastudio"
    assert entry["Terminal"] == "false"
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert "Education" in entry["Categories"].split(";")
    assert entry["Name"] == "VMA Studio"
    assert entry["Comment[zh_CN]"] and entry["GenericName[zh_CN]"]


def test_desktop_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    tool = _tool("desktop-file-validate")
    done = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_names_the_desktop_entry_and_the_mime_type() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("project_license") == "GPL-2.0-only"
    assert root.findtext("provides/binary") == "vmastudio"
    assert root.findtext("provides/mediatype") == MIME_TYPE
    from vmastudio import __version__

    versions = [r.get("version") for r in root.iter("release")]
    assert __version__ in versions, "add a <release> for the new version to the metainfo"


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = _tool("appstreamcli")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mime_type_globs_vmas_and_matches_the_shipped_scenarios_by_content() -> None:
    root = ET.parse(MIME_XML).getroot()
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.vmas"]
    (match,) = mime.iter(f"{MIME_NS}match")
    needle = match.get("value", "").encode()
    window = int(match.get("offset", "0:0").split(":")[1])
    shipped = sorted((ROOT / "resources").rglob("*.vmas"))
    assert shipped
    for scenario in shipped:  # the magic also recognises a scenario saved without .vmas
        assert needle in scenario.read_bytes()[: window + len(needle)], scenario


def test_mime_database_accepts_the_type(tmp_path: Path) -> None:
    tool = _tool("update-mime-database")
    (tmp_path / "packages").mkdir()
    shutil.copy2(MIME_XML, tmp_path / "packages")
    subprocess.run([tool, str(tmp_path)], check=True, capture_output=True, timeout=60)
    assert f"{MIME_TYPE}:*.vmas" in (tmp_path / "globs2").read_text()
    assert (tmp_path / "application" / "x-vmastudio-scenario.xml").is_file()


def test_icon_svg_renders_and_the_pngs_are_current() -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(ROOT / "resources" / "icons" / "vmastudio.svg")).isValid()
    for size in ICON_SIZES:
        png = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "vmastudio.png"
        image = QImage(str(png))
        assert not image.isNull(), png
        assert (image.width(), image.height()) == (size, size)
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_install_desktop_script_installs_a_valid_entry_and_uninstalls(tmp_path: Path) -> None:
    prefix = tmp_path / "share"
    program = tmp_path / "my apps" / "vmastudio"
    script = ROOT / "packaging" / "install-desktop.sh"
    subprocess.run(
        ["sh", str(script), "--prefix", str(prefix), "--exec", str(program)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    installed = prefix / "applications" / DESKTOP_FILE.name
    entry = _desktop_entry(installed)
    assert entry["Exec"] == f'"{program}" %f'
    assert (prefix / "mime" / "packages" / MIME_XML.name).is_file()
    assert (prefix / "metainfo" / METAINFO.name).is_file()
    assert (prefix / "icons" / "hicolor" / "scalable" / "apps" / "vmastudio.svg").is_file()
    assert (prefix / "icons" / "hicolor" / "48x48" / "apps" / "vmastudio.png").is_file()
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(
            ["desktop-file-validate", str(installed)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout
    if shutil.which("update-mime-database"):
        assert "*.vmas" in (prefix / "mime" / "globs2").read_text()
    if shutil.which("update-desktop-database"):
        # what a file manager reads to find the program for a double-clicked .vmas
        cache = (prefix / "applications" / "mimeinfo.cache").read_text()
        assert f"{MIME_TYPE}={DESKTOP_FILE.name};" in cache
    subprocess.run(
        ["sh", str(script), "--prefix", str(prefix), "--uninstall"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert not installed.exists()
    assert not (prefix / "icons" / "hicolor" / "48x48" / "apps" / "vmastudio.png").exists()
