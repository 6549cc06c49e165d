"""The cluster in the configuration database: its nodes, each class's scope and where it runs.

A workspace holds a PRIMECLUSTER cluster of one or more nodes (``nodes`` table). Every process
acts as one of them: the node named by ``GDSVIEW_NODE`` (``gdsview --node``), else the first node.
A class is local to one node or shared among the nodes of its scope (``classes.scope``, written
as GDS does: ``node1:node2``); ``classes.online_node`` is where its volumes run (a shared class's
service, RMS's userApplication, is online there). These are plain functions over a connection;
the volume manager changes them (``core.policy.cluster``).
"""

from __future__ import annotations

import os
import sqlite3

from ..errors import SdxError
from ..model import NodeInfo, NodeState
from ..names import NAME_RULE, node_name

ENV_NODE = "GDSVIEW_NODE"
DEFAULT_NODE = "node1"


def host_node() -> str:
    """The node a one-node workspace is made with: named after the host, as GDS Management View shows it."""
    name = node_name()
    return name if NAME_RULE.fullmatch(name) else DEFAULT_NODE


def parse_scope(text: str | None) -> tuple[str, ...]:
    """``node1:node2`` -> ("node1", "node2")."""
    return tuple(n for n in (text or "").split(":") if n)


def scope_text(nodes: tuple[str, ...] | list[str]) -> str:
    return ":".join(nodes)


def nodes(conn: sqlite3.Connection) -> tuple[NodeInfo, ...]:
    """Every node of the cluster, in the order they were defined."""
    return tuple(NodeInfo(r[0], NodeState(r[1])) for r in conn.execute("SELECT name, state FROM nodes ORDER BY id"))


def resolve_node(conn: sqlite3.Connection, choice: str | None) -> str:
    """The node a process acts as: ``choice``, else ``$GDSVIEW_NODE``, else the cluster's first node."""
    known = [n.name for n in nodes(conn)]
    wanted = choice or os.environ.get(ENV_NODE) or None
    if wanted is None:
        if not known:
            raise SdxError("the workspace's cluster has no node")
        return known[0]
    if wanted not in known:
        source = "" if choice else f" (${ENV_NODE})"
        raise SdxError(f"no such node in the cluster{source}: the nodes are {', '.join(known)}", wanted)
    return wanted


def define_nodes(conn: sqlite3.Connection, names: list[str]) -> None:
    """Replace the nodes of a workspace that has no class yet (the caller checked)."""
    conn.execute("DELETE FROM nodes")
    conn.executemany("INSERT INTO nodes (name) VALUES (?)", [(n,) for n in names])


def set_node_state(conn: sqlite3.Connection, name: str, state: NodeState) -> None:
    conn.execute("UPDATE nodes SET state = ? WHERE name = ?", (NodeState(state).value, name))


def set_online_node(conn: sqlite3.Connection, class_name: str, node: str | None) -> None:
    conn.execute("UPDATE classes SET online_node = ? WHERE name = ?", (node, class_name))
