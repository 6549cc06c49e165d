"""gdsview lab check|reset, gdsview backup, gdsview verify-backup, gdsview service."""

from __future__ import annotations

import hashlib
import re
import signal
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.core.model import SliceState
from workspace_helpers import wait_until

A1 = "/dev/sfdsk/Class1/dsk/Disk3.Volume1"
STEP_LINE = re.compile(r"^ (\d) \[( |x)\] ")


def steps(out: str) -> dict[int, bool]:
    """The step lines of ``gdsview lab check``: number -> done."""
    found = {}
    for line in out.splitlines():
        m = STEP_LINE.match(line)
        if m:
            found[int(m.group(1))] = m.group(2) == "x"
    return found


def small_volumes(lab: Lab) -> None:
    """The demo, with Volume1 16 MiB and Volume2 8 MiB: the walk copies and backs up little."""
    for v in ("Volume1", "Volume2"):
        lab.ok(f"sdxvolume -F -c Class1 -v {v}")
        lab.ok(f"sdxvolume -R -c Class1 -v {v}")
    lab.ok("sdxvolume -M -c Class1 -g Group1 -v Volume1 -s 16M")
    lab.ok("sdxvolume -M -c Class1 -g Group1 -v Volume2 -s 8M")


def test_lab_check_on_a_fresh_demo(demo: Lab) -> None:
    r = demo.run("gdsview lab check")
    assert r.rc == 1
    assert r.out.startswith("Reliable backup procedure (GDS guide 7.7.1)\n")
    assert steps(r.out) == {n: False for n in range(1, 10)}
    assert " 3 [ ]         After completing synchronization copying, stop service." in r.out
    assert r.out.rstrip().splitlines()[-1] == (
        "Result: 0/9 steps done, 0 warnings; next: Register backup disk with class.")
    assert "Warnings:" not in r.out
    assert r.err == ""


def test_full_walk_with_the_commands(lab: Lab, tmp_path: Path) -> None:
    small_volumes(lab)
    backup = tmp_path / "vol1.img"
    lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.3")  # the application ran before
    lab.ok("sdxdisk -M -c Class1 -d sdc=Disk3")  # 1
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e waitsync")  # 2
    r = lab.run("gdsview lab check")
    assert r.rc == 1 and steps(r.out) == {n: n <= 2 for n in range(1, 10)}
    assert "backup disk Disk3 in Class1" in r.out.splitlines()[0]
    # 3: the service runs until the copy is complete, then stops
    r = lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.3")
    assert r.out.splitlines()[-1].startswith("SDX:gdsview: INFO: Volume1: service stopped cleanly after ")
    lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume1")  # 4
    lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.2")  # 5
    r = lab.ok(f"gdsview backup {A1} {backup}")  # 6
    sha = hashlib.sha256(backup.read_bytes()).hexdigest()
    assert r.out.startswith(f"SDX:gdsview: INFO: {A1}: backup written: {backup} (16 MiB, ")
    assert f"SHA-256 {sha} in vol1.img.sha256" in r.out
    assert Path(f"{backup}.sha256").read_text() == f"{sha}  vol1.img\n"
    r = lab.ok(f"gdsview verify-backup {backup}")
    assert r.out.startswith(f"{backup}: CLEAN: consistent as it is, without any recovery\n")
    assert "checksum: SHA-256 against vol1.img.sha256: OK" in r.out and "records: consistent: " in r.out
    assert "service stopped cleanly" in r.out
    lab.ok("sdxslice -R -c Class1 -d Disk3 -v Volume1 -e waitsync")  # 7
    lab.ok("sdxdisk -D -c Class1 -g Group1 -d Disk3")  # 8
    lab.ok("sdxdisk -R -c Class1 -d Disk3")  # 9
    r = lab.run("gdsview lab check")
    assert r.rc == 0, r.out
    assert steps(r.out) == {n: True for n in range(1, 10)}
    assert r.out.rstrip().splitlines()[-1] == "Result: all steps done in order, no warning"
    assert "Warnings:" not in r.out
    lab.ok("gdsview verify -c Class1 -v Volume1,Volume2")


