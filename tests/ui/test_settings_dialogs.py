"""Settings → Class / Group / Volume Configuration, driven through their widgets.

The reliable backup procedure's first two steps (register the backup disk, connect it: copying
starts) and last two (disconnect it, remove it), the refusals GDS makes, and volume life cycle.
"""

from __future__ import annotations

import threading

import pytest
from gdsview.core.engine.resync import CopyStatus
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState, VolumeStatus
from gdsview.core.names import MiB
from gui_helpers import (
    answer,
    click,
    click_item,
    close,
    default_of,
    fresh,
    gone,
    idle,
    item,
    keys,
    no_dialog_open,
    open_settings,
    register,
    state,
    type_into,
    visible_dialog,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QWidget,
)

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok
GROUP_VOLUMES = ("Volume1", "Volume2")


def selected(tree: QTreeWidget) -> list[str]:
    from gdsview.ui.roles import KEY_ROLE

    return [i.data(0, KEY_ROLE) for i in tree.selectedItems()]


def test_register_connect_copy_then_disconnect_and_remove(qtbot, window, outside):
    with open_device(outside.ws, "/dev/sfdsk/Class1/dsk/Volume1", writable=True) as dev:
        for n in range(32):  # data all over the volume, for the copy to bring to the new disk
            dev.pwrite(bytes([n + 1]) * 4096, n * MiB + 512 * n)

    # 1. Register the backup disk with the class (and make a spare physical disk on the way).
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.class_combo.currentText() == "Class1"
    assert item(dialog.physical, "sda").text(3) == "Class1/Disk1" and item(dialog.physical, "sdc").text(3) == "free"
    assert item(dialog.physical, "sdc").text(2) == "unlimited"  # the test lab's disks have no speed
    assert not dialog.add_button.isEnabled() and "Select a free physical disk" in dialog.reason.text()
    click_item(qtbot, dialog.physical, "sda")  # registered already: the rule says so, Add stays disabled
    assert not dialog.add_button.isEnabled()
    assert dialog.add_button.toolTip() == "sda: physical disk is already registered as Class1/Disk1"

    click(qtbot, dialog.create_button)
    create = visible_dialog(qtbot, window, "createPhysicalDiskDialog")
    assert create.name_edit.text() == "sdd" and create.size_bytes() == 128 * MiB  # next name, size of the others
    assert create.speed_bps() == 180 * MiB  # like a real disk, as the demo's are
    type_into(qtbot, create.size_spin.lineEdit(), "64")
    qtbot.mouseClick(create.buttons.button(create.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "Create physical disk sdd (64 MiB, 180 MiB/s)?" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: "sdd" in keys(dialog.physical), timeout=10_000)
    sdd = next(p for p in fresh(window).physical_disks if p.name == "sdd")
    assert (sdd.size_bytes, sdd.speed_bps) == (64 * MiB, 180 * MiB)
    assert item(dialog.physical, "sdd").text(2) == "180 MiB/s"

    assert dialog.disk_name.text() == "Disk3"  # the next free DiskN of the class
    click_item(qtbot, dialog.physical, "sdc")
    click(qtbot, dialog.add_button)
    assert default_of(qtbot, window) == Yes  # registering deletes nothing: Enter says Yes
    assert "Register physical disk sdc as disk Disk3 in class Class1?" in answer(qtbot, window, "confirmDialog", No)
    assert fresh(window).disk("Class1", "Disk3") is None  # No changes nothing
    register(qtbot, dialog, "sdc", "Disk3")
    d = fresh(window).disk("Class1", "Disk3")
    assert (d.device, d.group) == ("sdc", None)
    assert "Disk3" in keys(dialog.disks) and item(dialog.physical, "sdc").text(3) == "Class1/Disk3"
    assert "sdc registered as Disk3" in dialog.status.text()
    assert dialog.disk_name.text() == "Disk4"
    # what is selected now is what was just registered, where it now is: nothing else
    assert selected(dialog.disks) == ["Disk3"] and selected(dialog.physical) == []
    close(qtbot, dialog)

    # 2. Connect it to the mirror group: copying starts (held at its first chunk by a long delay,
    #    as an sdxcopy -P in another terminal would, so that COPY is seen whatever the machine's speed).
    for v in GROUP_VOLUMES:
        outside.set_copy_delay("Class1", v, 600_000)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    assert (dialog.class_combo.currentText(), dialog.group_combo.currentText()) == ("Class1", "Group1")
    assert keys(dialog.free) == ["Disk3"]
    click_item(qtbot, dialog.free, "Disk3")
    click(qtbot, dialog.connect_button)
    assert default_of(qtbot, window) == Yes
    question = answer(qtbot, window, "confirmDialog", Yes)
    assert "Connect disk Disk3 to group Group1?" in question and "Volume1, Volume2" in question
    done = answer(qtbot, window, "completionDialog", Ok)
    assert "Disk3 was connected to group Group1" in done
    assert "Synchronization copying of Volume1, Volume2 has started" in done
    snap = fresh(window)
    assert [snap.slice("Class1", "Disk3", v).state for v in GROUP_VOLUMES] == [SliceState.COPY] * 2
    qtbot.waitUntil(lambda: item(dialog.members, "Disk3").text(3).startswith("copying"), timeout=5_000)
    assert item(dialog.members, "Disk3.Volume1").text(3) == "COPY 0%"
    assert keys(dialog.free) == []
    # Live progress, as the copy thread reports it (it has not copied a chunk yet: nothing else reports now).
    window.backend.copyProgress.emit(CopyStatus("Class1", "Volume1", "Disk3", 32 * MiB // 1024, 64 * MiB // 1024,
                                                100 * MiB))
    # 16 MiB of 32 done at 100 MiB/s: the rest takes 0.16 s, shown as the whole second it is in
    assert item(dialog.members, "Disk3.Volume1").text(3) == "COPY 50%  (100 MiB/s, 0:01 left)"
    assert item(dialog.members, "Disk3").text(3) == "copying 40% (0:01 left)"  # 16 of the 40 MiB to copy to Disk3

    for v in GROUP_VOLUMES:  # let it run
        outside.set_copy_delay("Class1", v, 0)
    qtbot.waitUntil(lambda: all(fresh(window).slice("Class1", "Disk3", v).state is SliceState.ACTIVE
                                for v in GROUP_VOLUMES), timeout=30_000)
    qtbot.waitUntil(lambda: item(dialog.members, "Disk3").text(3) == "ACTIVE", timeout=10_000)
    assert item(dialog.members, "Disk3.Volume2").text(3) == "ACTIVE"
    result = verify_volume(window.backend.ws, "Class1", "Volume1")
    assert result.ok and "Disk3.Volume1" in result.slices
    with open_device(outside.ws, "/dev/sfdsk/Class1/dsk/Volume1") as dev:
        assert dev.pread(4096, 5 * MiB + 512 * 5) == bytes([6]) * 4096

    # 8. Disconnect the backup disk from the group: No (the default: its slices are deleted) changes
    #    nothing, Yes disconnects.
    before = state(window)
    click_item(qtbot, dialog.members, "Disk3.Volume1")  # a slice stands for its disk
    click(qtbot, dialog.disconnect_button)
    assert default_of(qtbot, window) == No
    assert "Disconnect disk Disk3 from group Group1" in answer(qtbot, window, "confirmDialog", No)
    assert state(window) == before
    click(qtbot, dialog.disconnect_button)
    assert "Disk3.Volume1, Disk3.Volume2" in answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    assert fresh(window).disk("Class1", "Disk3").group is None
    assert "Disk3" not in keys(dialog.members) and keys(dialog.free) == ["Disk3"]
    assert fresh(window).slice("Class1", "Disk3", "Volume1") is None
    # no production disk of the group is selected in its place, and Disconnect is off with the reason
    assert selected(dialog.members) == [] and selected(dialog.free) == ["Disk3"]
    assert not dialog.disconnect_button.isEnabled()
    assert dialog.disconnect_button.toolTip() == "Select a disk of the group to disconnect it."
    close(qtbot, dialog)

    # 9. Remove the backup disk from the class.
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.disks, "Disk3")
    click(qtbot, dialog.remove_button)
    assert default_of(qtbot, window) == No
    assert "Remove disk Disk3 (sdc) from class Class1?" in answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    snap = fresh(window)
    assert snap.disk("Class1", "Disk3") is None
    assert next(p for p in snap.physical_disks if p.name == "sdc").class_name is None
    assert "Disk3" not in keys(dialog.disks) and item(dialog.physical, "sdc").text(3) == "free"
    # the disk of the class is gone: its physical disk is selected (free again), no other disk of the class
    assert selected(dialog.disks) == [] and selected(dialog.physical) == ["sdc"]
    assert not dialog.remove_button.isEnabled()
    assert verify_volume(window.backend.ws, "Class1", "Volume1").ok
    texts = window.log.model.texts()
    for line in ("physical disk sdd created (67108864 bytes, 180 MiB/s)", "physical disk sdc registered as Disk3",
                 "disk Disk3 connected to group Group1", "disk Disk3 disconnected from group Group1",
                 "disk Disk3 removed from class Class1"):
        assert any(line in t for t in texts), line
    close(qtbot, dialog)
    assert no_dialog_open(window)


