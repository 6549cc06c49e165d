"""``sdxslice``: detach (-M), attach (-R), stop (-F) and activate (-N) mirror slices."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import SdxError
from ..core.model import AccessMode
from ..core.names import access_path, check_name
from ..core.policy import rules
from ..core.policy.manager import VolumeManager
from .common import close, info, open_manager, require_class, run_command, run_copies
from .options import FLAG, Command, Operation, Parsed, choice, int_range, name_list, on_off, parse_attrs, slice_name

CMD = "sdxslice"
MAX_DELAY_MS = 1_000_000
COMMAND = Command(
    CMD,
    (
        Operation("M", "sdxslice -M -c class -d disk -v volume[,volume,...] [-a jrm=on|off,mode=rw|ro]",
                  "c", "dvsa"),
        Operation("R", "sdxslice -R -c class {-d disk -v volume[,...] | -s disk.volume[,...]}"
                       " [-e delay=msec,waitsync]", "c", "dvse"),
        Operation("F", "sdxslice -F -c class {-s disk.volume[,...] | -d disk -v volume[,...]}", "c", "dvs"),
        Operation("N", "sdxslice -N -c class {-s disk.volume[,...] | -d disk -v volume[,...]}", "c", "dvs"),
    ),
    with_value="cdvsae",
)
RULES = {"M": rules.detach_slice, "R": rules.attach_slice, "F": rules.stop_slice, "N": rules.activate_slice}


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _slices(opts: Parsed) -> list[tuple[str, str]]:
    """The (disk, volume) pairs named by ``-s D.V[,...]`` or by ``-d D -v V[,...]``."""
    synopsis = opts.operation.synopsis
    if "s" in opts:
        if "d" in opts or "v" in opts:
            raise SdxError(f"-s cannot be used with -d or -v: {synopsis}")
        pairs = [slice_name(item) for item in opts["s"].split(",")]
        dup = next((p for i, p in enumerate(pairs) if p in pairs[:i]), None)
        if dup is not None:
            raise SdxError("slice named twice in -s", ".".join(dup))
        return pairs
    if "d" not in opts or "v" not in opts:
        raise SdxError(f"-{opts.operation.letter} needs -d and -v, or -s: {synopsis}")
    disk = check_name(opts["d"], "disk")
    return [(disk, v) for v in name_list(opts["v"], "volume", "v")]


def _main(opts: Parsed, class_name: str) -> int:
    op = opts.operation.letter
    if op == "M" and "s" in opts:
        raise SdxError(f"-M takes -d and -v: {opts.operation.synopsis}")
    slices = _slices(opts)
    attrs = parse_attrs(opts["a"], "a", {"jrm": on_off, "mode": choice("rw", "ro")}) if "a" in opts else {}
    extra = (parse_attrs(opts["e"], "e", {"delay": int_range(0, MAX_DELAY_MS), "waitsync": FLAG})
             if "e" in opts else {})
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        for disk, volume in slices:  # check every slice first: a refused list changes nothing
            refusal = RULES[op](snap, class_name, disk, volume)
            if refusal is not None:
                raise refusal
        if op == "M":
            mode = AccessMode(attrs.get("mode", "rw"))
            for disk, volume in slices:
                where = manager.detach_slice(class_name, disk, volume, jrm=bool(attrs.get("jrm", True)), mode=mode)
                info(CMD, f"slice detached; access path {where}", f"{disk}.{volume}")
        elif op == "R":
            _attach(manager, class_name, slices, extra)
        elif op == "F":
            for disk, volume in slices:
                manager.stop_slice(class_name, disk, volume)
                info(CMD, "slice stopped (TEMP-STOP): its access path cannot be opened", f"{disk}.{volume}")
        else:
            for disk, volume in slices:
                manager.activate_slice(class_name, disk, volume)
                info(CMD, f"slice activated (TEMP); access path {access_path(class_name, disk, volume)}",
                     f"{disk}.{volume}")
    finally:
        close(manager)
    return 0


def _attach(manager: VolumeManager, class_name: str, slices: list[tuple[str, str]], extra: dict) -> None:
    wait = bool(extra.get("waitsync"))
    for disk, volume in slices:
        started = manager.attach_slice(class_name, disk, volume)
        if not started:
            info(CMD, "slice attached; synchronization copying runs when the volume is started",
                 f"{disk}.{volume}")
        elif not wait:
            info(CMD, "slice attached; synchronization copying started in the background", f"{disk}.{volume}")
        else:
            info(CMD, "slice attached; synchronization copying started", f"{disk}.{volume}")
    copies = manager.launcher.take()
    if "delay" in extra:  # before the copy starts: the deferred launcher has not run it yet
        for volume in dict.fromkeys(v for _, v in slices):
            manager.set_copy_delay(class_name, volume, int(extra["delay"]))
    run_copies(manager, CMD, wait, copies)


if __name__ == "__main__":
    sys.exit(main())
