"""Feeding the scene from the document: the op context and the snapshot of the cursor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from ..model.document import Document
from .scene import OpContext, VmaScene
from .scene_base import OpColumns

if TYPE_CHECKING:  # the pointer view is made after the window's first frame
    from .pointer import PointerView


def op_context(document: Document, op: int) -> OpContext:
    """What stays fixed while stepping through ``op`` (0: the initial state). O(height):
    its columns are a view of the state's node table, not a copy, so nothing is cached."""
    return _build_context(document, op)


def _build_context(document: Document, op: int) -> OpContext:
    if op == 0:
        before = document.state(0)
        return OpContext(key=(id(document.timeline), 0, id(before)), starts=OpColumns(before.nodes))
    frames = document.frames(op)
    subject = frames.subject
    trial = subject is not None and frames.result.result != 0
    conflict = frames.result.conflict
    return OpContext(
        key=(id(document.timeline), op, id(frames.before)),
        starts=OpColumns(frames.before.nodes, None if trial else subject),
        subject=subject,
        trial=trial,
        conflict=None if conflict is None else frames.before.by_start(conflict),
    )


def show_document(scene: VmaScene, document: Document) -> None:
    """Draw the document's cursor position in ``scene``."""
    ctx = op_context(document, document.op)
    scene.show_state(document.current_snapshot(), document.current_step(), ctx)


class PointerBinding(QObject):
    """Shows ``document``'s current step in a pointer view (it lives as the view's child,
    so the connection ends with the view)."""

    def __init__(self, view: PointerView, document: Document) -> None:
        super().__init__(view)
        self._view = view
        self._document = document
        document.step_changed.connect(self._on_document_step_changed)
        self._on_document_step_changed(document.op, document.step)

    @Slot(int, int)
    def _on_document_step_changed(self, op: int, step: int) -> None:
        d = self._document
        if op == 0 or d.step_count(op) == 0:
            self._view.show_model(None)
            return
        models = d.frames(op).pointer_models(d.address_style)
        self._view.show_model(models[min(step, len(models) - 1)])
