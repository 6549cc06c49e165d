"""``gdsview lab check|reset|damage``, ``gdsview backup``, ``verify-backup``, ``restore``, ``service``."""

from __future__ import annotations

import argparse
import signal
import threading
import time

from ..core.errors import SdxError
from ..core.events import EventKind
from ..core.names import human_size
from ..lab import disk_failure
from ..lab.apps import APPS, make_app
from ..lab.apps.base import read_status_file
from ..lab.backup import BackupCheck, backup_access_path, verify_backup
from ..lab.demo import reset_lab
from ..lab.observer import LabReport, check_lab
from ..lab.restore import restore_backup
from ..lab.restore_lesson import check_restore_lesson, damage_volume, log_verified
from ..lab.servicectl import ServiceRun, request_stop, service_runs, start_detached
from ..lab.switch_lesson import check_switch_lesson
from .common import close, info, open_manager, run_copies, warn_if_empty

CMD = "gdsview"


def add_parsers(sub, lab_sub, parser_class) -> None:
    check_lab_p = lab_sub.add_parser("check", help="which steps of the reliable backup procedure (or of the cluster "
                                     "lesson) were done, in order")
    check_lab_p.add_argument("--lesson", choices=("backup", "switch", "restore"), default=None,
                             help="backup: the reliable backup procedure (the default on one node); switch: "
                                  "switching nodes during a backup (the default on the --cluster lab); restore: "
                                  "a clean backup restored over damaged data, the service up on it")
    damage = lab_sub.add_parser("damage", help="the restore lesson: overwrite part of a volume's data with garbage "
                                               "(refused while the volume is in use)")
    damage.add_argument("-c", dest="class_name", required=True, metavar="CLASS")
    damage.add_argument("-v", dest="volume", required=True, metavar="VOLUME")
    lab_sub.add_parser("reset", help="put the workspace back to the demo lab's starting state")
    fail = lab_sub.add_parser("fail-disk", help="simulate the failure of a physical disk (every I/O: EIO)",
                              description="The disk failure lesson: fail-disk sdb; the next I/O makes Disk2's "
                                          "slices INVALID and Disk2 DISABLE. Then, as an operator replaces a disk: "
                                          "sdxswap -O -c Class1 -d Disk2 (SWAP, slices NOUSE); lab replace-disk sdb "
                                          "(a new, empty disk); sdxswap -I -c Class1 -d Disk2 (ENABLE, copying, "
                                          "ACTIVE).")
    fail.add_argument("device", metavar="PHYSICAL_DISK")
    replace = lab_sub.add_parser("replace-disk", help="put a new, empty physical disk in place of a swapped-out one "
                                                      "(ends its simulated failure)")
    replace.add_argument("device", metavar="PHYSICAL_DISK")
    repair = lab_sub.add_parser("repair-disk", help="end a simulated failure without replacing the disk "
                                                    "(a transient fault: its slices stay INVALID)")
    repair.add_argument("device", metavar="PHYSICAL_DISK")
    restore = lab_sub.add_parser(
        "restore-disk", help="take a DISABLE disk back in place after repair-disk (no swap; a full copy)",
        description="After a transient failure (fail-disk, then repair-disk), take the DISABLE disk back into use "
                    "where it is, as GDS's sdxfix -D does: ENABLE, and a full copy into its INVALID slices. A disk "
                    "that is replaced goes through Swap and Restore Physical Disk instead: sdxswap -O, "
                    "lab replace-disk, sdxswap -I.")
    restore.add_argument("-c", dest="class_name", required=True, metavar="CLASS")
    restore.add_argument("-d", dest="disk", required=True, metavar="DISK")

    backup = sub.add_parser("backup", help="back up a detached slice through its access path to a file")
    backup.add_argument("access_path", metavar="ACCESS_PATH", help="/dev/sfdsk/<class>/dsk/<disk>.<volume>")
    backup.add_argument("file", metavar="FILE", help="the backup file (FILE.sha256 is written beside it)")

    check = sub.add_parser(
        "verify-backup", help="prove a backup: its checksum, its file system (fsck), its database (a throwaway "
                              "server) or the built-in service's records",
        description="Exit status: 0 CLEAN (consistent as it is), 2 RECOVERED (consistent only after journal "
                    "recovery or WAL replay: the service ran at the detach), 1 DAMAGED.")
    check.add_argument("file", metavar="FILE")

    restore_p = sub.add_parser(
        "restore", help="write a backup (checked against FILE.sha256) into a started volume that is not in use",
        description="Beyond the GDS guide: the backup is written from the volume's first byte, mirrored to every "
                    "valid slice. Refused while the volume is mounted, open or has a service running. Ctrl-C "
                    "leaves the volume holding part of the backup (its event says so).")
    restore_p.add_argument("file", metavar="FILE")
    restore_p.add_argument("-c", dest="class_name", required=True, metavar="CLASS")
    restore_p.add_argument("-v", dest="volume", required=True, metavar="VOLUME")

    service = sub.add_parser(
        "service", help="the lab's service on a volume: start | stop | status (builtin, postgresql, sqlite)",
        description="start runs the service in the background and returns once it runs; stop stops it cleanly "
                    "(PostgreSQL: pg_ctl stop -m fast; SQLite: a WAL checkpoint; the file system unmounted) and "
                    "waits; status shows each service's app, data directory or file and rate. Without an action, "
                    "the service runs here until Ctrl-C (or --seconds).")
    service.add_argument("action", nargs="?", choices=("start", "stop", "status"), default=None)
    service.add_argument("-c", dest="class_name", default=None, metavar="CLASS")
    service.add_argument("-v", dest="volume", default=None, metavar="VOLUME")
    service.add_argument("--app", choices=APPS, default="builtin",
                         help="builtin: the record writer on the raw volume (the default); postgresql: PostgreSQL "
                              "with pgbench on an ext4 on the volume; sqlite: SQLite with the same load")
    service.add_argument("--rate", type=float, default=None,
                         help="builtin: MiB/s (default 4); postgresql, sqlite: transactions per second "
                              "(default 100; 0: as fast as they go)")
    service.add_argument("--clients", type=int, default=2, help="postgresql: pgbench's clients (default 2)")
    service.add_argument("--pattern", choices=("log", "random"), default="log", help="builtin: how it writes")
    service.add_argument("--seconds", type=float, default=None, help="without an action: stop after this long")
    service.add_argument("--stop", action="store_true", help="the same as the stop action")

