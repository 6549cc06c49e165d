"""``sdxcopy``: begin or resume (-B), cancel (-C), interrupt (-I) and throttle (-P) copying."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import SdxError
from ..core.policy import rules
from .common import close, info, open_manager, require_class, run_command, run_copies
from .options import FLAG, Command, Operation, Parsed, int_range, name_list, parse_attrs

CMD = "sdxcopy"
MAX_DELAY_MS = 1_000_000
COMMAND = Command(
    CMD,
    (
        Operation("B", "sdxcopy -B -c class -v volume[,volume,...] [-e delay=msec,nowaitsync]", "cv", "e"),
        Operation("C", "sdxcopy -C -c class -v volume[,volume,...]", "cv"),
        Operation("I", "sdxcopy -I -c class -v volume[,volume,...]", "cv"),
        Operation("P", "sdxcopy -P -c class -v volume[,volume,...] -e delay=msec", "cve"),
    ),
    with_value="cve",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _main(opts: Parsed, class_name: str) -> int:
    volumes = name_list(opts["v"], "volume", "v")
    op = opts.operation.letter
    schema = {"delay": int_range(0, MAX_DELAY_MS)}
    if op == "B":
        schema["nowaitsync"] = FLAG
    extra = parse_attrs(opts["e"], "e", schema) if "e" in opts else {}
    if op == "P" and "delay" not in extra:
        raise SdxError(f"-P needs -e delay=msec: {opts.operation.synopsis}")
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        for v in volumes:  # check every volume first: a refused list changes nothing
            if op == "B":
                refusal = rules.start_copy(snap, class_name, v)
            elif op in "CI":
                refusal = rules.cancel_copy(snap, class_name, v)
            else:
                refusal = None if snap.volume(class_name, v) else SdxError("no such volume", v)
            if refusal is not None:
                raise refusal
        if op == "B":
            for v in volumes:
                manager.start_copy(class_name, v)
            copies = manager.launcher.take()
            if "delay" in extra:  # before the copy runs: the deferred launcher has not started it yet
                for v in volumes:
                    manager.set_copy_delay(class_name, v, int(extra["delay"]))
            wait = not extra.get("nowaitsync")
            if not wait:
                for _, v in copies:
                    info(CMD, "synchronization copying started in the background", v)
            run_copies(manager, CMD, wait, copies)
        elif op in "CI":
            for v in volumes:
                manager.cancel_copy(class_name, v, interrupt=op == "I")
                info(CMD, "synchronization copying interrupted; 'sdxcopy -B' resumes it" if op == "I"
                     else "synchronization copying cancelled; the slice stays INVALID", v)
        else:
            for v in volumes:
                manager.set_copy_delay(class_name, v, int(extra["delay"]))
                info(CMD, f"copy delay set to {int(extra['delay'])} ms", v)
    finally:
        close(manager)
    return 0


if __name__ == "__main__":
    sys.exit(main())
