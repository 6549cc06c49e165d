"""GDS option syntax for the ``sdx*`` commands: getopt-style letters and ``key=value`` lists.

``sdxslice -M -c Class1 -d Disk2 -v Volume1 -a jrm=off,mode=ro`` parses as: the operation ``M``,
options ``c``, ``d``, ``v`` with their values, and the attribute list of ``-a`` checked against
what the operation accepts. Every mistake is a :class:`UsageError` (exit status 2), never an
exception of the parser's own.
"""

from __future__ import annotations

import getopt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..core.errors import SdxError
from ..core.names import check_name

HELP_ARGS = ("-h", "--help")
VERSION_ARGS = ("--version",)


class UsageError(SdxError):
    """The command line itself is wrong (an unknown option, a missing value): exit status 2."""


@dataclass(frozen=True)
class Operation:
    """One operation letter of a command: which options it needs and which it accepts."""

    letter: str
    synopsis: str
    required: str = ""
    optional: str = ""


@dataclass(frozen=True)
class Command:
    """The option grammar of one ``sdx*`` command."""

    name: str
    operations: tuple[Operation, ...]
    with_value: str  # option letters that take a value (getopt's "x:")
    flags: str = ""  # option letters without a value that are not operations

    @property
    def shortopts(self) -> str:
        return "".join(op.letter for op in self.operations) + self.flags + "".join(
            f"{letter}:" for letter in self.with_value
        )

    def usage(self) -> str:
        return "\n".join(f"usage: {op.synopsis}" for op in self.operations)

    def letters(self) -> set[str]:
        """Every option letter of the command (operations, flags and options with a value)."""
        return {op.letter for op in self.operations} | set(self.flags) | set(self.with_value)

    def hint(self) -> str:
        return f"run '{self.name} --help' for the manual page"


@dataclass
class Parsed:
    command: Command
    operation: Operation | None
    values: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def get(self, letter: str, default: str | None = None) -> str | None:
        return self.values.get(letter, default)

    def __getitem__(self, letter: str) -> str:
        return self.values[letter]

    def __contains__(self, letter: str) -> bool:
        return letter in self.values or letter in self.flags


def wants_help(argv: Sequence[str]) -> bool:
    return any(a in HELP_ARGS for a in _options(argv))


def wants_version(argv: Sequence[str]) -> bool:
    return any(a in VERSION_ARGS for a in _options(argv))


def _options(argv: Sequence[str]) -> list[str]:
    """The arguments before ``--`` (after it, even ``--help`` is an operand)."""
    args = list(argv)
    return args[: args.index("--")] if "--" in args else args


def getopt_gds(argv: Sequence[str], shortopts: str, hint: str = "") -> list[tuple[str, str]]:
    """Run getopt; returns the (letter, value) pairs. Operands and repeated options are errors."""
    suffix = f" ({hint})" if hint else ""
    letters_with_value = {shortopts[i - 1] for i, ch in enumerate(shortopts) if ch == ":"}
    expect_value = False
    for arg in _options(argv):
        # GDS commands take one-letter options only; getopt would report "--detach" as "-detach"
        if not expect_value and arg.startswith("--") and arg != "--":
            raise UsageError(f"unknown option {arg.partition('=')[0]}{suffix}")
        expect_value = not expect_value and _ends_wanting_value(arg, letters_with_value)
    try:
        pairs, rest = getopt.getopt(list(argv), shortopts)
    except getopt.GetoptError as e:
        raise UsageError(f"{_getopt_text(e)}{suffix}") from None
    if rest:
        raise UsageError(f"unexpected argument '{rest[0]}'{suffix}")
    seen: set[str] = set()
    result = []
    for opt, value in pairs:
        letter = opt[1:]
        if letter in seen:
            raise UsageError(f"option -{letter} given more than once{suffix}")
        seen.add(letter)
        result.append((letter, value))
    return result


def _ends_wanting_value(arg: str, letters_with_value: set[str]) -> bool:
    """True when getopt takes the next argument as this one's value (``-c``, ``-Mc``)."""
    if not arg.startswith("-") or arg.startswith("--"):
        return False
    for i, letter in enumerate(arg[1:], 1):
        if letter in letters_with_value:
            return i == len(arg) - 1
    return False


