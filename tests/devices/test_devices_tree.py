"""The device tree: which files exist, who may use them, and the backend's semantics through them."""

from __future__ import annotations

import errno
import os
import stat
import subprocess

import pytest
from devices_helpers import gds_env
from gdsview.core.errors import SdxError
from gdsview.core.model import AccessMode
from gdsview.devices import filesystems
from workspace_helpers import pattern


def _listing(served, class_name="Class1") -> list[str]:
    return sorted(os.listdir(f"{served.root}/{class_name}/dsk"))


def test_the_tree_follows_the_configuration_at_once(served):
    m = served.lab.manager
    assert os.listdir(served.root) == ["Class1"]
    assert _listing(served) == ["Volume1", "Volume2"]
    assert os.path.getsize(served.file("Volume1")) == 16 << 20
    m.stop_volume("Class1", "Volume2")
    assert _listing(served) == ["Volume1"]  # a stopped volume is not there
    assert not os.path.exists(served.file("Volume2"))
    m.start_volume("Class1", "Volume2")
    m.detach_slice("Class1", "Disk2", "Volume1")
    assert _listing(served) == ["Disk2.Volume1", "Volume1", "Volume2"]  # the access path appears
    assert os.path.getsize(served.file("Disk2.Volume1")) == 16 << 20
    m.stop_slice("Class1", "Disk2", "Volume1")
    assert "Disk2.Volume1" in _listing(served)  # TEMP-STOP: there, but it cannot be opened
    with pytest.raises(OSError) as e:
        open(served.file("Disk2.Volume1"), "rb").close()
    assert e.value.errno == errno.ENXIO
    m.activate_slice("Class1", "Disk2", "Volume1")
    m.attach_slice("Class1", "Disk2", "Volume1")
    assert _listing(served) == ["Volume1", "Volume2"]  # an attached slice has no access path


def test_devices_belong_to_root_mode_0600_and_cannot_be_changed(served, tmp_path):
    f = served.file("Volume1")
    st = os.stat(f)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 0, 0o600)
    for change in (lambda: os.chmod(f, 0o666), lambda: os.chown(f, 65534, 65534), lambda: os.truncate(f, 0),
                   lambda: os.truncate(f, 1 << 20)):
        with pytest.raises(OSError) as e:
            change()
        assert e.value.errno == errno.EPERM
    assert os.stat(f)[:7] == st[:7]  # mode, inode, device, links, owner, group, size: unchanged
    d = f"{served.root}/Class1/dsk"
    for make in (lambda: open(f"{d}/new", "wb"), lambda: os.mkdir(f"{d}/dir"), lambda: os.unlink(f),
                 lambda: os.rename(f, f"{d}/Volume9"), lambda: os.symlink(f, f"{d}/link"),
                 lambda: os.link(f, f"{d}/hard"), lambda: os.rmdir(d)):
        with pytest.raises(OSError):
            make()
    assert _listing(served) == ["Volume1", "Volume2"]
    # `dd of=` opens with O_TRUNC: ignored, as on a block device; nothing is lost
    served.lab.write(served.gds("Volume1"), b"K" * 4096, 8192)
    served.run("dd", "if=/dev/zero", f"of={f}", "bs=4096", "count=1", "status=none")
    assert os.path.getsize(f) == 16 << 20
    assert served.lab.read(served.gds("Volume1"), 4096, 8192) == b"K" * 4096


def test_another_user_can_neither_read_nor_write(served):
    f = served.file("Volume1")
    for args in (["dd", f"if={f}", "of=/dev/null", "count=1", "status=none"],
                 ["dd", "if=/dev/zero", f"of={f}", "count=1", "conv=notrunc", "status=none"]):
        proc = served.run("runuser", "-u", "nobody", "--", *args, check=False)
        assert proc.returncode != 0
        assert "Permission denied" in proc.stderr
    # root can
    served.run("dd", f"if={f}", "of=/dev/null", "count=1", "status=none")


