"""Crash points, for tests only: kill the process at a named point of the engine.

``GDSVIEW_TEST_CRASH_AT=<point>:<n>`` makes the process ``os._exit(9)`` the n-th time it passes
``crash_point(<point>)``. Points: ``slice-write`` (a mirrored volume write, after its first slice
was written and before the others), ``copy-chunk`` (after a copied chunk is synced, before its JRM bits are
cleared), ``copy-cleared`` (after they are cleared), ``config-commit`` (inside a configuration
transaction, just before the commit). Without the variable each point costs one comparison.
"""

from __future__ import annotations

import os

CRASH_ENV = "GDSVIEW_TEST_CRASH_AT"
_crash_spec = os.environ.get(CRASH_ENV)
_crash_name, _, _crash_n = (_crash_spec or "").partition(":")
_crash_left = int(_crash_n) if _crash_spec and _crash_n.isdigit() else 0


def crash_point(name: str) -> None:
    """Kill this process (exit status 9, no cleanup) here when GDSVIEW_TEST_CRASH_AT says so."""
    global _crash_left
    if _crash_left and name == _crash_name:
        _crash_left -= 1
        if not _crash_left:
            os._exit(9)
