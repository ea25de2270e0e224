"""A plain-PySide replica of a window's first frame: the floor of first paint (issue 20).

``describe(window)`` writes down, as JSON-ready data, what a main window shows: its menus,
tool bars, status bar, docks (title, area, tabs) and central widget, each widget by its
nearest PySide class with its text, items, layout and font, and each visible scene item
as a ``QPicture`` of its own ``paint()``. ``build(description)`` makes the same window
from PySide classes alone: no VMA Studio module, no subclass but one item class that
plays the recorded pictures back.

``gui_startup_floor`` runs this file as a script (``python -c``, like its peers): the
replica of VMA Studio's first frame, timed to its first paint against the bare window.
It is what any PySide program showing the same frame pays, so VMA Studio's time above it
is what VMA Studio's own code costs. The script describes the replica it built, too, so
the benchmark can check that the replica is the same window.

This file imports only the standard library and PySide6: it is the replica's whole code.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import sys
from typing import Any

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPicture, QPixmap, QTransform
from PySide6.QtWidgets import QApplication, QGraphicsItem, QMainWindow, QWidget

Desc = dict[str, Any]

# ---------------------------------------------------------------------------------------
# Describing a window


def _pyside_class(obj: object) -> str:
    """The name of the first PySide class in ``obj``'s class hierarchy."""
    for cls in type(obj).__mro__:
        if cls.__module__.startswith("PySide6."):
            return cls.__name__
    raise TypeError(f"{type(obj).__name__} is not a PySide object")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _png(icon: QIcon, size: int = 32) -> str:
    from PySide6.QtCore import QBuffer, QIODevice

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    icon.pixmap(size).save(buf, "PNG")
    return _b64(bytes(buf.data().data()))


def _font(widget: QWidget) -> str | None:
    font = widget.font()
    return None if font == QApplication.font() else font.toString()


def _tree_item(item: QtWidgets.QTreeWidgetItem, columns: int) -> Desc:
    return {
        "texts": [item.text(c) for c in range(columns)],
        "expanded": item.isExpanded(),
        "children": [_tree_item(item.child(i), columns) for i in range(item.childCount())],
    }


def _layout(layout: QtWidgets.QLayout) -> Desc:
    desc: Desc = {"class": _pyside_class(layout), "spacing": layout.spacing(), "items": []}
    margins = layout.contentsMargins()
    desc["margins"] = [margins.left(), margins.top(), margins.right(), margins.bottom()]
    for i in range(layout.count()):
        item = layout.itemAt(i)
        entry: Desc
        if item.widget() is not None:
            entry = {"widget": describe_widget(item.widget())}
        elif item.layout() is not None:
            entry = {"layout": _layout(item.layout())}
        else:
            entry = {"stretch": True}
        if isinstance(layout, QtWidgets.QGridLayout):
            row, column, rows, columns = layout.getItemPosition(i)
            entry["cell"] = [row, column, rows, columns]
        desc["items"].append(entry)
    return desc


def _scene(view: QtWidgets.QGraphicsView) -> Desc:
    scene = view.scene()
    items = []
    option = QtWidgets.QStyleOptionGraphicsItem()
    for item in scene.items(Qt.SortOrder.AscendingOrder):
        if not item.isVisible():
            continue
        picture = QPicture()
        painter = QPainter(picture)
        painter.setOpacity(item.effectiveOpacity())
        item.paint(painter, option, None)
        painter.end()
        t = item.sceneTransform()
        items.append(
            {
                "transform": [t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()],
                "rect": list(item.boundingRect().getRect()),
                "picture": _b64(bytes(picture.data())),
            }
        )
    t = view.transform()
    return {
        "scene_rect": list(scene.sceneRect().getRect()),
        "background": scene.backgroundBrush().color().name(),
        "transform": [t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()],
        "render_hints": view.renderHints().value,
        "viewport": [view.viewport().width(), view.viewport().height()],
        "center": list(view.mapToScene(view.viewport().rect().center()).toTuple()),
        "items": items,
    }


