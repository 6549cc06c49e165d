"""The system side of the devices: the mount table, loop devices, and mounting with checks.

Only what the device tree's own files back is ever touched: a loop device counts as ours when its
backing file lies under the tree's mount point, a mount when its source is one of those loops.
A mount is confirmed in the mount table before anyone writes under its directory (a FUSE or loop
mount that failed leaves an empty directory that would silently take the data). Teardown goes
file system, loop device, then the FUSE tree (a FUSE mount with a loop still on it is busy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import SdxError

SYS_BLOCK = Path("/sys/block")
MOUNTINFO = Path("/proc/self/mountinfo")


@dataclass(frozen=True)
class Mount:
    """One line of /proc/self/mountinfo."""

    mount_id: int
    dev: str  # "major:minor"
    target: str
    fstype: str
    source: str
    options: str

    @property
    def read_only(self) -> bool:
        return "ro" in self.options.split(",")


@dataclass(frozen=True)
class Loop:
    name: str  # loop3
    dev: str  # "7:3"
    backing_file: str
    read_only: bool
    direct_io: bool

    @property
    def path(self) -> str:
        return f"/dev/{self.name}"


def _unescape(field: str) -> str:
    return field.encode().decode("unicode_escape") if "\\" in field else field


def mounts() -> list[Mount]:
    found = []
    for line in MOUNTINFO.read_text().splitlines():
        head, _, tail = line.partition(" - ")
        f, t = head.split(), tail.split()
        if len(f) < 6 or len(t) < 2:
            continue
        found.append(Mount(int(f[0]), f[2], _unescape(f[4]), t[0], _unescape(t[1]), f[5]))
    return found


def mount_at(target: str | os.PathLike[str]) -> Mount | None:
    """The mount on ``target`` (the last one, if several are stacked), or None."""
    target = os.path.abspath(target)
    found = [m for m in mounts() if m.target == target]
    return found[-1] if found else None


def is_mountpoint(target: str | os.PathLike[str]) -> bool:
    return mount_at(target) is not None


def loops() -> list[Loop]:
    """Every attached loop device (from sysfs: no process is started)."""
    found = []
    try:
        entries = sorted(SYS_BLOCK.glob("loop*"), key=lambda p: int(p.name[4:]) if p.name[4:].isdigit() else 0)
    except OSError:
        return found
    for entry in entries:
        try:
            backing = (entry / "loop" / "backing_file").read_text().rstrip("\n")
        except OSError:
            continue  # not attached
        ro = (entry / "ro").read_text().strip() == "1"
        try:
            dio = (entry / "loop" / "dio").read_text().strip() == "1"
        except OSError:
            dio = False
        found.append(Loop(entry.name, (entry / "dev").read_text().strip(), backing.removesuffix(" (deleted)"), ro,
                          dio))
    return found


def loops_under(root: str) -> list[Loop]:
    """The loop devices whose backing file is a device of the tree mounted at ``root``."""
    prefix = root.rstrip("/") + "/"
    return [lp for lp in loops() if lp.backing_file.startswith(prefix)]


def loops_of(path: str) -> list[Loop]:
    return [lp for lp in loops() if lp.backing_file == path]


def mounts_on(loop_devs: list[Loop]) -> list[Mount]:
    devs = {lp.dev for lp in loop_devs}
    return [m for m in mounts() if m.dev in devs]


def run_tool(args: list[str], what: str, obj: str) -> str:
    if shutil.which(args[0]) is None:
        raise SdxError(f"{args[0]} is not installed: it is needed to {what}", obj)
    proc = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        reason = (proc.stderr or proc.stdout).strip().splitlines()
        raise SdxError(f"cannot {what}: {reason[-1] if reason else f'{args[0]} exited {proc.returncode}'}", obj)
    return proc.stdout


def attach_loop(path: str, *, read_only: bool = False, direct_io: bool = True) -> Loop:
    """A loop device over a device file of the tree (direct I/O: no second page cache)."""
    args = ["losetup", "--find", "--show"]
    if direct_io:
        args.append("--direct-io=on")
    if read_only:
        args.append("--read-only")
    name = run_tool([*args, path], "attach a loop device", path).strip().removeprefix("/dev/")
    for lp in loops():
        if lp.name == name:
            return lp
    raise SdxError(f"loop device {name} vanished after it was attached", path)


def detach_loop(loop: Loop) -> None:
    run_tool(["losetup", "--detach", loop.path], "detach the loop device", loop.path)


def mount_device(path: str, target: str, *, read_only: bool = False, fstype: str | None = None,
                 options: str | None = None) -> Mount:
    """Mount the file system on a device of the tree (through a direct-I/O loop device) at ``target``.

    Refused when ``target`` is not an existing directory or already has something mounted on it.
    The mount is confirmed in the mount table before this returns; on any failure the loop device
    is detached again and nothing is left mounted.
    """
    target = os.path.abspath(target)
    if not os.path.isdir(target):
        raise SdxError("mount point is not a directory", target)
    if is_mountpoint(target):
        raise SdxError("something is already mounted there", target)
    loop = attach_loop(path, read_only=read_only)
    try:
        opts = [o for o in ("ro" if read_only else None, options) if o]
        args = ["mount"] + (["-t", fstype] if fstype else []) + (["-o", ",".join(opts)] if opts else [])
        run_tool([*args, loop.path, target], f"mount {path}", target)
        m = mount_at(target)
        if m is None or m.dev != loop.dev:
            if m is not None:
                subprocess.run(["umount", target], capture_output=True)
            raise SdxError(f"the mount of {path} did not appear in the mount table", target)
        return m
    except BaseException:
        try:
            detach_loop(loop)
        except SdxError:
            pass
        raise


def unmount(target: str, tree_root: str, *, lazy: bool = False) -> None:
    """Unmount ``target`` and detach the loop device it was on, if that loop backs a device of the
    tree mounted at ``tree_root`` (never another loop device)."""
    target = os.path.abspath(target)
    m = mount_at(target)
    if m is None:
        raise SdxError("nothing is mounted there", target)
    loop = next((lp for lp in loops_under(tree_root) if lp.dev == m.dev), None)
    run_tool(["umount", *(["--lazy"] if lazy else []), target], "unmount", target)
    if loop is not None and not mounts_on([loop]):
        still = [lp for lp in loops() if lp.name == loop.name]
        if still:  # util-linux's own loop (mount FILE DIR) is detached by umount itself (autoclear)
            try:
                detach_loop(still[0])
            except SdxError:
                pass  # autoclear raced us
