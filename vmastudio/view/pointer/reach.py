"""What a pointer diagram shows in the lecture: the frames and the structures their
locals point at, as Python Tutor draws a program's frames and the objects they reach.

``reachable_from_locals(model)`` keeps every stack frame, ``mm_struct`` (the ``mm``
argument) and each heap structure that a local or parameter points into, with its
enclosing structure (a ``vm_rb`` is drawn inside its VMA) and the structures the step
names by a role; heap-to-heap pointers into structures no local reaches are dropped with
those structures (their values still read as addresses). It selects from the model the
engine built; it decides nothing about the kernel. Complexity: O(boxes + arrows).
"""

from __future__ import annotations

from dataclasses import replace

from ...engine.pointers import PointerModel


def reachable_from_locals(model: PointerModel) -> PointerModel:
    """``model`` without the heap structures no local of a frame points into."""
    region_of_box = {b.key: b.region for b in model.boxes}
    regions = {r.key: r for r in model.regions}
    keep: set[str] = set()
    for r in model.regions:
        if r.kind in ("frame", "mm") or r.roles:
            keep.add(r.key)
    frames = {r.key for r in model.regions if r.kind == "frame"}
    for a in model.arrows:
        if a.gone or region_of_box.get(a.src) not in frames:
            continue
        dst = region_of_box.get(a.dst, a.dst)
        if dst in regions:
            keep.add(dst)
    # A kept structure brings the one it is drawn in (vm_rb inside its vm_area_struct).
    for key in list(keep):
        parent = regions[key].parent if key in regions else None
        while parent is not None and parent in regions:
            keep.add(parent)
            parent = regions[parent].parent
    # ... and the structures drawn inside it (a kept VMA shows its vm_rb).
    for r in model.regions:
        if r.parent in keep:
            keep.add(r.key)
    if len(keep) == len(model.regions):
        return model
    boxes = tuple(b for b in model.boxes if b.region in keep)
    kept_boxes = {b.key for b in boxes}

    def alive(key: str) -> bool:
        return key in kept_boxes or key in keep

    arrows = tuple(a for a in model.arrows if alive(a.src) and alive(a.dst))
    return replace(
        model,
        regions=tuple(r for r in model.regions if r.key in keep),
        boxes=boxes,
        arrows=arrows,
    )


def stack_frames(model: PointerModel) -> PointerModel:
    """``model`` with its stack frames in one column, the caller above its callee (as a
    call stack and Python Tutor draw them), and the heap in the column to their right:
    half the width of one column per frame, for a lecture's large text."""
    frames = [r for r in model.regions if r.kind == "frame" and r.parent is None]
    if len(frames) < 2:
        return model
    heap_col = 1
    # The engine numbers the innermost frame's column 0, its caller's 1, then the heap.
    order = sorted(frames, key=lambda r: -r.column)
    rank = {r.key: i for i, r in enumerate(order)}
    regions = [replace(r, column=0) for r in order]
    regions += [replace(r, column=heap_col) for r in model.regions if r.key not in rank]
    return replace(model, regions=tuple(regions))
