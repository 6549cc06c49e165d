"""Device.data_ranges: where a volume or a detached slice may hold data (the rest reads as zeros)."""

from __future__ import annotations

from gdsview.core.engine.volume_io import open_device
from gdsview.core.names import MiB
from gdsview.core.storage.images import data_ranges
from workspace_helpers import apath, pattern, vpath


def _covered(ranges, offset: int, length: int) -> bool:
    return any(start <= offset and offset + length <= end for start, end in ranges)


def test_a_new_volume_holds_no_data(lab) -> None:
    with open_device(lab.ws, vpath()) as dev:
        assert dev.data_ranges() == []


def test_written_ranges_are_reported_and_holes_read_as_zeros(lab) -> None:
    lab.write(vpath(), pattern(1, 4096), 5 * MiB)
    lab.write(vpath(), pattern(2, 8192), 9 * MiB + 4096)
    with open_device(lab.ws, vpath()) as dev:
        ranges = dev.data_ranges()
        assert _covered(ranges, 5 * MiB, 4096) and _covered(ranges, 9 * MiB + 4096, 8192)
        assert sum(end - start for start, end in ranges) < 2 * MiB  # not the whole 16 MiB
        assert all(0 <= start < end <= dev.size for start, end in ranges)
        gaps = [(a_end, b_start) for (_, a_end), (b_start, _) in zip([(0, 0), *ranges], [*ranges, (dev.size, 0)],
                                                                          strict=True)]
        for start, end in gaps:
            if end > start:
                assert dev.pread(end - start, start) == bytes(end - start)
        # a window: only what lies inside it, clipped
        inner = dev.data_ranges(5 * MiB, 1 * MiB)
        assert inner and all(5 * MiB <= s < e <= 6 * MiB for s, e in inner)


def test_an_access_path_reports_its_own_slice(lab) -> None:
    lab.manager.detach_slice("Class1", "Disk2", "Volume1")
    lab.write(vpath(), pattern(3, 4096), 2 * MiB)  # reaches Disk1 only
    with open_device(lab.ws, apath("Disk2")) as dev:
        assert not _covered(dev.data_ranges(), 2 * MiB, 4096)
    with open_device(lab.ws, vpath()) as dev:
        assert _covered(dev.data_ranges(), 2 * MiB, 4096)


def test_images_data_ranges_on_a_plain_file(tmp_path) -> None:
    path = tmp_path / "f"
    with open(path, "wb") as f:
        f.truncate(4 * MiB)
        f.seek(MiB)
        f.write(b"x" * 4096)
    with open(path, "rb") as f:
        ranges = data_ranges(f.fileno(), 0, 4 * MiB)
        assert _covered(ranges, MiB, 4096) and sum(e - s for s, e in ranges) < 4 * MiB
        assert data_ranges(f.fileno(), 2 * MiB, MiB) == []
