"""Find: find_vma on a snapshot agrees with the engine's; flag, permission and name queries."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import K
from hypothesis import given, settings
from hypothesis import strategies as st

from vmastudio.engine.maps import read_maps_file
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.search import (
    Query,
    QueryError,
    describe,
    parse_query,
    permissions,
)
from vmastudio.engine.search import search_vmas as search_ids
from vmastudio.engine.search import snapshot_find_vma as find_vma_id
from vmastudio.engine.snapshot import NodeState, Snapshot, snapshot_of
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import (
    ULONG_MASK,
    VM_ACCOUNT,
    VM_EXEC,
    VM_GROWSDOWN,
    VM_READ,
    VM_SHARED,
    VM_WRITE,
)

R, W, X, S = VM_READ, VM_WRITE, VM_EXEC, VM_SHARED
BASH_MAPS = Path(__file__).resolve().parents[2] / "resources" / "examples" / "bash.maps"


def snapshot_find_vma(snap: Snapshot, addr: int) -> int | None:
    """The search answers ids; these tests speak of the VMA's ``vm_start``."""
    key = find_vma_id(snap, addr)
    return None if key is None else snap.nodes[key].start


def search_vmas(snap: Snapshot, query: Query | str, limit: int | None = None) -> list[int]:
    return [snap.nodes[key].start for key in search_ids(snap, query, limit)]


def probe_addresses(snap: Snapshot) -> list[int]:
    """Addresses around every VMA edge, in every gap, before the first and after the last."""
    out = {0, 1, K - 1, ULONG_MASK, snap.highest_vm_end, snap.highest_vm_end + K}
    for node in snap.nodes.values():
        out.update(
            {node.start - 1, node.start, node.start + 1, node.end - 1, node.end, node.end + 1}
        )
    return sorted(a for a in out if 0 <= a <= ULONG_MASK)


def timeline_of(ops: list[OpSpec]) -> Timeline:
    return Timeline(Scenario(ops=ops))


def insert(start: int, end: int, flags: int = R | W, file: str | None = None) -> OpSpec:
    name = file.rsplit("/", 1)[-1] if file else ""
    return OpSpec("insert", vma=VmaSpec(start, end, flags, file=file, name=name))


