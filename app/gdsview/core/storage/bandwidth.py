"""Disk speed: each physical disk image serves its I/O at a bandwidth, as a real disk does.

A disk image is a file in the page cache, served at gigabytes a second; a real disk is not. Each
physical disk may have a **speed** (bytes a second, or unlimited): every read, write and copy
of its image, in every process using the workspace, is paced so that the disk as a whole moves
no more than that. The training lab's disks run at :data:`DEFAULT_SPEED`, like a real disk,
so synchronization copying takes a while; tests and benchmarks use unlimited disks.

One small file per disk, ``state/bandwidth/<disk>.bucket``, holds both the configured speed and
the pacing state: ``(speed, busy_until)``, two doubles. ``busy_until`` is the moment (on the
system-wide monotonic clock) the disk finishes the I/O already asked of it. Asking for ``n``
bytes takes the file's lock (``flock``, plus a thread lock: threads of one process share the
descriptor), moves ``busy_until`` to ``max(busy_until, now - BURST_S) + n / speed`` and, once the
lock is released, sleeps until then: the request completes when the disk would have served it,
whoever else is using the disk (a disk idle for a moment has served a little ahead: ``BURST_S``).
A disk with no file, or a speed of 0, is unlimited. Waits shorter than :data:`MIN_SLEEP_S` are
not slept but carried as the disk's debt, so 4 KiB writes cost no sleep each while their total
is still paced.

Why a shared file rather than a bucket per process: a copy worker process, the GUI's service
thread and an ``sdx*`` command may use the same disk at once, and a real disk's bandwidth is
shared by all of them. The file is the only state every process sees without a server.
"""

from __future__ import annotations

import fcntl
import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import SdxError
from ..names import MiB, parse_size

DEFAULT_SPEED = 180 * MiB  # a real disk's sequential rate (150-200 MiB/s)
MIN_SPEED = 1 * MiB
MAX_SPEED = 100 * (1 << 30)
MIN_SLEEP_S = 0.002
#: The disk's idle time credited back (its queue and read-ahead): a stream that computes between its
#: requests (a backup hashing each chunk) still gets the disk's rate, and a burst is no longer than this.
BURST_S = 0.05
MAX_DEBT_S = 60.0  # a busy_until further ahead is stale (the monotonic clock restarted at a boot)
RECHECK_S = 1.0  # how long "no file" / the file's identity is trusted before looking again
DIR_NAME = "bandwidth"
UNLIMITED_WORDS = ("unlimited", "none", "0")

_STATE = struct.Struct("<dd")  # speed (bytes/s, 0 = unlimited), busy_until (monotonic seconds)


def speed_dir(root: Path) -> Path:
    return Path(root) / "state" / DIR_NAME


def bucket_path(root: Path, device: str) -> Path:
    return speed_dir(root) / f"{device}.bucket"


def parse_speed(text: str) -> int | None:
    """``180M``, ``1G`` (bytes a second; a bare number is MiB/s) or ``unlimited`` (None)."""
    if text.strip().lower() in UNLIMITED_WORDS:
        return None
    try:
        value = parse_size(text.strip().removesuffix("/s"), default_unit=MiB)
    except SdxError:
        raise SdxError(f"invalid speed '{text}': use a rate such as 180M (MiB/s), 1G, or unlimited") from None
    check_speed(value)
    return value


def check_speed(value: int | None) -> None:
    if value is not None and not MIN_SPEED <= value <= MAX_SPEED:
        raise SdxError(f"disk speed must be between {MIN_SPEED // MiB} MiB/s and {MAX_SPEED >> 30} GiB/s, "
                       "or unlimited")


def format_speed(value: int | None) -> str:
    """``180 MiB/s`` or ``unlimited`` (as ``gdsview disk list`` prints it)."""
    if value is None:
        return "unlimited"
    if value % (1 << 30) == 0:
        return f"{value >> 30} GiB/s"
    return f"{value / MiB:g} MiB/s"


def read_speed(root: Path, device: str) -> int | None:
    """The configured speed of a physical disk (None: unlimited)."""
    try:
        data = bucket_path(root, device).read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < _STATE.size:
        return None
    speed = _STATE.unpack_from(data)[0]
    return int(speed) if speed > 0 else None


