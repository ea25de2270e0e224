"""The mm-level operations of Linux 6.12 on ``mm->mm_mt`` (``mm/mmap.c``, ``mm/vma.c``).

``insert_vm_struct()``: ``find_vma_intersection()`` (any VMA in [start, end - 1] →
-ENOMEM), the VM_ACCOUNT charge, an anonymous VMA's pgoff, then ``vma_link()``:
``mas_preallocate()`` classifies the write and reserves nodes, ``vma_start_write()``,
``mas_store_prealloc()``, ``map_count++``. An erase is ``munmap()`` of one whole VMA: a NULL
store over its range through ``mas_store_gfp()``. ``munmap`` and ``map_fixed`` over a range
are modelled only when no VMA would be split.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from ..overcommit import MemoryConfig, vm_enough_memory
from ..vma import PAGE_SHIFT, STACK_GUARD_GAP, VM_ACCOUNT, VM_GROWSDOWN
from .maple import Maple, StoreResult
from .nodes import STORE_TYPE_NAMES, ULONG_MAX, MaState, ma_data_end, ulong
from .search import find_first, walk_levels
from .store import mas_preallocate, mas_preallocate_hole, mas_store_prealloc
from .trace import Recorder, Step612, hexr, render

ENOMEM: Final = -12
EBUSY: Final = -16
#: CONFIG_DEFAULT_MMAP_MIN_ADDR of Debian's x86-64 kernels: unmapped_area() never goes lower.
MMAP_MIN_ADDR: Final = 0x10000


class SplitRefused(ValueError):
    """A munmap/map_fixed range whose edge falls inside a VMA (splitting is not modelled)."""


@dataclass(slots=True, init=False)
class Vma612:
    """The fields of ``vm_area_struct`` the 6.12 model needs; ``uid`` tells trials apart.

    ``__init__`` is written out: compiled, a dataclass-made one would run interpreted.
    """

    start: int
    end: int
    flags: int
    file: str | None
    pgoff: int
    special: bool
    name: str
    uid: int

    def __init__(
        self,
        start: int,
        end: int,
        flags: int,
        file: str | None = None,
        pgoff: int = 0,
        special: bool = False,
        name: str = "",
        uid: int = 0,
    ) -> None:
        self.start = start
        self.end = end
        self.flags = flags
        self.file = file
        self.pgoff = pgoff
        self.special = special
        self.name = name
        self.uid = uid

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled by its fields (compiled, there is no argument-less constructor)
        args = (self.start, self.end, self.flags, self.file, self.pgoff, self.special)
        return (Vma612, (*args, self.name, self.uid))

    def pages(self) -> int:
        return (self.end - self.start) >> PAGE_SHIFT

    def anonymous(self) -> bool:
        """``vma_is_anonymous()``: no ``vm_ops`` (no file, not a special mapping)."""
        return self.file is None and not self.special


@dataclass(slots=True, init=False)
class Outcome:
    """What one op returned and did (the JSON entry's facts) and, if traced, its steps.

    ``__init__`` is written out, as ``Vma612``'s.
    """

    op: str
    result: int | None
    start: int | None
    end: int | None
    conflict: int | None
    store_type: str | None
    prealloc: int | None
    extra: dict[str, Any]
    steps: list[Step612]

    def __init__(
        self,
        op: str,
        result: int | None,
        start: int | None = None,
        end: int | None = None,
        conflict: int | None = None,
        store_type: str | None = None,
        prealloc: int | None = None,
        extra: dict[str, Any] | None = None,
        steps: list[Step612] | None = None,
    ) -> None:
        self.op = op
        self.result = result
        self.start = start
        self.end = end
        self.conflict = conflict
        self.store_type = store_type
        self.prealloc = prealloc
        self.extra = {} if extra is None else extra
        self.steps = [] if steps is None else steps

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled by its fields, as Vma612 (a replay handed over from another process)
        facts = (self.op, self.result, self.start, self.end, self.conflict)
        return (Outcome, (*facts, self.store_type, self.prealloc, self.extra, self.steps))


class Mm612:
    """``struct mm_struct`` of 6.12: ``mm_mt``, ``map_count`` and the overcommit counters."""

    def __init__(self, memory: MemoryConfig | None = None) -> None:
        self.maple = Maple()
        self.map_count = 0
        self.memory = memory or MemoryConfig()
        self.committed = self.memory.committed_pages
        self.total_vm = 0
        self._rec: Recorder | None = None

    # -- tracing ---------------------------------------------------------------------
    def _begin(self, trace: bool) -> Recorder | None:
        rec = Recorder(self.maple.tree) if trace else None
        self.maple.tree.rec = rec
        self._rec = rec
        return rec

    def _end(self, out: Outcome) -> Outcome:
        rec = self._rec
        if rec is not None:
            out.steps = rec.steps
        self.maple.tree.rec = None
        self._rec = None
        return out

    def _step(
        self, kind: str, where: str, line: str, roles: dict[str, Any], key: str, **values: Any
    ) -> None:
        if self._rec is not None:
            self._rec.flush(kind, where, line, roles, render(key, **values))

    # -- lookups -----------------------------------------------------------------------
    def vmas(self) -> list[Vma612]:
        return [entry for _a, _b, entry in self.maple.entries()]

    def find_vma(self, addr: int, trace: bool = False) -> Outcome:
        """``find_vma()``: ``mt_find(mm_mt, addr, ULONG_MAX)``: the first VMA ending above addr."""
        self._begin(trace)
        vma, _lo, _hi = self.maple.find(addr, ULONG_MAX)
        result = vma.start if vma is not None else None
        self._walk_steps(addr)
        shown = f"[{vma.start:#x}, {vma.end:#x})" if vma is not None else "NULL"
        self._step("return", "find_vma", "find.return", {}, "find_vma", addr=addr, result=shown)
        return self._end(Outcome("find_vma", result, extra={"addr": addr}))

    def find_vma_intersection(self, start: int, end: int) -> Vma612 | None:
        vma, _lo, _hi = self.maple.find(start, end - 1)
        return vma  # type: ignore[no-any-return]

    def _walk_steps(self, index: int) -> None:
        """One ``intersect_walk`` step per level of ``mt_find()``'s descent to ``index``."""
        if self._rec is None:
            return
        for node, offset, mn, mx in walk_levels(self.maple.tree, index):
            lo = ulong(node.pivot[offset - 1]) + 1 if offset else mn
            end = ma_data_end(node, node.type, node.pivot, mx)
            hi = ulong(node.pivot[offset]) if offset < end else mx
            self._step(
                "intersect_walk",
                "mt_find",
                "find.walk",
                {"node": node.nid, "offset": offset, "range": [lo, hi]},
                "intersect_walk",
                type="leaf_64" if node.is_leaf else "arange_64",
                node=node.nid,
                offset=offset,
                range=hexr(lo, hi),
                index=index,
            )

    # -- insert_vm_struct() ----------------------------------------------------------------
    def insert_vm_struct(self, vma: Vma612, trace: bool = False) -> Outcome:
        """``insert_vm_struct()``: 0, or -ENOMEM on an intersecting VMA or a refused charge.

        Complexity O(log n).
        """
        if not trace:
            return self._insert_untraced(vma)
        self._begin(trace)
        out = Outcome("insert", ENOMEM, vma.start, vma.end)
        rng = hexr(vma.start, vma.end - 1)
        self._step(
            "intersect_walk",
            "find_vma_intersection",
            "insert.find",
            {"range": [vma.start, vma.end - 1]},
            "intersect_start",
            range=rng,
        )
        self._walk_steps(vma.start)
        other = self.find_vma_intersection(vma.start, vma.end)
        if other is not None:
            out.conflict = other.start
            self._step(
                "intersect_walk",
                "find_vma_intersection",
                "insert.conflict",
                {"conflict": other.start},
                "intersect_found",
                conflict=f"[{other.start:#x}, {other.end:#x})",
                range=rng,
            )
            self._step(
                "return",
                "insert_vm_struct",
                "insert.enomem",
                {},
                "return.enomem",
                func="insert_vm_struct",
            )
            return self._end(out)
        self._step(
            "intersect_walk",
            "find_vma_intersection",
            "insert.none",
            {},
            "intersect_none",
            range=rng,
        )
        if vma.flags & VM_ACCOUNT:
            account: Any = self  # __vm_enough_memory() reads memory, committed and total_vm
            if not vm_enough_memory(account, vma.pages()):
                self._step(
                    "return",
                    "insert_vm_struct",
                    "insert.account",
                    {},
                    "account_fail",
                    pages=vma.pages(),
                )
                return self._end(out)
            self._step(
                "prealloc",
                "insert_vm_struct",
                "insert.account",
                {},
                "account_ok",
                pages=vma.pages(),
            )
        if vma.anonymous():
            vma.pgoff = vma.start >> PAGE_SHIFT
            self._step(
                "prealloc",
                "insert_vm_struct",
                "insert.pgoff",
                {},
                "pgoff",
                new=f"[{vma.start:#x}, {vma.end:#x})",
                pgoff=f"{vma.pgoff:#x}",
            )
        res = self._link(vma, rng)
        self.map_count += 1
        self.total_vm += vma.pages()
        self._step(
            "map_count", "vma_link", "link.map_count", {}, "map_count.inc", count=self.map_count
        )
        self._step(
            "return", "insert_vm_struct", "insert.return", {}, "return.ok", func="insert_vm_struct"
        )
        out.result = 0
        out.store_type = res.name
        out.prealloc = res.prealloc
        return self._end(out)

    def load(self, vmas: Iterable[Vma612]) -> int:
        """A bulk load (a scenario's initial VMAs, a maps file): ``insert_vm_struct()`` of
        each VMA, untraced, with the cyclic collector paused as the 4.x ``Timeline`` does
        (the load allocates tens of thousands of long-lived objects and frees none in
        cycles; reference counting still frees every dead node). Returns how many VMAs
        went in (the others were refused, as ``insert_vm_struct()`` refuses them).

        Complexity O(n log n).
        """
        from ..timeline import collector_paused

        inserted = 0
        tree = self.maple.tree
        # The VMAs are made before the first write, so they lie together in memory rather
        # than between the nodes the writes make and kill (each write touches them all).
        vmas = list(vmas)
        # Nothing outside the tree holds a node during an untraced load: dead nodes can be
        # recycled (a recorder keeps them, so a traced tree never recycles).
        tree.recycle = tree.rec is None
        try:
            with collector_paused():
                for vma in vmas:
                    if self._insert_fast(vma)[0] == 0:
                        inserted += 1
        finally:
            tree.stop_recycling()
        return inserted

    def _insert_untraced(self, vma: Vma612) -> Outcome:
        """The same path as ``insert_vm_struct()`` without the step bookkeeping (bulk loads).

        The write walk of ``mas_preallocate()`` runs first: when it lands in one NULL slot
        covering the whole range, nothing intersects the VMA, and ``mt_find()`` would walk
        the same path to say so. Otherwise ``find_vma_intersection()`` runs as in the
        kernel. Neither walk changes the tree, so the order leaves the result, the store
        type, the preallocation and the tree exactly as the traced path has them.
        """
        out = Outcome("insert", ENOMEM, vma.start, vma.end)
        result, conflict, st, count = self._insert_fast(vma)
        if result == 0:
            out.result = 0
            out.store_type = STORE_TYPE_NAMES[st]
            out.prealloc = count
        elif conflict >= 0:
            out.conflict = conflict
        return out

    def _insert_fast(self, vma: Vma612) -> tuple[int, int, int, int]:
        """``_insert_untraced`` as plain numbers, nothing allocated for the answer: (result,
        the conflicting VMA's vm_start or -1, store type, preallocated count)."""
        start, last = vma.start, vma.end - 1
        tree = self.maple.tree
        mas = MaState(tree, start, last)
        count = mas_preallocate_hole(mas, vma)
        if count < 0:
            other, _lo, _hi = find_first(tree, start, last)
            if other is not None:
                return ENOMEM, other.start, 0, 0
            mas = MaState(tree, start, last)
        if vma.flags & VM_ACCOUNT:
            account: Any = self
            if not vm_enough_memory(account, vma.pages()):
                return ENOMEM, -1, 0, 0
        if vma.file is None and not vma.special:
            vma.pgoff = start >> PAGE_SHIFT
        if count < 0:
            count = mas_preallocate(mas, vma)
        st = mas.store_type
        mas.index, mas.last = start, last
        mas_store_prealloc(mas, vma)
        self.map_count += 1
        self.total_vm += (vma.end - start) >> PAGE_SHIFT
        return 0, -1, st, count

    def _link(self, vma: Vma612, rng: str) -> StoreResult:
        """``vma_link()``: preallocate, ``vma_start_write()``, ``vma_iter_store()``."""
        self._step(
            "prealloc",
            "vma_link",
            "link.config",
            {"range": [vma.start, vma.end - 1]},
            "vma_link",
            range=rng,
        )
        mas = MaState(self.maple.tree, vma.start, vma.end - 1)
        count = mas_preallocate(mas, vma)
        st = mas.store_type
        self._step(
            "start_write",
            "vma_start_write",
            "link.start_write",
            {},
            "start_write",
            new=f"[{vma.start:#x}, {vma.end:#x})",
        )
        mas.index, mas.last = vma.start, vma.end - 1
        mas_store_prealloc(mas, vma)
        return StoreResult(st, count)

    # -- munmap ----------------------------------------------------------------------------
    def covered(self, start: int, end: int) -> list[Vma612]:
        """The VMAs in [start, end); ``SplitRefused`` if an edge falls inside one."""
        inside: list[Vma612] = []
        for lo, hi, vma in self._entries_between(start, end):
            if lo < start or hi > end - 1:
                raise SplitRefused(
                    f"[{start:#x}, {end:#x}) would split the VMA [{vma.start:#x}, {vma.end:#x}) "
                    "(splitting a VMA is not modelled yet)"
                )
            inside.append(vma)
        return inside

    def _entries_between(self, start: int, end: int) -> list[tuple[int, int, Any]]:
        out = []
        index = start
        while index < end:
            vma, lo, hi = self.maple.find(index, end - 1)
            if vma is None:
                break
            out.append((lo, hi, vma))
            index = hi + 1
        return out

    def munmap(self, start: int, end: int, trace: bool = False, op: str = "munmap") -> Outcome:
        """``do_vmi_munmap()`` over whole VMAs: one NULL store over [start, end - 1]."""
        inside = self.covered(start, end)
        self._begin(trace)
        out = Outcome(op, 0, start, end)
        rng = hexr(start, end - 1)
        if not inside:
            self._step(
                "return",
                "do_vmi_munmap",
                "munmap.none",
                {"range": [start, end - 1]},
                "munmap.none",
                range=rng,
            )
            return self._end(out)
        self._step(
            "prealloc",
            "vma_iter_clear_gfp",
            "munmap.clear",
            {"range": [start, end - 1]},
            "clear_gfp",
            range=rng,
        )
        res = self.maple.store_gfp(start, end - 1, None)
        self.map_count -= len(inside)
        for vma in inside:
            self.total_vm -= vma.pages()
            if vma.flags & VM_ACCOUNT:
                self.committed -= vma.pages()
        self._step(
            "map_count",
            "do_vmi_align_munmap",
            "munmap.map_count",
            {},
            "map_count.dec",
            count=self.map_count,
        )
        self._step(
            "return", "do_vmi_munmap", "munmap.return", {}, "return.ok", func="do_vmi_munmap"
        )
        out.store_type = res.name
        return self._end(out)

    def erase(self, start: int, trace: bool = False) -> Outcome:
        """munmap() of the one VMA starting at ``start`` (its whole range)."""
        vma, lo, _hi = self.maple.find(start, start)
        if vma is None or lo != start:
            raise KeyError(start)
        return self.munmap(vma.start, vma.end, trace, op="erase")

    def map_fixed(self, vma: Vma612, trace: bool = False) -> Outcome:
        """``mmap(MAP_FIXED)`` over whole VMAs: the new VMA is stored over the range in one
        store (``vma_iter_prealloc()`` + ``vma_iter_store()`` in ``__mmap_region()``)."""
        inside = self.covered(vma.start, vma.end)
        self._begin(trace)
        out = Outcome("map_fixed", 0, vma.start, vma.end)
        rng = hexr(vma.start, vma.end - 1)
        if vma.anonymous():
            vma.pgoff = vma.start >> PAGE_SHIFT
        res = self._link(vma, rng)
        for old in inside:
            self.total_vm -= old.pages()
            if old.flags & VM_ACCOUNT:
                self.committed -= old.pages()
        self.map_count += 1 - len(inside)
        self.total_vm += vma.pages()
        self._step(
            "map_count",
            "__mmap_region",
            "fixed.map_count",
            {},
            "map_count.fixed",
            count=self.map_count,
            replaced=len(inside),
        )
        self._step("return", "__mmap_region", "fixed.return", {}, "return.ok", func="__mmap_region")
        out.store_type = res.name
        out.prealloc = res.prealloc
        return self._end(out)

    # -- gap searches -------------------------------------------------------------------------
    def empty_area(self, size: int, mn: int, mx: int, rev: bool, trace: bool = False) -> Outcome:
        """``mas_empty_area(_rev)()`` on a fresh state: 0 with index/last, or -EBUSY."""
        self._begin(trace)
        r, index, last = self.maple.empty_area(size, mn, mx, rev)
        out = Outcome("empty_area", r)
        shown = hexr(index, last) if r == 0 else "-EBUSY" if r == EBUSY else str(r)
        if r == 0:
            out.extra = {"index": index, "last": last}
        self._step(
            "return",
            "mas_empty_area_rev" if rev else "mas_empty_area",
            "area.return",
            {"range": [index, last]} if r == 0 else {},
            "empty_area",
            rev="_rev" if rev else "",
            size=size,
            min=mn,
            max=mx,
            result=shown,
        )
        return self._end(out)

    def unmapped_area(
        self, length: int, low: int, high: int, topdown: bool, trace: bool = False
    ) -> Outcome:
        """``unmapped_area()`` / ``unmapped_area_topdown()`` (no alignment), with the stack
        guard gap check and retry; the address, or -ENOMEM."""
        self._begin(trace)
        func = "unmapped_area_topdown" if topdown else "unmapped_area"
        low_limit = max(low, MMAP_MIN_ADDR)
        high_limit = high
        result = ENOMEM
        while True:
            # vma_iter_area_lowest/highest(): mas_empty_area(_rev)(min, max - 1, size); any
            # error (-EBUSY, or -EINVAL for an empty window) is -ENOMEM
            mx = (high_limit - 1) & ULONG_MAX
            r, index, last = self.maple.empty_area(length, low_limit, mx, topdown)
            if r:
                break
            if topdown:
                gap = last + 1 - length
                gap_end = last + 1
            else:
                gap = index
                gap_end = gap + length
            nxt, _lo, _hi = self.maple.find(index, ULONG_MAX)
            if nxt is not None and nxt.flags & VM_GROWSDOWN:
                start_gap = max(nxt.start - STACK_GUARD_GAP, 0)
                if (topdown and start_gap < gap_end) or (
                    not topdown and start_gap < gap + length - 1
                ):
                    if topdown:
                        high_limit = start_gap
                        limit_name = "high_limit"
                    else:
                        low_limit = nxt.end
                        limit_name = "low_limit"
                    self._step(
                        "intersect_walk",
                        func,
                        "area.guard",
                        {"conflict": nxt.start},
                        "guard_retry",
                        next=f"[{nxt.start:#x}, {nxt.end:#x})",
                        limit=limit_name,
                        value=high_limit if topdown else low_limit,
                    )
                    continue
            result = gap
            break
        shown = f"{result:#x}" if result >= 0 else "-ENOMEM"
        self._step("return", func, "area.return", {}, "unmapped_area", func=func, result=shown)
        return self._end(Outcome("unmapped_area", result))
