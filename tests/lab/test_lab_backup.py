"""Backup through a detached slice's access path (lab.backup), and the GDS guide's reliable procedure."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import threading

import pytest
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import SdxError
from gdsview.core.model import AccessMode, SliceState
from gdsview.lab import backup as backup_mod
from gdsview.lab.backup import backup_access_path, checksum_path, verify_backup
from gdsview.lab.service import Service
from workspace_helpers import CLASS, GROUP, apath, vpath, wait_until

MiB = 1 << 20


@pytest.fixture
def services():
    started: list[Service] = []
    yield started
    for s in started:
        s.stop()


def start_service(lab, services, **kwargs) -> Service:
    kwargs.setdefault("rate_mib_s", 16)
    kwargs.setdefault("pattern", "log")
    s = Service(lab.ws, CLASS, "Volume1", **kwargs)
    services.append(s)
    s.start()
    wait_until(lambda: s.status().written_records > 32, what="the service to write")
    return s


def add_backup_disk(lab) -> None:
    """Steps 1 and 2: register sdc as Disk3 and connect it; wait until its slices are in sync."""
    lab.manager.register_disk(CLASS, "sdc", "Disk3")
    lab.manager.connect_disk(CLASS, GROUP, "Disk3")
    for volume in ("Volume1", "Volume2"):
        wait_until(lambda v=volume: lab.slice("Disk3", v).state is SliceState.ACTIVE, what=f"Disk3.{volume} in sync")


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_reliable_procedure_backup(make_lab, tmp_path, services):
    lab = make_lab("thread")
    out = tmp_path / "out"
    out.mkdir()
    s = start_service(lab, services)  # the application is running
    add_backup_disk(lab)  # 1, 2 (copying runs while the service writes)
    stopped = s.stop()  # 3
    assert stopped.error is None
    path = lab.manager.detach_slice(CLASS, "Disk3", "Volume1")  # 4
    assert path == apath("Disk3")
    at_detach = lab.slice_bytes("Disk3")
    assert at_detach == lab.slice_bytes("Disk1")  # the copy was complete and the service quiet
    s.start()  # 5
    wait_until(lambda: s.status().seq > stopped.seq + 32, what="the resumed service to write")
    reports = []
    result = backup_access_path(lab.ws, path, out / "vol1.img", progress=reports.append)  # 6
    data = (out / "vol1.img").read_bytes()
    assert data == at_detach  # the snapshot, not what the service wrote since
    assert result.bytes == len(data) == 16 * MiB
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.checksum_path == out / "vol1.img.sha256"
    assert (out / "vol1.img.sha256").read_text() == f"{result.sha256}  vol1.img\n"
    assert reports and reports[-1].done == reports[-1].total == len(data)
    assert [r.done for r in reports] == sorted(r.done for r in reports)
    assert leftovers(out) == ["vol1.img", "vol1.img.sha256"]
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--quiet", "-c", "vol1.img.sha256"], cwd=out, check=True)
    check = verify_backup(out / "vol1.img")
    assert check.checksum_ok, check.summary()
    assert check.records is not None and check.records.consistent and check.records.clean, check.summary()
    assert check.records.committed == stopped.seq
    assert check.verdict.name == "CLEAN" and check.exit_status() == 0
    assert "[CLEAN] records: the built-in service's records: consistent:" in check.summary()
    done = [e for e in lab.manager.events(0, 100_000) if e.kind == "backup-done"]
    assert len(done) == 1 and (done[0].class_name, done[0].obj) == (CLASS, "Disk3.Volume1")

    lab.manager.attach_slice(CLASS, "Disk3", "Volume1")  # 7, with the service writing
    wait_until(lambda: lab.slice("Disk3").state is SliceState.ACTIVE, what="Disk3.Volume1 in sync again")
    lab.manager.disconnect_disk(CLASS, GROUP, "Disk3")  # 8
    lab.manager.remove_disk(CLASS, "Disk3")  # 9
    final = s.stop()
    assert final.error is None
    assert lab.manager.snapshot().disk(CLASS, "Disk3") is None
    for volume in ("Volume1", "Volume2"):
        assert verify_volume(lab.ws, CLASS, volume).ok
    with_records = verify_backup(out / "vol1.img")  # the backup is still what it was
    assert with_records.checksum_ok


def test_detach_while_the_service_writes_is_flagged_by_verify(lab, tmp_path, services):
    """The seed's Note: a slice detached without stopping the service is not a clean copy."""
    add_backup_disk(lab)
    s = start_service(lab, services, rate_mib_s=32)
    path = lab.manager.detach_slice(CLASS, "Disk3", "Volume1")  # the service still writes
    s.stop()
    backup_access_path(lab.ws, path, tmp_path / "unsafe.img")
    check = verify_backup(tmp_path / "unsafe.img")
    assert check.checksum_ok  # the file is what was read ...
    assert check.records.has_commit and check.records.clean is False  # ... but the data was live
    assert "was running (no clean stop recorded)" in check.summary()
    assert check.verdict.name == "RECOVERED" and check.exit_status() == 2
    assert "the GDS guide, section 7.7.1, says to stop services before Detach Slice" in check.summary()
    # the volume itself, stopped cleanly, is fine
    assert verify_backup_volume(lab).clean


