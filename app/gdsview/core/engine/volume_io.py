"""Reading and writing volumes and detached slices through their /dev/sfdsk paths.

A write to a volume goes to every ACTIVE and COPY slice, under the lock of the regions it covers,
after the regions are marked in the JRM map of every slice that misses it (detached with JRM on,
or INVALID) and in the volume's own map (cleared once every slice has the write: a crash in
between leaves the regions marked, and :mod:`recovery` resynchronizes them). The slice list is
re-read under the lock whenever the database changed, so a write never misses a slice that an
attach or a copy has just brought in. All image I/O goes through ``ImageFiles``, which applies
the workspace's injected faults (:mod:`faults`).
"""

from __future__ import annotations

from ..errors import DeviceError, SdxError
from ..model import AccessMode, SliceState, slice_status
from ..names import DevicePath, parse_device_path
from ..storage.images import ImageFiles, data_ranges, read_exact, write_all
from ..storage.jrm import REGION_SIZE, JrmMap
from ..storage.layout import SliceLayout, VolumeLayout, load_layout
from ..storage.locks import RegionLock
from ..storage.workspace import Workspace
from .crashpoints import crash_point
from .healing import heal_regions, recover_volume
from .node_access import check_node
from .slice_state import invalidate_slice


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
        self._layout = self._load()
        self._volume_id = self._layout.id
        self._check_open(self._layout)
        self.size = self._layout.size
        self._lock = RegionLock(ws.volume_lock_path(self._layout.id))
        self._images = ImageFiles(ws.disks_dir)
        if writable and path.disk is None:
            vmap = JrmMap.open_or_create(ws.volume_jrm_path(self._layout.id), self._layout.id, self._layout.regions)
            if vmap is None:  # damaged: heal every region (replaces the map) before writing
                recover_volume(ws, path.class_name, path.volume, source=source)
            else:
                vmap.close()

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
            self._check_open(layout)
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
        with self._lock.regions(first, count):
            layout = self._load()
            self._check_open(layout)
            target = self._target(layout)
            if target is not None:
                # A write through the access path makes the slice differ from the volume.
                if target.jrm and (jmap := self._map(layout, target)) is not None:
                    jmap.mark(first, count)
                write_all(self._images.io_fd(target.device, "write", layout.offset + offset, len(data)), data,
                          layout.offset + offset)
                return len(data)
            vmap = self._volume_map(layout)
            if vmap.any_dirty(first, count):
                # A writer died over these regions: make the slices equal there before writing.
                heal_regions(self.ws, layout, self._images, vmap, first, count, self.source)
                layout = self._load()
                self._check_open(layout)
                vmap = self._volume_map(layout)
            for s in layout.slices:
                if s.tracks_changes() and (jmap := self._map(layout, s)) is not None:
                    jmap.mark(first, count)
            vmap.mark(first, count)
            written = attempted = 0
            for s in layout.slices:
                if s.state not in (SliceState.ACTIVE, SliceState.COPY):
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
            vmap.clear(first, count)
            return len(data)

    def flush(self) -> None:
        """Make every byte written through this device durable: its images and maps reach the disk."""
        for jmap in [*self._maps.values(), *([self._vmap] if self._vmap is not None else [])]:
            jmap.sync()
        self._images.sync()

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
