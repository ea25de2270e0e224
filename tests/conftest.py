"""Test-wide set-up: no screen is needed, Qt draws offscreen, and nothing the app writes
for the user (autosaves, crash logs, settings) lands in the real user folders."""

import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QStandardPaths follows the XDG variables; tests that need their own folder set them
# again with monkeypatch.
_HOME = tempfile.mkdtemp(prefix="vmastudio-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")

from collections.abc import Callable, Iterator  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A modal dialog nobody answers would hang the suite (offscreen, no one clicks):
    every message box and dialog a test did not patch itself is recorded and dismissed,
    and the test fails naming it. A test that expects one patches it (its patch wins)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    seen: list[str] = []

    def box(kind: str) -> object:
        def show(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            text = next((a for a in args if isinstance(a, str)), "")
            seen.append(f"QMessageBox.{kind}: {text[:200]}")
            return QMessageBox.StandardButton.Cancel

        return staticmethod(show)

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))

    def dialog_exec(self: QDialog) -> int:
        seen.append(f"{type(self).__name__}.exec: {self.windowTitle()}")
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    yield seen
    assert not seen, f"an unexpected modal dialog: {seen}"


@pytest.fixture(scope="session")
def child_json() -> Callable[..., dict[str, object]]:
    """Runs ``python -c code *args`` (offscreen, ``env`` added to this process's) and
    returns the JSON object its last line of output holds: how the start-up tests read
    what a fresh process saw."""

    def run(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
        full = dict(os.environ)
        full.setdefault("QT_QPA_PLATFORM", "offscreen")
        full.update(env or {})
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            env=full,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
        return seen

    return run
