"""Starting the GUI: ``gdsview [--workspace DIR]`` builds the demo lab in an empty workspace."""

from __future__ import annotations

import sys

from ..core.demo import init_lab
from ..core.manager import VolumeManager
from ..core.workspace import Workspace


def build_window(workspace: Workspace):
    """The backend and main window for a workspace (the demo lab is made if it is empty)."""
    from .backend import GuiBackend
    from .main_window import MainWindow

    if workspace.is_empty():
        init_lab(VolumeManager(workspace, source="gdsview"))
    backend = GuiBackend(workspace)
    window = MainWindow(backend)
    backend.start()
    return window


def run_gui(workspace: str | None = None, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("gdsview")
    app.setApplicationDisplayName("GDS Management View")
    app.setStyle("Fusion")
    window = build_window(Workspace(workspace))
    window.show()
    return app.exec()
