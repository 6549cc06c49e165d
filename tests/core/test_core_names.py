"""Object names and device paths (names.py), and invalid names refused by every operation."""

from __future__ import annotations

import string

import pytest
from gdsview.core.errors import SdxError
from gdsview.core.names import DevicePath, check_name, parse_device_path, parse_size
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from workspace_helpers import assert_refused

NAME_CHARS = set(string.ascii_letters + string.digits + "_-")


def is_gds_name(name: str) -> bool:
    """The rule of GDS.md, written without a regex: 1-32 of [A-Za-z0-9_-], not starting with - or _."""
    return 1 <= len(name) <= 32 and all(c in NAME_CHARS for c in name) and name[0] not in "-_"


near_names = st.text(alphabet=st.sampled_from(sorted(NAME_CHARS) + [".", " ", "/", "\n", "é", "\0", "Ａ"]),
                     max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(near_names, st.text(max_size=40)))
@example("a")
@example("A" * 32)
@example("A" * 33)
@example("-a")
@example("_a")
@example("a-_")
@example("")
@example("Disk1\n")
@example("٣")  # a non-ASCII digit
def test_check_name_accepts_exactly_the_gds_rule(name: str) -> None:
    if is_gds_name(name):
        assert check_name(name) == name
    else:
        with pytest.raises(SdxError) as info:
            check_name(name, "disk")
        assert "invalid disk name" in info.value.text


@pytest.mark.parametrize("bad", [None, 3, b"Disk1"])
def test_check_name_refuses_non_strings(bad) -> None:
    with pytest.raises(SdxError):
        check_name(bad)


def test_device_paths() -> None:
    assert parse_device_path("/dev/sfdsk/Class1/dsk/Volume1") == DevicePath("Class1", "Volume1")
    assert parse_device_path("/dev/sfdsk/Class1/dsk/Disk2.Volume1") == DevicePath("Class1", "Volume1", "Disk2")
    assert parse_device_path("/tmp/backup.img") is None
    for bad in ("/dev/sfdsk/Class1/Volume1", "/dev/sfdsk/Class1/rdsk/Volume1", "/dev/sfdsk/Class1/dsk/a.b.c",
                "/dev/sfdsk/-x/dsk/Volume1", "/dev/sfdsk/Class1/dsk/"):
        with pytest.raises(SdxError):
            parse_device_path(bad)


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("1G", 1, 1 << 30), ("512M", 1, 512 << 20), ("4096", 512, 4096 * 512), ("16MiB", 1, 16 << 20),
])
def test_parse_size(text, unit, expected) -> None:
    assert parse_size(text, default_unit=unit) == expected


@pytest.mark.parametrize("text", ["", "0", "-1", "1X", "G"])
def test_parse_size_refusals(text) -> None:
    with pytest.raises(SdxError):
        parse_size(text)


invalid_names = st.text(max_size=40).filter(lambda s: not is_gds_name(s))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=invalid_names)
def test_operations_refuse_invalid_names_and_change_nothing(lab, bad: str) -> None:
    m = lab.manager
    assert_refused(lab, m.create_physical_disk, bad, 8 << 20)
    assert_refused(lab, m.register_disk, "Class1", "sdc", bad)
    assert_refused(lab, m.register_disk, bad, "sdc", "Disk3")
    assert_refused(lab, m.connect_disk, "Class1", bad, "Disk1")
    assert_refused(lab, m.create_volume, "Class1", "Group1", bad, 2048)
    assert not any(p.name == bad for p in m.snapshot().physical_disks)
