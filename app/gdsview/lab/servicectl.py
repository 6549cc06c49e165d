"""The lab's service across processes and nodes: which volumes it writes to and as which node, a
clean stop asked from any process, and a start in the background acting as a node.

This is what the cluster's switch (``gdsview cluster switch``, the lab's hvswitch) does with the
application: :func:`stop_class_services` stops, cleanly, every service writing to a class's
volumes (the one function a switch calls, so other kinds of services can join it), and
:func:`start_detached` starts each again on the node the class moved to, as a worker process
(``python -m gdsview.lab.servicectl``) that runs until asked to stop.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from ..core.errors import SdxError
from ..core.storage.cluster import ENV_NODE
from ..core.storage.locks import is_held
from ..core.storage.workspace import Workspace
from .apps import make_app
from .service import running_services, service_lock_path, stop_request_path

POLL = 0.05


@dataclass(frozen=True)
class ServiceRun:
    """A service writing to a volume now, as its lock file announces it."""

    class_name: str
    volume: str
    node: str | None
    pattern: str = "log"
    rate_mib_s: float = 4.0
    pid: int | None = None
    app: str = "builtin"
    options: dict | None = None  # the app's options (builtin: rate, pattern; databases: clients, rate)

    def app_options(self) -> dict:
        """The options to start the same service with again."""
        if self.options is not None:
            return dict(self.options)
        return {"rate": self.rate_mib_s, "pattern": self.pattern} if self.app == "builtin" else {}


def service_runs(ws: Workspace, class_name: str | None = None) -> list[ServiceRun]:
    """Every service writing now (to ``class_name``'s volumes), in this or any other process."""
    runs = []
    for c, v in running_services(ws):
        if class_name is not None and c != class_name:
            continue
        try:
            info = json.loads(service_lock_path(ws, c, v).read_bytes() or b"{}")
        except (OSError, ValueError):
            info = {}
        options = info.get("options")
        if not info.get("app") and "pattern" in info:  # the built-in writer's own record
            options = {"rate": float(info.get("rate_mib_s", 4.0)), "pattern": info["pattern"]}
        builtin = options if info.get("app", "builtin") == "builtin" and options else {}
        runs.append(ServiceRun(c, v, info.get("node"), str(builtin.get("pattern", info.get("pattern", "log"))),
                               float(builtin.get("rate", info.get("rate_mib_s", 4.0))), info.get("pid"),
                               info.get("app", "builtin"), options))
    return runs


def request_stop(ws: Workspace, class_name: str, volume: str, timeout: float = 120) -> bool:
    """Ask the service on the volume to stop cleanly (its last commit record clean; a database's shutdown
    checkpoint and unmount can take a while on a slow disk); True once it has."""
    asked = stop_request_path(ws, class_name, volume)
    asked.touch()
    try:
        return wait_stopped(ws, [(class_name, volume)], timeout, asking=True) == []
    finally:
        asked.unlink(missing_ok=True)


def wait_stopped(ws: Workspace, volumes: list[tuple[str, str]], timeout: float, *,
                 asking: bool = False) -> list[tuple[str, str]]:
    """Wait until no service writes to ``volumes``; returns those still written to at the timeout.

    ``asking``: the stop requests are made again at every look (a service that was starting may have
    removed one as an earlier service's).
    """
    deadline = time.monotonic() + timeout
    left = list(volumes)
    while True:
        left = [(c, v) for c, v in left if is_held(service_lock_path(ws, c, v))]
        if not left or time.monotonic() >= deadline:
            return left
        if asking:
            for c, v in left:
                stop_request_path(ws, c, v).touch()
        time.sleep(POLL)


def stop_class_services(ws: Workspace, class_name: str, *, timeout: float = 120) -> list[ServiceRun]:
    """Stop, cleanly, every service writing to the class's volumes; returns what ran (to start it elsewhere)."""
    runs = service_runs(ws, class_name)
    for run in runs:
        stop_request_path(ws, run.class_name, run.volume).touch()
    try:
        left = wait_stopped(ws, [(r.class_name, r.volume) for r in runs], timeout, asking=True)
    finally:
        for run in runs:
            stop_request_path(ws, run.class_name, run.volume).unlink(missing_ok=True)
    if left:
        raise SdxError(f"the service on {', '.join(v for _c, v in left)} did not stop within {timeout:g} s",
                       class_name)
    return runs


def start_detached(ws: Workspace, run: ServiceRun, node: str, *, timeout: float | None = None) -> int:
    """Start the service of ``run`` again in a background process acting as ``node``; returns its pid
    once it runs (or raises what stopped it). A database's first start makes its data: minutes."""
    if timeout is None:
        timeout = 15 if run.app == "builtin" else 600
    ws.state_dir.mkdir(parents=True, exist_ok=True)
    with open(ws.state_dir / "services.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gdsview.lab.servicectl", "--workspace", str(ws.root), "--class", run.class_name,
             "--volume", run.volume, "--app", run.app, "--options", json.dumps(run.app_options())],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True,
            env={**os.environ, ENV_NODE: node, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SdxError(f"the service did not start on {node}: {_last_line(ws) or f'exit {proc.returncode}'}",
                           run.volume)
        if any(r.pid == proc.pid and r.volume == run.volume for r in service_runs(ws, run.class_name)):
            return proc.pid  # it holds the volume's service lock and said so
        time.sleep(POLL)
    proc.terminate()
    proc.wait(10)
    raise SdxError(f"the service did not start on {node} within {timeout:g} s", run.volume)


def _last_line(ws: Workspace) -> str:
    try:
        lines = (ws.state_dir / "services.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    """The background service: runs until SIGTERM or a stop request."""
    parser = argparse.ArgumentParser(prog="gdsview-service")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--class", dest="class_name", required=True)
    parser.add_argument("--volume", required=True)
    parser.add_argument("--app", default="builtin")
    parser.add_argument("--options", default=None, help="the app's options, as JSON")
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--pattern", default="log")
    args = parser.parse_args(argv)
    options = json.loads(args.options) if args.options else {"rate": args.rate, "pattern": args.pattern}
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    ws = Workspace(args.workspace)
    try:
        service = make_app(args.app, ws, args.class_name, args.volume, options, source="service")
        service.start()
        while service.running and not stop.is_set():
            stop.wait(0.2)
        status = service.stop()
    except SdxError as e:
        print(e.format("gdsview-service"), file=sys.stderr)
        return 1
    finally:
        ws.close()
    if status.error:
        print(SdxError(f"service stopped: {status.error}", args.volume).format("gdsview-service"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
