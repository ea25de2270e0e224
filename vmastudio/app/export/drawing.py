"""The address map, the VMA list and the red-black tree of one step, as figure layers.

Qt-free. Everything drawn comes from the engine's facts for the step: the ``Snapshot``
(nodes, links, colours, ``in_tree``/list membership, the root) and the ``TraceStep``'s
roles; geometry follows ``view/layout.py`` (one column per VMA in address order, so a
list box sits above its tree node; rows per depth; ``AddressScale`` for the map) in print
units. Nothing about the kernel is decided here.

Level of detail: when the columns would not fit ``Detail.max_width``, the tree is cut as
the window cuts a large space (``view/lod.py``): the nodes of the step (its roles, with
their path to the root) and, largest subtree first, as many nodes as fit are drawn in full, every
subtree hanging below them is one shape labelled with its VMA count and height, the list
is a band over those subtrees and the map a density strip. ``--region`` and ``--around``
choose the nodes drawn in full instead; ``--full`` draws every node. The columns and the
cut are ``cut.py``; the shapes of each part are ``layers.py``.

Snapshot keys are opaque (they name VMAs; they are not addresses): addresses are read
only from ``NodeState.start``/``.end``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from ...engine.snapshot import NodeState
from ...view.layout import between_columns
from .cut import (
    AGG_W,
    GAP_X,
    LINE,
    ONE_LINE_LARGE,
    ONE_LINE_SMALL,
    PAD,
    SMALL_FIGURE,
    TAG_H,
    Column,
    Sizes,
    ancestors,
    cut_out,
    label_shape,
    lod_kept,
    subtree_sizes,
    tree_columns,
    tree_order,
)
from .facts import (
    SUBJECT,
    TRIAL,
    Detail,
    StepFacts,
    list_membership,
    subject_key,
    vma_roles,
)
from .figure import (
    LABEL_PT,
    ROLE_ORDER,
    Layer,
    text_width,
)
from .layers import LayerContext, list_layer, map_layer, tree_layer
from .words import word


@dataclass(slots=True)
class MainDrawing:
    """The three main layers (those asked for) and what they show."""

    layers: list[Layer]
    width: float
    lod: bool
    drawn: int
    total: int
    note: str = ""
    columns: list[Column] = field(default_factory=list)


def main_drawing(
    facts: StepFacts,
    parts: tuple[str, ...],
    detail: Detail,
    lang: str,
    guard: Callable[[float, float], None] | None = None,
) -> MainDrawing:
    """The map, list and tree layers of ``facts`` (those in ``parts``). O(n) in the VMAs
    of the state; the output is O(columns) past the level-of-detail switch. ``guard``
    sees the drawing's size (width, height) before any shape is made, and may refuse."""
    snap, step = facts.snap, facts.step
    nodes = snap.nodes
    depth, order = tree_order(snap)
    listed = list_membership(snap)
    subj_key = subject_key(snap, facts.subject)

    # Roles: VMA keys → role names (the trial takes "new" when the insert was refused).
    roles: dict[int, list[str]] = {}
    for role, key in vma_roles(step).items():
        if (facts.trial and role == "new") or (facts.trial and key == subj_key):
            roles.setdefault(TRIAL, []).append(role)
        elif key in nodes:
            roles.setdefault(key, []).append(role)
        elif facts.subject is not None and not facts.trial:
            roles.setdefault(SUBJECT, []).append(role)
    for v in roles.values():
        v.sort(key=ROLE_ORDER.index)

    # VMAs outside the tree: being inserted or erased (a column each), the trial (none).
    detached: dict[int, NodeState] = (
        {k: n for k, n in nodes.items() if k not in depth and not (facts.trial and k == subj_key)}
        if len(nodes) != len(depth)
        else {}
    )
    trial_node = facts.subject if facts.trial else None
    if facts.subject is not None and not facts.trial and subj_key is None:
        detached[SUBJECT] = facts.subject

    total = len(depth) + len(detached)
    # Column pitch from the widest label of the state (addresses only grow in digits).
    ends = [n.end for n in nodes.values()]
    if facts.subject is not None:
        ends.append(facts.subject.end)
    one_line = ONE_LINE_SMALL if total <= SMALL_FIGURE else ONE_LINE_LARGE
    chars, lines = label_shape(ends, one_line)
    node_w = text_width("0" * chars, LABEL_PT, mono=True) + 8
    pitch = node_w + GAP_X

    must = [k for k in roles if k in depth]
    kept: set[int] | None = None
    sizes: Sizes = {}
    note = ""
    if detail.mode in ("region", "around"):
        chosen, kind = cut_out(snap, depth, detail)
        kept = set()
        for k in chosen + must:
            kept.update(ancestors(nodes, k, depth))
        if kind == "region":
            note = word("region", lang).format(detail.lo, detail.hi)
        else:
            note = word("around", lang).format(detail.addr, detail.depth)
    elif detail.mode == "auto" and total * pitch + 2 * PAD > detail.max_width:
        budget = max(7 * pitch, detail.max_width - 2 * PAD - len(detached) * pitch)
        sizes = subtree_sizes(snap, order)
        kept = lod_kept(snap, depth, must, budget, sizes, pitch)
    if kept is not None and not sizes:
        sizes = subtree_sizes(snap, order)

    cols = tree_columns(snap, depth, kept, sizes)
    for k, n in sorted(detached.items(), key=lambda kv: kv[1].start):
        i = bisect_right([c.start for c in cols], n.start)
        cols.insert(i, Column(k, n.start, n.end, None, reds=n.color == "R"))
    drawn = sum(1 for c in cols if not c.agg)
    # Level of detail is what was drawn: a cut whose left-out subtrees are single nodes
    # draws every VMA in full.
    lod = any(c.agg for c in cols)
    if lod and not note:
        note = word("lod_note", lang).format(f"{drawn:,}", f"{total:,}")
    x = PAD
    for c in cols:
        c.w = AGG_W if c.agg else pitch
        c.x = x + c.w / 2
        x += c.w
    width = max(x + PAD, PAD * 2 + pitch, 160.0)
    by_key = {c.key: c for c in cols if not c.agg}
    trial_x = 0.0
    if trial_node is not None:
        ordered = [c.start for c in cols]
        xs = {c.start: c.x for c in cols}
        if ordered:
            # layout.between_columns works in the window's units; the same rule here.
            trial_x = between_columns(xs, ordered, trial_node.start)
            trial_x = min(max(trial_x, PAD + node_w / 2), width - PAD - node_w / 2)
        else:
            trial_x = PAD + pitch / 2

    if guard is not None:
        deepest = max((c.depth for c in cols if c.depth is not None), default=0)
        level = LINE * lines + 6 + TAG_H + 18
        height: float = (60 if "map" in parts else 0) + (90 if "list" in parts else 0)
        height += (deepest + 4) * level if "tree" in parts else 0
        guard(width, height)
    ctx = LayerContext(
        snap=snap,
        facts=facts,
        roles=roles,
        cols=cols,
        by_key=by_key,
        node_w=node_w,
        pitch=pitch,
        lines=lines,
        one_line=one_line,
        width=width,
        lang=lang,
        listed=listed,
        trial_node=trial_node,
        trial_x=trial_x,
        depth=depth,
        detail=detail,
        lod=lod,
    )
    layers: list[Layer] = []
    if "map" in parts:
        layers.append(map_layer(ctx))
    if "list" in parts:
        layers.append(list_layer(ctx))
    if "tree" in parts:
        layers.append(tree_layer(ctx))
    return MainDrawing(layers, width, lod, drawn, total, note, cols)
