"""Healing after a crash: the volume JRM, and a consistency check of the configuration.

**Volume JRM.** A mirrored write marks its regions in the volume's map (``state/jrm/volume-<id>.map``)
before writing any slice and clears them once every slice has it, all while holding the lock of
those regions. So a region whose byte is set while *we* hold its lock had a writer that died
between the mark and the clear: the slices may differ there. Healing copies such a region from the
first valid (ACTIVE) slice, the one every write reaches first and every read prefers, to the other
ACTIVE and COPY slices, marks it in the JRM map of every slice that tracks changes (INVALID,
detached with JRM), and clears it.

It runs: before any write over a marked region (``volume_io``), under the whole-volume lock before
every configuration change of the volume (``manager``), at the start of a copy worker
(``copyd``), at ``sdxcopy -B``, when the GUI starts (``resume_interrupted_copies``) and at
``gdsview verify`` before comparing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .errors import SdxError
from .images import ImageFiles
from .jrm import REGION_SIZE, JrmMap
from .layout import VolumeLayout, load_layout
from .locks import RegionLock
from .model import DiskStatus, SliceState
from .names import NAME_RULE
from .workspace import Workspace

HEAL_RUN = 8  # regions healed per lock-and-copy step


@dataclass(frozen=True)
class RecoveryResult:
    class_name: str
    volume: str
    regions: int  # regions resynchronized
    source: str | None  # the slice copied from
    left: int = 0  # regions still marked (no valid slice to copy from)

    def describe(self) -> str:
        if not self.regions and not self.left:
            return f"{self.volume}: no write was in flight at a crash"
        text = (f"{self.volume}: {self.regions} region{'s' if self.regions != 1 else ''} written at a crash"
                f" resynchronized from {self.source}")
        if self.left:
            text += f"; {self.left} regions could not be (no valid slice)"
        return text


def volume_map(ws: Workspace, layout: VolumeLayout, *, create: bool) -> JrmMap | None:
    """The volume's map; with ``create`` a missing one is made (all clean). None: missing (or not trusted)."""
    path = ws.volume_jrm_path(layout.id)
    if create:
        return JrmMap.open_or_create(path, layout.id, layout.regions)
    return JrmMap.open(path, layout.id, layout.regions)


def heal_regions(ws: Workspace, layout: VolumeLayout, images: ImageFiles, vmap: JrmMap, first: int, count: int,
                 source: str) -> tuple[int, str | None]:
    """Heal the marked regions among ``first .. first+count-1``; the caller holds their lock.

    Returns (regions healed, slice copied from). Regions stay marked when no slice can serve.
    """
    from .transitions import invalidate_slice

    bits = vmap.bitmap()[first : first + count]
    healed, used = 0, None
    i = 0
    while i < len(bits):
        if bits[i] != 1:
            i += 1
            continue
        j = i
        while j < len(bits) and bits[j] == 1:
            j += 1
        run_first, run_count = first + i, j - i
        offset = run_first * REGION_SIZE
        length = min(run_count * REGION_SIZE, layout.size - offset)
        # Slices that track changes get the regions marked: whatever they hold there may be stale.
        for s in layout.slices:
            if s.tracks_changes():
                smap = JrmMap.open(ws.jrm_map_path(s.id), s.id, layout.regions)
                if smap is not None:
                    with smap:
                        smap.mark(run_first, run_count)
        failed: set[int] = set()
        done = False
        for src in layout.valid_slices():
            if src.id in failed:
                continue
            targets = [s for s in layout.slices if s.id != src.id and s.id not in failed
                       and s.state in (SliceState.ACTIVE, SliceState.COPY)]
            source_ok = True
            for t in targets:
                try:
                    images.copy(src.device, t.device, layout.offset + offset, layout.offset + offset, length)
                except OSError as e:
                    side = getattr(e, "side", "target")
                    bad = src if side == "source" else t
                    invalidate_slice(ws, layout, bad, f"{'read' if side == 'source' else 'write'} error: "
                                     f"{e.strerror}", source)
                    failed.add(bad.id)
                    if side == "source":
                        source_ok = False
                        break
            if source_ok:
                done, used = True, f"{src.disk}.{layout.name}"
                break
        if done:
            vmap.clear(run_first, run_count)
            healed += run_count
        i = j
    return healed, used


