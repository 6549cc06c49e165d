"""The lab's RMS: switching a shared class's service between the nodes, and a node failing.

``hvswitch`` stops the application cleanly on the node the class runs on (the lab's service,
through :func:`servicectl.stop_class_services`), switches the class's volumes
(:class:`core.policy.cluster.Cluster`: they stop there and start on the new node, TEMP slices
become TEMP-STOP), starts the copies the switch left to do as the new node, and starts the
application again there. A failure does the same without the clean stop: the failed node's
services are fenced at their next write (they stop with an error) and start again on the node
the class failed over to.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.engine.launchers import ProcessLauncher
from ..core.errors import SdxError
from ..core.policy import rules
from ..core.policy.cluster import Cluster, SwitchResult
from ..core.policy.manager import VolumeManager
from .servicectl import ServiceRun, service_runs, start_detached, stop_class_services, wait_stopped

FENCE_TIMEOUT = 15.0  # how long a failed node's service may take to notice it is fenced


@dataclass(frozen=True)
class SwitchReport:
    """One class's switch, with what happened to its application."""

    result: SwitchResult
    services: tuple[ServiceRun, ...] = ()  # the services that ran on the old node
    restarted: tuple[str, ...] = ()  # volumes whose service now runs on the new node
    problems: tuple[str, ...] = ()  # services that could not be started again


def hvswitch(manager: VolumeManager, class_name: str, to: str, *, restart_services: bool = True) -> SwitchReport:
    """Switch the class's service (its volumes, and the lab's service on them) to node ``to``."""
    cluster = Cluster(manager)
    refusal = rules.switch_class(cluster.snapshot(to) if _is_node(cluster, to) else cluster.snapshot(),
                                 class_name, to)
    if refusal is not None:
        raise refusal  # before anything is stopped
    runs = stop_class_services(manager.ws, class_name)
    try:
        result = cluster.switch(class_name, to)
    except SdxError:
        for run in runs:  # nothing switched: the application goes on where it ran
            if run.node:
                start_detached(manager.ws, run, run.node)
        raise
    return _after_switch(manager, result, runs, restart_services)


def fail_node(manager: VolumeManager, node: str, *, restart_services: bool = True) -> list[SwitchReport]:
    """``node`` fails: its shared classes fail over; their services start again where they went."""
    cluster = Cluster(manager)
    online_there = {c.name for c in cluster.shared_classes() if c.online_node == node}
    runs = [r for r in service_runs(manager.ws) if r.class_name in online_there]
    failed = cluster.fail(node)
    wait_stopped(manager.ws, [(r.class_name, r.volume) for r in runs], FENCE_TIMEOUT)  # fenced at their next write
    return [_after_switch(manager, result, [r for r in runs if r.class_name == result.class_name], restart_services)
            for result in failed.switched]


def join_node(manager: VolumeManager, node: str) -> list[SwitchReport]:
    """A DOWN node joins again; classes online nowhere start on it (copies launched there)."""
    return [_after_switch(manager, result, [], False) for result in Cluster(manager).join(node)]


def _after_switch(manager: VolumeManager, result: SwitchResult, runs: list[ServiceRun],
                  restart: bool) -> SwitchReport:
    to = result.to_node
    if to is not None and result.copying:
        launcher = ProcessLauncher(manager.ws, source=manager.source, node=to)  # the copies are the new node's
        for volume in result.copying:
            launcher(result.class_name, volume)
    restarted, problems = [], []
    if restart and to is not None:
        for run in runs:
            if run.volume not in result.started:
                continue
            try:
                start_detached(manager.ws, run, to)
                restarted.append(run.volume)
            except SdxError as e:
                problems.append(f"{run.volume}: {e.text}")
    return SwitchReport(result, tuple(runs), tuple(restarted), tuple(problems))


def _is_node(cluster: Cluster, name: str) -> bool:
    return cluster.snapshot().node_info(name) is not None
