"""Scenario files: the steps a writer scripts to produce a manual's figures (TOML, Qt-free).

A scenario names its starting lab and lists ``[[step]]`` tables::

    title = "Backup by slice detachment"
    lab = "demo"

    [[step]]
    action = "select"
    object = "Class1/Disk2.Volume1"

    [[step]]
    action = "capture"
    target = "menu"
    figure = "7.39"
    slug = "detach-slice"
    caption = "Detach Slice"

On the two-node lab (``lab = "cluster"``) a ``switch`` step moves the shared class's service to
another node (``to = "node2"``), and a ``node`` step makes the window act as a node
(``name = "node2"``), as the General menu does.

A caption (and the title) may be given in another language beside the English one, for
``--lang ja``: ``caption_ja = "スライスの切離し"``, ``title_ja = "..."``; without it the English is used.

Everything a writer can get wrong is reported as a :class:`ScenarioError` naming the file and
line (``scenario.toml:12: unknown action "clik"``). ``tomllib`` gives no line numbers for values,
so each ``[[step]]`` header (and each key inside it) is found by scanning the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.errors import SdxError
from ..core.names import NAME_RULE

#: action -> (required keys, optional keys)
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "select": (("object",), ()),
    "open_menu": (("menu",), ("item",)),
    "close_menu": ((), ()),
    "trigger": (("operation",), ()),
    "set": (("field", "value"), ()),
    "press": (("button",), ()),
    "wait": (("until",), ("timeout",)),
    "capture": (("target",), ("figure", "slug", "caption", "caption_ja", "file", "rect", "widget", "lab")),
    "switch": (("to",), ("class",)),  # the service switches nodes (the lab's hvswitch), as from a terminal
    "node": (("name",), ()),  # the window acts as this node from here on (General > Act as Node)
}
TARGETS = ("window", "dialog", "menu", "region", "flow")
BUTTONS = ("OK", "Cancel", "Yes", "No", "Close", "Apply")
LABS = ("demo", "empty", "cluster")  # cluster: the demo on node1 and node2 (gdsview lab init --cluster)
LANGUAGES = ("en", "ja")
TOP_LEVEL = ("title", "lab", "step", "title_ja")
#: how a numbered figure is titled in each language
FIGURE_TITLE = {"en": "Figure {figure} {caption}", "ja": "図{figure} {caption}"}

_FIGURE = re.compile(r"^\d+(\.\d+)*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NAME = NAME_RULE.pattern  # the object-name rule of core.names
_OBJECT = re.compile(rf"^(?P<cls>{_NAME})(/(?P<obj>{_NAME})(\.(?P<vol>{_NAME}))?)?$")
_UNTIL = re.compile(r"^\s*(?P<obj>\S+)\s*=\s*(?P<status>[A-Za-z-]+)\s*$")
_STEP_HEADER = re.compile(r"^\s*\[\[\s*step\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")


class ScenarioError(SdxError):
    """A mistake in a scenario, or a step that cannot be carried out; ``where`` is ``file:line``.

    Formats as ``SDX:gdsview: ERROR: scenario.toml:12: unknown action "clik"``.
    """

    def __init__(self, where: str, text: str) -> None:
        super().__init__(text, where)
        self.where = where


@dataclass(frozen=True)
class ObjectRef:
    """``Class1``, ``Class1/Group1``, ``Class1/Volume1`` or ``Class1/Disk2.Volume1`` (a slice)."""

    text: str
    class_name: str
    name: str | None = None  # a group or a volume, or the disk of a slice
    volume: str | None = None  # set for a slice

    @property
    def is_slice(self) -> bool:
        return self.volume is not None


@dataclass(frozen=True)
class Step:
    number: int  # 1-based position in the scenario
    line: int  # the line of the [[step]] header
    action: str
    args: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    source: str = "scenario.toml"

    def where(self, key: str | None = None) -> str:
        return f"{self.source}:{self.key_lines.get(key, self.line) if key else self.line}"

    def error(self, text: str, key: str | None = None) -> ScenarioError:
        return ScenarioError(self.where(key), text)

    def get(self, key: str, default: Any = None) -> Any:
        return self.args.get(key, default)


@dataclass(frozen=True)
class Capture:
    """What a capture step produces: a numbered figure, or an extra named image."""

    target: str
    figure: str | None
    slug: str | None
    caption: str
    file: str  # the file name without .png
    captions: dict[str, str] = field(default_factory=dict)  # the caption in other languages

    @property
    def title(self) -> str:
        return self.title_in("en")

    def caption_in(self, lang: str) -> str:
        return self.captions.get(lang, self.caption)

    def title_in(self, lang: str) -> str:
        caption = self.caption_in(lang)
        return FIGURE_TITLE.get(lang, FIGURE_TITLE["en"]).format(figure=self.figure, caption=caption) \
            if self.figure else caption


@dataclass(frozen=True)
class Scenario:
    source: str  # the file name shown in messages
    title: str
    lab: str
    steps: tuple[Step, ...]
    titles: dict[str, str] = field(default_factory=dict)  # the title in other languages

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang, self.title)

    def captures(self) -> list[tuple[Step, Capture]]:
        return [(s, capture_of(s)) for s in self.steps if s.action == "capture"]


# -- loading ----------------------------------------------------------------------------------

def builtin_names() -> list[str]:
    folder = resources.files(__package__).joinpath("scenarios")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A built-in scenario by name (``backup-by-slice-detachment``) or a TOML file by path."""
    text_name = str(name_or_path)
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.is_file() or "/" in text_name:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise ScenarioError(text_name, f"cannot read the scenario: {e.strerror or e}") from None
        return parse_scenario(text, text_name)
    if text_name not in builtin_names():
        raise SdxError(f'no built-in scenario "{text_name}" (built-in: {", ".join(builtin_names())};'
                       " or give a .toml file)")
    text = resources.files(__package__).joinpath("scenarios", f"{text_name}.toml").read_text(encoding="utf-8")
    return parse_scenario(text, f"{text_name}.toml")


