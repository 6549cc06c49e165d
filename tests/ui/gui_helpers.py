"""Helpers for driving dialogs in GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import shiboken6
from gdsview.core.storage.workspace import Workspace
from gdsview.ui.backend import GuiBackend
from gdsview.ui.main_window import MainWindow
from gdsview.ui.roles import KEY_ROLE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget


@contextmanager
def shown_window(qtbot, root) -> Iterator[MainWindow]:
    """The main window on the workspace at ``root``, shown; its backend shut down afterwards."""
    backend = GuiBackend(Workspace(root))
    w = MainWindow(backend)
    qtbot.addWidget(w)
    backend.start()
    w.show()
    qtbot.waitExposed(w)
    try:
        yield w
    finally:
        w.close_without_asking()


def visible_dialog(qtbot, window: QWidget, name: str, cls=QWidget) -> QWidget:
    found: list[QWidget] = []

    def shown() -> bool:
        found[:] = [d for d in window.findChildren(cls, name) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[-1]


def answer(qtbot, window: QWidget, name: str, button: QMessageBox.StandardButton) -> str:
    """Click ``button`` of the visible message box ``name``; returns its text."""
    box = visible_dialog(qtbot, window, name, QMessageBox)
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    return text


def default_of(qtbot, window: QWidget, name: str = "confirmDialog") -> QMessageBox.StandardButton:
    """The default button (what Enter answers) of the visible message box ``name``."""
    box = visible_dialog(qtbot, window, name, QMessageBox)
    return box.standardButton(box.defaultButton())


def no_dialog_open(window: QWidget) -> bool:
    return not [d for d in window.findChildren(QMessageBox) if d.isVisible()] and \
        QApplication.activeModalWidget() is None


def slice_state(window, disk: str, volume: str = "Volume1") -> str:
    window.backend.refresh(force=True)
    return window.backend.snapshot.slice("Class1", disk, volume).state.value


# -- driving the dialogs ---------------------------------------------------------------------------

def open_settings(qtbot, window, action: str, dialog: str):
    window.findChild(type(window.abnormal_action), action).trigger()
    return visible_dialog(qtbot, window, dialog)


def item(tree, key: str):
    found = [i for i in _items(tree.invisibleRootItem()) if i.data(0, KEY_ROLE) == key]
    assert found, f"{key} not in {tree.objectName()}: {keys(tree)}"
    return found[0]


def _items(parent):
    for n in range(parent.childCount()):
        yield parent.child(n)
        yield from _items(parent.child(n))


def keys(tree) -> list[str]:
    return [i.data(0, KEY_ROLE) for i in _items(tree.invisibleRootItem())]


def click_item(qtbot, tree, key: str) -> None:
    it = item(tree, key)
    tree.scrollToItem(it)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(it).center())
    assert it.isSelected()


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled: {button.toolTip()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.session.busy, timeout=10_000)


def state(window):
    """The whole configuration, version aside (for "nothing changed")."""
    window.backend.refresh(force=True)
    return replace(window.backend.snapshot, version=0)


def fresh(window):
    window.backend.refresh(force=True)
    return window.backend.snapshot


def gone(dialog) -> bool:
    """Closed (and, as the dialogs delete themselves on close, perhaps deleted already)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def close(qtbot, dialog) -> None:
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)


# -- the reliable backup procedure: steps 1, 2 ... 8, 9 -------------------------------------------

def register(qtbot, dialog, device: str, disk: str) -> str:
    """Select the physical disk, name it, Add, Yes: returns the confirmation's text."""
    click_item(qtbot, dialog.physical, device)
    if dialog.disk_name.text() != disk:
        type_into(qtbot, dialog.disk_name, disk)
    click(qtbot, dialog.add_button)
    question = answer(qtbot, dialog, "confirmDialog", QMessageBox.StandardButton.Yes)
    idle(qtbot, dialog)
    return question


