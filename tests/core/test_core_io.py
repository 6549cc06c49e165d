"""The I/O path (volume_io.py): mirrored writes, reads from a valid slice, access paths.

The tests read the image files directly at the volume's offset to see what each slice holds.
"""

from __future__ import annotations

import pytest
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.core.model import AccessMode, SliceStatus
from gdsview.core.names import MiB
from workspace_helpers import apath, pattern, run_in_thread, vpath

C = "Class1"


def test_writes_reach_every_active_slice(lab) -> None:
    data = pattern(1, 3 * MiB + 123)
    with open_device(lab.ws, vpath(), writable=True) as dev:
        assert dev.size == 16 * MiB
        assert dev.pwrite(data, 5 * MiB - 7) == len(data)
        assert dev.pread(len(data), 5 * MiB - 7) == data
    for disk in ("Disk1", "Disk2"):
        assert lab.slice_bytes(disk, offset=5 * MiB - 7, length=len(data)) == data
        assert lab.slice_bytes(disk, offset=0, length=5 * MiB - 7) == bytes(5 * MiB - 7)
    # Volume2 lies after Volume1 on the same disks and was not touched
    assert lab.slice_bytes("Disk1", "Volume2") == bytes(8 * MiB)


def test_writes_reach_copy_slices_and_skip_detached_ones(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.register_disk(C, "sdc", "Disk3")
    m.connect_disk(C, "Group1", "Disk3")  # no launcher: Disk3 stays in COPY
    m.detach_slice(C, "Disk2", "Volume1")
    assert {s.disk: s.status for s in m.snapshot().slices_of(C, "Volume1")} == {
        "Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.TEMP, "Disk3": SliceStatus.COPY}
    data = pattern(2, MiB)
    lab.write(vpath(), data, 7 * MiB)
    assert lab.slice_bytes("Disk1", offset=7 * MiB, length=MiB) == data
    assert lab.slice_bytes("Disk3", offset=7 * MiB, length=MiB) == data
    assert lab.slice_bytes("Disk2", offset=7 * MiB, length=MiB) == bytes(MiB)


def test_reads_come_from_a_valid_slice(idle_lab) -> None:
    """Disk1 is detached and re-attached (COPY, stale): reads must come from Disk2, not Disk1."""
    lab, m = idle_lab, idle_lab.manager
    old, new = pattern(3, MiB), pattern(4, MiB)
    lab.write(vpath(), old, 0)
    m.detach_slice(C, "Disk1", "Volume1")
    lab.write(vpath(), new, 0)
    m.attach_slice(C, "Disk1", "Volume1")
    assert lab.slice("Disk1").status is SliceStatus.COPY
    assert lab.slice_bytes("Disk1", length=MiB) == old
    assert lab.read(vpath(), MiB) == new
    # a corrupted COPY slice is never read from either
    lab.poke_slice("Disk1", b"\xff" * 4096, 8 * MiB)
    assert lab.read(vpath(), 4096, 8 * MiB) == bytes(4096)


def test_device_sees_operations_made_by_its_own_thread(lab) -> None:
    """A device and the manager used from one thread (one database connection): a detach made
    meanwhile must be seen by the next write (the detached slice keeps the data of the detach)."""
    m = lab.manager
    with open_device(lab.ws, vpath(), writable=True) as dev:
        dev.pwrite(b"A" * MiB, 0)
        m.detach_slice(C, "Disk2", "Volume1")
        dev.pwrite(b"B" * MiB, 0)
        assert lab.slice_bytes("Disk2", length=MiB) == b"A" * MiB
        m.attach_slice(C, "Disk2", "Volume1")
        assert lab.launcher.results[-1].copied_bytes == MiB
        dev.pwrite(b"C" * MiB, MiB)
    assert lab.slice_bytes("Disk2", length=2 * MiB) == b"B" * MiB + b"C" * MiB


def test_read_only_detached_slice(lab) -> None:
    m = lab.manager
    lab.write(vpath(), b"backup me" * 1000, 2 * MiB)
    path = m.detach_slice(C, "Disk2", "Volume1", mode=AccessMode.RO)
    before = lab.slice_bytes("Disk2")
    with pytest.raises(SdxError) as info:
        open_device(lab.ws, path, writable=True)
    assert "read only" in info.value.text and info.value.obj == "Disk2.Volume1"
    assert info.value.format("gdsview").startswith("SDX:gdsview: ERROR: Disk2.Volume1: ")
    with open_device(lab.ws, path) as dev:  # read-only opening works
        assert dev.pread(9000, 2 * MiB) == (b"backup me" * 1000)[:9000]
        with pytest.raises(SdxError, match="read only"):
            dev.pwrite(b"x", 0)
    assert lab.slice_bytes("Disk2") == before


def test_read_write_detached_slice(lab) -> None:
    path = lab.manager.detach_slice(C, "Disk2", "Volume1")
    lab.write(path, b"scratch", 3 * MiB)
    assert lab.slice_bytes("Disk2", offset=3 * MiB, length=7) == b"scratch"
    assert lab.slice_bytes("Disk1", offset=3 * MiB, length=7) == bytes(7)
    assert lab.read(vpath(), 7, 3 * MiB) == bytes(7)


def test_temp_stop_slice_cannot_be_opened(lab) -> None:
    m = lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    lab.write(path, b"kept", 0)
    with open_device(lab.ws, path, writable=True) as dev:
        m.stop_slice(C, "Disk2", "Volume1")
        with pytest.raises(SdxError, match="TEMP-STOP"):  # an open device loses access too
            dev.pwrite(b"lost", 0)
        with pytest.raises(SdxError, match="TEMP-STOP"):
            dev.pread(4, 0)
    for writable in (False, True):
        with pytest.raises(SdxError, match="TEMP-STOP") as info:
            open_device(lab.ws, path, writable=writable)
        assert info.value.obj == "Disk2.Volume1"
    assert lab.slice_bytes("Disk2", length=4) == b"kept"
    m.activate_slice(C, "Disk2", "Volume1")
    assert lab.read(path, 4) == b"kept"
    lab.write(path, b"more", 4)
    assert lab.slice_bytes("Disk2", length=8) == b"keptmore"


def test_access_path_closes_when_attached_from_another_thread(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    with open_device(lab.ws, path, writable=True) as dev:
        dev.pwrite(b"x", 0)
        run_in_thread(lambda: m.attach_slice(C, "Disk2", "Volume1"))
        with pytest.raises(SdxError, match="not detached"):
            dev.pwrite(b"y", 0)


@pytest.mark.parametrize("path", [apath("Disk2"), apath("Disk9"), vpath("Volume9"), "/dev/sfdsk/Class9/dsk/Volume1",
                                  "/tmp/file"])
def test_paths_that_cannot_be_opened(lab, path) -> None:
    with pytest.raises(SdxError):
        open_device(lab.ws, path)


def test_stopped_volume_cannot_be_opened(lab) -> None:
    with open_device(lab.ws, vpath(), writable=True) as dev:
        lab.manager.stop_volume(C, "Volume1")
        with pytest.raises(SdxError, match="stopped"):
            dev.pwrite(b"x", 0)
    with pytest.raises(SdxError, match="stopped"):
        open_device(lab.ws, vpath())


def test_io_beyond_the_end_is_refused(lab) -> None:
    with open_device(lab.ws, vpath("Volume2"), writable=True) as dev:
        assert dev.size == 8 * MiB
        with pytest.raises(SdxError, match="beyond the end"):
            dev.pwrite(b"xy", 8 * MiB - 1)
        with pytest.raises(SdxError, match="beyond the end"):
            dev.pread(1, -1)
        dev.pwrite(b"z", 8 * MiB - 1)
    assert lab.slice_bytes("Disk2", "Volume2", offset=8 * MiB - 1, length=1) == b"z"
    # the byte after Volume2 on the disk is untouched
    assert lab.slice_bytes("Disk2", "Volume2", offset=8 * MiB, length=1) == b"\0"


def test_read_only_device_refuses_writes(lab) -> None:
    with open_device(lab.ws, vpath()) as dev:
        with pytest.raises(SdxError, match="read only"):
            dev.pwrite(b"x", 0)
    assert lab.slice_bytes("Disk1", length=1) == b"\0"


def test_device_of_a_removed_volume_stays_closed(lab) -> None:
    """A handle kept open while its volume is removed and a new one is made under the same name
    must not write into the new volume (whose lock and extent differ)."""
    m = lab.manager
    with open_device(lab.ws, vpath("Volume2"), writable=True) as dev:
        dev.pwrite(b"old", 0)
        m.stop_volume(C, "Volume2")
        m.remove_volume(C, "Volume2")
        m.create_volume(C, "Group1", "Volume2", 4 * MiB // 512)
        with pytest.raises(SdxError, match="removed"):
            dev.pwrite(b"new", 0)
        with pytest.raises(SdxError, match="removed"):
            dev.pread(3, 0)
    assert lab.read(vpath("Volume2"), 3) == bytes(3)
