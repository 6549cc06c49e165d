"""The slice state machine: every change of a slice's state, and the table of allowed transitions.

This is the only module that writes the ``slices`` table. Each change names a :class:`Change`;
:data:`TRANSITIONS` says from which states it may happen and to which it leads, and every
``UPDATE`` is guarded by ``state IN (<from states>)``, so a slice never moves along an edge the
table does not have. :mod:`gdsview.core.policy.rules` refuses operations by the same table.

Each function runs inside the caller's write transaction (``conn``) unless it says otherwise.
A slice's JRM map file is written *before* the row changes, so a rolled-back transaction leaves
at worst a map that asks for more copying, never one that skips a region that differs. The map
is durable (content and name synced) before the transaction commits, and the commit is durable
when it returns (:mod:`gdsview.core.storage.store`): after a power cut, a committed detach always
has its map.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from ..events import EventKind
from ..model import AccessMode, SliceState
from ..names import BLOCK
from ..storage import fileio
from ..storage.jrm import REGION_SIZE, JrmMap
from ..storage.layout import SliceLayout, VolumeLayout
from ..storage.workspace import Workspace

REGION_BLOCKS = REGION_SIZE // BLOCK
S = SliceState


class Change(StrEnum):
    """Every way a slice's state changes."""

    ADD_IN_SYNC = "add-in-sync"  # a new volume's slice, zeroed like its siblings (sdxvolume -M)
    ADD_STALE = "add-stale"  # a slice on a disk just connected to the group (sdxdisk -C)
    DETACH = "detach"  # sdxslice -M
    STOP = "stop"  # sdxslice -F
    ACTIVATE = "activate"  # sdxslice -N
    ATTACH = "attach"  # sdxslice -R: copying brings the slice back
    RESYNC = "resync"  # a stale slice waits for copying again (volume start, sdxcopy -B, disk restore)
    COPY_DONE = "copy-done"  # the copy finished: the slice holds the volume's data
    COPY_STOPPED = "copy-stopped"  # sdxcopy -C / -I, or the copy's volume was stopped
    FAIL = "fail"  # an I/O error on the slice's disk
    SWAP_OUT = "swap-out"  # sdxswap -O: the slice's disk is taken out for replacement (NOUSE)
    SWAP_IN = "swap-in"  # sdxswap -I: the replacement is in; the slice waits for a full copy (then RESYNC)
    NODE_SWITCH = "node-switch"  # the class's volumes moved to another node: a TEMP slice is TEMP-STOP there


@dataclass(frozen=True)
class Transition:
    sources: frozenset[SliceState]  # empty: the slice is created by the change
    targets: frozenset[SliceState]


def _t(sources: tuple[SliceState, ...], targets: tuple[SliceState, ...]) -> Transition:
    return Transition(frozenset(sources), frozenset(targets))


#: The allowed transitions. A copy waits as INVALID while its volume is stopped, else runs as COPY.
TRANSITIONS: dict[Change, Transition] = {
    Change.ADD_IN_SYNC: _t((), (S.ACTIVE,)),
    Change.ADD_STALE: _t((), (S.INVALID,)),
    Change.DETACH: _t((S.ACTIVE,), (S.TEMP,)),
    Change.STOP: _t((S.TEMP,), (S.TEMP_STOP,)),
    Change.ACTIVATE: _t((S.TEMP_STOP,), (S.TEMP,)),
    Change.ATTACH: _t((S.TEMP, S.TEMP_STOP), (S.COPY, S.INVALID)),
    Change.RESYNC: _t((S.INVALID,), (S.COPY, S.INVALID)),
    Change.COPY_DONE: _t((S.COPY,), (S.ACTIVE,)),
    Change.COPY_STOPPED: _t((S.COPY,), (S.INVALID,)),
    Change.FAIL: _t((S.ACTIVE, S.COPY), (S.INVALID,)),
    Change.SWAP_OUT: _t((S.ACTIVE, S.INVALID, S.COPY), (S.NOUSE,)),
    Change.SWAP_IN: _t((S.NOUSE,), (S.INVALID,)),
    Change.NODE_SWITCH: _t((S.TEMP,), (S.TEMP_STOP,)),
}


