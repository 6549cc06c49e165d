"""Object names, device paths and sizes: parsing and validation rules in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SdxError

BLOCK = 512
MiB = 1 << 20
GiB = 1 << 30

NAME_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")  # GDS object names
_SIZE = re.compile(r"(\d+)([KMGTkmgt]?)(i?[Bb])?")
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
DEV_ROOT = "/dev/sfdsk"


def check_name(name: str, kind: str = "object") -> str:
    """Return ``name`` if it is a valid GDS object name, else raise SdxError."""
    if not isinstance(name, str) or not NAME_RULE.fullmatch(name):
        shown = name if isinstance(name, str) and len(name) <= 64 else repr(name)[:64]
        raise SdxError(
            f"invalid {kind} name: 1 to 32 letters, digits, '-' or '_', not starting with '-' or '_'",
            shown or "''",
        )
    return name


def parse_size(text: str, *, default_unit: int = 1) -> int:
    """Parse ``1G``, ``512M``, ``4096`` into bytes; a bare number is multiplied by ``default_unit``."""
    m = _SIZE.fullmatch(text.strip()) if isinstance(text, str) else None
    if not m:
        raise SdxError(f"invalid size '{text}': use a number of blocks or a size such as 512M or 1G")
    number, unit = int(m.group(1)), m.group(2).lower()
    size = number * (_UNITS[unit] if unit else default_unit)
    if size <= 0:
        raise SdxError(f"invalid size '{text}': must be greater than zero")
    return size


def human_size(nbytes: int) -> str:
    for unit, factor in (("T", 1 << 40), ("G", GiB), ("M", MiB), ("K", 1 << 10)):
        if nbytes >= factor and nbytes % factor == 0:
            return f"{nbytes // factor} {unit}iB"
    for unit, factor in (("G", GiB), ("M", MiB), ("K", 1 << 10)):
        if nbytes >= factor:
            return f"{nbytes / factor:.1f} {unit}iB"
    return f"{nbytes} B"


def volume_path(class_name: str, volume: str) -> str:
    return f"{DEV_ROOT}/{class_name}/dsk/{volume}"


def access_path(class_name: str, disk: str, volume: str) -> str:
    """The device path of a detached slice, as named in the Detach Slice completion message."""
    return f"{DEV_ROOT}/{class_name}/dsk/{disk}.{volume}"


@dataclass(frozen=True)
class DevicePath:
    """A parsed ``/dev/sfdsk/...`` path: a volume, or a slice when ``disk`` is set."""

    class_name: str
    volume: str
    disk: str | None = None

    @property
    def object_name(self) -> str:
        return f"{self.disk}.{self.volume}" if self.disk else self.volume


def parse_device_path(path: str) -> DevicePath | None:
    """Return the parsed device path, or None when ``path`` is not under /dev/sfdsk."""
    if not path.startswith(DEV_ROOT + "/"):
        return None
    parts = path[len(DEV_ROOT) + 1 :].split("/")
    if len(parts) != 3 or parts[1] != "dsk":
        raise SdxError("not a GDS device path: expected /dev/sfdsk/<class>/dsk/<volume>", path)
    class_name, leaf = check_name(parts[0], "class"), parts[2]
    if "." in leaf:
        disk, _, volume = leaf.partition(".")
        return DevicePath(class_name, check_name(volume, "volume"), check_name(disk, "disk"))
    return DevicePath(class_name, check_name(leaf, "volume"))


#: The node a workspace's configuration belongs to. A lab is a one-node cluster named as the GDS
#: guide's examples name their nodes (``scope=node1:node2``): the same name in the window, in
#: ``sdxinfo`` and in the Help's figures on every machine, whatever the host is called.
NODE_NAME = "node1"


def node_name() -> str:
    """The name of the node this gdsview runs on, as the Configuration Tree and ``sdxinfo`` show it."""
    return NODE_NAME
