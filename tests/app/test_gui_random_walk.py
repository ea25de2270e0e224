"""A long seeded random walk over the window's actions, as a restless user would click.

After every action: no exception escaped to ``sys.excepthook``, the document's timeline
is what a fresh replay of its scenario gives (tree shape and colours, every result), and
the cursor is inside the timeline. A failure names the seed and the actions that led
there, so it can be replayed with ``WALK_SEED=<seed>``.
"""

from __future__ import annotations

import copy
import itertools
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from vmastudio.app import errors
from vmastudio.app.export_dialog import ExportDialog
from vmastudio.app.insert_dialog import InsertDialog
from vmastudio.app.main_window import _WINDOWS, TRANSLATIONS, MainWindow
from vmastudio.engine.check import check, preorder
from vmastudio.engine.timeline import Timeline
from vmastudio.engine.vma import ENOMEM, PAGE_SIZE, TASK_SIZE

#: Wall-clock budget of one walk (the suite's limit is 60 s).
BUDGET_S = float(os.environ.get("WALK_BUDGET_S", "40"))
MAX_ACTIONS = int(os.environ.get("WALK_ACTIONS", "600"))
LOW = 0x10000


class Walk:
    """The window under test (it changes on a language switch) and what happened."""

    def __init__(self, window: MainWindow, tmp: Path, rng: random.Random) -> None:
        self.window = window
        self.tmp = tmp
        self.rng = rng
        self.escaped: list[str] = []
        self.warnings: list[str] = []
        self.log: list[str] = []
        self.exports = 0
        #: How often an action really changed the timeline (not refused or clamped).
        self.erased = 0
        self.enomem = 0
        self.switched = 0

    # -- recording what escaped ----------------------------------------------------------
    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        import traceback

        self.escaped.append("".join(traceback.format_exception(kind, exc, tb)))

    # -- helpers --------------------------------------------------------------------------
    @property
    def doc(self) -> Any:
        return self.window.document

    def ranges(self) -> list[tuple[int, int]]:
        return self.window.latest_ranges()

    def free_range(self) -> tuple[int, int]:
        r = self.rng
        bounds = [(LOW, LOW), *self.ranges(), (TASK_SIZE, TASK_SIZE)]
        gaps = [(a[1], b[0]) for a, b in itertools.pairwise(bounds) if b[0] > a[1]]
        lo, hi = r.choice(gaps)
        pages = (hi - lo) // PAGE_SIZE
        first = r.randrange(pages)
        count = r.randint(1, min(16, pages - first))
        start = lo + first * PAGE_SIZE
        return start, start + count * PAGE_SIZE

    def overlapping_range(self) -> tuple[int, int]:
        ranges = self.ranges()
        if not ranges:
            return self.free_range()
        start, end = self.rng.choice(ranges)
        a = max(LOW, start - self.rng.randint(0, 4) * PAGE_SIZE)
        # [a, b) always shares at least the first page of [start, end).
        pages = (end - start) // PAGE_SIZE + 4
        b = min(TASK_SIZE, start + self.rng.randint(1, pages) * PAGE_SIZE)
        return a, b

    def key_of(self, start: int | None) -> int | None:
        """The scene's key (a VMA id) of the VMA drawn at ``start``: the linked one, else
        any drawn there; an id no drawn VMA has when there is none (the window refuses)."""
        if start is None:
            return None
        snap = self.doc.current_snapshot()
        key = snap.by_start(start)
        if key is None:
            key = next((k for k, node in snap.nodes.items() if node.start == start), None)
        return key if key is not None else max(snap.nodes, default=0) + 1_000_000

    # -- the actions ---------------------------------------------------------------------------
    def insert_free(self) -> str:
        start, end = self.free_range()
        self.window.open_insert_dialog(start, end)
        return f"insert [{start:#x},{end:#x})"

    def insert_trial(self) -> str:
        start, end = self.overlapping_range()
        n = self.doc.op_count()
        if self.window.open_insert_dialog(start, end) and self.doc.op_count() == n + 1:
            self.enomem += self.doc.timeline.results[-1].result == ENOMEM
        return f"trial insert [{start:#x},{end:#x})"

    def erase(self) -> str:
        ranges = self.ranges()
        shown = [n.start for n in self.doc.current_snapshot().inorder()]
        pool = [s for s, _ in ranges] + shown + [0x12345000]
        start = self.rng.choice(pool) if pool else None
        n = self.doc.op_count()
        self.window.scene.select_vma(self.key_of(start))
        self.window.actions_.erase.trigger()
        self.erased += self.doc.op_count() == n + 1
        return f"erase {start:#x}" if start is not None else "erase (nothing selected)"

    def undo(self) -> str:
        self.window.undo_action.trigger()
        return "undo"

    def redo(self) -> str:
        self.window.redo_action.trigger()
        return "redo"

    def step(self) -> str:
        a = self.window.actions_
        name = self.rng.choice(
            ["step_forward", "step_back", "next_op", "prev_op", "first", "last", "step_forward"]
        )
        getattr(a, name).trigger()
        return name

    def jump(self) -> str:
        n = self.doc.op_count()
        # Out-of-range requests are clamped by the document.
        op = self.rng.randint(-2, n + 2)
        step = self.rng.randint(-2, 40)
        self.doc.set_position(op, step)
        return f"jump ({op}, {step})"

    def kernel(self) -> str:
        a = self.window.actions_
        action = self.rng.choice([a.kernel_40, a.kernel_419])
        action.trigger()
        return f"kernel {action.text()}"

    def addresses(self) -> str:
        self.window.actions_.short_addresses.toggle()
        return "toggle short addresses"

    def export(self) -> str:
        if self.exports >= 6:
            return self.step()
        self.exports += 1
        fmt = self.rng.choice(["svg", "tikz", "dot", "graphml", "png"])
        dialog = ExportDialog(self.doc, self.window, self.window.settings)
        try:
            index = dialog.format_box.findData(fmt)
            assert index >= 0, fmt
            dialog.format_box.setCurrentIndex(index)
            target = self.tmp / f"walk-{self.exports}.{'tex' if fmt == 'tikz' else fmt}"
            dialog.path_edit.setText(str(target))
            ok = dialog.export()
            assert ok, dialog.message.text()
            assert target.stat().st_size > 0
        finally:
            dialog.deleteLater()
        return f"export {fmt} at {self.doc.op, self.doc.step}"

    def language(self) -> str:
        lang = "en" if self.window.lang == "zh_CN" else "zh_CN"
        old = self.window
        new = old.switch_language(lang)
        assert new is not old and new.lang == lang and new.document is old.document
        _WINDOWS.add(new)
        self.window = new
        self.switched += 1
        sys.excepthook = self.hook  # the switch installs the app's dialog hook again
        QApplication.processEvents()
        return f"language {lang}"

    # -- the invariant ---------------------------------------------------------------------------
    def check_consistent(self) -> None:
        assert not self.escaped, self.escaped[0]
        doc = self.doc
        n = doc.op_count()
        assert n == len(doc.scenario.ops) == len(doc.timeline.results)
        fresh = Timeline(copy.deepcopy(doc.scenario))
        assert len(fresh) == n
        assert [r.result for r in fresh.results] == [r.result for r in doc.timeline.results]
        live = doc.timeline.state(n)
        assert preorder(live) == preorder(fresh.state(n))
        check(live)
        # The state at the cursor too (a replay up to there, not only the end).
        assert preorder(doc.timeline.state(doc.op)) == preorder(fresh.state(doc.op))
        assert 0 <= doc.op <= n
        count = doc.step_count(doc.op)
        assert 0 <= doc.step < max(1, count)
        # The window shows the document's cursor.
        assert f"{doc.op}/{n}" in self.window.position_label.text()


