"""What the screenshot generator made: one result per figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .scenario import Capture


@dataclass(frozen=True)
class FigureResult:
    capture: Capture
    path: Path
    size: tuple[int, int]  # pixels
    logical_size: tuple[int, int]  # pixels at scale 1
    source_size: tuple[int, int] | None  # the captured window or dialog, logical pixels


__all__ = ["FigureResult"]
