"""The address map, the VMA list and the red-black tree of one step, as figure layers.

Qt-free. Everything drawn comes from the engine's facts for the step: the ``Snapshot``
(nodes, links, colours, ``in_tree``/list membership, the root) and the ``TraceStep``'s
roles; geometry follows ``view/layout.py`` (one column per VMA in address order, so a
list box sits above its tree node; rows per depth; ``AddressScale`` for the map) in print
units. Nothing about the kernel is decided here.

Level of detail: when the columns would not fit ``Detail.max_width``, the tree is cut as
the window cuts a large space (``view/lod.py``): the nodes of the step (its roles, with
their path to the root) and as many whole top levels as fit are drawn in full, every
subtree hanging below them is one shape labelled with its VMA count and height, the list
is a band over those subtrees and the map a density strip. ``--region`` and ``--around``
choose the nodes drawn in full instead; ``--full`` draws every node.

Snapshot keys are opaque (they name VMAs; they are not addresses): addresses are read
only from ``NodeState.start``/``.end``.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ...engine.snapshot import NodeState, Snapshot
from ...engine.trace import TraceStep
from ...view.layout import AddressScale, between_columns, list_order
from .figure import (
    DENSITY_STEPS,
    LABEL_PT,
    PT,
    ROLE_ORDER,
    SMALL_PT,
    TAG_PT,
    TITLE_PT,
    Group,
    Item,
    Layer,
    Path,
    Rect,
    Text,
    role_class,
    text_width,
)
from .words import role_tag, word

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


def list_membership(snap: Snapshot) -> Callable[[int], bool]:
    """Whether a key is on ``mm->mmap``: the snapshot's own test when it has one, else
    the VMAs reachable from ``mm->mmap`` through ``vm_next``."""
    method = getattr(snap, "in_list", None)
    if callable(method):
        return method  # type: ignore[no-any-return]
    return set(list_order(snap)).__contains__


def subject_key(snap: Snapshot, subject: NodeState | None) -> int | None:
    """The snapshot key of the op's subject VMA, if the snapshot holds it."""
    if subject is None:
        return None
    nodes = snap.nodes
    for key in (subject.uid, subject.start):
        node = nodes.get(key)
        if (
            node is not None
            and node.start == subject.start
            and node.end == subject.end
            and node.uid == subject.uid
        ):
            return key
    return None


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


# -- geometry (print units: 1 = 1/96 inch) -----------------------------------------------------
PAD = 6.0
LINE = LABEL_PT * PT * 1.2
TAG_H = TAG_PT * PT + 4
SMALL_LINE = SMALL_PT * PT * 1.2
GAP_X = 6.0


def addr_lines(addr: int) -> tuple[str, ...]:
    """An address as a node writes it: hex without 0x, on one line up to 8 digits; a
    longer one in two, the high digits over the low 6 (``7ffd00`` / ``000000``), so a
    column is never wider than eight digits and a 12-VMA figure fits a text block."""
    text = f"{addr:x}"
    if len(text) <= 8:
        return (text,)
    return (text[:-6], text[-6:])


def _label_shape(addrs: Iterable[int]) -> tuple[int, int]:
    """(characters, lines) of the widest and tallest address label among ``addrs``."""
    width, lines = 5, 1
    for a in addrs:
        digits = (a.bit_length() + 3) // 4
        if digits > 8:
            lines = 2
            width = max(width, 6, digits - 6)
        elif digits > width:
            width = digits
    return width, lines


def hexa(addr: int) -> str:
    return f"0x{addr:x}"


@dataclass(slots=True)
class Column:
    """One column of the drawing: a VMA (``agg`` False) or an aggregated subtree."""

    key: int
    start: int
    end: int
    depth: int | None
    agg: bool = False
    count: int = 1
    height: int = 1
    reds: int = 0
    x: float = 0.0


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


#: (count, height, reds) of every subtree, by its root's key.
Sizes = dict[int, tuple[int, int, int]]


