"""Locks shared between threads and processes.

Region locks are Linux open-file-description (OFD) byte-range locks on a volume's lock file, one
byte per JRM region: each ``RegionLock`` opens its own description, so two threads of one process
exclude each other just as two processes do. Whole-volume state changes lock the full range.
"""

from __future__ import annotations

import errno
import fcntl
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BusyError

_FLOCK = "hhqqi4x"  # struct flock on Linux: l_type, l_whence, l_start, l_len, l_pid


class RegionLock:
    """Byte-range locks on one lock file; use one instance per thread."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)

    def _fcntl(self, kind: int, start: int, length: int, wait: bool = True) -> None:
        cmd = fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK
        fcntl.fcntl(self.fd, cmd, struct.pack(_FLOCK, kind, os.SEEK_SET, start, length, 0))

    @contextmanager
    def regions(self, first: int, count: int, exclusive: bool = True) -> Iterator[None]:
        self._fcntl(fcntl.F_WRLCK if exclusive else fcntl.F_RDLCK, first, count)
        try:
            yield
        finally:
            self._fcntl(fcntl.F_UNLCK, first, count)

    def lock(self, first: int, count: int, exclusive: bool = True) -> None:
        """What :meth:`regions` takes, without its context manager (the per-request I/O path)."""
        self._fcntl(fcntl.F_WRLCK if exclusive else fcntl.F_RDLCK, first, count)

    def try_lock(self, first: int, count: int) -> bool:
        """Take an exclusive lock on more regions if nobody else holds any of them (never waits)."""
        try:
            self._fcntl(fcntl.F_WRLCK, first, count, wait=False)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def unlock(self, first: int, count: int) -> None:
        if count > 0:
            self._fcntl(fcntl.F_UNLCK, first, count)

    @contextmanager
    def whole(self) -> Iterator[None]:
        """Exclusive over every region: waits for I/O in flight, holds off new I/O."""
        with self.regions(0, 0):
            yield

    def close(self) -> None:
        os.close(self.fd)


class OwnerLock:
    """An exclusive, non-blocking lock marking who owns a job (e.g. copying into a slice).

    The kernel drops it when the owner dies, so a crashed copy never leaves the slice locked.
    """

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 1, 0))
        except OSError:
            os.close(fd)
            raise BusyError(f"{self.what} is in progress in another process or thread") from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> OwnerLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_held(path: Path) -> bool:
    """True when some live thread or process holds the OwnerLock at ``path`` (takes nothing)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        probe = struct.pack(_FLOCK, fcntl.F_RDLCK, os.SEEK_SET, 0, 1, 0)
        kind = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_OFD_GETLK, probe))[0]
    finally:
        os.close(fd)
    return kind != fcntl.F_UNLCK
