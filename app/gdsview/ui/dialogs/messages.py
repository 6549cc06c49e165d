"""Confirmation, completion and error messages, opened window-modal without blocking.

Each box calls back when answered, so the window stays live (and tests can click the buttons).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import SdxError
from .. import core_texts

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No


def _box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, buttons, name: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName(name)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def ask(parent: QWidget, title: str, text: str, on_yes: Callable[[], None],
        on_no: Callable[[], None] | None = None) -> QMessageBox:
    """A Yes/No confirmation; ``No`` (or Escape) runs ``on_no`` and changes nothing."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, Yes | No, "confirmDialog")
    box.setDefaultButton(Yes)
    box.setEscapeButton(No)

    def answered(_result: int) -> None:
        if box.standardButton(box.clickedButton()) == Yes:
            on_yes()
        elif on_no is not None:
            on_no()

    box.finished.connect(answered)
    box.open()
    return box


def tell(parent: QWidget, title: str, text: str, on_close: Callable[[], None] | None = None,
         name: str = "completionDialog", icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    box = _box(parent, icon, title, text, QMessageBox.StandardButton.Ok, name)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the access path can be copied
    if on_close is not None:
        box.finished.connect(lambda _r: on_close())
    box.open()
    return box


def fail(parent: QWidget, title: str, error: SdxError, on_close: Callable[[], None] | None = None) -> QMessageBox:
    """The backend's refusal, worded as GDS words it (its text in the GUI's language)."""
    return tell(parent, title, core_texts.error(error), on_close, name="errorDialog",
                icon=QMessageBox.Icon.Critical)
