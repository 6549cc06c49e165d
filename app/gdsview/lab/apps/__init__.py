"""The lab's service apps: the built-in writer on the raw volume, PostgreSQL with pgbench and
SQLite with the same TPC-B-like load on a file system on the volume.

Every app has one interface: ``start()`` (returns once it runs), ``stop(timeout)`` (cleanly, and
waits), ``status()`` (an :class:`AppStatus`: app, data directory or file, running, rate, error),
``running``. Each holds the volume's service lock while it runs and looks for the volume's stop
request (:mod:`gdsview.lab.service`), so any process can stop it (:mod:`gdsview.lab.servicectl`).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from typing import Protocol

from ...core.errors import SdxError
from ...core.storage.workspace import Workspace
from .base import APPS, AppStatus

TITLES = {"builtin": "Built-in writer", "postgresql": "PostgreSQL (pgbench)", "sqlite": "SQLite"}


class App(Protocol):
    app: str
    unit: str

    @property
    def running(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self, timeout: float = ...) -> AppStatus: ...

    def status(self) -> AppStatus: ...


def why_unavailable(app: str) -> str | None:
    """Why ``app`` cannot run on this machine (None: it can)."""
    if app == "builtin":
        return None
    if os.geteuid() != 0:
        return "the database services mount a file system on the volume: they need root"
    if not os.path.exists("/dev/fuse") or importlib.util.find_spec("pyfuse3") is None:
        return "the database services need the device server (pyfuse3 and /dev/fuse)"
    if app == "postgresql":
        from .postgresql import why_unavailable as pg_why

        return pg_why()
    return None


def make_app(app: str, ws: Workspace, class_name: str, volume: str, options: dict | None = None, *,
             source: str = "service", on_stop: Callable[[AppStatus], None] | None = None) -> App:
    """The service ``app`` (builtin, postgresql, sqlite) for the volume, not started yet."""
    if app == "builtin":
        from .builtin import BuiltinApp

        return BuiltinApp(ws, class_name, volume, options, source=source, on_stop=on_stop)
    if app == "postgresql":
        from .postgresql import PostgresApp

        return PostgresApp(ws, class_name, volume, options, source=source, on_stop=on_stop)
    if app == "sqlite":
        from .sqlite import SqliteApp

        return SqliteApp(ws, class_name, volume, options, source=source, on_stop=on_stop)
    raise SdxError(f"unknown service app '{app}': use {', '.join(APPS)}", volume)


__all__ = ["APPS", "TITLES", "App", "AppStatus", "make_app", "why_unavailable"]