@st.composite
def scenarios(draw: st.DrawFn) -> list[OpSpec]:
    """Non-overlapping VMAs of 1-3 pages inserted in a random order, some erased."""
    slots = draw(st.lists(st.integers(0, 400), min_size=0, max_size=60, unique=True))
    sizes = draw(st.lists(st.integers(1, 3), min_size=len(slots), max_size=len(slots)))
    ops = [
        insert(0x10000 + slot * 4 * K, 0x10000 + (slot * 4 + size) * K)
        for slot, size in zip(slots, sizes, strict=True)
    ]
    order = draw(st.permutations(range(len(ops))))
    ops = [ops[i] for i in order]
    victims = (
        draw(st.lists(st.sampled_from(ops), max_size=len(ops) // 3, unique_by=id)) if ops else []
    )
    for op in victims:
        assert op.vma is not None
        ops.append(OpSpec("erase", start=op.vma.start))
    return ops


@settings(max_examples=120, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_snapshot_find_vma_agrees_with_the_engine(ops: list[OpSpec], rnd: random.Random) -> None:
    timeline = timeline_of(ops)
    for k in sorted({0, len(timeline) // 2, len(timeline)}):
        mm = timeline.state(k)
        snap = snapshot_of(mm)
        addresses = probe_addresses(snap) + [rnd.randrange(0, 0x200000) for _ in range(50)]
        for addr in addresses:
            expected = mm.find_vma(addr).result
            assert snapshot_find_vma(snap, addr) == expected, (k, hex(addr))
            assert search_vmas(snap, Query("address", address=addr)) == (
                [] if expected is None else [expected]
            )


def test_find_vma_on_an_empty_snapshot_finds_nothing() -> None:
    assert snapshot_find_vma(Snapshot(), 0) is None
    assert search_vmas(Snapshot(), "0x1000") == []


def test_find_vma_in_a_gap_and_past_the_end() -> None:
    snap = snapshot_of(timeline_of([insert(0x10000, 0x12000), insert(0x20000, 0x21000)]).mm)
    assert snapshot_find_vma(snap, 0) == 0x10000  # before the first VMA
    assert snapshot_find_vma(snap, 0x11FFF) == 0x10000  # the last byte of the first
    assert snapshot_find_vma(snap, 0x12000) == 0x20000  # its end is in the gap
    assert snapshot_find_vma(snap, 0x20FFF) == 0x20000
    assert snapshot_find_vma(snap, 0x21000) is None  # after the last VMA


class CountingNodes(Mapping[int, NodeState]):
    """A node table that counts lookups."""

    def __init__(self, nodes: Mapping[int, NodeState]) -> None:
        self.nodes = nodes
        self.reads = 0

    def __getitem__(self, key: int) -> NodeState:
        self.reads += 1
        return self.nodes[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)


def test_find_vma_walks_one_path_from_the_root() -> None:
    n = 4096
    rng = random.Random(7)
    slots = rng.sample(range(3 * n), n)
    snap = snapshot_of(timeline_of([insert(s * 2 * K, s * 2 * K + K) for s in slots]).mm)
    counting = CountingNodes(snap.nodes)
    counted = replace(snap, nodes=counting)
    bound = 2 * math.log2(n + 1)  # a red-black tree's height
    for addr in rng.sample(range(0, 6 * n * K), 200):
        counting.reads = 0
        snapshot_find_vma(counted, addr)
        assert counting.reads <= bound


def test_only_nodes_linked_into_the_tree_are_found() -> None:
    snap = snapshot_of(timeline_of([insert(0x10000, 0x11000), insert(0x30000, 0x31000)]).mm)
    # A VMA an op is inserting: drawn, but not linked yet.
    loose = NodeState(
        0x20000,
        0x21000,
        flags=R | X,
        file="/lib/new.so",
        name="new.so",
        uid=99,
        in_tree=False,
        in_list=False,
    )
    nodes = dict(snap.nodes)
    nodes[loose.uid] = loose
    with_loose = replace(snap, nodes=nodes)
    assert snapshot_find_vma(with_loose, 0x20000) == 0x30000
    assert search_vmas(with_loose, "new.so") == []
    assert search_vmas(with_loose, "r-x") == []
    assert search_vmas(with_loose, "rw-") == [0x10000, 0x30000]


# -- parsing ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("0x7f12a000", 0x7F12A000),
        ("0X7F12A000", 0x7F12A000),
        ("  0x0  ", 0),
        ("7f12a000", 0x7F12A000),
        ("1000", 0x1000),
        ("dead", 0xDEAD),
        ("0xffffffffffffffff", ULONG_MASK),
    ],
)
def test_addresses(text: str, address: int) -> None:
    assert parse_query(text) == Query("address", address=address)


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("VM_EXEC", X),
        ("vm_exec", X),
        ("exec", X),
        ("VM_READ VM_EXEC", R | X),
        ("read+exec", R | X),
        ("VM_READ|VM_WRITE", R | W),
        ("write, growsdown", W | VM_GROWSDOWN),
        ("Account", VM_ACCOUNT),
    ],
)
def test_flag_names(text: str, flags: int) -> None:
    assert parse_query(text) == Query("flags", flags=flags, mask=flags)


@pytest.mark.parametrize(
    ("text", "flags", "mask"),
    [
        ("r-x", R | X, R | W | X),
        ("--x", X, R | W | X),
        ("---", 0, R | W | X),
        ("rw-p", R | W, R | W | X | S),
        ("r--s", R | S, R | W | X | S),
        ("RWXP", R | W | X, R | W | X | S),
    ],
)
def test_permission_strings(text: str, flags: int, mask: int) -> None:
    assert parse_query(text) == Query("flags", flags=flags, mask=mask)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("libc", "libc"),
        ("[heap]", "[heap]"),
        ("C.UTF8", "c.utf8"),
        ("0x", "0x"),
        ("abc", "abc"),  # fewer than 4 hex digits
        ("exec libc", "exec libc"),  # not every word is a flag
        ("ld-linux-x86-64.so.2", "ld-linux-x86-64.so.2"),
    ],
)
def test_everything_else_is_text(text: str, needle: str) -> None:
    assert parse_query(text) == Query("text", text=needle)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_query_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="empty query") as info:
        parse_query(text)
    assert isinstance(info.value, QueryError)
    assert info.value.problem == "empty"


def test_an_unknown_vm_flag_is_an_error() -> None:
    with pytest.raises(QueryError, match="unknown flag VM_FOO") as info:
        parse_query("VM_READ+VM_FOO")
    assert info.value.problem == "unknown_flag"
    assert info.value.value == "VM_FOO"


def test_an_address_wider_than_64_bits_is_an_error() -> None:
    with pytest.raises(QueryError, match="64-bit") as info:
        parse_query("0x10000000000000000")
    assert info.value.problem == "address_range"


def test_a_negative_limit_is_an_error() -> None:
    with pytest.raises(ValueError, match="limit"):
        search_vmas(Snapshot(), "libc", limit=-1)


# -- a real process: bash ----------------------------------------------------------------------
def maps_lines() -> list[tuple[int, int, str, str]]:
    """(start, end, perms, path) of bash.maps, read independently of the importer."""
    out = []
    for line in BASH_MAPS.read_text().splitlines():
        fields = line.split(maxsplit=5)
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if end > 0x7FFFFFFFF000:  # [vsyscall] is not imported
            continue
        out.append((start, end, fields[1], fields[5] if len(fields) > 5 else ""))
    return out


