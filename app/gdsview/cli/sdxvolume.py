"""``sdxvolume``: make (-M), start (-N), stop (-F) and remove (-R) volumes."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import SdxError
from ..core.names import BLOCK, check_name, human_size, parse_size
from ..core.policy import rules
from ..core.storage.jrm import REGION_SIZE
from .common import close, info, open_manager, require_class, run_command, run_copies
from .options import FLAG, Command, Operation, Parsed, name_list, on_off, parse_attrs

CMD = "sdxvolume"
COMMAND = Command(
    CMD,
    (
        Operation("M", "sdxvolume -M -c class -g group -v volume -s size [-a jrm=on|off]"
                       "  (size in 512-byte blocks, or 512M, 1G)", "cgvs", "a"),
        Operation("N", "sdxvolume -N -c class -v volume[,volume,...] [-e waitsync]", "cv", "e"),
        Operation("F", "sdxvolume -F -c class -v volume[,volume,...]", "cv"),
        Operation("R", "sdxvolume -R -c class -v volume", "cv"),
    ),
    with_value="cgvsae",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _main(opts: Parsed, class_name: str) -> int:
    op = opts.operation.letter
    if op == "M":
        group = check_name(opts["g"], "group")
        volume = check_name(opts["v"], "volume")
        nbytes = parse_size(opts["s"], default_unit=BLOCK)
        blocks = asked = -(-nbytes // BLOCK)
        asked_text = f"{asked} blocks asked for" if nbytes % BLOCK == 0 else f"{nbytes} bytes asked for"
        jrm = bool(parse_attrs(opts["a"], "a", {"jrm": on_off}).get("jrm", True)) if "a" in opts else True
    elif op == "R":
        if "," in opts["v"]:
            raise SdxError(f"-R removes one volume at a time: {opts.operation.synopsis}")
        volumes = [check_name(opts["v"], "volume")]
    else:
        volumes = name_list(opts["v"], "volume", "v")
    wait = bool(parse_attrs(opts["e"], "e", {"waitsync": FLAG}).get("waitsync")) if "e" in opts else False
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        if op == "M":
            made = manager.create_volume(class_name, group, volume, blocks, jrm=jrm)
            rounded = "" if made.blocks == asked else (
                f", rounded up from the {asked_text}: a volume is made of whole {REGION_SIZE >> 20} MiB regions")
            info(CMD, f"volume created and started: {made.blocks} blocks ({human_size(made.size_bytes)}){rounded}",
                 volume)
            return 0
        rule = {"N": rules.start_volume, "F": rules.stop_volume, "R": rules.remove_volume}[op]
        for v in volumes:  # check every volume first: a refused list changes nothing
            refusal = rule(snap, class_name, v)
            if refusal is not None:
                raise refusal
        for v in volumes:
            if op == "N":
                manager.start_volume(class_name, v)
                info(CMD, "volume started", v)
            elif op == "F":
                manager.stop_volume(class_name, v)
                info(CMD, "volume stopped", v)
            else:
                manager.remove_volume(class_name, v)
                info(CMD, "volume removed", v)
        if op == "N":
            copies = manager.launcher.take()
            if copies and not wait:
                for _, v in copies:
                    info(CMD, "synchronization copying started in the background", v)
            run_copies(manager, CMD, wait, copies)
    finally:
        close(manager)
    return 0


if __name__ == "__main__":
    sys.exit(main())
