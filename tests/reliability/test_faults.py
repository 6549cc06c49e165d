"""Injected I/O faults (core/storage/faults.py): a failing disk never loses data or serves stale data."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from gdsview.cli import gdsview_cmd
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import DeviceError, SdxError
from gdsview.core.model import DiskStatus, SliceState, VolumeStatus
from gdsview.core.names import MiB
from gdsview.core.storage import faults
from workspace_helpers import pattern, vpath

C = "Class1"


def disk_status(lab, disk: str) -> DiskStatus:
    return lab.manager.snapshot().disk(C, disk).status


def failure_events(lab):
    return [e for e in lab.manager.events() if e.kind == "slice-failed"]


def test_write_error_on_one_slice_invalidates_it_and_the_volume_stays_in_service(lab) -> None:
    faults.add(lab.ws, "sdb", "write", "EIO")
    data = pattern(1, 3 * MiB)
    lab.write(vpath(), data, 2 * MiB)
    assert lab.slice("Disk2").state is SliceState.INVALID
    assert lab.slice("Disk1").state is SliceState.ACTIVE
    assert lab.volume().status is VolumeStatus.ACTIVE
    assert disk_status(lab, "Disk2") is DiskStatus.DISABLE
    [event] = failure_events(lab)
    assert event.severity == "ERROR" and "Disk2" in event.text and "sdb" in event.text
    assert "Input/output error" in event.text and "write error" in event.text
    assert lab.read(vpath(), len(data), 2 * MiB) == data  # served by Disk1
    lab.write(vpath(), b"x" * 4096, 0)  # and later writes go on
    # Repair: clear the fault, restore the disk; the full copy brings the slice back.
    faults.clear(lab.ws, "sdb")
    assert lab.manager.restore_disk(C, "Disk2") == ["Volume1"]
    assert lab.slice("Disk2").state is SliceState.ACTIVE
    assert disk_status(lab, "Disk2") is DiskStatus.ENABLE
    assert verify_volume(lab.ws, C, "Volume1").ok


def test_enospc_on_a_slice_write_names_the_reason(lab) -> None:
    faults.add(lab.ws, "sda", "write", "ENOSPC")
    lab.write(vpath(), b"y" * 8192, 5 * MiB)
    assert lab.slice("Disk1").state is SliceState.INVALID
    assert "No space left on device" in failure_events(lab)[0].text
    assert lab.read(vpath(), 8192, 5 * MiB) == b"y" * 8192


def test_read_error_is_retried_on_another_valid_slice(lab) -> None:
    data = pattern(2, MiB)
    lab.write(vpath(), data, 4 * MiB)
    first = lab.volume().first_block * 512
    faults.add(lab.ws, "sda", "read", "EIO", start=first + 4 * MiB, end=first + 5 * MiB)
    assert lab.read(vpath(), MiB, 0) == bytes(MiB)  # outside the bad range: Disk1 still reads
    assert lab.slice("Disk1").state is SliceState.ACTIVE
    assert lab.read(vpath(), MiB, 4 * MiB) == data  # inside: retried on Disk2
    assert lab.slice("Disk1").state is SliceState.INVALID
    assert "read error" in failure_events(lab)[0].text


def test_fault_after_n_operations(lab) -> None:
    faults.add(lab.ws, "sdb", "write", "EIO", after=3)
    for i in range(3):
        lab.write(vpath(), b"z" * 512, i * MiB)
        assert lab.slice("Disk2").state is SliceState.ACTIVE
    lab.write(vpath(), b"z" * 512, 3 * MiB)
    assert lab.slice("Disk2").state is SliceState.INVALID


def test_losing_the_last_valid_slice_makes_the_volume_invalid_and_reads_fail(lab) -> None:
    lab.write(vpath(), b"a" * 4096, 0)
    faults.add(lab.ws, "sda", "any", "EIO")
    faults.add(lab.ws, "sdb", "any", "EIO")
    with pytest.raises(DeviceError, match="every valid slice"):
        lab.write(vpath(), b"b" * 4096, 0)
    assert lab.volume().status is VolumeStatus.INVALID
    assert any(e.kind == "volume-invalid" and "Volume1" in e.text for e in lab.manager.events())
    faults.clear(lab.ws)  # even with the disks readable again, the stale data is never served
    with pytest.raises(SdxError, match="no valid slice"):
        lab.read(vpath(), 4096, 0)
    assert lab.volume("Volume2").status is VolumeStatus.ACTIVE  # untouched volumes stay in service


def test_one_failed_slice_then_the_last_one(lab) -> None:
    faults.add(lab.ws, "sdb", "any", "EIO")
    lab.write(vpath(), b"c" * 4096, 0)
    assert lab.volume().status is VolumeStatus.ACTIVE
    faults.add(lab.ws, "sda", "any", "EIO")
    with pytest.raises(DeviceError):
        lab.read(vpath(), 4096, 0)
    assert lab.volume().status is VolumeStatus.INVALID


def test_enospc_while_creating_a_disk_image_leaves_nothing(lab) -> None:
    faults.add(lab.ws, "sdd", "create", "ENOSPC")
    before, events = lab.state(), len(lab.manager.events())
    with pytest.raises(SdxError, match="No space left on device"):
        lab.manager.create_physical_disk("sdd", 64 * MiB)
    assert not (lab.ws.disks_dir / "sdd.img").exists()
    assert not [p for p in lab.ws.disks_dir.iterdir() if p.name.startswith(".")]
    assert lab.state() == before and len(lab.manager.events()) == events


def test_disk_image_that_disappears(lab) -> None:
    os.unlink(lab.ws.disks_dir / "sdb.img")
    lab.write(vpath(), b"d" * 4096, MiB)
    assert lab.slice("Disk2").state is SliceState.INVALID
    assert "cannot open" in failure_events(lab)[0].text
    assert lab.read(vpath(), 4096, MiB) == b"d" * 4096


def test_injected_disk_gone(lab) -> None:
    faults.add(lab.ws, "sda", "any", "ENODEV")
    lab.write(vpath(), b"e" * 4096, MiB)
    assert lab.slice("Disk1").state is SliceState.INVALID
    assert lab.read(vpath(), 4096, MiB) == b"e" * 4096


def test_truncated_disk_image(lab) -> None:
    data = pattern(3, MiB)
    lab.write(vpath(), data, 15 * MiB)
    first = lab.volume().first_block * 512
    os.truncate(lab.ws.disks_dir / "sda.img", first + 10 * MiB)  # a real truncation: short reads
    assert lab.read(vpath(), MiB, 15 * MiB) == data
    assert lab.slice("Disk1").state is SliceState.INVALID


def test_injected_truncation(lab) -> None:
    first = lab.volume().first_block * 512
    faults.truncate(lab.ws, "sdb", first + 8 * MiB)
    lab.write(vpath(), b"f" * 4096, 2 * MiB)
    assert lab.slice("Disk2").state is SliceState.ACTIVE
    lab.write(vpath(), b"f" * 4096, 9 * MiB)
    assert lab.slice("Disk2").state is SliceState.INVALID


def test_copy_into_a_failing_disk_fails_cleanly(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    faults.add(lab.ws, "sdb", "write", "EIO", after=1)
    result = copy_volume(lab.ws, C, "Volume1")
    assert result.outcome == "failed" and "Disk2.Volume1" in result.message
    assert lab.slice("Disk2").state is SliceState.INVALID
    assert disk_status(lab, "Disk2") is DiskStatus.DISABLE
    faults.clear(lab.ws)
    m.restore_disk(C, "Disk2")
    assert copy_volume(lab.ws, C, "Volume1").outcome == "completed"
    assert verify_volume(lab.ws, C, "Volume1").ok


def test_copy_whose_source_fails_never_makes_the_target_active(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    faults.add(lab.ws, "sda", "read", "EIO", after=1)
    result = copy_volume(lab.ws, C, "Volume1")
    assert result.outcome == "failed"
    assert lab.slice("Disk2").state is not SliceState.ACTIVE
    assert lab.volume().status is VolumeStatus.INVALID  # no slice holds the whole volume any more


def test_fault_plan_is_seen_by_other_processes(lab) -> None:
    faults.add(lab.ws, "sdb", "any", "EIO")
    code = (
        "import sys; from gdsview.core.storage.workspace import Workspace\n"
        "from gdsview.core.engine.volume_io import open_device\n"
        f"ws = Workspace({str(lab.ws.root)!r})\n"
        f"d = open_device(ws, {vpath()!r}, writable=True); d.pwrite(b'g' * 512, 0); d.close(); ws.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
    assert lab.slice("Disk2").state is SliceState.INVALID
    faults.clear(lab.ws, "sdb")
    assert faults.read_plan(lab.ws) == []


def test_verify_reports_a_read_error_without_a_traceback(lab, capsys) -> None:
    faults.add(lab.ws, "sdb", "read", "EIO")
    assert gdsview_cmd.main(["--workspace", str(lab.ws.root), "verify", "-c", C, "-v", "Volume1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("SDX:gdsview: ERROR: Volume1: cannot verify: read error on disk Disk2")
    assert "Traceback" not in err