def dispatch(args: argparse.Namespace) -> int | None:
    """Run one of these commands, or return None when ``args`` names another."""
    if args.command == "lab" and args.lab_command == "check":
        return _lab_check(args.workspace, args.lesson)
    if args.command == "lab" and args.lab_command == "reset":
        return _lab_reset(args.workspace)
    if args.command == "lab" and args.lab_command in ("fail-disk", "repair-disk", "restore-disk", "replace-disk"):
        return _disk_lesson(args)
    if args.command == "backup":
        return _backup(args.workspace, args.access_path, args.file)
    if args.command == "verify-backup":
        result = verify_backup(args.file)
        print(f"{args.file}: {result.proofs.verdict_text()}")
        print(result.summary())
        _log_verified(args.workspace, result)
        return result.exit_status()
    if args.command == "restore":
        return _restore(args)
    if args.command == "lab" and args.lab_command == "damage":
        return _damage(args)
    if args.command == "service":
        return _service_command(args)
    return None


def format_report(report: LabReport) -> list[str]:
    lines = [report.title
             + (f", {report.subject} {report.backup_disk} in {report.class_name}" if report.backup_disk else "")]
    for s in report.steps:
        when = f"+{int(s.elapsed // 60):02d}:{int(s.elapsed % 60):02d}" if s.done else "      "
        lines.append(f" {s.step.number} [{'x' if s.done else ' '}] {when}  {s.step.title:<56} {s.detail}".rstrip())
    if report.warnings:
        lines.append("Warnings:")
        lines += [f" - step {w.step or '-'}: {w.text}" for w in report.warnings]
    done = sum(s.done for s in report.steps)
    warned = len(report.warnings)
    verdict = "all steps done in order, no warning" if report.ok else (
        f"{done}/{len(report.steps)} steps done, {warned} warning{'' if warned == 1 else 's'}")
    nxt = report.next_step()
    lines.append(f"Result: {verdict}" + (f"; next: {nxt.title}" if nxt else ""))
    return lines


