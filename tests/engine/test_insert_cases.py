"""insert_vm_struct(), worked by hand: each case reads as a page of the explanation.

Trees are written as (start, colour, depth) in preorder; K = one page.
"""

from __future__ import annotations

from helpers import K, cases, mm_with, shape, traced_insert

from vmastudio.engine.check import check
from vmastudio.engine.mm import MmStruct
from vmastudio.engine.vma import ENOMEM, VM_FLAGS, VmArea


def test_the_explanations_walk_right_at_the_root_then_left_into_rb_left() -> None:
    # DESIGN.md §6: [400000,452000) is the black root, [651000,652000) its red right
    # child; [500000,502000) goes right at the root and left at 0x651000.
    mm = mm_with([(0x400000, 0x452000), (0x651000, 0x652000)])
    res, steps = traced_insert(mm, VmArea(0x500000, 0x502000, uid=2))
    assert res.result == 0
    assert res.path == [0x400000, 0x651000]
    assert (res.parent, res.link, res.prev, res.next) == (0x651000, "left", 0x400000, 0x651000)
    kinds = [s.kind for s in steps]
    assert kinds[:5] == ["pgoff", "find_start", "descend_right", "descend_left", "slot_found"]
    found = steps[4]
    assert found.role_start("parent") == 0x651000
    assert found.role_start("prev") == 0x400000
    assert found.to_json()["roles"]["link_slot"] == {"node": 0x651000, "side": "left"}
    caller = found.vars_text("short")["insert_vm_struct"]
    # The addresses of the design's figure, in short style.
    assert caller["prev"] == {
        "addr": "0x5540",
        "type": "struct vm_area_struct *",
        "value": "0x3000",
    }
    assert caller["rb_link"] == {"addr": "0x5548", "type": "struct rb_node **", "value": "0x30f8"}
    assert caller["rb_parent"] == {"addr": "0x5550", "type": "struct rb_node *", "value": "0x30e8"}
    assert caller["*rb_link"] == {"addr": "0x30f8", "type": "struct rb_node *", "value": "NULL"}
    callee = found.vars_text("short")["find_vma_links"]
    assert callee["pprev"]["value"] == "0x5540"
    assert callee["rb_link"] == {"addr": "0x5510", "type": "struct rb_node ***", "value": "0x5548"}
    assert callee["__rb_link"]["value"] == "0x30f8"
    # After rb_link_node() the slot holds the new node's vm_rb (0x3190 + 0x20).
    linked = next(s for s in steps if s.kind == "link_node")
    assert linked.vars_text("short")["insert_vm_struct"]["*rb_link"]["value"] == "0x31b0"
    assert "find_vma_links" not in linked.locals
    check(mm)


def test_first_insert_into_an_empty_tree_becomes_the_black_root() -> None:
    mm = MmStruct()
    res, steps = traced_insert(mm, VmArea(0x400000, 0x452000))
    assert (res.path, res.parent, res.link, res.prev, res.next) == ([], None, "root", None, None)
    assert shape(mm) == [(0x400000, "B", 0)]
    assert steps[-3].kind == "root_black"
    assert mm.highest_vm_end == 0x452000 and mm.map_count == 1
    assert mm.mm_rb is not None and mm.mm_rb.rb_subtree_gap == 0x400000


def test_touching_ranges_do_not_overlap() -> None:
    mm = mm_with([(0x10 * K, 0x20 * K), (0x30 * K, 0x40 * K)])
    below = mm.insert_vm_struct(VmArea(0x8 * K, 0x10 * K))  # end == next.vm_start
    between = mm.insert_vm_struct(VmArea(0x20 * K, 0x30 * K))  # both edges touch
    assert below.result == 0 and between.result == 0
    assert between.prev == 0x10 * K and between.next == 0x30 * K
    check(mm)


