"""The lab's service apps for real: PostgreSQL with pgbench and SQLite on an ext4 on a mirrored
volume, the built-in writer through the same interface, stops from any process, a crash.

As root with /dev/fuse and PostgreSQL 15 (this kind of machine) they run; elsewhere they skip and
say why. What a test makes is undone in reverse order (services, file system, loop device, the
device server) even when it fails.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading

import pytest
from devices_helpers import Served, Undo
from gdsview.core.events import EventKind
from gdsview.devices import loopdev
from gdsview.lab.apps import make_app, postgresql
from gdsview.lab.apps.sqlite import invariant
from gdsview.lab.apps.volume_fs import needs_recovery
from gdsview.lab.observer import observe
from gdsview.lab.servicectl import request_stop, service_runs
from service_helpers import psql
from workspace_helpers import CLASS, GROUP, wait_until

PG_REASON = postgresql.why_unavailable()


def started(svc: Served, app: str, undo: Undo, **options):
    service = make_app(app, svc.ws, CLASS, "Volume1", options, source="test")
    service.start()
    undo.push(f"stop the {app} service", lambda: service.stop())
    return service


def look_at_fs(svc: Served, fn):
    """Check the file system's state on disk, then run ``fn(root)`` on a read-only mount of it."""
    assert not needs_recovery(svc.file("Volume1")), "a stopped service left the ext4 needing journal recovery"
    target = svc.mount("Volume1", read_only=True)
    try:
        return fn(target)
    finally:
        svc.unmount(target)


def stops(svc: Served):
    return [e for e in svc.lab.manager.events(0, limit=100_000) if e.kind == EventKind.SERVICE_STOP]


@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_postgresql_runs_stops_clean_and_resumes_on_the_same_data(svc, undo):
    app = started(svc, "postgresql", undo, clients=2, rate=200)
    assert app.status().data.endswith("/pgdata") and app.status().unit == "TPS"
    wait_until(lambda: app.status().rate > 0, 60, "pgbench's TPS")
    assert loopdev.is_mountpoint(app.fs.root) and (app.fs.root / "gdsview-service.json").exists()
    wait_until(lambda: int(psql(app, "SELECT count(*) FROM pgbench_history")) > 20, 60, "transactions")
    st = app.stop()
    assert st.error is None and not st.running
    assert not loopdev.is_mountpoint(app.fs.root)  # the file system is unmounted: clean on disk
    assert "stopped cleanly" in stops(svc)[-1].text and stops(svc)[-1].severity == "INFO"

    def clean(root):
        import json

        info = json.loads((root / "gdsview-service.json").read_text())
        assert info["app"] == "postgresql" and info["scale"] == 1 and info["created"]
        assert postgresql.controldata_state(root / "pgdata") == "shut down"  # checkpointed: no WAL replay
        return info

    look_at_fs(svc, clean)
    again = started(svc, "postgresql", undo, clients=1, rate=100)
    history = int(psql(again, "SELECT count(*) FROM pgbench_history"))
    assert history > 20  # the same cluster: no new initdb, no new pgbench -i
    wait_until(lambda: int(psql(again, "SELECT count(*) FROM pgbench_history")) > history, 60, "the load resumed")
    sums = psql(again, "SELECT (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM "
                       "pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches), (SELECT sum(delta) "
                       "FROM pgbench_history)").split("|")
    assert len(set(sums)) == 1, f"pgbench's invariant does not hold: {sums}"
    assert request_stop(svc.ws, CLASS, "Volume1", timeout=120)  # the stop any process can ask for
    wait_until(lambda: not again.running, 30, "the stop")
    assert again.status().error is None
    look_at_fs(svc, lambda root: postgresql.controldata_state(root / "pgdata") == "shut down" or pytest.fail())


@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_a_postgresql_crash_is_logged_and_is_not_step_3(svc, undo):
    m = svc.lab.manager
    m.register_disk(CLASS, "sdc", "Disk3")  # 1. and 2. of the procedure: step 3 could be ticked now
    m.connect_disk(CLASS, GROUP, "Disk3")
    app = started(svc, "postgresql", undo, clients=2, rate=100)
    wait_until(lambda: app.status().rate > 0, 60, "pgbench's TPS")
    os.kill(app.postmaster_pid(), signal.SIGKILL)
    wait_until(lambda: not app.running, 60, "the crash to be seen")
    last = stops(svc)[-1]
    assert last.severity == "ERROR" and "crashed" in last.text and "postgresql" in last.text
    assert app.status().error
    assert not loopdev.is_mountpoint(app.fs.root)
    report = observe(m.events(0, limit=100_000))
    assert not next(s for s in report.steps if s.step.key == "stop_service").done
    assert service_runs(svc.ws) == []  # its lock went with it
    # the next start recovers (PostgreSQL replays its WAL) and a clean stop is step 3
    again = started(svc, "postgresql", undo, clients=1, rate=50)
    wait_until(lambda: again.status().rate > 0, 60, "pgbench's TPS after the crash")
    again.stop()
    assert next(s for s in observe(m.events(0, limit=100_000)).steps if s.step.key == "stop_service").done


