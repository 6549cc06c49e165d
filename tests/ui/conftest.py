"""GUI fixtures: a small lab in tmp_path, the main window on it, helpers to answer dialogs."""

from __future__ import annotations

import pytest
from gdsview.core.names import MiB
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace
from gui_helpers import shown_window


def make_small_lab(root) -> Workspace:
    """The demo's shape with small disks, so that full copies take milliseconds."""
    ws = Workspace(root)
    m = VolumeManager(ws, source="test")
    for name in ("sda", "sdb", "sdc"):
        m.create_physical_disk(name, 128 * MiB)
    m.register_disk("Class1", "sda", "Disk1")
    m.register_disk("Class1", "sdb", "Disk2")
    m.connect_disk("Class1", "Group1", "Disk1")
    m.connect_disk("Class1", "Group1", "Disk2")
    m.create_volume("Class1", "Group1", "Volume1", 32 * MiB // 512)
    m.create_volume("Class1", "Group1", "Volume2", 8 * MiB // 512)
    with m.store.write() as conn:  # like the demo lab: the training steps count from here
        m.store.log(conn, "test", "lab-init", "small lab ready: sdc is the backup disk", class_name="Class1")
    return ws


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path):
    """Every test has its own, empty, settings folder: QSettings files go there, never to ~/.config."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))
    return folder


@pytest.fixture
def preferences(settings_in_tmp):
    from gdsview.ui.preferences import Preferences

    return Preferences()


@pytest.fixture
def lab(tmp_path) -> Workspace:
    ws = make_small_lab(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot, lab):
    with shown_window(qtbot, lab.root) as w:
        yield w


@pytest.fixture
def outside(lab) -> VolumeManager:
    """Another client of the workspace (as an sdx* command in another terminal would be)."""
    return VolumeManager(Workspace(lab.root), source="sdxslice")
