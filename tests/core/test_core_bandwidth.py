"""Disk speed: every I/O of a physical disk, in every process, is paced by the disk's bandwidth.

The pacing arithmetic is checked on a fake clock; the real runs check the shared bookkeeping
(``busy_until`` in the disk's file accounts for every byte, whichever process moved it) and a
lower bound only: a paced run can never be faster than its bytes allow.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from gdsview.core.engine.resync import copy_volume
from gdsview.core.errors import SdxError
from gdsview.core.events import EventKind
from gdsview.core.names import MiB
from gdsview.core.storage import bandwidth
from gdsview.core.storage.images import ImageFiles
from workspace_helpers import assert_refused, pattern, vpath

C = "Class1"


def busy_until(root, device: str) -> float:
    return bandwidth._STATE.unpack(bandwidth.bucket_path(root, device).read_bytes())[1]


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(bandwidth, "time", fake)
    monkeypatch.setattr(bandwidth, "_buckets", {})
    return fake


def test_speeds_are_parsed_and_printed_as_gds_sizes() -> None:
    assert bandwidth.parse_speed("180M") == 180 * MiB
    assert bandwidth.parse_speed("180") == 180 * MiB  # a bare number is MiB/s
    assert bandwidth.parse_speed("1G") == 1 << 30
    assert bandwidth.parse_speed("180M/s") == 180 * MiB
    assert bandwidth.parse_speed("unlimited") is None
    assert bandwidth.format_speed(180 * MiB) == "180 MiB/s"
    assert bandwidth.format_speed(None) == "unlimited"
    assert 150 * MiB <= bandwidth.DEFAULT_SPEED <= 200 * MiB  # like a real disk
    for bad in ("fast", "-3M", "512K", "200G"):
        with pytest.raises(SdxError):
            bandwidth.parse_speed(bad)


def test_the_pacing_arithmetic(tmp_path, clock) -> None:
    bandwidth.write_speed(tmp_path, "sda", 10 * MiB)
    bandwidth.write_speed(tmp_path, "sdb", 20 * MiB)
    pacer = bandwidth.DiskPacer(tmp_path)
    burst = bandwidth.BURST_S
    pacer.take("sda", 5 * MiB)
    # the request completes when the disk has served it (an idle disk has served BURST_S ahead)
    assert clock.slept == [pytest.approx(0.5 - burst)]
    pacer.take("sda", 1024)  # 0.1 ms: carried as debt, not slept
    assert len(clock.slept) == 1
    assert busy_until(tmp_path, "sda") == pytest.approx(1000.5 - burst + 1024 / (10 * MiB))
    pacer.take("nodisk", 100 * MiB)  # no speed: unlimited
    assert len(clock.slept) == 1
    # a copy reads one disk and writes the other at once: it waits for the slower (sda: 0.2 s)
    pacer.take_both("sdb", "sda", 2 * MiB)
    assert clock.slept[-1] == pytest.approx(0.2 + 1024 / (10 * MiB), abs=1e-6)
    # a stream of requests back to back runs at the disk's rate, whatever the burst
    start, n = clock.now, len(clock.slept)
    for _ in range(10):
        pacer.take("sda", MiB)
    assert clock.now - start == pytest.approx(1.0, abs=1e-6) and len(clock.slept) == n + 10
    # after an idle while, the disk has no debt: the next request takes only its own time, less the burst
    clock.now += 10
    pacer.take("sdb", 2 * MiB)
    assert clock.slept[-1] == pytest.approx(0.1 - burst)
    # a busy_until far in the future (the clock restarted at a boot) is not waited for
    with open(bandwidth.bucket_path(tmp_path, "sdb"), "r+b") as f:
        f.write(bandwidth._STATE.pack(20 * MiB, clock.now + 3600))
    pacer.take("sdb", 2 * MiB)
    assert clock.slept[-1] == pytest.approx(0.1)  # from now: its own time
    # unlimited again: no more waiting
    bandwidth.write_speed(tmp_path, "sda", None)
    assert bandwidth.read_speed(tmp_path, "sda") is None
    n = len(clock.slept)
    pacer.take("sda", 100 * MiB)
    assert len(clock.slept) == n


def test_the_speed_is_the_physical_disks_own(lab) -> None:
    m = lab.manager
    m.create_physical_disk("sdd", 64 * MiB, 150 * MiB)
    snap = m.snapshot()
    speeds = {p.name: p.speed_bps for p in snap.physical_disks}
    assert speeds == {"sda": None, "sdb": None, "sdc": None, "sdd": 150 * MiB}  # the test lab is unlimited
    m.set_disk_speed("sdc", 180 * MiB)
    assert next(p for p in m.snapshot().physical_disks if p.name == "sdc").speed_bps == 180 * MiB
    last = m.events()[-1]
    assert (last.kind, last.obj) == (EventKind.PDISK_SPEED, "sdc")
    assert last.text == "physical disk sdc speed set to 180 MiB/s"
    assert_refused(lab, m.set_disk_speed, "sdz", 180 * MiB, match="sdz: no such physical disk")
    assert_refused(lab, m.set_disk_speed, "sdc", 1024, match="disk speed must be between")
    assert_refused(lab, m.create_physical_disk, "sde", 64 * MiB, 10, match="disk speed must be between")
    assert not lab.ws.image_path("sde").exists()
    # a disk made again under an old name does not inherit the old speed
    lab.ws.image_path("sdd").unlink()
    m.create_physical_disk("sdd", 64 * MiB)
    assert next(p for p in m.snapshot().physical_disks if p.name == "sdd").speed_bps is None


def test_every_io_of_a_disk_in_every_process_shares_its_bandwidth(lab) -> None:
    """A mirrored write here and reads of the same disk in another process: one disk's time."""
    speed = 40 * MiB
    lab.manager.set_disk_speed("sda", speed)
    root = lab.ws.root
    reader = textwrap.dedent(f"""
        from pathlib import Path
        from gdsview.core.storage.images import ImageFiles
        images = ImageFiles(Path({str(lab.ws.disks_dir)!r}))
        for i in range(4):
            images.read("sda", 1 << 20, (16 + i) << 20)
        images.close()
    """)
    start = time.monotonic()
    other = subprocess.Popen([sys.executable, "-c", reader])
    lab.write(vpath(), pattern(1, 4 * MiB), 0)  # to sda (paced) and sdb (unlimited)
    assert other.wait(60) == 0
    elapsed = time.monotonic() - start
    # 8 MiB went through sda: its bookkeeping holds all of them, whoever moved them ...
    assert busy_until(root, "sda") >= start + 8 * MiB / speed - bandwidth.BURST_S
    # ... and the slower of the two processes finished no sooner than the disk allows
    assert elapsed >= 8 * MiB / speed - bandwidth.BURST_S
    assert not bandwidth.bucket_path(root, "sdb").exists()


def test_a_copy_is_paced_by_both_of_its_disks(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume2", jrm=False)  # 8 MiB, copied in full on attach
    lab.manager.launcher = None
    m.attach_slice(C, "Disk2", "Volume2")
    speed = 32 * MiB
    m.set_disk_speed("sdb", speed)  # the target
    start = time.monotonic()
    result = copy_volume(lab.ws, C, "Volume2", source="test")
    assert result.outcome == "completed" and result.copied_bytes == 8 * MiB
    assert busy_until(lab.ws.root, "sdb") >= start + 8 * MiB / speed - bandwidth.BURST_S
    assert result.seconds >= 8 * MiB / speed - bandwidth.BURST_S


def test_image_files_pace_reads_writes_and_copies(lab) -> None:
    lab.manager.set_disk_speed("sdc", 64 * MiB)
    images = ImageFiles(lab.ws.disks_dir)
    try:
        start = time.monotonic()
        images.write("sdc", b"x" * MiB, 0)
        images.read("sdc", MiB, 0)
        images.copy("sda", "sdc", 0, MiB, MiB)
        assert busy_until(lab.ws.root, "sdc") >= start + 3 * MiB / (64 * MiB) - bandwidth.BURST_S
    finally:
        images.close()
