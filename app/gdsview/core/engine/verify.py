"""``gdsview verify``: compare every valid slice of a volume, chunk by chunk."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DeviceError, SdxError
from ..storage.images import ImageFiles
from ..storage.jrm import REGION_SIZE
from ..storage.layout import load_layout
from ..storage.locks import RegionLock
from ..storage.workspace import Workspace

VERIFY_CHUNK_REGIONS = 4


@dataclass(frozen=True)
class VerifyResult:
    class_name: str
    volume: str
    slices: tuple[str, ...]
    compared_bytes: int
    differences: tuple[tuple[int, int], ...]  # (byte offset in the volume, length), merged

    @property
    def ok(self) -> bool:
        return not self.differences


def verify_volume(ws: Workspace, class_name: str, volume: str) -> VerifyResult:
    """Compare the ACTIVE slices (the ones the volume reads from) under a shared region lock."""
    with ws.store.read() as conn:
        layout = load_layout(conn, class_name, volume)
    valid = layout.valid_slices()
    if not valid:
        raise SdxError("volume has no valid slice (INVALID)", volume)
    images = ImageFiles(ws.disks_dir)
    lock = RegionLock(ws.volume_lock_path(layout.id))
    diffs: list[list[int]] = []
    try:
        step = VERIFY_CHUNK_REGIONS * REGION_SIZE
        for offset in range(0, layout.size, step):
            length = min(step, layout.size - offset)
            with lock.regions(offset // REGION_SIZE, -(-length // REGION_SIZE), exclusive=False):
                datas = []
                for s in valid:
                    try:
                        datas.append(images.read(s.device, length, layout.offset + offset))
                    except OSError as e:
                        raise DeviceError(f"cannot verify: read error on disk {s.disk} ({s.device}): {e.strerror}",
                                          volume, disk=s.disk) from e
            first = datas[0]
            if all(d == first for d in datas[1:]):
                continue
            for sub in range(0, length, 4096):  # narrow the difference down to 4 KiB pieces
                piece = first[sub : sub + 4096]
                if any(d[sub : sub + 4096] != piece for d in datas[1:]):
                    start, size = offset + sub, len(piece)
                    if diffs and diffs[-1][0] + diffs[-1][1] == start:
                        diffs[-1][1] += size
                    else:
                        diffs.append([start, size])
    finally:
        lock.close()
        images.close()
    return VerifyResult(class_name, volume, tuple(f"{s.disk}.{volume}" for s in valid), layout.size,
                        tuple((a, b) for a, b in diffs))
