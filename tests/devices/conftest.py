"""Fixtures for the device server tests: a small lab served on a FUSE tree of the test's own.

These tests mount for real (FUSE, loop devices, ext4/xfs); where that is impossible (not root, no
/dev/fuse, a tool missing) they skip and say why. Every test gets its own tree mount point and
mount points under its tmp_path (never /dev/sfdsk, never a mount or loop device it did not
make); what a test makes is undone in reverse order (file systems, loop devices, the server and
its FUSE tree) even when it fails, and the fixture then checks that no mount or loop device of
the test is left.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from devices_helpers import REASON, Served, Undo, ours, start_server
from service_helpers import build_service_lab, kill_services, remove_service_dirs
from workspace_helpers import build_small_lab


@pytest.fixture(autouse=True)
def _devices_possible():
    if REASON:
        pytest.skip(REASON)


@pytest.fixture
def undo() -> Iterator[Undo]:
    u = Undo()
    yield u
    errors = u.run()
    assert not errors, f"cleanup failed: {errors}"


@pytest.fixture
def served(tmp_path, undo, monkeypatch) -> Iterator[Served]:
    """The small lab (Volume1 16 MiB, Volume2 8 MiB), its device server up on ``tmp_path/sfdsk``."""
    monkeypatch.setenv("GDSVIEW_DEVICES_ROOT", str(tmp_path / "sfdsk"))
    lab = build_small_lab(tmp_path / "ws")
    undo.push("close the lab", lab.close)
    root = tmp_path / "sfdsk"
    start_server(lab, root, undo)
    yield Served(lab, root, tmp_path, undo)
    errors = undo.run()
    left = ours(root, tmp_path)
    assert not errors, f"cleanup failed: {errors}"
    assert left == ([], []), f"left mounted or attached: {left}"


@pytest.fixture
def svc(tmp_path, undo, monkeypatch) -> Iterator[Served]:
    """A lab with a 112 MiB Volume1, its device server up on ``tmp_path/sfdsk``."""
    monkeypatch.setenv("GDSVIEW_DEVICES_ROOT", str(tmp_path / "sfdsk"))
    lab = build_service_lab(tmp_path / "ws")
    undo.push("close the lab", lab.close)
    undo.push("remove the service's folders", lambda: remove_service_dirs(lab.ws))
    root = tmp_path / "sfdsk"
    start_server(lab, root, undo)
    undo.push("kill what a failed test left running", lambda: kill_services(lab.ws))
    yield Served(lab, root, tmp_path, undo)
    errors = undo.run()
    left = ours(root, tmp_path)
    assert not errors, f"cleanup failed: {errors}"
    assert left == ([], []), f"left mounted or attached: {left}"
