"""What the parts of ``VmaScene`` share: ``OpContext``, ``RoleKey`` and ``SceneBase``.

``VmaScene`` (``scene``) is assembled from ``VirtualMixin`` (``scene_virtual``: virtual
mode) and ``StructureMixin`` (``scene_update``: structure updates). ``SceneBase``, for the
type checker, declares the state ``VmaScene.__init__`` makes that the mixins use, and the
methods one part calls in another; at run time it holds no values and no methods.
``scene`` re-exports ``OpContext`` and ``RoleKey``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGraphicsScene

from ..engine.snapshot import NodeState, Snapshot
from .items.decor import VmaHost
from .items.gap_item import GapItem
from .items.list_box_item import ListBoxItem
from .items.list_link_item import ListLinkItem
from .items.rb_edge_item import RbEdgeItem
from .items.rb_node_item import RbNodeItem
from .items.slot_item import SlotItem
from .items.vma_bar_item import VmaBarItem
from .layout import AddressScale, Columns, ScaleMode
from .lod import LodLayer
from .theme import Theme

_S = TypeVar("_S")


class OpColumns(AbstractSet[int]):
    """The VMAs (ids) of a state plus the one an op inserts, as a read-only set over the
    state's node table: no copy of 65,530 keys per op."""

    __slots__ = ("_extra", "_extra_node", "_nodes")

    def __init__(self, nodes: Mapping[int, NodeState], extra: NodeState | None = None) -> None:
        self._nodes = nodes
        fresh = extra is not None and extra.uid not in nodes
        self._extra_node = extra if fresh else None
        self._extra = extra.uid if extra is not None and fresh else None

    def start_of(self, key: int) -> int:
        node = self._nodes.get(key) or self._extra_node
        assert node is not None and node.uid == key
        return node.start

    def start_map(self) -> dict[int, int]:
        """Each column's id → ``vm_start`` (what ``Columns`` orders by). O(n)."""
        out = {k: n.start for k, n in self._nodes.items()}
        if self._extra_node is not None:
            out[self._extra_node.uid] = self._extra_node.start
        return out

    def __contains__(self, key: object) -> bool:
        return key in self._nodes or (key is not None and key == self._extra)

    def __len__(self) -> int:
        return len(self._nodes) + (self._extra is not None)

    def __iter__(self) -> Iterator[int]:
        yield from self._nodes
        if self._extra is not None:
            yield self._extra

    @classmethod
    def _from_iterable(cls, it: Iterable[_S]) -> AbstractSet[_S]:
        return frozenset(it)  # set operations (``a - b``) give plain frozensets

    def __hash__(self) -> int:
        return self._hash()


@dataclass(frozen=True, slots=True)
class OpContext:
    """What stays fixed while stepping through one op."""

    key: object
    #: Every VMA that gets a column during this op (the state before it, plus the VMA
    #: being inserted when the insert succeeds).
    starts: AbstractSet[int]
    #: The VMA being inserted (trial or not), as a node.
    subject: NodeState | None = None
    trial: bool = False
    conflict: int | None = None


RoleKey = tuple[str, object]

if TYPE_CHECKING:

    class _Scene(QGraphicsScene, VmaHost):
        """For the type checker, the mixins are parts of a ``VmaScene``."""

else:
    _Scene = object


class SceneBase(_Scene):
    """The state and the cross-module methods of ``VmaScene`` (see the module docstring)."""

    # Made in ``VmaScene.__init__`` (in this order there).
    _virtual_min: int | None
    theme: Theme
    scale_mode: ScaleMode
    _nodes: dict[int, RbNodeItem]
    _bars: dict[int, VmaBarItem]
    _boxes: dict[int, ListBoxItem]
    _links: dict[int, ListLinkItem]
    _edges: dict[int, RbEdgeItem]
    _slots: dict[tuple[int, str], SlotItem]
    _gaps: dict[int, GapItem]
    _gaps_version: int
    _buried: list[RbEdgeItem | SlotItem]
    _node_state: dict[int, tuple[NodeState, bool]]
    _cols: Columns
    _ordered: list[int]
    _scale: AddressScale
    _virtual: bool
    _window: tuple[float, float]
    _detail: bool
    _live: set[int]
    _live_bars: set[int]
    _pinned: set[int]
    _margin_timer: QTimer
    _ctx: OpContext | None
    _snap: Snapshot | None
    _depths: dict[int, int]
    _in_list: set[int]
    _unlisted: set[int]
    _list_hidden: set[int]
    _bars_hidden: set[int]
    _roles: dict[RoleKey, tuple[str, ...]]
    _hovered: int | None
    _selected: int | None
    _root_slot: SlotItem
    _mmap_slot: SlotItem
    _ghost_node: RbNodeItem
    _ghost_bar: VmaBarItem
    _lod: LodLayer

    if TYPE_CHECKING:
        # Virtual mode (``VirtualMixin``).
        def _is_large(self, columns: int) -> bool: ...
        def _wanted_live(
            self, ctx: OpContext, margin: bool = True
        ) -> tuple[set[int], set[int]]: ...
        def _sync_live(
            self, snap: Snapshot, ctx: OpContext, margin: bool = True, budget: int | None = None
        ) -> bool: ...
        def _make_items(self, s: int, node: NodeState) -> None: ...
        def _make_bar(self, s: int, node: NodeState) -> None: ...
        def _drop_items(self, s: int) -> None: ...
        def _drop_bar(self, s: int) -> None: ...
        def _sync_gaps(self) -> None: ...

        # Structure updates (``StructureMixin``).
        def _apply_snapshot(
            self,
            snap: Snapshot,
            ctx: OpContext,
            old: Snapshot | None,
            *,
            relive: bool = False,
            also: set[int] | None = None,
        ) -> None: ...
        def _node_of(self, snap: Snapshot, ctx: OpContext, start: int) -> NodeState | None: ...
        def _refresh_items(self, snap: Snapshot, ctx: OpContext, keys: set[int]) -> None: ...
        def _bury(self, item: RbEdgeItem | SlotItem) -> None: ...
        def _purge_buried(self) -> None: ...
        def _update_trial(self, ctx: OpContext) -> None: ...

        # Section titles (``VmaScene``).
        def _set_map_title(self) -> None: ...
