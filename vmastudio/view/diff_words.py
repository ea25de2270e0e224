"""A maps diff in words: the kind of each change, what differs, by how much (translated).

The words stay under the translation context ``DiffDialog``, where they were first
written; the strip's tooltips and legend and the dialog's table share them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..engine.diff_pieces import _flags_change, _range, _resized_range
from ..engine.processes import VmaChange
from ..engine.scenario import VmaSpec
from .layout import human_size

__all__ = ["describe_piece", "fields_text", "kind_label"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("DiffDialog", text)


def kind_label(kind: str) -> str:
    """The word for a kind of change (translated)."""
    labels = {
        "unchanged": _tr("Unchanged"),
        "added": _tr("Added"),
        "removed": _tr("Removed"),
        "grown": _tr("Grown"),
        "shrunk": _tr("Shrunk"),
        "changed": _tr("Changed"),
    }
    return labels.get(kind, kind)


def _vma_label(vma: VmaSpec) -> str:
    return vma.name or vma.file or _tr("anonymous")


def _text(value: str | None) -> str:
    return value if value else _tr("none")


def fields_text(change: VmaChange, *, with_end: bool = False) -> str:
    """What differs besides the range (``with_end``: the word "end" first when the end
    moved), e.g. ``flags r-xp → rw-p; file a → b``."""
    old, new = change.old, change.new
    parts: list[str] = []
    for name in change.fields():
        if name == "end":
            if with_end:
                parts.append(_tr("end"))
        elif name == "flags":
            parts.append(_tr("flags {0}").format(_flags_change(old.flags, new.flags)))
        elif name == "file":
            parts.append(_tr("file {0} → {1}").format(_text(old.file), _text(new.file)))
        elif name == "pgoff":
            parts.append(_tr("offset {0:#x} → {1:#x}").format(old.pgoff << 12, new.pgoff << 12))
        elif name == "special":
            parts.append(_tr("special mapping {0} → {1}").format(old.special, new.special))
        elif name == "name":
            parts.append(_tr("name {0} → {1}").format(_text(old.name), _text(new.name)))
    return "; ".join(parts)


def _size_text(kind: str, old: VmaSpec | None, new: VmaSpec | None) -> tuple[str, int]:
    """The size column and its sort key (the change in bytes)."""
    if kind == "added" and new is not None:
        size = new.end - new.start
        return "+" + human_size(size), size
    if kind == "removed" and old is not None:
        size = old.end - old.start
        return "−" + human_size(size), -size
    if old is None or new is None:
        return "", 0
    before, after = old.end - old.start, new.end - new.start
    if before == after:
        return _tr("±0 ({0})").format(human_size(after)), 0
    sign = "+" if after > before else "−"
    return (
        _tr("{0}{1} ({2} → {3})").format(
            sign, human_size(abs(after - before)), human_size(before), human_size(after)
        ),
        after - before,
    )


def describe_piece(kind: str, old: VmaSpec | None, new: VmaSpec | None) -> str:
    """A piece in words: what happened, its range, its size, what it maps, what differs."""
    vma = new or old
    assert vma is not None
    lines = [f"{kind_label(kind)}: "]
    if kind in ("grown", "shrunk") and old is not None and new is not None:
        change = VmaChange(old, new)
        lines[0] += _resized_range(change)
        lines.append(_size_text(kind, old, new)[0])
        lines.append(_vma_label(new))
        also = fields_text(change)
        if also:
            lines.append(_tr("also changed: {0}").format(also))
        return "\n".join(lines)
    lines[0] += _range(vma.start, vma.end)
    lines.append(human_size(vma.end - vma.start))
    lines.append(_vma_label(vma))
    if kind == "changed" and old is not None and new is not None:
        lines.append(fields_text(VmaChange(old, new)))
    return "\n".join(lines)
