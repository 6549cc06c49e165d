"""F1 in a dialog: the main window's Help at the dialog's operation.

A window-modal dialog blocks its main window's shortcuts, F1 among them, so each of the window's
dialogs (and each confirmation of theirs) gets its own F1 shortcut, calling the main window's
``show_help()`` (which looks at what is open to choose the Help's section).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

HELP_KEY = "helpKey"  # property: the window has its F1 shortcut already


def add_help_key(window: QWidget, show_help: Callable[[], object]) -> None:
    """Give ``window`` (a dialog, a message box) an F1 shortcut calling ``show_help``, once."""
    if window.property(HELP_KEY):
        return
    window.setProperty(HELP_KEY, True)
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_help())


def main_window_help(widget: QWidget) -> Callable[[], object] | None:
    """The ``show_help`` of the main window ``widget`` belongs to (through its parents), if any."""
    top = widget
    while top.parentWidget() is not None:
        top = top.parentWidget()
    return getattr(top, "show_help", None)


__all__ = ["add_help_key", "main_window_help"]
