"""The lecture camera: where the stage looks at each step.

A step is framed from three nested rectangles of the scene (a ``Shot``):

- ``required``: every item a role of the step names (node, parent, link slot, prev, next,
  conflict, uncle, grandparent, sibling, the new VMA) and, when the step moves nodes (a
  rotation), where they start and where they end. These are inside the frame whatever
  zoom it costs;
- ``context``: ``required`` plus the path from those nodes up to the root;
- ``whole``: the whole tree and list.

``frame()`` shows the largest of the three that fits at a readable size: the whole
picture when its node text stays at ``whole_px`` or more, else the action with its path to
the root, else the action alone (never smaller than it takes to show every role). It
keeps the previous zoom and only pans as far as needed when that still frames the target,
so stepping within one part of the tree does not make the picture swim.

The scene's drawing (``highlighted()``, item rectangles) is read, never re-derived: which
VMA plays which role is the trace's word.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtWidgets import QGraphicsItem

from ...engine.snapshot import Snapshot
from ...engine.trace import TraceStep
from ...view.animation import Camera
from ...view.layout import BOX_H, LIST_Y, NODE_H, NODE_W
from ...view.scene import VmaScene

#: Scene room for role tags above a row, and for the empty slots (and their tags) under a
#: node.
LABEL_ROOM = 30.0
SLOT_ROOM = 60.0
#: Pixels kept free between the framed items and the edge of the stage.
MARGIN_PX = 28.0
#: The path to the root is shown while node text stays at this share of the readable size.
CONTEXT_SHRINK = 0.8
#: A tiny picture is not blown up beyond this share above the readable size.
MAX_OVERSIZE = 1.5
#: Zoom changes smaller than this factor keep the previous zoom (no swimming picture).
ZOOM_STICKY = 1.12


@dataclass(frozen=True, slots=True)
class Shot:
    """What one step needs on screen, as scene rectangles (see the module docstring)."""

    required: QRectF
    context: QRectF
    whole: QRectF
    #: The middle of the tree's nodes: the frame leans towards it (see ``frame``).
    middle: QPointF | None = None


def united(rects: list[QRectF]) -> QRectF:
    """The smallest rectangle holding every non-empty one of ``rects`` (empty if none)."""
    out = QRectF()
    for r in rects:
        if not r.isEmpty():
            out = out.united(r) if not out.isEmpty() else QRectF(r)
    return out


def _node_rect(scene: VmaScene, key: int) -> QRectF:
    item = scene.node_item(key)
    return item.sceneBoundingRect() if item is not None and item.isVisible() else QRectF()


def role_rects(scene: VmaScene, step: TraceStep | None, snap: Snapshot) -> list[QRectF]:
    """Scene rectangles of the items the step's roles name, as the scene highlights them.

    A filled link slot is drawn as the edge to its child: both ends are shown. List boxes
    count on list steps only (elsewhere the tree is the action)."""
    out: list[QRectF] = []
    list_step = step is not None and "list" in step.kind
    for (kind, value), roles in scene.highlighted().items():
        if not roles:
            continue
        item: QGraphicsItem | None = None
        if kind == "node" and isinstance(value, int):
            item = scene.node_item(value)
        elif kind == "slot" and isinstance(value, tuple):
            item = scene.slot_item(value[0], value[1])
        elif kind == "root":
            item = scene.slot_item(None, "root")
        elif kind == "ghost":
            item = scene.ghost_node()
        elif kind == "edge" and isinstance(value, int):
            item = scene.node_item(value)
            child = snap.nodes.get(value)
            if child is not None and child.parent is not None:
                out.append(_node_rect(scene, child.parent))
        elif kind == "box" and list_step and isinstance(value, int):
            item = scene.box_item(value)
        if item is not None and item.isVisible():
            out.append(item.sceneBoundingRect())
    return out


def role_ids(step: TraceStep | None) -> list[int]:
    """The VMA ids the step's roles name (a link slot by the node it belongs to)."""
    ids: list[int] = []
    if step is None:
        return ids
    for value in step.roles.values():
        if isinstance(value, int):
            ids.append(value)
        elif isinstance(value, dict):
            node = value.get("node")
            if isinstance(node, int):
                ids.append(node)
    return ids


def whole_rect(
    scene: VmaScene, shape: Mapping[int, tuple[float, float, str, bool]] | None = None
) -> QRectF:
    """The tree and the list as drawn: from the ``mm`` pointer boxes on the left to the
    last column, from the list row (with its tags) to the empty slots under the deepest
    node. Built from the node positions (``tree_shape``), not by walking every item:
    O(nodes), and no sorting of a 5,000-item scene at each step."""
    if shape is None:
        shape = scene.tree_shape()
    if not shape:
        return QRectF(scene.sceneRect())
    xs = [x for x, _y, _c, _g in shape.values()]
    ys = [y for _x, y, _c, _g in shape.values()]
    top = min(LIST_Y - BOX_H / 2 - LABEL_ROOM, min(ys) - NODE_H / 2 - LABEL_ROOM)
    bottom = max(ys) + NODE_H / 2 + SLOT_ROOM
    return QRectF(0.0, top, max(xs) + NODE_W / 2 + LABEL_ROOM, bottom - top)


