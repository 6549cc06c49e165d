"""What an operator asks for: one frozen request per operation, applied by the backend.

Dialogs and Operation flows build a request (blivet-gui's pattern) and hand it to
``GuiBackend.run``; only the backend applies it, on a worker thread, to the volume manager. The
GUI never holds the manager itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ...core.engine.verify import verify_volume
from ...core.model import AccessMode
from ...core.storage.bandwidth import DEFAULT_SPEED, MAX_SPEED, MIN_SPEED

#: A new physical disk's speed, as the demo's disks have (bytes a second), and the limits of one.
DEFAULT_DISK_SPEED, MIN_DISK_SPEED, MAX_DISK_SPEED = DEFAULT_SPEED, MIN_SPEED, MAX_SPEED

if TYPE_CHECKING:
    from ...core.policy.manager import VolumeManager


class Request(Protocol):
    def apply(self, m: VolumeManager) -> Any: ...


@dataclass(frozen=True)
class CreatePhysicalDisk:
    name: str
    size_bytes: int
    speed_bps: int | None = None  # None: unlimited

    def apply(self, m: VolumeManager) -> Any:
        return m.create_physical_disk(self.name, self.size_bytes, self.speed_bps)


@dataclass(frozen=True)
class SetDiskSpeed:
    """A physical disk's bandwidth (``gdsview disk speed``); None: unlimited."""

    name: str
    speed_bps: int | None

    def apply(self, m: VolumeManager) -> Any:
        return m.set_disk_speed(self.name, self.speed_bps)


@dataclass(frozen=True)
class RegisterDisk:
    class_name: str
    device: str
    disk: str

    def apply(self, m: VolumeManager) -> Any:
        return m.register_disk(self.class_name, self.device, self.disk)


@dataclass(frozen=True)
class RemoveDisk:
    class_name: str
    disk: str

    def apply(self, m: VolumeManager) -> Any:
        return m.remove_disk(self.class_name, self.disk)


@dataclass(frozen=True)
class ConnectDisk:
    class_name: str
    group: str
    disk: str

    def apply(self, m: VolumeManager) -> Any:
        return m.connect_disk(self.class_name, self.group, self.disk)


@dataclass(frozen=True)
class DisconnectDisk:
    class_name: str
    group: str
    disk: str

    def apply(self, m: VolumeManager) -> Any:
        return m.disconnect_disk(self.class_name, self.group, self.disk)


@dataclass(frozen=True)
class SwapDisk:
    """Swap Physical Disk (``out``: sdxswap -O) or Restore Physical Disk (sdxswap -I)."""

    class_name: str
    disk: str
    out: bool

    def apply(self, m: VolumeManager) -> Any:
        return m.swap_out_disk(self.class_name, self.disk) if self.out else m.swap_in_disk(self.class_name, self.disk)


@dataclass(frozen=True)
class ChangeAttributes:
    """Change Attributes (sdxattr) of a class, a disk, a volume or a detached slice; None: unchanged."""

    class_name: str
    kind: str  # class | disk | volume | slice
    disk: str | None = None
    volume: str | None = None
    name: str | None = None
    jrm: bool | None = None
    mode: AccessMode | None = None

    KINDS = ("class", "disk", "volume", "slice")

    def __post_init__(self) -> None:
        if self.kind not in self.KINDS:
            raise ValueError(f"not an object with attributes: {self.kind}")

    def apply(self, m: VolumeManager) -> Any:
        if self.kind == "class":
            return m.change_class_attributes(self.class_name, name=self.name)
        if self.kind == "disk":
            return m.change_disk_attributes(self.class_name, self.disk or "", name=self.name)
        if self.kind == "volume":
            return m.change_volume_attributes(self.class_name, self.volume or "", jrm=self.jrm, name=self.name)
        return m.change_slice_attributes(self.class_name, self.disk or "", self.volume or "", jrm=self.jrm,
                                         mode=self.mode)


@dataclass(frozen=True)
class CreateVolume:
    class_name: str
    group: str
    volume: str
    blocks: int
    jrm: bool = True

    def apply(self, m: VolumeManager) -> Any:
        return m.create_volume(self.class_name, self.group, self.volume, self.blocks, jrm=self.jrm)


@dataclass(frozen=True)
class VolumeRequest:
    """An operation on one volume, named by the manager's method (start, stop, remove, copying)."""

    class_name: str
    volume: str
    method: str  # start_volume | stop_volume | remove_volume | start_copy | cancel_copy

    METHODS = ("start_volume", "stop_volume", "remove_volume", "start_copy", "cancel_copy")

    def __post_init__(self) -> None:
        if self.method not in self.METHODS:
            raise ValueError(f"not a volume operation: {self.method}")

    def apply(self, m: VolumeManager) -> Any:
        return getattr(m, self.method)(self.class_name, self.volume)


@dataclass(frozen=True)
class CheckStatus:
    """Check Status: compare the volume's valid slices (``gdsview verify``)."""

    class_name: str
    volume: str

    def apply(self, m: VolumeManager) -> Any:
        return verify_volume(m.ws, self.class_name, self.volume)


@dataclass(frozen=True)
class DetachSlice:
    class_name: str
    disk: str
    volume: str
    mode: AccessMode = AccessMode.RW
    jrm: bool = True

    def apply(self, m: VolumeManager) -> Any:
        return m.detach_slice(self.class_name, self.disk, self.volume, jrm=self.jrm, mode=self.mode)


@dataclass(frozen=True)
class SliceRequest:
    """Attach, stop or activate a detached slice."""

    class_name: str
    disk: str
    volume: str
    method: str  # attach_slice | stop_slice | activate_slice

    METHODS = ("attach_slice", "stop_slice", "activate_slice")

    def __post_init__(self) -> None:
        if self.method not in self.METHODS:
            raise ValueError(f"not a slice operation: {self.method}")

    def apply(self, m: VolumeManager) -> Any:
        return getattr(m, self.method)(self.class_name, self.disk, self.volume)


__all__ = [
    "Request", "CreatePhysicalDisk", "SetDiskSpeed", "DEFAULT_DISK_SPEED", "MIN_DISK_SPEED", "MAX_DISK_SPEED",
    "RegisterDisk", "RemoveDisk", "ConnectDisk", "DisconnectDisk", "SwapDisk", "ChangeAttributes",
    "CreateVolume", "VolumeRequest", "CheckStatus", "DetachSlice", "SliceRequest",
]
