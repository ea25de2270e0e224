"""The engine's facts of one step, read through one accessor each.

The engine's contract (snapshot keys, roles, link slots, membership) is the one thing an
export must never re-decide: every read goes through a function here, so a change of the
contract is a change here. Snapshot keys are opaque VMA ids; addresses come only from
``NodeState.start``/``.end``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from ...engine.snapshot import NodeState, Snapshot
from ...engine.trace import TraceStep
from ...view.layout import list_order

#: The key of the VMA an op inserts while the snapshot does not hold it yet.
SUBJECT = -1
#: The key of a rejected insert's trial VMA (never a column of its own).
TRIAL = -2

DetailMode = Literal["auto", "full", "region", "around"]


# -- the step's facts, read through one accessor each (the engine's contract is moving) ------------
def vma_roles(step: TraceStep | None) -> dict[str, int]:
    """The step's roles that name a VMA (role → snapshot key); the link slot is apart."""
    if step is None:
        return {}
    return {r: v for r, v in step.roles.items() if isinstance(v, int) and r != "link_slot"}


def link_slot(step: TraceStep | None) -> tuple[int | None, str] | None:
    """The step's link slot as (node key or None for the root pointer, side)."""
    if step is None:
        return None
    value = step.roles.get("link_slot")
    if not isinstance(value, Mapping):
        return None
    side = str(value.get("side", "root"))
    node = value.get("node")
    return (node if isinstance(node, int) and side != "root" else None, side)


def in_tree(snap: Snapshot, key: int) -> bool:
    """Whether VMA ``key`` is linked into ``mm->mm_rb`` (the engine's fact)."""
    return snap.in_tree(key)


def list_membership(snap: Snapshot) -> Callable[[int], bool]:
    """Whether a key is on ``mm->mmap``: the snapshot's own test when it has one, else
    the VMAs reachable from ``mm->mmap`` through ``vm_next``."""
    method = getattr(snap, "in_list", None)
    if callable(method):
        return method  # type: ignore[no-any-return]
    return set(list_order(snap)).__contains__


def subject_key(snap: Snapshot, subject: NodeState | None) -> int | None:
    """The snapshot key of the op's subject VMA (its stable id), if the snapshot holds it."""
    if subject is None:
        return None
    key = subject.key
    node = snap.nodes.get(key)
    return key if node is not None and node.uid == subject.uid else None


@dataclass(frozen=True, slots=True)
class StepFacts:
    """What one figure draws: a snapshot, the step (None: a state between ops) and the
    VMA the op inserts (``trial``: the insert was refused, it never enters the tree)."""

    snap: Snapshot
    step: TraceStep | None = None
    subject: NodeState | None = None
    trial: bool = False
    #: The key of the VMA a refused insert overlaps (the op's result), if any.
    conflict: int | None = None


@dataclass(frozen=True, slots=True)
class Detail:
    """How much is drawn in full. ``max_width``: the widest main drawing (figure units)
    before level of detail takes over; ``auto`` uses it, ``full`` ignores it."""

    mode: DetailMode = "auto"
    max_width: float = math.inf
    lo: int = 0
    hi: int = 0
    addr: int = 0
    depth: int = 2