def parse_scenario(text: str, source: str = "scenario.toml") -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if m:
            where = f"{source}:{m.group(1)}"
            message = f"{message[:m.start()]} (column {m.group(2)})"
        else:
            m = re.search(r"\(at end of document\)", message)
            where = f"{source}:{text.count(chr(10)) + 1}" if m else source
        raise ScenarioError(where, f"not valid TOML: {message}") from None

    top_lines = _key_lines(text.splitlines(), 0, _first_table(text.splitlines()))
    for key in data:
        if key not in TOP_LEVEL:
            raise ScenarioError(f"{source}:{top_lines.get(key, 1)}", f'unknown setting "{key}"'
                                f' (a scenario has {", ".join(TOP_LEVEL[:2])} and [[step]] tables)')
    lab = data.get("lab", "demo")
    if lab not in LABS:
        raise ScenarioError(f"{source}:{top_lines.get('lab', 1)}",
                            f'unknown lab "{lab}" (choose {" or ".join(LABS)})')
    title = data.get("title", "Figures")
    titles = {}
    for key in ("title", *(f"title_{lang}" for lang in LANGUAGES[1:])):
        value = data.get(key, title)
        if not isinstance(value, str):
            raise ScenarioError(f"{source}:{top_lines.get(key, 1)}", f"{key} must be a string")
        if key != "title" and key in data:
            titles[key.split("_", 1)[1]] = value

    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ScenarioError(f"{source}:1", "no steps: add [[step]] tables (each with an action)")
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if _STEP_HEADER.match(line)]
    if len(headers) != len(raw_steps):  # e.g. step = [...] written inline: fall back to no key lines
        headers = [0] * len(raw_steps)
    steps = []
    for n, (raw, start) in enumerate(zip(raw_steps, headers, strict=True), 1):
        end = next((i for i in range(start + 1, len(lines)) if _TABLE_HEADER.match(lines[i])), len(lines))
        step = Step(n, start + 1, str(raw.get("action", "")), dict(raw), _key_lines(lines, start + 1, end), source)
        _check_step(step)
        steps.append(step)
    scenario = Scenario(source, title, lab, tuple(steps), titles)
    seen: dict[str, Step] = {}
    for step, cap in scenario.captures():
        if cap.file in seen:
            raise step.error(f'{cap.file}.png is already written by the step at line {seen[cap.file].line}',
                             "figure" if cap.figure else "file")
        seen[cap.file] = step
    return scenario


def _first_table(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), len(lines))