def sources(change: Change) -> frozenset[SliceState]:
    """The states ``change`` may start from (what the rules check before an operation)."""
    return TRANSITIONS[change].sources


def _guard(change: Change) -> tuple[str, tuple[str, ...]]:
    states = tuple(sorted(s.value for s in TRANSITIONS[change].sources))
    return f"state IN ({','.join('?' * len(states))})", states


def _update(conn: sqlite3.Connection, change: Change, slice_id: int, target: SliceState, sets: str = "",
            args: tuple[object, ...] = ()) -> bool:
    """``UPDATE`` one slice along ``change`` to ``target``; False when it was not in a source state."""
    assert target in TRANSITIONS[change].targets, f"{change} cannot lead to {target}"
    where, states = _guard(change)
    cur = conn.execute(f"UPDATE slices SET state = ?{', ' + sets if sets else ''} WHERE id = ? AND {where}",
                       (target.value, *args, slice_id, *states))
    return bool(cur.rowcount)


# -- slices made and removed ---------------------------------------------------------------------
def add_slice(conn: sqlite3.Connection, volume_id: int, disk_id: int, change: Change) -> int:
    """A new slice of a volume on a disk: in sync (a new volume) or stale (a disk just connected)."""
    (state,) = TRANSITIONS[change].targets
    assert not TRANSITIONS[change].sources, f"{change} does not create a slice"
    return int(conn.execute("INSERT INTO slices (volume_id, disk_id, state) VALUES (?, ?, ?)",
                            (volume_id, disk_id, state.value)).lastrowid or 0)


def delete_slices(ws: Workspace, conn: sqlite3.Connection, *, disk_id: int | None = None,
                  volume_id: int | None = None) -> None:
    """Delete the slices of a disk being disconnected, or of a volume being removed, with their maps."""
    column, value = ("disk_id", disk_id) if disk_id is not None else ("volume_id", volume_id)
    for r in conn.execute(f"SELECT id FROM slices WHERE {column} = ?", (value,)).fetchall():
        fileio.unlink(ws.jrm_map_path(r[0]))
    conn.execute(f"DELETE FROM slices WHERE {column} = ?", (value,))


# -- detached slices -----------------------------------------------------------------------------
def detach(ws: Workspace, conn: sqlite3.Connection, layout: VolumeLayout, s: SliceLayout, *, jrm: bool,
           mode: AccessMode, node: str | None = None) -> None:
    """ACTIVE → TEMP on ``node`` (default: the workspace's). With JRM a clean map starts recording
    the writes the slice misses."""
    path = ws.jrm_map_path(s.id)
    if jrm:
        JrmMap.create(path, s.id, layout.regions, dirty=False).close()
    else:
        fileio.unlink(path)  # no map: the attach copies the whole slice (a map left by a power cut is ignored)
    _update(conn, Change.DETACH, s.id, S.TEMP, "access_mode = ?, jrm = ?, temp_node = ?",
            (AccessMode(mode).value, int(jrm), node or ws.node))


def stop(conn: sqlite3.Connection, s: SliceLayout) -> None:
    """TEMP → TEMP-STOP: the access path can no longer be opened."""
    _update(conn, Change.STOP, s.id, S.TEMP_STOP)


def activate(conn: sqlite3.Connection, s: SliceLayout, node: str | None = None) -> None:
    """TEMP-STOP → TEMP: the access path opens again, on ``node`` (None: where it was TEMP before)."""
    if node is None:
        _update(conn, Change.ACTIVATE, s.id, S.TEMP)
    else:
        _update(conn, Change.ACTIVATE, s.id, S.TEMP, "temp_node = ?", (node,))


def node_switch(conn: sqlite3.Connection, layout: VolumeLayout) -> list[SliceLayout]:
    """The volume's class switched nodes: every TEMP slice becomes TEMP-STOP (the GDS guide, 7.7.1:
    "'temp-stop' status as a result of ... switching of the nodes"). Returns the slices changed."""
    return [s for s in layout.slices if s.state is S.TEMP and _update(conn, Change.NODE_SWITCH, s.id, S.TEMP_STOP)]


