"""The device server: ``python -m gdsview.devices.server --workspace W --mountpoint M``.

A FUSE file system (pyfuse3, libfuse 3) whose files are the volumes and access paths of one
workspace, served through the backend's ``Device`` (mirrored writes with JRM marks, reads from a
valid slice, read-only and TEMP-STOP refusals). Every file is opened with ``direct_io``: the
kernel's page cache stays out of the way (the file system on top has its own), requests arrive
at up to 1 MiB, and a loop device with direct I/O over the file is a block device without
double caching. Nothing can be created, removed, renamed, truncated, chmod-ed or chown-ed.

Use :mod:`gdsview.devices.control` (``gdsview devices up``) to start it: it waits for the
server's ``ready`` line on ``--ready-fd``, or its ``error ...`` line.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import signal
import stat
import sys
import time
from collections.abc import Callable

import pyfuse3
import trio

from ..core.engine.healing import recover_all
from ..core.errors import BusyError, SdxError
from ..core.storage.workspace import Workspace
from . import control, fastloop
from .handles import Handles, open_flags_writable
from .tree import DeviceTree, Node

TIMEOUT = 0.0  # the kernel asks again every time: configuration changes show at once
SOURCE = "devices"


def _fuse_errors(fn: Callable) -> Callable:
    """Turn the OSErrors of the tree and the handles into FUSE replies (errno only)."""

    async def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except pyfuse3.FUSEError:
            raise
        except OSError as e:
            raise pyfuse3.FUSEError(e.errno or errno.EIO) from None
        except SdxError as e:
            print(f"devices: {e}", file=sys.stderr, flush=True)
            raise pyfuse3.FUSEError(errno.EIO) from None

    wrapper.__name__ = fn.__name__
    return wrapper


class DeviceOperations(pyfuse3.Operations):
    """FUSE requests on the device tree. Runs on the one trio thread; handlers never block long
    except in the backend's I/O (which is the point: one request at a time, no hand-off cost)."""

    def __init__(self, ws: Workspace, *, gid: int = 0) -> None:
        super().__init__()
        self.ws = ws
        self.tree = DeviceTree(ws)
        self.handles = Handles(ws, SOURCE)
        self.gid = gid
        self.started_ns = time.time_ns()

    # -- attributes -------------------------------------------------------------------------------
    def _attrs(self, node: Node) -> pyfuse3.EntryAttributes:
        a = pyfuse3.EntryAttributes()
        a.st_ino = node.inode
        a.generation = 0
        a.entry_timeout = TIMEOUT
        a.attr_timeout = TIMEOUT
        if node.is_dir:
            a.st_mode = stat.S_IFDIR | 0o755
            a.st_nlink = 2
            a.st_gid = 0
        else:
            a.st_mode = stat.S_IFREG | (0o660 if self.gid else 0o600)
            a.st_nlink = 1
            a.st_gid = self.gid
        a.st_uid = 0
        a.st_size = node.size
        a.st_blksize = 4096
        a.st_blocks = node.size // 512
        a.st_atime_ns = a.st_mtime_ns = a.st_ctime_ns = self.started_ns
        return a

    def _node(self, inode: int) -> Node:
        node = self.tree.node(inode)
        if node is None:
            raise OSError(errno.ENOENT, "no such device")
        return node

    @_fuse_errors
    def lookup(self, parent_inode, name, ctx=None):
        node = self.tree.lookup(parent_inode, os.fsdecode(name))
        if node is None:
            raise OSError(errno.ENOENT, "no such device")
        return self._attrs(node)

    @_fuse_errors
    def getattr(self, inode, ctx=None):
        return self._attrs(self._node(inode))

    @_fuse_errors
    def setattr(self, inode, attr, fields, fh, ctx):
        node = self._node(inode)
        if fields.update_mode or fields.update_uid or fields.update_gid:
            raise OSError(errno.EPERM, "the owner and mode of a device are fixed")
        if fields.update_size and attr.st_size != node.size:
            raise OSError(errno.EPERM, "a device cannot be truncated")
        return self._attrs(node)  # times (touch): nothing to change, as on a block device

    @_fuse_errors
    def statfs(self, ctx):
        s = pyfuse3.StatvfsData()
        s.f_bsize = s.f_frsize = 4096
        s.f_blocks = sum(n.size for n in self.tree.files()) // 4096
        s.f_bfree = s.f_bavail = 0
        s.f_files = len(self.tree.files())
        s.f_ffree = s.f_favail = 0
        s.f_namemax = 65
        return s

    # -- directories ------------------------------------------------------------------------------
    @_fuse_errors
    def opendir(self, inode, ctx):
        if not self._node(inode).is_dir:
            raise OSError(errno.ENOTDIR, "not a directory")
        return inode

    @_fuse_errors
    def readdir(self, fh, start_id, token):
        for i, child in enumerate(self.tree.children(fh)):
            if i < start_id:
                continue
            if not pyfuse3.readdir_reply(token, os.fsencode(child.parts[-1]), self._attrs(child), i + 1):
                break

    @_fuse_errors
    def releasedir(self, fh):
        return None

    # -- files ------------------------------------------------------------------------------------
    @_fuse_errors
    def open(self, inode, flags, ctx):
        node = self._node(inode)
        if node.is_dir:
            raise OSError(errno.EISDIR, "is a directory")
        # O_TRUNC is ignored, as a block device ignores it (`dd of=...` opens with it).
        fh = self.handles.open(node, open_flags_writable(flags))
        return pyfuse3.FileInfo(fh=fh, direct_io=True, keep_cache=False)

    @_fuse_errors
    def read(self, fh, off, size):
        return self.handles.read(fh, off, size)

    @_fuse_errors
    def write(self, fh, off, buf):
        return self.handles.write(fh, off, buf)

    @_fuse_errors
    def fsync(self, fh, datasync):
        self.handles.fsync(fh)

    @_fuse_errors
    def flush(self, fh):
        return None

    @_fuse_errors
    def release(self, fh):
        self.handles.release(fh)

    # -- what a device tree never does ----------------------------------------------------------
    async def _refuse(self, *args, **kwargs):
        raise pyfuse3.FUSEError(errno.EPERM)

    create = mknod = mkdir = symlink = link = unlink = rmdir = rename = _refuse
    setxattr = removexattr = _refuse


