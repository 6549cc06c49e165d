"""The cluster from the command line: the two-node demo, the switch during a backup (detach on node1,
switch, TEMP-STOP on both nodes, activate on node2, the access path on node2 only, attach, verify),
the refusals per node, the lesson graded by ``gdsview lab check``, the service following the switch."""

from __future__ import annotations

import os
import signal

import pytest
from cli_lab import Lab
from gdsview.core.model import SliceState
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.service import Service
from gdsview.lab.servicectl import request_stop, service_runs
from workspace_helpers import wait_until

AP = "/dev/sfdsk/Class1/dsk/Disk3.Volume1"


@pytest.fixture
def two(empty_lab: Lab, monkeypatch: pytest.MonkeyPatch) -> Lab:
    """A small two-node lab made with commands: Class1 shared by node1 and node2, online on node1;
    Volume1 (16 MiB) mirrored on Disk1, Disk2; Disk3 (sdc) connected too, the backup disk."""
    monkeypatch.delenv("GDSVIEW_NODE", raising=False)
    lab = empty_lab
    lab.ok("gdsview lab init --empty --cluster")
    for name in ("sda", "sdb", "sdc"):
        lab.ok(f"gdsview disk create {name} --size 64M")
    lab.ok("sdxdisk -M -c Class1 -a type=shared,scope=node1:node2 -d sda=Disk1,sdb=Disk2,sdc=Disk3")
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk1,Disk2")
    lab.ok("sdxvolume -M -c Class1 -g Group1 -v Volume1 -s 16M")
    lab.ok("sdxdisk -C -c Class1 -g Group1 -d Disk3 -e waitsync")
    return lab


def events(lab: Lab) -> list:
    ws = Workspace(lab.root)
    try:
        return ws.store.events(0, 1_000_000)
    finally:
        ws.close()


def on(monkeypatch: pytest.MonkeyPatch, node: str) -> None:
    monkeypatch.setenv("GDSVIEW_NODE", node)


def statuses(lab: Lab, monkeypatch: pytest.MonkeyPatch, node: str) -> dict[str, str]:
    on(monkeypatch, node)
    rows = [line.split() for line in lab.ok("sdxinfo -S").out.splitlines()[2:]]
    return {f"{r[3]}.{r[4]}": r[5] for r in rows}


