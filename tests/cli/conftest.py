"""Fixtures of the command-line tests: a demo workspace per test (GDSVIEW_HOME in tmp_path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_lab import Lab, cleanup
from gdsview.cli import gdsview_cmd


@pytest.fixture
def empty_lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    root = tmp_path / "ws"
    monkeypatch.setenv("GDSVIEW_HOME", str(root))
    lab = Lab(root, capsys)
    yield lab
    cleanup(lab)


@pytest.fixture(scope="module")
def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shared") / "ws"
    assert gdsview_cmd.main(["--workspace", str(root), "lab", "init", "--speed", "unlimited"]) == 0
    return root


@pytest.fixture
def demo(_shared_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Lab:
    """The demo, shared by the tests of a module that change nothing (reads and refusals)."""
    monkeypatch.setenv("GDSVIEW_HOME", str(_shared_root))
    return Lab(_shared_root, capsys)


@pytest.fixture
def lab(empty_lab: Lab) -> Lab:
    """The demo: sda, sdb, sdc; Class1 with Disk1, Disk2 in Group1; Volume1 (512 MiB), Volume2 (256 MiB).

    Its disks are unlimited (tests stay fast); the demo's own speed is tested in test_cli_gdsview.
    """
    empty_lab.ok("gdsview lab init --speed unlimited")
    return empty_lab


@pytest.fixture
def small(lab: Lab) -> Lab:
    """The demo plus Class2: sdd, sde (64 MiB) as Disk21, Disk22 in Group2, with Volume21 (32 MiB).

    For tests that copy or compare whole volumes, which would be slow on the 512 MiB demo volumes.
    """
    lab.ok("gdsview disk create sdd --size 64M --speed unlimited")
    lab.ok("gdsview disk create sde --size 64M --speed unlimited")
    lab.ok("sdxdisk -M -c Class2 -d sdd=Disk21,sde=Disk22")
    lab.ok("sdxdisk -C -c Class2 -g Group2 -d Disk21,Disk22")
    lab.ok("sdxvolume -M -c Class2 -g Group2 -v Volume21 -s 32M")
    return lab
