"""Every rule of rules.py and of GDS.md's slice-operation table: the allowed path and the refusals.

A refusal raises SdxError with a message and changes neither the configuration (the snapshot,
version aside), the JRM maps nor the operation log (``assert_refused``).
"""

from __future__ import annotations

import pytest
from gdsview.core.engine.slice_state import invalidate_slice
from gdsview.core.model import AccessMode, SliceState, SliceStatus, VolumeStatus
from gdsview.core.names import MiB
from gdsview.core.policy import rules
from gdsview.core.storage.layout import load_layout
from workspace_helpers import apath, assert_refused, wait_until

C = "Class1"


def states(lab, volume="Volume1"):
    return {s.disk: s.status for s in lab.manager.snapshot().slices_of(C, volume)}


# -- Detach Slice -------------------------------------------------------------------------------
def test_detach_active_slice(lab) -> None:
    path = lab.manager.detach_slice(C, "Disk2", "Volume1")
    assert path == "/dev/sfdsk/Class1/dsk/Disk2.Volume1"
    s = lab.slice("Disk2")
    assert (s.state, s.status, s.access_mode, s.jrm) == (SliceState.TEMP, SliceStatus.TEMP, AccessMode.RW, True)
    assert s.access_path == path
    assert lab.volume().status is VolumeStatus.ACTIVE
    assert states(lab, "Volume2") == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}


def test_detach_read_only_without_jrm(lab) -> None:
    lab.manager.detach_slice(C, "Disk1", "Volume2", jrm=False, mode=AccessMode.RO)
    s = lab.slice("Disk1", "Volume2")
    assert (s.status, s.access_mode, s.jrm) == (SliceStatus.TEMP, AccessMode.RO, False)


def test_detach_stop_slice_of_stopped_volume(lab) -> None:
    lab.manager.stop_volume(C, "Volume1")
    assert states(lab) == {"Disk1": SliceStatus.STOP, "Disk2": SliceStatus.STOP}
    assert rules.detach_slice(lab.manager.snapshot(), C, "Disk2", "Volume1") is None
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    assert states(lab) == {"Disk1": SliceStatus.STOP, "Disk2": SliceStatus.TEMP}
    # the detached slice of a stopped volume is still reachable through its access path
    assert lab.read(apath("Disk2"), 16) == bytes(16)


