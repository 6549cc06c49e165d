"""The disk-failure lesson: a physical disk fails (every read and write returns EIO), then works again.

The failure is a rule of the workspace's fault plan, so every process using the workspace (the
GUI, ``sdx*`` commands, copy workers) sees it. Ending it leaves the disk's slices INVALID and the
disk DISABLE: Restore Physical Disk (``VolumeManager.restore_disk``) takes it back into use.
"""

from __future__ import annotations

from ..core.storage import faults
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
