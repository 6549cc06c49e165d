"""Healing after a crash: the volume JRM.

A mirrored write marks its regions in the volume's map (``state/jrm/volume-<id>.map``)
before writing any slice and clears them once every slice has it, all while holding the lock of
those regions. So a region whose byte is set while *we* hold its lock had a writer that died
between the mark and the clear: the slices may differ there. Healing copies such a region from the
first valid (ACTIVE) slice, the one every write reaches first and every read prefers, to the other
ACTIVE and COPY slices, marks it in the JRM map of every slice that tracks changes (INVALID,
detached with JRM), and clears it. With the volume's JRM off (``sdxattr -V -a jrm=off``) a crash
resynchronizes every region of the volume, as GDS copies a whole volume without JRM.

It runs: before any write over a marked region (``volume_io``), under the whole-volume lock before
every configuration change of the volume (``manager``), at the start of a copy worker
(``copyd``), at ``sdxcopy -B``, when the GUI starts (``resume_interrupted_copies``) and at
``gdsview verify`` before comparing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SdxError
from ..events import EventKind
from ..model import SliceState
from ..storage.images import ImageFiles
from ..storage.jrm import REGION_SIZE, JrmMap
from ..storage.layout import VolumeLayout, load_layout
from ..storage.locks import RegionLock
from ..storage.workspace import Workspace
from .slice_state import invalidate_slice

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
        if vmap.dirty_count() and not layout.jrm:
            # JRM for the volume is off (sdxattr -V -a jrm=off): a crash leaves the whole volume to copy.
            vmap.fill()
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
            ws.store.log(conn, source, EventKind.VOLUME_RECOVER,
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