def test_overlap_stops_at_the_first_conflict_on_the_path_and_changes_nothing() -> None:
    mm = mm_with([(0x400000, 0x452000), (0x651000, 0x652000), (0xE03000, 0xE24000)])
    before = shape(mm)
    # [450000,700000) overlaps both [400000,452000) and [651000,652000); the descent
    # meets the root 0x651000 first, so that is the conflict, not the lower VMA.
    vma = VmArea(0x450000, 0x700000, uid=9)
    res, steps = traced_insert(mm, vma)
    assert res.result == ENOMEM
    assert res.path == [0x651000] and res.conflict == 0x651000
    assert (res.parent, res.link, res.prev, res.next) == (None, None, None, None)
    assert [s.kind for s in steps][-2:] == ["overlap", "return"]
    assert steps[-2].role_start("conflict") == 0x651000
    assert steps[-2].params["overlap"] == "[651000,652000)"
    assert shape(mm) == before and mm.map_count == 3
    # 4.0 sets vm_pgoff before the search: the rejected VMA was still rewritten.
    assert vma.vm_pgoff == 0x450
    check(mm)


def test_case_one_red_uncle_recolours_and_moves_up() -> None:
    mm = mm_with([(0x400000, 0x452000), (0x651000, 0x652000), (0xE03000, 0xE24000)])
    res, steps = traced_insert(mm, VmArea(0x200000, 0x201000))
    assert res.rotations == []
    assert cases(steps) == ["insert case 1: recolour"]
    assert shape(mm) == [
        (0x651000, "B", 0),
        (0x400000, "B", 1),
        (0x200000, "R", 2),
        (0xE03000, "B", 1),
    ]


def test_case_three_outer_child_rotates_once_at_the_grandparent() -> None:
    mm = mm_with([(0x400000, 0x452000), (0x651000, 0x652000)])
    res, steps = traced_insert(mm, VmArea(0xE03000, 0xE24000))
    assert cases(steps) == ["insert case 3 (mirror): left rotate at grandparent"]
    assert res.rotations == [(0x400000, 0x651000)]
    assert shape(mm) == [(0x651000, "B", 0), (0x400000, "R", 1), (0xE03000, "R", 1)]


def test_left_left_is_the_mirror_a_right_rotation() -> None:
    mm = mm_with([(0xE03000, 0xE24000), (0x651000, 0x652000)])
    res, steps = traced_insert(mm, VmArea(0x400000, 0x452000))
    assert cases(steps) == ["insert case 3: right rotate at grandparent"]
    assert res.rotations == [(0xE03000, 0x651000)]
    assert shape(mm) == [(0x651000, "B", 0), (0x400000, "R", 1), (0xE03000, "R", 1)]


def test_case_two_inner_child_is_a_double_rotation() -> None:
    mm = mm_with([(0xE03000, 0xE24000), (0x400000, 0x452000)])
    res, steps = traced_insert(mm, VmArea(0x651000, 0x652000))
    assert cases(steps) == [
        "insert case 2: left rotate at parent",
        "insert case 3: right rotate at grandparent",
    ]
    assert res.rotations == [(0x400000, 0x651000), (0xE03000, 0x651000)]
    assert shape(mm) == [(0x651000, "B", 0), (0x400000, "R", 1), (0xE03000, "R", 1)]
    check(mm)


def test_case_two_mirror_rotates_right_then_left() -> None:
    mm = mm_with([(0x400000, 0x452000), (0xE03000, 0xE24000)])
    res, steps = traced_insert(mm, VmArea(0x651000, 0x652000))
    assert cases(steps) == [
        "insert case 2 (mirror): right rotate at parent",
        "insert case 3 (mirror): left rotate at grandparent",
    ]
    assert res.rotations == [(0xE03000, 0x651000), (0x400000, 0x651000)]
    check(mm)


def test_rotation_steps_show_each_intermediate_tree_as_a_valid_tree() -> None:
    from vmastudio.engine.snapshot import snapshot_of, step_snapshots

    mm = mm_with([(0xE03000, 0xE24000), (0x400000, 0x452000)])  # ids 0 and 1
    before = snapshot_of(mm)
    new = VmArea(0x651000, 0x652000, uid=2)
    _, steps = traced_insert(mm, new)
    snaps = step_snapshots(before, steps)
    after_case2 = snaps[[s.case for s in steps].index("insert case 2: left rotate at parent")]
    # After the first rotation the new node sits between grandparent and old parent.
    assert after_case2.root == 0
    assert after_case2.nodes[0].left == 2
    assert after_case2.nodes[2].left == 1
    assert after_case2.nodes[1].parent == 2
    assert [n.start for n in snaps[-1].inorder()] == [0x400000, 0x651000, 0xE03000]