def _key_lines(lines: list[str], start: int, end: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(start, end):
        m = re.match(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=', lines[i])
        if m:
            found.setdefault(m.group(1), i + 1)
    return found


def _check_step(step: Step) -> None:
    if "action" not in step.args:
        raise step.error(f'step {step.number} has no action (one of {", ".join(ACTIONS)})')
    action = step.args["action"]
    if not isinstance(action, str) or action not in ACTIONS:
        hint = _closest(str(action), ACTIONS)
        raise step.error(f'unknown action "{action}"' + (f' (did you mean "{hint}"?)' if hint else
                                                         f' (one of {", ".join(ACTIONS)})'), "action")
    required, optional = ACTIONS[action]
    for key in step.args:
        if key != "action" and key not in required and key not in optional:
            allowed = ", ".join((*required, *optional)) or "no other keys"
            raise step.error(f'unknown key "{key}" in a {action} step (it takes {allowed})', key)
    for key in required:
        if key not in step.args:
            raise step.error(f'{action} step needs "{key}"')
    for key, value in step.args.items():
        if key not in ("rect", "timeout", "lab") and not isinstance(value, str):
            raise step.error(f'"{key}" must be a string, not {type(value).__name__}', key)
    check = _CHECKS.get(action)
    if check is not None:
        check(step)


def _closest(word: str, choices) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def parse_object(step: Step, key: str, text: str) -> ObjectRef:
    m = _OBJECT.match(text.strip())
    if not m:
        raise step.error(f'"{text}" is not an object: write Class1, Class1/Volume1 or Class1/Disk2.Volume1', key)
    return ObjectRef(text.strip(), m.group("cls"), m.group("obj"), m.group("vol"))


def parse_until(step: Step) -> tuple[ObjectRef, str]:
    text = step.args["until"]
    m = _UNTIL.match(text)
    if not m:
        raise step.error(f'wait until "{text}": write OBJECT = STATUS, e.g. "Class1/Disk2.Volume1 = ACTIVE"',
                         "until")
    return parse_object(step, "until", m.group("obj")), m.group("status").upper()


def _check_select(step: Step) -> None:
    parse_object(step, "object", step.args["object"])


def _check_press(step: Step) -> None:
    if step.args["button"] not in BUTTONS:
        hint = next((b for b in BUTTONS if b.lower() == step.args["button"].lower()), None)
        raise step.error(f'unknown button "{step.args["button"]}"'
                         + (f' (write "{hint}")' if hint else f' (one of {", ".join(BUTTONS)})'), "button")


def _check_wait(step: Step) -> None:
    obj, _status = parse_until(step)
    if not obj.name:
        raise step.error(f'wait until "{step.args["until"]}": name a volume or a slice, not a class', "until")
    timeout = step.args.get("timeout", 60)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise step.error("timeout must be a positive number of seconds", "timeout")


def capture_of(step: Step) -> Capture:
    a = step.args
    target = a["target"]
    figure, slug, file = a.get("figure"), a.get("slug"), a.get("file")
    if figure is not None:
        if not _FIGURE.match(figure):
            raise step.error(f'figure "{figure}": write the figure number as in the document, e.g. "7.39"', "figure")
        if slug is None:
            raise step.error('a figure needs a slug for its file name, e.g. slug = "detach-slice"')
        if not _SLUG.match(slug):
            raise step.error(f'slug "{slug}": use lower-case letters, digits and single hyphens', "slug")
        if file is not None:
            raise step.error('give either figure (+ slug) or file, not both', "file")
        name = f"fig-{figure.replace('.', '-')}-{slug}"
    elif file is not None:
        if not _SLUG.match(file):
            raise step.error(f'file "{file}": use lower-case letters, digits and single hyphens (no .png)', "file")
        name = file
    else:
        raise step.error('a capture needs figure = "N.N" (with slug and caption) or file = "name"')
    caption = a.get("caption")
    if figure is not None and not caption:
        raise step.error(f'figure {figure} needs a caption, e.g. caption = "Detach Slice"')
    captions = {lang: a[f"caption_{lang}"] for lang in LANGUAGES[1:] if f"caption_{lang}" in a}
    return Capture(target, figure, slug, caption or name, name, captions)


def _check_capture(step: Step) -> None:
    target = step.args["target"]
    if target not in TARGETS:
        raise step.error(f'unknown capture target "{target}" (one of {", ".join(TARGETS)})', "target")
    if "lab" in step.args and (not isinstance(step.args["lab"], bool) or target != "window"):
        raise step.error("lab = true (the lab's panels and the Copy Throughput plot shown) is for a window "
                         "capture only", "lab")
    capture_of(step)
    if target == "region":
        rect, widget = step.args.get("rect"), step.args.get("widget")
        if (rect is None) == (widget is None):
            raise step.error('a region capture needs rect = [x, y, width, height] or widget = "objectName"')
        if rect is not None and not (isinstance(rect, list) and len(rect) == 4
                                     and all(isinstance(v, int) and v >= 0 for v in rect) and rect[2] and rect[3]):
            raise step.error("rect must be [x, y, width, height] in window pixels", "rect")
    elif "rect" in step.args or "widget" in step.args:
        key = "rect" if "rect" in step.args else "widget"
        raise step.error(f'"{key}" is for target = "region" only', key)


def _check_names(*keys: str):
    def check(step: Step) -> None:
        for key in keys:
            if key in step.args and not re.fullmatch(_NAME, step.args[key]):
                raise step.error(f'"{step.args[key]}" is not a node or class name', key)
    return check


_CHECKS = {"select": _check_select, "press": _check_press, "wait": _check_wait, "capture": _check_capture,
           "switch": _check_names("to", "class"), "node": _check_names("name")}
