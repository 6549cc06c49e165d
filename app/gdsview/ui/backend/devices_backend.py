"""The device server from the GUI: its state, starting and stopping it, what each volume's device holds.

Part of the GUI's backend layer (the only part of ``gdsview.ui`` that calls ``gdsview.devices``).
``DevicesBackend`` lives in the GUI thread. At every refresh of its window it reads the server's
state (a lock probe, its state file and the mount table: well under a millisecond) and, for the
classes a view watches, what file system each started volume holds. Reading that means opening
the volume through the core (a few milliseconds each), so it is done on the thread pool and
remembered until the volume changes: its extent, its in-use flag, or the modification time of
one of its disk images (any write reaches an image, whoever made it: the GUI, ``mkfs`` from a
terminal, a file system mounted on the device).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...core.errors import SdxError
from ...core.model import Snapshot, VolumeInfo, VolumeStatus
from ...core.names import DEV_ROOT
from ...devices import control, filesystems
from .jobs import Job, Relay

if TYPE_CHECKING:
    from .gui_backend import GuiBackend

translate = QCoreApplication.translate


def why_unavailable() -> str | None:
    """Why the device server cannot run on this machine (None: it can), in the GUI's language."""
    if not sys.platform.startswith("linux"):
        return translate("DevicesBackend", "the device server needs Linux (FUSE and loop devices)")
    if importlib.util.find_spec("pyfuse3") is None:
        return translate("DevicesBackend", "the device server needs pyfuse3, which is not installed")
    if not os.path.exists("/dev/fuse"):
        return translate("DevicesBackend", "the device server needs /dev/fuse (load the fuse kernel module)")
    return None


def can_mount() -> bool:
    """Mounting attaches a loop device and mounts it: root's privilege."""
    return os.geteuid() == 0


@dataclass(frozen=True)
class ServerState:
    """The workspace's device server as last seen: running or not, where its devices are."""

    running: bool = False
    dead: bool = False  # it died and left its devices mounted: Stop Device Server cleans up
    pid: int | None = None
    mountpoint: str = DEV_ROOT  # where the devices are (or would be)
    mounts: tuple[tuple[str, str], ...] = ()  # (device /dev/sfdsk/..., mount point)
    unavailable: str | None = None

    def mounted_on(self, device: str) -> tuple[str, ...]:
        return tuple(target for dev, target in self.mounts if dev == device)

    def tree_file(self, device: str) -> str:
        """Where the running server shows ``device`` (the same path as root on /dev/sfdsk)."""
        return filesystems.tree_file(device, self.mountpoint)


@dataclass(frozen=True)
class VolumeDevice:
    """What the GUI shows of a volume's device: its file system (None: none found) and mounts."""

    fstype: str | None
    mounted_on: tuple[str, ...] = field(default_factory=tuple)


def read_state(ws, unavailable: str | None = None) -> ServerState:
    st = control.status(ws, open_devices=False)
    root = st.mountpoint.rstrip("/")
    mounts = tuple((DEV_ROOT + dev.removeprefix(root), target) for dev, target in st.mounts)
    return ServerState(st.running, st.dead, st.pid, st.mountpoint, mounts, unavailable)


