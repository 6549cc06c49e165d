"""Open device files: one backend ``Device`` per handle, and the in-use locks the rules read.

While any handle of a volume (or of a slice's access path) is open, the server holds that object's
in-use lock (``Workspace.volume_use_lock_path`` / ``slice_use_lock_path``, an OFD owner lock that
the kernel drops if the server dies); the snapshot reads it as ``in_use`` and :mod:`rules` refuses
to stop or remove the volume, or to stop or attach the slice. A mounted file system keeps its loop
device's handle open, so "mounted" is "open" here too.

An open takes the in-use lock *first*, then checks the object's state under a shared lock of the
volume's whole range: a configuration change holds that range exclusively while it checks
``in_use`` and commits, so either the change sees the lock and is refused, or the open sees the
change (a stopped volume, a TEMP-STOP slice) and is refused.

Errors are ``OSError`` with the errno a block device would give: ENOENT (not there), ENXIO
(TEMP-STOP), EROFS (read-only access path opened for writing), EIO (the backend failed, or the
slice became TEMP-STOP under an open handle), ENOSPC (a write past the end).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.volume_io import Device, open_device
from ..core.errors import BusyError, SdxError
from ..core.model import AccessMode, SliceState
from ..core.storage.layout import VolumeLayout, load_layout
from ..core.storage.locks import OwnerLock, RegionLock
from ..core.storage.workspace import USE_LOCK_PREFIX, Workspace
from .tree import Node


@dataclass
class Handle:
    fh: int
    node: Node
    device: Device
    writable: bool
    use_lock: Path


class Handles:
    """The server's open handles. Not thread-safe: the FUSE loop's thread calls everything."""

    def __init__(self, ws: Workspace, source: str = "devices") -> None:
        self.ws = ws
        self.source = source
        self._handles: dict[int, Handle] = {}
        self._next = 1
        self._users: dict[Path, list] = {}  # lock path -> [OwnerLock, open count]

    # -- in-use locks ---------------------------------------------------------------------------
    def clear_stale_locks(self) -> None:
        """Remove in-use lock files a killed server left (nobody holds them: the kernel dropped them)."""
        locks = self.ws.state_dir / "locks"
        for path in locks.glob(f"{USE_LOCK_PREFIX}*.lock"):
            if path not in self._users:
                path.unlink(missing_ok=True)

    def _hold(self, path: Path, what: str) -> None:
        entry = self._users.get(path)
        if entry is None:
            lock = OwnerLock(path, what)
            try:
                lock.acquire()
            except BusyError:
                raise OSError(errno.EBUSY, f"{what} is held by another process") from None
            entry = self._users[path] = [lock, 0]
        entry[1] += 1

    def _unhold(self, path: Path) -> None:
        entry = self._users.get(path)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del self._users[path]
            path.unlink(missing_ok=True)  # before the release: a probe then finds nothing, never a free lock
            entry[0].release()

    def in_use(self) -> list[str]:
        """Device paths with at least one open handle."""
        return sorted({h.node.device_path for h in self._handles.values()})

    # -- handles ----------------------------------------------------------------------------------
    def open(self, node: Node, writable: bool) -> int:
        layout = self._layout(node)
        if node.disk is None:
            lock_path = self.ws.volume_use_lock_path(layout.id)
        else:
            lock_path = self.ws.slice_use_lock_path(_slice(layout, node.disk).id)
        self._hold(lock_path, f"use of {node.device_path}")
        try:
            region = RegionLock(self.ws.volume_lock_path(layout.id))
            try:
                with region.regions(0, 0, exclusive=False):  # waits for a configuration change in flight
                    _check_open(self._layout(node), node, writable)
            finally:
                region.close()
            try:
                device = open_device(self.ws, node.device_path, writable, source=self.source)
            except SdxError as e:
                raise OSError(errno.EIO, e.text) from None
        except BaseException:
            self._unhold(lock_path)
            raise
        fh = self._next
        self._next += 1
        self._handles[fh] = Handle(fh, node, device, writable, lock_path)
        return fh

    def _layout(self, node: Node) -> VolumeLayout:
        try:
            with self.ws.store.read() as conn:
                return load_layout(conn, node.class_name, node.volume)
        except SdxError:
            raise OSError(errno.ENOENT, "no such volume") from None

    def get(self, fh: int) -> Handle:
        h = self._handles.get(fh)
        if h is None:
            raise OSError(errno.EBADF, "no such handle")
        return h

    def read(self, fh: int, offset: int, length: int) -> bytes:
        h = self.get(fh)
        size = h.device.size
        if offset >= size or length <= 0:
            return b""
        try:
            return h.device.pread(min(length, size - offset), offset)
        except SdxError as e:
            raise OSError(errno.EIO, e.text) from None

    def write(self, fh: int, offset: int, data: bytes) -> int:
        h = self.get(fh)
        size = h.device.size
        if offset >= size:
            raise OSError(errno.ENOSPC, "write past the end of the device")
        if offset + len(data) > size:
            data = memoryview(data)[: size - offset]
        try:
            return h.device.pwrite(data, offset)
        except SdxError as e:
            raise OSError(errno.EIO, e.text) from None

    def fsync(self, fh: int) -> None:
        """The file system's flush (its journal commit): images and JRM maps reach the disk first."""
        h = self.get(fh)
        try:
            h.device.flush()
        except OSError as e:
            raise OSError(e.errno or errno.EIO, e.strerror) from None

    def release(self, fh: int) -> None:
        h = self._handles.pop(fh, None)
        if h is None:
            return
        try:
            h.device.close()
        finally:
            self._unhold(h.use_lock)

    def close_all(self) -> None:
        for fh in list(self._handles):
            self.release(fh)

    def __len__(self) -> int:
        return len(self._handles)


def _slice(layout: VolumeLayout, disk: str):
    try:
        return layout.slice(disk)
    except SdxError:
        raise OSError(errno.ENOENT, "no such slice") from None


def _check_open(layout: VolumeLayout, node: Node, writable: bool) -> None:
    """Refuse an open as the block device of a GDS volume or access path would."""
    if node.disk is None:
        if not layout.started:
            raise OSError(errno.ENOENT, "volume is stopped")
        if not layout.valid_slices():
            raise OSError(errno.EIO, "volume has no valid slice (INVALID)")
        return
    target = _slice(layout, node.disk)
    if target.state is SliceState.TEMP_STOP:
        raise OSError(errno.ENXIO, "slice is stopped (TEMP-STOP)")
    if target.state is not SliceState.TEMP:
        raise OSError(errno.ENOENT, "slice is not detached")
    if writable and target.access_mode is AccessMode.RO:
        raise OSError(errno.EROFS, "slice was detached read only")


def open_flags_writable(flags: int) -> bool:
    return (flags & os.O_ACCMODE) != os.O_RDONLY