def recover_volume(ws: Workspace, class_name: str, volume: str, *, source: str = "gdsview",
                   locked: bool = False) -> RecoveryResult:
    """Resynchronize the regions of a volume that writes were in flight over when their writer died.

    ``locked``: the caller already holds the volume's whole-range lock (a configuration change).
    Otherwise each run of marked regions is healed under its own region lock: a live writer holds
    that lock from mark to clear, so a byte still set once we hold the lock is a dead writer's.
    """
    with ws.store.read() as conn:
        layout = load_layout(conn, class_name, volume)
    path = ws.volume_jrm_path(layout.id)
    if not path.exists():
        return RecoveryResult(class_name, volume, 0, None)
    vmap = JrmMap.open(path, layout.id, layout.regions)
    replaced = False
    if vmap is None:
        # A map that cannot be trusted: every region may differ. Replace it under the whole lock
        # (no write in flight); writers reopen it when they see the logged event.
        vmap = _replace_map(ws, layout, locked)
        replaced = True
    images = ImageFiles(ws.disks_dir)
    lock = None if locked else RegionLock(ws.volume_lock_path(layout.id))
    healed, used = 0, None
    try:
        if vmap.dirty_count():
            version = ws.store.data_version()
            for run_first, run_count in list(vmap.dirty_runs(HEAL_RUN)):
                if lock is None:
                    n, src = heal_regions(ws, layout, images, vmap, run_first, run_count, source)
                else:
                    with lock.regions(run_first, run_count):
                        if ws.store.data_version() != version:
                            with ws.store.read() as conn:
                                layout = load_layout(conn, class_name, volume)
                            version = ws.store.data_version()
                        n, src = heal_regions(ws, layout, images, vmap, run_first, run_count, source)
                healed += n
                used = used or src
        left = vmap.dirty_count()
    finally:
        vmap.close()
        images.close()
        if lock is not None:
            lock.close()
    result = RecoveryResult(class_name, volume, healed, used, left)
    if healed or left or replaced:
        with ws.store.write() as conn:
            ws.store.log(conn, source, "volume-recover",
                         ("volume JRM map was damaged: every region checked; " if replaced else "")
                         + result.describe(),
                         class_name=class_name, obj=volume, severity="ERROR" if left else "WARNING")
    return result


def _replace_map(ws: Workspace, layout: VolumeLayout, locked: bool) -> JrmMap:
    path = ws.volume_jrm_path(layout.id)
    if locked:
        return JrmMap.create(path, layout.id, layout.regions, dirty=True)
    lock = RegionLock(ws.volume_lock_path(layout.id))
    try:
        with lock.whole():
            return JrmMap.open(path, layout.id, layout.regions) or JrmMap.create(
                path, layout.id, layout.regions, dirty=True)
    finally:
        lock.close()


def volumes_needing_recovery(ws: Workspace) -> list[tuple[str, str]]:
    """Volumes whose map has a marked region (or cannot be trusted); cheap: reads the maps only."""
    maps = {}
    for path in ws.volume_jrm_path(0).parent.glob("volume-*.map"):
        vid = path.stem.removeprefix("volume-")
        if vid.isdigit():
            maps[int(vid)] = path
    if not maps:
        return []
    with ws.store.read() as conn:
        rows = conn.execute(
            "SELECT v.id, c.name AS cls, v.name FROM volumes v JOIN classes c ON c.id = v.class_id"
            f" WHERE v.id IN ({','.join('?' * len(maps))}) ORDER BY v.id", tuple(maps),
        ).fetchall()
        layouts = {r["id"]: load_layout(conn, r["cls"], r["name"]) for r in rows}
    todo = []
    for vid, layout in layouts.items():
        path = maps[vid]
        vmap = JrmMap.open(path, vid, layout.regions)
        if vmap is None:
            todo.append((layout.class_name, layout.name))
            continue
        with vmap:
            if vmap.dirty_count():
                todo.append((layout.class_name, layout.name))
    return todo


