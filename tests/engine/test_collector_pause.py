"""A bulk load runs without the cyclic collector and gives it back exactly as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vmastudio.engine.loader import load_file
from vmastudio.engine.scenario import Scenario, ScenarioError
from vmastudio.engine.timeline import collector_paused
from vmastudio.model.document import read_file

MAPS = (
    "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon\n"
    "00651000-00652000 r--p 00051000 08:02 173521 /usr/bin/dbus-daemon\n"
    "7ffe5d3f1000-7ffe5d412000 rw-p 00000000 00:00 0 [stack]\n"
)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_an_error_inside_still_gives_the_collector_back(collector_on: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a load failed")
    assert gc.isenabled()


def test_loads_in_two_threads_nest_and_the_last_one_out_restores(collector_on: None) -> None:
    inside = threading.Event()
    leave = threading.Event()
    seen: list[bool] = []

    def other_load() -> None:
        with collector_paused():
            inside.set()
            leave.wait(10)
        seen.append(gc.isenabled())

    with collector_paused():
        worker = threading.Thread(target=other_load)
        worker.start()
        assert inside.wait(10)
    # This load ended first: the other one is still running, so the collector stays off.
    assert not gc.isenabled()
    leave.set()
    worker.join(10)
    assert seen == [True]
    assert gc.isenabled()


def test_reading_a_maps_file_pauses_and_restores_the_collector(
    collector_on: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[bool] = []

    def watched(path: str) -> tuple[Scenario, list[str], bool]:
        during.append(gc.isenabled())
        return load_file(path)

    monkeypatch.setattr("vmastudio.model.document.load_path", watched)
    good = tmp_path / "maps"
    good.write_text(MAPS)
    loaded = read_file(str(good))
    assert len(loaded.scenario.ops) == 3
    assert during == [False]
    assert gc.isenabled()
    bad = tmp_path / "bad.vmas"
    bad.write_text("{ not json")
    with pytest.raises(ScenarioError):
        read_file(str(bad))
    assert gc.isenabled()


def test_a_document_draws_an_adopted_file_with_the_collector_paused(
    qtbot: object, tmp_path: Path, collector_on: None
) -> None:
    """Every viewer of ``Document.adopt`` (here a listener on its signals) runs with the
    collector off; it is back on afterwards, and a large space is frozen out of its reach."""
    from vmastudio.model.document import SETTLE_MIN_VMAS, Document

    lines = [
        f"{0x400000 + i * 0x2000:012x}-{0x401000 + i * 0x2000:012x} rw-p 00000000 00:00 0"
        for i in range(SETTLE_MIN_VMAS + 10)
    ]
    path = tmp_path / "big.maps"
    path.write_text("\n".join(lines) + "\n")
    doc = Document()
    seen: list[bool] = []
    doc.trace_changed.connect(lambda: seen.append(gc.isenabled()))
    doc.step_changed.connect(lambda _op, _step: seen.append(gc.isenabled()))
    loaded = read_file(str(path))
    frozen = gc.get_freeze_count()
    try:
        doc.adopt(loaded)
        assert seen and not any(seen)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen  # the drawn state is settled too
        assert len(doc.current_snapshot().nodes) == SETTLE_MIN_VMAS + 10
    finally:
        gc.unfreeze()
