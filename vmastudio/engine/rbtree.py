"""The augmented red-black tree of ``lib/rbtree.c`` with ``mm/mmap.c``'s gap callbacks.

The five properties, as the kernel states them:

1. every node is red or black;
2. the root is black;
3. every leaf (NULL) is black;
4. both children of a red node are black;
5. every path from a node to its leaves holds the same number of black nodes.

Every write goes through ``mm.touch(node)`` first, which lets the timeline save the node's
link state once per op and lets a tracer report what changed. Where the kernel leaves a
parent pointer stale between two rotations (insert case 2, erase case 3) we write the
consistent value at once, so that every traced step is a drawable tree; the kernel's later
write stores the same value, and no read in between depends on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .vma import STACK_GUARD_GAP, ULONG_WRAP, VM_GROWSDOWN, VmArea

if TYPE_CHECKING:
    from .mm import MmStruct


def vm_start_gap(v: VmArea) -> int:
    """4.19: a VM_GROWSDOWN VMA reserves the stack guard gap below it (clamped at 0)."""
    start = v.vm_start
    if v.vm_flags & VM_GROWSDOWN:
        start -= STACK_GUARD_GAP
        if start < 0:
            start = 0
    return start


def compute_gap(mm: MmStruct, v: VmArea) -> int:
    """``vma_compute_subtree_gap()``: own gap below ``v``, or its children's larger one.

    The own gap uses ``v.vm_prev`` as it stands, even when the list is mid-update (the
    kernel's erase path relies on that). Complexity O(1).
    """
    prev = v.vm_prev
    if mm.v419:
        best = vm_start_gap(v)
        if prev is not None:
            prev_end = prev.vm_end  # vm_end_gap(): x86-64 has no VM_GROWSUP
            best = best - prev_end if best > prev_end else 0
    else:
        best = v.vm_start
        if prev is not None:
            # (start - prev_end) & ULONG_MASK, without a 65-bit intermediate: both are
            # addresses below 2**64, so only a negative difference needs the wrap.
            best -= prev.vm_end
            if best < 0:
                best += ULONG_WRAP
    child = v.rb_left
    if child is not None and child.rb_subtree_gap > best:
        best = child.rb_subtree_gap
    child = v.rb_right
    if child is not None and child.rb_subtree_gap > best:
        best = child.rb_subtree_gap
    return best


def propagate(
    mm: MmStruct, rb: VmArea | None, stop: VmArea | None, *, own_step: bool = True
) -> None:
    """``vma_gap_callbacks_propagate``: recompute upwards, stop at the first unchanged node.

    ``own_step=False`` when the writes belong to an enclosing step's statement group (the
    erase's successor move), so no step shows the half-moved successor.
    Complexity O(height) at worst, usually O(1).
    """
    if mm.tr is not None:
        _propagate_traced(mm, rb, stop, own_step)
        return
    # Hot path of every insert and erase (a bulk load calls it ~30 times per insert on
    # a descending load): compute_gap and the once-per-op check of touch() are inlined.
    op_no = mm.op_no
    # The op number boxed once for every history entry this call saves (mypyc would box
    # a native int per append: ~1.7 million objects on a descending 65,530-VMA load).
    op_box: Any = mm.op_box
    gap_mark = -op_no - 2  # mm.gap_only_mark(op_no)
    # Likewise the old gap: along a path the nodes mostly held the same maximum, so the
    # last one boxed is reused while the value repeats.
    old_box: Any = None
    old_gap = -1
    recording = mm.recording
    touched = mm.touched
    v419 = mm.v419
    while rb is not stop:
        assert rb is not None
        prev = rb.vm_prev
        if v419:
            gap = vm_start_gap(rb)
            if prev is not None:
                prev_end = prev.vm_end
                gap = gap - prev_end if gap > prev_end else 0
        else:
            gap = rb.vm_start
            if prev is not None:
                gap -= prev.vm_end  # & ULONG_MASK, as in compute_gap
                if gap < 0:
                    gap += ULONG_WRAP
        child = rb.rb_left
        if child is not None and child.rb_subtree_gap > gap:
            gap = child.rb_subtree_gap
        child = rb.rb_right
        if child is not None and child.rb_subtree_gap > gap:
            gap = child.rb_subtree_gap
        if rb.rb_subtree_gap == gap:
            break
        hop = rb.hop
        if hop != op_no and hop != gap_mark:
            # mm.touch(rb) for a gap-only write, inlined: the hot path of a bulk load.
            # Save just the op and the old gap, flat (vma.py ``ghist``); a later link
            # write in this op widens the entry.
            rb.hop = gap_mark
            if recording:
                if rb.rb_subtree_gap != old_gap:
                    old_gap = rb.rb_subtree_gap
                    old_box = old_gap
                ghist = rb.ghist
                if ghist is None:
                    rb.ghist = [op_box, old_box]
                else:
                    ghist.append(op_box)
                    ghist.append(old_box)
            if touched is not None:
                touched.append(rb)
        rb.rb_subtree_gap = gap
        rb = rb.rb_parent


def _propagate_traced(mm: MmStruct, rb: VmArea | None, stop: VmArea | None, own_step: bool) -> None:
    """``propagate`` with one ``gap_update`` step naming every node it changed."""
    tr = mm.tr
    assert tr is not None
    updated: list[VmArea] = []
    first = rb
    while rb is not stop:
        assert rb is not None
        gap = compute_gap(mm, rb)
        if rb.rb_subtree_gap == gap:
            break
        mm.touch(rb)
        rb.rb_subtree_gap = gap
        updated.append(rb)
        rb = rb.rb_parent
    if own_step and first is not None and first is not stop:
        tr.step(
            "gap_update",
            "gap.propagate",
            {"current": first},
            {"count": str(len(updated)), "nodes": ", ".join(u.label() for u in updated) or "-"},
        )


def augment_rotate(mm: MmStruct, old: VmArea, new: VmArea) -> None:
    """Rotation callback: the new top takes the old top's value; the old is recomputed."""
    mm.touch(old)
    mm.touch(new)
    new.rb_subtree_gap = old.rb_subtree_gap
    old.rb_subtree_gap = compute_gap(mm, old)
    mm.rotations.append((old.vm_start, new.vm_start))


def _change_child(mm: MmStruct, old: VmArea, new: VmArea | None, parent: VmArea | None) -> None:
    """``__rb_change_child``: make ``parent`` (or the root pointer) point at ``new``."""
    if parent is not None:
        mm.touch(parent)
        if parent.rb_left is old:
            parent.rb_left = new
        else:
            parent.rb_right = new
    else:
        mm.root = new


def _rotate_set_parents(mm: MmStruct, old: VmArea, new: VmArea, red: bool) -> None:
    """``__rb_rotate_set_parents``: ``new`` takes ``old``'s parent and colour."""
    parent = old.rb_parent
    mm.touch(new)
    mm.touch(old)
    new.rb_parent = parent
    new.rb_red = old.rb_red
    old.rb_parent = new
    old.rb_red = red
    _change_child(mm, old, new, parent)


def _set_parent_color(mm: MmStruct, node: VmArea, parent: VmArea | None, red: bool) -> None:
    mm.touch(node)
    node.rb_parent = parent
    node.rb_red = red


def _pivot(down: VmArea, up: VmArea) -> dict[str, str]:
    """Text parameters of a rotation step: the node that goes down and the one that rises."""
    return {"pivot": down.label(), "top": up.label()}


def insert_color(mm: MmStruct, node: VmArea) -> None:
    """``rb_insert_augmented()``: rebalance after linking red ``node`` at a leaf."""
    tr = mm.tr
    if tr is None:
        _insert_color(mm, node)
        return
    tr.enter("rb_insert_augmented")
    _insert_color(mm, node)
    tr.leave("rb_insert_augmented")


def _insert_color(mm: MmStruct, node: VmArea) -> None:
    """The rebalancing loop of ``__rb_insert()``.

    Loop invariant: ``node`` is red. Complexity O(log n), at most two rotations.
    """
    tr = mm.tr
    parent = node.rb_parent
    while True:
        if parent is None:
            # The node is the root: colour it black (property 2) and stop.
            _set_parent_color(mm, node, None, False)
            if tr is not None:
                tr.step("root_black", "rb.root", {"current": node})
            break
        if not parent.rb_red:
            if tr is not None:
                tr.step("parent_black", "rb.parent_black", {"current": node, "parent": parent})
            break
        gparent = parent.rb_parent
        assert gparent is not None  # a red parent is never the root
        tmp = gparent.rb_right
        if parent is not tmp:
            # parent == gparent->rb_left
            uncle = tmp  # what the case-1 test saw: cases 2 and 3 name it too
            if tmp is not None and tmp.rb_red:
                #  Case 1 - colour flips        G            g
                #                              / \          / \
                #                             p   u  -->   P   U
                #                            /            /
                #                           n            n
                _set_parent_color(mm, tmp, gparent, False)
                _set_parent_color(mm, parent, gparent, False)
                _set_parent_color(mm, gparent, gparent.rb_parent, True)
                if tr is not None:
                    # One step for the three colour writes, as the kernel makes them before
                    # it moves up; the roles are the locals before ``node = gparent``.
                    tr.step(
                        "recolor_case1",
                        "rb.case1",
                        {"current": node, "parent": parent, "uncle": tmp, "grandparent": gparent},
                        case="insert case 1: recolour",
                    )
                node = gparent
                parent = node.rb_parent
                continue
            tmp = parent.rb_right
            if node is tmp:
                #  Case 2 - left rotate at parent   G             G
                #                                  / \           / \
                #                                 p   U  -->    n   U
                #                                  \           /
                #                                   n         p
                tmp = node.rb_left
                mm.touch(parent)
                mm.touch(node)
                parent.rb_right = tmp
                node.rb_left = parent
                if tmp is not None:
                    _set_parent_color(mm, tmp, parent, False)
                _set_parent_color(mm, parent, node, True)
                node.rb_parent = gparent  # see the module docstring
                mm.touch(gparent)
                gparent.rb_left = node
                augment_rotate(mm, parent, node)
                if tr is not None:
                    tr.step(
                        "rotate_left",
                        "rb.case2",
                        {"current": node, "parent": parent, "grandparent": gparent, "uncle": uncle},
                        _pivot(parent, node),
                        case="insert case 2: left rotate at parent",
                    )
                parent = node
                tmp = node.rb_right
            #  Case 3 - right rotate at gparent     G           P
            #                                      / \         / \
            #                                     p   U  -->  n   g
            #                                    /                 \
            #                                   n                   U
            mm.touch(gparent)
            mm.touch(parent)
            gparent.rb_left = tmp
            parent.rb_right = gparent
            if tmp is not None:
                _set_parent_color(mm, tmp, gparent, False)
            _rotate_set_parents(mm, gparent, parent, True)
            augment_rotate(mm, gparent, parent)
            if tr is not None:
                tr.step(
                    "rotate_right",
                    "rb.case3",
                    {"current": node, "parent": parent, "grandparent": gparent, "uncle": uncle},
                    _pivot(gparent, parent),
                    case="insert case 3: right rotate at grandparent",
                )
            break
        else:
            # parent == gparent->rb_right: the mirror image
            tmp = gparent.rb_left
            uncle = tmp  # what the case-1 test saw: cases 2 and 3 name it too
            if tmp is not None and tmp.rb_red:
                _set_parent_color(mm, tmp, gparent, False)
                _set_parent_color(mm, parent, gparent, False)
                _set_parent_color(mm, gparent, gparent.rb_parent, True)
                if tr is not None:
                    # One step for the three colour writes, as the kernel makes them before
                    # it moves up; the roles are the locals before ``node = gparent``.
                    tr.step(
                        "recolor_case1",
                        "rb.case1",
                        {"current": node, "parent": parent, "uncle": tmp, "grandparent": gparent},
                        case="insert case 1 (mirror): recolour",
                    )
                node = gparent
                parent = node.rb_parent
                continue
            tmp = parent.rb_left
            if node is tmp:
                # Case 2 (mirror) - right rotate at parent
                tmp = node.rb_right
                mm.touch(parent)
                mm.touch(node)
                parent.rb_left = tmp
                node.rb_right = parent
                if tmp is not None:
                    _set_parent_color(mm, tmp, parent, False)
                _set_parent_color(mm, parent, node, True)
                node.rb_parent = gparent
                mm.touch(gparent)
                gparent.rb_right = node
                augment_rotate(mm, parent, node)
                if tr is not None:
                    tr.step(
                        "rotate_right",
                        "rb.case2",
                        {"current": node, "parent": parent, "grandparent": gparent, "uncle": uncle},
                        _pivot(parent, node),
                        case="insert case 2 (mirror): right rotate at parent",
                    )
                parent = node
                tmp = node.rb_left
            # Case 3 (mirror) - left rotate at gparent
            mm.touch(gparent)
            mm.touch(parent)
            gparent.rb_right = tmp
            parent.rb_left = gparent
            if tmp is not None:
                _set_parent_color(mm, tmp, gparent, False)
            _rotate_set_parents(mm, gparent, parent, True)
            augment_rotate(mm, gparent, parent)
            if tr is not None:
                tr.step(
                    "rotate_left",
                    "rb.case3",
                    {"current": node, "parent": parent, "grandparent": gparent, "uncle": uncle},
                    _pivot(gparent, parent),
                    case="insert case 3 (mirror): left rotate at grandparent",
                )
            break


def erase(mm: MmStruct, node: VmArea) -> None:
    """``rb_erase_augmented()``: unlink ``node``, keep gaps right, rebalance if needed.

    Complexity O(log n), at most three rotations.
    """
    tr = mm.tr
    child = node.rb_right
    tmp = node.rb_left
    rebalance: VmArea | None
    if tmp is None:
        # Case 1: at most one child (the right one) takes the node's place.
        pc_parent, pc_red = node.rb_parent, node.rb_red
        parent = pc_parent
        _change_child(mm, node, child, parent)
        if child is not None:
            _set_parent_color(mm, child, pc_parent, pc_red)
            rebalance = None
        else:
            rebalance = parent if not pc_red else None
        if tr is not None:
            tr.step(
                "erase_replace",
                "erase.one_child",
                {"current": node, "next": child, "parent": parent},
                case="erase: at most one child",
            )
        tmp = parent
    elif child is None:
        # Still case 1, but the child is the left one.
        _set_parent_color(mm, tmp, node.rb_parent, node.rb_red)
        parent = node.rb_parent
        _change_child(mm, node, tmp, parent)
        rebalance = None
        if tr is not None:
            tr.step(
                "erase_replace",
                "erase.one_child",
                {"current": node, "next": tmp, "parent": parent},
                case="erase: only a left child",
            )
        tmp = parent
    else:
        successor = child
        tmp = child.rb_left
        if tmp is None:
            # Case 2: the successor is the right child.
            parent = successor
            child2 = successor.rb_right
            mm.touch(successor)
            successor.rb_subtree_gap = node.rb_subtree_gap  # augment copy
        else:
            # Case 3: the successor is the leftmost node of the right subtree.
            while True:
                parent = successor
                successor = tmp
                tmp = tmp.rb_left
                if tmp is None:
                    break
            child2 = successor.rb_right
            mm.touch(parent)
            mm.touch(successor)
            parent.rb_left = child2
            successor.rb_right = child
            mm.touch(child)
            child.rb_parent = successor
            successor.rb_subtree_gap = node.rb_subtree_gap  # augment copy
            propagate(mm, parent, successor, own_step=False)
        tmp = node.rb_left
        assert tmp is not None  # two children
        mm.touch(successor)
        successor.rb_left = tmp
        mm.touch(tmp)
        tmp.rb_parent = successor
        pc_parent, pc_red = node.rb_parent, node.rb_red
        tmp = pc_parent
        _change_child(mm, node, successor, tmp)
        if child2 is not None:
            successor.rb_parent, successor.rb_red = pc_parent, pc_red
            _set_parent_color(mm, child2, parent, False)
            rebalance = None
        else:
            pc2_red = successor.rb_red
            successor.rb_parent, successor.rb_red = pc_parent, pc_red
            rebalance = parent if not pc2_red else None
        if tr is not None:
            tr.step(
                "erase_successor",
                "erase.successor",
                {"current": node, "next": successor, "parent": parent},
                case="erase: two children, the successor takes the place",
            )
        tmp = successor
    propagate(mm, tmp, None)
    if rebalance is not None:
        _erase_color(mm, rebalance)


def _erase_color(mm: MmStruct, parent: VmArea) -> None:
    """``____rb_erase_color``: restore property 5 after a black node left.

    Loop invariants: ``node`` is black (or NULL on the first pass), ``node`` is not the
    root, and every path through ``parent`` and ``node`` has one black node too few.
    """
    tr = mm.tr
    node: VmArea | None = None
    while True:
        sibling = parent.rb_right
        if node is not sibling:
            # node == parent->rb_left
            assert sibling is not None
            if sibling.rb_red:
                # Case 1 - left rotate at parent: the sibling becomes black.
                tmp1 = sibling.rb_left
                assert tmp1 is not None
                mm.touch(parent)
                mm.touch(sibling)
                parent.rb_right = tmp1
                sibling.rb_left = parent
                _set_parent_color(mm, tmp1, parent, False)
                _rotate_set_parents(mm, parent, sibling, True)
                augment_rotate(mm, parent, sibling)
                if tr is not None:
                    tr.step(
                        "rotate_left",
                        "erase.case1",
                        {"current": node, "parent": parent, "sibling": sibling},
                        _pivot(parent, sibling),
                        case="erase case 1: left rotate at parent",
                    )
                sibling = tmp1
            tmp1 = sibling.rb_right
            if tmp1 is None or not tmp1.rb_red:
                tmp2 = sibling.rb_left
                if tmp2 is None or not tmp2.rb_red:
                    # Case 2 - sibling colour flip; the deficit moves up or ends here.
                    _set_parent_color(mm, sibling, parent, True)
                    parent_red = parent.rb_red
                    if parent_red:
                        mm.touch(parent)
                        parent.rb_red = False
                    if tr is not None:
                        tr.step(
                            "erase_recolor",
                            "erase.case2",
                            {"current": node, "parent": parent, "sibling": sibling},
                            case="erase case 2: recolour the sibling red",
                        )
                    if not parent_red:
                        node = parent
                        parent_up = node.rb_parent
                        if parent_up is not None:
                            parent = parent_up
                            continue
                    break
                # Case 3 - right rotate at sibling.
                tmp1 = tmp2.rb_right
                mm.touch(sibling)
                mm.touch(tmp2)
                mm.touch(parent)
                sibling.rb_left = tmp1
                tmp2.rb_right = sibling
                parent.rb_right = tmp2
                if tmp1 is not None:
                    _set_parent_color(mm, tmp1, sibling, False)
                sibling.rb_parent = tmp2
                tmp2.rb_parent = parent
                augment_rotate(mm, sibling, tmp2)
                if tr is not None:
                    tr.step(
                        "rotate_right",
                        "erase.case3",
                        {"current": node, "parent": parent, "sibling": tmp2},
                        _pivot(sibling, tmp2),
                        case="erase case 3: right rotate at sibling",
                    )
                tmp1 = sibling
                sibling = tmp2
            # Case 4 - left rotate at parent and colour flips.
            tmp2 = sibling.rb_left
            mm.touch(parent)
            mm.touch(sibling)
            parent.rb_right = tmp2
            sibling.rb_left = parent
            _set_parent_color(mm, tmp1, sibling, False)
            if tmp2 is not None:
                mm.touch(tmp2)
                tmp2.rb_parent = parent
            _rotate_set_parents(mm, parent, sibling, False)
            augment_rotate(mm, parent, sibling)
            if tr is not None:
                tr.step(
                    "rotate_left",
                    "erase.case4",
                    {"current": node, "parent": parent, "sibling": sibling},
                    _pivot(parent, sibling),
                    case="erase case 4: left rotate at parent",
                )
            break
        else:
            # node == parent->rb_right: the mirror image
            sibling = parent.rb_left
            assert sibling is not None
            if sibling.rb_red:
                tmp1 = sibling.rb_right
                assert tmp1 is not None
                mm.touch(parent)
                mm.touch(sibling)
                parent.rb_left = tmp1
                sibling.rb_right = parent
                _set_parent_color(mm, tmp1, parent, False)
                _rotate_set_parents(mm, parent, sibling, True)
                augment_rotate(mm, parent, sibling)
                if tr is not None:
                    tr.step(
                        "rotate_right",
                        "erase.case1",
                        {"current": node, "parent": parent, "sibling": sibling},
                        _pivot(parent, sibling),
                        case="erase case 1 (mirror): right rotate at parent",
                    )
                sibling = tmp1
            tmp1 = sibling.rb_left
            if tmp1 is None or not tmp1.rb_red:
                tmp2 = sibling.rb_right
                if tmp2 is None or not tmp2.rb_red:
                    _set_parent_color(mm, sibling, parent, True)
                    parent_red = parent.rb_red
                    if parent_red:
                        mm.touch(parent)
                        parent.rb_red = False
                    if tr is not None:
                        tr.step(
                            "erase_recolor",
                            "erase.case2",
                            {"current": node, "parent": parent, "sibling": sibling},
                            case="erase case 2 (mirror): recolour the sibling red",
                        )
                    if not parent_red:
                        node = parent
                        parent_up = node.rb_parent
                        if parent_up is not None:
                            parent = parent_up
                            continue
                    break
                tmp1 = tmp2.rb_left
                mm.touch(sibling)
                mm.touch(tmp2)
                mm.touch(parent)
                sibling.rb_right = tmp1
                tmp2.rb_left = sibling
                parent.rb_left = tmp2
                if tmp1 is not None:
                    _set_parent_color(mm, tmp1, sibling, False)
                sibling.rb_parent = tmp2
                tmp2.rb_parent = parent
                augment_rotate(mm, sibling, tmp2)
                if tr is not None:
                    tr.step(
                        "rotate_left",
                        "erase.case3",
                        {"current": node, "parent": parent, "sibling": tmp2},
                        _pivot(sibling, tmp2),
                        case="erase case 3 (mirror): left rotate at sibling",
                    )
                tmp1 = sibling
                sibling = tmp2
            tmp2 = sibling.rb_right
            mm.touch(parent)
            mm.touch(sibling)
            parent.rb_left = tmp2
            sibling.rb_right = parent
            _set_parent_color(mm, tmp1, sibling, False)
            if tmp2 is not None:
                mm.touch(tmp2)
                tmp2.rb_parent = parent
            _rotate_set_parents(mm, parent, sibling, False)
            augment_rotate(mm, parent, sibling)
            if tr is not None:
                tr.step(
                    "rotate_right",
                    "erase.case4",
                    {"current": node, "parent": parent, "sibling": sibling},
                    _pivot(parent, sibling),
                    case="erase case 4 (mirror): right rotate at parent",
                )
            break
