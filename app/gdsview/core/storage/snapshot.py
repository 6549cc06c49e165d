"""Reading the whole configuration (or one class of it) into an immutable Snapshot."""

from __future__ import annotations

import os
import sqlite3

from ..model import (
    AccessMode,
    ClassInfo,
    CopyProgress,
    DiskInfo,
    DiskStatus,
    GroupInfo,
    NodeState,
    PhysicalDisk,
    SliceInfo,
    SliceState,
    Snapshot,
    VolumeInfo,
    VolumeStatus,
    slice_status,
)
from ..names import BLOCK
from . import cluster
from .bandwidth import read_speeds
from .locks import is_held
from .workspace import USE_LOCK_PREFIX, Workspace

PRIVATE_BLOCKS = 2048  # the first MiB of every disk, GDS's private region


def load_snapshot(
    ws: Workspace, conn: sqlite3.Connection, class_name: str | None = None, *, physical: bool = True,
    node: str | None = None,
) -> Snapshot:
    """The configuration (or one class of it) as ``node`` sees it (default: the workspace's node).

    A node sees only the classes in its scope; a volume is ACTIVE only on the node it runs on (a
    shared class's online node, while that node is UP), STOP elsewhere, and its slices with it.
    ``physical=False`` skips listing the disk images.
    """
    node = node or ws.node
    where, args = ("WHERE c.name = ?", (class_name,)) if class_name else ("", ())
    version = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
    nodes = cluster.nodes(conn)
    up = {n.name for n in nodes if n.state is NodeState.UP}
    every_class = [
        ClassInfo(r["name"], r["type"], cluster.parse_scope(r["scope"]), r["online_node"])
        for r in conn.execute(f"SELECT c.name, c.type, c.scope, c.online_node FROM classes c {where} ORDER BY c.id",
                              args)
    ]
    classes = tuple(c for c in every_class if node in c.scope)
    foreign = tuple(c.name for c in every_class if node not in c.scope)
    visible = {c.name for c in classes}
    runs_here = {c.name for c in classes if c.online_node == node and node in up}
    disk_rows = conn.execute(
        "SELECT c.name AS cls, d.name, d.device, d.type, g.name AS grp, d.status, d.blocks"
        f" FROM disks d JOIN classes c ON c.id = d.class_id LEFT JOIN groups g ON g.id = d.group_id"
        f" {where} ORDER BY c.id, d.id",
        args,
    ).fetchall()
    disks = tuple(
        DiskInfo(r["cls"], r["name"], r["device"], r["type"], r["grp"], DiskStatus(r["status"]), r["blocks"])
        for r in disk_rows if r["cls"] in visible
    )
    volume_rows = conn.execute(
        "SELECT v.id, c.name AS cls, g.name AS grp, v.name, v.first_block, v.blocks, v.started, v.jrm,"
        " v.copy_delay_ms FROM volumes v JOIN classes c ON c.id = v.class_id"
        f" JOIN groups g ON g.id = v.group_id {where} ORDER BY c.id, v.id",
        args,
    ).fetchall()
    slice_rows = conn.execute(
        "SELECT s.id, s.volume_id, c.name AS cls, g.name AS grp, d.name AS disk, v.name AS vol, s.state,"
        " s.access_mode, s.jrm, s.copy_total, s.copy_done, s.copy_rate, v.started, v.copy_delay_ms, s.temp_node"
        " FROM slices s JOIN volumes v ON v.id = s.volume_id JOIN disks d ON d.id = s.disk_id"
        f" JOIN classes c ON c.id = v.class_id JOIN groups g ON g.id = v.group_id {where}"
        " ORDER BY c.id, v.id, d.id",
        args,
    ).fetchall()
    held = held_use_locks(ws)
    slices = []
    valid_volumes: set[int] = set()
    for r in slice_rows:
        if r["cls"] not in visible:
            continue
        state = SliceState(r["state"])
        if state is SliceState.ACTIVE:
            valid_volumes.add(r["volume_id"])
        copy = None
        if r["copy_total"] and state in (SliceState.COPY, SliceState.INVALID):
            running = state is SliceState.COPY and is_held(ws.copy_lock_path(r["id"]))
            copy = CopyProgress(
                r["copy_done"], r["copy_total"], r["copy_rate"] if running else 0.0, running,
                r["copy_delay_ms"],
            )
        slices.append(
            SliceInfo(
                r["cls"], r["grp"], r["disk"], r["vol"], state,
                slice_status(state, bool(r["started"]) and r["cls"] in runs_here),
                AccessMode(r["access_mode"]) if r["access_mode"] else None,
                bool(r["jrm"]), copy, ws.slice_use_lock_path(r["id"]).name in held,
                r["temp_node"] if state in (SliceState.TEMP, SliceState.TEMP_STOP) else None,
            )
        )
    volumes = tuple(
        VolumeInfo(
            r["cls"], r["grp"], r["name"], r["first_block"], r["blocks"],
            VolumeStatus.INVALID if r["id"] not in valid_volumes
            else VolumeStatus.ACTIVE if r["started"] and r["cls"] in runs_here else VolumeStatus.STOP,
            bool(r["jrm"]), r["copy_delay_ms"], ws.volume_use_lock_path(r["id"]).name in held,
        )
        for r in volume_rows if r["cls"] in visible
    )
    groups = []
    members_of: dict[tuple[str, str | None], list[DiskInfo]] = {}
    for d in disks:
        members_of.setdefault((d.class_name, d.group), []).append(d)
    used_in: dict[tuple[str, str], int] = {}
    for v in volumes:
        used_in[(v.class_name, v.group)] = used_in.get((v.class_name, v.group), 0) + v.blocks
    for r in conn.execute(
        f"SELECT c.name AS cls, g.name, g.type FROM groups g JOIN classes c ON c.id = g.class_id {where}"
        " ORDER BY c.id, g.id",
        args,
    ):
        if r["cls"] not in visible:
            continue
        members = members_of.get((r["cls"], r["name"]), [])
        blocks = min((d.blocks for d in members), default=0)
        used = used_in.get((r["cls"], r["name"]), 0)
        free = max(0, blocks - PRIVATE_BLOCKS - used) if members else 0
        groups.append(GroupInfo(r["cls"], r["name"], r["type"], tuple(d.name for d in members), blocks, free))
    physical_disks = list_physical_disks(ws, conn) if physical else ()
    return Snapshot(
        version=version,
        physical_disks=physical_disks,
        node=node,
        nodes=nodes,
        foreign_classes=foreign,
        classes=classes,
        disks=disks,
        groups=tuple(groups),
        volumes=volumes,
        slices=tuple(slices),
    )


