"""The file system in a backup: did its journal need recovery, and is it consistent (fsck)?

Everything runs on the throwaway copy: the journal is replayed there, never in the backup.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .report import ProofReport, Verdict
from .tools import loop_mount, run


def ext4_needs_recovery(image: Path) -> bool:
    r = run(["dumpe2fs", "-h", str(image)])
    features = next((ln for ln in r.stdout.splitlines() if ln.startswith("Filesystem features:")), "")
    return "needs_recovery" in features.split()


def xfs_log_dirty(image: Path) -> bool:
    """xfs_logprint's "state: <DIRTY>", else xfs_repair -n's alert about changes in the log."""
    r = run(["xfs_logprint", "-t", str(image)])
    if "state: <DIRTY>" in r.stdout:
        return True
    if "state: <CLEAN>" in r.stdout:
        return False
    r = run(["xfs_repair", "-n", str(image)])
    return "valuable metadata changes in a log" in r.stdout + r.stderr


def check_fs(report: ProofReport, copy: Path, fstype: str) -> None:
    """Add the file system's checks to ``report``; the copy's journal is replayed when it needs it."""
    if fstype in ("ext4", "ext3", "ext2"):
        _ext4(report, copy, fstype)
    elif fstype == "xfs":
        _xfs(report, copy)
    else:
        with report.timed("file system", f"{fstype}: no checker for this type") as c:
            c.found = "not checked"


def _ext4(report: ProofReport, copy: Path, fstype: str) -> None:
    with report.timed("journal", f"{fstype} journal (dumpe2fs -h: needs_recovery)") as c:
        if ext4_needs_recovery(copy):
            r = run(["e2fsck", "-E", "journal_only", "-y", str(copy)])
            if ext4_needs_recovery(copy):
                c.verdict, c.found = Verdict.DAMAGED, f"the journal could not be replayed: {_last(r)}"
                return
            c.verdict = Verdict.RECOVERED
            c.found = "needed recovery: replayed on a copy"
        else:
            c.found = "clean on disk: nothing to replay"
    _fsck(report, ["e2fsck", "-fn"], copy)


def _xfs(report: ProofReport, copy: Path) -> None:
    with report.timed("journal", "xfs log (xfs_logprint -t)") as c:
        if xfs_log_dirty(copy):
            try:  # mounting replays an XFS log (on the copy only)
                with loop_mount(copy, "xfs"):
                    pass
            except Exception as e:  # noqa: BLE001 - any failure to replay is the finding
                c.verdict, c.found = Verdict.DAMAGED, f"the log could not be replayed: {e}"
                return
            c.verdict = Verdict.RECOVERED
            c.found = "the log was dirty: replayed on a copy"
        else:
            c.found = "clean on disk: nothing to replay"
    _fsck(report, ["xfs_repair", "-n"], copy)


def _fsck(report: ProofReport, command: list[str], copy: Path) -> None:
    """The file system's own read-only check on the (replayed) copy."""
    with report.timed("fsck", f"{' '.join(command)} on the copy") as c:
        r = run([*command, str(copy)])
        if r.returncode == 0:
            c.found = "no errors"
        else:
            c.verdict, c.found = Verdict.DAMAGED, f"errors (exit {r.returncode}): {_last(r)}"


def _last(r: subprocess.CompletedProcess[str]) -> str:
    lines = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.strip()]
    return lines[-1].strip() if lines else "no output"
