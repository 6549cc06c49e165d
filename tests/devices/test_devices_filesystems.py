"""Real file systems on the devices: mkfs, mount, fsfreeze, e2fsck, the backup procedure, in use."""

from __future__ import annotations

import os
import shutil

import pytest
from devices_helpers import Served, gds_env, start_server
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import SdxError
from gdsview.core.model import AccessMode
from gdsview.devices import filesystems, loopdev
from workspace_helpers import Lab, _new_lab, wait_until


def _write(target, name: str, data: bytes) -> None:
    assert loopdev.is_mountpoint(target), f"{target} is not mounted: never write into the bare directory"
    with open(target / name, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def test_the_backup_procedure_on_a_mounted_file_system(served, tmp_path):
    """mkfs, mount, write, fsfreeze -f, detach read only, fsfreeze -u, e2fsck and a read-only mount of
    the access path showing the frozen state, attach, verify: as a GDS operator does it."""
    m = served.lab.manager
    vol = served.file("Volume1")
    served.run("mkfs.ext4", "-q", vol)
    assert filesystems.detect_fstype(served.ws, served.gds("Volume1")) == "ext4"
    mnt = served.new_dir()
    served.run("mount", vol, str(mnt))  # the operator's way: mount sets up a loop device by itself
    served.undo.push(f"umount {mnt}", lambda: served.run("umount", str(mnt)))
    assert loopdev.is_mountpoint(mnt)
    _write(mnt, "before.txt", b"written before the freeze\n")
    served.run("fsfreeze", "-f", str(mnt))
    try:
        assert m.snapshot().volume("Class1", "Volume1").in_use
        where = m.detach_slice("Class1", "Disk2", "Volume1", mode=AccessMode.RO)  # allowed while mounted
    finally:
        served.run("fsfreeze", "-u", str(mnt))
    assert where == served.gds("Disk2.Volume1")
    _write(mnt, "after.txt", b"written after the detach\n")
    access = served.file("Disk2.Volume1")
    fsck = served.run("e2fsck", "-fn", access)
    assert "clean" in fsck.stdout or "files" in fsck.stdout
    ro = served.mount("Disk2.Volume1", read_only=True)
    assert (ro / "before.txt").read_bytes() == b"written before the freeze\n"
    assert not (ro / "after.txt").exists()  # the snapshot is the frozen state
    with pytest.raises(OSError):
        (ro / "x").write_bytes(b"no")
    with pytest.raises(SdxError, match="slice is in use"):
        m.attach_slice("Class1", "Disk2", "Volume1")
    served.unmount(ro)
    m.attach_slice("Class1", "Disk2", "Volume1")  # the inline launcher copies what changed (JRM)
    assert verify_volume(served.ws, "Class1", "Volume1").ok
    assert (mnt / "after.txt").read_bytes() == b"written after the detach\n"


def test_a_mounted_or_open_volume_cannot_be_stopped_or_removed(served):
    m = served.lab.manager
    served.run("mkfs.ext4", "-q", served.file("Volume2"))
    mnt = served.mount("Volume2")
    for op in (m.stop_volume, m.remove_volume):
        with pytest.raises(SdxError) as e:
            op("Class1", "Volume2")
        assert e.value.format("sdxvolume") == "SDX:sdxvolume: ERROR: Volume2: volume is in use"
    proc = served.run("sdxvolume", "-F", "-c", "Class1", "-v", "Volume2", check=False,
                      env=gds_env(served.ws.root))
    assert proc.returncode == 1
    assert proc.stderr.strip() == "SDX:sdxvolume: ERROR: Volume2: volume is in use"
    served.unmount(mnt)
    with open(served.file("Volume2"), "rb"):  # plain open: in use too
        with pytest.raises(SdxError, match="volume is in use"):
            m.stop_volume("Class1", "Volume2")
    # close(2) returns before the kernel sends FUSE's RELEASE (asynchronous): the server drops its
    # in-use lock a moment later
    wait_until(lambda: not m.snapshot().volume("Class1", "Volume2").in_use, what="the release of the device")
    m.stop_volume("Class1", "Volume2")  # closed: allowed
    assert not m.snapshot().volume("Class1", "Volume2").in_use


def test_a_mount_that_fails_leaves_nothing_and_writes_nothing(served):
    target = served.new_dir()
    with pytest.raises(SdxError):
        loopdev.mount_device(served.file("Volume1"), str(target))  # no file system on it yet
    assert not loopdev.is_mountpoint(target)
    assert os.listdir(target) == []
    assert loopdev.loops_under(str(served.root)) == []
    with pytest.raises(SdxError, match="already mounted"):
        served.run("mkfs.ext4", "-q", served.file("Volume1"))
        mnt = served.mount("Volume1")
        loopdev.mount_device(served.file("Volume1"), str(mnt))


@pytest.mark.skipif(shutil.which("mkfs.xfs") is None, reason="mkfs.xfs is not installed (xfsprogs)")
def test_xfs_on_a_volume(tmp_path, undo):
    """XFS needs 300 MiB at least: a lab of its own (sparse disks)."""
    lab: Lab = _new_lab(tmp_path / "ws", "inline")
    undo.push("close the lab", lab.close)
    for name in ("sda", "sdb"):
        lab.manager.create_physical_disk(name, 400 << 20)
    lab.manager.register_disk("Class1", "sda", "Disk1")
    lab.manager.register_disk("Class1", "sdb", "Disk2")
    lab.manager.connect_disk("Class1", "Group1", "Disk1")
    lab.manager.connect_disk("Class1", "Group1", "Disk2")
    lab.manager.create_volume("Class1", "Group1", "Volume1", (320 << 20) // 512)
    root = tmp_path / "sfdsk"
    start_server(lab, root, undo)
    served = Served(lab, root, tmp_path, undo)
    filesystems.make_filesystem(served.file("Volume1"), "xfs")
    assert filesystems.detect_fstype(lab.ws, served.gds("Volume1")) == "xfs"
    mnt = served.mount("Volume1")
    _write(mnt, "data.bin", os.urandom(1 << 20))
    served.unmount(mnt)
    served.run("xfs_repair", "-n", served.file("Volume1"))
    assert verify_volume(lab.ws, "Class1", "Volume1").ok
