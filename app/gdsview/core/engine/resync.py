"""Synchronization copying: make the COPY slices of a volume equal to a valid slice, chunk by chunk.

The copy walks the slice's JRM map (every region for a full copy, the dirty ones after a
detach with JRM on) and clears each region once it is copied and the copy is durable (an
``fdatasync`` of the target image every 1/16 of the copy, 16 to 64 MiB: see
:meth:`_SliceCopy.checkpoint`), so the map itself is the checkpoint: an interrupted or crashed
copy resumes where it stopped, and after a power cut no region is taken for copied that the disk
does not hold. Each chunk is copied under the lock of its regions, so a write to the volume
racing the copy of the same chunk either lands before the copy (and is copied) or after it (and
is written to the slice directly).

Any thread may call :func:`copy_volume`; it blocks until the copy ends and reports progress
through the ``progress`` callback from the calling thread (and helper threads when
``workers`` > 1).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from ..errors import CopyInterrupted, SdxError
from ..events import EventKind
from ..model import CopyResult, CopyStatus, SliceState
from ..names import BLOCK
from ..storage.images import ImageFiles, copy_range
from ..storage.jrm import REGION_SIZE, JrmMap
from ..storage.layout import SliceLayout, VolumeLayout, load_layout
from ..storage.locks import OwnerLock, RegionLock
from ..storage.workspace import Workspace
from . import slice_state
from .crashpoints import crash_point
from .slice_state import REGION_BLOCKS, invalidate_slice

CHUNK_REGIONS = 8  # 8 MiB per lock-and-copy step
#: Two threads copying alternate chunks: ~1.5x the throughput of one (see images.copy_range).
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
PROGRESS_EVERY = 0.1
RECORD_EVERY = 0.5
PAUSE_POLL = 0.1  # how often a copy pausing between chunks looks for requests from other processes
SYNC_BATCH = 64 << 20  # at most this many bytes copied per target sync (and JRM checkpoint)
SYNC_BATCH_MIN = 16 << 20  # at least (two 8 MiB chunks)


class _SliceCopy:
    """Copying into one target slice; shared by the worker threads of that copy."""

    def __init__(self, ws: Workspace, layout: VolumeLayout, target: SliceLayout, source: str,
                 stop: threading.Event, progress: Callable[[CopyStatus], None] | None) -> None:
        self.ws = ws
        self.layout = layout
        self.target = target
        self.source = source
        self.stop = stop
        self.progress = progress
        self.images = ImageFiles(ws.disks_dir)
        path = ws.jrm_map_path(target.id)
        jmap = JrmMap.open(path, target.id, layout.regions)
        self.map = jmap or JrmMap.create(path, target.id, layout.regions, dirty=True)
        remaining = self.map.dirty_count()
        self.total_blocks = max(target.copy_total, remaining * REGION_BLOCKS)
        self.done_start = self.total_blocks - remaining * REGION_BLOCKS
        self.copied = 0
        self._pending: list[tuple[int, int]] = []  # chunks copied, not yet synced and cleared
        self._pending_bytes = 0
        # A checkpoint at least every 1/16 of the copy (a killed copy keeps most of its work), at
        # most every SYNC_BATCH bytes (each sync flushes the disk's cache: a fixed cost).
        self._batch = max(SYNC_BATCH_MIN, min(SYNC_BATCH, remaining * REGION_SIZE // 16))
        self.failure: BaseException | None = None
        self._lock = threading.Lock()
        self._pace = threading.Lock()
        self._t0 = time.monotonic()
        self._last_progress = self._last_record = self._t0
        self._bytes_at_record = 0
        self.rate = 0.0

    def done_blocks(self) -> int:
        return min(self.total_blocks, self.done_start + self.copied // BLOCK)

    def run(self, runs: list[tuple[int, int]], workers: int) -> None:
        queue = iter(runs)
        qlock = threading.Lock()

        def work() -> None:
            lock = RegionLock(self.ws.volume_lock_path(self.layout.id))
            version, layout = -1, self.layout
            try:
                while self.failure is None:
                    with qlock:
                        run = next(queue, None)
                    if run is None:
                        return
                    if self.stop.is_set():
                        raise CopyInterrupted("stopped")
                    if layout.copy_delay_ms:
                        with self._pace:  # one pause before each chunk, whichever worker copies it
                            layout, version = self._pause(layout, version)
                    first, count = run
                    with lock.regions(first, count):
                        current = self.ws.store.data_version()
                        if current != version:
                            with self.ws.store.read() as conn:
                                layout = load_layout(conn, self.layout.class_name, self.layout.name)
                            version = current
                        due = self._copy_chunk(layout, first, count)
                    if due:
                        self.checkpoint(layout)  # outside the chunk's lock: writers need not wait for it
                    self._account(count * REGION_SIZE, layout)
            except BaseException as e:  # handed to the calling thread
                with qlock:
                    if self.failure is None:
                        self.failure = e
            finally:
                lock.close()

        helpers = [threading.Thread(target=work, name=f"copy-{self.target.disk}-{i}") for i in range(workers - 1)]
        for t in helpers:
            t.start()
        work()
        for t in helpers:
            t.join()
        if not isinstance(self.failure, CopyInterrupted) or self.failure.reason != "failed":
            try:
                self.checkpoint()  # what was copied counts, whatever stopped the copy
            except CopyInterrupted as e:
                self.failure = self.failure or e
        if self.failure is not None:
            raise self.failure

    def _pause(self, layout: VolumeLayout, version: int) -> tuple[VolumeLayout, int]:
        """Wait the volume's copy delay before the next chunk.

        Another process asks to interrupt or cancel, or changes the delay, through the database
        only: look at it every PAUSE_POLL seconds, not once the old delay has run out.
        """
        start = time.monotonic()
        while True:
            left = start + layout.copy_delay_ms / 1000 - time.monotonic()
            if left <= 0:
                return layout, version
            if self.stop.wait(min(left, PAUSE_POLL)):
                raise CopyInterrupted("stopped")
            current = self.ws.store.data_version()
            if current != version:
                with self.ws.store.read() as conn:
                    layout = load_layout(conn, self.layout.class_name, self.layout.name)
                version = current
                target = next((s for s in layout.slices if s.id == self.target.id), None)
                if target is None or target.state is not SliceState.COPY:
                    raise CopyInterrupted("changed")
                if target.copy_request:
                    raise CopyInterrupted(target.copy_request)

    def _copy_chunk(self, layout: VolumeLayout, first: int, count: int) -> bool:
        target = next((s for s in layout.slices if s.id == self.target.id), None)
        if target is None or target.state is not SliceState.COPY:  # gone (disconnected) or no longer copied
            raise CopyInterrupted("changed")
        if target.copy_request:
            raise CopyInterrupted(target.copy_request)
        if not layout.started:
            raise CopyInterrupted("stopped")
        if layout.online_node != self.ws.node:  # the class switched nodes: copying goes on there, not here
            raise CopyInterrupted("stopped")
        offset = first * REGION_SIZE
        length = min(count * REGION_SIZE, layout.size - offset)
        for src in layout.valid_slices():
            try:
                src_fd, dst_fd = self.images.copy_fds(src.device, target.device, layout.offset + offset,
                                                      layout.offset + offset, length)
                copy_range(src_fd, dst_fd, layout.offset + offset, layout.offset + offset, length)
            except OSError as e:
                if getattr(e, "side", "target") == "source":
                    invalidate_slice(self.ws, layout, src, f"read error: {e.strerror}", self.source)
                    continue
                invalidate_slice(self.ws, layout, target, f"write error: {e.strerror}", self.source)
                raise CopyInterrupted("failed") from e
            with self._lock:
                self._pending.append((first, count))
                self._pending_bytes += length
                return self._pending_bytes >= self._batch  # time for a checkpoint
        raise CopyInterrupted("no-source")

    def checkpoint(self, layout: VolumeLayout | None = None) -> None:
        """Sync the target, then clear the chunks copied before the sync in the map (the checkpoint).

        The copied data is durable before its regions are cleared, and so before the slice can
        become ACTIVE. One sync per batch (up to SYNC_BATCH bytes), not per chunk: each fdatasync
        also flushes the disk's cache, a fixed cost a batch pays once. Clearing outside the chunks' locks is
        safe: while the slice is COPY every write reaches it, so a copied region stays equal, and
        nobody else marks a COPY slice's map (a failed target gets a new map file).
        """
        with self._lock:
            done, self._pending, self._pending_bytes = self._pending, [], 0
        if not done:
            return
        try:
            self.images.sync((self.target.device,))
        except OSError as e:
            invalidate_slice(self.ws, layout or self.layout, self.target, f"write error: {e.strerror}", self.source)
            raise CopyInterrupted("failed") from e
        for first, count in done:
            crash_point("copy-chunk")
            self.map.clear(first, count)
            crash_point("copy-cleared")

    def _account(self, nbytes: int, layout: VolumeLayout) -> None:
        now = time.monotonic()
        with self._lock:
            self.copied += nbytes
            if now - self._last_record >= RECORD_EVERY:
                self.rate = (self.copied - self._bytes_at_record) / (now - self._last_record)
                self._bytes_at_record, self._last_record = self.copied, now
                self.record()
            if self.progress and now - self._last_progress >= PROGRESS_EVERY:
                self._last_progress = now
                self.report()

    def record(self) -> None:
        with self.ws.store.write() as conn:
            slice_state.record_progress(conn, self.target.id, self.done_blocks(), self.rate)

    def report(self, finished: bool = False) -> None:
        if self.progress:
            elapsed = max(time.monotonic() - self._t0, 1e-9)
            rate = self.rate or self.copied / elapsed
            self.progress(
                CopyStatus(self.layout.class_name, self.layout.name, self.target.disk, self.done_blocks(),
                           self.total_blocks, rate, finished)
            )

    def close(self) -> None:
        self.map.close()
        self.images.close()


def copy_volume(
    ws: Workspace,
    class_name: str,
    volume: str,
    *,
    stop: threading.Event | None = None,
    progress: Callable[[CopyStatus], None] | None = None,
    source: str = "sdxcopy",
    workers: int | None = None,
) -> CopyResult:
    """Copy into every COPY slice of the volume until they are ACTIVE, or until told to stop."""
    stop = stop or threading.Event()
    t0 = time.monotonic()
    with ws.store.read() as conn:
        layout = load_layout(conn, class_name, volume)
    targets = [s for s in layout.slices if s.state is SliceState.COPY]
    if not targets:
        return CopyResult(class_name, volume, "nothing", (), 0, 0.0)
    owners = []
    for s in targets:
        owner = OwnerLock(ws.copy_lock_path(s.id), f"copying into {s.disk}.{volume}")
        try:
            owner.acquire()
        except SdxError:
            continue
        owners.append((s, owner))
    if not owners:
        return CopyResult(class_name, volume, "busy", (), 0, 0.0, "copying is already in progress")
    # Re-read now that the owner locks are held: a copy that finished meanwhile (or a slice attached
    # and detached again) must not be taken for a target.
    with ws.store.read() as conn:
        layout = load_layout(conn, class_name, volume)
    current = {s.id: s for s in layout.slices if s.state is SliceState.COPY}
    for s, owner in owners:
        if s.id not in current:
            owner.release()
    owners = [(current[s.id], owner) for s, owner in owners if s.id in current]
    if not owners:
        return CopyResult(class_name, volume, "nothing", (), 0, time.monotonic() - t0)
    copied, outcome, message, names = 0, "completed", "", []
    try:
        for i, (s, _) in enumerate(owners):
            names.append(f"{s.disk}.{volume}")
            job = _SliceCopy(ws, layout, s, source, stop, progress)
            try:
                _log(ws, source, EventKind.COPY_START, layout, s,
                     f"copying into {s.disk}.{volume} started ({job.total_blocks - job.done_start} blocks"
                     f" to go, {job.done_start} already copied)")
                try:
                    job.run(list(job.map.dirty_runs(CHUNK_REGIONS)), max(1, workers or DEFAULT_WORKERS))
                except CopyInterrupted as e:
                    outcome, message = _interrupted(ws, layout, s, job, e.reason, source)
                    copied += job.copied
                    if outcome != "failed":
                        # cancel_copy asked every slice this copy owns: stop those not started yet
                        for rest, _ in owners[i + 1:]:
                            _honour_request(ws, layout, rest, source)
                        break
                    continue
                copied += job.copied
                _finish(ws, layout, s, job, source)
            finally:
                job.close()
    finally:
        for _, owner in owners:
            owner.release()
    return CopyResult(class_name, volume, outcome, tuple(names), copied, time.monotonic() - t0, message)


def _log(ws: Workspace, source: str, kind: EventKind, layout: VolumeLayout, s: SliceLayout, text: str,
         severity: str = "INFO") -> None:
    with ws.store.write() as conn:
        ws.store.log(conn, source, kind, text, class_name=layout.class_name, obj=f"{s.disk}.{layout.name}",
                     severity=severity)


def _finish(ws: Workspace, layout: VolumeLayout, s: SliceLayout, job: _SliceCopy, source: str) -> None:
    lock = RegionLock(ws.volume_lock_path(layout.id))
    try:
        with lock.whole(), ws.store.write() as conn:
            if job.map.dirty_count() or not slice_state.copy_done(conn, s):
                return
            ws.store.log(conn, source, EventKind.COPY_DONE,
                         f"copying into {s.disk}.{layout.name} completed: {job.copied} bytes",
                         class_name=layout.class_name, obj=f"{s.disk}.{layout.name}")
    finally:
        lock.close()
    job.report(finished=True)


def _honour_request(ws: Workspace, layout: VolumeLayout, s: SliceLayout, source: str) -> None:
    """End copying into ``s``, which this copy owns but never started, if a stop was requested."""
    lock = RegionLock(ws.volume_lock_path(layout.id))
    try:
        with lock.whole(), ws.store.write() as conn:
            row = conn.execute(
                "SELECT copy_request, copy_done FROM slices WHERE id = ? AND state = 'COPY'", (s.id,)
            ).fetchone()
            if row is not None and row["copy_request"] in ("interrupt", "cancel"):
                slice_state.stop_copy(ws, conn, layout, s, cancel=row["copy_request"] == "cancel",
                          done_blocks=row["copy_done"], source=source)
    finally:
        lock.close()


def _interrupted(ws: Workspace, layout: VolumeLayout, s: SliceLayout, job: _SliceCopy, reason: str,
                 source: str) -> tuple[str, str]:
    """Record why the copy stopped; returns (outcome, message)."""
    name = f"{s.disk}.{layout.name}"
    if reason in ("interrupt", "cancel"):
        lock = RegionLock(ws.volume_lock_path(layout.id))
        try:
            with lock.whole(), ws.store.write() as conn:
                slice_state.stop_copy(ws, conn, layout, s, cancel=reason == "cancel", done_blocks=job.done_blocks(),
                          source=source)
        finally:
            lock.close()
        return ("cancelled", "copying cancelled") if reason == "cancel" else ("interrupted", "copying interrupted")
    job.record()
    if reason == "failed":
        return "failed", f"copying into {name} failed: the disk of the slice failed"
    if reason == "no-source":
        _log(ws, source, EventKind.COPY_FAILED, layout, s, f"copying into {name} stopped: no valid slice to copy from",
             "ERROR")
        return "failed", "no valid slice to copy from"
    _log(ws, source, EventKind.COPY_PAUSED, layout, s,
         f"copying into {name} stopped at {job.done_blocks()}/{job.total_blocks} blocks; it resumes from there")
    return "stopped", "copying stopped; it resumes from its checkpoint"
