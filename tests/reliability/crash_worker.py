"""A process for the kill tests to kill: ``python crash_worker.py MODE WORKSPACE SEED LOG``.

Modes (each loops until killed, or until GDSVIEW_TEST_CRASH_AT ends it at a crash point):

``write``   writes to /dev/sfdsk/Class1/dsk/Volume1: write ``i`` puts ``block(seed, i)`` at slot
            ``slots(seed)[i]``; after each write returns it appends ``i`` to LOG (CRASH_WORKER_PAUSE:
            seconds to wait between writes).
``config``  detaches Disk2 from Volume1 (JRM on or off), writes a few blocks to the volume as in
            ``write`` (logged the same way), sometimes stops and re-activates the slice, then
            attaches it again copying inline (``sdxslice -R -e waitsync``), and over again.

The test regenerates the same sequence from SEED to know what each slot must hold.
"""

from __future__ import annotations

import os
import random
import sys
import time

from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace

SLOT = 64 << 10
PAUSE = float(os.environ.get("CRASH_WORKER_PAUSE", "0"))  # seconds between writes (slower writers)
VOLUME = "/dev/sfdsk/Class1/dsk/Volume1"


def slot_sequence(seed: int, nslots: int, n: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randrange(nslots) for _ in range(n)]


def block(seed: int, i: int) -> bytes:
    head = f"seed={seed} write={i} ".encode()
    return (head * (SLOT // len(head) + 1))[:SLOT]


def _log(fd: int, i: int) -> None:
    os.write(fd, f"{i}\n".encode())


def write_loop(ws: Workspace, seed: int, log_fd: int, dev=None, start: int = 0, count: int | None = None) -> int:
    own = dev is None
    dev = dev or open_device(ws, VOLUME, writable=True, source="crash-worker")
    try:
        nslots = dev.size // SLOT
        rng = random.Random(seed)
        seq = (rng.randrange(nslots) for _ in iter(int, 1))
        i = 0
        for slot in seq:
            if i >= start:
                if count is not None and i >= start + count:
                    return i
                dev.pwrite(block(seed, i), slot * SLOT)
                _log(log_fd, i)
                if PAUSE:
                    time.sleep(PAUSE)
            i += 1
    finally:
        if own:
            dev.close()
    return i


def config_loop(ws: Workspace, seed: int, log_fd: int) -> None:
    rng = random.Random(seed + 1)
    manager = VolumeManager(ws, source="crash-worker", launcher=InlineLauncher(ws, source="crash-worker"))
    done = 0
    while True:
        try:
            manager.detach_slice("Class1", "Disk2", "Volume1", jrm=rng.random() < 0.8)
            with open_device(ws, VOLUME, writable=True, source="crash-worker") as dev:
                done = write_loop(ws, seed, log_fd, dev, start=done, count=rng.randrange(1, 6))
            if rng.random() < 0.3:
                manager.stop_slice("Class1", "Disk2", "Volume1")
                manager.activate_slice("Class1", "Disk2", "Volume1")
            manager.attach_slice("Class1", "Disk2", "Volume1")
        except SdxError:
            # After a restart the slice may be in any state the kill left: bring it back.
            snap = manager.snapshot()
            s = snap.slice("Class1", "Disk2", "Volume1")
            if s is not None and s.state.value in ("TEMP", "TEMP-STOP"):
                manager.attach_slice("Class1", "Disk2", "Volume1")
            elif s is not None and s.state.value in ("INVALID", "COPY"):
                manager.start_copy("Class1", "Volume1")


def main(argv: list[str]) -> int:
    mode, root, seed, log = argv[0], argv[1], int(argv[2]), argv[3]
    ws = Workspace(root)
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    if mode == "write":
        write_loop(ws, seed, log_fd)
    elif mode == "config":
        config_loop(ws, seed, log_fd)
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