def describe_widget(widget: QWidget) -> Desc:
    """A widget as its PySide class, its visible content, its font and its layout."""
    W = QtWidgets
    desc: Desc = {"class": _pyside_class(widget), "visible": not widget.isHidden()}
    if widget.objectName():
        desc["name"] = widget.objectName()
    if font := _font(widget):
        desc["font"] = font
    if widget.toolTip():
        desc["tooltip"] = widget.toolTip()
    if isinstance(widget, W.QLabel):
        desc["text"] = widget.text()
    elif isinstance(widget, W.QTreeWidget):
        columns = widget.columnCount()
        header = widget.headerItem()
        desc["header"] = [header.text(c) for c in range(columns)]
        desc["header_hidden"] = widget.isHeaderHidden()
        desc["widths"] = [widget.columnWidth(c) for c in range(columns)]
        top = widget.invisibleRootItem()
        desc["items"] = [_tree_item(top.child(i), columns) for i in range(top.childCount())]
        path = []
        current = widget.currentItem()
        while current is not None:
            parent = current.parent() or top
            path.insert(0, parent.indexOfChild(current))
            current = current.parent()
        desc["current"] = path
    elif isinstance(widget, W.QListWidget):
        rows = []
        for i in range(widget.count()):
            item = widget.item(i)
            row: Desc = {"text": item.text(), "font": item.font().toString()}
            if not item.icon().isNull():
                row["icon"] = _png(item.icon(), max(widget.iconSize().height(), 16))
            rows.append(row)
        desc["items"] = rows
        desc["icon_size"] = [widget.iconSize().width(), widget.iconSize().height()]
    elif isinstance(widget, W.QPlainTextEdit):
        desc["text"] = widget.toPlainText()
        desc["wrap"] = widget.lineWrapMode().value
        desc["read_only"] = widget.isReadOnly()
        desc["marks"] = [
            [
                mark.cursor.selectionStart(),
                mark.cursor.selectionEnd(),
                mark.format.background().color().name(),
                mark.format.property(QtGui.QTextFormat.Property.FullWidthSelection) is True,
            ]
            for mark in widget.extraSelections()
        ]
    elif isinstance(widget, W.QTextEdit):
        desc["html"] = widget.toHtml()
    elif isinstance(widget, W.QAbstractSlider):
        desc["orientation"] = widget.orientation().value
        desc["range"] = [widget.minimum(), widget.maximum(), widget.value()]
    elif isinstance(widget, W.QSpinBox):
        desc["range"] = [widget.minimum(), widget.maximum(), widget.value()]
        desc["affixes"] = [widget.prefix(), widget.suffix()]
    elif isinstance(widget, W.QGraphicsView) and widget.scene() is not None:
        desc["scene"] = _scene(widget)
    if isinstance(widget, W.QAbstractScrollArea):
        desc["scroll_bars"] = [
            widget.horizontalScrollBarPolicy().value,
            widget.verticalScrollBarPolicy().value,
        ]
    if widget.layout() is not None:
        desc["layout"] = _layout(widget.layout())
    return desc


def _action(action: QtGui.QAction, bar: QtWidgets.QToolBar | None = None) -> Desc:
    if action.isSeparator():
        return {"separator": True}
    desc: Desc = {"text": action.text()}
    if action.toolTip() != action.text().replace("&", ""):
        desc["tooltip"] = action.toolTip()
    if action.shortcuts():
        desc["shortcuts"] = [s.toString() for s in action.shortcuts()]
    if action.isCheckable():
        desc["checked"] = action.isChecked()
    if not action.isEnabled():
        desc["disabled"] = True
    if not action.icon().isNull():
        desc["icon"] = _png(action.icon())
    if action.menu() is not None:
        desc["menu"] = _menu(action.menu())
    if bar is not None:
        shown = bar.widgetForAction(action)
        if shown is not None and not isinstance(shown, QtWidgets.QToolButton):
            desc["widget"] = describe_widget(shown)
    return desc


def _menu(menu: QtWidgets.QMenu) -> Desc:
    return {"title": menu.title(), "actions": [_action(a) for a in menu.actions()]}