def step_shot(
    scene: VmaScene,
    step: TraceStep | None,
    snap: Snapshot,
    moved_from: Mapping[int, QPointF] | None = None,
    extra: QRectF | None = None,
) -> Shot:
    """The ``Shot`` of the step the scene draws now.

    ``moved_from``: where nodes that glide to their new place start (the animation's
    first frame). Those the step names by a role (a rotation's node, parent and
    grandparent) are required at both ends, so that the rotation plays in view; the
    subtrees that move up or down with them are context, shown when they fit.
    ``extra``: something else that must be seen (the node a quiz question asks about)."""
    required = role_rects(scene, step, snap)
    named = set(role_ids(step))
    carried: list[QRectF] = []
    for key, start in (moved_from or {}).items():
        item = scene.node_item(key)
        if item is None or not item.isVisible():
            continue
        rect = item.sceneBoundingRect()
        ends = (rect, rect.translated(start - item.pos()))
        (required if key in named else carried).extend(ends)
    if extra is not None:
        required.append(extra)
    if not required and snap.root is not None:
        # Nothing named (the initial state, a step about the map): the top of the tree.
        root = snap.nodes.get(snap.root)
        tops = [snap.root] + (
            [] if root is None else [k for k in (root.left, root.right) if k is not None]
        )
        required.extend(_node_rect(scene, k) for k in tops)
    need = united(required)
    path: list[QRectF] = []
    seen: set[int] = set()
    for key in role_ids(step):
        node = snap.nodes.get(key)
        while node is not None and key not in seen:
            seen.add(key)
            path.append(_node_rect(scene, key))
            if node.parent is None:
                break
            key = node.parent
            node = snap.nodes.get(key)
    context = united([need, *path, *carried])
    shape = scene.tree_shape()  # O(nodes): once per step
    whole = united([whole_rect(scene, shape), context])
    middle = None
    if shape:
        xs = [x for x, _y, _c, _g in shape.values()]
        ys = [y for _x, y, _c, _g in shape.values()]
        middle = QPointF((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return Shot(need, context, whole, middle)


def fit(rect: QRectF, w: float, h: float) -> float:
    """The zoom at which ``rect`` just fits ``w`` x ``h`` pixels."""
    return min(w / max(rect.width(), 1.0), h / max(rect.height(), 1.0))


def axis(
    center: float, lo: float, hi: float, span: float, t_lo: float, t_hi: float, margin: float
) -> float:
    """One coordinate of the camera centre: stay on the drawing [lo, hi] where the frame
    (``span`` wide) allows, then move just enough to hold the target [t_lo, t_hi]. The
    6.12 camera (``camera612.py``) uses it too."""
    fits = hi - lo <= span
    center = (lo + hi) / 2 if fits else min(max(center, lo + span / 2), hi - span / 2)
    low = t_hi + margin - span / 2  # smallest centre that keeps the target's far edge in
    high = t_lo - margin + span / 2
    if low > high:
        return (t_lo + t_hi) / 2
    return min(max(center, low), high)


def frame(
    shot: Shot,
    size: QSizeF,
    label_px: float,
    readable_px: float,
    whole_px: float,
    previous: Camera | None = None,
    margin_px: float = MARGIN_PX,
) -> Camera:
    """Where to look for ``shot`` on a stage of ``size`` pixels.

    ``label_px``: node text height at zoom 1; ``readable_px``: the smallest node text the
    lecturer wants (the action is zoomed to it); ``whole_px``: the smallest text at which
    the whole tree and list are shown instead. Complexity: O(1).
    """
    w, h = max(1.0, size.width()), max(1.0, size.height())
    aw, ah = max(1.0, w - 2 * margin_px), max(1.0, h - 2 * margin_px)
    label_px = max(1.0, label_px)
    z_read = readable_px / label_px
    z_cap = MAX_OVERSIZE * max(readable_px, whole_px) / label_px
    whole, context, need = shot.whole, shot.context, shot.required
    if whole.isEmpty():
        return Camera(QPointF(w / 2, h / 2), 1.0)
    if fit(whole, aw, ah) * label_px >= whole_px:
        target, zoom = whole, min(fit(whole, aw, ah), z_cap)
    elif not context.isEmpty() and fit(context, aw, ah) >= CONTEXT_SHRINK * z_read:
        target, zoom = context, min(fit(context, aw, ah), z_read)
    elif not need.isEmpty():
        target, zoom = need, min(fit(need, aw, ah), z_read)
    else:
        # Nothing to act on (the initial state): the top of the tree at a readable size.
        target, zoom = QRectF(), max(fit(whole, aw, ah), CONTEXT_SHRINK * z_read)
    middle = shot.middle if shot.middle is not None else whole.center()
    center = middle
    if not target.isEmpty():
        # Halfway from the action towards the middle of the tree: the action stays well
        # inside the frame, and the rest of it shows tree rather than empty room.
        mid = target.center()
        center = QPointF((mid.x() + middle.x()) / 2, (mid.y() + middle.y()) / 2)
    if previous is not None and previous.zoom > 0:
        same = abs(math.log(previous.zoom / zoom)) < math.log(ZOOM_STICKY)
        if same and (target.isEmpty() or fit(target, aw, ah) >= previous.zoom):
            zoom, center = previous.zoom, previous.center
    span_x, span_y = w / zoom, h / zoom
    m = margin_px / zoom
    t = target if not target.isEmpty() else QRectF(whole.center(), QSizeF(1.0, 1.0))
    x = axis(center.x(), whole.left(), whole.right(), span_x, t.left(), t.right(), m)
    if target.isEmpty():
        # Initial state: start from the top (the list and the root), not the middle.
        y = whole.top() + span_y / 2 - m if whole.height() > span_y else whole.center().y()
    else:
        y = axis(center.y(), whole.top(), whole.bottom(), span_y, t.top(), t.bottom(), m)
    return Camera(QPointF(x, y), zoom)
