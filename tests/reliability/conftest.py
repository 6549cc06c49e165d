"""Fixtures of the reliability suite: small labs (64 MiB disks) in tmp_path, always closed."""

from __future__ import annotations

import pytest
from workspace_helpers import Lab, build_small_lab


@pytest.fixture
def make_lab(tmp_path):
    labs: list[Lab] = []

    def make(launcher: str | None = "inline") -> Lab:
        lab = build_small_lab(tmp_path / f"ws{len(labs)}", launcher=launcher)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.close()


@pytest.fixture
def lab(make_lab) -> Lab:
    return make_lab("inline")


@pytest.fixture
def idle_lab(make_lab) -> Lab:
    return make_lab(None)
