"""``sdxswap``: take a disk out for replacement (-O, swap out) and put the replacement in (-I, swap in)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.names import check_name
from ..core.policy import rules
from .common import close, info, open_manager, require_class, run_command, run_copies
from .options import FLAG, Command, Operation, Parsed, int_range, parse_attrs

CMD = "sdxswap"
MAX_DELAY_MS = 1_000_000
COMMAND = Command(
    CMD,
    (
        Operation("I", "sdxswap -I -c class -d disk [-e delay=msec,nowaitsync]", "cd", "e"),
        Operation("O", "sdxswap -O -c class -d disk", "cd"),
    ),
    with_value="cde",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _main(opts: Parsed, class_name: str) -> int:
    disk = check_name(opts["d"], "disk")
    extra = (parse_attrs(opts["e"], "e", {"delay": int_range(0, MAX_DELAY_MS), "nowaitsync": FLAG})
             if "e" in opts else {})
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        if opts.operation.letter == "O":
            refusal = rules.swap_out_disk(snap, class_name, disk)
            if refusal is not None:
                raise refusal
            volumes = manager.swap_out_disk(class_name, disk)
            info(CMD, "disk swapped out (SWAP)" + (f"; its slices of {', '.join(volumes)} are NOUSE" if volumes
                                                    else "") + "; replace it, then restore it with sdxswap -I", disk)
            return 0
        refusal = rules.swap_in_disk(manager.snapshot(), class_name, disk)  # with the physical disks
        if refusal is not None:
            raise refusal
        copying = manager.swap_in_disk(class_name, disk)
        copies = manager.launcher.take()
        if "delay" in extra:  # before the copy starts: the deferred launcher has not run it yet
            for volume in copying:
                manager.set_copy_delay(class_name, volume, int(extra["delay"]))
        wait = not extra.get("nowaitsync")
        info(CMD, "disk restored (ENABLE)" + (
            f"; synchronization copying of {', '.join(copying)} started" + ("" if wait else " in the background")
            if copying else ""), disk)
        run_copies(manager, CMD, wait, copies)
    finally:
        close(manager)
    return 0


if __name__ == "__main__":
    sys.exit(main())
