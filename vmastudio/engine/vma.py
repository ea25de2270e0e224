"""``struct vm_area_struct`` as VMA Studio models it, with the kernel's flag names.

One object is both the VMA and its ``rb_node`` (``vm_rb``), as in the kernel, where
``rb_entry()`` turns a node back into its VMA by subtracting the offset of ``vm_rb``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
#: x86-64 TASK_SIZE_MAX with 4-level paging: the first address user space cannot map.
TASK_SIZE = 0x7FFFFFFFF000
#: 4.19's ``stack_guard_gap`` default: 256 pages below a VM_GROWSDOWN VMA.
STACK_GUARD_GAP = 256 << PAGE_SHIFT
ENOMEM = -12
ULONG_MASK = (1 << 64) - 1

#: Flag bits as in include/linux/mm.h (4.x, x86-64).
VM_FLAGS: dict[str, int] = {
    "VM_READ": 0x00000001,
    "VM_WRITE": 0x00000002,
    "VM_EXEC": 0x00000004,
    "VM_SHARED": 0x00000008,
    "VM_MAYREAD": 0x00000010,
    "VM_MAYWRITE": 0x00000020,
    "VM_MAYEXEC": 0x00000040,
    "VM_MAYSHARE": 0x00000080,
    "VM_GROWSDOWN": 0x00000100,
    "VM_PFNMAP": 0x00000400,
    "VM_DENYWRITE": 0x00000800,
    "VM_LOCKED": 0x00002000,
    "VM_IO": 0x00004000,
    "VM_DONTCOPY": 0x00020000,
    "VM_DONTEXPAND": 0x00040000,
    "VM_ACCOUNT": 0x00100000,
    "VM_NORESERVE": 0x00200000,
    "VM_HUGETLB": 0x00400000,
}
VM_READ = VM_FLAGS["VM_READ"]
VM_WRITE = VM_FLAGS["VM_WRITE"]
VM_EXEC = VM_FLAGS["VM_EXEC"]
VM_SHARED = VM_FLAGS["VM_SHARED"]
VM_GROWSDOWN = VM_FLAGS["VM_GROWSDOWN"]
VM_DENYWRITE = VM_FLAGS["VM_DENYWRITE"]
VM_ACCOUNT = VM_FLAGS["VM_ACCOUNT"]
DEFAULT_FLAGS = VM_READ | VM_WRITE


def flag_names(flags: int) -> list[str]:
    """The kernel names of the bits set in ``flags``, in bit order.

    >>> flag_names(0x3)
    ['VM_READ', 'VM_WRITE']
    """
    return [name for name, bit in VM_FLAGS.items() if flags & bit]


def flags_from_names(names: list[str]) -> int:
    """OR together the named bits; raises ``KeyError`` naming an unknown flag."""
    value = 0
    for name in names:
        value |= VM_FLAGS[name]
    return value


@dataclass(slots=True, eq=False)
class VmArea:
    """A VMA and its embedded ``rb_node``; identity, not value, is what the tree links.

    ``uid`` is the VMA's creation number in its scenario: it fixes the simulated slab
    address (memory.py), so a VMA keeps its address across replays and re-runs.
    """

    vm_start: int
    vm_end: int
    vm_flags: int = DEFAULT_FLAGS
    vm_pgoff: int = 0
    vm_file: str | None = None
    #: Has ``vm_ops`` but no file ([vdso], [vvar]); file-backed VMAs have ``vm_ops`` too.
    special: bool = False
    name: str = ""
    uid: int = 0
    vm_next: VmArea | None = None
    vm_prev: VmArea | None = None
    # vm_rb: parent pointer and colour (red = 0 in the kernel; here a bool), children.
    rb_parent: VmArea | None = None
    rb_left: VmArea | None = None
    rb_right: VmArea | None = None
    rb_red: bool = True
    rb_subtree_gap: int = 0
    # Timeline bookkeeping (timeline.py): link state saved before the first write of an op.
    hist: list[tuple[Any, ...]] | None = field(default=None, repr=False)
    #: ``(op, old gap)`` for ops that wrote only ``rb_subtree_gap`` (timeline.py).
    ghist: list[tuple[int, int]] | None = field(default=None, repr=False)
    hop: int = field(default=-1, repr=False)
    #: Nodes in this VMA's subtree on its longest path (replay's ``height``; not a kernel
    #: field), kept by timeline.py for the nodes each op touched.
    sub_height: int = field(default=1, repr=False)

    @property
    def vm_ops(self) -> bool:
        """Whether the VMA has ``vm_ops``: file-backed and special mappings do."""
        return self.vm_file is not None or self.special

    def pages(self) -> int:
        """``vma_pages()``: the VMA's size in pages."""
        return (self.vm_end - self.vm_start) >> PAGE_SHIFT

    def label(self) -> str:
        """``[start,end)`` in hex without the 0x prefix, as the explanation writes ranges."""
        return f"[{self.vm_start:x},{self.vm_end:x})"