def held_use_locks(ws: Workspace) -> frozenset[str]:
    """Names of the in-use locks some live device server holds (one directory listing, then only
    the few lock files present are probed: the device server removes a lock when it is released)."""
    locks = ws.state_dir / "locks"
    try:
        names = [n for n in os.listdir(locks) if n.startswith(USE_LOCK_PREFIX)]
    except FileNotFoundError:
        return frozenset()
    return frozenset(n for n in names if is_held(locks / n))


def list_physical_disks(ws: Workspace, conn: sqlite3.Connection) -> tuple[PhysicalDisk, ...]:
    """The disk images of the workspace, each with the class and disk it is registered as."""
    registered = {
        r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT d.device, c.name, d.name FROM disks d JOIN classes c ON c.id = d.class_id")
    }
    return tuple(_physical_disks(ws, registered))


def _physical_disks(ws: Workspace, registered: dict[str, tuple[str, str]]) -> list[PhysicalDisk]:
    found: list[PhysicalDisk] = []
    speeds = read_speeds(ws.root)
    try:
        entries = sorted(os.scandir(ws.disks_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return found
    for entry in entries:
        if not entry.name.endswith(".img") or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            continue  # never a disk: images are opened with O_NOFOLLOW (a link could leave the workspace)
        name = entry.name[:-4]
        try:
            size = entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
        owner, disk = registered.get(name, (None, None))
        found.append(PhysicalDisk(name, size - size % BLOCK, owner, disk, speeds.get(name)))
    return found