def describe(window: QMainWindow) -> Desc:
    """What ``window`` shows: menus, tool bars, status bar, docks and central widget."""
    W = QtWidgets
    docks = []
    titles = {d.windowTitle(): d.objectName() for d in window.findChildren(W.QDockWidget)}
    tab_groups = [
        [titles[bar.tabText(i).replace("&", "")] for i in range(bar.count())]
        for bar in window.findChildren(W.QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if bar.isVisible()
    ]

    def place(dock: QtWidgets.QDockWidget) -> tuple[int, int, int]:
        """Where a dock sits: its area, then top to bottom, left to right (a tabbed dock
        where its group's shown tab is)."""
        shown = dock
        if dock.visibleRegion().isEmpty():
            for other in window.tabifiedDockWidgets(dock):
                if not other.visibleRegion().isEmpty():
                    shown = other
        return (window.dockWidgetArea(dock).value, shown.y(), shown.x())

    for dock in sorted(window.findChildren(W.QDockWidget), key=place):
        docks.append(
            {
                "name": dock.objectName(),
                "title": dock.windowTitle(),
                "area": window.dockWidgetArea(dock).value,
                "visible": not dock.isHidden(),
                "raised": not dock.visibleRegion().isEmpty(),
                "tabs": sorted(d.objectName() for d in window.tabifiedDockWidgets(dock)),
                "widget": describe_widget(dock.widget()),
            }
        )
        if not dock.isHidden() and docks[-1]["raised"]:
            docks[-1]["size"] = [dock.width(), dock.height()]
    bars = [
        {
            "name": bar.objectName(),
            "area": window.toolBarArea(bar).value,
            "icon_size": bar.iconSize().height(),
            "actions": [_action(a, bar) for a in bar.actions()],
        }
        for bar in window.findChildren(W.QToolBar)
    ]
    status = window.statusBar()
    return {
        "tab_groups": tab_groups,
        "title": window.windowTitle(),
        "size": [window.width(), window.height()],
        "app_font": QApplication.font().toString(),
        "menus": [_menu(a.menu()) for a in window.menuBar().actions() if a.menu()],
        "toolbars": bars,
        "status": [
            describe_widget(w)
            for w in status.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if isinstance(w, W.QLabel)
        ],
        "docks": docks,
        "central": describe_widget(window.centralWidget()),
    }


#: What a replica reproduces only closely: pixel sizes the window's layout settles on
#: (it docks, sizes columns and centres the view from the recorded sizes), and pictures
#: and icons, recorded again from their own playback.
LOOSE = ("size", "viewport", "center", "widths", "picture", "icon")


def structure(desc: Any) -> Any:
    """``desc`` without the ``LOOSE`` keys, docks in name order (``findChildren`` lists
    them in no fixed order): what a replica must reproduce exactly."""
    if isinstance(desc, dict):
        out = {k: structure(v) for k, v in desc.items() if k not in LOOSE}
        if "docks" in out:
            out["docks"] = sorted(out["docks"], key=lambda d: str(d["name"]))
        return out
    if isinstance(desc, list):
        return [structure(v) for v in desc]
    return desc


# ---------------------------------------------------------------------------------------
# Building the replica


class PictureItem(QGraphicsItem):
    """A scene item that plays back a recorded ``paint()``."""

    def __init__(self, rect: QRectF, picture: QPicture) -> None:
        super().__init__()
        self._rect = rect
        self._picture = picture

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: object, widget: object = None) -> None:
        painter.drawPicture(0, 0, self._picture)


def _icon(data: str) -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(base64.b64decode(data), "PNG")
    return QIcon(pixmap)


def _font_of(text: str) -> QFont:
    font = QFont()
    font.fromString(text)
    return font


def _build_tree_item(desc: Desc) -> QtWidgets.QTreeWidgetItem:
    item = QtWidgets.QTreeWidgetItem(desc["texts"])
    item.addChildren([_build_tree_item(c) for c in desc["children"]])
    return item


def _build_layout(desc: Desc) -> QtWidgets.QLayout:
    layout = getattr(QtWidgets, desc["class"])()
    layout.setSpacing(desc["spacing"])
    layout.setContentsMargins(*desc["margins"])
    for entry in desc["items"]:
        cell = entry.get("cell", [])
        if "widget" in entry:
            layout.addWidget(build_widget(entry["widget"]), *cell)
        elif "layout" in entry:
            layout.addLayout(_build_layout(entry["layout"]), *cell)
        elif isinstance(layout, QtWidgets.QBoxLayout):
            layout.addStretch()
    return layout


def _build_scene(view: QtWidgets.QGraphicsView, desc: Desc) -> None:
    scene = QtWidgets.QGraphicsScene(view)
    scene.setSceneRect(QRectF(*desc["scene_rect"]))
    scene.setBackgroundBrush(QtGui.QColor(desc["background"]))
    for entry in desc["items"]:
        picture = QPicture()
        picture.setData(QByteArray(base64.b64decode(entry["picture"])))
        item = PictureItem(QRectF(*entry["rect"]), picture)
        item.setTransform(QTransform(*entry["transform"]))
        scene.addItem(item)
    view.setScene(scene)
    view.setRenderHints(QPainter.RenderHint(desc["render_hints"]))
    view.setTransform(QTransform(*desc["transform"]))


