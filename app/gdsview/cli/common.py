"""What every command shares: error handling, messages, the workspace, and where copies run."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence

from ..core.engine.launchers import InlineLauncher, ProcessLauncher
from ..core.errors import SdxError
from ..core.model import CopyResult, CopyStatus, SliceState, Snapshot
from ..core.names import check_name
from ..core.policy.manager import VolumeManager
from ..core.storage.workspace import Workspace
from .options import Command, Parsed, parse, wants_help

WAIT_POLL = 0.1


def run(cmd: str, argv: Sequence[str] | None, body: Callable[[list[str]], int]) -> int:
    """Run a command's body; every failure becomes one ``SDX:<cmd>: ERROR: ...`` line on stderr."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        return body(args)
    except SdxError as e:
        _flush_stdout()
        print(e.format(cmd), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        _flush_stdout()
        print(f"SDX:{cmd}: ERROR: interrupted; a copy left unfinished resumes with 'sdxcopy -B'", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``sdxinfo | head``): stop quietly, as the sdx commands do.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1
    except Exception as e:  # the command line never shows a traceback
        _flush_stdout()
        print(f"SDX:{cmd}: ERROR: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


def run_command(command: Command, argv: Sequence[str] | None, body: Callable[[Parsed, str], int]) -> int:
    """The frame every ``sdx*`` operation command shares: ``--help``, options, the class name, errors."""

    def parsed(args: list[str]) -> int:
        if wants_help(args):
            print(command.usage())
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


def open_manager(cmd: str, root: str | os.PathLike[str] | None = None) -> VolumeManager:
    """The manager of the workspace (``root``, else GDSVIEW_HOME, else the platform default).

    Copies the operations start are collected by a :class:`DeferredLauncher`; the command
    decides afterwards, with :func:`run_copies`, whether they run inline or in a worker process.
    """
    ws = Workspace(root)
    return VolumeManager(ws, source=cmd, launcher=DeferredLauncher())


def close(manager: VolumeManager) -> None:
    manager.ws.close()


def require_class(snap: Snapshot, class_name: str) -> None:
    if not any(c.name == class_name for c in snap.classes):
        raise SdxError("no such class", class_name)


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
