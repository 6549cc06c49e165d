"""Settings → File System Configuration's requests: make a file system on a volume, mount, unmount.

Like every request (:mod:`.requests`) they are applied by the backend on a worker thread. They
use the device server's own functions (``gdsview.devices``): ``mkfs`` and ``mount`` run on the
volume's device file in the running server's tree, exactly as an operator's commands would. The
rule (``core.policy.rules``) is checked again on fresh state before anything runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ...core.errors import SdxError
from ...core.names import volume_path
from ...core.policy import rules
from ...devices import control, filesystems, loopdev

if TYPE_CHECKING:
    from ...core.policy.manager import VolumeManager
    from ...core.storage.workspace import Workspace

translate = QCoreApplication.translate
FSTYPES = filesystems.FSTYPES


def not_running_error(obj: str = "") -> SdxError:
    return SdxError(translate("DeviceRequests", "the device server is not running: start it with General > Start "
                              "Device Server (or 'gdsview devices up')"), obj)


def running_tree(ws: Workspace, obj: str = "") -> str:
    """The mount point of the workspace's running device server (its tree), or the refusal."""
    st = control.status(ws, open_devices=False)
    if not st.running:
        raise not_running_error(obj)
    return st.mountpoint


def _check(refusal: SdxError | None) -> None:
    if refusal is not None:
        raise refusal


@dataclass(frozen=True)
class StartDeviceServer:
    """``gdsview devices up``: returns once the tree is mounted (the server's ``ServerStatus``)."""

    def apply(self, m: VolumeManager) -> Any:
        return control.up(m.ws)


@dataclass(frozen=True)
class StopDeviceServer:
    """``gdsview devices down``; with ``force``, what is mounted on the devices is unmounted first.
    Returns the lines of what was done."""

    force: bool = False

    def apply(self, m: VolumeManager) -> Any:
        return control.down(m.ws, force=self.force)


@dataclass(frozen=True)
class MakeFileSystem:
    """``mkfs.ext4`` or ``mkfs.xfs`` on a started volume that nothing has open (its data is lost)."""

    class_name: str
    volume: str
    fstype: str

    def apply(self, m: VolumeManager) -> Any:
        path = volume_path(self.class_name, self.volume)
        tree = running_tree(m.ws, self.volume)
        _check(rules.make_filesystem(m.snapshot(self.class_name), self.class_name, self.volume))
        filesystems.make_filesystem(filesystems.tree_file(path, tree), self.fstype)
        filesystems.wait_released(m.ws, path)  # the server sees mkfs's close a moment after it exits
        return filesystems.detect_fstype(m.ws, path)


@dataclass(frozen=True)
class MountFileSystem:
    """Mount the volume's file system at ``target`` (a folder, made if missing), checked in the mount table."""

    class_name: str
    volume: str
    target: str

    def apply(self, m: VolumeManager) -> Any:
        path = volume_path(self.class_name, self.volume)
        target = os.path.expanduser(self.target.strip())
        if not os.path.isabs(target):
            raise SdxError(translate("DeviceRequests", "give the mount point as a full path"), self.target)
        target = os.path.normpath(target)
        tree = running_tree(m.ws, self.volume)
        _check(rules.mount_filesystem(m.snapshot(self.class_name), self.class_name, self.volume))
        if m.ws.owns(target) or os.path.realpath(target).startswith(os.path.realpath(tree).rstrip("/") + "/"):
            raise SdxError(translate("DeviceRequests", "a file system cannot be mounted over the workspace's own "
                                     "files or the device tree"), target)
        if filesystems.detect_fstype(m.ws, path) is None:
            raise SdxError(translate("DeviceRequests", "the volume holds no file system: make one first"),
                           self.volume)
        made = not os.path.exists(target)
        if made:
            try:
                os.makedirs(target)
            except OSError as e:
                raise SdxError(translate("DeviceRequests", "cannot make the mount point: {why}").format(
                    why=e.strerror), target) from None
        try:
            loopdev.mount_device(filesystems.tree_file(path, tree), target)
        except BaseException:
            if made:
                try:
                    os.rmdir(target)
                except OSError:
                    pass
            raise
        return target


@dataclass(frozen=True)
class UnmountFileSystem:
    """Unmount ``target``, detach its loop device, and wait until the server has seen the device closed."""

    class_name: str
    volume: str
    target: str

    def apply(self, m: VolumeManager) -> Any:
        st = control.status(m.ws, open_devices=False)
        if not st.running and not st.dead:
            raise not_running_error(self.volume)
        target = os.path.abspath(self.target)
        if (filesystems.tree_file(volume_path(self.class_name, self.volume), st.mountpoint), target) not in st.mounts:
            raise SdxError(translate("DeviceRequests", "the volume is not mounted there"), target)
        filesystems.unmount(m.ws, target, st.mountpoint)
        return target


__all__ = ["StartDeviceServer", "StopDeviceServer", "MakeFileSystem", "MountFileSystem", "UnmountFileSystem",
           "FSTYPES", "running_tree", "not_running_error"]
