"""Helpers of the packaging tests: a copy of the sources as a fresh clone has them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app", "resources", "packaging", "pyproject.toml", "README.md")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def copy_sources(dest: Path) -> Path:
    """What a fresh clone holds (the sources, not .venv or build output), copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, symlinks=True, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def site_packages() -> str:
    """The running environment's site-packages (PySide6, numpy ...), for a --no-deps install."""
    return next(p for p in sys.path if p.endswith("site-packages") and Path(p, "PySide6").is_dir())