def test_the_two_node_demo(empty_lab: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDSVIEW_NODE", raising=False)
    out = empty_lab.ok("gdsview lab init --cluster").out
    assert "cluster of node1, node2, Class1 shared (scope node1:node2), online on node1" in out
    assert empty_lab.ok("sdxinfo -C").out.splitlines()[2].split() == ["class", "Class1", "shared", "node1:node2", "0"]
    assert empty_lab.ok("sdxinfo -D").out.splitlines()[2].split()[7] == "node1:node2"  # DEVCONNECT
    status = empty_lab.ok("gdsview cluster status").out
    assert "node1 * UP" in status and "node2   UP" in status
    assert status.splitlines()[7].split() == ["Class1", "shared", "node1:node2", "node1", "Online", "-"]
    assert "ACTIVE" in empty_lab.ok("sdxinfo -V -o Volume1").out
    on(monkeypatch, "node2")
    assert "STOP" in empty_lab.ok("sdxinfo -V -o Volume1").out
    empty_lab.ok("gdsview lab reset")  # a cluster lab resets to the cluster lab
    assert "node1:node2" in empty_lab.ok("sdxinfo -C").out


def test_detach_switch_activate_back_up_attach(two: Lab, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    lab = two
    lab.ok("gdsview dd if=/dev/urandom of=/dev/sfdsk/Class1/dsk/Volume1 bs=1M count=4 status=none")
    out = lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume1 -a mode=ro").out
    assert AP in out
    assert statuses(lab, monkeypatch, "node1")["Disk3.Volume1"] == "TEMP"
    on(monkeypatch, "node2")
    lab.refused(f"gdsview dd if={AP} of={tmp_path / 'x'} bs=1M", "Disk3.Volume1: slice is TEMP on node1")

    on(monkeypatch, "node1")
    result = lab.ok("gdsview cluster switch -c Class1 --to node2")
    assert "switched from node1 to node2; volumes Volume1 started on node2" in result.out
    assert "Disk3.Volume1: slice is TEMP-STOP" in result.err
    for node in ("node1", "node2"):  # TEMP-STOP on both nodes
        assert statuses(lab, monkeypatch, node)["Disk3.Volume1"] == "TEMP-STOP"
    assert statuses(lab, monkeypatch, "node1")["Disk1.Volume1"] == "STOP"
    assert statuses(lab, monkeypatch, "node2")["Disk1.Volume1"] == "ACTIVE"
    for node in ("node1", "node2"):
        on(monkeypatch, node)
        lab.refused(f"gdsview dd if={AP} of={tmp_path / 'x'} bs=1M")
    on(monkeypatch, "node1")
    lab.refused("sdxslice -N -c Class1 -s Disk3.Volume1", "Disk3.Volume1: its volume Volume1 runs on node2")

    on(monkeypatch, "node2")
    lab.ok("sdxslice -N -c Class1 -s Disk3.Volume1")
    assert statuses(lab, monkeypatch, "node2")["Disk3.Volume1"] == "TEMP"
    lab.ok(f"gdsview dd if={AP} of={tmp_path / 'snap.img'} bs=1M status=none")  # opens on node2 ...
    on(monkeypatch, "node1")
    lab.refused(f"gdsview dd if={AP} of={tmp_path / 'x'} bs=1M", "Disk3.Volume1: slice is TEMP on node2")  # ... only
    lab.refused("gdsview dd if=/dev/urandom of=/dev/sfdsk/Class1/dsk/Volume1 bs=1M count=1",
                "Volume1: volume is not started on node1: it runs on node2")
    snapshot = (tmp_path / "snap.img").read_bytes()
    on(monkeypatch, "node2")
    lab.ok(f"gdsview dd if={tmp_path / 'snap.img'} of={tmp_path / 'vol-before.img'} bs=1M status=none")
    lab.ok("gdsview dd if=/dev/urandom of=/dev/sfdsk/Class1/dsk/Volume1 bs=1M count=2 seek=6 status=none")
    lab.ok("sdxslice -R -c Class1 -s Disk3.Volume1 -e waitsync")
    assert lab.slice("Disk3", "Volume1").state is SliceState.ACTIVE
    verified = lab.ok("gdsview verify -c Class1 -v Volume1").out
    assert "3 slices identical" in verified
    lab.ok(f"gdsview --node node2 dd if=/dev/sfdsk/Class1/dsk/Volume1 of={tmp_path / 'now.img'} bs=1M count=4 "
           "status=none")
    assert (tmp_path / "now.img").read_bytes() == snapshot[: 4 << 20]  # the snapshot was the volume's data


def test_gdsview_node_option_acts_as_the_node_for_one_command(two: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    out = two.ok("gdsview --node node2 cluster status").out
    assert "node2 * UP" in out and "acts as node2" in out
    assert "node1 * UP" in two.ok("gdsview cluster status").out  # not left in the environment
    two.refused("gdsview --node node3 cluster status", "node3: no such node in the cluster")


def test_refusals_name_the_node(two: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, "node2")
    two.refused("sdxslice -M -c Class1 -d Disk3 -v Volume1",
                "Disk3.Volume1: its volume Volume1 runs on node1, not on node2: do it on node1")
    two.refused("sdxvolume -F -c Class1 -v Volume1", "Volume1: the volume runs on node1")
    two.refused("sdxdisk -D -c Class1 -g Group1 -d Disk3", "Class1: the class runs on node1")
    two.refused("sdxcopy -P -c Class1 -v Volume1 -e delay=5", "Class1: the class runs on node1")
    on(monkeypatch, "node1")
    two.refused("gdsview cluster switch -c Class1 --to node1", "Class1: class is already online on node1")
    two.refused("gdsview cluster switch -c Class1 --to node3", "node3: no such node")
    two.refused("sdxdisk -M -c Class2 -a type=shared,scope=node2 -d sdd=Disk4")
    two.refused("sdxdisk -M -c Class1 -a type=local -d sdd=Disk4", "Class1: class is shared, not local")


def test_a_failed_node_fails_over(two: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    out = two.ok("gdsview cluster fail node1").out
    assert "Class1: failed over from node1 to node2" in out and "node1: node failed (DOWN)" in out
    status = two.ok("gdsview cluster status").out
    assert "node1 * DOWN" in status and status.splitlines()[7].split()[3] == "node2"
    on(monkeypatch, "node2")
    assert "3 slices identical" in two.ok("gdsview verify -c Class1 -v Volume1").out
    on(monkeypatch, "node1")
    two.refused("sdxvolume -F -c Class1 -v Volume1", "Volume1: node node1 is DOWN")
    two.ok("gdsview cluster join node1")
    assert "node1 * UP" in two.ok("gdsview cluster status").out


def _lesson(lab: Lab, monkeypatch: pytest.MonkeyPatch, tmp_path, *, wrong_node_first: bool) -> None:
    on(monkeypatch, "node1")
    lab.ok("sdxslice -M -c Class1 -d Disk3 -v Volume1")
    lab.ok("gdsview cluster switch --to node2")
    if wrong_node_first:  # refused, and logged (the node it was attempted on is the lesson's business)
        result = lab.run(f"gdsview backup {AP} {tmp_path / 'b1.img'}")
        assert result.rc == 1 and result.err.startswith("SDX:gdsview: ERROR: Disk3.Volume1: slice is TEMP-STOP: the "
                                                         "nodes switched (node1 to node2)"), result.err
        assert not (tmp_path / "b1.img").exists()
    on(monkeypatch, "node2")
    lab.ok("sdxslice -N -c Class1 -s Disk3.Volume1")
    lab.ok(f"gdsview backup {AP} {tmp_path / 'b.img'}")
    lab.ok("sdxslice -R -c Class1 -s Disk3.Volume1 -e waitsync")


def test_the_switching_lesson_is_graded(two: Lab, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    assert two.run("gdsview lab check").rc == 1
    _lesson(two, monkeypatch, tmp_path, wrong_node_first=False)
    out = two.ok("gdsview lab check").out
    assert out.startswith("Switching nodes during a backup")
    assert "slice Disk3.Volume1 in Class1" in out
    assert "2 [x]" in out and "Class1 to node2; the slice is TEMP-STOP" in out
    assert "3 [x]" in out and "TEMP on node2" in out
    assert "Result: all steps done in order, no warning" in out
    assert two.run("gdsview lab check --lesson backup").rc == 1  # the nine steps were not done


def test_a_backup_attempted_on_the_wrong_node_is_warned_about(two: Lab, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path) -> None:
    _lesson(two, monkeypatch, tmp_path, wrong_node_first=True)
    result = two.run("gdsview lab check")
    assert result.rc == 1
    assert "attempted on node1: after the switch the slice is accessible only on node2" in result.out
    assert "5/5 steps done, 1 warning" in result.out


def test_the_service_follows_the_switch(two: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, "node1")
    ws = Workspace(two.root)
    try:
        service = Service(ws, "Class1", "Volume1", rate_mib_s=2, source="service")
        service.start()
        try:
            out = two.ok("gdsview cluster switch --to node2").out
            assert "Volume1: service stopped on node1 and started on node2" in out
            assert wait_until(lambda: not service.running, what="the node1 service to stop")
            assert service.status().error is None  # stopped cleanly, not fenced
        finally:
            service.stop()
        runs = service_runs(ws, "Class1")
        assert [(r.volume, r.node, r.rate_mib_s) for r in runs] == [("Volume1", "node2", 2.0)]
        wait_until(lambda: any(e.kind == "service-start" and e.node == "node2" for e in events(two)),
                   what="the service to write on node2")
        two.refused("gdsview --node node1 service -c Class1 -v Volume1 --seconds 1",
                    "Volume1: a service is already running")
        two.ok("gdsview service -c Class1 -v Volume1 --stop")
        assert service_runs(ws, "Class1") == []
    finally:
        for run in service_runs(ws):  # the service the switch started, if the test failed before stopping it
            if not request_stop(ws, run.class_name, run.volume, timeout=10) and run.pid and run.pid != os.getpid():
                os.kill(run.pid, signal.SIGTERM)
        ws.close()
    on(monkeypatch, "node2")
    assert "3 slices identical" in two.ok("gdsview verify -c Class1 -v Volume1").out
    stops = [e for e in events(two) if e.kind == "service-stop"]
    assert [(e.node, e.severity) for e in stops] == [("node1", "INFO"), ("node2", "INFO")]
