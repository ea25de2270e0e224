"""The figure's text parts as layers: caption, legend, code, variables and pointers.

Qt-free; each function returns a ``Layer`` at (0, 0) sized to its content (the composer
places it). Text stays text; widths are estimated (``figure.text_width``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ... import resources
from ...engine.scenario import text_of
from ...engine.trace import TraceStep
from .figure import (
    BODY_PT,
    CODE_PT,
    HEAD_PT,
    PT,
    ROLE_ORDER,
    TITLE_PT,
    Group,
    Item,
    Layer,
    Path,
    Rect,
    Text,
    role_class,
    text_width,
    wrap,
)
from .words import role_text, word


def _lh(size_pt: float) -> float:
    return size_pt * PT * 1.3


def caption_layer(
    head: str, lines: Sequence[tuple[str, str]], width: float, fs: float = 1.0
) -> Layer:
    """``head`` in bold, then each (text, class) paragraph wrapped at ``width``."""
    items: list[Item] = []
    y = _lh(HEAD_PT * fs) * 0.8
    for line in wrap(head, width, HEAD_PT * fs, bold=True):
        items.append(Text(0, y, line, "t-head"))
        y += _lh(HEAD_PT * fs)
    for text, cls in lines:
        for line in wrap(text, width, BODY_PT * fs, bold=cls == "t-case"):
            items.append(Text(0, y, line, cls))
            y += _lh(BODY_PT * fs)
    return Layer("caption", items, width, y - _lh(BODY_PT * fs) * 0.6)


def step_vars(step: TraceStep, style: str = "kernel") -> dict[str, dict[str, dict[str, str]]]:
    """The locals of each frame as text (``addr``/``type``/``value``), whichever way the
    engine carries them (rendered ``vars`` or typed ``locals``)."""
    render = getattr(step, "vars_text", None)
    if callable(render):
        out: dict[str, dict[str, dict[str, str]]] = render(style)
        return out
    raw: Any = getattr(step, "vars", {})
    return dict(raw)


def code_layer(step: TraceStep, lang: str, fs: float = 1.0) -> Layer:
    """The pseudo-code of the step's function, its line highlighted, its note below."""
    data: Mapping[str, Any] = resources.read_json("pseudocode", "functions.json")
    func = step.func
    entry = data.get(func)
    if entry is None:
        for name, e in data.items():
            if any(line["id"] == step.line for line in e["lines"]):
                func, entry = name, e
                break
    lines = entry["lines"] if entry is not None else []
    lh = _lh(CODE_PT * fs)
    items: list[Item] = [Text(0, TITLE_PT * fs * PT, f"{word('code', lang)}: {func}()", "t-title")]
    y = TITLE_PT * fs * PT + 8
    width = text_width(f"{word('code', lang)}: {func}()", TITLE_PT * fs, bold=True)
    for line in lines:
        code = str(line["code"])
        current = line["id"] == step.line
        w = text_width(code, CODE_PT * fs, mono=True) + 12
        width = max(width, w)
        if current:
            items.append(Rect(0, y, w, lh, "code-hl"))
        items.append(Text(6, y + lh * 0.75, code, "t-code-cur" if current else "t-code"))
        y += lh
        if current:
            note = line.get("note", {})
            shown = text_of(note, lang)
            if shown:
                items.append(Text(6, y + lh * 0.75, "// " + shown, "t-code"))
                width = max(width, text_width("// " + shown, CODE_PT * fs, mono=True) + 12)
                y += lh
    return Layer("code", items, width, y + 2)


def vars_layer(step: TraceStep, lang: str, style: str, fs: float = 1.0) -> Layer:
    """Each frame's locals: ``name = value  @address``; frames that returned are faded."""
    lh = _lh(CODE_PT * fs)
    title = word("vars", lang)
    items: list[Item] = [Text(0, TITLE_PT * fs * PT, title, "t-title")]
    width = text_width(title, TITLE_PT * fs, bold=True)
    y = TITLE_PT * fs * PT + 8
    order = {f: i for i, f in enumerate(step.stack)}
    frames = sorted(step_vars(step, style).items(), key=lambda kv: -order.get(kv[0], -1))
    for func, variables in frames:
        gone = func not in step.stack
        head = f"{func}()" + (f"  {word('returned', lang)}" if gone else "")
        items.append(Text(0, y + lh * 0.75, head, "t-var-gone" if gone else "t-var-head"))
        width = max(width, text_width(head, CODE_PT * fs, mono=True, bold=True))
        y += lh
        nw = max((len(n) for n in variables), default=0)
        vw = max((len(v.get("value", "")) for v in variables.values()), default=0)
        for name, info in variables.items():
            row = f"  {name.ljust(nw)} = {info.get('value', '').ljust(vw)}  @{info.get('addr', '')}"
            row = row.rstrip()
            items.append(Text(0, y + lh * 0.75, row, "t-var-gone" if gone else "t-var"))
            width = max(width, text_width(row, CODE_PT * fs, mono=True))
            y += lh
    return Layer("vars", items, width + 4, y + 2)