# -- refusals: a clear message, and nothing changes ------------------------------------------------

def test_invalid_names_keep_add_disabled_with_the_reason(qtbot, window):
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.physical, "sdc")
    assert dialog.add_button.isEnabled()
    type_into(qtbot, dialog.disk_name, "-Disk3")
    assert not dialog.add_button.isEnabled()
    assert "invalid disk name" in dialog.reason.text() and dialog.reason.isVisible()
    type_into(qtbot, dialog.disk_name, "Disk 3")
    assert not dialog.add_button.isEnabled()
    type_into(qtbot, dialog.disk_name, "x" * 33)
    assert not dialog.add_button.isEnabled()
    type_into(qtbot, dialog.disk_name, "Backup_1")
    assert dialog.add_button.isEnabled() and dialog.reason.text() == ""

    type_into(qtbot, dialog.class_combo.lineEdit(), "New Class")
    assert not dialog.add_button.isEnabled() and "invalid class name" in dialog.reason.text()
    assert dialog.disks.topLevelItemCount() == 0
    type_into(qtbot, dialog.class_combo.lineEdit(), "Class2")
    assert dialog.add_button.isEnabled() and "new class" in dialog.class_type.text()
    qtbot.keyClick(dialog.disk_name, Qt.Key.Key_Escape)  # Escape closes, like Close
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert fresh(window).disk("Class2", "Backup_1") is None


