"""The configuration database: SQLite in WAL mode, one transaction per operation.

Every commit is durable when it returns (``synchronous=FULL``: the WAL is synced at each commit),
so a configuration change survives a power cut as soon as its command or GUI action returns.
``NORMAL`` would sync only at checkpoints: a committed detach could vanish at a power cut while
the writes that skipped the detached slice survive.

Several processes (the GUI, ``sdx*`` commands, copy workers) open the same database at once.
Each thread gets its own connection; write transactions start with ``BEGIN IMMEDIATE`` so two
writers never interleave, and every write bumps ``meta.generation`` so readers in any process can
tell cheaply whether anything changed.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import SdxError
from ..events import Event, EventKind
from . import cluster, fileio
from .change_token import ChangeToken, token_path

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE classes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL DEFAULT 'local'
);
CREATE TABLE groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'mirror',
    UNIQUE (class_id, name)
);
CREATE TABLE disks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    name TEXT NOT NULL,
    device TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL DEFAULT 'undefined',
    group_id INTEGER REFERENCES groups(id),
    status TEXT NOT NULL DEFAULT 'ENABLE',
    blocks INTEGER NOT NULL,
    UNIQUE (class_id, name)
);
CREATE TABLE volumes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    group_id INTEGER NOT NULL REFERENCES groups(id),
    name TEXT NOT NULL,
    first_block INTEGER NOT NULL,
    blocks INTEGER NOT NULL,
    started INTEGER NOT NULL DEFAULT 1,
    jrm INTEGER NOT NULL DEFAULT 1,
    copy_delay_ms INTEGER NOT NULL DEFAULT 0,
    UNIQUE (class_id, name)
);
CREATE TABLE slices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    disk_id INTEGER NOT NULL REFERENCES disks(id),
    state TEXT NOT NULL,
    access_mode TEXT,
    jrm INTEGER NOT NULL DEFAULT 1,
    copy_total INTEGER NOT NULL DEFAULT 0,
    copy_done INTEGER NOT NULL DEFAULT 0,
    copy_rate REAL NOT NULL DEFAULT 0,
    copy_request TEXT,
    UNIQUE (volume_id, disk_id)
);
CREATE INDEX slices_by_disk ON slices (disk_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    pid INTEGER NOT NULL,
    source TEXT NOT NULL,
    severity TEXT NOT NULL,
    kind TEXT NOT NULL,
    class_name TEXT,
    obj TEXT,
    text TEXT NOT NULL
);
"""

#: Schema 2, the cluster: its nodes; each class's scope and the node its volumes run on; the node
#: where a detached slice is TEMP; the node that made each event. A schema-1 workspace becomes a
#: one-node cluster (named after the host, as before) whose classes are all local to that node.
#: A new database is made at schema 1 and migrated too, so both ways lead to the same tables.
_TO_SCHEMA_2 = (
    "CREATE TABLE nodes (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,"
    " state TEXT NOT NULL DEFAULT 'UP')",
    "ALTER TABLE classes ADD COLUMN scope TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE classes ADD COLUMN online_node TEXT",
    "ALTER TABLE slices ADD COLUMN temp_node TEXT",
    "ALTER TABLE events ADD COLUMN node TEXT",
    "INSERT INTO nodes (name) VALUES (:node)",
    "UPDATE classes SET scope = :node, online_node = :node",
    "UPDATE events SET node = :node",
)


class _ConnectionHolder:
    __slots__ = ("conn", "__weakref__")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def _close_connection(all_conns: list, lock: threading.Lock, conn: sqlite3.Connection) -> None:
    """Close the connection of a thread that ended (unless Store.close() already did)."""
    with lock:
        try:
            all_conns.remove(conn)
        except ValueError:
            return
    try:
        conn.close()
    except sqlite3.Error:
        pass


