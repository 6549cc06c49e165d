"""The checking half of the power-cut simulator (see :mod:`powercut`): a crash state written out as
a workspace, opened as after a reboot, recovered and checked; and what workloads use."""

from __future__ import annotations

import os
import random
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState, VolumeStatus
from gdsview.core.names import volume_path
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage import fileio, jrm
from gdsview.core.storage.consistency import check_workspace
from gdsview.core.storage.jrm import REGION_SIZE, JrmMap
from gdsview.core.storage.layout import load_layout
from gdsview.core.storage.workspace import Workspace
from powercut import MODES, ZERO, CrashState, Replay
from powercut_recorder import PAGE, FsRecorder


# -- writing a crash state out and checking it ----------------------------------------------------
def materialize(state: CrashState, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    for d in ("disks", "state/jrm", "state/locks"):
        (root / d).mkdir(parents=True)
    for name, (size, pages) in state.files.items():
        fd = os.open(root / name, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.ftruncate(fd, size)
            for p in sorted(pages):
                content = pages[p]
                if p * PAGE < size and content != ZERO:
                    os.pwrite(fd, content[: min(PAGE, size - p * PAGE)], p * PAGE)
        finally:
            os.close(fd)
    (root / "gdsview.db").write_bytes(state.db)


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)

    def lost_regions(self) -> list[str]:
        return [p for p in self.problems if p.startswith("lost region")]


def check_state(root: Path, replay: Replay, state: CrashState,
                extra: Callable[[Workspace], list[str]] | None = None) -> Verdict:
    """Open the workspace after the cut as after a reboot, recover, check (see the module docstring)."""
    verdict = Verdict()
    jrm.simulate_reboot(os.urandom(16))
    ws = Workspace(root)
    try:
        problems = check_workspace(ws)
        verdict.problems += [f"database: {p}" for p in problems]
        verdict.problems += unmarked_differences(ws)
        m = VolumeManager(ws, source="restart", launcher=InlineLauncher(ws, source="restart"))
        m.resume_interrupted_copies()
        snap = m.snapshot()
        for v in snap.volumes:
            key = f"{v.class_name}/{v.name}"
            if key in replay.volumes and v.status is VolumeStatus.ACTIVE:
                verdict.problems += _read_back(ws, key, replay.expected(key, state.cut))
        if extra is not None:
            verdict.problems += extra(ws)
        for v in snap.volumes:
            if v.status is VolumeStatus.STOP:
                m.start_volume(v.class_name, v.name)
            for s in m.snapshot().slices_of(v.class_name, v.name):
                if s.state in (SliceState.TEMP, SliceState.TEMP_STOP):
                    m.attach_slice(v.class_name, s.disk, v.name)
            if any(s.state is SliceState.INVALID for s in m.snapshot().slices_of(v.class_name, v.name)):
                m.start_copy(v.class_name, v.name)
            bad = [s.name for s in m.snapshot().slices_of(v.class_name, v.name) if s.state is not SliceState.ACTIVE]
            if bad:
                verdict.problems.append(f"{v.name}: slices not ACTIVE after attach and copy: {bad}")
            result = verify_volume(ws, v.class_name, v.name)
            if not result.ok:
                verdict.problems.append(f"{v.name}: verify after attach finds differences {result.differences[:3]}")
        verdict.problems += [f"database after recovery: {p}" for p in check_workspace(ws)]
    except Exception as e:  # a crash state the code cannot open is a finding, not a harness error
        verdict.problems.append(f"exception: {type(e).__name__}: {e} "
                                f"{traceback.format_exc(limit=-3).splitlines()[-3:]}")
    finally:
        ws.close()
        jrm.simulate_reboot(None)
    return verdict


def unmarked_differences(ws: Workspace) -> list[str]:
    """Regions where two slices differ and nothing will copy one onto the other."""
    found = []
    with ws.store.read() as conn:
        rows = conn.execute("SELECT c.name, v.name FROM volumes v JOIN classes c ON c.id = v.class_id").fetchall()
        layouts = [load_layout(conn, c, v) for c, v in rows]
    for layout in layouts:
        valid = layout.valid_slices()
        if not valid:
            continue
        vpath = ws.volume_jrm_path(layout.id)
        vmap = JrmMap.open(vpath, layout.id, layout.regions)
        if vmap is None and vpath.exists():
            continue  # damaged: every region is healed
        vbits = vmap.bitmap() if vmap is not None else bytes(layout.regions)
        if vmap is not None:
            vmap.close()
        others = []
        for s in layout.slices:
            if s.state is SliceState.ACTIVE:
                continue
            if s.state in (SliceState.TEMP, SliceState.TEMP_STOP) and not s.jrm:
                continue  # attached with a full copy
            smap = JrmMap.open(ws.jrm_map_path(s.id), s.id, layout.regions)
            if smap is None:
                continue  # missing or damaged: a full copy
            with smap:
                others.append((s, smap.bitmap()))
        fds = {s.device: os.open(ws.disks_dir / f"{s.device}.img", os.O_RDONLY) for s in layout.slices}
        try:
            for r in range(layout.regions):
                if vbits[r]:
                    continue  # healing copies the region from the first valid slice
                off = layout.offset + r * REGION_SIZE
                n = min(REGION_SIZE, layout.size - r * REGION_SIZE)
                ref = os.pread(fds[valid[0].device], n, off)
                for s in valid[1:]:
                    if os.pread(fds[s.device], n, off) != ref:
                        found.append(f"lost region {r} of {layout.name}: ACTIVE slices {valid[0].disk} and "
                                     f"{s.disk} differ, the volume map does not mark it")
                for s, bits in others:
                    if not bits[r] and os.pread(fds[s.device], n, off) != ref:
                        found.append(f"lost region {r} of {layout.name}: {s.disk} ({s.state.value}) differs from "
                                     f"{valid[0].disk}, its JRM map does not mark it")
        finally:
            for fd in fds.values():
                os.close(fd)
    return found


def _read_back(ws: Workspace, key: str, expected: list[set[bytes]]) -> list[str]:
    class_name, volume = key.split("/")
    with open_device(ws, volume_path(class_name, volume)) as dev:
        data = dev.pread(dev.size, 0)
    bad = [p for p, ok in enumerate(expected) if data[p * PAGE : (p + 1) * PAGE] not in ok]
    if not bad:
        return []
    return [f"lost write: {len(bad)} pages of {volume} hold neither their last flushed write nor a later one "
            f"(first: page {bad[0]})"]


# -- what workloads use ---------------------------------------------------------------------------
class TrackedDevice:
    """A volume device whose writes and flushes are noted in the recording (page-aligned writes only)."""

    def __init__(self, dev, key: str) -> None:
        self.dev = dev
        self.key = key

    def pwrite(self, data: bytes, offset: int) -> None:
        assert offset % PAGE == 0 and len(data) % PAGE == 0
        fileio.note("issue", vol=self.key, offset=offset, data=bytes(data))
        self.dev.pwrite(data, offset)
        fileio.note("ack", vol=self.key)

    def flush(self) -> None:
        fileio.note("flush-begin", vol=self.key)
        self.dev.flush()
        fileio.note("flush-end", vol=self.key)

    def close(self) -> None:
        self.dev.close()


def volume_content(ws: Workspace, class_name: str, volume: str) -> bytes:
    with open_device(ws, volume_path(class_name, volume)) as dev:
        return dev.pread(dev.size, 0)


@dataclass
class Tally:
    states: int = 0
    by_mode: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lost_regions: int = 0


def simulate(rec: FsRecorder, bases: dict[str, bytes], work_dir: Path, *, cuts: int, seed: int,
             extra: Callable[[Workspace], list[str]] | None = None, modes: tuple[str, ...] = MODES,
             stop_at_first: bool = False) -> Tally:
    """Build crash states at ``cuts`` cut points (× ``modes``) and check each one."""
    rng = random.Random(seed)
    replay = Replay(rec, bases)
    tally = Tally()
    root = work_dir / "crash"
    for state in replay.states(replay.cut_points(rng, cuts), rng, modes):
        materialize(state, root)
        verdict = check_state(root, replay, state, extra)
        tally.states += 1
        tally.by_mode[state.mode] = tally.by_mode.get(state.mode, 0) + 1
        if verdict.problems:
            tally.lost_regions += len(verdict.lost_regions())
            tally.failures.append(f"cut {state.cut}/{len(replay.ops)} ({state.mode}): " + "; ".join(verdict.problems))
            if stop_at_first:
                break
    shutil.rmtree(root, ignore_errors=True)
    return tally
