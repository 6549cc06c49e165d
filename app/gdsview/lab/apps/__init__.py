"""The lab's service apps: the built-in writer on the raw volume, PostgreSQL with pgbench and
SQLite with the same TPC-B-like load on a file system on the volume.

Every app has one interface: ``start()`` (returns once it runs), ``stop(timeout)`` (cleanly, and
waits), ``status()`` (an :class:`AppStatus`: app, data directory or file, running, rate, error),
``running``. Each holds the volume's service lock while it runs and looks for the volume's stop
request (:mod:`gdsview.lab.service`), so any process can stop it (:mod:`gdsview.lab.servicectl`).
"""

from __future__ import annotations

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


__all__ = ["APPS", "TITLES", "App", "AppStatus", "make_app"]
