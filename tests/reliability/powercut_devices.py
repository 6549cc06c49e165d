"""The device server and PostgreSQL for the power-cut simulator's last workload (issue 13).

The recorder is in-process, so the server runs in a thread of the test process
(:class:`ThreadedServer`, the real :func:`gdsview.devices.server.serve` with a
:class:`~gdsview.devices.server.ThreadStop`): pyfuse3 and trio serve from any thread; only the
signal handling needs the main one. Its handles note every write to a volume (issued,
acknowledged) and every fsync (begun, returned) as :class:`powercut_check.TrackedDevice` does.
:class:`Postgres` runs a cluster as the ``postgres`` user with its own port and socket directory;
:func:`prove_postgres` starts one on a crash state's volume (crash recovery) and checks
pgbench's invariant.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from gdsview.core.storage import fileio
from gdsview.core.storage.workspace import Workspace
from gdsview.devices import handles, loopdev, server
from powercut_recorder import PAGE

PG_NAMES = ("initdb", "pg_ctl", "postgres", "pgbench", "psql")
TOOLS = ("losetup", "mount", "umount", "mkfs.ext4", "e2fsck", "fsfreeze", "runuser")


def pg_bindir() -> Path | None:
    """Where PostgreSQL 15's programs are (``pg_config --bindir``, or Debian's place)."""
    for d in (_pg_config_bindir(), "/usr/lib/postgresql/15/bin"):
        if d and all(os.path.exists(os.path.join(d, n)) for n in PG_NAMES[:3]):
            return Path(d)
    return None


def _pg_config_bindir() -> str | None:
    if shutil.which("pg_config") is None:
        return None
    proc = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def why_not_here() -> str | None:
    """Why the PostgreSQL workload cannot run on this machine, or None."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "the PostgreSQL workload mounts file systems through the device server: it needs Linux and root"
    if not os.path.exists("/dev/fuse") or not os.path.exists("/dev/loop-control"):
        return "no /dev/fuse or no loop devices"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"missing tools: {', '.join(missing)}"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    if pg_bindir() is None:
        return "PostgreSQL 15 server programs not found"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shared_tmp(prefix: str) -> Path:
    """A directory the postgres user can reach (pytest's tmp_path is root's only)."""
    d = Path(tempfile.mkdtemp(prefix=prefix))
    d.chmod(0o755)
    return d


def run(*args: str, user: str | None = None, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    cmd = (["runuser", "-u", user, "--"] if user else []) + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-600:]}")
    return proc


# -- the device server in a thread, noting what the workload saw ---------------------------------
class NotingHandles(handles.Handles):
    """The server's handles, noting writes to volumes and fsyncs for the simulator's read-back check.

    A write that is not page-aligned is noted as the whole pages it touches (read first: the FUSE
    loop is the volume's only writer, one request at a time)."""

    def write(self, fh: int, offset: int, data: bytes) -> int:
        h = self.get(fh)
        if h.node.disk is not None:
            return super().write(fh, offset, data)
        key = f"{h.node.class_name}/{h.node.volume}"
        data = bytes(data[: max(0, h.device.size - offset)])
        lo, hi = offset // PAGE * PAGE, -(-(offset + len(data)) // PAGE) * PAGE
        whole = data
        if (lo, hi) != (offset, offset + len(data)):
            old = bytearray(h.device.pread(hi - lo, lo))
            old[offset - lo : offset - lo + len(data)] = data
            whole = bytes(old)
        fileio.note("issue", vol=key, offset=lo, data=whole)
        n = super().write(fh, offset, data)
        fileio.note("ack", vol=key)
        return n

    def fsync(self, fh: int) -> None:
        h = self.get(fh)
        key = f"{h.node.class_name}/{h.node.volume}" if h.node.disk is None else None
        if key:
            fileio.note("flush-begin", vol=key)
        super().fsync(fh)
        if key:
            fileio.note("flush-end", vol=key)


