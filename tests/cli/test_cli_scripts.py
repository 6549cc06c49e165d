"""The installed console scripts, run as real processes against a GDSVIEW_HOME workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.core.model import SliceStatus

BIN = Path(sys.executable).parent


def script(lab: Lab, *argv: str) -> subprocess.CompletedProcess[str]:
    path = BIN / argv[0]
    if not path.exists():
        pytest.skip(f"console script {argv[0]} is not installed in {BIN}")
    env = {**os.environ, "GDSVIEW_HOME": str(lab.root)}
    return subprocess.run([str(path), *argv[1:]], env=env, capture_output=True, text=True, timeout=60)


def test_sdxinfo_and_an_error(lab: Lab) -> None:
    r = script(lab, "sdxinfo", "-S")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "OBJ   CLASS  GROUP  DISK  VOLUME  STATUS\n"
        "----- ------ ------ ----- ------- ------\n"
        "slice Class1 Group1 Disk1 Volume1 ACTIVE\n"
        "slice Class1 Group1 Disk2 Volume1 ACTIVE\n"
        "slice Class1 Group1 Disk1 Volume2 ACTIVE\n"
        "slice Class1 Group1 Disk2 Volume2 ACTIVE\n"
    )
    r = script(lab, "sdxslice", "-F", "-c", "Class1", "-s", "Disk1.Volume1")
    assert r.returncode == 1
    assert r.stderr == "SDX:sdxslice: ERROR: Disk1.Volume1: slice is ACTIVE: only a TEMP slice can be stopped\n"
    env = {**os.environ, "GDSVIEW_HOME": str(lab.root)}
    r = subprocess.run([sys.executable, "-m", "gdsview.cli.sdxinfo", "-C"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("OBJ   NAME   TYPE  SCOPE")


def test_background_copy_finishes_after_the_command(small: Lab) -> None:
    r = script(small, "sdxslice", "-M", "-c", "Class2", "-d", "Disk22", "-v", "Volume21", "-a", "jrm=off")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("SDX:sdxslice: INFO: Disk22.Volume21: slice detached; access path "
                        "/dev/sfdsk/Class2/dsk/Disk22.Volume21\n")
    r = script(small, "sdxslice", "-R", "-c", "Class2", "-s", "Disk22.Volume21", "-e", "delay=100")
    assert r.returncode == 0, r.stderr
    assert r.stdout.endswith("slice attached; synchronization copying started in the background\n")
    seen = set()
    deadline = time.monotonic() + 30
    while True:
        out = script(small, "sdxinfo", "-S", "-c", "Class2", "-o", "Disk22.Volume21").stdout
        status = out.splitlines()[2].split()[5]
        seen.add(status)
        if status == "ACTIVE":
            break
        assert status == "COPY", out
        assert time.monotonic() < deadline, "the background copy did not finish in 30 s"
        time.sleep(0.1)
    r = script(small, "gdsview", "verify", "-c", "Class2", "-v", "Volume21")
    assert r.returncode == 0 and r.stdout == "Volume21: 2 slices identical (33554432 bytes compared)\n"



def test_waiting_copy_interrupted_from_elsewhere(small: Lab) -> None:
    """sdxcopy -B waits for its copy; interrupted by sdxcopy -I from another process, it fails."""
    path = BIN / "sdxcopy"
    if not path.exists():
        pytest.skip("sdxcopy is not installed")
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxvolume -F -c Class2 -v Volume21")
    small.ok("sdxslice -R -c Class2 -s Disk22.Volume21")  # INVALID: copying waits for the volume
    small.ok("sdxcopy -P -c Class2 -v Volume21 -e delay=400")
    small.ok("sdxvolume -N -c Class2 -v Volume21")  # the copy starts in the background...
    small.ok("sdxcopy -I -c Class2 -v Volume21")  # ...and is interrupted at once
    assert small.slice("Disk22", "Volume21", "Class2").status is SliceStatus.INVALID
    env = {**os.environ, "GDSVIEW_HOME": str(small.root)}
    proc = subprocess.Popen([str(path), "-B", "-c", "Class2", "-v", "Volume21"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not _copy_running(small, "Disk22", "Volume21", "Class2"):
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.05)
        small.ok("sdxcopy -I -c Class2 -v Volume21")
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1
    assert out == ""
    assert err == "SDX:sdxcopy: ERROR: Volume21: copying did not complete (interrupted): copying interrupted\n"
    assert small.slice("Disk22", "Volume21", "Class2").status is SliceStatus.INVALID


def _copy_running(lab: Lab, disk: str, volume: str, class_name: str) -> bool:
    s = lab.slice(disk, volume, class_name)
    return bool(s is not None and s.copy is not None and s.copy.running)
