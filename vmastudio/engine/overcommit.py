"""``__vm_enough_memory()``: the overcommit decision behind a VM_ACCOUNT insert.

The machine's memory figures are scenario settings (``memory`` in a ``.vmas`` file), in
the kernel's names and units (pages, or kbytes where the sysctl is in kbytes).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from .vma import PAGE_SHIFT

if TYPE_CHECKING:
    from .mm import MmStruct

OVERCOMMIT_GUESS = 0
OVERCOMMIT_ALWAYS = 1
OVERCOMMIT_NEVER = 2


@dataclass(slots=True)
class MemoryConfig:
    """A modest 4 GiB machine without swap, unless the scenario says otherwise."""

    overcommit_memory: int = OVERCOMMIT_GUESS
    overcommit_ratio: int = 50
    overcommit_kbytes: int = 0
    totalram_pages: int = 1 << 20
    total_swap_pages: int = 0
    free_pages: int = 1 << 19
    file_pages: int = 1 << 18
    shmem_pages: int = 1 << 14
    swap_free_pages: int = 0
    reclaimable_slab_pages: int = 1 << 14
    totalreserve_pages: int = 1 << 14
    committed_pages: int = 0
    user_reserve_kbytes: int = 131072
    admin_reserve_kbytes: int = 8192
    cap_sys_admin: bool = True

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def vm_commit_limit(cfg: MemoryConfig) -> int:
    """``vm_commit_limit()``: RAM times the ratio plus swap, or overcommit_kbytes."""
    if cfg.overcommit_kbytes:
        allowed = cfg.overcommit_kbytes >> (PAGE_SHIFT - 10)
    else:
        allowed = cfg.totalram_pages * cfg.overcommit_ratio // 100
    return allowed + cfg.total_swap_pages


def vm_enough_memory(mm: MmStruct, pages: int) -> bool:
    """Charge ``pages`` to ``vm_committed_as``; True if accepted, else un-charged.

    The charge comes first, as in the kernel: policy NEVER compares a total that already
    includes this request.
    """
    return commit_check(mm, pages)[0]


def commit_check(mm: MmStruct, pages: int) -> tuple[bool, int | None]:
    """``vm_enough_memory``, with the figure the request was measured against: the pages
    ``allowed`` (policy NEVER: compared with the charged total), the ``free`` pages left
    after the reserves (GUESS: compared with the request), None (ALWAYS)."""
    cfg = mm.memory
    mm.committed += pages
    if cfg.overcommit_memory == OVERCOMMIT_ALWAYS:
        return True, None
    if cfg.overcommit_memory == OVERCOMMIT_GUESS:
        free = cfg.free_pages + cfg.file_pages - cfg.shmem_pages
        free += cfg.swap_free_pages + cfg.reclaimable_slab_pages
        if free <= cfg.totalreserve_pages:
            mm.committed -= pages
            return False, free - cfg.totalreserve_pages
        free -= cfg.totalreserve_pages
        if not cfg.cap_sys_admin:
            free -= cfg.admin_reserve_kbytes >> (PAGE_SHIFT - 10)
        if free > pages:
            return True, free
        mm.committed -= pages
        return False, free
    allowed = vm_commit_limit(cfg)
    if not cfg.cap_sys_admin:
        allowed -= cfg.admin_reserve_kbytes >> (PAGE_SHIFT - 10)
    reserve = cfg.user_reserve_kbytes >> (PAGE_SHIFT - 10)
    allowed -= min(mm.total_vm // 32, reserve)
    if max(mm.committed, 0) < allowed:
        return True, allowed
    mm.committed -= pages
    return False, allowed