ACTIONS: list[tuple[str, int]] = [
    ("insert_free", 6),
    ("insert_trial", 3),
    ("erase", 3),
    ("undo", 4),
    ("redo", 3),
    ("step", 8),
    ("jump", 4),
    ("kernel", 1),
    ("addresses", 1),
    ("export", 1),
    ("language", 1),
]


@pytest.fixture
def walk_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)

    def accept(self: InsertDialog) -> int:
        return QDialog.DialogCode.Accepted if self.ok_enabled() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(InsertDialog, "exec", accept)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/lang", "en")
    w = MainWindow(settings)  # not qtbot.addWidget: a language switch deletes it
    w.document.load_demo()
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for alive in [*list(_WINDOWS), w]:
        if isValid(alive):
            alive._replaced_by = None
            alive.timer.stop()
            alive.document.undo_stack.setClean()
            alive.close()
    _WINDOWS.clear()
    TRANSLATIONS.install("en")


def run_walk(
    window: MainWindow, tmp: Path, seed: int, monkeypatch: pytest.MonkeyPatch, budget: float
) -> Walk:
    walk = Walk(window, tmp, random.Random(seed))
    monkeypatch.setattr(sys, "excepthook", walk.hook)
    # The app's own hook (installed again by a language switch) would show a dialog.
    monkeypatch.setattr(errors, "report", lambda _parent, exc: walk.hook(type(exc), exc, None))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text, *a, **k: walk.warnings.append(text)
    )
    names = [name for name, weight in ACTIONS for _ in range(weight)]
    deadline = time.monotonic() + budget
    walk.check_consistent()
    for i in range(MAX_ACTIONS):
        if time.monotonic() > deadline:
            break
        name = walk.rng.choice(names)
        action: Callable[[], str] = getattr(walk, name)
        before = (walk.doc.op_count(), walk.doc.op, walk.doc.step)
        try:
            walk.log.append(f"{i}: {action()}  (ops, op, step before: {before})")
            walk.check_consistent()
        except BaseException:
            tail = "\n".join(walk.log[-25:])
            print(f"random walk seed {seed} failed after:\n{tail}", file=sys.stderr)
            raise
    return walk


