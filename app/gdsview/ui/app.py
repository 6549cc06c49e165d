"""Starting the GUI: ``gdsview [--workspace DIR] [--lang ja|en] [--smoke-test]``.

The workspace is ``--workspace``, else ``$GDSVIEW_HOME``, else the last one the GUI opened, else
the user data folder; an empty workspace gets the demo lab. ``--smoke-test`` starts the GUI
offscreen on a temporary demo lab (or the given workspace), checks it shows Class1 and exits: the
check a package or bundle runs to prove it works.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..core.errors import SdxError
from .backend.workspaces import chosen_by_environment, default_workspace, is_workspace, workspace_problem

SMOKE_TIMEOUT_S = 30

_open_windows: list = []  # the windows the application opened (Python must keep them referenced)


def build_window(root: str | Path, preferences=None):
    """The backend and main window for a workspace (the demo lab is made if it is empty)."""
    from .backend import GuiBackend
    from .main_window import MainWindow

    backend = GuiBackend.open(root)
    window = MainWindow(backend, preferences)
    window.open_other = lambda folder, geometry, state: open_window(folder, preferences, geometry, state)
    backend.start()
    if window.lab is not None:  # a lab at its start has its service running, as a volume in production
        window.lab.autostart_service = True
        window.lab.start_demo_service()
    return window


def open_window(root: str | Path, preferences=None, geometry=None, state=None):
    """Open (and show) a main window on the workspace in ``root``; the application keeps it."""
    from PySide6.QtCore import Qt

    problem = workspace_problem(Path(root))
    if problem is not None:
        raise problem
    window = build_window(root, preferences)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.restore_layout(geometry, state)
    _open_windows.append(window)
    window.destroyed.connect(lambda *_: _open_windows.remove(window) if window in _open_windows else None)
    window.show()
    return window


def choose_workspace(workspace: str | None, preferences) -> str | None:
    """``--workspace``, else $GDSVIEW_HOME, else the last workspace opened (if it is still there)."""
    if workspace or chosen_by_environment() or preferences is None:
        return workspace
    last = preferences.last_workspace()
    if last is not None and is_workspace(last):
        return str(last)
    return None


def _application(argv: list[str] | None):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from .preferences import APPLICATION, ORGANIZATION

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationDisplayName("GDS Management View")
    app.setDesktopFileName("gdsview")  # packaging/gdsview.desktop
    app.setStyle("Fusion")
    from .icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def run_gui(workspace: str | None = None, argv: list[str] | None = None, *, lang: str | None = None,
            smoke_test: bool = False) -> int:
    if smoke_test:
        return run_smoke_test(workspace, argv, lang)
    from . import i18n
    from .preferences import Preferences

    app = _application(argv)
    _install_language(i18n, lang)
    preferences = Preferences()
    root = choose_workspace(workspace, preferences)
    open_window(root if root is not None else default_workspace(), preferences)
    return app.exec()


def _install_language(i18n, lang: str | None) -> str:
    try:
        return i18n.install(lang)
    except (ValueError, FileNotFoundError) as e:
        raise SdxError(str(e)) from None


def run_smoke_test(workspace: str | None = None, argv: list[str] | None = None, lang: str | None = None) -> int:
    """Start the GUI offscreen, check what a working installation shows, close it; 0 or an SdxError.

    Nothing of the user's is touched: a temporary demo lab unless a workspace is given, and no
    settings read or written.
    """
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QTranslator, qInstallMessageHandler, qVersion

    from ..paths import help_dir, resource_dir
    from . import i18n
    from .actions import OPERATIONS

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    previous = qInstallMessageHandler(_quiet_offscreen)
    app = _application(argv)
    used = _install_language(i18n, lang)
    tmp = Path(tempfile.mkdtemp(prefix="gdsview-smoke-"))
    window = None
    started = time.monotonic()
    try:
        root = Path(workspace) if workspace else tmp / "workspace"
        window = build_window(root)
        window.show()

        def classes() -> list[str]:
            model = window.tree_model
            node = model.index(0, 0)
            return [model.index(r, 0, node).data() for r in range(model.rowCount(node))] if node.isValid() else []

        while "Class1" not in classes() and time.monotonic() - started < SMOKE_TIMEOUT_S:
            app.processEvents()
            time.sleep(0.01)
        if not window.isVisible():
            raise SdxError("smoke test failed: the main window is not shown")
        if "Class1" not in classes():
            raise SdxError(f"smoke test failed: the Configuration Tree shows no Class1 after {SMOKE_TIMEOUT_S} s "
                           f"(classes: {', '.join(classes()) or 'none'})")
        items = [a for a in window.operation_menu.actions() if not a.isSeparator()]
        if len(items) != len(OPERATIONS):  # a demo lab: the lab's items too
            raise SdxError(f"smoke test failed: the Operation menu has {len(items)} items, not {len(OPERATIONS)}")
        missing = [str(p) for p in (resource_dir() / "icons" / "node-normal.svg", help_dir() / "en" / "index.html")
                   if not p.is_file()]
        for code in i18n.LANGUAGES:
            if code != i18n.SOURCE_LANGUAGE and not QTranslator().load(i18n.translation_file(code)):
                missing.append(i18n.translation_file(code))
        if missing:
            raise SdxError(f"smoke test failed: resources missing: {', '.join(missing)}")
        from PySide6.QtGui import QFontInfo

        from . import fonts

        family = QFontInfo(app.font()).family()
        shipped = " (shipped with gdsview)" if fonts.loaded_family() == family else ""
        print(f"gdsview smoke test passed in {time.monotonic() - started:.1f} s: main window shown, "
              f"Configuration Tree shows {', '.join(classes())}; language {used}; font {family}{shipped}; "
              f"Qt {qVersion()}, PySide6 {pyside_version}, Python {sys.version.split()[0]}; "
              f"resources {resource_dir()}", flush=True)
        return 0
    finally:
        if window is not None:
            window.close_without_asking()
            app.processEvents()
        i18n.remove()
        qInstallMessageHandler(previous)
        shutil.rmtree(tmp, ignore_errors=True)


def _quiet_offscreen(_mode, _context, message: str) -> None:
    """Qt's messages, but for the offscreen platform's harmless "does not support" complaints."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)
