"""Watching the configuration cheaply: reload only the classes that changed since the last look.

A full snapshot of 10,000 volumes takes far longer than a screen refresh may. Every operation
logs an event naming its class in the same transaction as the change, so the events since the
last look say which classes to re-read; classes with a copy running are re-read too (their
progress moves without events). Anything not tied to a class (a physical disk created) re-reads
the physical disk list, and a large change falls back to a full load.

Opening and closing a device logs no event (the device server only takes or drops an in-use
lock), so each look also lists the held in-use locks (one directory listing, then a probe of the
few ``use-*`` files present) and re-reads the classes whose volumes or slices changed between in
use and not: a volume mounted or unmounted from a terminal shows, and so does a killed server
(the kernel dropped its locks).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ..model import SliceState, Snapshot
from . import cluster
from .snapshot import held_use_locks, list_physical_disks, load_snapshot
from .workspace import USE_LOCK_PREFIX, Workspace

FULL_RELOAD_SHARE = 0.25
_USE_LOCK = re.compile(rf"{re.escape(USE_LOCK_PREFIX)}(volume|slice)-(\d+)\.lock")


@dataclass
class _Part:
    classes: tuple = ()
    disks: tuple = ()
    groups: tuple = ()
    volumes: tuple = ()
    slices: tuple = ()
    by_volume: dict = field(default_factory=dict)  # (class, volume) -> its slices

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], list] = {}
        for s in self.slices:
            grouped.setdefault((s.class_name, s.volume), []).append(s)
        self.by_volume = {k: tuple(v) for k, v in grouped.items()}


@dataclass
class Change:
    """What a refresh found: the new snapshot, and the classes re-read (None: everything).

    ``changed`` with an empty ``classes``: only what belongs to no class changed (disk images).
    """

    snapshot: Snapshot
    classes: set[str] | None = field(default_factory=set)
    changed: bool = False


class ConfigMonitor:
    """Keeps a snapshot of the workspace, as ``node`` sees it (default: the workspace's node), up to
    date. Not thread-safe: one owner thread."""

    def __init__(self, ws: Workspace, node: str | None = None) -> None:
        self.ws = ws
        self.node = node
        self.snapshot = Snapshot(version=-1)
        self._parts: dict[str, _Part] = {}
        self._order: list[str] = []
        self._last_event = 0
        self._held: frozenset[str] = frozenset()  # the in-use locks held at the last look

    def refresh(self, full: bool = False) -> Change:
        store = self.ws.store
        held = held_use_locks(self.ws)
        if (not full and self.snapshot.version >= 0 and store.generation() == self.snapshot.version
                and held == self._held):
            return Change(self.snapshot)
        with store.read() as conn:
            node = self.node or self.ws.node
            last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
            every = [(r[0], node in cluster.parse_scope(r[1]))
                     for r in conn.execute("SELECT name, scope FROM classes ORDER BY id")]
            names = [n for n, seen in every if seen]  # the classes in this node's scope
            nodes = cluster.nodes(conn)
            changed: set[str] | None
            if full or self.snapshot.version < 0 or nodes != self.snapshot.nodes or node != self.snapshot.node:
                changed = None
            else:
                changed = {
                    r[0] for r in conn.execute(
                        "SELECT DISTINCT class_name FROM events WHERE id > ? AND class_name IS NOT NULL",
                        (self._last_event,),
                    )
                }
                changed |= {s.class_name for s in self.snapshot.slices if s.state is SliceState.COPY}
                changed |= _classes_of_locks(conn, held ^ self._held)
                changed |= set(names) ^ set(self._order)
                if len(changed) > FULL_RELOAD_SHARE * max(len(names), 1):
                    changed = None
            if changed is None:
                snap = load_snapshot(self.ws, conn, node=node)
                self._parts = {}
                for c in snap.classes:
                    self._parts[c.name] = _Part()
                for attr in ("classes", "disks", "groups", "volumes", "slices"):
                    grouped: dict[str, list] = {n: [] for n in self._parts}
                    for item in getattr(snap, attr):
                        grouped[item.name if attr == "classes" else item.class_name].append(item)
                    for n, items in grouped.items():
                        setattr(self._parts[n], attr, tuple(items))
                for part in self._parts.values():
                    part.__post_init__()
                physical = snap.physical_disks
                version = snap.version
            else:
                for name in changed:
                    one = load_snapshot(self.ws, conn, name, physical=False, node=node)
                    self._parts[name] = _Part(one.classes, one.disks, one.groups, one.volumes, one.slices)
                physical = list_physical_disks(self.ws, conn)
                version = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
        self._order = names
        self._parts = {n: self._parts[n] for n in names if n in self._parts}
        self._last_event = last
        self._held = held
        by_volume: dict = {}
        for n in names:
            by_volume.update(self._parts[n].by_volume)
        self.snapshot = Snapshot(
            version=version,
            physical_disks=physical,
            node=node,
            nodes=nodes,
            foreign_classes=tuple(n for n, seen in every if not seen),
            **{attr: tuple(x for n in names for x in getattr(self._parts[n], attr))
               for attr in ("classes", "disks", "groups", "volumes", "slices")},
            _index={"slices_of": by_volume},  # the same index Snapshot.slices_of would build
        )
        return Change(self.snapshot, changed, True)


def _classes_of_locks(conn: sqlite3.Connection, names: frozenset[str]) -> set[str]:
    """The classes of the volumes and slices whose in-use locks are named (gone objects: none)."""
    ids: dict[str, list[int]] = {"volume": [], "slice": []}
    for name in names:
        m = _USE_LOCK.fullmatch(name)
        if m is not None:
            ids[m.group(1)].append(int(m.group(2)))
    found: set[str] = set()
    for kind, query in (
        ("volume", "SELECT c.name FROM volumes v JOIN classes c ON c.id = v.class_id WHERE v.id IN ({})"),
        ("slice", "SELECT c.name FROM slices s JOIN volumes v ON v.id = s.volume_id"
                  " JOIN classes c ON c.id = v.class_id WHERE s.id IN ({})"),
    ):
        if ids[kind]:
            rows = conn.execute(query.format(",".join("?" * len(ids[kind]))), ids[kind])
            found |= {r[0] for r in rows}
    return found
