"""The Configuration Tree: node → class → group → disks and volumes (unconnected disks under the class).

On a cluster the tree starts at every node, each with the classes in its scope and their statuses
as that node sees them (a shared class's volumes ACTIVE on the node they run on, STOP on the
others). The objects under the node the window acts as keep their plain keys (``("class", C,
C)``); under another node a key ends with that node's name (``("class", C, C, "node2")``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...core.model import ClassInfo, NodeState, Snapshot
from ..icons import ABNORMAL, colour_of, icon
from ..roles import INFO_ROLE, KEY_ROLE
from .keyed import sync_rows


@dataclass(eq=False)
class Node:
    key: Hashable  # (kind, class, name)
    kind: str  # node | class | group | disk | volume
    name: str
    colour: str
    tip: str
    info: Any = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    inner: str = "normal"  # the most serious colour of its parts not in the tree (a volume's slices)

    def same(self, other: Node) -> bool:
        return (self.name, self.colour, self.tip, self.info, self.inner) == (
            other.name, other.colour, other.tip, other.info, other.inner)

    @property
    def worst(self) -> str:
        return _worst([self.colour, self.inner])


def build_class(snap: Snapshot, c: ClassInfo, groups: list, disks: dict, volumes: dict) -> Node:
    cnode = Node(("class", c.name, c.name), "class", c.name, "normal", f"class {c.name} ({c.type})", c)
    for g in groups:
        gnode = Node(("group", c.name, g.name), "group", g.name, "normal", f"{g.type} group {g.name}", g)
        for d in disks.get((c.name, g.name), ()):
            gnode.children.append(_disk(d))
        for v in volumes.get((c.name, g.name), ()):
            # A volume shows its own status's colour, as its row in Object Information does; its
            # slices' statuses (a detached slice: TEMP) colour the group and the class above it.
            slices = snap.slices_of(c.name, v.name)
            colours = [colour_of(s.status) for s in slices]
            tip = f"{v.name}: {v.status.value}" + "".join(
                f"\n{s.name}: {s.status.value}" for s, k in zip(slices, colours, strict=True) if k != "normal")
            gnode.children.append(Node(("volume", c.name, v.name), "volume", v.name, colour_of(v.status), tip, v,
                                       inner=_worst(colours)))
        gnode.colour = _worst([n.worst for n in gnode.children])
        cnode.children.append(gnode)
    for d in disks.get((c.name, None), ()):
        cnode.children.append(_disk(d))
    cnode.colour = _worst([n.worst for n in cnode.children])
    return cnode


def build_tree(snap: Snapshot, node: str, abnormal_only: bool = False, classes: set[str] | None = None,
               reuse: dict[Hashable, Node] | None = None, others: dict[str, Snapshot] | None = None) -> Node:
    """The tree a snapshot shows, as fresh nodes (the model merges them into its own).

    With ``classes``, only those classes are built anew; the others are taken from ``reuse``.
    ``others``: the snapshots of the cluster's other nodes, each shown under its own node.
    """
    root = Node(("root",), "root", "", "normal", "")
    states = {n.name: n.state for n in snap.nodes}
    for name in [n.name for n in snap.nodes] or [node]:
        if name == node:
            root.children.append(_host(snap, node, abnormal_only, classes, reuse, states.get(name)))
        elif others is not None and name in others and others[name].version >= 0:
            host = _host(others[name], name, abnormal_only, None, None, states.get(name))
            _suffix(host, name)
            root.children.append(host)
        else:
            root.children.append(Node(("node", name), "node", name, _node_colour(states.get(name), []),
                                      _node_tip(name, states.get(name))))
    return root


def _node_colour(state, children: list[Node]) -> str:
    return "invalid" if state is NodeState.DOWN else _worst([n.worst for n in children])


def _node_tip(name: str, state) -> str:
    return QCoreApplication.translate("ConfigTreeModel", "node {node}: {state}").format(
        node=name, state=getattr(state, "value", "UP"))


def _suffix(node: Node, name: str) -> None:
    for child in node.children:
        child.key = (*child.key, name)
        _suffix(child, name)


def _host(snap: Snapshot, node: str, abnormal_only: bool, classes: set[str] | None,
          reuse: dict[Hashable, Node] | None, state) -> Node:
    host = Node(("node", node), "node", node, "normal", _node_tip(node, state))
    reuse = reuse or {}
    groups, disks, volumes = defaultdict(list), defaultdict(list), defaultdict(list)
    for g in snap.groups:
        if classes is None or g.class_name in classes:
            groups[g.class_name].append(g)
    for d in snap.disks:
        if classes is None or d.class_name in classes:
            disks[(d.class_name, d.group)].append(d)
    for v in snap.volumes:
        if classes is None or v.class_name in classes:
            volumes[(v.class_name, v.group)].append(v)
    for c in snap.classes:
        old = reuse.get(("class", c.name, c.name))
        if old is not None and classes is not None and c.name not in classes:
            host.children.append(old)
            continue
        cnode = build_class(snap, c, groups[c.name], disks, volumes)
        if abnormal_only:
            _prune(cnode)
            if not cnode.children and cnode.colour not in ABNORMAL:
                continue
        host.children.append(cnode)
    host.colour = _node_colour(state, host.children)
    return host


def _disk(d) -> Node:
    return Node(("disk", d.class_name, d.name), "disk", d.name, colour_of(d.status),
                f"{d.name} ({d.device}): {d.status.value}", d)


_SEVERITY = ("normal", "stopped", "temp", "copying", "invalid")


def _worst(colours: list[str]) -> str:
    return max(colours, key=_SEVERITY.index, default="normal")


def _prune(node: Node) -> bool:
    """Keep abnormal objects and their ancestors; returns True when ``node`` stays."""
    node.children = [c for c in node.children if _prune(c)]
    return bool(node.children) or node.worst in ABNORMAL


class ConfigTreeModel(QAbstractItemModel):
    """Merges each new tree into the existing nodes, so views keep selection and expansion."""

    def __init__(self, node_name: str, parent=None) -> None:
        super().__init__(parent)
        self.node_name = node_name  # the node the tree starts at
        self.root = Node(("root",), "root", "", "normal", "")

    def set_snapshot(self, snap: Snapshot, abnormal_only: bool = False, classes: set[str] | None = None,
                     others: dict[str, Snapshot] | None = None, node: str | None = None) -> None:
        """Show ``snap`` (the acting node's; ``others``: the other nodes'); with ``classes``, only
        those classes changed since the last call. ``node``: the window acts as another node now."""
        if node is not None and node != self.node_name:
            self.node_name, classes = node, None
        host = next((h for h in self.root.children if h.key == ("node", self.node_name)), None)
        reuse = {c.key: c for c in host.children} if host is not None else {}
        self._merge(self.root, QModelIndex(),
                    build_tree(snap, self.node_name, abnormal_only, classes, reuse, others))

    def _merge(self, node: Node, index: QModelIndex, fresh: Node) -> None:
        by_key = {c.key: c for c in fresh.children}

        def adopt(_pos: int, items: list[Node]) -> list[Node]:
            for item in items:
                item.parent = node
                _reparent(item)
            return items

        sync_rows(self, index, node.children, fresh.children, lambda n: n.key, 1, adopt)
        for row, child in enumerate(node.children):
            new = by_key[child.key]
            if new is child:
                continue
            if not child.same(new):
                child.name, child.colour, child.tip, child.info, child.inner = (new.name, new.colour, new.tip,
                                                                                new.info, new.inner)
                i = self.index(row, 0, index)
                self.dataChanged.emit(i, i)
            self._merge(child, self.index(row, 0, index), new)

    # -- Qt -----------------------------------------------------------------------------------
    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()):
        p = self.node(parent)
        if column != 0 or not 0 <= row < len(p.children):
            return QModelIndex()
        return self.createIndex(row, 0, p.children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        p = self.node(index).parent
        if p is None or p is self.root:
            return QModelIndex()
        grand = p.parent or self.root
        return self.createIndex(grand.children.index(p), 0, p)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ConfigTreeModel", "Configuration Tree")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        n = self.node(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return n.name
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(n.kind, n.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return n.tip
        if role == Qt.ItemDataRole.FontRole and n.kind == "node" and n.name == self.node_name \
                and len(self.root.children) > 1:
            font = QFont()
            font.setBold(True)  # the node this window acts as
            return font
        if role == KEY_ROLE:
            return n.key
        if role == INFO_ROLE:
            return n.info
        return None

    def index_of(self, key: Hashable) -> QModelIndex:
        def walk(node: Node, parent: QModelIndex) -> QModelIndex:
            for row, child in enumerate(node.children):
                idx = self.index(row, 0, parent)
                if child.key == key:
                    return idx
                found = walk(child, idx)
                if found.isValid():
                    return found
            return QModelIndex()

        return walk(self.root, QModelIndex())


def _reparent(node: Node) -> None:
    for c in node.children:
        c.parent = node
        _reparent(c)
