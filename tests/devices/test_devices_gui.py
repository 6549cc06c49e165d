"""The GUI on real devices: Settings → File System Configuration, the device server's menu items and
status bar field, and the disabled items' in-use reasons following opens and closes at once.

pytest-qt drives the real window and dialogs; the device server, mkfs, losetup and mount are real
(as root, with /dev/fuse: elsewhere these tests skip and say why). Everything a test makes is undone
in reverse order (file systems, loop devices, the server) even when it fails, by the fixtures of
tests/devices.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from devices_helpers import Served
from gdsview.core.errors import SdxError
from gdsview.devices import control, filesystems, loopdev
from gdsview.ui.backend.device_requests import UnmountFileSystem
from PySide6.QtWidgets import QMessageBox
from workspace_helpers import build_small_lab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from gui_helpers import answer, click, click_item, idle, open_settings, shown_window, type_into, visible_dialog  # noqa: E402

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok


def _list_row(dialog, volume: str) -> dict[str, str]:
    from gui_helpers import item

    it = item(dialog.volumes, volume)
    header = dialog.volumes.headerItem()
    return {header.text(c): it.text(c) for c in range(dialog.volumes.columnCount())}


def _info_row(window, volume: str) -> dict[str, str]:
    model = window.info.volumes
    row = model.row_of(("Class1", volume))
    assert row >= 0, f"{volume} not in Object Information"
    return {model.column_title(c): model.index(row, c).data() for c in range(model.columnCount())}


def _tip(window, op: str) -> str:
    _op, action = window.operation_actions[op]
    return action.toolTip() if not action.isEnabled() else ""


def _wait_refreshed(qtbot, window, condition, timeout=10_000) -> None:
    """What the monitoring timer does every few seconds, done now until ``condition`` holds."""
    def check() -> bool:
        window.backend.refresh()
        return bool(condition())

    qtbot.waitUntil(check, timeout=timeout)


def test_file_system_configuration_makes_mounts_and_unmounts(qtbot, served: Served):
    with shown_window(qtbot, served.ws.root) as w:
        w.select_class("Class1")
        dialog = open_settings(qtbot, w, "fileSystemConfiguration", "fileSystemConfigurationDialog")
        assert "running" in dialog.server_label.text() and str(served.root) in dialog.server_label.text()
        qtbot.waitUntil(lambda: _list_row(dialog, "Volume2")["File System"] == "-")
        click_item(qtbot, dialog.volumes, "Volume2")
        assert not dialog.mount_button.isEnabled()
        assert "no file system" in dialog.mount_button.toolTip()

        # No (the default answer) changes nothing
        click(qtbot, dialog.make_button)
        box = visible_dialog(qtbot, w, "confirmDialog", QMessageBox)
        assert box.defaultButton() is box.button(No) and "destroyed" in box.text()
        answer(qtbot, w, "confirmDialog", No)
        assert filesystems.detect_fstype(served.ws, served.gds("Volume2")) is None

        click(qtbot, dialog.fstype_radios["ext4"])
        click(qtbot, dialog.make_button)
        answer(qtbot, w, "confirmDialog", Yes)
        idle(qtbot, dialog)
        assert filesystems.detect_fstype(served.ws, served.gds("Volume2")) == "ext4"
        qtbot.waitUntil(lambda: _list_row(dialog, "Volume2")["File System"] == "ext4", timeout=10_000)
        assert "ext4" in dialog.status.text()

        target = served.tmp / "mnt" / "volume2"  # missing: the dialog makes the folder
        served.undo.push(f"unmount {target}", lambda: served.unmount(target))
        type_into(qtbot, dialog.mount_point, str(target))
        click(qtbot, dialog.mount_button)
        idle(qtbot, dialog)
        assert loopdev.is_mountpoint(target)
        assert "the folder was made" in dialog.status.text()
        _wait_refreshed(qtbot, w, lambda: _list_row(dialog, "Volume2")["Mount Point"] == str(target))
        assert _list_row(dialog, "Volume2")["In Use"] == "yes"
        assert not dialog.make_button.isEnabled() and "volume is in use" in dialog.make_button.toolTip()
        row = _info_row(w, "Volume2")
        assert (row["File System"], row["In Use"], row["Mount Point"]) == ("ext4", "yes", str(target))
        assert _info_row(w, "Volume1")["In Use"] == "no"
        (target / "hello.txt").write_text("through the GUI's mount\n")
        with pytest.raises(SdxError, match="not mounted there"):  # never what is mounted elsewhere
            UnmountFileSystem("Class1", "Volume2", str(served.tmp)).apply(served.lab.manager)

        # the Operation menu's Stop Volume says why not
        w.info.select_volume("Class1", "Volume2")
        assert _tip(w, "stop_volume") == "Volume2: volume is in use"  # a hint, not an error (issue 16)

        click_item(qtbot, dialog.volumes, "Volume2")
        click(qtbot, dialog.unmount_button)
        idle(qtbot, dialog)
        assert not loopdev.is_mountpoint(target)
        _wait_refreshed(qtbot, w, lambda: _list_row(dialog, "Volume2")["In Use"] == "no")
        assert _list_row(dialog, "Volume2")["Mount Point"] == "-"
        assert loopdev.loops_under(str(served.root)) == []
        w.info.select_volume("Class1", "Volume2")
        _wait_refreshed(qtbot, w, lambda: w.operation_actions["stop_volume"][1].isEnabled())
        served.run("e2fsck", "-fn", served.file("Volume2"))
        dialog.close()


def test_disabled_items_follow_devices_opened_and_closed(qtbot, served: Served):
    """Opening a device logs no event: the window notices the in-use lock at its next refresh."""
    m = served.lab.manager
    with shown_window(qtbot, served.ws.root) as w:
        w.select_class("Class1")
        w.info.select_volume("Class1", "Volume1")
        assert w.operation_actions["stop_volume"][1].isEnabled()
        with open(served.file("Volume1"), "rb"):
            _wait_refreshed(qtbot, w, lambda: not w.operation_actions["stop_volume"][1].isEnabled())
            assert _tip(w, "stop_volume") == "Volume1: volume is in use"
            assert _info_row(w, "Volume1")["In Use"] == "yes"
        assert filesystems.wait_released(served.ws, served.gds("Volume1"))
        _wait_refreshed(qtbot, w, lambda: w.operation_actions["stop_volume"][1].isEnabled())

        m.detach_slice("Class1", "Disk2", "Volume1")
        w.backend.refresh()
        w.select_slice("Class1", "Disk2", "Volume1")
        assert w.operation_actions["attach"][1].isEnabled() and w.operation_actions["stop_activate"][1].isEnabled()
        with open(served.file("Disk2.Volume1"), "rb"):
            _wait_refreshed(qtbot, w, lambda: not w.operation_actions["attach"][1].isEnabled())
            reason = "Disk2.Volume1: slice is in use: its access path is open"
            assert _tip(w, "attach") == reason
            assert _tip(w, "stop_activate") == reason  # not "only a TEMP slice can be stopped": it is TEMP
        assert filesystems.wait_released(served.ws, served.gds("Disk2.Volume1"))
        _wait_refreshed(qtbot, w, lambda: w.operation_actions["attach"][1].isEnabled())
        m.attach_slice("Class1", "Disk2", "Volume1")


def test_the_gui_starts_the_server_when_asked_and_stops_it(qtbot, tmp_path, undo, monkeypatch):
    root = tmp_path / "sfdsk"
    monkeypatch.setenv("GDSVIEW_DEVICES_ROOT", str(root))
    lab = build_small_lab(tmp_path / "ws")
    undo.push("close the lab", lab.close)
    undo.push(f"devices down --force ({root})", lambda: control.down(lab.ws, force=True))
    served = Served(lab, root, tmp_path, undo)
    with shown_window(qtbot, lab.ws.root) as w:
        status = w.findChild(type(w.status_label), "deviceServerStatus")
        start, stop = w.devices.start_action, w.devices.stop_action
        assert status.text() == "Device server: not running" and str(root) in status.toolTip()
        assert start.isEnabled() and not stop.isEnabled()

        # Make File System without a server: the dialog offers to start it, then makes the file system
        dialog = open_settings(qtbot, w, "fileSystemConfiguration", "fileSystemConfigurationDialog")
        assert "not running" in dialog.server_label.text() and dialog.start_server_button.isVisible()
        click_item(qtbot, dialog.volumes, "Volume1")
        click(qtbot, dialog.make_button)
        answer(qtbot, w, "confirmDialog", Yes)  # destroy the data
        text = answer(qtbot, w, "confirmDialog", Yes)  # start the server
        assert "gdsview devices up" in text
        idle(qtbot, dialog)
        qtbot.waitUntil(lambda: filesystems.detect_fstype(lab.ws, served.gds("Volume1")) == "ext4", timeout=20_000)
        idle(qtbot, dialog)
        assert control.status(lab.ws).running
        assert status.text() == f"Devices: {root}" and not start.isEnabled() and stop.isEnabled()
        assert not dialog.start_server_button.isVisible()
        target = tmp_path / "volume1"
        undo.push(f"unmount {target}", lambda: served.unmount(target))
        type_into(qtbot, dialog.mount_point, str(target))
        click(qtbot, dialog.mount_button)
        idle(qtbot, dialog)
        assert loopdev.is_mountpoint(target)
        dialog.close()

        # Stop while mounted: the confirmation names the mount and defaults to No
        w.backend.refresh()
        stop.trigger()
        box = visible_dialog(qtbot, w, "confirmDialog", QMessageBox)
        assert box.defaultButton() is box.button(No)
        assert f"{served.gds('Volume1')} mounted on {target}" in box.text() and "--force" in box.text()
        answer(qtbot, w, "confirmDialog", No)
        assert control.status(lab.ws).running and loopdev.is_mountpoint(target)
        with pytest.raises(SdxError, match="devices are in use"):
            control.down(lab.ws)  # what a plain stop would have said

        # Yes: unmounted, loop detached, server stopped, in that order
        stop.trigger()
        answer(qtbot, w, "confirmDialog", Yes)
        done = answer(qtbot, w, "completionDialog", Ok)
        assert "The device server is stopped." in done and f"{target} unmounted" in done
        assert not loopdev.is_mountpoint(target) and not loopdev.is_mountpoint(root)
        assert not control.status(lab.ws).running
        qtbot.waitUntil(lambda: status.text() == "Device server: not running", timeout=5_000)
        assert start.isEnabled() and not stop.isEnabled()

        # start from the menu, stop again with nothing in use (a plain Yes/No)
        start.trigger()
        assert "is running" in answer(qtbot, w, "completionDialog", Ok)
        assert control.status(lab.ws).running
        stop.trigger()
        box = visible_dialog(qtbot, w, "confirmDialog", QMessageBox)
        assert box.defaultButton() is box.button(Yes)
        answer(qtbot, w, "confirmDialog", Yes)
        answer(qtbot, w, "completionDialog", Ok)
        assert not control.status(lab.ws).running


def test_a_killed_server_shows_and_stop_cleans_up(qtbot, served: Served):
    """kill -9 under a mounted file system: the status bar says so, Start is refused with the reason,
    and Stop Device Server (after a confirmation defaulting to No) tears down in order."""
    import os
    import signal

    served.run("mkfs.ext4", "-q", served.file("Volume1"))
    mnt = served.mount("Volume1")
    with shown_window(qtbot, served.ws.root) as w:
        status = w.findChild(type(w.status_label), "deviceServerStatus")
        assert status.text() == f"Devices: {served.root}"
        os.kill(control.status(served.ws).pid, signal.SIGKILL)
        _wait_refreshed(qtbot, w, lambda: status.text() == "Device server stopped unexpectedly")
        assert "down --force" in status.toolTip()
        assert not w.devices.start_action.isEnabled() and "stop it first" in w.devices.start_action.toolTip()
        w.devices.stop_action.trigger()
        box = visible_dialog(qtbot, w, "confirmDialog", QMessageBox)
        assert box.defaultButton() is box.button(No) and str(served.root) in box.text()
        answer(qtbot, w, "confirmDialog", Yes)
        done = answer(qtbot, w, "completionDialog", Ok)
        assert f"{mnt} unmounted" in done and f"device tree {served.root} unmounted" in done
        assert not loopdev.is_mountpoint(mnt) and not loopdev.is_mountpoint(served.root)
        assert loopdev.loops_under(str(served.root)) == []
        qtbot.waitUntil(lambda: status.text() == "Device server: not running", timeout=5_000)
        assert w.devices.start_action.isEnabled()