def test_sqlite_runs_stops_clean_and_resumes(svc, undo):
    app = started(svc, "sqlite", undo, rate=0)
    assert app.status().data.endswith("/sqlite/service.db")
    wait_until(lambda: app.status().rate > 0 and app.status().transactions > 50, 60, "SQLite's TPS")
    first = app.stop()
    assert first.error is None and not loopdev.is_mountpoint(app.fs.root)

    def consistent(root):
        db = root / "sqlite" / "service.db"
        assert not (root / "sqlite" / "service.db-wal").exists() or \
            (root / "sqlite" / "service.db-wal").stat().st_size == 0  # checkpointed
        conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            sums = invariant(conn)
            rows = conn.execute("SELECT count(*) FROM pgbench_history").fetchone()[0]
        finally:
            conn.close()
        assert len(set(sums)) == 1, sums
        return rows

    rows = look_at_fs(svc, consistent)
    assert rows >= first.transactions > 50
    again = started(svc, "sqlite", undo, rate=0)
    wait_until(lambda: again.status().transactions > 10, 60, "the load resumed")
    stopper = threading.Thread(target=request_stop, args=(svc.ws, CLASS, "Volume1", 60))
    stopper.start()
    stopper.join(70)
    wait_until(lambda: not again.running, 30, "the stop")
    assert look_at_fs(svc, consistent) > rows


def test_builtin_through_the_apps_interface(svc, undo):
    app = started(svc, "builtin", undo, rate=8, pattern="random")
    wait_until(lambda: app.status().written_records > 32, 30, "records")
    assert app.status().data == "/dev/sfdsk/Class1/dsk/Volume1" and app.status().unit == "MiB/s"
    (run,) = service_runs(svc.ws)
    assert (run.app, run.pattern, run.rate_mib_s, run.options) == ("builtin", "random", 8, {"rate": 8, "pattern":
                                                                                            "random"})
    assert request_stop(svc.ws, CLASS, "Volume1")
    wait_until(lambda: not app.running, 10, "the stop")
    assert app.status().error is None and stops(svc)[-1].severity == "INFO"


@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_cli_start_status_stop_and_the_cluster_switch_path(svc, undo):
    from devices_helpers import gds_env
    from gdsview.lab.servicectl import start_detached, stop_class_services

    env = {**gds_env(svc.ws.root), "GDSVIEW_DEVICES_ROOT": str(svc.root)}

    def gdsview(*args, check=True):
        proc = subprocess.run(["gdsview", *args], capture_output=True, text=True, env=env, timeout=600)
        assert not check or proc.returncode == 0, f"{args}: {proc.stdout}{proc.stderr}"
        return proc

    def stop_workers():
        for r in service_runs(svc.ws):
            request_stop(svc.ws, r.class_name, r.volume, timeout=120)

    undo.push("stop the background services", stop_workers)
    out = gdsview("service", "start", "-c", CLASS, "-v", "Volume1", "--app", "postgresql", "--clients", "2",
                  "--rate", "100").stdout
    assert "service started (postgresql" in out and "/pgdata" in out
    assert "already running" in gdsview("service", "start", "-c", CLASS, "-v", "Volume1", "--app", "sqlite",
                                        check=False).stderr
    wait_until(lambda: " TPS" in gdsview("service", "status").stdout
               and not gdsview("service", "status").stdout.rstrip().endswith(" 0.0 TPS"), 60, "the TPS in status")
    status = gdsview("service", "status", "-c", CLASS, "-v", "Volume1").stdout
    assert status.startswith("Class1/Volume1: postgresql running (pid ") and "/pgdata" in status
    # the cluster's switch stops every app cleanly and starts it again with its options
    (run,) = stop_class_services(svc.ws, CLASS, timeout=120)
    assert (run.app, run.options) == ("postgresql", {"clients": 2, "rate": 100.0})
    assert stops(svc)[-1].severity == "INFO"
    start_detached(svc.ws, run, svc.ws.node)
    assert [r.app for r in service_runs(svc.ws)] == ["postgresql"]
    out = gdsview("service", "stop", "-c", CLASS, "-v", "Volume1").stdout
    assert "service stopped cleanly" in out and "pg_ctl stop -m fast" in out
    assert gdsview("service", "status").stdout.strip() == "no service is running"
    look_at_fs(svc, lambda root: postgresql.controldata_state(root / "pgdata") == "shut down" or pytest.fail())
