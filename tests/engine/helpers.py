"""Small builders shared by the engine tests."""

from __future__ import annotations

from vmastudio.engine.mm import Kernel, MmStruct, OpResult
from vmastudio.engine.overcommit import MemoryConfig
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.trace import Tracer, TraceStep
from vmastudio.engine.vma import VmArea

K = 0x1000


def mm_with(
    ranges: list[tuple[int, int]], kernel: Kernel = "4.0", memory: MemoryConfig | None = None
) -> MmStruct:
    """An mm built by inserting ``ranges`` in order through the kernel path."""
    mm = MmStruct(kernel, memory)
    for uid, (start, end) in enumerate(ranges):
        res = mm.insert_vm_struct(VmArea(start, end, uid=uid))
        assert res.result == 0, (hex(start), hex(end))
    return mm


def traced_insert(mm: MmStruct, vma: VmArea) -> tuple[OpResult, list[TraceStep]]:
    """Insert ``vma`` with a tracer; a VMA built without an id gets the next free one
    (the trace keys VMAs by id, as the timeline numbers them)."""
    if vma.uid == 0 and mm.mmap is not None:
        vma.uid = 1 + max(v.uid for v in mm.vmas())
    tr = Tracer(mm)
    mm.tr = tr
    try:
        res = mm.insert_vm_struct(vma)
    finally:
        mm.tr = None
    return res, tr.steps


def traced_erase(mm: MmStruct, start: int) -> tuple[OpResult, list[TraceStep]]:
    vma = mm.lookup(start)
    assert vma is not None
    tr = Tracer(mm)
    mm.tr = tr
    try:
        res = mm.erase(vma)
    finally:
        mm.tr = None
    return res, tr.steps


def inserts(ranges: list[tuple[int, int]], kernel: Kernel = "4.0") -> Timeline:
    return Timeline(
        Scenario(kernel=kernel, ops=[OpSpec("insert", vma=VmaSpec(s, e)) for s, e in ranges])
    )


def shape(mm: MmStruct) -> list[tuple[int, str, int]]:
    """(start, colour, depth) in preorder."""
    from vmastudio.engine.check import preorder

    return [(s, c, d) for s, _, c, d in preorder(mm)]


def cases(steps: list[TraceStep]) -> list[str]:
    return [s.case for s in steps if s.case]
