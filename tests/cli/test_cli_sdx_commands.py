"""sdxdisk, sdxvolume, sdxslice and sdxcopy: each operation, run in-process, checked through the core."""

from __future__ import annotations

import time

import pytest
from cli_lab import Lab
from gdsview.core.model import AccessMode, SliceState, SliceStatus, VolumeStatus


# -- sdxdisk --------------------------------------------------------------------------------------
def test_register_connect_disconnect_remove(small: Lab) -> None:
    small.ok("gdsview disk create sdf --size 64M")
    small.ok("gdsview disk create sdg --size 64M")
    assert small.ok("sdxdisk -M -c Class2 -d sdf=Disk23").out == (
        "SDX:sdxdisk: INFO: Disk23: physical disk sdf registered in class Class2\n")
    d = small.snap().disk("Class2", "Disk23")
    assert (d.device, d.group, d.type) == ("sdf", None, "undefined")
    # a new class is made by its first disk
    assert small.ok("sdxdisk -M -c Class3 -d sdg=Disk31").out == (
        "SDX:sdxdisk: INFO: Class3: class created\n"
        "SDX:sdxdisk: INFO: Disk31: physical disk sdg registered in class Class3\n")
    assert [c.name for c in small.snap().classes] == ["Class1", "Class2", "Class3"]
    # connecting to a group with started volumes copies into the new slices, here waiting for it
    out = small.ok("sdxdisk -C -c Class2 -g Group2 -d Disk23 -e waitsync").out
    first, second = out.splitlines()
    assert first == "SDX:sdxdisk: INFO: Disk23: disk connected to group Group2"
    assert second.startswith("SDX:sdxdisk: INFO: Disk23.Volume21: synchronization copying completed (33554432 bytes")
    snap = small.snap()
    assert snap.group("Class2", "Group2").disks == ("Disk21", "Disk22", "Disk23")
    assert snap.slice("Class2", "Disk23", "Volume21").status is SliceStatus.ACTIVE
    assert small.ok("sdxdisk -D -c Class2 -g Group2 -d Disk23").out == (
        "SDX:sdxdisk: INFO: Disk23: disk disconnected from group Group2\n")
    assert small.snap().disk("Class2", "Disk23").group is None
    assert small.snap().slice("Class2", "Disk23", "Volume21") is None
    assert small.ok("sdxdisk -R -c Class2 -d Disk23").out == (
        "SDX:sdxdisk: INFO: Disk23: disk removed from class Class2\n")
    assert small.snap().disk("Class2", "Disk23") is None
    # the class goes with its last disk
    assert small.ok("sdxdisk -R -c Class3 -d Disk31").out.endswith(
        "SDX:sdxdisk: INFO: Class3: class removed with its last disk\n")
    assert [c.name for c in small.snap().classes] == ["Class1", "Class2"]


def test_connect_copies_in_the_background(small: Lab) -> None:
    small.ok("gdsview disk create sdf --size 64M")
    small.ok("sdxdisk -M -c Class2 -d sdf=Disk23")
    started = time.monotonic()
    out = small.ok("sdxdisk -C -c Class2 -g Group2 -d Disk23").out
    assert out == ("SDX:sdxdisk: INFO: Disk23: disk connected to group Group2\n"
                   "SDX:sdxdisk: INFO: Group2: synchronization copying of Volume21 started in the background\n")
    assert time.monotonic() - started < 5
    small.wait_state("Disk23", "Volume21", SliceState.ACTIVE, "Class2")
    assert small.ok("gdsview verify -c Class2 -v Volume21").out == (
        "Volume21: 3 slices identical (33554432 bytes compared)\n")


