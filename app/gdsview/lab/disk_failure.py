"""The disk-failure lesson: a physical disk fails (every read and write returns EIO), and is replaced.

The failure is a rule of the workspace's fault plan, so every process using the workspace (the
GUI, ``sdx*`` commands, copy workers) sees it. The lesson, as an operator replaces a broken disk:

1. ``fail_disk``: the next I/O makes the disk's slices INVALID and the disk DISABLE;
2. Swap Physical Disk (``sdxswap -O``): the disk SWAP, its slices NOUSE;
3. ``replace_disk``: a new, empty disk in the same place (the failure ends);
4. Restore Physical Disk (``sdxswap -I``): the disk ENABLE, copying into its slices, then ACTIVE.

``repair_disk`` ends a failure without a replacement (a transient fault): the disk stays DISABLE
until ``VolumeManager.restore_disk`` takes it back in place.
"""

from __future__ import annotations

from ..core.errors import SdxError
from ..core.model import DiskStatus, Snapshot
from ..core.storage import faults
from ..core.storage.images import ImageFiles, zero_range
from ..core.storage.workspace import Workspace


def fail_disk(ws: Workspace, device: str) -> None:
    """The physical disk ``device`` fails: every read and write of it returns EIO from now on."""
    faults.add(ws, device, "any", "EIO")


def repair_disk(ws: Workspace, device: str) -> None:
    """End the simulated failure of ``device`` (its slices stay INVALID until it is restored)."""
    faults.clear(ws, device)


def failing_disks(ws: Workspace) -> set[str]:
    """The physical disks whose simulated failure is running."""
    return {str(r.get("device")) for r in faults.read_plan(ws) if r.get("device")}


def replace_disk(ws: Workspace, snap: Snapshot, device: str) -> None:
    """A new physical disk in place of ``device``: the simulated failure ends and every byte of the
    image reads as zero (the same file, so no process keeps writing to an old one).

    Refused unless the disk registered on it is swapped out (SWAP) or it is registered nowhere.
    """
    pd = next((p for p in snap.physical_disks if p.name == device), None)
    if pd is None:
        raise SdxError("no such physical disk", device)
    disk = next((d for d in snap.disks if d.device == device), None)
    if disk is not None and disk.status is not DiskStatus.SWAP:
        raise SdxError(f"physical disk is in use as {disk.class_name}/{disk.name} ({disk.status}): swap it out "
                       f"first (sdxswap -O -c {disk.class_name} -d {disk.name})", device)
    faults.clear(ws, device)
    images = ImageFiles(ws.disks_dir)
    try:
        zero_range(images.fd(device), 0, pd.size_bytes)
    except OSError as e:
        raise SdxError(f"cannot replace the disk image: {e.strerror or e}", device) from None
    finally:
        images.close()
