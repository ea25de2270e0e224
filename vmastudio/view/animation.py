"""``StepAnimator``: glide a ``VmaScene`` from the picture of one step to the next.

The scene itself only knows how to draw a state (``show_state``). The animator wraps
that call: it records where the tree items were, lets the scene draw the new state,
then puts the moving items back and glides them to where the scene put them, in one
``QVariantAnimation`` tick per frame:

- tree nodes glide (rotations, a new column opening, a new node dropping into its slot);
  their edges, empty child slots and the ``mm->mm_rb`` arrow follow the moving nodes;
- a node whose colour changed cross-fades: a copy of the old node fades out on top;
- items that did not exist before fade in;
- the camera (a ``QGraphicsView``) pans and zooms with the same easing.

Stepping backwards is the same glide in the other direction: the animator compares two
pictures, it never needs to know which way the cursor moved. ``finish()`` jumps to the
end at once (a key pressed during an animation must never queue lag); a duration of 0
("reduce motion") draws the new state with no animation at all.

Per frame the cost is O(moving items): positions are set on the items that move (each
``setPos`` only marks a region dirty) and the view repaints once per frame
(STYLE.md §6). Items that do not move are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QVariantAnimation, Signal, Slot
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from ..engine.snapshot import Snapshot
from .items.rb_edge_item import RbEdgeItem
from .items.rb_node_item import RbNodeItem
from .items.slot_item import SlotItem
from .layout import NODE_H, NODE_W
from .scene import VmaScene

DEFAULT_DURATION_MS = 450
#: When nodes move *and* the camera moves, the camera first takes this share of the glide
#: alone, then the nodes move under a still camera: the frame it ends on holds where they
#: start and where they end, so a rotation plays wholly in view (issue 16) instead of
#: sliding in from beyond the edge while the picture pans.
CAMERA_LEAD = 0.35


@dataclass(frozen=True, slots=True)
class Camera:
    """Where a view looks: the scene point at the viewport centre and the zoom."""

    center: QPointF
    zoom: float


def camera_of(view: QGraphicsView) -> Camera:
    center = view.mapToScene(view.viewport().rect().center())
    return Camera(QPointF(center), view.transform().m11())


def apply_camera(view: QGraphicsView, cam: Camera) -> None:
    view.setTransform(QTransform.fromScale(cam.zoom, cam.zoom))
    view.centerOn(cam.center)


@dataclass(slots=True)
class _Plan:
    """Everything one animation moves, from its start to its end values."""

    nodes: list[tuple[RbNodeItem, QPointF, QPointF]] = field(default_factory=list)
    #: Edge items with the node keys of their two ends (parent, child).
    edges: list[tuple[RbEdgeItem, int, int]] = field(default_factory=list)
    #: Empty child slots: the item, its parent's key and its offset from the parent.
    slots: list[tuple[SlotItem, int, QPointF]] = field(default_factory=list)
    fade_in: list[QGraphicsItem] = field(default_factory=list)
    fade_out: list[QGraphicsItem] = field(default_factory=list)
    root: int | None = None
    cam_from: Camera | None = None
    cam_to: Camera | None = None
    #: Share of the glide the camera takes alone before any node moves (0: together).
    lead: float = 0.0


def _lerp(a: QPointF, b: QPointF, t: float) -> QPointF:
    return QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)


class StepAnimator(QObject):
    """Animates ``scene`` (and optionally ``view``'s camera) between two drawn states."""

    #: An animation started (the first frame is already drawn).
    started = Signal()
    #: The running animation reached its end (or was finished early).
    finished = Signal()

    def __init__(
        self,
        scene: VmaScene,
        view: QGraphicsView | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.scene = scene
        self.view = view
        self.duration_ms = DEFAULT_DURATION_MS
        self.reduce_motion = False
        self._plan: _Plan | None = None
        self._positions: dict[int, QPointF] = {}
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        # Linear progress: each phase (camera lead, then nodes) eases on its own.
        self._anim.setEasingCurve(QEasingCurve.Type.Linear)
        self._ease = QEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self._on_anim_value_changed)
        self._anim.finished.connect(self._on_anim_finished)
        #: Called after each frame was applied (the benchmark times frames with it).
        self.frame_hook: Callable[[float], None] | None = None

    # -- state --------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._plan is not None

    @property
    def animating(self) -> bool:
        return self.is_running() and self.duration_ms > 0 and not self.reduce_motion

    # -- the one entry point ---------------------------------------------------------------------
    def transition(
        self,
        draw: Callable[[], None],
        before: Snapshot | None,
        after: Snapshot,
        camera: Callable[[], Camera | None] | None = None,
        *,
        animate: bool = True,
    ) -> None:
        """Call ``draw()`` (which updates the scene to ``after``) and animate to it.

        ``before`` is the state drawn until now (None: nothing to animate from).
        ``camera()`` is asked, after drawing, where the view should end up.
        A running animation is finished first.
        """
        self.finish()
        scene = self.scene
        old_pos = {s: QPointF(x, y) for s, (x, y, _c, _g) in scene.tree_shape().items()}
        old_items = set(scene.items()) if animate else set()
        cam_from = camera_of(self.view) if self.view is not None else None
        draw()
        cam_to = camera() if camera is not None else None
        if not animate or before is None or self.reduce_motion or self.duration_ms <= 0:
            if cam_to is not None and self.view is not None:
                apply_camera(self.view, cam_to)
            return
        plan = self._plan_for(before, after, old_pos, old_items)
        plan.cam_from, plan.cam_to = cam_from, cam_to
        if not (plan.nodes or plan.fade_in or plan.fade_out) and not self._camera_moves(plan):
            if cam_to is not None and self.view is not None:
                apply_camera(self.view, cam_to)
            return
        duration = self.duration_ms
        if plan.nodes and self._camera_moves(plan):
            plan.lead = CAMERA_LEAD
            duration = int(duration / (1.0 - CAMERA_LEAD))  # the nodes keep their time
        self._plan = plan
        self._apply(0.0)
        self._anim.setDuration(duration)
        self._anim.start()
        self.started.emit()

    def seek(self, t: float) -> None:
        """Draw the running animation at progress ``t`` in [0, 1] (benchmarks, tests)."""
        if self._plan is not None:
            self._apply(min(1.0, max(0.0, t)))

    def finish(self) -> None:
        """Jump to the end of the running animation (no-op when none runs)."""
        if self._plan is None:
            return
        self._anim.stop()
        self._apply(1.0)
        self._cleanup()

    # -- planning ----------------------------------------------------------------------------------
    def _plan_for(
        self,
        before: Snapshot,
        after: Snapshot,
        old_pos: dict[int, QPointF],
        old_items: set[QGraphicsItem],
    ) -> _Plan:
        scene = self.scene
        plan = _Plan()
        new_pos: dict[int, QPointF] = {}
        moving: set[int] = set()
        for s, (x, y, _color, _ghost) in scene.tree_shape().items():
            end = QPointF(x, y)
            new_pos[s] = end
            start = old_pos.get(s)
            item = scene.node_item(s)
            if item is None:
                continue
            if start is None or item not in old_items:
                plan.fade_in.append(item)
                continue
            if start != end:
                plan.nodes.append((item, start, end))
                moving.add(s)
            old = before.nodes.get(s)
            new = after.nodes.get(s)
            if old is not None and new is not None and old.color != new.color:
                # Cross-fade: the old picture of the node fades out over the new one.
                ghost = RbNodeItem(old, scene.theme, scene)
                ghost.setAcceptHoverEvents(False)
                ghost.setZValue(item.zValue() + 0.5)
                ghost.setPos(start)
                scene.addItem(ghost)
                plan.fade_out.append(ghost)
                plan.nodes.append((ghost, start, end))
        self._positions = dict(new_pos)
        if moving:
            for other in scene.items():
                if isinstance(other, RbEdgeItem):
                    child = after.nodes.get(other.child)
                    if (
                        child is not None
                        and child.parent is not None
                        and (other.child in moving or child.parent in moving)
                    ):
                        plan.edges.append((other, child.parent, other.child))
                elif isinstance(other, SlotItem):
                    parent, side = other.key
                    if parent is not None and side != "root" and parent in moving:
                        plan.slots.append((other, parent, other.pos() - new_pos[parent]))
            if after.root is not None and after.root in moving:
                plan.root = after.root
        for other in scene.items():
            if (
                other not in old_items
                and other.isVisible()
                and isinstance(other, (RbEdgeItem, SlotItem, RbNodeItem))
                and other not in plan.fade_in
            ):
                plan.fade_in.append(other)
        return plan

    @staticmethod
    def _camera_moves(plan: _Plan) -> bool:
        a, b = plan.cam_from, plan.cam_to
        if a is None or b is None:
            return False
        return a.center != b.center or abs(a.zoom - b.zoom) > 1e-6

    # -- frames -----------------------------------------------------------------------------------
    def _apply(self, progress: float) -> None:
        """Draw the glide at linear ``progress`` in [0, 1]."""
        plan = self._plan
        if plan is None:
            return
        lead = plan.lead
        ease = self._ease.valueForProgress
        t = ease(max(0.0, (progress - lead) / (1.0 - lead)))
        t_cam = ease(min(1.0, progress / lead)) if lead > 0 else t
        pos = self._positions
        for item, a, b in plan.nodes:
            p = _lerp(a, b, t)
            item.setPos(p)
            if item.vma_key in pos and item not in plan.fade_out:
                pos[item.vma_key] = p
        half = NODE_H / 2
        for edge, parent, child in plan.edges:
            pp, cp = pos.get(parent), pos.get(child)
            if pp is not None and cp is not None:
                edge.set_line(pp + QPointF(0, half), cp - QPointF(0, half))
        for slot, parent, offset in plan.slots:
            pp = pos.get(parent)
            if pp is not None:
                slot.setPos(pp + offset)
        if plan.root is not None:
            root_slot = self.scene.slot_item(None, "root")
            rp = pos.get(plan.root)
            if root_slot is not None and rp is not None:
                root_slot.set_target(QPointF(rp.x() - NODE_W / 2, rp.y()) - root_slot.pos())
        for shown in plan.fade_in:
            shown.setOpacity(t)
        for gone in plan.fade_out:
            gone.setOpacity(1.0 - t)
        if plan.cam_from is not None and plan.cam_to is not None and self.view is not None:
            c0, c1 = plan.cam_from, plan.cam_to
            # Zoom eases geometrically, so a zoom-in and a zoom-out feel equally fast.
            zoom = (
                c0.zoom * (c1.zoom / c0.zoom) ** t_cam if c0.zoom > 0 and c1.zoom > 0 else c1.zoom
            )
            apply_camera(self.view, Camera(_lerp(c0.center, c1.center, t_cam), zoom))
        if self.frame_hook is not None:
            self.frame_hook(progress)

    def _cleanup(self) -> None:
        plan = self._plan
        self._plan = None
        if plan is None:
            return
        for item in plan.fade_out:
            if item.scene() is not None:
                self.scene.removeItem(item)
        for item in plan.fade_in:
            item.setOpacity(1.0)
        self.finished.emit()

    @Slot(object)
    def _on_anim_value_changed(self, value: object) -> None:
        if self._plan is not None and isinstance(value, float):
            self._apply(value)

    @Slot()
    def _on_anim_finished(self) -> None:
        if self._plan is not None:
            self._apply(1.0)
            self._cleanup()