class ThreadedServer:
    """``serve()`` of the device server in a thread of this process (see the module docstring)."""

    def __init__(self, root: Path, mountpoint: Path) -> None:
        self.root, self.mountpoint = root, mountpoint
        self._stop = server.ThreadStop()
        self._ready = threading.Event()
        self._said = ""
        self._thread: threading.Thread | None = None
        self.result: int | None = None

    def start(self, timeout: float = 30) -> None:
        def ready(text: str) -> None:
            self._said = text
            self._ready.set()

        def main() -> None:
            ws = Workspace(self.root)
            saved = server.Handles
            server.Handles = NotingHandles  # type: ignore[misc]
            try:
                self.result = server.serve(ws, str(self.mountpoint), gid=0, ready=ready, thread_stop=self._stop)
            except BaseException as e:  # noqa: BLE001 - reported to start()
                ready(f"error {type(e).__name__}: {e}")
                raise
            finally:
                server.Handles = saved  # type: ignore[misc]
                ws.close()
                self._ready.set()

        self._thread = threading.Thread(target=main, name="device-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) or self._said != "ready":
            self.stop()
            raise RuntimeError(f"device server thread did not start: {self._said or 'timeout'}")

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.stop()
        self._thread.join(30)
        if self._thread.is_alive() or loopdev.is_mountpoint(self.mountpoint):
            subprocess.run(["umount", "--lazy", str(self.mountpoint)], capture_output=True)
        self._thread = None


# -- PostgreSQL ------------------------------------------------------------------------------------
class Postgres:
    """A cluster at ``pgdata`` with its own port and socket directory (``sock``), run as postgres."""

    def __init__(self, pgdata: Path, sock: Path) -> None:
        bindir = pg_bindir()
        assert bindir is not None
        self.bin: Path = bindir
        self.pgdata, self.sock, self.port = pgdata, sock, free_port()
        self.running = False

    def _pg(self, name: str, *args: str, **kw) -> subprocess.CompletedProcess:
        return run(str(self.bin / name), *args, user="postgres", **kw)

    def initdb(self) -> None:
        for d in (self.pgdata, self.sock):
            d.mkdir(exist_ok=True)
            shutil.chown(d, "postgres", "postgres")
        self.pgdata.chmod(0o700)
        # 1 MiB WAL segments: a small volume, and no 16 MiB zero-filled segment per switch.
        self._pg("initdb", "-D", str(self.pgdata), "-A", "trust", "-U", "postgres", "--wal-segsize=1")
        with open(self.pgdata / "postgresql.conf", "a") as f:
            f.write("shared_buffers = 16MB\nmax_wal_size = 16MB\nmin_wal_size = 4MB\n"
                    "checkpoint_timeout = 30s\nfsync = on\nfull_page_writes = on\nautovacuum = off\n")

    def start(self) -> None:
        self.sock.mkdir(exist_ok=True)
        shutil.chown(self.sock, "postgres", "postgres")
        self.running = True  # pg_ctl may start it and still fail: stop() then tries
        self._pg("pg_ctl", "-D", str(self.pgdata), "-l", str(self.sock / "log"), "-w", "-t", "60", "-o",
                 f"-p {self.port} -k {self.sock} -c listen_addresses=''", "start")

    def stop(self, mode: str = "fast") -> None:
        if self.running:
            self._pg("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "stop", check=False)
            self.running = False

    def log(self) -> str:
        try:
            return (self.sock / "log").read_text(errors="replace")[-800:]
        except OSError:
            return ""

    def pgbench(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return run(str(self.bin / "pgbench"), "-h", str(self.sock), "-p", str(self.port), *args, "postgres",
                   user="postgres", **kw)

    def pgbench_proc(self, *args: str) -> subprocess.Popen:
        cmd = ["runuser", "-u", "postgres", "--", str(self.bin / "pgbench"), "-h", str(self.sock),
               "-p", str(self.port), *args, "postgres"]
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    def query(self, sql: str) -> str:
        out = self._pg("psql", "-h", str(self.sock), "-p", str(self.port), "-d", "postgres", "-XAtqc", sql).stdout
        return out.strip()


INVARIANT = ("SELECT (SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts), "
             "(SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers), "
             "(SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches), "
             "(SELECT coalesce(sum(delta), 0) FROM pgbench_history), (SELECT count(*) FROM pgbench_history), "
             "(SELECT count(*) FROM pgbench_accounts)")


def prove_postgres(volume: bytes, work: Path, undo: list[Callable[[], object]]) -> tuple[list[str], str]:
    """A crash state's volume, copied to a file: e2fsck, mount, PostgreSQL's crash recovery, pgbench's
    invariant (sums of abalance, tbalance, bbalance each = sum(pgbench_history.delta)).
    Returns (problems, a one-line summary). What it made is pushed on ``undo`` and undone here."""
    image = work / "volume.img"
    image.write_bytes(volume)
    problems: list[str] = []
    mark = len(undo)
    try:
        fsck = run("e2fsck", "-fy", str(image), check=False)
        if fsck.returncode >= 4:  # 0: clean, 1/2: fixed (the journal replayed is 0 or 1)
            problems.append(f"postgres proof: e2fsck {fsck.returncode}: {fsck.stdout.strip()[-300:]}")
            return problems, "e2fsck failed"
        loop = loopdev.attach_loop(str(image), direct_io=False)
        undo.append(lambda: loopdev.detach_loop(loop))
        mnt = work / "mnt"
        mnt.mkdir(exist_ok=True)
        run("mount", loop.path, str(mnt))
        undo.append(lambda: run("umount", str(mnt)))
        pg = Postgres(mnt / "pgdata", work / "sock")
        undo.append(pg.stop)
        try:
            pg.start()
        except RuntimeError as e:
            problems.append(f"postgres proof: does not start after the cut: {e} {pg.log()}")
            return problems, "no start"
        recovered = "redo done" in pg.log() or "database system was not properly shut down" in pg.log()
        tables = pg.query("SELECT count(*) FROM pg_tables WHERE tablename = 'pgbench_history'")
        if tables != "1":
            return problems, f"e2fsck {fsck.returncode}, started (recovery: {recovered}), no pgbench tables yet"
        a, t, b, h, n, accounts = (int(x) for x in pg.query(INVARIANT).split("|"))
        if not (a == t == b == h):
            problems.append(f"postgres proof: pgbench invariant broken: accounts {a}, tellers {t}, branches {b}, "
                            f"history {h} ({n} rows)")
        summary = (f"e2fsck {fsck.returncode}, crash recovery {'ran' if recovered else 'not needed'}, "
                   f"{accounts} accounts, {n} history rows, sums {a}/{t}/{b}/{h}")
        return problems, summary
    finally:
        while len(undo) > mark:
            fn = undo.pop()
            try:
                fn()
            except Exception as e:  # keep undoing
                problems.append(f"postgres proof cleanup: {e}")
        image.unlink(missing_ok=True)