def test_create_physical_disk_validates_its_name(qtbot, window):
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click(qtbot, dialog.create_button)
    create = visible_dialog(qtbot, window, "createPhysicalDiskDialog")
    ok = create.buttons.button(create.buttons.StandardButton.Ok)
    type_into(qtbot, create.name_edit, "_sdd")
    assert not ok.isEnabled() and "invalid physical disk name" in create.reason.text()
    type_into(qtbot, create.name_edit, "sda")  # valid, but taken: the backend says so
    assert ok.isEnabled()
    before = state(window)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    answer(qtbot, window, "confirmDialog", Yes)
    error = answer(qtbot, window, "errorDialog", Ok)
    assert error == "SDX:gdsview: ERROR: sda: physical disk already exists"
    assert state(window) == before


def test_duplicate_disk_name_keeps_add_disabled_with_the_rule(qtbot, window, outside):
    before = state(window)
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.physical, "sdc")
    type_into(qtbot, dialog.disk_name, "Disk2")
    assert not dialog.add_button.isEnabled()  # the rule the backend applies says no before asking
    assert dialog.add_button.toolTip() == "Disk2: name already used by another object of the class"
    assert dialog.reason.text() == dialog.add_button.toolTip()
    type_into(qtbot, dialog.disk_name, "Disk5")
    click(qtbot, dialog.add_button)
    # taken meanwhile by an sdxdisk in another terminal: the backend refuses, shows and logs it
    outside.register_disk("Class1", "sdc", "Disk5")
    answer(qtbot, window, "confirmDialog", Yes)
    error = answer(qtbot, window, "errorDialog", Ok)
    assert error.startswith("SDX:gdsview: ERROR: sdc: physical disk is already registered as Class1/Disk5")
    assert any(t.startswith("ERROR gdsview: SDX:gdsview: ERROR: sdc: physical disk is already registered") for t in
               window.log.model.texts())
    idle(qtbot, dialog)
    assert dialog.isVisible()
    assert state(window) != before and fresh(window).disk("Class1", "Disk5").device == "sdc"


