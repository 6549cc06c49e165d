"""File systems on the devices: what each one holds, where it is mounted, and making one.

What a device holds is read from its first 64 KiB through the backend (no server needed, and no
in-use lock taken): the ext2/3/4 superblock magic at byte 1080, XFS's ``XFSB`` at 0. Where it is
mounted comes from the mount table: a mount on a loop device whose backing file is the device.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass

from ..core.engine.volume_io import open_device
from ..core.errors import SdxError
from ..core.model import DETACHED_STATES, SliceState, Snapshot, VolumeStatus
from ..core.names import DEV_ROOT, parse_device_path
from ..core.storage.snapshot import load_snapshot
from ..core.storage.workspace import Workspace
from . import loopdev

FSTYPES = ("ext4", "xfs")
RELEASE_TIMEOUT = 5.0
_EXT_MAGIC = b"\x53\xef"


@dataclass(frozen=True)
class DeviceUse:
    """One device of the tree: its GDS name, its file in the tree, its file system and mounts."""

    name: str  # /dev/sfdsk/Class1/dsk/Volume1
    file: str  # where the server shows it (the same as name as root)
    status: str
    fstype: str | None
    in_use: bool
    mounted_on: tuple[str, ...]


def detect_fstype(ws: Workspace, device: str) -> str | None:
    """``ext4`` (or ext2/ext3), ``xfs``, or None, read through the backend from ``device``'s first blocks."""
    try:
        with open_device(ws, device) as dev:
            head = dev.pread(min(65536, dev.size), 0)
    except (SdxError, OSError):
        return None
    if head[:4] == b"XFSB":
        return "xfs"
    if head[1080:1082] == _EXT_MAGIC:
        features_compat = int.from_bytes(head[1024 + 0x5C:1024 + 0x60], "little")
        incompat = int.from_bytes(head[1024 + 0x60:1024 + 0x64], "little")
        if incompat & 0x40 or incompat & 0x200:  # extents or flex_bg
            return "ext4"
        return "ext3" if features_compat & 0x4 else "ext2"  # has_journal
    return None


def tree_file(name: str, mountpoint: str) -> str:
    """Where the server shows the device ``/dev/sfdsk/...`` when its tree is mounted at ``mountpoint``."""
    return mountpoint.rstrip("/") + name.removeprefix(DEV_ROOT)


def device_uses(ws: Workspace, snap: Snapshot, mountpoint: str, *, probe: bool = True) -> list[DeviceUse]:
    """Every volume and access path the tree has now, with its file system and mount points."""
    loops = loopdev.loops_under(mountpoint)
    by_dev = {lp.dev: lp.backing_file for lp in loops}
    mounted: dict[str, list[str]] = {}
    for m in loopdev.mounts_on(loops):
        mounted.setdefault(by_dev[m.dev], []).append(m.target)
    out = []
    for v in snap.volumes:
        if v.status is VolumeStatus.ACTIVE:
            f = tree_file(v.path, mountpoint)
            out.append(DeviceUse(v.path, f, str(v.status), detect_fstype(ws, v.path) if probe else None, v.in_use,
                                 tuple(mounted.get(f, ()))))
    for s in snap.slices:
        if s.state in DETACHED_STATES:
            f = tree_file(s.access_path, mountpoint)
            readable = probe and s.state is SliceState.TEMP
            out.append(DeviceUse(s.access_path, f, str(s.status), detect_fstype(ws, s.access_path) if readable
                                 else None, s.in_use, tuple(mounted.get(f, ()))))
    return out


def in_use(ws: Workspace, name: str) -> bool:
    """Whether the device ``/dev/sfdsk/...`` is open through the server (its in-use lock is held)."""
    parsed = parse_device_path(name)
    if parsed is None:
        return False
    with ws.store.read() as conn:
        snap = load_snapshot(ws, conn, parsed.class_name, physical=False)
    if parsed.disk is None:
        v = snap.volume(parsed.class_name, parsed.volume)
        return bool(v and v.in_use)
    s = snap.slice(parsed.class_name, parsed.disk, parsed.volume)
    return bool(s and s.in_use)


def wait_released(ws: Workspace, name: str, timeout: float = RELEASE_TIMEOUT) -> bool:
    """Wait until the server has seen the last close of ``name``.

    The kernel hands FUSE the release of a file asynchronously: ``umount`` and ``losetup -d``
    return before the server knows the loop device let go of the file, so an operation run right
    after them could still find the device in use. True once it is free.
    """
    deadline = time.monotonic() + timeout
    while in_use(ws, name):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def mount(ws: Workspace, name: str, target: str, tree_root: str, *, read_only: bool = False) -> loopdev.Mount:
    """Mount the file system on device ``name`` (``/dev/sfdsk/...``) at ``target``, checked."""
    return loopdev.mount_device(tree_file(name, tree_root), target, read_only=read_only)


def unmount(ws: Workspace, target: str, tree_root: str) -> None:
    """Unmount ``target``, detach its loop device, and wait until the server released the device."""
    m = loopdev.mount_at(target)
    loop = next((lp for lp in loopdev.loops_under(tree_root) if m is not None and lp.dev == m.dev), None)
    loopdev.unmount(target, tree_root)
    if loop is not None:
        name = DEV_ROOT + loop.backing_file.removeprefix(tree_root.rstrip("/"))
        wait_released(ws, name)


def make_filesystem(file: str, fstype: str, *, label: str | None = None) -> None:
    """``mkfs.ext4`` or ``mkfs.xfs`` on a device file of the running server's tree (overwrites it)."""
    if fstype not in FSTYPES:
        raise SdxError(f"unsupported file system type {fstype}: choose {' or '.join(FSTYPES)}", file)
    tool = f"mkfs.{fstype}"
    if shutil.which(tool) is None:
        raise SdxError(f"{tool} is not installed", file)
    args = [tool, "-q"] + (["-F"] if fstype == "ext4" else ["-f"])
    if label:
        args += ["-L", label]
    proc = subprocess.run([*args, file], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise SdxError(f"{tool} failed: {lines[-1] if lines else proc.returncode}", file)
