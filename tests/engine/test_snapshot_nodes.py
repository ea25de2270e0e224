"""The drawn nodes of a settled state: ``snapshot_of`` builds one ``NodeState`` per VMA from
a tuple of its fields (the fast path a 65,530-VMA space takes), and each must be the node
the keyword constructor gives, field by field, read from the kernel's own structures."""

from __future__ import annotations

import random

import pytest
from helpers import K, mm_with

from vmastudio.engine.snapshot import NodeState, node_state_of, node_states_of, snapshot_of
from vmastudio.engine.vma import VM_EXEC, VM_READ, VmArea


def _uid(v: VmArea | None) -> int | None:
    return None if v is None else v.uid


def _by_keywords(v: VmArea) -> NodeState:
    return NodeState(
        start=v.vm_start,
        end=v.vm_end,
        parent=_uid(v.rb_parent),
        left=_uid(v.rb_left),
        right=_uid(v.rb_right),
        color="R" if v.rb_red else "B",
        gap=v.rb_subtree_gap,
        prev=_uid(v.vm_prev),
        next=_uid(v.vm_next),
        flags=v.vm_flags,
        file=v.vm_file,
        name=v.name,
        pgoff=v.vm_pgoff,
        uid=v.uid,
        in_tree=True,
        in_list=True,
    )


def test_every_node_of_a_snapshot_is_its_vma_field_by_field() -> None:
    rng = random.Random(5)
    starts = rng.sample(range(16, 4000), 300)
    mm = mm_with([(s * K, (s + 1) * K) for s in starts])
    first = mm.mmap
    assert first is not None
    first.vm_file, first.name, first.vm_flags = "/usr/lib/libc.so.6", "libc.so.6", VM_READ | VM_EXEC
    snap = snapshot_of(mm)
    assert len(snap.nodes) == 300
    assert snap.root == _uid(mm.mm_rb) and snap.mmap == first.uid
    colours = set()
    for v in mm.vmas():
        node = snap.nodes[v.uid]
        assert node == _by_keywords(v)
        assert type(node) is NodeState and node.key == v.uid and node.linked
        colours.add(node.color)
    assert colours == {"R", "B"}
    assert snap.nodes[first.uid].file == "/usr/lib/libc.so.6"


def test_a_node_states_membership_as_told_and_cannot_be_changed() -> None:
    mm = mm_with([(0x10 * K, 0x11 * K)])
    v = mm.mmap
    assert v is not None
    node = node_state_of(v, in_tree=False, in_list=False)
    assert (node.in_tree, node.in_list, node.linked) == (False, False, False)
    assert node != node_state_of(v)
    assert node._replace(in_tree=True, in_list=True) == node_state_of(v)
    with pytest.raises(AttributeError):
        node.start = 0  # type: ignore[misc]
    assert repr(node).startswith("NodeState(start=65536, end=69632, parent=None")


def test_the_nodes_of_some_vmas_keep_their_order_and_the_membership_told() -> None:
    rng = random.Random(9)
    mm = mm_with([(s * K, (s + 1) * K) for s in rng.sample(range(16, 900), 60)])
    picked = rng.sample(list(mm.vmas()), 12)
    nodes = node_states_of(picked, in_tree=False)
    assert list(nodes) == [v.uid for v in picked]
    for v in picked:
        assert nodes[v.uid] == _by_keywords(v)._replace(in_tree=False)
        assert nodes[v.uid] == node_state_of(v, in_tree=False)
    assert node_states_of([]) == {}
