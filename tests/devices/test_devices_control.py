"""Starting and stopping the server: the CLI, one workspace per mount point, kill -9, down --force."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from devices_helpers import gds_env, start_server
from gdsview.core.engine.crashpoints import CRASH_ENV
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import SdxError
from gdsview.core.storage.workspace import Workspace
from gdsview.devices import control, loopdev
from workspace_helpers import build_small_lab, pattern, wait_until


def _gdsview(ws_root, *args, check=True):
    proc = subprocess.run(["gdsview", "--workspace", str(ws_root), *args], capture_output=True, text=True,
                          env=gds_env(ws_root), stdin=subprocess.DEVNULL, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_cli_up_status_down(tmp_path, undo, monkeypatch):
    root = tmp_path / "sfdsk"
    monkeypatch.setenv(control.ENV_ROOT, str(root))
    lab = build_small_lab(tmp_path / "ws")
    undo.push("close the lab", lab.close)
    ws = lab.ws.root
    status = _gdsview(ws, "devices", "status", check=False)
    assert status.returncode == 3 and "not running" in status.stdout
    undo.push("devices down --force", lambda: control.down(Workspace(ws), force=True))
    up = _gdsview(ws, "devices", "up")
    assert f"under {root}" in up.stdout
    again = _gdsview(ws, "devices", "up", check=False)
    assert again.returncode == 1 and "already running" in again.stderr
    status = _gdsview(ws, "devices", "status")
    assert f"under {root}" in status.stdout  # where the devices are (here: not /dev/sfdsk)
    assert f"{root}/Class1/dsk/Volume1 ACTIVE" in status.stdout
    subprocess.run(["mkfs.ext4", "-q", f"{root}/Class1/dsk/Volume1"], check=True, capture_output=True)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    subprocess.run(["mount", f"{root}/Class1/dsk/Volume1", str(mnt)], check=True)
    undo.push("umount", lambda: loopdev.is_mountpoint(mnt) and subprocess.run(["umount", str(mnt)]))
    status = _gdsview(ws, "devices", "status")
    assert "ext4" in status.stdout and str(mnt) in status.stdout and " yes " in status.stdout
    down = _gdsview(ws, "devices", "down", check=False)
    assert down.returncode == 1 and "in use" in down.stderr and str(mnt) in down.stderr
    assert loopdev.is_mountpoint(mnt)  # refused: nothing was touched
    down = _gdsview(ws, "devices", "down", "--force")
    assert f"{mnt} unmounted" in down.stdout and "stopped" in down.stdout
    assert not loopdev.is_mountpoint(mnt) and not loopdev.is_mountpoint(root)
    assert loopdev.loops_under(str(root)) == []
    assert _gdsview(ws, "devices", "down").stdout.strip().endswith("device server is not running")


def test_one_workspace_at_a_time_per_mount_point(tmp_path, undo):
    root = tmp_path / "sfdsk"
    first = build_small_lab(tmp_path / "ws1")
    undo.push("close lab 1", first.close)
    second = build_small_lab(tmp_path / "ws2")
    undo.push("close lab 2", second.close)
    start_server(first, root, undo)
    with pytest.raises(SdxError) as e:
        control.up(second.ws, mountpoint=str(root))
    assert f"held by the device server of workspace {first.ws.root}" in str(e.value)
    assert "devices down" in str(e.value)
    assert not control.status(second.ws, str(root)).running


def test_without_root_the_tree_is_under_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv(control.ENV_ROOT, raising=False)
    ws = Workspace(tmp_path / "ws")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert control.default_mountpoint(ws) == str(tmp_path / "ws" / "dev" / "sfdsk")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert control.default_mountpoint(ws) == "/dev/sfdsk"


def test_kill_9_with_a_mounted_file_system(served):
    """The server dies under a mounted ext4: I/O errors, no hang; down --force cleans up in order;
    up again heals the write that was in flight (volume JRM)."""
    m = served.lab.manager
    served.run("mkfs.ext4", "-q", served.file("Volume1"))
    mnt = served.mount("Volume1")
    (mnt / "kept").write_bytes(pattern(4, 1 << 20))
    served.run("sync")
    pid = control.status(served.ws).pid
    writer = subprocess.Popen(["dd", "if=/dev/urandom", f"of={mnt}/big", "bs=64K", "count=100000",
                               "oflag=direct"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: (mnt / "big").exists() and (mnt / "big").stat().st_size > (1 << 20), what="dd writing")
        os.kill(pid, signal.SIGKILL)
        assert writer.wait(timeout=60) != 0  # the writer gets I/O errors, it does not hang
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert b"error" in writer.stderr.read().lower()
    st = wait_until(lambda: (s := control.status(served.ws)).dead and s, what="the server's locks to go")
    assert not st.running
    with pytest.raises(SdxError, match="down --force"):
        control.up(served.ws, mountpoint=str(served.root))
    done = control.down(served.ws, force=True)
    assert done[0] == f"{mnt} unmounted" and any("detached" in d for d in done)
    assert done[-1] == f"device tree {served.root} unmounted"  # file system, loop, then FUSE
    assert not loopdev.is_mountpoint(mnt) and loopdev.loops_under(str(served.root)) == []
    control.up(served.ws, mountpoint=str(served.root))
    fsck = served.run("e2fsck", "-fy", served.file("Volume1"), check=False)
    assert fsck.returncode in (0, 1), fsck.stdout + fsck.stderr  # journal replayed, or errors fixed
    assert verify_volume(served.ws, "Class1", "Volume1").ok
    assert m.snapshot().volume("Class1", "Volume1").status == "ACTIVE"


def test_a_write_in_flight_when_the_server_dies_is_healed_at_the_next_up(tmp_path, undo, monkeypatch):
    """The server dies between the two slices of a mirrored write (a crash point: the first slice
    written, the second not): the slices differ, until `devices up` heals the region."""
    root = tmp_path / "sfdsk"
    lab = build_small_lab(tmp_path / "ws")
    undo.push("close the lab", lab.close)
    monkeypatch.setenv(CRASH_ENV, "slice-write:3")
    start_server(lab, root, undo)
    monkeypatch.delenv(CRASH_ENV)
    fd = os.open(f"{root}/Class1/dsk/Volume1", os.O_RDWR)
    failed = []
    try:
        for i in range(3):
            try:
                os.pwrite(fd, pattern(10 + i, 4096), (i + 1) << 20)
            except OSError as e:
                failed.append((i, e.errno))
    finally:
        try:
            os.close(fd)
        except OSError:
            pass  # ENOTCONN: the server is gone
    assert [i for i, _ in failed] == [2]  # the third write killed the server
    wait_until(lambda: control.status(lab.ws).dead, what="the server to die")
    assert not verify_volume(lab.ws, "Class1", "Volume1").ok  # Disk1 has the write, Disk2 not
    control.down(lab.ws, force=True)
    control.up(lab.ws, mountpoint=str(root))
    assert verify_volume(lab.ws, "Class1", "Volume1").ok
    events = [e.text for e in lab.manager.events()]
    assert any("written at a crash resynchronized" in t for t in events), events[-3:]
