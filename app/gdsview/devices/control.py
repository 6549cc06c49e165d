"""Starting, stopping and looking at a workspace's device server (``gdsview devices up|down|status``).

Where the devices are: as root, the GDS manual's own ``/dev/sfdsk/<class>/dsk/...``, which one
workspace at a time may hold (``/run/gdsview/dev_sfdsk.lock``, an owner lock; ``dev_sfdsk.json``
names the holder); otherwise ``<workspace>/dev/sfdsk/...``. The server holds the workspace's
``state/locks/devices-server.lock`` while it runs and writes ``state/devices/server.json``
(pid, mount point); a server that died leaves the json and, often, its mounts: ``down --force``
tears them down in order (file systems, loop devices, the FUSE tree).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import BusyError, SdxError
from ..core.names import DEV_ROOT
from ..core.storage.cluster import ENV_NODE
from ..core.storage.locks import OwnerLock, is_held
from ..core.storage.workspace import Workspace
from . import loopdev

SYSTEM_ROOT = DEV_ROOT
RUN_DIR = Path("/run/gdsview")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0
ENV_ROOT = "GDSVIEW_DEVICES_ROOT"


def server_lock(ws: Workspace) -> OwnerLock:
    return OwnerLock(ws.state_dir / "locks" / "devices-server.lock", "the device server")


def state_path(ws: Workspace) -> Path:
    return ws.devices_dir / "server.json"


def log_path(ws: Workspace) -> Path:
    return ws.devices_dir / "server.log"


def default_mountpoint(ws: Workspace) -> str:
    """``/dev/sfdsk`` as root; without root the tree lives under the workspace. ``$GDSVIEW_DEVICES_ROOT``
    chooses another place (the tests use their own, so as never to take the system's)."""
    if os.environ.get(ENV_ROOT):
        return os.path.abspath(os.environ[ENV_ROOT])
    return SYSTEM_ROOT if os.geteuid() == 0 else str(ws.root / "dev" / "sfdsk")


def write_state(ws: Workspace, *, pid: int, mountpoint: str, created: bool) -> None:
    ws.devices_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_path(ws).with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": pid, "mountpoint": mountpoint, "created": created,
                               "workspace": str(ws.root), "started": time.time(), "node": ws.node}))
    os.replace(tmp, state_path(ws))


def read_state(ws: Workspace) -> dict:
    try:
        return json.loads(state_path(ws).read_text())
    except (OSError, ValueError):
        return {}


def clear_state(ws: Workspace) -> None:
    state_path(ws).unlink(missing_ok=True)


class MountpointClaim:
    """A workspace's hold on its mount point; released (and its note removed) when the server stops."""

    def __init__(self, lock: OwnerLock, note: Path) -> None:
        self.lock, self.note = lock, note

    def release(self) -> None:
        self.note.unlink(missing_ok=True)
        self.lock.path.unlink(missing_ok=True)  # before the release: nobody can take a lock file on its way out
        self.lock.release()


def _claim_paths(mountpoint: str) -> tuple[Path, Path]:
    key = mountpoint.strip("/").replace("/", "_") or "root"
    return RUN_DIR / f"{key}.lock", RUN_DIR / f"{key}.json"


def mountpoint_holder(mountpoint: str) -> dict:
    """Who holds ``mountpoint`` (``/dev/sfdsk``): ``{"workspace": ..., "pid": ...}``, or {} if nobody."""
    lock, note = _claim_paths(mountpoint)
    if not is_held(lock):
        return {}
    try:
        return json.loads(note.read_text())
    except (OSError, ValueError):
        return {"workspace": "?", "pid": "?"}


def _held_error(mountpoint: str, holder: dict) -> SdxError:
    w = holder.get("workspace")
    return SdxError(f"held by the device server of workspace {w} (pid {holder.get('pid')}): "
                    f"stop it first with 'gdsview --workspace {w} devices down'", mountpoint)


