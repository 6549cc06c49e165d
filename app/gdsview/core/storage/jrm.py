"""JRM maps: which regions of a slice may differ from the volume and must be copied.

One map file per slice, one byte per region (a byte, not a bit, so that marking and clearing are
single atomic ``pwrite`` calls that never race with a neighbour's). A region's byte is set
*before* the write it covers, as md's write-intent bitmap does, so a crash at any moment leaves
a map that over-approximates the difference, never under-approximates it. The header names the
slice row and the geometry; a map whose header does not match, or that is missing, is not
trusted, and the caller must copy the whole slice.

**Power cuts.** "Before" must hold on the disk, not only in the page cache: the writer marks,
calls :meth:`JrmMap.sync` (one ``fdatasync``, shared by concurrent writers: group commit, see
:mod:`fileio`), and only then issues the write. :meth:`JrmMap.intend` remembers the regions this
map object has seen durably marked, so a region already marked costs no further sync. New maps
are written, synced and renamed into place, and the directory is synced, before the
configuration change that relies on them commits.

The volume's own map (``state/jrm/volume-<id>.map``, see :mod:`gdsview.core.engine.healing`)
uses a third value, :data:`WRITTEN`, and the header's boot id: see there.
"""

from __future__ import annotations

import os
import re
import struct
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from . import fileio

MAGIC = b"GDSVJRM1"
_HEADER = struct.Struct("<8sIQQ")  # magic, region size, region count, slice (or volume) id
_BOOT_AT = _HEADER.size  # then the boot id the map was stamped in (16 bytes; zeros in older maps)
HEADER_SIZE = 64
REGION_SIZE = 1 << 20
CLEAN, DIRTY = b"\x00", b"\x01"
#: Volume maps only: the region was written to every slice, the data may not be durable yet.
WRITTEN = b"\x02"
_MARKED = re.compile(rb"[^\x00]+")

_boot_id: bytes | None = None
_boot_override: bytes | None = None


def boot_id() -> bytes:
    """This boot of the machine (16 bytes; all ones when the kernel does not say)."""
    global _boot_id
    if _boot_override is not None:
        return _boot_override
    if _boot_id is None:
        try:
            _boot_id = uuid.UUID(Path("/proc/sys/kernel/random/boot_id").read_text().strip()).bytes
        except (OSError, ValueError):
            _boot_id = b"\xff" * 16  # unknown: never equal to a stamp, so every map looks foreign
    return _boot_id


def simulate_reboot(new_id: bytes | None) -> None:
    """Tests only: pretend the machine rebooted (a power-cut simulator's restart); None undoes it."""
    global _boot_override
    _boot_override = new_id


def _header(owner_id: int, regions: int) -> bytes:
    head = _HEADER.pack(MAGIC, REGION_SIZE, regions, owner_id) + boot_id()
    return head.ljust(HEADER_SIZE, b"\0")