class DevicesBackend(QObject):
    """The device server's half of one window's backend. GUI thread only; the work runs on the pool.

    ``changed`` is emitted when the server's state or a watched volume's file system changed.
    """

    changed = Signal()

    def __init__(self, backend: GuiBackend) -> None:
        super().__init__(backend)
        self._backend = backend
        self._unavailable = why_unavailable()  # (it does not change while the window is open)
        self.state = ServerState(unavailable=self._unavailable)
        self._fstypes: dict[tuple[str, str], tuple[tuple, str | None]] = {}  # (class, volume) -> (key, fstype)
        self._probing: set[tuple[str, str]] = set()
        self._watched: dict[str, frozenset[str]] = {}  # watcher -> classes
        self._relays: set[Relay] = set()
        self._seen: tuple = (None, frozenset(), [])  # (snapshot, classes, their started volumes)

    @property
    def _ws(self):
        return self._backend.ws

    # -- what the views show ------------------------------------------------------------------
    def watch(self, watcher: str, classes: Iterable[str]) -> None:
        """Keep the file systems of ``classes``' volumes known while ``watcher`` shows them."""
        classes = frozenset(c for c in classes if c)
        if self._watched.get(watcher) != classes:
            self._watched[watcher] = classes
            self._probe_stale(self._backend.snapshot)

    def unwatch(self, watcher: str) -> None:
        self._watched.pop(watcher, None)

    def volume_device(self, v: VolumeInfo) -> VolumeDevice | None:
        """The volume's file system and mounts; None while not known (not watched, or being read)."""
        known = self._fstypes.get((v.class_name, v.name))
        if known is None or v.status is not VolumeStatus.ACTIVE:
            return None
        return VolumeDevice(known[1], self.state.mounted_on(v.path))

    def fstype_changed(self, class_name: str, volume: str) -> None:
        """This window made or may have changed the volume's file system: read it again."""
        self._fstypes.pop((class_name, volume), None)
        self._probe_stale(self._backend.snapshot)

    # -- polling ------------------------------------------------------------------------------
    def poll(self) -> None:
        """The window refreshed: read the server's state, and the file systems that may have changed."""
        try:
            state = read_state(self._ws, self._unavailable)
        except (OSError, SdxError):
            state = ServerState(unavailable=self._unavailable)
        if state != self.state:
            self.state = state
            self.changed.emit()
        self._probe_stale(self._backend.snapshot)

    def _key(self, snap: Snapshot, v: VolumeInfo, mtimes: dict[str, int | None]) -> tuple:
        """What the volume's file system depends on; ``mtimes`` caches each image's for one look."""
        images = []
        for s in snap.slices_of(v.class_name, v.name):
            d = snap.disk(v.class_name, s.disk)
            if d is None:
                continue
            if d.device not in mtimes:
                try:
                    mtimes[d.device] = self._ws.image_path(d.device).stat().st_mtime_ns
                except (OSError, SdxError):
                    mtimes[d.device] = None
            images.append((d.device, mtimes[d.device]))
        return (v.first_block, v.blocks, v.in_use, tuple(images))

    def _probe_stale(self, snap: Snapshot) -> None:
        classes = frozenset().union(*self._watched.values()) if self._watched else frozenset()
        if not classes:
            return
        if snap is not self._seen[0] or classes != self._seen[1]:  # the monitor hands the same snapshot until a change
            volumes = [v for v in snap.volumes if v.class_name in classes and v.status is VolumeStatus.ACTIVE]
            self._seen = (snap, classes, volumes)
        stale: list[tuple[tuple[str, str], tuple, str]] = []
        mtimes: dict[str, int | None] = {}
        for v in self._seen[2]:
            k = (v.class_name, v.name)
            if k in self._probing:
                continue
            key = self._key(snap, v, mtimes)
            known = self._fstypes.get(k)
            if known is None or known[0] != key:
                stale.append((k, key, v.path))
        if not stale:
            return
        keys = {k for k, _key, _path in stale}
        self._probing |= keys
        ws = self._ws

        def probe() -> list[tuple[tuple[str, str], tuple, str | None]]:  # a pool thread
            return [(k, key, filesystems.detect_fstype(ws, path)) for k, key, path in stale]

        relay = Relay(self._probed, lambda found: self._store_fstypes(keys, found),
                      lambda _e: self._store_fstypes(keys, []))
        self._relays.add(relay)
        self._backend.pool.start(Job(probe, relay))

    def _probed(self, relay: Relay, callback: Callable | None, value: Any) -> None:
        self._relays.discard(relay)
        if callback is not None:
            callback(value)

    def _store_fstypes(self, keys: set[tuple[str, str]], found: list) -> None:
        self._probing -= keys
        changed = False
        for k, key, fstype in found:
            old = self._fstypes.get(k)
            changed |= old is None or old[1] != fstype
            self._fstypes[k] = (key, fstype)
        if changed:
            self.changed.emit()

    # -- what keeps the server busy ----------------------------------------------------------
    def busy_devices(self) -> list[str]:
        """What keeps the server from stopping: ``device mounted on target`` and open devices."""
        snap = self._backend.snapshot
        found = [translate("DevicesBackend", "{device} mounted on {target}").format(device=dev, target=target)
                 for dev, target in self.state.mounts]
        mounted = {dev for dev, _t in self.state.mounts}
        found += [v.path for v in snap.volumes if v.in_use and v.path not in mounted]
        found += [s.access_path for s in snap.slices if s.in_use and s.access_path not in mounted]
        return found


__all__ = ["DevicesBackend", "ServerState", "VolumeDevice", "why_unavailable", "can_mount", "read_state"]