def test_connect_makes_a_group_and_several_disks(lab: Lab) -> None:
    lab.ok("gdsview disk create sdd --size 64M")
    lab.ok("gdsview disk create sde --size 64M")
    lab.ok("sdxdisk -M -c Class4 -d sdd=DiskA,sde=DiskB")
    assert lab.ok("sdxdisk -C -c Class4 -g GroupX -d DiskA,DiskB").out == (  # no volume: nothing to copy
        "SDX:sdxdisk: INFO: DiskA: disk connected to group GroupX\n"
        "SDX:sdxdisk: INFO: DiskB: disk connected to group GroupX\n")
    g = lab.snap().group("Class4", "GroupX")
    assert g.disks == ("DiskA", "DiskB") and g.type == "mirror"


# -- sdxvolume ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("size", "blocks"), [("8192", 8192), ("4M", 8192), ("1G", 2097152), ("3000", 4096)])
def test_volume_sizes(small: Lab, size: str, blocks: int) -> None:
    """SIZE counts 512-byte blocks as in GDS, or takes a unit; GDS rounds up (here to 1 MiB regions)."""
    if blocks > 100000:
        small.refused(f"sdxvolume -M -c Class2 -g Group2 -v Volume22 -s {size}",
                      "Group2: not enough free space in the group")
        return
    small.ok(f"sdxvolume -M -c Class2 -g Group2 -v Volume22 -s {size}")
    v = small.snap().volume("Class2", "Volume22")
    assert (v.blocks, v.status, v.first_block) == (blocks, VolumeStatus.ACTIVE, 2048 + 65536)


def test_volume_stop_start_remove(small: Lab) -> None:
    small.ok("sdxvolume -M -c Class2 -g Group2 -v Volume22 -s 4M -a jrm=off")
    assert small.snap().volume("Class2", "Volume22").jrm is False
    small.ok("sdxvolume -F -c Class2 -v Volume21,Volume22")
    snap = small.snap()
    assert snap.volume("Class2", "Volume21").status is VolumeStatus.STOP
    assert {s.status for s in snap.slices_of("Class2", "Volume22")} == {SliceStatus.STOP}
    small.ok("sdxvolume -N -c Class2 -v Volume21")
    assert small.snap().volume("Class2", "Volume21").status is VolumeStatus.ACTIVE
    small.ok("sdxvolume -R -c Class2 -v Volume22")
    assert small.snap().volume("Class2", "Volume22") is None


def test_start_volume_runs_pending_copy(small: Lab) -> None:
    """Attach to a stopped volume: copying waits for the start, then -e waitsync waits for it."""
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21")
    small.ok("sdxvolume -F -c Class2 -v Volume21")
    out = small.ok("sdxslice -R -c Class2 -s Disk22.Volume21").out
    assert out == ("SDX:sdxslice: INFO: Disk22.Volume21: slice attached; synchronization copying runs when"
                   " the volume is started\n")
    assert small.slice("Disk22", "Volume21", "Class2").state is SliceState.INVALID
    out = small.ok("sdxvolume -N -c Class2 -v Volume21 -e waitsync").out
    assert "SDX:sdxvolume: INFO: Disk22.Volume21: synchronization copying completed" in out
    assert small.slice("Disk22", "Volume21", "Class2").state is SliceState.ACTIVE


def test_start_volume_copies_in_the_background(small: Lab) -> None:
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxvolume -F -c Class2 -v Volume21")
    small.ok("sdxslice -R -c Class2 -s Disk22.Volume21")
    out = small.ok("sdxvolume -N -c Class2 -v Volume21").out
    assert out == ("SDX:sdxvolume: INFO: Volume21: volume started\n"
                   "SDX:sdxvolume: INFO: Volume21: synchronization copying started in the background\n")
    small.wait_state("Disk22", "Volume21", SliceState.ACTIVE, "Class2")


