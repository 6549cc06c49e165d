"""Backup images made by hand for the proofs' tests: ext4 on a plain file, PostgreSQL or SQLite on it.

Independent of the lab's services: mkfs.ext4 on a sparse file, a loop mount, initdb + pgbench (or a
SQLite WAL database with pgbench's schema), then a clean stop or a hot copy. Everything started is
stopped by its PID, unmounted and detached in reverse order, even when a step fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from gdsview.lab.backup import checksum_path
from gdsview.lab.proofs.tools import which

MiB = 1 << 20
PG = "postgres"


def have_tools() -> str | None:
    """Why the real tools cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (loop devices, mount)"
    for tool in ("mkfs.ext4", "losetup", "mount", "e2fsck", "dumpe2fs", "debugfs", "initdb", "pg_ctl", "pgbench"):
        if which(tool) is None:
            return f"{tool} is not installed"
    try:
        subprocess.run(["id", PG], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        return "no postgres user"
    return None


def sh(*cmd: str, user: str | None = None, **kw) -> subprocess.CompletedProcess:
    full = [which(cmd[0]) or cmd[0], *cmd[1:]]
    if user:
        full = ["runuser", "-u", user, "--", *full]
    return subprocess.run(full, check=True, capture_output=True, text=True, **kw)


def write_checksum(image: Path) -> None:
    digest = hashlib.sha256()
    with open(image, "rb") as f:
        while chunk := f.read(8 * MiB):
            digest.update(chunk)
    checksum_path(image).write_text(f"{digest.hexdigest()}  {image.name}\n")


def copy_image(src: Path, dest: Path) -> Path:
    sh("cp", "--sparse=always", str(src), str(dest))
    write_checksum(dest)
    return dest


@contextmanager
def mounted_fs(image: Path, size_mib: int = 256, mkfs: bool = True):
    """A fresh ext4 on ``image`` (when ``mkfs``), on its own loop device and mount point."""
    with ExitStack() as stack:
        if mkfs:
            with open(image, "wb") as f:
                f.truncate(size_mib * MiB)
            sh("mkfs.ext4", "-q", "-F", str(image))
        mnt = Path(tempfile.mkdtemp(prefix="gdsview-test-mnt-"))
        os.chmod(mnt, 0o755)
        stack.callback(shutil.rmtree, mnt, True)
        loop = sh("losetup", "--find", "--show", str(image)).stdout.strip()
        stack.callback(subprocess.run, ["losetup", "-d", loop])
        # a long commit interval: nothing reaches the image on its own while a hot copy is taken
        sh("mount", "-o", "commit=60", loop, str(mnt))
        stack.callback(_umount, mnt)
        yield mnt


def _umount(mnt: Path) -> None:
    for _ in range(50):
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    subprocess.run(["umount", "-l", str(mnt)])


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A PostgreSQL cluster in ``<mnt>/pgdata`` with its own port and socket folder."""

    def __init__(self, mnt: Path, sockets: Path) -> None:
        self.pgdata = mnt / "pgdata"
        self.sockets = sockets
        self.port = _port()
        self.pid: int | None = None

    def init(self) -> None:
        self.pgdata.mkdir()
        shutil.chown(self.pgdata, PG, PG)
        sh("initdb", "-D", str(self.pgdata), "-A", "trust", user=PG)

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.sockets} -c listen_addresses=''"
        sh("pg_ctl", "-D", str(self.pgdata), "-l", str(self.sockets / "log"), "-o", opts, "-w", "start", user=PG)
        self.pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])

    def pgbench(self, *args: str) -> subprocess.CompletedProcess:
        return sh("pgbench", "-h", str(self.sockets), "-p", str(self.port), *args, "postgres", user=PG)

    def psql(self, sql: str) -> str:
        return sh("psql", "-X", "-h", str(self.sockets), "-p", str(self.port), "-At", "-c", sql, "postgres",
                  user=PG).stdout.strip()

    def stop(self) -> None:
        if self.pid is None:
            return
        subprocess.run(["runuser", "-u", PG, "--", which("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w",
                        "stop"], capture_output=True)
        self.kill()

    def kill(self) -> None:
        """SIGKILL our postmaster (and its backends die with it): a crash."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for _ in range(200):
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        self.pid = None


@contextmanager
def sockets_dir():
    d = Path(tempfile.mkdtemp(prefix="gdsview-test-pg-"))
    shutil.chown(d, PG, PG)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def make_postgres_images(folder: Path) -> dict[str, Path]:
    """clean.img (pg_ctl stop -m fast, umount) and hot.img (copied after kill -9, still mounted)."""
    live = folder / "live.img"
    out: dict[str, Path] = {}
    with sockets_dir() as socks, mounted_fs(live) as mnt:
        (mnt / "gdsview-service.json").write_text(json.dumps({"app": "postgresql", "scale": 1}))
        pg = Postgres(mnt, socks)
        pg.init()
        try:
            pg.start()
            pg.pgbench("-i", "-s", "1", "-q")
            pg.pgbench("-c", "2", "-T", "2", "-n")
            (folder / "accounts.path").write_text(pg.psql("select pg_relation_filepath('pgbench_accounts')"))
            # hot: the server crashes while mounted; the image is copied as a power cut leaves it
            pg.psql("checkpoint")
            sh("sync", "-f", str(mnt))  # what a server running for a while has on disk
            pg.pgbench("-c", "2", "-t", "200", "-n")
            pg.kill()
            out["hot"] = copy_image(live, folder / "hot.img")
            pg.start()  # recovers here, then a clean stop and unmount for the clean image
            pg.pgbench("-c", "2", "-t", "100", "-n")
        finally:
            pg.stop()
    out["clean"] = copy_image(live, folder / "clean.img")
    live.unlink()
    return out


SCHEMA = """
create table pgbench_branches(bid integer primary key, bbalance integer, filler char(88));
create table pgbench_tellers(tid integer primary key, bid integer, tbalance integer, filler char(84));
create table pgbench_accounts(aid integer primary key, bid integer, abalance integer, filler char(84));
create table pgbench_history(tid integer, bid integer, aid integer, delta integer, mtime timestamp,
                             filler char(22));
"""


def sqlite_load(db: Path, transactions: int, *, keep_open: bool = False) -> sqlite3.Connection | None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=full")
    conn.execute("pragma wal_autocheckpoint=0")
    if not conn.execute("select count(*) from sqlite_master").fetchone()[0]:
        conn.executescript(SCHEMA)
        conn.execute("begin")
        conn.execute("insert into pgbench_branches values (1, 0, '')")
        conn.executemany("insert into pgbench_tellers values (?, 1, 0, '')", [(t,) for t in range(1, 11)])
        conn.executemany("insert into pgbench_accounts values (?, 1, 0, ?)",
                         [(a, "x" * 84) for a in range(1, 20001)])
        conn.execute("commit")
    rng = random.Random(12)
    for _ in range(transactions):
        aid, tid, delta = rng.randint(1, 20000), rng.randint(1, 10), rng.randint(-5000, 5000)
        conn.execute("begin")
        conn.execute("update pgbench_accounts set abalance = abalance + ? where aid = ?", (delta, aid))
        conn.execute("update pgbench_tellers set tbalance = tbalance + ? where tid = ?", (delta, tid))
        conn.execute("update pgbench_branches set bbalance = bbalance + ? where bid = 1", (delta,))
        conn.execute("insert into pgbench_history values (?, 1, ?, ?, current_timestamp, '')", (tid, aid, delta))
        conn.execute("commit")
    if keep_open:
        return conn
    conn.close()
    return None


def make_sqlite_images(folder: Path) -> dict[str, Path]:
    """clean.img (closed, checkpointed, unmounted) and hot.img (copied with the WAL holding frames)."""
    live = folder / "live.img"
    out: dict[str, Path] = {}
    with mounted_fs(live, 64) as mnt:
        (mnt / "gdsview-service.json").write_text(json.dumps({"app": "sqlite", "scale": 1}))
        (mnt / "sqlite").mkdir()
        db = mnt / "sqlite" / "service.db"
        sqlite_load(db, 200)
        conn = sqlite_load(db, 200, keep_open=True)
        assert conn is not None
        try:
            assert (db.with_name("service.db-wal")).stat().st_size > 32
            out["hot"] = copy_image(live, folder / "hot.img")
        finally:
            conn.close()  # the last close checkpoints and removes the WAL
    out["clean"] = copy_image(live, folder / "clean.img")
    live.unlink()
    return out


def block_size(image: Path) -> int:
    return int(next(ln.split()[-1] for ln in sh("dumpe2fs", "-h", str(image)).stdout.splitlines()
                    if ln.startswith("Block size:")))


def file_offsets(image: Path, path_in_fs: str) -> list[int]:
    """Byte offsets in the image of the file's first blocks (debugfs bmap), on an unmounted ext4."""
    size = block_size(image)
    offsets = []
    for i in range(4):
        r = sh("debugfs", "-R", f"bmap {path_in_fs} {i}", str(image))
        block = int(r.stdout.strip().split()[-1])
        if block:
            offsets.append(block * size)
    return offsets


def flip(image: Path, offset: int, length: int = 4096) -> None:
    """Overwrite ``length`` bytes at ``offset`` with garbage, then write the checksum again."""
    with open(image, "r+b") as f:
        f.seek(offset)
        f.write(random.Random(offset).randbytes(length))
    write_checksum(image)


@pytest.fixture(scope="session")
def pg_images(tmp_path_factory):
    """clean.img, hot.img and accounts.path (pgbench_accounts' file in pgdata), made once per run."""
    reason = have_tools()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pg")
    images = make_postgres_images(folder)
    images["accounts"] = folder / "accounts.path"
    return images
