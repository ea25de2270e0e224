"""Replaying a 6.12 scenario: the JSON of DESIGN §7 and the readable walk (en, zh_CN).

This is the 6.12 counterpart of the 4.x ``Timeline`` for the command line: every op runs
once on ``Mm612``; with ``trace`` each op also carries its steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .maple import maple_json
from .mm import ENOMEM, Mm612, Outcome, SplitRefused, Vma612
from .trace import render

if TYPE_CHECKING:
    from ..scenario import OpSpec, Scenario, VmaSpec


def _vma(spec: VmaSpec, uid: int) -> Vma612:
    return Vma612(
        spec.start, spec.end, spec.flags, spec.file, spec.pgoff, spec.special, spec.name, uid
    )


@dataclass(slots=True)
class Replay612:
    """A replayed 6.12 scenario: one outcome per op, the JSON entries and the final mm."""

    mm: Mm612
    outcomes: list[Outcome] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)


def run_op(mm: Mm612, op: OpSpec, k: int, uid: int, trace: bool) -> Outcome:
    """One scenario op on ``mm``; ``ScenarioError`` naming ``ops[k]`` for a refused op."""
    from ..problems import Problem
    from ..scenario import ScenarioError

    where = f"ops[{k}]"
    try:
        if op.op == "insert":
            assert op.vma is not None
            return mm.insert_vm_struct(_vma(op.vma, uid), trace)
        if op.op == "map_fixed":
            assert op.vma is not None
            return mm.map_fixed(_vma(op.vma, uid), trace)
        if op.op == "erase":
            try:
                return mm.erase(op.start, trace)
            except KeyError:
                raise ScenarioError(
                    f"{where}.start", Problem("op.no_vma_at", addr=f"0x{op.start:x}")
                ) from None
        if op.op == "munmap":
            return mm.munmap(op.start, op.end, trace)
        if op.op == "find_vma":
            return mm.find_vma(op.addr, trace)
        if op.op == "empty_area":
            return mm.empty_area(op.size, op.area_min, op.area_max, op.rev, trace)
        return mm.unmapped_area(op.length, op.low, op.high, op.topdown, trace)
    except SplitRefused as exc:
        raise ScenarioError(where, Problem("op.split_refused", op=op.op, reason=str(exc))) from None


def entry_of(out: Outcome, mm: Mm612, with_tree: bool) -> dict[str, Any]:
    """The ``replay --json`` entry of one op (DESIGN §7)."""
    e: dict[str, Any] = {"op": out.op}
    if out.op in ("insert", "map_fixed", "erase", "munmap"):
        e.update(start=out.start, end=out.end, result=out.result, conflict=out.conflict)
        e.update(map_count=mm.map_count, store_type=out.store_type, prealloc=out.prealloc)
    else:
        e["result"] = out.result
        e.update(out.extra)
        e.update(map_count=mm.map_count, store_type=None, prealloc=None)
    if with_tree:
        e["maple"] = maple_json(mm.maple.tree, lambda v: v.start)
    return e


def replay(sc: Scenario, trace: bool = False, final_tree: bool = False) -> Replay612:
    """Replay ``sc`` (a 6.12 scenario): initial VMAs untraced, then every op."""
    mm = Mm612(sc.memory)
    uid = len(sc.initial)
    mm.load(_vma(spec, k) for k, spec in enumerate(sc.initial, start=1))
    rp = Replay612(mm)
    last = len(sc.ops) - 1
    for k, op in enumerate(sc.ops):
        uid += 1
        out = run_op(mm, op, k, uid, trace)
        rp.outcomes.append(out)
        entry = entry_of(out, mm, with_tree=not final_tree or k == last)
        if trace:
            entry["trace"] = [s.to_json() for s in out.steps]
        rp.entries.append(entry)
    return rp


def describe(op: OpSpec, out: Outcome, lang: str) -> str:
    """One line per op for the readable walk."""
    if out.op in ("insert", "map_fixed", "erase", "munmap"):
        rng = f"[{out.start:#x}, {out.end:#x})"
        res = "-ENOMEM" if out.result == ENOMEM else "0"
        how = render(
            "describe.store" if out.store_type else "describe.nostore",
            store_type=out.store_type or "",
            prealloc="-" if out.prealloc is None else out.prealloc,
        )[lang]
        return f"{out.op} {rng} → {res}{how}"
    if out.op == "empty_area":
        res = f"[{out.extra['index']:#x}, {out.extra['last']:#x}]" if out.result == 0 else "-EBUSY"
        return f"empty_area size {op.size:#x} {'rev ' if op.rev else ''}→ {res}"
    if out.op == "find_vma":
        res = "NULL" if out.result is None else f"{out.result:#x}"
        return f"find_vma {op.addr:#x} → {res}"
    assert out.result is not None
    res = "-ENOMEM" if out.result < 0 else f"{out.result:#x}"
    return f"unmapped_area length {op.length:#x} → {res}"


def walk_lines(sc: Scenario, lang: str) -> list[str]:
    """The readable step-by-step walk of a 6.12 scenario, in ``lang``."""
    rp = replay(sc, trace=True, final_tree=True)
    word = {"en": "op", "zh_CN": "操作"}[lang]
    lines: list[str] = []
    for k, (op, out) in enumerate(zip(sc.ops, rp.outcomes, strict=True), start=1):
        lines.append(f"{word} {k}: {describe(op, out, lang)}")
        for i, step in enumerate(out.steps, start=1):
            lines.append(f"   {i:>2}. [{step.func}] {step.text[lang]}")
    return lines


__all__ = ["Replay612", "describe", "entry_of", "replay", "run_op", "walk_lines"]
