"""The locking protocol, checked with hooks rather than timing: the copy and the I/O path hold the
region lock of what they touch, the JRM mark is on disk before the write it covers, and state
changes wait for I/O in flight (region/volume lock first, then the database)."""

from __future__ import annotations

import fcntl
import os
import struct
import threading

import pytest
from gdsview.core.engine import resync, volume_io
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceStatus
from gdsview.core.names import MiB
from gdsview.core.storage.jrm import HEADER_SIZE
from gdsview.core.storage.locks import _FLOCK, RegionLock
from workspace_helpers import apath, run_in_thread, vpath

C = "Class1"


def region_is_locked(lab, region: int, volume: str = "Volume1") -> bool:
    """True when some thread or process holds a lock on ``region`` (probe without waiting)."""
    vid = lab.ws.store.connection().execute("SELECT id FROM volumes WHERE name = ?", (volume,)).fetchone()[0]
    fd = os.open(lab.ws.volume_lock_path(vid), os.O_RDWR)
    try:
        probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, region, 1, 0)
        kind = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_OFD_GETLK, probe))[0]
    finally:
        os.close(fd)
    return kind != fcntl.F_UNLCK


@pytest.mark.parametrize("workers", [1, 2])
def test_copy_holds_the_region_lock_of_its_chunk(idle_lab, monkeypatch, workers) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    seen: list[tuple[int, bool, bool]] = []
    real = resync.copy_range

    def spy(src_fd, dst_fd, src_off, dst_off, length):
        first = (src_off - lab.volume().first_block * 512) // MiB
        seen.append((first, region_is_locked(lab, first), region_is_locked(lab, first + length // MiB)))
        return real(src_fd, dst_fd, src_off, dst_off, length)

    monkeypatch.setattr(resync, "copy_range", spy)
    monkeypatch.setattr(resync, "CHUNK_REGIONS", 4)
    assert copy_volume(lab.ws, C, "Volume1", workers=workers).outcome == "completed"
    assert sorted(s[0] for s in seen) == [0, 4, 8, 12]
    assert all(locked for _, locked, _ in seen), "the chunk was copied without its region lock"
    if workers == 1:  # (with two workers the next chunk may be the other worker's)
        assert [s[0] for s in seen] == [0, 4, 8, 12]
        assert not any(next_locked for *_, next_locked in seen[:-1]), "the copy locked more than its chunk"


def test_write_holds_the_region_lock_and_marks_before_writing(lab, monkeypatch) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    jrm = lab.jrm_path("Disk2")
    observed: list[tuple[bool, bool, bool]] = []
    real = volume_io.write_all

    def spy(fd, data, offset):
        region = (offset - lab.volume().first_block * 512) // MiB
        marked = jrm.read_bytes()[HEADER_SIZE + region] == 1
        observed.append((region_is_locked(lab, region), marked, region_is_locked(lab, region + 1)))
        return real(fd, data, offset)

    monkeypatch.setattr(volume_io, "write_all", spy)
    lab.write(vpath(), b"v" * 10, 6 * MiB)  # to the volume: Disk1 only, Disk2 is detached
    lab.write(apath("Disk2"), b"a" * 10, 9 * MiB)  # through the access path
    assert observed == [(True, True, False), (True, True, False)]


def test_state_change_waits_for_io_in_flight(lab) -> None:
    """A detach issued while a write holds its region lock completes only after the write."""
    vid = lab.ws.store.connection().execute("SELECT id FROM volumes WHERE name = 'Volume1'").fetchone()[0]
    lock = RegionLock(lab.ws.volume_lock_path(vid))
    done = threading.Event()
    try:
        with lock.regions(3, 1):  # an I/O in flight on region 3
            t = threading.Thread(target=lambda: (lab.manager.detach_slice(C, "Disk2", "Volume1"), done.set()))
            t.start()
            assert not done.wait(0.3), "detach did not wait for the I/O in flight"
            assert lab.slice("Disk2").status is SliceStatus.ACTIVE
            # the database is not held while waiting for the lock: others can still commit
            run_in_thread(lambda: lab.manager.set_copy_delay(C, "Volume2", 1))
        t.join(60)
        assert done.is_set()
    finally:
        lock.close()
    assert lab.slice("Disk2").status is SliceStatus.TEMP


def test_progress_reports(lab, fine_chunks) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    statuses = lab.gate.statuses
    assert statuses and statuses[-1].finished and statuses[-1].fraction == 1.0
    assert statuses[-1].done_blocks == statuses[-1].total_blocks == 16 * MiB // 512
    done = [s.done_blocks for s in statuses]
    assert done == sorted(done)
    assert all(s.rate_bps >= 0 and (s.disk, s.volume) == ("Disk2", "Volume1") for s in statuses)


def test_two_devices_in_two_threads_write_disjoint_regions(lab) -> None:
    def writer(region: int) -> None:
        with open_device(lab.ws, vpath(), writable=True) as dev:
            for i in range(50):
                dev.pwrite(bytes([region]) * 4096, region * MiB + i * 4096)

    threads = [threading.Thread(target=writer, args=(r,)) for r in (2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in (2, 3, 4):
        for disk in ("Disk1", "Disk2"):
            assert lab.slice_bytes(disk, offset=r * MiB, length=50 * 4096) == bytes([r]) * (50 * 4096)


@pytest.mark.parametrize("disk", ["Disk1", "Disk2"])
def test_verify_sees_a_consistent_chunk_while_writes_run(lab, disk) -> None:
    from gdsview.core.engine.verify import verify_volume

    stop = threading.Event()

    def writer() -> None:
        with open_device(lab.ws, vpath(), writable=True) as dev:
            i = 0
            while not stop.is_set():
                dev.pwrite(os.urandom(64 * 1024), (i * 64 * 1024) % (16 * MiB))
                i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(3):
            assert verify_volume(lab.ws, C, "Volume1").ok
    finally:
        stop.set()
        t.join(60)
    assert lab.slice_bytes(disk) == lab.slice_bytes("Disk1")
