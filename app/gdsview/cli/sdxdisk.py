"""``sdxdisk``: register (-M), remove (-R), connect (-C) and disconnect (-D) disks."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import SdxError
from ..core.names import check_name
from ..core.policy import rules
from .common import close, info, open_manager, require_class, run_command, run_copies
from .options import FLAG, Command, Operation, Parsed, choice, name_list, parse_attrs

CMD = "sdxdisk"
COMMAND = Command(
    CMD,
    (
        Operation("M", "sdxdisk -M -c class [-a type=local|shared,scope=node[:node:...]] "
                       "-d device=disk[,device=disk,...]", "cd", "a"),
        Operation("R", "sdxdisk -R -c class -d disk[,disk,...]", "cd"),
        Operation("C", "sdxdisk -C -c class -g group -d disk[,disk,...] [-e waitsync]", "cgd", "e"),
        Operation("D", "sdxdisk -D -c class -g group -d disk", "cgd"),
    ),
    with_value="cdgea",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _main(opts: Parsed, class_name: str) -> int:
    op = opts.operation.letter
    class_type, scope = _class_attrs(opts["a"]) if "a" in opts else (None, None)
    if op == "M":
        pairs = _device_disk_pairs(opts["d"])
    elif op == "D":
        disks = [check_name(opts["d"], "disk")]
    else:
        disks = name_list(opts["d"], "disk", "d")
    group = check_name(opts["g"], "group") if "g" in opts else ""
    wait = bool(parse_attrs(opts["e"], "e", {"waitsync": FLAG}).get("waitsync")) if "e" in opts else False
    manager = open_manager(CMD)
    try:
        if op == "M":
            snap = manager.snapshot()
            if snap.class_info(class_name) is None:
                _check(rules.new_class(snap, class_name, class_type or "local", scope or (manager.node,)))
            else:
                _check(rules.same_class(snap, class_name, class_type, scope))
            for device, disk in pairs:  # check them all first: a refused list changes nothing
                _check(rules.register_disk(snap, class_name, device, disk))
            if not any(c.name == class_name for c in snap.classes):
                info(CMD, "class created", class_name)
            for device, disk in pairs:
                manager.register_disk(class_name, device, disk, class_type=class_type, scope=scope)
                info(CMD, f"physical disk {device} registered in class {class_name}", disk)
            return 0
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        if op == "R":
            for disk in disks:
                _check(rules.remove_disk(snap, class_name, disk))
            for disk in disks:
                manager.remove_disk(class_name, disk)
                info(CMD, f"disk removed from class {class_name}", disk)
            if not manager.snapshot(class_name).classes:
                info(CMD, "class removed with its last disk", class_name)
        elif op == "C":
            for disk in disks:
                _check(rules.connect_disk(snap, class_name, group, disk))
            for disk in disks:
                manager.connect_disk(class_name, group, disk)
                info(CMD, f"disk connected to group {group}", disk)
            copies = manager.launcher.take()
            if copies and not wait:
                names = ", ".join(v for _, v in copies)
                info(CMD, f"synchronization copying of {names} started in the background", group)
            run_copies(manager, CMD, wait, copies)
        else:  # D
            manager.disconnect_disk(class_name, group, disks[0])
            info(CMD, f"disk disconnected from group {group}", disks[0])
    finally:
        close(manager)
    return 0


def _check(refusal: SdxError | None) -> None:
    if refusal is not None:
        raise refusal


def _class_attrs(text: str) -> tuple[str | None, tuple[str, ...] | None]:
    """``-a type=shared,scope=node1:node2``: the attributes of a class being made."""
    attrs = parse_attrs(text, "a", {"type": choice("local", "shared"), "scope": str})
    scope = None
    if "scope" in attrs:
        scope = tuple(str(attrs["scope"]).split(":"))
        for node in scope:
            check_name(node, "node")
    class_type = str(attrs["type"]) if "type" in attrs else ("shared" if scope and len(scope) > 1 else None)
    return class_type, scope


def _device_disk_pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for item in text.split(","):
        device, eq, disk = item.partition("=")
        if not eq or not device or not disk:
            raise SdxError(f"invalid -d item '{item}': expected device=disk, e.g. sdc=Disk3")
        if ":" in disk:
            raise SdxError(f"disk types are not supported in -d ('{item}'): every disk becomes a mirror disk")
        pairs.append((check_name(device, "physical disk"), check_name(disk, "disk")))
    for i, (device, disk) in enumerate(pairs):
        if any(d == device for d, _ in pairs[:i]):
            raise SdxError("physical disk named twice in -d", device)
        if any(n == disk for _, n in pairs[:i]):
            raise SdxError("disk named twice in -d", disk)
    return pairs


if __name__ == "__main__":
    sys.exit(main())
