"""Export: every file is opened by a consumer that is not Qt (XML, Pillow, PDF bytes,
poppler and librsvg when installed), and the figure names what the step is about."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from vmastudio.app.cli import main
from vmastudio.app.export import (
    ExportError,
    ExportOptions,
    FigureBuilder,
    parse_range,
    parse_step,
    svg_bytes,
    write_atomic_bytes,
)
from vmastudio.app.tikz import check_balanced, tex_escape, tikz_picture
from vmastudio.model.document import Document

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


def export(*args: str) -> int:
    return main(["export", "--demo", *args])


def slot_found(doc: Document, k: int) -> int:
    """The 1-based step of op k where find_vma_links() found the slot."""
    steps = doc.frames(k).steps
    return next(i for i, s in enumerate(steps, start=1) if s.kind == "slot_found")


def texts_of_svg(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


# -- SVG ----------------------------------------------------------------------------------------
def test_svg_has_a_viewbox_real_units_and_the_vma_ranges_as_text(
    tmp_path: Path, doc: Document
) -> None:
    out = tmp_path / "f.svg"
    step = slot_found(doc, 2)
    assert export("--step", f"2:{step}", "-o", str(out)) == 0
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    assert len(root.get("viewBox", "").split()) == 4
    assert root.get("width", "").endswith("mm") and root.get("height", "").endswith("mm")
    texts = texts_of_svg(out)
    # Both VMAs of the state, as the list boxes write them, and the parent's role tag.
    assert any("400000" in t for t in texts) and any("452000" in t for t in texts)
    assert any("651000" in t for t in texts)
    assert any(t.startswith("rb_parent") for t in texts)
    joined = " ".join(texts)
    assert "[400000,452000)" in joined  # the step sentence names the parent's range


def test_the_same_step_exported_twice_gives_identical_svg(tmp_path: Path) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert export("--step", "4:6", "-o", str(a)) == 0
    assert export("--step", "4:6", "-o", str(b)) == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg not installed")
def test_a_second_renderer_draws_the_svg(tmp_path: Path) -> None:
    out, png = tmp_path / "f.svg", tmp_path / "f.png"
    assert export("--step", "3:10", "--theme", "print", "-o", str(out)) == 0
    subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
    im = Image.open(png).convert("L")
    lo, hi = im.getextrema()
    assert hi - lo > 100  # not blank: black ink on white paper


# -- PDF ----------------------------------------------------------------------------------------
def test_pdf_is_one_fitted_page_with_its_fonts_embedded(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    assert export("--step", "4:5", "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 1
    assert b"/FontFile2" in data or b"/FontFile3" in data


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_chinese_text_is_embedded_in_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "zh.pdf"
    assert export("--step", "3:10", "--lang", "zh_CN", "-o", str(out)) == 0
    table = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert table and all(" yes " in row for row in table)  # every font embedded
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "操作 3" in text and "e03000" in text


def test_a4_paper_has_a4_pages(tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    assert export("--step", "2:3", "--paper", "A4", "-o", str(out)) == 0
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", out.read_bytes())
    assert box is not None
    w, h = sorted(float(x) for x in box.groups())
    assert abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5


def test_a_handout_has_a_page_per_step_and_a_contents_page(tmp_path: Path, doc: Document) -> None:
    out = tmp_path / "h.pdf"
    assert export("--handout", "--toc", "--step", "4", "-o", str(out)) == 0
    assert pdf_pages(out.read_bytes()) == doc.step_count(4) + 1
    every = tmp_path / "all.pdf"
    assert export("--handout", "--all", "-o", str(every)) == 0
    total = sum(doc.step_count(k) for k in range(1, doc.op_count() + 1))
    assert pdf_pages(every.read_bytes()) == total


# -- PNG ----------------------------------------------------------------------------------------
def test_png_size_follows_scale_and_dpi(tmp_path: Path) -> None:
    one, two, dpi = tmp_path / "1.png", tmp_path / "2.png", tmp_path / "d.png"
    assert export("--step", "2:3", "--scale", "1", "-o", str(one)) == 0
    assert export("--step", "2:3", "-o", str(two)) == 0  # default 2x
    assert export("--step", "2:3", "--dpi", "288", "-o", str(dpi)) == 0
    w1, h1 = Image.open(one).size
    w2, h2 = Image.open(two).size
    w3, _ = Image.open(dpi).size
    assert abs(w2 - 2 * w1) <= 1 and abs(h2 - 2 * h1) <= 1
    assert abs(w3 - 3 * w1) <= 1
    assert Image.open(dpi).info["dpi"][0] == pytest.approx(288, abs=0.5)
    assert Image.open(two).info["dpi"][0] == pytest.approx(192, abs=0.5)


def test_transparent_png_has_a_clear_background(tmp_path: Path) -> None:
    clear, solid = tmp_path / "t.png", tmp_path / "s.png"
    assert export("--step", "2:3", "--transparent", "-o", str(clear)) == 0
    assert export("--step", "2:3", "-o", str(solid)) == 0
    a = Image.open(clear).convert("RGBA")
    b = Image.open(solid).convert("RGBA")
    assert a.getpixel((2, 2))[3] == 0 and b.getpixel((2, 2))[3] == 255
    assert a.getextrema()[3] == (0, 255)  # the drawing itself is opaque


def test_the_print_theme_is_greyscale(tmp_path: Path) -> None:
    out = tmp_path / "p.png"
    assert export("--step", "3:10", "--theme", "print", "--scale", "1", "-o", str(out)) == 0
    im = Image.open(out).convert("RGB")
    colours = {c for _, c in im.getcolors(maxcolors=1 << 20) or []}
    assert colours and all(max(c) - min(c) <= 2 for c in colours)


# -- TikZ ---------------------------------------------------------------------------------------
def test_tikz_has_one_node_per_vma_and_restylable_roles(tmp_path: Path, doc: Document) -> None:
    out = tmp_path / "f.tex"
    assert export("--step", "3:10", "-o", str(out)) == 0
    text = out.read_text()
    assert "\\begin{tikzpicture}" in text and "\\end{tikzpicture}" in text
    assert check_balanced(text)
    snap = doc.frames(3).snapshots[9]
    assert len(re.findall(r"\\node\[vma (?:black|red|ghost)", text)) == len(snap.nodes)
    assert "role current/.style" in text and "role grandparent" in text
    for start in snap.nodes:
        assert f"(v{start:x}) at (" in text  # every VMA is a named node authors can refer to


def test_tikz_escapes_text_and_marks_the_link_slot(doc: Document) -> None:
    k = 2
    s = slot_found(doc, k) - 1
    frames = doc.frames(k)
    text = tikz_picture(frames.snapshots[s], frames.steps[s], caption="50% of vm_start & co")
    assert "50\\% of vm\\_start \\& co" in text
    assert "slot, role link_slot" in text
    assert check_balanced(text)
    assert tex_escape("{x}") == "\\{x\\}"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_tikz_compiles_with_pdflatex(tmp_path: Path) -> None:
    fig = tmp_path / "fig.tex"
    assert export("--step", "3:10", "-o", str(fig)) == 0
    (tmp_path / "book.tex").write_text(
        "\\documentclass{article}\\usepackage{tikz}\\usepackage[margin=1cm,landscape]{geometry}"
        "\\begin{document}\\input{fig}\\end{document}\n"
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "book.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF")


# -- animations -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["gif", "apng"])
def test_animation_has_a_frame_per_step(tmp_path: Path, doc: Document, fmt: str) -> None:
    out = tmp_path / f"a.{fmt}"
    assert export("--step", "3:2", "--format", fmt, "--delay", "400", "-o", str(out)) == 0
    im = Image.open(out)
    assert im.n_frames == doc.step_count(3)
    assert im.info.get("duration") == 400


def test_an_animated_range_spans_ops(tmp_path: Path, doc: Document) -> None:
    out = tmp_path / "r.gif"
    assert export("--range", "2:10..3:3", "-o", str(out)) == 0
    assert Image.open(out).n_frames == (doc.step_count(2) - 9) + 3


# -- steps, ranges and errors ---------------------------------------------------------------------
def test_steps_parse_like_the_design_says(doc: Document) -> None:
    n = doc.op_count()
    assert parse_step("0", doc) == (0, None)
    assert parse_step("4", doc) == (4, None)
    assert parse_step("4:2", doc) == (4, 1)
    assert parse_step("last", doc) == (n, None)
    assert len(parse_range("1:1..1:3", doc)) == 3
    with pytest.raises(ExportError, match="comes after"):
        parse_range("2:1..1:3", doc)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--step", "4:99", "-o", "OUT/x.svg"), "op 4 has steps 1..13"),
        (("--step", "99", "-o", "OUT/x.svg"), "outside 0..9"),
        (("--step", "x", "-o", "OUT/x.svg"), "expected 0, K, K:S or last"),
        (("--parts", "tree,wings", "-o", "OUT/x.svg"), "unknown part 'wings'"),
        (("-o", "OUT/nowhere/x.svg"), "does not exist"),
        (("--format", "svg", "-o", "OUT"), "is a folder"),
        (("-o", "OUT/x.bmp"), "no known extension"),
        (("--step", "0", "-o", "OUT/x.gif"), "initial state has no steps"),
        (("--step", "2:3", "-o", "OUT/x.dot"), "state after an op"),
    ],
)
def test_bad_requests_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], fragment: str
) -> None:
    args = tuple(a.replace("OUT", str(tmp_path)) for a in args)
    assert export(*args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and fragment in err[0] and "Traceback" not in err[0]
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_failed_write_names_the_reason_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.svg"
    target.write_text("old")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert export("--step", "2:3", "-o", str(target)) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.svg"]


def test_atomic_writes_keep_the_old_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic_bytes(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o644


def test_export_runs_without_a_screen(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = tmp_path / "f.png"
    done = subprocess.run(
        [sys.executable, "-m", "vmastudio", "export", "--demo", "--step", "2:3", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


# -- the figure's parts ---------------------------------------------------------------------------
def test_parts_choose_what_is_drawn(doc: Document) -> None:
    tree_only = FigureBuilder(doc, ExportOptions(parts=("tree",))).build((3, 9))
    everything = FigureBuilder(
        doc,
        ExportOptions(
            parts=("tree", "list", "map", "pointers", "code", "vars", "legend", "caption")
        ),
    ).build((3, 9))
    names = [b.name for b in everything.blocks]
    assert names == ["caption", "scene", "pointers", "code", "vars", "legend"]
    assert [b.name for b in tree_only.blocks] == ["scene"]
    assert tree_only.size.height() < everything.size.height()
    text = svg_bytes(tree_only).decode()
    assert "mm-&gt;mm_rb" in text and "address map" not in text and "vm_start" not in text


def test_cropping_to_the_active_region_makes_a_smaller_figure(doc: Document) -> None:
    whole = FigureBuilder(doc, ExportOptions(parts=("tree",))).build((3, 5))
    active = FigureBuilder(doc, ExportOptions(parts=("tree",), crop="active")).build((3, 5))
    assert active.size.width() <= whole.size.width()


def test_a_reused_builder_brings_back_the_parts_it_hid(doc: Document) -> None:
    builder = FigureBuilder(doc, ExportOptions(parts=("tree",)))
    tree_only = svg_bytes(builder.build((3, 9))).decode()
    assert "address map" not in tree_only
    builder.set_options(ExportOptions(parts=("tree", "list", "map")))
    again = svg_bytes(builder.build((3, 9))).decode()
    fresh = svg_bytes(
        FigureBuilder(doc, ExportOptions(parts=("tree", "list", "map"))).build((3, 9))
    ).decode()
    assert again == fresh
    with pytest.raises(ValueError):
        builder.set_options(ExportOptions(theme="dark"))


# -- SVG fonts for every system's browsers --------------------------------------------------------
def _font_lists(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # still well-formed XML
    return [e.get("font-family", "") for e in root.iter() if e.get("font-family") is not None]


def _families(value: str) -> list[str]:
    return [f.strip().strip("'\"") for f in value.split(",")]


def test_svg_names_a_font_family_list_for_windows_macos_and_linux(tmp_path: Path) -> None:
    out = tmp_path / "f.svg"
    assert export("--step", "3:10", "-o", str(out)) == 0
    lists = _font_lists(out)
    assert lists and "Sans Serif" not in lists
    sans = [v for v in lists if _families(v)[-1] == "sans-serif"]
    mono = [v for v in lists if _families(v)[-1] == "monospace"]
    assert sans and mono and len(sans) + len(mono) == len(lists)
    for value in sans:
        names = _families(value)
        for face in ("Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"):
            assert face in names  # Latin on Linux, Windows, macOS
        for face in ("PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC"):
            assert face in names  # Simplified Chinese on macOS, Windows, Linux
        assert names.index("Arial") < names.index("PingFang SC")  # Latin first, then CJK
    for value in mono:
        names = _families(value)
        for face in ("DejaVu Sans Mono", "Menlo", "Consolas", "Courier New"):
            assert face in names
    text = out.read_text(encoding="utf-8")
    assert 'font-family="Sans Serif"' not in text and "&quot;" not in text


def test_chinese_svg_keeps_its_text_as_text_with_cjk_fonts_named(tmp_path: Path) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(a)) == 0
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(b)) == 0
    assert a.read_bytes() == b.read_bytes()  # the post-processing is deterministic
    root = ET.parse(a).getroot()
    chinese = [
        t for t in root.iter(f"{SVG}text") if re.search(r"[\u4e00-\u9fff]", "".join(t.itertext()))
    ]
    assert chinese, "the Chinese words must stay <text>, not outlines"
    joined = "".join("".join(t.itertext()) for t in chinese)
    assert "操作" in joined and "图例" in joined
    for t in chinese:
        names = _families(t.get("font-family", ""))
        assert "Noto Sans CJK SC" in names and "Microsoft YaHei" in names, names


def test_the_font_lists_touch_only_tags_and_keep_real_families_first() -> None:
    from vmastudio.app.export import font_family_list, svg_font_lists

    src = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g font-family="Sans Serif">'
        b'<text style="font-family:Inter;font-size:9" font-family="DejaVu Sans Mono">'
        b'font-family="Sans Serif" stays text</text></g></svg>'
    )
    out = svg_font_lists(src)
    root = ET.fromstring(out)
    text = root.find(f"{SVG}g/{SVG}text")
    assert text is not None and text.text == 'font-family="Sans Serif" stays text'
    assert _families(text.get("style", "").split(";")[0].split(":", 1)[1])[:2] == [
        "Inter",
        "Noto Sans",
    ]
    assert _families(text.get("font-family", ""))[0] == "DejaVu Sans Mono"
    assert svg_font_lists(out) == out  # idempotent: a list stays as it is
    assert font_family_list("Noto Sans CJK SC").startswith("'Noto Sans CJK SC', 'Noto Sans'")
    assert _families(font_family_list("Menlo"))[-1] == "monospace"


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg not installed")
def test_a_second_renderer_draws_the_chinese_svg(tmp_path: Path) -> None:
    out, png = tmp_path / "zh.svg", tmp_path / "zh.png"
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(out)) == 0
    subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
    lo, hi = Image.open(png).convert("L").getextrema()
    assert hi - lo > 100
