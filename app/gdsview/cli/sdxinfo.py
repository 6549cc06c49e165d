"""``sdxinfo``: the configuration as GDS column tables (-C classes, -D disks, -G groups, -V volumes,
-S slices), optionally of one class (-c) or about one object (-o), with more columns (-e long)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.errors import SdxError
from ..core.model import DETACHED_STATES, SliceInfo, Snapshot
from ..core.names import check_name, node_name
from ..core.storage.snapshot import PRIVATE_BLOCKS
from .common import close, open_manager, require_class, run, warn_if_empty
from .manpage import print_page, version_line
from .options import getopt_gds, parse_attrs, wants_help, wants_version
from .table import format_table

CMD = "sdxinfo"
TYPES = "CDGVS"
USAGE = "usage: sdxinfo [-ACDGVS] [-c class] [-o object] [-e long]"

HEADERS = {
    "C": ["OBJ", "NAME", "TYPE", "SCOPE", "SPARE"],
    "D": ["OBJ", "NAME", "TYPE", "CLASS", "GROUP", "DEVNAM", "DEVBLKS", "DEVCONNECT", "STATUS"],
    "G": ["OBJ", "NAME", "CLASS", "DISKS", "BLKS", "FREEBLKS", "SPARE"],
    "V": ["OBJ", "NAME", "CLASS", "GROUP", "SKIP", "JRM", "1STBLK", "LASTBLK", "BLOCKS", "STATUS"],
    "S": ["OBJ", "CLASS", "GROUP", "DISK", "VOLUME", "STATUS"],
}
LONG_HEADERS = {
    "V": ["DELAY"],
    "S": ["MODE", "JRM", "CPSTAT", "PROGRESS", "RATE"],
}


def main(argv: Sequence[str] | None = None) -> int:
    return run(CMD, argv, _main)


def _main(argv: list[str]) -> int:
    if wants_help(argv):
        print_page(CMD)
        return 0
    if wants_version(argv):
        print(version_line(CMD))
        return 0
    pairs = getopt_gds(argv, "ACDGVSc:o:e:", f"{USAGE}; run 'sdxinfo --help' for the manual page")
    letters = [letter for letter, _ in pairs]
    values = dict(pairs)
    long = bool(parse_attrs(values["e"], "e", {"long": None}).get("long")) if "e" in values else False
    class_name = check_name(values["c"], "class") if "c" in values else None
    obj = values.get("o")
    types = [t for t in TYPES if t in letters]
    if "A" in letters or not types:
        types = list(TYPES)
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        if class_name is None:
            warn_if_empty(CMD, manager, snap)
        else:
            require_class(snap, class_name, manager.ws)
    finally:
        close(manager)
    print("\n\n".join("\n".join(lines) for lines in render(snap, types, class_name, obj, long)))
    return 0


def render(snap: Snapshot, types: Sequence[str], class_name: str | None = None, obj: str | None = None,
           long: bool = False, node: str | None = None) -> list[list[str]]:
    """The lines of each requested table, in the order of ``types``."""
    if class_name is not None and not any(c.name == class_name for c in snap.classes):
        raise SdxError("no such class", class_name)
    sel = select(snap, obj) if obj is not None else None
    node = node or snap.node or node_name()
    tables = []
    for t in types:
        rows = _ROWS[t](snap, sel, node, long)
        tables.append(format_table(HEADERS[t] + (LONG_HEADERS.get(t, []) if long else []), rows))
    return tables


@dataclass
class Selection:
    """The objects related to the one named by ``-o``, per table."""

    classes: set[str] = field(default_factory=set)
    disks: set[tuple[str, str]] = field(default_factory=set)
    groups: set[tuple[str, str]] = field(default_factory=set)
    volumes: set[tuple[str, str]] = field(default_factory=set)
    extents: set[tuple[str, str]] = field(default_factory=set)  # groups whose PRIVATE/FREE rows show
    slices: set[tuple[str, str, str]] = field(default_factory=set)


def select(snap: Snapshot, obj: str) -> Selection:
    """Everything ``obj`` (a disk, group, volume or slice ``disk.volume``) is about."""
    sel = Selection()
    found = False
    if "." in obj:
        disk, _, volume = obj.partition(".")
        for s in snap.slices:
            if s.disk == disk and s.volume == volume:
                found = True
                sel.classes.add(s.class_name)
                sel.disks.add((s.class_name, s.disk))
                sel.groups.add((s.class_name, s.group))
                sel.volumes.add((s.class_name, s.volume))
                sel.slices.add((s.class_name, s.disk, s.volume))
    else:
        for d in snap.disks:
            if d.name == obj:
                found = True
                sel.classes.add(d.class_name)
                sel.disks.add((d.class_name, d.name))
                if d.group:
                    sel.groups.add((d.class_name, d.group))
                for s in snap.slices:
                    if s.class_name == d.class_name and s.disk == d.name:
                        sel.volumes.add((s.class_name, s.volume))
                        sel.slices.add((s.class_name, s.disk, s.volume))
        for g in snap.groups:
            if g.name == obj:
                found = True
                sel.classes.add(g.class_name)
                sel.groups.add((g.class_name, g.name))
                sel.extents.add((g.class_name, g.name))
                sel.disks.update((g.class_name, d) for d in g.disks)
                for v in snap.volumes:
                    if v.class_name == g.class_name and v.group == g.name:
                        sel.volumes.add((v.class_name, v.name))
                        sel.slices.update(
                            (s.class_name, s.disk, s.volume) for s in snap.slices_of(v.class_name, v.name)
                        )
        for v in snap.volumes:
            if v.name == obj:
                found = True
                sel.classes.add(v.class_name)
                sel.groups.add((v.class_name, v.group))
                sel.volumes.add((v.class_name, v.name))
                for s in snap.slices_of(v.class_name, v.name):
                    sel.disks.add((s.class_name, s.disk))
                    sel.slices.add((s.class_name, s.disk, s.volume))
    if not found:
        raise SdxError("no such object", obj)
    return sel


# -- rows ---------------------------------------------------------------------------------------
def _class_rows(snap: Snapshot, sel: Selection | None, node: str, long: bool) -> list[list[str]]:
    return [["class", c.name, c.type, c.scope_text or node, "0"] for c in snap.classes
            if sel is None or c.name in sel.classes]


def _disk_rows(snap: Snapshot, sel: Selection | None, node: str, long: bool) -> list[list[str]]:
    scope = {c.name: c.scope_text for c in snap.classes}  # DEVCONNECT: the nodes the disk is connected to
    return [
        ["disk", d.name, d.type, d.class_name, d.group or "*", d.device, str(d.blocks), scope.get(d.class_name) or node,
         str(d.status)]
        for d in snap.disks
        if sel is None or (d.class_name, d.name) in sel.disks
    ]


def _group_rows(snap: Snapshot, sel: Selection | None, node: str, long: bool) -> list[list[str]]:
    return [
        ["group", g.name, g.class_name, ":".join(g.disks), str(g.blocks), str(g.free_blocks), "0"]
        for g in snap.groups
        if sel is None or (g.class_name, g.name) in sel.groups
    ]


def _volume_rows(snap: Snapshot, sel: Selection | None, node: str, long: bool) -> list[list[str]]:
    """Per group, in block order: the PRIVATE area, the volumes and the FREE extents."""
    rows = []
    extra = ["*"] if long else []
    for g in snap.groups:
        key = (g.class_name, g.name)
        extents = (sel is None or key in sel.extents) and g.blocks > 0
        volumes = sorted(
            (v for v in snap.volumes if v.class_name == g.class_name and v.group == g.name),
            key=lambda v: v.first_block,
        )
        if extents:
            end = min(PRIVATE_BLOCKS, g.blocks)
            rows.append(_extent_row(g.class_name, g.name, 0, end, "PRIVATE") + extra)
        position = PRIVATE_BLOCKS
        for v in volumes:
            if extents and v.first_block > position:
                rows.append(_extent_row(g.class_name, g.name, position, v.first_block, "FREE") + extra)
            position = max(position, v.first_block + v.blocks)
            if sel is None or (v.class_name, v.name) in sel.volumes:
                rows.append(
                    ["volume", v.name, v.class_name, v.group, "off", "on" if v.jrm else "off",
                     str(v.first_block), str(v.last_block), str(v.blocks), str(v.status)]
                    + ([str(v.copy_delay_ms)] if long else [])
                )
        if extents and g.blocks > position:
            rows.append(_extent_row(g.class_name, g.name, position, g.blocks, "FREE") + extra)
    return rows


def _extent_row(class_name: str, group: str, first: int, end: int, status: str) -> list[str]:
    return ["volume", "*", class_name, group, "*", "*", str(first), str(end - 1), str(end - first), status]


def _slice_rows(snap: Snapshot, sel: Selection | None, node: str, long: bool) -> list[list[str]]:
    rows = []
    for s in snap.slices:
        if sel is not None and (s.class_name, s.disk, s.volume) not in sel.slices:
            continue
        row = ["slice", s.class_name, s.group, s.disk, s.volume, str(s.status)]
        if long:
            row += _slice_long(s)
        rows.append(row)
    return rows


def _slice_long(s: SliceInfo) -> list[str]:
    detached = s.state in DETACHED_STATES
    mode = str(s.access_mode) if detached and s.access_mode else "*"
    jrm = ("on" if s.jrm else "off") if detached else "*"
    cp = s.copy
    if cp is not None and cp.running:
        cpstat = "running"
    elif cp is not None and cp.done_blocks > 0:
        cpstat = "interrupted"  # stopped part way (sdxcopy -I, a stopped volume, a worker that died)
    else:
        cpstat = "*"
    if cp is not None:
        progress = f"{cp.done_blocks}/{cp.total_blocks}({int(cp.fraction * 100)}%)"
    else:
        progress = "*"
    rate = f"{cp.rate_bps / (1 << 20):.1f}MiB/s" if cp is not None and cp.running else "*"
    return [mode, jrm, cpstat, progress, rate]


_ROWS = {"C": _class_rows, "D": _disk_rows, "G": _group_rows, "V": _volume_rows, "S": _slice_rows}


if __name__ == "__main__":
    sys.exit(main())
