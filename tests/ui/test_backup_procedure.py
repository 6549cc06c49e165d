"""The reliable backup procedure's nine steps, walked through the dialogs with the service running."""

from __future__ import annotations

import hashlib
from pathlib import Path

from gdsview.core.engine.verify import verify_volume
from gdsview.core.model import SliceState
from gdsview.lab.backup import verify_backup
from gdsview.lab.observer import SEED_NOTE
from gdsview.lab.procedure import STEPS
from gui_helpers import (
    answer,
    click,
    click_item,
    close,
    default_of,
    fresh,
    idle,
    open_settings,
    register,
    visible_dialog,
)
from PySide6.QtWidgets import QMessageBox

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok
VOLUMES = ("Volume1", "Volume2")


def start_service(qtbot, window) -> None:
    window.lab.start_service_action.trigger()
    dialog = visible_dialog(qtbot, window, "startServiceDialog")
    dialog.volume.setCurrentIndex(dialog.volume.findData("Class1/Volume1"))
    dialog.rate.setValue(8)
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert "Start the service on Volume1" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: any(s.written_records > 16 for s in window.backend.lab.service_statuses()), timeout=10_000)


def stop_service(qtbot, window) -> None:
    qtbot.waitUntil(window.lab.stop_service_action.isEnabled, timeout=10_000)
    window.lab.stop_service_action.trigger()
    assert default_of(qtbot, window) == No  # stopping the application: only when said
    assert "Stop the service writing to Volume1?" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: not window.backend.lab.service_statuses(), timeout=10_000)


def prepare_backup_disk(qtbot, window) -> None:
    """Steps 1 and 2: register sdc as Disk3, connect it to Group1, wait for copying to complete."""
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")
    register(qtbot, dialog, "sdc", "Disk3")
    close(qtbot, dialog)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")
    click_item(qtbot, dialog.free, "Disk3")
    click(qtbot, dialog.connect_button)
    answer(qtbot, window, "confirmDialog", Yes)
    assert "copying of Volume1, Volume2 has started" in answer(qtbot, window, "completionDialog", Ok)
    close(qtbot, dialog)
    qtbot.waitUntil(lambda: all(fresh(window).slice("Class1", "Disk3", v).state is SliceState.ACTIVE
                                for v in VOLUMES), timeout=30_000)


def detach(qtbot, window) -> None:
    window.select_slice("Class1", "Disk3", "Volume1")
    window.operation_actions["detach"][1].trigger()
    dialog = visible_dialog(qtbot, window, "detachSliceDialog")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    answer(qtbot, window, "confirmDialog", Yes)
    assert "/dev/sfdsk/Class1/dsk/Disk3.Volume1" in answer(qtbot, window, "completionDialog", Ok)


def back_up(qtbot, window, dest: Path) -> str:
    window.select_slice("Class1", "Disk3", "Volume1")
    window.operation_actions["backup"][1].trigger()
    files = visible_dialog(qtbot, window, "backupFileDialog")
    files.selectFile(str(dest))
    files.accept()
    assert "Back up slice Disk3.Volume1 through its access path" in answer(qtbot, window, "confirmDialog", Yes)
    return answer(qtbot, window, "completionDialog", Ok)


def test_the_nine_steps_with_the_mouse_end_with_a_verified_backup(qtbot, window, tmp_path):
    window.lab.procedure_dock.show()
    start_service(qtbot, window)  # the application using the volume
    prepare_backup_disk(qtbot, window)  # 1, 2
    stop_service(qtbot, window)  # 3
    detach(qtbot, window)  # 4
    start_service(qtbot, window)  # 5: the service resumes while the backup is taken
    dest = tmp_path / "Volume1-backup.img"
    done = back_up(qtbot, window, dest)  # 6
    window.select_slice("Class1", "Disk3", "Volume1")  # 7
    window.operation_actions["attach"][1].trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: fresh(window).slice("Class1", "Disk3", "Volume1").state is SliceState.ACTIVE,
                    timeout=30_000)
    dialog = open_settings(qtbot, window, "groupConfiguration", "groupConfigurationDialog")  # 8
    click_item(qtbot, dialog.members, "Disk3")
    click(qtbot, dialog.disconnect_button)
    answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    close(qtbot, dialog)
    dialog = open_settings(qtbot, window, "classConfiguration", "classConfigurationDialog")  # 9
    click_item(qtbot, dialog.disks, "Disk3")
    click(qtbot, dialog.remove_button)
    answer(qtbot, window, "confirmDialog", Yes)
    idle(qtbot, dialog)
    close(qtbot, dialog)
    stop_service(qtbot, window)

    sha = hashlib.sha256(dest.read_bytes()).hexdigest()
    assert sha in done and Path(f"{dest}.sha256").read_text().split()[0] == sha
    check = verify_backup(dest)
    assert check.checksum_ok and check.records.consistent and check.records.clean and check.records.records > 0
    assert verify_volume(window.backend.ws, "Class1", "Volume1").ok
    assert fresh(window).disk("Class1", "Disk3") is None
    window.backend.refresh()
    report = window.lab.procedure.report
    assert window.lab.procedure.done_keys() == [s.key for s in STEPS]
    assert report.ok, report.warnings
    assert window.lab.procedure.warnings.count() == 0
    assert "All steps done with no warning" in window.lab.procedure.status.text()


def test_detaching_while_the_service_writes_is_flagged(qtbot, window, tmp_path):
    window.lab.procedure_dock.show()
    start_service(qtbot, window)
    prepare_backup_disk(qtbot, window)
    detach(qtbot, window)  # the service was not stopped: the seed's Note
    dest = tmp_path / "unsafe.img"
    back_up(qtbot, window, dest)
    stop_service(qtbot, window)
    window.backend.refresh()
    texts = [window.lab.procedure.warnings.item(i).text() for i in range(window.lab.procedure.warnings.count())]
    assert any(SEED_NOTE in t for t in texts), texts
    assert not window.lab.procedure.report.ok
    check = verify_backup(dest)
    assert check.checksum_ok and not check.records.clean  # the backup holds a service caught mid-run
