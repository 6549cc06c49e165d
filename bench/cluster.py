"""What "beyond one machine" would cost (docs/cluster.md): the engines a multi-machine cluster would
use, against what the one-machine lab uses now, measured side by side in one run.

1. Locks: an OFD byte-range lock and unlock (``core/storage/locks.RegionLock``, what every mirrored
   write takes per region) against a PostgreSQL advisory lock and unlock (what separate machines
   would take instead), over a Unix socket and over TCP on loopback.
2. Change notification: the monitor's ``PRAGMA data_version`` poll (its cost; the latency is half
   the monitoring interval on average) against PostgreSQL LISTEN/NOTIFY's delivery latency.
3. Disks: reading a disk image directly against reading it through nbdkit's file plugin with
   nbdcopy (what a node without the disk would do), when nbdkit and nbdcopy are installed
   (Debian: nbdkit, libnbd-bin).

PostgreSQL is a throwaway cluster (initdb in a temporary folder, run as the postgres user, a Unix
socket there and a random loopback port); the client is a minimal one written here against the
frontend/backend protocol (simple queries, trust authentication), so no driver is needed. Every
figure is one run on a shared machine: read the ratios.

    .venv/bin/python bench/cluster.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from gdsview.core.storage.locks import RegionLock
from gdsview.core.storage.store import Store

PG_BIN = Path("/usr/lib/postgresql/15/bin")


# -- a minimal PostgreSQL client (protocol 3.0, trust authentication, simple queries) ------------
class PgClient:
    def __init__(self, sock: socket.socket, user: str = "postgres", database: str = "postgres") -> None:
        self.sock = sock
        self.buf = b""
        params = f"user\0{user}\0database\0{database}\0\0".encode()
        self.sock.sendall(struct.pack("!ii", 8 + len(params), 196608) + params)
        while True:
            kind, body = self._message()
            if kind == b"R" and struct.unpack("!i", body[:4])[0] != 0:
                raise RuntimeError("the benchmark's server asks for a password (trust authentication expected)")
            if kind == b"E":
                raise RuntimeError(body.decode(errors="replace"))
            if kind == b"Z":
                return

    @classmethod
    def unix(cls, path: str) -> PgClient:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        return cls(s)

    @classmethod
    def tcp(cls, port: int) -> PgClient:
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(s)

    def _fill(self, n: int) -> None:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the server closed the connection")
            self.buf += chunk

    def _message(self) -> tuple[bytes, bytes]:
        self._fill(5)
        kind, length = self.buf[:1], struct.unpack("!i", self.buf[1:5])[0]
        self._fill(1 + length)
        body, self.buf = self.buf[5 : 1 + length], self.buf[1 + length :]
        return kind, body

    def query(self, sql: str) -> list[bytes]:
        """Run one simple query; returns the notifications that arrived meanwhile (payloads)."""
        data = sql.encode() + b"\0"
        self.sock.sendall(b"Q" + struct.pack("!i", 4 + len(data)) + data)
        notes = []
        while True:
            kind, body = self._message()
            if kind == b"E":
                raise RuntimeError(body.decode(errors="replace"))
            if kind == b"A":
                notes.append(body[4:].split(b"\0")[1])
            if kind == b"Z":
                return notes

    def wait_notification(self) -> bytes:
        while True:
            kind, body = self._message()
            if kind == b"A":
                return body[4:].split(b"\0")[1]

    def close(self) -> None:
        try:
            self.sock.sendall(b"X" + struct.pack("!i", 4))
        finally:
            self.sock.close()


class PgServer:
    """A throwaway PostgreSQL cluster in a temporary folder, run as the postgres user."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "pg"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres", "postgres")
        self.data, self.sockdir = self.dir / "data", self.dir
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc: subprocess.Popen | None = None

    def _as_postgres(self, *argv: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", "postgres", "--", *argv], check=True, capture_output=True, **kw)

    def start(self) -> None:
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.proc = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "postgres"), "-D", str(self.data), "-k", str(self.sockdir),
             "-p", str(self.port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                PgClient.unix(self.socket).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    @property
    def socket(self) -> str:
        return str(self.sockdir / f".s.PGSQL.{self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()  # SIGTERM: smart shutdown
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# -- measurements ---------------------------------------------------------------------------------
def per_op(fn, n: int) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t0) / n


def bench_locks(base: Path, pg: PgServer | None, n: int) -> dict[str, float]:
    lock = RegionLock(base / "volume.lock")
    try:
        def ofd(i: int) -> None:
            with lock.regions(i % 512, 1):
                pass
        out = {"ofd_lock_unlock_us": per_op(ofd, n) * 1e6}
    finally:
        lock.close()
    if pg is not None:
        for name, client in (("unix", PgClient.unix(pg.socket)), ("tcp", PgClient.tcp(pg.port))):
            try:
                # a region lock and its release: two round trips, as a write takes, writes, releases
                out[f"pg_{name}_lock_unlock_us"] = per_op(
                    lambda i, c=client: (c.query(f"SELECT pg_advisory_lock({i % 512})"),
                                         c.query(f"SELECT pg_advisory_unlock({i % 512})")), n // 4) * 1e6
                out[f"pg_{name}_try_lock_us"] = per_op(  # an owner lock's probe: one round trip
                    lambda i, c=client: c.query("SELECT pg_try_advisory_lock(9999), pg_advisory_unlock(9999)"),
                    n // 4) * 1e6
            finally:
                client.close()
    return out


def bench_notify(base: Path, pg: PgServer | None, n: int) -> dict[str, float]:
    store = Store(base / "gdsview.db")
    try:
        out = {"data_version_poll_us": per_op(lambda i: store.data_version(), n) * 1e6}
    finally:
        store.close()
    if pg is None:
        return out
    listener, notifier = PgClient.unix(pg.socket), PgClient.unix(pg.socket)
    latencies: list[float] = []
    try:
        listener.query("LISTEN gdsview_config")
        got = threading.Event()
        sent: dict[bytes, float] = {}

        def listen() -> None:
            for _ in range(n):
                payload = listener.wait_notification()
                latencies.append(time.perf_counter() - sent[payload])
            got.set()

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        for i in range(n):
            payload = str(i).encode()
            sent[payload] = time.perf_counter()
            notifier.query(f"NOTIFY gdsview_config, '{i}'")
            time.sleep(0.002)  # one change at a time, as operations commit
        got.wait(60)
    finally:
        notifier.close()
        listener.close()
    latencies.sort()
    out["notify_latency_median_us"] = statistics.median(latencies) * 1e6
    out["notify_latency_p99_us"] = latencies[int(len(latencies) * 0.99) - 1] * 1e6
    return out


def bench_disks(base: Path, size_mib: int) -> dict[str, float]:
    if not (shutil.which("nbdkit") and shutil.which("nbdcopy")):
        return {}
    image, copy = base / "disk.img", base / "copy.img"
    with open(image, "wb") as f:
        for _ in range(size_mib):
            f.write(os.urandom(1 << 20))
    subprocess.run(["cat", str(image)], stdout=subprocess.DEVNULL, check=True)  # hot in the page cache

    def timed(argv: list[str]) -> float:
        copy.unlink(missing_ok=True)
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        return time.perf_counter() - t0

    local = min(timed(["dd", f"if={image}", f"of={copy}", "bs=1M", "status=none"]) for _ in range(3))
    sock = base / "nbd.sock"
    server = subprocess.Popen(["nbdkit", "--foreground", "--unix", str(sock), "--exit-with-parent", "file",
                               str(image)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        uri = f"nbd+unix:///?socket={sock}"
        remote = min(timed(["nbdcopy", uri, str(copy)]) for _ in range(3))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        tcp = subprocess.Popen(["nbdkit", "--foreground", "--ip-addr", "127.0.0.1", "--port", str(port),
                                "--exit-with-parent", "file", str(image)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            remote_tcp = min(timed(["nbdcopy", f"nbd://127.0.0.1:{port}", str(copy)]) for _ in range(3))
        finally:
            tcp.terminate()
            tcp.wait(30)
    finally:
        server.terminate()
        server.wait(30)
    if copy.read_bytes()[: 1 << 20] != image.read_bytes()[: 1 << 20]:
        raise RuntimeError("nbdcopy copied something else")
    mib = float(size_mib)
    return {"local_dd_mib_s": mib / local, "nbd_unix_mib_s": mib / remote, "nbd_tcp_mib_s": mib / remote_tcp}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a smaller image")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    n = 2000 if args.quick else 20000
    with tempfile.TemporaryDirectory(prefix="gdsview-bench-cluster-") as tmp:
        base = Path(tmp)
        os.chmod(base, 0o755)
        pg = None
        if not args.no_postgres and (PG_BIN / "postgres").exists() and os.geteuid() == 0:
            pg = PgServer(base)
            pg.start()
        try:
            results = {**bench_locks(base, pg, n), **bench_notify(base, pg, 200 if args.quick else 1000),
                       **bench_disks(base, 64 if args.quick else 512)}
        finally:
            if pg is not None:
                pg.stop()
    for key, value in results.items():
        print(f"{key:28} {value:12.1f}")
    ratios = [f"ofd_lock_unlock_us={results['ofd_lock_unlock_us']:.1f}",
              f"data_version_poll_us={results['data_version_poll_us']:.1f}"]
    if "pg_unix_lock_unlock_us" in results:
        ratios.append(f"pg_lock_vs_ofd={results['pg_unix_lock_unlock_us'] / results['ofd_lock_unlock_us']:.0f}")
        ratios.append(f"pg_tcp_lock_vs_ofd={results['pg_tcp_lock_unlock_us'] / results['ofd_lock_unlock_us']:.0f}")
        ratios.append(f"notify_median_us={results['notify_latency_median_us']:.0f}")
        ratios.append(f"notify_vs_poll={results['notify_latency_median_us'] / results['data_version_poll_us']:.0f}")
    if "nbd_unix_mib_s" in results:
        ratios.append(f"nbd_unix_vs_local={results['nbd_unix_mib_s'] / results['local_dd_mib_s']:.2f}")
        ratios.append(f"nbd_tcp_vs_local={results['nbd_tcp_mib_s'] / results['local_dd_mib_s']:.2f}")
    print(" ".join(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
