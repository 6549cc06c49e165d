"""Kill-and-recover scenarios shared by the fixed kill points (normal suite) and the seeded random
harness (``-m slow``). Each scenario runs a real subprocess, kills it (SIGKILL, or a crash point,
see ``gdsview.core.storage.faults``), restarts in this process the way an operator would, and returns an
``Outcome`` counting lost data and copies that restarted from zero (both must be 0)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from crash_worker import SLOT, VOLUME, block, slot_sequence
from gdsview.core.engine.crashpoints import CRASH_ENV
from gdsview.core.engine.healing import recover_all
from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState
from gdsview.core.names import MiB
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.consistency import check_workspace
from gdsview.core.storage.jrm import REGION_SIZE, JrmMap
from gdsview.core.storage.workspace import Workspace

WORKER = Path(__file__).with_name("crash_worker.py")
C, G = "Class1", "Group1"


@dataclass
class Outcome:
    scenario: str
    seed: int
    killed_by: str  # "signal" or the crash point
    data_lost: int = 0  # slots/regions whose content is neither the old nor the new data
    restarted_from_zero: int = 0
    resumed_bytes: int = 0
    checkpoint_bytes: int = 0  # what the killed copy had already copied (JRM bits cleared)
    full_bytes: int = 0  # what a copy from zero would have copied
    recovered_regions: int = 0
    problems: list[str] = field(default_factory=list)  # configuration inconsistencies, verify failures

    @property
    def ok(self) -> bool:
        return not (self.data_lost or self.restarted_from_zero or self.problems)


def build(root: Path, *, disk_mib: int = 64, volume_mib: int = 16) -> VolumeManager:
    ws = Workspace(root)
    m = VolumeManager(ws, source="test", launcher=InlineLauncher(ws, source="test"))
    for name in ("sda", "sdb"):
        m.create_physical_disk(name, disk_mib * MiB)
    m.register_disk(C, "sda", "Disk1")
    m.register_disk(C, "sdb", "Disk2")
    m.connect_disk(C, G, "Disk1")
    m.connect_disk(C, G, "Disk2")
    m.create_volume(C, G, "Volume1", volume_mib * MiB // 512)
    return m


def start_worker(mode: str, root: Path, seed: int, log: Path, crash: str | None = None,
                 pause: float = 0) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    env["CRASH_WORKER_PAUSE"] = str(pause)
    if crash:
        env[CRASH_ENV] = crash
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.Popen([sys.executable, str(WORKER), mode, str(root), str(seed), str(log)], env=env,
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)


def logged(log: Path) -> int:
    """How many writes the worker saw complete (writes 0 .. n-1)."""
    try:
        return len([line for line in log.read_text().splitlines() if line.strip()])
    except FileNotFoundError:
        return 0


def kill_when(proc: subprocess.Popen, ready, rng: random.Random, timeout: float = 60,
              may_finish: bool = False) -> str:
    """SIGKILL the process once ``ready()`` holds (after a random extra moment), unless it died first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and not ready():
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise AssertionError("the worker never reached the kill point")
        time.sleep(0.002)
    if proc.poll() is None:
        time.sleep(rng.random() * 0.02)
        proc.send_signal(signal.SIGKILL)
    code = proc.wait(60)
    err = ""
    if proc.stderr is not None:
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if code == 0 and may_finish:
        return "finished first"
    if code not in (-signal.SIGKILL, 9):
        raise AssertionError(f"worker ended with {code} before the kill: {err[-2000:]}")
    return "signal" if code == -signal.SIGKILL else "crash-point"


def check_slots(ws: Workspace, seed: int, n_logged: int) -> int:
    """Slots whose content is neither their last completed write nor the write in flight at the kill.

    The write in flight was never acknowledged, and a SIGKILL can stop its pwrite part-way (as power
    loss can stop a disk's write): its slot may hold, page by page, the old or the new data.
    """
    with open_device(ws, VOLUME) as dev:
        nslots = dev.size // SLOT
        seq = slot_sequence(seed, nslots, n_logged + 1)
        expected: dict[int, list[bytes]] = {}
        for i, slot in enumerate(seq[:n_logged]):
            expected[slot] = [block(seed, i)]
        in_flight = seq[n_logged]
        lost = 0
        for slot in range(nslots):
            data = dev.pread(SLOT, slot * SLOT)
            ok = expected.get(slot, [bytes(SLOT)])
            if slot == in_flight:
                new = block(seed, n_logged)
                if data not in ok and _pages_of(data, ok[0], new):
                    continue
                ok = ok + [new]
            lost += data not in ok
    return lost