def legend_layer(
    roles: Sequence[str],
    lang: str,
    width: float,
    lod: bool = False,
    detached: bool = False,
    fs: float = 1.0,
    names: Mapping[str, str] | None = None,
) -> Layer:
    """Swatches for the node colours and every role of the step, flowing in rows; a role
    the running function names (``names``, from the wording module) is called so, as the
    figure's tags call it."""
    entries: list[tuple[str, str]] = [("black", word("black", lang)), ("red", word("red", lang))]
    if detached:
        entries.append(("detached", word("detached", lang)))
    if lod:
        entries.append(("agg", word("aggregate", lang)))
    for r in ROLE_ORDER:
        if r in roles:
            text = role_text(r, lang)
            kernel = (names or {}).get(r)
            if kernel:
                # "rb_parent: the node it hangs under" → "parent: the node it hangs under"
                rest = text.split("：" if "：" in text else ":", 1)[-1].strip()
                text = f"{kernel}: {rest}" if lang == "en" else f"{kernel}：{rest}"
            entries.append((r, text))
    title = word("legend", lang)
    items: list[Item] = [Text(0, TITLE_PT * fs * PT, title, "t-title")]
    lh = _lh(BODY_PT * fs) + 3
    sw, sh = 22.0, 10.0
    x, y = 0.0, TITLE_PT * fs * PT + 6
    right = 0.0
    for key, text in entries:
        w = sw + 6 + text_width(text, BODY_PT * fs) + 14
        if x > 0 and x + w > width:
            x, y = 0.0, y + lh
        sy = y + (lh - sh) / 2 - 1
        if key in ("black", "red", "detached"):
            cls = "vma node " + ("detached red" if key == "detached" else key)
            swatch: Item = Group(
                "swatch " + cls.replace("vma node ", ""),
                items=[Rect(x + 1, sy, sw - 2, sh, "body", 3.0 if key != "black" else 0.0)],
            )
        elif key == "agg":
            swatch = Group(
                "swatch agg agg-black",
                items=[
                    Path(
                        ((x + sw / 2, sy), (x + sw - 2, sy + sh), (x + 2, sy + sh)),
                        "agg-body",
                        closed=True,
                    )
                ],
            )
        else:
            swatch = Group(
                "swatch " + role_class(key), items=[Rect(x + 1, sy, sw - 2, sh, "body", 2.0)]
            )
        items.append(swatch)
        items.append(Text(x + sw + 6, y + lh * 0.68, text, "t-legend"))
        x += w
        right = max(right, x)
    return Layer("legend", items, min(max(right, 1.0), width), y + lh + 2)


def pointers_layer(model: Any, lang: str, fs: float = 1.0) -> Layer | None:
    """The pointer view of a step (``engine.pointers.PointerModel``) as boxes and arrows:
    one column per memory region (frames, VMAs, mm), a row per field, an arrow from each
    pointer to what it points at."""
    regions = list(getattr(model, "regions", ()))
    boxes = {b.key: b for b in getattr(model, "boxes", ())}
    if not regions:
        return None
    lh = _lh(CODE_PT * fs)
    title = word("pointers", lang)
    items: list[Item] = [Text(0, TITLE_PT * fs * PT, title, "t-title")]
    columns: dict[int, list[Any]] = {}
    for region in regions:
        columns.setdefault(int(region.column), []).append(region)
    where: dict[str, tuple[float, float, float]] = {}  # box → (x left, x right, y centre)
    x = 0.0
    bottom = TITLE_PT * fs * PT + 8
    for col in sorted(columns):
        y = TITLE_PT * fs * PT + 8
        col_w = 0.0
        drawn: list[tuple[Any, float, list[tuple[str, str, Any]]]] = []
        for region in columns[col]:
            rows = []
            for key in region.boxes:
                box = boxes.get(key)
                if box is None:
                    continue
                rows.append((f"{box.label} = {box.text}", box.addr_text, box))
                col_w = max(col_w, text_width(rows[-1][0], CODE_PT * fs, mono=True) + 12)
            head = f"{region.title}  @{region.addr_text}"
            col_w = max(col_w, text_width(head, CODE_PT * fs, mono=True, bold=True) + 12)
            drawn.append((region, y, rows))
            y += lh * (len(rows) + 1) + 10
        for region, top, rows in drawn:
            group = Group(
                "memory"
                + (" gone" if region.gone else "")
                + "".join(" " + role_class(r) for r in region.roles[:1]),
                {"region": str(region.key)},
            )
            group.items.append(Rect(x, top, col_w, lh * (len(rows) + 1) + 4, "body"))
            group.items.append(
                Text(
                    x + 4,
                    top + lh * 0.8,
                    f"{region.title}  @{region.addr_text}",
                    "t-var-gone" if region.gone else "t-var-head",
                )
            )
            for i, (text, _addr, box) in enumerate(rows):
                ry = top + lh * (i + 1)
                group.items.append(
                    Text(x + 6, ry + lh * 0.8, text, "t-var-gone" if region.gone else "t-var")
                )
                where[box.key] = (x, x + col_w, ry + lh * 0.5)
            items.append(group)
            bottom = max(bottom, top + lh * (len(rows) + 1) + 4)
        x += col_w + 36
    for arrow in getattr(model, "arrows", ()):
        a, b = where.get(arrow.src), where.get(arrow.dst)
        if a is None or b is None:
            continue
        pts: tuple[tuple[float, float], ...]
        if b[0] >= a[1]:
            pts = ((a[1], a[2]), (b[0] - 1.5, b[2]))
        elif b[1] <= a[0]:
            pts = ((a[0], a[2]), (b[1] + 1.5, b[2]))
        else:
            pts = ((a[1], a[2]), (a[1] + 12, a[2]), (a[1] + 12, b[2]), (b[1] + 1.5, b[2]))
        items.append(Path(pts, "ptr", attrs={"from": str(arrow.src), "to": str(arrow.dst)}))
    return Layer("pointers", items, max(x - 36, 1.0), bottom + 2)
