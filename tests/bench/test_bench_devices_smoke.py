"""Smoke test of the device benchmark: it runs end to end (--quick), its last line parses, and it
leaves nothing mounted or attached. No figure is asserted: they depend on the machine."""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "devices"))
from devices_helpers import REASON  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "bench" / "devices.py"
KEYS = ("seq_write_vs_loop", "seq_read_vs_loop", "rand4k_write_vs_loop", "pgbench_vs_loop")
PG = Path("/usr/lib/postgresql/15/bin/pg_ctl")


@pytest.mark.skipif(REASON is not None, reason=REASON or "")
@pytest.mark.skipif(shutil.which("fio") is None or shutil.which("pgbench") is None or not PG.exists(),
                    reason="fio, pgbench and the PostgreSQL 15 server are needed")
def test_bench_devices_quick():
    # not tmp_path: its parents are private to root, and PostgreSQL runs as the postgres user
    tmp_path = Path(tempfile.mkdtemp(prefix="gdsview-bench-smoke-", dir="/tmp"))
    tmp_path.chmod(0o755)
    try:
        proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--dir", str(tmp_path)],
                              capture_output=True, text=True, timeout=600)
        left = list(tmp_path.iterdir())
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "slices identical" in proc.stdout
    last = proc.stdout.strip().splitlines()[-1]
    pairs = dict(item.split("=", 1) for item in last.split(" "))
    assert tuple(pairs) == KEYS, last
    for key, value in pairs.items():
        assert re.fullmatch(r"\d+\.\d\d", value) and float(value) > 0, (key, value)
    assert left == []  # everything it made was removed
    assert str(tmp_path) not in Path("/proc/self/mountinfo").read_text()
