"""The one door to the files that hold a volume's data: disk images and JRM maps.

Every ``pwrite``, ``fdatasync``/``fsync``, ``ftruncate``, hole punch, creating open, ``rename``,
``link`` and ``unlink`` of an image or a map goes through this module (:mod:`images` and
:mod:`jrm` call nothing else to change those files). Two things hang on that:

* **Group commit** (:func:`sync_shared`): threads that need the same file durable share one
  ``fdatasync``. A caller is served by a sync that *started* after it asked, so every write it
  completed before asking is covered; callers arriving while a sync runs wait for it to end and
  then one of them starts the next sync for all of them (as a database's group commit does).
* **Recording** (tests only): a :class:`Recorder` installed with :func:`install` sees every such
  operation, in an order that is a valid history of the file system (each operation and its
  record happen under the recorder's lock; a sync is recorded as a begin before the system call
  and an end after it). The power-cut simulator in ``tests/reliability`` builds from that history
  the on-disk states a power failure could leave. The configuration database reports its commits
  here too (:func:`committing`), and test workloads add their own notes (:func:`note`). With no
  recorder every function is the bare system call plus one global read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_FALLOC_FL_KEEP_SIZE = 0x01
_FALLOC_FL_PUNCH_HOLE = 0x02
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_fallocate = getattr(_libc, "fallocate", None)
if _fallocate is not None:
    _fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]


class Recorder:
    """Sees the I/O of this process on images and maps (tests only). Every method is called with
    :attr:`lock` held, right after (``sync_end``: after; ``sync_begin``: before) the operation."""

    def __init__(self) -> None:
        self.lock = threading.RLock()

    def opened(self, path: str, fd: int, created: bool, truncated: bool) -> None: ...
    def wrote(self, fd: int, offset: int, data: bytes) -> None: ...
    def truncated(self, fd: int, size: int) -> None: ...
    def punched(self, fd: int, offset: int, length: int) -> None: ...
    def sync_begin(self, fd: int, *, data_only: bool, path: str | None = None) -> Any: ...
    def sync_end(self, token: Any) -> None: ...
    def renamed(self, src: str, dst: str) -> None: ...
    def linked(self, src: str, dst: str) -> None: ...
    def unlinked(self, path: str) -> None: ...
    def commit_begin(self, db_path: str) -> None: ...
    def commit_end(self, db_path: str, conn: Any) -> None: ...
    def commit_failed(self, db_path: str) -> None: ...
    def note(self, kind: str, info: dict) -> None: ...


_recorder: Recorder | None = None


def install(recorder: Recorder | None) -> None:
    """Install (or with None remove) the recorder of this process."""
    global _recorder
    _recorder = recorder


# -- files -------------------------------------------------------------------------------------
def open_file(path: str | os.PathLike[str], flags: int, mode: int = 0o644) -> int:
    rec = _recorder
    if rec is None:
        return os.open(path, flags, mode)
    with rec.lock:
        existed = os.path.lexists(path)
        fd = os.open(path, flags, mode)
        rec.opened(os.fspath(path), fd, created=not existed, truncated=existed and bool(flags & os.O_TRUNC))
        return fd


def pwrite(fd: int, data: bytes | memoryview, offset: int) -> int:
    rec = _recorder
    if rec is None:
        return os.pwrite(fd, data, offset)
    with rec.lock:
        n = os.pwrite(fd, data, offset)
        rec.wrote(fd, offset, bytes(memoryview(data)[:n]))
        return n


def write_all(fd: int, data: bytes | memoryview, offset: int) -> None:
    view = memoryview(data)
    done = 0
    while done < len(view):
        done += pwrite(fd, view[done:], offset + done)


def ftruncate(fd: int, size: int) -> None:
    rec = _recorder
    if rec is None:
        os.ftruncate(fd, size)
        return
    with rec.lock:
        os.ftruncate(fd, size)
        rec.truncated(fd, size)


def punch_hole(fd: int, offset: int, length: int) -> bool:
    """Free ``length`` bytes at ``offset`` (they read as zeros); False where the file system cannot."""
    if _fallocate is None or not length:
        return not length
    rec = _recorder
    if rec is None:
        return _fallocate(fd, _FALLOC_FL_PUNCH_HOLE | _FALLOC_FL_KEEP_SIZE, offset, length) == 0
    with rec.lock:
        if _fallocate(fd, _FALLOC_FL_PUNCH_HOLE | _FALLOC_FL_KEEP_SIZE, offset, length) != 0:
            return False
        rec.punched(fd, offset, length)
        return True


def fdatasync(fd: int) -> None:
    _sync(fd, os.fdatasync, True)


def fsync(fd: int) -> None:
    _sync(fd, os.fsync, False)


def _sync(fd: int, call: Callable[[int], None], data_only: bool, path: str | None = None) -> None:
    rec = _recorder
    if rec is None:
        call(fd)
        return
    with rec.lock:
        token = rec.sync_begin(fd, data_only=data_only, path=path)
    call(fd)  # outside the lock: other threads go on while the disk works (what group commit needs)
    with rec.lock:
        rec.sync_end(token)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make the names in a directory durable (a new, renamed or removed file)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _sync(fd, os.fsync, False, os.fspath(path))
    finally:
        os.close(fd)


# -- names -------------------------------------------------------------------------------------
def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    rec = _recorder
    if rec is None:
        os.rename(src, dst)
        return
    with rec.lock:
        os.rename(src, dst)
        rec.renamed(os.fspath(src), os.fspath(dst))


def link(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    rec = _recorder
    if rec is None:
        os.link(src, dst)
        return
    with rec.lock:
        os.link(src, dst)
        rec.linked(os.fspath(src), os.fspath(dst))


def unlink(path: str | os.PathLike[str], missing_ok: bool = True) -> None:
    rec = _recorder
    try:
        if rec is None:
            os.unlink(path)
            return
        with rec.lock:
            os.unlink(path)
            rec.unlinked(os.fspath(path))
    except FileNotFoundError:
        if not missing_ok:
            raise


def replace_durably(tmp: Path, path: Path) -> None:
    """``rename`` a file whose content is already durable into place, and make the new name durable."""
    rename(tmp, path)
    fsync_dir(path.parent)


# -- what the database and the tests report ----------------------------------------------------
@contextmanager
def committing(db_path: str, conn: Any) -> Iterator[None]:
    """Around a database COMMIT: a recorder sees it as one step, with the database as it stands after."""
    rec = _recorder
    if rec is None:
        yield
        return
    with rec.lock:  # nothing else is recorded between the commit and its snapshot
        rec.commit_begin(db_path)
        try:
            yield
        except BaseException:
            rec.commit_failed(db_path)
            raise
        rec.commit_end(db_path, conn)


def note(kind: str, **info: Any) -> None:
    """A test workload's own mark in the recorded history (a write acknowledged, a flush done)."""
    rec = _recorder
    if rec is not None:
        with rec.lock:
            rec.note(kind, info)


