"""Refused commands and usage errors: one SDX error line on stderr, a non-zero exit, nothing changed."""

from __future__ import annotations

import pytest
from cli_lab import Lab

USAGE_ERRORS = [
    ("sdxslice -M -c Class1 -d Disk2", "-M needs -d and -v, or -s: sdxslice -M"),
    ("sdxslice -c Class1 -d Disk2 -v Volume1", "no operation given: use one of -M, -R, -F, -N"),
    ("sdxslice -M -R -c Class1 -s Disk2.Volume1", "options -M and -R cannot be used together"),
    ("sdxslice -MR -c Class1 -s Disk2.Volume1", "options -M and -R cannot be used together"),
    ("sdxslice -M -c Class1 -s Disk2.Volume1", "-M takes -d and -v"),
    ("sdxslice -R -c Class1 -s Disk2.Volume1 -d Disk2", "-s cannot be used with -d or -v"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1 -a jrm=maybe", "invalid value 'maybe' for jrm: expected on or off"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1 -a mode=wo", "invalid value 'wo' for mode: expected rw or ro"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1 -a speed=1", "unknown -a parameter 'speed'"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1 -e waitsync", "option -e cannot be used with -M"),
    ("sdxslice -R -c Class1 -s Disk2.Volume1 -e delay=abc", "invalid value 'abc' for delay"),
    ("sdxslice -R -c Class1 -s Disk2.Volume1 -e nowaitsync", "unknown -e parameter 'nowaitsync'"),
    ("sdxslice -F -c Class1 -s Disk2", "invalid slice name 'Disk2'"),
    ("sdxslice -Z -c Class1", "unknown option -Z"),
    ("sdxslice -M -c", "option -c needs a value"),
    ("sdxslice -M -c Class1 -c Class1 -d Disk2 -v Volume1", "option -c given more than once"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1 Volume2", "unexpected argument 'Volume2'"),
    ("sdxdisk -M -c Class1 -d sdc", "invalid -d item 'sdc': expected device=disk"),
    ("sdxdisk -M -c Class1 -d sdc=Disk3:spare", "disk types are not supported"),
    ("sdxdisk -M -c Class1 -d sdc=Disk3,sdc=Disk4", "sdc: physical disk named twice"),
    ("sdxdisk -C -c Class1 -d Disk3", "-C needs -g: sdxdisk -C"),
    ("sdxdisk -D -c Class1 -g Group1 -d Disk1 -e waitsync", "option -e cannot be used with -D"),
    ("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e wait", "unknown -e parameter 'wait'"),
    ("sdxvolume -M -c Class1 -g Group1 -v Volume3", "-M needs -s"),
    ("sdxvolume -M -c Class1 -g Group1 -v Volume3 -s lots", "invalid size 'lots'"),
    ("sdxvolume -M -c Class1 -g Group1 -v Volume3 -s 0", "invalid size '0'"),
    ("sdxvolume -R -c Class1 -v Volume1,Volume2", "-R removes one volume at a time"),
    ("sdxvolume -F -c Class1 -v Volume1,Volume1", "Volume1: volume named twice"),
    ("sdxvolume -M -c Class1 -g Group1 -v _bad -s 10", "_bad: invalid volume name"),
    ("sdxcopy -P -c Class1 -v Volume1", "-P needs -e: sdxcopy -P"),
    ("sdxcopy -P -c Class1 -v Volume1 -e delay=2000000", "invalid value '2000000' for delay"),
    ("sdxcopy -C -c Class1 -v Volume1 -e delay=5", "option -e cannot be used with -C"),
    ("sdxcopy -P -c Class1 -v Volume1 -e nowaitsync", "unknown -e parameter 'nowaitsync'"),
]


@pytest.mark.parametrize(("command", "prefix"), USAGE_ERRORS)
def test_usage_errors(demo: Lab, command: str, prefix: str) -> None:
    demo.refused(command, prefix)


REFUSALS = [
    # the slice-operation table of GDS.md
    ("sdxslice -R -c Class1 -s Disk2.Volume1",
     "Disk2.Volume1: slice is ACTIVE: only a TEMP or TEMP-STOP slice can be attached"),
    ("sdxslice -F -c Class1 -s Disk2.Volume1", "Disk2.Volume1: slice is ACTIVE: only a TEMP slice can be stopped"),
    ("sdxslice -N -c Class1 -s Disk2.Volume1",
     "Disk2.Volume1: slice is ACTIVE: only a TEMP-STOP slice can be activated"),
    ("sdxslice -M -c Class1 -d Disk3 -v Volume1", "Disk3.Volume1: no such slice"),
    ("sdxslice -M -c Class1 -d Disk2 -v Volume9", "Volume9: no such volume"),
    ("sdxslice -M -c ClassX -d Disk2 -v Volume1", "ClassX: no such class"),
    # a list is checked as a whole: the first slice is not detached when the second is refused
    ("sdxslice -M -c Class1 -d Disk2 -v Volume1,Volume9", "Volume9: no such volume"),
    ("sdxdisk -M -c Class1 -d sdz=Disk3", "sdz: no such physical disk"),
    ("sdxdisk -M -c Class1 -d sda=Disk3", "sda: physical disk is already registered as Class1/Disk1"),
    ("sdxdisk -M -c Class1 -d sdc=Disk1", "Disk1: name already used by another object of the class"),
    ("sdxdisk -M -c Class1 -d sdc=Volume1", "Volume1: name already used"),
    ("sdxdisk -R -c Class1 -d Disk1", "Disk1: disk is connected to group Group1: disconnect it first"),
    ("sdxdisk -R -c Class1 -d Disk9", "Disk9: no such disk"),
    ("sdxdisk -R -c ClassX -d Disk1", "ClassX: no such class"),
    ("sdxdisk -C -c Class1 -g Group1 -d Disk1", "Disk1: disk is already connected to group Group1"),
    ("sdxdisk -D -c Class1 -g Group2 -d Disk1", "Disk1: disk is not connected to group Group2"),
    ("sdxvolume -M -c Class1 -g Group1 -v Volume3 -s 1G", "Group1: not enough free space in the group"),
    ("sdxvolume -M -c Class1 -g Group1 -v Volume1 -s 10", "Volume1: name already used"),
    ("sdxvolume -M -c Class1 -g Group9 -v Volume3 -s 10", "Group9: no such group"),
    ("sdxvolume -M -c ClassX -g Group1 -v Volume3 -s 10", "ClassX: no such class"),
    ("sdxvolume -N -c Class1 -v Volume1", "Volume1: volume is already started"),
    ("sdxvolume -R -c Class1 -v Volume1", "Volume1: volume is started: stop it first"),
    ("sdxvolume -F -c Class1 -v Volume1,Volume9", "Volume9: no such volume"),
    ("sdxcopy -B -c Class1 -v Volume1", "Volume1: no slice needs copying"),
    ("sdxcopy -C -c Class1 -v Volume1", "Volume1: copying is not in progress"),
    ("sdxcopy -I -c Class1 -v Volume2", "Volume2: copying is not in progress"),
    ("sdxcopy -P -c Class1 -v Volume9 -e delay=10", "Volume9: no such volume"),
    ("sdxcopy -B -c ClassX -v Volume1", "ClassX: no such class"),
]


@pytest.mark.parametrize(("command", "prefix"), REFUSALS)
def test_refusals_on_the_demo(demo: Lab, command: str, prefix: str) -> None:
    demo.refused(command, prefix)


def test_refusals_with_a_detached_slice(lab: Lab) -> None:
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    lab.refused("sdxslice -M -c Class1 -d Disk1 -v Volume1",
                "Disk1.Volume1: cannot detach the only valid slice of the volume")
    lab.refused("sdxslice -M -c Class1 -d Disk2 -v Volume1",
                "Disk2.Volume1: slice is TEMP: only an ACTIVE or STOP slice can be detached")
    lab.refused("sdxslice -N -c Class1 -s Disk2.Volume1", "Disk2.Volume1: slice is TEMP: only a TEMP-STOP slice")
    lab.refused("sdxdisk -D -c Class1 -g Group1 -d Disk2", "Disk2: slice Disk2.Volume1 is detached (TEMP)")
    lab.refused("sdxdisk -D -c Class1 -g Group1 -d Disk1", "Disk1: disk holds the last valid copy of volume Volume1")
    lab.ok("sdxvolume -F -c Class1 -v Volume1")
    lab.refused("sdxvolume -R -c Class1 -v Volume1", "Volume1: slice Disk2.Volume1 is detached: attach it first")
    # a refused attach does not set the delay it was given either
    lab.ok("sdxslice -F -c Class1 -s Disk2.Volume1")
    lab.refused("sdxslice -F -c Class1 -s Disk2.Volume1", "Disk2.Volume1: slice is TEMP-STOP: only a TEMP slice")
    lab.refused("sdxslice -R -c Class1 -s Disk2.Volume1,Disk1.Volume2 -e delay=100",
                "Disk1.Volume2: slice is ACTIVE")
    lab.refused("sdxcopy -B -c Class1 -v Volume1", "Volume1: volume is STOP: copying runs only on a started volume")


def test_unexpected_exception_is_an_internal_error(lab: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    from gdsview.core.policy.manager import VolumeManager

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(VolumeManager, "stop_slice", boom)
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    r = lab.run("sdxslice -F -c Class1 -s Disk2.Volume1")
    assert r.rc == 3
    assert r.err == ("SDX:sdxslice: ERROR: internal error (a bug in gdsview): RuntimeError: disk on fire; report it "
                     "on gdsview's issue tracker with the command you ran, 'gdsview --version' and this line\n")
