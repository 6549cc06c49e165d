"""Small workspaces for tests, shared by every test folder (plain helpers, no fixtures).

``build_small_lab(root)`` makes a demo-like lab whose full copies are cheap: physical disks
``sda``, ``sdb``, ``sdc`` of 64 MiB; ``Class1`` with ``Disk1`` (sda) and ``Disk2`` (sdb) in mirror
``Group1``; ``Volume1`` (16 MiB) and ``Volume2`` (8 MiB), started and in sync; ``sdc`` unregistered.
``build_demo_lab(root)`` is ``lab.demo.init_lab`` (1 GiB sparse disks: cheap unless whole volumes
are copied). Both labs' disks are unlimited (no disk speed): tests stay fast. Tests may read and
write the image files directly (the GUI may not).

Always ``lab.close()`` (stops the ThreadLauncher's copies, closes the database).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gdsview.core.engine.launchers import InlineLauncher, ThreadLauncher
from gdsview.core.engine.resync import CopyStatus
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.core.names import MiB
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.demo import init_lab

SMALL_DISK = 64 * MiB
SMALL_VOLUMES = (("Volume1", 16 * MiB), ("Volume2", 8 * MiB))
CLASS = "Class1"
GROUP = "Group1"


class CopyGate:
    """A copy progress callback that can hold the copy thread once, mid-copy, until released.

    Armed with ``arm()``: the first report with some blocks done (and not finished) sets
    ``reached`` and blocks that copy thread, outside any region lock but holding the slice's owner
    lock, until ``release`` is set. Unarmed, it only records what it is sent. It freezes the whole
    copy only when the copy runs one worker thread (``workers=1``): use the "gated" launcher.
    """

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        self.armed = False
        self.statuses: list[CopyStatus] = []

    def arm(self) -> None:
        self.reached.clear()
        self.release.clear()
        self.armed = True

    def __call__(self, status: CopyStatus) -> None:
        self.statuses.append(status)
        if self.armed and not status.finished and 0 < status.done_blocks < status.total_blocks:
            self.armed = False
            self.reached.set()
            self.release.wait(60)


@dataclass
class Lab:
    ws: Workspace
    manager: VolumeManager
    launcher: object | None = None
    gate: CopyGate = field(default_factory=CopyGate)

    # -- configuration --------------------------------------------------------------------------
    def state(self, class_name: str | None = None) -> tuple:
        """The whole configuration, without the snapshot's version (it changes with every commit)."""
        s = self.manager.snapshot(class_name)
        return (s.physical_disks, s.classes, s.disks, s.groups, s.volumes, s.slices)

    def jrm_files(self) -> dict[str, bytes]:
        d = self.ws.state_dir / "jrm"
        return {p.name: p.read_bytes() for p in sorted(d.iterdir())} if d.is_dir() else {}

    def slice(self, disk: str, volume: str = "Volume1", class_name: str = CLASS):
        return self.manager.snapshot().slice(class_name, disk, volume)

    def volume(self, volume: str = "Volume1", class_name: str = CLASS):
        return self.manager.snapshot().volume(class_name, volume)

    def slice_id(self, disk: str, volume: str = "Volume1", class_name: str = CLASS) -> int:
        row = self.ws.store.connection().execute(
            "SELECT s.id FROM slices s JOIN disks d ON d.id = s.disk_id JOIN volumes v ON v.id = s.volume_id"
            " JOIN classes c ON c.id = v.class_id WHERE c.name = ? AND d.name = ? AND v.name = ?",
            (class_name, disk, volume),
        ).fetchone()
        assert row is not None, f"no slice {disk}.{volume}"
        return row[0]

    def jrm_path(self, disk: str, volume: str = "Volume1") -> Path:
        return self.ws.jrm_map_path(self.slice_id(disk, volume))

    def copy_request(self, disk: str, volume: str = "Volume1") -> str | None:
        return self.ws.store.connection().execute(
            "SELECT copy_request FROM slices WHERE id = ?", (self.slice_id(disk, volume),)
        ).fetchone()[0]

    # -- image files (tests only) ---------------------------------------------------------------
    def image(self, disk: str, class_name: str = CLASS) -> Path:
        d = self.manager.snapshot().disk(class_name, disk)
        assert d is not None, f"no disk {disk}"
        return self.ws.disks_dir / f"{d.device}.img"

    def slice_bytes(self, disk: str, volume: str = "Volume1", offset: int = 0, length: int | None = None,
                    class_name: str = CLASS) -> bytes:
        """Read a slice straight from its disk image, at ``offset`` in the volume."""
        v = self.volume(volume, class_name)
        length = v.size_bytes - offset if length is None else length
        with open(self.image(disk, class_name), "rb") as f:
            f.seek(v.first_block * 512 + offset)
            data = f.read(length)
        assert len(data) == length
        return data

    def poke_slice(self, disk: str, data: bytes, offset: int, volume: str = "Volume1",
                   class_name: str = CLASS) -> None:
        """Write straight into a slice's image (simulates corruption; bypasses the volume manager)."""
        v = self.volume(volume, class_name)
        fd = os.open(self.image(disk, class_name), os.O_RDWR)
        try:
            os.pwrite(fd, data, v.first_block * 512 + offset)
        finally:
            os.close(fd)

    # -- I/O through the volume manager ---------------------------------------------------------
    def write(self, path: str, data: bytes, offset: int) -> None:
        with open_device(self.ws, path, writable=True, source="test") as dev:
            dev.pwrite(data, offset)

    def read(self, path: str, length: int, offset: int = 0) -> bytes:
        with open_device(self.ws, path, source="test") as dev:
            return dev.pread(length, offset)

    def close(self) -> None:
        self.gate.release.set()
        try:
            if isinstance(self.launcher, ThreadLauncher):
                assert self.launcher.stop(timeout=60), "a copy thread did not stop"
        finally:
            self.ws.close()