def test_the_gaps_follow_the_kernel_formula() -> None:
    mm = mm_with([(0x400000, 0x452000), (0x651000, 0x652000), (0xE03000, 0xE24000)])
    root = mm.mm_rb
    assert root is not None and root.vm_start == 0x651000
    # own gap 0x651000 - 0x452000; left child's own gap 0x400000 (no prev)
    assert root.rb_subtree_gap == max(0x651000 - 0x452000, 0x400000, 0xE03000 - 0x652000)


def test_a_special_mapping_gets_vm_pgoff_in_4_0_but_not_in_4_19() -> None:
    for kernel, expected in (("4.0", 0x7FFF0), ("4.19", 0)):
        mm = MmStruct(kernel)  # type: ignore[arg-type]
        vdso = VmArea(0x7FFF0000, 0x7FFF2000, special=True)
        assert mm.insert_vm_struct(vdso).result == 0
        assert vdso.vm_pgoff == expected, kernel


def test_4_19_sets_vm_pgoff_only_after_the_overlap_check() -> None:
    mm = mm_with([(0x400000, 0x452000)], kernel="4.19")
    vma = VmArea(0x450000, 0x460000, vm_pgoff=7)
    assert mm.insert_vm_struct(vma).result == ENOMEM
    assert vma.vm_pgoff == 7
    _res, steps = traced_insert(mm, VmArea(0x500000, 0x501000))
    kinds = [s.kind for s in steps]
    assert kinds.index("pgoff") > kinds.index("slot_found")


def test_file_backed_vma_keeps_its_pgoff_and_takes_the_i_mmap_lock() -> None:
    mm = MmStruct()
    vma = VmArea(0x400000, 0x401000, vm_pgoff=3, vm_file="/usr/bin/cat")
    _res, steps = traced_insert(mm, vma)
    kinds = [s.kind for s in steps]
    assert vma.vm_pgoff == 3
    assert kinds.index("i_mmap_lock") < kinds.index("list_link") < kinds.index("link_node")
    assert kinds.index("link_file") < kinds.index("i_mmap_unlock") < kinds.index("map_count")


def test_4_19_stack_guard_gap_shrinks_the_gap_below_a_growsdown_vma() -> None:
    flags = VM_FLAGS["VM_READ"] | VM_FLAGS["VM_WRITE"] | VM_FLAGS["VM_GROWSDOWN"]
    for kernel, gap in (("4.0", 0x300000), ("4.19", 0x300000 - 0x100000)):
        mm = MmStruct(kernel)  # type: ignore[arg-type]
        mm.insert_vm_struct(VmArea(0x100000, 0x200000))
        stack = VmArea(0x500000, 0x600000, vm_flags=flags)
        mm.insert_vm_struct(stack)
        own = stack.rb_subtree_gap if stack.rb_left is None else None
        assert own == gap, kernel
        check(mm)


def test_4_19_guard_gap_clamps_at_zero_when_the_prev_is_close() -> None:
    flags = VM_FLAGS["VM_READ"] | VM_FLAGS["VM_GROWSDOWN"]
    mm = MmStruct("4.19")
    mm.insert_vm_struct(VmArea(0x100000, 0x200000))
    stack = VmArea(0x210000, 0x220000, vm_flags=flags)
    mm.insert_vm_struct(stack)
    assert stack.rb_subtree_gap == 0
    low = MmStruct("4.19")
    tiny = VmArea(0x10000, 0x20000, vm_flags=flags)
    low.insert_vm_struct(tiny)
    assert tiny.rb_subtree_gap == 0  # vm_start - guard underflows: clamped at 0


def test_a_right_child_hangs_under_its_prev_and_a_left_child_under_its_next() -> None:
    mm = mm_with([(0x10 * K, 0x11 * K), (0x30 * K, 0x31 * K), (0x50 * K, 0x51 * K)])
    right = mm.insert_vm_struct(VmArea(0x60 * K, 0x61 * K))  # right of 0x50000
    left = mm.insert_vm_struct(VmArea(0x40 * K, 0x41 * K))  # right at 0x30000, left at 0x50000
    assert (right.link, right.parent, right.prev) == ("right", 0x50 * K, 0x50 * K)
    assert (left.link, left.parent, left.next) == ("left", 0x50 * K, 0x50 * K)
    assert left.prev == 0x30 * K
