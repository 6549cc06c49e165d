"""What every command shares: error handling, messages, the workspace, and where copies run."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence

from ..core.engine.launchers import InlineLauncher, ProcessLauncher
from ..core.errors import SdxError
from ..core.model import CopyResult, CopyStatus, SliceState, Snapshot
from ..core.names import check_name
from ..core.policy.manager import VolumeManager
from ..core.storage.workspace import ENV_HOME, Workspace
from .manpage import print_page, version_line
from .options import Command, Parsed, UsageError, parse, wants_help, wants_version

WAIT_POLL = 0.1


#: where an internal error (a bug) asks to be reported; the README's "Reporting a problem" says how
REPORT = "report it on gdsview's issue tracker with the command you ran, 'gdsview --version' and this line"
#: exit statuses (the EXIT STATUS section of every manual page)
EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 3, 130


def run(cmd: str, argv: Sequence[str] | None, body: Callable[[list[str]], int]) -> int:
    """Run a command's body; every failure becomes one ``SDX:<cmd>: ERROR: ...`` line on stderr.

    Refusals and failures (SdxError) exit 1, mistakes on the command line (UsageError) 2; errors
    the system reports (a full or read-only file system, a permission, a missing file: OSError,
    and the database's own) are SDX errors too. Only a bug is an "internal error" (exit 3).
    """
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        return body(args)
    except SdxError as e:
        _flush_stdout()
        print(e.format(cmd), file=sys.stderr)
        return EXIT_USAGE if isinstance(e, UsageError) else EXIT_ERROR
    except KeyboardInterrupt:
        _flush_stdout()
        print(f"SDX:{cmd}: ERROR: interrupted; a copy left unfinished resumes with 'sdxcopy -B'", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``sdxinfo | head``): stop quietly, as the sdx commands do.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_ERROR
    except OSError as e:
        _flush_stdout()
        print(os_error(e).format(cmd), file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.Error as e:
        _flush_stdout()
        print(SdxError(f"the workspace's configuration database failed: {e}").format(cmd), file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # the command line never shows a traceback
        _flush_stdout()
        print(f"SDX:{cmd}: ERROR: internal error (a bug in gdsview): {type(e).__name__}: {e}; {REPORT}",
              file=sys.stderr)
        return EXIT_INTERNAL


_OS_HINTS = {
    errno.ENOSPC: "no space left on the device: free some space or choose another folder",
    errno.EDQUOT: "disk quota exceeded: free some space or choose another folder",
    errno.EACCES: "permission denied: check the permissions of the file and its folder",
    errno.EPERM: "operation not permitted: check the permissions of the file and its folder",
    errno.EROFS: "the file system is read-only: choose a folder on a writable one",
    errno.ENOENT: "no such file or directory",
    errno.ENOTDIR: "a component of the path is not a folder",
    errno.EISDIR: "is a folder: give a file name",
    errno.EIO: "input/output error: the device failed",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and try again",
    errno.ENFILE: "too many open files in the system: try again later",
}


def os_error(e: OSError) -> SdxError:
    """An error the system reported, as an SDX error naming the file it was about."""
    text = _OS_HINTS.get(e.errno or 0) or e.strerror or str(e)
    name = e.filename if isinstance(e.filename, (str, os.PathLike)) else None
    return SdxError(text, os.fspath(name) if name is not None else None)


def run_command(command: Command, argv: Sequence[str] | None, body: Callable[[Parsed, str], int]) -> int:
    """The frame every ``sdx*`` operation command shares: ``--help``, ``--version``, options, the
    class name, errors."""

    def parsed(args: list[str]) -> int:
        if wants_help(args):
            print_page(command.name)
            return 0
        if wants_version(args):
            print(version_line(command.name))
            return 0
        opts = parse(command, args)
        return body(opts, check_name(opts["c"], "class"))

    return run(command.name, argv, parsed)


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def message(cmd: str, text: str, obj: str | None = None, severity: str = "INFO") -> str:
    return SdxError(text, obj, severity).format(cmd)


def info(cmd: str, text: str, obj: str | None = None) -> None:
    print(message(cmd, text, obj), flush=True)


def warning(cmd: str, text: str, obj: str | None = None) -> None:
    print(message(cmd, text, obj, "WARNING"), file=sys.stderr, flush=True)


def open_manager(cmd: str, root: str | os.PathLike[str] | None = None, *, create: bool = False) -> VolumeManager:
    """The manager of the workspace (``root``, else GDSVIEW_HOME, else the platform default).

    Only the commands that make a workspace (``gdsview lab init``, ``gdsview disk create``) pass
    ``create``: every other command finds the workspace there or says where it looked.
    Copies the operations start are collected by a :class:`DeferredLauncher`; the command
    decides afterwards, with :func:`run_copies`, whether they run inline or in a worker process.
    """
    return VolumeManager(open_workspace(root, create=create), source=cmd, launcher=DeferredLauncher())


def open_workspace(root: str | os.PathLike[str] | None = None, *, create: bool = False) -> Workspace:
    ws = Workspace(root, create=create)
    if not create and not ws.exists():
        raise _no_workspace(ws, root)
    return ws


def _no_workspace(ws: Workspace, root: str | os.PathLike[str] | None) -> SdxError:
    unset = root is None and not os.environ.get(ENV_HOME)
    return SdxError(f"no workspace here ({where_from(root)}): make the demo lab with 'gdsview lab init'"
                    f"{f', or set {ENV_HOME} to a workspace folder' if unset else ''}", str(ws.root))


def where_from(root: str | os.PathLike[str] | None) -> str:
    """Why the workspace is where it is: for messages that name the path read."""
    if root is not None:
        return "given with --workspace"
    if os.environ.get(ENV_HOME):
        return f"${ENV_HOME}"
    return f"the default workspace; ${ENV_HOME} is not set"


def close(manager: VolumeManager) -> None:
    manager.ws.close()


def require_class(snap: Snapshot, class_name: str, ws: Workspace | None = None) -> None:
    """Refuse a class the workspace does not have, naming the workspace (and, when it has no class
    at all, how to make the demo lab)."""
    if any(c.name == class_name for c in snap.classes):
        return
    if ws is None:
        raise SdxError("no such class", class_name)
    hint = "; it has no class at all: 'gdsview lab init' makes the demo lab" if not snap.classes else ""
    raise SdxError(f"no such class in the workspace {ws.root}{hint}", class_name)


def warn_if_empty(cmd: str, manager: VolumeManager, snap: Snapshot) -> None:
    """A read-only command on a workspace with nothing in it says so on stderr, and how to make the demo."""
    if not snap.classes and not snap.physical_disks:
        warning(cmd, "the workspace is empty (no physical disk, no class): make the demo lab with "
                     "'gdsview lab init'", str(manager.ws.root))


class DeferredLauncher:
    """Remembers which volumes an operation started copying, once each, in order."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, str]] = []

    def __call__(self, class_name: str, volume: str) -> None:
        if (class_name, volume) not in self.pending:
            self.pending.append((class_name, volume))

    def take(self) -> list[tuple[str, str]]:
        pending, self.pending = self.pending, []
        return pending


def pending_copies(manager: VolumeManager) -> list[tuple[str, str]]:
    launcher = manager.launcher
    return launcher.take() if isinstance(launcher, DeferredLauncher) else []


def run_copies(manager: VolumeManager, cmd: str, wait: bool, copies: list[tuple[str, str]] | None = None) -> None:
    """Run the copies the command started: in a detached worker process, or here until done.

    Waiting, it prints one completion line per copy and raises SdxError when a slice it waited
    for did not become ACTIVE (copy interrupted, cancelled, the volume stopped, a disk failed).
    """
    todo = pending_copies(manager) if copies is None else copies
    if not wait:
        launcher = ProcessLauncher(manager.ws, source=cmd)
        for class_name, volume in todo:
            launcher(class_name, volume)
        return
    for class_name, volume in todo:
        wait_copy(manager, cmd, class_name, volume)


def wait_copy(manager: VolumeManager, cmd: str, class_name: str, volume: str) -> list[CopyResult]:
    """Copy into every COPY slice of the volume in this process; wait for copies run by others.

    Only the slices found in COPY here are waited for: an INVALID slice left by an earlier
    interrupted copy is not this command's business (``sdxcopy -B`` resumes it).
    """
    progress = _ProgressLine() if _isatty(sys.stderr) else None
    launcher = InlineLauncher(manager.ws, source=cmd, progress=progress)
    targets: set[str] = set()
    idle_rounds = 0
    try:
        while idle_rounds < 3:
            copying = [s for s in manager.snapshot(class_name).slices_of(class_name, volume)
                       if s.state is SliceState.COPY]
            if not copying:
                break
            targets.update(s.name for s in copying)
            launcher(class_name, volume)
            result = launcher.results[-1]
            if result.outcome == "completed" and result.slices:
                if progress is not None:
                    progress.end()
                info(cmd, f"synchronization copying completed ({result.copied_bytes} bytes copied"
                     f" in {result.seconds:.2f} s)", ",".join(result.slices))
            if result.outcome == "busy":
                _wait_for_others(manager, class_name, volume)
            elif result.outcome not in ("completed", "nothing"):
                raise SdxError(f"copying did not complete ({result.outcome}): {result.message}", volume)
            # Rounds that copy nothing yet leave COPY slices behind: give up after a few.
            idle_rounds = idle_rounds + 1 if result.outcome != "busy" and not result.copied_bytes else 0
    finally:
        if progress is not None:
            progress.end()
    left = [s for s in manager.snapshot(class_name).slices_of(class_name, volume)
            if s.name in targets and s.state is not SliceState.ACTIVE]
    if left:
        raise SdxError(f"copying did not complete: slice {left[0].name} is {left[0].status}", volume)
    return launcher.results


def _wait_for_others(manager: VolumeManager, class_name: str, volume: str) -> None:
    """Wait while another process or thread copies into a slice of the volume."""
    while any(s.copy is not None and s.copy.running
              for s in manager.snapshot(class_name).slices_of(class_name, volume)):
        time.sleep(WAIT_POLL)


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


class _ProgressLine:
    """A self-overwriting progress line on a terminal's stderr while a waited-for copy runs."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, status: CopyStatus) -> None:
        pct = int(status.fraction * 100)
        text = (f"{status.disk}.{status.volume}: copying {pct:3d}% ({status.done_blocks}/{status.total_blocks}"
                f" blocks, {status.rate_bps / (1 << 20):.1f} MiB/s)")
        sys.stderr.write(f"\r{text}\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.shown = False
