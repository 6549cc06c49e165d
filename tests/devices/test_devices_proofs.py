"""PostgreSQL on a mirrored gdsview volume (through the device server): a backup taken with the server
stopped verifies CLEAN, one detached while pgbench runs verifies RECOVERED, and the clean one, restored
over damaged data, mounts and starts with pgbench's invariant holding.

Independent of the lab's own services: the test runs initdb, pg_ctl and pgbench itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from devices_helpers import Served, Undo, ours, start_server
from gdsview.core.engine.verify import verify_volume
from gdsview.devices import filesystems
from gdsview.lab.backup import backup_access_path, verify_backup
from gdsview.lab.proofs import Verdict
from gdsview.lab.restore import restore_backup
from gdsview.lab.restore_lesson import damage_volume
from proof_images import Postgres, have_tools, sh, sockets_dir
from workspace_helpers import _new_lab

MiB = 1 << 20
INVARIANT = ("select (select sum(abalance) from pgbench_accounts) = (select sum(delta) from pgbench_history) and "
             "(select sum(tbalance) from pgbench_tellers) = (select sum(delta) from pgbench_history) and "
             "(select sum(bbalance) from pgbench_branches) = (select sum(delta) from pgbench_history)")


@pytest.fixture
def big(tmp_path, undo: Undo, monkeypatch):
    """Class1 mirrored on two 384 MiB disks (and sdc), Volume1 of 256 MiB, the device server up."""
    reason = have_tools()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("GDSVIEW_DEVICES_ROOT", str(tmp_path / "sfdsk"))
    lab = _new_lab(tmp_path / "ws", "inline")
    undo.push("close the lab", lab.close)
    m = lab.manager
    for name in ("sda", "sdb", "sdc"):
        m.create_physical_disk(name, 384 * MiB)
    m.register_disk("Class1", "sda", "Disk1")
    m.register_disk("Class1", "sdb", "Disk2")
    m.connect_disk("Class1", "Group1", "Disk1")
    m.connect_disk("Class1", "Group1", "Disk2")
    m.create_volume("Class1", "Group1", "Volume1", 256 * MiB // 512)
    root = tmp_path / "sfdsk"
    start_server(lab, root, undo)
    yield Served(lab, root, tmp_path, undo)
    errors = undo.run()
    assert not errors, f"cleanup failed: {errors}"
    assert ours(root, tmp_path) == ([], [])


def _mount(served: Served, undo: Undo, name: str = "Volume1") -> Path:
    """Mount the volume where the postgres user reaches it (tmp_path is root's alone)."""
    target = Path(tempfile.mkdtemp(prefix="gdsview-test-pgmnt-"))
    os.chmod(target, 0o755)
    undo.push(f"remove {target}", lambda: shutil.rmtree(target, True))
    filesystems.mount(served.ws, served.gds(name), str(target), str(served.root))
    undo.push(f"unmount {target}", lambda: _unmount(served, target))
    return target


def _unmount(served: Served, target: Path) -> None:
    from gdsview.devices import loopdev
    if loopdev.is_mountpoint(target):
        filesystems.unmount(served.ws, str(target), str(served.root))


def test_postgresql_on_a_volume_backups_proven_and_restored(big: Served, undo: Undo, tmp_path):
    m = big.lab.manager
    big.run("mkfs.ext4", "-q", big.file("Volume1"))
    socks = undo_sockets(undo)
    mnt = _mount(big, undo)
    pg = Postgres(mnt, socks)
    pg.init()
    pg.start()
    undo.push("stop postgres", pg.stop)
    pg.pgbench("-i", "-s", "1", "-q")
    pg.pgbench("-c", "2", "-T", "2", "-n")
    pg.psql("checkpoint")

    # hot: the backup disk's slice detached while the server runs (the guide's note)
    pg.pgbench("-c", "2", "-t", "200", "-n")
    hot_path = m.detach_slice("Class1", "Disk2", "Volume1")
    pg.pgbench("-c", "2", "-t", "50", "-n")  # the service goes on, on Disk1
    hot = backup_access_path(big.ws, hot_path, tmp_path / "hot.img")
    m.attach_slice("Class1", "Disk2", "Volume1")
    check = verify_backup(hot.path)
    assert check.verdict is Verdict.RECOVERED, check.summary()
    assert "crash recovery (WAL replayed" in check.proofs.check("postgresql start").found
    assert check.proofs.check("invariant").found.startswith("holds: ")

    # clean: the server stopped, the file system unmounted, then the detach (steps 3 and 4)
    pg.stop()
    _unmount(big, mnt)
    clean_path = m.detach_slice("Class1", "Disk2", "Volume1")
    clean = backup_access_path(big.ws, clean_path, tmp_path / "clean.img")
    m.attach_slice("Class1", "Disk2", "Volume1")
    check = verify_backup(clean.path)
    assert check.verdict is Verdict.CLEAN, check.summary()

    # restore over damaged data, then the server starts on it and the invariant holds
    damage_volume(m, "Class1", "Volume1")
    restore_backup(m, clean.path, "Class1", "Volume1")
    assert verify_volume(big.ws, "Class1", "Volume1").ok  # both slices hold the restored bytes
    assert sh("e2fsck", "-fn", big.file("Volume1")).returncode == 0
    mnt = _mount(big, undo)
    pg = Postgres(mnt, socks)
    pg.start()
    undo.push("stop postgres", pg.stop)
    assert pg.psql(INVARIANT) == "t"
    assert int(pg.psql("select count(*) from pgbench_accounts")) == 100_000
    pg.stop()


def undo_sockets(undo: Undo) -> Path:
    ctx = sockets_dir()
    path = ctx.__enter__()
    undo.push("remove the socket folder", lambda: ctx.__exit__(None, None, None))
    return path
