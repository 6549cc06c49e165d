"""Operation → Swap Physical Disk and Operation → Change Attributes, driven as an operator would."""

from __future__ import annotations

from gdsview.core.model import AccessMode, DiskStatus, SliceState
from gui_helpers import answer, click, fresh, state, type_into, visible_dialog
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok


def action(window, op_id: str):
    window._update_actions()
    return window.operation_actions[op_id][1]


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def open_attributes(qtbot, window):
    a = action(window, "change_attributes")
    assert a.isEnabled(), a.toolTip()
    a.trigger()
    return visible_dialog(qtbot, window, "changeAttributesDialog")


# -- Swap Physical Disk -------------------------------------------------------------------------
def test_swap_refusals_are_the_disabled_items_tooltips(qtbot, window, outside):
    window.select_class("Class1")
    assert "select a disk" in action(window, "swap_disk").toolTip().lower()
    outside.swap_out_disk("Class1", "Disk2")
    window.backend.refresh(force=True)
    window.info.select_disk("Class1", "Disk1")
    swap = action(window, "swap_disk")
    assert not swap.isEnabled() and "only valid slice of volume Volume1" in swap.toolTip()
    window.info.select_disk("Class1", "Disk2")
    swap = action(window, "swap_disk")
    assert not swap.isEnabled() and "already swapped out" in swap.toolTip()
    assert action(window, "restore_disk").isEnabled()


def test_swap_no_changes_nothing(qtbot, window):
    window.select_class("Class1")
    window.info.select_disk("Class1", "Disk2")
    before = state(window)
    action(window, "swap_disk").trigger()
    answer(qtbot, window, "confirmDialog", QMessageBox.StandardButton.No)
    assert state(window) == before


def test_swap_out_and_restore(qtbot, window):
    window.select_class("Class1")
    window.info.select_disk("Class1", "Disk2")
    action(window, "swap_disk").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    snap = fresh(window)
    assert snap.disk("Class1", "Disk2").status is DiskStatus.SWAP
    assert snap.slice("Class1", "Disk2", "Volume2").state is SliceState.NOUSE
    window.info.select_disk("Class1", "Disk2")
    action(window, "restore_disk").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    assert "Volume1, Volume2" in answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: all(s.state is SliceState.ACTIVE for s in fresh(window).slices), timeout=20_000)


# -- Change Attributes --------------------------------------------------------------------------
def test_volume_jrm_off(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume1")
    dialog = open_attributes(qtbot, window)
    assert dialog.jrm.isChecked() and not ok_button(dialog).isEnabled()  # nothing changed yet
    dialog.jrm.click()
    click(qtbot, ok_button(dialog))
    assert "JRM: off" in answer(qtbot, window, "confirmDialog", Yes)
    assert "Volume1" in answer(qtbot, window, "completionDialog", Ok)
    assert fresh(window).volume("Class1", "Volume1").jrm is False


def test_volume_rename_is_refused_inline_while_started(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume2")
    dialog = open_attributes(qtbot, window)
    type_into(qtbot, dialog.name_edit, "Data")
    assert not ok_button(dialog).isEnabled()
    assert dialog.problem.isVisible() and "stop it before changing its name" in dialog.problem.text()
    type_into(qtbot, dialog.name_edit, "-bad")
    assert "invalid volume name" in dialog.problem.text()
    type_into(qtbot, dialog.name_edit, "Volume2")
    assert not dialog.problem.isVisible() and not ok_button(dialog).isEnabled()
    dialog.reject()


def test_slice_jrm_off_and_mode(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    dialog = open_attributes(qtbot, window)
    dialog.read_only.click()
    assert not ok_button(dialog).isEnabled() and "stop it (sdxslice -F)" in dialog.problem.text()
    dialog.read_write.click()
    dialog.jrm.click()
    click(qtbot, ok_button(dialog))
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    s = fresh(window).slice("Class1", "Disk2", "Volume1")
    assert s.jrm is False and s.access_mode is AccessMode.RW
    outside.stop_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    dialog = open_attributes(qtbot, window)
    assert not dialog.jrm.isEnabled()  # off for good
    dialog.read_only.click()
    click(qtbot, ok_button(dialog))
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert fresh(window).slice("Class1", "Disk2", "Volume1").access_mode is AccessMode.RO


def test_attributes_refusals_are_tooltips(qtbot, window):
    window.select_class("Class1")
    assert action(window, "change_attributes").isEnabled()  # the class: its name
    window.select_slice("Class1", "Disk1", "Volume1")
    a = action(window, "change_attributes")
    assert not a.isEnabled() and "only a detached (TEMP or TEMP-STOP) slice" in a.toolTip()
    window.info.select_disk("Class1", "Disk1")
    a = action(window, "change_attributes")
    assert not a.isEnabled() and "disk is connected to group Group1" in a.toolTip()


def test_class_rename_cancelled_changes_nothing(qtbot, window):
    window.select_class("Class1")
    before = state(window)
    dialog = open_attributes(qtbot, window)
    type_into(qtbot, dialog.name_edit, "Other")
    assert "started volume" in dialog.problem.text()
    dialog.reject()
    assert state(window) == before
