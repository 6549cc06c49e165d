"""Healing after a crash or a power cut: the volume JRM.

Each volume has a map (``state/jrm/volume-<id>.map``), one byte per region, changed only by a
writer holding the region's lock:

* ``CLEAN``: no write since the region was last made durable on every slice.
* ``INFLIGHT``: a write is being issued to the slices. Set, and synced to the disk, before the
  first slice is written (:mod:`volume_io`).
* ``WRITTEN``: every slice got the write; the data may still be in the page cache only. The writer
  leaves the byte so (lazy clearing, md's write-intent bitmap) and clears it once the region has
  been idle a while, or at close, after an fdatasync of the images. Rewriting a WRITTEN region
  costs no sync: WRITTEN -> INFLIGHT are both marks on the disk.

The header carries the boot id of the machine when the marks were made. What a byte means then
depends on who reads it, always while holding the region's lock:

* ``INFLIGHT`` in a map of this boot: the writer died between its slice writes (a live one holds
  the lock until it sets WRITTEN): the slices may differ. Healing copies the region from the first
  valid (ACTIVE) slice, the one every write reaches first and every read prefers, to the other
  ACTIVE and COPY slices.
* ``WRITTEN`` in a map of this boot: the slices are equal (in the page cache). A marked region is
  normal with lazy clearing and tells nothing of a dead writer: the write path leaves it alone;
  healing and configuration changes clear it after one fdatasync of each image, never by copying.
* any mark in a map of another boot (a power cut, or a reboot before the marks were cleared):
  each slice's disk kept its own subset of what the page cache held, so the slices may differ
  wherever a mark is. Healing copies every marked region, as for INFLIGHT, then stamps the map
  with this boot. A writable device opened on such a map heals first (:class:`volume_io.Device`).

When healing copies a region, it marks it (durably) in the JRM map of every slice that tracks
changes (INVALID, detached with JRM): whatever they hold there may be stale. It syncs the copied
data before clearing the region, so the clear never reaches the disk before the data it vouches
for. The cost stays bounded: a process crash copies at most the regions its writes were in flight
over (one write each, or its 16-region mark chunk if it died while marking one); a power cut
copies the regions marked at that moment, which lazy clearing keeps to the chunks written in the
last :data:`volume_io.CLEAR_IDLE` seconds by devices that are still writing, plus those of devices
left open without writing, flushing or closing since (md resynchronizes whole bitmap chunks too).

Healing runs: before any write over an INFLIGHT region (``volume_io``), under the whole-volume
lock before every configuration change of the volume (``manager``: so a detach starts from slices
that are equal and durable), at the start of a copy worker (``copyd``), at ``sdxcopy -B``, when
the GUI starts (``resume_interrupted_copies``), at ``gdsview verify`` before comparing, and when a
writable device opens a map of another boot. With the volume's JRM off (``sdxattr -V -a jrm=off``)
a region that needs copying makes the whole volume copied, as GDS copies a whole volume without JRM.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SdxError
from ..events import EventKind
from ..model import SliceState
from ..storage.images import ImageFiles
from ..storage.jrm import DIRTY, REGION_SIZE, WRITTEN, JrmMap, region_runs
from ..storage.layout import VolumeLayout, load_layout
from ..storage.locks import RegionLock
from ..storage.workspace import Workspace
from .slice_state import invalidate_slice

HEAL_RUN = 8  # regions healed per lock-and-copy step
INFLIGHT = DIRTY
_WRITTEN_ACTIONS = ("keep", "clear", "copy")


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
                 source: str, *, written: str = "clear") -> tuple[int, str | None, int]:
    """Heal the marked regions among ``first .. first+count-1``; the caller holds their lock.

    INFLIGHT regions are copied from the first valid slice. ``written`` says what to do with
    WRITTEN ones: ``keep`` them (the write path), ``clear`` them after syncing the images (this
    boot's map), or ``copy`` them like INFLIGHT (a map of another boot). Returns (regions copied,
    slice copied from, regions left marked because no slice could serve).
    """
    assert written in _WRITTEN_ACTIONS
    bits = vmap.values(first, count)
    copy_codes = {INFLIGHT[0], WRITTEN[0]} if written == "copy" else {INFLIGHT[0]}
    to_clear = [first + i for i, b in enumerate(bits) if b == WRITTEN[0]] if written == "clear" else []
    if to_clear:
        images.sync([s.device for s in layout.slices if s.state in (SliceState.ACTIVE, SliceState.COPY)])
        for run_first, run_count in region_runs(to_clear):
            vmap.clear(run_first, run_count)
    healed, used, left = 0, None, 0
    for run_first, run_count in region_runs([first + i for i, b in enumerate(bits) if b in copy_codes]):
        offset = run_first * REGION_SIZE
        length = min(run_count * REGION_SIZE, layout.size - offset)
        # Slices that track changes get the regions marked (durably): what they hold there may be stale.
        for s in layout.slices:
            if s.tracks_changes():
                smap = JrmMap.open(ws.jrm_map_path(s.id), s.id, layout.regions)
                if smap is not None:
                    with smap:
                        smap.mark(run_first, run_count)
                        smap.sync()
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
                images.sync([t.device for t in targets if t.id not in failed])  # the data before the clear
                break
        if done:
            vmap.clear(run_first, run_count)
            healed += run_count
        else:
            left += run_count
    return healed, used, left


def recover_volume(ws: Workspace, class_name: str, volume: str, *, source: str = "gdsview",
                   locked: bool = False) -> RecoveryResult:
    """Heal a volume's map: copy the regions writes were in flight over when their writer died (or
    every marked region after a power cut), and clear this boot's WRITTEN regions once durable.

    ``locked``: the caller already holds the volume's whole-range lock (a configuration change).
    Otherwise each run of marked regions is healed under its own region lock.
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
    foreign = not vmap.stamped_this_boot()
    images = ImageFiles(ws.disks_dir)
    lock = None if locked else RegionLock(ws.volume_lock_path(layout.id))
    healed, used, left = 0, None, 0
    try:
        if not layout.jrm and (vmap.dirty_count() if foreign else vmap.bitmap().count(DIRTY)):
            # JRM for the volume is off (sdxattr -V -a jrm=off): a crash leaves the whole volume to copy.
            vmap.fill()
        if vmap.dirty_count():
            version = ws.store.data_version()
            for run_first, run_count in list(vmap.dirty_runs(HEAL_RUN)):
                if lock is None:
                    n, src, k = heal_regions(ws, layout, images, vmap, run_first, run_count, source,
                                             written="copy" if foreign else "clear")
                else:
                    with lock.regions(run_first, run_count):
                        if ws.store.data_version() != version:
                            with ws.store.read() as conn:
                                layout = load_layout(conn, class_name, volume)
                            version = ws.store.data_version()
                        n, src, k = heal_regions(ws, layout, images, vmap, run_first, run_count, source,
                                                 written="copy" if foreign else "clear")
                healed += n
                left += k
                used = used or src
        if foreign and not left:
            vmap.stamp_boot()  # every mark of the earlier boot is healed: the marks are this boot's now
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