def _lab_check(workspace: str | None, lesson: str | None = None) -> int:
    manager = open_manager(CMD, workspace)
    try:
        warn_if_empty(CMD, manager, manager.snapshot())
        is_cluster = len(manager.snapshot().nodes) > 1
        lesson = lesson or ("switch" if is_cluster else "backup")
        if lesson == "switch" and not is_cluster:
            raise SdxError("the switching lesson needs a cluster: make the lab with 'gdsview lab init --cluster'")
        if lesson == "restore":
            report = check_restore_lesson(manager)
        else:
            report = check_switch_lesson(manager) if lesson == "switch" else check_lab(manager)
    finally:
        close(manager)
    print("\n".join(format_report(report)))
    return 0 if report.ok else 1


def _lab_reset(workspace: str | None) -> int:
    manager = open_manager(CMD, workspace)  # a workspace that is there ...
    manager.ws.create = True  # ... which the reset makes again
    try:
        reset_lab(manager.ws)
        info(CMD, "lab reset to the demo's starting state", str(manager.ws.root))
    finally:
        close(manager)
    return 0


def _disk_lesson(args: argparse.Namespace) -> int:
    """The disk failure lesson: make a disk fail, replace it (after sdxswap -O) or repair it, restore it."""
    manager = open_manager(CMD, args.workspace)
    try:
        if args.lab_command == "restore-disk":
            copying = manager.restore_disk(args.class_name, args.disk)
            run_copies(manager, CMD, wait=False)  # in a worker process, as sdx commands copy
            info(CMD, "disk restored (ENABLE)" + (f"; copying into its slices of {', '.join(copying)} started"
                                                  if copying else ""), args.disk)
            return 0
        device = args.device
        snap = manager.snapshot()
        if device not in {p.name for p in snap.physical_disks}:
            raise SdxError("no such physical disk", device)
        if args.lab_command == "replace-disk":
            disk_failure.replace_disk(manager.ws, snap, device)
            info(CMD, "a new, empty physical disk is in place (its simulated failure, if any, ended); restore "
                      "it with sdxswap -I", device)
        elif args.lab_command == "fail-disk":
            disk_failure.fail_disk(manager.ws, device)
            info(CMD, "simulated failure: every read and write of this disk now fails (EIO); the next I/O "
                      "makes its slices INVALID and the disk DISABLE", device)
        else:
            disk_failure.repair_disk(manager.ws, device)
            info(CMD, "simulated failure ended; 'gdsview lab restore-disk' takes its disk back in place", device)
    finally:
        close(manager)
    return 0


def _backup(workspace: str | None, access_path: str, file: str) -> int:
    manager = open_manager(CMD, workspace)
    try:
        result = backup_access_path(manager.ws, access_path, file, source=CMD)
    finally:
        close(manager)
    info(CMD, f"backup written: {result.path} ({human_size(result.bytes)}, {human_size(result.stored)} stored: the "
              f"rest are holes; {result.seconds:.1f} s); "
              f"SHA-256 {result.sha256} in {result.checksum_path.name}", access_path)
    return 0


def _app_options(args: argparse.Namespace) -> dict:
    if args.app == "builtin":
        return {"rate": 4.0 if args.rate is None else args.rate, "pattern": args.pattern}
    if args.clients < 1 or (args.rate is not None and args.rate < 0):
        raise SdxError("--clients must be at least 1 and --rate not negative", args.volume)
    return {"clients": args.clients, "rate": 100.0 if args.rate is None else args.rate}


def _service_command(args: argparse.Namespace) -> int:
    action = "stop" if args.stop else args.action
    if action != "status" and (args.class_name is None or args.volume is None):
        raise SdxError("give the volume with -c CLASS -v VOLUME")
    if action == "status":
        return _service_status(args)
    if action == "stop":
        return _service_stop(args)
    if action == "start":
        return _service_start(args)
    return _service(args)


def _service_start(args: argparse.Namespace) -> int:
    manager = open_manager(CMD, args.workspace)
    try:
        require_volume(manager, args.class_name, args.volume)
        if any(r.volume == args.volume and r.class_name == args.class_name for r in service_runs(manager.ws)):
            raise SdxError("a service is already running on this volume", args.volume)
        run = ServiceRun(args.class_name, args.volume, manager.ws.node, args.pattern, 4.0, app=args.app,
                         options=_app_options(args))
        pid = start_detached(manager.ws, run, manager.ws.node)
        st = read_status_file(manager.ws, args.class_name, args.volume)
    finally:
        close(manager)
    info(CMD, f"service started ({args.app}, pid {pid}): {st.get('data') or args.volume}", args.volume)
    return 0


