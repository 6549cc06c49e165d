"""``sdxattr``: change the attributes of a class (-C), disk (-D), group (-G), volume (-V) or slice (-S)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from ..core.errors import SdxError
from ..core.model import AccessMode
from ..core.names import check_name
from ..core.policy import rules
from .common import close, info, open_manager, require_class, run_command
from .options import Command, Operation, Parsed, UsageError, choice, on_off, parse_attrs, slice_name

CMD = "sdxattr"
COMMAND = Command(
    CMD,
    (
        Operation("C", "sdxattr -C -c class -a name=classname", "ca"),
        Operation("D", "sdxattr -D -c class -d disk -a name=diskname", "cda"),
        Operation("G", "sdxattr -G -c class -g group -a name=groupname", "cga"),
        Operation("S", "sdxattr -S -c class -s disk.volume -a jrm=off,mode=rw|ro", "csa"),
        Operation("V", "sdxattr -V -c class -v volume -a jrm=on|off,name=volumename", "cva"),
    ),
    with_value="cdgsva",
)


def _name(kind: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            return check_name(value, kind)
        except SdxError as e:
            raise ValueError(f"a {kind} name ({e.text})") from None

    return check


#: the attributes each object takes, as GDS's sdxattr names them (those gdsview models)
SCHEMAS: dict[str, dict[str, Callable[[str], object] | None]] = {
    "C": {"name": _name("class")},
    "D": {"name": _name("disk")},
    "G": {"name": _name("group")},
    "S": {"jrm": on_off, "mode": choice("rw", "ro")},
    "V": {"jrm": on_off, "name": _name("volume")},
}


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(COMMAND, argv, _main)


def _main(opts: Parsed, class_name: str) -> int:
    op = opts.operation.letter
    attrs = parse_attrs(opts["a"], "a", SCHEMAS[op])
    if op == "S" and attrs.get("jrm") is True:
        raise UsageError("-S takes jrm=off only: a detached slice's JRM can be turned off, not on")
    manager = open_manager(CMD)
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        if op == "C":
            _check(rules.change_class_attributes(snap, class_name, attrs))
            manager.change_class_attributes(class_name, name=_str(attrs.get("name")))
            obj = str(attrs.get("name", class_name))
        elif op == "D":
            disk = check_name(opts["d"], "disk")
            _check(rules.change_disk_attributes(snap, class_name, disk, attrs))
            manager.change_disk_attributes(class_name, disk, name=_str(attrs.get("name")))
            obj = str(attrs.get("name", disk))
        elif op == "G":
            group = check_name(opts["g"], "group")
            _check(rules.change_group_attributes(snap, class_name, group, attrs))
            manager.change_group_attributes(class_name, group, name=_str(attrs.get("name")))
            obj = str(attrs.get("name", group))
        elif op == "V":
            volume = check_name(opts["v"], "volume")
            _check(rules.change_volume_attributes(snap, class_name, volume, attrs))
            jrm = attrs.get("jrm")
            manager.change_volume_attributes(class_name, volume, jrm=None if jrm is None else bool(jrm),
                                             name=_str(attrs.get("name")))
            obj = str(attrs.get("name", volume))
        else:
            disk, volume = slice_name(opts["s"])
            mode = AccessMode(str(attrs["mode"])) if "mode" in attrs else None
            _check(rules.change_slice_attributes(snap, class_name, disk, volume, {**attrs, "mode": mode}))
            manager.change_slice_attributes(class_name, disk, volume, jrm=False if "jrm" in attrs else None,
                                            mode=mode)
            obj = f"{disk}.{volume}"
    finally:
        close(manager)
    info(CMD, "attributes changed: " + ", ".join(f"{k}={_shown(v)}" for k, v in attrs.items()), obj)
    return 0


def _check(refusal: SdxError | None) -> None:
    if refusal is not None:
        raise refusal


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _shown(value: object) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


if __name__ == "__main__":
    sys.exit(main())
