"""sdxswap and sdxattr from the command line, and the disk failure lesson all the way through."""

from __future__ import annotations

from cli_lab import Lab
from gdsview.core.model import DiskStatus, SliceState, SliceStatus


def test_the_disk_failure_lesson_goes_all_the_way(small: Lab) -> None:
    """fail -> (an I/O finds it) -> swap out -> replace -> swap in -> copying -> ACTIVE."""
    small.ok("gdsview lab fail-disk sde")
    small.ok(["gdsview", "dd", "if=/dev/zero", "of=/dev/sfdsk/Class2/dsk/Volume21", "bs=64K", "count=1",
              "conv=notrunc"])  # the next write finds the failure
    snap = small.snap()
    assert snap.disk("Class2", "Disk22").status is DiskStatus.DISABLE
    assert snap.slice("Class2", "Disk22", "Volume21").status is SliceStatus.INVALID
    small.refused("sdxswap -I -c Class2 -d Disk22", "Disk22: disk is DISABLE: only a swapped-out (SWAP) disk")
    small.refused("gdsview lab replace-disk sde", "sde: physical disk is in use as Class2/Disk22 (DISABLE)")
    out = small.ok("sdxswap -O -c Class2 -d Disk22").out
    assert out == ("SDX:sdxswap: INFO: Disk22: disk swapped out (SWAP); its slices of Volume21 are NOUSE; replace it,"
                   " then restore it with sdxswap -I\n")
    assert small.snap().slice("Class2", "Disk22", "Volume21").status is SliceStatus.NOUSE
    assert small.ok("sdxinfo -D -c Class2 -o Disk22").out.split()[-1] == "SWAP"
    small.refused("sdxswap -I -c Class2 -d Disk22", "Disk22: cannot read physical disk sde")  # still failing
    small.ok("gdsview lab replace-disk sde")
    out = small.ok("sdxswap -I -c Class2 -d Disk22").out.splitlines()
    assert out[0] == "SDX:sdxswap: INFO: Disk22: disk restored (ENABLE); synchronization copying of Volume21 started"
    assert out[1].startswith("SDX:sdxswap: INFO: Disk22.Volume21: synchronization copying completed (33554432 bytes")
    assert small.snap().slice("Class2", "Disk22", "Volume21").status is SliceStatus.ACTIVE
    assert small.snap().disk("Class2", "Disk22").status is DiskStatus.ENABLE
    small.ok("gdsview verify -c Class2 -v Volume21")


def test_swap_in_in_the_background(small: Lab) -> None:
    small.ok("sdxswap -O -c Class2 -d Disk22")
    out = small.ok("sdxswap -I -c Class2 -d Disk22 -e delay=10,nowaitsync").out
    assert out.endswith("synchronization copying of Volume21 started in the background\n")
    small.wait_state("Disk22", "Volume21", SliceState.ACTIVE, "Class2")


def test_swap_refusals(small: Lab) -> None:
    small.ok("sdxswap -O -c Class2 -d Disk22")
    small.refused("sdxswap -O -c Class2 -d Disk21", "Disk21: disk holds the only valid slice of volume Volume21")
    small.refused("sdxswap -O -c Class2 -d Disk22", "Disk22: disk is already swapped out (SWAP)")
    small.refused("sdxswap -O -c Class2 -d Disk99", "Disk99: no such disk")
    small.refused("sdxswap -O -c Class2 -d Disk21 -e nowaitsync", "option -e cannot be used with -O")


def test_attributes(lab: Lab) -> None:
    assert lab.ok("sdxattr -V -c Class1 -v Volume1 -a jrm=off").out == (
        "SDX:sdxattr: INFO: Volume1: attributes changed: jrm=off\n")
    assert "Volume1 Class1 Group1 off off" in " ".join(lab.ok("sdxinfo -V -c Class1 -o Volume1").out.split())
    lab.ok("sdxattr -V -c Class1 -v Volume1 -a jrm=on")
    lab.refused("sdxattr -V -c Class1 -v Volume1 -a name=Data", "Volume1: volume is started: stop it")
    lab.refused("sdxattr -G -c Class1 -g Group1 -a name=G", "Group1: group has a started volume (Volume1)")
    lab.refused("sdxattr -D -c Class1 -d Disk1 -a name=D", "Disk1: disk is connected to group Group1")
    lab.refused("sdxattr -V -c Class1 -v Volume1 -a name=-bad", "invalid value '-bad' for name")
    lab.refused("sdxattr -S -c Class1 -s Disk1.Volume1 -a jrm=off", "Disk1.Volume1: slice is ACTIVE: only a detached")
    lab.refused("sdxattr -S -c Class1 -s Disk1.Volume1 -a jrm=on", "-S takes jrm=off only")
    lab.refused("sdxattr -V -c Class1 -v Volume1", "-V needs -a")
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    lab.refused("sdxattr -S -c Class1 -s Disk2.Volume1 -a mode=ro", "Disk2.Volume1: slice is TEMP: stop it")
    lab.ok("sdxslice -F -c Class1 -s Disk2.Volume1")
    assert lab.ok("sdxattr -S -c Class1 -s Disk2.Volume1 -a mode=ro,jrm=off").out == (
        "SDX:sdxattr: INFO: Disk2.Volume1: attributes changed: mode=ro, jrm=off\n")
    long = " ".join(lab.ok("sdxinfo -S -c Class1 -o Disk2.Volume1 -e long").out.split())
    assert "Disk2 Volume1 TEMP-STOP ro off" in long