def recover_all(ws: Workspace, *, source: str = "gdsview") -> list[RecoveryResult]:
    """Heal every volume that needs it (at start-up)."""
    results = []
    for c, v in volumes_needing_recovery(ws):
        try:
            results.append(recover_volume(ws, c, v, source=source))
        except SdxError:
            continue  # removed meanwhile
    return results


# -- consistency of the configuration ----------------------------------------------------------
def check_workspace(ws: Workspace) -> list[str]:
    """Problems found in the configuration database (empty: consistent). Reads only."""
    problems: list[str] = []
    conn = ws.store.connection()
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("SQLite integrity check failed")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("rows refer to missing rows (foreign keys)")
    except sqlite3.DatabaseError as e:
        return [f"database unreadable: {e}"]
    with ws.store.read() as conn:
        states = {s.value for s in SliceState}
        for r in conn.execute("SELECT s.id, s.state, s.access_mode, s.copy_done, s.copy_total FROM slices s"):
            if r["state"] not in states:
                problems.append(f"slice {r['id']} has unknown state {r['state']!r}")
            if r["access_mode"] is not None and r["state"] not in ("TEMP", "TEMP-STOP"):
                problems.append(f"slice {r['id']} is {r['state']} with an access mode")
            if r["copy_done"] > r["copy_total"] or r["copy_done"] < 0:
                problems.append(f"slice {r['id']} copy progress {r['copy_done']}/{r['copy_total']}")
        for r in conn.execute(
            "SELECT s.id FROM slices s JOIN volumes v ON v.id = s.volume_id JOIN disks d ON d.id = s.disk_id"
            " WHERE d.group_id IS NOT v.group_id"
        ):
            problems.append(f"slice {r['id']} is on a disk outside its volume's group")
        for r in conn.execute(
            "SELECT v.id, v.name, (SELECT COUNT(*) FROM disks d WHERE d.group_id = v.group_id) AS members,"
            " (SELECT COUNT(*) FROM slices s WHERE s.volume_id = v.id) AS n FROM volumes v"
        ):
            if r["members"] != r["n"]:
                problems.append(f"volume {r['name']} has {r['n']} slices for {r['members']} group disks")
        for r in conn.execute(
            "SELECT c.name FROM classes c WHERE NOT EXISTS (SELECT 1 FROM disks d WHERE d.class_id = c.id)"
        ):
            problems.append(f"class {r['name']} has no disk")
        for r in conn.execute(
            "SELECT g.name FROM groups g WHERE NOT EXISTS (SELECT 1 FROM disks d WHERE d.group_id = g.id)"
        ):
            problems.append(f"group {r['name']} has no disk")
        vols = conn.execute(
            "SELECT v.group_id, v.name, v.first_block, v.blocks,"
            " (SELECT MIN(d.blocks) FROM disks d WHERE d.group_id = v.group_id) AS size"
            " FROM volumes v ORDER BY v.group_id, v.first_block"
        ).fetchall()
        for a, b in zip(vols, vols[1:], strict=False):
            if a["group_id"] == b["group_id"] and a["first_block"] + a["blocks"] > b["first_block"]:
                problems.append(f"volumes {a['name']} and {b['name']} overlap")
        for v in vols:
            if v["size"] is not None and v["first_block"] + v["blocks"] > v["size"]:
                problems.append(f"volume {v['name']} ends beyond its disks")
            if v["blocks"] <= 0 or v["first_block"] < 0:
                problems.append(f"volume {v['name']} has the extent {v['first_block']}+{v['blocks']}")
        statuses = {s.value for s in DiskStatus}
        for r in conn.execute("SELECT name, device, status FROM disks"):
            if r["status"] not in statuses:
                problems.append(f"disk {r['name']} has unknown status {r['status']!r}")
            if not (ws.disks_dir / f"{r['device']}.img").is_file():
                problems.append(f"disk {r['name']}: its physical disk {r['device']} has no image")
        for table in ("classes", "groups", "disks", "volumes"):
            for r in conn.execute(f"SELECT name FROM {table}"):
                if not NAME_RULE.fullmatch(r["name"] or ""):
                    problems.append(f"{table[:-1]} name {r['name']!r} breaks the naming rule")
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if row is None or not str(row[0]).isdigit():
            problems.append(f"the configuration generation is {row[0] if row else None!r}, not a number")
    return problems