def make_launcher(lab: Lab, kind: str | None):
    """None, "inline", "thread" (the GUI's launcher, default worker count) or "gated" (a
    ThreadLauncher with one worker, so that ``lab.gate`` can hold the copy mid-way)."""
    if kind is None:
        return None
    if kind == "inline":
        return InlineLauncher(lab.ws, source="test", progress=lab.gate)
    if kind == "thread":
        return ThreadLauncher(lab.ws, source="test", progress=lab.gate)
    if kind == "gated":
        return ThreadLauncher(lab.ws, source="test", progress=lab.gate, workers=1)
    raise ValueError(kind)


def _new_lab(root: Path, launcher: str | None) -> Lab:
    ws = Workspace(root)
    manager = VolumeManager(ws, source="test")
    lab = Lab(ws, manager)
    lab.launcher = manager.launcher = make_launcher(lab, launcher)
    return lab


def build_small_lab(root: Path, *, launcher: str | None = "inline") -> Lab:
    """The demo's shape on 64 MiB disks. ``launcher``: see make_launcher (None: copies wait)."""
    lab = _new_lab(root, launcher)
    m = lab.manager
    try:
        for name in ("sda", "sdb", "sdc"):
            m.create_physical_disk(name, SMALL_DISK)
        m.register_disk(CLASS, "sda", "Disk1")
        m.register_disk(CLASS, "sdb", "Disk2")
        m.connect_disk(CLASS, GROUP, "Disk1")
        m.connect_disk(CLASS, GROUP, "Disk2")
        for volume, size in SMALL_VOLUMES:
            m.create_volume(CLASS, GROUP, volume, size // 512)
    except BaseException:
        lab.close()
        raise
    return lab


def build_demo_lab(root: Path, *, launcher: str | None = "inline") -> Lab:
    """``lab.demo.init_lab``: 1 GiB sparse disks, Volume1 512 MiB, Volume2 256 MiB (unlimited speed)."""
    lab = _new_lab(root, launcher)
    try:
        init_lab(lab.manager, speed=None)
    except BaseException:
        lab.close()
        raise
    return lab


def vpath(volume: str = "Volume1", class_name: str = CLASS) -> str:
    return f"/dev/sfdsk/{class_name}/dsk/{volume}"


def apath(disk: str, volume: str = "Volume1", class_name: str = CLASS) -> str:
    return f"/dev/sfdsk/{class_name}/dsk/{disk}.{volume}"


def pattern(seed: int, length: int) -> bytes:
    return random.Random(seed).randbytes(length)


def regions_of(offset: int, length: int, region: int = MiB) -> set[int]:
    return set(range(offset // region, (offset + max(length, 1) - 1) // region + 1))


def wait_until(predicate: Callable[[], object], timeout: float = 60, what: str = "condition") -> object:
    """Poll ``predicate`` until it is truthy; fail (never assert a duration) after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def run_in_thread(fn: Callable[[], object], timeout: float = 60) -> object:
    """Run ``fn`` in another thread (so it uses another database connection) and return its result."""
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # handed back to the caller
            out["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "thread did not finish"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def assert_refused(lab: Lab, fn, *args, match: str | None = None, **kwargs) -> SdxError:
    """``fn`` raises SdxError with a message, and changes neither the configuration, the JRM maps
    nor the operation log."""
    before, maps = lab.state(), lab.jrm_files()
    events = len(lab.manager.events())
    with pytest.raises(SdxError) as info:
        fn(*args, **kwargs)
    err = info.value
    assert err.text.strip(), "a refusal must say why"
    if match is not None:
        assert match in str(err), f"{match!r} not in {str(err)!r}"
    assert lab.state() == before, "a refused operation changed the configuration"
    assert lab.jrm_files() == maps, "a refused operation changed a JRM map"
    assert len(lab.manager.events()) == events, "a refused operation was logged as done"
    return err


# -- fixtures shared by the core and reliability suites (their conftests import them) ----------
@pytest.fixture
def make_lab(tmp_path):
    """Factory: ``make_lab(launcher="inline"|"thread"|"gated"|None, demo=False)``; closed at teardown."""
    labs: list[Lab] = []

    def make(launcher: str | None = "inline", *, demo: bool = False, name: str | None = None) -> Lab:
        root = tmp_path / (name or f"ws{len(labs)}")
        lab = (build_demo_lab if demo else build_small_lab)(root, launcher=launcher)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.close()


@pytest.fixture
def lab(make_lab) -> Lab:
    """The small lab, copies run inline (attach returns when the copy has completed)."""
    return make_lab("inline")


@pytest.fixture
def idle_lab(make_lab) -> Lab:
    """The small lab without a launcher: attached slices stay in COPY until a test copies."""
    return make_lab(None)
