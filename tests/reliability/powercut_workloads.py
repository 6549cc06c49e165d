"""Workloads for the power-cut simulator (:mod:`powercut`): each builds a small lab, starts the
recorder, runs real volume-manager code (writes, flushes, detach, attach, copies, the lab's
service) and returns the recording with what each tracked volume held when recording began."""

from __future__ import annotations

import random
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gdsview.core.engine import resync, volume_io
from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState
from gdsview.core.names import MiB, access_path, volume_path
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.records import check_records
from gdsview.lab.service import Service
from powercut_check import TrackedDevice, volume_content
from powercut_recorder import PAGE, FsRecorder

C, G = "Class1", "Group1"
V1, V2 = "Volume1", "Volume2"
VOLUMES = ((V1, 8 * MiB), (V2, 2 * MiB))


@dataclass
class Recording:
    name: str
    rec: FsRecorder
    bases: dict[str, bytes]
    extra: Callable[[Workspace], list[str]] | None = None
    info: dict = field(default_factory=dict)


def build(root: Path) -> VolumeManager:
    """Two 16 MiB disks in Group1; Volume1 (8 regions) and Volume2 (2 regions), in sync."""
    ws = Workspace(root)
    m = VolumeManager(ws, source="workload", launcher=InlineLauncher(ws, source="workload"))
    for device, disk in (("sda", "Disk1"), ("sdb", "Disk2")):
        m.create_physical_disk(device, 16 * MiB)
        m.register_disk(C, device, disk)
        m.connect_disk(C, G, disk)
    for name, size in VOLUMES:
        m.create_volume(C, G, name, size // 512)
    return m


def _start(m: VolumeManager, tracked: tuple[str, ...] = (V1, V2)) -> tuple[FsRecorder, dict[str, bytes]]:
    bases = {f"{C}/{v}": volume_content(m.ws, C, v) for v in tracked}
    rec = FsRecorder(m.ws.root)
    rec.start()
    return rec, bases


def _open(m: VolumeManager, volume: str) -> TrackedDevice:
    return TrackedDevice(open_device(m.ws, volume_path(C, volume), writable=True, source="workload"), f"{C}/{volume}")


def _write(dev: TrackedDevice, rng: random.Random, size: int, pages: tuple[int, ...] = (1, 4, 16, 64)) -> None:
    n = rng.choice(pages)
    dev.pwrite(rng.randbytes(n * PAGE), rng.randrange(0, size // PAGE - n + 1) * PAGE)


def detached_writes(root: Path, seed: int, *, steps: int = 60) -> Recording:
    """Disk2 detached with JRM on; one thread writes Volume1 (flushing now and then, and writing the
    detached slice's access path as a backup tool may), another writes Volume2 at the same time.
    Regions go idle and are cleared lazily."""
    rng = random.Random(seed)
    m = build(root)
    m.detach_slice(C, "Disk2", V1, jrm=True)
    m.detach_slice(C, "Disk2", V2, jrm=True)
    rec, bases = _start(m)
    idle = volume_io.CLEAR_IDLE
    volume_io.CLEAR_IDLE = 0.02
    try:
        def other() -> None:
            r = random.Random(seed + 1)
            dev = _open(m, V2)
            try:
                for i in range(steps // 2):
                    _write(dev, r, 2 * MiB, (1, 4))
                    if i % 4 == 3:
                        dev.flush()
            finally:
                dev.close()

        t = threading.Thread(target=other)
        t.start()
        dev = _open(m, V1)
        side = open_device(m.ws, access_path(C, "Disk2", V1), writable=True, source="workload")
        try:
            for i in range(steps):
                _write(dev, rng, 8 * MiB)
                if i % 5 == 4:
                    dev.flush()
                if i % 17 == 3:
                    side.pwrite(rng.randbytes(PAGE), rng.randrange(0, 8 * MiB // PAGE) * PAGE)
                if i % 20 == 10:
                    time.sleep(0.05)  # idle: the next write's sweep clears the regions written before
            dev.flush()
            for _ in range(4):
                _write(dev, rng, 8 * MiB)  # acknowledged, never flushed
        finally:
            side.close()
            dev.close()
            t.join()
    finally:
        volume_io.CLEAR_IDLE = idle
        rec.stop()
    m.ws.close()
    return Recording("detached slice, JRM on", rec, bases)


def attach_and_copy(root: Path, seed: int, *, steps: int = 40) -> Recording:
    """Disk2 detached (JRM on), Volume1 written, attached: the copy (two workers, one region per
    chunk) runs in a thread while writes and flushes go on; then a full copy (JRM off) with the
    volume idle (no write marks a region while it is copied)."""
    rng = random.Random(seed)
    m = build(root)
    m.launcher = None
    rec, bases = _start(m, (V1,))
    chunks = resync.CHUNK_REGIONS
    resync.CHUNK_REGIONS = 1
    try:
        for jrm in (True, False):
            m.detach_slice(C, "Disk2", V1, jrm=jrm)
            dev = _open(m, V1)
            for i in range(steps // 4):
                _write(dev, rng, 8 * MiB)
                if i % 3 == 2:
                    dev.flush()
            dev.close()
            m.attach_slice(C, "Disk2", V1)
            m.set_copy_delay(C, V1, 2)
            result: list = []
            t = threading.Thread(target=_copy_into, args=(m, result))
            t.start()
            if jrm:
                dev = _open(m, V1)
                for i in range(steps // 2):
                    _write(dev, rng, 8 * MiB)
                    if i % 4 == 3:
                        dev.flush()
                dev.flush()
                t.join()
                dev.close()
            t.join()
            assert result and result[0].outcome == "completed", result
    finally:
        resync.CHUNK_REGIONS = chunks
        rec.stop()
    m.ws.close()
    return Recording("attach and copy", rec, bases)


def _copy_into(m: VolumeManager, result: list) -> None:
    result.append(copy_volume(m.ws, C, V1, workers=2, source="workload"))


def detach_attach_loop(root: Path, seed: int, *, rounds: int = 5) -> Recording:
    """Detach (JRM on or off, read-write or not), write, flush, stop and activate the slice,
    attach with an inline copy (``sdxslice -R -e waitsync``), write, over again."""
    rng = random.Random(seed)
    m = build(root)
    rec, bases = _start(m, (V1,))
    try:
        for k in range(rounds):
            jrm = rng.random() < 0.75
            m.detach_slice(C, "Disk2", V1, jrm=jrm)
            dev = _open(m, V1)
            for i in range(rng.randrange(3, 8)):
                _write(dev, rng, 8 * MiB)
                if i % 2:
                    dev.flush()
            dev.close()
            if rng.random() < 0.4:
                m.stop_slice(C, "Disk2", V1)
                m.activate_slice(C, "Disk2", V1)
            m.attach_slice(C, "Disk2", V1)
            dev = _open(m, V1)
            for _ in range(3):
                _write(dev, rng, 8 * MiB)
            if k % 2:
                dev.flush()
            dev.close()
    finally:
        rec.stop()
    m.ws.close()
    return Recording("detach/attach loop", rec, bases)


def service_writer(root: Path, seed: int, *, seconds: float = 0.25) -> Recording:
    """The lab's service (log pattern) writes Volume1 while Disk2 is detached and attached again."""
    m = build(root)
    rec, bases = _start(m, ())
    service = Service(m.ws, C, V1, rate_mib_s=64, pattern="log", source="service", seed=seed)
    try:
        service.start()
        time.sleep(seconds)
        m.detach_slice(C, "Disk2", V1, jrm=True)
        time.sleep(seconds)
        m.attach_slice(C, "Disk2", V1)  # copies inline, while the service goes on
        time.sleep(seconds / 2)
        status = service.stop()
        assert status.error is None, status.error
    finally:
        if service.running:
            service.stop()
        rec.stop()
    m.ws.close()
    return Recording("the lab's service writer", rec, bases, extra=_service_records,
                     info={"records": status.written_records})


def _service_records(ws: Workspace) -> list[str]:
    """After the cut the service's committed log records are all there (it flushes before its commit record)."""
    with open_device(ws, volume_path(C, V1)) as dev:
        r = check_records(lambda off, n: dev.pread(n, off), dev.size)
    if not r.has_commit and not (r.torn and r.torn[0] == 0):
        return []  # the cut came before the service's first commit record: nothing was promised yet
    bad = r.torn or r.misplaced or r.stale or not r.has_commit
    return [f"service records: {r.summary()}"] if bad else []


WORKLOADS: dict[str, Callable[..., Recording]] = {
    "detached": detached_writes,
    "attach": attach_and_copy,
    "loop": detach_attach_loop,
    "service": service_writer,
}


PG_VOLUME = 96 * MiB


def postgres_through_devices(root: Path, seed: int, *, seconds: float = 3.0, proofs: int = 3) -> Recording:
    """PostgreSQL 15 on ext4 on Volume1 (96 MiB), through the device server (in a thread of this
    process, see :mod:`powercut_devices`) and a direct-I/O loop device: initdb, ``pgbench -i -s 1``,
    pgbench load for ``seconds`` with Disk2 detached (JRM on, under ``fsfreeze``) for part of it and
    attached again (an inline copy while the load goes on). The recording stops with PostgreSQL
    still running. ``extra`` proves the database on ``proofs`` crash states (:func:`prove_postgres`)."""
    from gdsview.devices import filesystems
    from powercut_devices import Postgres, ThreadedServer, run, shared_tmp

    tmp = shared_tmp("gdsview-powercut-pg-")
    ws = Workspace(root)
    m = VolumeManager(ws, source="workload", launcher=InlineLauncher(ws, source="workload"))
    undo: list[Callable[[], object]] = [lambda: shutil.rmtree(tmp, ignore_errors=True), m.ws.close]
    rec = None
    info: dict = {"proofs": proofs, "proved": []}
    try:
        for device, disk in (("sda", "Disk1"), ("sdb", "Disk2")):
            m.create_physical_disk(device, PG_VOLUME + 16 * MiB)
            m.register_disk(C, device, disk)
            m.connect_disk(C, G, disk)
        m.create_volume(C, G, V1, PG_VOLUME // 512)
        tree = tmp / "sfdsk"
        srv = ThreadedServer(m.ws.root, tree)
        srv.start()
        undo.append(srv.stop)
        run("mkfs.ext4", "-q", "-F", "-b", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0",
            f"{tree}/{C}/dsk/{V1}")
        mnt = tmp / "mnt"
        mnt.mkdir()
        filesystems.mount(m.ws, volume_path(C, V1), str(mnt), str(tree))
        undo.append(lambda: filesystems.unmount(m.ws, str(mnt), str(tree)))
        run("sync", "-f", str(mnt))
        rec, bases = _start(m, (V1,))
        pg = Postgres(mnt / "pgdata", tmp / "sock")
        pg.initdb()
        pg.start()
        undo.append(lambda: pg.stop("immediate"))
        pg.pgbench("-i", "-s", "1", "-q")
        load = pg.pgbench_proc("-c", "2", "-j", "1", "-T", str(round(seconds)), "-n")
        try:
            time.sleep(seconds * 0.2)
            run("fsfreeze", "-f", str(mnt))
            try:
                m.detach_slice(C, "Disk2", V1, jrm=True)
            finally:
                run("fsfreeze", "-u", str(mnt))
            assert m.snapshot().slice(C, "Disk2", V1).state is SliceState.TEMP
            time.sleep(seconds * 0.4)
            m.attach_slice(C, "Disk2", V1)  # copies inline what the JRM marked, under the load
            assert m.snapshot().slice(C, "Disk2", V1).state is SliceState.ACTIVE
        finally:
            out, err = load.communicate(timeout=seconds + 60)
        assert load.returncode == 0, err[-600:]
        info["pgbench"] = next((ln.strip() for ln in out.splitlines() if ln.startswith("number of transactions")), "")
        rec.stop()  # the cut may come at any point up to here: PostgreSQL still runs
    finally:
        if rec is not None:
            rec.stop()
        errors = []
        while undo:  # newest first, every step even if one fails
            try:
                undo.pop()()
            except Exception as e:
                errors.append(e)
        if errors:
            raise errors[0]
    return Recording("PostgreSQL through the device server", rec, bases, extra=_postgres_proof(info), info=info)


def _postgres_proof(info: dict) -> Callable[[Workspace], list[str]]:
    """Proves the database on ``info["proofs"]`` crash states spread over the run's second half (the
    second "random" state of a cut): ``info["cuts"]`` (set by the test) says how many cuts there are."""
    from powercut import MODES
    from powercut_devices import prove_postgres, shared_tmp

    calls = [0]

    def extra(ws: Workspace) -> list[str]:
        k = calls[0]
        calls[0] += 1
        cuts, n = info.get("cuts", 0), info.get("proofs", 0)
        chosen = {cuts - 1 - j * max(1, cuts // (2 * n)) for j in range(n)} if n and cuts else set()
        if k % len(MODES) != 3 or k // len(MODES) not in chosen:
            return []
        work = shared_tmp("gdsview-powercut-proof-")
        try:
            problems, summary = prove_postgres(volume_content(ws, C, V1), work, [])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        info["proved"].append(summary)
        return problems

    return extra
