"""Errors raised by the volume manager, worded and formatted as GDS does."""

from __future__ import annotations


class SdxError(Exception):
    """A refused or failed operation.

    ``obj`` names the object the message is about (``Disk2.Volume1``, ``Class1``), as GDS puts it
    after the severity: ``SDX:sdxslice: ERROR: Disk2.Volume1: <text>``.
    """

    def __init__(self, text: str, obj: str | None = None, severity: str = "ERROR") -> None:
        super().__init__(f"{obj}: {text}" if obj else text)
        self.text = text
        self.obj = obj
        self.severity = severity

    def format(self, command: str) -> str:
        where = f"{self.obj}: " if self.obj else ""
        return f"SDX:{command}: {self.severity}: {where}{self.text}"


class BusyError(SdxError):
    """The object is being changed by another thread or process right now."""


class NodeError(SdxError):
    """Refused on this cluster node: the object runs, or is accessible, on another node (or on none)."""


class InUseError(SdxError):
    """Refused because a volume or an access path is open or mounted (the device server says so)."""


class DeviceError(SdxError):
    """An I/O error on a disk image, with the disk that failed."""

    def __init__(self, text: str, obj: str | None = None, disk: str | None = None) -> None:
        super().__init__(text, obj)
        self.disk = disk


class CopyInterrupted(Exception):
    """Raised inside the resync engine when a copy is told to stop between chunks."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