def verify_backup_volume(lab):
    from gdsview.core.engine.volume_io import open_device
    from gdsview.lab.records import check_records

    with open_device(lab.ws, vpath()) as dev:
        return check_records(lambda offset, length: dev.pread(length, offset), dev.size)


@pytest.fixture
def detached(lab):
    """Disk3.Volume1 detached from a quiet volume holding some data; returns its access path."""
    add_backup_disk(lab)
    lab.write(vpath(), os.urandom(MiB), 3 * MiB)
    return lab.manager.detach_slice(CLASS, "Disk3", "Volume1")


def test_cancel_keeps_nothing(lab, detached, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_mod, "CHUNK", MiB)
    out = tmp_path / "out"
    out.mkdir()
    stop = threading.Event()
    seen = []

    def progress(p):
        seen.append(p)
        stop.set()  # the operator presses Cancel at the first report

    with pytest.raises(SdxError, match="cancelled") as info:
        backup_access_path(lab.ws, detached, out / "b.img", progress=progress, stop=stop)
    assert "no file was kept" in info.value.text
    assert [p.done for p in seen] == [MiB]  # it stopped at the next chunk
    assert leftovers(out) == []  # no file under the final name, no partial file, no checksum
    events = [e for e in lab.manager.events(0, 100_000) if e.kind.startswith("backup-")]
    assert [e.kind for e in events] == ["backup-cancelled"]


def test_cancel_during_the_last_chunk_keeps_nothing(lab, detached, tmp_path):
    """Cancel pressed as the last chunk was read: the operator asked for no file, so none is kept."""
    out = tmp_path / "out"
    out.mkdir()
    stop = threading.Event()
    with pytest.raises(SdxError, match="cancelled"):
        backup_access_path(lab.ws, detached, out / "b.img", stop=stop,
                           progress=lambda p: p.done == p.total and stop.set())
    assert leftovers(out) == []


def test_cancel_leaves_an_earlier_backup_alone(lab, detached, tmp_path):
    first = backup_access_path(lab.ws, detached, tmp_path / "b.img")
    before = (tmp_path / "b.img").read_bytes(), (tmp_path / "b.img.sha256").read_text()
    stop = threading.Event()
    stop.set()
    with pytest.raises(SdxError, match="cancelled"):
        backup_access_path(lab.ws, detached, tmp_path / "b.img", stop=stop)
    assert ((tmp_path / "b.img").read_bytes(), (tmp_path / "b.img.sha256").read_text()) == before
    assert verify_backup(first.path).checksum_ok
    assert not [p for p in leftovers(tmp_path) if "partial" in p]


def test_backup_overwrites_an_earlier_one_with_its_checksum(lab, detached, tmp_path):
    (tmp_path / "b.img").write_bytes(b"old")
    (tmp_path / "b.img.sha256").write_text("0" * 64 + "  b.img\n")
    result = backup_access_path(lab.ws, detached, tmp_path / "b.img")
    assert verify_backup(result.path).checksum_ok
    assert (tmp_path / "b.img").stat().st_size == 16 * MiB


