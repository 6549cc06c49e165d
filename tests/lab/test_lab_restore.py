"""lab.restore: a cancelled restore says the volume holds part of the backup, and logs so."""

from __future__ import annotations

import threading

import pytest
from gdsview.core.errors import SdxError
from gdsview.lab.backup import backup_access_path
from gdsview.lab.restore import restore_backup
from workspace_helpers import CLASS, apath


def test_cancelled_restore_is_marked(lab, tmp_path):
    lab.manager.detach_slice(CLASS, "Disk2", "Volume1")
    result = backup_access_path(lab.ws, apath("Disk2"), tmp_path / "b.img")
    lab.manager.attach_slice(CLASS, "Disk2", "Volume1")
    stop = threading.Event()
    reports = []

    def progress(p):
        reports.append(p)
        stop.set()  # cancelled after the first chunk

    with pytest.raises(SdxError, match="restore cancelled: the volume holds part of the backup"):
        restore_backup(lab.manager, result.path, CLASS, "Volume1", progress=progress, stop=stop)
    kinds = [e.kind for e in lab.manager.events(0, 100_000)]
    assert kinds[-1] == "restore-cancelled"
    restore_backup(lab.manager, result.path, CLASS, "Volume1")
    assert [e.kind for e in lab.manager.events(0, 100_000)][-1] == "restore-done"
