"""Which paths the device tree has: ``<class>/dsk/<volume>`` and ``<class>/dsk/<disk>.<volume>``.

The tree is rebuilt from a snapshot of the configuration whenever the database changed (one cheap
``PRAGMA data_version`` per look-up), so a change made by an ``sdx*`` command or the GUI shows at
the next look-up: a started volume is there, a stopped one is not; a detached slice (TEMP or
TEMP-STOP) has its access path, an attached one has none. The tree is the node's the server runs
as (the workspace's): a shared class's volumes are there only on the node they run on, a TEMP
slice's access path only on the node where it is TEMP. Inode numbers are given once per path
and never reused while the server runs.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace

from ..core.model import DETACHED_STATES, AccessMode, SliceState, Snapshot, VolumeStatus
from ..core.names import BLOCK, access_path, volume_path
from ..core.storage.snapshot import load_snapshot
from ..core.storage.workspace import Workspace

ROOT_INODE = 1  # FUSE's root


@dataclass(frozen=True)
class Node:
    """A directory (``Class1``, ``Class1/dsk``) or a device file of the tree."""

    inode: int
    parts: tuple[str, ...]  # path below the tree's root
    is_dir: bool
    size: int = 0
    class_name: str = ""
    volume: str = ""
    disk: str | None = None  # set for a detached slice's access path
    state: SliceState | None = None  # the slice's, for an access path
    access_mode: AccessMode | None = None

    @property
    def device_path(self) -> str:
        """The GDS name the backend opens: ``/dev/sfdsk/<class>/dsk/<volume>`` or ``.../<disk>.<volume>``."""
        if self.disk is not None:
            return access_path(self.class_name, self.disk, self.volume)
        return volume_path(self.class_name, self.volume)

    @property
    def read_only(self) -> bool:
        return self.access_mode is AccessMode.RO

    @property
    def mode(self) -> int:
        return stat.S_IFDIR | 0o755 if self.is_dir else stat.S_IFREG | 0o600


def nodes_of(snap: Snapshot) -> list[tuple[tuple[str, ...], Node]]:
    """Every path of the tree for ``snap`` (inode 0: given by :class:`DeviceTree`)."""
    out: list[tuple[tuple[str, ...], Node]] = []
    for c in snap.classes:
        out.append(((c.name,), Node(0, (c.name,), True)))
        out.append(((c.name, "dsk"), Node(0, (c.name, "dsk"), True)))
    sizes = {}
    for v in snap.volumes:
        sizes[(v.class_name, v.name)] = v.blocks * BLOCK
        if v.status is VolumeStatus.ACTIVE:
            parts = (v.class_name, "dsk", v.name)
            out.append((parts, Node(0, parts, False, v.blocks * BLOCK, v.class_name, v.name)))
    for s in snap.slices:
        # a TEMP slice's access path is there only on the node where it is TEMP (the server's node)
        elsewhere = s.state is SliceState.TEMP and s.temp_node not in (None, snap.node)
        if s.state in DETACHED_STATES and not elsewhere:
            parts = (s.class_name, "dsk", s.name)
            out.append((parts, Node(0, parts, False, sizes.get((s.class_name, s.volume), 0), s.class_name,
                                    s.volume, s.disk, s.state, s.access_mode)))
    return out


class DeviceTree:
    """The tree as last read from the workspace. One thread (the FUSE loop) uses it."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._inodes: dict[tuple[str, ...], int] = {(): ROOT_INODE}
        self._next_inode = ROOT_INODE + 1
        self._version = -1
        self._by_parts: dict[tuple[str, ...], Node] = {}
        self._by_inode: dict[int, Node] = {}
        self._children: dict[tuple[str, ...], list[str]] = {}
        self.refresh()

    def refresh(self) -> bool:
        """Re-read the configuration if anyone committed since the last look; True when it did."""
        version = self.ws.store.data_version()
        if version == self._version:
            return False
        with self.ws.store.read() as conn:
            snap = load_snapshot(self.ws, conn, physical=False)
        root = Node(ROOT_INODE, (), True)
        by_parts: dict[tuple[str, ...], Node] = {(): root}
        children: dict[tuple[str, ...], list[str]] = {(): []}
        for parts, node in nodes_of(snap):
            inode = self._inodes.get(parts)
            if inode is None:
                inode = self._inodes[parts] = self._next_inode
                self._next_inode += 1
            by_parts[parts] = replace(node, inode=inode)
            children.setdefault(parts[:-1], []).append(parts[-1])
            if node.is_dir:
                children.setdefault(parts, [])
        self._by_parts = by_parts
        self._by_inode = {n.inode: n for n in by_parts.values()}
        self._children = children
        self._version = version
        return True

    def node(self, inode: int) -> Node | None:
        self.refresh()
        return self._by_inode.get(inode)

    def lookup(self, parent: int, name: str) -> Node | None:
        self.refresh()
        p = self._by_inode.get(parent)
        if p is None or not p.is_dir:
            return None
        return self._by_parts.get((*p.parts, name))

    def children(self, inode: int) -> list[Node]:
        self.refresh()
        p = self._by_inode.get(inode)
        if p is None:
            return []
        return [self._by_parts[(*p.parts, name)] for name in sorted(self._children.get(p.parts, []))]

    def files(self) -> list[Node]:
        """Every device file now in the tree."""
        self.refresh()
        return [n for n in self._by_parts.values() if not n.is_dir]

