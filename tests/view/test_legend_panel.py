"""The legend follows the document's step, and builds its rows once per step shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from vmastudio.model.document import Document
from vmastudio.view.panels.legend_panel import LegendPanel


def _rows(panel: LegendPanel) -> list[str]:
    lst = panel._list
    return [lst.item(i).text() for i in range(lst.count())]


def test_the_legend_names_the_steps_roles_first_and_rebuilds_only_for_a_new_step(
    qtbot: QtBot,
) -> None:
    doc = Document()
    panel = LegendPanel()
    qtbot.addWidget(panel)
    first_item = panel._list.item(0)
    panel.bind(doc)  # the empty document's state is what the panel already shows
    assert panel._list.item(0) is first_item
    doc.load_demo()
    step = doc.current_step()
    assert step is not None and step.roles
    rebuilt = panel._list.item(0)
    assert rebuilt is not first_item
    # The step's roles lead the role rows (after the two node swatches), in bold.
    role_rows = [panel._list.item(i) for i in range(2, 2 + len(set(step.roles)))]
    assert all(item.font().bold() for item in role_rows)
    before = _rows(panel)
    panel.show_step(step)  # the same step again: nothing to redo
    assert panel._list.item(0) is rebuilt and _rows(panel) == before
    doc.step_forward()
    assert doc.current_step() is not step
    assert panel._list.item(0) is not rebuilt
