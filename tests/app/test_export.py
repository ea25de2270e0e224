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
from vmastudio.app.export.tikz import check_balanced, tex_escape, tikz_text
from vmastudio.model.document import Document

SVG = "{http://www.w3.org/2000/svg}"
INKSCAPE = "{http://www.inkscape.org/namespaces/inkscape}"


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


def export(*args: str) -> int:
    return main(["export", "--demo", *args])


def step_of(doc: Document, k: int, kind: str) -> int:
    """The 1-based step of op k of the given kind."""
    steps = doc.frames(k).steps
    return next(i for i, s in enumerate(steps, start=1) if s.kind == kind)


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
    step = step_of(doc, 2, "slot_found")
    assert export("--step", f"2:{step}", "-o", str(out)) == 0
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    assert len(root.get("viewBox", "").split()) == 4
    assert root.get("width", "").endswith("mm") and root.get("height", "").endswith("mm")
    texts = texts_of_svg(out)
    # Both VMAs of the state, as the list boxes write them, and the parent's role tag.
    assert "400000" in texts and "452000" in texts and "651000" in texts
    # The legend names the parent as find_vma_links() does at its slot_found step.
    assert any(t.startswith("__rb_parent") for t in texts)
    joined = " ".join(texts)
    assert "[400000,452000)" in joined  # the step sentence names the parent's range


def _classes(g: ET.Element) -> set[str]:
    return set(g.get("class", "").split())


def test_the_rotation_step_svg_is_semantic_per_design(tmp_path: Path, doc: Document) -> None:
    """DESIGN §4 "SVG structure", read with an XML parser (and drawn by librsvg)."""
    k = 3
    rotation = step_of(doc, k, "rotate_left")
    out = tmp_path / "rotation.svg"
    assert (
        export("--step", f"{k}:{rotation}", "--parts", "tree,list,map,legend", "-o", str(out)) == 0
    )
    root = ET.parse(out).getroot()
    vb = [float(v) for v in root.get("viewBox", "").split()]
    width_mm = float(root.get("width", "").removesuffix("mm"))
    assert vb[0] == vb[1] == 0 and width_mm == pytest.approx(vb[2] * 25.4 / 96, rel=0.01)
    # One <style>, fonts named once each.
    styles = list(root.iter(f"{SVG}style"))
    assert len(styles) == 1
    css = styles[0].text or ""
    assert css.count("DejaVu Sans Mono") == 1 and css.count("'Noto Sans'") == 1
    assert "font-family" not in "".join(
        f"{k}={v}" for e in root.iter() for k, v in e.attrib.items()
    )
    # A top-level Inkscape layer per part, in the order asked for.
    layers = [g for g in root if g.tag == f"{SVG}g"]
    assert [g.get("id") for g in layers] == ["part-map", "part-list", "part-tree", "part-legend"]
    for g in layers:
        assert g.get(f"{INKSCAPE}groupmode") == "layer" and g.get(f"{INKSCAPE}label")
    tree = layers[2]
    snap = doc.frames(k).snapshots[rotation - 1]
    step = doc.frames(k).steps[rotation - 1]
    nodes = [g for g in tree.iter(f"{SVG}g") if "vma" in _classes(g)]
    # One group per VMA of the state, each with its range, colour and membership.
    assert sorted(int(g.get("data-start", ""), 16) for g in nodes) == sorted(
        n.start for n in snap.nodes.values()
    )
    by_start = {n.start: (key, n) for key, n in snap.nodes.items()}
    for g in nodes:
        key, node = by_start[int(g.get("data-start", ""), 16)]
        assert int(g.get("data-end", ""), 16) == node.end
        cls = _classes(g)
        assert {"vma", "node", "red" if node.color == "R" else "black"} <= cls
        assert ("root" in cls) == (snap.root == key)
        assert ("detached" in cls) == (not snap.in_tree(key))
        roles = {r for r, v in step.roles.items() if v == key}
        assert {c for c in cls if c.startswith("role-")} == {
            "role-" + r.replace("_", "-") for r in roles
        }
    assert any(c.startswith("role-") for g in nodes for c in _classes(g))
    # Tree edges name their ends, exactly the snapshot's parent links.
    edges = {
        (int(p.get("data-from", ""), 16), int(p.get("data-to", ""), 16))
        for p in tree.iter(f"{SVG}path")
        if "edge" in _classes(p)
    }
    expected = {
        (n.start, snap.nodes[c].start)
        for k2, n in snap.nodes.items()
        if snap.in_tree(k2)
        for c in (n.left, n.right)
        if c is not None
    }
    assert edges == expected
    # The list: one box per listed VMA, next and prev links.
    listed = [g for g in layers[1].iter(f"{SVG}g") if {"vma", "box"} <= _classes(g)]
    assert len(listed) == sum(1 for key in snap.nodes if snap.in_list(key))
    links = [_classes(p) for p in layers[1].iter(f"{SVG}path")]
    assert {"link", "next"} in links and {"link", "prev"} in links
    if shutil.which("rsvg-convert"):
        png = tmp_path / "rotation.png"
        subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
        lo, hi = Image.open(png).convert("L").getextrema()
        assert hi - lo > 100


