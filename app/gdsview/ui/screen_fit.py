"""Windows that fit the screen: the first start's size, and saved geometries that no longer fit.

The available geometry (``QScreen.availableGeometry``: the screen less the desktop's panels) is
what a window may use, title bar and frame included. Before a window is shown its frame is not
known: :data:`FRAME_GUESS` stands for it until :func:`clamp_to_screen` can measure it.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

FRAME_GUESS = QMargins(4, 32, 4, 4)  # a window manager's title bar and borders


def available(widget: QWidget) -> QRect:
    """The available geometry of the screen the widget is on (else the primary screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def _frame(widget: QWidget) -> QMargins:
    if widget.isVisible():
        outer, inner = widget.frameGeometry(), widget.geometry()
        if outer != inner:
            return QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                            outer.right() - inner.right(), outer.bottom() - inner.bottom())
        return QMargins()
    return FRAME_GUESS


def fitted_size(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, made smaller where the screen is smaller (never below the widget's minimum)."""
    room, frame = available(widget), _frame(widget)
    width = min(wanted.width(), room.width() - frame.left() - frame.right())
    height = min(wanted.height(), room.height() - frame.top() - frame.bottom())
    return QSize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


def fit_to_screen(widget: QWidget, wanted: QSize) -> None:
    """The first start: ``wanted`` if the screen has room, else the room there is; centred."""
    size = fitted_size(widget, wanted)
    widget.resize(size)
    room, frame = available(widget), _frame(widget)
    outer = QSize(size.width() + frame.left() + frame.right(), size.height() + frame.top() + frame.bottom())
    widget.move(room.left() + max(0, (room.width() - outer.width()) // 2),
                room.top() + max(0, (room.height() - outer.height()) // 2))  # move() places the frame


def clamp_to_screen(widget: QWidget) -> bool:
    """A geometry (saved on a larger screen, say) that no longer fits is made to fit: smaller where
    it is too large, moved where it sticks out. Returns True if it changed anything."""
    room, frame = available(widget), _frame(widget)
    size = fitted_size(widget, widget.size())
    changed = size != widget.size()
    if changed:
        widget.resize(size)
    outer = QRect(widget.pos(), QSize(size.width() + frame.left() + frame.right(),
                                      size.height() + frame.top() + frame.bottom()))
    x = min(max(outer.left(), room.left()), max(room.left(), room.right() + 1 - outer.width()))
    y = min(max(outer.top(), room.top()), max(room.top(), room.bottom() + 1 - outer.height()))
    if (x, y) != (outer.left(), outer.top()):
        widget.move(x, y)
        changed = True
    return changed


def fit_file_columns(dialog: QFileDialog) -> None:
    """The file list in detail view, its Size, Type and Date columns as wide as what they show
    ("512.0 MiB" whole, not "512…MiB"); the name takes the rest. The window fits the screen."""
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(fitted_size(dialog, QSize(820, 500)))
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


__all__ = ["available", "fitted_size", "fit_to_screen", "clamp_to_screen", "fit_file_columns"]
