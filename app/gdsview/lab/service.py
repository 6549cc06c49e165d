"""The built-in service: a workload that stands for the application using a volume.

It writes 4 KiB records (see :mod:`records`) through the volume's device at a chosen rate, either
as sequential log appends (a ring after the commit block) or as random 4 KiB updates, and after
each batch rewrites the commit record. Stopping it writes a final, clean commit record. Its start
and stop are logged as events, which is how the training lab knows whether the service was
running when a slice was detached.

Thread use: ``start()``/``stop()`` from any thread; the writing happens in the service's own
thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.volume_io import Device, open_device
from ..core.errors import SdxError
from ..core.events import EventKind
from ..core.names import volume_path
from ..core.storage.locks import OwnerLock, is_held
from ..core.storage.workspace import Workspace
from .records import COMMIT, COMMIT_MAGIC, DIGEST, PATTERNS, RECORD_SIZE, log_slot, make_commit, make_record

BATCH = 16  # records per write batch (64 KiB)


_LOCK_PREFIX, _LOCK_SUFFIX = "service-", ".lock"


def service_lock_path(ws: Workspace, class_name: str, volume: str) -> Path:
    """Held while a service writes to the volume, by whichever process or window runs it.

    ("." cannot occur in an object name, so the file name is unambiguous.)
    """
    return ws.state_dir / "locks" / f"{_LOCK_PREFIX}{class_name}.{volume}{_LOCK_SUFFIX}"


def stop_request_path(ws: Workspace, class_name: str, volume: str) -> Path:
    """Present while someone asks the service on the volume to stop cleanly (``servicectl.request_stop``):
    the writer looks for it between two batches, so a service in any process or window can be stopped."""
    return ws.state_dir / "locks" / f"{_LOCK_PREFIX}{class_name}.{volume}.stop"


def running_services(ws: Workspace) -> list[tuple[str, str]]:
    """(class, volume) of every volume a service writes to now, in this or any other process."""
    found = []
    for path in (ws.state_dir / "locks").glob(f"{_LOCK_PREFIX}*.*{_LOCK_SUFFIX}"):
        class_name, _, volume = path.name[len(_LOCK_PREFIX):-len(_LOCK_SUFFIX)].partition(".")
        if is_held(path):
            found.append((class_name, volume))
    return sorted(found)


@dataclass(frozen=True)
class ServiceStatus:
    class_name: str
    volume: str
    pattern: str
    rate_mib_s: float
    running: bool
    written_records: int
    seq: int
    measured_bps: float
    error: str | None = None


class Service:
    """One writer on one volume."""

    def __init__(self, ws: Workspace, class_name: str, volume: str, *, rate_mib_s: float = 4.0,
                 pattern: str = "log", source: str = "service",
                 on_stop: Callable[[ServiceStatus], None] | None = None, seed: int | None = None) -> None:
        if pattern not in PATTERNS:
            raise SdxError(f"unknown pattern '{pattern}': use log or random", volume)
        if not 0 < rate_mib_s <= 10_000:
            raise SdxError("rate must be between 0 and 10000 MiB/s", volume)
        self.ws = ws
        self.class_name = class_name
        self.volume = volume
        self.pattern = pattern
        self.rate = rate_mib_s
        self.source = source
        self.on_stop = on_stop
        self.run_id = os.urandom(16)
        self._rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._owner: OwnerLock | None = None
        self.seq = 0
        self.written = 0
        self.error: str | None = None
        self._recent: list[tuple[float, int]] = []

    # -- control ------------------------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            raise SdxError("the service is already running", self.volume)
        self.ws.store  # noqa: B018 - makes the workspace's folders (the lock's among them)
        stop_request_path(self.ws, self.class_name, self.volume).unlink(missing_ok=True)  # an earlier one's
        owner = OwnerLock(service_lock_path(self.ws, self.class_name, self.volume), "service")
        try:
            owner.acquire()  # two writers on one volume would make its records meaningless
        except SdxError:
            raise SdxError("a service is already running on this volume (in another window or process)",
                           self.volume) from None
        self._announce(owner)
        try:
            dev = open_device(self.ws, volume_path(self.class_name, self.volume), writable=True,
                              source=self.source)
            try:
                self._resume_from(dev)
                self._log(EventKind.SERVICE_START,
                          f"service started on {self.volume} ({self.pattern}, {self.rate:g} MiB/s)")
            except BaseException:
                dev.close()
                raise
        except BaseException:
            owner.release()
            raise
        self._owner = owner
        self.error = None  # a restart after a failed run: the old error is not this run's
        self._stop.clear()
        thread = threading.Thread(target=self._run, args=(dev,), name=f"service-{self.volume}", daemon=True)
        thread.start()
        self._thread = thread  # only once started: stop() from another thread may join it at once

    def stop(self, timeout: float = 30) -> ServiceStatus:
        """Stop writing; the final commit record is clean. Returns the last status."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        return self.status()

    def _resume_from(self, dev: Device) -> None:
        """Go on with the sequence of an earlier run of the same pattern, as an application would."""
        head = dev.pread(RECORD_SIZE, 0)
        if head[:8] == COMMIT_MAGIC and hashlib.sha256(head[:-DIGEST]).digest() == head[-DIGEST:]:
            _m, run_id, seq, _blocks, pattern, _clean, _slots = COMMIT.unpack_from(head)
            if pattern == PATTERNS[self.pattern]:
                self.run_id, self.seq = run_id, seq

    def _announce(self, owner: OwnerLock) -> None:
        """Say in the lock file who writes and how, so another process can stop it and start it elsewhere."""
        if owner.fd is None:
            return
        data = json.dumps({"pid": os.getpid(), "node": self.ws.node, "app": "builtin",
                           "options": {"rate": self.rate, "pattern": self.pattern}, "pattern": self.pattern,
                           "rate_mib_s": self.rate, "source": self.source, "data": volume_path(self.class_name,
                                                                                              self.volume)}).encode()
        os.ftruncate(owner.fd, 0)
        os.pwrite(owner.fd, data, 0)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status(self) -> ServiceStatus:
        now = time.monotonic()
        recent = [(t, n) for t, n in self._recent if now - t <= 2.0]
        bps = sum(n for _t, n in recent) / 2.0 if recent else 0.0
        return ServiceStatus(self.class_name, self.volume, self.pattern, self.rate, self.running, self.written,
                             self.seq, bps, self.error)

    # -- the writer ---------------------------------------------------------------------------
    def _run(self, dev: Device) -> None:
        blocks = dev.size // RECORD_SIZE
        slots = blocks - 1
        clean = False
        try:
            if slots < BATCH:
                raise SdxError("volume too small for the service", self.volume)
            interval = BATCH * RECORD_SIZE / (self.rate * (1 << 20))
            next_at = time.monotonic()
            asked = stop_request_path(self.ws, self.class_name, self.volume)
            while not self._stop.is_set() and not asked.exists():
                self._write_batch(dev, slots)
                dev.pwrite(make_commit(self.run_id, self.seq, blocks, self.pattern, False, slots), 0)
                next_at += interval
                delay = next_at - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
                else:
                    next_at = time.monotonic()  # behind schedule: don't burst to catch up
            dev.pwrite(make_commit(self.run_id, self.seq, blocks, self.pattern, True, slots), 0)
            clean = True
        except SdxError as e:
            self.error = e.text
        except OSError as e:
            self.error = e.strerror or str(e)
        except Exception as e:  # never a traceback from the writer thread: the status says what happened
            self.error = f"internal error: {type(e).__name__}: {e}"
        finally:
            dev.close()
            text = f"service stopped on {self.volume} after {self.written} records (sequence {self.seq})"
            if not clean:
                text += f": {self.error}"
            try:
                self._log(EventKind.SERVICE_STOP, text, "INFO" if clean else "ERROR")
            except Exception as e:  # e.g. the workspace was closed under the service
                if self.error is None:
                    self.error = f"could not log the stop: {e}"
            if self._owner is not None:
                self._owner.release()
            if self.on_stop is not None:
                self.on_stop(self.status())

    def _write_batch(self, dev: Device, slots: int) -> None:
        if self.pattern == "log":
            first = self.seq + 1
            start_slot = log_slot(first, slots)
            run = min(BATCH, slots - start_slot + 1)  # one contiguous write, up to the ring's end
            data = b"".join(make_record(self.run_id, first + i, start_slot + i, "log") for i in range(run))
            dev.pwrite(data, start_slot * RECORD_SIZE)
            self.seq += run
            count = run
        else:
            for _ in range(BATCH):
                index = self._rng.randrange(1, slots + 1)
                dev.pwrite(make_record(self.run_id, self.seq + 1, index, "random"), index * RECORD_SIZE)
                self.seq += 1  # only once the record is written: a failed write made nothing
            count = BATCH
        dev.flush()  # the records are durable before the commit record that vouches for them
        self.written += count
        self._recent.append((time.monotonic(), count * RECORD_SIZE))
        if len(self._recent) > 4096:
            del self._recent[:2048]

    def _log(self, kind: EventKind, text: str, severity: str = "INFO") -> None:
        store = self.ws.store
        with store.write() as conn:
            store.log(conn, self.source, kind, text, class_name=self.class_name, obj=self.volume,
                      severity=severity)
