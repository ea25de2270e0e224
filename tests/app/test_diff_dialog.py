"""File ▸ Refresh process: the diff drawn as a strip and listed as a table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app.diff_dialog import (
    FIELDS_COL,
    KIND_COL,
    RANGE_COL,
    DiffDialog,
    DiffStrip,
)
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.processes import MapsDiff, VmaChange, final_vmas, maps_diff
from vmastudio.engine.scenario import VmaSpec
from vmastudio.model.document import imported

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
OLD_TEXT = (EXAMPLES / "bash.maps").read_text(encoding="utf-8")

HEAP = 0x5647F40F9000  # grows to 0x5647f41f2000
ANON = 0x7F470A718000  # shrinks to 0x7f470a760000
BSS = 0x5647C054D000  # rw-p → r--p
LC_TIME = 0x7F470A7F1000  # dropped
LC_MEASUREMENT = 0x7F470AA11000  # dropped
NEW = 0x7F4709000000  # a new mapping in the gap below ANON


def second_read(text: str) -> str:
    """bash.maps a moment later: two lines gone, one grown, one shrunk, one new, one
    re-protected."""
    out: list[str] = []
    for line in text.splitlines():
        if "LC_TIME" in line or "LC_MEASUREMENT" in line:
            continue
        if line.startswith("5647f40f9000-5647f41b1000"):
            line = line.replace("5647f41b1000", "5647f41f2000")
        elif line.startswith("7f470a718000-7f470a799000"):
            line = line.replace("7f470a799000", "7f470a760000")
            out.append("7f4709000000-7f4709021000 rw-p 00000000 00:00 0 ")
        elif line.startswith("5647c054d000-5647c0558000 rw-p"):
            line = line.replace("rw-p", "r--p")
        out.append(line)
    return "\n".join(out) + "\n"


NEW_TEXT = second_read(OLD_TEXT)


@pytest.fixture
def diff() -> MapsDiff:
    return maps_diff(parse_maps(OLD_TEXT).scenario, parse_maps(NEW_TEXT).scenario)


@pytest.fixture
def old_vmas() -> list[VmaSpec]:
    return list(final_vmas(parse_maps(OLD_TEXT).scenario).values())


@pytest.fixture
def dialog(qtbot: QtBot, diff: MapsDiff, old_vmas: list[VmaSpec]) -> DiffDialog:
    d = DiffDialog(diff, 4242, vmas=old_vmas)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


EXPECTED = [
    ("changed", BSS),
    ("grown", HEAP),
    ("added", NEW),
    ("shrunk", ANON),
    ("removed", LC_TIME),
    ("removed", LC_MEASUREMENT),
]


def test_the_edited_read_makes_the_diff_the_tests_expect(diff: MapsDiff) -> None:
    assert [v.start for v in diff.added] == [NEW]
    assert [v.start for v in diff.removed] == [LC_TIME, LC_MEASUREMENT]
    assert [c.start for c in diff.grown] == [HEAP]
    assert [c.start for c in diff.shrunk] == [ANON]
    assert [c.start for c in diff.changed] == [BSS]
    assert diff.changed[0].fields() == ["flags"]


def test_the_table_lists_exactly_the_changes(dialog: DiffDialog, diff: MapsDiff) -> None:
    assert dialog.windowTitle() == "What changed in process 4242"
    assert dialog.table.objectName() == "diff_table"
    assert dialog.rows() == EXPECTED  # sorted by range
    texts = {
        dialog.rows()[i][1]: [dialog.table.topLevelItem(i).text(c) for c in range(5)]
        for i in range(dialog.table.topLevelItemCount())
    }
    assert texts[HEAP][KIND_COL] == "Grown"
    assert texts[HEAP][RANGE_COL] == "[5647f40f9000, 5647f41b1000 → 5647f41f2000)"
    assert texts[HEAP][2].startswith("+260 KiB")
    assert texts[HEAP][3] == "[heap]"
    assert texts[ANON][RANGE_COL] == "[7f470a718000, 7f470a799000 → 7f470a760000)"
    assert texts[ANON][2].startswith("−")
    assert texts[NEW][RANGE_COL] == "[7f4709000000, 7f4709021000)"
    assert texts[NEW][2] == "+132 KiB"
    assert texts[LC_TIME][KIND_COL] == "Removed" and texts[LC_TIME][3] == "LC_TIME"
    assert texts[BSS][KIND_COL] == "Changed"
    assert texts[BSS][FIELDS_COL] == "flags rw-p → r--p"
    # Every row is coloured by its kind, and sorting by kind groups them.
    colours = {dialog.table.topLevelItem(i).foreground(KIND_COL).color().name() for i in range(6)}
    assert len(colours) == 4  # grown and shrunk share amber
    dialog.table.sortByColumn(KIND_COL, Qt.SortOrder.AscendingOrder)
    assert [kind for kind, _start in dialog.rows()] == [
        "added",
        "removed",
        "removed",
        "grown",
        "shrunk",
        "changed",
    ]
    assert dialog.table.isSortingEnabled()


def test_the_summary_counts_and_the_append_button(dialog: DiffDialog, diff: MapsDiff) -> None:
    text = dialog.summary_label.text()
    assert "1 added, 2 removed, 1 grown, 1 shrunk, 1 changed" in text
    assert f"{diff.unchanged} unchanged" in text and diff.unchanged == 38
    button = dialog.append_button
    assert button.objectName() == "append_ops" and button.isEnabled() and button.isDefault()
    assert "undo step" in button.toolTip() and "step through" in button.toolTip()
    assert str(len(diff.as_ops())) in dialog.hint_label.text()


def test_the_strip_draws_every_change_with_its_kind(dialog: DiffDialog, diff: MapsDiff) -> None:
    pieces = dialog.strip.pieces()
    changes = [(s, e, k) for s, e, k in pieces if k != "unchanged"]
    assert changes == [
        (BSS, 0x5647C0558000, "changed"),
        (HEAP, 0x5647F41F2000, "grown"),
        (NEW, 0x7F4709021000, "added"),
        (ANON, 0x7F470A799000, "shrunk"),  # drawn to the larger (old) end
        (LC_TIME, 0x7F470A7F2000, "removed"),
        (LC_MEASUREMENT, 0x7F470AA12000, "removed"),
    ]
    unchanged = [p for p in pieces if p[2] == "unchanged"]
    assert len(unchanged) == diff.unchanged
    assert [p[0] for p in pieces] == sorted(p[0] for p in pieces)
    strip = dialog.strip
    assert strip.address_range() == (0x5647C0418000, 0x7FFF0E657000)
    # Every piece is visible, in address order, and what is drawn there is that piece.
    lefts = []
    for start, _end, kind in pieces:
        rect = strip.piece_rect(start)
        assert rect.width() >= 1.0 and strip.bar_rect().contains(rect.center())
        assert strip.piece_at(rect.center().x()) == (start, _end, kind)
        lefts.append(rect.left())
    assert lefts == sorted(lefts)
    tip = strip.tooltip_at(strip.piece_rect(HEAP).center().x())
    assert tip.splitlines()[0] == "Grown: [5647f40f9000, 5647f41b1000 → 5647f41f2000)"
    assert "[heap]" in tip
    tip = strip.tooltip_at(strip.piece_rect(BSS).center().x())
    assert "Changed" in tip and "rw-p → r--p" in tip
    # Between the program and the heap: an unmapped gap, said as such.
    gap_x = (strip.x_of(0x5647C0558000) + strip.x_of(HEAP)) / 2
    assert strip.piece_at(gap_x) is None
    assert strip.tooltip_at(gap_x).startswith("Unmapped: [5647c0558000, 5647f40f9000)")


def test_selecting_a_row_highlights_its_piece_and_clicking_a_piece_selects_its_row(
    dialog: DiffDialog, qtbot: QtBot
) -> None:
    strip = dialog.strip
    clicked: list[int] = []
    strip.vma_clicked.connect(clicked.append)
    dialog.select_start(ANON)
    assert strip.selected() == ANON and dialog.selected_start() == ANON
    for start in (LC_TIME, HEAP, NEW):
        point = strip.piece_rect(start).center().toPoint()
        QTest.mouseClick(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        assert clicked[-1] == start
        assert dialog.selected_start() == start and strip.selected() == start
        current = dialog.table.currentItem()
        assert current is not None and current.isSelected()
    # An unchanged VMA has no row: the table selection clears, the strip shows it.
    point = strip.piece_rect(0x5647C0418000).center().toPoint()
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert dialog.selected_start() is None and strip.selected() == 0x5647C0418000
    # Outside the bar: nothing.
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, 2))
    assert clicked[-1] == 0x5647C0418000
    assert not strip.grab().isNull()


def test_the_buttons_accept_and_close(dialog: DiffDialog) -> None:
    dialog.append_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.show()
    assert dialog.close_button is not None
    dialog.close_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_an_empty_diff_says_nothing_changed_and_cannot_be_appended(
    qtbot: QtBot, old_vmas: list[VmaSpec]
) -> None:
    empty = maps_diff(parse_maps(OLD_TEXT).scenario, parse_maps(OLD_TEXT).scenario)
    assert not empty
    d = DiffDialog(empty, 7, vmas=old_vmas)
    qtbot.addWidget(d)
    assert "Nothing changed" in d.summary_label.text()
    assert not d.append_button.isEnabled()
    assert d.table.topLevelItemCount() == 0
    assert {k for _s, _e, k in d.strip.pieces()} == {"unchanged"}
    assert not d.grab().isNull()
    bare = DiffDialog(MapsDiff(), 8)  # not even the VMAs: an empty bar
    qtbot.addWidget(bare)
    assert bare.strip.pieces() == [] and not bare.grab().isNull()


def test_a_large_space_paints_and_lists_only_the_changes(qtbot: QtBot) -> None:
    base = 0x10000000
    old = [VmaSpec(base + i * 0x2000, base + i * 0x2000 + 0x1000) for i in range(65_532)]
    grown = VmaChange(old[30_000], VmaSpec(old[30_000].start, old[30_000].end + 0x1000))
    added = VmaSpec(old[-1].end + 0x10000, old[-1].end + 0x11000)
    diff = MapsDiff(added=[added], removed=[old[100]], grown=[grown], unchanged=65_530)
    d = DiffDialog(diff, 99, vmas=old)
    qtbot.addWidget(d)
    d.resize(1000, 600)
    d.show()
    qtbot.waitExposed(d)
    assert d.table.topLevelItemCount() == 3
    strip = d.strip
    pieces = strip.pieces()
    assert sum(1 for p in pieces if p[2] == "unchanged") == 65_530
    image = strip.grab().toImage()
    assert not image.isNull()
    # The added VMA is a sliver on this scale, but drawn (at least 3 px, in green).
    rect = strip.piece_rect(added.start)
    assert rect.width() >= 3.0
    colour = image.pixelColor(rect.center().toPoint())
    assert colour.green() > colour.red() and colour.green() > colour.blue()
    point = strip.piece_rect(grown.start).center().toPoint()
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert d.selected_start() == grown.start
    assert "unchanged" in strip.tooltip_at(strip.bar_rect().left() + 5).lower()
    assert isinstance(strip, DiffStrip)


# -- the window ------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.document.load_scenario(imported(parse_maps(OLD_TEXT).scenario))
    w.document.source_pid = 4242
    w.refresh_action.setEnabled(True)
    proc = tmp_path / "proc"
    (proc / "4242").mkdir(parents=True)
    (proc / "4242" / "maps").write_text(NEW_TEXT, encoding="utf-8")
    (proc / "4242" / "comm").write_text("bash\n", encoding="utf-8")
    from vmastudio.app import process_dialog

    real = process_dialog.refresh_document
    monkeypatch.setattr(
        process_dialog, "refresh_document", lambda doc, pid: real(doc, pid, str(proc))
    )
    yield w


def answer_with(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, code: QDialog.DialogCode
) -> list[DiffDialog]:
    """Make the window's diff dialogs answer ``code`` at once (no modal loop)."""
    seen: list[DiffDialog] = []
    real = window.make_diff_dialog

    def make(diff: MapsDiff, pid: int) -> DiffDialog:
        dialog = real(diff, pid)
        monkeypatch.setattr(dialog, "exec", lambda: int(code))
        seen.append(dialog)
        return dialog

    monkeypatch.setattr(window, "make_diff_dialog", make)
    return seen