def claim_mountpoint(ws: Workspace, mountpoint: str) -> MountpointClaim | None:
    """As root, one workspace at a time may serve a mount point (``/dev/sfdsk`` is the system's)."""
    if os.geteuid() != 0:
        return None  # the tree is under the workspace itself, which the server lock guards
    RUN_DIR.mkdir(mode=0o755, parents=True, exist_ok=True)
    lock_path, note = _claim_paths(mountpoint)
    for _ in range(5):
        lock = OwnerLock(lock_path, f"the use of {mountpoint}")
        try:
            lock.acquire()
        except BusyError:
            raise _held_error(mountpoint, mountpoint_holder(mountpoint)) from None
        try:
            if os.stat(lock_path).st_ino == os.fstat(lock.fd).st_ino:  # type: ignore[arg-type]
                break
        except FileNotFoundError:
            pass
        lock.release()  # we locked a file its last holder had just removed: take the new one
    else:
        raise SdxError("cannot take the mount point's lock", mountpoint)
    note.write_text(json.dumps({"workspace": str(ws.root), "pid": os.getpid()}))
    return MountpointClaim(lock, note)


def is_stale_mount(path: str) -> bool:
    """A FUSE mount whose server died answers ENOTCONN; it is still in the mount table."""
    return loopdev.is_mountpoint(path)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    mountpoint: str
    dead: bool  # not running, but its mount (or its state) is still there: `down --force`
    in_use: tuple[str, ...] = ()  # device paths open through the server
    mounts: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (device, mount point)
    node: str | None = None  # the cluster node it serves as

    def describe(self) -> str:
        if self.running:
            text = (f"device server running (pid {self.pid}{f', as node {self.node}' if self.node else ''}): "
                    f"volumes and access paths under {self.mountpoint}")
        elif self.dead:
            text = (f"device server is not running, but its devices are still mounted at {self.mountpoint}: "
                    "run 'gdsview devices down --force'")
        else:
            text = "device server is not running"
        return text


def status(ws: Workspace, mountpoint: str | None = None, *, open_devices: bool = True) -> ServerStatus:
    """What the workspace's server does; ``mountpoint``: where to look when no server ever ran.
    ``open_devices=False`` leaves ``in_use`` empty (it reads the whole configuration: the GUI has it)."""
    state = read_state(ws)
    running = is_held(server_lock(ws).path)
    mountpoint = state.get("mountpoint") or mountpoint or default_mountpoint(ws)
    mounted = loopdev.mount_at(mountpoint)
    ours = mounted is not None and mounted.fstype in ("fuse.gdsview", "fuse") and mounted.source == "gdsview"
    holder = mountpoint_holder(mountpoint)
    if holder and holder.get("workspace") != str(ws.root):
        ours = False  # another workspace's live server
    dead = not running and (ours or bool(state))
    pid = state.get("pid") if running else None
    device_mounts = []
    if ours:
        loops = loopdev.loops_under(mountpoint)
        by_dev = {lp.dev: lp.backing_file for lp in loops}
        device_mounts = [(by_dev[m.dev], m.target) for m in loopdev.mounts_on(loops)]
    in_use = tuple(_open_devices(ws, mountpoint)) if running and open_devices else ()
    return ServerStatus(running, pid, mountpoint, dead, in_use, tuple(device_mounts),
                        state.get("node") if running else None)


def _open_devices(ws: Workspace, mountpoint: str) -> list[str]:
    from ..core.storage.snapshot import load_snapshot

    with ws.store.read() as conn:
        snap = load_snapshot(ws, conn, physical=False)
    prefix = mountpoint.rstrip("/")
    paths = [v.path for v in snap.volumes if v.in_use] + [s.access_path for s in snap.slices if s.in_use]
    return [prefix + p.removeprefix(SYSTEM_ROOT) for p in paths]