def _getopt_text(e: getopt.GetoptError) -> str:
    if e.opt and "requires argument" in e.msg:
        return f"option -{e.opt} needs a value"
    if e.opt:
        return f"unknown option -{e.opt}"
    return e.msg


def parse(command: Command, argv: Sequence[str]) -> Parsed:
    """Parse ``argv`` for ``command``: exactly one operation, its required options, no others."""
    pairs = getopt_gds(argv, command.shortopts, command.hint())
    ops = {op.letter: op for op in command.operations}
    parsed = Parsed(command, None)
    chosen: list[str] = []
    for letter, value in pairs:
        if letter in ops:
            chosen.append(letter)
        elif letter in command.flags:
            parsed.flags.add(letter)
        else:
            parsed.values[letter] = value
    if not chosen:
        letters = ", ".join(f"-{op.letter}" for op in command.operations)
        raise UsageError(f"no operation given: use one of {letters} ({command.hint()})")
    if len(chosen) > 1:
        raise UsageError(f"options -{chosen[0]} and -{chosen[1]} cannot be used together ({command.hint()})")
    op = parsed.operation = ops[chosen[0]]
    given = set(parsed.values) | parsed.flags
    missing = [letter for letter in op.required if letter not in given]
    if missing:
        raise UsageError(f"-{op.letter} needs {_letters(missing)}: {op.synopsis}")
    extra = sorted(given - set(op.required) - set(op.optional))
    if extra:
        raise UsageError(f"option -{extra[0]} cannot be used with -{op.letter}: {op.synopsis}")
    for letter, value in parsed.values.items():
        if value == "":
            raise UsageError(f"option -{letter} needs a value: {op.synopsis}")
    return parsed


def _letters(letters: Sequence[str]) -> str:
    shown = [f"-{x}" for x in letters]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# -- values -------------------------------------------------------------------------------------
def name_list(text: str, kind: str, option: str) -> list[str]:
    """``Volume1,Volume2`` -> ["Volume1", "Volume2"]; every name checked, no duplicates."""
    names = text.split(",")
    if any(not n for n in names):
        raise SdxError(f"empty name in the list of -{option} '{text}'")
    for n in names:
        check_name(n, kind)
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup is not None:
        raise SdxError(f"{kind} named twice in -{option}", dup)
    return names


def slice_name(text: str) -> tuple[str, str]:
    """``Disk2.Volume1`` -> ("Disk2", "Volume1")."""
    disk, dot, volume = text.partition(".")
    if not dot or not disk or not volume:
        raise SdxError(f"invalid slice name '{text}': expected disk.volume, e.g. Disk2.Volume1")
    return check_name(disk, "disk"), check_name(volume, "volume")


def on_off(value: str) -> bool:
    if value not in ("on", "off"):
        raise ValueError("on or off")
    return value == "on"


def choice(*allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(" or ".join(allowed))
        return value

    return check


def int_range(low: int, high: int) -> Callable[[str], int]:
    def check(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return int(value)

    return check


FLAG = None  # a key without a value, e.g. ``waitsync``


def parse_attrs(
    text: str, option: str, schema: Mapping[str, Callable[[str], object] | None]
) -> dict[str, object]:
    """Parse ``-a jrm=on,mode=ro`` / ``-e delay=100,nowaitsync`` against ``schema``.

    ``schema`` maps each accepted key to a converter (raising ValueError with the expected
    values), or to :data:`FLAG` for a bare keyword, which yields ``True``.
    """
    expected = ",".join(k if conv is FLAG else f"{k}=..." for k, conv in schema.items())
    result: dict[str, object] = {}
    for item in text.split(","):
        key, eq, value = item.partition("=")
        if not key:
            raise UsageError(f"invalid -{option} list '{text}': expected {expected}")
        if key not in schema:
            raise UsageError(f"unknown -{option} parameter '{key}': expected {expected}")
        if key in result:
            raise UsageError(f"-{option} parameter '{key}' given more than once")
        conv = schema[key]
        if conv is FLAG:
            if eq:
                raise UsageError(f"-{option} parameter '{key}' takes no value")
            result[key] = True
            continue
        if not eq or value == "":
            raise UsageError(f"-{option} parameter '{key}' needs a value ({key}=...)")
        try:
            result[key] = conv(value)
        except ValueError as e:
            raise UsageError(f"invalid value '{value}' for {key}: expected {e}") from None
    return result

