"""Differential test against the kernel's own ``lib/maple_tree.c``.

``data/kernel_cases.json.gz`` and ``data/kernel_65530.json.gz`` were recorded by a small
driver around Linux 6.12's ``lib/maple_tree.c`` compiled in userspace (the kernel's
tools/testing/radix-tree harness; tree flags ALLOC_RANGE | LOCK_EXTERN | USE_RCU, as
``mm->mm_mt``). Commands: ``i S E`` and ``f S E`` store an entry over [S, E - 1] with
``mas_preallocate()`` + ``mas_store_prealloc()`` (vma_link, map_fixed); ``e S E`` stores
NULL with ``mas_store_gfp()`` (munmap); ``a SIZE MIN MAX REV`` is ``mas_empty_area(_rev)()``
on a fresh state; ``d`` dumps the tree. Every op's store type, preallocation count and the
whole tree after it (as a hash of DESIGN §7's ``maple`` dump) must be the kernel's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.maple import Maple, maple_json

DATA = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> list[dict[str, Any]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
        cases: list[dict[str, Any]] = json.load(f)["cases"]
    return cases


def _sha(maple: dict[str, Any]) -> str:
    text = json.dumps(maple, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _apply(m: Maple, cmd: list[str]) -> Any:
    kind = cmd[0]
    if kind in ("i", "f"):
        start, end = int(cmd[1]), int(cmd[2])
        r = m.store_prealloc(start, end - 1, start)
        return r.name, r.prealloc
    if kind == "e":
        start, end = int(cmd[1]), int(cmd[2])
        return m.store_gfp(start, end - 1, None).name, None
    size, lo, hi, rev = (int(x) for x in cmd[1:5])
    return m.empty_area(size, lo, hi, bool(rev))


def _names() -> list[str]:
    return [c["name"] for c in _load("kernel_cases.json.gz")]


@pytest.mark.parametrize("name", _names())
def test_every_op_matches_the_compiled_kernel(name: str) -> None:
    case = next(c for c in _load("kernel_cases.json.gz") if c["name"] == name)
    m = Maple()
    last_tree: dict[str, Any] | None = None
    for k, (line, want) in enumerate(zip(case["cmds"], case["expected"], strict=True)):
        cmd = line.split()
        got = _apply(m, cmd)
        where = f"{name} op {k + 1} ({line})"
        if cmd[0] == "a":
            result, index, last = got
            assert result == want["result"], where
            if result == 0:
                assert (index, last) == (want["index"], want["last"]), where
            continue
        assert got == (want["store_type"], want["prealloc"]), where
        last_tree = maple_json(m.tree, lambda v: v)
        assert _sha(last_tree) == want["maple_sha1"], where
        check(m.tree)
    assert last_tree == case["final_maple"]


def test_cases_cover_every_store_type_of_mm_mt() -> None:
    seen = {
        want["store_type"]
        for case in _load("kernel_cases.json.gz")
        for want in case["expected"]
        if "store_type" in want
    }
    assert seen >= {
        "wr_store_root",
        "wr_new_root",
        "wr_exact_fit",
        "wr_spanning_store",
        "wr_split_store",
        "wr_rebalance",
        "wr_node_store",
        "wr_slot_store",
    }


def _replay_compact(case: dict[str, Any]) -> None:
    """Ops with [store_type, prealloc], [result, index, last] and a dump's hash for ``d``."""
    name = case["name"]
    m = Maple()
    for k, (line, want) in enumerate(zip(case["cmds"], case["expected"], strict=True)):
        cmd = line.split()
        where = f"{name} op {k + 1} ({line})"
        if cmd[0] == "d":
            assert _sha(maple_json(m.tree, lambda v: v)) == want, where
            check(m.tree)
            continue
        got = list(_apply(m, cmd))
        if cmd[0] == "a" and got[0] != 0:
            got[1:] = [None, None]  # a failed search leaves index and last unreported
        assert got == want, where


@pytest.mark.parametrize("name", ["big_random", "big_asc", "big_desc"])
def test_65530_vmas_then_20000_erases_match_the_compiled_kernel(name: str) -> None:
    _replay_compact(next(c for c in _load("kernel_65530.json.gz") if c["name"] == name))


@pytest.mark.parametrize("name", [c["name"] for c in _load("kernel_wide.json.gz")])
def test_wide_munmaps_collapses_and_gap_searches_match_the_compiled_kernel(name: str) -> None:
    _replay_compact(next(c for c in _load("kernel_wide.json.gz") if c["name"] == name))


@pytest.mark.parametrize("name", [c["name"] for c in _load("kernel_unmapped.json.gz")])
def test_unmapped_area_with_stack_guard_gaps_matches_the_kernel_search(name: str) -> None:
    from vmastudio.engine.linux612.mm import Mm612, Vma612
    from vmastudio.engine.vma import DEFAULT_FLAGS, VM_GROWSDOWN

    case = next(c for c in _load("kernel_unmapped.json.gz") if c["name"] == name)
    mm = Mm612()
    for k, (line, want) in enumerate(zip(case["cmds"], case["expected"], strict=True)):
        cmd = line.split()
        where = f"{name} op {k + 1} ({line})"
        if cmd[0] in ("n", "g"):
            flags = DEFAULT_FLAGS | (VM_GROWSDOWN if cmd[0] == "g" else 0)
            out = mm.insert_vm_struct(Vma612(int(cmd[1]), int(cmd[2]), flags))
            assert [out.store_type, out.prealloc] == want, where
        elif cmd[0] == "u":
            length, low, high, topdown = (int(x) for x in cmd[1:5])
            assert mm.unmapped_area(length, low, high, bool(topdown)).result == want, where
        else:
            assert _sha(maple_json(mm.maple.tree, lambda v: v.start)) == want, where