def test_removing_a_connected_disk_is_not_offered(qtbot, window):
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.disks, "Disk1")
    assert not dialog.remove_button.isEnabled()  # the rule's reason, as the Operation menu gives it
    assert dialog.remove_button.toolTip() == "Disk1: disk is connected to group Group1: disconnect it first"
    # called anyway (the state changed since the button was enabled): refused at once, no "are you sure?"
    before = state(window)
    dialog.remove()
    error = answer(qtbot, window, "errorDialog", Ok)
    assert error == "SDX:gdsview: ERROR: Disk1: disk is connected to group Group1: disconnect it first"
    assert state(window) == before


def test_disconnecting_the_last_valid_copy_is_refused(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")  # sdxslice in another terminal: Disk1 holds the only copy
    window.backend.refresh(force=True)
    before = state(window)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    assert item(dialog.members, "Disk2.Volume1").text(3) == "TEMP"
    assert item(dialog.members, "Disk2").text(3) == "ACTIVE, TEMP"
    click_item(qtbot, dialog.members, "Disk1")
    assert not dialog.disconnect_button.isEnabled()
    assert dialog.disconnect_button.toolTip() == "Disk1: disk holds the last valid copy of volume Volume1"
    dialog.disconnect_disk()  # called anyway: refused, and nothing changes
    error = answer(qtbot, window, "errorDialog", Ok)
    assert error == "SDX:gdsview: ERROR: Disk1: disk holds the last valid copy of volume Volume1"
    assert state(window) == before
    click_item(qtbot, dialog.members, "Disk2")
    assert not dialog.disconnect_button.isEnabled()
    assert dialog.disconnect_button.toolTip() == "Disk2: slice Disk2.Volume1 is detached (TEMP): attach it first"
    assert state(window) == before


# -- volumes ---------------------------------------------------------------------------------------

def test_volume_create_stop_start_stop_remove(qtbot, window):
    dialog = open_settings(qtbot, window, "volumeConfiguration", "volumeConfigurationDialog")
    assert (dialog.class_combo.currentText(), dialog.group_combo.currentText()) == ("Class1", "Group1")
    assert keys(dialog.volumes) == ["Volume1", "Volume2"]
    assert dialog.name_edit.text() == "Volume3"
    type_into(qtbot, dialog.size_spin.lineEdit(), "8")
    dialog.jrm.setFocus()
    qtbot.keyClick(dialog.jrm, Qt.Key.Key_Space)
    assert not dialog.jrm.isChecked()
    click(qtbot, dialog.create_button)
    assert default_of(qtbot, window) == Yes
    assert "Create volume Volume3 (8 MiB, JRM off) in group Group1?" in answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    v = fresh(window).volume("Class1", "Volume3")
    assert (v.status, v.size_bytes, v.jrm) == (VolumeStatus.ACTIVE, 8 * MiB, False)
    assert item(dialog.volumes, "Volume3").text(1) == "ACTIVE" and item(dialog.volumes, "Volume3").isSelected()
    assert dialog.name_edit.text() == "Volume4"

    def status() -> str:
        return fresh(window).volume("Class1", "Volume3").status.value

    # a started volume cannot be removed or started: the buttons say why, as the menu's items do
    assert not dialog.remove_button.isEnabled() and not dialog.start_button.isEnabled()
    assert dialog.remove_button.toolTip() == "Volume3: volume is started: stop it first"
    assert dialog.start_button.toolTip() == "Volume3: volume is already started"

    for button, question, after, default in ((dialog.stop_button, "Stop volume Volume3?", "STOP", No),
                                             (dialog.start_button, "Start volume Volume3?", "ACTIVE", Yes),
                                             (dialog.stop_button, "Stop volume Volume3?", "STOP", No)):
        click(qtbot, button)
        assert default_of(qtbot, window) == default  # stopping a volume in use: No unless said
        assert question in answer(qtbot, window, "confirmDialog", Yes)
        idle(qtbot, dialog)
        assert status() == after
        assert item(dialog.volumes, "Volume3").text(1) == after

    click(qtbot, dialog.start_button)  # No: nothing happens
    answer(qtbot, window, "confirmDialog", No)
    assert status() == "STOP"
    click(qtbot, dialog.remove_button)
    assert default_of(qtbot, window) == No
    assert "Remove volume Volume3?" in answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    assert fresh(window).volume("Class1", "Volume3") is None
    assert keys(dialog.volumes) == ["Volume1", "Volume2"]
    assert "Volume3 removed" in dialog.status.text()
    assert dialog.volumes.selectedItems() == []  # not the volume next to it
    assert not dialog.stop_button.isEnabled() and not dialog.remove_button.isEnabled()


def test_volume_name_is_validated_inline_and_duplicates_refused(qtbot, window):
    dialog = open_settings(qtbot, window, "volumeConfiguration", "volumeConfigurationDialog")
    type_into(qtbot, dialog.name_edit, "Volume 3")
    assert not dialog.create_button.isEnabled() and "invalid volume name" in dialog.reason.text()
    type_into(qtbot, dialog.name_edit, "Volume1")
    before = state(window)
    click(qtbot, dialog.create_button)  # the name's rule is the backend's: it refuses before asking
    assert "Volume1: name already used" in answer(qtbot, window, "errorDialog", Ok)
    assert state(window) == before
    assert dialog.size_spin.maximum() == fresh(window).group("Class1", "Group1").free_blocks * 512 // MiB


# -- the dialogs' behaviour ------------------------------------------------------------------------

@pytest.mark.parametrize("action, name", [("classConfiguration", "classConfigurationDialog"),
                                          ("groupConfiguration", "groupConfigurationDialog"),
                                          ("volumeConfiguration", "volumeConfigurationDialog")])
def test_dialogs_are_window_modal_accessible_and_close(qtbot, window, action, name):
    dialog = open_settings(qtbot, window, action, name)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.accessibleName() == dialog.windowTitle()
    def needs_name(w: QWidget) -> bool:
        return isinstance(w, QComboBox | QAbstractSpinBox | QCheckBox | QTreeWidget) or (
            isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox | QAbstractSpinBox))

    assert not [w.objectName() for w in dialog.findChildren(QWidget) if needs_name(w) and not w.accessibleName()]
    labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert labels and all(label.buddy() is not None for label in labels)
    texts = [w.text() for w in dialog.findChildren(QWidget)
             if isinstance(w, QLabel | QAbstractButton) and w.isVisible()]
    mnemonics = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(mnemonics) >= 6 and len(set(mnemonics)) == len(mnemonics), texts
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)  # mnemonics act in the active window
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Close
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert QApplication.activeModalWidget() is None