def test_the_link_slot_names_its_parent_and_side(tmp_path: Path, doc: Document) -> None:
    step = step_of(doc, 2, "slot_found")
    out = tmp_path / "slot.svg"
    assert export("--step", f"2:{step}", "-o", str(out)) == 0
    slots = [g for g in ET.parse(out).getroot().iter(f"{SVG}g") if "slot" in _classes(g)]
    assert len(slots) == 1
    assert _classes(slots[0]) == {"slot", "role-link-slot"}
    assert slots[0].get("data-parent") == "0x400000" and slots[0].get("data-side") == "right"
    first = tmp_path / "root.svg"
    assert export("--step", f"1:{step_of(doc, 1, 'slot_found')}", "-o", str(first)) == 0
    root_slot = next(g for g in ET.parse(first).getroot().iter(f"{SVG}g") if "slot" in _classes(g))
    assert root_slot.get("data-parent") == "root" and root_slot.get("data-side") == "root"


def test_a_refused_insert_draws_its_trial_apart_from_the_linked_vma(
    tmp_path: Path, doc: Document
) -> None:
    k = next(i for i in range(1, doc.op_count() + 1) if doc.frames(i).result.result != 0)
    out = tmp_path / "trial.svg"
    assert export("--step", f"{k}:{doc.step_count(k)}", "-o", str(out)) == 0
    groups = list(ET.parse(out).getroot().iter(f"{SVG}g"))
    trial = [g for g in groups if g.get("data-trial") == "1"]
    assert trial and all({"vma", "trial", "role-new"} <= _classes(g) for g in trial)
    assert any("overlap" in _classes(r) for r in ET.parse(out).getroot().iter(f"{SVG}rect"))
    linked = [g for g in groups if "vma" in _classes(g) and g.get("data-trial") is None]
    assert all("role-new" not in _classes(g) for g in linked)


def test_the_same_step_exported_twice_gives_identical_svg(tmp_path: Path) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert export("--step", "4:6", "-o", str(a)) == 0
    assert export("--step", "4:6", "-o", str(b)) == 0
    assert a.read_bytes() == b.read_bytes()


