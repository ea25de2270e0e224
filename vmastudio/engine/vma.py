"""``struct vm_area_struct`` as VMA Studio models it, with the kernel's flag names.

One object is both the VMA and its ``rb_node`` (``vm_rb``), as in the kernel, where
``rb_entry()`` turns a node back into its VMA by subtracting the offset of ``vm_rb``.
"""

from __future__ import annotations

from typing import Any, Final, final

# Final: mypyc folds these into the compiled code instead of looking them up per use.
PAGE_SHIFT: Final = 12
PAGE_SIZE: Final = 1 << PAGE_SHIFT
#: x86-64 TASK_SIZE_MAX with 4-level paging: the first address user space cannot map.
TASK_SIZE: Final = 0x7FFFFFFFF000
#: 4.19's ``stack_guard_gap`` default: 256 pages below a VM_GROWSDOWN VMA.
STACK_GUARD_GAP: Final = 256 << PAGE_SHIFT
ENOMEM: Final = -12
ULONG_MASK: Final = (1 << 64) - 1
#: 2**64, what ``& ULONG_MASK`` adds to a negative difference of two addresses.
ULONG_WRAP: Final = 1 << 64

VM_READ: Final = 0x00000001
VM_WRITE: Final = 0x00000002
VM_EXEC: Final = 0x00000004
VM_SHARED: Final = 0x00000008
VM_GROWSDOWN: Final = 0x00000100
VM_DENYWRITE: Final = 0x00000800
VM_ACCOUNT: Final = 0x00100000
#: Flag bits as in include/linux/mm.h (4.x, x86-64).
VM_FLAGS: dict[str, int] = {
    "VM_READ": VM_READ,
    "VM_WRITE": VM_WRITE,
    "VM_EXEC": VM_EXEC,
    "VM_SHARED": VM_SHARED,
    "VM_MAYREAD": 0x00000010,
    "VM_MAYWRITE": 0x00000020,
    "VM_MAYEXEC": 0x00000040,
    "VM_MAYSHARE": 0x00000080,
    "VM_GROWSDOWN": VM_GROWSDOWN,
    "VM_PFNMAP": 0x00000400,
    "VM_DENYWRITE": VM_DENYWRITE,
    "VM_LOCKED": 0x00002000,
    "VM_IO": 0x00004000,
    "VM_DONTCOPY": 0x00020000,
    "VM_DONTEXPAND": 0x00040000,
    "VM_ACCOUNT": VM_ACCOUNT,
    "VM_NORESERVE": 0x00200000,
    "VM_HUGETLB": 0x00400000,
}
DEFAULT_FLAGS: Final = VM_READ | VM_WRITE


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


#: VmArea reprs in progress, so a cycle (prev and next, parent and child) prints "...".
_IN_REPR: set[int] = set()


# final: compiled (mypyc) callers then call its methods directly, not through a vtable.
@final
class VmArea:
    """A VMA and its embedded ``rb_node``; identity, not value, is what the tree links.

    ``uid`` is the VMA's creation number in its scenario: it fixes the simulated slab
    address (memory.py), so a VMA keeps its address across replays and re-runs.

    A plain class with ``__slots__`` rather than a dataclass, with the dataclass's
    constructor and repr: mypyc compiles it to a native class (fields read and written
    as C struct members) and supports ``__deletable__`` only outside dataclasses.
    """

    __slots__ = (
        "ghist",
        "hist",
        "hop",
        "name",
        "rb_left",
        "rb_parent",
        "rb_red",
        "rb_right",
        "rb_subtree_gap",
        "special",
        "start_box",
        "sub_height",
        "uid",
        "vm_end",
        "vm_file",
        "vm_flags",
        "vm_next",
        "vm_pgoff",
        "vm_prev",
        "vm_start",
    )
    #: The link state may be undefined: an older state's node (timeline.py) is first a
    #: stub whose links raise AttributeError when read until it is loaded. mypyc needs
    #: the names listed to allow ``del`` and to check these fields on each read.
    __deletable__ = (
        "vm_prev",
        "vm_next",
        "rb_parent",
        "rb_left",
        "rb_right",
        "rb_red",
        "rb_subtree_gap",
    )

    def __init__(
        self,
        vm_start: int,
        vm_end: int,
        vm_flags: int = DEFAULT_FLAGS,
        vm_pgoff: int = 0,
        vm_file: str | None = None,
        special: bool = False,
        name: str = "",
        uid: int = 0,
        vm_next: VmArea | None = None,
        vm_prev: VmArea | None = None,
        rb_parent: VmArea | None = None,
        rb_left: VmArea | None = None,
        rb_right: VmArea | None = None,
        rb_red: bool = True,
        rb_subtree_gap: int = 0,
        hist: list[tuple[Any, ...]] | None = None,
        ghist: list[int] | None = None,
        hop: int = -1,
        sub_height: int = 1,
    ) -> None:
        self.vm_start = vm_start
        self.vm_end = vm_end
        #: ``vm_start`` as one Python object (a VMA's start never changes): the descent
        #: records it for each node it visits (``OpResult.path``), and compiled code
        #: would box the native int anew each time (~17 objects per insert).
        self.start_box: Any = vm_start
        self.vm_flags = vm_flags
        self.vm_pgoff = vm_pgoff
        self.vm_file = vm_file
        #: Has ``vm_ops`` but no file ([vdso], [vvar]); file-backed VMAs have ``vm_ops`` too.
        self.special = special
        self.name = name
        self.uid = uid
        self.vm_next = vm_next
        self.vm_prev = vm_prev
        # vm_rb: parent pointer and colour (red = 0 in the kernel; here a bool), children.
        self.rb_parent = rb_parent
        self.rb_left = rb_left
        self.rb_right = rb_right
        self.rb_red = rb_red
        self.rb_subtree_gap = rb_subtree_gap
        # Timeline bookkeeping (timeline.py): link state saved before the first write of an op.
        self.hist = hist
        #: ``op, old gap, op, old gap, …`` (flat, ops ascending) for the ops that wrote only
        #: ``rb_subtree_gap`` (timeline.py): two list slots per entry, no tuple.
        self.ghist = ghist
        self.hop = hop
        #: Nodes in this VMA's subtree on its longest path (replay's ``height``; not a kernel
        #: field), kept by timeline.py for the nodes each op touched.
        self.sub_height = sub_height

    def __repr__(self) -> str:
        """The dataclass repr it had: every field but the timeline's bookkeeping."""
        key = id(self)
        if key in _IN_REPR:
            return "..."
        _IN_REPR.add(key)
        try:
            return (
                f"VmArea(vm_start={self.vm_start!r}, vm_end={self.vm_end!r}, "
                f"vm_flags={self.vm_flags!r}, vm_pgoff={self.vm_pgoff!r}, "
                f"vm_file={self.vm_file!r}, special={self.special!r}, name={self.name!r}, "
                f"uid={self.uid!r}, vm_next={self.vm_next!r}, vm_prev={self.vm_prev!r}, "
                f"rb_parent={self.rb_parent!r}, rb_left={self.rb_left!r}, "
                f"rb_right={self.rb_right!r}, rb_red={self.rb_red!r}, "
                f"rb_subtree_gap={self.rb_subtree_gap!r})"
            )
        finally:
            _IN_REPR.discard(key)

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
