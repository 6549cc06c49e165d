"""A consistency check of the configuration database: what damage, if any, it holds."""

from __future__ import annotations

import sqlite3

from ..model import DiskStatus, SliceState
from ..names import NAME_RULE
from .workspace import Workspace


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
