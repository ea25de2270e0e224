"""The pointer view draws the model it is given: boxes, arrows, tooltips, selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLineF, QPointF, Qt
from pytestqt.qtbot import QtBot

from vmastudio.engine.lesson import insert_lesson
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.pointers import PointerModel, find_step, meaning, op_models
from vmastudio.engine.timeline import Timeline
from vmastudio.view.pointer import PointerView


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return Timeline(demo_scenario())


@pytest.fixture
def view(qtbot: QtBot) -> PointerView:
    v = PointerView()
    qtbot.addWidget(v)
    v.resize(1200, 800)
    return v


def vid(timeline: Timeline, start: int) -> int:
    """The id of the demo VMA at ``start`` (models key VMAs by id, these tests by address)."""
    made = [v for v in timeline.subjects if v is not None] + timeline.mm.vmas()
    return next(v.uid for v in made if v.vm_start == start)


def moment(timeline: Timeline, k: int, kind: str, offset: int = 0) -> PointerModel:
    models = op_models(timeline, k)
    return models[find_step(models, kind) + offset]


def test_every_box_and_every_live_arrow_of_the_model_is_drawn(
    view: PointerView, timeline: Timeline
) -> None:
    m = moment(timeline, 4, "slot_found", 1)
    view.show_model(m)
    assert {i.box.key for i in view.box_items()} == {b.key for b in m.boxes}
    drawn = {(a.arrow.src, a.arrow.dst) for a in view.arrow_items()}
    expected = {(a.src, a.dst) for a in m.arrows if not a.gone and a.kind != "context"}
    assert drawn == expected
    assert view.box_item("insert_vm_struct.rb_link").value_text == "0x3030"  # type: ignore[union-attr]
    # The chain arrow into the slot is labelled as the book labels it.
    arrow = view.arrow_item("insert_vm_struct.rb_link")
    assert arrow is not None and arrow.label == "*rb_link"
    assert arrow.arrow.dst == f"vma:{vid(timeline, 0x400000)}.rb_left"
    # It ends on the slot box's left edge.
    slot = view.box_item(f"vma:{vid(timeline, 0x400000)}.rb_left")
    assert slot is not None
    end = arrow.points[-1]
    assert abs(end.x() - slot.rect.left()) < 0.5
    assert slot.rect.top() <= end.y() <= slot.rect.bottom()


def test_context_arrows_appear_on_request(view: PointerView, timeline: Timeline) -> None:
    m = moment(timeline, 2, "slot_found")
    view.show_model(m)
    assert view.arrow_item("insert_vm_struct.mm") is None
    view.set_show_context(True)
    assert view.arrow_item("insert_vm_struct.mm") is not None


def test_a_returned_frame_is_faded_and_has_no_arrows(view: PointerView, timeline: Timeline) -> None:
    view.show_model(moment(timeline, 2, "link_node"))
    frame = view.frame_item("find_vma_links")
    assert frame is not None and frame.opacity() < 1.0
    assert frame.gone_text
    assert not [a for a in view.arrow_items() if a.arrow.src.startswith("find_vma_links.")]
    live = view.frame_item("insert_vm_struct")
    assert live is not None and live.opacity() == 1.0


def test_the_overlap_moment_shows_the_enomem_banner(view: PointerView, timeline: Timeline) -> None:
    view.show_model(moment(timeline, 8, "overlap"))
    assert "-ENOMEM" in view.banner_text()
    assert "ENOMEM" in view.caption_text()
    s = view.struct_item(f"vma:{vid(timeline, 0x400000)}")
    assert s is not None and "conflict" in s.region.roles
    view.show_model(moment(timeline, 2, "slot_found"))
    assert view.banner_text() == ""


def test_hover_tooltip_gives_the_c_type_and_a_meaning(
    view: PointerView, timeline: Timeline
) -> None:
    view.show_model(moment(timeline, 2, "slot_found"))
    item = view.box_item("find_vma_links.rb_link")
    assert item is not None
    tip = item.toolTip()
    assert tip.startswith("struct rb_node *** rb_link  @0x5510")
    assert meaning("find_vma_links.rb_link", "en") in tip
    view.set_language("zh_CN")
    item = view.box_item("find_vma_links.rb_link")
    assert item is not None
    assert meaning("find_vma_links.rb_link", "zh_CN") in item.toolTip()
    slot = view.box_item(f"vma:{vid(timeline, 0x400000)}.rb_right")
    assert slot is not None and "(+0x28)" in slot.toolTip()


def test_both_address_styles(view: PointerView, timeline: Timeline) -> None:
    view.show_model(moment(timeline, 4, "link_node"))
    slot = view.box_item(f"vma:{vid(timeline, 0x400000)}.rb_left")
    assert slot is not None
    assert (slot.addr_text, slot.value_text) == ("0x3030", "0x3278")
    view.set_address_style("kernel")
    slot = view.box_item(f"vma:{vid(timeline, 0x400000)}.rb_left")
    assert slot is not None
    assert slot.addr_text == "0xffff88800a413030"
    assert slot.value_text == "0xffff88800a413278"
    assert view.address_style == "kernel"


def test_clicking_a_vma_box_emits_its_id(
    qtbot: QtBot, view: PointerView, timeline: Timeline
) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.show_model(moment(timeline, 4, "slot_found"))
    item = view.box_item(f"vma:{vid(timeline, 0x400000)}.rb_left")
    assert item is not None
    pos = view.mapFromScene(item.rect.center())
    with qtbot.waitSignal(view.vma_selected, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [vid(timeline, 0x400000)]
    assert item.selected
    assert view.selected_vma == vid(timeline, 0x400000)


def test_select_vma_highlights_its_boxes_and_survives_a_step(
    view: PointerView, timeline: Timeline
) -> None:
    models = op_models(timeline, 7)  # 0x7ffd00000000 does not fit in 32 bits
    view.show_model(models[0])
    start = vid(timeline, 0x7FFD00000000)
    view.select_vma(start)
    chosen = [i for i in view.box_items() if i.selected]
    assert chosen and all(i.box.vma == start for i in chosen)
    struct = view.struct_item(f"vma:{start}")
    assert struct is not None and struct.selected
    view.show_model(models[-1])
    assert all(i.selected == (i.box.vma == start) for i in view.box_items())
    view.select_vma(None)
    assert not any(i.selected for i in view.box_items())


def test_written_boxes_and_write_through_arrows_are_highlighted(
    view: PointerView, timeline: Timeline
) -> None:
    view.show_model(moment(timeline, 4, "slot_found"))
    for name in ("prev", "rb_link", "rb_parent"):
        assert view.box_item(f"insert_vm_struct.{name}").box.written  # type: ignore[union-attr]
        arrow = view.arrow_item(f"find_vma_links.{'pprev' if name == 'prev' else name}")
        assert arrow is not None and arrow.arrow.write


@pytest.mark.parametrize(
    ("k", "kind", "offset"),
    [(1, "slot_found", 0), (2, "slot_found", 1), (4, "link_node", 0), (8, "overlap", 0)],
)
def test_arrows_never_cross_a_box(
    view: PointerView, timeline: Timeline, k: int, kind: str, offset: int
) -> None:
    view.show_model(moment(timeline, k, kind, offset))
    for arrow in view.arrow_items():
        ends = {arrow.arrow.src, arrow.arrow.dst}
        segments = [QLineF(a, b) for a, b in zip(arrow.points, arrow.points[1:], strict=False)]
        for box in view.box_items():
            if box.box.key in ends:
                continue
            r = box.rect.adjusted(1, 1, -1, -1)
            for seg in segments:
                assert not _crosses(seg, r), (arrow.arrow.key, box.box.key)


def _crosses(seg: QLineF, r) -> bool:  # type: ignore[no-untyped-def]
    """Whether an axis-parallel segment passes through rectangle ``r``."""
    (x1, x2), (y1, y2) = sorted((seg.x1(), seg.x2())), sorted((seg.y1(), seg.y2()))
    return x1 < r.right() and x2 > r.left() and y1 < r.bottom() and y2 > r.top()


def test_the_lesson_is_drawn_by_the_same_view(view: PointerView) -> None:
    lesson = insert_lesson([10, 20, 30], 25)
    store = next(m for m in lesson.models if m.line == "L5")
    view.show_model(store)
    arrow = view.arrow_item("list_insert.pp")
    assert arrow is not None and arrow.label == "*pp" and arrow.arrow.write
    node = view.struct_item("node:25")
    assert node is not None and node.tags == ["new node"]
    view.set_language("zh_CN")
    node = view.struct_item("node:25")
    assert node is not None and node.tags == ["新节点"]
    assert view.caption_text() == store.text["zh_CN"]


def test_clearing_the_view(view: PointerView, timeline: Timeline) -> None:
    view.show_model(moment(timeline, 2, "slot_found"))
    view.show_model(None)
    assert not view.box_items() and view.scene().items() == []
    assert view.model is None
    assert QPointF(0, 0) == view.scene().sceneRect().topLeft()


def test_the_columns_keep_still_when_the_callee_returns(
    view: PointerView, timeline: Timeline
) -> None:
    models = op_models(timeline, 4)
    i = find_step(models, "slot_found")
    rects = []
    for m in (models[i], models[i + 1], models[find_step(models, "link_node")]):
        view.show_model(m)
        rects.append(
            {k: view.box_item(k).rect for k in ("insert_vm_struct.rb_link", "find_vma_links.pprev")}  # type: ignore[union-attr]
        )
    assert rects[0] == rects[1] == rects[2]


# -- the lecture: large text, the frames and what their locals reach -----------------------------
def _lecture_models() -> list[PointerModel]:
    from vmastudio import resources
    from vmastudio.engine.scenario import load_scenario

    path = resources.path("lectures", "overlap-and-enomem.vmas")
    tl = Timeline(load_scenario(path))
    out: list[PointerModel] = []
    for k in range(1, len(tl.scenario.ops) + 1):
        out.extend(op_models(tl, k, "short"))
    return out


def test_the_lecture_draws_the_frames_and_only_the_structures_their_locals_reach(
    qtbot: QtBot,
) -> None:
    v = PointerView(theme="dark", address_style="short")
    qtbot.addWidget(v)
    v.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    v.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    v.resize(1920, 800)  # the lecture's stage at 1080p, under its caption bar
    v.show()
    v.set_lecture_mode(20)
    dropped = 0
    models = _lecture_models()
    assert len(models) > 20
    for m in models:
        v.show_model(m)
        assert v.text_px() >= 20 - 0.5
        frames = {r.key for r in m.regions if r.kind == "frame"}
        assert all(v.frame_item(k.split(":", 1)[1]) is not None for k in frames)
        region_of = {b.key: b.region for b in m.boxes}
        pointed = {
            region_of.get(a.dst, a.dst)
            for a in m.arrows
            if not a.gone and region_of.get(a.src) in frames
        }
        for r in m.regions:
            if r.kind in ("frame", "mm"):
                continue
            drawn = v.struct_item(r.key) is not None
            if r.parent is not None:  # a vm_rb: drawn with its VMA
                assert drawn == (v.struct_item(r.parent) is not None), r.key
                continue
            inner = {x.key for x in m.regions if x.parent == r.key}
            reached = r.key in pointed or bool(inner & pointed) or bool(r.roles)
            assert drawn == reached, r.key
            dropped += not drawn
        # What the step is about (the frames, the boxes written now) is on screen.
        seen = v.mapToScene(v.viewport().rect()).boundingRect()
        for key in frames:
            item = v.frame_item(key.split(":", 1)[1])
            assert item is not None
            head = item.rect
            assert seen.contains(head.topLeft()) and seen.contains(head.topRight())
        for box in v.box_items():
            if box.box.written:
                assert seen.contains(box.sceneBoundingRect()), box.box.key
    assert dropped > 0  # some structure only the heap reached was left out


def test_the_lecture_stacks_the_caller_above_its_callee(qtbot: QtBot) -> None:
    v = PointerView(theme="dark", address_style="short")
    qtbot.addWidget(v)
    v.resize(1920, 800)
    v.set_lecture_mode(20)
    m = next(m for m in _lecture_models() if sum(r.kind == "frame" for r in m.regions) == 2)
    v.show_model(m)
    caller, callee = v.frame_item("insert_vm_struct"), v.frame_item("find_vma_links")
    assert caller is not None and callee is not None
    a, b = caller.rect, callee.rect
    assert abs(a.left() - b.left()) < 0.5 and a.bottom() <= b.top()


def _crossings(v: PointerView) -> int:
    """Proper crossings between the segments of different arrows (shared ends aside)."""
    segs = [
        [QLineF(a.points[i], a.points[i + 1]) for i in range(len(a.points) - 1)]
        for a in v.arrow_items()
    ]
    n = 0
    for i, si in enumerate(segs):
        for sj in segs[i + 1 :]:
            for s in si:
                for t in sj:
                    kind, at = s.intersects(t)
                    if kind != QLineF.IntersectionType.BoundedIntersection:
                        continue
                    ends = (s.p1(), s.p2(), t.p1(), t.p2())
                    if min((at - q).manhattanLength() for q in ends) > 1:
                        n += 1
    return n


def test_loops_take_the_inner_lanes_so_the_lecture_wires_cross_less(qtbot: QtBot) -> None:
    v = PointerView(theme="dark", address_style="short")
    qtbot.addWidget(v)
    v.resize(1920, 800)
    v.set_lecture_mode(20)
    total = 0
    for m in _lecture_models():
        v.show_model(m)
        total += _crossings(v)
    # Measured: 398 with the loops beyond the label room, 150 with them innermost.
    assert total <= 160


def test_arrow_labels_sit_above_every_line_on_their_own_box(
    view: PointerView, timeline: Timeline
) -> None:
    from vmastudio.view.pointer.pointer_arrow_item import ArrowLabelItem

    view.show_model(moment(timeline, 4, "slot_found", 1))
    labelled = [a for a in view.arrow_items() if not a.label_rect().isEmpty()]
    assert labelled
    boxes = [i for i in view.scene().items() if isinstance(i, ArrowLabelItem)]
    assert {b.arrow for b in boxes} == set(labelled)
    top_line = max(a.zValue() for a in view.arrow_items())
    assert all(b.zValue() > top_line for b in boxes)
    assert all(b.boundingRect().contains(b.arrow.label_rect()) for b in boxes)
