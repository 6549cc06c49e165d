"""verify_volume: identical slices are ok; a corrupted slice is reported by differing ranges."""

from __future__ import annotations

import pytest
from gdsview.core.engine.slice_state import invalidate_slice
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import SdxError
from gdsview.core.names import MiB
from gdsview.core.storage.layout import load_layout
from workspace_helpers import pattern, vpath

C = "Class1"


def test_identical_slices_verify_ok(lab) -> None:
    lab.write(vpath(), pattern(1, 5 * MiB), 3 * MiB + 11)
    r = verify_volume(lab.ws, C, "Volume1")
    assert r.ok and r.differences == ()
    assert r.slices == ("Disk1.Volume1", "Disk2.Volume1") and r.compared_bytes == 16 * MiB


def test_corruption_is_reported_as_ranges(lab) -> None:
    lab.write(vpath(), pattern(2, 16 * MiB), 0)
    lab.poke_slice("Disk2", b"\x00garbage", 5 * MiB + 100)  # inside one 4 KiB piece
    lab.poke_slice("Disk2", b"zz", 12 * MiB + 4095)  # across two 4 KiB pieces
    lab.poke_slice("Disk1", b"y", 16 * MiB - 1)  # the last byte of the volume
    r = verify_volume(lab.ws, C, "Volume1")
    assert not r.ok
    assert r.differences == ((5 * MiB, 4096), (12 * MiB, 8192), (16 * MiB - 4096, 4096))
    # Volume2, on the same disks, is unaffected
    assert verify_volume(lab.ws, C, "Volume2").ok


def test_corruption_across_verify_chunks_merges(lab) -> None:
    lab.poke_slice("Disk1", b"\xff" * (2 * MiB), 3 * MiB)  # spans the 4 MiB chunk boundary
    assert verify_volume(lab.ws, C, "Volume1").differences == ((3 * MiB, 2 * MiB),)


def test_only_valid_slices_are_compared(lab) -> None:
    m = lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    lab.write(path, b"differs", 0)
    r = verify_volume(lab.ws, C, "Volume1")
    assert r.ok and r.slices == ("Disk1.Volume1",)
    m.attach_slice(C, "Disk2", "Volume1")
    assert verify_volume(lab.ws, C, "Volume1").slices == ("Disk1.Volume1", "Disk2.Volume1")


def test_verify_refuses_unknown_or_invalid_volume(lab) -> None:
    with pytest.raises(SdxError, match="no such volume"):
        verify_volume(lab.ws, C, "Volume9")
    m = lab.manager
    m.stop_volume(C, "Volume2")
    m.detach_slice(C, "Disk2", "Volume2")
    with lab.ws.store.read() as conn:
        layout = load_layout(conn, C, "Volume2")
    invalidate_slice(lab.ws, layout, layout.slice("Disk1"), "test", "test")
    with pytest.raises(SdxError, match="INVALID"):
        verify_volume(lab.ws, C, "Volume2")