def test_a_long_random_walk_keeps_the_document_consistent_with_the_engine(
    walk_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = int(os.environ.get("WALK_SEED", "20261125"))
    walk = run_walk(walk_window, tmp_path, seed, monkeypatch, BUDGET_S)
    done = [line.split(": ", 1)[1].split()[0] for line in walk.log]
    assert len(walk.log) >= 60, "the walk was too short to mean much"
    # Every kind of action ran at least once (erase reports "erase", steps their names).
    for kind in ("insert", "trial", "erase", "undo", "redo", "jump", "kernel", "language"):
        assert kind in done, (kind, sorted(set(done)))
    assert any(word.startswith("export") for word in done)
    assert walk.erased > 0 and walk.enomem > 0 and walk.switched > 0, vars(walk).keys()
    # Refused erases told the user why instead of failing silently.
    for text in walk.warnings:
        assert text.strip()


# -- the same actions as a hypothesis state machine (shrinks a failure to a short story) ------
def test_a_hypothesis_state_machine_over_the_same_actions(
    qapp: QApplication, tmp_path: Path
) -> None:
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
    from hypothesis.stateful import (
        RuleBasedStateMachine,
        invariant,
        rule,
        run_state_machine_as_test,
    )

    names = [name for name, weight in ACTIONS for _ in range(weight)]
    counter = iter(range(10**6))

    class GuiMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.patch = pytest.MonkeyPatch()
            folder = tmp_path / f"example-{next(counter)}"
            folder.mkdir()
            self.patch.setattr(
                QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
            )
            self.patch.setattr(
                InsertDialog,
                "exec",
                lambda d: (
                    QDialog.DialogCode.Accepted if d.ok_enabled() else QDialog.DialogCode.Rejected
                ),
            )
            store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
            store.setValue("view/lang", "en")
            window = MainWindow(store)
            window.document.load_demo()
            window.show()
            self.first = window
            self.walk = Walk(window, folder, random.Random(0))
            self.patch.setattr(sys, "excepthook", self.walk.hook)
            self.patch.setattr(
                errors, "report", lambda _p, exc: self.walk.hook(type(exc), exc, None)
            )
            self.patch.setattr(
                QMessageBox,
                "warning",
                lambda _p, _t, text, *a, **k: self.walk.warnings.append(text),
            )

        @rule(name=st.sampled_from(names), seed=st.integers(0, 2**32 - 1))
        def act(self, name: str, seed: int) -> None:
            self.walk.rng = random.Random(seed)
            self.walk.log.append(getattr(self.walk, name)())

        @invariant()
        def consistent(self) -> None:
            self.walk.check_consistent()

        def teardown(self) -> None:
            for alive in [*list(_WINDOWS), self.first, self.walk.window]:
                if isValid(alive):
                    alive._replaced_by = None
                    alive.timer.stop()
                    alive.document.undo_stack.setClean()
                    alive.close()
                    alive.deleteLater()
            _WINDOWS.clear()
            TRANSLATIONS.install("en")
            QApplication.processEvents()
            self.patch.undo()

    run_state_machine_as_test(
        GuiMachine,
        settings=settings(
            max_examples=int(os.environ.get("WALK_EXAMPLES", "6")),
            stateful_step_count=25,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