def tree_order(snap: Snapshot) -> tuple[dict[int, int], list[int]]:
    """The depth of every node (root 0) and the nodes in breadth-first order. O(n)."""
    nodes = snap.nodes
    depth: dict[int, int] = {}
    order: list[int] = []
    if snap.root is None:
        return depth, order
    depth[snap.root] = 0
    order.append(snap.root)
    i = 0
    # A plain list walked by index: the cheapest breadth-first queue in CPython.
    while i < len(order):
        key = order[i]
        i += 1
        node = nodes[key]
        d = depth[key] + 1
        if node.left is not None:
            depth[node.left] = d
            order.append(node.left)
        if node.right is not None:
            depth[node.right] = d
            order.append(node.right)
    return depth, order


def subtree_sizes(snap: Snapshot, order: list[int]) -> Sizes:
    """Count, height and red nodes of every subtree: ``order`` (breadth first) walked
    backwards, so children come before their parent. O(n)."""
    nodes = snap.nodes
    out: Sizes = {}
    empty = (0, 0, 0)
    for key in reversed(order):
        node = nodes[key]
        lc, lh, lr = out.get(node.left, empty) if node.left is not None else empty
        rc, rh, rr = out.get(node.right, empty) if node.right is not None else empty
        out[key] = (
            lc + rc + 1,
            (lh if lh > rh else rh) + 1,
            lr + rr + (1 if node.color == "R" else 0),
        )
    return out


def _subtree(
    nodes: Mapping[int, NodeState], key: int, sizes: Sizes
) -> tuple[int, int, int, int, int]:
    """(count, height, reds, first start, last end) of the subtree under ``key``.
    O(height)."""
    count, height, reds = sizes[key]
    first = nodes[key]
    while first.left is not None:
        first = nodes[first.left]
    last = nodes[key]
    while last.right is not None:
        last = nodes[last.right]
    return count, height, reds, first.start, last.end


def _ancestors(nodes: Mapping[int, NodeState], key: int, depth: Mapping[int, int]) -> list[int]:
    """``key`` and the nodes above it, root last (keys in the tree only)."""
    out = []
    k: int | None = key
    while k is not None and k in depth:
        out.append(k)
        k = nodes[k].parent
    return out


def _children(node: NodeState) -> tuple[int, ...]:
    return tuple(c for c in (node.left, node.right) if c is not None)


def _lod_kept(
    snap: Snapshot, depth: Mapping[int, int], must: list[int], budget: int, sizes: Sizes
) -> set[int]:
    """The nodes drawn in full: ``must`` with their paths to the root, then, largest
    subtree first, every node whose children still fit ``budget`` columns (a node drawn
    in full turns its one aggregate column into itself plus one per child)."""
    nodes = snap.nodes
    kept: set[int] = set()
    count = 1  # the whole tree as one aggregate
    waiting: list[tuple[int, int]] = []  # (-size, key): aggregates that may open

    def keep(k: int) -> None:
        nonlocal count
        if k not in kept:
            kept.add(k)
            children = _children(nodes[k])
            count += len(children)
            for c in children:
                heapq.heappush(waiting, (-sizes[c][0], c))

    for key in must:
        for k in reversed(_ancestors(nodes, key, depth)):
            keep(k)
    if snap.root is not None:
        keep(snap.root)
    while waiting:
        size, k = heapq.heappop(waiting)
        if k in kept or -size == 1:
            continue
        extra = len(_children(nodes[k]))
        if count + extra > budget:
            break
        keep(k)
    return kept


def _tree_columns(
    snap: Snapshot, depth: Mapping[int, int], kept: set[int] | None, sizes: Sizes
) -> list[Column]:
    """The tree in order: kept nodes, and one aggregate per subtree hanging below them."""
    nodes = snap.nodes
    out: list[Column] = []
    if snap.root is None:
        return out
    if kept is None:
        # Every node: an iterative in-order walk (a 65,530-node tree, no recursion).
        stack: list[int] = []
        key: int | None = snap.root
        while stack or key is not None:
            while key is not None:
                stack.append(key)
                key = nodes[key].left
            k = stack.pop()
            node = nodes[k]
            out.append(Column(k, node.start, node.end, depth.get(k), reds=node.color == "R"))
            key = node.right
        return out

    def visit(k: int) -> None:  # recursion depth: the tree's height (< 2 log2 n)
        node = nodes[k]
        if k not in kept:
            count, height, reds, first, last = _subtree(nodes, k, sizes)
            if count == 1:
                out.append(Column(k, node.start, node.end, depth.get(k), reds=reds))
            else:
                out.append(Column(k, first, last, depth.get(k), True, count, height, reds))
            return
        if node.left is not None:
            visit(node.left)
        out.append(Column(k, node.start, node.end, depth.get(k), reds=node.color == "R"))
        if node.right is not None:
            visit(node.right)

    visit(snap.root)
    return out