def build_widget(desc: Desc) -> QWidget:
    """The widget ``desc`` describes, made of its PySide class."""
    W = QtWidgets
    widget = getattr(W, desc["class"])()
    if "name" in desc:
        widget.setObjectName(desc["name"])
    if "font" in desc:
        widget.setFont(_font_of(desc["font"]))
    if "tooltip" in desc:
        widget.setToolTip(desc["tooltip"])
    if isinstance(widget, W.QLabel):
        widget.setText(desc["text"])
    elif isinstance(widget, W.QTreeWidget):
        widget.setColumnCount(len(desc["header"]))
        widget.setHeaderLabels(desc["header"])
        widget.setHeaderHidden(desc["header_hidden"])
        items = [_build_tree_item(d) for d in desc["items"]]
        widget.addTopLevelItems(items)
        pending = list(zip(items, desc["items"], strict=True))
        while pending:
            item, d = pending.pop()
            item.setExpanded(d["expanded"])
            children = [item.child(i) for i in range(item.childCount())]
            pending.extend(zip(children, d["children"], strict=True))
        for column, width in enumerate(desc["widths"]):
            widget.setColumnWidth(column, width)
        if desc["current"]:
            current = widget.topLevelItem(desc["current"][0])
            for index in desc["current"][1:]:
                current = current.child(index)
            widget.setCurrentItem(current)
    elif isinstance(widget, W.QListWidget):
        if desc["icon_size"][0] > 0:
            widget.setIconSize(QSize(*desc["icon_size"]))
        for row in desc["items"]:
            item = W.QListWidgetItem(row["text"], widget)
            item.setFont(_font_of(row["font"]))
            if "icon" in row:
                item.setIcon(_icon(row["icon"]))
    elif isinstance(widget, W.QPlainTextEdit):
        widget.setLineWrapMode(W.QPlainTextEdit.LineWrapMode(desc["wrap"]))
        widget.setReadOnly(desc["read_only"])
        widget.setPlainText(desc["text"])
        marks = []
        for start, end, colour, full_width in desc["marks"]:
            mark = W.QTextEdit.ExtraSelection()
            mark.cursor = QtGui.QTextCursor(widget.document())
            mark.cursor.setPosition(start)
            mark.cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            mark.format.setBackground(QtGui.QColor(colour))
            mark.format.setProperty(QtGui.QTextFormat.Property.FullWidthSelection, full_width)
            marks.append(mark)
        widget.setExtraSelections(marks)
    elif isinstance(widget, W.QTextEdit):
        widget.setHtml(desc["html"])
    elif isinstance(widget, W.QAbstractSlider):
        widget.setOrientation(Qt.Orientation(desc["orientation"]))
        widget.setRange(desc["range"][0], desc["range"][1])
        widget.setValue(desc["range"][2])
    elif isinstance(widget, W.QSpinBox):
        widget.setRange(desc["range"][0], desc["range"][1])
        widget.setValue(desc["range"][2])
        widget.setPrefix(desc["affixes"][0])
        widget.setSuffix(desc["affixes"][1])
    elif isinstance(widget, W.QGraphicsView) and "scene" in desc:
        _build_scene(widget, desc["scene"])
    if "scroll_bars" in desc:
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy(desc["scroll_bars"][0]))
        widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy(desc["scroll_bars"][1]))
    if "layout" in desc:
        widget.setLayout(_build_layout(desc["layout"]))
    if not desc["visible"]:
        widget.hide()
    return widget


def _build_action(desc: Desc, parent: QObject) -> QtGui.QAction:
    action = QtGui.QAction(desc["text"], parent)
    if "tooltip" in desc:
        action.setToolTip(desc["tooltip"])
    if "shortcuts" in desc:
        action.setShortcuts([QtGui.QKeySequence(s) for s in desc["shortcuts"]])
    if "checked" in desc:
        action.setCheckable(True)
        action.setChecked(desc["checked"])
    if desc.get("disabled"):
        action.setEnabled(False)
    if "icon" in desc:
        action.setIcon(_icon(desc["icon"]))
    if "menu" in desc:
        action.setMenu(_build_menu(desc["menu"], parent))
    return action


