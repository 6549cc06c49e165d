"""The cheaper wait for FUSE requests replaces pyfuse3's only where a FUSE session is open."""

from __future__ import annotations

import pytest

pyfuse3 = pytest.importorskip("pyfuse3", reason="pyfuse3 is not installed")

from gdsview.devices import fastloop  # noqa: E402


def test_without_a_fuse_session_nothing_is_replaced() -> None:
    before = pyfuse3._wait_fuse_readable
    assert fastloop._fuse_fd() is None
    assert fastloop.install() is False
    assert pyfuse3._wait_fuse_readable is before
