"""``struct mm_struct`` and the kernel paths VMA Studio replays (Linux 4.0 and 4.19).

``insert_vm_struct()`` → ``find_vma_links()`` → ``vma_link()`` → ``__vma_link_list()`` +
``__vma_link_rb()``; the single-VMA unmap (``detach_vmas_to_be_unmapped()``); the lookups
``find_vma()`` and ``unmapped_area(_topdown)()``. Each runs exactly in the kernel's order;
with ``mm.tr`` set, each also records its steps (trace.py).
"""

from __future__ import annotations

from typing import Any, Literal, final

from . import rbtree
from .overcommit import MemoryConfig, commit_check
from .trace import Slot, Tracer, TrailMark
from .vma import ENOMEM, PAGE_SHIFT, ULONG_MASK, VM_ACCOUNT, VmArea

Kernel = Literal["4.0", "4.19"]
KERNELS: tuple[Kernel, ...] = ("4.0", "4.19")
OpName = Literal["insert", "erase", "find_vma", "unmapped_area"]


@final
class OpResult:
    """What one op did, in the terms of ``replay --json`` (DESIGN.md §4).

    A plain class with the dataclass's constructor, equality and repr: one is made per op,
    and mypyc runs a dataclass's generated ``__init__`` as interpreted code (9% of a
    compiled 65,530-op load).
    """

    __slots__ = (
        "conflict",
        "end",
        "link",
        "next",
        "op",
        "parent",
        "path",
        "prev",
        "result",
        "rotations",
        "start",
    )

    def __init__(
        self,
        op: OpName,
        start: int | None,
        end: int | None,
        result: int | None,
        path: list[int] | None = None,
        conflict: int | None = None,
        parent: int | None = None,
        link: str | None = None,
        prev: int | None = None,
        next: int | None = None,
        rotations: list[tuple[int, int]] | None = None,
    ) -> None:
        self.op: OpName = op
        self.start = start
        self.end = end
        self.result = result
        self.path = path
        self.conflict = conflict
        self.parent = parent
        self.link = link
        self.prev = prev
        self.next = next
        self.rotations: list[tuple[int, int]] = [] if rotations is None else rotations

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.op,
            self.start,
            self.end,
            self.result,
            self.path,
            self.conflict,
            self.parent,
            self.link,
            self.prev,
            self.next,
            self.rotations,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OpResult):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return (
            f"OpResult(op={self.op!r}, start={self.start!r}, end={self.end!r}, "
            f"result={self.result!r}, path={self.path!r}, conflict={self.conflict!r}, "
            f"parent={self.parent!r}, link={self.link!r}, prev={self.prev!r}, "
            f"next={self.next!r}, rotations={self.rotations!r})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "start": self.start,
            "end": self.end,
            "result": self.result,
            "path": self.path,
            "conflict": self.conflict,
            "parent": self.parent,
            "link": self.link,
            "prev": self.prev,
            "next": self.next,
            "rotations": [list(r) for r in self.rotations],
        }


def gap_only_mark(op_no: int) -> int:
    """The ``hop`` value saying "only ``rb_subtree_gap`` was saved in op ``op_no``"."""
    return -op_no - 2


