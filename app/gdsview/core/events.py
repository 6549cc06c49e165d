"""The workspace's event log: every kind of event, and the record read back.

Every change of the configuration logs one event in the same transaction (the Log Information
field shows them, the monitor re-reads the classes they name, the training lab grades the
procedure from them). Writers and readers name a kind only through :class:`EventKind`, so a
misspelt kind is an ``AttributeError``, never an event nobody matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    """What happened. The value is what the database stores (and old workspaces hold)."""

    # physical disks, classes, groups, disks
    PDISK_CREATE = "pdisk-create"
    PDISK_SPEED = "pdisk-speed"
    CLASS_CREATE = "class-create"
    CLASS_REMOVE = "class-remove"
    DISK_REGISTER = "disk-register"
    DISK_REMOVE = "disk-remove"
    GROUP_CREATE = "group-create"
    GROUP_REMOVE = "group-remove"
    DISK_CONNECT = "disk-connect"
    DISK_DISCONNECT = "disk-disconnect"
    DISK_RESTORE = "disk-restore"
    DISK_SWAP_OUT = "disk-swap-out"
    DISK_SWAP_IN = "disk-swap-in"
    # attributes changed (sdxattr -C / -D / -G / -V / -S)
    CLASS_ATTRIBUTES = "class-attributes"
    DISK_ATTRIBUTES = "disk-attributes"
    GROUP_ATTRIBUTES = "group-attributes"
    VOLUME_ATTRIBUTES = "volume-attributes"
    SLICE_ATTRIBUTES = "slice-attributes"
    # volumes
    VOLUME_CREATE = "volume-create"
    VOLUME_START = "volume-start"
    VOLUME_STOP = "volume-stop"
    VOLUME_REMOVE = "volume-remove"
    VOLUME_INVALID = "volume-invalid"
    VOLUME_RECOVER = "volume-recover"
    # slices
    SLICE_DETACH = "slice-detach"
    SLICE_ATTACH = "slice-attach"
    SLICE_STOP = "slice-stop"
    SLICE_ACTIVATE = "slice-activate"
    SLICE_FAILED = "slice-failed"
    SLICE_NODE_SWITCH = "slice-node-switch"  # a TEMP slice became TEMP-STOP: its class switched nodes
    # synchronization copying
    COPY_BEGIN = "copy-begin"
    COPY_DELAY = "copy-delay"
    COPY_START = "copy-start"
    COPY_DONE = "copy-done"
    COPY_PAUSED = "copy-paused"
    COPY_FAILED = "copy-failed"
    COPY_CANCELLED = "copy-cancelled"
    COPY_INTERRUPTED = "copy-interrupted"
    # the cluster (gdsview cluster)
    CLUSTER_INIT = "cluster-init"
    CLUSTER_SWITCH = "cluster-switch"
    NODE_FAIL = "node-fail"
    NODE_JOIN = "node-join"
    # written by the training lab (gdsview.lab), read by its observer
    LAB_INIT = "lab-init"
    SERVICE_START = "service-start"
    SERVICE_STOP = "service-stop"
    BACKUP_DONE = "backup-done"
    BACKUP_CANCELLED = "backup-cancelled"
    BACKUP_FAILED = "backup-failed"
    BACKUP_VERIFIED = "backup-verified"  # its text ends with the verdict: CLEAN, RECOVERED or DAMAGED
    RESTORE_DONE = "restore-done"
    RESTORE_CANCELLED = "restore-cancelled"  # the volume holds part of the backup
    RESTORE_FAILED = "restore-failed"
    LAB_DAMAGE = "lab-damage"  # the restore lesson's "the data was damaged"
    #: read back from a row whose kind this version does not know (a newer gdsview wrote it)
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, text: str) -> EventKind:
        try:
            return cls(text)
        except ValueError:
            return cls.UNKNOWN


@dataclass(frozen=True)
class Event:
    """One line of the operation log, written by any process using the workspace."""

    id: int
    ts: float
    pid: int
    source: str
    severity: str
    kind: EventKind
    class_name: str | None
    obj: str | None
    text: str
    node: str | None = None  # the node that made it (None: logged before the workspace had nodes)


__all__ = ["Event", "EventKind"]