async def _serve(ops: DeviceOperations, one_reader: bool) -> None:
    async with trio.open_nursery() as nursery:
        # One reader task suffices when fastloop replaced the wait: no handler ever awaits.
        nursery.start_soon(functools.partial(pyfuse3.main, min_tasks=1, max_tasks=1) if one_reader else pyfuse3.main)
        with trio.open_signal_receiver(signal.SIGTERM, signal.SIGINT, signal.SIGUSR1) as signals:
            async for signum in signals:
                if signum == signal.SIGUSR1 or not len(ops.handles):
                    break  # SIGUSR1: `devices down --force` (file systems and loops are gone already)
                print(f"devices: in use ({', '.join(ops.handles.in_use())}): not stopping; "
                      "use 'gdsview devices down --force'", file=sys.stderr, flush=True)
        pyfuse3.terminate()
        nursery.cancel_scope.cancel()


def serve(ws: Workspace, mountpoint: str, *, gid: int, ready: Callable[[str], None]) -> int:
    """Mount the tree at ``mountpoint`` and serve until told to stop; ``ready`` gets "ready" or "error ..."."""
    server_lock = control.server_lock(ws)
    try:
        server_lock.acquire()
    except BusyError:
        ready("error a device server is already running for this workspace")
        return 1
    holder = None
    created = False
    mounted = False
    ops = None
    try:
        holder = control.claim_mountpoint(ws, mountpoint)
        if os.path.ismount(mountpoint) or control.is_stale_mount(mountpoint):
            raise SdxError("something is mounted there already (a device server that died?): "
                           "run 'gdsview devices down --force'", mountpoint)
        if not os.path.isdir(mountpoint):
            os.makedirs(mountpoint, mode=0o755)
            created = True
        for result in recover_all(ws, source=SOURCE):  # writes in flight when a server was killed
            if result.regions or result.left:
                print(f"devices: {result.describe()}", file=sys.stderr, flush=True)
        ops = DeviceOperations(ws, gid=gid)
        ops.handles.clear_stale_locks()
        options = {"fsname=gdsview", "subtype=gdsview", "default_permissions"}
        if os.geteuid() == 0:
            options.add("allow_other")  # other users get EACCES from the mode bits, root reads and writes
        pyfuse3.init(ops, mountpoint, options)
        mounted = True
        one_reader = fastloop.install()
        control.write_state(ws, pid=os.getpid(), mountpoint=mountpoint, created=created)
        ready("ready")
        trio.run(_serve, ops, one_reader)
        return 0
    except SdxError as e:
        ready(f"error {e}")
        return 1
    except (OSError, RuntimeError) as e:
        ready(f"error cannot mount the device tree at {mountpoint}: {e}")
        return 1
    finally:
        if ops is not None:
            ops.handles.close_all()
        if mounted:
            pyfuse3.close(unmount=True)
        if created:
            try:
                os.rmdir(mountpoint)
            except OSError:
                pass
        control.clear_state(ws)
        if holder is not None:
            holder.release()
        server_lock.release()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gdsview-devices")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--mountpoint", required=True)
    parser.add_argument("--gid", type=int, default=0, help="group allowed to read and write the devices")
    parser.add_argument("--ready-fd", type=int, default=None)
    args = parser.parse_args(argv)
    said = False

    def ready(text: str) -> None:
        nonlocal said
        if args.ready_fd is None:
            print(text, flush=True)
            return
        if not said:
            said = True
            os.write(args.ready_fd, (text + "\n").encode())
            os.close(args.ready_fd)

    ws = Workspace(args.workspace)
    try:
        return serve(ws, args.mountpoint, gid=args.gid, ready=ready)
    finally:
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
