"""The in-use rules, fed by the device server's owner locks (held here by the test itself)."""

from __future__ import annotations

import pytest
from gdsview.core.errors import SdxError
from gdsview.core.policy import rules
from gdsview.core.storage.locks import OwnerLock
from workspace_helpers import assert_refused


def _volume_id(lab, volume="Volume1") -> int:
    return lab.ws.store.connection().execute("SELECT id FROM volumes WHERE name = ?", (volume,)).fetchone()[0]


def _hold(path):
    lock = OwnerLock(path, "use")
    lock.acquire()
    return lock


def test_a_volume_in_use_cannot_be_stopped_or_removed_but_its_slice_can_be_detached(lab):
    lock = _hold(lab.ws.volume_use_lock_path(_volume_id(lab)))
    try:
        snap = lab.manager.snapshot()
        assert snap.volume("Class1", "Volume1").in_use and not snap.volume("Class1", "Volume2").in_use
        err = assert_refused(lab, lab.manager.stop_volume, "Class1", "Volume1")
        assert err.format("sdxvolume") == "SDX:sdxvolume: ERROR: Volume1: volume is in use"
        assert rules.remove_volume(snap, "Class1", "Volume1").text == "volume is in use"
        lab.manager.detach_slice("Class1", "Disk2", "Volume1")  # the point of the backup procedure
        lab.manager.stop_volume("Class1", "Volume2")
    finally:
        lock.release()
    assert not lab.manager.snapshot().volume("Class1", "Volume1").in_use
    lab.manager.attach_slice("Class1", "Disk2", "Volume1")
    lab.manager.stop_volume("Class1", "Volume1")


def test_a_slice_whose_access_path_is_in_use_cannot_be_stopped_or_attached(lab):
    lab.manager.detach_slice("Class1", "Disk2", "Volume1")
    path = lab.ws.slice_use_lock_path(lab.slice_id("Disk2"))
    lock = _hold(path)
    try:
        assert lab.slice("Disk2").in_use
        for op in (lab.manager.stop_slice, lab.manager.attach_slice):
            err = assert_refused(lab, op, "Class1", "Disk2", "Volume1")
            assert err.format("sdxslice") == ("SDX:sdxslice: ERROR: Disk2.Volume1: slice is in use: "
                                              "its access path is open")
        refusals = rules.operation_refusals(lab.manager.snapshot(), "Class1", "Disk2", "Volume1")
        assert "in use" in refusals["attach"].text and "in use" in refusals["stop"].text
    finally:
        lock.release()
        path.unlink()
    lab.manager.stop_slice("Class1", "Disk2", "Volume1")
    lab.manager.attach_slice("Class1", "Disk2", "Volume1")


def test_a_lock_file_nobody_holds_is_not_in_use(lab):
    path = lab.ws.volume_use_lock_path(_volume_id(lab))
    path.write_bytes(b"")  # left by a server that was killed: the kernel dropped its lock
    assert not lab.manager.snapshot().volume("Class1", "Volume1").in_use
    lab.manager.stop_volume("Class1", "Volume1")


def test_lab_reset_refuses_while_a_device_is_in_use(lab):
    from gdsview.lab.demo import reset_lab

    lock = _hold(lab.ws.volume_use_lock_path(_volume_id(lab)))
    try:
        with pytest.raises(SdxError, match="Volume1 in use"):
            reset_lab(lab.ws)
    finally:
        lock.release()


def test_the_monitor_sees_a_device_opened_and_closed_without_any_event(lab):
    """Opening a device logs nothing: the GUI's monitor notices the in-use lock itself, and re-reads
    only the class it belongs to."""
    from gdsview.core.names import MiB
    from gdsview.core.storage.monitor import ConfigMonitor

    for n in (2, 3, 4):  # enough classes for a change of one to be re-read alone
        lab.manager.create_physical_disk(f"sdx{n}", 4 * MiB)
        lab.manager.register_disk(f"Class{n}", f"sdx{n}", "Disk1")
    monitor = ConfigMonitor(lab.ws)
    monitor.refresh()
    assert not monitor.refresh().changed  # nothing happened
    generation = lab.ws.store.generation()
    lock = _hold(lab.ws.volume_use_lock_path(_volume_id(lab)))
    try:
        change = monitor.refresh()
        assert change.changed and change.classes == {"Class1"}
        assert change.snapshot.volume("Class1", "Volume1").in_use
        assert not monitor.refresh().changed
    finally:
        lock.release()  # as a killed server's: the file stays, nobody holds it
    change = monitor.refresh()
    assert change.changed and not change.snapshot.volume("Class1", "Volume1").in_use
    lab.manager.detach_slice("Class1", "Disk2", "Volume1")
    path = lab.ws.slice_use_lock_path(lab.slice_id("Disk2"))
    monitor.refresh()
    lock = _hold(path)
    try:
        assert monitor.refresh().snapshot.slice("Class1", "Disk2", "Volume1").in_use
    finally:
        lock.release()
        path.unlink()
    assert not monitor.refresh().snapshot.slice("Class1", "Disk2", "Volume1").in_use
    assert lab.ws.store.generation() == generation + 1  # only the detach wrote to the database
