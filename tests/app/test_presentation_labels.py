"""No label of the lecture's picture is hidden by another, or struck through (issue 16).

At every step of every shipped lecture, as the lecture draws it: role tags (above tree
nodes, below slots), the -ENOMEM badges, the overlap's label on the map and the descent's
comparisons under visited nodes are pairwise disjoint and clear of every node's body; the
dashed ``rb_link`` arrow from the new VMA to its slot crosses no label (its own slot's
``__rb_link`` tag included), and no tree edge runs through a badge or a comparison.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.presentation import (
    PROJECTOR_THEMES,
    PresentationSettings,
    PresentationWindow,
    projector_theme,
)
from vmastudio.engine.scenario import load_scenario
from vmastudio.engine.wording import role_names
from vmastudio.model.document import Document
from vmastudio.view.items.badge_item import BadgeItem
from vmastudio.view.items.decor import tag_rect
from vmastudio.view.items.list_box_item import ListBoxItem
from vmastudio.view.items.overlap_item import OverlapItem
from vmastudio.view.items.pending_link_item import PendingLinkItem
from vmastudio.view.items.rb_edge_item import RbEdgeItem
from vmastudio.view.items.rb_node_item import RbNodeItem
from vmastudio.view.items.slot_item import SlotItem
from vmastudio.view.items.trail_item import TrailItem
from vmastudio.view.items.vma_bar_item import VmaBarItem
from vmastudio.view.layout import NODE_H
from vmastudio.view.theme import role_label

#: The lectures the lecture window plays: a 4.x document's (a scenario with 6.12 maple
#: ops opens in the side-by-side window instead).
LECTURES = sorted(
    p.name
    for p in resources.path("lectures").iterdir()
    if p.suffix == ".vmas" and not load_scenario(p).maple
)


def labels(w: PresentationWindow) -> list[tuple[str, QRectF, float]]:
    """(what, scene rectangle, z of the item that paints it) of every label drawn now."""
    scene = w.scene
    names = role_names(w.lecture_step())
    out: list[tuple[str, QRectF, float]] = []
    for item in scene.items():
        if not item.isVisible() or item.opacity() == 0.0:
            continue
        z = item.zValue()
        if isinstance(item, (RbNodeItem, SlotItem)) and item.roles:
            roles = item.roles
            tags = tuple(names.get(r) or role_label(r) for r in roles)
            body = item.mapRectToScene(item.body_rect())
            above = isinstance(item, RbNodeItem)
            rect = tag_rect(body, roles, scene.theme, above=above, labels=tags)
            out.append((f"tag {' · '.join(tags)} of {item}", rect, z))
        elif isinstance(item, BadgeItem):
            out.append((f"badge {item.text}", item.sceneBoundingRect(), z))
        elif isinstance(item, OverlapItem):
            out.append((f"overlap label {item.text}", item.label_rect(), z))
        elif isinstance(item, TrailItem):
            out.append((f"comparison {item.text}", item.label_rect(), z))
    return out


def bodies(w: PresentationWindow) -> list[tuple[object, QRectF]]:
    return [
        (item, item.mapRectToScene(item.body_rect()))
        for item in w.scene.items()
        if isinstance(item, (RbNodeItem, SlotItem, ListBoxItem, VmaBarItem))
        and item.isVisible()
        and item.opacity() > 0
    ]


def stroke(path: QPainterPath) -> QPainterPath:
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0)
    return stroker.createStroke(path)


#: Labels painted on an opaque box: a line may pass beneath one (lower z), never over it.
OPAQUE = ("tag", "badge", "comparison")


def problems(w: PresentationWindow) -> list[str]:
    found: list[str] = []
    tags = labels(w)
    for i, (a, ra, _za) in enumerate(tags):
        for b, rb, _zb in tags[i + 1 :]:
            if ra.intersects(rb):
                found.append(f"{a} over {b}")
        for item, body in bodies(w):
            if ra.intersects(body):
                found.append(f"{a} over the body of {item}")
    lines: list[tuple[str, QPainterPath, float]] = []
    snap = w.document.current_snapshot()
    for item in w.scene.items():
        if isinstance(item, PendingLinkItem) and item.isVisible():
            lines.append(("the rb_link arrow", item.mapToScene(stroke(item.path())), item.zValue()))
        elif isinstance(item, RbEdgeItem) and item.isVisible():
            # The edge runs from the parent's bottom to the child's top (as drawn).
            child = snap.nodes.get(item.child)
            if child is None or child.parent is None:
                continue
            top, bottom = w.scene.node_item(item.child), w.scene.node_item(child.parent)
            if top is None or bottom is None:
                continue
            path = QPainterPath(bottom.pos() + QPointF(0, NODE_H / 2))
            path.lineTo(top.pos() - QPointF(0, NODE_H / 2))
            lines.append((f"the edge to {item.child}", stroke(path), item.zValue()))
    for line, shape, z in lines:
        for what, rect, label_z in tags:
            beneath = what.startswith(OPAQUE) and z < label_z
            if shape.intersects(rect) and not beneath:
                found.append(f"{line} through {what}")
    return found


@pytest.fixture
def hall(qtbot: QtBot) -> Iterator[tuple[PresentationWindow, Document]]:
    doc = Document()
    w = PresentationWindow(doc, settings=PresentationSettings(reduce_motion=True))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    yield w, doc


@pytest.mark.parametrize("name", LECTURES)
def test_no_label_covers_another_or_is_struck_through_at_any_step(
    hall: tuple[PresentationWindow, Document], name: str
) -> None:
    w, doc = hall
    doc.load_file(str(resources.path("lectures", name)))
    doc.set_position(0, 0)
    seen = 0
    bad: list[str] = []
    while not doc.at_end():
        w.handle_key(Qt.Key.Key_Right)
        seen += len(labels(w))
        bad += [f"op {doc.op} step {doc.step}: {p}" for p in problems(w)]
    assert not bad, "\n".join(bad[:20])
    assert seen > 50


def test_the_overlap_step_draws_its_badges_and_label(
    hall: tuple[PresentationWindow, Document],
) -> None:
    w, doc = hall
    doc.load_file(str(resources.path("lectures", "overlap-and-enomem.vmas")))
    k, s = next(
        (k, s)
        for k in range(1, doc.op_count() + 1)
        for s, st in enumerate(doc.frames(k).steps)
        if st.kind == "overlap"
    )
    doc.set_position(k, s)
    kinds = [what.split()[0] for what, _r, _z in labels(w)]
    assert kinds.count("badge") == 2 and "overlap" in kinds and "tag" in kinds
    assert not problems(w)


def test_a_trial_vma_is_marked_without_hatching_through_its_addresses() -> None:
    for name in PROJECTOR_THEMES:
        brush = projector_theme(name).ghost_brush
        assert brush.style() == Qt.BrushStyle.SolidPattern, name
        assert brush.color().alpha() < 100  # a wash: the node's own colour shows through
