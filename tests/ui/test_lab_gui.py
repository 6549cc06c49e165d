"""The service controls, backup from the access path, Verify Backup, the Procedure panel, Reset Lab."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from gdsview.core.model import SliceState
from gdsview.lab import backup as backup_module
from gdsview.ui.backend import lab_backend as backend_module
from gui_helpers import answer, visible_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok


def _start_service(qtbot, window, volume="Volume1"):
    window.lab.start_service_action.trigger()
    dialog = visible_dialog(qtbot, window, "startServiceDialog")
    dialog.volume.setCurrentIndex(dialog.volume.findData(f"Class1/{volume}"))
    dialog.rate.setValue(16)
    dialog.accept()
    qtbot.waitUntil(lambda: any(st.written_records > 32 for st in window.backend.lab.service_statuses()),
                    timeout=10_000)


def test_service_start_and_stop(qtbot, window):
    assert not window.lab.stop_service_action.isEnabled()
    _start_service(qtbot, window)
    qtbot.waitUntil(lambda: "writing to Volume1" in window.lab.service_label.text(), timeout=5000)
    assert window.lab.stop_service_action.isEnabled()
    window.lab.stop_service_action.trigger()
    qtbot.waitUntil(lambda: window.lab.service_label.text() == "stopped", timeout=10_000)
    kinds = [e.kind for e in window.backend.events()]
    assert kinds.count("service-start") == 1 and kinds.count("service-stop") == 1


def _backup_through_dialog(qtbot, window, dest: Path):
    window.select_slice("Class1", "Disk2", "Volume1")
    assert window.operation_actions["backup"][1].isEnabled()
    window.operation_actions["backup"][1].trigger()
    files = visible_dialog(qtbot, window, "backupFileDialog")
    assert files.selectedFiles()[0].endswith("Class1-Disk2.Volume1.img")  # a sensible default name
    files.selectFile(str(dest))
    files.accept()


def test_backup_from_access_path_then_verify(qtbot, window, outside, tmp_path):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh()
    dest = tmp_path / "Volume1.img"
    _backup_through_dialog(qtbot, window, dest)
    done = answer(qtbot, window, "completionDialog", Ok)
    data = dest.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert sha in done and len(data) == 32 << 20
    assert Path(f"{dest}.sha256").read_text() == f"{sha}  Volume1.img\n"
    assert any("backup of /dev/sfdsk/Class1/dsk/Disk2.Volume1" in t for t in window.log.model.texts())

    window.operation_actions["verify_backup"][1].trigger()
    files = visible_dialog(qtbot, window, "verifyFileDialog")
    files.selectFile(str(dest))
    files.accept()
    assert "checksum OK" in answer(qtbot, window, "verifyResultDialog", Ok)
    dest.write_bytes(b"x" + data[1:])
    window.operation_actions["verify_backup"][1].trigger()
    files = visible_dialog(qtbot, window, "verifyFileDialog")
    files.selectFile(str(dest))
    files.accept()
    assert "MISMATCH" in answer(qtbot, window, "verifyResultDialog", Ok)


def test_backup_needs_a_detached_accessible_slice(qtbot, window, outside):
    window.select_slice("Class1", "Disk2", "Volume1")
    action = window.operation_actions["backup"][1]
    assert not action.isEnabled() and "detached" in action.toolTip()
    outside.detach_slice("Class1", "Disk2", "Volume1")
    outside.stop_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh()
    assert not action.isEnabled() and "TEMP-STOP" in action.toolTip()


def test_cancelling_a_backup_keeps_no_file(qtbot, window, outside, tmp_path, monkeypatch):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh()
    real = backup_module.backup_access_path
    started = threading.Event()

    def held_backup(ws, path, dest, *, progress=None, stop=None, source="gdsview"):
        def first_progress(p):
            started.set()
            stop.wait(10)  # hold the copy after its first chunk until Cancel is clicked
            progress(p)
        return real(ws, path, dest, progress=first_progress, stop=stop, source=source)

    monkeypatch.setattr(backend_module, "backup_access_path", held_backup)
    monkeypatch.setattr(backup_module, "CHUNK", 1 << 20)
    dest = tmp_path / "cancelled.img"
    _backup_through_dialog(qtbot, window, dest)
    progress = visible_dialog(qtbot, window, "backupProgressDialog")
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert "no backup file was kept" in answer(qtbot, window, "cancelledDialog", Ok)
    assert not dest.exists() and not Path(f"{dest}.sha256").exists()
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_procedure_panel_follows_the_backend(qtbot, window, outside):
    window.lab.procedure_dock.show()
    outside.register_disk("Class1", "sdc", "Disk3")
    window.backend.refresh()
    assert window.lab.procedure.done_keys() == ["register"]
    outside.connect_disk("Class1", "Group1", "Disk3")
    window.backend.refresh()
    assert window.lab.procedure.done_keys() == ["register", "connect"]
    assert "Next:" in window.lab.procedure.status.text()


def test_reset_lab(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.findChild(type(window.lab.start_service_action), "resetLab").trigger()
    assert "starting state" in answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    snap = window.backend.snapshot
    assert [p.name for p in snap.physical_disks] == ["sda", "sdb", "sdc"]
    assert [v.name for v in snap.volumes] == ["Volume1", "Volume2"]
    assert all(s.state is SliceState.ACTIVE for s in snap.slices)
    assert window.lab.procedure_dock.isVisible() and window.lab.procedure.done_keys() == []


def test_disk_failure_swap_and_restore_physical_disk(qtbot, window, outside):
    """The lesson all the way: fail, swap out, replace (end the failure), restore, copying, ACTIVE."""
    from gdsview.core.engine.volume_io import open_device
    from gdsview.core.model import DiskStatus

    window.select_class("Class1")
    swap = window.operation_actions["swap_disk"][1]
    restore = window.operation_actions["restore_disk"][1]
    assert not swap.isEnabled() and not restore.isEnabled()
    window.info.select_disk("Class1", "Disk2")
    assert window.selection().disk == "Disk2" and window.selection().volume is None
    assert not restore.isEnabled() and "SWAP" in restore.toolTip()  # Disk2 is ENABLE: nothing to restore
    window.lab.fail_disk_action.trigger()
    assert "sdb" in answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    with open_device(outside.ws, "/dev/sfdsk/Class1/dsk/Volume1", writable=True) as dev:
        dev.pwrite(b"x" * 4096, 0)  # the volume stays in service; the failed disk's slice drops out
    window.backend.refresh()
    assert window.backend.snapshot.disk("Class1", "Disk2").status is DiskStatus.DISABLE
    assert window.backend.snapshot.slice("Class1", "Disk2", "Volume1").state is SliceState.INVALID
    window.info.select_disk("Class1", "Disk2")
    assert swap.isEnabled() and not restore.isEnabled()
    swap.trigger()
    assert "Disk2" in answer(qtbot, window, "confirmDialog", Yes)
    assert "SWAP" in answer(qtbot, window, "completionDialog", Ok)
    window.backend.refresh()
    assert window.backend.snapshot.disk("Class1", "Disk2").status is DiskStatus.SWAP
    assert {s.state for s in window.backend.snapshot.slices if s.disk == "Disk2"} == {SliceState.NOUSE}
    window.lab.repair_disk_action.trigger()  # the replacement works
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    window.info.select_disk("Class1", "Disk2")
    assert restore.isEnabled() and not swap.isEnabled()
    restore.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    assert "Volume1" in answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: window.backend.snapshot.slice("Class1", "Disk2", "Volume1").state is SliceState.ACTIVE
                    and window.backend.refresh() is not None, timeout=20_000)
    assert window.backend.snapshot.disk("Class1", "Disk2").status is DiskStatus.ENABLE
