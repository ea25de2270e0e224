"""A maps text laid out as the kernel prints it is read by one regex pass over the whole
text (``_kernel_rows``); any other text line by line (``_line_rows``). Both must read the
same fields, and ``parse_maps`` must give the same scenario, notices and errors either way."""

from __future__ import annotations

import random

import pytest

from vmastudio.engine import maps
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.scenario import ScenarioError, VmaSpec
from vmastudio.engine.vma import VM_GROWSDOWN, VM_READ

KERNEL_TEXT = (
    "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon\n"
    "00651000-00652000 r--p 00051000 08:02 173521      /usr/bin/dbus-daemon\n"
    "00e03000-00e24000 rw-p 00000000 00:00 0           [heap]\n"
    "7f2c8e4d1000-7f2c8e4d2000 rw-s 00000000 00:05 4   /dev/zero (deleted)\n"
    "7f2c8e4d2000-7f2c8e4d3000 rw-p 00000000 00:00 0 \n"
    "7F2C8E4D3000-7F2C8E4D4000 ---p 00000000 00:00 0\n"
    "7fff3a6e1000-7fff3a702000 rw-p 00000000 00:00 0           [stack]\n"
    "7fff3a7fe000-7fff3a800000 r-xp 00000000 00:00 0           [vdso]\n"
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0   [vsyscall]"
)


def random_text(rng: random.Random, n: int) -> str:
    lines = []
    addr = 0x400000
    for _ in range(n):
        size = rng.choice((1, 2, 16)) * 0x1000
        perms = rng.choice(("r--p", "rw-p", "r-xp", "rw-s", "---p"))
        path = rng.choice(("", "/usr/lib/libc.so.6", "[anon:x y]", "/a b/c d", "[heap]"))
        pad = " " * rng.choice((1, 3, 10))
        lines.append(f"{addr:08x}-{addr + size:08x} {perms} {0:08x} 08:02 {rng.randrange(9999)}")
        lines[-1] += (pad + path) if path else rng.choice(("", " ", "  \t"))
        addr += size + rng.choice((0, 0x1000))
    return "\n".join(lines) + rng.choice(("", "\n"))


def test_a_kernel_laid_out_text_reads_the_same_fields_in_one_pass() -> None:
    rng = random.Random(4)
    for text in [KERNEL_TEXT] + [random_text(rng, 200) for _ in range(20)]:
        fast = maps._kernel_rows(text)
        assert fast is not None
        assert fast == list(maps._line_rows(text, "maps"))


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("\n", "\r\n"),  # Windows line ends
        lambda t: t.replace("\n", "\n\n", 1),  # a blank line
        lambda t: t.replace(" 173521 ", "\t173521 ", 1),  # a tab between fields
        lambda t: t.replace("08:02", "08:02 ", 1),  # two spaces between fields
        lambda t: t.replace("r-xp", "rwzp", 1),  # bad permissions (an error)
        lambda t: t.replace("00452000", "00452001", 1),  # not page-aligned (an error)
        lambda t: t.replace("00651000-", "00451000-", 1),  # overlaps line 1 (an error)
    ],
)
def test_any_other_text_is_read_line_by_line_with_the_same_outcome(change: object) -> None:
    assert callable(change)
    text = change(KERNEL_TEXT)
    rows = maps._kernel_rows(text)
    try:
        lines = list(maps._line_rows(text, "maps"))
    except ScenarioError:
        lines = None
    if rows is not None:
        assert rows == lines
    # The whole parse against the line-by-line reading alone (the fast pass disabled).
    try:
        got: object = parse_maps(text)
    except ScenarioError as exc:
        got = str(exc)
    original = maps._kernel_rows
    maps._kernel_rows = lambda _text: None  # type: ignore[assignment]
    try:
        try:
            want: object = parse_maps(text)
        except ScenarioError as exc:
            want = str(exc)
    finally:
        maps._kernel_rows = original
    if isinstance(got, str):
        assert got == want
    else:
        assert isinstance(want, maps.MapsImport) and isinstance(got, maps.MapsImport)
        assert got.scenario.ops == want.scenario.ops and got.notices == want.notices


def test_the_kernel_text_imports_every_kind_of_line() -> None:
    result = parse_maps(KERNEL_TEXT)
    vmas = [op.vma for op in result.scenario.ops if op.vma is not None]
    assert len(vmas) == 8 and len(result.notices) == 1  # [vsyscall] skipped
    assert vmas[0].file == "/usr/bin/dbus-daemon" and vmas[1].pgoff == 0x51
    assert vmas[3].file == "/dev/zero" and vmas[3].name == "zero (deleted)"
    assert vmas[5].start == 0x7F2C8E4D3000 and vmas[5].flags == 0  # upper-case hex, ---p
    assert vmas[7].special and vmas[7].name == "[vdso]"


def test_vmas_out_of_address_order_are_still_checked_for_overlaps() -> None:
    text = (
        "00500000-00600000 rw-p 00000000 00:00 0\n"
        "00400000-00401000 rw-p 00000000 00:00 0\n"
        "005ff000-00700000 rw-p 00000000 00:00 0\n"
    )
    with pytest.raises(ScenarioError, match="line 3"):
        parse_maps(text)
    ok = parse_maps(text.replace("005ff000", "00600000"))
    assert [op.vma.start for op in ok.scenario.ops if op.vma] == [0x500000, 0x400000, 0x600000]


@pytest.mark.parametrize(
    ("path", "want"),
    [
        ("", VmaSpec(0x1000, 0x3000, VM_READ, pgoff=5)),
        ("/usr/lib/a b.so", VmaSpec(0x1000, 0x3000, VM_READ, "/usr/lib/a b.so", 5, name="a b.so")),
        ("/x (deleted)", VmaSpec(0x1000, 0x3000, VM_READ, "/x", 5, name="x (deleted)")),
        ("[stack]", VmaSpec(0x1000, 0x3000, VM_READ | VM_GROWSDOWN, pgoff=5, name="[stack]")),
        ("[anon:q]", VmaSpec(0x1000, 0x3000, VM_READ, pgoff=5, name="[anon:q]")),
        ("[vdso]", VmaSpec(0x1000, 0x3000, VM_READ, pgoff=5, special=True, name="[vdso]")),
    ],
)
def test_each_kind_of_line_makes_the_vma_the_keywords_say(path: str, want: VmaSpec) -> None:
    # _vma_from_name builds VmaSpec by position: its field order must still be this one.
    assert maps._vma_from_name(0x1000, 0x3000, VM_READ, 5, path) == want
