"""The steps panel lays out a window of op rows around the cursor, never one row per op
of a huge document (a 1,000,000-op file stalled the window for seconds)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.model.document import Document
from vmastudio.view.panels.steps_panel import MAX_ROWS, StepsPanel

K = 0x1000


def test_a_huge_document_lays_out_a_window_of_rows_that_follows_the_cursor(
    qtbot: QtBot,
) -> None:
    n = MAX_ROWS * 3
    ops = [OpSpec("insert", vma=VmaSpec((2 * i + 16) * K, (2 * i + 17) * K)) for i in range(n)]
    doc = Document()
    doc.load_scenario(Scenario(ops=ops))
    panel = StepsPanel(doc)
    qtbot.addWidget(panel)
    tree = panel.tree()
    assert tree.topLevelItemCount() <= MAX_ROWS + 2
    assert panel.op_item(1) is not None and panel.op_item(n) is None
    doc.set_position(n - 10, 0)
    item = panel.op_item(n - 10)
    assert item is not None and tree.currentItem() is item.child(0)
    assert tree.topLevelItemCount() <= MAX_ROWS + 2
    assert panel.op_item(1) is None
    # The row standing for what is left out goes to the nearest op left out.
    first = tree.topLevelItem(0)
    assert first is not None and "…" in first.text(0)
    with qtbot.waitSignal(panel.position_requested) as blocker:
        tree.itemClicked.emit(first, 0)
    shown_first = next(k for k in range(n + 1) if panel.op_item(k) is not None)
    assert blocker.args == [shown_first - 1, 0]


def test_a_small_document_has_a_row_per_op(qtbot: QtBot) -> None:
    doc = Document()
    doc.load_demo()
    panel = StepsPanel(doc)
    qtbot.addWidget(panel)
    assert panel.tree().topLevelItemCount() == doc.op_count() + 1
    assert all(panel.op_item(k) is not None for k in range(doc.op_count() + 1))
