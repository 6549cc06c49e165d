"""Settings → File System Configuration and the device server's place in the window, where no device
server runs: what the dialog offers and why not, the status bar, the menu items, the in-use reasons
(fed by an in-use lock the test holds, as the server would), the keyboard and the Japanese GUI.
The same GUI on a real device server (mkfs, mount, unmount) is tests/devices/test_devices_gui.py.
"""

from __future__ import annotations

import pytest
import shiboken6
from gdsview.core.storage.locks import OwnerLock
from gdsview.ui.backend import devices_backend
from gui_helpers import answer, click, click_item, open_settings, visible_dialog
from PySide6.QtWidgets import QLabel, QMessageBox
from test_i18n import assert_translated, menu_texts, texts_of
from test_keyboard import check_keyboard_and_names

No = QMessageBox.StandardButton.No


@pytest.fixture(autouse=True)
def devices_root(tmp_path, monkeypatch):
    """Where a server of these tests would put its tree (none is started here)."""
    monkeypatch.setenv("GDSVIEW_DEVICES_ROOT", str(tmp_path / "sfdsk"))
    return tmp_path / "sfdsk"


def _volume_id(lab, volume: str) -> int:
    return lab.store.connection().execute("SELECT id FROM volumes WHERE name = ?", (volume,)).fetchone()[0]


def _dialog(qtbot, window):
    return open_settings(qtbot, window, "fileSystemConfiguration", "fileSystemConfigurationDialog")


def test_without_a_server_the_dialog_offers_to_start_it(qtbot, window, devices_root):
    status = window.findChild(QLabel, "deviceServerStatus")
    assert status.text() == "Device server: not running" and str(devices_root) in status.toolTip()
    dialog = _dialog(qtbot, window)
    assert "not running" in dialog.server_label.text() and "gdsview devices up" in dialog.server_label.text()
    assert dialog.start_server_button.isVisible() == (devices_backend.why_unavailable() is None)
    assert not dialog.make_button.isEnabled()  # nothing selected
    assert dialog.make_button.toolTip().endswith("select a volume first")
    click_item(qtbot, dialog.volumes, "Volume1")
    assert dialog.mount_point.text() == str(window.backend.root / "mnt" / "Class1" / "Volume1")
    qtbot.waitUntil(lambda: dialog.volumes.topLevelItem(0).text(3) == "-", timeout=10_000)  # read: no file system
    assert not dialog.mount_button.isEnabled() and "no file system" in dialog.mount_button.toolTip()
    assert not dialog.unmount_button.isEnabled() and "not mounted" in dialog.unmount_button.toolTip()
    if devices_backend.why_unavailable() is None:  # Make File System asks to destroy, then to start the server
        click(qtbot, dialog.make_button)
        box = visible_dialog(qtbot, window, "confirmDialog", QMessageBox)
        assert box.defaultButton() is box.button(No)
        answer(qtbot, window, "confirmDialog", No)
    dialog.close()


def test_a_machine_without_the_device_server_says_why(qtbot, lab, monkeypatch):
    from gui_helpers import shown_window

    why = "the device server needs /dev/fuse (load the fuse kernel module)"
    monkeypatch.setattr(devices_backend, "why_unavailable", lambda: why)
    with shown_window(qtbot, lab.root) as w:
        assert w.devices.label.text() == "Device server: not available" and w.devices.label.toolTip() == why
        assert not w.devices.start_action.isEnabled() and w.devices.start_action.toolTip() == why
        assert not w.devices.stop_action.isEnabled()
        assert w.devices.stop_action.toolTip() == "the device server is not running"
        dialog = _dialog(qtbot, w)
        assert not dialog.start_server_button.isVisible() and why in dialog.server_label.text()
        click_item(qtbot, dialog.volumes, "Volume1")
        assert not dialog.make_button.isEnabled() and dialog.make_button.toolTip().endswith(why)
        dialog.close()


def test_in_use_shows_in_object_information_and_on_the_disabled_items(qtbot, window, lab):
    """A device opened (here: the in-use lock taken, as the server does) logs no event; the next
    refresh shows it, and Stop Volume says why it is not allowed."""
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume2")
    stop = window.operation_actions["stop_volume"][1]
    assert stop.isEnabled()
    model = window.info.volumes
    in_use = model.index(model.row_of(("Class1", "Volume2")), model.COL_IN_USE)
    assert in_use.data() == "no"
    lock = OwnerLock(lab.volume_use_lock_path(_volume_id(lab, "Volume2")), "use")
    lock.acquire()
    try:
        window.backend.refresh()
        assert in_use.data() == "yes" and "in use" in model.index(in_use.row(), 0).data(3)  # its tooltip
        assert not stop.isEnabled() and stop.toolTip() == "Volume2: volume is in use"  # a hint (issue 16)
        dialog = _dialog(qtbot, window)
        click_item(qtbot, dialog.volumes, "Volume2")
        assert dialog.volumes.selectedItems()[0].text(4) == "yes"
        assert not dialog.make_button.isEnabled() and dialog.make_button.toolTip().endswith("volume is in use")
        assert dialog.reason.text() == "volume is in use"
        dialog.close()
    finally:
        lock.release()
    window.backend.refresh()
    assert in_use.data() == "no" and stop.isEnabled()


def test_the_dialog_with_the_keyboard(qtbot, window):
    dialog = _dialog(qtbot, window)
    check_keyboard_and_names(qtbot, dialog)
    if shiboken6.isValid(dialog):
        dialog.close()


def test_the_dialog_and_the_menu_items_in_japanese(qtbot, lab):
    from gdsview.ui import i18n
    from gui_helpers import shown_window

    i18n.install("ja")
    try:
        with shown_window(qtbot, lab.root) as w:
            assert w.findChild(type(w.abnormal_action), "fileSystemConfiguration").text() == \
                "ファイルシステム構成(&F)..."
            assert_translated(texts_of(w) + menu_texts(w))
            dialog = _dialog(qtbot, w)
            assert dialog.windowTitle() == "ファイルシステム構成"
            assert_translated(texts_of(dialog))
            click_item(qtbot, dialog.volumes, "Volume1")
            qtbot.waitUntil(lambda: dialog.volumes.topLevelItem(0).text(3) == "-", timeout=10_000)
            assert_translated(texts_of(dialog))
            no_fs = "ボリュームにファイルシステムがありません。先に作成してください"
            assert dialog.mount_button.toolTip().endswith(no_fs)
            dialog.close()
    finally:
        i18n.remove()
