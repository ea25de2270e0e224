"""The export dialog: live preview, remembered choices, clear failures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from vmastudio.app.export_dialog import ExportDialog
from vmastudio.model.document import Document


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    d.set_position(3, 9)
    return d


def make(qtbot: QtBot, doc: Document, settings: QSettings) -> ExportDialog:
    dialog = ExportDialog(doc, None, settings)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_follows_the_choices(qtbot: QtBot, doc: Document, settings: QSettings) -> None:
    dialog = make(qtbot, doc, settings)
    first = dialog.preview_pixmap()
    assert not first.isNull()
    dialog.part_boxes["legend"].setChecked(False)
    qtbot.waitUntil(lambda: dialog.preview_pixmap().cacheKey() != first.cacheKey(), timeout=3000)
    shorter = dialog.preview_pixmap()
    # No legend under the drawing: as wide, less tall.
    assert shorter.width() == first.width() and shorter.height() < first.height()


def test_export_writes_the_current_step(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    out = tmp_path / "fig.svg"
    dialog.path_edit.setText(str(out))
    assert dialog.export()
    texts = [
        "".join(t.itertext())
        for t in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")
    ]
    assert any("step 10/12" in t for t in texts)


def test_choices_are_remembered(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("png"))
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("print"))
    dialog.part_boxes["code"].setChecked(True)
    dialog.scale_spin.setValue(3.0)
    dialog.path_edit.setText(str(tmp_path / "x.png"))
    assert dialog.export()
    assert Image.open(tmp_path / "x.png").size[0] > 1000
    again = make(qtbot, doc, settings)
    assert again.format() == "png"
    o = again.options()
    assert o.theme == "print" and "code" in o.parts and o.scale == 3.0
    assert again.path_edit.text().startswith(str(tmp_path))
    assert again.path_edit.text().endswith(".png")


def test_an_unwritable_target_is_reported_and_the_dialog_stays(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.path_edit.setText(str(tmp_path / "missing" / "x.svg"))
    assert not dialog.export()
    assert "does not exist" in dialog.message.text()
    dialog.path_edit.setText(str(tmp_path))
    assert not dialog.export()
    assert "is a folder" in dialog.message.text()


@pytest.mark.parametrize("fmt", ["tikz", "gif", "dot"])
def test_every_format_exports_from_the_dialog(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path, fmt: str
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    assert dialog.path_edit.text().endswith({"tikz": ".tex"}.get(fmt, f".{fmt}"))
    out = tmp_path / Path(dialog.path_edit.text()).name
    dialog.path_edit.setText(str(out))
    assert dialog.export(), dialog.message.text()
    assert out.stat().st_size > 0
    if fmt == "gif":
        assert Image.open(out).n_frames == doc.step_count(3)


def test_short_addresses_in_the_figure_leave_the_window_alone(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.part_boxes["vars"].setChecked(True)
    dialog.address_box.setCurrentIndex(dialog.address_box.findData("short"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    out = tmp_path / "s.svg"
    dialog.path_edit.setText(str(out))
    assert dialog.export()
    assert doc.address_style == "kernel"
    text = out.read_text()
    assert "0xffff" not in text and "@0x" in text


def _vma_nodes(path: Path) -> list[ET.Element]:
    return [
        g
        for g in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}g")
        if {"vma", "node"} <= set(g.get("class", "").split())
    ]


def test_detail_region_and_width_are_offered_with_the_preview(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    doc.set_position(7, 0)  # six VMAs in the tree
    dialog = make(qtbot, doc, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    dialog.part_boxes["legend"].setChecked(False)
    everything = tmp_path / "all.svg"
    dialog.path_edit.setText(str(everything))
    assert dialog.export()
    first = dialog.preview_pixmap()
    # An address range: only its VMAs (and their path to the root) in full.
    dialog.crop_box.setCurrentIndex(dialog.crop_box.findData("region"))
    dialog.cut_edit.setText("600000-700000")
    qtbot.waitUntil(lambda: dialog.preview_pixmap().cacheKey() != first.cacheKey(), timeout=3000)
    region = tmp_path / "region.svg"
    dialog.path_edit.setText(str(region))
    assert dialog.export(), dialog.message.text()
    assert len(_vma_nodes(region)) < len(_vma_nodes(everything))
    assert "0x651000" in {g.get("data-start") for g in _vma_nodes(region)}
    # A bad range is reported, nothing is written.
    dialog.cut_edit.setText("zz")
    bad = tmp_path / "bad.svg"
    dialog.path_edit.setText(str(bad))
    assert not dialog.export() and "--region" in dialog.message.text() and not bad.exists()
    # A width on paper.
    dialog.crop_box.setCurrentIndex(dialog.crop_box.findData("all"))
    dialog.width_spin.setValue(90.0)
    narrow = tmp_path / "narrow.svg"
    dialog.path_edit.setText(str(narrow))
    assert dialog.export()
    assert ET.parse(narrow).getroot().get("width") == "90.00mm"
    qtbot.waitUntil(lambda: dialog.size_label.text().startswith("90 × "), timeout=3000)
    assert "7 of 7 VMAs drawn in full" in dialog.size_label.text()  # six and the new one
    again = make(qtbot, doc, settings)
    assert again.options().width_mm == 90.0


def test_the_handout_is_made_from_the_dialog(
    qtbot: QtBot, doc: Document, settings: QSettings, tmp_path: Path
) -> None:
    dialog = make(qtbot, doc, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    assert dialog.handout_box.isEnabled()
    dialog.handout_box.setChecked(True)
    out = tmp_path / "handout.pdf"
    dialog.path_edit.setText(str(out))
    assert dialog.export(), dialog.message.text()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", out.read_bytes()))
    assert pages == doc.step_count(3)


def test_the_dialog_never_writes_over_the_documents_file(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    src = tmp_path / "mine.vmas"
    src.write_text(Path("resources/examples/demo.vmas").read_text(encoding="utf-8"))
    d = Document()
    d.load_file(str(src))
    dialog = make(qtbot, d, settings)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    before = src.read_bytes()
    dialog.path_edit.setText(str(src))
    assert not dialog.export()
    assert "is the input file" in dialog.message.text() and src.read_bytes() == before
