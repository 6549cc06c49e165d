"""Smoke tests of the benchmarks (resync, durability): they run end to end and their last lines parse.

No timing is asserted: the figures depend on the machine. The benchmark itself checks that every
copy completed, moved the expected bytes and left the slices identical (it exits non-zero if not).
"""

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "resync.py"
KEYS = ("full_vs_dd", "incremental_bytes_ratio", "incremental_speedup", "peak_rss_growth_mib", "full_vs_dd_fdatasync")


def test_bench_resync_quick(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--slice-mib", "64", "--runs", "1", "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    pairs = dict(item.split("=", 1) for item in last.split(" "))
    assert tuple(pairs) == KEYS, last
    for key, value in pairs.items():
        assert re.fullmatch(r"\d+\.\d+", value), (key, value)
    assert float(pairs["incremental_bytes_ratio"]) >= 1.0  # it copies at least the dirty bytes
    assert list(tmp_path.iterdir()) == []  # the temporary workspace was removed


DURABILITY = BENCH.with_name("durability.py")
DURABILITY_KEYS = ("volume_vs_two_files_seq", "volume_vs_two_files_rand4k", "detached_vs_attached_seq")


def test_bench_durability_quick(tmp_path):
    """bench/durability.py runs end to end (it checks the slices are identical after) and its last line parses."""
    proc = subprocess.run(
        [sys.executable, str(DURABILITY), "--quick", "--seq-mib", "16", "--rand-mib", "1", "--rounds", "1",
         "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    pairs = dict(item.split("=", 1) for item in last.split(" "))
    assert tuple(pairs) == DURABILITY_KEYS, last
    for key, value in pairs.items():
        assert re.fullmatch(r"\d+\.\d\d", value), (key, value)
    assert list(tmp_path.iterdir()) == []  # the temporary workspace was removed


CLUSTER_BENCH = Path(__file__).resolve().parents[2] / "bench" / "cluster.py"


def test_bench_cluster_quick():
    """The cluster benchmark (docs/cluster.md) without PostgreSQL: the OFD lock and the poll, and
    nbdkit when it is installed; its last line parses."""
    proc = subprocess.run([sys.executable, str(CLUSTER_BENCH), "--quick", "--no-postgres"], capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = dict(line.split() for line in proc.stdout.strip().splitlines()[:-1])
    assert float(rows["ofd_lock_unlock_us"]) > 0 and float(rows["data_version_poll_us"]) > 0
    last = proc.stdout.strip().splitlines()[-1]
    for item in filter(None, last.split(" ")):
        key, value = item.split("=", 1)
        assert re.fullmatch(r"\d+(\.\d+)?", value), (key, value)
