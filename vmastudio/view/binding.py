"""Feeding the scene from the document: the op context and the snapshot of the cursor."""

from __future__ import annotations

from ..model.document import Document
from .scene import OpContext, VmaScene
from .scene_base import OpColumns

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
