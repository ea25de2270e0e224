"""The 6.12 lecture camera (``lecture/camera612.py``) frames every step of both shipped
6.12 lectures, as numbers.

The pure function first (rectangles in, rectangle out), then the window at 1920×1080 on
every step of "the same insert_vm_struct(), 4.19 and 6.12" and "maple tree splits,
rebalances and a spanning store": the node being written (and its slot at ``offset``) is
always wholly on the stage, every node a role names is on it whenever that keeps slot
text at the floor size, and text is never smaller than the floor unless the written
node alone needs it; a node the frame leaves out is shown whole in an inset; a step
about no node keeps the picture still.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QRectF, QSizeF
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.lecture.camera612 import (
    FLOOR_SHARE,
    NODE_ROLES,
    ZOOM_STICKY,
    Shot612,
    between,
    frame612,
    role_nodes,
    shot_of,
    writing_node,
    zoom_of,
)
from vmastudio.app.maple_presentation import MaplePresentation
from vmastudio.app.presentation import PresentationSettings
from vmastudio.engine.frames612 import MapleState
from vmastudio.engine.scenario import load_scenario

STAGE = QSizeF(1920.0, 860.0)
LECTURES612 = sorted(
    p.name
    for p in resources.path("lectures").iterdir()
    if p.suffix == ".vmas" and load_scenario(p).maple
)


def contains(outer: QRectF, inner: QRectF, slack: float = 0.5) -> bool:
    return outer.adjusted(-slack, -slack, slack, slack).contains(inner)


# -- the pure function ---------------------------------------------------------------------------
def test_both_shipped_612_lectures_are_found() -> None:
    assert LECTURES612 == ["maple-splits-and-rebalances.vmas", "same-insert-4.19-and-6.12.vmas"]


def test_a_small_tree_is_shown_whole() -> None:
    node = QRectF(0, 40, 400, 60)
    shot = Shot612(node, node, node, node)
    shown = frame612(shot, STAGE, 10.0, 22.0, 24.0)
    assert contains(shown, node)
    # As large as allowed: 1.5 × the larger readable size, not blown up to the full width.
    assert zoom_of(shown, STAGE) == pytest.approx(1.5 * 24.0 / 10.0)
    assert shown.width() / shown.height() == pytest.approx(STAGE.width() / STAGE.height())


def test_a_wide_tree_follows_the_write_at_the_readable_size() -> None:
    whole = QRectF(0, 40, 6500, 250)
    leaf = QRectF(3000, 200, 700, 90)
    root = QRectF(3000, 40, 600, 100)
    shot = Shot612(leaf, leaf, leaf.united(root), whole)
    shown = frame612(shot, STAGE, 10.0, 22.0, 24.0)
    assert contains(shown, leaf)
    assert contains(shown, root)  # the path to the root fits readably here
    assert zoom_of(shown, STAGE) * 10.0 == pytest.approx(22.0)


def test_roles_too_far_apart_keep_the_written_node_whole() -> None:
    whole = QRectF(0, 0, 9000, 600)
    leaf = QRectF(100, 400, 1260, 90)
    dead = QRectF(8000, 500, 900, 90)
    shot = Shot612(leaf, leaf.united(dead), leaf.united(dead), whole)
    shown = frame612(shot, STAGE, 10.0, 22.0, 24.0)
    assert contains(shown, leaf)
    assert not contains(shown, dead)
    # The whole 16-slot leaf at the largest zoom that holds it (less than readable).
    assert zoom_of(shown, STAGE) == pytest.approx((STAGE.width() - 64) / 1260, rel=1e-3)


def test_a_step_nearby_keeps_the_zoom_and_pans_only_as_needed() -> None:
    whole = QRectF(0, 0, 6000, 300)
    a = QRectF(1000, 200, 700, 90)
    b = QRectF(1800, 200, 500, 90)
    first = frame612(Shot612(a, a, a, whole), STAGE, 10.0, 22.0, 24.0)
    second = frame612(Shot612(b, b, b, whole), STAGE, 10.0, 22.0, 24.0, first)
    assert zoom_of(second, STAGE) == pytest.approx(zoom_of(first, STAGE))
    assert contains(second, b)
    # Panned just far enough: b's right edge (plus the margin) is the frame's right edge.
    assert second.right() == pytest.approx(b.right() + 32.0 / zoom_of(first, STAGE), rel=1e-6)


def test_the_glide_goes_straight_and_zooms_geometrically() -> None:
    a = QRectF(0, 0, 1000, 500)
    b = QRectF(2000, 0, 4000, 2000)
    assert between(a, b, 0.0) == a
    assert between(a, b, 1.0) == b
    mid = between(a, b, 0.5)
    assert mid.width() == pytest.approx(2000.0)  # sqrt(1000 × 4000)
    assert mid.center().x() == pytest.approx((a.center().x() + b.center().x()) / 2)


def test_shot_of_reads_the_roles_and_the_path_to_the_root() -> None:
    state = MapleState.of(
        [
            {
                "node": 3,
                "type": "arange_64",
                "pivots": [0x1FFF, 0, 0, 0, 0, 0, 0, 0, 0],
                "slots": [1, 2, None, None, None, None, None, None, None, None],
                "gaps": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                "meta_end": 1,
                "meta_gap": 0,
            },
            *(
                {
                    "node": n,
                    "type": "leaf_64",
                    "pivots": [0] * 15,
                    "slots": [None] * 16,
                    "meta_end": 0,
                    "meta_gap": 0,
                }
                for n in (1, 2)
            ),
            {"root": 3, "height": 2},
        ]
    )
    rects = {3: QRectF(400, 0, 300, 60), 1: QRectF(0, 200, 300, 40), 2: QRectF(800, 200, 300, 40)}
    roles = {"leaf": 1, "sibling": 2, "offset": 0}
    assert writing_node(roles) == 1
    assert role_nodes(roles) == [1, 2]
    slot = QRectF(6, 220, 78, 16)
    shot = shot_of(roles, rects, state, QRectF(0, 0, 1100, 240), slot)
    assert shot.writing == rects[1]
    assert shot.required == rects[1].united(rects[2])
    assert shot.context == shot.required.united(rects[3])
    # Nothing named: the root whole, with its children (the top of the tree); such a step
    # keeps the frame shown before.
    top = shot_of({}, rects, state, QRectF(0, 0, 1100, 240))
    assert not top.named
    assert top.writing == rects[3]
    assert top.required == rects[3].united(rects[1]).united(rects[2])
    before = QRectF(10, 10, 960, 430)
    assert frame612(top, STAGE, 10.0, 22.0, 24.0, before) == before


# -- the window, every step of both lectures -------------------------------------------------------
@pytest.mark.parametrize("name", LECTURES612)
def test_every_step_frames_its_nodes_readably(qtbot: QtBot, name: str) -> None:
    scenario = load_scenario(resources.path("lectures", name))
    settings = PresentationSettings(theme="dark", reduce_motion=True)
    w = MaplePresentation(scenario, None, settings)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    readable = float(settings.min_label_px)
    floor = FLOOR_SHARE * readable
    smallest = 1e9
    framed_all = 0
    steps = 0
    seen: set[tuple[int, int]] = set()
    previous: QRectF | None = None
    still = empty = in_insets = 0
    inset_px = 1e9
    w.navigate("first")
    while (w.op, w.step) not in seen:  # the clicker's path: Right from the first to the last
        seen.add((w.op, w.step))
        k, s = w.op, w.step
        shown = w.shown_rect()
        shot = w.shot()
        px = w.text_px_on_screen()
        where = f"op {k} step {s + 1}"
        if not w.node_rects():
            empty += 1
            w.navigate("next")
            continue  # the empty tree before the first insert: nothing to frame
        if not shot.named:
            # A step about no node (map_count, return, the lock) keeps the picture still.
            if previous is not None:
                assert shown.center().x() == pytest.approx(previous.center().x()), where
                assert shown.width() == pytest.approx(previous.width()), where
            previous = shown
            still += 1
            w.navigate("next")
            continue
        previous = shown
        assert contains(shown, shot.writing), where  # never cut off the written node
        step = w.current_step()
        roles = dict(step.roles) if step is not None else {}
        rects = w.node_rects()
        named = [rects[n] for n in role_nodes(roles) if n in rects]
        if all(contains(shown, r) for r in named):
            framed_all += 1
        else:
            # Only when showing them all would push text under the floor.
            fit_px = (
                min(
                    (w.view.viewport().width() - 64) / shot.required.width(),
                    (w.view.viewport().height() - 64) / shot.required.height(),
                )
                * w.text_px_at_zoom_1()
            )
            assert fit_px < floor, where
            # Each node the frame leaves out is in an inset, whole, with its role.
            insets = {i.nid: i for i in w.insets if i.isVisible()}
            for role in NODE_ROLES:
                nid = roles.get(role)
                if isinstance(nid, int) and nid in rects and not contains(shown, rects[nid]):
                    inset = insets.get(nid)
                    assert inset is not None, (where, role)
                    assert contains(inset.shown_rect(), rects[nid], 2.0), (where, role)
                    assert f"#{nid}" in inset.title.text()
                    shown_px = inset.zoom() * w.text_px_at_zoom_1()
                    port = w.view.viewport()
                    room = min(
                        (port.width() - 64) / rects[nid].width(),
                        port.height() * 0.3 / rects[nid].height(),
                    )
                    # Readable, or as large as a stage-wide inset holds the node.
                    assert shown_px >= min(readable, room * w.text_px_at_zoom_1()) - 1e-6
                    inset_px = min(inset_px, shown_px)
                    in_insets += 1
            # No inset hides the node being written.
            poly = w.view.mapFromScene(shot.writing).boundingRect()
            written = QRect(w.view.viewport().mapTo(w, poly.topLeft()), poly.size())
            for inset in insets.values():
                assert not inset.geometry().intersects(written), where
        if px < floor:
            # Smaller than the floor only because the written node is: whole, it cannot be
            # shown at the floor size (and the zoom is that node's fit, or the previous
            # step's zoom within the sticky factor).
            port = w.view.viewport()
            fit = min(
                (port.width() - 64) / shot.writing.width(),
                (port.height() - 64) / shot.writing.height(),
            )
            assert fit * w.text_px_at_zoom_1() < floor, where
            assert px >= fit * w.text_px_at_zoom_1() / ZOOM_STICKY - 1e-6, where
        smallest = min(smallest, px)
        steps += 1
        w.navigate("next")
    print(name, steps, "steps,", still, "still,", framed_all, "with every role in the frame;")
    print(in_insets, "nodes in insets, smallest text", smallest, "px, in insets", inset_px, "px")
    assert steps + still + empty == 1 + sum(
        len(w.timeline.frames(k).steps) for k in range(1, len(w.timeline) + 1)
    )
    # Measured: the rest are RCU replacements whose dead node is drawn under the far left
    # of the tree, and pushes/rebalances whose sibling sits a leaf away; showing them in
    # the frame too would take slot text down to 3-13 px: they are in insets instead.
    assert framed_all / steps > 0.8, (framed_all, steps)
