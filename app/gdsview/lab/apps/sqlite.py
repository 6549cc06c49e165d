"""SQLite with a TPC-B-like load (pgbench's tables and transaction), on an ext4 on the volume.

The database ``<fsroot>/sqlite/service.db`` is in WAL mode with ``synchronous=FULL`` (a commit is
on the disks when it returns). Each transaction is pgbench's: an account, its teller and its
branch change by one delta, which a history row records, so the sums of abalance, tbalance and
bbalance each equal sum(history.delta). A clean stop checkpoints the WAL into the database
(``wal_checkpoint(TRUNCATE)``), closes it and unmounts the file system.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from ...core.errors import SdxError
from .base import HostedApp
from .volume_fs import VolumeFs, mount_volume, now_iso

ACCOUNTS, TELLERS = 100_000, 10  # per branch, as pgbench
SCHEMA = (
    "CREATE TABLE pgbench_branches (bid INTEGER PRIMARY KEY, bbalance INTEGER NOT NULL, filler CHAR(88))",
    "CREATE TABLE pgbench_tellers (tid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, tbalance INTEGER NOT NULL, "
    "filler CHAR(84))",
    "CREATE TABLE pgbench_accounts (aid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, abalance INTEGER NOT NULL, "
    "filler CHAR(84))",
    "CREATE TABLE pgbench_history (tid INTEGER, bid INTEGER, aid INTEGER, delta INTEGER, mtime TIMESTAMP, "
    "filler CHAR(22))",
)
INVARIANT = ("SELECT (SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts), "
             "(SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers), "
             "(SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches), "
             "(SELECT coalesce(sum(delta), 0) FROM pgbench_history)")


def scale_for(size: int) -> int:
    """Branches for a file system of ``size`` bytes (scale 1 ≈ 12 MB in SQLite)."""
    return max(1, min(10, size // 4 // (16 << 20)))


def initialise(conn: sqlite3.Connection, scale: int) -> None:
    """pgbench -i: the four tables, ``scale`` branches, in one transaction."""
    conn.execute("BEGIN")
    try:
        for statement in SCHEMA:
            conn.execute(statement)
        conn.executemany("INSERT INTO pgbench_branches VALUES (?, 0, '')", ((b,) for b in range(1, scale + 1)))
        conn.executemany("INSERT INTO pgbench_tellers VALUES (?, ?, 0, '')",
                         ((t, (t - 1) // TELLERS + 1) for t in range(1, scale * TELLERS + 1)))
        conn.executemany("INSERT INTO pgbench_accounts VALUES (?, ?, 0, '')",
                         ((a, (a - 1) // ACCOUNTS + 1) for a in range(1, scale * ACCOUNTS + 1)))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def transaction(conn: sqlite3.Connection, rng: random.Random, scale: int) -> None:
    """pgbench's TPC-B-like transaction."""
    aid = rng.randint(1, scale * ACCOUNTS)
    tid = rng.randint(1, scale * TELLERS)
    bid = rng.randint(1, scale)
    delta = rng.randint(-5000, 5000)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?", (delta, aid))
        conn.execute("SELECT abalance FROM pgbench_accounts WHERE aid = ?", (aid,)).fetchone()
        conn.execute("UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?", (delta, tid))
        conn.execute("UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?", (delta, bid))
        conn.execute("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, "
                     "CURRENT_TIMESTAMP)", (tid, bid, aid, delta))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def invariant(conn: sqlite3.Connection) -> tuple[int, int, int, int]:
    """(sum abalance, sum tbalance, sum bbalance, sum history.delta): all four equal when consistent."""
    a, t, b, h = conn.execute(INVARIANT).fetchone()
    return a, t, b, h


class SqliteApp(HostedApp):
    """``--rate``: transactions per second (default 100; 0: as fast as it goes)."""

    app = "sqlite"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options.setdefault("rate", 100.0)
        self.options.setdefault("clients", 1)
        self.fs: VolumeFs | None = None
        self.conn: sqlite3.Connection | None = None
        self.scale = 1
        self._load: threading.Thread | None = None
        self._halt = threading.Event()
        self._failed: str | None = None
        self._done: list[float] = []
        self._txns = 0

    @property
    def db_path(self) -> Path:
        assert self.fs is not None
        return self.fs.root / "sqlite" / "service.db"

    def setup(self) -> str:
        if os.geteuid() != 0:
            raise SdxError("the SQLite service mounts a file system on the volume: it needs root", self.volume)
        self.fs = mount_volume(self.ws, self.class_name, self.volume)
        info = self.fs.read_info()
        if info.get("app") not in (None, self.app):
            raise SdxError(f"the volume's file system holds the {info['app']} service's data", self.volume)
        self.data = str(self.db_path)
        new = not self.db_path.exists()
        self.db_path.parent.mkdir(exist_ok=True)
        self.conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        if new:
            self.scale = scale_for(self.fs.size())
            initialise(self.conn, self.scale)
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.fs.write_info({"app": self.app, "scale": self.scale, "created": now_iso(),
                              "database": "sqlite/service.db"})
        else:
            self.scale = int(info.get("scale") or self.conn.execute("SELECT count(*) FROM pgbench_branches")
                             .fetchone()[0])
        self._halt.clear()
        self._failed = None
        self._load = threading.Thread(target=self._run_load, daemon=True, name=f"sqlite-{self.volume}")
        self._load.start()
        rate = float(self.options["rate"])
        return f"{self.db_path}, scale {self.scale}" + (f", {rate:g} TPS" if rate > 0 else "")

    def _run_load(self) -> None:
        assert self.conn is not None
        rng = random.Random()
        rate = float(self.options["rate"])
        interval = 1 / rate if rate > 0 else 0.0
        next_at = time.monotonic()
        try:
            while not self._halt.is_set():
                transaction(self.conn, rng, self.scale)
                now = time.monotonic()
                with self._lock:
                    self._txns += 1
                    self._done.append(now)
                    if len(self._done) > 20_000:
                        del self._done[:10_000]
                if interval:
                    next_at += interval
                    if next_at > now:
                        self._halt.wait(next_at - now)
                    else:
                        next_at = now  # behind schedule: no burst to catch up
        except sqlite3.Error as e:
            self._failed = f"SQLite: {e}"
        except OSError as e:
            self._failed = e.strerror or str(e)

    def rate(self) -> float:
        now = time.monotonic()
        with self._lock:
            return sum(1 for t in self._done if now - t <= 2.0) / 2.0

    def transactions(self) -> int:
        return self._txns

    def check(self) -> str | None:
        if self._load is not None and not self._load.is_alive():
            return self._failed or "the transaction load stopped"
        return None

    def shutdown(self, clean: bool) -> str:
        self._halt.set()
        if self._load is not None:
            self._load.join(30)
        done = []
        if self.conn is not None:
            try:
                if clean:
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    done.append("wal_checkpoint(TRUNCATE)")
            finally:
                self.conn.close()
                self.conn = None
        if self.fs is not None:
            self.fs.unmount()
            done.append(f"{self.fs.root} unmounted")
        return ", ".join(done)