@pytest.fixture(scope="module")
def bash() -> Snapshot:
    timeline = Timeline(read_maps_file(BASH_MAPS).scenario)
    return snapshot_of(timeline.state(len(timeline)))


Pred = Callable[[str, str], bool]


def starts_where(pred: Pred) -> list[int]:
    return [s for s, e, perms, path in maps_lines() if pred(perms, path)]


def test_bash_every_vma_is_imported(bash: Snapshot) -> None:
    assert sorted(n.start for n in bash.nodes.values()) == [s for s, _, _, _ in maps_lines()]
    assert len(bash.nodes) == 43  # 44 lines, [vsyscall] skipped


@pytest.mark.parametrize(
    ("query", "pred"),
    [
        ("r-x", lambda p, _: p[:3] == "r-x"),
        ("r-xp", lambda p, _: p == "r-xp"),
        ("rw-", lambda p, _: p[:3] == "rw-"),
        ("r--s", lambda p, _: p == "r--s"),
        ("r--p", lambda p, _: p == "r--p"),
        ("VM_EXEC", lambda p, _: "x" in p),
        ("exec+read", lambda p, _: "x" in p and "r" in p),
        ("VM_SHARED", lambda p, _: p.endswith("s")),
        ("VM_WRITE", lambda p, _: "w" in p),
        ("libc", lambda _, path: "libc" in path),
        ("LIBC.SO", lambda _, path: "libc.so" in path),
        ("c.utf8/lc_", lambda _, path: "C.utf8/LC_" in path),
        ("/usr/bin/bash", lambda _, path: path == "/usr/bin/bash"),
        ("[heap]", lambda _, path: path == "[heap]"),
        ("[stack]", lambda _, path: path == "[stack]"),
        ("[vvar", lambda _, path: path.startswith("[vvar")),
        ("vdso", lambda _, path: path == "[vdso]"),
        ("no-such-file", lambda _, path: False),
    ],
)
def test_bash_queries(bash: Snapshot, query: str, pred: Pred) -> None:
    expected = starts_where(pred)
    assert search_vmas(bash, query) == expected
    assert expected or query == "no-such-file"


def test_bash_stack_by_its_flag(bash: Snapshot) -> None:
    (stack,) = starts_where(lambda _, path: path == "[stack]")
    assert search_vmas(bash, "growsdown") == [stack]


def test_bash_limit_keeps_the_lowest_addresses(bash: Snapshot) -> None:
    everything = search_vmas(bash, "read")
    assert everything == sorted(everything)
    assert search_vmas(bash, "read", limit=5) == everything[:5]
    assert search_vmas(bash, "read", limit=0) == []


def test_bash_addresses(bash: Snapshot) -> None:
    (heap,) = starts_where(lambda _, path: path == "[heap]")
    heap_end = bash.nodes[bash.by_start(heap) or 0].end
    assert search_vmas(bash, f"0x{heap + 0x10:x}") == [heap]
    assert search_vmas(bash, f"{heap_end:x}") == [starts_where(lambda _, path: True)[7]]
    assert search_vmas(bash, "0x7fffffffffff") == []


def test_describe(bash: Snapshot) -> None:
    (heap,) = starts_where(lambda _, path: path == "[heap]")

    def at(start: int) -> NodeState:
        key = bash.by_start(start)
        assert key is not None
        return bash.nodes[key]

    assert describe(at(heap)) == "5647f40f9000-5647f41b1000 rw-p [heap]"
    assert describe(at(0x7F470A822000)) == "7f470a822000-7f470a978000 r-xp libc.so.6"
    assert describe(at(0x7F470AA12000)).endswith(" r--s gconv-modules.cache")
    assert describe(at(0x5647C054D000)) == "5647c054d000-5647c0558000 rw-p"
    # Without a name, the file path is the label.
    assert describe(NodeState(0x1000, 0x2000, flags=0, file="/x/y")) == "1000-2000 ---p /x/y"


def test_permissions() -> None:
    assert permissions(0) == "---p"
    assert permissions(R | W | X | S) == "rwxs"
    assert permissions(R | X | VM_ACCOUNT) == "r-xp"


# -- scale -----------------------------------------------------------------------------------
def test_search_covers_all_65530_vmas() -> None:
    """At the kernel's default map count every VMA is searched (speed: benchmarks/)."""
    files = ["/usr/lib/libc.so.6", "/usr/bin/bash", None]
    ops = [
        insert(
            0x10000000 + i * 2 * K,
            0x10000000 + i * 2 * K + K,
            R | (X if i % 2 else 0),
            files[i % 3],
        )
        for i in range(65_530)
    ]
    timeline = Timeline(Scenario(ops=ops), record=False, summaries=False)
    snap = timeline.snapshot(len(timeline))
    for text, count in [("VM_READ", 65_530), ("r-x", 32_765), ("libc", 21_844), ("nope", 0)]:
        found = search_vmas(snap, parse_query(text))
        assert len(found) == count
        assert found == sorted(found)