def read_speeds(root: Path) -> dict[str, int]:
    """Every limited disk's speed, by physical disk name (one listing of the folder)."""
    found: dict[str, int] = {}
    try:
        entries = list(os.scandir(speed_dir(root)))
    except FileNotFoundError:
        return found
    for entry in entries:
        if entry.name.endswith(".bucket"):
            speed = read_speed(root, entry.name[: -len(".bucket")])
            if speed is not None:
                found[entry.name[: -len(".bucket")]] = speed
    return found


def write_speed(root: Path, device: str, speed: int | None) -> None:
    """Set a disk's speed; every process using the disk paces by it within a second (RECHECK_S)."""
    check_speed(speed)
    path = bucket_path(root, device)
    path.parent.mkdir(parents=True, exist_ok=True)
    bucket = _bucket(path)
    with bucket.locked(recheck=True) as fd:
        if fd is None:
            fd = bucket.create()
        _, busy = bucket.read(fd)
        os.pwrite(fd, _STATE.pack(float(speed or 0), busy), 0)


def remove_speed(root: Path, device: str) -> None:
    bucket_path(root, device).unlink(missing_ok=True)


class _Bucket:
    """One disk's pacing file, shared by every thread of this process (see :func:`_bucket`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.ino: int | None = None
        self.checked = -RECHECK_S
        self.lock = threading.Lock()

    def _current_fd(self, recheck: bool = False) -> int | None:
        """The open file, re-checked now and then: it may have been made, or replaced (lab reset)."""
        now = time.monotonic()
        if not recheck and now - self.checked < RECHECK_S:
            return self.fd
        self.checked = now
        try:
            ino = os.stat(self.path).st_ino
        except FileNotFoundError:
            ino = None
        if ino != self.ino:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None
            if ino is not None:
                try:
                    self.fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
                except FileNotFoundError:
                    ino = None
            self.ino = ino
        return self.fd

    def create(self) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.ino, self.checked = fd, os.fstat(fd).st_ino, time.monotonic()
        return fd

    def read(self, fd: int) -> tuple[float, float]:
        data = os.pread(fd, _STATE.size, 0)
        return _STATE.unpack(data) if len(data) == _STATE.size else (0.0, 0.0)

    @contextmanager
    def locked(self, recheck: bool = False) -> Iterator[int | None]:
        """This process's thread lock, then the file's lock (if there is a file): yields its fd or None."""
        with self.lock:
            fd = self._current_fd(recheck)
            if fd is None:
                try:
                    yield None
                finally:
                    if self.fd is not None:  # create() made (and locked) it meanwhile
                        fcntl.flock(self.fd, fcntl.LOCK_UN)
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield fd
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def reserve(self, nbytes: int) -> float:
        """Book ``nbytes`` of the disk's time; returns when (monotonic) they are served."""
        with self.locked() as fd:
            if fd is None:
                return 0.0
            speed, busy = self.read(fd)
            if speed <= 0:
                return 0.0
            now = time.monotonic()
            if busy > now + MAX_DEBT_S:
                busy = now
            done = max(busy, now - BURST_S) + nbytes / speed
            os.pwrite(fd, _STATE.pack(speed, done), 0)
            return done


_buckets: dict[Path, _Bucket] = {}
_buckets_lock = threading.Lock()


def _bucket(path: Path) -> _Bucket:
    with _buckets_lock:
        bucket = _buckets.get(path)
        if bucket is None:
            bucket = _buckets[path] = _Bucket(path)
        return bucket


class DiskPacer:
    """Paces the I/O of one workspace's disk images (what :class:`~.images.ImageFiles` calls).

    Any thread may call it. ``take(device, n)`` returns once the disk has served ``n`` more
    bytes; ``take_both`` books a copy's read and write on their two disks at once and waits for
    the later, as two disks working side by side would.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._paths: dict[str, Path] = {}

    def _for(self, device: str) -> _Bucket:
        path = self._paths.get(device)
        if path is None:
            path = self._paths[device] = bucket_path(self.root, device)
        return _bucket(path)

    def take(self, device: str, nbytes: int) -> None:
        _wait_until(self._for(device).reserve(nbytes))

    def take_both(self, src: str, dst: str, nbytes: int) -> None:
        _wait_until(max(self._for(src).reserve(nbytes), self._for(dst).reserve(nbytes)))


def _wait_until(deadline: float) -> None:
    delay = deadline - time.monotonic()
    if delay >= MIN_SLEEP_S:
        time.sleep(delay)


__all__ = ["DEFAULT_SPEED", "DiskPacer", "parse_speed", "format_speed", "read_speed", "read_speeds", "write_speed",
           "remove_speed", "check_speed"]
