#!/usr/bin/env python3
"""Resynchronization benchmark: the copy engine against ``dd``, on real disk images.

Usage::

    python bench/resync.py                 # 2 GiB images, 1 GiB slice, 5 runs of each method
    python bench/resync.py --quick         # 256 MiB slice, 3 runs (smoke test)
    python bench/resync.py --diagnose      # also: the bare copy primitive, and a cProfile of one copy

It builds a throw-away workspace (two physical disks, ``Class1``/``Group1``, one mirrored volume
filled with real, non-sparse data), then measures, through the public core API:

* full copy: ``detach_slice(jrm=False)`` + ``attach_slice`` (untimed), then ``copy_volume`` timed,
  with the engine's default ``workers`` and with ``workers=2``; compared in the same run with
  ``dd bs=1M conv=notrunc`` copying the same byte range between the same image files. The
  methods alternate (rotating order each round) and medians are compared. Page cache is hot:
  the data was just written; before every timed run the images are fsync'ed (untimed) so that
  no run pays for the write-back of the previous one.
* incremental copy: ``detach_slice(jrm=True)``, 1% of the 1 MiB regions (random, fixed seed)
  rewritten through ``open_device`` on the volume, ``attach_slice``, then ``copy_volume`` timed.
* peak RSS growth of the copying process.

The last line of output is machine-readable::

    full_vs_dd=X.XX incremental_bytes_ratio=X.XXX incremental_speedup=XX.X peak_rss_growth_mib=X.X \
    full_vs_dd_fdatasync=X.XX

The copy makes the target durable (an fdatasync before each chunk's JRM bits are cleared, and so
before the slice becomes ACTIVE), which plain dd does not: ``full_vs_dd_fdatasync`` compares it
with ``dd conv=fdatasync``, which ends durable too.

Only public tools are used: this Python, the gdsview core, and ``dd`` from coreutils.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import gdsview  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.names import BLOCK, MiB, access_path, volume_path
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.images import copy_range
from gdsview.core.storage.jrm import REGION_SIZE
from gdsview.core.storage.workspace import Workspace

CLASS, GROUP, VOLUME = "Class1", "Group1", "Volume1"
DISKS = (("sda", "Disk1"), ("sdb", "Disk2"))  # (physical disk, disk); Disk2 is the one resynchronized
STEP = 8 * MiB  # size of each pwrite when filling the volume
from gdsview.core.engine.resync import DEFAULT_WORKERS  # noqa: E402  (the engine default)

# -- the copying process ------------------------------------------------------------------------
# Every engine copy runs in a child process (``--child``), the way ``sdx*`` commands run copies in
# the detached ``gdsview.core.engine.copyd`` worker. The child measures its own RSS high-water mark
# (ru_maxrss) just before calling copy_volume, once the workspace, database connection and
# imports are in place, and again after it returns: the difference is what copying costs in
# memory, whatever ran before in the parent (filling the volume with 8 MiB buffers, earlier
# copies) and whatever the page cache holds (page cache is not RSS). A fresh process per copy
# also means no run inherits a warmed-up or fragmented heap from the previous one.


def child_main(root: str, workers: int, mode: str, profile: bool) -> int:
    ws = Workspace(root)
    with ws.store.read() as conn:  # open the database connection before the baseline
        conn.execute("SELECT COUNT(*) FROM slices").fetchone()
    rss0 = _reset_peak_rss()
    cpu0 = _cpu(resource.RUSAGE_SELF)
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t0 = time.perf_counter()
    if mode == "primitive":
        out = _primitive_copy(ws)
    else:
        result = copy_volume(ws, CLASS, VOLUME, workers=workers, source="bench")
        out = {"outcome": result.outcome, "copied_bytes": result.copied_bytes,
               "engine_seconds": result.seconds, "message": result.message}
    seconds = time.perf_counter() - t0
    if prof is not None:
        prof.disable()
    cpu = _cpu(resource.RUSAGE_SELF) - cpu0
    rss1 = _peak_rss()
    ws.close()
    out.update(seconds=seconds, cpu=cpu, rss_base_kib=rss0, rss_peak_kib=rss1)
    if prof is not None:
        import io
        import pstats

        text = io.StringIO()
        stats = pstats.Stats(prof, stream=text)
        stats.sort_stats("tottime").print_stats(18)
        out["profile"] = text.getvalue()
    print(json.dumps(out))
    return 0


def _primitive_copy(ws: Workspace) -> dict:
    """The engine's copy primitive alone (images.copy_range in 8 MiB chunks): no locks, no JRM
    map, no database. A diagnostic floor for what copy_volume could reach, not a copy a user runs."""
    with ws.store.read() as conn:
        row = conn.execute("SELECT first_block, blocks FROM volumes WHERE name = ?", (VOLUME,)).fetchone()
    offset, size = row[0] * BLOCK, row[1] * BLOCK
    src = os.open(ws.disks_dir / f"{DISKS[0][0]}.img", os.O_RDONLY)
    dst = os.open(ws.disks_dir / f"{DISKS[1][0]}.img", os.O_RDWR)
    try:
        chunk = 8 * REGION_SIZE
        for pos in range(0, size, chunk):
            n = min(chunk, size - pos)
            copy_range(src, dst, offset + pos, offset + pos, n)
    finally:
        os.close(src)
        os.close(dst)
    return {"outcome": "completed", "copied_bytes": size}


def _status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> int:
    """Baseline for the peak RSS: reset the high-water mark to the current RSS where Linux allows
    (``/proc/self/clear_refs`` 5), so that a transient peak before the copy (imports, sqlite) cannot
    hide what the copy adds; returns the baseline in KiB."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        current = _status_kib("VmRSS")
        if current is not None:
            return current
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_rss() -> int:
    hwm = _status_kib("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


# -- the benchmark --------------------------------------------------------------------------------
@dataclass
class Method:
    name: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_growth_mib: list[float] = field(default_factory=list)
    copied: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


class Bench:
    def __init__(self, root: Path, slice_bytes: int, image_bytes: int, args: argparse.Namespace) -> None:
        self.root = root
        self.slice_bytes = slice_bytes
        self.image_bytes = image_bytes
        self.args = args
        self.ws = Workspace(root)
        self.mgr = VolumeManager(self.ws, source="bench", launcher=None)  # copies are run by hand
        self.src_img = self.ws.disks_dir / f"{DISKS[0][0]}.img"
        self.dst_img = self.ws.disks_dir / f"{DISKS[1][0]}.img"
        self.offset = 0
        self.regions = slice_bytes // REGION_SIZE
        self.inline = args.inprocess
        self.parent_rss0 = 0

    # setup -----------------------------------------------------------------------------------
    def setup(self) -> None:
        for device, _ in DISKS:
            self.mgr.create_physical_disk(device, self.image_bytes)
        for device, disk in DISKS:
            self.mgr.register_disk(CLASS, device, disk)
        for _, disk in DISKS:
            self.mgr.connect_disk(CLASS, GROUP, disk)
        info = self.mgr.create_volume(CLASS, GROUP, VOLUME, self.slice_bytes // BLOCK)
        with self.ws.store.read() as conn:
            row = conn.execute("SELECT first_block, blocks FROM volumes WHERE name = ?", (VOLUME,)).fetchone()
        self.offset = row[0] * BLOCK
        assert row[1] * BLOCK == self.slice_bytes, (info, row[1])
        # Real data on both slices (a write to the volume goes to every ACTIVE slice), 8 MiB per
        # pwrite; every block differs from the others in its first bytes, so no two are alike.
        block = bytearray(os.urandom(STEP))
        with open_device(self.ws, volume_path(CLASS, VOLUME), writable=True, source="bench") as dev:
            for i, pos in enumerate(range(0, self.slice_bytes, STEP)):
                struct.pack_into("<QQ", block, 0, i, 0x9E3779B97F4A7C15 ^ i)
                n = min(STEP, self.slice_bytes - pos)
                dev.pwrite(memoryview(block)[:n], pos)
        self.settle()
        for img in (self.src_img, self.dst_img):
            allocated = os.stat(img).st_blocks * 512
            if allocated < self.slice_bytes:
                raise SystemExit(f"{img} holds only {allocated} bytes of data: the fill did not reach it")

    def settle(self) -> None:
        """Write back what the previous run dirtied (untimed): every run starts clean and hot."""
        if self.args.no_settle:
            return
        # Only the images: opening and closing the database file here would drop SQLite's POSIX
        # locks held by this process's connection.
        for path in (self.src_img, self.dst_img):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    # one run of each method ---------------------------------------------------------------------
    def copy(self, workers: int, *, mode: str = "engine", profile: bool = False) -> dict:
        if self.inline and not profile:
            return self._copy_inline(workers, mode)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(self.root),
               "--workers", str(workers), "--mode", mode] + (["--profile"] if profile else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"copy process failed ({proc.returncode}):\n{proc.stderr}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def _copy_inline(self, workers: int, mode: str) -> dict:
        cpu0 = _cpu(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        if mode == "primitive":
            out = _primitive_copy(self.ws)
        else:
            r = copy_volume(self.ws, CLASS, VOLUME, workers=workers, source="bench")
            out = {"outcome": r.outcome, "copied_bytes": r.copied_bytes, "engine_seconds": r.seconds,
                   "message": r.message}
        out["seconds"] = time.perf_counter() - t0
        out["cpu"] = _cpu(resource.RUSAGE_SELF) - cpu0
        # In-process, the figure is the growth of this process over its RSS before the first copy.
        out["rss_base_kib"] = self.parent_rss0
        out["rss_peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return out

    def full_engine(self, workers: int, *, scribble: bool = False, profile: bool = False) -> dict:
        self.mgr.detach_slice(CLASS, DISKS[1][1], VOLUME, jrm=False)
        if scribble:  # make the slice really differ, so that verify proves the copy did its work
            with open_device(self.ws, access_path(CLASS, DISKS[1][1], VOLUME), writable=True) as dev:
                junk = b"\xa5" * REGION_SIZE
                for region in (0, self.regions // 2, self.regions - 1):
                    dev.pwrite(junk, region * REGION_SIZE)
        self.mgr.attach_slice(CLASS, DISKS[1][1], VOLUME)
        self.settle()
        out = self.copy(workers, profile=profile)
        self._check(out, self.slice_bytes)
        return out

    def primitive(self) -> dict:
        self.settle()
        out = self.copy(1, mode="primitive")
        self._check(out, self.slice_bytes)
        return out

    def dd(self, durable: bool = False) -> dict:
        """dd over the same byte range; ``durable``: conv=fdatasync too (ends durable, as our copy does)."""
        self.settle()
        cmd = ["dd", f"if={self.src_img}", f"of={self.dst_img}", "bs=1M",
               "conv=notrunc,fdatasync" if durable else "conv=notrunc",
               "iflag=skip_bytes,count_bytes", "oflag=seek_bytes",
               f"skip={self.offset}", f"seek={self.offset}", f"count={self.slice_bytes}"]
        cpu0 = _cpu(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
        wall = time.perf_counter() - t0
        cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu0
        if proc.returncode:
            raise SystemExit(f"dd failed: {proc.stderr}")
        # dd's own figure: from after it opened the files to the end of the copy.
        m = re.search(r"^(\d+) bytes .* copied, ([0-9.]+) s", proc.stderr, re.M)
        if not m or int(m.group(1)) != self.slice_bytes:
            raise SystemExit(f"unexpected dd report: {proc.stderr!r}")
        return {"seconds": float(m.group(2)), "wall": wall, "cpu": cpu, "copied_bytes": int(m.group(1))}

    def incremental(self, run: int) -> tuple[dict, int]:
        """Detach with JRM on, rewrite 1% of the regions through the volume, attach, copy."""
        self.mgr.detach_slice(CLASS, DISKS[1][1], VOLUME, jrm=True)
        count = max(1, round(self.regions * self.args.dirty_pct / 100))
        chosen = sorted(random.Random(self.args.seed + run).sample(range(self.regions), count))
        data = bytearray(os.urandom(REGION_SIZE))
        with open_device(self.ws, volume_path(CLASS, VOLUME), writable=True, source="bench") as dev:
            for region in chosen:
                struct.pack_into("<QQ", data, 0, run, region)
                dev.pwrite(data, region * REGION_SIZE)
        self.mgr.attach_slice(CLASS, DISKS[1][1], VOLUME)
        self.settle()
        out = self.copy(DEFAULT_WORKERS)
        self._check(out, None)
        return out, count * REGION_SIZE

    def verify(self, what: str) -> None:
        result = verify_volume(self.ws, CLASS, VOLUME)
        if not result.ok:
            raise SystemExit(f"verify failed after {what}: slices differ at {result.differences[:5]}")

    @staticmethod
    def _check(out: dict, expected: int | None) -> None:
        if out.get("outcome") != "completed":
            raise SystemExit(f"copy did not complete: {out}")
        if expected is not None and out["copied_bytes"] != expected:
            raise SystemExit(f"copy moved {out['copied_bytes']} bytes, expected {expected}")

    def close(self) -> None:
        self.ws.close()


def _record(method: Method, out: dict) -> None:
    method.seconds.append(out["seconds"])
    method.cpu.append(out["cpu"])
    method.copied.append(out["copied_bytes"])
    if "rss_peak_kib" in out:
        method.rss_growth_mib.append(max(0, out["rss_peak_kib"] - out["rss_base_kib"]) / 1024)


def run(args: argparse.Namespace) -> int:
    slice_bytes = args.slice_mib * MiB
    image_bytes = args.size if args.size else 2 * slice_bytes
    if image_bytes < slice_bytes + MiB:
        raise SystemExit("--size must leave room for the slice plus the 1 MiB private region")
    if shutil.which("dd") is None:
        raise SystemExit("dd (coreutils) is needed for the comparison")
    base = Path(args.dir) if args.dir else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gdsview-bench-", dir=base))
    print(f"workspace {root}: 2 images of {image_bytes / MiB:.0f} MiB, slice {args.slice_mib} MiB, "
          f"{args.runs} runs, copies {'in this process' if args.inprocess else 'in a child process each'}",
          flush=True)
    bench = Bench(root, slice_bytes, image_bytes, args)
    try:
        t = time.perf_counter()
        bench.setup()
        print(f"setup (fill {args.slice_mib} MiB through the volume, both slices): "
              f"{time.perf_counter() - t:.1f} s", flush=True)
        bench.parent_rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        w_other = 2 if DEFAULT_WORKERS == 1 else 1
        engine = Method(f"copy_volume workers={DEFAULT_WORKERS}")
        engine2 = Method(f"copy_volume workers={w_other}")
        dd = Method("dd bs=1M (dd's own time)")
        dd_wall = Method("dd bs=1M (wall, incl. exec)")
        dd_sync = Method("dd bs=1M conv=fdatasync")
        prim = Method("images.copy_range only")
        incr = Method(f"incremental ({args.dirty_pct:g}% dirty)")

        # Warm-up, untimed: the first engine copy overwrites 3 regions of Disk2's slice first and
        # is checked with verify, so a copy that moved nothing could not pass.
        bench.full_engine(DEFAULT_WORKERS, scribble=True)
        bench.verify("a full copy")
        bench.dd()

        def do_engine() -> None:
            _record(engine, bench.full_engine(DEFAULT_WORKERS))

        def do_engine2() -> None:
            _record(engine2, bench.full_engine(w_other))

        def do_dd() -> None:
            out = bench.dd()
            _record(dd, out)
            _record(dd_wall, {**out, "seconds": out["wall"]})

        def do_dd_sync() -> None:
            _record(dd_sync, bench.dd(durable=True))

        def do_prim() -> None:
            _record(prim, bench.primitive())

        steps = [do_engine, do_dd, do_engine2, do_dd_sync] + ([do_prim] if args.diagnose else [])
        for r in range(args.runs):
            k = r % len(steps)  # rotate the order: each method takes every position in turn
            for step in steps[k:] + steps[:k]:
                step()
            print(f"round {r + 1}/{args.runs}: engine {engine.seconds[-1]:.3f} s, dd {dd.seconds[-1]:.3f} s, "
                  f"workers={w_other} {engine2.seconds[-1]:.3f} s", flush=True)

        dirty_bytes = []
        for r in range(args.runs):
            out, dirty = bench.incremental(r)
            _record(incr, out)
            dirty_bytes.append(dirty)
        bench.verify("the incremental copies")

        profile_text = ""
        if args.diagnose:
            profile_text = bench.full_engine(DEFAULT_WORKERS, profile=True).get("profile", "")

        ratios = [c / d for c, d in zip(incr.copied, dirty_bytes, strict=True)]
        incremental_bytes_ratio = max(ratios)
        full_vs_dd = dd.median / engine.median  # throughput ratio = inverse time ratio
        full_vs_dd_fdatasync = dd_sync.median / engine.median
        incremental_speedup = engine.median / incr.median
        rss_all = [x for m in (engine, engine2, incr, prim) for x in m.rss_growth_mib]
        peak_rss = max(rss_all) if rss_all else 0.0

        print()
        rows = [engine, engine2, dd, dd_wall, dd_sync] + ([prim] if args.diagnose else []) + [incr]
        header = (f"{'method':<30} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'GiB/s':>6} "
                  f"{'vs dd':>6} {'CPU s':>6} {'RSS+ MiB':>8}")
        print(header)
        print("-" * len(header))
        for m in rows:
            nbytes = statistics.median(m.copied)
            gib_s = nbytes / m.median / (1 << 30)
            vs = f"{(nbytes / m.median) / (slice_bytes / dd.median):6.2f}" if m is not incr else f"{'-':>6}"
            rss = f"{max(m.rss_growth_mib):8.1f}" if m.rss_growth_mib else f"{'-':>8}"
            print(f"{m.name:<30} {len(m.seconds):>4} {m.median:>9.4f} {min(m.seconds):>7.4f} "
                  f"{max(m.seconds):>7.4f} {gib_s:>6.2f} {vs} {statistics.median(m.cpu):>6.3f} {rss}")
        print()
        print(f"full copy: {slice_bytes} bytes; incremental: {dirty_bytes[0]} dirty bytes per run "
              f"({dirty_bytes[0] // REGION_SIZE} of {bench.regions} regions), copied "
              f"{', '.join(str(c) for c in incr.copied)} bytes; target ratio <= "
              f"{(dirty_bytes[0] + REGION_SIZE) / dirty_bytes[0]:.3f}")
        print(f"workers={w_other} vs dd: {dd.median / engine2.median:.2f}; "
              f"workers={w_other} vs workers={DEFAULT_WORKERS}: {engine.median / engine2.median:.2f}")
        print("RSS+: growth of the copying process's peak RSS over its baseline just before copy_volume"
              + (" (in this process)" if args.inprocess else " (one child process per copy)"))
        if profile_text:
            print(f"\ncProfile of one full copy (workers={DEFAULT_WORKERS}), by own time:")
            print(profile_text.rstrip())
        print()
        print(f"full_vs_dd={full_vs_dd:.2f} incremental_bytes_ratio={incremental_bytes_ratio:.3f} "
              f"incremental_speedup={incremental_speedup:.1f} peak_rss_growth_mib={peak_rss:.1f} "
              f"full_vs_dd_fdatasync={full_vs_dd_fdatasync:.2f}")
        return 0
    finally:
        bench.close()
        if args.keep:
            print(f"(workspace kept: {root})", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=_size, default=None,
                   help="size of each physical disk image, e.g. 2G (default: twice the slice)")
    p.add_argument("--slice-mib", type=int, default=None, help="volume (slice) size in MiB (default 1024)")
    p.add_argument("--runs", type=int, default=None, help="timed runs of each method (default 5)")
    p.add_argument("--dir", default=None, help="folder in which the temporary workspace is made (default: $TMPDIR)")
    p.add_argument("--quick", action="store_true", help="smoke test: 256 MiB slice, 3 runs")
    p.add_argument("--dirty-pct", type=float, default=1.0, help="percentage of regions dirtied (default 1)")
    p.add_argument("--seed", type=int, default=20240601, help="seed for choosing the dirty regions")
    p.add_argument("--inprocess", action="store_true", help="run the copies in this process (no child)")
    p.add_argument("--no-settle", action="store_true", help="do not fsync the images before each timed run")
    p.add_argument("--diagnose", action="store_true",
                   help="also time the bare copy primitive and print a cProfile of one full copy")
    p.add_argument("--keep", action="store_true", help="keep the workspace")
    # internal: one copy in a child process
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help=argparse.SUPPRESS)
    p.add_argument("--mode", default="engine", choices=("engine", "primitive"), help=argparse.SUPPRESS)
    p.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.slice_mib is None:
        args.slice_mib = 256 if args.quick else 1024
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if args.slice_mib < 1 or args.runs < 1:
        p.error("--slice-mib and --runs must be at least 1")
    return args


def _size(text: str) -> int:
    m = re.fullmatch(r"(\d+)([KMGT]?)(i?B)?", text.strip(), re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"invalid size {text!r}: use e.g. 2G or 512M")
    n = int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[m.group(2).upper()]
    if n % BLOCK:
        raise argparse.ArgumentTypeError("size must be a multiple of 512 bytes")
    return n


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args.child, args.workers, args.mode, args.profile)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
