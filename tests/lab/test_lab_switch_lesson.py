"""The cluster lesson's grader (lab.switch_lesson) on event logs written by hand: the order of the
five steps, and the warnings a trainee earns (a backup on the wrong node, before Activate Slice,
a detach while the service was writing)."""

from __future__ import annotations

import itertools

from gdsview.core.events import Event, EventKind
from gdsview.lab.procedure import SWITCH_REQUIRES, SWITCH_STEPS
from gdsview.lab.switch_lesson import observe_switch

SLICE = "Disk3.Volume1"


_IDS = itertools.count(1)


def ev(kind: EventKind, obj: str, node: str, text: str = "") -> Event:
    n = next(_IDS)
    return Event(n, 1000.0 + n, 1, "test", "INFO", kind, "Class1", obj, text or kind.value, node)


def lesson(*, backup_node: str = "node2", extra: tuple[Event, ...] = ()) -> list[Event]:
    return [
        ev(EventKind.LAB_INIT, "Class1", "node1"),
        ev(EventKind.SLICE_DETACH, SLICE, "node1"),
        ev(EventKind.SLICE_NODE_SWITCH, SLICE, "node2"),
        ev(EventKind.CLUSTER_SWITCH, "Class1", "node2"),
        *extra,
        ev(EventKind.SLICE_ACTIVATE, SLICE, "node2"),
        ev(EventKind.BACKUP_DONE, SLICE, backup_node, "backup of ... written"),
        ev(EventKind.SLICE_ATTACH, SLICE, "node2"),
    ]


def test_the_steps_are_the_lessons_and_in_order() -> None:
    keys = [s.key for s in SWITCH_STEPS]
    assert keys == ["detach", "switch", "activate", "backup", "attach"]
    assert all(set(SWITCH_REQUIRES[k]) <= set(keys[:i]) for i, k in enumerate(keys))


def test_the_whole_lesson_is_graded_ok() -> None:
    report = observe_switch(lesson())
    assert report.ok, report.warnings
    assert report.backup_disk == SLICE and report.subject == "slice"
    assert report.steps[1].detail == "Class1 to node2; the slice is TEMP-STOP"
    assert report.steps[2].detail == f"{SLICE} TEMP on node2"


def test_a_backup_on_the_wrong_node_is_warned_about() -> None:
    failed = ev(EventKind.BACKUP_FAILED, SLICE, "node1", "refused on node1")
    report = observe_switch(lesson(extra=(failed,)))
    assert report.complete and not report.ok
    assert [w.text for w in report.warnings] == [
        f"backup of {SLICE} attempted on node1: after the switch the slice is accessible only on node2, "
        "once activated there"]


def test_a_backup_before_activate_slice_is_warned_about() -> None:
    failed = ev(EventKind.BACKUP_FAILED, SLICE, "node2", "TEMP-STOP")
    report = observe_switch(lesson(extra=(failed,)))
    assert "before Activate Slice" in report.warnings[0].text


def test_a_backup_taken_elsewhere_does_not_count() -> None:
    report = observe_switch(lesson(backup_node="node1"))
    assert not report.steps[3].done and report.steps[4].done
    texts = [w.text for w in report.warnings]
    assert "not on node2 where the class runs now" in texts[0]
    assert texts[1].startswith("step 5 done before step 4")


def test_steps_out_of_order_and_a_detach_under_the_service() -> None:
    events = [
        ev(EventKind.LAB_INIT, "Class1", "node1"),
        ev(EventKind.SERVICE_START, "Volume1", "node1"),
        ev(EventKind.SLICE_DETACH, SLICE, "node1"),
        ev(EventKind.SLICE_ATTACH, SLICE, "node1"),  # attached before the switch: the lesson's order broken
    ]
    report = observe_switch(events)
    texts = [w.text for w in report.warnings]
    assert any("while the service was writing to Volume1" in t for t in texts)
    assert any(t.startswith("step 5 done before step 2") for t in texts)
    assert report.next_step().key == "switch"


def test_a_switch_back_to_the_detaching_node_is_not_the_lessons() -> None:
    events = [ev(EventKind.LAB_INIT, "Class1", "node1"), ev(EventKind.SLICE_DETACH, SLICE, "node1"),
              ev(EventKind.CLUSTER_SWITCH, "Class1", "node1")]
    assert not observe_switch(events).steps[1].done
