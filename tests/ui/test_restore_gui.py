"""Operation → Restore Backup: the dialog, the confirmation, progress, the refusal of a volume in use."""

from __future__ import annotations

import os
from pathlib import Path

from gdsview.core.engine.volume_io import open_device
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.backup import backup_access_path
from gdsview.lab.service import Service
from gui_helpers import answer, visible_dialog
from PySide6.QtWidgets import QMessageBox

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok


def _backup(lab, outside, tmp_path: Path) -> Path:
    """Disk2.Volume1 backed up after the built-in service wrote and stopped; attached again."""
    s = Service(Workspace(lab.root), "Class1", "Volume1", rate_mib_s=32, source="test")
    s.start()
    s.stop()
    outside.detach_slice("Class1", "Disk2", "Volume1")
    result = backup_access_path(Workspace(lab.root), "/dev/sfdsk/Class1/dsk/Disk2.Volume1", tmp_path / "v1.img")
    outside.attach_slice("Class1", "Disk2", "Volume1")
    return result.path


def _volume(lab, volume: str) -> bytes:
    with open_device(Workspace(lab.root), f"/dev/sfdsk/Class1/dsk/{volume}") as dev:
        return dev.pread(dev.size, 0)


def _open_dialog(qtbot, window, path: Path, volume: str):
    window.operation_actions["restore_backup"][1].trigger()
    dialog = visible_dialog(qtbot, window, "restoreBackupDialog")
    dialog.file.setText(str(path))
    dialog.volume.setCurrentIndex(dialog.volume.findData(f"Class1/{volume}"))
    return dialog


def test_restore_backup_into_a_volume(qtbot, window, lab, outside, tmp_path):
    backup = _backup(lab, outside, tmp_path)
    outside.create_volume("Class1", "Group1", "Volume3", backup.stat().st_size // 512)
    window.backend.refresh()
    dialog = _open_dialog(qtbot, window, backup, "Volume3")
    if os.environ.get("GDSVIEW_SHOTS"):
        dialog.grab().save(str(Path(os.environ["GDSVIEW_SHOTS"]) / "restore-dialog.png"))
    dialog.accept()
    assert "into Class1's volume Volume3" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QMessageBox)), timeout=10_000)
    shown = [d for d in window.findChildren(QMessageBox) if d.isVisible()]
    assert shown[-1].objectName() == "completionDialog", shown[-1].text()
    text = answer(qtbot, window, "completionDialog", Ok)
    assert "was restored into Volume3" in text
    assert _volume(lab, "Volume3") == backup.read_bytes()
    assert any("restored into Volume3" in t for t in window.log.model.texts())


def test_restore_refuses_a_volume_in_use(qtbot, window, lab, outside, tmp_path):
    backup = _backup(lab, outside, tmp_path)
    s = Service(Workspace(lab.root), "Class1", "Volume1", rate_mib_s=1, source="test")
    s.start()
    try:
        window.backend.refresh()
        _open_dialog(qtbot, window, backup, "Volume1").accept()
        answer(qtbot, window, "confirmDialog", Yes)
        assert "Class1: Volume1: volume is in use" in answer(qtbot, window, "errorDialog", Ok)
    finally:
        s.stop()
