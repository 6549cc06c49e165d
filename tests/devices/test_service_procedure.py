"""The GDS guide's reliable backup procedure (section 7.7.1) from the command line, on a live
PostgreSQL database under pgbench: the backup taken after Stop Service verifies CLEAN; the same
detach done while pgbench runs gives a backup that verifies RECOVERED (the hot-detach lesson).

Real tools throughout (the device server, ext4, PostgreSQL, pgbench, e2fsck, a throwaway server
for the proof); everything is undone in reverse order by the fixtures of tests/devices.
"""

from __future__ import annotations

import subprocess

import pytest
from devices_helpers import Served, gds_env
from gdsview.lab.apps import postgresql
from gdsview.lab.servicectl import request_stop, service_runs
from workspace_helpers import CLASS, GROUP

PG_REASON = postgresql.why_unavailable()
ACCESS_PATH = f"/dev/sfdsk/{CLASS}/dsk/Disk3.Volume1"


def _commands(svc: Served, undo):
    env = {**gds_env(svc.ws.root), "GDSVIEW_DEVICES_ROOT": str(svc.root)}

    def run(*args: str, rc: int = 0) -> str:
        proc = subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == rc, f"{args}: rc {proc.returncode}\n{proc.stdout}{proc.stderr}"
        return proc.stdout + proc.stderr

    def stop_workers() -> None:
        for r in service_runs(svc.ws):
            request_stop(svc.ws, r.class_name, r.volume, timeout=120)

    undo.push("stop the background services", stop_workers)
    return run


def _start(run) -> None:
    out = run("gdsview", "service", "start", "-c", CLASS, "-v", "Volume1", "--app", "postgresql",
              "--clients", "2", "--rate", "200")
    assert "service started (postgresql" in out


def _backup_disk(run) -> None:
    run("sdxdisk", "-M", "-c", CLASS, "-d", "sdc=Disk3")  # 1.
    run("sdxdisk", "-C", "-c", CLASS, "-g", GROUP, "-d", "Disk3", "-e", "waitsync")  # 2.


@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_the_nine_steps_on_a_live_database_give_a_clean_backup(svc, undo, tmp_path):
    run = _commands(svc, undo)
    _start(run)  # the database in production
    _backup_disk(run)
    assert "stopped cleanly" in run("gdsview", "service", "stop", "-c", CLASS, "-v", "Volume1")  # 3.
    run("sdxslice", "-M", "-c", CLASS, "-d", "Disk3", "-v", "Volume1")  # 4.
    _start(run)  # 5. the same cluster resumes while the backup is taken
    backup = tmp_path / "volume1.img"
    run("gdsview", "backup", ACCESS_PATH, str(backup))  # 6.
    report = run("gdsview", "verify-backup", str(backup))  # exit 0: CLEAN
    assert "CLEAN" in report and "invariant" in report, report
    run("sdxslice", "-R", "-c", CLASS, "-s", "Disk3.Volume1", "-e", "waitsync")  # 7.
    run("sdxdisk", "-D", "-c", CLASS, "-g", GROUP, "-d", "Disk3")  # 8.
    run("sdxdisk", "-R", "-c", CLASS, "-d", "Disk3")  # 9.
    run("gdsview", "service", "stop", "-c", CLASS, "-v", "Volume1")
    graded = run("gdsview", "lab", "check")
    assert "all steps done in order, no warning" in graded, graded


@pytest.mark.slow  # the default run proves a hot backup RECOVERED in tests/devices/test_devices_proofs.py
@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_a_detach_while_pgbench_runs_gives_a_backup_that_needed_recovery(svc, undo, tmp_path):
    run = _commands(svc, undo)
    _start(run)
    _backup_disk(run)
    run("sdxslice", "-M", "-c", CLASS, "-d", "Disk3", "-v", "Volume1")  # no Stop Service first
    backup = tmp_path / "hot.img"
    run("gdsview", "backup", ACCESS_PATH, str(backup))
    report = run("gdsview", "verify-backup", str(backup), rc=2)  # exit 2: RECOVERED
    assert "RECOVERED" in report and "section 7.7.1" in report, report
    run("gdsview", "service", "stop", "-c", CLASS, "-v", "Volume1")
    graded = run("gdsview", "lab", "check", rc=1)
    assert "step 4" in graded, graded  # the detach without a stopped service is warned about