def test_buttons_are_disabled_while_a_job_runs(qtbot, window):
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    click_item(qtbot, dialog.physical, "sdc")
    assert dialog.add_button.isEnabled()
    gate = threading.Event()
    in_worker: list[bool] = []

    class Slow:  # a request the backend applies on its worker thread
        def apply(self, _manager):
            in_worker.append(threading.current_thread() is not threading.main_thread())
            gate.wait(10)

    dialog.run("test", Slow(), lambda _r: None)
    assert dialog.session.busy
    assert not dialog.add_button.isEnabled() and not dialog.create_button.isEnabled()
    assert not dialog.close_button.isEnabled() and dialog.status.text() == "Working…"
    dialog.reject()  # Escape / the window's close box wait for the job too
    assert dialog.isVisible()
    gate.set()
    idle(qtbot, dialog)
    assert in_worker == [True]
    assert dialog.add_button.isEnabled() and dialog.close_button.isEnabled()


def test_lists_follow_changes_made_elsewhere(qtbot, window, outside):
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    outside.register_disk("Class1", "sdc", "Backup")  # an sdxdisk -M in another terminal
    window.backend.refresh()
    assert "Backup" in keys(dialog.disks) and item(dialog.physical, "sdc").text(3) == "Class1/Backup"
    close(qtbot, dialog)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    assert keys(dialog.free) == ["Backup"]
    outside.connect_disk("Class1", "Group2", "Backup")
    window.backend.refresh()
    assert keys(dialog.free) == [] and [dialog.group_combo.itemText(i) for i in range(dialog.group_combo.count())] \
        == ["Group1", "Group2"]
    dialog.group_combo.setCurrentText("Group2")
    assert keys(dialog.members) == ["Backup"]
    type_into(qtbot, dialog.group_combo.lineEdit(), "Group_3")
    assert keys(dialog.members) == [] and "new mirror group" in dialog.group_type.text()


