"""Refresh process in the Linux 6.12 side-by-side window (``SideBySideWindow``).

A live process opened side by side remembers its pid. Refresh re-reads its maps with
the import's own reader (``process_dialog.refresh_scenario``: the same errors as in the
4.x window), shows what changed in the same ``DiffDialog`` and, when the user appends
it, does what the 4.x window does: the diff's ops (erases, then inserts, by address) are
appended to the scenario, both kernels replay it (``replay_both``) and both sides show
the first new op.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ..engine.problems import Problem
from ..engine.processes import MapsDiff, final_vmas
from ..engine.scenario import OpSpec, Scenario, ScenarioError, Text

if TYPE_CHECKING:
    from .side_by_side import SideBySideWindow


def _tr_main(text: str) -> str:
    """The 4.x window's own wording (context ``MainWindow``): one message for both."""
    return QCoreApplication.translate("MainWindow", text)


#: The caption of each op a refresh appends, by what happened to its VMA.
_CAPTIONS: dict[str, Text] = {
    "added": {"en": "Refresh: added", "zh_CN": "刷新：新增"},
    "grown": {"en": "Refresh: grown", "zh_CN": "刷新：扩大"},
    "shrunk": {"en": "Refresh: shrunk", "zh_CN": "刷新：缩小"},
    "changed": {"en": "Refresh: changed", "zh_CN": "刷新：属性改变"},
}


def refreshed_scenario(scenario: Scenario, diff: MapsDiff) -> Scenario:
    """``scenario`` with ``diff.as_ops()`` appended (a copy; ``scenario`` is unchanged).

    Raises ``ScenarioError`` when an erase names a VMA the scenario does not leave (the
    scenario changed since the diff), as ``append_diff_ops`` does for the 4.x window.
    """
    from .side_by_side import as_kernel

    present = final_vmas(scenario)
    ops = diff.as_ops()
    for op in ops:
        if op.op == "erase" and op.start not in present:
            raise ScenarioError(
                "refresh",
                Problem(
                    "text",
                    text=QCoreApplication.translate(
                        "ProcessRefresh", "no VMA starts at 0x{0:x} in the latest state"
                    ).format(op.start),
                ),
            )
    kinds = {v.start: "added" for v in diff.added}
    kinds.update({c.start: "grown" for c in diff.grown})
    kinds.update({c.start: "shrunk" for c in diff.shrunk})
    kinds.update({c.start: "changed" for c in diff.changed})
    out = as_kernel(scenario, maple=scenario.maple)
    for op in ops:
        if op.op == "insert" and op.vma is not None and op.vma.start in kinds:
            op = OpSpec("insert", vma=op.vma, caption=_CAPTIONS[kinds[op.vma.start]])
        out.ops.append(op)
    return out


def refresh_side_by_side(window: SideBySideWindow) -> bool:
    """File ▸ Refresh process for ``window``; True when the window now shows a new space.

    Every problem is a message box (the 4.x window's words) and leaves the window as it
    was; no change is a status bar line.
    """
    from . import process_dialog
    from .diff_dialog import DiffDialog
    from .side_by_side import replay_both

    pid = window.source_pid
    if pid is None:
        return False
    scenario = window.timeline612.scenario
    try:
        diff = process_dialog.refresh_scenario(scenario, pid)
    except ScenarioError as exc:
        _error(window, pid, exc)
        return False
    if not diff:
        window.statusBar().showMessage(process_dialog.describe_diff(diff), 4000)
        return False
    dialog = DiffDialog(diff, pid, window, vmas=final_vmas(scenario).values(), side_by_side=True)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    finally:
        dialog.deleteLater()
    first = len(window.timeline612) + 1
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        parts = replay_both(refreshed_scenario(scenario, diff))
    except ScenarioError as exc:
        QApplication.restoreOverrideCursor()
        _error(window, pid, exc)
        return False
    try:
        window.replace_parts(parts)
        window.show_op(first)
    finally:
        QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(process_dialog.describe_diff(diff).split("\n")[0], 8000)
    return True


def _error(window: SideBySideWindow, pid: int, exc: ScenarioError) -> None:
    from ..engine.messages import localize_error

    text = _tr_main("Cannot refresh process {0}:\n{1}").format(
        pid, localize_error(exc, window.lang)
    )
    window.show_error(text)


def warn(window: SideBySideWindow, text: str) -> None:
    """The message box of a refresh problem (tests replace ``show_error``)."""
    QMessageBox.warning(window, _tr_main("VMA Studio"), text)
