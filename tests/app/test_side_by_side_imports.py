"""Issue 18: maps files and live processes open in Linux 6.12 side by side by default (on a
machine whose kernel has the maple tree), in the 4.x window on request; the choice is
remembered; errors read the same either way; headings follow the window language; a
whole process's maple tree keeps the scene's item count bounded."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRectF, QSettings
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vmastudio.app.import_order import KERNEL_KEY, default_kernel, machine_kernel
from vmastudio.app.main_window import MainWindow
from vmastudio.app.process_dialog import ProcessDialog
from vmastudio.app.side_by_side import SideBySideWindow
from vmastudio.engine.loader import demo_scenario
from vmastudio.engine.scenario import OpSpec, Scenario, VmaSpec
from vmastudio.view.maple.scene import DETAIL_LIMIT, DETAIL_MAX, NODE_ROLE_KEYS

MAPS = (
    "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon\n"
    "00651000-00652000 r--p 00051000 08:02 173521 /usr/bin/dbus-daemon\n"
    "00652000-00655000 rw-p 00052000 08:02 173521 /usr/bin/dbus-daemon\n"
    "00e03000-00e24000 rw-p 00000000 00:00 0 [heap]\n"
    "7f2f8c000000-7f2f8c021000 rw-p 00000000 00:00 0\n"
    "7fffb2c0d000-7fffb2c2e000 rw-p 00000000 00:00 0 [stack]\n"
)


def kernel_release(monkeypatch: pytest.MonkeyPatch, release: str) -> None:
    """Pretend this machine runs ``release`` (``os.uname().release``)."""
    monkeypatch.setattr(os, "uname", lambda: SimpleNamespace(release=release))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot: QtBot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.document.load_demo()
    window.document.undo_stack.setClean()
    return window


@pytest.fixture
def maps_file(tmp_path: Path) -> Path:
    path = tmp_path / "maps"
    path.write_text(MAPS, encoding="utf-8")
    return path


def test_the_default_follows_this_machines_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_kernel("6.12.57+deb13-amd64") == "6.12"
    assert default_kernel("6.1.0-27-amd64") == "6.12"
    assert default_kernel("6.0.19") == "4.x"
    assert default_kernel("5.15.0-91-generic") == "4.x"
    assert default_kernel("4.19.0-26-amd64") == "4.x"
    kernel_release(monkeypatch, "6.18.2-arch1")
    assert machine_kernel() == ("6.18.2-arch1", True)
    assert default_kernel() == "6.12"


def test_a_maps_file_opens_in_6_12_side_by_side_and_leaves_the_document(
    qtbot: QtBot, settings: QSettings, maps_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_release(monkeypatch, "6.12.57+deb13-amd64")
    window = make_window(qtbot, settings)
    ops = window.document.op_count()
    assert window.import_order_menu.kernel() == "6.12"
    assert window.open_file(str(maps_file), ask=False)
    side = window.side_by_side
    assert isinstance(side, SideBySideWindow) and side.isVisible()
    # Both kernels replayed the six mappings; this window's document is as it was.
    assert side.timeline612.map_count == 6
    assert side.document is not None
    assert side.document.op == side.document.op_count() == 6  # the whole space first
    assert len(side.timeline612.final.nodes[0].slots) >= 6
    assert side.op == len(side.timeline612) == 6
    frames = side.frames()
    assert frames is not None and side.step612 == len(frames.steps) - 1
    assert side.document.step == side.document.step_count(6) - 1
    assert side.document.scenario.kernel == "4.19"
    assert window.document.op_count() == ops and not window.document.modified
    # The status bar says where it went, why, and how to open it in 4.x instead.
    message = window.statusBar().currentMessage()
    assert "6.12" in message and "4.x" in message
    assert str(maps_file.resolve()) in window.recent_files()
    # The menu's 6.12 choice explains the default with this machine's release.
    choice = window.findChild(type(window.actions_.open), "import_kernel_6_12")
    assert choice is not None and choice.isChecked()
    assert "6.12.57+deb13-amd64" in choice.toolTip()


def test_open_in_4x_is_a_remembered_choice(
    qtbot: QtBot, settings: QSettings, maps_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_release(monkeypatch, "6.12.57+deb13-amd64")
    # Closing a window with an unsaved import asks; the test discards it.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window = make_window(qtbot, settings)
    choice = window.findChild(type(window.actions_.open), "import_kernel_4_x")
    assert choice is not None
    choice.trigger()
    assert settings.value(KERNEL_KEY) == "4.x"
    assert window.open_file(str(maps_file), ask=False)
    assert window.side_by_side is None
    assert window.document.op == window.document.op_count()  # the whole space shown
    assert len(window.document.current_snapshot().nodes) == 6
    # A new window (the next start) keeps the choice; the command line's kernel wins.
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.import_order_menu.kernel() == "4.x"
    assert again.open_file(str(maps_file), ask=False, kernel="6.12")
    assert again.side_by_side is not None and again.side_by_side.timeline612.map_count == 6


def test_on_a_kernel_without_the_maple_tree_imports_open_in_4x(
    qtbot: QtBot, settings: QSettings, maps_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_release(monkeypatch, "5.10.0-28-amd64")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window = make_window(qtbot, settings)
    assert window.import_order_menu.kernel() == "4.x"
    assert window.open_file(str(maps_file), ask=False)
    assert window.side_by_side is None and len(window.document.current_snapshot().nodes) == 6
    # 6.12 on request: the status bar does not claim this kernel has the maple tree.
    assert window.open_file(str(maps_file), ask=False, kernel="6.12")
    assert window.side_by_side is not None
    message = window.statusBar().currentMessage()
    assert message.startswith("Opened in Linux 6.12 side by side;") and "maple" not in message


@pytest.mark.parametrize(
    "text",
    [
        "00400000-00452000 r-xp 00000000 08:02 1 /bin/x\nnot a maps line\n",
        "00452000-00400000 r-xp 00000000 08:02 1 /bin/x\n",
        "00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n00401000-00453000 rw-p 0 0:0 0\n",
    ],
)
def test_a_bad_maps_file_reads_the_same_in_6_12_and_in_4x(
    qtbot: QtBot,
    settings: QSettings,
    tmp_path: Path,
    text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "bad.maps"
    path.write_text(text, encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, body: said.append(body))
    window = make_window(qtbot, settings)
    results = [window.open_file(str(path), ask=False, kernel=k) for k in ("6.12", "4.x")]
    if any(results):
        # Lines the importer skips (with a notice) are not errors: both kernels open it.
        assert results == [True, True] and not said
        return
    assert len(said) == 2 and said[0] == said[1]
    assert said[0].startswith("Cannot open this file:")
    assert window.side_by_side is None


def test_a_scenario_file_still_opens_in_this_window(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    window = make_window(qtbot, settings)
    path = tmp_path / "demo.vmas"
    path.write_text(demo_scenario().dumps(), encoding="utf-8")
    assert window.open_file(str(path), ask=False, kernel="6.12")
    assert window.side_by_side is None and window.document.path == str(path)


def test_a_live_process_opens_in_6_12_and_the_dialog_choice_is_remembered(
    qtbot: QtBot, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_release(monkeypatch, "6.12.57+deb13-amd64")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window = make_window(qtbot, settings)
    ops = window.document.op_count()
    picked: list[str] = []

    def choose_self(dialog: ProcessDialog) -> int:
        picked.append(dialog.kernel())
        dialog.chosen_pid = lambda: os.getpid()  # type: ignore[method-assign]
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ProcessDialog, "exec", choose_self)
    window.actions_.import_pid.trigger()
    assert picked == ["6.12"]
    side = window.side_by_side
    assert side is not None and side.timeline612.map_count > 5
    assert window.document.op_count() == ops and window.document.source_pid is None

    # The dialog's "Open in" box set to 4.x: this import and the next ones go to 4.x.
    def choose_self_in_4x(dialog: ProcessDialog) -> int:
        dialog.kernel_box.setCurrentIndex(dialog.kernel_box.findData("4.x"))
        dialog.chosen_pid = lambda: os.getpid()  # type: ignore[method-assign]
        return int(QDialog.DialogCode.Accepted)

    window.side_by_side = None
    monkeypatch.setattr(ProcessDialog, "exec", choose_self_in_4x)
    window.actions_.import_pid.trigger()
    assert window.side_by_side is None
    assert window.document.source_pid == os.getpid() and window.document.op_count() > 5
    assert settings.value(KERNEL_KEY) == "4.x" and window.import_order_menu.kernel() == "4.x"


def test_the_process_dialog_says_why_6_12_is_the_default(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel_release(monkeypatch, "6.12.57+deb13-amd64")
    dialog = ProcessDialog()
    qtbot.addWidget(dialog)
    assert dialog.kernel() == "6.12"
    assert "6.12.57+deb13-amd64" in dialog.kernel_note.text()
    assert "maple tree" in dialog.kernel_box.toolTip()
    four = ProcessDialog(kernel="4.x")
    qtbot.addWidget(four)
    assert four.kernel() == "4.x" and four.kernel_box.currentText().startswith("Linux 4.x")


def test_op_headings_of_both_sides_are_in_chinese(qtbot: QtBot) -> None:
    window = SideBySideWindow(demo_scenario(), lang="zh_CN")
    qtbot.addWidget(window)
    window.show_op(5)
    assert window.heading612.text().startswith("<b>5. 插入 [")
    assert "预分配" in window.heading612.text()
    assert window.heading419.text().startswith("<b>5. 插入 [")
    # A space imported whole (no op): both sides head with its VMA count.
    space = SideBySideWindow(big_scenario(6, ops=False), lang="zh_CN")
    qtbot.addWidget(space)
    assert space.op == 0
    assert space.heading612.text().startswith("<b>初始状态：6 个 VMA</b>")
    assert space.heading419.text() == "<b>初始状态：6 个 VMA</b>"
    english = SideBySideWindow(demo_scenario())
    qtbot.addWidget(english)
    english.show_op(5)
    assert english.heading612.text().startswith("<b>5. insert [")
    assert "preallocated" in english.heading612.text()


def big_scenario(n: int, ops: bool = True) -> Scenario:
    """``n`` VMAs as the initial space, then (``ops``) one insert into a hole near the
    middle."""
    page = 0x1000
    initial = [VmaSpec(0x400000 + i * 3 * page, 0x400000 + i * 3 * page + page) for i in range(n)]
    hole = 0x400000 + (n // 2) * 3 * page + page
    insert = [OpSpec("insert", vma=VmaSpec(hole, hole + page))] if ops else []
    return Scenario(initial=initial, ops=insert)


def test_a_large_maple_tree_keeps_the_scenes_item_count_bounded(qtbot: QtBot) -> None:
    window = SideBySideWindow(big_scenario(6000))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    scene, view = window.maple_scene, window.maple_view
    nodes = window.timeline612.state(0).nodes
    assert len(nodes) > DETAIL_LIMIT and scene.is_overview()
    assert scene.node_count() == len(nodes)
    # At fit the whole tree is one overview item (and its role marks): no node item, no edge.
    window.fit()
    assert scene.node_items() == [] and len(scene.items()) <= 4
    # Zoomed in to full detail on the leaf level: exactly the nodes on screen, in full.
    leaves = [n for n in nodes if n.is_leaf]
    leaf = leaves[len(leaves) // 2]
    placed = scene.placed(leaf.nid)
    assert placed is not None
    view.resetTransform()
    view.centerOn(placed.x + placed.w / 2, placed.y + placed.h / 2)
    view.sync_window()
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    shown = {i.node.nid for i in scene.node_items()}
    on_screen = set()
    for n in nodes:
        p = scene.placed(n.nid)
        assert p is not None
        if seen.intersects(QRectF(p.x, p.y, p.w, p.h)):
            on_screen.add(n.nid)
    assert leaf.nid in shown and shown == on_screen
    assert 0 < len(shown) <= DETAIL_MAX and len(scene.items()) <= DETAIL_MAX + 4
    # Panning along the leaves swaps the items; the count stays bounded.
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 5000)
    view.sync_window()
    assert {i.node.nid for i in scene.node_items()} != shown
    assert len(scene.items()) <= DETAIL_MAX + 4
    # Stepping the traced insert: the step's nodes are marked; still bounded.
    window.show_op(1)
    frames = window.frames()
    assert frames is not None
    hole = frames.outcome.start
    assert hole is not None
    # Full detail on the leaf the insert goes to: its node items follow every step.
    view.resetTransform()
    view.centerOn(scene.focus_rect().center())
    view.sync_window()
    assert scene.node_items()
    marked = detailed = 0
    for k, step in enumerate(frames.steps):
        window.step_612(k - window.step612)
        assert len(scene.items()) <= DETAIL_MAX + 4
        # What is drawn is the state after this step, node for node (a step that keeps
        # the tree's shape refreshes only the nodes whose memory changed).
        for n in frames.state(k).nodes:
            at = scene.placed(n.nid)
            assert at is not None and at.node == n, (step, n.nid)
        for item in scene.node_items():
            assert item.node == frames.state(k).node(item.node.nid)
        detailed += len(scene.node_items())
        named = [step.roles[r] for r in NODE_ROLE_KEYS if isinstance(step.roles.get(r), int)]
        drawn = [nid for nid in named if scene.placed(nid) is not None]
        # The step's nodes are what "follow the action" keeps in view; a step that names
        # none looks at the leaf holding the op's address.
        focus = scene.focus_rect()
        assert not focus.isEmpty(), step
        if not drawn:
            holder = next(
                p
                for p in (scene.placed(n.nid) for n in frames.state(k).nodes)
                if p is not None and p.node.is_leaf and p.node.min <= hole <= p.node.max
            )
            assert focus == QRectF(holder.x, holder.y, holder.w, holder.h), step
        marked += bool(drawn)
    assert marked > 0 and detailed > 0


@pytest.mark.parametrize("kernel", ["4.x", "6.12", None])
def test_the_command_line_says_where_a_maps_file_opens(
    kernel: str | None, maps_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmastudio.app import cli, main_window

    seen: list[object] = []

    def run_gui(file: str | None, demo: bool, kernel: str | None = None) -> int:
        seen.append((file, demo, kernel))
        return 0

    monkeypatch.setattr(main_window, "run_gui", run_gui)
    argv = [str(maps_file)] + (["--kernel", kernel] if kernel else [])
    assert cli._cmd_gui(argv) == 0
    assert seen == [(str(maps_file), False, kernel)]
    # An unknown kernel is a usage error naming the choices (exit 2 at the top level).
    with pytest.raises(cli.UsageError, match=r"--kernel: invalid choice: '5\.10'"):
        cli._cmd_gui([str(maps_file), "--kernel", "5.10"])
