"""PostgreSQL in a backup: a throwaway server on the mounted copy proves it (crash recovery, invariant, amcheck).

The server has its own port, socket folder and log, runs as ``postgres``, and is stopped (killed by
its own PID if it will not stop) before the copy is unmounted.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from .report import ProofError, ProofReport, Verdict
from .tools import free_port, run, which

USER = "postgres"
RECOVERY_LINES = ("database system was not properly shut down; automatic recovery in progress",
                  "database system was interrupted")
INVARIANT_SQL = ("select (select coalesce(sum(abalance), 0) from pgbench_accounts), "
                 "(select coalesce(sum(tbalance), 0) from pgbench_tellers), "
                 "(select coalesce(sum(bbalance), 0) from pgbench_branches), "
                 "(select coalesce(sum(delta), 0) from pgbench_history), "
                 "(select count(*) from pgbench_history)")


def cluster_state(pgdata: Path) -> str:
    """pg_controldata's "Database cluster state" ("shut down", "in production", ...)."""
    tool = which("pg_controldata")
    if tool is None:
        raise ProofError("pg_controldata is not installed")
    r = run([tool, str(pgdata)], user=USER)
    for line in r.stdout.splitlines():
        if line.startswith("Database cluster state:"):
            return line.split(":", 1)[1].strip()
    raise ProofError(f"pg_controldata cannot read the control file: {(r.stderr or r.stdout).strip()[:200]}")


class Server:
    """A throwaway postmaster on ``pgdata``."""

    def __init__(self, pgdata: Path, workdir: Path) -> None:
        self.pgdata = pgdata
        self.port = free_port()
        self.sockets = workdir / "sockets"
        self.sockets.mkdir()
        self.log = workdir / "server.log"
        self.log.touch()
        for p in (workdir, self.sockets, self.log):
            shutil.chown(p, USER, USER)
        self.pid: int | None = None

    def start(self) -> None:
        # A copy taken while the server ran holds its postmaster.pid; its PID may be alive (the very
        # server the backup came from): on this throwaway copy the stale lock file goes.
        (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
        opts = (f"-p {self.port} -k {self.sockets} -c listen_addresses='' -c logging_collector=off "
                "-c archive_mode=off -c shared_buffers=16MB")
        r = run([_tool("pg_ctl"), "-D", str(self.pgdata), "-l", str(self.log), "-o", opts, "-w", "-t", "120",
                 "start"], user=USER, timeout=180)
        self.pid = self._read_pid()
        if r.returncode != 0:
            raise ProofError("the server would not start: " + self.log_tail())

    def _read_pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        pid = self.pid or self._read_pid()
        if pid is None:
            return
        run([_tool("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop"], user=USER, timeout=90)
        if _alive(pid):  # it would not stop: kill our own server, by its PID
            os.kill(pid, signal.SIGKILL)
            for _ in range(100):
                if not _alive(pid):
                    break
                time.sleep(0.05)
        self.pid = None

    def psql(self, sql: str, db: str = "postgres") -> list[list[str]]:
        r = run([_tool("psql"), "-X", "-h", str(self.sockets), "-p", str(self.port), "-d", db, "-At", "-F", "\t",
                 "-v", "ON_ERROR_STOP=1", "-c", sql], user=USER)
        if r.returncode != 0:
            raise ProofError(f"query failed in {db}: {r.stderr.strip()[:300]}")
        return [ln.split("\t") for ln in r.stdout.splitlines() if ln]

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, n: int = 3) -> str:
        lines = [ln for ln in self.log_text().splitlines() if ln.strip()]
        return " / ".join(lines[-n:]) or "no server log"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child is not ours (pg_ctl daemonizes), so only a live process answers
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def _tool(name: str) -> str:
    found = which(name)
    if found is None:
        raise ProofError(f"{name} is not installed")
    return found


def check_postgresql(report: ProofReport, pgdata: Path) -> None:
    """Start a throwaway server on ``pgdata`` (on the mounted copy) and prove the data."""
    with report.timed("postgresql state", "pg_controldata before start") as c:
        state = cluster_state(pgdata)
        if state == "shut down":
            c.found = "shut down cleanly (checkpointed): no recovery needed"
        else:
            c.verdict = Verdict.RECOVERED
            c.found = f'"{state}": the server was running, so it will need crash recovery'
    if c.verdict is Verdict.DAMAGED:
        return
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="gdsview-proof-pg-"))
        stack.callback(shutil.rmtree, workdir, True)
        os.chmod(workdir, 0o755)
        server = Server(pgdata, workdir)
        with report.timed("postgresql start", "a throwaway server on the copy (own port, socket, log)") as c:
            stack.callback(server.stop)
            server.start()
            log = server.log_text()
            if any(line in log for line in RECOVERY_LINES) or "redo done" in log:
                c.verdict = Verdict.RECOVERED
                redo = re.search(r"redo done at (\S+)", log)
                c.found = "started after crash recovery (WAL replayed" + (
                    f", redo done at {redo.group(1)}" if redo else "") + ")"
            else:
                c.found = "started without recovery"
        if c.verdict is Verdict.DAMAGED:
            return
        db = _pgbench_database(report, server)
        if db is None:
            return
        _invariant(report, server, db)
        _amcheck(report, server)


def _pgbench_database(report: ProofReport, server: Server) -> str | None:
    with report.timed("pgbench tables", "the database holding pgbench_accounts") as c:
        for (name,) in server.psql("select datname from pg_database where datallowconn order by datname"):
            if server.psql("select count(*) from pg_class where relname = 'pgbench_accounts'", name)[0][0] != "0":
                c.found = f"database {name}"
                return name
        c.verdict, c.found = Verdict.DAMAGED, "no database holds pgbench's tables"
    return None


def _invariant(report: ProofReport, server: Server, db: str) -> None:
    with report.timed("invariant", "sum(abalance) = sum(tbalance) = sum(bbalance) = sum(pgbench_history.delta)") as c:
        a, t, b, h, n = (int(x) for x in server.psql(INVARIANT_SQL, db)[0])
        sums = f"accounts {a}, tellers {t}, branches {b}, history {h} over {n} transactions"
        if a == t == b == h:
            c.found = "holds: " + sums
        else:
            c.verdict, c.found = Verdict.DAMAGED, "FAILS: " + sums


def _amcheck(report: ProofReport, server: Server) -> None:
    tool = which("pg_amcheck")
    if tool is None:
        with report.timed("pg_amcheck", "tables and indexes") as c:
            c.found = "pg_amcheck is not installed: not checked"
        return
    with report.timed("pg_amcheck", "every database's tables and indexes (--heapallindexed)") as c:
        r = run([tool, "-h", str(server.sockets), "-p", str(server.port), "--all", "--install-missing",
                 "--heapallindexed"], user=USER)
        if r.returncode == 0:
            c.found = "no corruption"
        else:
            lines = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.strip()]
            c.verdict = Verdict.DAMAGED
            c.found = f"corruption (exit {r.returncode}): " + " / ".join(lines[:3])[:400]
