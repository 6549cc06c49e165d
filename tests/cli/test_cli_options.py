"""The GDS option parser (getopt syntax, key=value lists) and the table printer."""

from __future__ import annotations

import pytest
from gdsview.cli.options import (
    FLAG,
    Command,
    Operation,
    choice,
    int_range,
    name_list,
    on_off,
    parse,
    parse_attrs,
    slice_name,
)
from gdsview.cli.table import format_table
from gdsview.core.errors import SdxError

CMD = Command(
    "sdxtest",
    (
        Operation("M", "sdxtest -M -c class -d disk [-a jrm=on|off]", "cd", "a"),
        Operation("R", "sdxtest -R -c class [-e waitsync]", "c", "e"),
    ),
    with_value="cdae",
)


def test_parse_separate_and_attached_values() -> None:
    p = parse(CMD, ["-M", "-c", "Class1", "-dDisk2"])
    assert p.operation.letter == "M"
    assert p.values == {"c": "Class1", "d": "Disk2"}
    assert "c" in p and "a" not in p


def test_parse_combined_flags() -> None:
    p = parse(CMD, ["-Mc", "Class1", "-d", "Disk2"])
    assert p.operation.letter == "M" and p["c"] == "Class1"


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["-X", "-c", "C"], "unknown option -X"),
        (["-M", "-c"], "option -c needs a value"),
        (["-c", "Class1"], "no operation given: use one of -M, -R"),
        (["-M", "-R", "-c", "C", "-d", "D"], "options -M and -R cannot be used together"),
        (["-M", "-c", "C"], "-M needs -d: sdxtest -M -c class -d disk"),
        (["-R", "-c", "C", "-d", "D"], "option -d cannot be used with -R"),
        (["-M", "-c", "C", "-c", "D", "-d", "x"], "option -c given more than once"),
        (["-M", "-c", "C", "-d", "D", "extra"], "unexpected argument 'extra'"),
        (["-M", "-c", "", "-d", "D"], "option -c needs a value"),
    ],
)
def test_parse_errors(argv: list[str], text: str) -> None:
    with pytest.raises(SdxError) as e:
        parse(CMD, argv)
    assert e.value.format("sdxtest").startswith(f"SDX:sdxtest: ERROR: {text}")


def test_parse_attrs() -> None:
    schema = {"jrm": on_off, "mode": choice("rw", "ro"), "delay": int_range(0, 1000), "waitsync": FLAG}
    assert parse_attrs("jrm=off,mode=ro", "a", schema) == {"jrm": False, "mode": "ro"}
    assert parse_attrs("delay=100,waitsync", "e", schema) == {"delay": 100, "waitsync": True}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("jrm=maybe", "invalid value 'maybe' for jrm: expected on or off"),
        ("mode=wo", "invalid value 'wo' for mode: expected rw or ro"),
        ("delay=-5", "invalid value '-5' for delay: expected a whole number from 0 to 1000"),
        ("delay=2000", "invalid value '2000' for delay"),
        ("delay", "-e parameter 'delay' needs a value"),
        ("waitsync=1", "-e parameter 'waitsync' takes no value"),
        ("color=red", "unknown -e parameter 'color'"),
        ("jrm=on,jrm=off", "-e parameter 'jrm' given more than once"),
        ("jrm=on,", "invalid -e list"),
    ],
)
def test_parse_attrs_errors(text: str, message: str) -> None:
    schema = {"jrm": on_off, "mode": choice("rw", "ro"), "delay": int_range(0, 1000), "waitsync": FLAG}
    with pytest.raises(SdxError) as e:
        parse_attrs(text, "e", schema)
    assert e.value.text.startswith(message)


def test_name_lists() -> None:
    assert name_list("Volume1,Volume2", "volume", "v") == ["Volume1", "Volume2"]
    assert slice_name("Disk2.Volume1") == ("Disk2", "Volume1")
    for bad in ("Volume1,,Volume2", "Volume1,Volume1", "-x", "a" * 33):
        with pytest.raises(SdxError):
            name_list(bad, "volume", "v")
    for bad in ("Disk2", "Disk2.", ".Volume1", "Disk2.Vol/1"):
        with pytest.raises(SdxError):
            slice_name(bad)


def test_table_columns_are_as_wide_as_their_widest_cell() -> None:
    lines = format_table(["OBJ", "NAME", "STATUS"], [["class", "Class1", "ACTIVE"], ["c", "LongerName12", "X"]])
    assert lines == [
        "OBJ   NAME         STATUS",
        "----- ------------ ------",
        "class Class1       ACTIVE",
        "c     LongerName12 X",
    ]
    assert format_table(["A", "B"], []) == ["A B", "- -"]
    with pytest.raises(ValueError):
        format_table(["A", "B"], [["1"]])
