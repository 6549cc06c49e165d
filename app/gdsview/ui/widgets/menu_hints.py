"""Menu items explain themselves: a tooltip beside the item, and the same words in the status bar.

Qt shows a menu item's tooltip under the mouse pointer, over the items below it, and shows the
status tip of an enabled item only. :class:`MenuHints`, installed on every menu of a window,
shows the tooltip to the right of the menu (level with the item, never over another item) and
puts the item's status tip — for a disabled item, the reason it is disabled — in the status
bar while the pointer is on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QAction, QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolTip


class MenuHints(QObject):
    """An event filter for menus; ``show_status(text)`` shows a line in the window's status bar."""

    def __init__(self, show_status: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_status = show_status
        self._last: QAction | None = None

    def install(self, menu: QMenu) -> None:
        menu.setToolTipsVisible(True)
        menu.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(watched, QMenu):
            return False
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            action = watched.actionAt(event.pos())
            if action is None or action.isSeparator() or not action.toolTip():
                QToolTip.hideText()
                return True
            rect = watched.actionGeometry(action)
            where = watched.mapToGlobal(QPoint(watched.width() + 2, rect.top()))
            QToolTip.showText(where, action.toolTip(), watched, rect)
            return True
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            action = watched.actionAt(event.position().toPoint())
            if action is not self._last:
                self._last = action
                if action is not None and not action.isEnabled() and action.statusTip():
                    self.show_status(action.statusTip())  # Qt shows only the enabled items' own
        elif kind == QEvent.Type.Hide:
            self._last = None
        return False


__all__ = ["MenuHints"]
