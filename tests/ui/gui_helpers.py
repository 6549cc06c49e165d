"""Helpers for driving dialogs in GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


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


def no_dialog_open(window: QWidget) -> bool:
    return not [d for d in window.findChildren(QMessageBox) if d.isVisible()] and \
        QApplication.activeModalWidget() is None


def slice_state(window, disk: str, volume: str = "Volume1") -> str:
    window.backend.refresh(force=True)
    return window.backend.snapshot.slice("Class1", disk, volume).state.value
