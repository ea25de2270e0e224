"""4.19 and 6.12 side by side: two drawings of one scenario, op by op; a 6.12 file opens
there; the maple drawing shows what the 6.12 engine's steps say."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from vmastudio.app.main_window import MainWindow
from vmastudio.app.side_by_side import SideBySideWindow
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.scenario import load_scenario

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def test_both_sides_follow_one_op_and_step_on_their_own(qtbot: QtBot) -> None:
    window = SideBySideWindow(demo_scenario())
    qtbot.addWidget(window)
    window.show_op(5)
    assert window.document is not None and window.document.op == 5
    frames = window.frames()
    assert frames is not None and frames.outcome.store_type == "wr_node_store"
    # The maple drawing holds exactly the live nodes of the state before the op.
    assert {i.node.nid for i in window.maple_scene.node_items()} == {
        n.nid for n in frames.before.nodes
    }
    # Step the 6.12 side to its write walk: the leaf and the offset are highlighted.
    walk = next(i for i, s in enumerate(frames.steps) if s.kind == "wr_walk")
    window.step_612(walk)
    step = frames.steps[walk]
    item = window.maple_scene.node_item(step.roles["node"])
    assert item is not None and "node" in item.roles and item.offset == step.roles["offset"]
    assert window.sentence612.text() == step.text["en"]
    # The 4.19 side has not moved; stepping it moves only it.
    assert window.document.step == 0
    window.step_419(3)
    assert window.document.step == 3 and window.step612 == walk
    window.step_both()
    assert (window.document.step, window.step612) == (4, walk + 1)
    assert "op 5 / 9" in window.position_label.text()
    window.show_op(6)
    assert (window.document.op, window.document.step, window.step612) == (6, 0, 0)


def test_a_scenario_with_6_12_only_ops_has_only_the_maple_side(qtbot: QtBot) -> None:
    window = SideBySideWindow(load_scenario(GOLDEN / "maple612_grow_shrink.vmas"))
    qtbot.addWidget(window)
    assert window.document is None and window.view419 is None
    expected = json.loads((GOLDEN / "maple612_grow_shrink.expected.json").read_text())["ops"]
    # Op 13 splits with a push to the left: the drawn state after it is the golden tree.
    window.show_op(13)
    frames = window.frames()
    assert frames is not None
    window.step_612(len(frames.steps))
    drawn = window.maple_scene.node_items()
    golden = expected[12]["maple"]["nodes"]
    assert len(drawn) == len(golden)
    assert sorted((i.node.min, i.node.max, i.node.end) for i in drawn) == sorted(
        (n["min"], n["max"], n["end"]) for n in golden
    )


def test_opening_a_6_12_file_opens_the_side_by_side_window(qtbot: QtBot, tmp_path: Path) -> None:
    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.document.load_demo()
    main.document.undo_stack.setClean()
    ops_before = main.document.op_count()
    assert main.open_file(str(GOLDEN / "maple612_touching.vmas"), ask=False)
    side = main.findChild(SideBySideWindow)
    assert side is not None and len(side.timeline612) > 0
    # The 4.x document is untouched.
    assert main.document.op_count() == ops_before
    # Ctrl+K opens the window's own scenario side by side too.
    main.side_by_side_action.trigger()
    assert main.side_by_side.document is not None
    assert main.side_by_side.document.op_count() == ops_before


def test_a_long_vma_name_is_elided_in_its_slot_and_the_tip_names_it_whole(qtbot: QtBot) -> None:
    """A maple leaf shows a name longer than its cell with an ellipsis (not cut mid-letter
    at the cell's edge) and its tooltip lists the leaf's VMAs by their whole names."""
    from PySide6.QtGui import QFontMetrics

    from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec

    long = "libsomething-with-a-very-long-name.so.1.2.3"
    scenario = Scenario(
        initial=[VmaSpec(0x400000, 0x401000, name=long)],
        ops=[OpSpec("insert", vma=VmaSpec(0x500000, 0x501000))],
        maple=True,
    )
    window = SideBySideWindow(scenario)
    qtbot.addWidget(window)
    item = next(i for i in window.maple_scene.node_items() if i.node.is_leaf)
    assert long in item.toolTip()
    offset = item.node.slots.index(0x400000)
    metrics = QFontMetrics(window.maple_scene.theme.small)  # the slot row's font
    label = item.slot_label(offset, metrics)
    assert label.endswith("…") and long.startswith(label[:-1]), label
    assert metrics.horizontalAdvance(label) <= item.slot_rect(offset).width()
    # A short name and NULL are shown whole.
    null = item.node.slots.index(None)
    assert item.slot_label(null, metrics) == "NULL"
