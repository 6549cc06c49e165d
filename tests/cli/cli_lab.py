"""Helpers of the command-line tests: run commands in-process against a workspace, and inspect it."""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from gdsview.cli import gdsview_cmd, sdxattr, sdxcopy, sdxdisk, sdxinfo, sdxslice, sdxswap, sdxvolume
from gdsview.core.model import SliceState, Snapshot
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace

MAINS = {
    "gdsview": gdsview_cmd.main,
    "sdxinfo": sdxinfo.main,
    "sdxdisk": sdxdisk.main,
    "sdxvolume": sdxvolume.main,
    "sdxslice": sdxslice.main,
    "sdxcopy": sdxcopy.main,
    "sdxswap": sdxswap.main,
    "sdxattr": sdxattr.main,
}


@dataclass
class Result:
    rc: int
    out: str
    err: str


class Lab:
    """A workspace in tmp_path (GDSVIEW_HOME) and the commands run against it."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def run(self, command: str | list[str]) -> Result:
        """Run ``"sdxslice -M -c Class1 ..."`` in this process; returns exit status, stdout, stderr."""
        argv = shlex.split(command) if isinstance(command, str) else list(command)
        self.capsys.readouterr()
        rc = MAINS[argv[0]](argv[1:])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return Result(rc, out, err)

    def ok(self, command: str | list[str]) -> Result:
        result = self.run(command)
        assert result.rc == 0, f"{command}: exit {result.rc}\n{result.out}{result.err}"
        return result

    def snap(self) -> Snapshot:
        ws = Workspace(self.root)
        try:
            return VolumeManager(ws).snapshot()
        finally:
            ws.close()

    def slice(self, disk: str, volume: str, class_name: str = "Class1"):
        return self.snap().slice(class_name, disk, volume)

    def wait_idle(self, timeout: float = 30) -> None:
        """Wait until no copy runs in the workspace (background copy workers finished)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(s.copy and s.copy.running for s in self.snap().slices):
                return
            time.sleep(0.05)
        raise AssertionError("a copy was still running after the timeout")

    def wait_state(self, disk: str, volume: str, state: SliceState, class_name: str = "Class1",
                   timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.slice(disk, volume, class_name)
            if s is not None and s.state is state:
                return
            time.sleep(0.05)
        raise AssertionError(f"{disk}.{volume} is {self.slice(disk, volume, class_name)}, not {state}")

    def image(self, device: str) -> Path:
        return self.root / "disks" / f"{device}.img"

    def refused(self, command: str, prefix: str | None = None) -> Result:
        """Run a command that must be refused: SDX error on stderr, non-zero exit, nothing changed."""
        cmd = shlex.split(command)[0]
        before = self.snap()
        result = self.run(command)
        assert result.rc != 0, f"{command} was not refused:\n{result.out}"
        err = result.err
        if result.rc == 2 and err.startswith("usage: "):  # a usage error of gdsview: its usage first
            err = err[err.index(f"SDX:{cmd}: "):]
        assert err.startswith(f"SDX:{cmd}: ERROR: "), result.err
        assert err.count("\n") == 1, result.err
        if prefix is not None:
            assert err.startswith(f"SDX:{cmd}: ERROR: {prefix}"), result.err
        assert self.snap() == before, f"{command} changed the configuration"
        return result


def cleanup(lab: Lab) -> None:
    """Stop copies a test left running, so no worker outlives its workspace."""
    try:
        lab.wait_idle(timeout=15)
    except AssertionError:
        ws = Workspace(lab.root)
        try:
            manager = VolumeManager(ws)
            for c, v in {(s.class_name, s.volume) for s in manager.snapshot().slices if s.state is SliceState.COPY}:
                manager.cancel_copy(c, v, timeout=15)
        finally:
            ws.close()

