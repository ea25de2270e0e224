"""The address map, the VMA list and the red-black tree as figure layers, from the
columns and facts ``drawing.main_drawing`` settled (Qt-free).

Every VMA drawing is one group classed with what it is (``vma node red root``, ``vma box``,
``vma bar file``), its membership (``detached``, ``trial``) and the step's roles
(``role-current`` …), with its range as ``data-start``/``data-end``; edges, list links and
the link slot carry their endpoints. Addresses come from ``NodeState`` only.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ...engine.snapshot import NodeState, Snapshot
from ...engine.wording import role_names
from ...view.layout import AddressScale
from .cut import (
    LINE,
    PAD,
    SMALL_LINE,
    TAG_H,
    Column,
    addr_lines,
    hexa,
)
from .facts import (
    SUBJECT,
    TRIAL,
    Detail,
    StepFacts,
    in_tree,
    link_slot,
    vma_roles,
)
from .figure import (
    SMALL_PT,
    TAG_PT,
    Group,
    Item,
    Layer,
    Path,
    Rect,
    Text,
    role_class,
    text_width,
)
from .style import DENSITY_STEPS
from .words import role_tag, word


@dataclass(slots=True)
class LayerContext:
    snap: Snapshot
    facts: StepFacts
    roles: dict[int, list[str]]
    cols: list[Column]
    by_key: dict[int, Column]
    node_w: float
    pitch: float
    lines: int
    one_line: int
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


def vma_name(node: NodeState, chars: int) -> str:
    """What a list box calls a VMA (its name, else its file's base name), at most
    ``chars`` characters (cut with "…")."""
    name = node.name or (node.file.rsplit("/", 1)[-1] if node.file else "")
    return name if len(name) <= chars else name[: chars - 1] + "…"


def _vma_attrs(node: NodeState, trial: bool = False) -> dict[str, str]:
    attrs = {"start": hexa(node.start), "end": hexa(node.end)}
    if trial:
        attrs["trial"] = "1"
    return attrs


def _tag(ctx: LayerContext, key: int, cx: float, top: float) -> Group | None:
    """The role tag above a drawing: the kernel's names for its roles."""
    names = ctx.roles.get(key)
    if not names:
        return None
    # The name the running kernel function gives each role (as the window's tags), else
    # the role's own word.
    kernel = role_names(ctx.facts.step)
    text = " · ".join(kernel.get(r) or role_tag(r, ctx.lang) for r in names)
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


def map_layer(ctx: LayerContext) -> Layer:
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
        if key < 0 or not in_tree(ctx.snap, key):
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
def list_layer(ctx: LayerContext) -> Layer:
    snap = ctx.snap
    listed = ctx.listed
    lh = LINE
    # A third line for the name or file (as the window's list box), cut to the column.
    chars = max(4, int((ctx.node_w - 6) / text_width("0", SMALL_PT, mono=True)))
    names = {
        c.key: vma_name(ctx.node(c.key), chars)
        for c in ctx.cols
        if not c.agg and c.key >= 0 and listed(c.key)
    }
    named = any(names.values())
    box_h = lh * ctx.lines * 2 + 6 + (SMALL_LINE if named else 0)
    # Two rows of tags: a tag next to another one goes up a row (tags are wider than a
    # column when a VMA has several roles).
    stagger = any(
        ctx.roles.get(a.key) and ctx.roles.get(b.key)
        for a, b in zip(ctx.cols, ctx.cols[1:], strict=False)
    )
    top = 16.0 + TAG_H * (2 if stagger else 1) + 2
    items: list[Item] = [Text(PAD, 10, word("list", ctx.lang), "t-title")]
    w = ctx.node_w
    shown: list[Column] = []
    raised = False
    previous_tagged = -2
    for i, c in enumerate(ctx.cols):
        if c.agg:
            items.append(
                Group(
                    "band",
                    {"start": hexa(c.start), "end": hexa(c.end), "count": str(c.count)},
                    [
                        Rect(c.x - c.w / 2, top + box_h * 0.2, c.w, box_h * 0.6, "band"),
                        Text(c.x, top + box_h / 2 + 3, f"{c.count:,}", "t-small", "middle"),
                    ],
                )
            )
            shown.append(c)
            continue
        if c.key < 0 or not listed(c.key):
            continue
        node = ctx.node(c.key)
        lines = addr_lines(node.start, ctx.one_line) + addr_lines(node.end, ctx.one_line)
        texts: list[Item] = [Rect(c.x - w / 2, top, w, box_h, "body")]
        y = top + 3 + lh * 0.8
        for row, t in enumerate(lines):
            texts.append(Text(c.x, y + row * lh, t, "label", "middle"))
        name = names.get(c.key, "")
        if name:
            texts.append(Text(c.x, top + box_h - 4, name, "label t-small", "middle"))
        items.append(Group("vma box" + ctx.role_classes(c.key), _vma_attrs(node), texts))
        if ctx.roles.get(c.key):
            raised = previous_tagged == i - 1 and not raised
            previous_tagged = i
            tag = _tag(ctx, c.key, c.x, top - 1 - (TAG_H + 1 if raised else 0))
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
                items.append(_link("next", c, nxt, y_next, w))
                items.append(_link("prev", nxt, c, y_prev, w))
            continue
        node = ctx.node(c.key)
        n = target(node.next)
        if (n is not None and not n.agg) or n is not None:
            items.append(_link("next", c, n, y_next, w))
        p = target(node.prev)
        if (p is not None and not p.agg) or p is not None:
            items.append(_link("prev", c, p, y_prev, w))
    return Layer("list", items, ctx.width, top + box_h + 4)


def _link(
    kind: str,
    a: Column,
    b: Column,
    y: float,
    w: float,
) -> Path:
    half_a = a.w / 2 if a.agg else w / 2
    half_b = b.w / 2 if b.agg else w / 2
    sign = 1.0 if b.x >= a.x else -1.0
    return Path(((a.x + sign * half_a, y), (b.x - sign * (half_b + 1.5), y)), "link " + kind)


# -- the tree ------------------------------------------------------------------------------------
def tree_layer(ctx: LayerContext) -> Layer:
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
            half = c.w * 0.45
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
        bodies.append(_tree_node(ctx, c.key, node, c.x, y, w, node_h))
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
        items.append(Text(rx + 4, ptr_y + SMALL_LINE * 0.8, "mm->mm_rb.rb_node", "t-small"))
    # The VMAs outside the tree: the one being inserted or erased, the refused trial.
    for c in detached:
        node = ctx.node(c.key)
        bodies.append(_tree_node(ctx, c.key, node, c.x, row_y, w, node_h))
        tag = _tag(ctx, c.key, c.x, row_y - node_h / 2 - 1)
        if tag is not None:
            tags.append(tag)
    if ctx.trial_node is not None:
        bodies.append(_tree_node(ctx, TRIAL, ctx.trial_node, ctx.trial_x, row_y, w, node_h))
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
    ctx: LayerContext,
    key: int,
    node: NodeState,
    x: float,
    y: float,
    w: float,
    h: float,
) -> Group:
    red = node.color == "R"
    cls = "vma node " + ("red" if red else "black")
    if ctx.snap.root == key:
        cls += " root"
    trial = key == TRIAL
    # Membership is the engine's word (in_tree), not where the node could be placed.
    if key < 0 or not in_tree(ctx.snap, key):
        cls += " detached"
    if trial:
        cls += " trial"
    cls += ctx.role_classes(key)
    items: list[Item] = [Rect(x - w / 2, y - h / 2, w, h, "body", h * 0.3 if red else 0.0)]
    lines = addr_lines(node.start, ctx.one_line)
    y0 = y - h / 2 + 3 + LINE * 0.8
    for i, t in enumerate(lines):
        items.append(Text(x, y0 + i * LINE, t, "label", "middle"))
    return Group(cls, _vma_attrs(node, trial), items)