# -- sdxslice -------------------------------------------------------------------------------------
def test_detach_stop_activate_attach(lab: Lab) -> None:
    r = lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    assert r.out == ("SDX:sdxslice: INFO: Disk2.Volume1: slice detached; access path "
                     "/dev/sfdsk/Class1/dsk/Disk2.Volume1\n")
    assert r.err == ""
    s = lab.slice("Disk2", "Volume1")
    assert (s.status, s.access_mode, s.jrm) == (SliceStatus.TEMP, AccessMode.RW, True)
    assert lab.ok("sdxslice -F -c Class1 -s Disk2.Volume1").out == (
        "SDX:sdxslice: INFO: Disk2.Volume1: slice stopped (TEMP-STOP): its access path cannot be opened\n")
    assert lab.slice("Disk2", "Volume1").status is SliceStatus.TEMP_STOP
    assert lab.ok("sdxslice -N -c Class1 -d Disk2 -v Volume1").out == (
        "SDX:sdxslice: INFO: Disk2.Volume1: slice activated (TEMP); access path /dev/sfdsk/Class1/dsk/Disk2.Volume1\n")
    assert lab.slice("Disk2", "Volume1").status is SliceStatus.TEMP
    out = lab.ok("sdxslice -R -c Class1 -d Disk2 -v Volume1 -e waitsync").out
    assert out.splitlines()[0] == "SDX:sdxslice: INFO: Disk2.Volume1: slice attached; synchronization copying started"
    # nothing was written meanwhile: JRM copies nothing
    assert out.splitlines()[1].startswith(
        "SDX:sdxslice: INFO: Disk2.Volume1: synchronization copying completed (0 bytes copied in ")
    assert lab.slice("Disk2", "Volume1").status is SliceStatus.ACTIVE


def test_detach_options_and_lists(lab: Lab) -> None:
    out = lab.ok("sdxslice -M -c Class1 -d Disk1 -v Volume1,Volume2 -a jrm=off,mode=ro").out
    assert out.splitlines() == [
        "SDX:sdxslice: INFO: Disk1.Volume1: slice detached; access path /dev/sfdsk/Class1/dsk/Disk1.Volume1",
        "SDX:sdxslice: INFO: Disk1.Volume2: slice detached; access path /dev/sfdsk/Class1/dsk/Disk1.Volume2",
    ]
    for v in ("Volume1", "Volume2"):
        s = lab.slice("Disk1", v)
        assert (s.status, s.access_mode, s.jrm) == (SliceStatus.TEMP, AccessMode.RO, False)
    lab.ok("sdxslice -F -c Class1 -s Disk1.Volume1,Disk1.Volume2")
    assert {lab.slice("Disk1", v).status for v in ("Volume1", "Volume2")} == {SliceStatus.TEMP_STOP}


def test_attach_with_delay_in_the_background(small: Lab) -> None:
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    out = small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e delay=50").out
    assert out == ("SDX:sdxslice: INFO: Disk22.Volume21: slice attached; synchronization copying started"
                   " in the background\n")
    assert small.snap().volume("Class2", "Volume21").copy_delay_ms == 50
    small.wait_state("Disk22", "Volume21", SliceState.ACTIVE, "Class2")


