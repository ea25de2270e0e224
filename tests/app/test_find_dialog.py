"""Edit ▸ Find VMA: typing lists the matches, Enter and double-click choose one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from vmastudio.app.find_dialog import DEBOUNCE_MS, MAX_SHOWN, SETTINGS_KEY, FindVmaDialog
from vmastudio.app.i18n import TRANSLATIONS
from vmastudio.engine.maps import read_maps_file
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.engine.search import describe
from vmastudio.engine.snapshot import Snapshot, snapshot_of
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import VM_EXEC, VM_READ

BASH_MAPS = Path(__file__).resolve().parents[2] / "resources" / "examples" / "bash.maps"
LIBC_TEXT = 0x7F470A822000
HEAP = 0x5647F40F9000
STACK = 0x7FFF0E636000


@pytest.fixture(autouse=True)
def english() -> None:
    """The texts below are the English ones (another test may have left Chinese on)."""
    TRANSLATIONS.install("en")


@pytest.fixture(scope="module")
def bash() -> Snapshot:
    timeline = Timeline(read_maps_file(BASH_MAPS).scenario)
    return snapshot_of(timeline.state(len(timeline)))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make(qtbot: QtBot, snap: Snapshot, settings: QSettings) -> FindVmaDialog:
    dialog = FindVmaDialog(lambda: snap, None, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def widgets(dialog: FindVmaDialog) -> tuple[QLineEdit, QListWidget, QLabel]:
    edit = dialog.findChild(QLineEdit, "find_query")
    results = dialog.findChild(QListWidget, "find_results")
    status = dialog.findChild(QLabel, "find_status")
    assert edit is not None and results is not None and status is not None
    return edit, results, status


def listed(results: QListWidget) -> list[int]:
    """The ids of the listed VMAs, in list order."""
    return [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]


def ids(snap: Snapshot, *starts: int) -> list[int]:
    """The ids of the VMAs of ``snap`` starting at ``starts`` (the dialog speaks of ids)."""
    found = [snap.by_start(start) for start in starts]
    assert None not in found
    return found  # type: ignore[return-value]


def by_address(snap: Snapshot, keys: Iterable[int]) -> list[int]:
    return sorted(keys, key=lambda key: snap.nodes[key].start)


def type_query(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_typing_lists_the_matching_vmas_after_a_pause(
    qtbot: QtBot, bash: Snapshot, settings: QSettings
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, status = widgets(dialog)
    type_query(qtbot, edit, "libc")
    assert results.count() == 0  # debounced: nothing yet
    libc = by_address(bash, (s for s, n in bash.nodes.items() if n.file and "libc.so" in n.file))
    qtbot.waitUntil(lambda: listed(results) == libc, timeout=DEBOUNCE_MS * 20)
    assert [results.item(i).text() for i in range(results.count())] == [
        describe(bash.nodes[s]) for s in libc
    ]
    assert status.text() == "5 matches"
    assert results.currentRow() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[heap]", [HEAP]),
        ("[stack]", [STACK]),
        ("growsdown", [STACK]),
        ("r--s", [0x7F470AA12000]),
    ],
)
def test_names_and_flags(
    qtbot: QtBot, bash: Snapshot, settings: QSettings, text: str, expected: list[int]
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, status = widgets(dialog)
    edit.setText(text)
    dialog.search_now()
    assert listed(results) == ids(bash, *expected)
    assert status.text() == "1 match"


def test_permissions_list_every_executable_mapping(
    qtbot: QtBot, bash: Snapshot, settings: QSettings
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, status = widgets(dialog)
    edit.setText("r-x")
    dialog.search_now()
    expected = by_address(bash, (s for s, n in bash.nodes.items() if n.flags & VM_EXEC))
    assert listed(results) == expected
    assert status.text() == f"{len(expected)} matches"
    assert all(results.item(i).text().split()[1] == "r-xp" for i in range(results.count()))


def test_enter_emits_the_chosen_start_and_the_dialog_stays(
    qtbot: QtBot, bash: Snapshot, settings: QSettings
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, _ = widgets(dialog)
    edit.setFocus()
    type_query(qtbot, edit, "libc")
    # Enter searches at once, without waiting for the pause, and picks the first match.
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == ids(bash, 0x7F470A7FC000)
    assert dialog.isVisible()
    # Down moves the selection; Enter then goes to that one.
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert results.currentRow() == 1
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == ids(bash, LIBC_TEXT)
    assert dialog.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert results.currentRow() == 0
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert results.currentRow() == results.count() - 1
    # Enter in the list goes to its current row.
    results.setFocus()
    results.setCurrentRow(3)
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        qtbot.keyClick(results, Qt.Key.Key_Return)
    assert blocker.args == [listed(results)[3]]
    assert dialog.isVisible()


def test_enter_emits_exactly_once(qtbot: QtBot, bash: Snapshot, settings: QSettings) -> None:
    dialog = make(qtbot, bash, settings)
    edit, _, _ = widgets(dialog)
    chosen: list[object] = []
    dialog.vma_chosen.connect(chosen.append)
    edit.setText("[heap]")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.wait(300)  # longer than a default button's animated click
    assert chosen == ids(bash, HEAP)


def test_an_address_goes_to_find_vma_s_answer(
    qtbot: QtBot, bash: Snapshot, settings: QSettings
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, status = widgets(dialog)
    edit.setText(f"0x{HEAP + 0x123:x}")
    dialog.search_now()
    assert listed(results) == ids(bash, HEAP)
    assert "lies in" in status.text()
    # The end of the heap is in a gap: find_vma returns the VMA above it.
    edit.setText(f"{bash.nodes[ids(bash, HEAP)[0]].end:x}")
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        dialog.go_button.click()
    assert blocker.args == ids(bash, 0x7F470A718000)
    assert "in no VMA" in status.text()
    edit.setText("0x7fffffffffff")
    dialog.search_now()
    assert results.count() == 0
    assert status.text() == "No VMA at or above 0x7fffffffffff"
    assert not dialog.go_button.isEnabled()


def test_a_64_bit_address_survives_the_signal(qtbot: QtBot, settings: QSettings) -> None:
    start = 0x7FFF_FFFF_0000
    spec = VmaSpec(start, start + 0x1000, VM_READ)
    snap = snapshot_of(Timeline(Scenario(ops=[OpSpec("insert", vma=spec)])).mm)
    dialog = make(qtbot, snap, settings)
    edit, results, _ = widgets(dialog)
    edit.setText("0x0")
    dialog.search_now()
    item = results.item(0)
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        results.itemDoubleClicked.emit(item)
    assert blocker.args == ids(snap, start)
    assert type(blocker.args[0]) is int
    assert snap.nodes[blocker.args[0]].start == start


def test_double_click_chooses_that_row(qtbot: QtBot, bash: Snapshot, settings: QSettings) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, _ = widgets(dialog)
    edit.setText("libc")
    dialog.search_now()
    rect = results.visualItemRect(results.item(2))
    # QTest's double-click needs the press of a first click to land on the same row.
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dialog.vma_chosen, timeout=1000) as blocker:
        qtbot.mouseDClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [listed(results)[2]]
    assert results.currentRow() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type an address, flags or a file name."),
        ("   ", "Type an address, flags or a file name."),
        ("VM_BOGUS", "Unknown flag VM_BOGUS."),
        ("0x1" + "0" * 16, "0x10000000000000000 does not fit in a 64-bit address."),
        ("no-such-thing", "No matches"),
    ],
)
def test_problems_are_reported_in_the_status(
    qtbot: QtBot, bash: Snapshot, settings: QSettings, text: str, message: str
) -> None:
    dialog = make(qtbot, bash, settings)
    edit, results, status = widgets(dialog)
    edit.setText(text)
    dialog.search_now()
    assert status.text() == message
    assert results.count() == 0
    go = dialog.findChild(QPushButton, "find_go")
    assert go is not None and not go.isEnabled()
    with qtbot.assertNotEmitted(dialog.vma_chosen):
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_large_result_is_capped(qtbot: QtBot, settings: QSettings) -> None:
    n = 2000
    ops = [
        OpSpec("insert", vma=VmaSpec(0x400000 + i * 0x2000, 0x401000 + i * 0x2000, VM_READ))
        for i in range(n)
    ]
    snap = Timeline(Scenario(ops=ops), record=False, summaries=False).snapshot(n)
    dialog = make(qtbot, snap, settings)
    edit, results, status = widgets(dialog)
    edit.setText("VM_READ")
    dialog.search_now()
    assert results.count() == MAX_SHOWN == 1000
    assert listed(results) == by_address(snap, snap.nodes)[:MAX_SHOWN]
    assert status.text() == "2,000 matches, showing the first 1,000 of 2,000"


def test_the_search_follows_the_snapshot(qtbot: QtBot, settings: QSettings) -> None:
    timeline = Timeline(
        Scenario(
            ops=[
                OpSpec("insert", vma=VmaSpec(0x10000, 0x11000, VM_READ | VM_EXEC)),
                OpSpec("insert", vma=VmaSpec(0x20000, 0x21000, VM_READ | VM_EXEC)),
            ]
        )
    )
    current = {"k": 1}
    dialog = FindVmaDialog(lambda: timeline.snapshot(current["k"]), None, settings)
    qtbot.addWidget(dialog)
    edit, results, _ = widgets(dialog)
    edit.setText("r-x")
    dialog.search_now()
    assert listed(results) == ids(timeline.snapshot(1), 0x10000)
    current["k"] = 2
    dialog.refresh()
    assert listed(results) == ids(timeline.snapshot(2), 0x10000, 0x20000)


def test_the_last_query_is_remembered(qtbot: QtBot, bash: Snapshot, settings: QSettings) -> None:
    dialog = make(qtbot, bash, settings)
    edit, _, _ = widgets(dialog)
    type_query(qtbot, edit, "[stack]")
    qtbot.waitUntil(lambda: settings.value(SETTINGS_KEY) == "[stack]", timeout=DEBOUNCE_MS * 20)
    dialog.close()
    again = make(qtbot, bash, settings)
    edit, results, _ = widgets(again)
    assert edit.text() == "[stack]"
    assert edit.selectedText() == "[stack]"  # typing replaces it
    assert listed(results) == ids(bash, STACK)


def test_the_default_settings_are_used_without_an_argument(qtbot: QtBot, bash: Snapshot) -> None:
    dialog = FindVmaDialog(lambda: bash)
    qtbot.addWidget(dialog)
    edit, _, _ = widgets(dialog)
    edit.setText("[heap]")
    dialog.search_now()
    assert QSettings().value(SETTINGS_KEY) == "[heap]"
    QSettings().remove(SETTINGS_KEY)


def test_the_query_explains_its_syntax(qtbot: QtBot, bash: Snapshot, settings: QSettings) -> None:
    dialog = make(qtbot, bash, settings)
    edit, _, _ = widgets(dialog)
    for word in ("0x7f12a000", "VM_EXEC", "r-x", "[heap]"):
        assert word in edit.toolTip()
    assert "0x" in edit.placeholderText() and "libc" in edit.placeholderText()
    assert not dialog.isModal()


def test_the_query_hint_is_never_cut(qtbot: QtBot, bash: Snapshot, settings: QSettings) -> None:
    dialog = make(qtbot, bash, settings)
    edit, _, _ = widgets(dialog)
    edit.clear()
    hint = edit.placeholderText()
    assert hint and edit.width() >= edit.fontMetrics().horizontalAdvance(hint)
