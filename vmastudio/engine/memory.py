"""Simulated kernel addresses, so that pointers in the trace are concrete (DESIGN.md §6).

Offsets follow the first cache line of a 4.x ``vm_area_struct`` on x86-64; each VMA gets
a stable slab-like address from its creation number, the locals of the two frames fixed
stack addresses. Short style keeps the low four hex digits, as the book's "0x5555" does.
"""

from __future__ import annotations

from typing import Literal

from .vma import VmArea

AddressStyle = Literal["kernel", "short"]
Side = Literal["left", "right", "root"]

VMA_SLAB_BASE = 0xFFFF88800A413000
VMA_STRIDE = 0xC8  # sizeof(struct vm_area_struct) rounded as the slab lays them out
MM_ADDR = 0xFFFF88800A40E000
STACK_BASE = 0xFFFFC90000C30000

# struct vm_area_struct
OFF_VM_START = 0x00
OFF_VM_END = 0x08
OFF_VM_NEXT = 0x10
OFF_VM_PREV = 0x18
OFF_VM_RB = 0x20
# struct rb_node, inside vm_rb
OFF_RB_PARENT_COLOR = 0x00
OFF_RB_RIGHT = 0x08
OFF_RB_LEFT = 0x10
OFF_RB_SUBTREE_GAP = 0x38
# struct mm_struct
OFF_MM_MMAP = 0x00
OFF_MM_RB = 0x08

#: Stack slots of the locals and parameters of the two frames (DESIGN.md §6 example).
FRAME_SLOTS: dict[str, dict[str, int]] = {
    "find_vma_links": {
        "mm": 0x54F0 - 0x08,
        "addr": 0x54F0,
        "end": 0x54F8,
        "pprev": 0x5508,
        "rb_link": 0x5510,
        "rb_parent": 0x5518,
        "__rb_link": 0x5520,
        "__rb_parent": 0x5528,
        "rb_prev": 0x5530,
        "vma_tmp": 0x5538,
    },
    "insert_vm_struct": {
        "prev": 0x5540,
        "rb_link": 0x5548,
        "rb_parent": 0x5550,
        "mm": 0x5558,
        "vma": 0x5560,
    },
}


def vma_addr(vma: VmArea) -> int:
    """Address of the ``vm_area_struct``."""
    return VMA_SLAB_BASE + vma.uid * VMA_STRIDE


def rb_addr(vma: VmArea) -> int:
    """Address of ``vma->vm_rb``, the value ``rb_node`` pointers hold."""
    return vma_addr(vma) + OFF_VM_RB


def slot_addr(node: VmArea | None, side: Side) -> int:
    """Address of a child slot (``rb_left``/``rb_right``) or of the root pointer."""
    if node is None or side == "root":
        return MM_ADDR + OFF_MM_RB
    return rb_addr(node) + (OFF_RB_LEFT if side == "left" else OFF_RB_RIGHT)


def stack_addr(func: str, name: str) -> int:
    """Address of a local or parameter in the simulated stack frame of ``func``."""
    return STACK_BASE + FRAME_SLOTS[func][name]


def fmt_addr(value: int | None, style: AddressStyle = "kernel") -> str:
    """``0xffff88800a413000``, or ``0x3000`` in short style; ``NULL`` for no pointer.

    >>> fmt_addr(0xFFFF88800A4130C8, "short")
    '0x30c8'
    """
    if value is None or value == 0:
        return "NULL"
    if style == "short":
        return f"0x{value & 0xFFFF:04x}"
    return f"0x{value:016x}"
