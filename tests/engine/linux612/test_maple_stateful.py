"""A Hypothesis state machine: random inserts, erases, munmaps, map_fixed and gap searches on
the 6.12 mm against a plain sorted list of ranges, with ``check()`` after every step."""

from __future__ import annotations

import bisect

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from vmastudio.engine.linux612.check import check, entries
from vmastudio.engine.linux612.mm import EBUSY, ENOMEM, Mm612, SplitRefused, Vma612
from vmastudio.engine.vma import DEFAULT_FLAGS

P = 0x1000
PAGES = 600  # a small address space so that VMAs touch, holes refill and leaves split
pages = st.integers(min_value=16, max_value=16 + PAGES)


class MapleAgainstSortedList(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mm = Mm612()
        self.model: list[tuple[int, int]] = []  # sorted [start, end)

    def _overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.model if s < end and e > start]

    def _splits(self, start: int, end: int) -> bool:
        return any(s < start < e or s < end < e for s, e in self.model)

    @rule(first=pages, length=st.integers(min_value=1, max_value=8))
    def insert(self, first: int, length: int) -> None:
        start, end = first * P, (first + length) * P
        clash = self._overlapping(start, end)
        out = self.mm.insert_vm_struct(Vma612(start, end, DEFAULT_FLAGS))
        if clash:
            assert out.result == ENOMEM and out.conflict == clash[0][0]
            assert out.store_type is None
        else:
            assert out.result == 0
            # a VMA stored into a hole never spans leaves
            assert out.store_type != "wr_spanning_store"
            bisect.insort(self.model, (start, end))

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        start, end = data.draw(st.sampled_from(self.model))
        out = self.mm.erase(start)
        assert out.result == 0 and out.end == end
        self.model.remove((start, end))

    @rule(first=pages, length=st.integers(min_value=1, max_value=60), fixed=st.booleans())
    def range_op(self, first: int, length: int, fixed: bool) -> None:
        start, end = first * P, (first + length) * P
        inside = self._overlapping(start, end)
        if self._splits(start, end):
            try:
                if fixed:
                    self.mm.map_fixed(Vma612(start, end, DEFAULT_FLAGS))
                else:
                    self.mm.munmap(start, end)
            except SplitRefused:
                return
            raise AssertionError("a splitting range was not refused")
        if fixed:
            assert self.mm.map_fixed(Vma612(start, end, DEFAULT_FLAGS)).result == 0
            for r in inside:
                self.model.remove(r)
            bisect.insort(self.model, (start, end))
        else:
            out = self.mm.munmap(start, end)
            assert out.result == 0 and (out.store_type is None) == (not inside)
            for r in inside:
                self.model.remove(r)

    @rule(
        size=st.integers(min_value=1, max_value=40),
        lo=st.integers(min_value=0, max_value=PAGES + 40),
        span=st.integers(min_value=0, max_value=PAGES),
        rev=st.booleans(),
    )
    def empty_area(self, size: int, lo: int, span: int, rev: bool) -> None:
        mn = lo * P
        mx = mn + max(span * P, size * P) - 1
        out = self.mm.empty_area(size * P, mn, mx, rev)
        # the plain answer: free ranges (the holes between VMAs, 0..ULONG_MAX) clipped
        holes = []
        prev = 0
        for s, e in self.model:
            if s > prev:
                holes.append((prev, s - 1))
            prev = e
        holes.append((prev, (1 << 64) - 1))
        fits = [
            (max(a, mn), min(b, mx)) for a, b in holes if min(b, mx) - max(a, mn) + 1 >= size * P
        ]
        if not fits:
            assert out.result == EBUSY
        elif rev:
            last = fits[-1][1]
            assert (out.result, out.extra) == (0, {"index": last - size * P + 1, "last": last})
        else:
            index = fits[0][0]
            assert (out.result, out.extra) == (0, {"index": index, "last": index + size * P - 1})

    @rule(addr=st.integers(min_value=0, max_value=(PAGES + 40) * P))
    def find_vma(self, addr: int) -> None:
        want = next((s for s, e in self.model if e > addr), None)
        assert self.mm.find_vma(addr).result == want

    @invariant()
    def tree_is_valid_and_holds_the_model(self) -> None:
        check(self.mm.maple.tree)
        got = [(lo, hi + 1) for lo, hi, _v in entries(self.mm.maple.tree)]
        assert got == self.model
        assert self.mm.map_count == len(self.model)


MapleAgainstSortedList.TestCase.settings = settings(
    max_examples=60, stateful_step_count=200, deadline=None
)
TestMapleAgainstSortedList = MapleAgainstSortedList.TestCase
