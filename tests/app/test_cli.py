"""The command line: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from vmastudio.app.cli import main

MAPS = """\
00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/cat
00651000-00652000 rw-p 00051000 08:02 173521      /usr/bin/cat
00e03000-00e24000 rw-p 00000000 00:00 0           [heap]
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0   [stack]
ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0  [vsyscall]
"""


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vmastudio", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_bad_input_exits_2_with_one_line_naming_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vmas"
    bad.write_text(
        '{"format": "vmastudio-scenario", "version": 1, "ops": '
        '[{"op": "insert", "start": "0x400000", "end": "0x401001"}]}'
    )
    done = run("replay", str(bad), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [f"vmastudio: {bad}: ops[0].end: not page-aligned (0x401001)"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("replay", "/no/such/file.vmas"), "no such file"),
        (("replay",), "one of the arguments"),
        (("replay", "x", "--lang", "fr"), "invalid choice"),
        (("export", "x", "--format", "bmp", "-o", "y"), "invalid choice"),
    ],
)
def test_usage_and_missing_files_are_one_line_errors(args: tuple[str, ...], fragment: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_missing_erase_target_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.vmas"
    path.write_text(
        json.dumps(
            {
                "format": "vmastudio-scenario",
                "version": 1,
                "ops": [{"op": "erase", "start": "0x400000"}],
            }
        )
    )
    assert main(["replay", str(path)]) == 2
    assert "ops[0].start: no VMA starts at 0x400000 at this point" in capsys.readouterr().err


def test_a_maps_file_replays_like_a_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "maps.txt"
    path.write_text(MAPS)
    assert main(["replay", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    ops = json.loads(captured.out)["ops"]
    assert [o["start"] for o in ops] == [0x400000, 0x651000, 0xE03000, 0x7FFD00000000]
    assert ops[-1]["map_count"] == 4
    assert "vsyscall" in captured.err  # the skipped line is a notice, not an error


def test_the_readable_walk_speaks_chinese_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--demo", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert "操作 1: 插入 [400000,452000) → 0" in out
    assert "红黑树" in out or "根节点" in out
    assert "-ENOMEM" in out


def test_the_readable_walk_follows_the_system_locale(tmp_path: Path) -> None:
    env = dict(os.environ, LANG="zh_CN.UTF-8", LC_ALL="")
    done = run("replay", "--demo", env=env)
    assert done.returncode == 0 and "操作 1" in done.stdout


def test_a_live_process_can_be_replayed_by_pid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--pid", str(os.getpid()), "--json", "--final-tree"]) == 0
    ops = json.loads(capsys.readouterr().out)["ops"]
    assert ops and "tree" in ops[-1] and ops[-1]["map_count"] == len(ops[-1]["tree"])


def test_a_missing_process_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--pid", "999999999"]) == 2
    assert "no such process" in capsys.readouterr().err


def test_graphml_and_dot_exports_hold_the_tree(tmp_path: Path) -> None:
    graphml = tmp_path / "t.graphml"
    dot = tmp_path / "t.dot"
    scenario = Path(__file__).resolve().parents[2] / "resources" / "examples" / "demo.vmas"
    assert (
        main(["export", str(scenario), "--step", "7", "--format", "graphml", "-o", str(graphml)])
        == 0
    )
    g = nx.read_graphml(graphml)
    rb_edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "rb"]
    assert g.number_of_nodes() == 7 and len(rb_edges) == 6
    assert main(["export", str(scenario), "--step", "last", "--format", "dot", "-o", str(dot)]) == 0
    text = dot.read_text()
    assert text.startswith(("digraph", "strict digraph")) and "[e03000,e24000)" in text


def test_an_internal_error_is_one_line_and_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vmastudio.engine import timeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(timeline.Timeline, "__init__", broken)
    assert main(["replay", "--demo"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error" in err[0] and "report written to" in err[0]
    report = err[0].rsplit("report written to ", 1)[1]
    assert "simulated bug" in Path(report).read_text()


def test_without_a_display_the_window_says_how_to_run_offscreen() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = run("--demo", env=env)
    assert done.returncode == 2
    assert "xvfb-run" in done.stderr and "offscreen" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_version_and_help() -> None:
    assert "vmastudio 0.1.0" in run("--version").stdout
    assert "replay" in run("--help").stdout


# -- errors in the reader's language --------------------------------------------------------
def _unaligned(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.vmas"
    bad.write_text(
        '{"format": "vmastudio-scenario", "version": 1, "ops": '
        '[{"op": "insert", "start": "0x400000", "end": "0x401001"}]}'
    )
    return bad


def test_a_bad_input_line_is_chinese_with_lang_zh_cn(tmp_path: Path) -> None:
    bad = _unaligned(tmp_path)
    done = run("replay", str(bad), "--lang", "zh_CN")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"vmastudio: {bad}: ops[0].end: 未按页对齐（0x401001）"
    ]


def test_a_bad_input_line_follows_the_system_locale_unless_lang_says_otherwise(
    tmp_path: Path,
) -> None:
    bad = _unaligned(tmp_path)
    env = dict(os.environ, LANG="zh_CN.UTF-8", LC_ALL="", LC_MESSAGES="")
    done = run("replay", str(bad), "--json", env=env)
    assert done.returncode == 2
    assert done.stderr.strip() == f"vmastudio: {bad}: ops[0].end: 未按页对齐（0x401001）"
    done = run("replay", str(bad), "--lang", "en", env=env)
    assert done.stderr.strip() == f"vmastudio: {bad}: ops[0].end: not page-aligned (0x401001)"


def test_chinese_errors_keep_paths_and_say_line_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    maps = tmp_path / "maps.txt"
    maps.write_text(MAPS.replace("rw-p 00051000", "rw-p 00051001"))
    assert main(["replay", str(maps), "--lang", "zh_CN"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"vmastudio: {maps}: 第 2 行: 偏移未按页对齐（0x51001）"]
    missing = tmp_path / "none.vmas"
    out = tmp_path / "x.svg"
    assert main(["export", str(missing), "--lang", "zh_CN", "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"vmastudio: {missing}: 文件不存在"
    assert main(["replay", "--pid", "999999999", "--lang", "zh_CN"]) == 2
    assert capsys.readouterr().err.strip() == "vmastudio: 进程 999999999: 进程不存在"


# -- issue 19: hostile input, second round ----------------------------------------------------
HEAD = '{"format": "vmastudio-scenario", "version": 1, '


def one_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``vmastudio ARGS`` in this process: exit 2, nothing on stdout, one line."""
    assert main(list(args)) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err[:500]
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (("--format", "gif", "--delay", "2147483648"), "--delay: 2147483648 is out of range"),
        (("--format", "gif", "--delay", "0"), "--delay: 0 is out of range"),
        (("--format", "gif", "--delay", "١٠٠"), "argument --delay: expected a whole number"),
        (("--format", "svg", "--step", "１:１"), "--step: expected 0, K, K:S or last"),
        (("--format", "svg", "--step", " 1 "), "--step: expected 0, K, K:S or last"),
        (("--format", "svg", "--step", "+1"), "--step: expected 0, K, K:S or last"),
        (("--format", "svg", "--step", "1" * 5000), "--step: expected 0, K, K:S or last"),
        (("--format", "dot", "--step", "１"), "--step: expected 0, K, K:S or last"),
        (("--format", "gif", "--range", "１:１..1:2"), "--range: expected K:S..K:S"),
        (("--format", "svg", "--parts", ""), "--parts: name at least one part"),
        (("--format", "svg", "--parts", ","), "--parts: name at least one part"),
        (("--format", "png", "--scale", "nan"), "argument --scale: expected a number"),
        (("--format", "png", "--scale", "inf"), "argument --scale: expected a number"),
        (("--format", "png", "--dpi", "１５０"), "argument --dpi: expected a number"),
        (("--format", "png", "--font-scale", "1e1"), "argument --font-scale: expected a number"),
    ],
)
def test_every_bad_option_value_is_exit_2_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], fragment: str
) -> None:
    line = one_error(capsys, "export", "--demo", "-o", str(tmp_path / "out"), *extra)
    assert fragment in line and len(line) < 300
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["١٢", "+12", " 12", "1_2", "１２"])
def test_lenient_process_ids_and_seeds_are_refused(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert "argument --pid" in one_error(capsys, "replay", "--pid", value)
    assert "argument --seed" in one_error(capsys, "replay", "--demo", "--seed", value)


def test_an_integer_past_4300_digits_is_bad_input_naming_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.vmas"
    path.write_text(HEAD + '"ops": [{"op": "find_vma", "addr": ' + "9" * 5000 + "}]}")
    for args in (
        ("replay", str(path)),
        ("replay", str(path), "--json", "--trace"),
        ("export", str(path), "-o", str(tmp_path / "x.dot")),
    ):
        line = one_error(capsys, *args)
        assert (
            line == f"vmastudio: {path}: ops[0].addr: integer too long "
            "(5000 digits; at most 64 bits are used)"
        )


def test_a_lone_surrogate_is_bad_input_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.vmas"
    path.write_text(
        HEAD + '"ops": [{"op": "insert", "start": "0x1000", "end": "0x2000", "name": "\\ud800"}]}'
    )
    for args in (
        ("replay", str(path)),
        ("replay", str(path), "--json", "--trace"),
        ("export", str(path), "-o", str(tmp_path / "x.dot")),
        ("export", str(path), "-o", str(tmp_path / "x.graphml")),
        ("export", str(path), "-o", str(tmp_path / "x.tex")),
    ):
        line = one_error(capsys, *args)
        assert f"{path}: ops[0].name: holds a lone surrogate \\ud800" in line
    assert [p.name for p in tmp_path.iterdir()] == ["s.vmas"]


def test_a_huge_op_name_gives_a_short_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.vmas"
    path.write_text(HEAD + '"ops": [{"op": "' + "n" * 100_000 + '"}]}')
    line = one_error(capsys, "replay", str(path))
    assert len(line) < 300 and "(100000 characters)" in line


def test_an_argument_of_100000_characters_gives_a_short_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = one_error(capsys, "replay", "--demo", "--lang", "x" * 100_000)
    assert len(line) <= 1000


def test_a_scenario_with_a_utf8_byte_order_mark_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.vmas"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + '"ops": [{"op": "find_vma", "addr": 0}]}').encode())
    assert main(["replay", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["ops"]) == 1
    path.write_bytes((HEAD + '"ops": []}').encode("utf-16"))
    line = one_error(capsys, "replay", str(path))
    assert line == f"vmastudio: {path}: encoded as UTF-16, not UTF-8 (save it as UTF-8)"


HOSTILE_MAPS = (
    '00400000-00452000 r-xp 00000000 08:02 17 /usr/bin/a"b\\c\td\n'
    "00651000-00652000 rw-p 00051000 08:02 17 /tmp/trailing\\\n"
    "00e03000-00e24000 rw-p 00000000 00:00 0 /x\x01y\x0bz\x0cw\ufffeq\n"
)


def test_graph_exports_of_hostile_names_are_valid_xml_and_dot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil
    import xml.etree.ElementTree as ET

    maps = tmp_path / "hostile.maps"
    maps.write_text(HOSTILE_MAPS, encoding="utf-8")
    scenario = tmp_path / "hostile_scenario.vmas"
    scenario.write_text(
        HEAD + '"ops": [{"op": "insert", "start": "0x1000", "end": "0x2000", '
        '"name": "nul\\u0000ff\\u000cone\\u0001vt\\u000bnc\\ufffe\\"q\\\\"}]}',
        encoding="utf-8",
    )
    for source in (maps, scenario):
        graphml = tmp_path / f"{source.stem}.graphml"
        dot = tmp_path / f"{source.stem}.dot"
        assert main(["export", str(source), "-o", str(graphml)]) == 0
        assert main(["export", str(source), "-o", str(dot)]) == 0
        ET.parse(graphml)  # raises on anything XML 1.0 cannot hold
        g = nx.read_graphml(graphml)
        names = " ".join(
            str(d.get("name", "")) + str(d.get("file", "")) for _, d in g.nodes(data=True)
        )
        assert "\\x01" in names or "\\x00" in names
        if shutil.which("dot"):
            done = subprocess.run(
                ["dot", "-Tsvg", str(dot)], capture_output=True, timeout=60, check=False
            )
            assert done.returncode == 0, done.stderr
            ET.fromstring(done.stdout)  # and what Graphviz drew is XML too
    text = (tmp_path / "hostile.dot").read_text(encoding="utf-8")
    assert 'file="/usr/bin/a\\"b\\\\c\td"' in text
    assert capsys.readouterr().err.count("\n") == 0


def test_replay_of_a_process_that_exits_mid_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vmastudio.engine import maps

    folder = tmp_path / "31337"
    folder.mkdir()
    # 5 of 23 lines came back, at a line boundary, before the kernel ended the read.
    (folder / "maps").write_text(MAPS[: MAPS.index("\n", 100) + 1], encoding="utf-8")
    (folder / "stat").write_text("31337 (victim) Z 1 1 1 0\n", encoding="ascii")
    monkeypatch.setattr(maps, "PROC_ROOT", str(tmp_path))
    line = one_error(capsys, "replay", "--pid", "31337", "--json")
    assert line == "vmastudio: process 31337: exited while being read"


def test_a_fifo_as_input_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "in.vmas"
    os.mkfifo(fifo)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for args in (
        ("replay", str(fifo)),
        ("export", str(fifo), "-o", str(tmp_path / "x.svg")),
        (str(fifo),),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "vmastudio", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.strip() == f"vmastudio: {fifo}: not a regular file (a FIFO)"


def test_a_missing_file_for_the_window_is_exit_2_before_any_window() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = run("frobnicate", env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["vmastudio: frobnicate: no such file"]