def _pages_of(data: bytes, old: bytes, new: bytes, page: int = 4096) -> bool:
    """True when every page of ``data`` is that page of ``old`` or of ``new`` (a torn write)."""
    return all(data[i : i + page] in (old[i : i + page], new[i : i + page]) for i in range(0, len(data), page))


def restart_and_heal(root: Path, out: Outcome) -> VolumeManager:
    """What an operator does after the crash: open the workspace (the GUI's resume step heals the
    volume JRM and relaunches copies), bring detached/invalid slices back, check everything."""
    ws = Workspace(root)
    launcher = InlineLauncher(ws, source="restart")
    m = VolumeManager(ws, source="restart", launcher=launcher)
    out.problems += check_workspace(ws)
    out.recovered_regions += sum(r.regions for r in recover_all(ws, source="restart"))
    for s in m.snapshot().slices_of(C, "Volume1"):
        if s.state in (SliceState.TEMP, SliceState.TEMP_STOP):
            m.attach_slice(C, s.disk, "Volume1")
    m.resume_interrupted_copies()
    snap = m.snapshot()
    if any(s.state is SliceState.INVALID for s in snap.slices_of(C, "Volume1")):
        m.start_copy(C, "Volume1")
    bad = [s.name for s in m.snapshot().slices_of(C, "Volume1") if s.state is not SliceState.ACTIVE]
    if bad:
        out.problems.append(f"slices not ACTIVE after the restart: {bad}")
    result = verify_volume(ws, C, "Volume1")
    if not result.ok:
        out.problems.append(f"verify found differences: {result.differences[:4]}")
    out.problems += check_workspace(ws)
    return m


# -- scenarios ------------------------------------------------------------------------------------
def writer_kill(root: Path, seed: int, *, crash_after: int | None = None, kill_after: int | None = None) -> Outcome:
    """A writer process dies mid-write (crash point between its slice writes, or SIGKILL)."""
    return _worker_kill("write", "writer", "slice-write", root, seed, crash_after, kill_after, most=60)


def config_kill(root: Path, seed: int, *, crash_after: int | None = None) -> Outcome:
    """A process detaching, writing, stopping/activating and attaching in a loop is killed."""
    return _worker_kill("config", "config", "config-commit", root, seed, crash_after, None, most=40)


def _worker_kill(worker: str, name: str, point: str, root: Path, seed: int, crash_after: int | None,
                 kill_after: int | None, *, most: int) -> Outcome:
    """Start ``worker``, kill it (at crash point ``point`` or by SIGKILL after a random count of its
    logged writes), restart and heal, then count the logged writes that are not read back."""
    rng = random.Random(seed)
    build(root).ws.close()
    log = root / "writes.log"
    crash = f"{point}:{crash_after}" if crash_after else None
    n_kill = kill_after or rng.randrange(1, most)
    proc = start_worker(worker, root, seed, log, crash)
    out = Outcome(name, seed, "")
    out.killed_by = kill_when(proc, lambda: crash is None and logged(log) >= n_kill, rng)
    n = logged(log)
    m = restart_and_heal(root, out)
    out.data_lost = check_slots(m.ws, seed, n)
    m.ws.close()
    return out


