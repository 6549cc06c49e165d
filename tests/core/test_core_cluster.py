"""The cluster: nodes, local and shared classes, node switching, node failure, and schema 1's migration.

Each node is its own Workspace on the same folder (as each node's processes would be), with its
own manager: ``node1`` and ``node2`` share ``Class1`` (scope node1:node2), online on node1 at first.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest
from gdsview.core.engine.launchers import InlineLauncher, ThreadLauncher
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import NodeError, SdxError
from gdsview.core.events import EventKind
from gdsview.core.model import NodeState, SliceState, SliceStatus
from gdsview.core.names import MiB
from gdsview.core.policy import rules
from gdsview.core.policy.cluster import Cluster
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage import cluster as cluster_db
from gdsview.core.storage.store import SCHEMA_VERSION
from gdsview.core.storage.workspace import Workspace
from workspace_helpers import CLASS, GROUP, SMALL_DISK, SMALL_VOLUMES, Lab, apath, build_small_lab, pattern, vpath

C = CLASS


@dataclass
class Two:
    """The two nodes of one small cluster lab."""

    node1: Lab
    node2: Lab

    def of(self, node: str) -> Lab:
        return self.node1 if node == "node1" else self.node2

    def close(self) -> None:
        self.node2.close()
        self.node1.close()


def _node_lab(root, node: str) -> Lab:
    ws = Workspace(root, node=node)
    lab = Lab(ws, VolumeManager(ws, source="test"))
    lab.launcher = lab.manager.launcher = InlineLauncher(ws, source="test", progress=lab.gate)
    return lab


@pytest.fixture
def two(tmp_path):
    root = tmp_path / "ws"
    first = Workspace(root)
    Cluster(VolumeManager(first, source="test")).define_nodes(["node1", "node2"])
    first.close()
    pair = Two(_node_lab(root, "node1"), _node_lab(root, "node2"))
    try:
        m = pair.node1.manager
        for name in ("sda", "sdb", "sdc"):
            m.create_physical_disk(name, SMALL_DISK)
        m.register_disk(C, "sda", "Disk1", class_type="shared", scope=("node1", "node2"))
        m.register_disk(C, "sdb", "Disk2")
        m.connect_disk(C, GROUP, "Disk1")
        m.connect_disk(C, GROUP, "Disk2")
        for volume, size in SMALL_VOLUMES:
            m.create_volume(C, GROUP, volume, size // 512)
        yield pair
    finally:
        pair.close()


def statuses(lab: Lab) -> dict[str, str]:
    snap = lab.manager.snapshot()
    return {**{v.name: str(v.status) for v in snap.volumes}, **{s.name: str(s.status) for s in snap.slices}}


# -- what each node sees --------------------------------------------------------------------------
def test_a_shared_class_runs_on_its_online_node_and_is_stopped_on_the_other(two) -> None:
    k1 = two.node1.manager.snapshot().class_info(C)
    assert (k1.type, k1.scope, k1.online_node) == ("shared", ("node1", "node2"), "node1")
    assert statuses(two.node1)["Volume1"] == "ACTIVE" and statuses(two.node1)["Disk2.Volume1"] == "ACTIVE"
    assert statuses(two.node2)["Volume1"] == "STOP" and statuses(two.node2)["Disk2.Volume1"] == "STOP"
    assert two.node2.manager.snapshot().node == "node2"
    assert [n.name for n in two.node2.manager.snapshot().nodes] == ["node1", "node2"]
    with pytest.raises(NodeError, match="volume is not started on node2: it runs on node1"):
        open_device(two.node2.ws, vpath())
    two.node1.write(vpath(), pattern(1, MiB), 0)  # node1 writes, mirrored
    assert two.node1.read(vpath(), MiB) == pattern(1, MiB)


def test_a_local_class_is_invisible_to_the_other_node(two) -> None:
    m2 = two.node2.manager
    for name in ("sdd", "sde"):
        m2.create_physical_disk(name, SMALL_DISK)
    m2.register_disk("Class2", "sdd", "Disk21")
    assert m2.snapshot().class_info("Class2").scope == ("node2",)
    snap1 = two.node1.manager.snapshot()
    assert snap1.class_info("Class2") is None and snap1.foreign_classes == ("Class2",)
    with pytest.raises(NodeError, match="not in the scope of node node1"):
        two.node1.manager.register_disk("Class2", "sde", "Disk22")
    assert rules.new_class(snap1, "Class2", "local", ("node1",)).text.startswith("class name is already used")
    # the disk image registered by node2's class is not free for node1 either (the disks are shared)
    assert "already registered" in rules.register_disk(snap1, "Class3", "sdd", "Disk31").text


def test_new_classes_are_checked_against_the_cluster(two) -> None:
    snap = two.node1.manager.snapshot()
    assert rules.new_class(snap, "Class3", "shared", ("node1", "node3")).obj == "node3"
    assert "must include this node" in rules.new_class(snap, "Class3", "shared", ("node2",)).text
    assert "belongs to one node" in rules.new_class(snap, "Class3", "local", ("node1", "node2")).text
    assert rules.new_class(snap, "Class3", "shared", ("node1", "node2")) is None
    assert "not local" in rules.same_class(snap, C, "local", None).text
    with pytest.raises(SdxError, match="its nodes can be defined only before the first class"):
        Cluster(two.node1.manager).define_nodes(["a", "b"])


# -- refusals on the node where the class does not run ----------------------------------------------
@pytest.mark.parametrize("operation", [
    lambda m: m.detach_slice(C, "Disk2", "Volume1"),
    lambda m: m.stop_volume(C, "Volume2"),
    lambda m: m.start_copy(C, "Volume1"),
    lambda m: m.create_volume(C, GROUP, "Volume3", 2048),
    lambda m: m.register_disk(C, "sdc", "Disk3"),
    lambda m: m.disconnect_disk(C, GROUP, "Disk2"),
    lambda m: m.set_copy_delay(C, "Volume1", 5),
])
def test_changes_are_refused_on_a_node_where_the_class_does_not_run(two, operation) -> None:
    before = two.node1.ws.store.generation()
    with pytest.raises(NodeError) as e:
        operation(two.node2.manager)
    assert "runs on node1, not on node2" in e.value.text and "GDSVIEW_NODE=node1" in e.value.text
    assert two.node1.ws.store.generation() == before  # nothing changed, nothing logged


def test_the_rules_name_the_node_for_the_menus(two) -> None:
    snap2 = two.node2.manager.snapshot()
    assert rules.detach_slice(snap2, C, "Disk2", "Volume1").text.startswith("its volume Volume1 runs on node1")
    assert rules.stop_volume(snap2, C, "Volume1").text.startswith("the volume runs on node1")
    assert rules.connect_disk(snap2, C, GROUP, "Disk2").text.startswith("the class runs on node1")
    snap1 = two.node1.manager.snapshot()
    assert rules.detach_slice(snap1, C, "Disk2", "Volume1") is None


# -- switching: the seed's rule -------------------------------------------------------------------
def test_switching_makes_a_temp_slice_temp_stop_until_activated_on_the_new_node(two) -> None:
    n1, n2 = two.node1, two.node2
    n1.manager.detach_slice(C, "Disk2", "Volume1")
    s = n1.slice("Disk2")
    assert (s.status, s.temp_node) == (SliceStatus.TEMP, "node1")
    with open_device(n1.ws, apath("Disk2")):
        pass  # TEMP on node1: opens there
    with pytest.raises(NodeError, match="TEMP on node1: its access path opens only on that node"):
        open_device(n2.ws, apath("Disk2"))
    assert rules.backup_slice(n2.manager.snapshot(), C, "Disk2", "Volume1") is not None

    result = Cluster(n1.manager).switch(C, "node2")
    assert (result.from_node, result.to_node, result.temp_stopped) == ("node1", "node2", ("Disk2.Volume1",))
    assert result.started == ("Volume1", "Volume2")
    for lab in (n1, n2):  # TEMP-STOP on both nodes
        assert lab.slice("Disk2").status is SliceStatus.TEMP_STOP
    assert statuses(n2)["Volume1"] == "ACTIVE" and statuses(n1)["Volume1"] == "STOP"
    for lab in (n1, n2):
        with pytest.raises(SdxError):
            open_device(lab.ws, apath("Disk2"))
    with pytest.raises(NodeError, match="the nodes switched .node1 to node2.; Activate Slice on node2"):
        open_device(n2.ws, apath("Disk2"))
    with pytest.raises(NodeError, match="runs on node2, not on node1"):
        n1.manager.activate_slice(C, "Disk2", "Volume1")

    n2.manager.activate_slice(C, "Disk2", "Volume1")
    s = n2.slice("Disk2")
    assert (s.status, s.temp_node) == (SliceStatus.TEMP, "node2")
    with open_device(n2.ws, apath("Disk2")) as dev:  # the access path opens on node2 only
        snapshot = dev.pread(MiB, 0)
    with pytest.raises(NodeError, match="TEMP on node2"):
        open_device(n1.ws, apath("Disk2"))
    n2.write(vpath(), pattern(2, MiB), 3 * MiB)  # the service writes on node2 meanwhile
    assert n2.manager.attach_slice(C, "Disk2", "Volume1")
    assert n2.slice("Disk2").state is SliceState.ACTIVE
    assert verify_volume(n2.ws, C, "Volume1").ok
    assert snapshot == n2.read(vpath(), MiB)
    kinds = [(e.kind, e.node) for e in n2.manager.events() if e.kind in (
        EventKind.SLICE_DETACH, EventKind.SLICE_NODE_SWITCH, EventKind.CLUSTER_SWITCH, EventKind.SLICE_ACTIVATE,
        EventKind.SLICE_ATTACH)]
    assert kinds == [(EventKind.SLICE_DETACH, "node1"), (EventKind.SLICE_NODE_SWITCH, "node2"),
                     (EventKind.CLUSTER_SWITCH, "node2"), (EventKind.SLICE_ACTIVATE, "node2"),
                     (EventKind.SLICE_ATTACH, "node2")]


def test_a_switch_fences_the_old_nodes_open_devices(two) -> None:
    n1, n2 = two.node1, two.node2
    n1.write(vpath(), pattern(3, MiB), 0)
    with open_device(n1.ws, vpath(), writable=True) as dev:
        dev.pwrite(pattern(4, 4096), 0)
        Cluster(n2.manager).switch(C, "node2")  # made from node2: the cluster's, not a node's operation
        with pytest.raises(NodeError, match="volume is not started on node1: it runs on node2"):
            dev.pwrite(pattern(5, 4096), 0)
        with pytest.raises(NodeError):
            dev.pread(4096, 0)
    assert n2.read(vpath(), 4096) == pattern(4, 4096)  # nothing of the refused write reached a slice
    assert verify_volume(n2.ws, C, "Volume1").ok


def test_switch_refusals(two) -> None:
    c = Cluster(two.node1.manager)
    assert "already online on node1" in rules.switch_class(c.snapshot("node1"), C, "node1").text
    assert rules.switch_class(c.snapshot(), C, "node3").obj == "node3"
    with pytest.raises(SdxError, match="already online on node1"):
        c.switch(C, "node1")


def test_a_clean_switch_is_refused_while_a_copy_runs(two, fine_chunks) -> None:
    n1 = two.node1
    n1.launcher = n1.manager.launcher = ThreadLauncher(n1.ws, source="test", progress=n1.gate, workers=1)
    n1.manager.detach_slice(C, "Disk2", "Volume1", jrm=False)
    n1.gate.arm()
    n1.manager.attach_slice(C, "Disk2", "Volume1")
    assert n1.gate.reached.wait(60)
    try:
        with pytest.raises(SdxError, match="copying into a slice of Volume1 is in progress"):
            Cluster(n1.manager).switch(C, "node2")
    finally:
        n1.gate.release.set()
    assert n1.launcher.wait(60)
    assert verify_volume(n1.ws, C, "Volume1").ok


# -- failure ----------------------------------------------------------------------------------------
def _die_mid_write(root, node: str) -> None:
    """A writer on ``node`` killed between its two slice writes (the region differs, its bit set)."""
    script = textwrap.dedent(f"""
        from gdsview.core.engine.volume_io import open_device
        from gdsview.core.storage.workspace import Workspace
        ws = Workspace({str(root)!r})
        with open_device(ws, "/dev/sfdsk/Class1/dsk/Volume1", writable=True) as dev:
            dev.pwrite(b"x" * 4096, 5 * (1 << 20))
    """)
    env = {**os.environ, "GDSVIEW_NODE": node, "GDSVIEW_TEST_CRASH_AT": "slice-write:1"}
    proc = subprocess.run([sys.executable, "-c", script], env=env, timeout=60, capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr


def test_a_failed_node_fails_over_and_the_in_flight_map_heals_its_write(two) -> None:
    n1, n2 = two.node1, two.node2
    _die_mid_write(n1.ws.root, "node1")
    assert n1.slice_bytes("Disk1", offset=5 * MiB, length=4096) != n1.slice_bytes("Disk2", offset=5 * MiB,
                                                                                    length=4096)
    result = Cluster(n2.manager).fail("node1")
    assert result.offline == () and [r.to_node for r in result.switched] == ["node2"]
    assert not result.switched[0].clean
    assert [n.state for n in n2.manager.snapshot().nodes] == [NodeState.DOWN, NodeState.UP]
    healed = [e for e in n2.manager.events() if e.kind == EventKind.VOLUME_RECOVER]
    assert healed and "resynchronized" in healed[-1].text
    assert verify_volume(n2.ws, C, "Volume1").ok
    assert statuses(n2)["Volume1"] == "ACTIVE"
    with pytest.raises(NodeError, match="not started on node1"):
        open_device(n1.ws, vpath())
    assert n1.manager.snapshot().class_info(C) is not None  # a DOWN node still reads (the lab's shortcut) ...
    with pytest.raises(NodeError, match="node node1 is DOWN"):  # ... but changes nothing
        n1.manager.stop_volume(C, "Volume2")
    with pytest.raises(SdxError, match="already DOWN"):
        Cluster(n2.manager).fail("node1")
    Cluster(n2.manager).join("node1")
    assert n2.manager.snapshot().class_info(C).online_node == "node2"  # it stays where it failed over to


def test_when_no_node_of_its_scope_is_up_the_class_goes_offline_until_one_joins(two) -> None:
    n1, n2 = two.node1, two.node2
    n1.manager.detach_slice(C, "Disk2", "Volume1")
    Cluster(n1.manager).fail("node2")  # not where the class runs: nothing switches
    assert n1.manager.snapshot().class_info(C).online_node == "node1"
    result = Cluster(n1.manager).fail("node1")
    assert result.offline == (C,) and result.switched == ()
    for lab in (n1, n2):
        assert statuses(lab)["Volume1"] == "STOP" and lab.slice("Disk2").status is SliceStatus.TEMP_STOP
    refusal = rules.stop_volume(n1.manager.snapshot(node="node1"), C, "Volume1")
    assert "DOWN" in refusal.text
    switched = Cluster(n1.manager).join("node2")
    assert [(r.from_node, r.to_node) for r in switched] == [(None, "node2")]
    assert statuses(n2)["Volume1"] == "ACTIVE"
    n2.manager.activate_slice(C, "Disk2", "Volume1")
    assert n2.slice("Disk2").temp_node == "node2"


def test_a_copy_of_the_old_node_stops_and_resumes_on_the_new_one(two, fine_chunks) -> None:
    n1, n2 = two.node1, two.node2
    n1.launcher = n1.manager.launcher = ThreadLauncher(n1.ws, source="test", progress=n1.gate, workers=1)
    n1.manager.detach_slice(C, "Disk2", "Volume1", jrm=False)
    n1.gate.arm()
    n1.manager.attach_slice(C, "Disk2", "Volume1")
    assert n1.gate.reached.wait(60)  # node1 copies, held mid-way
    result = Cluster(n2.manager).fail("node1")
    assert result.switched[0].copying == ("Volume1",)  # the new node's to do
    n1.gate.release.set()
    assert n1.launcher.wait(60)
    assert n1.launcher.results[-1].outcome in ("stopped", "busy")
    done = copy_volume(n2.ws, C, "Volume1", source="test")
    assert done.outcome == "completed"
    assert n2.slice("Disk2").state is SliceState.ACTIVE
    assert verify_volume(n2.ws, C, "Volume1").ok


# -- the schema ----------------------------------------------------------------------------------
def _columns(db) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [tuple(r) for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


def test_a_schema_1_workspace_opens_as_a_one_node_cluster(tmp_path) -> None:
    lab = build_small_lab(tmp_path / "old")
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    lab.write(vpath(), pattern(6, MiB), 0)
    before = lab.manager.snapshot()
    lab.close()
    db = tmp_path / "old" / "gdsview.db"
    conn = sqlite3.connect(db)  # back to schema 1, as an older gdsview made it
    for statement in ("DROP TABLE nodes", "ALTER TABLE classes DROP COLUMN scope",
                      "ALTER TABLE classes DROP COLUMN online_node", "ALTER TABLE slices DROP COLUMN temp_node",
                      "ALTER TABLE events DROP COLUMN node",
                      "UPDATE meta SET value = '1' WHERE key = 'schema_version'"):
        conn.execute(statement)
    conn.commit()
    conn.close()
    fresh = Workspace(tmp_path / "new")
    fresh.store  # noqa: B018 - makes a new database (schema 1, migrated)
    fresh.close()
    ws = Workspace(tmp_path / "old")
    try:
        m = VolumeManager(ws, source="test")
        host = cluster_db.host_node()
        assert ws.store.connection().execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] \
            == str(SCHEMA_VERSION)
        snap = m.snapshot()
        assert [n.name for n in snap.nodes] == [host] and ws.node == host
        assert snap.class_info(C).scope == (host,) and snap.class_info(C).online_node == host
        assert (snap.volumes, snap.disks, snap.groups) == (before.volumes, before.disks, before.groups)
        assert [(s.name, s.status) for s in snap.slices] == [(s.name, s.status) for s in before.slices]
        assert snap.slice(C, "Disk2", "Volume1").temp_node is None  # not recorded by schema 1: opens on its node
        with open_device(ws, apath("Disk2")):
            pass
        assert {e.node for e in m.events()} == {host}
        m.attach_slice(C, "Disk2", "Volume1")
        assert verify_volume(ws, C, "Volume1").ok
    finally:
        ws.close()
    assert _columns(db) == _columns(tmp_path / "new" / "gdsview.db")  # both roads lead to the same tables


def test_a_workspace_acts_as_the_node_it_is_told(two, monkeypatch) -> None:
    root = two.node1.ws.root
    monkeypatch.setenv("GDSVIEW_NODE", "node2")
    ws = Workspace(root)
    try:
        assert ws.node == "node2"
        assert ws.set_node("node1") == "node1"
        with pytest.raises(SdxError, match="no such node in the cluster: the nodes are node1, node2"):
            ws.set_node("node3")
    finally:
        ws.close()
    monkeypatch.setenv("GDSVIEW_NODE", "node3")
    ws = Workspace(root)
    try:
        with pytest.raises(SdxError, match=r"no such node in the cluster \(\$GDSVIEW_NODE\)"):
            ws.node  # noqa: B018
    finally:
        ws.close()
