"""A mirror's flush syncs its images side by side: every image synced, each error its own."""

from __future__ import annotations

import os

from gdsview.core.errors import SdxError
from gdsview.core.storage.images import ImageFiles, create_image


def test_sync_each_syncs_every_image_and_reports_each_failure(tmp_path) -> None:
    disks = tmp_path / "ws" / "disks"
    disks.mkdir(parents=True)
    for name in ("sda", "sdb"):
        create_image(disks / f"{name}.img", 1 << 20)
    images = ImageFiles(disks)
    try:
        for name in ("sda", "sdb"):
            os.pwrite(images.fd(name), b"x" * 4096, 0)
        assert images.sync_each(["sda", "sdb"]) == [None, None]
        errors = images.sync_each(["sda", "sdc", "sdb"])  # sdc has no image: its error, the others synced
        assert errors[0] is None and errors[2] is None
        assert isinstance(errors[1], SdxError)
        images.sync(["sda", "sdb"])
    finally:
        images.close()