def copy_kill(root: Path, seed: int, *, crash: str | None = None, volume_mib: int = 64) -> Outcome:
    """The copy worker process (copyd) is killed mid-copy; a restart resumes from the JRM checkpoint."""
    rng = random.Random(seed)
    m = build(root, disk_mib=volume_mib + 8, volume_mib=volume_mib)
    ws = m.ws
    markers = {r: random.Random(seed * 1000 + r).randbytes(4096) for r in range(volume_mib)}
    with open_device(ws, VOLUME, writable=True) as dev:
        for r, data in markers.items():
            dev.pwrite(data, r * MiB + rng.randrange(0, MiB - 4096, 512))
    m.launcher = None
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")  # full copy pending (COPY), nobody runs it yet
    m.set_copy_delay(C, "Volume1", rng.choice([0, 2, 5, 10]))
    with ws.store.read() as conn:
        sid = conn.execute("SELECT s.id FROM slices s JOIN disks d ON d.id = s.disk_id WHERE d.name = 'Disk2'"
                           ).fetchone()[0]
    regions = volume_mib * MiB // REGION_SIZE
    map_path = ws.jrm_map_path(sid)
    ws.close()

    def dirty() -> int:
        jmap = JrmMap.open(map_path, sid, regions)
        if jmap is None:
            return regions
        with jmap:
            return jmap.dirty_count()

    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash:
        env[CRASH_ENV] = crash
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    proc = subprocess.Popen([sys.executable, "-m", "gdsview.core.engine.copyd", "--workspace", str(root), "--class", C,
                             "--volume", "Volume1"], env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    target = rng.randrange(1, regions // 8) * 8  # kill once this many regions are copied (or later)
    out = Outcome("copy", seed, "")
    out.killed_by = kill_when(proc, lambda: crash is None and regions - dirty() >= target, rng, may_finish=True)
    left = dirty()
    out.checkpoint_bytes = (regions - left) * REGION_SIZE
    out.full_bytes = regions * REGION_SIZE
    ws = Workspace(root)
    out.problems += check_workspace(ws)
    result = copy_volume(ws, C, "Volume1", source="restart")  # what sdxcopy -B / the GUI's resume runs
    out.resumed_bytes = result.copied_bytes
    if result.outcome != "completed" and not (result.outcome == "nothing" and left == 0):
        out.problems.append(f"resumed copy ended {result.outcome}: {result.message}")
    if out.checkpoint_bytes and result.copied_bytes >= regions * REGION_SIZE:
        out.restarted_from_zero = 1
    if result.copied_bytes != left * REGION_SIZE:
        out.problems.append(f"resume copied {result.copied_bytes} bytes for {left} dirty regions")
    ws.close()
    m = restart_and_heal(root, out)
    with open_device(m.ws, VOLUME) as dev:
        image = b"".join(dev.pread(MiB, r * MiB) for r in range(volume_mib))
    out.data_lost = sum(data not in image[r * MiB:(r + 1) * MiB] for r, data in markers.items())
    m.ws.close()
    return out


def detached_kill(root: Path, seed: int, *, crash_after: int | None = None) -> Outcome:
    """Writes to a volume whose Disk2 slice is detached (JRM on) are killed; attach after the
    restart copies only the regions the writes touched."""
    rng = random.Random(seed)
    m = build(root)
    m.detach_slice(C, "Disk2", "Volume1", jrm=True)
    m.ws.close()
    log = root / "writes.log"
    n_kill = rng.randrange(1, 8)
    crash = f"slice-write:{crash_after}" if crash_after else None
    proc = start_worker("write", root, seed, log, crash, pause=0.005)
    out = Outcome("detached", seed, "")
    out.killed_by = kill_when(proc, lambda: crash is None and logged(log) >= n_kill, rng)
    n = logged(log)
    ws = Workspace(root)
    m = VolumeManager(ws, source="restart", launcher=None)
    out.problems += check_workspace(ws)
    m.attach_slice(C, "Disk2", "Volume1")
    result = copy_volume(ws, C, "Volume1", source="restart")
    out.resumed_bytes = result.copied_bytes
    with open_device(ws, VOLUME) as dev:
        nslots = dev.size // SLOT
        size = dev.size
    out.full_bytes = size
    touched = {slot * SLOT // REGION_SIZE for slot in slot_sequence(seed, nslots, n + 1)}
    if result.copied_bytes > len(touched) * REGION_SIZE or (
            result.copied_bytes >= size and len(touched) * REGION_SIZE < size):
        out.restarted_from_zero = 1
        out.problems.append(f"attach copied {result.copied_bytes} bytes for {len(touched)} touched regions")
    ws.close()
    m = restart_and_heal(root, out)
    out.data_lost = check_slots(m.ws, seed, n)
    m.ws.close()
    return out
