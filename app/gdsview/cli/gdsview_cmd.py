"""``gdsview``: the GUI (no subcommand, or ``gui``) and the lab tools.

    gdsview [--workspace DIR] [--node NODE] [--lang ja|en] [-- QT_OPTION...]   start GDS Management View
    gdsview --version
    gdsview [--workspace DIR] gui                   the same
    gdsview [--workspace DIR] --smoke-test          start it offscreen, check it shows Class1, exit 0
    gdsview [--workspace DIR] lab init [--demo | --empty] [--cluster] [--speed 180M|unlimited]
    gdsview [--workspace DIR] lab check [--lesson backup|switch] | lab reset
    gdsview [--workspace DIR] [--node NODE] cluster status | switch [-c CLASS] --to NODE | fail NODE | join NODE
    gdsview [--workspace DIR] backup ACCESS_PATH FILE;  gdsview verify-backup FILE
    gdsview [--workspace DIR] service start|stop|status -c CLASS -v VOLUME [--app builtin|postgresql|sqlite]
                                    [--clients N] [--rate N] [--pattern log|random]
    gdsview [--workspace DIR] service -c CLASS -v VOLUME [--app ...] [--seconds N]   (in the foreground)
    gdsview [--workspace DIR] disk create NAME [--size 1G] [--speed 180M|unlimited]
    gdsview [--workspace DIR] disk speed NAME 180M|unlimited
    gdsview [--workspace DIR] disk list
    gdsview [--workspace DIR] verify -c CLASS -v VOLUME[,VOLUME...]
    gdsview [--workspace DIR] dd if=... of=... [bs=512] [count=N] [skip=N] [seek=N] [conv=notrunc,fsync,fdatasync]
    gdsview [--workspace DIR] devices up [--group NAME] | down [--force] | status
    gdsview docs figures --out DIR [--scenario NAME|FILE] [--lang en] [--scale 1|2]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..core.engine.healing import recover_volume
from ..core.engine.verify import VerifyResult, verify_volume
from ..core.errors import SdxError
from ..core.names import BLOCK, check_name, human_size, parse_size
from ..core.storage.bandwidth import DEFAULT_SPEED, format_speed, parse_speed
from ..core.storage.cluster import ENV_NODE
from ..docs import cli as docs_cli
from ..lab.demo import DEMO_DISK_SIZE, init_lab
from . import cluster_cmd, devices_cmd, lab_cmds
from . import dd as dd_mod
from .common import close, info, open_manager, open_workspace, require_class, run, warn_if_empty
from .options import UsageError, name_list
from .table import print_table

CMD = "gdsview"


class _Parser(argparse.ArgumentParser):
    """argparse whose mistakes are a usage line and one SDX error (exit status 2), not its own exit."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(f"{message} (run '{self.prog} --help' for the usage)")


_SPEED_HELP = (f"the disks' bandwidth, such as 180M (MiB/s) or unlimited (default {format_speed(DEFAULT_SPEED)}, "
               "like a real disk; unlimited for benchmarks and tests)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=CMD, description="GDS Management View replica and its lab tools. "
                     "Without a command, starts the GUI; Qt's own options (e.g. -style fusion) go after --.",
                     epilog="The sdx* commands (sdxinfo, sdxdisk, sdxvolume, sdxslice, sdxcopy, sdxswap, sdxattr) "
                            "have manual pages: sdxslice --help.")
    parser.add_argument("--version", action="version", version=f"{CMD} {__version__}")
    parser.add_argument("--workspace", metavar="DIR",
                        help="workspace folder (default: $GDSVIEW_HOME, else the user data folder)")
    parser.add_argument("--node", metavar="NODE",
                        help=f"the cluster node to act as (default: ${ENV_NODE}, else the workspace's first node)")
    _gui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = sub.add_parser("gui", help="start GDS Management View (the default)")
    gui.add_argument("--workspace", dest="gui_workspace", metavar="DIR", help="workspace folder")
    _gui_options(gui, "gui_")

    lab = sub.add_parser("lab", help="the training lab")
    lab_sub = lab.add_subparsers(dest="lab_command", metavar="ACTION", parser_class=_Parser, required=True)
    init = lab_sub.add_parser("init", help="set up an empty workspace (the demo lab by default)")
    which = init.add_mutually_exclusive_group()
    which.add_argument("--demo", dest="demo", action="store_true", default=True,
                       help="disks sda, sdb, sdc; Class1 with Volume1 and Volume2 mirrored (default)")
    which.add_argument("--empty", dest="demo", action="store_false", help="no disks, no classes")
    init.add_argument("--cluster", action="store_true",
                      help="a two-node cluster (node1, node2); the demo's Class1 is shared by both, online on node1")
    init.add_argument("--speed", default=None, help=_SPEED_HELP)

    disk = sub.add_parser("disk", help="physical disks (disk image files)")
    disk_sub = disk.add_subparsers(dest="disk_command", metavar="ACTION", parser_class=_Parser, required=True)
    create = disk_sub.add_parser("create", help="make a sparse physical disk image")
    create.add_argument("name")
    create.add_argument("--size", default=None, help=f"size such as 64M or 1G (default {human_size(DEMO_DISK_SIZE)})")
    create.add_argument("--speed", default=None, help=_SPEED_HELP)
    speed = disk_sub.add_parser("speed", help="change a physical disk's speed (its bandwidth, every I/O of it)")
    speed.add_argument("name")
    speed.add_argument("speed", help="MiB/s such as 180M, or unlimited")
    disk_sub.add_parser("list", help="list the physical disks")

    verify = sub.add_parser("verify", help="compare every valid slice of volumes, chunk by chunk")
    verify.add_argument("-c", dest="class_name", required=True, metavar="CLASS")
    verify.add_argument("-v", dest="volumes", required=True, metavar="VOLUME[,VOLUME...]")

    dd = sub.add_parser("dd", help="copy between a /dev/sfdsk device and a plain file, as dd does",
                        description="Operands: if=FILE of=FILE bs=BYTES count=N skip=N seek=N "
                                    "conv=notrunc,fsync,fdatasync status=none|noxfer|progress. "
                                    "Either side may be /dev/sfdsk/<class>/dsk/<volume> "
                                    "or a detached slice's access path /dev/sfdsk/<class>/dsk/<disk>.<volume>.")
    dd.add_argument("operands", nargs="*", metavar="OPERAND")
    lab_cmds.add_parsers(sub, lab_sub, _Parser)
    devices_cmd.add_parser(sub, _Parser)
    cluster_cmd.add_parser(sub, _Parser)
    docs_cli.add_parser(sub, _Parser)
    return parser


