"""VM_ACCOUNT: the overcommit policies decide after the overlap check."""

from __future__ import annotations

from helpers import mm_with, traced_insert

from vmastudio.engine.mm import MmStruct
from vmastudio.engine.overcommit import MemoryConfig
from vmastudio.engine.vma import ENOMEM, VM_ACCOUNT, VmArea

ACCT = 0x3 | VM_ACCOUNT
MiB = 1 << 20


def test_policy_always_accepts_anything() -> None:
    mm = MmStruct(memory=MemoryConfig(overcommit_memory=1, free_pages=0, file_pages=0))
    assert mm.insert_vm_struct(VmArea(0x1000, 0x1000 + 1024 * MiB, vm_flags=ACCT)).result == 0
    assert mm.committed == 1024 * MiB >> 12


def test_policy_guess_refuses_more_than_free_memory_and_uncharges() -> None:
    cfg = MemoryConfig(
        free_pages=1000,
        file_pages=0,
        shmem_pages=0,
        swap_free_pages=0,
        reclaimable_slab_pages=0,
        totalreserve_pages=100,
    )
    mm = MmStruct(memory=cfg)
    # free = 1000 - 100 reserved = 900 pages: 899 fits, 900 does not (free > pages).
    assert mm.insert_vm_struct(VmArea(0x100000, 0x100000 + 899 * 4096, vm_flags=ACCT)).result == 0
    res, steps = traced_insert(mm, VmArea(0x10000000, 0x10000000 + 900 * 4096, vm_flags=ACCT))
    assert res.result == ENOMEM
    assert [s.kind for s in steps][-2:] == ["account_check", "return"]
    assert (res.parent, res.link, res.prev) == (None, None, None)
    assert mm.committed == 899 and mm.map_count == 1


def test_policy_guess_keeps_the_admin_reserve_from_non_root() -> None:
    cfg = MemoryConfig(
        free_pages=1000,
        file_pages=0,
        shmem_pages=0,
        reclaimable_slab_pages=0,
        totalreserve_pages=0,
        cap_sys_admin=False,
        admin_reserve_kbytes=400,
    )  # 100 pages
    mm = MmStruct(memory=cfg)
    assert (
        mm.insert_vm_struct(VmArea(0x100000, 0x100000 + 900 * 4096, vm_flags=ACCT)).result == ENOMEM
    )
    assert mm.insert_vm_struct(VmArea(0x100000, 0x100000 + 899 * 4096, vm_flags=ACCT)).result == 0


def test_policy_never_counts_this_request_in_the_committed_total() -> None:
    # allowed = 1000 * 50% + 0 swap = 500 pages, minus min(total_vm/32, user reserve).
    cfg = MemoryConfig(overcommit_memory=2, totalram_pages=1000, total_swap_pages=0)
    mm = MmStruct(memory=cfg)
    assert mm.insert_vm_struct(VmArea(0x100000, 0x100000 + 499 * 4096, vm_flags=ACCT)).result == 0
    # committed would be 499 + 1 = 500, not < 500 - min(499 // 32, ...) = 485.
    assert mm.insert_vm_struct(VmArea(0x900000, 0x901000, vm_flags=ACCT)).result == ENOMEM
    assert mm.committed == 499


def test_overcommit_kbytes_replaces_the_ratio() -> None:
    cfg = MemoryConfig(overcommit_memory=2, overcommit_kbytes=4 * 10, totalram_pages=10**9)
    mm = MmStruct(memory=cfg)
    assert mm.insert_vm_struct(VmArea(0x100000, 0x100000 + 9 * 4096, vm_flags=ACCT)).result == 0
    assert mm.insert_vm_struct(VmArea(0x900000, 0x902000, vm_flags=ACCT)).result == ENOMEM


def test_an_overlap_is_refused_before_anything_is_charged() -> None:
    mm = mm_with([(0x100000, 0x200000)], memory=MemoryConfig(overcommit_memory=1))
    res = mm.insert_vm_struct(VmArea(0x180000, 0x280000, vm_flags=ACCT))
    assert res.result == ENOMEM and res.conflict == 0x100000
    assert mm.committed == 0


def test_erasing_an_accounted_vma_returns_its_charge() -> None:
    mm = MmStruct(memory=MemoryConfig(overcommit_memory=1))
    vma = VmArea(0x100000, 0x110000, vm_flags=ACCT)
    mm.insert_vm_struct(vma)
    assert mm.committed == 16
    mm.erase(vma)
    assert mm.committed == 0


def test_the_account_step_carries_the_arithmetic_of_the_decision() -> None:
    # Policy 2: allowed = 1000 * 50 % = 500 pages, minus min(total_vm / 32, reserve).
    cfg = MemoryConfig(overcommit_memory=2, totalram_pages=1000, total_swap_pages=0)
    mm = MmStruct(memory=cfg)
    mm.committed = 100
    _, steps = traced_insert(mm, VmArea(0x10000000, 0x10000000 + 300 * 4096, vm_flags=ACCT))
    (check,) = [s for s in steps if s.kind == "account_check"]
    p = check.params
    assert (p["committed_before"], p["pages"], p["limit"], p["verdict"]) == (
        "100",
        "300",
        "500",
        "0",
    )
    assert p["committed"] == "400" and p["policy"] == "2"
    # 400 + 200 = 600 is not under 500: refused, un-charged, the same limit named.
    _, steps = traced_insert(mm, VmArea(0x20000000, 0x20000000 + 200 * 4096, vm_flags=ACCT))
    (check,) = [s for s in steps if s.kind == "account_check"]
    assert check.params["limit"] == str(500 - min(mm.total_vm // 32, 131072 >> 2))
    assert check.params["verdict"] == "-ENOMEM" and check.params["committed"] == "400"
