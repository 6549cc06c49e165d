"""Every Operation-menu dialog clicked through: Yes and No/Cancel paths, backend state and log after."""

from __future__ import annotations

import re
from dataclasses import replace

from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import AccessMode, SliceState
from gui_helpers import answer, no_dialog_open, slice_state, visible_dialog
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok


def _action(window, op_id):
    return window.operation_actions[op_id][1]


def _snapshot_sans_version(window):
    window.backend.refresh(force=True)
    return replace(window.backend.snapshot, version=0)


def _open_detach_dialog(qtbot, window, disk="Disk2"):
    window.select_slice("Class1", disk, "Volume1")
    assert _action(window, "detach").isEnabled()
    _action(window, "detach").trigger()
    return visible_dialog(qtbot, window, "detachSliceDialog")


def test_detach_yes_read_only_names_the_access_path(qtbot, window):
    dialog = _open_detach_dialog(qtbot, window)
    assert dialog.read_write.isChecked() and not dialog.read_only.isChecked()  # the initial value
    assert dialog.jrm_on.isChecked()
    # on the indicator: a radio button only takes clicks on its indicator and label
    qtbot.mouseClick(dialog.read_only, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.read_only.height() // 2))
    assert dialog.read_only.isChecked()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    question = answer(qtbot, window, "confirmDialog", Yes)
    assert "Disk2.Volume1" in question
    done = answer(qtbot, window, "completionDialog", Ok)
    assert "/dev/sfdsk/Class1/dsk/Disk2.Volume1" in done
    s = window.backend.snapshot.slice("Class1", "Disk2", "Volume1")
    assert s.state is SliceState.TEMP and s.access_mode is AccessMode.RO
    assert any("Disk2.Volume1: slice Disk2.Volume1 detached (access mode ro" in t for t in window.log.model.texts())
    row = window.info.slices.row_of(("Class1", "Disk2", "Volume1"))
    assert window.info.slices.index(row, 2).data() == "TEMP"


def test_detach_cancel_and_no_change_nothing(qtbot, window):
    before = _snapshot_sans_version(window)
    dialog = _open_detach_dialog(qtbot, window)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert no_dialog_open(window)
    assert _snapshot_sans_version(window) == before
    dialog = _open_detach_dialog(qtbot, window)
    dialog.accept()
    answer(qtbot, window, "confirmDialog", No)
    qtbot.wait(100)
    assert no_dialog_open(window)
    assert _snapshot_sans_version(window) == before


def test_backend_refusal_shows_error_dialog_and_log(qtbot, window, outside):
    window.select_slice("Class1", "Disk1", "Volume1")
    dialog = _open_detach_dialog(qtbot, window, "Disk1")
    # meanwhile an sdxslice in another terminal detaches the other slice
    outside.detach_slice("Class1", "Disk2", "Volume1")
    before = _snapshot_sans_version(window)
    dialog.accept()
    answer(qtbot, window, "confirmDialog", Yes)
    error = answer(qtbot, window, "errorDialog", Ok)
    assert error.startswith("SDX:gdsview: ERROR: Disk1.Volume1:") and "only valid slice" in error
    assert any(t.startswith("ERROR gdsview: SDX:gdsview: ERROR: Disk1.Volume1") for t in window.log.model.texts())
    assert _snapshot_sans_version(window) == before


def test_attach_yes_copies_with_live_progress_until_active(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1", jrm=False)  # a full copy: 4 chunks of 8 MiB
    outside.set_copy_delay("Class1", "Volume1", 250)
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    _action(window, "attach").trigger()
    assert "synchronization copying will begin" in answer(qtbot, window, "confirmDialog", Yes)
    assert "copying has started" in answer(qtbot, window, "completionDialog", Ok)
    slices = window.info.slices
    row = slices.row_of(("Class1", "Disk2", "Volume1"))
    qtbot.waitUntil(lambda: "MiB/s" in slices.index(row, slices.COL_COPY).data(), timeout=10_000)
    assert slices.index(row, slices.COL_STATUS).data() == "COPY"
    assert re.fullmatch(r"\d+%  \(\d+ MiB/s, \d+:\d\d left\)", slices.index(row, slices.COL_COPY).data())  # its ETA
    assert window.plot.points("Disk2.Volume1") > 0 and window.plot.isVisible()
    qtbot.waitUntil(lambda: slice_state(window, "Disk2") == "ACTIVE", timeout=20_000)
    assert slices.index(row, slices.COL_STATUS).data() == "ACTIVE"
    assert any("copying into Disk2.Volume1 completed" in t for t in window.log.model.texts())


def test_attach_no_changes_nothing(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    before = _snapshot_sans_version(window)
    window.select_slice("Class1", "Disk2", "Volume1")
    _action(window, "attach").trigger()
    answer(qtbot, window, "confirmDialog", No)
    assert _snapshot_sans_version(window) == before


def test_stop_and_activate_slice(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    action = _action(window, "stop_activate")
    action.trigger()
    answer(qtbot, window, "confirmDialog", No)
    assert slice_state(window, "Disk2") == "TEMP"
    action.trigger()
    assert "inaccessible" in answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert slice_state(window, "Disk2") == "TEMP-STOP"
    action.trigger()
    assert "Activate slice Disk2.Volume1" in answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert slice_state(window, "Disk2") == "TEMP"
    with open_device(window.backend.ws, "/dev/sfdsk/Class1/dsk/Disk2.Volume1") as dev:
        assert len(dev.pread(512, 0)) == 512


def test_cancel_and_start_copying(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1", jrm=False)
    outside.set_copy_delay("Class1", "Volume1", 200)
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    _action(window, "attach").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: _action(window, "cancel_copy").isEnabled(), timeout=5000)
    _action(window, "cancel_copy").trigger()
    answer(qtbot, window, "confirmDialog", No)
    assert slice_state(window, "Disk2") == "COPY"
    _action(window, "cancel_copy").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    assert "cancelled" in answer(qtbot, window, "completionDialog", Ok)
    assert slice_state(window, "Disk2") == "INVALID"
    assert not _action(window, "cancel_copy").isEnabled()
    outside.set_copy_delay("Class1", "Volume1", 0)
    window.backend.refresh(force=True)
    _action(window, "start_copy").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: slice_state(window, "Disk2") == "ACTIVE", timeout=20_000)


def test_stop_and_start_volume(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume2")
    assert not _action(window, "start_volume").isEnabled()
    _action(window, "stop_volume").trigger()
    answer(qtbot, window, "confirmDialog", No)
    assert window.backend.snapshot.volume("Class1", "Volume2").status.value == "ACTIVE"
    _action(window, "stop_volume").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert window.backend.snapshot.volume("Class1", "Volume2").status.value == "STOP"
    assert [s.status.value for s in window.backend.snapshot.slices_of("Class1", "Volume2")] == ["STOP", "STOP"]
    _action(window, "start_volume").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert window.backend.snapshot.volume("Class1", "Volume2").status.value == "ACTIVE"


def test_check_status_reports_identical_slices(qtbot, window):
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume1")
    _action(window, "check_status").trigger()
    assert "are identical" in answer(qtbot, window, "completionDialog", Ok)


def test_operation_menu_follows_the_backend_rules(qtbot, window, outside):
    def enabled():
        return {k: a.isEnabled() for k, (_op, a) in window.operation_actions.items()}

    window.select_class("Class1")
    e = enabled()
    assert not any(e[k] for k in ("detach", "attach", "stop_activate"))
    assert _action(window, "detach").toolTip() == "Select a slice in the Slice Information list first."

    window.select_slice("Class1", "Disk2", "Volume1")
    e = enabled()
    assert e["detach"] and not e["attach"] and not e["stop_activate"]
    assert e["stop_volume"] and not e["start_volume"] and not e["start_copy"] and not e["cancel_copy"]

    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    e = enabled()
    assert not e["detach"] and e["attach"] and e["stop_activate"]
    # the other slice is now the only valid one: detaching it is refused, and the tooltip says why
    window.select_slice("Class1", "Disk1", "Volume1")
    assert not _action(window, "detach").isEnabled()
    assert "only valid slice" in _action(window, "detach").toolTip()

    outside.stop_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    e = enabled()
    assert e["stop_activate"] and e["attach"] and not e["detach"]


def test_close_while_copying_asks_and_the_copy_resumes_next_start(qtbot, window, outside, lab):
    from gdsview.core.storage.workspace import Workspace
    from gdsview.ui.backend import GuiBackend
    from gdsview.ui.main_window import MainWindow

    outside.detach_slice("Class1", "Disk2", "Volume1", jrm=False)
    outside.set_copy_delay("Class1", "Volume1", 150)
    window.backend.refresh(force=True)
    window.select_slice("Class1", "Disk2", "Volume1")
    _action(window, "attach").trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    qtbot.waitUntil(lambda: window.plot.points("Disk2.Volume1") > 0, timeout=5000)  # a chunk is copied
    window.close()
    assert "in progress" in answer(qtbot, window, "confirmDialog", No)
    assert window.isVisible()
    window.close()
    answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    s = outside.snapshot().slice("Class1", "Disk2", "Volume1")
    assert s.state is SliceState.COPY and not s.copy.running and 0 < s.copy.done_blocks < s.copy.total_blocks
    outside.set_copy_delay("Class1", "Volume1", 0)

    backend = GuiBackend(Workspace(lab.root))
    again = MainWindow(backend)
    qtbot.addWidget(again)
    backend.start()
    try:
        qtbot.waitUntil(lambda: outside.snapshot().slice("Class1", "Disk2", "Volume1").state is SliceState.ACTIVE,
                        timeout=20_000)
        assert backend.copies.wait(10)
        copied = [r for r in backend.copies.results if r.outcome == "completed"]
        assert copied and copied[0].copied_bytes < 32 << 20  # resumed, not restarted from zero
    finally:
        again.close_without_asking()