class Store:
    """Connections to one workspace database; any thread may call any method."""

    def __init__(self, path: Path, node: str | None = None) -> None:
        self.path = Path(path)
        self._node_choice = node  # None: $GDSVIEW_NODE, else the first node
        self._node: str | None = None
        self._db_name = str(self.path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._commits = 0  # commits made through this Store, which PRAGMA data_version does not count
        self._token: ChangeToken | None = None
        try:
            self._migrate()
            self._token = ChangeToken.open(token_path(self.path))
        except BaseException:
            self.close()  # e.g. a newer schema: do not leave the connection open
            raise

    def connection(self) -> sqlite3.Connection:
        holder = getattr(self._local, "holder", None)
        if holder is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            holder = self._local.holder = _ConnectionHolder(conn)
            with self._all_lock:
                self._all.append(conn)
            # Only this thread's local refers to the holder: when the thread ends (every copy runs
            # in new threads), its connection is closed instead of piling up with its files.
            weakref.finalize(holder, _close_connection, self._all, self._all_lock, conn)
        return holder.conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolls back on any exception, bumps the generation on commit."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            # The token changes before the commit and after it: a reader that looks between the two
            # reads again after the second; a writer killed between them still changed it once (and
            # the changes that matter to I/O hold the region locks, so nobody looks before it died).
            self.changed()
            with fileio.committing(self._db_name, conn):
                conn.execute("COMMIT")
            self.changed()
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        with self._all_lock:
            self._commits += 1

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read: every query inside sees the same committed state."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def data_version(self) -> int:
        """Changes whenever anyone committed (cheap: a memory read); compare it with ``!=``.

        The workspace's change token (:mod:`change_token`) when it could be opened; else
        ``PRAGMA data_version``, which only counts commits made by *other* connections, so the
        commits made through this Store are added in (a thread re-checking after its own commit).
        """
        token = self._token
        if token is not None:
            try:
                return token.value()
            except ValueError:  # closed by another thread meanwhile: ask SQLite
                pass
        pragma = self.connection().execute("PRAGMA data_version").fetchone()[0]
        return pragma + self._commits

    def changed(self) -> None:
        """Tell every process using the workspace that its state changed (a commit, the fault plan)."""
        if self._token is not None:
            self._token.bump()

    def generation(self) -> int:
        row = self.connection().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0])

    @property
    def node(self) -> str:
        """The cluster node this process acts as (``cluster.resolve_node``), read once."""
        if self._node is None:
            self._node = cluster.resolve_node(self.connection(), self._node_choice)
        return self._node

    def set_node(self, node: str | None) -> str:
        """Act as another node from now on (None: $GDSVIEW_NODE, else the first); returns it."""
        resolved = cluster.resolve_node(self.connection(), node)
        self._node_choice, self._node = node, resolved
        return resolved

    def log(
        self,
        conn: sqlite3.Connection,
        source: str,
        kind: EventKind,
        text: str,
        *,
        class_name: str | None = None,
        obj: str | None = None,
        severity: str = "INFO",
        node: str | None = None,
    ) -> None:
        """Log one event inside the caller's transaction (``kind`` must be an :class:`EventKind`),
        made by ``node`` (default: the node this process acts as)."""
        conn.execute(
            "INSERT INTO events (ts, pid, source, severity, kind, class_name, obj, text, node)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (time.time(), os.getpid(), source, severity, EventKind(kind).value, class_name, obj, text,
             node or self.node),
        )

    def events(self, after_id: int = 0, limit: int = 1000) -> list[Event]:
        """The events logged after ``after_id``, oldest first."""
        rows = self.connection().execute(
            "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
        ).fetchall()
        return [Event(**{**dict(r), "kind": EventKind.parse(r["kind"])}) for r in rows]

    def has_event(self, kind: EventKind) -> bool:
        return self.connection().execute(
            "SELECT 1 FROM events WHERE kind = ? LIMIT 1", (EventKind(kind).value,)).fetchone() is not None

    def close(self) -> None:
        if self._token is not None:
            self._token.close()
            self._token = None
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.ProgrammingError:
                pass
        self._local = threading.local()
        self._node = None  # read again when reopened: a lab reset may have changed the nodes

    def _migrate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            if not has_meta:
                # executescript() would commit on its own: run the statements inside this transaction
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("schema_version", "1"), ("generation", "0")],
                )
            version = int(conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise SdxError(
                    f"configuration database has schema {version}; this gdsview reads up to "
                    f"{SCHEMA_VERSION}",
                    str(self.path),
                )
            if version < 2:
                host = cluster.host_node()
                for statement in _TO_SCHEMA_2:
                    conn.execute(statement, {"node": host} if ":node" in statement else {})
                conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