def test_detach_refuses_the_last_valid_slice(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    err = assert_refused(lab, lab.manager.detach_slice, C, "Disk1", "Volume1")
    assert err.obj == "Disk1.Volume1" and "only valid slice" in err.text


def test_detach_refuses_the_last_valid_slice_of_a_stopped_volume(lab) -> None:
    lab.manager.stop_volume(C, "Volume1")
    lab.manager.detach_slice(C, "Disk1", "Volume1")
    assert_refused(lab, lab.manager.detach_slice, C, "Disk2", "Volume1", match="only valid slice")


def test_detach_refuses_temp_and_temp_stop(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, lab.manager.detach_slice, C, "Disk2", "Volume1", match="TEMP")
    lab.manager.stop_slice(C, "Disk2", "Volume1")
    assert_refused(lab, lab.manager.detach_slice, C, "Disk2", "Volume1", match="TEMP-STOP")


def test_detach_refuses_copy_and_invalid(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")  # no launcher: stays in COPY
    assert lab.slice("Disk2").status is SliceStatus.COPY
    assert_refused(lab, m.detach_slice, C, "Disk2", "Volume1", match="COPY")
    # Disk1 is ACTIVE but Disk2 (COPY) is not a valid copy: Disk1 is the last valid slice
    assert_refused(lab, m.detach_slice, C, "Disk1", "Volume1", match="only valid slice")
    m.stop_volume(C, "Volume1")
    assert lab.slice("Disk2").status is SliceStatus.INVALID
    assert_refused(lab, m.detach_slice, C, "Disk2", "Volume1", match="INVALID")


def test_detach_refuses_unknown_objects(lab) -> None:
    assert_refused(lab, lab.manager.detach_slice, C, "Disk2", "Volume9", match="no such volume")
    assert_refused(lab, lab.manager.detach_slice, C, "Disk9", "Volume1", match="no such slice")
    assert_refused(lab, lab.manager.detach_slice, "Class9", "Disk2", "Volume1", match="no such volume")


# -- Attach Slice -------------------------------------------------------------------------------
def test_attach_temp_slice_copies_and_becomes_active(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    assert lab.manager.attach_slice(C, "Disk2", "Volume1") is True
    assert lab.launcher.results[-1].outcome == "completed"
    assert states(lab) == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}
    assert lab.slice("Disk2").access_mode is None


def test_attach_temp_stop_slice(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    lab.manager.stop_slice(C, "Disk2", "Volume1")
    lab.manager.attach_slice(C, "Disk2", "Volume1")
    assert states(lab) == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}


def test_attach_to_stopped_volume_copies_when_started(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    lab.write("/dev/sfdsk/Class1/dsk/Volume1", b"x" * 100, 3 * MiB)
    m.stop_volume(C, "Volume1")
    assert m.attach_slice(C, "Disk2", "Volume1") is False
    assert lab.launcher.results == []
    assert states(lab) == {"Disk1": SliceStatus.STOP, "Disk2": SliceStatus.INVALID}
    assert m.start_volume(C, "Volume1") is True
    assert lab.launcher.results[-1].outcome == "completed"
    assert lab.launcher.results[-1].copied_bytes == MiB
    assert states(lab) == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}
    assert lab.slice_bytes("Disk2", offset=3 * MiB, length=100) == b"x" * 100


def test_attach_refuses_active_copy_and_invalid(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    assert_refused(lab, m.attach_slice, C, "Disk2", "Volume1", match="only a TEMP or TEMP-STOP")
    m.detach_slice(C, "Disk2", "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.attach_slice, C, "Disk2", "Volume1", match="COPY")
    m.stop_volume(C, "Volume1")
    assert_refused(lab, m.attach_slice, C, "Disk2", "Volume1", match="INVALID")
    assert_refused(lab, m.attach_slice, C, "Disk1", "Volume1", match="STOP")


# -- Stop / Activate Slice ----------------------------------------------------------------------
def test_stop_and_activate_slice(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    m.stop_slice(C, "Disk2", "Volume1")
    assert lab.slice("Disk2").status is SliceStatus.TEMP_STOP
    m.activate_slice(C, "Disk2", "Volume1")
    assert lab.slice("Disk2").status is SliceStatus.TEMP
    assert lab.slice("Disk2").access_mode is AccessMode.RW


def test_stop_slice_only_temp(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    assert_refused(lab, m.stop_slice, C, "Disk2", "Volume1", match="only a TEMP slice can be stopped")
    m.detach_slice(C, "Disk2", "Volume1")
    m.stop_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.stop_slice, C, "Disk2", "Volume1", match="TEMP-STOP")
    m.activate_slice(C, "Disk2", "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.stop_slice, C, "Disk2", "Volume1", match="COPY")


def test_activate_slice_only_temp_stop(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    assert_refused(lab, m.activate_slice, C, "Disk2", "Volume1", match="only a TEMP-STOP slice")
    m.detach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.activate_slice, C, "Disk2", "Volume1", match="TEMP")
    m.attach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.activate_slice, C, "Disk2", "Volume1", match="COPY")


def test_operation_refusals_for_menus(lab) -> None:
    snap = lab.manager.snapshot()
    r = rules.operation_refusals(snap, C, "Disk2", "Volume1")
    assert r["detach"] is None and all(r[k] is not None for k in ("attach", "stop", "activate"))
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    r = rules.operation_refusals(lab.manager.snapshot(), C, "Disk2", "Volume1")
    assert r["attach"] is None and r["stop"] is None and r["detach"] is not None and r["activate"] is not None
    r1 = rules.operation_refusals(lab.manager.snapshot(), C, "Disk1", "Volume1")
    assert all(v is not None for v in r1.values())


# -- volumes ------------------------------------------------------------------------------------
def test_start_stop_volume_rules(lab) -> None:
    m = lab.manager
    assert_refused(lab, m.start_volume, C, "Volume1", match="already started")
    m.stop_volume(C, "Volume1")
    assert lab.volume().status is VolumeStatus.STOP
    assert_refused(lab, m.stop_volume, C, "Volume1", match="already stopped")
    assert m.start_volume(C, "Volume1") is False  # nothing to copy
    assert lab.volume().status is VolumeStatus.ACTIVE
    assert_refused(lab, m.start_volume, C, "Volume9", match="no such volume")
    assert_refused(lab, m.stop_volume, C, "Volume9", match="no such volume")


def test_start_refuses_an_invalid_volume(lab) -> None:
    m = lab.manager
    m.stop_volume(C, "Volume1")
    m.detach_slice(C, "Disk2", "Volume1")
    with lab.ws.store.read() as conn:
        layout = load_layout(conn, C, "Volume1")
    invalidate_slice(lab.ws, layout, layout.slice("Disk1"), "test: disk failed", "test")
    assert lab.volume().status is VolumeStatus.INVALID
    assert_refused(lab, m.start_volume, C, "Volume1", match="INVALID")


def test_remove_volume_rules(lab) -> None:
    m = lab.manager
    assert_refused(lab, m.remove_volume, C, "Volume1", match="stop it first")
    m.detach_slice(C, "Disk2", "Volume1")
    m.stop_volume(C, "Volume1")
    assert_refused(lab, m.remove_volume, C, "Volume1", match="detached")
    m.attach_slice(C, "Disk2", "Volume1")  # stopped: INVALID, copy waits for a start
    jrm = lab.jrm_path("Disk2")
    assert jrm.exists()
    m.remove_volume(C, "Volume1")
    snap = m.snapshot()
    assert snap.volume(C, "Volume1") is None and snap.slices_of(C, "Volume1") == ()
    assert not jrm.exists()
    assert_refused(lab, m.remove_volume, C, "Volume1", match="no such volume")


def test_create_volume_rules(lab) -> None:
    m = lab.manager
    for taken in ("Volume1", "Disk1", "Group1"):
        assert_refused(lab, m.create_volume, C, "Group1", taken, 2048, match="already used")
    assert_refused(lab, m.create_volume, C, "Group9", "Volume3", 2048, match="no such group")
    assert_refused(lab, m.create_volume, "Class9", "Group1", "Volume3", 2048, match="no such class")
    free = m.snapshot().group(C, "Group1").free_blocks
    assert free == (64 - 1 - 16 - 8) * MiB // 512
    assert_refused(lab, m.create_volume, C, "Group1", "Volume3", free + 1, match="not enough free space")
    v = m.create_volume(C, "Group1", "Volume3", 3000)  # rounded up to whole 1 MiB regions
    assert v.blocks == 4096 and v.status is VolumeStatus.ACTIVE
    assert states(lab, "Volume3") == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}


# -- copying ------------------------------------------------------------------------------------
def test_copy_rules(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    assert_refused(lab, m.start_copy, C, "Volume1", match="no slice needs copying")
    assert_refused(lab, m.cancel_copy, C, "Volume1", match="not in progress")
    m.detach_slice(C, "Disk2", "Volume1")
    m.stop_volume(C, "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, m.start_copy, C, "Volume1", match="STOP")
    assert_refused(lab, m.set_copy_delay, C, "Volume1", -1)
    assert_refused(lab, m.set_copy_delay, C, "Volume9", 10, match="no such volume")


# -- disks and groups ---------------------------------------------------------------------------
def test_register_disk_rules(lab) -> None:
    m = lab.manager
    for taken in ("Disk1", "Group1", "Volume1"):
        assert_refused(lab, m.register_disk, C, "sdc", taken, match="already used")
    assert_refused(lab, m.register_disk, C, "sdb", "Disk3", match="already registered")
    assert_refused(lab, m.register_disk, C, "sdz", "Disk3", match="no such physical disk")
    with open(lab.ws.disks_dir / "tiny.img", "wb") as f:  # made by hand: below the 2 MiB minimum
        f.truncate(MiB)
    assert_refused(lab, m.register_disk, C, "tiny", "Disk3", match="too small")
    m.register_disk(C, "sdc", "Disk3")
    d = m.snapshot().disk(C, "Disk3")
    assert (d.device, d.group, d.type) == ("sdc", None, "undefined")
    assert next(p for p in m.snapshot().physical_disks if p.name == "sdc").class_name == C
    # class names are per system, disk names per class: another class may reuse Disk1
    m.create_physical_disk("sdd", 8 * MiB)
    m.register_disk("Class2", "sdd", "Disk1")
    assert m.snapshot().disk("Class2", "Disk1").device == "sdd"


def test_snapshot_of_one_class_shows_disks_registered_elsewhere(lab) -> None:
    m = lab.manager
    m.create_physical_disk("sdd", 8 * MiB)
    m.register_disk("Class2", "sdd", "Disk1")
    snap = m.snapshot(C)
    sdd = next(p for p in snap.physical_disks if p.name == "sdd")
    assert (sdd.class_name, sdd.disk_name) == ("Class2", "Disk1")
    assert rules.register_disk(snap, C, "sdd", "Disk9") is not None


def test_remove_disk_rules(lab) -> None:
    m = lab.manager
    assert_refused(lab, m.remove_disk, C, "Disk1", match="disconnect it first")
    assert_refused(lab, m.remove_disk, C, "Disk9", match="no such disk")
    m.register_disk(C, "sdc", "Disk3")
    m.remove_disk(C, "Disk3")
    assert m.snapshot().disk(C, "Disk3") is None
    # the class goes with its last disk
    m.create_physical_disk("sdd", 8 * MiB)
    m.register_disk("Class2", "sdd", "Disk1")
    m.remove_disk("Class2", "Disk1")
    assert [k.name for k in m.snapshot().classes] == [C]


def test_connect_disk_copies_into_new_slices(lab) -> None:
    m = lab.manager
    lab.write("/dev/sfdsk/Class1/dsk/Volume1", b"data" * 1000, 5 * MiB)
    m.register_disk(C, "sdc", "Disk3")
    assert m.connect_disk(C, "Group1", "Disk3") == ["Volume1", "Volume2"]
    assert [r.copied_bytes for r in lab.launcher.results] == [16 * MiB, 8 * MiB]
    assert states(lab) == {d: SliceStatus.ACTIVE for d in ("Disk1", "Disk2", "Disk3")}
    assert lab.slice_bytes("Disk3", offset=5 * MiB, length=4000) == b"data" * 1000
    assert m.snapshot().group(C, "Group1").disks == ("Disk1", "Disk2", "Disk3")


def test_connect_disk_rules(lab) -> None:
    m = lab.manager
    assert_refused(lab, m.connect_disk, C, "Group1", "Disk1", match="already connected")
    assert_refused(lab, m.connect_disk, C, "Group1", "Disk9", match="no such disk")
    m.register_disk(C, "sdc", "Disk3")
    for taken in ("Volume1", "Disk2"):
        assert_refused(lab, m.connect_disk, C, taken, "Disk3", match="already used")
    m.create_physical_disk("sdd", 8 * MiB)
    m.register_disk(C, "sdd", "Disk4")
    assert_refused(lab, m.connect_disk, C, "Group1", "Disk4", match="too small")
    # a new group is created on demand and named like a group may be
    m.connect_disk(C, "Group2", "Disk4")
    assert m.snapshot().group(C, "Group2").disks == ("Disk4",)


def test_disconnect_disk_rules(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    assert_refused(lab, m.disconnect_disk, C, "Group2", "Disk1", match="not connected")
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk9", match="no such disk")
    m.detach_slice(C, "Disk2", "Volume1")
    # Disk1 holds the only valid copy of Volume1 now
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk1", match="last valid copy")
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk2", match="detached")
    m.attach_slice(C, "Disk2", "Volume1")  # COPY, not copied yet (no launcher)
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk1", match="last valid copy")


def test_disconnect_last_disk_of_group_with_volumes(lab) -> None:
    m = lab.manager
    m.disconnect_disk(C, "Group1", "Disk2")
    assert m.snapshot().group(C, "Group1").disks == ("Disk1",)
    assert states(lab) == {"Disk1": SliceStatus.ACTIVE}
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk1", match="last disk")


def test_reliable_backup_procedure_of_the_seed(lab) -> None:
    """Register and connect a backup disk, copy, detach, back up, attach, disconnect, remove."""
    m = lab.manager
    a = b"A" * MiB
    lab.write("/dev/sfdsk/Class1/dsk/Volume1", a, 2 * MiB)
    m.register_disk(C, "sdc", "Disk3")
    m.connect_disk(C, "Group1", "Disk3")
    assert lab.slice("Disk3").status is SliceStatus.ACTIVE
    path = m.detach_slice(C, "Disk3", "Volume1", mode=AccessMode.RO)
    lab.write("/dev/sfdsk/Class1/dsk/Volume1", b"B" * 10, 2 * MiB)
    assert lab.read(path, MiB, 2 * MiB) == a  # the backup sees the volume as it was at detach
    m.attach_slice(C, "Disk3", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == MiB
    m.disconnect_disk(C, "Group1", "Disk3")
    m.remove_disk(C, "Disk3")
    assert m.snapshot().disk(C, "Disk3") is None
    assert states(lab) == {"Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.ACTIVE}
    # a wait helper is available for asynchronous launchers; here everything ran inline
    assert wait_until(lambda: lab.slice("Disk2").status is SliceStatus.ACTIVE)


@pytest.mark.parametrize("op", ["detach", "attach", "stop", "activate"])
def test_rules_module_agrees_with_manager(idle_lab, op) -> None:
    """The GUI asks rules on its snapshot; the manager must refuse exactly the same things."""
    lab, m = idle_lab, idle_lab.manager
    fn = {"detach": m.detach_slice, "attach": m.attach_slice, "stop": m.stop_slice, "activate": m.activate_slice}[op]
    rule = {"detach": rules.detach_slice, "attach": rules.attach_slice, "stop": rules.stop_slice,
            "activate": rules.activate_slice}[op]
    for disk in ("Disk1", "Disk2"):
        refusal = rule(m.snapshot(), C, disk, "Volume1")
        if refusal is not None:
            err = assert_refused(lab, fn, C, disk, "Volume1")
            assert str(err) == str(refusal)
