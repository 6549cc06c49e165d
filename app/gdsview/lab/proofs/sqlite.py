"""SQLite in a backup: was its WAL holding frames (it was open), integrity_check and pgbench's invariant."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from .report import ProofReport, Verdict

INVARIANT_SQL = ("select (select coalesce(sum(abalance), 0) from pgbench_accounts), "
                 "(select coalesce(sum(tbalance), 0) from pgbench_tellers), "
                 "(select coalesce(sum(bbalance), 0) from pgbench_branches), "
                 "(select coalesce(sum(delta), 0) from pgbench_history), "
                 "(select count(*) from pgbench_history)")
WAL_HEADER = 32
FRAME_HEADER = 24


def wal_frames(db: Path) -> int:
    """How many frames the database's ``-wal`` file holds (0: none, or no WAL file)."""
    wal = db.with_name(db.name + "-wal")
    try:
        size = wal.stat().st_size
        with open(wal, "rb") as f:
            head = f.read(WAL_HEADER)
    except OSError:
        return 0
    if size <= WAL_HEADER or len(head) < WAL_HEADER:
        return 0
    page_size = struct.unpack(">I", head[8:12])[0] or 65536
    return (size - WAL_HEADER) // (page_size + FRAME_HEADER)


def check_sqlite(report: ProofReport, db: Path) -> None:
    """Prove the SQLite database ``db`` on the mounted copy (opening it replays its WAL there)."""
    with report.timed("sqlite wal", f"{db.name}-wal: frames not yet checkpointed") as c:
        frames = wal_frames(db)
        if frames:
            c.verdict = Verdict.RECOVERED
            c.found = (f"{frames} frames: the database was open, SQLite replays them on open")
        else:
            c.found = "no WAL frames: closed cleanly"
    try:
        conn = sqlite3.connect(f"file:{db}?mode=rw", uri=True, timeout=10)
    except sqlite3.Error as e:
        with report.timed("sqlite open", str(db.name)) as c:
            c.verdict, c.found = Verdict.DAMAGED, f"cannot open: {e}"
        return
    try:
        with report.timed("integrity", "PRAGMA integrity_check") as c:
            try:
                rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            except sqlite3.DatabaseError as e:
                rows = [str(e)]
            if rows == ["ok"]:
                c.found = "ok"
            else:
                c.verdict, c.found = Verdict.DAMAGED, "; ".join(rows[:3])[:400]
        with report.timed("invariant", "sum(abalance) = sum(tbalance) = sum(bbalance) = "
                                       "sum(pgbench_history.delta)") as c:
            try:
                a, t, b, h, n = conn.execute(INVARIANT_SQL).fetchone()
            except sqlite3.DatabaseError as e:
                c.verdict, c.found = Verdict.DAMAGED, f"cannot be read: {e}"
            else:
                sums = f"accounts {a}, tellers {t}, branches {b}, history {h} over {n} transactions"
                if a == t == b == h:
                    c.found = "holds: " + sums
                else:
                    c.verdict, c.found = Verdict.DAMAGED, "FAILS: " + sums
    finally:
        conn.close()
