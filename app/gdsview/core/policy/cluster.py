"""The cluster's own operations: define its nodes, switch a shared class between them, fail a node
and let it join again — what PRIMECLUSTER's CF and RMS do around GDS, as the lab plays them.

A shared class's volumes run on one node at a time, the node where its service (RMS's
userApplication) is online. Switching them (``hvswitch``) stops them on the old node and starts
them on the new one in one transaction, under the whole-range lock of every volume of the class
(so no write is in flight), and every TEMP slice of the class becomes TEMP-STOP: its access path
opens on no node until Activate Slice on the new node makes it TEMP there (the GDS guide, 7.7.1).
A node failure does the same without the clean stop: writes the failed node left in flight are
healed from the volume's in-flight map before the volumes start on the new node, and the old
node's open devices and copies are fenced (they are refused at their next I/O).

The copies a switch leaves to do are returned, not launched: they belong to the new node, and the
caller starts them there (a worker process acting as that node).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import slice_state
from ..engine.slice_state import Change
from ..events import EventKind
from ..model import ClassInfo, NodeInfo, NodeState, SliceState, Snapshot
from ..storage import cluster
from ..storage.layout import load_layout
from ..storage.snapshot import load_snapshot
from . import rules
from .manager import VolumeManager


@dataclass(frozen=True)
class SwitchResult:
    """What one switch of a class did."""

    class_name: str
    from_node: str | None
    to_node: str | None
    started: tuple[str, ...] = ()  # volumes now running on ``to_node``
    temp_stopped: tuple[str, ...] = ()  # slices the switch made TEMP-STOP
    copying: tuple[str, ...] = ()  # volumes with copying to do on ``to_node`` (the caller launches it)
    clean: bool = True


@dataclass(frozen=True)
class FailResult:
    node: str
    switched: tuple[SwitchResult, ...] = field(default_factory=tuple)
    offline: tuple[str, ...] = ()  # shared classes left online nowhere (no other node UP in scope)


class Cluster:
    """The cluster operations of one workspace, made through a :class:`VolumeManager` (whichever
    node it acts as: these are the cluster's, not a node's). Any thread may call any method."""

    def __init__(self, manager: VolumeManager) -> None:
        self.manager = manager

    def snapshot(self, node: str | None = None) -> Snapshot:
        """The configuration as ``node`` sees it (default: the manager's node)."""
        m = self.manager
        with m.store.read() as conn:
            return load_snapshot(m.ws, conn, node=node)

    def nodes(self) -> tuple[NodeInfo, ...]:
        """The cluster's nodes (read without acting as any of them)."""
        with self.manager.store.read() as conn:
            return cluster.nodes(conn)

    def shared_classes(self) -> list[ClassInfo]:
        """Every shared class, whichever nodes it is in the scope of."""
        seen: dict[str, ClassInfo] = {}
        for n in self.snapshot().nodes:
            for c in self.snapshot(n.name).classes:
                if c.shared:
                    seen.setdefault(c.name, c)
        return list(seen.values())

    # -- the nodes ----------------------------------------------------------------------------------
    def define_nodes(self, names: list[str]) -> None:
        """Make the workspace a cluster of ``names`` (before its first class); the first is the default node."""
        m = self.manager
        # seen from the first node: the process may be asked to act as a node the cluster is to have
        with m._change(None, anywhere=True, node=self.nodes()[0].name) as (conn, snap):
            m._check(rules.define_nodes(snap, names))
            cluster.define_nodes(conn, names)
            m.store.log(conn, m.source, EventKind.CLUSTER_INIT, f"cluster of {len(names)} nodes: {', '.join(names)}",
                        node=names[0])
        m.ws.set_node(m.ws.node_choice if m.ws.node_choice in names else None)

    def fail(self, node: str) -> FailResult:
        """``gdsview cluster fail``: ``node`` goes DOWN at once; each shared class online there fails
        over to the next UP node of its scope (without a clean stop), or goes offline."""
        m = self.manager
        with m._change(None, anywhere=True) as (conn, snap):
            m._check(rules.fail_node(snap, node))
            cluster.set_node_state(conn, node, NodeState.DOWN)
            m.store.log(conn, m.source, EventKind.NODE_FAIL, f"node {node} failed (DOWN): its I/O is fenced",
                        obj=node, severity="WARNING")
        targets: list[tuple[str, str | None]] = []
        for c in self.shared_classes():
            if c.online_node == node:
                up = {n.name for n in self.snapshot().nodes if n.state is NodeState.UP}
                targets.append((c.name, next((n for n in c.scope if n != node and n in up), None)))
        switched, offline = [], []
        for class_name, to in targets:
            if to is None:
                self._offline(class_name, node)
                offline.append(class_name)
            else:
                switched.append(self.switch(class_name, to, clean=False))
        return FailResult(node, tuple(switched), tuple(offline))

    def join(self, node: str) -> list[SwitchResult]:
        """``gdsview cluster join``: a DOWN node is back; shared classes online nowhere start on it."""
        m = self.manager
        with m._change(None, anywhere=True) as (conn, snap):
            m._check(rules.join_node(snap, node))
            cluster.set_node_state(conn, node, NodeState.UP)
            m.store.log(conn, m.source, EventKind.NODE_JOIN, f"node {node} joined the cluster (UP)", obj=node)
        return [self.switch(c.name, node, clean=False) for c in self.shared_classes()
                if c.online_node is None and node in c.scope]

    # -- switching --------------------------------------------------------------------------------
    def switch(self, class_name: str, to: str, *, clean: bool = True) -> SwitchResult:
        """Move a shared class's volumes to node ``to`` (``hvswitch``; ``clean=False``: a failover)."""
        m = self.manager
        volumes = tuple(v.name for v in self.snapshot(to).volumes if v.class_name == class_name) \
            if to in {n.name for n in self.snapshot().nodes} else ()
        with m._change(class_name, volumes, node=to, anywhere=True) as (conn, snap):
            m._check(rules.switch_class(snap, class_name, to, clean=clean))
            k = snap.class_info(class_name)
            assert k is not None  # the rule saw it
            frm = k.online_node
            started, stopped_slices, copying = [], [], []
            for v in volumes:
                layout = load_layout(conn, class_name, v)
                if layout.started:
                    slice_state.volume_stopped(conn, layout.id)  # copies end with the volume on the old node
                for s in slice_state.node_switch(conn, layout):
                    stopped_slices.append(f"{s.disk}.{v}")
                    m.store.log(conn, m.source, EventKind.SLICE_NODE_SWITCH,
                                f"slice {s.disk}.{v} is TEMP-STOP: the nodes switched ({frm or '-'} to {to}); "
                                f"Activate Slice on {to} makes it accessible there", class_name=class_name,
                                obj=f"{s.disk}.{v}", severity="WARNING", node=to)
            cluster.set_online_node(conn, class_name, to)
            for v in volumes:
                layout = load_layout(conn, class_name, v)
                if not layout.started:
                    continue
                started.append(v)
                pending = [s for s in layout.slices if s.state is SliceState.INVALID]
                for s in pending:
                    slice_state.prepare_copy(m.ws, conn, layout, s, change=Change.RESYNC, full=False)
                if pending:
                    copying.append(v)
            how = "switched" if clean else "failed over"
            text = (f"class {class_name} {how} from {frm or 'no node'} to {to}: "
                    + (f"volumes {', '.join(started)} stopped on {frm} and started on {to}" if started and frm
                       else f"volumes {', '.join(started)} started on {to}" if started else "no volume started"))
            if stopped_slices:
                text += f"; {', '.join(stopped_slices)} TEMP-STOP"
            # logged as made by the node the volumes started on (RMS brings the userApplication online there)
            m.store.log(conn, m.source, EventKind.CLUSTER_SWITCH, text, class_name=class_name, obj=class_name,
                        severity="INFO" if clean else "WARNING", node=to)
        return SwitchResult(class_name, frm, to, tuple(started), tuple(stopped_slices), tuple(copying), clean)

    def _offline(self, class_name: str, failed: str) -> None:
        m = self.manager
        volumes = tuple(v.name for v in self.snapshot(failed).volumes if v.class_name == class_name)
        with m._change(class_name, volumes, node=failed, anywhere=True) as (conn, _snap):
            for v in volumes:
                layout = load_layout(conn, class_name, v)
                slice_state.volume_stopped(conn, layout.id)
                for s in slice_state.node_switch(conn, layout):
                    m.store.log(conn, m.source, EventKind.SLICE_NODE_SWITCH,
                                f"slice {s.disk}.{v} is TEMP-STOP: node {failed} failed", class_name=class_name,
                                obj=f"{s.disk}.{v}", severity="WARNING")
            cluster.set_online_node(conn, class_name, None)
            m.store.log(conn, m.source, EventKind.CLUSTER_SWITCH,
                        f"class {class_name} is online on no node: {failed} failed and no other node of its "
                        "scope is UP", class_name=class_name, obj=class_name, severity="ERROR")

