"""Benchmark: ext4 on a gdsview mirrored volume through the device server, against ext4 on a loop device.

    sudo .venv/bin/python bench/devices.py [--rounds 3] [--quick] [--dir DIR]

(a) ``loop``: one plain sparse image file -> ``losetup --direct-io=on`` -> ext4.
(b) ``gdsview``: a mirror volume on two sparse disk images -> the device server (FUSE, pyfuse3,
    direct_io) -> the same ``losetup --direct-io=on`` (``gdsview.devices.filesystems.mount``) -> ext4.

The same jobs on both, alternating (which goes first changes every round), medians of the rounds:
fio 1 MiB sequential write then read (O_DIRECT, libaio, queue depth 4, fixed size), fio 4 KiB random
writes at queue depth 16 (fixed time), and pgbench (scale 10, 4 clients, fixed seconds) on a
PostgreSQL whose data directory is on the file system. The last line is
``seq_write_vs_loop=… seq_read_vs_loop=… rand4k_write_vs_loop=… pgbench_vs_loop=…`` (gdsview ÷ loop).
After the runs the volume's two slices are compared (they must be identical) and e2fsck checks both
file systems; everything made is torn down (file systems, loop devices, server, PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from gdsview.core.engine.verify import verify_volume  # noqa: E402
from gdsview.core.policy.manager import VolumeManager  # noqa: E402
from gdsview.core.storage.workspace import Workspace  # noqa: E402
from gdsview.devices import control, filesystems, loopdev  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
KEYS = ("seq_write", "seq_read", "rand4k_write", "pgbench")
UNITS = {"seq_write": "MiB/s", "seq_read": "MiB/s", "rand4k_write": "IOPS", "pgbench": "TPS"}


def run(*args: str, user: str | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    cmd = (["runuser", "-u", user, "--"] if user else []) + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)
    if check and proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return proc


def fio(directory: Path, name: str, *opts: str) -> dict:
    out = run("fio", f"--name={name}", f"--directory={directory}", f"--filename={name}.dat", "--direct=1",
              "--ioengine=libaio", "--output-format=json", *opts).stdout
    return json.loads(out[out.index("{"):])["jobs"][0]


class Target:
    """A mounted ext4 and, once started, a PostgreSQL on it."""

    def __init__(self, name: str, mnt: Path, port: int, tmp: Path) -> None:
        self.name, self.mnt, self.port, self.tmp = name, mnt, port, tmp
        self.pgdata = mnt / "pgdata"
        self.sock = tmp / f"sock-{name}"
        self.pg_started = False

    def check_mounted(self) -> None:
        if not loopdev.is_mountpoint(self.mnt):  # never benchmark (or write) the bare directory
            raise SystemExit(f"bench: {self.mnt} is not mounted")

    def seq_write(self, mib: int) -> float:
        self.check_mounted()
        job = fio(self.mnt, "seq", "--rw=write", "--bs=1M", f"--size={mib}M", "--iodepth=4", "--end_fsync=1")
        return job["write"]["bw"] / 1024

    def seq_read(self, mib: int) -> float:
        self.check_mounted()
        job = fio(self.mnt, "seq", "--rw=read", "--bs=1M", f"--size={mib}M", "--iodepth=4")
        return job["read"]["bw"] / 1024

    def rand4k_write(self, seconds: float, mib: int) -> float:
        self.check_mounted()
        job = fio(self.mnt, "rand", "--rw=randwrite", "--bs=4k", f"--size={mib}M", "--iodepth=16",
                  f"--runtime={seconds}", "--time_based")
        return job["write"]["iops"]

    def start_pg(self, scale: int) -> None:
        self.check_mounted()
        for d in (self.pgdata, self.sock):
            d.mkdir(exist_ok=True)
            shutil.chown(d, "postgres", "postgres")
        self.pgdata.chmod(0o700)
        run(str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "postgres", user="postgres")
        run(str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.pgdata / "log"), "-w", "-o",
            f"-p {self.port} -k {self.sock} -c listen_addresses=''", "start", user="postgres")
        self.pg_started = True
        run("pgbench", "-h", str(self.sock), "-p", str(self.port), "-i", "-s", str(scale), "-q", "postgres",
            user="postgres")

    def pgbench(self, seconds: int) -> float:
        self.check_mounted()
        out = run("pgbench", "-h", str(self.sock), "-p", str(self.port), "-c", "4", "-j", "2", "-T", str(seconds),
                  "-n", "postgres", user="postgres").stdout
        return float(re.search(r"tps = ([\d.]+)", out).group(1))

    def stop_pg(self) -> None:
        if self.pg_started:
            run(str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop", user="postgres",
                check=False)
            self.pg_started = False


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--volume-mib", type=int, default=2048)
    p.add_argument("--seq-mib", type=int, default=512)
    p.add_argument("--rand-mib", type=int, default=256)
    p.add_argument("--rand-seconds", type=int, default=10)
    p.add_argument("--pg-scale", type=int, default=10)
    p.add_argument("--pg-seconds", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="small and short (the smoke test)")
    p.add_argument("--dir", default=None, help="where the images go (default: a temporary folder)")
    a = p.parse_args()
    if a.quick:
        a.rounds, a.volume_mib, a.seq_mib, a.rand_mib = 1, 256, 64, 32
        a.rand_seconds, a.pg_scale, a.pg_seconds = 2, 1, 3
    if os.geteuid() != 0:
        raise SystemExit("bench: needs root (losetup, mount, the device tree)")
    for tool in ("fio", "losetup", "mkfs.ext4", "pgbench", "runuser"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench: {tool} is not installed")
    if not (PG_BIN / "pg_ctl").exists():
        raise SystemExit(f"bench: PostgreSQL 15 server programs not found in {PG_BIN}")
    tmp = Path(tempfile.mkdtemp(prefix="gdsview-bench-devices-", dir=a.dir))
    tmp.chmod(0o755)  # postgres must reach its directories
    undo: list = []
    try:
        size = a.volume_mib << 20
        # (a) a plain image on a direct-I/O loop device
        image = tmp / "plain.img"
        with open(image, "wb") as f:
            f.truncate(size)
        loop = loopdev.attach_loop(str(image))
        undo.append(lambda: loopdev.detach_loop(loop))
        run("mkfs.ext4", "-q", loop.path)
        mnt_a = tmp / "mnt-loop"
        mnt_a.mkdir()
        run("mount", loop.path, str(mnt_a))
        undo.append(lambda: loopdev.is_mountpoint(mnt_a) and run("umount", str(mnt_a), check=False))
        # (b) a gdsview mirror volume through the device server
        ws = Workspace(tmp / "ws")
        undo.append(ws.close)
        m = VolumeManager(ws, source="bench")
        for dev in ("sda", "sdb"):
            m.create_physical_disk(dev, size + (64 << 20))
        m.register_disk("Class1", "sda", "Disk1")
        m.register_disk("Class1", "sdb", "Disk2")
        m.connect_disk("Class1", "Group1", "Disk1")
        m.connect_disk("Class1", "Group1", "Disk2")
        m.create_volume("Class1", "Group1", "Volume1", size // 512)
        root = str(tmp / "sfdsk")
        control.up(ws, mountpoint=root)
        undo.append(lambda: control.down(ws, force=True))
        name = "/dev/sfdsk/Class1/dsk/Volume1"
        filesystems.make_filesystem(filesystems.tree_file(name, root), "ext4")
        mnt_b = tmp / "mnt-gdsview"
        mnt_b.mkdir()
        filesystems.mount(ws, name, str(mnt_b), root)
        undo.append(lambda: loopdev.is_mountpoint(mnt_b) and filesystems.unmount(ws, str(mnt_b), root))
        targets = [Target("loop", mnt_a, 54321, tmp), Target("gdsview", mnt_b, 54322, tmp)]
        for t in targets:
            t.start_pg(a.pg_scale)
            undo.append(t.stop_pg)
        results = {t.name: {k: [] for k in KEYS} for t in targets}
        for r in range(a.rounds):
            order = targets if r % 2 == 0 else targets[::-1]
            for key in KEYS:
                for t in order:
                    if key == "seq_write":
                        v = t.seq_write(a.seq_mib)
                    elif key == "seq_read":
                        v = t.seq_read(a.seq_mib)
                    elif key == "rand4k_write":
                        v = t.rand4k_write(a.rand_seconds, a.rand_mib)
                    else:
                        v = t.pgbench(a.pg_seconds)
                    results[t.name][key].append(v)
                    print(f"round {r + 1} {key:<13} {t.name:<8} {v:10.1f} {UNITS[key]}", flush=True)
        for t in targets:
            t.stop_pg()
        filesystems.unmount(ws, str(mnt_b), root)
        fsck = run("e2fsck", "-fn", filesystems.tree_file(name, root), check=False)
        result = verify_volume(ws, "Class1", "Volume1")
        print(f"gdsview volume after the runs: e2fsck exit {fsck.returncode}; slices "
              f"{'identical' if result.ok else 'DIFFER'}")
        if fsck.returncode != 0 or not result.ok:
            return 1
        med = {t: {k: statistics.median(v) for k, v in res.items()} for t, res in results.items()}
        print("\n| job | loop (plain image) | gdsview (mirror, device server) | gdsview ÷ loop |")
        print("| --- | --- | --- | --- |")
        ratios = {}
        for k in KEYS:
            ratios[k] = med["gdsview"][k] / med["loop"][k] if med["loop"][k] else 0.0
            print(f"| {k} ({UNITS[k]}) | {med['loop'][k]:.0f} | {med['gdsview'][k]:.0f} | {ratios[k]:.2f} |")
        print(f"medians of {a.rounds} round(s), alternating; volume {a.volume_mib} MiB, seq {a.seq_mib} MiB, "
              f"rand {a.rand_mib} MiB for {a.rand_seconds} s, pgbench scale {a.pg_scale} for {a.pg_seconds} s")
        print(" ".join(f"{k}_vs_loop={ratios[k]:.2f}" for k in KEYS))
        return 0
    finally:
        for step in reversed(undo):
            try:
                step()
            except BaseException as e:  # keep tearing down
                print(f"bench: cleanup: {e}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
