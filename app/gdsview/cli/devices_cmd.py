"""``gdsview devices up [--group NAME] | down [--force] | status``: the device server."""

from __future__ import annotations

import argparse
import grp

from ..core.errors import SdxError
from ..core.storage.snapshot import load_snapshot
from ..core.storage.workspace import Workspace
from .common import info
from .table import print_table

CMD = "gdsview"


def add_parser(sub, parser_class) -> None:
    devices = sub.add_parser("devices", help="volumes and access paths as files that mkfs, mount, fsck, dd use",
                             description="The device server: every started volume /dev/sfdsk/<class>/dsk/<volume> "
                                         "and every detached slice's access path .../<disk>.<volume> as a file "
                                         "(as root in /dev/sfdsk, else under the workspace).")
    action = devices.add_subparsers(dest="devices_command", metavar="ACTION", parser_class=parser_class,
                                    required=True)
    up = action.add_parser("up", help="start the device server in the background")
    up.add_argument("--group", metavar="NAME", help="a group whose members may also read and write the devices "
                    "(mode 0660; default: root only, mode 0600)")
    down = action.add_parser("down", help="stop the device server (refused while a device is mounted or open)")
    down.add_argument("--force", action="store_true",
                      help="unmount the file systems on the devices and detach their loop devices first")
    action.add_parser("status", help="whether the server runs, where the devices are, what is mounted")


def dispatch(args: argparse.Namespace) -> int | None:
    if args.command != "devices":
        return None
    try:
        from ..devices import control
    except ImportError as e:  # pyfuse3 is missing (the server imports it, control does not)
        raise SdxError(f"the device server is not available: {e}") from None
    ws = Workspace(args.workspace)
    try:
        if args.devices_command == "up":
            gid = _group_id(args.group) if args.group else 0
            st = control.up(ws, gid=gid)
            info(CMD, f"device server started (pid {st.pid}): volumes and access paths under {st.mountpoint}")
            return 0
        if args.devices_command == "down":
            done = control.down(ws, force=args.force)
            for line in done:
                info(CMD, line)
            if not done:
                info(CMD, "device server is not running")
            return 0
        return _status(ws, control)
    finally:
        ws.close()


def _group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise SdxError("no such group", name) from None


def _status(ws: Workspace, control) -> int:
    from ..devices.filesystems import device_uses

    st = control.status(ws)
    info(CMD, st.describe())
    if st.running:
        with ws.store.read() as conn:
            snap = load_snapshot(ws, conn, physical=False)
        rows = [[u.file, u.status, u.fstype or "*", "yes" if u.in_use else "no", ",".join(u.mounted_on) or "*"]
                for u in device_uses(ws, snap, st.mountpoint)]
        print_table(["DEVICE", "STATUS", "FSTYPE", "IN USE", "MOUNTED ON"], rows)
    return 0 if st.running else 3
