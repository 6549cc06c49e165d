"""Packaging tests: build what users install (a wheel, the PyInstaller bundle) and run it."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging_helpers import copy_sources


@pytest.fixture(scope="session")
def source_tree(tmp_path_factory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("clone") / "gdsview")
