"""Every command of the window as a ``QAction``: text, shortcut, tooltip, icon, checkable."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

SK = QKeySequence.StandardKey


class Actions(QObject):
    """Created once per window; the window connects the ``triggered`` signals."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        style = window.style()
        sp = QStyle.StandardPixmap

        def make(
            name: str,
            text: str,
            shortcut: QKeySequence | SK | str | None = None,
            tip: str = "",
            icon: QStyle.StandardPixmap | None = None,
            checkable: bool = False,
        ) -> QAction:
            action = QAction(text, window)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            base = tip or text.replace("&", "")
            action.setToolTip(f"{base} ({shown})" if shown else base)
            action.setStatusTip(base)
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            action.setCheckable(checkable)
            window.addAction(action)
            return action

        tr = self.tr
        # File
        self.new = make("new", tr("&New"), SK.New, tr("Start from an empty mm"), sp.SP_FileIcon)
        self.open = make(
            "open",
            tr("&Open…"),
            SK.Open,
            tr("Open a .vmas scenario or a saved maps file"),
            sp.SP_DialogOpenButton,
        )
        self.open_demo = make("open_demo", tr("Open the &demo"), "Ctrl+D", tr("The built-in demo"))
        self.import_pid = make(
            "import_pid",
            tr("Open &process…"),
            "Ctrl+I",
            tr("Pick a running process and read its /proc/PID/maps"),
        )
        self.save = make(
            "save", tr("&Save"), SK.Save, tr("Save the scenario (atomic)"), sp.SP_DialogSaveButton
        )
        self.save_as = make("save_as", tr("Save &as…"), SK.SaveAs, tr("Save under a new name"))
        self.quit = make("quit", tr("&Quit"), SK.Quit, tr("Close VMA Studio"))
        # Edit
        self.insert = make(
            "insert",
            tr("&Insert a VMA…"),
            "Ins",
            tr("Type a range to insert (or drag across a gap in the map)"),
        )
        self.erase = make(
            "erase", tr("&Erase the selected VMA"), "Del", tr("Unmap the selected VMA")
        )
        self.kernel_40 = make(
            "kernel_40", tr("Linux 4.0 profile"), None, tr("Kernel profile 4.0"), checkable=True
        )
        self.kernel_419 = make(
            "kernel_419", tr("Linux 4.19 profile"), None, tr("Kernel profile 4.19"), checkable=True
        )
        self.kernel_group = QActionGroup(self)
        for a in (self.kernel_40, self.kernel_419):
            self.kernel_group.addAction(a)
        # Step
        self.play = make(
            "play",
            tr("&Play"),
            "Space",
            tr("Play or pause the steps"),
            sp.SP_MediaPlay,
            checkable=True,
        )
        self.step_forward = make(
            "step_forward", tr("Step &forward"), "Right", tr("Next step"), sp.SP_MediaSeekForward
        )
        self.step_back = make(
            "step_back", tr("Step &back"), "Left", tr("Previous step"), sp.SP_MediaSeekBackward
        )
        self.next_op = make(
            "next_op",
            tr("&Next op"),
            "Down",
            tr("First step of the next op"),
            sp.SP_MediaSkipForward,
        )
        self.prev_op = make(
            "prev_op",
            tr("P&revious op"),
            "Up",
            tr("First step of the previous op"),
            sp.SP_MediaSkipBackward,
        )
        self.first = make(
            "first", tr("F&irst step"), "Home", tr("The initial state"), sp.SP_ArrowUp
        )
        self.last = make(
            "last", tr("&Last step"), "End", tr("The last step of the last op"), sp.SP_ArrowDown
        )
        self.faster = make("faster", tr("Fas&ter"), "]", tr("Play more steps per second"))
        self.slower = make("slower", tr("S&lower"), "[", tr("Play fewer steps per second"))
        # View
        self.zoom_in = make(
            "zoom_in", tr("Zoom &in"), SK.ZoomIn, tr("Zoom in (or the mouse wheel)")
        )
        self.zoom_out = make(
            "zoom_out", tr("Zoom &out"), SK.ZoomOut, tr("Zoom out (or the mouse wheel)")
        )
        self.zoom_fit = make(
            "zoom_fit", tr("&Fit"), "Ctrl+0", tr("Fit the whole scene in the window")
        )
        self.zoom_reset = make("zoom_reset", tr("Actual si&ze"), "Ctrl+1", tr("Zoom 100%"))
        self.follow = make(
            "follow",
            tr("Follow the &action"),
            "F",
            tr("Keep the active nodes in sight"),
            checkable=True,
        )
        self.scale_linear = make(
            "scale_linear",
            tr("&Linear address scale"),
            "Ctrl+L",
            tr("Addresses to scale (small VMAs become slivers)"),
            checkable=True,
        )
        self.theme_dark = make(
            "theme_dark", tr("&Dark theme"), "Ctrl+Shift+D", tr("Dark colours"), checkable=True
        )
        self.short_addresses = make(
            "short_addresses",
            tr("&Short addresses"),
            "Ctrl+Shift+A",
            tr("Four hex digits instead of kernel-like addresses"),
            checkable=True,
        )
        self.lang_zh = make(
            "lang_zh",
            tr("&Chinese (简体中文)"),
            "Ctrl+Shift+L",
            tr("Switch the whole window between English and Simplified Chinese"),
            checkable=True,
        )
        self.present = make(
            "present",
            tr("&Present full screen"),
            "F5",
            tr("Show the steps full screen for a lecture hall"),
        )
        # Help
        self.about = make("about", tr("&About VMA Studio"), None, tr("About"))
        self.shortcuts = make(
            "shortcuts", tr("&Keyboard shortcuts"), SK.HelpContents, tr("List every shortcut")
        )
