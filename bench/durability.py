#!/usr/bin/env python3
"""Durability benchmark: writes through a mirrored volume against the same writes to two plain files.

Usage::

    python bench/durability.py            # 256 MiB sequential, 16 MiB of random 4 KiB writes, 5 rounds
    python bench/durability.py --quick    # 64 MiB / 4 MiB, 3 rounds (smoke test)

Two plain files written with the same pattern and the same syncs are the physical limit of a
two-way mirror: every byte goes to two files and every fsync syncs both. Measured, in one
throw-away workspace (two physical disks, ``Class1``/``Group1``, one volume):

* ``seq``: 1 MiB writes, an fsync every ``--seq-sync`` writes and at the end;
* ``rand4k``: 4 KiB writes at random 4 KiB-aligned offsets, an fsync every ``--rand-sync`` writes
  and at the end;

each through the volume (``open_device(..., writable=True)``, ``pwrite``, ``Device.flush()`` as the
fsync, the device opened and closed inside the timed run, so every run pays its own map syncs for
the regions it dirties), through two plain files (``os.pwrite`` to each, ``os.fdatasync`` of both),
and through the volume with Disk2 detached (JRM on: one image plus the slice's and the volume's
map syncs); the ordering's own cost is measured by the same volume runs with the map syncs
switched off (``volume_io.ORDERING``, the power-cut tests' switch). Rounds alternate the methods;
medians are compared. The last line::

    volume_vs_two_files_seq=X.XX volume_vs_two_files_rand4k=X.XX detached_vs_attached_seq=X.XX

(throughput ratios, > 1 is faster). Floors (issue 13): >= 0.8 sequential, >= 0.5 random 4 KiB.
Only public tools: this Python and the gdsview core.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

try:
    import gdsview  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from gdsview.core.engine import volume_io
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.names import MiB, volume_path
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage import fileio
from gdsview.core.storage.workspace import Workspace

CLASS, GROUP, VOLUME = "Class1", "Group1", "Volume1"


class SyncCounter(fileio.Recorder):
    """Counts the syncs of each file (the durability cost the ordering adds)."""

    def __init__(self) -> None:
        super().__init__()
        self.syncs: dict[str, int] = {}
        self._paths: dict[int, str] = {}

    def sync_begin(self, fd: int, *, data_only: bool, path: str | None = None) -> object:
        name = path or os.readlink(f"/proc/self/fd/{fd}")
        kind = "image" if name.endswith(".img") else "map" if name.endswith(".map") else "other"
        self.syncs[kind] = self.syncs.get(kind, 0) + 1
        return None


def _unordered(run) -> float:
    volume_io.ORDERING = False
    try:
        return run()
    finally:
        volume_io.ORDERING = True


def _count_syncs(run) -> dict[str, int]:
    """One more, untimed run with a sync counter installed (a recorder costs a lock per write)."""
    counter = SyncCounter()
    fileio.install(counter)
    try:
        run()
    finally:
        fileio.install(None)
    return counter.syncs


def plan(kind: str, total: int, volume_bytes: int, seed: int) -> list[tuple[int, int]]:
    """(offset, length) of every write."""
    if kind == "seq":
        return [(i * MiB, MiB) for i in range(total // MiB)]
    rng = random.Random(seed)
    return [(rng.randrange(volume_bytes // 4096) * 4096, 4096) for _ in range(total // 4096)]


def run_volume(ws: Workspace, writes: list[tuple[int, int]], every: int, data: bytes) -> float:
    t0 = time.perf_counter()
    dev = open_device(ws, volume_path(CLASS, VOLUME), writable=True, source="bench")
    try:
        for i, (off, n) in enumerate(writes, 1):
            dev.pwrite(data[:n], off)
            if i % every == 0:
                dev.flush()
        dev.flush()
    finally:
        dev.close()
    return time.perf_counter() - t0


def run_files(paths: tuple[Path, Path], writes: list[tuple[int, int]], every: int, data: bytes) -> float:
    t0 = time.perf_counter()
    fds = [os.open(p, os.O_RDWR) for p in paths]
    try:
        for i, (off, n) in enumerate(writes, 1):
            for fd in fds:
                os.pwrite(fd, data[:n], off)
            if i % every == 0:
                for fd in fds:
                    os.fdatasync(fd)
        for fd in fds:
            os.fdatasync(fd)
    finally:
        for fd in fds:
            os.close(fd)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="64 MiB sequential, 4 MiB random, 3 rounds")
    ap.add_argument("--seq-mib", type=int, default=256)
    ap.add_argument("--rand-mib", type=int, default=16)
    ap.add_argument("--seq-sync", type=int, default=16, help="1 MiB writes per fsync (default 16)")
    ap.add_argument("--rand-sync", type=int, default=64, help="4 KiB writes per fsync (default 64)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", default=None, help="where the temporary workspace is made (default $TMPDIR)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    if args.quick:
        args.seq_mib, args.rand_mib, args.rounds = 64, 4, 3
    volume_bytes = max(args.seq_mib, 64) * MiB
    root = Path(tempfile.mkdtemp(prefix="gdsview-durability-", dir=args.dir))
    try:
        ws = Workspace(root)
        m = VolumeManager(ws, source="bench", launcher=None)
        for device, disk in (("sda", "Disk1"), ("sdb", "Disk2")):
            m.create_physical_disk(device, volume_bytes + 4 * MiB)
            m.register_disk(CLASS, device, disk)
            m.connect_disk(CLASS, GROUP, disk)
        m.create_volume(CLASS, GROUP, VOLUME, volume_bytes // 512)
        files = (root / "plain-a.img", root / "plain-b.img")
        for p in files:
            with open(p, "wb") as f:
                f.truncate(volume_bytes)
        data = os.urandom(MiB)
        seq = plan("seq", args.seq_mib * MiB, volume_bytes, args.seed)
        rand = plan("rand", args.rand_mib * MiB, volume_bytes, args.seed)
        # warm-up, untimed: every block allocated in all four files, so no method pays for allocation
        run_volume(ws, seq, args.seq_sync, data)
        run_files(files, seq, args.seq_sync, data)
        times: dict[str, list[float]] = {}
        counts: dict[str, dict[str, int]] = {}
        methods = {
            "seq volume": lambda: run_volume(ws, seq, args.seq_sync, data),
            "seq two files": lambda: run_files(files, seq, args.seq_sync, data),
            "rand4k volume": lambda: run_volume(ws, rand, args.rand_sync, data),
            "rand4k two files": lambda: run_files(files, rand, args.rand_sync, data),
        }
        methods.update({  # what the ordering costs: the same without the map syncs (the test-only switch)
            "seq volume, no ordering": lambda: _unordered(lambda: run_volume(ws, seq, args.seq_sync, data)),
            "rand4k volume, no ordering": lambda: _unordered(lambda: run_volume(ws, rand, args.rand_sync, data)),
        })
        for r in range(args.rounds):
            names = list(methods)
            names = names[r % len(names):] + names[: r % len(names)]
            for name in names:
                times.setdefault(name, []).append(methods[name]())
        m.detach_slice(CLASS, "Disk2", VOLUME, jrm=True)
        detached = "seq volume, Disk2 detached"
        methods[detached] = lambda: run_volume(ws, seq, args.seq_sync, data)
        for _ in range(args.rounds):
            times.setdefault(detached, []).append(methods[detached]())
        counts[detached] = _count_syncs(methods[detached])
        m.attach_slice(CLASS, "Disk2", VOLUME)
        from gdsview.core.engine.resync import copy_volume

        if copy_volume(ws, CLASS, VOLUME, source="bench").outcome != "completed":
            print("the copy after the detached runs did not complete", file=sys.stderr)
            return 1
        counts["seq volume"] = _count_syncs(methods["seq volume"])
        counts["rand4k volume"] = _count_syncs(methods["rand4k volume"])
        for name in ("seq volume, no ordering", "rand4k volume, no ordering"):
            counts[name] = _count_syncs(methods[name])
        if not verify_volume(ws, CLASS, VOLUME).ok:
            print("the volume's slices differ after the benchmark", file=sys.stderr)
            return 1
        sizes = {"seq": args.seq_mib * MiB, "rand4k": args.rand_mib * MiB}
        print(f"{'method':30} {'runs':>4} {'median s':>9} {'MiB/s':>8}  syncs per run (images, maps)")
        print("-" * 80)
        med = {}
        for name, ts in times.items():
            med[name] = statistics.median(ts)
            size = sizes[name.split()[0]]
            c = counts.get(name, {})
            syncs = f"{c.get('image', 0)}, {c.get('map', 0)}" if "volume" in name else "2 files"
            print(f"{name:30} {len(ts):>4} {med[name]:>9.4f} {size / med[name] / MiB:>8.0f}  {syncs}")
        print()
        print(f"sequential: {len(seq)} writes of 1 MiB, fsync every {args.seq_sync}; random: {len(rand)} writes "
              f"of 4 KiB over {volume_bytes // MiB} MiB, fsync every {args.rand_sync}")
        ratios = (med["seq two files"] / med["seq volume"], med["rand4k two files"] / med["rand4k volume"],
                  med["seq volume"] / med["seq volume, Disk2 detached"])
        print(f"what the ordering costs (map syncs before the data): sequential "
              f"{med['seq volume'] / med['seq volume, no ordering'] - 1:+.0%}, random 4 KiB "
              f"{med['rand4k volume'] / med['rand4k volume, no ordering'] - 1:+.0%} in time")
        print(f"volume_vs_two_files_seq={ratios[0]:.2f} volume_vs_two_files_rand4k={ratios[1]:.2f} "
              f"detached_vs_attached_seq={ratios[2]:.2f}")
        ws.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
