"""Hostile and malformed files: nothing escapes the loaders but their own error, with a place."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from vmastudio.engine.loader import load_any
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.scenario import ScenarioError, parse_scenario
from vmastudio.engine.timeline import Timeline

#: A placeholder that the JSON text turns into an integer literal of 4,301+ digits (past
#: Python's integer-string limit: ``json.dumps`` itself cannot write one).
BIG = "@@big-int@@"
#: Lenient spellings of numbers that ``int()`` takes but the format does not (issue 19).
LENIENT = [
    "0x+40_0000",
    " 0x400000 ",
    "0x400000 ",
    "0x40_0000",
    "0x-1000",
    "0x\u0664\u0660\u0660\u0660",  # Arabic-Indic digits
    "0x\uff14\uff10\uff10\uff10",  # fullwidth digits
    "\uff10x400000",
    "0x400000\n",
]
#: A value of 100,000 characters: every one-line error quotes it cut short.
LONG = "q" * 100_000
#: Text with what cannot be saved (lone surrogates) or drawn as XML (control characters).
hostile_text = st.text(
    alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)
    | st.sampled_from(["\ud800", "\udfff", "\x00", "\x01", "\x0b", "\x0c", "\ufffe", '"']),
    max_size=12,
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=12)
    | hostile_text
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["0x1000", "0x400000", "0x401001", "0x7ffffffff000", "-0x1", "0x", BIG, *LENIENT, LONG]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "op",
                    "start",
                    "end",
                    "flags",
                    "file",
                    "pgoff",
                    "special",
                    "name",
                    "addr",
                    "length",
                    "low",
                    "high",
                    "topdown",
                    "caption",
                    "x",
                ]
            )
            | hostile_text,
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)

op_like = st.fixed_dictionaries(
    {"op": st.sampled_from(["insert", "erase", "find_vma", "unmapped_area", "bogus"])},
    optional={
        "start": json_values,
        "end": json_values,
        "flags": json_values,
        "addr": json_values,
        "length": json_values,
        "low": json_values,
        "high": json_values,
        "topdown": json_values,
        "file": json_values,
        "caption": json_values,
    },
)

scenario_like = st.fixed_dictionaries(
    {
        "format": st.sampled_from(["vmastudio-scenario", "other"]),
        "version": st.sampled_from([1, 2, "1", True, 1.0, BIG, LONG]),
    },
    optional={
        "ops": st.lists(op_like, max_size=6) | json_values,
        "initial": st.lists(op_like, max_size=3) | json_values,
        "kernel": st.sampled_from(["4.0", "4.19", "5.0", 4]),
        "memory": json_values,
        "title": json_values,
    },
)


def _load_and_run(data: bytes) -> None:
    """Loaded, replayed and saved back identically, or refused with a short message; an
    accepted scenario can always be written as UTF-8 (nothing opens that cannot be saved)."""
    try:
        scenario = parse_scenario(data)
        Timeline(scenario)
    except ScenarioError as exc:
        assert str(exc).strip(), "an error must say something"
        assert exc.problem
        assert len(str(exc)) < 600, "a one-line error quotes values cut short"
        str(exc).encode("utf-8")  # printable on any UTF-8 terminal
        return
    saved = scenario.dumps().encode("utf-8")
    assert parse_scenario(saved).dumps() == scenario.dumps()


def _text_of(doc: dict[str, Any]) -> bytes:
    text = json.dumps(doc)  # escapes lone surrogates as \\udxxx, as a hostile file would
    return text.replace(json.dumps(BIG), "9" * 4301).encode()


@settings(max_examples=300, deadline=None)
@given(scenario_like)
def test_random_scenario_shaped_json_is_loaded_or_rejected_cleanly(doc: dict[str, Any]) -> None:
    _load_and_run(_text_of(doc))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_are_rejected_cleanly(data: bytes) -> None:
    _load_and_run(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789abcdef-rwxps: []/\t", max_size=60), max_size=8))
def test_random_maps_lines_are_imported_or_rejected_with_a_line_number(lines: list[str]) -> None:
    try:
        parse_maps("\n".join(lines), source="m")
    except ScenarioError as exc:
        assert exc.where.startswith("m")


def test_a_rejected_file_names_its_place_and_nothing_is_half_loaded(tmp_path: Path) -> None:
    ops = [
        {"op": "insert", "start": hex(0x1000 * (i + 1)), "end": hex(0x1000 * (i + 2))}
        for i in range(0, 40, 2)
    ]
    ops.append({"op": "insert", "start": "0x900000", "end": "0x900001"})
    path = tmp_path / "s.vmas"
    path.write_text(json.dumps({"format": "vmastudio-scenario", "version": 1, "ops": ops}))
    try:
        load_any(path)
    except ScenarioError as exc:
        assert "ops[20].end: not page-aligned (0x900001)" in str(exc)
    else:
        raise AssertionError("accepted an unaligned end")


def test_huge_and_deep_inputs_are_refused_with_a_message() -> None:
    for text, fragment in (
        ("[" * 200_000 + "]" * 200_000, "deeply"),
        (
            '{"format": "vmastudio-scenario", "version": 1, "ops": '
            + json.dumps([{"op": "find_vma", "addr": 0}] * 1_000_001)
            + "}",
            "too many ops",
        ),
    ):
        try:
            parse_scenario(text)
        except ScenarioError as exc:
            assert fragment in str(exc)
        else:
            raise AssertionError(fragment)


# -- issue 19: hostile input, second round -------------------------------------------------

HEAD = '{"format": "vmastudio-scenario", "version": 1, '


def refusal(text: str | bytes) -> ScenarioError:
    try:
        parse_scenario(text)
    except ScenarioError as exc:
        return exc
    raise AssertionError(f"accepted {text[:80]!r}")


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('"title": "a\\ud800b", "ops": []', "title"),
        ('"notes": {"en": "ok", "zh_CN": "\\udfff"}, "ops": []', "notes.zh_CN"),
        ('"ops": [{"op": "find_vma", "addr": 0, "caption": "\\ud83d"}]', "ops[0].caption"),
        ('"ops": [{"op": "insert", "start": 4096, "end": 8192, "name": "\\udc00"}]', "ops[0].name"),
        (
            '"initial": [{"start": 4096, "end": 8192, "file": "/x\\ud800"}], "ops": []',
            "initial[0].file",
        ),
        ('"ops": [{"op": "find_vma", "addr": 0, "\\ud800": 1}]', "ops[0]"),
    ],
)
def test_a_lone_surrogate_in_any_text_is_refused_at_load_with_its_json_path(
    body: str, where: str
) -> None:
    exc = refusal(HEAD + body + "}")
    assert exc.where == where
    assert "lone surrogate" in exc.problem and "cannot be saved as UTF-8" in exc.problem


def test_a_surrogate_pair_is_one_character_and_loads_and_saves() -> None:
    sc = parse_scenario(HEAD + '"title": "\\ud83d\\ude00", "ops": []}')
    assert sc.title == "\U0001f600"
    assert parse_scenario(sc.dumps().encode("utf-8")).title == "\U0001f600"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('"ops": [{"op": "find_vma", "addr": BIG}]', "ops[0].addr"),
        ('"ops": [{"op": "find_vma", "addr": -BIG}]', "ops[0].addr"),
        ('"memory": {"free_pages": BIG}, "ops": []', "memory.free_pages"),
        ('"ops": [], "x": [[[BIG]]]', "x[0][0][0]"),
    ],
)
def test_an_integer_past_4300_digits_anywhere_is_bad_input_naming_its_place(
    body: str, where: str
) -> None:
    exc = refusal(HEAD + body.replace("BIG", "7" * 5000) + "}")
    assert exc.where == where
    assert exc.problem == "integer too long (5000 digits; at most 64 bits are used)"


def test_a_utf8_byte_order_mark_before_a_scenario_is_accepted() -> None:
    text = HEAD + '"ops": [{"op": "find_vma", "addr": "0x1000"}]}'
    assert len(parse_scenario(b"\xef\xbb\xbf" + text.encode()).ops) == 1
    assert len(parse_scenario("\ufeff" + text).ops) == 1


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_are_named_as_an_encoding_problem(codec: str) -> None:
    exc = refusal((HEAD + '"ops": []}').encode(codec))
    name = codec[:6].upper()
    assert exc.problem == f"encoded as {name}, not UTF-8 (save it as UTF-8)"


@pytest.mark.parametrize("value", [*LENIENT, "0x1_000", "0x 1000", "0x1000\u200b"])
def test_lenient_spellings_of_an_address_are_refused(value: str) -> None:
    doc = HEAD + '"ops": [{"op": "find_vma", "addr": ' + json.dumps(value) + "}]}"
    assert refusal(doc).where == "ops[0].addr"


def test_exactly_the_format_s_spellings_of_an_address_are_accepted() -> None:
    for value in ("0x400000", "0X400000", "0x00000000000000000000400000", 4194304):
        doc = HEAD + '"ops": [{"op": "find_vma", "addr": ' + json.dumps(value) + "}]}"
        assert parse_scenario(doc).ops[0].addr == 0x400000


@pytest.mark.parametrize("version", ["1.0", "1e0", "true", '"1"', "1.5"])
def test_the_version_is_the_integer_1_only(version: str) -> None:
    exc = refusal('{"format": "vmastudio-scenario", "version": ' + version + ', "ops": []}')
    assert exc.where == "version"


def test_memory_values_of_2_to_the_64_or_more_are_refused() -> None:
    exc = refusal(HEAD + '"memory": {"totalram_pages": 18446744073709551616}, "ops": []}')
    assert exc.where == "memory.totalram_pages" and "64 bits" in exc.problem
    ok = parse_scenario(HEAD + '"memory": {"totalram_pages": 18446744073709551615}, "ops": []}')
    assert ok.memory.totalram_pages == 2**64 - 1


@pytest.mark.parametrize(
    "body",
    [
        '"ops": [{"op": "NAME"}]',
        '"ops": [{"op": "insert", "start": 4096, "end": 8192, "flags": ["NAME"]}]',
        '"ops": [{"op": "find_vma", "addr": "NAME"}]',
        '"ops": [{"op": "find_vma", "addr": "0xNAME"}]',
        '"ops": [{"op": "find_vma", "addr": 0, "NAME": 1}]',
        '"kernel": "NAME", "ops": []',
        '"NAME": 1, "ops": []',
        '"memory": {"NAME": 1}, "ops": []',
        '"memory": {"free_pages": "NAME"}, "ops": []',
        '"title": {"NAME": "x"}, "ops": []',
    ],
)
def test_quoted_values_are_cut_in_one_line_errors(body: str) -> None:
    exc = refusal(HEAD + body.replace("NAME", "q" * 100_000) + "}")
    assert len(str(exc)) < 300, str(exc)[:300]


def test_format_refusal_quotes_a_huge_value_short() -> None:
    exc = refusal('{"format": "' + "f" * 100_000 + '", "version": 1, "ops": []}')
    assert len(str(exc)) < 300


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"]),
    scenario_like,
)
def test_marks_and_encodings_before_a_scenario_are_accepted_or_named(
    mark: bytes, doc: dict[str, Any]
) -> None:
    _load_and_run(mark + _text_of(doc))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["00400000-00452000", "0x400000-452000", "400000-401000", "4-"]),
            st.sampled_from(["r-xp", "rw-s", "rwz", "r" * 3000]),
            st.sampled_from(["00000000", "0_0", "\u0664"]),
            hostile_text,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_maps_with_hostile_fields_are_refused_with_a_line_or_saved_back(
    rows: list[tuple[str, str, str, str]],
) -> None:
    text = "".join(f"{a} {p} {o} 08:02 17 /{n}\n" for a, p, o, n in rows)
    try:
        imported = parse_maps(text, source="m")
    except ScenarioError as exc:
        assert exc.where.startswith("m: line ")
        assert len(str(exc)) < 600
        return
    for op in imported.scenario.ops:
        assert op.vma is not None and op.vma.file is not None
    imported.scenario.dumps().encode("utf-8")


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.vmas"
    os.mkfifo(fifo)
    out: list[BaseException] = []
    worker = threading.Thread(target=lambda: out.append(_refused(fifo)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock it: open the FIFO for writing and close it
        with open(fifo, "wb"):
            pass
        raise AssertionError("opening a FIFO blocked")
    assert str(out[0]) == f"{fifo}: not a regular file (a FIFO)"


def _refused(path: Path) -> BaseException:
    try:
        load_any(path)
    except ScenarioError as exc:
        return exc
    raise AssertionError("accepted")


def test_a_character_device_is_refused_without_reading_it() -> None:
    err = _refused(Path("/dev/zero"))
    assert str(err) == "/dev/zero: not a regular file (a character device)"


@pytest.mark.parametrize(
    ("body", "where", "limit"),
    [
        ('"ops": [{"op": "find_vma", "addr": 0, "caption": "LONG"}]', "ops[0].caption", 10_000),
        (
            '"ops": [{"op": "find_vma", "addr": 0, "caption": {"en": "LONG"}}]',
            "ops[0].caption.en",
            10_000,
        ),
        ('"title": "LONG", "ops": []', "title", 10_000),
        ('"notes": "LONG", "ops": []', "notes", 100_000),
        (
            '"ops": [{"op": "insert", "start": 4096, "end": 8192, "name": "LONG"}]',
            "ops[0].name",
            4096,
        ),
        (
            '"ops": [{"op": "insert", "start": 4096, "end": 8192, "file": "LONG"}]',
            "ops[0].file",
            4096,
        ),
    ],
)
def test_texts_past_their_bound_are_refused_naming_the_bound(
    body: str, where: str, limit: int
) -> None:
    ok = parse_scenario(HEAD + body.replace("LONG", "y" * limit) + "}")
    assert ok.dumps()
    exc = refusal(HEAD + body.replace("LONG", "y" * (limit + 1)) + "}")
    assert exc.where == where
    assert exc.problem == f"too long ({limit + 1} characters; at most {limit})"


def test_a_maps_path_past_path_max_is_refused_with_its_line() -> None:
    text = "00400000-00401000 r--p 0 08:01 9 /" + "p" * 5000 + "\n"
    try:
        parse_maps(text, source="m")
    except ScenarioError as exc:
        assert exc.where == "m: line 1" and exc.problem.startswith("path too long (5001 characters")
    else:
        raise AssertionError("accepted")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(hostile_text.filter(lambda t: "\n" not in t and "\r" not in t), min_size=1, max_size=4)
)
def test_graph_files_of_hostile_names_are_well_formed(names: list[str]) -> None:
    """GraphML is XML 1.0 whatever the names hold; DOT strings stay closed."""
    import xml.etree.ElementTree as ET

    from vmastudio.engine.graph import dot_text, graphml_text
    from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec

    ops = [
        OpSpec(
            "insert",
            vma=VmaSpec(0x10000 * (i + 1), 0x10000 * (i + 1) + 0x1000, name=n, file="/" + n),
        )
        for i, n in enumerate(names)
    ]
    mm = Timeline(Scenario(ops=ops)).state(len(ops))
    ET.fromstring(graphml_text(mm).encode("utf-8"))
    for line in dot_text(mm).splitlines():
        if "vma_name=" in line:
            # Every string opened is closed: an even number of unescaped quotes.
            unescaped = len(re.findall(r'(?<!\\)(?:\\\\)*"', line))
            assert unescaped % 2 == 0, line


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2000), st.booleans())
def test_a_live_read_cut_anywhere_is_refused_or_complete(cut: int, exits: bool) -> None:
    """Wherever the process's exit ends the first read, the import is refused ("exited
    while being read") or, when nothing was lost, is the whole space."""
    import tempfile

    from vmastudio.engine import maps

    full = "".join(
        f"{0x400000 + i * 0x2000:08x}-{0x401000 + i * 0x2000:08x} r--p 0 08:01 9 /x{i}\n"
        for i in range(40)
    )
    first = full[: min(cut, len(full))] if exits else full
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "77"
        folder.mkdir()
        (folder / "stat").write_text("77 (x) S 1 77 77 0 -1 4194560 0\n", encoding="ascii")
        reads = iter([first.encode(), full.encode()])
        real = maps._read_proc_bytes

        def fake(path: Path) -> bytes:
            return next(reads, full.encode()) if path.name == "maps" else real(path)

        maps._read_proc_bytes = fake  # type: ignore[assignment]
        try:
            got = maps.read_pid_maps(77, root)
        except ScenarioError as exc:
            assert exc.problem == "exited while being read"  # never "a kernel thread?"
            assert first != full
            return
        finally:
            maps._read_proc_bytes = real  # type: ignore[assignment]
        assert len(got.scenario.ops) == 40
