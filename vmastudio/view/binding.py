"""Feeding the scene from the document: the op context and the snapshot of the cursor."""

from __future__ import annotations

from ..model.document import Document
from .scene import OpContext, VmaScene


def op_context(document: Document, op: int) -> OpContext:
    """What stays fixed while stepping through ``op`` (0: the initial state)."""
    if op == 0:
        before = document.state(0)
        return OpContext(key=(id(document.timeline), 0, id(before)), starts=frozenset(before.nodes))
    frames = document.frames(op)
    subject = frames.subject
    trial = subject is not None and frames.result.result != 0
    starts = set(frames.before.nodes)
    if subject is not None and not trial:
        starts.add(subject.start)
    return OpContext(
        key=(id(document.timeline), op, id(frames.before)),
        starts=frozenset(starts),
        subject=subject,
        trial=trial,
        conflict=frames.result.conflict,
    )


def show_document(scene: VmaScene, document: Document) -> None:
    """Draw the document's cursor position in ``scene``."""
    ctx = op_context(document, document.op)
    scene.show_state(document.current_snapshot(), document.current_step(), ctx)
