"""The service controls, backup from the access path, Verify Backup, the Procedure panel, Reset Lab."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from gdsview.core.model import SliceState
from gdsview.lab import backup as backup_module
from gdsview.ui.backend import lab_backend as backend_module
from gui_helpers import answer, default_of, visible_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

Yes, No, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok


def _start_service(qtbot, window, volume="Volume1"):
    window.lab.start_service_action.trigger()
    dialog = visible_dialog(qtbot, window, "startServiceDialog")
    dialog.volume.setCurrentIndex(dialog.volume.findData(f"Class1/{volume}"))
    dialog.rate.setValue(16)
    dialog.accept()
    answer(qtbot, window, "confirmDialog", Yes)  # starting the service changes something: it asks
    qtbot.waitUntil(lambda: any(st.written_records > 32 for st in window.backend.lab.service_statuses()),
                    timeout=10_000)


def test_service_start_and_stop(qtbot, window):
    stop = window.lab.stop_service_action
    assert not stop.isEnabled()  # and it says why, as the Operation menu's items do
    assert stop.toolTip() == stop.statusTip() == "No service is running in this window: Service → Start Service " \
        "starts one."
    _start_service(qtbot, window)
    qtbot.waitUntil(lambda: "writing to Volume1" in window.lab.service_label.text(), timeout=5000)
    assert stop.isEnabled() and stop.toolTip() == "Stop the service writing to Volume1"
    stop.trigger()
    assert default_of(qtbot, window) == No
    answer(qtbot, window, "confirmDialog", No)  # No: it goes on writing
    assert window.backend.lab.service_statuses()
    stop.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
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
    assert str(dest) in answer(qtbot, window, "confirmDialog", Yes)


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
    text = answer(qtbot, window, "verifyResultDialog", Ok)
    assert "checksum: SHA-256 against Volume1.img.sha256: OK" in text and "Volume1.img: CLEAN" in text
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


def test_the_lab_at_its_start_has_its_service_running(qtbot, lab, preferences):
    """The application's window (ui.app) starts the service on a lab at its start, as a volume in
    production has its application running; a lab with a step done is left as it is."""
    from gdsview.ui import app as gui_app

    w = gui_app.build_window(lab.root, preferences)
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: [st.volume for st in w.backend.lab.service_statuses()] == ["Volume1"],
                        timeout=10_000)
        qtbot.waitUntil(w.lab.stop_service_action.isEnabled, timeout=5_000)  # once the start is reported
        w.backend.lab.stop_services_now()
        w.backend.refresh()
        qtbot.waitUntil(lambda: not w.lab.stop_service_action.isEnabled(), timeout=5_000)
    finally:
        w.close_without_asking()
    from gdsview.core.policy.manager import VolumeManager
    from gdsview.core.storage.workspace import Workspace

    VolumeManager(Workspace(lab.root), source="sdxdisk").register_disk("Class1", "sdc", "Disk3")  # step 1 done
    w = gui_app.build_window(lab.root, preferences)
    qtbot.addWidget(w)
    try:
        qtbot.wait(300)
        assert not w.backend.lab.service_statuses()
    finally:
        w.close_without_asking()


def test_the_hint_says_to_start_the_service_when_none_runs(qtbot, window, outside):
    window.lab.procedure_dock.show()
    window.lab._tick()
    status = window.lab.procedure.status.text()
    assert "Next: first Service → Start Service: the procedure backs up a volume in use" in status
    _start_service(qtbot, window)
    window.lab._tick()
    assert "Start Service" not in window.lab.procedure.status.text()
    assert "Next: Settings → Class Configuration: select the backup disk (sdc), Add" in \
        window.lab.procedure.status.text()


def test_the_hints_name_menu_items_as_they_read(qtbot, window):
    """Every "Menu → Item" of the Procedure's hints is a menu of this window and an item of it."""
    import re

    from gdsview.lab.procedure import START_SERVICE_FIRST, STEPS
    from gdsview.ui import core_texts, i18n

    menus = {i18n.plain(a.text()): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    for text in [s.action for s in STEPS] + [START_SERVICE_FIRST]:
        shown = core_texts.procedure(text)
        for menu, item in re.findall(r"(\w[\w ]*?) → ([\w/ ]+?)(?=[:;,]|$)", shown):
            menu = menu.split()[-1] if menu not in menus else menu  # "then Operation" → "Operation"
            assert menu in menus, (text, menu, list(menus))
            items = [i18n.plain(a.text()) for a in menus[menu].actions() if not a.isSeparator()]
            assert item.strip() in items, (text, item, items)


def test_step_3_is_not_ticked_by_a_detach_without_a_service(qtbot, window, outside):
    window.lab.procedure_dock.show()
    outside.register_disk("Class1", "sdc", "Disk3")
    outside.connect_disk("Class1", "Group1", "Disk3")
    from gdsview.core.engine.resync import copy_volume

    for v in ("Volume1", "Volume2"):
        copy_volume(outside.ws, "Class1", v, source="sdxcopy")
    outside.detach_slice("Class1", "Disk3", "Volume1")  # no service ever ran
    window.backend.refresh()
    report = window.lab.procedure.report
    assert window.lab.procedure.done_keys() == ["register", "connect", "detach"]
    assert report.steps[2].done_at is None
    texts = [window.lab.procedure.warnings.item(i).text() for i in range(window.lab.procedure.warnings.count())]
    assert any("step 4 done before step 3" in t for t in texts), texts


def test_the_elapsed_clock_counts_from_the_lab_and_stops_when_all_is_done(qtbot, window):
    from dataclasses import replace

    from gdsview.lab.observer import LabReport, StepState
    from gdsview.lab.procedure import STEPS

    panel = window.lab.procedure
    start = 1000.0
    steps = [StepState(s, start + 10 * s.number, 10.0 * s.number) for s in STEPS]
    panel.show_report(LabReport(start, steps[:3] + [StepState(s) for s in STEPS[3:]]), now=start + 75)
    assert "Elapsed 01:15." in panel.status.text()  # from the lab's start (its lab-init)
    done = LabReport(start, steps)
    panel.show_report(done, now=start + 3600)
    assert "All steps done" in panel.status.text() and "Elapsed 01:30." in panel.status.text()  # the last step
    panel.show_report(replace(done), now=start + 7200)
    assert "Elapsed 01:30." in panel.status.text()


def test_end_simulated_failure_only_with_a_failure(qtbot, window):
    repair, fail = window.lab.repair_disk_action, window.lab.fail_disk_action
    window.select_class("Class1")
    assert not repair.isEnabled() and repair.toolTip() == "No disk failure is simulated."
    assert not fail.isEnabled() and fail.toolTip() == "Select a disk in the Disk Information list first."
    window.info.select_disk("Class1", "Disk2")
    assert fail.isEnabled() and not repair.isEnabled()
    fail.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert repair.isEnabled() and not fail.isEnabled() and "fails already" in fail.toolTip()
    window.info.select_disk("Class1", "Disk1")
    assert not repair.isEnabled() and "(sdb)" in repair.toolTip()
    window.info.select_disk("Class1", "Disk2")
    repair.trigger()
    answer(qtbot, window, "confirmDialog", Yes)
    answer(qtbot, window, "completionDialog", Ok)
    assert not repair.isEnabled()


def test_the_procedure_steps_show_their_whole_text(qtbot, window):
    panel = window.lab.procedure
    window.lab.procedure_dock.show()
    window.resize(1024, 700)
    window.backend.refresh()
    window.lab._events_added([])
    qtbot.wait(50)
    for i in range(panel.steps.count()):
        item = panel.steps.item(i)
        step = panel.report.steps[i].step
        assert item.text().startswith(f"{step.number}. {step.title}")  # the title whole, never "…"
        assert item.toolTip().startswith(f"{step.number}. {step.title}\nHow: {step.action}")
    view = panel.steps
    rect = view.visualItemRect(view.item(2))
    assert rect.height() > view.fontMetrics().height() * 1.5 or rect.width() >= view.fontMetrics().horizontalAdvance(
        view.item(2).text())  # wrapped onto two lines, or wide enough for one
