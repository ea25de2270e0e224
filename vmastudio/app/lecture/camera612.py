"""The lecture camera for the Linux 6.12 maple tree: what the stage shows at each step.

A maple tree in a lecture is wide and shallow (61 ops of the splits lecture end at seven
leaves of up to 16 slot cells side by side, 6,500 scene units across, two levels), so
the whole tree is rarely readable on a projector; the camera follows the write instead.
A step is framed from four nested rectangles of the scene (a ``Shot612``):

- ``writing``: the node the step writes or walks (the ``leaf`` role, else ``node``, else
  ``new_node``) and its slot at ``offset``. It is *always* wholly in the frame, whatever
  zoom that costs: a lecturer must never talk about a slot that is off the screen;
- ``required``: ``writing`` plus every other node a role names (``sibling``,
  ``new_node``, ``dead_node``, ``parent``): inside the frame whenever that still leaves
  node text at ``FLOOR_SHARE`` of the readable size;
- ``context``: ``required`` plus the path from the root down to those nodes;
- ``whole``: the whole drawing (the tree and the nodes that died beside it).

A node a role names that still falls outside the frame (an RCU replacement's dead node,
drawn under the far left of the tree, or the parent of a leaf far from the middle) is
shown in an inset: ``left_out()`` names them, ``inset_zoom()`` sizes them.

``frame612()`` shows the largest of them that fits at a readable size: the whole tree
when its text stays at ``whole_px``, else the action with its path to the root, else the
action alone, else the node being written. Between steps of one part of the tree it keeps
the previous zoom and pans only as far as the new target needs (no swimming picture).

Pure functions of rectangles (``QRectF`` is a value type; no item, view or scene is read
here), so they are tested as numbers. Which node plays which role is the trace's word
(``Step612.roles``): nothing here knows the maple tree's rules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSizeF

from ...engine.frames612 import MapleState
from .camera import axis, fit, united

#: Roles of a 6.12 step that name maple nodes, the one being written first.
WRITE_ROLES = ("leaf", "node", "new_node")
NODE_ROLES = ("leaf", "node", "sibling", "new_node", "dead_node", "parent")
#: Pixels kept free between the framed nodes and the edge of the stage.
MARGIN_PX = 32.0
#: The path to the root is shown while node text stays at this share of the readable size.
CONTEXT_SHRINK = 0.85
#: Every role stays in the frame while node text stays at this share of the readable size;
#: below it only the node being written is (whole, at the readable size when it fits).
FLOOR_SHARE = 0.85
#: A small tree is not blown up beyond this share above the readable size.
MAX_OVERSIZE = 1.5
#: Zoom changes smaller than this factor keep the previous zoom.
ZOOM_STICKY = 1.15


@dataclass(frozen=True, slots=True)
class Shot612:
    """What one step needs on screen, as scene rectangles (see the module docstring)."""

    writing: QRectF
    required: QRectF
    context: QRectF
    whole: QRectF
    #: False for a step that names no node: it keeps the frame shown before, if any.
    named: bool = True


def writing_node(roles: Mapping[str, Any]) -> int | None:
    """The node id the step writes or walks: ``leaf``, else ``node``, else ``new_node``."""
    for key in WRITE_ROLES:
        value = roles.get(key)
        if isinstance(value, int):
            return value
    return None


def role_nodes(roles: Mapping[str, Any]) -> list[int]:
    """Every node id a role of the step names, the one being written first."""
    out: list[int] = []
    for key in NODE_ROLES:
        value = roles.get(key)
        if isinstance(value, int) and value not in out:
            out.append(value)
    return out


def shot_of(
    roles: Mapping[str, Any],
    rects: Mapping[int, QRectF],
    state: MapleState,
    whole: QRectF,
    slot: QRectF | None = None,
) -> Shot612:
    """The ``Shot612`` of a step from its ``roles``, the drawn node rectangles by node id
    (``rects``, dead nodes included), the state drawn (for the path to the root), the
    whole drawing and the rectangle of the slot at ``offset`` (if drawn).

    A step that names no node (the intersection check's first words, ``map_count``,
    ``return``) is not ``named``: ``frame612`` keeps the frame shown before; without one
    it shows the top of the tree (the root whole, where a walk starts). O(nodes)."""
    write = writing_node(roles)
    writing = united([rects.get(write, QRectF()) if write is not None else QRectF()])
    if slot is not None and not writing.isEmpty():
        writing = united([writing, slot])
    named = [rects[n] for n in role_nodes(roles) if n in rects]
    if not named and state.root is not None and state.root in rects:
        # The top of the tree: the root whole, its children when they fit readably.
        writing = QRectF(rects[state.root])
        root = state.node(state.root)
        below = root.slots if root is not None and not root.is_leaf else ()
        kids = [rects[nid] for nid in below if isinstance(nid, int) and nid in rects]
        required = united([writing, *kids])
        return Shot612(writing, required, required, united([whole, required]), False)
    required = united([writing, *named])
    path: list[QRectF] = []
    for nid in role_nodes(roles):
        node = state.node(nid)
        while node is not None and node.parent is not None:
            parent = state.node(node.parent)
            if parent is None:
                break
            path.append(rects.get(parent.nid, QRectF()))
            node = parent
    context = united([required, *path])
    return Shot612(writing, required, context, united([whole, context]))


def frame612(
    shot: Shot612,
    size: QSizeF,
    text_px: float,
    readable_px: float,
    whole_px: float,
    previous: QRectF | None = None,
    margin_px: float = MARGIN_PX,
) -> QRectF:
    """The scene rectangle the stage (``size`` pixels) shows for ``shot``.

    ``text_px``: node text height at zoom 1; ``readable_px``: the smallest node text the
    back row reads (the action is zoomed to it); ``whole_px``: the smallest text at which
    the whole tree is shown instead; ``previous``: the rectangle shown before (kept when
    it still frames the target at about the same zoom). The result has the stage's aspect
    ratio; its zoom is ``size.width() / result.width()``. Complexity: O(1).
    """
    w, h = max(1.0, size.width()), max(1.0, size.height())
    aw, ah = max(1.0, w - 2 * margin_px), max(1.0, h - 2 * margin_px)
    text_px = max(1.0, text_px)
    z_read = readable_px / text_px
    z_cap = MAX_OVERSIZE * max(readable_px, whole_px) / text_px
    whole, context, need, write = shot.whole, shot.context, shot.required, shot.writing
    if whole.isEmpty():
        return QRectF(-w / 2, -h / 2, w, h)
    if not shot.named and previous is not None and not previous.isEmpty():
        # A step about no node (map_count, return, the lock): the picture stays still
        # (the same centre and zoom; the height follows the stage's).
        span_y = previous.width() * h / w
        c = previous.center()
        return QRectF(c.x() - previous.width() / 2, c.y() - span_y / 2, previous.width(), span_y)
    if fit(whole, aw, ah) * text_px >= whole_px:
        target, zoom = whole, min(fit(whole, aw, ah), z_cap)
    elif not context.isEmpty() and fit(context, aw, ah) >= CONTEXT_SHRINK * z_read:
        target, zoom = context, min(fit(context, aw, ah), z_read)
    elif not need.isEmpty() and (fit(need, aw, ah) >= FLOOR_SHARE * z_read or write.isEmpty()):
        target, zoom = need, min(fit(need, aw, ah), z_read)
    else:
        # Too much to show readably: the node being written, whole, readable if it can be.
        target, zoom = write, min(fit(write, aw, ah), z_read)
    center = target.center()
    if previous is not None and not previous.isEmpty():
        old = w / previous.width()
        same = abs(math.log(old / zoom)) < math.log(ZOOM_STICKY)
        if same and fit(target, aw, ah) >= old:
            zoom, center = old, previous.center()
    span_x, span_y = w / zoom, h / zoom
    m = margin_px / zoom
    x = axis(center.x(), whole.left(), whole.right(), span_x, target.left(), target.right(), m)
    y = axis(center.y(), whole.top(), whole.bottom(), span_y, target.top(), target.bottom(), m)
    return QRectF(QPointF(x - span_x / 2, y - span_y / 2), QSizeF(span_x, span_y))


def zoom_of(shown: QRectF, size: QSizeF) -> float:
    """The zoom at which ``size`` pixels show the scene rectangle ``shown``."""
    return max(1e-6, size.width()) / max(1e-6, shown.width())


def between(a: QRectF, b: QRectF, t: float) -> QRectF:
    """The camera ``t`` (0…1) of the way from ``a`` to ``b``: the centre glides in a
    straight line, the zoom geometrically (a zoom-out and a zoom-in of the same factor take
    the same time), the aspect ratio stays."""
    t = min(max(t, 0.0), 1.0)
    wa, wb = max(a.width(), 1e-9), max(b.width(), 1e-9)
    width = wa * (wb / wa) ** t
    height = width * (b.height() / wb if t >= 0.5 else a.height() / wa)
    c = a.center() + (b.center() - a.center()) * t
    return QRectF(c.x() - width / 2, c.y() - height / 2, width, height)


#: At most this many insets: the stage stays the picture.
MAX_INSETS = 2


def left_out(
    roles: Mapping[str, Any], rects: Mapping[int, QRectF], shown: QRectF
) -> list[tuple[str, int]]:
    """The roles whose node the frame ``shown`` does not hold whole, as (role, node id),
    in the order of ``NODE_ROLES`` (each node once, at most ``MAX_INSETS``): the lecture
    shows them in insets, so that every node the step names is on screen."""
    out: list[tuple[str, int]] = []
    for key in NODE_ROLES:
        nid = roles.get(key)
        if not isinstance(nid, int) or nid not in rects or any(n == nid for _r, n in out):
            continue
        if not shown.contains(rects[nid]):
            out.append((key, nid))
    return out[:MAX_INSETS]


def inset_zoom(node: QRectF, room: QSizeF, text_px: float, readable_px: float) -> float:
    """The zoom of an inset showing ``node`` in at most ``room`` pixels: the readable
    size when it fits, else as large as fits. O(1)."""
    fits = fit(node, max(1.0, room.width()), max(1.0, room.height()))
    return min(readable_px / max(1.0, text_px), fits)
