"""The embedded demo lab: the starting point of the GDS guide's backup procedure (7.7.1), and its reset."""

from __future__ import annotations

import shutil

from ..core.errors import SdxError
from ..core.events import EventKind
from ..core.names import GiB, MiB
from ..core.policy.cluster import Cluster
from ..core.policy.manager import VolumeManager
from ..core.storage.bandwidth import DEFAULT_SPEED, read_speed
from ..core.storage.workspace import Workspace
from .service import running_services

DEMO_DISKS = ("sda", "sdb", "sdc")
DEMO_DISK_SIZE = 1 * GiB
DEMO_VOLUMES = (("Volume1", 512 * MiB), ("Volume2", 256 * MiB))
CLUSTER_NODES = ("node1", "node2")


def init_lab(manager: VolumeManager, *, demo: bool = True, speed: int | None = DEFAULT_SPEED,
             cluster: bool = False) -> None:
    """Build the demo lab in an empty workspace.

    Physical disks sda, sdb, sdc (1 GiB, sparse, each serving ``speed`` bytes a second like a
    real disk; None: unlimited, for tests and benchmarks); Class1 with Disk1 (sda) and Disk2 (sdb)
    in mirror group Group1; Volume1 (512 MiB) and Volume2 (256 MiB) started and in sync; sdc left
    unregistered, the backup disk of the reliable backup procedure. With ``cluster``, the
    workspace is a cluster of node1 and node2 and Class1 is shared by them (scope node1:node2),
    its service online on node1.
    """
    snap = Cluster(manager).snapshot(Cluster(manager).nodes()[0].name)  # whichever node this process acts as
    if snap.classes or snap.foreign_classes or snap.physical_disks:
        raise SdxError("workspace is not empty: choose an empty folder with --workspace", str(manager.ws.root))
    if cluster:
        Cluster(manager).define_nodes(list(CLUSTER_NODES))
    if not demo:
        return
    acting = manager.node
    if cluster:
        manager.ws.set_node(CLUSTER_NODES[0])  # the class is made, and its service online, on node1
    try:
        _build_demo(manager, cluster, speed)
    finally:
        if cluster:
            manager.ws.set_node(acting)


def _build_demo(manager: VolumeManager, cluster: bool, speed: int | None) -> None:
    for name in DEMO_DISKS:
        manager.create_physical_disk(name, DEMO_DISK_SIZE, speed)
    manager.register_disk("Class1", "sda", "Disk1", class_type="shared" if cluster else None,
                          scope=CLUSTER_NODES if cluster else None)
    manager.register_disk("Class1", "sdb", "Disk2")
    manager.connect_disk("Class1", "Group1", "Disk1")
    manager.connect_disk("Class1", "Group1", "Disk2")
    for volume, size in DEMO_VOLUMES:
        manager.create_volume("Class1", "Group1", volume, size // 512)
    where = f" (cluster {', '.join(CLUSTER_NODES)}: Class1 shared, online on {CLUSTER_NODES[0]})" if cluster else ""
    with manager.store.write() as conn:  # the training lab's steps are counted from here
        manager.store.log(conn, manager.source, EventKind.LAB_INIT, f"demo lab ready{where}: sdc is the backup disk",
                          class_name="Class1")


def reset_lab(ws: Workspace) -> None:
    """Put the workspace back to the demo lab's starting state (everything else is deleted).

    The new disks get the speed the lab's first disk had (a test's unlimited lab stays unlimited).
    """
    cluster = False
    if ws.db_path.exists():
        snap = VolumeManager(ws).snapshot()
        cluster = tuple(n.name for n in snap.nodes) == CLUSTER_NODES
        running = [s.name for s in snap.slices if s.copy and s.copy.running]
        if running:
            raise SdxError(f"copying into {', '.join(running)} is in progress: wait or cancel it first")
        in_use = [v.name for v in snap.volumes if v.in_use] + [s.name for s in snap.slices if s.in_use]
        if in_use:
            raise SdxError(f"{', '.join(in_use)} in use (open or mounted through the device server): "
                           "unmount and close it first")
        writing = sorted(volume for _class, volume in running_services(ws))
        if writing:
            raise SdxError(f"the service is writing to {', '.join(writing)}: stop it first")
    speed = read_speed(ws.root, DEMO_DISKS[0]) if (ws.disks_dir / f"{DEMO_DISKS[0]}.img").exists() else DEFAULT_SPEED
    ws.close()
    for name in ("gdsview.db", "gdsview.db-wal", "gdsview.db-shm"):
        (ws.root / name).unlink(missing_ok=True)
    for folder in (ws.disks_dir, ws.state_dir):
        shutil.rmtree(folder, ignore_errors=True)
    init_lab(VolumeManager(ws, source="gdsview"), speed=speed, cluster=cluster)
