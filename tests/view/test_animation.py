"""The step animator glides the tree between two drawn states and can always finish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsView
from pytestqt.qtbot import QtBot

from vmastudio.model.document import Document
from vmastudio.view.animation import CAMERA_LEAD, Camera, StepAnimator, apply_camera, camera_of
from vmastudio.view.binding import show_document
from vmastudio.view.items.rb_edge_item import RbEdgeItem
from vmastudio.view.layout import NODE_H
from vmastudio.view.scene import VmaScene


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


def positions(scene: VmaScene) -> dict[int, QPointF]:
    return {s: QPointF(x, y) for s, (x, y, _c, _g) in scene.tree_shape().items()}


def first_step(doc: Document, kind: str) -> tuple[int, int]:
    for k in range(1, doc.op_count() + 1):
        for s, step in enumerate(doc.frames(k).steps):
            if step.kind == kind:
                return k, s
    raise AssertionError(kind)


def step_onto(animator: StepAnimator, doc: Document, op: int, step: int) -> None:
    before = doc.current_snapshot()
    doc.set_position(op, step)
    animator.transition(lambda: show_document(animator.scene, doc), before, doc.current_snapshot())


def test_a_rotation_glides_from_the_old_places_to_the_new(doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    k, s = first_step(doc, "rotate_left")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    old = positions(scene)
    step_onto(animator, doc, k, s)
    assert animator.is_running()
    assert positions(scene) == old
    animator.seek(0.5)
    middle = positions(scene)
    animator.finish()
    new = positions(scene)
    assert not animator.is_running()
    moved = [key for key in new if key in old and new[key] != old[key]]
    assert moved, "a rotation moves nodes"
    for key in moved:
        lo_x, hi_x = sorted((old[key].x(), new[key].x()))
        lo_y, hi_y = sorted((old[key].y(), new[key].y()))
        assert lo_x <= middle[key].x() <= hi_x and lo_y <= middle[key].y() <= hi_y
        assert middle[key] not in (old[key], new[key])


def test_edges_stay_attached_to_gliding_nodes(doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    k, s = first_step(doc, "rotate_left")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    step_onto(animator, doc, k, s)
    animator.seek(0.4)
    shown = positions(scene)
    snap = doc.current_snapshot()
    for item in scene.items():
        if isinstance(item, RbEdgeItem) and item.child in shown:
            parent = snap.nodes[item.child].parent
            assert parent is not None
            line = item._line
            assert line.p2() == shown[item.child] - QPointF(0, NODE_H / 2)
            assert line.p1() == shown[parent] + QPointF(0, NODE_H / 2)
    animator.finish()


def test_zero_duration_draws_without_animating(doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    animator.duration_ms = 0
    k, s = first_step(doc, "rotate_left")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    step_onto(animator, doc, k, s)
    assert not animator.is_running()
    reference = VmaScene()
    show_document(reference, doc)
    assert positions(scene) == positions(reference)


def test_reduce_motion_draws_without_animating(doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    animator.reduce_motion = True
    k, s = first_step(doc, "rotate_right")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    step_onto(animator, doc, k, s)
    assert not animator.is_running()


def test_a_recolouring_cross_fades_and_cleans_up(doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    k, s = first_step(doc, "recolor_case1")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    count = len(scene.items())
    step_onto(animator, doc, k, s)
    assert animator.is_running()
    ghosts = len(scene.items()) - count
    assert ghosts >= 2  # parent and uncle turn black, the grandparent red
    animator.seek(0.5)
    animator.finish()
    assert len(scene.items()) == count
    assert all(item.opacity() == 1.0 for item in scene.items())


def test_the_camera_eases_towards_its_target(qtbot: QtBot, doc: Document) -> None:
    scene = VmaScene()
    show_document(scene, doc)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    animator = StepAnimator(scene, view)
    apply_camera(view, Camera(QPointF(300, 300), 1.0))
    start = camera_of(view)
    target = Camera(QPointF(900, 700), 2.0)
    k, s = first_step(doc, "rotate_left")
    before = doc.current_snapshot()
    doc.set_position(k, s)
    animator.transition(
        lambda: show_document(scene, doc), before, doc.current_snapshot(), lambda: target
    )
    animator.seek(CAMERA_LEAD / 2)
    mid = camera_of(view)
    assert start.zoom < mid.zoom < target.zoom
    animator.finish()
    end = camera_of(view)
    assert abs(end.zoom - 2.0) < 1e-9


def test_the_camera_moves_first_then_the_nodes_rotate_under_it(qtbot: QtBot, doc: Document) -> None:
    scene = VmaScene()
    k, s = first_step(doc, "rotate_left")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    animator = StepAnimator(scene, view)
    apply_camera(view, Camera(QPointF(300, 300), 1.0))
    target = Camera(QPointF(900, 700), 1.5)
    before = doc.current_snapshot()
    start = {key: (x, y) for key, (x, y, _c, _g) in scene.tree_shape().items()}
    doc.set_position(k, s)
    animator.transition(
        lambda: show_document(scene, doc), before, doc.current_snapshot(), lambda: target
    )
    assert animator.is_running()
    animator.seek(CAMERA_LEAD * 0.9)  # the camera on its way, no node has moved yet
    now = {key: (x, y) for key, (x, y, _c, _g) in scene.tree_shape().items()}
    assert all(now[key] == xy for key, xy in start.items() if key in now)
    assert camera_of(view).zoom < 1.5
    animator.seek(CAMERA_LEAD + (1 - CAMERA_LEAD) / 2)  # the camera still, the nodes moving
    cam = camera_of(view)
    assert abs(cam.zoom - 1.5) < 1e-9 and abs(cam.center.x() - 900) < 1
    now = {key: (x, y) for key, (x, y, _c, _g) in scene.tree_shape().items()}
    assert any(now[key] != xy for key, xy in start.items() if key in now)
    animator.finish()


def test_it_finishes_on_its_own(qtbot: QtBot, doc: Document) -> None:
    scene = VmaScene()
    animator = StepAnimator(scene)
    animator.duration_ms = 120
    k, s = first_step(doc, "rotate_left")
    doc.set_position(k, s - 1)
    show_document(scene, doc)
    with qtbot.waitSignal(animator.finished, timeout=2000):
        step_onto(animator, doc, k, s)
    assert not animator.is_running()
