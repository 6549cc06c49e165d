"""Where a volume's slices live: the rows the I/O path and the copy engine need, read at once."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..errors import SdxError
from ..model import AccessMode, SliceState
from ..names import BLOCK
from .jrm import REGION_SIZE


@dataclass(frozen=True)
class SliceLayout:
    id: int
    disk: str
    device: str
    state: SliceState
    access_mode: AccessMode | None
    jrm: bool
    copy_total: int
    copy_request: str | None
    temp_node: str | None = None  # detached: the node where it is TEMP (its access path opens there only)

    def tracks_changes(self) -> bool:
        """True when writes that skip this slice must be recorded in its JRM map."""
        if self.state is SliceState.INVALID:
            return True
        return self.state in (SliceState.TEMP, SliceState.TEMP_STOP) and self.jrm


@dataclass(frozen=True)
class VolumeLayout:
    id: int
    class_name: str
    group: str
    name: str
    first_block: int
    blocks: int
    started: bool
    jrm: bool
    copy_delay_ms: int
    slices: tuple[SliceLayout, ...]
    online_node: str | None = None  # the node the volume runs on (its class's), None: on no node
    node_up: bool = True  # that node is UP

    @property
    def offset(self) -> int:
        """Byte offset of the volume's slices on every member disk."""
        return self.first_block * BLOCK

    @property
    def size(self) -> int:
        return self.blocks * BLOCK

    @property
    def regions(self) -> int:
        return -(-self.size // REGION_SIZE)

    def slice(self, disk: str) -> SliceLayout:
        for s in self.slices:
            if s.disk == disk:
                return s
        raise SdxError("no such slice", f"{disk}.{self.name}")

    def valid_slices(self) -> list[SliceLayout]:
        return [s for s in self.slices if s.state is SliceState.ACTIVE]


def load_layout(conn: sqlite3.Connection, class_name: str, volume: str) -> VolumeLayout:
    row = conn.execute(
        "SELECT v.id, g.name AS grp, v.first_block, v.blocks, v.started, v.jrm, v.copy_delay_ms, c.online_node,"
        " COALESCE((SELECT n.state FROM nodes n WHERE n.name = c.online_node), 'DOWN') AS node_state"
        " FROM volumes v JOIN classes c ON c.id = v.class_id JOIN groups g ON g.id = v.group_id"
        " WHERE c.name = ? AND v.name = ?",
        (class_name, volume),
    ).fetchone()
    if row is None:
        raise SdxError("no such volume", volume)
    slices = tuple(
        SliceLayout(
            id=r["id"],
            disk=r["disk"],
            device=r["device"],
            state=SliceState(r["state"]),
            access_mode=AccessMode(r["access_mode"]) if r["access_mode"] else None,
            jrm=bool(r["jrm"]),
            copy_total=r["copy_total"],
            copy_request=r["copy_request"],
            temp_node=r["temp_node"],
        )
        for r in conn.execute(
            "SELECT s.id, d.name AS disk, d.device, s.state, s.access_mode, s.jrm, s.copy_total,"
            " s.copy_request, s.temp_node FROM slices s JOIN disks d ON d.id = s.disk_id"
            " WHERE s.volume_id = ? ORDER BY d.id",
            (row["id"],),
        )
    )
    return VolumeLayout(
        id=row["id"],
        class_name=class_name,
        group=row["grp"],
        name=volume,
        first_block=row["first_block"],
        blocks=row["blocks"],
        started=bool(row["started"]),
        jrm=bool(row["jrm"]),
        copy_delay_ms=row["copy_delay_ms"],
        slices=slices,
        online_node=row["online_node"],
        node_up=row["node_state"] == "UP",
    )
