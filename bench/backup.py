"""Sparse backups against full copies: bytes stored and time, on the demo lab's Volume2 (256 MiB).

    .venv/bin/python bench/backup.py [--runs 3] [--dir DIR]

Two cases, both through a detached slice's access path:

* **empty**: Disk2.Volume2 of a fresh demo lab (the volume was never written: its slices are holes);
* **half full**: the first 128 MiB of Volume2 written with random data (8 MiB blocks), then detached.

For each, ``lab.backup.backup_access_path`` (sparse: holes and all-zero pieces are not written) and a
full copy (every byte read through the same Device and written, as backups were made before) run
alternately; the table shows the median time and the bytes each file takes on disk, and checks that
both files hold the same bytes (SHA-256). The last line is ``empty_sparse_mib=... empty_full_mib=...
empty_speedup=... half_sparse_mib=... half_full_mib=... half_speedup=...`` (MiB stored on disk; speedup:
the full copy's median time ÷ the sparse backup's).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from gdsview.core.engine.volume_io import open_device  # noqa: E402
from gdsview.core.policy.manager import VolumeManager  # noqa: E402
from gdsview.core.storage.workspace import Workspace  # noqa: E402
from gdsview.lab.backup import backup_access_path  # noqa: E402
from gdsview.lab.demo import init_lab  # noqa: E402

MiB = 1 << 20
CHUNK = 8 * MiB
ACCESS_PATH = "/dev/sfdsk/Class1/dsk/Disk2.Volume2"


def full_copy(ws: Workspace, path: str, dest: Path) -> str:
    """Every byte read and written (no holes): the backup as it was made before."""
    digest = hashlib.sha256()
    with open_device(ws, path) as dev, open(dest, "wb") as f:
        done = 0
        while done < dev.size:
            data = dev.pread(min(CHUNK, dev.size - done), done)
            f.write(data)
            digest.update(data)
            done += len(data)
        f.flush()
        os.fsync(f.fileno())
    return digest.hexdigest()


def stored(path: Path) -> int:
    return path.stat().st_blocks * 512


def measure(ws: Workspace, out: Path, runs: int) -> dict[str, tuple[float, int, str]]:
    times: dict[str, list[float]] = {"sparse": [], "full": []}
    result: dict[str, tuple[float, int, str]] = {}
    for i in range(runs):
        for method in ("sparse", "full") if i % 2 == 0 else ("full", "sparse"):
            dest = out / f"{method}.img"
            for p in (dest, dest.with_name(dest.name + ".sha256")):
                p.unlink(missing_ok=True)
            t0 = time.perf_counter()
            if method == "sparse":
                sha = backup_access_path(ws, ACCESS_PATH, dest, source="bench").sha256
            else:
                sha = full_copy(ws, ACCESS_PATH, dest)
            times[method].append(time.perf_counter() - t0)
            result[method] = (0.0, stored(dest), sha)
    for method, (_t, size, sha) in result.items():
        result[method] = (statistics.median(times[method]), size, sha)
    if result["sparse"][2] != result["full"][2]:
        raise SystemExit("the sparse backup and the full copy differ")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the temporary workspace is made (default $TMPDIR)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gdsview-bench-backup-", dir=args.dir))
    figures = {}
    try:
        for case in ("empty", "half"):
            ws = Workspace(tmp / case / "ws")
            manager = VolumeManager(ws, source="bench")
            init_lab(manager)
            if case == "half":
                with open_device(ws, "/dev/sfdsk/Class1/dsk/Volume2", writable=True, source="bench") as dev:
                    for offset in range(0, dev.size // 2, CHUNK):
                        dev.pwrite(os.urandom(CHUNK), offset)
            manager.detach_slice("Class1", "Disk2", "Volume2")
            out = tmp / case / "out"
            out.mkdir()
            figures[case] = measure(ws, out, args.runs)
            ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'case':<10} {'method':<7} {'median s':>9} {'stored MiB':>11}")
    for case, result in figures.items():
        for method, (seconds, size, _sha) in result.items():
            print(f"{case:<10} {method:<7} {seconds:>9.3f} {size / MiB:>11.1f}")
    ratios = []
    for case, result in figures.items():
        (ts, ss, _), (tf, sf, _) = result["sparse"], result["full"]
        ratios.append(f"{case}_sparse_mib={ss / MiB:.1f} {case}_full_mib={sf / MiB:.1f} {case}_speedup={tf / ts:.2f}")
    print(" ".join(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
