"""The window with real address spaces (issue 9): replay order of imports, a large space
opened as a bulk load and drawn virtually, Find VMA, the aggregated drawing's tooltips."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio import resources
from vmastudio.app.i18n import TRANSLATIONS
from vmastudio.app.import_order import SETTINGS_KEY
from vmastudio.app.main_window import MainWindow
from vmastudio.engine.maps import parse_maps
from vmastudio.engine.scenario import VmaSpec
from vmastudio.engine.search import snapshot_find_vma
from vmastudio.engine.snapshot import Snapshot
from vmastudio.engine.vma import PAGE_SIZE
from vmastudio.view.scene import VIRTUAL_MIN

P = PAGE_SIZE


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("import/kernel", "4.x")  # these tests import into the 4.x window
    return s


@pytest.fixture
def window(
    qtbot: QtBot, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    TRANSLATIONS.install("en")
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w


def bash_maps(tmp_path: Path) -> Path:
    path = tmp_path / "bash.maps"
    path.write_text(resources.read_text("examples", "bash.maps"), encoding="utf-8")
    return path


def big_maps(tmp_path: Path, n: int) -> Path:
    """A maps text of ``n`` VMAs, written like /proc/PID/maps."""
    rng = random.Random(4)
    lines = []
    addr = 0x55550000
    for i in range(n):
        size = rng.choice((1, 2, 8)) * P
        name = ("/usr/lib/libc.so.6", "[heap]", "")[i % 3]
        perms = ("r-xp", "rw-p", "r--p")[i % 3]
        lines.append(f"{addr:x}-{addr + size:x} {perms} 00000000 00:00 0 {name}".rstrip())
        addr += size + rng.choice((0, P, 16 * P))
    path = tmp_path / "big.maps"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def starts_of(snap: Snapshot) -> list[int]:
    """The ``vm_start`` of every VMA of ``snap``, in address order."""
    return sorted(node.start for node in snap.nodes.values())


def keys_of(snap: Snapshot) -> list[int]:
    """The id of every VMA of ``snap``, in address order."""
    return sorted(snap.nodes, key=lambda key: snap.nodes[key].start)


def test_the_import_order_is_a_remembered_choice(
    window: MainWindow, settings: QSettings, tmp_path: Path
) -> None:
    menu = window.import_order_menu
    assert menu.order() is None  # automatic by default
    path = bash_maps(tmp_path)
    expected = sorted(
        op.vma.start for op in parse_maps(path.read_text()).scenario.ops if op.vma is not None
    )
    # Automatic on a small space: one traced insert per VMA, in address order.
    assert window.open_file(str(path), ask=False)
    d = window.document
    assert d.op_count() == len(expected)
    assert [op.vma.start for op in d.scenario.ops] == expected  # type: ignore[union-attr]
    # Reverse: the highest VMA first.
    window.findChild(type(menu.actions()[0]), "import_order_reverse").trigger()
    assert settings.value(SETTINGS_KEY) == "reverse"
    assert window.open_file(str(path), ask=False)
    assert [op.vma.start for op in d.scenario.ops] == expected[::-1]  # type: ignore[union-attr]
    # All at once: no op, the whole space is the initial state; the next insert is op 1.
    menu.set_order("bulk")
    assert window.open_file(str(path), ask=False)
    assert d.op_count() == 0
    assert starts_of(d.state(0)) == expected
    assert "bash.maps" in window.windowTitle()
    # A new window reads the choice back.
    again = MainWindow(settings)
    try:
        assert again.import_order_menu.order() == "bulk"
    finally:
        again.close()


def test_a_large_maps_file_opens_as_a_bulk_load_in_a_virtual_scene(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    n = VIRTUAL_MIN + 700
    assert window.open_file(str(big_maps(tmp_path, n)), ask=False)
    d = window.document
    assert d.op_count() == 0
    assert len(d.current_snapshot().nodes) == n
    scene = window.scene
    assert scene.virtual
    window.view.fit()
    window.view.viewport().grab()
    assert scene.lod_active()
    assert scene.live_count() < 20
    # Insert into a gap: traced as op 1, drawn with its roles, at a readable zoom.
    snap = d.current_snapshot()
    keys = keys_of(snap)
    a = next(x for x, y in itertools.pairwise(keys) if snap.nodes[x].end + P < snap.nodes[y].start)
    addr = snap.nodes[a].end
    window.go_to(hex(addr))
    d.insert(VmaSpec(addr, addr + P))
    qtbot.waitUntil(lambda: d.op == 1)
    window.view.viewport().grab()
    assert not scene.lod_active()
    assert scene.highlighted()  # the first step's roles are drawn
    assert scene.focus_rect().isValid()


def test_find_vma_lists_matches_and_shows_the_chosen_one(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    window.import_order_menu.set_order("bulk")
    assert window.open_file(str(bash_maps(tmp_path)), ask=False)
    window.find_action.trigger()
    dialog = window.find_dialog
    assert dialog is not None and dialog.isVisible()
    edit = dialog.findChild(QLineEdit, "find_query")
    assert isinstance(edit, QLineEdit)
    edit.setText("[heap]")
    dialog.search_now()
    starts = dialog.result_starts()
    snap = window.document.current_snapshot()
    assert starts == [s for s in keys_of(snap) if snap.nodes[s].name == "[heap]"]
    with qtbot.waitSignal(dialog.vma_chosen):
        dialog.go()
    assert window.scene.selected == starts[0]
    item = window.scene.node_item(starts[0])
    assert item is not None
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().center())
    # An address goes through find_vma: the first VMA ending above it.
    edit.setText(hex(snap.nodes[starts[0]].end))
    dialog.search_now()
    assert dialog.result_starts() == [snapshot_find_vma(snap, snap.nodes[starts[0]].end)]


def test_an_aggregated_subtree_tells_its_size_and_height(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_file(str(big_maps(tmp_path, VIRTUAL_MIN + 100)), ask=False)
    window.view.fit()
    window.view.viewport().grab()
    layer = window.scene.lod_layer()
    assert layer.last_aggregates > 0
    snap = window.document.current_snapshot()
    # Probe down the middle of the tree until an aggregate is hit.
    rect = window.scene.sceneRect()
    piece = None
    for i in range(1, 200):
        pos = QPointF(rect.left() + rect.width() * i / 200, rect.bottom() - rect.height() * 0.35)
        piece = layer.aggregate_at(pos)
        if piece is not None:
            break
    assert piece is not None
    size, reds, height = 0, 0, 0
    stack = [(piece.root, 1)]
    while stack:
        key, depth = stack.pop()
        node = snap.nodes[key]
        size += 1
        reds += node.color == "R"
        height = max(height, depth)
        stack += [(c, depth + 1) for c in (node.left, node.right) if c is not None]
    assert (piece.size, piece.reds, piece.height) == (size, reds, height)
