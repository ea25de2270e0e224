"""Stateful property tests: random inserts (many overlapping), erases and lookups against
a plain sorted-list model, with every invariant checked after every action.
"""

from __future__ import annotations

from bisect import insort

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from vmastudio.engine.check import check
from vmastudio.engine.mm import MmStruct
from vmastudio.engine.rbtree import vm_start_gap
from vmastudio.engine.trace import Tracer
from vmastudio.engine.vma import ENOMEM, PAGE_SIZE, VM_GROWSDOWN, VmArea

PAGES = 256  # a small address space makes overlaps and touching ranges common


def brute_unmapped(
    model: list[tuple[int, int, VmArea]],
    length: int,
    low: int,
    high: int,
    topdown: bool,
    v419: bool,
) -> int:
    """The lowest (highest) address whose [addr, addr+length) fits a gap and the limits."""
    gaps = []
    prev_end = 0
    for _, end, vma in model:
        gap_end = vm_start_gap(vma) if v419 else vma.vm_start
        if not v419 or gap_end > prev_end:
            gaps.append((prev_end, gap_end))
        prev_end = end
    gaps.append((prev_end, 1 << 64))
    if topdown:
        for gap_start, gap_end in reversed(gaps):
            cand = min(gap_end, high) - length
            if cand >= max(gap_start, low):
                return cand
        return ENOMEM
    for gap_start, gap_end in gaps:
        cand = max(gap_start, low)
        if cand + length <= min(gap_end, high):
            return cand
    return ENOMEM


class AddressSpace(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.kernel = "4.0"
        self.mm = MmStruct()
        self.model: list[tuple[int, int, VmArea]] = []
        self.uid = 0

    @rule(kernel=st.sampled_from(["4.0", "4.19"]))
    @precondition(lambda self: not self.model)
    def choose_kernel(self, kernel: str) -> None:
        self.kernel = kernel
        self.mm = MmStruct(kernel)  # type: ignore[arg-type]

    @rule(
        first=st.integers(0, PAGES - 1),
        pages=st.integers(1, 24),
        growsdown=st.booleans(),
        traced=st.booleans(),
    )
    def insert(self, first: int, pages: int, growsdown: bool, traced: bool) -> None:
        start = (first + 16) * PAGE_SIZE
        end = start + pages * PAGE_SIZE
        flags = 0x3 | (VM_GROWSDOWN if growsdown else 0)
        vma = VmArea(start, end, vm_flags=flags, uid=self.uid)
        self.uid += 1
        overlaps = [v for s, e, v in self.model if s < end and start < e]
        before = [(v.vm_start, v.rb_red, v.rb_subtree_gap) for v in self.mm.inorder()]
        tracer = Tracer(self.mm) if traced else None
        self.mm.tr = tracer
        res = self.mm.insert_vm_struct(vma)
        self.mm.tr = None
        if overlaps:
            assert res.result == ENOMEM
            # The conflict is on the descent path and really overlaps.
            assert res.path and res.conflict == res.path[-1]
            assert any(v.vm_start == res.conflict for v in overlaps)
            after = [(v.vm_start, v.rb_red, v.rb_subtree_gap) for v in self.mm.inorder()]
            assert after == before, "a rejected insert changed the tree"
            return
        assert res.result == 0
        insort(self.model, (start, end, vma), key=lambda t: t[0])
        index = [t[2] for t in self.model].index(vma)
        prev = self.model[index - 1][2] if index else None
        nxt = self.model[index + 1][2] if index + 1 < len(self.model) else None
        assert res.prev == (prev.vm_start if prev else None)
        assert res.next == (nxt.vm_start if nxt else None)
        # A right child's parent is its prev; a left child's parent is its next.
        if res.link == "right":
            assert res.parent == res.prev
        elif res.link == "left":
            assert res.parent == res.next
        else:
            assert res.parent is None and res.path == []
        if tracer is not None:
            found = next(s for s in tracer.steps if s.kind == "slot_found")
            assert found.role_start("parent") == res.parent
            assert found.role_start("prev") == res.prev
            assert found.roles["link_slot"]["side"] == res.link
            assert [
                s.role_start("current") for s in tracer.steps if s.kind.startswith("descend_")
            ] == res.path

    @rule(data=st.data())
    @precondition(lambda self: bool(self.model))
    def erase(self, data: st.DataObject) -> None:
        i = data.draw(st.integers(0, len(self.model) - 1))
        start, _, vma = self.model.pop(i)
        assert self.mm.lookup(start) is vma
        res = self.mm.erase(vma)
        assert res.prev == (self.model[i - 1][0] if i else None)
        assert res.next == (self.model[i][0] if i < len(self.model) else None)
        assert self.mm.lookup(start) is None

    @rule(page=st.integers(0, PAGES + 48))
    def find_vma(self, page: int) -> None:
        addr = page * PAGE_SIZE
        res = self.mm.find_vma(addr)
        want = next((s for s, e, _ in self.model if e > addr), None)
        assert res.result == want

    @rule(
        pages=st.integers(1, 40),
        low=st.integers(0, PAGES + 40),
        span=st.integers(0, PAGES + 60),
        topdown=st.booleans(),
    )
    def unmapped_area(self, pages: int, low: int, span: int, topdown: bool) -> None:
        length = pages * PAGE_SIZE
        lo, hi = low * PAGE_SIZE, (low + span) * PAGE_SIZE
        res = self.mm.unmapped_area(length, lo, hi, topdown)
        got = res.result
        assert got is not None
        if got != ENOMEM:
            # Whatever the search returns is a free range inside the limits.
            assert lo <= got and got + length <= hi
            assert all(e <= got or got + length <= s for s, e, _ in self.model)
        guard = self.mm.v419 and any(v.vm_flags & VM_GROWSDOWN for _, _, v in self.model)
        if not guard:
            # Without stack guard gaps the search finds exactly the lowest (highest) fit.
            # With them, 4.19 may skip a left subtree whose guard-clamped gap_end is
            # below the limit: a real kernel quirk, so only validity is checked there.
            want = brute_unmapped(self.model, length, lo, hi, topdown, self.mm.v419)
            assert got == want, (hex(length), hex(lo), hex(hi), topdown)

    @invariant()
    def the_tree_is_valid_and_matches_the_model(self) -> None:
        check(self.mm)
        assert [v.vm_start for v in self.mm.vmas()] == [s for s, _, _ in self.model]


TestAddressSpace = AddressSpace.TestCase
TestAddressSpace.settings = settings(
    max_examples=150,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
