"""Restore (beyond the GDS guide): a backup image written back into a volume, through the volume's Device.

The write is a volume write as any other (mirrored to every valid slice, JRM-marked). The volume
must be started, at least the image's size and not in use (mounted or open through the device
server, or a service running on it); the image's checksum is checked before anything is written.
A cancelled or failed restore leaves the volume holding part of the backup: its event says so.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.volume_io import open_device
from ..core.errors import CopyInterrupted, InUseError, SdxError
from ..core.events import EventKind
from ..core.model import VolumeStatus
from ..core.policy.manager import VolumeManager
from .backup import CHUNK, BackupProgress, checksum_path, checksums
from .service import running_services


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    class_name: str
    volume: str
    bytes: int
    sha256: str
    seconds: float


def image_checksum(path: Path) -> str:
    """The image's SHA-256, checked against its ``.sha256`` file (refused when missing or different)."""
    expected, actual = checksums(path)
    if expected is None:
        raise SdxError(f"no checksum file beside the backup ({checksum_path(path).name}): it cannot be restored",
                       str(path))
    if actual != expected:
        raise SdxError("backup checksum mismatch: the file is not the backup that was written; nothing restored",
                       str(path))
    return expected


def check_restore_target(manager: VolumeManager, class_name: str, volume: str, size: int) -> None:
    """Refuse (changing nothing) a volume that cannot take the image now."""
    where = f"{class_name}: {volume}"
    if manager.snapshot().class_info(class_name) is None:
        raise SdxError("no such class", class_name)
    v = manager.snapshot().volume(class_name, volume)
    if v is None:
        raise SdxError("no such volume", where)
    if v.status is not VolumeStatus.ACTIVE:
        raise SdxError("volume is not started", where)
    if v.in_use or (class_name, volume) in running_services(manager.ws):
        raise InUseError("volume is in use", where)
    if v.size_bytes < size:
        raise SdxError(f"volume is smaller than the backup ({v.size_bytes} < {size} bytes)", where)


def restore_backup(manager: VolumeManager, file: str | os.PathLike[str], class_name: str, volume: str, *,
                   progress: Callable[[BackupProgress], None] | None = None, stop: threading.Event | None = None,
                   source: str = "gdsview") -> RestoreResult:
    """Write the backup ``file`` into the volume from its first byte (the rest of a larger volume is kept)."""
    path = Path(file).absolute()
    if not path.is_file():
        raise SdxError("no such backup file", str(path))
    size = path.stat().st_size
    check_restore_target(manager, class_name, volume, size)
    sha = image_checksum(path)
    check_restore_target(manager, class_name, volume, size)  # the checksum took a while: look again
    stop = stop or threading.Event()
    t0 = time.monotonic()
    done = 0
    ws = manager.ws
    try:
        with open_device(ws, f"/dev/sfdsk/{class_name}/dsk/{volume}", writable=True, source=source) as dev, \
                open(path, "rb") as f:
            last = 0.0
            while done < size:
                if stop.is_set():
                    raise CopyInterrupted("cancel")
                data = f.read(min(CHUNK, size - done))
                if not data:
                    raise SdxError("the backup file became shorter while it was read", str(path))
                dev.pwrite(data, done)  # zeros too: the volume's old data must not show through
                done += len(data)
                now = time.monotonic()
                if progress and (now - last >= 0.1 or done == size):
                    last = now
                    progress(BackupProgress(done, size, done / max(now - t0, 1e-9)))
            dev.flush()
    except CopyInterrupted:
        _log(manager, source, EventKind.RESTORE_CANCELLED, class_name, volume,
             f"restore of {path} into {volume} cancelled after {done} of {size} bytes: the volume holds part of "
             "the backup; restore it again before use", "WARNING")
        raise SdxError("restore cancelled: the volume holds part of the backup; restore it again before use",
                       volume) from None
    except OSError as e:
        _log(manager, source, EventKind.RESTORE_FAILED, class_name, volume,
             f"restore of {path} into {volume} failed after {done} bytes: {e.strerror or e}", "ERROR")
        raise SdxError(f"restore failed: {e.strerror or e}; the volume holds part of the backup", volume) from e
    seconds = time.monotonic() - t0
    _log(manager, source, EventKind.RESTORE_DONE, class_name, volume,
         f"backup {path} restored into {volume} ({size} bytes, SHA-256 {sha[:16]}…)")
    return RestoreResult(path, class_name, volume, size, sha, seconds)


def _log(manager: VolumeManager, source: str, kind: EventKind, class_name: str, volume: str, text: str,
         severity: str = "INFO") -> None:
    store = manager.ws.store
    with store.write() as conn:
        store.log(conn, source, kind, text, class_name=class_name, obj=volume, severity=severity)


__all__ = ["restore_backup", "RestoreResult", "check_restore_target", "image_checksum"]
