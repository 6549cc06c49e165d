"""Confirmation, completion and error messages, opened window-modal without blocking.

Each box calls back when answered, so the window stays live (and tests can click the buttons).

**When an operation asks** (GDS Management View's rule, applied everywhere): an operation that
changes something — the configuration (register, remove, connect, disconnect, create, start,
stop, detach, attach, restore, copying), a service (start or stop it), a file (a backup), the lab
(reset, a simulated failure) — asks Yes/No first, and No changes nothing. Quitting or opening
another workspace while a copy runs or the service writes asks too. What only reads (Check
Status, Verify Backup, Update Now) does not ask.

**Which default button** (what Enter answers): No for a *destructive* operation — one that
deletes something (Remove, Disconnect, Reset Lab) or stops something in use (Stop Volume, Stop
Slice, Stop Service, Cancel Copying, Simulate Disk Failure, quitting during a copy or while the
service writes) — and Yes for every other one. Each caller says which it is (``destructive``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem, QWidget

from ...core.errors import SdxError
from .. import core_texts
from ..help_keys import add_help_key, main_window_help

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No

TITLE_SEPARATOR = " \u2014 "  # how the window system shows "title — application"
TITLE_BAR_EXTRA = 160  # the title bar's icon and buttons, in pixels


def title_width(title: str) -> int:
    """The width a window needs to show ``title`` (and the application's name after it) whole."""
    shown = title
    app_name = QGuiApplication.applicationDisplayName()
    if app_name and app_name not in title:
        shown = f"{title}{TITLE_SEPARATOR}{app_name}"
    font = QGuiApplication.font()
    font.setBold(True)  # window managers draw titles bold
    return QFontMetrics(font).horizontalAdvance(shown) + TITLE_BAR_EXTRA


def _box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, buttons, name: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName(name)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_title(box, title)
    show_help = main_window_help(parent)
    if show_help is not None:  # F1: the Help at this box's operation
        add_help_key(box, show_help)
    return box


def fit_title(box: QMessageBox, title: str) -> None:
    """Make the box wide enough that the window system shows its title whole (not "Att… View")."""
    layout = box.layout()
    screen = box.screen() or QGuiApplication.primaryScreen()
    limit = int(screen.availableGeometry().width() * 0.8) if screen is not None else 1000
    width = min(title_width(title), limit)
    if isinstance(layout, QGridLayout):
        layout.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed),
                       layout.rowCount(), 0, 1, layout.columnCount())


def ask(parent: QWidget, title: str, text: str, on_yes: Callable[[], None],
        on_no: Callable[[], None] | None = None, *, destructive: bool = False) -> QMessageBox:
    """A Yes/No confirmation; ``No`` (or Escape) runs ``on_no`` and changes nothing.

    ``destructive`` (see the module's rule): No is the default button, so Enter does not do it.
    """
    box = _box(parent, QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question, title, text,
               Yes | No, "confirmDialog")
    box.setDefaultButton(No if destructive else Yes)
    box.setEscapeButton(No)
    box.setProperty("destructive", destructive)

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
