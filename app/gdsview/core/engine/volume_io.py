"""Reading and writing volumes and detached slices through their /dev/sfdsk paths.

A write to a volume goes to every ACTIVE and COPY slice, under the lock of the regions it covers.
The slice list is re-read under the lock whenever the database changed, so a write never misses a
slice that an attach or a copy has just brought in. All image I/O goes through ``ImageFiles``,
which applies the workspace's injected faults (:mod:`faults`).

**Ordering** (md's write-intent bitmap). Before the data is issued, the regions are recorded on
the disk, not only in the page cache: in the JRM map of every slice that misses the write
(detached with JRM on, or INVALID) and in the volume's own map, where the byte goes to INFLIGHT.
Each of those maps is synced first (one ``fdatasync``, shared by concurrent writers of this
process: group commit) unless the bytes were already durably marked, which is the case for a hot
region: a slice map region this device has already synced, a volume map region still WRITTEN
(see :mod:`healing`). After every slice has the data the byte becomes WRITTEN, and it stays so:
clearing is lazy. A region is cleared once it has been idle for :data:`CLEAR_IDLE` seconds
(checked at each write and flush), or when the device is closed, under the region's lock and
only after an ``fdatasync`` of every image it was written to. When the volume map needs a sync,
the clean regions of the same :data:`MARK_CHUNK`-region chunk are marked with it (md's bitmap
chunk). Slice maps decide what an attach copies, so they stay exact for random writes; a
sequential stream's next :data:`STREAM_AHEAD` regions are marked ahead with its current one. So
a stream pays one volume-map sync per 16 MiB chunk and, with a slice detached, one slice-map
sync per 8 MiB or so; random writes one sync per chunk (and per 1 MiB region of a detached
slice) they newly dirty; a region kept rewritten, nothing.

:meth:`Device.flush` (``fsync`` of the device server, ``gdsview dd conv=fsync``) makes every byte
written through the device durable on every slice it reached.

``GDSVIEW_TEST_NO_ORDERING=1`` (tests only, read once at import) skips the map syncs before the
data: the power-cut simulator's self-test proves it then finds a lost region.
"""

from __future__ import annotations

import os
import sqlite3
import time

from ..errors import DeviceError, SdxError
from ..model import AccessMode, SliceState, slice_status
from ..names import DevicePath, parse_device_path
from ..storage.images import ImageFiles, data_ranges, read_exact, write_all
from ..storage.jrm import CLEAN, DIRTY, REGION_SIZE, WRITTEN, JrmMap, region_runs
from ..storage.layout import SliceLayout, VolumeLayout, load_layout
from ..storage.locks import RegionLock
from ..storage.workspace import Workspace
from .crashpoints import crash_point
from .healing import heal_regions, recover_volume
from .node_access import check_node
from .slice_state import invalidate_slice

INFLIGHT = DIRTY
#: Seconds a region must stay unwritten before its volume-map byte is cleared (md's daemon_sleep).
CLEAR_IDLE = 2.0
#: Regions marked together in the volume map when one of them is newly dirtied (md's bitmap chunk: 16 MiB).
MARK_CHUNK = 16
#: At most this many regions past a sequential stream's write are marked ahead in slice maps.
STREAM_AHEAD = 8
NO_ORDERING_ENV = "GDSVIEW_TEST_NO_ORDERING"
ORDERING = os.environ.get(NO_ORDERING_ENV) != "1"
_WRITE_STATES = (SliceState.ACTIVE, SliceState.COPY)