def test_partial_walk_is_graded(lab: Lab, tmp_path: Path) -> None:
    """Detached and backed up, but the service was never resumed: not done, exit status 1."""
    small_volumes(lab)
    lab.ok("sdxdisk -M -c Class1 -d sdc=Disk3")
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e waitsync")
    lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume1")
    lab.ok(f"gdsview backup {A1} {tmp_path / 'b.img'}")
    r = lab.run("gdsview lab check")
    assert r.rc == 1
    done = steps(r.out)
    assert done[1] and done[2] and done[4] and done[6] and not done[5] and not done[7]


def test_lab_reset(lab: Lab) -> None:
    lab.ok("sdxdisk -M -c Class1 -d sdc=Disk3")
    lab.ok("sdxvolume -F -c Class1 -v Volume2")
    assert steps(lab.run("gdsview lab check").out)[1]
    r = lab.ok("gdsview lab reset")
    assert r.out == f"SDX:gdsview: INFO: {lab.root}: lab reset to the demo's starting state\n"
    snap = lab.snap()
    assert [(p.name, p.disk_name) for p in snap.physical_disks] == [("sda", "Disk1"), ("sdb", "Disk2"),
                                                                    ("sdc", None)]
    assert [(v.name, v.status.value) for v in snap.volumes] == [("Volume1", "ACTIVE"), ("Volume2", "ACTIVE")]
    r = lab.run("gdsview lab check")
    assert r.rc == 1 and steps(r.out) == {n: False for n in range(1, 10)}


@pytest.fixture
def backed_up(lab: Lab, tmp_path: Path) -> Path:
    """A backup of Disk3.Volume1 taken after the service wrote to Volume1 and stopped."""
    small_volumes(lab)
    lab.ok("sdxdisk -M -c Class1 -d sdc=Disk3")
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e waitsync")
    lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.2")
    lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume1")
    path = tmp_path / "b.img"
    lab.ok(f"gdsview backup {A1} {path}")
    return path


def test_verify_backup_good_and_flipped(lab: Lab, backed_up: Path) -> None:
    r = lab.ok(f"gdsview verify-backup {backed_up}")
    assert ": OK (" in r.out and "records: consistent" in r.out
    with open(backed_up, "r+b") as f:  # a byte in an empty block: only the checksum can tell
        f.seek(15 << 20)
        f.write(b"\x01")
    r = lab.run(f"gdsview verify-backup {backed_up}")
    assert r.rc == 1
    expected = Path(f"{backed_up}.sha256").read_text().split()[0]
    assert f"checksum: SHA-256 against b.img.sha256: MISMATCH: expected {expected}, file has " in r.out
    assert "DAMAGED" in r.out.splitlines()[0]
    assert r.err == ""


def test_verify_backup_torn_record(lab: Lab, backed_up: Path) -> None:
    with open(backed_up, "r+b") as f:  # inside the first log record
        f.seek(4096 + 200)
        b = f.read(1)
        f.seek(4096 + 200)
        f.write(bytes([b[0] ^ 0xFF]))
    Path(f"{backed_up}.sha256").write_text(f"{hashlib.sha256(backed_up.read_bytes()).hexdigest()}  b.img\n")
    r = lab.run(f"gdsview verify-backup {backed_up}")
    assert r.rc == 1  # the checksum matches, the records do not
    assert ": OK (" in r.out and "INCONSISTENT" in r.out and "1 torn blocks (first at block 1)" in r.out


@pytest.mark.parametrize("command, prefix", [
    ("gdsview service -c Class1 -v Volume9 --seconds 1", "Volume9: no such volume"),
    ("gdsview service -c Class1 -v Volume1 --rate 0 --seconds 1", "Volume1: rate must be"),
    (f"gdsview backup {A1} /tmp/never-written.img", "Disk3.Volume1:"),
    ("gdsview backup /dev/sfdsk/Class1/dsk/Disk1.Volume1 /tmp/never-written.img", "Disk1.Volume1: slice is not"),
    ("gdsview verify-backup /nonexistent/b.img", "/nonexistent/b.img: no such backup file"),
])
def test_refusals(demo: Lab, command: str, prefix: str) -> None:
    r = demo.refused(command, prefix)
    assert "Traceback" not in r.err
    assert not Path("/tmp/never-written.img").exists()