def test_refresh_shows_the_diff_and_appends_it_when_accepted(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = answer_with(window, monkeypatch, QDialog.DialogCode.Accepted)
    said: list[str] = []
    monkeypatch.setattr(window, "_error", said.append)
    before = window.document.op_count()
    window.refresh_action.trigger()
    assert said == [] and len(seen) == 1
    dialog = seen[0]
    assert dialog.windowTitle() == "What changed in process 4242"
    assert dialog.rows() == EXPECTED
    # The strip knows every VMA of the document: the unchanged ones are drawn grey.
    unchanged = [p for p in dialog.strip.pieces() if p[2] == "unchanged"]
    assert len(unchanged) == dialog.diff().unchanged == 38
    ops = len(dialog.diff().as_ops())
    assert window.document.op_count() == before + ops
    assert window.document.op == before + 1  # the replay starts at the first new op
    window.document.undo_stack.undo()  # one undo step
    assert window.document.op_count() == before
    # Redo, then refresh again: nothing changed, so no dialog, a status message.
    window.document.undo_stack.redo()
    window.refresh_action.trigger()
    assert len(seen) == 1
    assert "No change" in window.statusBar().currentMessage()


def test_refresh_closed_without_appending_leaves_the_document(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = answer_with(window, monkeypatch, QDialog.DialogCode.Rejected)
    before = window.document.scenario.dumps()
    count = window.document.op_count()
    window.refresh_action.trigger()
    assert len(seen) == 1 and seen[0].append_button.isEnabled()
    assert window.document.op_count() == count
    assert window.document.scenario.dumps() == before
