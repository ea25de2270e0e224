"""Opening a big document without freezing the window: the file is read and replayed in a
thread while a progress dialog shows how far the replay got and offers Cancel.

A 1,000,000-op scenario takes tens of seconds to replay; the window stays responsive, and
Cancel stops the replay at its next progress tick (every 2,048 ops) and leaves the
document as it was. Reading the JSON itself cannot be interrupted: a cancel during it
stops the load as soon as the reading ends.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..engine.replay_order import Order
from ..model.document import Cancelled, Document, LoadedFile, read_file

#: Files at least this big load in a thread with a progress dialog (a 20,000-op scenario
#: is about 1 MB and replays in about a second).
BIG_FILE_BYTES = 1 << 20
#: The dialog appears only when the load takes longer than this.
SHOW_AFTER_MS = 300
#: How often the window's events are served while the thread works.
POLL_S = 0.03


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoadProgress", text)


def is_big(path: str) -> bool:
    """Whether ``path`` is big enough to be loaded with a progress dialog."""
    try:
        return os.stat(path).st_size >= BIG_FILE_BYTES
    except OSError:
        return False  # the reader names the problem


@dataclass
class _Shared:
    """What the loading thread and the window share (plain values: the GIL orders them)."""

    done: int = 0
    total: int = 0
    cancel: bool = False
    result: LoadedFile | None = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)


def load_with_progress(
    parent: QWidget | None, document: Document, path: str, order: Order | None = None
) -> bool:
    """Load ``path`` into ``document`` in a thread, with a cancellable progress dialog.

    True when loaded, False when the user cancelled (the document unchanged). Raises
    what the reader raised (``ScenarioError`` for bad input).
    """
    shared = _Shared()

    def progress(done: int, total: int) -> None:
        shared.done, shared.total = done, total
        if shared.cancel:
            raise Cancelled

    def work() -> None:
        try:
            shared.result = read_file(path, order, progress)
        except BaseException as exc:  # handed to the window's thread, raised there
            shared.error = exc
        finally:
            shared.finished.set()

    dialog = QProgressDialog(
        _tr("Opening {0}…").format(os.path.basename(path)), _tr("Cancel"), 0, 0, parent
    )
    dialog.setObjectName("load_progress")
    dialog.setWindowTitle(_tr("Opening"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    worker = threading.Thread(target=work, name="vmastudio-load", daemon=True)
    worker.start()
    try:
        while not shared.finished.wait(POLL_S):
            if shared.total and dialog.maximum() != shared.total:
                dialog.setMaximum(shared.total)
            if shared.total:
                dialog.setValue(min(shared.done, shared.total - 1))
            QApplication.processEvents()
            if dialog.wasCanceled():
                shared.cancel = True
                return False
        if shared.cancel or isinstance(shared.error, Cancelled):
            return False
        if shared.error is not None:
            raise shared.error
        assert shared.result is not None
        # The window then lays the document out in this thread (it cannot answer
        # meanwhile): say so rather than leave a finished bar on screen.
        dialog.setLabelText(_tr("Drawing {0}…").format(os.path.basename(path)))
        dialog.setCancelButton(None)
        QApplication.processEvents()
        document.adopt(shared.result)
        return True
    finally:
        dialog.close()
        dialog.deleteLater()
