"""The system programs the proofs run, and the throwaway copy, loop device and mount they work on."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ...core.errors import SdxError
from .report import ProofError

TIMEOUT = 300


def run(cmd: list[str], *, check: bool = False, timeout: float = TIMEOUT, user: str | None = None,
        cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a program (as ``user`` when given), its output captured as text."""
    if user is not None and os.geteuid() == 0:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=timeout, cwd=cwd,
                          env={**os.environ, "LC_ALL": "C"})


def which(name: str) -> str | None:
    """A program on PATH, else PostgreSQL's own bin directory (Debian keeps pg_ctl there)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fs_type(image: Path) -> str | None:
    """The file system blkid finds in the image (ext4, xfs, ...), or None."""
    r = run(["blkid", "-p", "-o", "value", "-s", "TYPE", str(image)])
    return r.stdout.strip() or None if r.returncode == 0 else None


@contextmanager
def scratch(near: Path) -> Iterator[Path]:
    """A private folder for the copy: beside the backup (same disk, room for it), else the temp folder."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=".gdsview-proof-", dir=near))
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="gdsview-proof-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sparse_copy(src: Path, folder: Path) -> Path:
    dest = folder / "copy.img"
    r = run(["cp", "--sparse=always", str(src), str(dest)])
    if r.returncode != 0:  # the verification failed, not the backup: no verdict
        raise SdxError(f"cannot copy the backup to prove it: {r.stderr.strip()[:300]}", str(src))
    return dest


@contextmanager
def loop_mount(image: Path, fstype: str) -> Iterator[Path]:
    """Attach the image to its own loop device and mount it on its own mount point (world-traversable,
    so that the ``postgres`` user reaches its data); unmount and detach in reverse order, always."""
    with ExitStack() as stack:
        mnt = Path(tempfile.mkdtemp(prefix="gdsview-proof-mnt-"))
        os.chmod(mnt, 0o755)
        stack.callback(shutil.rmtree, mnt, True)
        r = run(["losetup", "--find", "--show", str(image)])
        if r.returncode != 0:
            raise SdxError(f"no loop device for the copy: {r.stderr.strip()[:300]}", str(image))
        loop = r.stdout.strip()
        stack.callback(run, ["losetup", "-d", loop])
        # the copy has the UUID of the original, which may be mounted right now (a hot backup)
        options = ["-o", "nouuid"] if fstype == "xfs" else []
        r = run(["mount", "-t", fstype, *options, loop, str(mnt)])
        if r.returncode != 0:
            raise ProofError(f"the copy cannot be mounted: {r.stderr.strip()[:300]}")
        stack.callback(umount, mnt)
        yield mnt


def umount(mnt: Path) -> None:
    for _ in range(50):  # a server just stopped may keep it busy for a moment
        if run(["umount", str(mnt)]).returncode == 0:
            return
        time.sleep(0.1)
    run(["umount", "-l", str(mnt)])