def _cut_out(snap: Snapshot, depth: Mapping[int, int], detail: Detail) -> tuple[list[int], str]:
    """The nodes ``--region``/``--around`` draw in full (their paths are added later)."""
    nodes = snap.nodes
    if detail.mode == "region":
        lo, hi = detail.lo, detail.hi
        return [k for k in depth if nodes[k].start < hi and nodes[k].end > lo], "region"
    # around: the VMA holding the address (or the nearest), and every node within
    # ``depth`` links of it in the tree.
    best: int | None = None
    best_d = -1
    for k in depth:
        n = nodes[k]
        d = (
            0
            if n.start <= detail.addr < n.end
            else min(abs(n.start - detail.addr), abs(n.end - 1 - detail.addr))
        )
        if best is None or d < best_d:
            best, best_d = k, d
    if best is None:
        return [], "around"
    seen = {best}
    frontier = [best]
    for _ in range(detail.depth):
        nxt = []
        for k in frontier:
            n = nodes[k]
            for c in (n.parent, n.left, n.right):
                if c is not None and c in depth and c not in seen:
                    seen.add(c)
                    nxt.append(c)
        frontier = nxt
    return list(seen), "around"


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
    chars, lines = _label_shape(ends)
    node_w = text_width("0" * chars, LABEL_PT, mono=True) + 8
    pitch = node_w + GAP_X

    must = [k for k in roles if k in depth]
    kept: set[int] | None = None
    sizes: Sizes = {}
    lod = False
    note = ""
    if detail.mode in ("region", "around"):
        chosen, kind = _cut_out(snap, depth, detail)
        kept = set()
        for k in chosen + must:
            kept.update(_ancestors(nodes, k, depth))
        lod = len(kept) < len(depth)
        if kind == "region":
            note = word("region", lang).format(detail.lo, detail.hi)
        else:
            note = word("around", lang).format(detail.addr, detail.depth)
    elif detail.mode == "auto" and total * pitch + 2 * PAD > detail.max_width:
        budget = max(7, int((detail.max_width - 2 * PAD) // pitch) - len(detached))
        sizes = subtree_sizes(snap, order)
        kept = _lod_kept(snap, depth, must, budget, sizes)
        lod = True
    if kept is not None and not sizes:
        sizes = subtree_sizes(snap, order)

    cols = _tree_columns(snap, depth, kept, sizes)
    for k, n in sorted(detached.items(), key=lambda kv: kv[1].start):
        i = bisect_right([c.start for c in cols], n.start)
        cols.insert(i, Column(k, n.start, n.end, None, reds=n.color == "R"))
    drawn = sum(1 for c in cols if not c.agg)
    if lod and not note:
        note = word("lod_note", lang).format(f"{drawn:,}", f"{total:,}")
    for i, c in enumerate(cols):
        c.x = PAD + pitch * (i + 0.5)
    width = max(PAD * 2 + pitch * max(len(cols), 1), 160.0)
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
    ctx = _Ctx(
        snap=snap,
        facts=facts,
        roles=roles,
        cols=cols,
        by_key=by_key,
        node_w=node_w,
        pitch=pitch,
        lines=lines,
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
        layers.append(_map_layer(ctx))
    if "list" in parts:
        layers.append(_list_layer(ctx))
    if "tree" in parts:
        layers.append(_tree_layer(ctx))
    return MainDrawing(layers, width, lod, drawn, total, note, cols)


@dataclass(slots=True)
class _Ctx:
    snap: Snapshot
    facts: StepFacts
    roles: dict[int, list[str]]
    cols: list[Column]
    by_key: dict[int, Column]
    node_w: float
    pitch: float
    lines: int
    width: float
    lang: str
    listed: Callable[[int], bool]
    trial_node: NodeState | None
    trial_x: float
    depth: Mapping[int, int]
    detail: Detail
    lod: bool

    def node(self, key: int) -> NodeState:
        if key == TRIAL:
            assert self.trial_node is not None
            return self.trial_node
        if key == SUBJECT:
            assert self.facts.subject is not None
            return self.facts.subject
        return self.snap.nodes[key]

    def role_classes(self, key: int) -> str:
        return "".join(" " + role_class(r) for r in self.roles.get(key, ()))


def _vma_attrs(node: NodeState, trial: bool = False) -> dict[str, str]:
    attrs = {"start": hexa(node.start), "end": hexa(node.end)}
    if trial:
        attrs["trial"] = "1"
    return attrs


def _tag(ctx: _Ctx, key: int, cx: float, top: float) -> Group | None:
    """The role tag above a drawing: the kernel's names for its roles."""
    names = ctx.roles.get(key)
    if not names:
        return None
    text = " · ".join(role_tag(r, ctx.lang) for r in names)
    w = text_width(text, TAG_PT, bold=True) + 6
    return Group(
        "tag" + "".join(" " + role_class(r) for r in names[:1]),
        items=[
            Rect(cx - w / 2, top - TAG_H, w, TAG_H, "tag-bg", 2.0),
            Text(cx, top - 3, text, "t-tag", "middle"),
        ],
    )


# -- the address map ---------------------------------------------------------------------------
MAP_H = 14.0


def _map_layer(ctx: _Ctx) -> Layer:
    snap = ctx.snap
    nodes = snap.nodes
    items: list[Item] = [Text(PAD, 10, "", "t-title")]
    top = 16.0
    x0, x1 = PAD, ctx.width - PAD
    ranges = [(n.start, n.end) for k, n in nodes.items() if k in ctx.depth or k in ctx.by_key]
    if ctx.facts.subject is not None and SUBJECT in ctx.by_key:
        ranges.append((ctx.facts.subject.start, ctx.facts.subject.end))
    scale = AddressScale(ranges, "compressed", 1e9)
    left, right = scale.xs[0], scale.right
    k = (x1 - x0) / max(right - left, 1e-9)

    def fx(addr: int) -> float:
        return x0 + (scale.x_of(addr) - left) * k

    items.append(Rect(x0, top, x1 - x0, MAP_H, "axis"))
    if ctx.lod:
        title = word("map_lod", ctx.lang).format(f"{len(ranges):,}")
        # The scale holds [0, s1, e1, s2, e2, …, TASK_SIZE] and their x: the VMAs' x
        # spans are its inner pairs (no lookup per address).
        xs = scale.xs
        spans = zip(
            [x0 + (v - left) * k for v in xs[1:-1:2]],
            [x0 + (v - left) * k for v in xs[2:-1:2]],
            strict=True,
        )
        items.extend(_density(spans, x0, x1, top))
        # The step's own VMAs in full on the strip, and the region of a cut-out.
        shown = [kk for kk in ctx.roles if kk >= 0 and kk in nodes]
        if SUBJECT in ctx.roles:
            shown.append(SUBJECT)
    else:
        title = word("map", ctx.lang)
        shown = [c.key for c in ctx.cols if not c.agg]
    items[0] = Text(PAD, 10, title, "t-title")
    for key in shown:
        node = ctx.node(key)
        a, b = fx(node.start), fx(node.end)
        cls = "vma bar" + (" file" if node.file else "") + ctx.role_classes(key)
        if key not in ctx.depth and key in ctx.by_key:
            cls += " detached"
        items.append(Group(cls, _vma_attrs(node), [Rect(a, top, max(b - a, 0.8), MAP_H, "body")]))
    height = top + MAP_H + 4
    trial = ctx.trial_node
    if trial is not None:
        # The refused range on a lane of its own, and its overlap with the conflict.
        a, b = fx(trial.start), fx(trial.end)
        lane = top + MAP_H + 3
        items.append(
            Group(
                "vma bar trial" + ctx.role_classes(TRIAL),
                _vma_attrs(trial, True),
                [Rect(a, lane, max(b - a, 0.8), MAP_H * 0.7, "body")],
            )
        )
        conflict = vma_roles(ctx.facts.step).get("conflict")
        step = ctx.facts.step
        if conflict is None and step is not None and step.kind in ("overlap", "return"):
            conflict = ctx.facts.conflict  # the op's answer, once the walk has found it
        if conflict is not None and conflict in snap.nodes:
            other = snap.nodes[conflict]
            lo, hi = max(trial.start, other.start), min(trial.end, other.end)
            if lo < hi:
                items.append(
                    Rect(fx(lo), top - 1, max(fx(hi) - fx(lo), 1.5), MAP_H * 1.7 + 5, "overlap")
                )
        height = lane + MAP_H * 0.7 + 4
    if ctx.detail.mode == "region":
        a, b = fx(ctx.detail.lo), fx(ctx.detail.hi)
        items.append(Rect(a - 1, top - 3, max(b - a, 1.0) + 2, MAP_H + 6, "region"))
    return Layer("map", items, ctx.width, height)


def _density(spans: Iterable[tuple[float, float]], x0: float, x1: float, top: float) -> list[Item]:
    """The map as a strip: bins of 2 units shaded by how much of them is mapped."""
    bins = max(1, int((x1 - x0) / 2))
    w = (x1 - x0) / bins
    cover = [0.0] * bins
    for xa, xb in spans:
        a, b = (xa - x0) / w, (xb - x0) / w
        i = min(int(a), bins - 1)
        j = min(int(b), bins - 1)
        if i == j:
            cover[i] += b - a
            continue
        cover[i] += i + 1 - a
        for m in range(i + 1, j):
            cover[m] = 1.0
        cover[j] += b - j
    out: list[Item] = []
    run_start, run_level = 0, -1
    for i in range(bins + 1):
        level = (
            0 if i == bins else min(DENSITY_STEPS, math.ceil(min(cover[i], 1.0) * DENSITY_STEPS))
        )
        if level != run_level:
            if run_level > 0:
                out.append(
                    Rect(x0 + run_start * w, top, (i - run_start) * w, MAP_H, f"d{run_level}")
                )
            run_start, run_level = i, level
    return out


# -- the list ------------------------------------------------------------------------------------
def _list_layer(ctx: _Ctx) -> Layer:
    snap = ctx.snap
    listed = ctx.listed
    lh = LINE
    box_h = lh * ctx.lines * 2 + 6
    top = 16.0 + TAG_H + 2
    items: list[Item] = [Text(PAD, 10, word("list", ctx.lang), "t-title")]
    w = ctx.node_w
    shown: list[Column] = []
    for c in ctx.cols:
        if c.agg:
            items.append(
                Group(
                    "band",
                    {"start": hexa(c.start), "end": hexa(c.end), "count": str(c.count)},
                    [
                        Rect(
                            c.x - ctx.pitch / 2, top + box_h * 0.2, ctx.pitch, box_h * 0.6, "band"
                        ),
                        Text(c.x, top + box_h / 2 + 3, f"{c.count:,}", "t-small", "middle"),
                    ],
                )
            )
            shown.append(c)
            continue
        if c.key < 0 or not listed(c.key):
            continue
        node = ctx.node(c.key)
        lines = addr_lines(node.start) + addr_lines(node.end)
        texts: list[Item] = [Rect(c.x - w / 2, top, w, box_h, "body")]
        y = top + 3 + lh * 0.8
        for i, t in enumerate(lines):
            texts.append(Text(c.x, y + i * lh, t, "label", "middle"))
        items.append(Group("vma box" + ctx.role_classes(c.key), _vma_attrs(node), texts))
        tag = _tag(ctx, c.key, c.x, top - 1)
        if tag is not None:
            items.append(tag)
        shown.append(c)
    # vm_next / vm_prev as the snapshot has them (mid-splice steps show half-set links).
    index = {c.key: c for c in shown if not c.agg}
    starts = [c.start for c in shown]

    def target(key: int | None) -> Column | None:
        if key is None:
            return None
        found = index.get(key)
        if found is not None:
            return found
        node = snap.nodes.get(key)
        if node is None:
            return None
        i = bisect_right(starts, node.start) - 1
        return shown[i] if i >= 0 and shown[i].agg else None

    y_next, y_prev = top + box_h * 0.35, top + box_h * 0.65
    for i, c in enumerate(shown):
        if c.agg:
            nxt = shown[i + 1] if i + 1 < len(shown) else None
            if nxt is not None:
                items.append(_link("next", c, nxt, y_next, w, ctx.pitch))
                items.append(_link("prev", nxt, c, y_prev, w, ctx.pitch))
            continue
        node = ctx.node(c.key)
        n = target(node.next)
        if (n is not None and not n.agg) or n is not None:
            items.append(_link("next", c, n, y_next, w, ctx.pitch))
        p = target(node.prev)
        if (p is not None and not p.agg) or p is not None:
            items.append(_link("prev", c, p, y_prev, w, ctx.pitch))
    return Layer("list", items, ctx.width, top + box_h + 4)


def _link(
    kind: str,
    a: Column,
    b: Column,
    y: float,
    w: float,
    pitch: float,
) -> Path:
    half_a = pitch / 2 if a.agg else w / 2
    half_b = pitch / 2 if b.agg else w / 2
    sign = 1.0 if b.x >= a.x else -1.0
    return Path(((a.x + sign * half_a, y), (b.x - sign * (half_b + 1.5), y)), "link " + kind)


# -- the tree ------------------------------------------------------------------------------------
def _tree_layer(ctx: _Ctx) -> Layer:
    snap = ctx.snap
    lh = LINE
    node_h = lh * ctx.lines + 6
    level = node_h + TAG_H + 18
    w = ctx.node_w
    items: list[Item] = [Text(PAD, 10, word("tree", ctx.lang), "t-title")]
    detached = [c for c in ctx.cols if c.depth is None and not c.agg]
    has_row = bool(detached) or ctx.trial_node is not None
    row_y = 16 + TAG_H + node_h / 2 + 2  # the row of VMAs outside the tree
    root_y = (row_y + node_h / 2 + 22 if has_row else 16.0) + TAG_H + node_h / 2 + 14

    def y_of(d: int) -> float:
        return root_y + d * level

    edges: list[Item] = []
    bodies: list[Item] = []
    tags: list[Item] = []
    bottom = root_y + node_h / 2
    for c in ctx.cols:
        if c.depth is None:
            continue
        y = y_of(c.depth)
        if c.agg:
            tip = y - node_h / 2
            base = tip + min(c.height, 4) * level * 0.45 + node_h
            half = ctx.pitch * 0.45
            dark = c.reds * 2 < c.count
            bodies.append(
                Group(
                    "agg " + ("agg-black" if dark else "agg-red"),
                    {
                        "start": hexa(c.start),
                        "end": hexa(c.end),
                        "count": str(c.count),
                        "height": str(c.height),
                    },
                    [
                        Path(
                            ((c.x, tip), (c.x + half, base), (c.x - half, base)),
                            "agg-body",
                            closed=True,
                        ),
                        Text(c.x, base - SMALL_LINE - 3, f"{c.count:,}", "label t-small", "middle"),
                        Text(
                            c.x,
                            base - 3,
                            f"{word('height', ctx.lang)} {c.height}",
                            "label t-small",
                            "middle",
                        ),
                    ],
                )
            )
            bottom = max(bottom, base)
            continue
        node = ctx.node(c.key)
        bodies.append(_tree_node(ctx, c.key, node, c.x, y, w, node_h, linked=True))
        tag = _tag(ctx, c.key, c.x, y - node_h / 2 - 1)
        if tag is not None:
            tags.append(tag)
        for child in (node.left, node.right):
            if child is None or child not in ctx.depth:
                continue
            cc = ctx.by_key.get(child)
            if cc is None:
                cc = next((x for x in ctx.cols if x.agg and x.key == child), None)
            if cc is None:
                continue
            cn = ctx.snap.nodes[child]
            edges.append(
                Path(
                    ((c.x, y + node_h / 2), (cc.x, y_of(c.depth + 1) - node_h / 2)),
                    "edge",
                    attrs={"from": hexa(node.start), "to": hexa(cn.start)},
                )
            )
    # mm->mm_rb: the root pointer.
    root = ctx.by_key.get(snap.root) if snap.root is not None else None
    rx = root.x if root is not None else PAD + ctx.pitch / 2
    ptr_y = root_y - node_h / 2 - TAG_H - 14
    if root is not None:
        edges.append(Path(((rx, ptr_y), (rx, root_y - node_h / 2 - 1.5)), "ptr"))
    # The VMAs outside the tree: the one being inserted or erased, the refused trial.
    for c in detached:
        node = ctx.node(c.key)
        bodies.append(_tree_node(ctx, c.key, node, c.x, row_y, w, node_h, linked=False))
        tag = _tag(ctx, c.key, c.x, row_y - node_h / 2 - 1)
        if tag is not None:
            tags.append(tag)
    if ctx.trial_node is not None:
        bodies.append(
            _tree_node(ctx, TRIAL, ctx.trial_node, ctx.trial_x, row_y, w, node_h, linked=False)
        )
        tag = _tag(ctx, TRIAL, ctx.trial_x, row_y - node_h / 2 - 1)
        if tag is not None:
            tags.append(tag)
    # The link slot: *rb_link, where the new node will hang.
    slot = link_slot(ctx.facts.step)
    if slot is not None:
        parent, side = slot
        if parent is None or side == "root":
            sx, sy = rx - w / 2 - 26, ptr_y
            label, data_parent = "rb_node", "root"
        else:
            pc = ctx.by_key.get(parent)
            if pc is None or pc.depth is None:
                sx = sy = math.nan
            else:
                py = y_of(pc.depth)
                sx = pc.x + (-0.3 if side == "left" else 0.3) * ctx.pitch
                sy = py + node_h / 2 + 12
            label = f"rb_{side}"
            data_parent = hexa(ctx.snap.nodes[parent].start) if parent in ctx.snap.nodes else "?"
        if not math.isnan(sx):
            sw = text_width(label, SMALL_PT, mono=True) + 6
            sh = SMALL_LINE + 3
            tags.append(
                Group(
                    "slot role-link-slot",
                    {"parent": data_parent, "side": side},
                    [
                        Rect(sx - sw / 2, sy - sh / 2, sw, sh, "slot-box", 2.0),
                        Text(sx, sy + sh / 2 - 3, label, "t-small", "middle"),
                    ],
                )
            )
            # While the new VMA is outside the tree, a dashed arrow to its slot.
            src = next((c for c in detached if "new" in ctx.roles.get(c.key, ())), None)
            if src is not None:
                edges.append(
                    Path(((src.x, row_y + node_h / 2), (sx, sy - sh / 2 - 1.5)), "pending")
                )
    items.extend(edges)
    items.extend(bodies)
    items.extend(tags)
    deepest = max((c.depth for c in ctx.cols if c.depth is not None), default=0)
    bottom = max(bottom, y_of(deepest) + node_h / 2 + (SMALL_LINE + 16 if slot else 4))
    return Layer("tree", items, ctx.width, bottom + 4)


def _tree_node(
    ctx: _Ctx, key: int, node: NodeState, x: float, y: float, w: float, h: float, linked: bool
) -> Group:
    red = node.color == "R"
    cls = "vma node " + ("red" if red else "black")
    if linked and ctx.snap.root == key:
        cls += " root"
    trial = key == TRIAL
    if not linked:
        cls += " detached"
    if trial:
        cls += " trial"
    cls += ctx.role_classes(key)
    items: list[Item] = [Rect(x - w / 2, y - h / 2, w, h, "body", h * 0.3 if red else 0.0)]
    lines = addr_lines(node.start)
    y0 = y - h / 2 + 3 + LINE * 0.8
    for i, t in enumerate(lines):
        items.append(Text(x, y0 + i * LINE, t, "label", "middle"))
    return Group(cls, _vma_attrs(node, trial), items)


def title_width(text: str) -> float:
    return text_width(text, TITLE_PT, bold=True)
