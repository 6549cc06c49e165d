"""JRM maps: which regions of a slice may differ from the volume and must be copied.

One map file per slice, one byte per region (a byte, not a bit, so that marking and clearing are
single atomic ``pwrite`` calls that never race with a neighbour's). A region's byte is set
*before* the write it covers, as md's write-intent bitmap does, so a crash at any moment leaves
a map that over-approximates the difference, never under-approximates it. The header names the
slice row and the geometry; a map whose header does not match, or that is missing, is not
trusted, and the caller must copy the whole slice.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

MAGIC = b"GDSVJRM1"
_HEADER = struct.Struct("<8sIQQ")  # magic, region size, region count, slice id
HEADER_SIZE = 64
REGION_SIZE = 1 << 20
CLEAN, DIRTY = b"\x00", b"\x01"


class JrmMap:
    """The dirty-region map of one slice. Thread-safe: every update is one positioned write."""

    def __init__(self, path: Path, fd: int, regions: int) -> None:
        self.path = path
        self.fd = fd
        self.regions = regions

    @classmethod
    def create(cls, path: Path, slice_id: int, regions: int, *, dirty: bool) -> JrmMap:
        """Write a new map (all dirty or all clean) atomically under ``path``."""
        tmp = path.with_name(path.name + ".new")
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            header = _HEADER.pack(MAGIC, REGION_SIZE, regions, slice_id).ljust(HEADER_SIZE, b"\0")
            os.pwrite(fd, header + (DIRTY if dirty else CLEAN) * regions, 0)
            os.fsync(fd)
            os.rename(tmp, path)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
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
        import threading

        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            header = _HEADER.pack(MAGIC, REGION_SIZE, regions, owner_id).ljust(HEADER_SIZE, b"\0")
            os.pwrite(fd, header + CLEAN * regions, 0)
            os.fsync(fd)
            try:
                os.link(tmp, path)
            except FileExistsError:
                os.close(fd)
                return cls.open(path, owner_id, regions)
        except BaseException:
            os.close(fd)
            raise
        finally:
            tmp.unlink(missing_ok=True)
        return cls(path, fd, regions)

    @classmethod
    def open(cls, path: Path, slice_id: int, regions: int) -> JrmMap | None:
        """Open an existing map, or None when it is missing or cannot be trusted."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
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

    def mark(self, first: int, count: int) -> None:
        """Set regions dirty before they are written (skips the write when already set)."""
        current = os.pread(self.fd, count, HEADER_SIZE + first)
        if current.count(DIRTY) != count:
            os.pwrite(self.fd, DIRTY * count, HEADER_SIZE + first)

    def clear(self, first: int, count: int) -> None:
        os.pwrite(self.fd, CLEAN * count, HEADER_SIZE + first)

    def any_dirty(self, first: int, count: int) -> bool:
        return DIRTY in os.pread(self.fd, count, HEADER_SIZE + first)

    def fill(self) -> None:
        os.pwrite(self.fd, DIRTY * self.regions, HEADER_SIZE)

    def bitmap(self) -> bytes:
        return os.pread(self.fd, self.regions, HEADER_SIZE)

    def dirty_count(self) -> int:
        return self.bitmap().count(DIRTY)

    def dirty_runs(self, max_run: int) -> Iterator[tuple[int, int]]:
        """Runs of consecutive dirty regions as ``(first, count)``, each at most ``max_run`` long."""
        bits = self.bitmap()
        i, n = 0, len(bits)
        while i < n:
            i = bits.find(DIRTY, i)
            if i < 0:
                return
            end = bits.find(CLEAN, i)
            end = n if end < 0 else end
            for start in range(i, end, max_run):
                yield start, min(max_run, end - start)
            i = end

    def sync(self) -> None:
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> JrmMap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