class Device:
    """An open volume or detached slice. Not shared between threads: open one per thread."""

    def __init__(self, ws: Workspace, path: DevicePath, writable: bool, source: str = "gdsview") -> None:
        self.ws = ws
        self.path = path
        self.writable = writable
        self.source = source
        self._store = ws.store
        self._version = -1
        self._maps: dict[int, JrmMap] = {}
        self._vmap: JrmMap | None = None
        self._volume_id: int | None = None
        self._written: dict[int, float] = {}  # regions this device left WRITTEN -> when last written
        self._next_sweep = 0.0
        self._last_region, self._streak = -2, 0  # the stream detector of _stream_ahead
        self._checked_layout: VolumeLayout | None = None  # the last layout _check_io let through, and where
        self._checked_node = ""
        self._layout = self._load()
        self._volume_id = self._layout.id
        self._check_open(self._layout)
        self.size = self._layout.size
        self._lock = RegionLock(ws.volume_lock_path(self._layout.id))
        self._images = ImageFiles(ws.disks_dir)
        if writable and path.disk is None:
            vmap = JrmMap.open_or_create(ws.volume_jrm_path(self._layout.id), self._layout.id, self._layout.regions)
            stale = vmap is None or not vmap.stamped_this_boot()
            if vmap is not None:
                vmap.close()
            if stale:
                # Damaged, or marked before a reboot (a power cut): heal before writing (healing.py).
                recover_volume(ws, path.class_name, path.volume, source=source)

    # -- state ------------------------------------------------------------------------------
    def _load(self) -> VolumeLayout:
        version = self._store.data_version()
        if version != self._version:
            with self._store.read() as conn:
                layout = load_layout(conn, self.path.class_name, self.path.volume)
            if self._volume_id is not None and layout.id != self._volume_id:
                # removed, and another volume made under the same name: other extent, other lock
                raise SdxError("volume was removed while open; open it again", self.path.object_name)
            self._layout = layout
            self._version = version
            # A detach (or a disk failure) replaces a slice's map file: marks must go to the new one.
            # So does healing a damaged volume map (it logs an event, which changes the version).
            self._close_maps()
        return self._layout

    def _target(self, layout: VolumeLayout) -> SliceLayout | None:
        return layout.slice(self.path.disk) if self.path.disk else None

    def _check_open(self, layout: VolumeLayout) -> None:
        check_node(layout, self.path, self.ws.node)  # the cluster: only where it runs, or where it is TEMP
        name = self.path.object_name
        target = self._target(layout)
        if target is None:
            if not layout.started:
                raise SdxError("volume is stopped: start it before opening it", name)
            if not layout.valid_slices():
                raise SdxError("volume has no valid slice (INVALID)", name)
            return
        if target.state is SliceState.TEMP_STOP:
            raise SdxError("slice is stopped (TEMP-STOP): its access path cannot be opened", name)
        if target.state is not SliceState.TEMP:
            status = slice_status(target.state, layout.started)
            raise SdxError(f"slice is not detached ({status}): no access path", name)
        if self.writable and target.access_mode is AccessMode.RO:
            raise SdxError("slice was detached read only: cannot open its access path for writing", name)

    def _check_io(self, layout: VolumeLayout) -> None:
        """:meth:`_check_open` before an I/O, done once per layout read (and node) rather than per request."""
        node = self.ws.node
        if layout is not self._checked_layout or node != self._checked_node:
            self._check_open(layout)
            self._checked_layout, self._checked_node = layout, node

    def _map(self, layout: VolumeLayout, s: SliceLayout) -> JrmMap | None:
        jmap = self._maps.get(s.id)
        if jmap is None:
            jmap = JrmMap.open(self.ws.jrm_map_path(s.id), s.id, layout.regions)
            if jmap is not None:
                self._maps[s.id] = jmap
        return jmap

    # -- I/O ----------------------------------------------------------------------------------
    def _span(self, offset: int, length: int) -> tuple[int, int]:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise SdxError(
                f"I/O beyond the end of the device ({offset}+{length} > {self.size} bytes)",
                self.path.object_name,
            )
        first = offset // REGION_SIZE
        last = (offset + max(length, 1) - 1) // REGION_SIZE
        return first, last - first + 1

    def pread(self, length: int, offset: int) -> bytes:
        first, count = self._span(offset, length)
        with self._lock.regions(first, count, exclusive=False):
            layout = self._load()
            self._check_io(layout)
            target = self._target(layout)
            sources = [target] if target else layout.valid_slices()
            last_error: OSError | None = None
            for s in sources:
                try:
                    return read_exact(self._images.io_fd(s.device, "read", layout.offset + offset, length), length,
                                      layout.offset + offset)
                except (OSError, SdxError) as e:
                    last_error = e if isinstance(e, OSError) else OSError(5, str(e))
                    if target is None:
                        self._fail_slice(layout, s, f"read error: {last_error.strerror}")
            raise DeviceError(
                f"read error on every valid slice: {last_error.strerror if last_error else 'none'}",
                self.path.object_name,
            )

    def data_ranges(self, offset: int = 0, length: int | None = None) -> list[tuple[int, int]]:
        """The (start, end) ranges of ``[offset, offset + length)`` of the device that may hold data;
        the rest reads as zeros (holes of the sparse images). For a volume, the union over its valid
        slices; for an access path, its slice's image. Taken under the regions' lock, like a read."""
        length = self.size - offset if length is None else length
        first, count = self._span(offset, length)
        with self._lock.regions(first, count, exclusive=False):
            layout = self._load()
            self._check_open(layout)
            target = self._target(layout)
            found: list[tuple[int, int]] = []
            for s in [target] if target else layout.valid_slices():
                found += data_ranges(self._images.fd(s.device), layout.offset + offset, length)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return [(start - layout.offset, end - layout.offset) for start, end in merged]

    def pwrite(self, data: bytes | memoryview, offset: int) -> int:
        if not self.writable:
            raise SdxError("device was opened read only", self.path.object_name)
        first, count = self._span(offset, len(data))
        self._lock.lock(first, count)  # (not regions(): its context manager costs ~2 us per request)
        try:
            layout = self._load()
            self._check_io(layout)
            target = self._target(layout)
            if target is not None:
                # A write through the access path makes the slice differ from the volume.
                if target.jrm and (jmap := self._map(layout, target)) is not None:
                    if jmap.intend(first, count) and ORDERING:
                        jmap.sync()
                write_all(self._images.io_fd(target.device, "write", layout.offset + offset, len(data)), data,
                          layout.offset + offset)
                return len(data)
            self._write_volume(layout, data, offset, first, count)
        finally:
            self._lock.unlock(first, count)
        self._sweep()
        return len(data)

    def _write_volume(self, layout: VolumeLayout, data: bytes | memoryview, offset: int, first: int,
                      count: int) -> None:
        vmap = self._volume_map(layout)
        before = vmap.values(first, count)
        if INFLIGHT[0] in before:
            # A writer died over these regions: make the slices equal there before writing.
            heal_regions(self.ws, layout, self._images, vmap, first, count, self.source, written="keep")
            layout = self._load()
            self._check_open(layout)
            vmap = self._volume_map(layout)
            before = vmap.values(first, count)
        ahead = self._stream_ahead(first, count)
        unsynced = [jmap for s in layout.slices
                    if s.tracks_changes() and (jmap := self._map(layout, s)) is not None
                    and jmap.intend(first, count, ahead)]
        chunk_marks: list[int] = []
        chunk = (first, first)
        if CLEAN[0] in before:  # WRITTEN -> INFLIGHT needs no sync: both are marks on the disk
            chunk_marks, chunk = self._mark_chunk(layout, vmap, first, count)
            unsynced.append(vmap)
        vmap.put(first, INFLIGHT * count)
        try:
            if ORDERING:
                for jmap in unsynced:
                    jmap.sync()
            for run_first, run_count in region_runs(chunk_marks):
                vmap.put(run_first, WRITTEN * run_count)  # durable marks now: safe to rely on
        finally:
            if chunk_marks:  # the rest of the chunk is free again (the write's own regions stay locked)
                self._lock.unlock(chunk[0], first - chunk[0])
                self._lock.unlock(first + count, chunk[1] - first - count)
        written = attempted = 0
        for s in layout.slices:
            if s.state not in _WRITE_STATES:
                continue
            try:
                write_all(self._images.io_fd(s.device, "write", layout.offset + offset, len(data)), data,
                          layout.offset + offset)
                written += s.state is SliceState.ACTIVE
            except (OSError, SdxError) as e:
                reason = e.strerror if isinstance(e, OSError) else e.text
                self._fail_slice(layout, s, f"write error: {reason}")
            attempted += 1
            if attempted == 1:
                crash_point("slice-write")
        if not written:
            raise DeviceError("write failed on every valid slice", self.path.object_name)
        vmap.put(first, WRITTEN * count)
        now = time.monotonic()
        for region in (*range(first, first + count), *chunk_marks):
            self._written[region] = now

    def _stream_ahead(self, first: int, count: int) -> int:
        """How many regions past this write to mark in slice maps: none for random writes; once the
        writes have crossed into the next region twice in a row (a stream), 4, then up to
        STREAM_AHEAD. Those marks cost at most STREAM_AHEAD regions of extra copying at the attach
        (where the stream stopped), and save a slice-map sync per region."""
        last = self._last_region
        if first == last + 1 or (first <= last < first + count - 1):
            self._streak += 1
        elif first != last:
            self._streak = 0
        self._last_region = first + count - 1
        return 0 if self._streak < 2 else min(STREAM_AHEAD, 1 << self._streak)

    def _mark_chunk(self, layout: VolumeLayout, vmap: JrmMap, first: int,
                    count: int) -> tuple[list[int], tuple[int, int]]:
        """Mark the clean regions of the write's MARK_CHUNK-region chunk(s) too, in the same sync.

        md's bitmap chunk: a stream then pays one map sync per chunk, not per region. Only when
        nobody else holds a lock in the chunk (never waits): the marks go INFLIGHT first, and
        WRITTEN once synced, so a writer dying in between leaves them for healing, and a WRITTEN
        byte is still always durable. Returns the regions marked and the chunk's range, whose
        locks are then held besides the write's own.
        """
        g0 = first // MARK_CHUNK * MARK_CHUNK
        g1 = min(layout.regions, -(-(first + count) // MARK_CHUNK) * MARK_CHUNK)
        end = first + count
        if (g0, g1) == (first, end):
            return [], (g0, g1)
        if first > g0 and not self._lock.try_lock(g0, first - g0):
            return [], (g0, g1)
        if end < g1 and not self._lock.try_lock(end, g1 - end):
            self._lock.unlock(g0, first - g0)
            return [], (g0, g1)
        values = vmap.values(g0, g1 - g0)
        ahead = [g0 + i for i, v in enumerate(values) if v == CLEAN[0] and not first <= g0 + i < end]
        for run_first, run_count in region_runs(ahead):
            vmap.put(run_first, INFLIGHT * run_count)
        if not ahead:
            self._lock.unlock(g0, first - g0)
            self._lock.unlock(end, g1 - end)
        return ahead, (g0, g1)

    def flush(self) -> None:
        """Make every byte written to the volume (through this device or any other, in any
        process: they share the page cache) durable on every ACTIVE slice, and on COPY ones.

        Slices whose image cannot be synced fail as on a write error; at least one valid slice
        must end durable, or DeviceError. Regions idle long enough are cleared afterwards.
        """
        layout = self._load()  # (the maps need nothing: every mark was synced before its write)
        target = self._target(layout)
        if target is not None:
            try:
                self._images.sync((target.device,))
            except (OSError, SdxError) as e:
                raise DeviceError(f"flush failed: {getattr(e, 'strerror', None) or e}", self.path.object_name) from e
            return
        synced = 0
        slices = [s for s in layout.slices if s.state in _WRITE_STATES]
        for s, error in zip(slices, self._images.sync_each([s.device for s in slices]), strict=True):
            if error is None:
                synced += s.state is SliceState.ACTIVE
            else:
                reason = error.strerror if isinstance(error, OSError) else error.text
                self._fail_slice(layout, s, f"write error (flush): {reason}")
        if not synced:
            raise DeviceError("flush failed on every valid slice", self.path.object_name)
        self._sweep()

    def _sweep(self, everything: bool = False) -> None:
        """Clear this device's WRITTEN regions idle for CLEAR_IDLE (all of them with ``everything``).

        Each run of regions is cleared under its lock after an fdatasync of every image a write
        reaches, so every write any process completed there is durable first. A byte found
        INFLIGHT is a dead writer's and is left for healing.
        """
        now = time.monotonic()
        if not self._written or (not everything and now < self._next_sweep):
            return
        self._next_sweep = now + CLEAR_IDLE / 2
        idle = sorted(r for r, t in self._written.items() if everything or now - t >= CLEAR_IDLE)
        for r in idle:
            del self._written[r]
        try:
            for first, count in region_runs(idle):
                with self._lock.regions(first, count):
                    layout = self._load()
                    vmap = self._volume_map(layout)
                    values = vmap.values(first, count)
                    if WRITTEN[0] not in values:
                        continue
                    self._images.sync([s.device for s in layout.slices if s.state in _WRITE_STATES])
                    done = [first + i for i, v in enumerate(values) if v == WRITTEN[0]]
                    for run_first, run_count in region_runs(done):
                        vmap.clear(run_first, run_count)
        except (OSError, SdxError, sqlite3.Error):
            pass  # the regions stay marked: healing clears them later (at worst by copying)

    def _volume_map(self, layout: VolumeLayout) -> JrmMap:
        if self._vmap is None:
            self._vmap = JrmMap.open_or_create(self.ws.volume_jrm_path(layout.id), layout.id, layout.regions)
            if self._vmap is None:
                raise SdxError("the volume's JRM map is damaged: run 'sdxcopy -B' or 'gdsview verify' to heal it",
                               self.path.object_name)
        return self._vmap

    def _fail_slice(self, layout: VolumeLayout, s: SliceLayout, reason: str) -> None:
        invalidate_slice(self.ws, layout, s, reason, source=self.source)
        self._version = -1

    def _close_maps(self) -> None:
        for jmap in self._maps.values():
            jmap.close()
        self._maps.clear()
        if self._vmap is not None:
            self._vmap.close()
            self._vmap = None

    def close(self) -> None:
        if self._written:
            self._sweep(everything=True)
        self._close_maps()
        self._images.close()
        self._lock.close()

    def __enter__(self) -> Device:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_device(ws: Workspace, path: str, writable: bool = False, source: str = "gdsview") -> Device:
    """Open ``/dev/sfdsk/<class>/dsk/<volume>`` or a detached slice's ``.../<disk>.<volume>``."""
    parsed = parse_device_path(path)
    if parsed is None:
        raise SdxError("not a GDS device path", path)
    return Device(ws, parsed, writable, source)


def is_device_path(path: str) -> bool:
    return path.startswith("/dev/sfdsk/")


__all__ = ["Device", "open_device", "is_device_path"]
