"""The embedded demo lab: the starting point of the seed's backup procedure."""

from __future__ import annotations

from .errors import SdxError
from .manager import VolumeManager
from .names import GiB, MiB

DEMO_DISKS = ("sda", "sdb", "sdc")
DEMO_DISK_SIZE = 1 * GiB
DEMO_VOLUMES = (("Volume1", 512 * MiB), ("Volume2", 256 * MiB))


def init_lab(manager: VolumeManager, *, demo: bool = True) -> None:
    """Build the demo lab in an empty workspace.

    Physical disks sda, sdb, sdc (1 GiB, sparse); Class1 with Disk1 (sda) and Disk2 (sdb) in
    mirror group Group1; Volume1 (512 MiB) and Volume2 (256 MiB) started and in sync; sdc left
    unregistered, the backup disk of the reliable backup procedure.
    """
    snap = manager.snapshot()
    if snap.classes or snap.physical_disks:
        raise SdxError("workspace is not empty: choose an empty folder with --workspace", str(manager.ws.root))
    if not demo:
        return
    for name in DEMO_DISKS:
        manager.create_physical_disk(name, DEMO_DISK_SIZE)
    manager.register_disk("Class1", "sda", "Disk1")
    manager.register_disk("Class1", "sdb", "Disk2")
    manager.connect_disk("Class1", "Group1", "Disk1")
    manager.connect_disk("Class1", "Group1", "Disk2")
    for volume, size in DEMO_VOLUMES:
        manager.create_volume("Class1", "Group1", volume, size // 512)
    with manager.store.write() as conn:  # the training lab's steps are counted from here
        manager.store.log(conn, manager.source, "lab-init", "demo lab ready: sdc is the backup disk",
                          class_name="Class1")
