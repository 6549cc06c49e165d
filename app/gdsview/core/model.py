"""Immutable views of the configuration: what a snapshot of the database holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .names import BLOCK, access_path, volume_path


class VolumeStatus(StrEnum):
    ACTIVE = "ACTIVE"
    STOP = "STOP"
    INVALID = "INVALID"


class SliceState(StrEnum):
    """What the database stores for a slice; ``SliceInfo.status`` is what GDS displays."""

    ACTIVE = "ACTIVE"
    INVALID = "INVALID"
    COPY = "COPY"
    TEMP = "TEMP"
    TEMP_STOP = "TEMP-STOP"
    NOUSE = "NOUSE"


class SliceStatus(StrEnum):
    ACTIVE = "ACTIVE"
    STOP = "STOP"
    INVALID = "INVALID"
    COPY = "COPY"
    TEMP = "TEMP"
    TEMP_STOP = "TEMP-STOP"
    NOUSE = "NOUSE"


class DiskStatus(StrEnum):
    ENABLE = "ENABLE"
    DISABLE = "DISABLE"
    SWAP = "SWAP"


class AccessMode(StrEnum):
    RW = "rw"
    RO = "ro"


class NodeState(StrEnum):
    """A cluster node's state, as PRIMECLUSTER's CF reports it."""

    UP = "UP"
    DOWN = "DOWN"


class ClassType(StrEnum):
    LOCAL = "local"
    SHARED = "shared"


#: Slice states that receive every write to the volume.
WRITE_STATES = frozenset({SliceState.ACTIVE, SliceState.COPY})
#: Slice states detached from the volume (reachable, or not, through the access path).
DETACHED_STATES = frozenset({SliceState.TEMP, SliceState.TEMP_STOP})


@dataclass(frozen=True)
class PhysicalDisk:
    name: str
    size_bytes: int
    class_name: str | None = None
    disk_name: str | None = None
    speed_bps: int | None = None  # its bandwidth (storage.bandwidth); None: unlimited

    @property
    def blocks(self) -> int:
        return self.size_bytes // BLOCK


@dataclass(frozen=True)
class NodeInfo:
    name: str
    state: NodeState = NodeState.UP


@dataclass(frozen=True)
class ClassInfo:
    """A class: local to one node, or shared among the nodes of its scope.

    ``online_node`` is where its volumes run: a local class's own node; for a shared class the node
    where its service (RMS's userApplication) is online, None while it is online nowhere.
    """

    name: str
    type: str = "local"
    scope: tuple[str, ...] = ()
    online_node: str | None = None

    @property
    def shared(self) -> bool:
        return self.type == ClassType.SHARED

    @property
    def scope_text(self) -> str:
        """The scope as GDS writes it: ``node1:node2``."""
        return ":".join(self.scope)


@dataclass(frozen=True)
class DiskInfo:
    class_name: str
    name: str
    device: str
    type: str
    group: str | None
    status: DiskStatus
    blocks: int


@dataclass(frozen=True)
class GroupInfo:
    class_name: str
    name: str
    type: str
    disks: tuple[str, ...]
    blocks: int
    free_blocks: int


@dataclass(frozen=True)
class CopyProgress:
    """Progress of synchronization copying into one slice, as last recorded in the database."""

    done_blocks: int
    total_blocks: int
    rate_bps: float
    running: bool
    delay_ms: int = 0

    @property
    def fraction(self) -> float:
        return self.done_blocks / self.total_blocks if self.total_blocks else 1.0


@dataclass(frozen=True)
class CopyStatus:
    """Live progress of copying into one slice, as the copy engine reports it (``progress`` callbacks)."""

    class_name: str
    volume: str
    disk: str
    done_blocks: int
    total_blocks: int
    rate_bps: float
    finished: bool = False

    @property
    def fraction(self) -> float:
        return self.done_blocks / self.total_blocks if self.total_blocks else 1.0


@dataclass(frozen=True)
class CopyResult:
    """How one run of the copy engine over a volume ended."""

    class_name: str
    volume: str
    outcome: str  # completed | interrupted | cancelled | stopped | busy | nothing | failed
    slices: tuple[str, ...]
    copied_bytes: int
    seconds: float
    message: str = ""


@dataclass(frozen=True)
class VolumeInfo:
    class_name: str
    group: str
    name: str
    first_block: int
    blocks: int
    status: VolumeStatus
    jrm: bool
    copy_delay_ms: int = 0
    in_use: bool = False  # open or mounted through the device server (gdsview devices)

    @property
    def last_block(self) -> int:
        return self.first_block + self.blocks - 1

    @property
    def size_bytes(self) -> int:
        return self.blocks * BLOCK

    @property
    def path(self) -> str:
        return volume_path(self.class_name, self.name)


@dataclass(frozen=True)
class SliceInfo:
    class_name: str
    group: str
    disk: str
    volume: str
    state: SliceState
    status: SliceStatus
    access_mode: AccessMode | None
    jrm: bool
    copy: CopyProgress | None = None
    in_use: bool = False  # its access path is open (or mounted) through the device server
    temp_node: str | None = None  # detached: the node where it is (or last was) TEMP

    @property
    def name(self) -> str:
        return f"{self.disk}.{self.volume}"

    @property
    def access_path(self) -> str:
        return access_path(self.class_name, self.disk, self.volume)


def slice_status(state: SliceState, volume_started: bool) -> SliceStatus:
    """The status GDS displays for a slice in ``state`` of a started or stopped volume."""
    if not volume_started and state in (SliceState.ACTIVE, SliceState.COPY):
        return SliceStatus.STOP if state is SliceState.ACTIVE else SliceStatus.INVALID
    return SliceStatus(state.value)


@dataclass(frozen=True)
class Snapshot:
    """Everything in the configuration at one moment; ``version`` changes with every commit."""

    version: int
    physical_disks: tuple[PhysicalDisk, ...] = ()
    node: str = ""  # the node this snapshot is seen from: only the classes in its scope, statuses as there
    nodes: tuple[NodeInfo, ...] = ()  # every node of the cluster
    foreign_classes: tuple[str, ...] = ()  # names of the classes outside this node's scope
    classes: tuple[ClassInfo, ...] = ()
    disks: tuple[DiskInfo, ...] = ()
    groups: tuple[GroupInfo, ...] = ()
    volumes: tuple[VolumeInfo, ...] = ()
    slices: tuple[SliceInfo, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def class_info(self, name: str) -> ClassInfo | None:
        return self._lookup("class", (name,), self.classes, lambda c: (c.name,))

    def node_info(self, name: str) -> NodeInfo | None:
        return next((n for n in self.nodes if n.name == name), None)

    def volume(self, class_name: str, name: str) -> VolumeInfo | None:
        return self._lookup("volume", (class_name, name), self.volumes, lambda v: (v.class_name, v.name))

    def disk(self, class_name: str, name: str) -> DiskInfo | None:
        return self._lookup("disk", (class_name, name), self.disks, lambda d: (d.class_name, d.name))

    def group(self, class_name: str, name: str) -> GroupInfo | None:
        return self._lookup("group", (class_name, name), self.groups, lambda g: (g.class_name, g.name))

    def slice(self, class_name: str, disk: str, volume: str) -> SliceInfo | None:
        return self._lookup(
            "slice", (class_name, disk, volume), self.slices, lambda s: (s.class_name, s.disk, s.volume)
        )

    def slices_of(self, class_name: str, volume: str) -> tuple[SliceInfo, ...]:
        index = self._index.get("slices_of")
        if index is None:  # one pass over every slice, however many classes ask afterwards
            grouped: dict[tuple[str, str], list[SliceInfo]] = {}
            for s in self.slices:
                grouped.setdefault((s.class_name, s.volume), []).append(s)
            index = self._index["slices_of"] = {k: tuple(v) for k, v in grouped.items()}
        return index.get((class_name, volume), ())

    def _lookup(self, kind: str, key: tuple, items: tuple, keyfn: Callable[[Any], tuple]) -> Any:
        table = self._index.get(kind)
        if table is None:
            table = self._index[kind] = {keyfn(i): i for i in items}
        return table.get(key)
