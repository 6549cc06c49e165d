"""The volume manager: every configuration operation of GDS, each one checked and atomic.

An operation takes the whole-range lock of each volume it changes (waiting for I/O in flight),
then one database transaction in which it re-reads the state, asks :mod:`rules` whether the
operation is allowed, and applies it. Copying that an operation starts is handed, after the
commit, to the manager's launcher (a background thread, a worker process, or inline).
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

from ..engine import slice_state
from ..engine.crashpoints import crash_point
from ..engine.healing import recover_all, recover_volume
from ..engine.slice_state import REGION_BLOCKS, Change
from ..errors import InUseError, SdxError
from ..events import Event, EventKind
from ..model import AccessMode, ClassType, PhysicalDisk, SliceState, Snapshot, VolumeInfo
from ..names import BLOCK, access_path, check_name
from ..storage import bandwidth, cluster
from ..storage.images import ImageFiles, create_image, zero_range
from ..storage.jrm import REGION_SIZE
from ..storage.layout import SliceLayout, load_layout
from ..storage.locks import RegionLock, is_held
from ..storage.snapshot import PRIVATE_BLOCKS, load_snapshot
from ..storage.store import Store
from ..storage.workspace import Workspace
from . import rules

Launcher = Callable[[str, str], None]
#: How long an operation refused as "in use" waits for the device server to see the file closed:
#: the kernel tells a FUSE server about the last close of a file after close(2) has returned, so
#: ``umount ...; sdxvolume -F ...`` typed in a row would otherwise fail now and then.
IN_USE_GRACE_S = 2.0
T = TypeVar("T")


def _settles_in_use(operation: Callable[..., T]) -> Callable[..., T]:
    """Retry an operation refused as in use until the file is seen closed (at most IN_USE_GRACE_S).

    A refusal changes nothing, so running the operation again is safe.
    """

    @functools.wraps(operation)
    def run(*args: Any, **kwargs: Any) -> T:
        deadline = time.monotonic() + IN_USE_GRACE_S
        while True:
            try:
                return operation(*args, **kwargs)
            except InUseError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    return run


class VolumeManager:
    """Configuration operations on one workspace, made as one node of its cluster (``node``, else
    the workspace's: ``$GDSVIEW_NODE``, else the first node). Any thread may call any method."""

    def __init__(self, ws: Workspace, *, source: str = "gdsview", launcher: Launcher | None = None,
                 node: str | None = None) -> None:
        self.ws = ws
        ws.store  # noqa: B018 - opens the database, creating the workspace's folders
        if node is not None:
            ws.set_node(node)  # the workspace's I/O and events are this node's too
        self.source = source
        self.launcher = launcher

    @property
    def node(self) -> str:
        """The node this manager acts as (it sees the classes in its scope, changes those running there)."""
        return self.ws.node

    @property
    def store(self) -> Store:
        return self.ws.store  # looked up each time: a lab reset closes and reopens the database

    # -- reading ------------------------------------------------------------------------------
    def snapshot(self, class_name: str | None = None, *, node: str | None = None) -> Snapshot:
        """The configuration as this manager's node sees it (or ``node``)."""
        with self.store.read() as conn:
            return load_snapshot(self.ws, conn, class_name, node=node)

    def events(self, after_id: int = 0, limit: int = 1000) -> list[Event]:
        return self.store.events(after_id, limit)

    # -- plumbing -----------------------------------------------------------------------------
    @contextmanager
    def _change(self, class_name: str | None, volumes: tuple[str, ...] = (), *,
                physical: bool = False, node: str | None = None, anywhere: bool = False) -> Iterator[tuple]:
        """Lock the named volumes' I/O, open a write transaction, yield (conn, fresh snapshot).

        The snapshot is seen from ``node`` (default: this manager's). Unless ``anywhere`` (the
        cluster's own operations), a change of a class that does not run on this node is refused.
        """
        with ExitStack() as stack:
            if volumes:
                with self.store.read() as conn:
                    ids = sorted(
                        r[0] for r in conn.execute(
                            "SELECT v.id FROM volumes v JOIN classes c ON c.id = v.class_id"
                            f" WHERE c.name = ? AND v.name IN ({','.join('?' * len(volumes))})",
                            (class_name, *volumes),
                        )
                    )
                for vid in ids:  # in id order, so two operations never wait on each other
                    lock = RegionLock(self.ws.volume_lock_path(vid))
                    stack.callback(lock.close)
                    stack.enter_context(lock.whole())
                # No write is in flight now: heal regions a dead writer left differing, so that the
                # change (a detach, say) starts from slices that are equal.
                self._heal_locked(class_name, volumes)
            conn = stack.enter_context(self.store.write())
            snap = load_snapshot(self.ws, conn, class_name, physical=physical, node=node)
            if class_name is not None and not anywhere:
                self._check(rules.node_refusal(snap, class_name))
            yield conn, snap
            crash_point("config-commit")

    def _heal_locked(self, class_name: str | None, volumes: tuple[str, ...]) -> None:
        for v in volumes:
            try:
                recover_volume(self.ws, class_name or "", v, source=self.source, locked=True)
            except SdxError:
                continue  # no such volume: the operation's own rule says so

    def _log(self, conn: sqlite3.Connection, kind: EventKind, text: str, class_name: str | None = None,
             obj: str | None = None) -> None:
        self.store.log(conn, self.source, kind, text, class_name=class_name, obj=obj)

    def _launch(self, class_name: str, volumes: list[str]) -> None:
        if self.launcher is not None:
            for v in volumes:
                self.launcher(class_name, v)

    @staticmethod
    def _check(refusal: SdxError | None) -> None:
        if refusal is not None:
            raise refusal

    def _id(self, conn: sqlite3.Connection, table: str, class_name: str, name: str) -> int:
        row = conn.execute(
            f"SELECT t.id FROM {table} t JOIN classes c ON c.id = t.class_id WHERE c.name = ? AND t.name = ?",
            (class_name, name),
        ).fetchone()
        if row is None:
            raise SdxError(f"no such {table[:-1]}", name)
        return row[0]

    # -- physical disks -----------------------------------------------------------------------
    def create_physical_disk(self, name: str, size_bytes: int, speed_bps: int | None = None) -> PhysicalDisk:
        """A sparse disk image of ``size_bytes``, serving its I/O at ``speed_bps`` (None: unlimited)."""
        check_name(name, "physical disk")
        if size_bytes < 2 * REGION_SIZE or size_bytes % BLOCK:
            raise SdxError("disk size must be a multiple of 512 bytes and at least 2 MiB", name)
        try:
            bandwidth.check_speed(speed_bps)
        except SdxError as e:
            raise SdxError(e.text, name) from None
        create_image(self.ws.image_path(name), size_bytes)
        if speed_bps is not None:
            bandwidth.write_speed(self.ws.root, name, speed_bps)
        else:  # a speed left by an earlier image of that name is not this one's
            bandwidth.remove_speed(self.ws.root, name)
        with self.store.write() as conn:
            self._log(conn, EventKind.PDISK_CREATE, f"physical disk {name} created ({size_bytes} bytes, "
                      f"{bandwidth.format_speed(speed_bps)})", obj=name)
        return PhysicalDisk(name, size_bytes, speed_bps=speed_bps)

    def set_disk_speed(self, name: str, speed_bps: int | None) -> None:
        """Change a physical disk's bandwidth (None: unlimited); every process paces by it at once."""
        check_name(name, "physical disk")
        if not self.ws.image_path(name).is_file():
            raise SdxError("no such physical disk", name)
        try:
            bandwidth.check_speed(speed_bps)
        except SdxError as e:
            raise SdxError(e.text, name) from None
        bandwidth.write_speed(self.ws.root, name, speed_bps)
        with self.store.write() as conn:
            self._log(conn, EventKind.PDISK_SPEED, f"physical disk {name} speed set to "
                      f"{bandwidth.format_speed(speed_bps)}", obj=name)

    # -- classes, disks and groups -------------------------------------------------------------
    def register_disk(self, class_name: str, device: str, disk: str, *, class_type: str | None = None,
                      scope: tuple[str, ...] | None = None) -> None:
        """``sdxdisk -M [-a type=shared,scope=node1:node2]``: register a physical disk in a class,
        creating the class if needed: local to this node unless ``class_type`` is shared, with
        ``scope`` (default: this node). Its volumes run on this node."""
        check_name(class_name, "class")
        check_name(disk, "disk")
        check_name(device, "physical disk")
        with self._change(class_name, physical=True) as (conn, snap):  # still knows every pdisk
            made = snap.class_info(class_name) is None
            kind = class_type or ClassType.LOCAL  # checked by rules.new_class
            nodes = tuple(scope) if scope else (self.node,)
            self._check(rules.new_class(snap, class_name, kind, nodes) if made
                        else rules.same_class(snap, class_name, class_type, scope))
            self._check(rules.register_disk(snap, class_name, device, disk))
            pd = next(p for p in snap.physical_disks if p.name == device)
            row = conn.execute("SELECT id FROM classes WHERE name = ?", (class_name,)).fetchone()
            class_id = row[0] if row else conn.execute(
                "INSERT INTO classes (name, type, scope, online_node) VALUES (?, ?, ?, ?)",
                (class_name, str(kind), cluster.scope_text(nodes), self.node)).lastrowid
            if row is None:
                shared = f" (shared, scope {cluster.scope_text(nodes)})" if kind == ClassType.SHARED else ""
                self._log(conn, EventKind.CLASS_CREATE, f"class {class_name} created{shared}", class_name,
                          class_name)
            conn.execute(
                "INSERT INTO disks (class_id, name, device, blocks) VALUES (?, ?, ?, ?)",
                (class_id, disk, device, pd.blocks),
            )
            self._log(conn, EventKind.DISK_REGISTER, f"physical disk {device} registered as {disk}", class_name, disk)

    def remove_disk(self, class_name: str, disk: str) -> None:
        """``sdxdisk -R``: remove a disk from its class; the class goes with its last disk."""
        with self._change(class_name) as (conn, snap):
            self._check(rules.remove_disk(snap, class_name, disk))
            conn.execute("DELETE FROM disks WHERE id = ?", (self._id(conn, "disks", class_name, disk),))
            self._log(conn, EventKind.DISK_REMOVE, f"disk {disk} removed from class {class_name}", class_name, disk)
            if not conn.execute(
                "SELECT 1 FROM disks d JOIN classes c ON c.id = d.class_id WHERE c.name = ?", (class_name,)
            ).fetchone():
                conn.execute("DELETE FROM groups WHERE class_id IN (SELECT id FROM classes WHERE name = ?)",
                             (class_name,))
                conn.execute("DELETE FROM classes WHERE name = ?", (class_name,))
                self._log(conn, EventKind.CLASS_REMOVE, f"class {class_name} removed", class_name, class_name)

    def connect_disk(self, class_name: str, group: str, disk: str) -> list[str]:
        """``sdxdisk -C``: connect a disk to a mirror group (created if needed).

        Every volume of the group gets a slice on the disk; copying into it starts at once on
        started volumes. Returns the volumes whose copying was started.
        """
        check_name(group, "group")
        snap = self.snapshot(class_name)
        # The group's volumes get a new slice to mirror into: no write may be in flight meanwhile.
        volumes = tuple(v.name for v in snap.volumes if v.class_name == class_name and v.group == group)
        with self._change(class_name, volumes) as (conn, snap):
            self._check(rules.connect_disk(snap, class_name, group, disk))
            class_id = _class_id(conn, class_name)
            row = conn.execute("SELECT id FROM groups WHERE class_id = ? AND name = ?", (class_id, group)).fetchone()
            group_id = row[0] if row else conn.execute(
                "INSERT INTO groups (class_id, name) VALUES (?, ?)", (class_id, group)).lastrowid
            if row is None:
                self._log(conn, EventKind.GROUP_CREATE, f"mirror group {group} created", class_name, group)
            disk_id = self._id(conn, "disks", class_name, disk)
            conn.execute("UPDATE disks SET group_id = ?, type = 'mirror' WHERE id = ?", (group_id, disk_id))
            self._log(conn, EventKind.DISK_CONNECT, f"disk {disk} connected to group {group}", class_name, disk)
            started = []
            for v in [v for v in snap.volumes if v.class_name == class_name and v.group == group]:
                slice_state.add_slice(conn, self._id(conn, "volumes", class_name, v.name), disk_id, Change.ADD_STALE)
                layout = load_layout(conn, class_name, v.name)
                slice_state.prepare_copy(self.ws, conn, layout, layout.slice(disk), change=Change.ADD_STALE, full=True)
                if layout.started:
                    started.append(v.name)
        self._launch(class_name, started)
        return started

    def disconnect_disk(self, class_name: str, group: str, disk: str) -> None:
        """``sdxdisk -D``: disconnect a disk from its group, deleting its slices."""
        snap = self.snapshot(class_name)
        volumes = tuple(v.name for v in snap.volumes if v.class_name == class_name and v.group == group)
        with self._change(class_name, volumes) as (conn, snap):
            self._check(rules.disconnect_disk(snap, class_name, group, disk))
            disk_id = self._id(conn, "disks", class_name, disk)
            slice_state.delete_slices(self.ws, conn, disk_id=disk_id)
            conn.execute("UPDATE disks SET group_id = NULL, type = 'undefined' WHERE id = ?", (disk_id,))
            self._log(conn, EventKind.DISK_DISCONNECT, f"disk {disk} disconnected from group {group}", class_name, disk)
            group_id = self._id(conn, "groups", class_name, group)
            if not conn.execute("SELECT 1 FROM disks WHERE group_id = ?", (group_id,)).fetchone():
                conn.execute("DELETE FROM groups WHERE id = ?", (group_id,))
                self._log(conn, EventKind.GROUP_REMOVE, f"group {group} removed", class_name, group)

    # -- volumes ------------------------------------------------------------------------------
    def create_volume(self, class_name: str, group: str, volume: str, blocks: int, *, jrm: bool = True) -> VolumeInfo:
        """``sdxvolume -M``: make a started mirror volume, in sync (zeroed) on every disk."""
        check_name(volume, "volume")
        if blocks <= 0:
            raise SdxError("volume size must be greater than zero", volume)
        blocks = -(-blocks // REGION_BLOCKS) * REGION_BLOCKS  # whole JRM regions, as GDS rounds to cylinders
        with self._change(class_name) as (conn, snap):
            self._check(rules.create_volume(snap, class_name, group, volume, blocks))
            g = snap.group(class_name, group)
            first = _first_fit(snap, class_name, group, g.blocks, blocks)
            if first is None:
                raise SdxError(f"no contiguous free extent of {blocks} blocks in the group", group)
            members = [d for d in snap.disks if d.class_name == class_name and d.group == group]
            images = ImageFiles(self.ws.disks_dir)
            try:
                for d in members:
                    zero_range(images.fd(d.device), first * BLOCK, blocks * BLOCK)
            finally:
                images.close()
            vid = conn.execute(
                "INSERT INTO volumes (class_id, group_id, name, first_block, blocks, started, jrm)"
                " VALUES (?, ?, ?, ?, ?, 1, ?)",
                (_class_id(conn, class_name), self._id(conn, "groups", class_name, group), volume, first, blocks,
                 int(jrm)),
            ).lastrowid
            for d in members:
                slice_state.add_slice(conn, vid, self._id(conn, "disks", class_name, d.name), Change.ADD_IN_SYNC)
            self._log(conn, EventKind.VOLUME_CREATE, f"volume {volume} created ({blocks} blocks) and started",
                      class_name, volume)
        made = self.snapshot(class_name).volume(class_name, volume)
        assert made is not None  # committed above
        return made

    def start_volume(self, class_name: str, volume: str) -> bool:
        """``sdxvolume -N``; copying into slices waiting for it starts. Returns True if it did."""
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.start_volume(snap, class_name, volume))
            vid = self._id(conn, "volumes", class_name, volume)
            conn.execute("UPDATE volumes SET started = 1 WHERE id = ?", (vid,))
            layout = load_layout(conn, class_name, volume)
            pending = [s for s in layout.slices if s.state is SliceState.INVALID]
            for s in pending:
                slice_state.prepare_copy(self.ws, conn, layout, s, change=Change.RESYNC, full=False)
            self._log(conn, EventKind.VOLUME_START, f"volume {volume} started", class_name, volume)
        if pending:
            self._launch(class_name, [volume])
        return bool(pending)

    @_settles_in_use
    def stop_volume(self, class_name: str, volume: str) -> None:
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.stop_volume(snap, class_name, volume))
            vid = self._id(conn, "volumes", class_name, volume)
            conn.execute("UPDATE volumes SET started = 0 WHERE id = ?", (vid,))
            slice_state.volume_stopped(conn, vid)
            self._log(conn, EventKind.VOLUME_STOP, f"volume {volume} stopped", class_name, volume)

    @_settles_in_use
    def remove_volume(self, class_name: str, volume: str) -> None:
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.remove_volume(snap, class_name, volume))
            vid = self._id(conn, "volumes", class_name, volume)
            slice_state.delete_slices(self.ws, conn, volume_id=vid)
            self.ws.volume_jrm_path(vid).unlink(missing_ok=True)
            conn.execute("DELETE FROM volumes WHERE id = ?", (vid,))
            self._log(conn, EventKind.VOLUME_REMOVE, f"volume {volume} removed", class_name, volume)

    # -- slices -------------------------------------------------------------------------------
    def detach_slice(self, class_name: str, disk: str, volume: str, *, jrm: bool = True,
                     mode: AccessMode = AccessMode.RW) -> str:
        """``sdxslice -M``: detach a slice as TEMP; returns its access path."""
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.detach_slice(snap, class_name, disk, volume))
            layout = load_layout(conn, class_name, volume)
            slice_state.detach(self.ws, conn, layout, layout.slice(disk), jrm=jrm, mode=mode)
            where = access_path(class_name, disk, volume)
            self._log(conn, EventKind.SLICE_DETACH,
                      f"slice {disk}.{volume} detached (access mode {AccessMode(mode).value}, JRM "
                      f"{'on' if jrm else 'off'}); access path {where}", class_name, f"{disk}.{volume}")
        return where

    @_settles_in_use
    def attach_slice(self, class_name: str, disk: str, volume: str) -> bool:
        """``sdxslice -R``: attach a detached slice; returns True when copying started."""
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.attach_slice(snap, class_name, disk, volume))
            layout = load_layout(conn, class_name, volume)
            s = layout.slice(disk)
            blocks = slice_state.prepare_copy(self.ws, conn, layout, s, change=Change.ATTACH, full=not s.jrm)
            self._log(conn, EventKind.SLICE_ATTACH,
                      f"slice {disk}.{volume} attached; {blocks} blocks to copy"
                      + ("" if layout.started else " when the volume is started"),
                      class_name, f"{disk}.{volume}")
        if layout.started:
            self._launch(class_name, [volume])
        return layout.started

    @_settles_in_use
    def stop_slice(self, class_name: str, disk: str, volume: str) -> None:
        """``sdxslice -F``: make a TEMP slice inaccessible (TEMP-STOP)."""
        self._slice_state(class_name, disk, volume, rules.stop_slice, slice_state.stop, EventKind.SLICE_STOP,
                          "stopped (TEMP-STOP)")

    def activate_slice(self, class_name: str, disk: str, volume: str) -> None:
        """``sdxslice -N``: make a TEMP-STOP slice accessible again (TEMP)."""
        # TEMP on this node: after a switch of the nodes, its access path opens here (and only here)
        self._slice_state(class_name, disk, volume, rules.activate_slice,
                          functools.partial(slice_state.activate, node=self.node),
                          EventKind.SLICE_ACTIVATE, "activated (TEMP)")

    def _slice_state(self, class_name: str, disk: str, volume: str, rule: rules.SliceRule,
                     change: Callable[[sqlite3.Connection, SliceLayout], None], kind: EventKind, word: str) -> None:
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rule(snap, class_name, disk, volume))
            change(conn, load_layout(conn, class_name, volume).slice(disk))
            self._log(conn, kind, f"slice {disk}.{volume} {word}", class_name, f"{disk}.{volume}")

    def restore_disk(self, class_name: str, disk: str) -> list[str]:
        """Take a failed (DISABLE) disk back into use once it is repaired or replaced: ENABLE, and a
        full copy into each of its INVALID slices (started volumes copy at once). Returns those volumes."""
        snap = self.snapshot(class_name)
        volumes = tuple(sorted({s.volume for s in snap.slices if s.class_name == class_name and s.disk == disk}))
        with self._change(class_name, volumes) as (conn, snap):
            self._check(rules.restore_disk(snap, class_name, disk))
            slice_state.restore_disk(conn, self._id(conn, "disks", class_name, disk))
            self._log(conn, EventKind.DISK_RESTORE, f"disk {disk} restored (ENABLE)", class_name, disk)
            started = []
            for v in volumes:
                layout = load_layout(conn, class_name, v)
                s = layout.slice(disk)
                if s.state is SliceState.INVALID:
                    slice_state.prepare_copy(self.ws, conn, layout, s, change=Change.RESYNC, full=True)
                    if layout.started:
                        started.append(v)
        self._launch(class_name, started)
        return started

    def swap_out_disk(self, class_name: str, disk: str) -> list[str]:
        """``sdxswap -O``: take a disk out for replacement: SWAP, its slices NOUSE. Returns their volumes."""
        volumes = self._volumes_on(class_name, disk)
        with self._change(class_name, volumes) as (conn, snap):
            self._check(rules.swap_out_disk(snap, class_name, disk))
            slices = [load_layout(conn, class_name, v).slice(disk) for v in volumes]
            slice_state.swap_out(self.ws, conn, self._id(conn, "disks", class_name, disk), slices)
            self._log(conn, EventKind.DISK_SWAP_OUT,
                      f"disk {disk} swapped out (SWAP)" + (f"; slices {', '.join(f'{disk}.{v}' for v in volumes)}"
                                                           " are NOUSE" if volumes else ""), class_name, disk)
        return list(volumes)

    def swap_in_disk(self, class_name: str, disk: str) -> list[str]:
        """``sdxswap -I``: put the replacement in: ENABLE, and a full copy into each of its slices
        (started volumes copy at once). Returns the volumes whose copying started."""
        volumes = self._volumes_on(class_name, disk)
        with self._change(class_name, volumes, physical=True) as (conn, snap):
            self._check(rules.swap_in_disk(snap, class_name, disk))
            d = snap.disk(class_name, disk)
            self._probe(d.device, d.blocks, disk)
            layouts = [load_layout(conn, class_name, v) for v in volumes]
            slice_state.swap_in(conn, self._id(conn, "disks", class_name, disk), [lo.slice(disk) for lo in layouts])
            self._log(conn, EventKind.DISK_SWAP_IN, f"disk {disk} restored (ENABLE)", class_name, disk)
            started = []
            for v in volumes:
                layout = load_layout(conn, class_name, v)
                slice_state.prepare_copy(self.ws, conn, layout, layout.slice(disk), change=Change.RESYNC, full=True)
                if layout.started:
                    started.append(v)
        self._launch(class_name, started)
        return started

    def _volumes_on(self, class_name: str, disk: str) -> tuple[str, ...]:
        snap = self.snapshot(class_name)
        return tuple(sorted({s.volume for s in snap.slices if s.class_name == class_name and s.disk == disk}))

    def _probe(self, device: str, blocks: int, disk: str) -> None:
        """Read the first and the last block of a physical disk, as GDS reads a disk it takes into use."""
        images = ImageFiles(self.ws.disks_dir)
        try:
            for offset in (0, (blocks - 1) * BLOCK):
                images.read(device, BLOCK, offset)
        except OSError as e:
            raise SdxError(f"cannot read physical disk {device}: {e.strerror or e}; replace it first", disk) from None
        finally:
            images.close()

    # -- attributes ---------------------------------------------------------------------------
    def change_class_attributes(self, class_name: str, *, name: str | None = None) -> None:
        """``sdxattr -C -a name=...``."""
        if name is not None:
            check_name(name, "class")
        with self._change(class_name) as (conn, snap):
            self._check(rules.change_class_attributes(snap, class_name, {"name": name}))
            if name is not None and name != class_name:
                conn.execute("UPDATE classes SET name = ? WHERE name = ?", (name, class_name))
                self._log(conn, EventKind.CLASS_ATTRIBUTES, f"class {class_name} renamed {name}", name, name)

    def change_disk_attributes(self, class_name: str, disk: str, *, name: str | None = None) -> None:
        """``sdxattr -D -a name=...``."""
        if name is not None:
            check_name(name, "disk")
        with self._change(class_name) as (conn, snap):
            self._check(rules.change_disk_attributes(snap, class_name, disk, {"name": name}))
            if name is not None and name != disk:
                conn.execute("UPDATE disks SET name = ? WHERE id = ?",
                             (name, self._id(conn, "disks", class_name, disk)))
                self._log(conn, EventKind.DISK_ATTRIBUTES, f"disk {disk} renamed {name}", class_name, name)

    def change_group_attributes(self, class_name: str, group: str, *, name: str | None = None) -> None:
        """``sdxattr -G -a name=...``."""
        if name is not None:
            check_name(name, "group")
        with self._change(class_name) as (conn, snap):
            self._check(rules.change_group_attributes(snap, class_name, group, {"name": name}))
            if name is not None and name != group:
                conn.execute("UPDATE groups SET name = ? WHERE id = ?",
                             (name, self._id(conn, "groups", class_name, group)))
                self._log(conn, EventKind.GROUP_ATTRIBUTES, f"group {group} renamed {name}", class_name, name)

    def change_volume_attributes(self, class_name: str, volume: str, *, jrm: bool | None = None,
                                 name: str | None = None) -> None:
        """``sdxattr -V -a jrm=on|off,name=...``: JRM off means a crash leaves the whole volume to copy."""
        if name is not None:
            check_name(name, "volume")
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.change_volume_attributes(snap, class_name, volume, {"jrm": jrm, "name": name}))
            vid = self._id(conn, "volumes", class_name, volume)
            changes = []
            if jrm is not None and jrm != snap.volume(class_name, volume).jrm:
                conn.execute("UPDATE volumes SET jrm = ? WHERE id = ?", (int(jrm), vid))
                changes.append(f"JRM {'on' if jrm else 'off'}")
            if name is not None and name != volume:
                conn.execute("UPDATE volumes SET name = ? WHERE id = ?", (name, vid))
                changes.append(f"renamed {name}")
            if changes:
                self._log(conn, EventKind.VOLUME_ATTRIBUTES, f"volume {volume}: {', '.join(changes)}", class_name,
                          name or volume)

    def change_slice_attributes(self, class_name: str, disk: str, volume: str, *, jrm: bool | None = None,
                                mode: AccessMode | None = None) -> None:
        """``sdxattr -S -a jrm=off,mode=rw|ro`` on a detached slice."""
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.change_slice_attributes(snap, class_name, disk, volume, {"jrm": jrm, "mode": mode}))
            s = snap.slice(class_name, disk, volume)
            jrm_off = jrm is False and s.jrm
            new_mode = AccessMode(mode) if mode is not None and AccessMode(mode) is not s.access_mode else None
            slice_state.set_slice_attributes(self.ws, conn, load_layout(conn, class_name, volume).slice(disk),
                                             jrm_off=jrm_off, mode=new_mode)
            changes = (["JRM off"] if jrm_off else []) + ([f"access mode {new_mode.value}"] if new_mode else [])
            if changes:
                self._log(conn, EventKind.SLICE_ATTRIBUTES, f"slice {disk}.{volume}: {', '.join(changes)}",
                          class_name, f"{disk}.{volume}")

    # -- copying ------------------------------------------------------------------------------
    def start_copy(self, class_name: str, volume: str) -> None:
        """``sdxcopy -B``: copy into INVALID slices, resuming from where an earlier copy stopped."""
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.start_copy(snap, class_name, volume))
            layout = load_layout(conn, class_name, volume)
            for s in layout.slices:
                if s.state is SliceState.INVALID:
                    slice_state.prepare_copy(self.ws, conn, layout, s, change=Change.RESYNC, full=False)
            self._log(conn, EventKind.COPY_BEGIN, f"copying of volume {volume} requested", class_name, volume)
        self._launch(class_name, [volume])

    def cancel_copy(self, class_name: str, volume: str, *, interrupt: bool = False, timeout: float = 60) -> None:
        """``sdxcopy -C`` (cancel: the next copy starts over) or ``-I`` (interrupt: it resumes)."""
        request = "interrupt" if interrupt else "cancel"
        with self._change(class_name, (volume,)) as (conn, snap):
            self._check(rules.cancel_copy(snap, class_name, volume))
            layout = load_layout(conn, class_name, volume)
            waiting = []
            for s in layout.slices:
                if s.state is not SliceState.COPY:
                    continue
                if is_held(self.ws.copy_lock_path(s.id)):
                    slice_state.request_copy_stop(conn, s.id, request)
                    waiting.append(s.id)
                else:
                    done = conn.execute("SELECT copy_done FROM slices WHERE id = ?", (s.id,)).fetchone()[0]
                    slice_state.stop_copy(self.ws, conn, layout, s, cancel=not interrupt, done_blocks=done,
                                          source=self.source)
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            time.sleep(0.02)
            rows = self.store.connection().execute(
                f"SELECT id FROM slices WHERE state = 'COPY' AND id IN ({','.join('?' * len(waiting))})", waiting
            ).fetchall()
            waiting = [r[0] for r in rows]
        if waiting:
            raise SdxError("the copy did not stop in time; it will stop at its next chunk", volume)

    def set_copy_delay(self, class_name: str, volume: str, delay_ms: int) -> None:
        """``sdxcopy -P -e delay=MS``: the pause between two copied chunks."""
        if not 0 <= delay_ms <= 1_000_000:
            raise SdxError("delay must be between 0 and 1000000 milliseconds", volume)
        with self._change(class_name) as (conn, snap):
            if snap.volume(class_name, volume) is None:
                raise SdxError("no such volume", volume)
            conn.execute("UPDATE volumes SET copy_delay_ms = ? WHERE id = ?",
                         (delay_ms, self._id(conn, "volumes", class_name, volume)))
            self._log(conn, EventKind.COPY_DELAY, f"copy delay of volume {volume} set to {delay_ms} ms", class_name,
                      volume)

    def resume_interrupted_copies(self) -> list[tuple[str, str]]:
        """Heal writes a crash left in flight, relaunch copies left in COPY by a process that died
        or was closed; returns the copies relaunched."""
        recover_all(self.ws, source=self.source)
        rows = self.store.connection().execute(
            "SELECT s.id, c.name, v.name FROM slices s JOIN volumes v ON v.id = s.volume_id"
            " JOIN classes c ON c.id = v.class_id WHERE s.state = 'COPY'"
        ).fetchall()
        todo = sorted({(c, v) for sid, c, v in rows if not is_held(self.ws.copy_lock_path(sid))})
        for c, v in todo:
            self._launch(c, [v])
        return todo


def _class_id(conn: sqlite3.Connection, class_name: str) -> int:
    row = conn.execute("SELECT id FROM classes WHERE name = ?", (class_name,)).fetchone()
    if row is None:
        raise SdxError("no such class", class_name)
    return row[0]


def _first_fit(snap: Snapshot, class_name: str, group: str, group_blocks: int, blocks: int) -> int | None:
    used = sorted((v.first_block, v.blocks) for v in snap.volumes if v.class_name == class_name and v.group == group)
    start = PRIVATE_BLOCKS
    for first, size in used:
        if first - start >= blocks:
            return start
        start = max(start, first + size)
    return start if group_blocks - start >= blocks else None
