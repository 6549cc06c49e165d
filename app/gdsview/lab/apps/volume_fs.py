"""The file system a database service keeps on its volume: made if missing, mounted, left clean.

The device server is started if it is not up (as the GUI's devices backend does). A volume with
no file system gets an ext4; one that holds a file system (File System Configuration's ext4 or
xfs) keeps it. It is mounted where it already is, else at ``<workspace>/mnt/<class>/<volume>``
(File System Configuration's default). The service unmounts it when it stops: a still-mounted
ext4 carries ``needs_recovery`` in its superblock, so a backup of a slice detached then would need
journal recovery; after the unmount the file system on the disks is clean.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import stat
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...core.errors import SdxError
from ...core.names import volume_path
from ...core.storage.workspace import Workspace
from ...devices import control, filesystems, loopdev

INFO_NAME = "gdsview-service.json"  # at the root of the volume's file system (read by Verify Backup)
UNMOUNT_TRIES = 100  # 10 s: a killed server's backends take a moment to go


@dataclass
class VolumeFs:
    """The volume's file system, mounted at ``root`` for the service."""

    ws: Workspace
    class_name: str
    volume: str
    root: Path
    tree: str  # the device server's mount point
    made: bool  # a file system was made now

    @property
    def device(self) -> str:
        return volume_path(self.class_name, self.volume)

    @property
    def info_path(self) -> Path:
        return self.root / INFO_NAME

    def size(self) -> int:
        st = os.statvfs(self.root)
        return st.f_blocks * st.f_frsize

    def read_info(self) -> dict:
        """``gdsview-service.json``: which app keeps its data here ({} if none)."""
        try:
            return json.loads(self.info_path.read_text())
        except (OSError, ValueError):
            return {}

    def write_info(self, info: dict) -> None:
        tmp = self.info_path.with_suffix(".tmp")
        with open(tmp, "w") as f:
            json.dump(info, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.info_path)

    def unmount(self) -> None:
        """Unmount (retrying while a dying server's processes still hold files) and detach the loop."""
        if not loopdev.is_mountpoint(self.root):
            return
        for _ in range(UNMOUNT_TRIES):
            try:
                filesystems.unmount(self.ws, str(self.root), self.tree)
                return
            except SdxError as e:
                last = e
                time.sleep(0.1)
        raise last


def _traversable(path: Path, user: str) -> bool:
    """Whether ``user`` can reach into ``path`` (every folder above it searchable for it)."""
    try:
        pw = pwd.getpwnam(user)
    except KeyError:
        return False
    p = path
    while True:
        try:
            st = p.stat()
        except OSError:
            st = None
        if st is not None:
            if st.st_uid == pw.pw_uid:
                ok = bool(st.st_mode & stat.S_IXUSR)
            elif st.st_gid == pw.pw_gid:
                ok = bool(st.st_mode & stat.S_IXGRP)
            else:
                ok = bool(st.st_mode & stat.S_IXOTH)
            if not ok:
                return False
        if p.parent == p:
            return True
        p = p.parent


def service_dir(ws: Workspace, class_name: str, volume: str, *, user: str | None = None) -> Path:
    """A folder of the service's own (sockets, logs) under the workspace; ``/run/gdsview/...`` when
    ``user`` (``postgres``) cannot reach into the workspace (a home folder is 0700)."""
    here = ws.state_dir / "services" / f"{class_name}.{volume}"
    if user is None or _traversable(ws.state_dir, user):
        return here
    key = hashlib.sha256(str(ws.root).encode()).hexdigest()[:12]
    return control.RUN_DIR / "services" / key / f"{class_name}.{volume}"


def default_mount_point(ws: Workspace, class_name: str, volume: str, *, user: str | None = None) -> Path:
    """File System Configuration's default, or one under ``/run/gdsview`` that ``user`` can reach."""
    here = ws.root / "mnt" / class_name / volume
    if user is None or _traversable(ws.root, user):
        return here
    return service_dir(ws, class_name, volume, user=user) / "mnt"


def ensure_server(ws: Workspace) -> str:
    """The running device server's tree (started here if it is not up)."""
    st = control.status(ws, open_devices=False)
    if st.running:
        return st.mountpoint
    if st.dead:
        raise SdxError("the device server died and left its devices mounted: run 'gdsview devices down --force'",
                       st.mountpoint)
    return control.up(ws).mountpoint


def mount_volume(ws: Workspace, class_name: str, volume: str, *, user: str | None = None) -> VolumeFs:
    """The volume's file system mounted (made first if there is none); where it is if already mounted."""
    tree = ensure_server(ws)
    device = volume_path(class_name, volume)
    file = filesystems.tree_file(device, tree)
    st = control.status(ws, open_devices=False)
    for dev, target in st.mounts:
        if dev == file:
            return VolumeFs(ws, class_name, volume, Path(target), tree, False)
    made = False
    if filesystems.detect_fstype(ws, device) is None:
        filesystems.make_filesystem(file, "ext4", label=volume[:16])
        filesystems.wait_released(ws, device)
        made = True
    root = default_mount_point(ws, class_name, volume, user=user)
    root.mkdir(parents=True, exist_ok=True)
    loopdev.mount_device(file, str(root))
    return VolumeFs(ws, class_name, volume, root, tree, made)


def needs_recovery(image_or_device: str) -> bool:
    """Whether the ext4 on ``image_or_device`` says its journal needs recovery (``dumpe2fs -h``)."""
    out = loopdev.run_tool(["dumpe2fs", "-h", image_or_device], "read the superblock", image_or_device)
    return any(line.startswith("Filesystem features:") and "needs_recovery" in line for line in out.splitlines())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