def _build_menu(desc: Desc, parent: QWidget | QObject) -> QtWidgets.QMenu:
    menu = QtWidgets.QMenu(desc["title"], parent if isinstance(parent, QWidget) else None)
    for entry in desc["actions"]:
        if entry.get("separator"):
            menu.addSeparator()
        else:
            menu.addAction(_build_action(entry, menu))
    return menu


def build(desc: Desc) -> QMainWindow:
    """The window ``desc`` describes, made of PySide classes alone."""
    W = QtWidgets
    window = QMainWindow()
    window.setWindowTitle(desc["title"])
    QApplication.setFont(_font_of(desc["app_font"]))
    for menu in desc["menus"]:
        window.menuBar().addMenu(_build_menu(menu, window))
    for bar_desc in desc["toolbars"]:
        bar = W.QToolBar(window)
        bar.setObjectName(bar_desc["name"])
        bar.setIconSize(QSize(bar_desc["icon_size"], bar_desc["icon_size"]))
        for entry in bar_desc["actions"]:
            if entry.get("separator"):
                bar.addSeparator()
            elif "widget" in entry:
                bar.addWidget(build_widget(entry["widget"]))
            else:
                bar.addAction(_build_action(entry, window))
        window.addToolBar(Qt.ToolBarArea(bar_desc["area"]), bar)
    for label in desc["status"]:
        window.statusBar().addPermanentWidget(build_widget(label))
    docks = {}
    for dock_desc in desc["docks"]:
        dock = W.QDockWidget(dock_desc["title"], window)
        dock.setObjectName(dock_desc["name"])
        dock.setWidget(build_widget(dock_desc["widget"]))
        window.addDockWidget(Qt.DockWidgetArea(dock_desc["area"]), dock)
        docks[dock_desc["name"]] = dock
    for group in desc["tab_groups"]:
        for first, second in itertools.pairwise(group):
            window.tabifyDockWidget(docks[first], docks[second])
    for dock_desc in desc["docks"]:
        if not dock_desc["visible"]:
            docks[dock_desc["name"]].hide()
        elif dock_desc["raised"]:
            docks[dock_desc["name"]].raise_()
    window.setCentralWidget(build_widget(desc["central"]))
    window.resize(*desc["size"])
    return window


def settle(window: QMainWindow, desc: Desc) -> None:
    """Once shown (the window has its final size): the docks' sizes and the view's centre."""
    docks = {d.objectName(): d for d in window.findChildren(QtWidgets.QDockWidget)}
    shown = [d for d in desc["docks"] if "size" in d]
    for axis, orientation in enumerate((Qt.Orientation.Horizontal, Qt.Orientation.Vertical)):
        window.resizeDocks(
            [docks[d["name"]] for d in shown], [d["size"][axis] for d in shown], orientation
        )
    central = window.centralWidget()
    if isinstance(central, QtWidgets.QGraphicsView) and "scene" in desc["central"]:
        central.centerOn(*desc["central"]["scene"]["center"])


def run(desc: Desc) -> None:
    """Show the replica; quit at its central widget's first paint (the viewport's, for a
    graphics view), printing its own description when ``REPLICA_DESCRIBE`` is set."""
    app = QApplication.instance() or QApplication(sys.argv)
    window = build(desc)
    central = window.centralWidget()
    viewport = getattr(central, "viewport", None)  # a scroll area paints in its viewport
    watched = central if viewport is None else viewport()

    class First(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is watched:
                if os.environ.get("REPLICA_DESCRIBE"):
                    print(json.dumps(describe(window)))
                app.quit()
            return False

    first = First()
    watched.installEventFilter(first)
    window.show()
    settle(window, desc)
    app.exec()


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two descriptions differ (paths), for a replica's check against its window."""
    if type(a) is not type(b):
        return [path or "/"]
    if isinstance(a, dict):
        keys = sorted(set(a) | set(b))
        return [
            d
            for k in keys
            for d in (
                differences(a[k], b[k], f"{path}/{k}") if k in a and k in b else [f"{path}/{k}"]
            )
        ]
    if isinstance(a, list):
        if len(a) != len(b):
            return [path]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [path]


def script(desc: Desc) -> str:
    """A ``python -c`` script that shows the replica of ``desc`` (this file and a call)."""
    with open(__file__, encoding="utf-8") as f:
        source = f.read()
    return source + f"\nrun(json.loads({json.dumps(desc)!r}))\n"
