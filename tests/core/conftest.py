"""Fixtures for the volume-manager core tests: small labs in tmp_path, always closed."""

from __future__ import annotations

import threading

import pytest
from gdsview.core.engine import resync
from workspace_helpers import Lab


@pytest.fixture
def thread_lab(make_lab) -> Lab:
    """The small lab whose copies run in a ThreadLauncher (as in the GUI)."""
    return make_lab("thread")


@pytest.fixture
def gated_lab(make_lab) -> Lab:
    """The small lab with a one-worker ThreadLauncher: ``lab.gate`` can hold its copies mid-way."""
    return make_lab("gated")


@pytest.fixture
def fine_chunks(monkeypatch):
    """One region per copy chunk and a progress report after every chunk: many interleavings."""
    monkeypatch.setattr(resync, "CHUNK_REGIONS", 1)
    monkeypatch.setattr(resync, "PROGRESS_EVERY", 0.0)


@pytest.fixture(autouse=True)
def no_stray_threads():
    """Every copy, writer and helper thread a test starts has ended when the test is over."""
    before = set(threading.enumerate())
    yield
    stray = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    assert not stray, f"threads left running: {stray}"