def up(ws: Workspace, *, gid: int = 0, mountpoint: str | None = None, timeout: float = START_TIMEOUT) -> ServerStatus:
    """Start the server in the background; returns once its tree is mounted (or raises why not)."""
    st = status(ws, mountpoint)
    if st.running:
        raise SdxError(f"the device server is already running (pid {st.pid})", st.mountpoint)
    mountpoint = os.path.abspath(mountpoint or default_mountpoint(ws))
    if holder := mountpoint_holder(mountpoint):
        raise _held_error(mountpoint, holder)
    if st.dead:
        raise SdxError("a device server of this workspace died and left its devices mounted: "
                       "run 'gdsview devices down --force' first", st.mountpoint)
    ws.store  # noqa: B018 - makes the workspace's folders
    ws.devices_dir.mkdir(parents=True, exist_ok=True)
    r, w = os.pipe()
    with open(log_path(ws), "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gdsview.devices.server", "--workspace", str(ws.root), "--mountpoint", mountpoint,
             "--gid", str(gid), "--ready-fd", str(w)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(w,), start_new_session=True,
            env={**os.environ, ENV_NODE: ws.node},  # it serves what this node may open
        )
    os.close(w)
    try:
        line = _read_line(r, timeout)
    finally:
        os.close(r)
    if line != "ready":
        if proc.poll() is None and not line:
            proc.kill()
        proc.wait(timeout=10)
        text = line.removeprefix("error ").strip() if line else _last_log_line(ws) or "it did not start in time"
        raise SdxError(f"the device server did not start: {text}", mountpoint)
    return status(ws, mountpoint)


def _read_line(fd: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace").strip()


def _last_log_line(ws: Workspace) -> str:
    try:
        lines = log_path(ws).read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""


def down(ws: Workspace, *, force: bool = False, timeout: float = STOP_TIMEOUT) -> list[str]:
    """Stop the server; with ``force`` unmount what is on its devices first. Returns what was done."""
    st = status(ws)
    done: list[str] = []
    if not st.running and not st.dead:
        return done
    if not force:
        if st.dead:
            raise SdxError("the device server died and left its devices mounted: use 'gdsview devices down --force'",
                           st.mountpoint)
        busy = [f"{dev} mounted on {target}" for dev, target in st.mounts]
        busy += [p for p in st.in_use if p not in {dev for dev, _ in st.mounts}]
        if busy:
            raise SdxError(f"devices are in use: {', '.join(busy)}; unmount and close them first "
                           "(or 'gdsview devices down --force')", st.mountpoint)
    else:
        done += teardown_devices(st.mountpoint)
    if st.running:
        pid = int(st.pid or 0)
        if pid > 0:
            os.kill(pid, signal.SIGUSR1 if force else signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while is_held(server_lock(ws).path) and time.monotonic() < deadline:
            time.sleep(0.05)
        if is_held(server_lock(ws).path):
            raise SdxError(f"the device server (pid {pid}) did not stop in time", st.mountpoint)
        done.append(f"device server (pid {pid}) stopped")
    if loopdev.is_mountpoint(st.mountpoint):  # the server was killed: its FUSE mount is left
        try:
            loopdev.run_tool(["umount", st.mountpoint], "unmount the device tree", st.mountpoint)
        except SdxError:
            loopdev.run_tool(["umount", "--lazy", st.mountpoint], "unmount the device tree", st.mountpoint)
        done.append(f"device tree {st.mountpoint} unmounted")
    state = read_state(ws)
    if state.get("created"):
        try:
            os.rmdir(st.mountpoint)
        except OSError:
            pass
    clear_state(ws)
    return done


def teardown_devices(mountpoint: str) -> list[str]:
    """Unmount every file system on the tree's loop devices, then detach those loops (in that order)."""
    done = []
    loops = loopdev.loops_under(mountpoint)
    for m in sorted(loopdev.mounts_on(loops), key=lambda m: -m.mount_id):  # the newest (innermost) first
        try:
            loopdev.run_tool(["umount", m.target], "unmount", m.target)
        except SdxError:
            loopdev.run_tool(["umount", "--lazy", m.target], "unmount", m.target)
        done.append(f"{m.target} unmounted")
    for lp in loopdev.loops_under(mountpoint):
        try:
            loopdev.detach_loop(lp)
            done.append(f"{lp.path} detached ({lp.backing_file})")
        except SdxError:
            pass  # autoclear detached it when its file system went
    return done
