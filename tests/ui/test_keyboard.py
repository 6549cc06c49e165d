"""Accessibility: every control can be reached with the keyboard and has an accessible name, and
the Detach Slice flow can be done with the keyboard alone (in English and in Japanese)."""

from __future__ import annotations

import pytest
import shiboken6
from gdsview.core.model import AccessMode, SliceState
from gdsview.core.storage.workspace import Workspace
from gdsview.ui import i18n
from gdsview.ui.backend import GuiBackend
from gdsview.ui.main_window import MainWindow
from gui_helpers import visible_dialog
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScrollBar,
    QTabBar,
    QTextBrowser,
    QToolBar,
    QWidget,
)

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def controls(top: QWidget) -> list[QWidget]:
    """The widgets an operator works with: buttons, lists, fields, tabs (not scroll bars or the
    tool bar, whose actions are menu items too, nor the parts a combo or spin box is made of)."""
    found = []
    for w in top.findChildren(QWidget):
        if not (w.isVisibleTo(top) and w.isEnabled()):
            continue
        if not isinstance(w, QAbstractButton | QAbstractItemView | QComboBox | QLineEdit | QAbstractSpinBox
                          | QTabBar | QTextBrowser):
            continue
        ancestors = []
        p = w.parentWidget()
        while p is not None and p is not top:
            ancestors.append(p)
            p = p.parentWidget()
        if any(isinstance(a, QToolBar | QComboBox | QAbstractSpinBox | QScrollBar) for a in ancestors):
            continue
        if isinstance(w, QHeaderView) or isinstance(w, QAbstractItemView) and isinstance(w.parentWidget(), QComboBox):
            continue
        if w.objectName().startswith("qt_") or isinstance(w.parentWidget(), QTabBar | QDockWidget):
            continue  # dock title buttons, tab scroll arrows: window chrome, done with menus and keys
        found.append(w)
    return found