# -- copying -------------------------------------------------------------------------------------
def prepare_copy(ws: Workspace, conn: sqlite3.Connection, layout: VolumeLayout, s: SliceLayout, *,
                 change: Change, full: bool) -> int:
    """Make ``s`` a slice waiting for copying (ATTACH, RESYNC or a new stale slice); returns the blocks left.

    With ``full`` false the slice's JRM map is used when it can be trusted; otherwise every
    region is marked. The slice goes to COPY when the volume is started, else stays INVALID
    until the volume is started.
    """
    if change is Change.ADD_STALE:
        change = Change.RESYNC  # the new slice was made INVALID: it is resynchronized like any stale one
    path = ws.jrm_map_path(s.id)
    jmap = None if full else JrmMap.open(path, s.id, layout.regions)
    if jmap is None:
        jmap = JrmMap.create(path, s.id, layout.regions, dirty=True)
    with jmap:
        remaining = jmap.dirty_count() * REGION_BLOCKS
    # Resuming an interrupted copy keeps its total, so progress goes on from where it stopped.
    total = s.copy_total if s.state is S.INVALID and s.copy_total >= remaining else remaining
    _update(conn, change, s.id, S.COPY if layout.started else S.INVALID,
            "access_mode = NULL, jrm = 1, copy_total = ?, copy_done = ?, copy_rate = 0, copy_request = NULL",
            (total, total - remaining))
    return remaining


def record_progress(conn: sqlite3.Connection, slice_id: int, done_blocks: int, rate_bps: float) -> None:
    """How far copying into a COPY slice has got (not a state change: the state stays COPY)."""
    conn.execute("UPDATE slices SET copy_done = ?, copy_rate = ? WHERE id = ? AND state = 'COPY'",
                 (done_blocks, rate_bps, slice_id))


def request_copy_stop(conn: sqlite3.Connection, slice_id: int, request: str) -> None:
    """Ask the process copying into the slice to ``interrupt`` or ``cancel`` at its next chunk."""
    conn.execute("UPDATE slices SET copy_request = ? WHERE id = ? AND state = 'COPY'", (request, slice_id))


def copy_done(conn: sqlite3.Connection, s: SliceLayout) -> bool:
    """COPY → ACTIVE (the caller holds the whole-volume lock and saw the map clean)."""
    return _update(conn, Change.COPY_DONE, s.id, S.ACTIVE,
                   "copy_total = 0, copy_done = 0, copy_rate = 0, copy_request = NULL")


def stop_copy(ws: Workspace, conn: sqlite3.Connection, layout: VolumeLayout, s: SliceLayout, *, cancel: bool,
              done_blocks: int, source: str) -> bool:
    """COPY → INVALID on request: resumable (interrupt) or from zero (cancel).

    The caller holds the volume's whole-range lock. Returns False when the slice was not in COPY.
    """
    if cancel:
        path = ws.jrm_map_path(s.id)
        jmap = JrmMap.open(path, s.id, layout.regions) or JrmMap.create(path, s.id, layout.regions, dirty=True)
        with jmap:
            jmap.fill()
            jmap.sync()
    total = layout.regions * REGION_BLOCKS if cancel else None
    changed = _update(conn, Change.COPY_STOPPED, s.id, S.INVALID,
                      "copy_request = NULL, copy_rate = 0, copy_done = ?, copy_total = COALESCE(?, copy_total)",
                      (0 if cancel else done_blocks, total))
    if changed:
        word = "cancelled" if cancel else "interrupted"
        ws.store.log(
            conn, source, EventKind.COPY_CANCELLED if cancel else EventKind.COPY_INTERRUPTED,
            f"copying into {s.disk}.{layout.name} {word}"
            + ("" if cancel else f" at {done_blocks} blocks; sdxcopy -B resumes it"),
            class_name=layout.class_name, obj=f"{s.disk}.{layout.name}", severity="WARNING",
        )
    return changed


def volume_stopped(conn: sqlite3.Connection, volume_id: int) -> None:
    """A stopped volume's copies end: COPY → INVALID, resumed (from their maps) at the next start."""
    where, states = _guard(Change.COPY_STOPPED)
    conn.execute(f"UPDATE slices SET state = ?, copy_rate = 0 WHERE volume_id = ? AND {where}",
                 (S.INVALID.value, volume_id, *states))