def _service_status(args: argparse.Namespace) -> int:
    manager = open_manager(CMD, args.workspace)
    try:
        runs = [r for r in service_runs(manager.ws, args.class_name)
                if args.volume is None or r.volume == args.volume]
        lines = []
        for r in runs:
            st = read_status_file(manager.ws, r.class_name, r.volume)
            unit = st.get("unit") or ("MiB/s" if r.app == "builtin" else "TPS")
            rate = f"{float(st.get('rate', 0.0)):.1f} {unit}" if st else f"- {unit}"
            lines.append(f"{r.class_name}/{r.volume}: {r.app} running (pid {r.pid}"
                         f"{f', node {r.node}' if r.node else ''}), {st.get('data') or '-'}, {rate}")
    finally:
        close(manager)
    if not lines:
        print("no service is running" + (f" on {args.volume}" if args.volume else ""))
        return 1 if args.volume else 0
    print("\n".join(lines))
    return 0


def require_volume(manager, class_name: str, volume: str) -> None:
    if manager.snapshot().volume(class_name, volume) is None:
        raise SdxError("no such volume", f"{class_name}: {volume}")


def _log_verified(workspace: str | None, result: BackupCheck) -> None:
    """The verdict goes to the workspace's log when there is one (the restore lesson reads it)."""
    try:
        manager = open_manager(CMD, workspace)
    except (SdxError, SystemExit):
        return
    try:
        log_verified(manager.ws, result, CMD)
    finally:
        close(manager)


def _restore(args: argparse.Namespace) -> int:
    manager = open_manager(CMD, args.workspace)
    try:
        result = restore_backup(manager, args.file, args.class_name, args.volume, source=CMD)
    finally:
        close(manager)
    info(CMD, f"backup {result.path} restored ({human_size(result.bytes)}, {result.seconds:.1f} s, SHA-256 "
              f"{result.sha256[:16]}… checked first)", args.volume)
    return 0


def _damage(args: argparse.Namespace) -> int:
    manager = open_manager(CMD, args.workspace)
    try:
        damaged = damage_volume(manager, args.class_name, args.volume, source=CMD)
    finally:
        close(manager)
    info(CMD, f"{human_size(damaged)} of the volume's data overwritten with garbage (the restore lesson)",
         args.volume)
    return 0


def _service_stop(args: argparse.Namespace) -> int:
    manager = open_manager(CMD, args.workspace)
    try:
        if not any(r.volume == args.volume and r.class_name == args.class_name for r in service_runs(manager.ws)):
            raise SdxError("no service is running on the volume", args.volume)
        if not request_stop(manager.ws, args.class_name, args.volume, timeout=180):
            raise SdxError("the service did not stop in time", args.volume)
        stop = _last_stop(manager, args.class_name, args.volume)
    finally:
        close(manager)
    if stop is not None and stop.severity == "ERROR":
        raise SdxError(stop.text, args.volume)
    info(CMD, stop.text if stop is not None else "service stopped cleanly", args.volume)
    return 0


def _last_stop(manager, class_name: str, volume: str):
    events = manager.events(0, limit=1_000_000)
    return next((e for e in reversed(events) if e.kind == EventKind.SERVICE_STOP and e.obj == volume
                 and e.class_name == class_name), None)


def _service(args: argparse.Namespace) -> int:
    """The service in the foreground, until Ctrl-C, SIGTERM, a stop request or ``--seconds``."""
    manager = open_manager(CMD, args.workspace)
    stop = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        service = make_app(args.app, manager.ws, args.class_name, args.volume, _app_options(args), source="service")
        service.start()
        what = (f"{args.pattern}, {service.options['rate']:g} MiB/s" if args.app == "builtin"
                else f"{args.app}, {service.status().data}")
        info(CMD, f"service running on {args.volume} ({what}); Ctrl-C stops it", args.volume)
        deadline = time.monotonic() + args.seconds if args.seconds is not None else None
        try:
            while service.running and not stop.is_set():
                if deadline is not None and time.monotonic() >= deadline:
                    break
                stop.wait(0.2)
        except KeyboardInterrupt:
            pass
        status = service.stop()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        close(manager)
    if status.error:
        raise SdxError(f"service stopped: {status.error}", args.volume)
    if args.app == "builtin":
        info(CMD, f"service stopped cleanly after {status.written_records} records (sequence {status.seq})",
             args.volume)
    else:
        info(CMD, f"service stopped cleanly after {status.transactions} transactions", args.volume)
    return 0

__all__ = ["add_parsers", "dispatch", "format_report"]