def test_writes_are_mirrored_and_reads_served(served):
    data = pattern(1, 3 << 20)
    fd = os.open(served.file("Volume1"), os.O_RDWR)
    try:
        assert os.pwrite(fd, data, 5 << 20) == len(data)
        os.fsync(fd)
        assert os.pread(fd, len(data), 5 << 20) == data
        # past the end: a short read, a refused write, as a block device
        assert os.pread(fd, 8192, (16 << 20) - 4096) == bytes(4096)
        with pytest.raises(OSError) as e:
            os.pwrite(fd, b"x", 16 << 20)
        assert e.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    for disk in ("Disk1", "Disk2"):
        assert served.lab.slice_bytes(disk, offset=5 << 20, length=len(data)) == data


def test_access_path_read_only_and_temp_stop(served):
    m = served.lab.manager
    before = pattern(2, 1 << 20)
    served.lab.write(served.gds("Volume1"), before, 0)
    m.detach_slice("Class1", "Disk2", "Volume1", mode=AccessMode.RO)
    path = served.file("Disk2.Volume1")
    with pytest.raises(OSError) as e:
        os.open(path, os.O_RDWR)
    assert e.value.errno == errno.EROFS
    fd = os.open(path, os.O_RDONLY)
    try:
        assert os.pread(fd, len(before), 0) == before
        # writes to the volume go to Disk1 only, and are marked in Disk2's JRM map
        served.lab.write(served.gds("Volume1"), b"N" * 4096, 0)
        assert os.pread(fd, 4096, 0) == before[:4096]
        assert served.lab.jrm_path("Disk2").read_bytes()[64] == 1
        with pytest.raises(SdxError, match="slice is in use"):  # its access path is open
            m.stop_slice("Class1", "Disk2", "Volume1")
    finally:
        os.close(fd)
    assert filesystems.wait_released(served.ws, served.gds("Disk2.Volume1"))  # FUSE hears of a close a moment later
    m.stop_slice("Class1", "Disk2", "Volume1")
    with pytest.raises(OSError) as e:
        os.open(path, os.O_RDONLY)
    assert e.value.errno == errno.ENXIO
    m.activate_slice("Class1", "Disk2", "Volume1")
    with open(path, "rb") as f:
        assert f.read(4096) == before[:4096]


def test_io_through_an_open_access_path_fails_once_the_slice_is_stopped(served):
    """TEMP-STOP by a node switch (here: the state written as another node's would) ends I/O."""
    m = served.lab.manager
    m.detach_slice("Class1", "Disk2", "Volume1")
    fd = os.open(served.file("Disk2.Volume1"), os.O_RDWR)
    try:
        assert os.pwrite(fd, b"A" * 4096, 0) == 4096
        with served.ws.store.write() as conn:  # what a switch of nodes does: the slice becomes TEMP-STOP
            conn.execute("UPDATE slices SET state = 'TEMP-STOP' WHERE id = ?",
                         (served.lab.slice_id("Disk2"),))
        for io in (lambda: os.pread(fd, 4096, 0), lambda: os.pwrite(fd, b"B" * 4096, 0)):
            with pytest.raises(OSError) as e:
                io()
            assert e.value.errno == errno.EIO
    finally:
        os.close(fd)
    assert served.lab.slice_bytes("Disk2", length=4096) == b"A" * 4096


def test_gdsview_dd_and_system_dd_read_the_same_bytes(served, tmp_path):
    data = pattern(3, 2 << 20)
    served.lab.write(served.gds("Volume1"), data, 0)
    out = tmp_path / "sys.img"
    served.run("dd", f"if={served.file('Volume1')}", f"of={out}", "bs=1M", "count=2", "status=none")
    assert out.read_bytes() == data
    proc = subprocess.run(["gdsview", "--workspace", str(served.ws.root), "dd", f"if={served.gds('Volume1')}",
                           f"of={tmp_path / 'gds.img'}", "bs=1M", "count=2", "status=none"],
                          capture_output=True, text=True, env=gds_env(served.ws.root))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "gds.img").read_bytes() == data