# -- disk failure --------------------------------------------------------------------------------
def invalidate_slice(ws: Workspace, layout: VolumeLayout, s: SliceLayout, reason: str, source: str) -> None:
    """Take a slice whose disk failed out of the volume's valid copies (a full copy is needed later).

    Its own transaction: an I/O path finds the failure outside any configuration change. The
    disk becomes DISABLE; when no valid slice is left, the volume is INVALID.
    """
    JrmMap.create(ws.jrm_map_path(s.id), s.id, layout.regions, dirty=True).close()
    with ws.store.write() as conn:
        if not _update(conn, Change.FAIL, s.id, S.INVALID,
                       "copy_total = ?, copy_done = 0, copy_rate = 0, copy_request = NULL",
                       (layout.regions * REGION_BLOCKS,)):
            return
        conn.execute("UPDATE disks SET status = 'DISABLE' WHERE id = (SELECT disk_id FROM slices WHERE id = ?)",
                     (s.id,))
        ws.store.log(
            conn, source, EventKind.SLICE_FAILED,
            f"slice {s.disk}.{layout.name} is INVALID: disk {s.disk} ({s.device}) failed: {reason};"
            f" disk {s.disk} is DISABLE",
            class_name=layout.class_name, obj=f"{s.disk}.{layout.name}", severity="ERROR",
        )
        if not conn.execute(
            "SELECT 1 FROM slices WHERE volume_id = ? AND state = 'ACTIVE'", (layout.id,)
        ).fetchone():
            ws.store.log(
                conn, source, EventKind.VOLUME_INVALID,
                f"volume {layout.name} is INVALID: no valid slice is left (last one lost on disk {s.disk})",
                class_name=layout.class_name, obj=layout.name, severity="ERROR",
            )


def restore_disk(conn: sqlite3.Connection, disk_id: int) -> None:
    """A failed disk is ENABLE again in place (``gdsview lab restore-disk``; its INVALID slices then RESYNC)."""
    conn.execute("UPDATE disks SET status = 'ENABLE' WHERE id = ?", (disk_id,))


# -- disk swap (sdxswap) -------------------------------------------------------------------------
def swap_out(ws: Workspace, conn: sqlite3.Connection, disk_id: int, slices: list[SliceLayout]) -> None:
    """Swap Physical Disk: the disk becomes SWAP and each of its slices NOUSE (no I/O reaches them).

    Their JRM maps go: whatever the replacement holds, swapping in copies every region.
    """
    for s in slices:
        ws.jrm_map_path(s.id).unlink(missing_ok=True)
        _update(conn, Change.SWAP_OUT, s.id, S.NOUSE,
                "access_mode = NULL, copy_total = 0, copy_done = 0, copy_rate = 0, copy_request = NULL")
    conn.execute("UPDATE disks SET status = 'SWAP' WHERE id = ?", (disk_id,))


def swap_in(conn: sqlite3.Connection, disk_id: int, slices: list[SliceLayout]) -> None:
    """Restore Physical Disk: the disk is ENABLE again and its NOUSE slices INVALID (the caller then
    prepares each for a full copy, :func:`prepare_copy` with RESYNC)."""
    for s in slices:
        _update(conn, Change.SWAP_IN, s.id, S.INVALID)
    conn.execute("UPDATE disks SET status = 'ENABLE' WHERE id = ?", (disk_id,))


# -- attributes (sdxattr -S) ---------------------------------------------------------------------
def set_slice_attributes(ws: Workspace, conn: sqlite3.Connection, s: SliceLayout, *, jrm_off: bool = False,
                         mode: AccessMode | None = None) -> None:
    """Change a detached slice's attributes (not its state): JRM off drops its map, so attaching it
    copies every region; the access mode applies at the next open of its access path."""
    if jrm_off:
        ws.jrm_map_path(s.id).unlink(missing_ok=True)
        conn.execute("UPDATE slices SET jrm = 0 WHERE id = ? AND state IN ('TEMP', 'TEMP-STOP')", (s.id,))
    if mode is not None:
        conn.execute("UPDATE slices SET access_mode = ? WHERE id = ? AND state IN ('TEMP', 'TEMP-STOP')",
                     (AccessMode(mode).value, s.id))