# -- group commit ------------------------------------------------------------------------------
class SyncPoint:
    """Group commit for one file: see :func:`sync_shared`. One per inode in this process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._started = 0  # syncs started so far (they run one at a time)
        self._completed = 0  # the number of the last sync that returned
        self._running = False
        self.syncs = 0  # fdatasync calls made (for tests and benchmarks)

    def sync(self, fd: int) -> None:
        with self._cond:
            need = self._started + 1  # a sync running now began before this call: it may miss our writes
            while self._completed < need:
                if self._running:
                    self._cond.wait()
                    continue
                self._running = True
                self._started += 1
                mine = self._started
                self._cond.release()
                try:
                    fdatasync(fd)
                finally:
                    self._cond.acquire()
                    self._running = False
                    self._cond.notify_all()
                self._completed = mine
                self.syncs += 1


_points: weakref.WeakValueDictionary[tuple[int, int], SyncPoint] = weakref.WeakValueDictionary()
_points_lock = threading.Lock()


def sync_point(fd: int) -> SyncPoint:
    """The process's group-commit point of the file open as ``fd`` (keep a reference while it is used)."""
    st = os.fstat(fd)
    key = (st.st_dev, st.st_ino)
    with _points_lock:
        point = _points.get(key)
        if point is None:
            point = _points[key] = SyncPoint()
        return point


def sync_shared(fd: int, point: SyncPoint | None = None) -> None:
    """fdatasync ``fd``, or wait for a sync of the same file that another thread started after this call."""
    (point or sync_point(fd)).sync(fd)