def test_control_characters_never_reach_the_svg(tmp_path: Path) -> None:
    src = tmp_path / "ctl.vmas"
    src.write_text(
        '{"format": "vmastudio-scenario", "version": 1, "title": "t\\u0001i\\u000bt\\u000cle",'
        ' "ops": [{"op": "insert", "start": "0x400000", "end": "0x401000",'
        ' "name": "a\\u0000b", "caption": "c\\u0002d\\ufffe"}]}',
        encoding="utf-8",
    )
    out = tmp_path / "ctl.svg"
    assert main(["export", str(src), "--step", "1", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()  # well-formed XML 1.0
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "t\ufffdi\ufffdt\ufffdle"
    assert "c\ufffdd\ufffd" in " ".join(texts_of_svg(out))
    assert "a\ufffdb" in texts_of_svg(out)  # the VMA's name in its list box


# -- sizes ----------------------------------------------------------------------------------------
def _maps(path: Path, n: int, high: bool = True) -> Path:
    """A maps text of ``n`` VMAs: libraries and anonymous runs at realistic addresses."""
    lines = []
    addr = 0x55D4A3C00000 if high else 0x400000
    for i in range(n):
        size = (1 + i % 5) * 0x1000
        tail = f"fd:01 {1000 + i} /usr/lib/libx{i % 7}.so" if i % 3 else "00:00 0"
        lines.append(f"{addr:x}-{addr + size:x} r--p 00000000 {tail}")
        addr += size + (i % 4) * 0x1000
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _svg_size(path: Path) -> tuple[float, float, float]:
    root = ET.parse(path).getroot()
    vb = [float(v) for v in root.get("viewBox", "").split()]
    w = float(root.get("width", "").removesuffix("mm"))
    h = float(root.get("height", "").removesuffix("mm"))
    return w, h, w / (vb[2] * 25.4 / 96)  # the scale: paper size per unit at 1:1


@pytest.mark.parametrize("high", [True, False], ids=["12-digit", "6-to-8-digit"])
def test_a_12_vma_figure_fits_an_a4_text_block_at_8_pt(tmp_path: Path, high: bool) -> None:
    src = _maps(tmp_path / "twelve.maps", 12, high=high)
    if not high:  # addresses of 6, 7 and 8 hex digits
        starts = [0x400000 + i * 0x10000 for i in range(4)]
        starts += [0x1400000 + i * 0x10000 for i in range(4)]
        starts += [0x1E900000 + i * 0x10000 for i in range(4)]
        src.write_text("".join(f"{a:x}-{a + 0x2000:x} r--p 00000000 00:00 0\n" for a in starts))
    out = tmp_path / "twelve.svg"
    assert main(["export", str(src), "-o", str(out)]) == 0
    w, _, scale = _svg_size(out)
    assert w <= 170.0
    css = ET.parse(out).getroot().find(f"{SVG}style")
    assert css is not None and css.text is not None
    sizes = [float(v) for v in re.findall(r"font-size:([\d.]+)px", css.text)]
    body = float(re.search(r"\.t-body\{[^}]*font-size:([\d.]+)px", css.text).group(1))  # type: ignore[union-attr]
    # 8-9 pt body text on paper, nothing under 6 pt.
    assert 8.0 <= body * 0.75 * scale <= 9.0
    assert min(sizes) * 0.75 * scale >= 6.0
    groups = [g for g in ET.parse(out).getroot().iter(f"{SVG}g") if {"vma", "node"} <= _classes(g)]
    assert len(groups) == 12  # every VMA in full


def test_width_scales_the_figure_to_a_column(tmp_path: Path) -> None:
    out, png = tmp_path / "col.svg", tmp_path / "col.png"
    assert export("--step", "4:6", "--width", "120mm", "-o", str(out)) == 0
    w, h, scale = _svg_size(out)
    assert w == pytest.approx(120.0, abs=0.01)
    natural = tmp_path / "nat.svg"
    assert export("--step", "4:6", "-o", str(natural)) == 0
    nw, nh, _ = _svg_size(natural)
    assert h / w == pytest.approx(nh / nw, rel=0.01)  # scaled, not re-laid out
    assert export("--step", "4:6", "--height", "60mm", "-o", str(out)) == 0
    assert _svg_size(out)[1] == pytest.approx(60.0, abs=0.01) or scale < 0.75
    # A PNG at 192 dpi of a 120 mm figure is 120 mm wide in pixels.
    assert export("--step", "4:6", "--width", "120mm", "--dpi", "192", "-o", str(png)) == 0
    assert Image.open(png).size[0] == pytest.approx(120 / 25.4 * 192, abs=3)


def test_a_large_space_switches_to_level_of_detail(tmp_path: Path) -> None:
    src = _maps(tmp_path / "big.maps", 3000, high=False)
    out = tmp_path / "big.svg"
    assert main(["export", str(src), "-o", str(out)]) == 0
    w, _, _ = _svg_size(out)
    assert w <= 420.0  # never wider than A3 by default
    root = ET.parse(out).getroot()
    groups = list(root.iter(f"{SVG}g"))
    nodes = [g for g in groups if {"vma", "node"} <= _classes(g)]
    aggregates = [g for g in groups if "agg" in _classes(g) and g.get("data-count")]
    assert 7 <= len(nodes) < 100 and aggregates
    # The aggregates and the nodes in full account for every VMA, once.
    assert len(nodes) + sum(int(g.get("data-count", "0")) for g in aggregates) == 3000
    assert all(int(g.get("data-height", "0")) >= 1 for g in aggregates)
    assert any("band" in _classes(g) for g in groups)  # the list as a band
    assert any(re.fullmatch(r"d\d", r.get("class", "")) for r in root.iter(f"{SVG}rect"))
    # --full: every node.
    full = tmp_path / "full.svg"
    assert main(["export", str(src), "--full", "-o", str(full)]) == 0
    every = [g for g in ET.parse(full).getroot().iter(f"{SVG}g") if {"vma", "node"} <= _classes(g)]
    assert len(every) == 3000
    assert full.stat().st_size <= 700 * 3000


def test_a_narrow_width_draws_fewer_nodes_rather_than_tiny_text(tmp_path: Path) -> None:
    src = _maps(tmp_path / "mid.maps", 25)
    wide, narrow = tmp_path / "wide.svg", tmp_path / "narrow.svg"
    assert main(["export", str(src), "-o", str(wide)]) == 0
    assert main(["export", str(src), "--width", "80mm", "-o", str(narrow)]) == 0

    def count(path: Path) -> int:
        return sum(
            1 for g in ET.parse(path).getroot().iter(f"{SVG}g") if {"vma", "node"} <= _classes(g)
        )

    assert count(wide) == 25 and count(narrow) < 25
    _, _, scale = _svg_size(narrow)
    assert 8.0 * scale >= 6.0 - 1e-6  # labels (8 pt at 1:1) stay legible


def test_region_and_around_cut_out_vmas_with_their_path_to_the_root(tmp_path: Path) -> None:
    src = _maps(tmp_path / "cut.maps", 300, high=False)
    addrs = [
        tuple(int(a, 16) for a in line.split()[0].split("-"))
        for line in src.read_text().splitlines()
    ]
    lo, hi = addrs[150][0], addrs[154][1]
    out = tmp_path / "region.svg"
    assert main(["export", str(src), "--region", f"{lo:x}-{hi:x}", "-o", str(out)]) == 0
    tree = next(g for g in ET.parse(out).getroot() if g.get("id") == "part-tree")
    starts = {
        int(g.get("data-start", ""), 16)
        for g in tree.iter(f"{SVG}g")
        if {"vma", "node"} <= _classes(g)
    }
    inside = {s for s, e in addrs if s < hi and e > lo}
    assert inside <= starts and len(starts) < 40
    # Every node drawn has its parent drawn (a path to the root), and one is the root.
    edges = {
        int(p.get("data-to", ""), 16) for p in tree.iter(f"{SVG}path") if "edge" in _classes(p)
    }
    roots = [g for g in tree.iter(f"{SVG}g") if "root" in _classes(g)]
    assert len(roots) == 1
    assert starts - edges == {int(roots[0].get("data-start", ""), 16)}
    near = tmp_path / "around.svg"
    center = addrs[100][0]
    assert main(["export", str(src), "--around", hex(center), "--depth", "1", "-o", str(near)]) == 0
    drawn = {
        int(g.get("data-start", ""), 16)
        for g in ET.parse(near).getroot().iter(f"{SVG}g")
        if {"vma", "node"} <= _classes(g)
    }
    assert center in drawn and len(drawn) < 30


def test_an_image_too_large_to_allocate_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "huge.png"
    assert export("--step", "4:6", "--scale", "64", "-o", str(out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert re.search(r"\d[\d,]* × \d[\d,]* px", err[0]) and "--scale" in err[0]
    assert list(tmp_path.iterdir()) == []
    # The scale it names does fit.
    suggested = re.search(r"--scale ([\d.]+)", err[0])
    assert suggested is not None
    assert export("--step", "4:6", "--scale", suggested.group(1), "-o", str(out)) == 0


def test_qt_painter_warnings_never_reach_the_terminal(tmp_path: Path) -> None:
    out = tmp_path / "big.png"
    src = _maps(tmp_path / "big.maps", 2500)
    done = subprocess.run(
        [sys.executable, "-m", "vmastudio", "export", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert Image.open(out).size[0] > 500


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg not installed")
def test_a_second_renderer_draws_the_svg(tmp_path: Path) -> None:
    out, png = tmp_path / "f.svg", tmp_path / "f.png"
    assert export("--step", "3:10", "--theme", "print", "-o", str(out)) == 0
    subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
    im = Image.open(png).convert("L")
    lo, hi = im.getextrema()
    assert hi - lo > 100  # not blank: black ink on white paper


# -- the input is never the output; leftovers and modes --------------------------------------------
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "tikz", "dot", "graphml", "gif"])
def test_an_output_that_is_the_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    src = tmp_path / "same.vmas"
    shutil.copy(Path("resources/examples/demo.vmas"), src)
    before = src.read_bytes()
    hard = tmp_path / "hard.vmas"
    os.link(src, hard)
    soft = tmp_path / "soft.vmas"
    soft.symlink_to(src)
    for target in (src, hard, soft):
        code = main(["export", str(src), "--step", "3", "--format", fmt, "-o", str(target)])
        assert code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "is the input file" in err[0]
    assert src.read_bytes() == before


@pytest.mark.parametrize("fmt", ["svg", "dot", "graphml", "tex"])
def test_an_existing_outputs_mode_is_kept_else_the_umasks(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"x.{fmt}"
    target.write_text("old")
    target.chmod(0o644)
    assert export("--step", "3", "-o", str(target)) == 0
    assert (target.stat().st_mode & 0o777) == 0o644 and target.read_text() != "old"
    fresh = tmp_path / f"new.{fmt}"
    old = os.umask(0o027)
    try:
        assert export("--step", "3", "-o", str(fresh)) == 0
    finally:
        os.umask(old)
    assert (fresh.stat().st_mode & 0o777) == 0o640


def test_stale_leftovers_of_our_own_writes_are_cleaned_at_the_next_write(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".vmastudio-{dead.pid}-abc123.part"
    legacy = tmp_path / ".vmastudio-k2j3h4.part"
    old_tmp = tmp_path / ".x.dot.k2j3h4.tmp"
    mine = tmp_path / f".vmastudio-{os.getpid()}-live01.part"  # a writer still running
    other = tmp_path / ".notes.part"
    for p in (stale, legacy, old_tmp, mine, other):
        p.write_text("half")
    for p in (legacy, old_tmp):
        os.utime(p, (1_000_000_000, 1_000_000_000))
    assert export("--step", "3", "-o", str(tmp_path / "x.dot")) == 0
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"x.dot", mine.name, other.name}


# -- PDF ----------------------------------------------------------------------------------------
def test_pdf_is_one_fitted_page_with_its_fonts_embedded(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    assert export("--step", "4:5", "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 1
    assert b"/FontFile2" in data or b"/FontFile3" in data


def test_a_pdf_page_is_the_figures_size_on_paper(tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    assert export("--step", "4:5", "--width", "100mm", "-o", str(out)) == 0
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", out.read_bytes())
    assert box is not None
    assert float(box.group(1)) == pytest.approx(100 / 25.4 * 72, abs=1.0)


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
def test_tikz_has_one_named_node_per_vma_and_restylable_classes(
    tmp_path: Path, doc: Document
) -> None:
    out = tmp_path / "f.tex"
    assert export("--step", "3:10", "-o", str(out)) == 0
    text = out.read_text()
    assert "\\begin{tikzpicture}" in text and "\\end{tikzpicture}" in text
    assert check_balanced(text)
    snap = doc.frames(3).snapshots[9]
    for node in snap.nodes.values():
        assert f"(v{node.start:x}) at (" in text  # a tree node authors can refer to
        assert f"(l{node.start:x}) at (" in text  # and its list box
    # The SVG's classes are the styles: every style used is defined once.
    assert "role current/.style" in text and "vma red/.style" in text
    assert len(re.findall(r"\\node\[vma, vma label, vma node, vma (?:red|black)", text)) == len(
        snap.nodes
    )
    used = set(re.findall(r"(?:vma|role) [\w-]+", text.split("\\begin{tikzpicture}")[1]))
    defined = set(re.findall(r"((?:vma|role) [\w-]+)/\.style", text))
    assert used <= defined


def test_tikz_escapes_text_and_marks_the_link_slot(doc: Document) -> None:
    step = step_of(doc, 2, "slot_found") - 1
    builder = FigureBuilder(doc, ExportOptions(parts=("tree", "caption")))
    fig = builder.build((2, step))
    text = tikz_text(fig)
    slot = next(line for line in text.splitlines() if "side=right" in line)
    assert "role link_slot" in slot and "parent=0x400000" in slot and "{rb\\_right}" in slot
    assert check_balanced(text)
    assert tex_escape("50% of vm_start & co") == "50\\% of vm\\_start \\& co"
    assert tex_escape("{x}\x01") == "\\{x\\}"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.parametrize("case", ["demo", "level-of-detail"])
def test_tikz_compiles_with_pdflatex(tmp_path: Path, case: str) -> None:
    fig = tmp_path / "fig.tex"
    if case == "demo":
        parts = ",".join(("tree", "list", "map", "legend", "caption", "code", "vars"))
        assert export("--step", "3:10", "--parts", parts, "-o", str(fig)) == 0
    else:
        src = _maps(tmp_path / "big.maps", 2500, high=False)
        assert main(["export", str(src), "-o", str(fig)]) == 0
        assert "vma agg" in fig.read_text()
    (tmp_path / "book.tex").write_text(
        "\\documentclass{article}\\usepackage{tikz}"
        "\\usepackage[margin=5mm,a3paper,landscape]{geometry}"
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


def test_an_animation_too_large_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.gif"
    assert export("--step", "3:2", "--scale", "64", "-o", str(out)) == 2
    assert "too large" in capsys.readouterr().err and not out.exists()


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
        (("--step", "99", "-o", "OUT/x.svg"), "outside 0..9"),
        (("--step", "x", "-o", "OUT/x.svg"), "expected 0, K, K:S or last"),
        (("--parts", "tree,wings", "-o", "OUT/x.svg"), "unknown part 'wings'"),
        (("-o", "OUT/nowhere/x.svg"), "does not exist"),
        (("--format", "svg", "-o", "OUT"), "is a folder"),
        (("-o", "OUT/x.bmp"), "no known extension"),
        (("--step", "0", "-o", "OUT/x.gif"), "initial state has no steps"),
        (("--step", "2:3", "-o", "OUT/x.dot"), "state after an op"),
        (("--width", "12 furlongs", "-o", "OUT/x.svg"), "--width: expected a length"),
        (("--region", "500000-400000", "-o", "OUT/x.svg"), "is not below the end"),
        (("--around", "zz", "-o", "OUT/x.svg"), "--around: expected a hex address"),
        (("--full", "--around", "400000", "-o", "OUT/x.svg"), "--full"),
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
    names = [layer.part for layer in everything.layers]
    assert names == ["caption", "map", "list", "tree", "pointers", "code", "vars", "legend"]
    assert [layer.part for layer in tree_only.layers] == ["tree"]
    assert tree_only.height < everything.height
    text = svg_bytes(tree_only).decode()
    assert "mm-&gt;mm_rb" in text and "address map" not in text and 'id="part-list"' not in text


def test_cropping_to_the_active_region_draws_fewer_nodes(doc: Document) -> None:
    whole = FigureBuilder(doc, ExportOptions(parts=("tree",))).build((6, 5))
    active = FigureBuilder(doc, ExportOptions(parts=("tree",), crop="active", depth=0)).build(
        (6, 5)
    )
    assert active.vmas_drawn < whole.vmas_drawn and active.width <= whole.width


def test_chinese_svg_keeps_its_text_as_text(tmp_path: Path) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(a)) == 0
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(b)) == 0
    assert a.read_bytes() == b.read_bytes()
    root = ET.parse(a).getroot()
    chinese = [
        t for t in root.iter(f"{SVG}text") if re.search(r"[\u4e00-\u9fff]", "".join(t.itertext()))
    ]
    assert chinese, "the Chinese words must stay <text>, not outlines"
    joined = "".join("".join(t.itertext()) for t in chinese)
    assert "操作" in joined and "图例" in joined
    css = root.find(f"{SVG}style").text or ""  # type: ignore[union-attr]
    for face in ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Segoe UI", "Arial"):
        assert face in css


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg not installed")
def test_a_second_renderer_draws_the_chinese_svg(tmp_path: Path) -> None:
    out, png = tmp_path / "zh.svg", tmp_path / "zh.png"
    assert export("--step", "5:11", "--lang", "zh_CN", "-o", str(out)) == 0
    subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
    lo, hi = Image.open(png).convert("L").getextrema()
    assert hi - lo > 100


def test_font_scale_enlarges_the_text_parts(tmp_path: Path) -> None:
    one, two = tmp_path / "1.svg", tmp_path / "2.svg"
    assert export("--step", "3:10", "--parts", "tree,caption,legend", "-o", str(one)) == 0
    assert (
        export(
            "--step", "3:10", "--parts", "tree,caption,legend", "--font-scale", "2", "-o", str(two)
        )
        == 0
    )

    def size(path: Path, cls: str) -> float:
        css = ET.parse(path).getroot().find(f"{SVG}style")
        assert css is not None and css.text is not None
        found = re.search(rf"\.{cls}[,{{][^}}]*font-size:([\d.]+)px", css.text)
        assert found is not None
        return float(found.group(1))

    assert size(two, "t-body") == pytest.approx(2 * size(one, "t-body"), rel=0.01)
    assert size(two, "label") == size(one, "label")  # the drawing's own labels stay
    assert ET.parse(two).getroot().get("height") != ET.parse(one).getroot().get("height")


def test_a_trial_starting_where_a_linked_vma_starts_is_its_own_drawing(tmp_path: Path) -> None:
    src = tmp_path / "same-start.vmas"
    src.write_text(
        '{"format": "vmastudio-scenario", "version": 1,'
        ' "initial": [{"start": "0x400000", "end": "0x402000"},'
        ' {"start": "0x500000", "end": "0x501000"}],'
        ' "ops": [{"op": "insert", "start": "0x400000", "end": "0x401000"}]}',
        encoding="utf-8",
    )
    d = Document()
    d.load_file(str(src))
    assert d.frames(1).result.result == -12
    out = tmp_path / "trial.svg"
    assert main(["export", str(src), "--step", f"1:{d.step_count(1)}", "-o", str(out)]) == 0
    tree = next(g for g in ET.parse(out).getroot() if g.get("id") == "part-tree")
    same = [
        g
        for g in tree.iter(f"{SVG}g")
        if "vma" in _classes(g) and g.get("data-start") == "0x400000"
    ]
    assert len(same) == 2
    linked = next(g for g in same if g.get("data-trial") is None)
    trial = next(g for g in same if g.get("data-trial") == "1")
    assert "detached" not in _classes(linked) and "role-new" not in _classes(linked)
    assert {"detached", "trial", "role-new"} <= _classes(trial)
    assert linked.get("data-end") == "0x402000" and trial.get("data-end") == "0x401000"


def test_a_large_maps_text_is_loaded_as_the_window_loads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _maps(tmp_path / "big.maps", 2100, high=False)
    out = tmp_path / "x.svg"
    assert main(["export", str(src), "--step", "3", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "loaded at once" in err and "--order file" in err and not out.exists()
    assert main(["export", str(src), "--order", "file", "--step", "3:2", "-o", str(out)]) == 0
    assert "op 3: insert" in " ".join(texts_of_svg(out))


def test_a_65530_vma_space_makes_a_png_overview_not_an_empty_file(tmp_path: Path) -> None:
    """The issue's case: vm.max_map_count VMAs to PNG (was a 0-byte file, exit 0)."""
    src = _maps(tmp_path / "max.maps", 65_530, high=False)
    out = tmp_path / "overview.png"
    done = subprocess.run(
        [sys.executable, "-m", "vmastudio", "export", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == ""
    im = Image.open(out)
    w, h = im.size
    dpi = im.info["dpi"][0]
    assert w / dpi * 25.4 <= 420.0  # at most A3 wide on paper
    lo, hi = im.convert("L").getextrema()
    assert hi - lo > 100 and h > 300


def test_a_pdf_page_larger_than_pdf_allows_is_refused_with_what_fits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _maps(tmp_path / "wide.maps", 2500, high=False)
    out = tmp_path / "wide.pdf"
    assert main(["export", str(src), "--full", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "mm PDF page" in err[0] and not out.exists()
    width = re.search(r"--width (\d+)mm", err[0])
    assert width is not None
    assert main(["export", str(src), "--full", "--width", f"{width[1]}mm", "-o", str(out)]) == 0
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", out.read_bytes())
    assert box is not None and float(box[1]) <= 14_400


def test_the_figure_and_its_two_serialisers_need_no_qt() -> None:
    """One Qt-free description (from the engine's snapshot), written as SVG and TikZ."""
    code = (
        "import sys\n"
        "from vmastudio.engine.loader import demo_scenario\n"
        "from vmastudio.engine.timeline import Timeline\n"
        "from vmastudio.app.export.facts import StepFacts\n"
        "from vmastudio.app.export.compose import FigureSpec, Texts, compose\n"
        "from vmastudio.app.export.svg import svg_text\n"
        "from vmastudio.app.export.tikz import tikz_text\n"
        "tl = Timeline(demo_scenario())\n"
        "fig = compose(StepFacts(tl.snapshot(len(tl))),"
        " FigureSpec(parts=('tree', 'list', 'map', 'legend', 'caption')), Texts(head='h'))\n"
        "svg, tex = svg_text(fig), tikz_text(fig)\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(len(svg), len(tex), qt)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    svg_len, tex_len, qt = done.stdout.split(" ", 2)
    assert int(svg_len) > 1000 and int(tex_len) > 1000 and qt.strip() == "[]"


@pytest.mark.parametrize("option", ["--width", "--region", "--around"])
def test_a_huge_bad_value_is_quoted_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    assert export(option, "z" * 100_000, "-o", str(tmp_path / "x.svg")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 400 and "100000 characters" in err
