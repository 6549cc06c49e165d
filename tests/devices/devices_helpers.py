"""Helpers of the device server tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from gdsview.core.names import DEV_ROOT
from gdsview.devices import filesystems, loopdev
from workspace_helpers import Lab

TOOLS = ("losetup", "mount", "umount", "mountpoint", "mkfs.ext4", "e2fsck", "fsfreeze", "dd", "runuser")


def why_not_here() -> str | None:
    """Why device tests cannot run on this machine, or None when they can."""
    if not sys.platform.startswith("linux"):
        return "the device server needs Linux (FUSE, loop devices)"
    if os.geteuid() != 0:
        return "device tests mount file systems and attach loop devices: they need root"
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse (the fuse kernel module is not loaded)"
    if not os.path.exists("/dev/loop-control"):
        return "no /dev/loop-control (no loop devices)"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"missing tools: {', '.join(missing)} (scripts/setup-system.sh installs them)"
    try:
        import pyfuse3  # noqa: F401
    except ImportError as e:
        return f"pyfuse3 is not installed: {e}"
    return None


REASON = why_not_here()


class Undo:
    """What a test made, undone in reverse order (the newest first), every step even if one fails."""

    def __init__(self) -> None:
        self._steps: list[tuple[str, Callable[[], object]]] = []

    def push(self, what: str, fn: Callable[[], object]) -> None:
        self._steps.append((what, fn))

    def forget(self, fn: Callable[[], object]) -> None:
        self._steps = [(w, f) for w, f in self._steps if f is not fn]

    def run(self) -> list[str]:
        errors = []
        while self._steps:
            what, fn = self._steps.pop()
            try:
                fn()
            except Exception as e:  # keep undoing the rest
                errors.append(f"{what}: {e}")
        return errors


class Served:
    """A small lab whose devices are served on a tree under the test's tmp_path."""

    def __init__(self, lab: Lab, root: Path, tmp: Path, undo: Undo) -> None:
        self.lab, self.ws, self.root, self.tmp, self.undo = lab, lab.ws, root, tmp, undo
        self._n = 0

    def file(self, name: str, class_name: str = "Class1") -> str:
        """The tree's file of ``Volume1`` or ``Disk2.Volume1``."""
        return f"{self.root}/{class_name}/dsk/{name}"

    def gds(self, name: str, class_name: str = "Class1") -> str:
        return f"{DEV_ROOT}/{class_name}/dsk/{name}"

    def new_dir(self, stem: str = "mnt") -> Path:
        self._n += 1
        d = self.tmp / f"{stem}{self._n}"
        d.mkdir()
        return d

    def mount(self, name: str, *, read_only: bool = False) -> Path:
        """Mount the file system on a device through a direct-I/O loop device (gdsview's way)."""
        target = self.new_dir()
        filesystems.mount(self.ws, self.gds(name), str(target), str(self.root), read_only=read_only)
        self.undo.push(f"unmount {target}", lambda: self.unmount(target))
        assert loopdev.is_mountpoint(target)
        return target

    def unmount(self, target: Path) -> None:
        """Unmount (and detach the loop device); waits until the server saw the device closed."""
        if loopdev.is_mountpoint(target):
            filesystems.unmount(self.ws, str(target), str(self.root))

    def run(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        proc = subprocess.run(list(args), capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)
        if check:
            assert proc.returncode == 0, f"{args}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc


def ours(root: Path, tmp: Path) -> tuple[list[str], list[str]]:
    """Mounts and loop devices that belong to this test (under its tmp_path or its tree)."""
    from gdsview.devices import loopdev

    mounts = [m.target for m in loopdev.mounts() if m.target.startswith(str(tmp))]
    loops = [lp.path for lp in loopdev.loops() if lp.backing_file.startswith(str(tmp))]
    return mounts, loops


def start_server(lab: Lab, root: Path, undo: Undo, **kwargs):
    from gdsview.devices import control

    st = control.up(lab.ws, mountpoint=str(root), **kwargs)
    undo.push(f"devices down --force ({root})", lambda: control.down(lab.ws, force=True))
    return st


def gds_env(ws_root: Path) -> dict[str, str]:
    """The environment for running gdsview's own commands (``sdxvolume``, ``gdsview``) on a workspace."""
    return {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
            "GDSVIEW_HOME": str(ws_root)}