def test_a_physical_disks_speed_is_changed_in_class_configuration(qtbot, window):
    def speed(name: str):
        return next(p for p in fresh(window).physical_disks if p.name == name).speed_bps

    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    assert not dialog.speed_button.isEnabled() and dialog.speed_button.toolTip() == "Select a physical disk first."
    click_item(qtbot, dialog.physical, "sdc")
    click(qtbot, dialog.speed_button)
    box = visible_dialog(qtbot, window, "diskSpeedDialog")
    assert box.speed.unlimited.isChecked() and not box.speed.spin.isEnabled()  # the test lab's disks
    box.speed.unlimited.setChecked(False)
    box.speed.spin.setValue(150)
    box.accept()
    assert "Set the speed of physical disk sdc to 150 MiB/s?" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: speed("sdc") == 150 * MiB, timeout=5_000)
    qtbot.waitUntil(lambda: item(dialog.physical, "sdc").text(2) == "150 MiB/s", timeout=5_000)
    qtbot.waitUntil(dialog.speed_button.isEnabled, timeout=5_000)  # "Working…" until the job has reported back
    assert any("physical disk sdc speed set to 150 MiB/s" in t for t in window.log.model.texts())
    idle(qtbot, dialog)
    click(qtbot, dialog.speed_button)
    box = visible_dialog(qtbot, window, "diskSpeedDialog")
    assert box.speed.spin.value() == 150 and not box.speed.unlimited.isChecked()
    box.speed.unlimited.setChecked(True)
    box.accept()
    answer(qtbot, window, "confirmDialog", No)  # No: the speed stays
    assert speed("sdc") == 150 * MiB
    close(qtbot, dialog)


def test_a_copys_time_left_is_its_remaining_bytes_at_its_rate():
    from gdsview.ui.models.live_copies import SliceProgress

    p = SliceProgress(16 * MiB // 512, 32 * MiB // 512, 4 * MiB)
    assert p.eta_seconds == pytest.approx(4.0) and p.text() == "50%  (4 MiB/s, 0:04 left)"
    assert SliceProgress(0, 7200 * 4 * MiB // 512, 4 * MiB).text() == "0%  (4 MiB/s, 2:00:00 left)"
    assert SliceProgress(1, 2, None).text() == "50%" and SliceProgress(1, 2, 0.0).eta_seconds is None