def _gui_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument("--lang", dest=f"{prefix}lang", metavar="ja|en",
                        help="language of the GUI (default: the system locale's, else English)")
    parser.add_argument("--smoke-test", dest=f"{prefix}smoke_test", action="store_true",
                        help="start the GUI offscreen on a temporary demo lab (or --workspace), check that it "
                             "shows Class1, and exit: 0 when it works")


def main(argv: Sequence[str] | None = None) -> int:
    return run(CMD, argv, _main)


def _main(argv: list[str]) -> int:
    qt_args: list[str] = []
    if "--" in argv:  # what follows is Qt's (the GUI only)
        at = argv.index("--")
        argv, qt_args = argv[:at], argv[at + 1:]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version
        return int(e.code or 0)
    if not args.node:
        return _command(args, qt_args, parser)
    check_name(args.node, "node")
    previous = os.environ.get(ENV_NODE)
    os.environ[ENV_NODE] = args.node  # this process acts as it, and so do the workers it starts
    try:
        return _command(args, qt_args, parser)
    finally:  # main() may be called again in this process (tests, the bundle's entry point)
        if previous is None:
            os.environ.pop(ENV_NODE, None)
        else:
            os.environ[ENV_NODE] = previous


def _command(args: argparse.Namespace, qt_args: list[str], parser: argparse.ArgumentParser) -> int:
    if args.command in (None, "gui"):
        workspace = getattr(args, "gui_workspace", None) or args.workspace
        options = {}
        lang = getattr(args, "gui_lang", None) or args.lang
        if lang:
            options["lang"] = lang
        if getattr(args, "gui_smoke_test", False) or args.smoke_test:
            options["smoke_test"] = True
        return _gui(workspace, qt_args, **options)
    if qt_args:
        parser.print_usage(sys.stderr)
        raise UsageError(f"options after -- are Qt's, for the GUI only: '{qt_args[0]}' "
                         "(run 'gdsview --help' for the usage)")
    if args.command == "docs":
        return docs_cli.run(args)
    handled = lab_cmds.dispatch(args)
    if handled is None:
        handled = devices_cmd.dispatch(args)
    if handled is None:
        handled = cluster_cmd.dispatch(args)
    if handled is not None:
        return handled
    if args.command == "lab":
        return _lab_init(args.workspace, args.demo, args.speed, args.cluster)
    if args.command == "disk" and args.disk_command == "create":
        return _disk_create(args.workspace, args.name, args.size, args.speed)
    if args.command == "disk" and args.disk_command == "speed":
        return _disk_speed(args.workspace, args.name, args.speed)
    if args.command == "disk":
        return _disk_list(args.workspace)
    if args.command == "verify":
        return _verify(args.workspace, args.class_name, args.volumes)
    return _dd(args.workspace, args.operands)


