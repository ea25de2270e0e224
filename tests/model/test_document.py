"""The document: cursor, undoable edits, files. Driven through its public API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from vmastudio.engine.scenario import ScenarioError, VmaSpec
from vmastudio.engine.snapshot import Snapshot
from vmastudio.engine.vma import ENOMEM
from vmastudio.model.document import Document


@pytest.fixture
def doc(qtbot: QtBot) -> Document:
    d = Document()
    d.load_demo()
    return d


def test_the_demo_opens_at_the_first_step_of_the_first_op(doc: Document) -> None:
    assert doc.op_count() == 9
    assert (doc.op, doc.step) == (1, 0)
    step = doc.current_step()
    assert step is not None and step.kind == "pgoff"
    assert not doc.modified


def test_stepping_forward_crosses_into_the_next_op_and_back_again(
    doc: Document, qtbot: QtBot
) -> None:
    last = doc.step_count(1) - 1
    doc.set_position(1, last)
    with qtbot.waitSignal(doc.step_changed) as blocker:
        assert doc.step_forward()
    assert blocker.args == [2, 0]
    assert doc.step_back()
    assert (doc.op, doc.step) == (1, last)


def test_first_and_last_reach_both_ends_and_stop_there(doc: Document) -> None:
    doc.last()
    assert doc.at_end() and not doc.step_forward()
    doc.first()
    assert (doc.op, doc.step) == (0, 0) and doc.current_step() is None
    assert not doc.step_back()


def test_moving_the_cursor_is_not_an_edit(doc: Document) -> None:
    doc.next_op()
    doc.step_forward()
    assert doc.undo_stack.count() == 0 and not doc.modified


def starts(snap: Snapshot) -> set[int]:
    """The ``vm_start`` of every VMA of a state (its nodes are keyed by id)."""
    return {node.start for node in snap.nodes.values()}


def test_an_insert_appends_an_op_and_undo_truncates_it(doc: Document, qtbot: QtBot) -> None:
    with qtbot.waitSignal(doc.trace_changed):
        result = doc.insert(VmaSpec(0x1000000, 0x1002000))
    assert result.result == 0
    assert doc.op_count() == 10 and (doc.op, doc.step) == (10, 0)
    assert doc.modified
    doc.undo_stack.undo()
    assert doc.op_count() == 9 and not doc.modified
    assert 0x1000000 not in starts(doc.state(9))
    doc.undo_stack.redo()
    assert 0x1000000 in starts(doc.state(10))


def test_an_overlapping_insert_is_a_trial_that_answers_enomem(doc: Document) -> None:
    before = doc.state(9)
    result = doc.insert(VmaSpec(0x401000, 0x403000))
    assert result.result == ENOMEM
    after = doc.state(10)
    assert after.root == before.root
    assert {k: (n.color, n.left, n.right) for k, n in after.nodes.items()} == {
        k: (n.color, n.left, n.right) for k, n in before.nodes.items()
    }
    assert "Trial" in doc.undo_stack.text(0)


def test_erasing_a_missing_vma_is_refused_and_changes_nothing(doc: Document) -> None:
    with pytest.raises(ScenarioError, match="no VMA starts at 0x123000"):
        doc.erase(0x123000)
    assert doc.op_count() == 9 and doc.undo_stack.count() == 0


def test_an_erase_is_undoable(doc: Document) -> None:
    doc.erase(0x400000)
    assert 0x400000 not in starts(doc.state(10))
    doc.undo_stack.undo()
    assert 0x400000 in starts(doc.state(9))


def test_the_kernel_profile_is_an_undoable_property_of_the_document(doc: Document) -> None:
    doc.set_kernel("4.19")
    assert doc.kernel == "4.19" and doc.modified
    doc.undo_stack.undo()
    assert doc.kernel == "4.0" and not doc.modified


def test_save_and_open_round_trip_the_scenario(doc: Document, tmp_path: Path) -> None:
    doc.insert(VmaSpec(0x1000000, 0x1002000, name="mine"))
    path = tmp_path / "round.vmas"
    doc.save(str(path))
    assert not doc.modified and doc.path == str(path)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))
    other = Document()
    other.load_file(str(path))
    assert other.op_count() == 10
    assert other.scenario.to_json() == doc.scenario.to_json()
    assert json.loads(path.read_text())["ops"][-1]["name"] == "mine"


def test_a_malformed_file_is_refused_by_name_and_the_document_is_untouched(
    doc: Document, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.vmas"
    bad.write_text(
        json.dumps(
            {
                "format": "vmastudio-scenario",
                "version": 1,
                "ops": [{"op": "insert", "start": "0x400000", "end": "0x401001"}],
            }
        )
    )
    doc.next_op()
    position = (doc.op, doc.step)
    with pytest.raises(ScenarioError, match=r"ops\[0\]\.end: not page-aligned"):
        doc.load_file(str(bad))
    assert doc.op_count() == 9 and (doc.op, doc.step) == position


def test_saving_into_a_missing_folder_fails_without_touching_the_document(
    doc: Document, tmp_path: Path
) -> None:
    doc.insert(VmaSpec(0x1000000, 0x1002000))
    with pytest.raises(OSError):
        doc.save(str(tmp_path / "no" / "such" / "folder.vmas"))
    assert doc.modified and doc.path is None


def test_snapshots_of_a_successful_insert_always_know_the_new_vma(doc: Document) -> None:
    frames = doc.frames(1)
    for snap in frames.snapshots:
        if snap.root is not None:
            assert snap.root in snap.nodes


def test_a_maps_text_past_what_the_window_draws_is_refused_before_any_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vmastudio.model.document as document_module

    monkeypatch.setattr(document_module, "WINDOW_MAX_VMAS", 10)
    lines = [
        f"{(16 + 2 * i) << 12:x}-{(17 + 2 * i) << 12:x} rw-p 00000000 00:00 0" for i in range(12)
    ]
    path = tmp_path / "big.maps"
    path.write_text("\n".join(lines) + "\n")
    doc = Document()
    doc.load_demo()
    before = doc.op_count()
    with pytest.raises(ScenarioError, match="12 mappings: more than the window draws"):
        doc.load_file(str(path))
    assert doc.op_count() == before