class _NoSpace:
    """``os`` as the backup module sees it, with a disk that fills up after ``room`` bytes."""

    def __init__(self, room: int) -> None:
        self.room = room

    def pwrite(self, fd, data, offset):
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = min(len(data), self.room)
        self.room -= n
        return os.pwrite(fd, data[:n], offset)

    def __getattr__(self, name):
        return getattr(os, name)


def test_disk_full_keeps_nothing(lab, detached, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(backup_mod, "os", _NoSpace(MiB // 2 + 123))  # the slice holds 1 MiB of data
    with pytest.raises(SdxError) as info:
        backup_access_path(lab.ws, detached, out / "b.img")
    assert "no space left" in info.value.text and "no file was kept" in info.value.text
    assert leftovers(out) == []
    failed = [e for e in lab.manager.events(0, 100_000) if e.kind == "backup-failed"]
    assert len(failed) == 1 and failed[0].severity == "ERROR" and "no space left" in failed[0].text


def test_checksum_that_cannot_be_written_keeps_nothing(lab, detached, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backup_mod, "_write_atomically", full)
    with pytest.raises(SdxError, match="no space left"):
        backup_access_path(lab.ws, detached, out / "b.img")
    assert leftovers(out) == []  # no backup without its checksum


def test_destination_among_the_disk_images_is_refused(lab, detached):
    before = leftovers(lab.ws.disks_dir)
    for dest in (lab.ws.disks_dir / "backup.img", lab.ws.disks_dir / "sda.img", lab.ws.disks_dir):
        with pytest.raises(SdxError):
            backup_access_path(lab.ws, detached, dest)
    assert leftovers(lab.ws.disks_dir) == before
    images = lab.ws.disks_dir / "sda.img"
    assert images.stat().st_size == 64 * MiB


def test_destination_over_the_database_is_refused(lab, detached):
    with pytest.raises(SdxError, match="database"):
        backup_access_path(lab.ws, detached, lab.ws.db_path)
    with pytest.raises(SdxError, match="database"):
        backup_access_path(lab.ws, detached, lab.ws.state_dir / "locks" / "x.img")
    assert lab.manager.snapshot().disk(CLASS, "Disk3") is not None  # the database is intact


def test_destination_folder_is_refused(lab, detached, tmp_path):
    with pytest.raises(SdxError, match="folder"):
        backup_access_path(lab.ws, detached, tmp_path)
    with pytest.raises(SdxError, match="No such file"):
        backup_access_path(lab.ws, detached, tmp_path / "missing" / "b.img")


def test_temp_stop_slice_is_refused(lab, detached, tmp_path):
    lab.manager.stop_slice(CLASS, "Disk3", "Volume1")
    with pytest.raises(SdxError, match="TEMP-STOP") as info:
        backup_access_path(lab.ws, detached, tmp_path / "b.img")
    assert info.value.obj == "Disk3.Volume1"
    assert not (tmp_path / "b.img").exists()
    assert not [p for p in leftovers(tmp_path) if p.startswith(".b.img")]
    lab.manager.activate_slice(CLASS, "Disk3", "Volume1")
    assert backup_access_path(lab.ws, detached, tmp_path / "b.img").bytes == 16 * MiB


def test_read_only_slice_can_be_backed_up(lab, tmp_path):
    add_backup_disk(lab)
    path = lab.manager.detach_slice(CLASS, "Disk3", "Volume1", mode=AccessMode.RO)
    result = backup_access_path(lab.ws, path, tmp_path / "ro.img")
    assert (tmp_path / "ro.img").read_bytes() == lab.slice_bytes("Disk3")
    assert verify_backup(result.path).checksum_ok


@pytest.mark.parametrize("path, match", [
    ("/dev/sfdsk/Class1/dsk/Disk1.Volume1", "not detached"),
    ("/dev/sfdsk/Class1/dsk/Disk9.Volume1", None),
    ("/tmp/not-a-device", "not a GDS access path"),
])
def test_only_an_access_path_can_be_backed_up(lab, tmp_path, path, match):
    with pytest.raises(SdxError, match=match):
        backup_access_path(lab.ws, path, tmp_path / "b.img")
    assert leftovers(tmp_path) == ["ws0"]


def test_verify_finds_a_flipped_byte(lab, detached, tmp_path):
    s = Service(lab.ws, CLASS, "Volume2", rate_mib_s=16)
    s.start()
    wait_until(lambda: s.status().written_records > 16, what="the service to write")
    s.stop()
    lab.manager.detach_slice(CLASS, "Disk3", "Volume2")
    result = backup_access_path(lab.ws, apath("Disk3", "Volume2"), tmp_path / "v2.img")
    assert verify_backup(result.path).records.consistent
    with open(result.path, "r+b") as f:
        f.seek(4096 * 5 + 100)
        byte = f.read(1)
        f.seek(4096 * 5 + 100)
        f.write(bytes([byte[0] ^ 0x40]))
    check = verify_backup(result.path)
    assert not check.checksum_ok and check.actual != check.expected == result.sha256
    assert "[DAMAGED] checksum: SHA-256 against v2.img.sha256: MISMATCH" in check.summary()
    assert check.records.torn == [5] and not check.records.consistent


def test_verify_without_checksum_and_with_an_upper_case_one(lab, detached, tmp_path):
    result = backup_access_path(lab.ws, detached, tmp_path / "b.img")
    side = checksum_path(result.path)
    side.write_text(f"{result.sha256.upper()}  b.img\n")
    assert verify_backup(result.path).checksum_ok
    side.unlink()
    check = verify_backup(result.path)
    assert check.expected is None and not check.checksum_ok
    assert "no checksum file beside b.img" in check.summary() and check.verdict.name == "DAMAGED"
    assert not check.records.has_service_data  # the service never wrote to Volume1 here
    with pytest.raises(SdxError, match="no such backup file"):
        verify_backup(tmp_path / "nothing.img")


# -- sparse backups -----------------------------------------------------------------------------
def _detach_new_volume(lab, megabytes: int = 16) -> str:
    """A new volume (its slices are holes of the images), its Disk2 slice detached."""
    lab.manager.create_volume(CLASS, GROUP, "Volume3", megabytes * MiB // 512)
    return lab.manager.detach_slice(CLASS, "Disk2", "Volume3")


def test_backup_of_an_empty_volume_stores_almost_nothing(lab, tmp_path):
    path = _detach_new_volume(lab)
    result = backup_access_path(lab.ws, path, tmp_path / "empty.img")
    assert result.bytes == (tmp_path / "empty.img").stat().st_size == 16 * MiB
    assert result.sha256 == hashlib.sha256(bytes(16 * MiB)).hexdigest()  # as a full copy's
    assert result.stored < MiB and result.stored == (tmp_path / "empty.img").stat().st_blocks * 512
    assert verify_backup(tmp_path / "empty.img").checksum_ok


def test_backup_of_a_half_full_slice_stores_the_data_only(lab, tmp_path):
    path = _detach_new_volume(lab)
    lab.manager.attach_slice(CLASS, "Disk2", "Volume3")
    data = os.urandom(4 * MiB)
    for offset in (0, 8 * MiB):  # half of the volume, in two runs
        lab.write(vpath("Volume3"), data, offset)
    lab.write(vpath("Volume3"), bytes(MiB), 2 * MiB)  # zeros written over data: stored as a hole
    path = lab.manager.detach_slice(CLASS, "Disk2", "Volume3")
    result = backup_access_path(lab.ws, path, tmp_path / "half.img")
    content = (tmp_path / "half.img").read_bytes()
    assert content == lab.slice_bytes("Disk2", "Volume3")
    assert result.sha256 == hashlib.sha256(content).hexdigest()
    assert 7 * MiB <= result.stored < 7 * MiB + 512 * 1024  # 8 MiB written, one of it zeros


def test_backup_of_a_copied_slice_leaves_its_zeros_as_holes(lab, detached, tmp_path):
    """Disk3 was filled by a copy (zeros written, not holes): the backup still stores only data."""
    result = backup_access_path(lab.ws, detached, tmp_path / "b.img")
    assert (tmp_path / "b.img").read_bytes() == lab.slice_bytes("Disk3")
    assert result.stored <= 2 * MiB  # the 1 MiB written by the fixture (plus file system blocks)