def _gui(workspace: str | None, qt_args: list[str], **options) -> int:
    if options.get("smoke_test"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the smoke test never needs a display
    if sys.platform.startswith("linux") and not any(
        os.environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        # Qt would abort the process with a core dump; say what is missing instead.
        raise SdxError("no display: the GUI needs DISPLAY or WAYLAND_DISPLAY (or QT_QPA_PLATFORM=offscreen)")
    try:
        from ..ui.app import run_gui
    except ImportError as e:
        raise SdxError(f"the GUI is not available: {e}") from None
    # Qt's own options (given after --), e.g. -style fusion; --lang and --smoke-test only when given
    return int(run_gui(workspace, list(qt_args), **options) or 0)


def _speed(text: str | None) -> int | None:
    return DEFAULT_SPEED if text is None else parse_speed(text)


def _lab_init(workspace: str | None, demo: bool, speed: str | None = None, cluster: bool = False) -> int:
    bps = _speed(speed)
    manager = open_manager(CMD, workspace, create=True)
    try:
        init_lab(manager, demo=demo, speed=bps, cluster=cluster)
        root = manager.ws.root
        nodes = ", ".join(n.name for n in manager.snapshot().nodes)
        where = f"; cluster of {nodes}" if cluster else ""
        if demo:
            where += ", Class1 shared (scope node1:node2), online on node1" if cluster else ""
            snap = manager.snapshot(node="node1") if cluster else manager.snapshot()
            disks = ", ".join(f"{p.name} ({human_size(p.size_bytes)}, {format_speed(p.speed_bps)})"
                              for p in snap.physical_disks)
            volumes = ", ".join(f"{v.name} ({human_size(v.size_bytes)}, {v.status})" for v in snap.volumes)
            info(CMD, f"demo lab created: physical disks {disks}; volumes {volumes}{where}", str(root))
        else:
            info(CMD, f"empty workspace ready{where}", str(root))
    finally:
        close(manager)
    return 0


def _disk_create(workspace: str | None, name: str, size: str | None, speed: str | None = None) -> int:
    nbytes = parse_size(size) if size is not None else DEMO_DISK_SIZE
    bps = _speed(speed)
    manager = open_manager(CMD, workspace, create=True)
    try:
        pd = manager.create_physical_disk(name, nbytes, bps)
        info(CMD, f"physical disk created ({human_size(pd.size_bytes)}, {pd.blocks} blocks, sparse, "
                  f"{format_speed(bps)}): {manager.ws.image_path(name)}", name)
    finally:
        close(manager)
    return 0


def _disk_speed(workspace: str | None, name: str, speed: str) -> int:
    bps = parse_speed(speed)
    manager = open_manager(CMD, workspace)
    try:
        manager.set_disk_speed(name, bps)
        info(CMD, f"physical disk speed set to {format_speed(bps)}", name)
    finally:
        close(manager)
    return 0


def _disk_list(workspace: str | None) -> int:
    manager = open_manager(CMD, workspace)
    try:
        snap = manager.snapshot()
        warn_if_empty(CMD, manager, snap)
    finally:
        close(manager)
    print_table(
        ["NAME", "SIZE", "SPEED", "CLASS", "DISK"],
        [[p.name, human_size(p.size_bytes), format_speed(p.speed_bps), p.class_name or "*", p.disk_name or "*"]
         for p in snap.physical_disks],
    )
    return 0


def _verify(workspace: str | None, class_name: str, volumes_text: str) -> int:
    check_name(class_name, "class")
    volumes = name_list(volumes_text, "volume", "v")
    manager = open_manager(CMD, workspace)
    failed = []
    try:
        snap = manager.snapshot(class_name)
        require_class(snap, class_name, manager.ws)
        for v in volumes:
            if snap.volume(class_name, v) is None:
                raise SdxError("no such volume", v)
        for v in volumes:
            # Writes a crash left in flight are healed first (volume JRM), and said so.
            healed = recover_volume(manager.ws, class_name, v, source=CMD)
            if healed.regions or healed.left:
                print(f"{healed.describe()} before comparing")
            result = verify_volume(manager.ws, class_name, v)
            if not result.ok:
                failed.append(v)
            for line in verify_report(result):
                print(line)
    finally:
        close(manager)
    if failed:
        sys.stdout.flush()
        print(SdxError("the valid slices differ", ",".join(failed)).format(CMD), file=sys.stderr)
        return 1
    return 0


def verify_report(result: VerifyResult) -> list[str]:
    v, n = result.volume, len(result.slices)
    if result.ok:
        if n == 1:
            return [f"{v}: only 1 valid slice ({result.slices[0]}), nothing to compare "
                    f"({result.compared_bytes} bytes read)"]
        return [f"{v}: {n} slices identical ({result.compared_bytes} bytes compared)"]
    total = sum(length for _, length in result.differences)
    count = len(result.differences)
    lines = [f"{v}: slices {', '.join(result.slices)} differ in {count} range{'s' if count != 1 else ''}"
             f" ({total} bytes):"]
    for offset, length in result.differences:
        lines.append(f"  offset {offset} (block {offset // BLOCK}), length {length} bytes ({length // BLOCK} blocks)")
    return lines


def _dd(workspace: str | None, operands: list[str]) -> int:
    args = dd_mod.parse_operands(operands)
    ws = open_workspace(workspace)
    try:
        dd_mod.dd(ws, args)
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
