"""``gdsview cluster status | switch [-c CLASS] --to NODE | fail NODE | join NODE``: the lab's cluster.

``status`` lists the nodes and where each shared class's service (RMS's userApplication) is
online; ``switch`` is the lab's ``hvswitch`` (the service stops cleanly, the class's volumes stop
on their node and start on NODE, TEMP slices become TEMP-STOP, the service starts again on NODE);
``fail`` takes a node DOWN at once (its shared classes fail over, without a clean stop); ``join``
brings it back.
"""

from __future__ import annotations

import argparse

from ..core.errors import SdxError
from ..core.model import ClassInfo, NodeState, Snapshot
from ..core.policy.cluster import Cluster
from ..core.policy.manager import VolumeManager
from ..lab.failover import SwitchReport, fail_node, hvswitch, join_node
from ..lab.servicectl import service_runs
from .common import close, info, open_manager, warning
from .table import print_table

CMD = "gdsview"


def add_parser(sub, parser_class) -> None:
    cluster = sub.add_parser("cluster", help="the cluster's nodes; switch a shared class's service between them",
                             description="The lab's PRIMECLUSTER cluster: nodes, where each shared class's service "
                                         "(userApplication) is online, switching it (hvswitch), a node failing.")
    action = cluster.add_subparsers(dest="cluster_command", metavar="ACTION", parser_class=parser_class,
                                    required=True)
    action.add_parser("status", help="the nodes, their state, where each shared class's service runs")
    switch = action.add_parser("switch", help="switch a shared class's service and volumes to another node")
    switch.add_argument("-c", dest="class_name", metavar="CLASS", help="the class (default: every shared class)")
    switch.add_argument("--to", required=True, metavar="NODE")
    switch.add_argument("--no-service", action="store_true",
                        help="do not start the lab's service again on NODE (it is stopped either way)")
    fail = action.add_parser("fail", help="a node fails: DOWN at once, its shared classes fail over")
    fail.add_argument("node", metavar="NODE")
    join = action.add_parser("join", help="a DOWN node is back and joins the cluster")
    join.add_argument("node", metavar="NODE")


def dispatch(args: argparse.Namespace) -> int | None:
    if args.command != "cluster":
        return None
    manager = open_manager(CMD, args.workspace)
    try:
        cluster = Cluster(manager)
        if args.cluster_command == "status":
            return _status(manager, cluster)
        if args.cluster_command == "switch":
            names = [args.class_name] if args.class_name else [c.name for c in cluster.shared_classes()]
            if not names:
                raise SdxError("the cluster has no shared class to switch")
            for name in names:
                _report(hvswitch(manager, name, args.to, restart_services=not args.no_service))
            return 0
        if args.cluster_command == "fail":
            for report in fail_node(manager, args.node):
                _report(report)
            down = [c.name for c in cluster.shared_classes() if c.online_node is None]
            info(CMD, "node failed (DOWN)" + (f"; online on no node: {', '.join(down)}" if down else ""), args.node)
            return 0
        for report in join_node(manager, args.node):
            _report(report)
        info(CMD, "node joined the cluster (UP)", args.node)
        return 0
    finally:
        close(manager)


def _report(report: SwitchReport) -> None:
    r = report.result
    how = "switched" if r.clean else "failed over"
    text = f"{how} from {r.from_node or 'no node'} to {r.to_node}"
    if r.started:
        text += f"; volumes {', '.join(r.started)} started on {r.to_node}"
    if r.copying:
        text += f"; copying into {', '.join(r.copying)} runs on {r.to_node}"
    info(CMD, text, r.class_name)
    for name in r.temp_stopped:
        warning(CMD, f"slice is TEMP-STOP: its access path opens on no node until Activate Slice on {r.to_node} "
                     f"(GDSVIEW_NODE={r.to_node} sdxslice -N -c {r.class_name} -s {name})", name)
    for volume in report.restarted:
        info(CMD, f"service stopped on {r.from_node} and started on {r.to_node}", volume)
    for text in report.problems:
        warning(CMD, f"the service did not start again: {text}", r.class_name)


def _status(manager: VolumeManager, cluster: Cluster) -> int:
    nodes = cluster.nodes()
    print_table(["NODE", "STATE"], [[n.name + (" *" if n.name == manager.node else ""), str(n.state)]
                                    for n in nodes])
    print()
    writing = {(r.class_name, r.volume): r for r in service_runs(manager.ws)}
    rows = []
    seen: set[str] = set()
    for n in nodes:
        snap = cluster.snapshot(n.name)
        for c in snap.classes:
            if c.name in seen:
                continue
            seen.add(c.name)
            services = [f"{v}@{r.node or '?'}" for (k, v), r in sorted(writing.items()) if k == c.name]
            rows.append([c.name, c.type, c.scope_text, c.online_node or "-", _app_state(snap, c),
                         ",".join(services) or "-"])
    print_table(["CLASS", "TYPE", "SCOPE", "ONLINE", "USERAPP", "SERVICE"], rows)
    print(f"\n(* this command acts as {manager.node})")
    return 0


def _app_state(snap: Snapshot, c: ClassInfo) -> str:
    """The class's userApplication as RMS would show it: Online on a node that is UP, else Offline."""
    if not c.shared:
        return "-"
    node = snap.node_info(c.online_node) if c.online_node else None
    return "Online" if node is not None and node.state is NodeState.UP else "Offline"


__all__ = ["add_parser", "dispatch"]