def test_backup_into_the_disk_folder_is_refused(lab: Lab) -> None:
    small_volumes(lab)
    lab.ok("sdxdisk -M -c Class1 -d sdc=Disk3")
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e waitsync")
    lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume2")
    dest = lab.root / "disks" / "b.img"
    lab.refused(f"gdsview backup /dev/sfdsk/Class1/dsk/Disk3.Volume2 {dest}")
    assert not dest.exists()


def test_service_on_a_stopped_volume(lab: Lab) -> None:
    lab.ok("sdxvolume -F -c Class1 -v Volume2")
    r = lab.refused("gdsview service -c Class1 -v Volume2 --seconds 1", "Volume2: volume is stopped")
    assert r.out == ""


def test_service_leaves_the_sigterm_handler_as_it_was(lab: Lab) -> None:
    before = signal.getsignal(signal.SIGTERM)
    lab.ok("gdsview service -c Class1 -v Volume2 --rate 8 --seconds 0.1 --pattern random")
    assert signal.getsignal(signal.SIGTERM) is before


def test_service_start_status_stop_in_the_background(lab: Lab) -> None:
    """``gdsview service start`` returns once the worker runs; ``status`` shows it; ``stop`` stops it cleanly."""
    assert lab.ok("gdsview service status").out.strip() == "no service is running"
    r = lab.ok("gdsview service start -c Class1 -v Volume2 --rate 8 --pattern random")
    assert r.out.startswith("SDX:gdsview: INFO: Volume2: service started (builtin, pid ")
    assert "already running" in lab.run("gdsview service start -c Class1 -v Volume2").err
    wait_until(lambda: "MiB/s" in lab.ok("gdsview service status -c Class1 -v Volume2").out, 30, "the status")
    out = lab.ok("gdsview service status").out
    assert out.startswith("Class1/Volume2: builtin running (pid ") and "/dev/sfdsk/Class1/dsk/Volume2" in out
    r = lab.ok("gdsview service stop -c Class1 -v Volume2")
    assert r.out.startswith("SDX:gdsview: INFO: Volume2: service stopped on Volume2 after ")
    assert lab.run("gdsview service status -c Class1 -v Volume2").rc == 1
    r = lab.run("gdsview service stop -c Class1 -v Volume2")
    assert r.rc == 1 and "no service is running on the volume" in r.err
    assert lab.run("gdsview service start -v Volume2").rc != 0  # -c CLASS -v VOLUME are needed


def test_disk_failure_lesson(lab: Lab) -> None:
    small_volumes(lab)
    lab.ok("gdsview lab fail-disk sdb")
    lab.ok("gdsview dd if=/dev/zero of=/dev/sfdsk/Class1/dsk/Volume1 bs=64K count=4")  # the volume stays in service
    r = lab.ok("sdxinfo -S -o Disk2.Volume1")
    assert "INVALID" in r.out
    assert "DISABLE" in lab.ok("sdxinfo -D -o Disk2").out
    r = lab.run("gdsview lab restore-disk -c Class1 -d Disk1")
    assert r.rc == 1 and "only a DISABLE (failed) disk can be restored" in r.err
    lab.ok("gdsview lab repair-disk sdb")
    assert "copying into its slices of Volume1 started" in lab.ok("gdsview lab restore-disk -c Class1 -d Disk2").out
    lab.wait_state("Disk2", "Volume1", SliceState.ACTIVE)  # the full copy ran in a worker process
    assert "2 slices identical" in lab.ok("gdsview verify -c Class1 -v Volume1").out
    r = lab.run("gdsview lab fail-disk sdz")
    assert r.rc == 1 and r.err.startswith("SDX:gdsview: ERROR: sdz: no such physical disk")