# final: compiled (mypyc) callers then call its methods directly, not through a vtable.
@final
class MmStruct:
    """A process address space: the VMA list, the augmented tree and the counters."""

    __slots__ = (
        "committed",
        "highest_vm_end",
        "kernel",
        "map_count",
        "memory",
        "mm_rb",
        "mmap",
        "op_box",
        "op_no",
        "recording",
        "rotations",
        "total_vm",
        "touched",
        "tr",
        "v419",
    )

    def __init__(self, kernel: Kernel = "4.0", memory: MemoryConfig | None = None) -> None:
        if kernel not in KERNELS:
            raise ValueError(f"unknown kernel profile {kernel!r}")
        self.kernel: Kernel = kernel
        self.v419 = kernel == "4.19"
        self.memory = memory if memory is not None else MemoryConfig()
        self.mmap: VmArea | None = None
        self.mm_rb: VmArea | None = None
        self.map_count = 0
        self.highest_vm_end = 0
        #: Pages mapped (callers of insert_vm_struct account them; see overcommit.py).
        self.total_vm = 0
        #: vm_committed_as, in pages.
        self.committed = self.memory.committed_pages
        self.op_no = 0
        #: ``op_no`` as one Python object, shared by every history entry of the op.
        self.op_box: Any = 0
        #: When true, ``touch`` saves each node's link state once per op (timeline.py).
        self.recording = False
        self.tr: Tracer | None = None
        #: When a list, ``touch`` also collects the nodes each op writes (timeline.py).
        self.touched: list[VmArea] | None = None
        self.rotations: list[tuple[int, int]] = []

    # ``mm->mm_rb.rb_node`` under a short name for the tree code.
    @property
    def root(self) -> VmArea | None:
        return self.mm_rb

    @root.setter
    def root(self, node: VmArea | None) -> None:
        self.mm_rb = node

    def touch(self, v: VmArea) -> None:
        """Call before writing any link field of ``v`` in the current op.

        ``v.hop`` is the op that last saved ``v``: ``op_no`` after a full save,
        ``gap_only_mark(op_no)`` after ``propagate`` saved only the gap (see timeline.py).
        """
        op_no = self.op_no
        hop = v.hop
        if hop != op_no:
            v.hop = op_no
            widen = hop == -op_no - 2  # gap_only_mark(op_no), inlined: a hot path
            if self.recording:
                # Only the gap was saved in this op so far: keep its pre-op value.
                gap = v.ghist[-1] if widen and v.ghist is not None else v.rb_subtree_gap
                saved = (
                    self.op_box,
                    v.vm_prev,
                    v.vm_next,
                    v.rb_parent,
                    v.rb_left,
                    v.rb_right,
                    v.rb_red,
                    gap,
                )
                if v.hist is None:
                    v.hist = [saved]
                else:
                    v.hist.append(saved)
            if widen:
                return  # already reported to the collectors below
            if self.touched is not None:
                self.touched.append(v)
            if self.tr is not None:
                self.tr.note_touched(v)

    def begin_op(self) -> None:
        self.op_no += 1
        self.op_box = self.op_no
        self.rotations = []

    # -- walks ------------------------------------------------------------------------
    def vmas(self) -> list[VmArea]:
        """The list ``mm->mmap`` in ``vm_next`` order. O(n)."""
        out = []
        v = self.mmap
        while v is not None:
            out.append(v)
            v = v.vm_next
        return out

    def inorder(self) -> list[VmArea]:
        """The tree's nodes in order (iterative, no recursion limit). O(n)."""
        out: list[VmArea] = []
        stack: list[VmArea] = []
        node = self.mm_rb
        while stack or node is not None:
            while node is not None:
                stack.append(node)
                node = node.rb_left
            node = stack.pop()
            out.append(node)
            node = node.rb_right
        return out

    def lookup(self, start: int) -> VmArea | None:
        """The VMA whose ``vm_start`` is exactly ``start``, by descent. O(log n)."""
        node = self.mm_rb
        while node is not None:
            if start < node.vm_start:
                node = node.rb_left
            elif start > node.vm_start:
                node = node.rb_right
            else:
                return node
        return None

    # -- insert_vm_struct -------------------------------------------------------------
    def insert_vm_struct(self, vma: VmArea) -> OpResult:
        """Insert ``vma``: 0, or -ENOMEM on overlap or a refused VM_ACCOUNT charge.

        Complexity O(log n).
        """
        self.begin_op()
        vma.hop = self.op_no
        tr = self.tr
        # The op's own rotations list from the start (res.rotations ends up as it anyway):
        # no second list per op.
        res = OpResult("insert", vma.start_box, vma.vm_end, 0, rotations=self.rotations)
        if tr is not None:
            tr.enter("insert_vm_struct")
            tr.watch(vma)
            tr.frames["insert_vm_struct"] = {"mm": ("mm",), "vma": vma}
        if not self.v419 and vma.vm_file is None:
            vma.vm_pgoff = vma.vm_start >> PAGE_SHIFT
            if tr is not None:
                tr.step("pgoff", "ivs.pgoff40", {"new": vma}, {"pgoff": f"0x{vma.vm_pgoff:x}"})
        found = self._find_vma_links(vma.vm_start, vma.vm_end, vma, res)
        if found is None:
            res.result = ENOMEM
            if tr is not None:
                tr.step("return", "ivs.ret_overlap", {"new": vma}, {"result": "-ENOMEM (-12)"})
                tr.leave("insert_vm_struct")
            return res
        prev, slot = found
        rb_parent = slot[0]
        if vma.vm_flags & VM_ACCOUNT:
            committed_before = self.committed
            ok, limit = commit_check(self, vma.pages())
            if tr is not None:
                tr.step(
                    "account_check",
                    "ivs.account",
                    {"new": vma},
                    {
                        "pages": str(vma.pages()),
                        "verdict": "0" if ok else "-ENOMEM",
                        "committed": str(self.committed),
                        # The arithmetic, for the panels: vm_committed_as before the
                        # charge, and what the request was measured against.
                        "committed_before": str(committed_before),
                        "limit": "" if limit is None else str(limit),
                        "policy": str(self.memory.overcommit_memory),
                    },
                )
            if not ok:
                res.result = ENOMEM
                res.parent = res.prev = None
                res.link = None
                if tr is not None:
                    tr.step("return", "ivs.ret_account", {"new": vma}, {"result": "-ENOMEM (-12)"})
                    tr.leave("insert_vm_struct")
                return res
        if self.v419 and not vma.vm_ops:
            vma.vm_pgoff = vma.vm_start >> PAGE_SHIFT
            if tr is not None:
                tr.step("pgoff", "ivs.pgoff419", {"new": vma}, {"pgoff": f"0x{vma.vm_pgoff:x}"})
        self._vma_link(vma, prev, slot, rb_parent)
        res.next = None if vma.vm_next is None else vma.vm_next.start_box
        res.rotations = self.rotations
        if tr is not None:
            tr.step("return", "ivs.ret_ok", {"current": vma}, {"result": "0"})
            tr.leave("insert_vm_struct")
        return res

    def _find_vma_links(
        self, addr: int, end: int, vma: VmArea, res: OpResult
    ) -> tuple[VmArea | None, Slot] | None:
        """``find_vma_links()``: the prev, the empty slot and its parent, or None on overlap.

        Walks from the root pointer: right when ``addr >= vm_end`` (remembering the node
        as ``rb_prev``), left otherwise, unless the node overlaps ``[addr, end)``.
        Complexity O(log n).
        """
        tr = self.tr
        path: list[int] = []
        res.path = path
        rb_prev: VmArea | None = None
        rb_parent: VmArea | None = None
        went_left = False
        cur = self.mm_rb
        frame: dict[str, Any] = {}
        if tr is not None:
            tr.enter("find_vma_links")
            frame = {
                "mm": ("mm",),
                "addr": addr,
                "end": end,
                "pprev": ("stack", "insert_vm_struct", "prev"),
                "rb_link": ("stack", "insert_vm_struct", "rb_link"),
                "rb_parent": ("stack", "insert_vm_struct", "rb_parent"),
                "__rb_link": (None, "root"),
                "__rb_parent": None,
                "rb_prev": None,
            }
            tr.frames["find_vma_links"] = frame
            tr.step("find_start", "fvl.init", {"new": vma, "link_slot": (None, "root")})
        # Invariant: every VMA left of the slot ends at or below addr, every VMA right of
        # it ends above addr; ``cur`` is what the slot ``__rb_link`` holds.
        if tr is None:
            # The same walk without tracing: the bulk-load hot path.
            visit = path.append
            while cur is not None:
                rb_parent = cur
                visit(cur.start_box)  # vm_start, boxed once per VMA (vma.py)
                if cur.vm_end > addr:
                    if cur.vm_start < end:
                        res.conflict = cur.vm_start
                        return None
                    went_left = True
                    cur = cur.rb_left
                else:
                    rb_prev = cur
                    went_left = False
                    cur = cur.rb_right
        while cur is not None:
            rb_parent = cur
            path.append(cur.vm_start)
            if cur.vm_end > addr:
                if cur.vm_start < end:
                    res.conflict = cur.vm_start
                    if tr is not None:
                        frame["__rb_parent"] = cur
                        frame["vma_tmp"] = cur
                        lo, hi = max(addr, cur.vm_start), min(end, cur.vm_end)
                        tr.step(
                            "overlap",
                            "fvl.overlap",
                            {"current": cur, "conflict": cur, "new": vma},
                            {"overlap": f"[{lo:x},{hi:x})"},
                        )
                        tr.trail.clear()
                        tr.leave("find_vma_links")
                    return None
                went_left = True
                if tr is not None:
                    tr.trail.append(TrailMark(cur.uid, "left"))
                    frame["__rb_parent"] = cur
                    frame["vma_tmp"] = cur
                    frame["__rb_link"] = (cur, "left")
                    tr.step(
                        "descend_left",
                        "fvl.left",
                        {"current": cur, "new": vma, "link_slot": (cur, "left"), "prev": rb_prev},
                    )
                cur = cur.rb_left
            else:
                rb_prev = cur
                went_left = False
                if tr is not None:
                    tr.trail.append(TrailMark(cur.uid, "right"))
                    frame["__rb_parent"] = cur
                    frame["vma_tmp"] = cur
                    frame["rb_prev"] = cur
                    frame["__rb_link"] = (cur, "right")
                    tr.step(
                        "descend_right",
                        "fvl.right",
                        {"current": cur, "new": vma, "link_slot": (cur, "right"), "prev": rb_prev},
                    )
                cur = cur.rb_right
        side: Literal["left", "right", "root"]
        side = "root" if rb_parent is None else ("left" if went_left else "right")
        slot: Slot = (rb_parent, side)
        res.parent = None if rb_parent is None else rb_parent.start_box
        res.link = side
        res.prev = None if rb_prev is None else rb_prev.start_box
        if tr is not None:
            tr.frames["insert_vm_struct"].update(
                {"prev": rb_prev, "rb_link": slot, "rb_parent": rb_parent}
            )
            tr.step(
                "slot_found",
                "fvl.out",
                {"new": vma, "parent": rb_parent, "link_slot": slot, "prev": rb_prev},
            )
            tr.trail.clear()
            tr.leave("find_vma_links")
        return rb_prev, slot

    def _vma_link(
        self, vma: VmArea, prev: VmArea | None, slot: Slot, rb_parent: VmArea | None
    ) -> None:
        """``vma_link()``: list, tree, file, then ``map_count++`` after the unlock."""
        tr = self.tr
        if tr is not None:
            tr.enter("vma_link")
            if vma.vm_file is not None:
                tr.step("i_mmap_lock", "link.lock", {"new": vma}, {"file": vma.vm_file})
        # __vma_link(): the list first, then the tree.
        self._vma_link_list(vma, prev, rb_parent)
        self._vma_link_rb(vma, slot, rb_parent)
        if vma.vm_file is not None and tr is not None:
            tr.step("link_file", "link.file", {"current": vma}, {"file": vma.vm_file})
            tr.step("i_mmap_unlock", "link.unlock", {"current": vma}, {"file": vma.vm_file})
        self.map_count += 1
        self.total_vm += vma.pages()
        if tr is not None:
            tr.step("map_count", "link.count", {"current": vma}, {"count": str(self.map_count)})
            tr.leave("vma_link")

    def _vma_link_list(self, vma: VmArea, prev: VmArea | None, rb_parent: VmArea | None) -> None:
        """``__vma_link_list()``: splice ``vma`` between prev and its next. O(1)."""
        touch = self.touch
        vma.vm_prev = prev
        if prev is not None:
            nxt = prev.vm_next
            touch(prev)
            prev.vm_next = vma
        else:
            self.mmap = vma
            # No prev: the new VMA is the lowest, so its parent (if any) is its next.
            nxt = rb_parent
        vma.vm_next = nxt
        if nxt is not None:
            touch(nxt)
            nxt.vm_prev = vma
        if self.tr is not None:
            self.tr.step("list_link", "list.link", {"new": vma, "prev": prev, "next": nxt})

    def _vma_link_rb(self, vma: VmArea, slot: Slot, rb_parent: VmArea | None) -> None:
        """``__vma_link_rb()``: next's gap, ``rb_link_node``, own gap, rebalance."""
        tr = self.tr
        if tr is not None:
            tr.enter("__vma_link_rb")
        nxt = vma.vm_next
        if nxt is not None:
            rbtree.propagate(self, nxt, None)  # vma_gap_update(vma->vm_next)
        else:
            self.highest_vm_end = vma.vm_end  # vm_end_gap(): vm_end on x86-64
            if tr is not None:
                tr.step(
                    "highest_vm_end", "rb.highest", {"new": vma}, {"value": f"0x{vma.vm_end:x}"}
                )
        # rb_link_node(): parent, red, no children; then *rb_link = node.
        vma.rb_parent = rb_parent
        vma.rb_red = True
        vma.rb_left = vma.rb_right = None
        node, side = slot
        if node is None:
            self.mm_rb = vma
        else:
            self.touch(node)
            if side == "left":
                node.rb_left = vma
            else:
                node.rb_right = vma
        if tr is not None:
            tr.step(
                "link_node",
                "rb.link_node",
                {"current": vma, "parent": rb_parent, "link_slot": slot},
            )
        vma.rb_subtree_gap = 0
        rbtree.propagate(self, vma, None)  # vma_gap_update(vma)
        rbtree.insert_color(self, vma)  # vma_rb_insert() = rb_insert_augmented()
        if tr is not None:
            tr.leave("__vma_link_rb")

    # -- unmap one VMA ----------------------------------------------------------------
    def erase(self, vma: VmArea) -> OpResult:
        """Unmap exactly ``vma`` as ``detach_vmas_to_be_unmapped()`` does. O(log n)."""
        self.begin_op()
        tr = self.tr
        prev = vma.vm_prev
        nxt = vma.vm_next
        res = OpResult(
            "erase",
            vma.vm_start,
            vma.vm_end,
            0,
            prev=None if prev is None else prev.vm_start,
            next=None if nxt is None else nxt.vm_start,
        )
        if tr is not None:
            tr.enter("detach_vmas_to_be_unmapped")
            tr.watch_erase(vma)
            tr.step("erase_start", "erase.start", {"current": vma, "prev": prev, "next": nxt})
        self.touch(vma)
        vma.vm_prev = None
        rbtree.erase(self, vma)  # vma_rb_erase()
        self.map_count -= 1
        if tr is not None:
            tr.step("map_count", "erase.count", {"current": vma}, {"count": str(self.map_count)})
        if prev is not None:
            self.touch(prev)
            prev.vm_next = nxt
        else:
            self.mmap = nxt
        if nxt is not None:
            self.touch(nxt)
            nxt.vm_prev = prev
        if tr is not None:
            tr.step("erase_list", "erase.list", {"current": vma, "prev": prev, "next": nxt})
        if nxt is not None:
            rbtree.propagate(self, nxt, None)  # vma_gap_update(next)
        else:
            self.highest_vm_end = prev.vm_end if prev is not None else 0
            if tr is not None:
                tr.step(
                    "highest_vm_end",
                    "erase.highest",
                    {"prev": prev},
                    {"value": f"0x{self.highest_vm_end:x}"},
                )
        vma.vm_next = None  # tail_vma->vm_next = NULL
        if vma.vm_flags & VM_ACCOUNT:
            self.committed -= vma.pages()
        self.total_vm -= vma.pages()
        res.rotations = self.rotations
        if tr is not None:
            tr.step("return", "erase.ret", {"current": vma}, {"result": "0"})
            tr.leave("detach_vmas_to_be_unmapped")
        return res

    # -- lookups ----------------------------------------------------------------------
    def find_vma(self, addr: int) -> OpResult:
        """``find_vma()``: the first VMA with ``vm_end > addr``, or None. O(log n).

        The per-thread vmacache is not modelled: every lookup walks the tree.
        """
        self.begin_op()
        tr = self.tr
        path: list[int] = []
        res = OpResult("find_vma", addr, None, None, path=path)
        if tr is not None:
            tr.enter("find_vma")
        found: VmArea | None = None
        node = self.mm_rb
        while node is not None:
            path.append(node.vm_start)
            if node.vm_end > addr:
                found = node
                if node.vm_start <= addr:
                    if tr is not None:
                        tr.step("find_hit", "find.hit", {"current": node}, {"addr": f"0x{addr:x}"})
                    break
                if tr is not None:
                    tr.step(
                        "find_left",
                        "find.left",
                        {"current": node, "next": found},
                        {"addr": f"0x{addr:x}"},
                    )
                node = node.rb_left
            else:
                if tr is not None:
                    tr.step("find_right", "find.right", {"current": node}, {"addr": f"0x{addr:x}"})
                node = node.rb_right
        res.result = None if found is None else found.vm_start
        if tr is not None:
            tr.step(
                "find_return",
                "find.ret",
                {"current": found},
                {"addr": f"0x{addr:x}", "result": "NULL" if found is None else found.label()},
            )
            tr.leave("find_vma")
        return res

    def unmapped_area(self, length: int, low: int, high: int, topdown: bool) -> OpResult:
        """``unmapped_area()`` / ``unmapped_area_topdown()`` with no alignment mask.

        Skips every subtree whose ``rb_subtree_gap`` is below ``length``: O(log n).
        """
        self.begin_op()
        path: list[int] = []
        res = OpResult("unmapped_area", low, high, None, path=path)
        func = "unmapped_area_topdown" if topdown else "unmapped_area"
        if self.tr is not None:
            self.tr.enter(func)
        if topdown:
            res.result = self._unmapped_area_topdown(length, low, high, path)
        else:
            res.result = self._unmapped_area(length, low, high, path)
        if self.tr is not None:
            value = res.result if res.result is not None else ENOMEM
            self.tr.step(
                "gap_found" if value >= 0 else "gap_none",
                "gap.ret",
                {},
                {
                    "result": f"0x{value:x}" if value >= 0 else "-ENOMEM (-12)",
                    "length": f"0x{length:x}",
                },
            )
            self.tr.leave(func)
        return res

    def _gap_start(self, v: VmArea) -> int:
        return v.vm_prev.vm_end if v.vm_prev is not None else 0

    def _gap_end(self, v: VmArea) -> int:
        return rbtree.vm_start_gap(v) if self.v419 else v.vm_start

    def _gap_fits(self, gap_start: int, gap_end: int, length: int) -> bool:
        if self.v419 and not gap_end > gap_start:
            return False
        return ((gap_end - gap_start) & ULONG_MASK) >= length

    def _visit(self, path: list[int], v: VmArea, kind: str) -> None:
        path.append(v.vm_start)
        if self.tr is not None:
            self.tr.step(kind, "gap.visit", {"current": v}, {"gap": f"0x{v.rb_subtree_gap:x}"})

    def _unmapped_area(self, length: int, low: int, high: int, path: list[int]) -> int:
        if high < length:
            return ENOMEM
        high_limit = high - length
        if low > high_limit:
            return ENOMEM
        low_limit = low + length
        vma = self.mm_rb
        found = False
        gap_start = gap_end = 0
        if vma is not None and vma.rb_subtree_gap >= length:
            self._visit(path, vma, "gap_visit")
            while True:
                gap_end = self._gap_end(vma)
                left = vma.rb_left
                if gap_end >= low_limit and left is not None and left.rb_subtree_gap >= length:
                    vma = left
                    self._visit(path, vma, "gap_visit")
                    continue
                gap_start = self._gap_start(vma)
                descend = False
                while True:  # check_current
                    if gap_start > high_limit:
                        return ENOMEM
                    if gap_end >= low_limit and self._gap_fits(gap_start, gap_end, length):
                        found = True
                        break
                    right = vma.rb_right
                    if right is not None and right.rb_subtree_gap >= length:
                        vma = right
                        self._visit(path, vma, "gap_visit")
                        descend = True
                        break
                    # Go back up to the next candidate node.
                    climbed = False
                    while True:
                        child = vma
                        up = child.rb_parent
                        if up is None:
                            break
                        vma = up
                        self._visit(path, vma, "gap_up")
                        if child is vma.rb_left:
                            assert vma.vm_prev is not None
                            gap_start = vma.vm_prev.vm_end
                            gap_end = self._gap_end(vma)
                            climbed = True
                            break
                    if not climbed:
                        break  # check_highest
                if found or not descend:
                    break
        if not found:
            gap_start = self.highest_vm_end
            if gap_start > high_limit:
                return ENOMEM
        return max(gap_start, low)

    def _unmapped_area_topdown(self, length: int, low: int, high: int, path: list[int]) -> int:
        gap_end = high
        if gap_end < length:
            return ENOMEM
        high_limit = gap_end - length
        if low > high_limit:
            return ENOMEM
        low_limit = low + length
        gap_start = self.highest_vm_end
        if gap_start <= high_limit:
            return gap_end - length
        vma = self.mm_rb
        if vma is None or vma.rb_subtree_gap < length:
            return ENOMEM
        self._visit(path, vma, "gap_visit")
        while True:
            gap_start = self._gap_start(vma)
            right = vma.rb_right
            if gap_start <= high_limit and right is not None and right.rb_subtree_gap >= length:
                vma = right
                self._visit(path, vma, "gap_visit")
                continue
            descend = False
            while True:  # check_current
                gap_end = self._gap_end(vma)
                if gap_end < low_limit:
                    return ENOMEM
                if gap_start <= high_limit and self._gap_fits(gap_start, gap_end, length):
                    gap_end = min(gap_end, high)
                    return gap_end - length
                left = vma.rb_left
                if left is not None and left.rb_subtree_gap >= length:
                    vma = left
                    self._visit(path, vma, "gap_visit")
                    descend = True
                    break
                while True:
                    child = vma
                    up = child.rb_parent
                    if up is None:
                        return ENOMEM
                    vma = up
                    self._visit(path, vma, "gap_up")
                    if child is vma.rb_right:
                        gap_start = self._gap_start(vma)
                        break
            if descend:
                continue
