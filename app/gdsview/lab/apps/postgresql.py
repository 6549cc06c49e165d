"""PostgreSQL with pgbench's TPC-B-like load, on an ext4 on the volume.

The cluster lives at ``<fsroot>/pgdata`` owned by ``postgres`` (run as that user with ``runuser``),
on a free port with its own socket folder and no TCP listener. The first start makes it
(``initdb`` with 1 MiB WAL segments, ``pgbench -i`` at a scale chosen from the file system's
size); later starts start the same cluster. ``pgbench -P 1`` runs the load until stopped, and its
progress lines give the live TPS. A clean stop: pgbench ends, ``pg_ctl stop -m fast`` (a shutdown
checkpoint), the file system is unmounted.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from ...core.errors import SdxError
from .base import HostedApp
from .volume_fs import VolumeFs, mount_volume, now_iso, service_dir

USER = "postgres"
DATABASE = "postgres"
MIN_FS = 80 << 20  # initdb's files, the WAL and pgbench at scale 1
PROGRESS = re.compile(r"progress: [\d.]+ s, ([\d.]+) tps")
DURATION = 10 * 365 * 86400  # pgbench -T: "until stopped"


def bindir() -> Path:
    """Where PostgreSQL's server programs are (``pg_config --bindir``, else Debian's 15)."""
    for candidate in (_pg_config_bindir(), "/usr/lib/postgresql/15/bin"):
        if candidate and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise SdxError("PostgreSQL's server is not installed (pg_ctl not found): scripts/setup-system.sh installs it")


def _pg_config_bindir() -> str | None:
    if shutil.which("pg_config") is None:
        return None
    proc = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    return proc.stdout.strip() or None


def why_unavailable() -> str | None:
    """Why the PostgreSQL service cannot run here (None: it can)."""
    if os.geteuid() != 0:
        return "the PostgreSQL service mounts a file system and runs the server as postgres: it needs root"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return "there is no postgres user (scripts/setup-system.sh installs PostgreSQL)"
    try:
        bindir()
    except SdxError as e:
        return e.text
    return None


def scale_for(size: int) -> int:
    """pgbench's scale for a file system of ``size`` bytes: a quarter of it for the data (scale 1 ≈ 16 MB)."""
    return max(1, min(10, size // 4 // (16 << 20)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], what: str, obj: str, *, as_user: bool = False, timeout: float = 600) -> str:
    if as_user:
        args = ["runuser", "-u", USER, "--", *args]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SdxError(f"cannot {what}: no answer within {timeout:g} s", obj) from None
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise SdxError(f"cannot {what}: {lines[-1] if lines else f'exit {proc.returncode}'}", obj)
    return proc.stdout


def _chown(path: Path) -> None:
    pw = pwd.getpwnam(USER)
    os.chown(path, pw.pw_uid, pw.pw_gid)


def controldata_state(pgdata: str | Path) -> str:
    """``Database cluster state`` of ``pg_controldata`` (``shut down``, ``in production``, ...)."""
    out = _run([str(bindir() / "pg_controldata"), str(pgdata)], "read the control file", str(pgdata))
    for line in out.splitlines():
        if line.startswith("Database cluster state:"):
            return line.split(":", 1)[1].strip()
    return ""


class PostgresApp(HostedApp):
    """``--clients`` (default 2) and ``--rate`` (TPS for all clients, default 100; 0: as fast as it goes)."""

    app = "postgresql"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options.setdefault("clients", 2)
        self.options.setdefault("rate", 100.0)
        self.fs: VolumeFs | None = None
        self.port = 0
        self.sockdir: Path | None = None
        self.pgbench: subprocess.Popen | None = None
        self._tps = 0.0
        self._seen_at = 0.0
        self._txns = 0
        self._reader: threading.Thread | None = None
        self._tail: list[str] = []

    @property
    def pgdata(self) -> Path:
        assert self.fs is not None
        return self.fs.root / "pgdata"

    def setup(self) -> str:
        if (why := why_unavailable()) is not None:
            raise SdxError(why, self.volume)
        self.fs = mount_volume(self.ws, self.class_name, self.volume, user=USER)
        info = self.fs.read_info()
        if info.get("app") not in (None, self.app):
            raise SdxError(f"the volume's file system holds the {info['app']} service's data", self.volume)
        new = not (self.pgdata / "PG_VERSION").exists()
        if new and self.fs.size() < MIN_FS:
            raise SdxError(f"the volume is too small for PostgreSQL (its file system needs at least "
                           f"{MIN_FS >> 20} MiB)", self.volume)
        self.data = str(self.pgdata)
        run = service_dir(self.ws, self.class_name, self.volume, user=USER)
        self.sockdir = run / "socket"
        for d in (run, self.sockdir):
            d.mkdir(parents=True, exist_ok=True)
            _chown(d)
        self.port = free_port()
        if new:
            self.pgdata.mkdir(mode=0o700, exist_ok=True)
            _chown(self.pgdata)
            _run([str(bindir() / "initdb"), "-D", str(self.pgdata), "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--wal-segsize=1", "--no-instructions"], "make the PostgreSQL cluster", self.volume, as_user=True)
            with open(self.pgdata / "postgresql.conf", "a") as conf:  # small, durable, quiet
                conf.write("\n# gdsview's service\nlisten_addresses = ''\nshared_buffers = 32MB\n"
                           "min_wal_size = 4MB\nmax_wal_size = 32MB\nfsync = on\nfull_page_writes = on\n"
                           "logging_collector = off\n")
        self._pg_ctl_start()
        if new:
            scale = scale_for(self.fs.size())
            _run([str(bindir() / "pgbench"), "-i", "-q", "-s", str(scale), *self._conn()],
                 "initialise pgbench", self.volume, timeout=1800)
            self.fs.write_info({"app": self.app, "scale": scale, "created": now_iso(), "database": DATABASE,
                              "user": USER, "pgdata": "pgdata"})
        self._start_load()
        clients, rate = int(self.options["clients"]), float(self.options["rate"])
        return (f"{self.pgdata}, pgbench {clients} clients" + (f" at {rate:g} TPS" if rate > 0 else "")
                + f", port {self.port}")

    def _conn(self) -> list[str]:
        return ["-h", str(self.sockdir), "-p", str(self.port), "-U", USER, DATABASE]

    def _log_file(self) -> Path:
        assert self.sockdir is not None
        return self.sockdir.parent / "postgresql.log"

    def _pg_ctl_start(self) -> None:
        pid = self.postmaster_pid()
        if pid is not None and not _alive(pid):
            # a killed server's lock file; its pid may linger as a zombie nobody reaps (a container's
            # init), which PostgreSQL takes for a server still running
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
        log = self._log_file()
        log.touch()
        _chown(log)
        opts = f"-p {self.port} -k {self.sockdir} -c listen_addresses=''"
        try:
            _run([str(bindir() / "pg_ctl"), "start", "-w", "-t", "300", "-D", str(self.pgdata), "-l", str(log),
                  "-o", opts], "start PostgreSQL", self.volume, as_user=True, timeout=330)
        except SdxError as e:
            lines = [ln for ln in log.read_text(errors="replace").splitlines() if "FATAL" in ln or "ERROR" in ln]
            if lines:
                raise SdxError(f"cannot start PostgreSQL: {lines[-1].split(':  ', 1)[-1]}", self.volume) from e
            raise

    def _start_load(self) -> None:
        clients, rate = int(self.options["clients"]), float(self.options["rate"])
        args = [str(bindir() / "pgbench"), "-n", "-c", str(clients), "-j", str(clients), "-T", str(DURATION),
                "-P", "1"]
        if rate > 0:
            args += ["-R", f"{rate:g}"]
        self.pgbench = subprocess.Popen([*args, *self._conn()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read_progress, args=(self.pgbench,), daemon=True,
                                        name=f"pgbench-{self.volume}")
        self._reader.start()

    def _read_progress(self, proc: subprocess.Popen) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            m = PROGRESS.search(line)
            if m:
                with self._lock:
                    self._tps = float(m.group(1))
                    self._txns += int(round(self._tps))
                    self._seen_at = time.monotonic()
            else:
                self._tail = (self._tail + [line.strip()])[-5:]

    def rate(self) -> float:
        with self._lock:
            return self._tps if time.monotonic() - self._seen_at < 3 else 0.0

    def transactions(self) -> int:
        return self._txns

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError, AssertionError):
            return None

    def check(self) -> str | None:
        pid = self.postmaster_pid()
        if pid is None or not _alive(pid):
            return "the PostgreSQL server (postmaster) died"
        if self.pgbench is not None and self.pgbench.poll() is not None:
            why = next((t for t in reversed(self._tail) if t), f"exit {self.pgbench.returncode}")
            return f"pgbench failed: {why}"
        return None

    def shutdown(self, clean: bool) -> str:
        if self.pgbench is not None and self.pgbench.poll() is None:
            os.killpg(self.pgbench.pid, signal.SIGINT)  # its open transactions roll back
            try:
                self.pgbench.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.pgbench.pid, signal.SIGKILL)
                self.pgbench.wait(10)
        if self._reader is not None:
            self._reader.join(5)
        done = []
        if self.fs is not None and (self.pgdata / "postmaster.pid").exists():
            pid = self.postmaster_pid()
            if pid is not None and _alive(pid):
                _run([str(bindir() / "pg_ctl"), "stop", "-w", "-t", "120", "-m", "fast" if clean else "immediate",
                      "-D", str(self.pgdata)], "stop PostgreSQL", self.volume, as_user=True, timeout=150)
                done.append("pg_ctl stop -m fast" if clean else "pg_ctl stop -m immediate")
        if self.fs is not None:
            self.fs.unmount()
            done.append(f"{self.fs.root} unmounted")
        return ", ".join(done)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] not in ("Z", "X")
    except OSError:
        return False