def _write_new(tmp: Path, owner_id: int, regions: int, fill: bytes) -> int:
    """A new map file at ``tmp``, its content durable; returns its descriptor."""
    fd = fileio.open_file(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        fileio.write_all(fd, _header(owner_id, regions) + fill * regions, 0)
        fileio.fsync(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def region_runs(regions: list[int]) -> list[tuple[int, int]]:
    """Sorted region numbers as runs of consecutive ones: ``(first, count)``."""
    runs: list[tuple[int, int]] = []
    for r in regions:
        if runs and runs[-1][0] + runs[-1][1] == r:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((r, 1))
    return runs


class JrmMap:
    """The dirty-region map of one slice. Every update is one positioned write.

    :meth:`intend` and :meth:`sync` keep per-object state: use one object per thread (a Device's).
    """

    def __init__(self, path: Path, fd: int, regions: int) -> None:
        self.path = path
        self.fd = fd
        self.regions = regions
        self._point = fileio.sync_point(fd)
        self._known = bytearray(regions)  # 1: seen durably marked through this object
        self._unsynced: list[tuple[int, int]] = []

    @classmethod
    def create(cls, path: Path, slice_id: int, regions: int, *, dirty: bool) -> JrmMap:
        """Write a new map (all dirty or all clean) atomically and durably under ``path``."""
        tmp = path.with_name(path.name + ".new")
        fd = _write_new(tmp, slice_id, regions, DIRTY if dirty else CLEAN)
        try:
            fileio.replace_durably(tmp, path)
        except BaseException:
            os.close(fd)
            fileio.unlink(tmp)
            raise
        return cls(path, fd, regions)

    @classmethod
    def open_or_create(cls, path: Path, owner_id: int, regions: int) -> JrmMap | None:
        """Open the map, creating it all clean if it is missing; None when a map is there but not trusted.

        Safe when several processes race to create it: the new file is linked under ``path`` only
        if nobody did so first (never replacing a map another process is already marking).
        """
        jmap = cls.open(path, owner_id, regions)
        if jmap is not None or path.exists():
            return jmap
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = _write_new(tmp, owner_id, regions, CLEAN)
        try:
            try:
                fileio.link(tmp, path)
            except FileExistsError:
                os.close(fd)
                return cls.open(path, owner_id, regions)
            fileio.fsync_dir(path.parent)
        except BaseException:
            os.close(fd)
            raise
        finally:
            fileio.unlink(tmp)
        return cls(path, fd, regions)

    @classmethod
    def open(cls, path: Path, slice_id: int, regions: int) -> JrmMap | None:
        """Open an existing map, or None when it is missing or cannot be trusted."""
        try:
            fd = fileio.open_file(path, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        try:
            head = os.pread(fd, _HEADER.size, 0)
            size = os.fstat(fd).st_size
        except OSError:
            os.close(fd)
            return None
        if (
            len(head) != _HEADER.size
            or _HEADER.unpack(head) != (MAGIC, REGION_SIZE, regions, slice_id)
            or size != HEADER_SIZE + regions
        ):
            os.close(fd)
            return None
        return cls(path, fd, regions)

    # -- the boot the map belongs to (volume maps) ------------------------------------------------
    def stamped_this_boot(self) -> bool:
        return os.pread(self.fd, 16, _BOOT_AT) == boot_id()

    def stamp_boot(self) -> None:
        """Record (durably) that the map's marks are this boot's from now on."""
        fileio.write_all(self.fd, boot_id(), _BOOT_AT)
        self.sync()

    # -- marks -----------------------------------------------------------------------------------
    def mark(self, first: int, count: int) -> bool:
        """Set regions dirty before they are written (skips the write when already set); True if written."""
        current = os.pread(self.fd, count, HEADER_SIZE + first)
        if current.count(DIRTY) != count:
            fileio.write_all(self.fd, DIRTY * count, HEADER_SIZE + first)
            return True
        return False

    def intend(self, first: int, count: int, ahead: int = 0) -> bool:
        """Mark regions about to be written; True when :meth:`sync` must run before the write is issued.

        False only for regions this object has already seen durably marked (a hot region).
        ``ahead``: mark that many regions after them too, in the same sync (a sequential stream's
        next regions; an over-approximation, as every mark is).
        """
        if self._known.count(1, first, first + count) == count:
            return False
        count = min(self.regions - first, count + ahead)
        self.mark(first, count)  # set, or already set by someone whose sync we cannot vouch for
        self._unsynced.append((first, count))
        return True

    def sync(self) -> None:
        """Make every mark made so far durable (group commit with the other threads of this process)."""
        pending, self._unsynced = self._unsynced, []
        fileio.sync_shared(self.fd, self._point)
        for first, count in pending:
            self._known[first : first + count] = b"\x01" * count

    def values(self, first: int, count: int) -> bytes:
        return os.pread(self.fd, count, HEADER_SIZE + first)

    def put(self, first: int, value: bytes) -> None:
        """Write ``value`` (one byte per region) from region ``first`` on."""
        fileio.write_all(self.fd, value, HEADER_SIZE + first)
        if 0 in value:
            for i in range(first, first + len(value)):
                if value[i - first] == 0:
                    self._known[i] = 0

    def clear(self, first: int, count: int) -> None:
        self.put(first, CLEAN * count)

    def any_dirty(self, first: int, count: int) -> bool:
        return self.values(first, count).count(0) != count

    def fill(self) -> None:
        fileio.write_all(self.fd, DIRTY * self.regions, HEADER_SIZE)

    def bitmap(self) -> bytes:
        return os.pread(self.fd, self.regions, HEADER_SIZE)

    def dirty_count(self) -> int:
        """Regions marked (any value but CLEAN)."""
        return self.regions - self.bitmap().count(0)

    def dirty_runs(self, max_run: int) -> Iterator[tuple[int, int]]:
        """Runs of consecutive marked regions as ``(first, count)``, each at most ``max_run`` long."""
        for run in _MARKED.finditer(self.bitmap()):
            for start in range(run.start(), run.end(), max_run):
                yield start, min(max_run, run.end() - start)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> JrmMap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
