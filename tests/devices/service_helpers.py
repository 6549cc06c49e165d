"""Helpers of the service apps' tests: a lab with a volume big enough for PostgreSQL, and cleanup
of what a service may leave when a test fails (its servers, its mount)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from gdsview.core.names import MiB
from gdsview.lab.apps import postgresql
from gdsview.lab.apps.volume_fs import service_dir
from workspace_helpers import CLASS, GROUP, Lab, _new_lab

VOLUME_SIZE = 112 * MiB  # pgbench at scale 1 (the scale the volume's size gives)


def build_service_lab(root: Path) -> Lab:
    """Class1 mirrored on sda, sdb (sdc free: the backup disk), Volume1 large enough for PostgreSQL."""
    lab = _new_lab(root, "inline")
    m = lab.manager
    try:
        for name in ("sda", "sdb", "sdc"):
            m.create_physical_disk(name, 192 * MiB)
        m.register_disk(CLASS, "sda", "Disk1")
        m.register_disk(CLASS, "sdb", "Disk2")
        m.connect_disk(CLASS, GROUP, "Disk1")
        m.connect_disk(CLASS, GROUP, "Disk2")
        m.create_volume(CLASS, GROUP, "Volume1", VOLUME_SIZE // 512)
        with m.store.write() as conn:
            m.store.log(conn, "test", "lab-init", "service lab ready", class_name=CLASS)
    except BaseException:
        lab.close()
        raise
    return lab


def postmasters_under(root: str) -> list[int]:
    """PostgreSQL servers whose data directory is under ``root`` (``postgres -D <dir>``)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            args = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if len(args) > 2 and args[0].endswith(b"/postgres") and b"-D" in args:
            data = args[args.index(b"-D") + 1].decode(errors="replace")
            if data.startswith(root):
                found.append(int(entry))
    return found


def kill_services(ws, volume: str = "Volume1") -> None:
    """Kill, by pid, any PostgreSQL server and pgbench a failed test left on the volume's mount point."""
    roots = [str(postgresql_mount_root(ws, volume)), str(ws.root)]
    for root in roots:
        for pid in postmasters_under(root):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    time.sleep(0.2)


def postgresql_mount_root(ws, volume: str = "Volume1") -> Path:
    return service_dir(ws, CLASS, volume, user=postgresql.USER)


def remove_service_dirs(ws, volume: str = "Volume1") -> None:
    """The service's folders outside the workspace (``/run/gdsview/services/...``): ours only."""
    d = postgresql_mount_root(ws, volume)
    if not str(d).startswith(str(ws.root)) and not os.path.ismount(d / "mnt"):
        shutil.rmtree(d.parent, ignore_errors=True)


def psql(app, sql: str) -> str:
    proc = subprocess.run([str(postgresql.bindir() / "psql"), "-X", "-At", *app._conn(), "-c", sql],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()
