"""Every sdx* command's manual page (--help), in English and in Japanese, and --version.

The pages are checked against the commands' own option grammar, so they cannot drift: every
operation letter is explained under PRIMARY OPTIONS, every option letter and every attribute of
a synopsis under SUB OPTIONS, and every example parses.
"""

from __future__ import annotations

import re
import shlex

import pytest
from cli_lab import MAINS, Lab
from gdsview import __version__
from gdsview.cli import manpage, sdxattr, sdxcopy, sdxdisk, sdxslice, sdxswap, sdxvolume
from gdsview.cli.options import Command, parse

COMMANDS: dict[str, Command | None] = {
    "sdxdisk": sdxdisk.COMMAND, "sdxvolume": sdxvolume.COMMAND, "sdxslice": sdxslice.COMMAND,
    "sdxcopy": sdxcopy.COMMAND, "sdxswap": sdxswap.COMMAND, "sdxattr": sdxattr.COMMAND, "sdxinfo": None,
}
SECTIONS = {
    "en": ("NAME", "SYNOPSIS", "DESCRIPTION", "PRIMARY OPTIONS", "SUB OPTIONS", "MESSAGES", "EXAMPLES",
           "ENVIRONMENT", "EXIT STATUS"),
    "ja": ("名前", "形式", "機能説明", "基本オプション", "サブオプション", "メッセージ", "使用例", "環境変数",
           "復帰値"),
}


def sections(text: str) -> dict[str, str]:
    """The page's sections: a heading at column 0, its body indented below it."""
    found: dict[str, str] = {}
    heading = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            heading = line
            found[heading] = ""
        elif heading is not None:
            found[heading] += line + "\n"
    return found


def attributes(synopsis: str) -> set[str]:
    """The keys of the -a / -e lists of a synopsis: ``jrm=on|off,mode=rw|ro`` -> {jrm, mode}."""
    keys = set()
    for letter in "ae":
        m = re.search(rf"-{letter} ([^\s\]]+)", synopsis)
        if m and "=" in m.group(1) or (m and m.group(1).isalpha()):
            keys |= {item.split("=")[0] for item in m.group(1).split(",") if item and item[0].isalpha()}
    return keys - {"attribute", "param"}


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("cmd", list(COMMANDS))
def test_the_page_explains_every_operation_option_and_attribute(cmd: str, lang: str) -> None:
    text = manpage.page(cmd, lang)
    parts = sections(text)
    assert tuple(h for h in parts if h in SECTIONS[lang]) == SECTIONS[lang], list(parts)
    assert parts[SECTIONS[lang][0]].strip().startswith(f"{cmd} - ")
    primary, sub = parts[SECTIONS[lang][3]], parts[SECTIONS[lang][4]]
    command = COMMANDS[cmd]
    if command is None:  # sdxinfo: its table letters and -c, -o, -e long
        letters, values = "ACDGVS", "coe"
    else:
        letters, values = "".join(op.letter for op in command.operations), command.with_value
        for op in command.operations:
            assert op.synopsis.split(" -c ")[0] + " " in parts[SECTIONS[lang][1]], op.synopsis
            for key in attributes(op.synopsis):
                assert re.search(rf"(^\s+|-[ae] ){key}(=|\s|,|$)", sub, re.MULTILINE), (cmd, lang, key)
    for letter in letters:
        assert re.search(rf"^    -{letter}\s", primary, re.MULTILINE), (cmd, lang, letter)
    for letter in values:
        assert re.search(rf"^    -{letter}\b|[ 、]-{letter} ", sub, re.MULTILINE), (cmd, lang, letter)
    exit_status = parts[SECTIONS[lang][8]]
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^    {code}\s", exit_status, re.MULTILINE), (cmd, lang, code)
    assert f"SDX:{cmd}:" in parts[SECTIONS[lang][5]]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("cmd", [c for c, grammar in COMMANDS.items() if grammar is not None])
def test_every_example_of_the_page_parses(cmd: str, lang: str) -> None:
    examples = [shlex.split(line.strip()) for line in sections(manpage.page(cmd, lang))[SECTIONS[lang][6]]
                .splitlines() if line.strip().startswith(f"{cmd} ")]
    assert examples
    for argv in examples:
        parse(COMMANDS[cmd], argv[1:])  # raises on a mistake


@pytest.mark.parametrize(("env", "first"), [
    ({"LANG": "ja_JP.UTF-8"}, "名前\n"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "C"}, "名前\n"),
    ({"LANG": "en_US.UTF-8"}, "NAME\n"),
    ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "NAME\n"),  # LC_ALL wins, as in the C library
    ({}, "NAME\n"),
])
def test_help_follows_the_locale(demo: Lab, monkeypatch: pytest.MonkeyPatch, env: dict, first: str) -> None:
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for cmd in COMMANDS:
        out = demo.ok(f"{cmd} --help").out
        assert out.startswith(first), (cmd, env)


@pytest.mark.parametrize("cmd", list(MAINS))
def test_version(demo: Lab, cmd: str) -> None:
    out = demo.ok(f"{cmd} --version").out
    assert out == (f"gdsview {__version__}\n" if cmd == "gdsview" else f"{cmd} (gdsview) {__version__}\n")


@pytest.mark.parametrize(("command", "text"), [
    ("sdxslice --detach -c Class1 -d Disk2 -v Volume1", "unknown option --detach"),
    ("sdxslice -M --class=Class1", "unknown option --class"),
    ("sdxinfo --long", "unknown option --long"),
    ("sdxslice -X -c Class1", "unknown option -X"),
    ("sdxattr -V -c Class1 -v Volume1 -a lock=on", "unknown -a parameter 'lock'"),
])
def test_unknown_options_are_usage_errors(demo: Lab, command: str, text: str) -> None:
    r = demo.refused(command)
    assert r.rc == 2
    cmd = command.split()[0]
    assert r.err.startswith(f"SDX:{cmd}: ERROR: {text}")
    if "option" in text:
        assert f"run '{cmd} --help' for the manual page" in r.err


def test_a_value_that_looks_like_a_long_option_is_a_value(demo: Lab) -> None:
    """``-v --x`` gives -v the value --x (getopt's rule): the name is refused, not the option."""
    r = demo.run(["sdxslice", "-M", "-c", "Class1", "-d", "Disk2", "-v", "--x"])
    assert r.rc == 1 and "unknown option" not in r.err and "--x" in r.err
