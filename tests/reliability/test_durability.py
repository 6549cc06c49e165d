"""Durability, seen through the recorded I/O (and strace): the map is durable before the data,
hot regions and concurrent writers cost few syncs (group commit), flushes, copies and
configuration changes are durable when they return."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from gdsview.cli.dd import dd, parse_operands
from gdsview.core.engine import volume_io
from gdsview.core.engine.volume_io import open_device
from gdsview.core.names import MiB
from gdsview.core.storage.jrm import HEADER_SIZE
from powercut_recorder import FsRecorder
from workspace_helpers import CLASS as C
from workspace_helpers import apath, pattern, vpath


def record(lab) -> FsRecorder:
    rec = FsRecorder(lab.ws.root)
    rec.start()
    return rec


def names(rec: FsRecorder) -> dict[int, str]:
    """Model inode -> its file name (the last one it had)."""
    out = {ino: rel for rel, ino in rec.base_names.items()}
    for op in rec.ops:
        if op[0] == "create":
            out[op[2]] = op[1]
        elif op[0] in ("rename", "link"):
            for ino, rel in list(out.items()):
                if rel == op[1]:
                    out[ino] = op[2]
    return out


def timeline(rec: FsRecorder) -> list[tuple[str, str]]:
    """(operation, file name) of every write and completed sync."""
    who = names(rec)
    begun: dict[int, int] = {}
    out = []
    for op in rec.ops:
        if op[0] == "write":
            out.append(("write", who.get(op[1], "?")))
        elif op[0] == "sync_begin":
            begun[op[1]] = op[2]
        elif op[0] == "sync_end" and op[1] in begun:
            out.append(("synced", who.get(begun.pop(op[1]), "?")))
    return out


def syncs_of(rec: FsRecorder, pattern_: str) -> int:
    return sum(1 for op, name in timeline(rec) if op == "synced" and re.search(pattern_, name))


def test_the_maps_are_durable_before_the_image_write(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1", jrm=True)
    rec = record(lab)
    try:
        lab.write(vpath(), pattern(1, 4096), 3 * MiB)
    finally:
        rec.stop()
    events = timeline(rec)
    first_image = next(i for i, (op, name) in enumerate(events) if op == "write" and name.startswith("disks/"))
    before = events[:first_image]
    for m in (r"state/jrm/slice-\d+\.map", r"state/jrm/volume-\d+\.map"):
        marks = [i for i, (op, name) in enumerate(before) if op == "write" and re.fullmatch(m, name)]
        synced = [i for i, (op, name) in enumerate(before) if op == "synced" and re.fullmatch(m, name)]
        assert marks and synced and marks[0] < synced[-1], (m, events)


def test_a_stream_pays_one_map_sync_per_new_region_not_per_write(lab, monkeypatch) -> None:
    monkeypatch.setattr(volume_io, "CLEAR_IDLE", 3600.0)  # no idle sweep in the middle on a slow machine
    lab.write(vpath(), b"\0" * 4096, 0)  # the volume map exists (its creation is synced too)
    lab.manager.detach_slice(C, "Disk2", "Volume1", jrm=True)
    rec = record(lab)
    try:
        with open_device(lab.ws, vpath(), writable=True) as dev:
            for i in range(16 * 16):  # 16 MiB in 64 KiB writes: 16 per region, 16 regions
                dev.pwrite(pattern(i, 64 << 10), i * (64 << 10))
            for _ in range(50):  # a hot region: rewritten over and over
                dev.pwrite(pattern(7, 4096), 5 * MiB)
    finally:
        rec.stop()
    slice_syncs, volume_syncs = syncs_of(rec, r"slice-\d+\.map$"), syncs_of(rec, r"volume-\d+\.map$")
    print(f"306 writes over 16 regions: {slice_syncs} slice-map and {volume_syncs} volume-map syncs")
    # A slice map at most once per region it newly marks (a stream marks ahead: fewer); the volume
    # map once per 16-region chunk.
    assert 1 <= slice_syncs <= 16 and 1 <= volume_syncs <= -(-16 // volume_io.MARK_CHUNK)


def test_marking_ahead_stays_exact_for_random_writes_and_bounded_for_a_stream(make_lab) -> None:
    lab = make_lab(None)
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=True)
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for region in (1, 3, 4, 9, 12):  # random: two of them adjacent, no stream
            dev.pwrite(pattern(region, 4096), region * MiB + 8192)
    path = lab.jrm_path("Disk2")
    assert [i for i, b in enumerate(path.read_bytes()[HEADER_SIZE:]) if b] == [1, 3, 4, 9, 12]
    m.attach_slice(C, "Disk2", "Volume1")
    from gdsview.core.engine.resync import copy_volume

    assert copy_volume(lab.ws, C, "Volume1").copied_bytes == 5 * MiB
    m.detach_slice(C, "Disk2", "Volume1", jrm=True)
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for i in range(4 * 16):  # a stream over regions 0..3, in 64 KiB writes
            dev.pwrite(pattern(i, 65536), i * 65536)
    marked = [i for i, b in enumerate(lab.jrm_path("Disk2").read_bytes()[HEADER_SIZE:]) if b]
    assert marked[:4] == [0, 1, 2, 3] and len(marked) <= 4 + volume_io.STREAM_AHEAD


def test_concurrent_writers_share_the_map_syncs(lab, monkeypatch) -> None:
    """Group commit: four threads (a device each) dirty new regions at once; a slow fdatasync lets
    them pile up, and one sync serves the writers that asked while the previous one ran."""
    real, calls, lock = os.fdatasync, [], threading.Lock()

    def slow_fdatasync(fd: int) -> None:
        with lock:
            calls.append(os.fstat(fd).st_ino)
        time.sleep(0.02)
        real(fd)

    monkeypatch.setattr(volume_io, "MARK_CHUNK", 1)  # one region per mark: group commit alone
    lab.write(vpath(), b"\0" * 4096, 0)  # the volume map exists
    vmap_ino = lab.ws.volume_jrm_path(1).stat().st_ino
    monkeypatch.setattr(os, "fdatasync", slow_fdatasync)
    start = threading.Barrier(4)
    errors = []

    def writer(k: int) -> None:
        try:
            with open_device(lab.ws, vpath(), writable=True) as dev:
                start.wait()
                for j in range(4):
                    region = 4 * k + j
                    dev.pwrite(pattern(region, 4096), region * MiB)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    vmap_syncs = sum(1 for ino in calls if ino == vmap_ino)
    print(f"16 writes into 16 new regions by 4 threads: {vmap_syncs} volume-map syncs")
    assert 1 <= vmap_syncs <= 10  # without group commit: 16


def test_flush_makes_every_written_image_durable_and_clears_idle_regions(lab, monkeypatch) -> None:
    monkeypatch.setattr(volume_io, "CLEAR_IDLE", 0.0)
    rec = record(lab)
    try:
        with open_device(lab.ws, vpath(), writable=True) as dev:
            dev.pwrite(pattern(2, 8192), 2 * MiB)
            n = len(rec.ops)
            dev.flush()
            flush_ops = rec.ops[n:]
            vmap = lab.ws.volume_jrm_path(1).read_bytes()[HEADER_SIZE:]
    finally:
        rec.stop()
    events = timeline(rec)
    last_image_write = max(i for i, (op, name) in enumerate(events) if op == "write" and name.startswith("disks/"))
    synced = {name for op, name in events[last_image_write:] if op == "synced"}
    assert {"disks/sda.img", "disks/sdb.img"} <= synced
    assert any(o[0] == "sync_begin" for o in flush_ops)
    assert set(vmap) == {0}  # idle (CLEAR_IDLE 0): cleared once the images were durable


def test_flush_covers_what_another_device_wrote(lab) -> None:
    """fsync semantics: a flush through any device of the volume makes every write to it durable."""
    rec = record(lab)
    try:
        with open_device(lab.ws, vpath(), writable=True) as writer, \
                open_device(lab.ws, vpath(), writable=True) as other:
            writer.pwrite(pattern(9, 4096), 4 * MiB)
            n = len(timeline(rec))
            other.flush()
            synced = {name for op, name in timeline(rec)[n:] if op == "synced"}
    finally:
        rec.stop()
    assert {"disks/sda.img", "disks/sdb.img"} <= synced


def test_written_regions_stay_marked_until_idle_then_close_clears_them(lab) -> None:
    with open_device(lab.ws, vpath(), writable=True) as dev:
        dev.pwrite(pattern(3, 4096), 6 * MiB)
        vmap = lab.ws.volume_jrm_path(1).read_bytes()[HEADER_SIZE:]
        k = volume_io.MARK_CHUNK
        chunk = range(6 // k * k, (6 // k + 1) * k)
        # WRITTEN (lazy clearing), with the rest of its chunk (md's bitmap chunk)
        assert [i for i, b in enumerate(vmap) if b] == [i for i in chunk if i < len(vmap)] and vmap[6] == 2
    assert set(lab.ws.volume_jrm_path(1).read_bytes()[HEADER_SIZE:]) == {0}


def test_dd_conv_fsync_flushes_the_volume(lab, tmp_path) -> None:
    src = tmp_path / "in"
    src.write_bytes(pattern(4, 3 * MiB))
    rec = record(lab)
    try:
        dd(lab.ws, parse_operands([f"if={src}", f"of={vpath()}", "bs=1M", "conv=fsync", "status=none"]))
    finally:
        rec.stop()
    events = timeline(rec)
    last = max(i for i, (op, name) in enumerate(events) if op == "write" and name.startswith("disks/"))
    assert {"disks/sda.img", "disks/sdb.img"} <= {n for op, n in events[last:] if op == "synced"}
    assert lab.read(vpath(), 3 * MiB) == src.read_bytes()
    assert parse_operands(["conv=fdatasync,notrunc"]).sync == "fdatasync"
    assert parse_operands(["conv=fdatasync,fsync"]).sync == "fsync"


class _PipeOut:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def fileno(self) -> int:
        return self.fd

    def flush(self) -> None:
        pass


def test_dd_conv_fdatasync_to_a_file_and_to_a_pipe(lab, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    lab.write(vpath(), pattern(5, 4096), 0)
    dd(lab.ws, parse_operands([f"if={vpath()}", f"of={out}", "bs=4K", "count=1", "conv=fdatasync", "status=none"]))
    assert out.read_bytes() == pattern(5, 4096)
    r, w = os.pipe()
    try:
        monkeypatch.setattr(sys, "stdout", _PipeOut(w))
        # fdatasync of a pipe fails with EINVAL: GNU dd ignores it, so does ours
        dd(lab.ws, parse_operands([f"if={vpath()}", "bs=4K", "count=1", "conv=fsync", "status=none"]))
        assert os.read(r, 8192) == pattern(5, 4096)
    finally:
        os.close(r)
        os.close(w)


def test_a_copy_syncs_the_target_before_clearing_and_before_active(make_lab) -> None:
    """Every region cleared in the copy's map was written to the target before a target sync
    began, and that sync ended before the clear (and so before the slice became ACTIVE)."""
    lab = make_lab(None)
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    sid = lab.slice_id("Disk2")
    offset = lab.volume().first_block * 512
    rec = record(lab)
    try:
        from gdsview.core.engine.resync import copy_volume

        assert copy_volume(lab.ws, C, "Volume1", workers=2).outcome == "completed"
    finally:
        rec.stop()
    who = names(rec)
    last_copy: dict[int, int] = {}  # region -> op index of the last copy write into it
    durable_upto = -1  # every target write before this op index is durable
    begun: dict[int, int] = {}
    cleared = set()
    for i, op in enumerate(rec.ops):
        if op[0] == "write" and who.get(op[1]) == "disks/sdb.img":
            for r in range((op[2] - offset) // MiB, (op[2] - offset + len(op[3]) - 1) // MiB + 1):
                last_copy[r] = i
        elif op[0] == "sync_begin" and who.get(op[2]) == "disks/sdb.img":
            begun[op[1]] = i
        elif op[0] == "sync_end" and op[1] in begun:
            durable_upto = max(durable_upto, begun.pop(op[1]))
        elif op[0] == "write" and who.get(op[1]) == f"state/jrm/slice-{sid}.map":
            for k, b in enumerate(op[3]):
                r = op[2] - HEADER_SIZE + k
                if b == 0 and r >= 0:
                    assert last_copy.get(r, -1) < durable_upto, f"region {r} cleared before its copy was synced"
                    cleared.add(r)
    assert cleared == set(range(16))
    assert lab.slice("Disk2").status.value == "ACTIVE"


def test_a_detach_makes_its_map_and_name_durable_before_the_commit(lab) -> None:
    rec = record(lab)
    try:
        lab.manager.detach_slice(C, "Disk2", "Volume1", jrm=True)
    finally:
        rec.stop()
    kinds = [op[0] for op in rec.ops]
    commit = max(i for i, k in enumerate(kinds) if k == "commit_begin")
    rename = max(i for i, op in enumerate(rec.ops) if op[0] == "rename" and op[2].startswith("state/jrm/slice-"))
    dirsync = [i for i, op in enumerate(rec.ops) if op[0] == "dirsync_begin" and op[2] == "state/jrm"]
    assert any(rename < i < commit for i in dirsync)


def test_the_configuration_database_syncs_every_commit(lab) -> None:
    assert lab.ws.store.connection().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_writes_through_an_access_path_are_marked_durably_first(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1", jrm=True)
    rec = record(lab)
    try:
        lab.write(apath("Disk2"), pattern(6, 4096), 9 * MiB)
    finally:
        rec.stop()
    events = timeline(rec)
    image = next(i for i, (op, name) in enumerate(events) if op == "write" and name.startswith("disks/"))
    assert ("synced", next(n for op, n in events if n.startswith("state/jrm/slice-"))) in events[:image]


# -- strace: the order seen from the system calls -------------------------------------------------------
STRACE = shutil.which("strace")


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (scripts/setup-system.sh installs it)")
@pytest.mark.parametrize("ordering", [True, False], ids=["ordering", "GDSVIEW_TEST_NO_ORDERING"])
def test_strace_shows_the_map_synced_before_the_image_write(lab, tmp_path, ordering: bool) -> None:
    env = {**os.environ, "GDSVIEW_HOME": str(lab.ws.root), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    env.pop(volume_io.NO_ORDERING_ENV, None)
    if not ordering:
        env[volume_io.NO_ORDERING_ENV] = "1"  # the test-only switch: the check below must then fail
    bindir = Path(sys.executable).parent
    subprocess.run([str(bindir / "sdxslice"), "-M", "-c", C, "-d", "Disk2", "-v", "Volume1", "-a", "jrm=on"],
                   env=env, check=True, capture_output=True, timeout=60)
    src = tmp_path / "block"
    src.write_bytes(pattern(8, 65536))
    out = subprocess.run([STRACE, "-f", "-y", "-e", "trace=pwrite64,fdatasync,fsync", str(bindir / "gdsview"),
                          "dd", f"if={src}", f"of={vpath()}", "bs=64K", "seek=40", "conv=notrunc"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stderr.splitlines() if re.search(r"(pwrite64|fdatasync|fsync)\(", line)]
    first_image = next(i for i, line in enumerate(lines) if "pwrite64(" in line and "/disks/sda.img" in line)
    ordered = []
    for m in (r"/state/jrm/slice-\d+\.map", r"/state/jrm/volume-\d+\.map"):
        marks = [i for i, line in enumerate(lines[:first_image]) if "pwrite64(" in line and re.search(m, line)]
        syncs = [i for i, line in enumerate(lines[:first_image]) if "fdatasync(" in line and re.search(m, line)]
        assert marks, "\n".join(lines[: first_image + 1])
        ordered.append(bool(syncs) and marks[0] < syncs[-1])
    assert ordered == ([True, True] if ordering else [False, False]), "\n".join(lines[: first_image + 1])
