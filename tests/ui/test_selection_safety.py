"""After an operation nothing is selected that the operator did not select: the object just worked
on is selected where it now is (or nothing), never a neighbour such as a production disk."""

from __future__ import annotations

from gdsview.core.model import SliceState
from gdsview.ui.roles import KEY_ROLE
from gui_helpers import answer, click, click_item, close, fresh, idle, open_settings, register
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok


def selected(tree) -> list[str]:
    return [i.data(0, KEY_ROLE) for i in tree.selectedItems()]


def _with_backup_disk(qtbot, window) -> None:
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    register(qtbot, dialog, "sdc", "Disk3")
    close(qtbot, dialog)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    click_item(qtbot, dialog.free, "Disk3")
    click(qtbot, dialog.connect_button)
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: all(fresh(window).slice("Class1", "Disk3", v).state is SliceState.ACTIVE
                                for v in ("Volume1", "Volume2")), timeout=30_000)
    close(qtbot, dialog)


def test_after_disconnect_no_production_disk_is_selected_anywhere(qtbot, window):
    _with_backup_disk(qtbot, window)
    window.select_slice("Class1", "Disk3", "Volume1")  # the operator clicks the backup disk's slice
    view = window.info.slice_view
    row = window.info.slices.row_of(("Class1", "Disk3", "Volume1"))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(window.info.slices.index(row, 0))
                     .center())
    assert window.info.selected_slice().disk == "Disk3" and view.currentIndex().row() == row

    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    click_item(qtbot, dialog.members, "Disk3")
    click(qtbot, dialog.disconnect_button)
    answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    qtbot.wait(50)
    # the Group Configuration dialog: Disk3 where it went (not connected), no disk of the group
    assert selected(dialog.members) == [] and dialog.members.currentItem() is None
    assert selected(dialog.free) == ["Disk3"]
    assert not dialog.disconnect_button.isEnabled()
    # the main window: the slice the operator had selected is gone, and no other slice takes its place
    window.backend.refresh(force=True)
    assert window.info.selected_slice() is None
    assert window.info.slice_view.currentIndex().isValid() is False
    assert not window.operation_actions["detach"][1].isEnabled()  # nothing to detach is offered
    close(qtbot, dialog)

    # Class Configuration: after Remove, the physical disk is selected, no other disk of the class
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.disks, "Disk3")
    click(qtbot, dialog.remove_button)
    answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    assert selected(dialog.disks) == [] and dialog.disks.currentItem() is None
    assert selected(dialog.physical) == ["sdc"]
    assert not dialog.remove_button.isEnabled()  # and Add proposes sdc again, safely
    close(qtbot, dialog)


def test_a_refresh_keeps_the_slice_the_operator_chose(qtbot, window, outside):
    window.select_slice("Class1", "Disk2", "Volume1")
    outside.detach_slice("Class1", "Disk2", "Volume1")  # a change elsewhere: the row updates in place
    window.backend.refresh(force=True)
    assert window.info.selected_slice().disk == "Disk2"
    assert window.info.selected_slice().state is SliceState.TEMP
