"""What the parts of ``MainWindow`` share: ``WindowBase`` declares, for the type checker,
the state ``MainWindow.__init__`` makes and the methods one part calls in another
(``window_build`` builds docks, menus and bars; ``window_files`` opens, saves and
remembers). At run time it adds nothing to ``QMainWindow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QSpinBox

    from ..engine.processes import MapsDiff
    from ..engine.scenario import Scenario, ScenarioError
    from ..model.document import Document
    from ..view.panels.steps_panel import StepsPanel
    from ..view.scene import VmaScene
    from ..view.scene_view import SceneView
    from .actions import Actions
    from .diff_dialog import DiffDialog
    from .find_dialog import FindVmaDialog
    from .import_order import ImportOrderMenu
    from .side_by_side import SideBySideWindow


def window_tr(text: str) -> str:
    """``MainWindow``'s translation context, for the parts that live in other modules."""
    return QCoreApplication.translate("MainWindow", text)


class WindowBase(QMainWindow):
    if TYPE_CHECKING:
        settings: QSettings
        lang: str
        document: Document
        scene: VmaScene
        view: SceneView
        actions_: Actions
        find_dialog: FindVmaDialog | None
        _fitted: bool
        # made by window_build, used by window_files
        speed_box: QSpinBox
        lang_en_action: QAction
        steps_panel: StepsPanel
        recent_menu: QMenu
        import_order_menu: ImportOrderMenu
        refresh_action: QAction

        def switch_language(self, lang: str) -> QMainWindow: ...
        def open_file(self, path: str, ask: bool = True) -> bool: ...
        def make_diff_dialog(self, diff: MapsDiff, pid: int) -> DiffDialog: ...
        def _say(self, exc: ScenarioError) -> str: ...
        def _error(self, text: str) -> None: ...
        def _on_export_triggered(self) -> None: ...
        def _on_find_triggered(self) -> None: ...
        def _on_goto_triggered(self) -> None: ...
        def _on_lesson_triggered(self) -> None: ...
        def _on_side_by_side_triggered(self) -> None: ...
        def _on_pointer_view_vma_selected(self, start: int | None) -> None: ...
        def open_side_by_side(self, scenario: Scenario) -> SideBySideWindow: ...
        def _on_refresh_process_triggered(self) -> None: ...
        def _open_example(self, name: str, folder: str = "examples") -> None: ...