# -- sdxcopy --------------------------------------------------------------------------------------
def _running(lab: Lab, disk: str, volume: str, class_name: str) -> list[str]:
    """Wait until the copy into the slice runs; returns its `sdxinfo -S -e long` row."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        rows = lab.ok(f"sdxinfo -S -e long -c {class_name} -o {disk}.{volume}").out.splitlines()
        row = rows[2].split()
        if row[8] == "running" and not row[9].startswith("0/"):
            return row
        time.sleep(0.05)
    raise AssertionError(f"copy into {disk}.{volume} not running: {rows}")


def test_copy_interrupt_resume_cancel(small: Lab) -> None:
    """-I keeps the copied part, -B resumes (waiting by default), -C starts over; -P throttles."""
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e delay=1000")
    row = _running(small, "Disk22", "Volume21", "Class2")
    # OBJ CLASS GROUP DISK VOLUME STATUS MODE JRM CPSTAT PROGRESS RATE
    assert row[:9] == ["slice", "Class2", "Group2", "Disk22", "Volume21", "COPY", "*", "*", "running"]
    done, total = row[9].split("(")[0].split("/")
    assert int(total) == 65536 and 0 < int(done) < 65536
    assert row[10].endswith("MiB/s")
    small.ok("sdxcopy -I -c Class2 -v Volume21")
    s = small.slice("Disk22", "Volume21", "Class2")
    assert s.status is SliceStatus.INVALID and 0 < s.copy.done_blocks < 65536 and not s.copy.running
    row = small.ok("sdxinfo -S -e long -c Class2 -o Disk22.Volume21").out.splitlines()[2].split()
    assert row[5] == "INVALID" and row[8] == "interrupted" and row[10] == "*"
    # resume, waiting for the end (the default of sdxcopy -B); -e delay= is set first
    out = small.ok("sdxcopy -B -c Class2 -v Volume21 -e delay=0").out
    assert out.startswith("SDX:sdxcopy: INFO: Disk22.Volume21: synchronization copying completed (")
    copied = int(out.split("(")[1].split()[0])
    assert 0 < copied < 32 << 20  # resumed: not everything again
    assert small.slice("Disk22", "Volume21", "Class2").status is SliceStatus.ACTIVE
    assert small.snap().volume("Class2", "Volume21").copy_delay_ms == 0
    # cancel: the next copy starts over
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e delay=1000")
    _running(small, "Disk22", "Volume21", "Class2")
    small.ok("sdxcopy -P -c Class2 -v Volume21 -e delay=1500")
    assert small.snap().volume("Class2", "Volume21").copy_delay_ms == 1500
    small.ok("sdxcopy -C -c Class2 -v Volume21")
    s = small.slice("Disk22", "Volume21", "Class2")
    assert s.status is SliceStatus.INVALID and s.copy.done_blocks == 0
    row = small.ok("sdxinfo -S -e long -c Class2 -o Disk22.Volume21").out.splitlines()[2].split()
    assert row[8:] == ["*", "0/65536(0%)", "*"]
    out = small.ok("sdxcopy -B -c Class2 -v Volume21 -e delay=0,nowaitsync").out
    assert out == "SDX:sdxcopy: INFO: Volume21: synchronization copying started in the background\n"
    small.wait_state("Disk22", "Volume21", SliceState.ACTIVE, "Class2")
    assert small.ok("gdsview verify -c Class2 -v Volume21").rc == 0


def test_help_of_each_command(lab: Lab) -> None:
    for cmd, first in (("sdxdisk", "-C"), ("sdxvolume", "-F"), ("sdxslice", "-F"), ("sdxcopy", "-B")):
        out = lab.ok(f"{cmd} --help").out
        assert out.startswith(f"NAME\n    {cmd} - ") and f"\nSYNOPSIS\n    {cmd} {first} " in out


def test_waitsync_waits_only_for_its_own_copy(small: Lab) -> None:
    """An INVALID slice left by an interrupted copy does not make another slice's waitsync fail."""
    small.ok("gdsview disk create sdf --size 64M")
    small.ok("sdxdisk -M -c Class2 -d sdf=Disk23")
    small.ok("sdxcopy -P -c Class2 -v Volume21 -e delay=1000")
    small.ok("sdxdisk -C -c Class2 -g Group2 -d Disk23")
    _running(small, "Disk23", "Volume21", "Class2")
    small.ok("sdxcopy -I -c Class2 -v Volume21")
    assert small.slice("Disk23", "Volume21", "Class2").status is SliceStatus.INVALID
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21")
    out = small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e delay=0,waitsync").out
    assert out.splitlines()[1].startswith("SDX:sdxslice: INFO: Disk22.Volume21: synchronization copying completed")
    assert small.slice("Disk22", "Volume21", "Class2").status is SliceStatus.ACTIVE
    assert small.slice("Disk23", "Volume21", "Class2").status is SliceStatus.INVALID
    # and sdxcopy -B resumes that one, waiting for it
    out = small.ok("sdxcopy -B -c Class2 -v Volume21").out
    assert out.startswith("SDX:sdxcopy: INFO: Disk23.Volume21: synchronization copying completed")
    assert small.slice("Disk23", "Volume21", "Class2").status is SliceStatus.ACTIVE