def tab_walk(qtbot, top: QWidget, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits, from the focused one, until it comes back to one it visited (Tab
    may also move inside a widget first: through the links of a help page)."""
    qtbot.waitUntil(top.isActiveWindow, timeout=5_000)
    seen: list[QWidget] = []
    stay = 0
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None
        if seen and focused is seen[-1]:
            stay += 1
            if stay > (60 if isinstance(focused, QTextBrowser) else 1):  # a one-widget cycle, or a trap
                if len(seen) > 1 or isinstance(focused, QTextBrowser):
                    raise AssertionError(f"Tab never leaves {type(focused).__name__} {focused.objectName()!r}")
                break
        elif focused in seen:
            break
        else:
            seen.append(focused)
            stay = 0
        qtbot.keyClick(focused, Key.Key_Tab)
    return seen


def _radio_siblings(w: QWidget) -> list[QWidget]:
    """An exclusive radio button is reached through its group: Tab goes to the checked one."""
    group = getattr(w, "group", lambda: None)()
    if group is not None:
        return group.buttons()
    if getattr(w, "autoExclusive", lambda: False)() and w.parentWidget() is not None:
        return [b for b in w.parentWidget().findChildren(QAbstractButton) if b.autoExclusive()]
    return [w]


def check_keyboard_and_names(qtbot, top: QWidget) -> None:
    wanted = controls(top)
    assert wanted
    visited = tab_walk(qtbot, top)
    missed = [f"{type(w).__name__} {w.objectName()!r} {accessible_name(w)!r}" for w in wanted
              if w.focusProxy() not in visited and not any(b in visited for b in _radio_siblings(w))]
    assert not missed, "not reachable with Tab: " + ", ".join(missed)
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in wanted if not accessible_name(w).strip()]
    assert not unnamed, "no accessible name: " + ", ".join(unnamed)


def test_the_main_window(qtbot, window):
    window.lab.procedure_dock.setVisible(True)
    window.select_slice("Class1", "Disk2", "Volume1")
    window.activateWindow()
    window.tree.setFocus()
    check_keyboard_and_names(qtbot, window)
    for view in (window.info.volume_view, window.info.slice_view, window.log.view):
        assert not view.tabKeyNavigation()  # Tab leaves a list; the arrows move in it


@pytest.mark.parametrize("action, name", [
    ("classConfiguration", "classConfigurationDialog"),
    ("groupConfiguration", "groupConfigurationDialog"),
    ("volumeConfiguration", "volumeConfigurationDialog"),
    ("startService", "startServiceDialog"),
    ("changeInterval", "monitoringIntervalDialog"),
    ("about", "aboutDialog"),
    ("legend", "legendDialog"),
    ("help", "helpWindow"),
])
def test_each_dialog(qtbot, window, action, name):
    window.findChild(type(window.abnormal_action), action).trigger()
    dialog = visible_dialog(qtbot, window, name)
    assert accessible_name(dialog)
    check_keyboard_and_names(qtbot, dialog)
    if shiboken6.isValid(dialog):
        dialog.close()


def test_the_detach_dialog(qtbot, window):
    window.select_slice("Class1", "Disk2", "Volume1")
    window.operation_actions["detach"][1].trigger()
    dialog = visible_dialog(qtbot, window, "detachSliceDialog")
    check_keyboard_and_names(qtbot, dialog)
    dialog.reject()


@pytest.fixture(params=["en", "ja"])
def keyboard_window(request, qtbot, qapp, lab):
    i18n.install(request.param)
    backend = GuiBackend(Workspace(lab.root))
    w = MainWindow(backend)
    qtbot.addWidget(w)
    backend.start()
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5_000)
    yield w
    w.close_without_asking()
    i18n.remove()


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _modal(qtbot, name: str) -> QWidget:
    found: list[QWidget] = []

    def up() -> bool:
        w = QApplication.activeModalWidget()
        if w is not None and w.objectName() == name and w.isActiveWindow():
            found[:] = [w]
        return bool(found)

    qtbot.waitUntil(up, timeout=10_000)
    return found[0]


def test_detach_slice_with_the_keyboard_only(qtbot, keyboard_window):
    w = keyboard_window
    assert QApplication.focusWidget() is w.tree  # the window opens with the Configuration Tree focused
    # the tree (on the node): Down to Class1, whose volumes show in Object Information
    _press(qtbot, Key.Key_Down)
    assert w.info.scope == ("Class1", None)
    # Tab to the volumes (on Volume1), Space selects it: its slices show
    _press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is w.info.volume_view
    _press(qtbot, Key.Key_Space)
    assert w.selection().volume == "Volume1" and w.info.slices.rowCount() == 2
    # Tab to the Slice Information tab, Tab to its list (on Disk1.Volume1), Down: Disk2.Volume1
    _press(qtbot, Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QTabBar)
    _press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is w.info.slice_view
    _press(qtbot, Key.Key_Down)
    assert w.selection().slice_name == "Disk2.Volume1"
    assert w.operation_actions["detach"][1].isEnabled()

    # Alt+O opens the Operation menu, D chooses Detach Slice
    _press(qtbot, Key.Key_O, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5_000)
    assert QApplication.activePopupWidget() is w.operation_menu
    _press(qtbot, Key.Key_D)

    # the dialog: Down chooses "Read only possible"; Tab to JRM, Down/Up and Space keep it on;
    # Tab to the buttons, Enter: OK
    dialog = _modal(qtbot, "detachSliceDialog")
    assert QApplication.focusWidget() is dialog.read_write
    _press(qtbot, Key.Key_Down)
    assert dialog.read_only.isChecked() and QApplication.focusWidget() is dialog.read_only
    _press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.jrm_on
    _press(qtbot, Key.Key_Down)
    assert dialog.jrm_off.isChecked()
    _press(qtbot, Key.Key_Up)
    _press(qtbot, Key.Key_Space)
    assert dialog.jrm_on.isChecked()
    _press(qtbot, Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QAbstractButton)  # OK
    _press(qtbot, Key.Key_Return)

    # the confirmation: Y for Yes; the completion: Enter
    box = _modal(qtbot, "confirmDialog")
    assert isinstance(box, QMessageBox) and "Disk2.Volume1" in box.text()
    _press(qtbot, Key.Key_Y)
    box = _modal(qtbot, "completionDialog")
    assert "/dev/sfdsk/Class1/dsk/Disk2.Volume1" in box.text()
    _press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)

    w.backend.refresh(force=True)
    s = w.backend.snapshot.slice("Class1", "Disk2", "Volume1")
    assert s.state is SliceState.TEMP and s.access_mode is AccessMode.RO and s.jrm


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def test_every_menu_item_has_its_own_mnemonic(keyboard_window):
    """Alt+letter opens each menu, and a letter chooses each item: one letter, one item."""
    bar = keyboard_window.menuBar()
    letters = [_mnemonic(a.text()) for a in bar.actions()]
    assert None not in letters and len(set(letters)) == len(letters), letters
    for top in bar.actions():
        items = [a for a in top.menu().actions() if not a.isSeparator()]
        letters = [_mnemonic(a.text()) for a in items]
        assert None not in letters and len(set(letters)) == len(letters), (top.text(), [a.text() for a in items])


def test_the_guides_operations_have_their_obvious_mnemonics(keyboard_window):
    """Alt+O, D: Detach; A: Attach; S: Stop/Activate Slice (the GDS guide's operations)."""
    ops = keyboard_window.operation_actions
    assert {k: _mnemonic(ops[k][1].text()) for k in ("detach", "attach", "stop_activate")} == {
        "detach": "d", "attach": "a", "stop_activate": "s"}
    assert _mnemonic(ops["check_status"][1].text()) != "s"


def test_enter_in_group_configuration_is_connect(qtbot, keyboard_window):
    from gui_helpers import answer, click_item, visible_dialog

    w = keyboard_window
    w.backend.run(_Register())
    qtbot.waitUntil(lambda: w.backend.refresh(force=True) is not None
                    and w.backend.snapshot.disk("Class1", "Disk3") is not None, timeout=5_000)
    w.findChild(type(w.abnormal_action), "groupConfiguration").trigger()
    dialog = visible_dialog(qtbot, w, "groupConfigurationDialog")
    click_item(qtbot, dialog.free, "Disk3")
    dialog.free.setFocus()
    qtbot.keyClick(dialog.free, Qt.Key.Key_Return)  # Enter: OK, the dialog's default button (Connect)
    question = answer(qtbot, w, "confirmDialog", QMessageBox.StandardButton.No)
    assert "Disk3" in question and "Group1" in question


class _Register:
    def apply(self, m):
        return m.register_disk("Class1", "sdc", "Disk3")
