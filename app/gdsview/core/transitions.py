"""Slice state changes that also touch the slice's JRM map, shared by every caller.

Each function runs inside the caller's write transaction (``conn``); the map file is written
first, so a rolled-back transaction leaves at worst a map that asks for more copying.
"""

from __future__ import annotations

import sqlite3

from .jrm import REGION_SIZE, JrmMap
from .layout import SliceLayout, VolumeLayout
from .model import SliceState
from .names import BLOCK
from .workspace import Workspace

REGION_BLOCKS = REGION_SIZE // BLOCK


def prepare_copy(
    ws: Workspace, conn: sqlite3.Connection, layout: VolumeLayout, s: SliceLayout, *, full: bool
) -> int:
    """Make ``s`` a slice waiting for copying; returns the number of blocks left to copy.

    With ``full`` false the slice's JRM map is used when it can be trusted; otherwise every
    region is marked. The slice goes to COPY when the volume is started, else stays INVALID
    until the volume is started.
    """
    path = ws.jrm_map_path(s.id)
    jmap = None if full else JrmMap.open(path, s.id, layout.regions)
    if jmap is None:
        jmap = JrmMap.create(path, s.id, layout.regions, dirty=True)
    with jmap:
        remaining = jmap.dirty_count() * REGION_BLOCKS
    # Resuming an interrupted copy keeps its total, so progress goes on from where it stopped.
    total = s.copy_total if s.state is SliceState.INVALID and s.copy_total >= remaining else remaining
    state = SliceState.COPY if layout.started else SliceState.INVALID
    conn.execute(
        "UPDATE slices SET state = ?, access_mode = NULL, copy_total = ?, copy_done = ?, copy_rate = 0,"
        " copy_request = NULL WHERE id = ?",
        (state.value, total, total - remaining, s.id),
    )
    return remaining


def invalidate_slice(ws: Workspace, layout: VolumeLayout, s: SliceLayout, reason: str, source: str) -> None:
    """Take a slice whose disk failed out of the volume's valid copies (full copy needed later)."""
    JrmMap.create(ws.jrm_map_path(s.id), s.id, layout.regions, dirty=True).close()
    with ws.store.write() as conn:
        row = conn.execute("SELECT state FROM slices WHERE id = ?", (s.id,)).fetchone()
        if row is None or row["state"] not in (SliceState.ACTIVE.value, SliceState.COPY.value):
            return
        conn.execute(
            "UPDATE slices SET state = 'INVALID', copy_total = ?, copy_done = 0, copy_rate = 0,"
            " copy_request = NULL WHERE id = ?",
            (layout.regions * REGION_BLOCKS, s.id),
        )
        conn.execute("UPDATE disks SET status = 'DISABLE' WHERE id = (SELECT disk_id FROM slices WHERE id = ?)",
                     (s.id,))
        ws.store.log(
            conn, source, "slice-failed",
            f"slice {s.disk}.{layout.name} is INVALID: disk {s.disk} ({s.device}) failed: {reason};"
            f" disk {s.disk} is DISABLE",
            class_name=layout.class_name, obj=f"{s.disk}.{layout.name}", severity="ERROR",
        )
        if not conn.execute(
            "SELECT 1 FROM slices WHERE volume_id = ? AND state = 'ACTIVE'", (layout.id,)
        ).fetchone():
            ws.store.log(
                conn, source, "volume-invalid",
                f"volume {layout.name} is INVALID: no valid slice is left (last one lost on disk {s.disk})",
                class_name=layout.class_name, obj=layout.name, severity="ERROR",
            )


def stop_copy(
    ws: Workspace, conn: sqlite3.Connection, layout: VolumeLayout, s: SliceLayout, *, cancel: bool,
    done_blocks: int, source: str,
) -> bool:
    """End copying into ``s`` on request: INVALID, resumable (interrupt) or from zero (cancel).

    The caller holds the volume's whole-range lock. Returns False when the slice was not in COPY.
    """
    if cancel:
        path = ws.jrm_map_path(s.id)
        jmap = JrmMap.open(path, s.id, layout.regions) or JrmMap.create(path, s.id, layout.regions, dirty=True)
        with jmap:
            jmap.fill()
    total = layout.regions * REGION_BLOCKS if cancel else None
    cur = conn.execute(
        "UPDATE slices SET state = 'INVALID', copy_request = NULL, copy_rate = 0, copy_done = ?,"
        " copy_total = COALESCE(?, copy_total) WHERE id = ? AND state = 'COPY'",
        (0 if cancel else done_blocks, total, s.id),
    )
    if cur.rowcount:
        word = "cancelled" if cancel else "interrupted"
        ws.store.log(
            conn, source, f"copy-{word}",
            f"copying into {s.disk}.{layout.name} {word}"
            + ("" if cancel else f" at {done_blocks} blocks; sdxcopy -B resumes it"),
            class_name=layout.class_name, obj=f"{s.disk}.{layout.name}", severity="WARNING",
        )
    return bool(cur.rowcount)
