"""One confirmation rule everywhere (dialogs.messages): what changes something asks Yes/No first and
No changes nothing; what only reads does not ask; a destructive operation's default button is No.

The Settings dialogs' own confirmations are checked where their operations are
(test_settings_dialogs); here: the Operation menu, the Service menu, Reset Lab, Exit.
"""

from __future__ import annotations

import pytest
from gdsview.core.model import SliceState
from gui_helpers import answer, default_of, fresh, no_dialog_open, state, visible_dialog
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok


def _trigger(window, op_id: str) -> None:
    action = window.operation_actions[op_id][1]
    assert action.isEnabled(), action.toolTip()
    action.trigger()


def _asks(qtbot, window, default) -> str:
    """The confirmation is up, Enter would answer ``default``; No it, check nothing changed."""
    before = state(window)
    assert default_of(qtbot, window) == default
    text = answer(qtbot, window, "confirmDialog", No)
    assert state(window) == before and no_dialog_open(window)
    return text


# (operation, how to get there, default button): every Operation-menu item that changes something
OPERATION_CASES = [
    ("attach", "detached", Yes),
    ("stop_activate", "detached", No),  # Stop Slice: its access path becomes unusable
    ("stop_activate", "stopped", Yes),  # Activate Slice
    ("start_copy", "invalid", Yes),
    ("cancel_copy", "copying", No),
    ("stop_volume", "volume", No),
    ("start_volume", "stopped_volume", Yes),
]


def _prepare(window, outside, how: str) -> None:
    c = "Class1"
    if how in ("detached", "stopped"):
        outside.detach_slice(c, "Disk2", "Volume1")
        if how == "stopped":
            outside.stop_slice(c, "Disk2", "Volume1")
    elif how in ("invalid", "copying"):
        outside.detach_slice(c, "Disk2", "Volume1", jrm=False)
        outside.launcher = None
        outside.attach_slice(c, "Disk2", "Volume1")  # COPY, its copy not started (no launcher)
        if how == "invalid":
            outside.cancel_copy(c, "Volume1")
    elif how == "stopped_volume":
        outside.stop_volume(c, "Volume2")
    window.backend.refresh(force=True)
    volume = "Volume2" if how in ("volume", "stopped_volume") else "Volume1"
    if how in ("volume", "stopped_volume", "invalid", "copying"):
        window.select_class(c)
        window.info.select_volume(c, volume)
    else:
        window.select_slice(c, "Disk2", volume)


@pytest.mark.parametrize("op_id, how, default", OPERATION_CASES)
def test_each_operation_asks_with_the_rules_default(qtbot, window, outside, op_id, how, default):
    _prepare(window, outside, how)
    _trigger(window, op_id)
    _asks(qtbot, window, default)


def test_detach_asks_after_its_dialog_and_yes_is_the_default(qtbot, window):
    window.select_slice("Class1", "Disk2", "Volume1")
    _trigger(window, "detach")
    dialog = visible_dialog(qtbot, window, "detachSliceDialog")
    dialog.accept()
    _asks(qtbot, window, Yes)  # the backup step itself: undone by Attach
    assert fresh(window).slice("Class1", "Disk2", "Volume1").state is SliceState.ACTIVE


def test_what_only_reads_does_not_ask(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume1")
    _trigger(window, "check_status")
    assert "identical" in answer(qtbot, window, "completionDialog", Ok)  # straight to the result
    assert not [b for b in window.findChildren(QMessageBox, "confirmDialog") if b.isVisible()]


def test_the_service_asks_to_start_and_to_stop(qtbot, window):
    window.lab.start_service_action.trigger()
    dialog = visible_dialog(qtbot, window, "startServiceDialog")
    dialog.accept()
    assert "Start the service on Volume1" in _asks(qtbot, window, Yes)
    assert not window.backend.lab.service_statuses()
    window.lab.start_service_action.trigger()
    visible_dialog(qtbot, window, "startServiceDialog").accept()
    answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: bool(window.backend.lab.service_statuses()), timeout=10_000)
    qtbot.waitUntil(window.lab.stop_service_action.isEnabled, timeout=10_000)
    window.lab.stop_service_action.trigger()
    assert default_of(qtbot, window) == No
    answer(qtbot, window, "confirmDialog", No)
    assert window.backend.lab.service_statuses()
    qtbot.waitUntil(window.lab.stop_service_action.isEnabled, timeout=10_000)
    window.lab.stop_service_action.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: not window.backend.lab.service_statuses(), timeout=10_000)


def test_reset_lab_and_a_simulated_failure_default_to_no(qtbot, window):
    window.findChild(type(window.abnormal_action), "resetLab").trigger()
    _asks(qtbot, window, No)
    window.select_tree(("disk", "Class1", "Disk2"))
    window.lab.fail_disk_action.trigger()
    _asks(qtbot, window, No)
    assert not window.backend.lab.failing_disks()


def test_ctrl_q_asks_while_the_service_writes(qtbot, window):
    window.lab.start_service_action.trigger()
    visible_dialog(qtbot, window, "startServiceDialog").accept()
    answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: bool(window.backend.lab.service_statuses()), timeout=10_000)
    exit_action = window.findChild(type(window.abnormal_action), "exit")
    assert exit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    exit_action.trigger()  # Ctrl+Q
    assert default_of(qtbot, window) == No
    assert "The service is writing to Volume1" in answer(qtbot, window, "confirmDialog", No)
    assert window.isVisible() and window.backend.lab.service_statuses()
    exit_action.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)


def test_exit_with_nothing_running_does_not_ask(qtbot, window):
    window.findChild(type(window.abnormal_action), "exit").trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_enter_answers_the_default(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume2")
    _trigger(window, "stop_volume")
    box = visible_dialog(qtbot, window, "confirmDialog", QMessageBox)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter on a destructive confirmation: No
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    assert fresh(window).volume("Class1", "Volume2").status.value == "ACTIVE"
