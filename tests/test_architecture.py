"""What the import contracts (pyproject.toml, run by ./test as lint-imports) cannot say.

* Only ``core/engine/slice_state.py`` writes the ``slices`` table, and the rules refuse exactly
  what its TRANSITIONS table does not allow.
* Every event is logged with an ``EventKind``: no string kind in a ``log(...)`` call anywhere.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from gdsview.core.engine.slice_state import TRANSITIONS, Change, sources
from gdsview.core.model import AccessMode, ClassInfo, SliceInfo, SliceState, Snapshot, VolumeInfo, VolumeStatus
from gdsview.core.model import slice_status as status_of
from gdsview.core.policy import rules

APP = Path(__file__).resolve().parents[1] / "app" / "gdsview"
STATE_MACHINE = APP / "core" / "engine" / "slice_state.py"
_WRITES_SLICES = re.compile(r"\b(UPDATE\s+slices|INSERT\s+INTO\s+slices|DELETE\s+FROM\s+slices)\b", re.IGNORECASE)


def _strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_only_the_state_machine_writes_the_slices_table() -> None:
    found = [f"{p.relative_to(APP)}:{line}: {text.strip()[:60]}"
             for p in sorted(APP.rglob("*.py")) if p != STATE_MACHINE
             for line, text in _strings(p) if _WRITES_SLICES.search(text)]
    assert found == []
    assert any(_WRITES_SLICES.search(text) for _line, text in _strings(STATE_MACHINE))  # the check sees SQL


def test_every_event_is_logged_with_an_event_kind() -> None:
    found = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_log = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "log", "_log")
            if is_log and any(isinstance(a, ast.Constant) and isinstance(a.value, str)
                              and re.fullmatch(r"[a-z]+-[a-z-]+", a.value) for a in node.args):
                found.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert found == []


def test_every_change_leads_somewhere_and_every_state_is_reached() -> None:
    assert set(TRANSITIONS) == set(Change)
    reached = {t for tr in TRANSITIONS.values() for t in tr.targets}
    assert reached == set(SliceState)  # NOUSE: a swapped-out disk (sdxswap -O)
    for change, tr in TRANSITIONS.items():
        assert tr.targets, change


def _snapshot_with(state: SliceState) -> Snapshot:
    """Volume1 with Disk1.Volume1 ACTIVE and Disk2.Volume1 in ``state`` (the volume started)."""
    def s(disk: str, st: SliceState) -> SliceInfo:
        detached = st in (SliceState.TEMP, SliceState.TEMP_STOP)
        return SliceInfo("Class1", "Group1", disk, "Volume1", st, status_of(st, True),
                         AccessMode.RW if detached else None, True)

    return Snapshot(version=1, classes=(ClassInfo("Class1"),),
                    volumes=(VolumeInfo("Class1", "Group1", "Volume1", 2048, 2048, VolumeStatus.ACTIVE, True),),
                    slices=(s("Disk1", SliceState.ACTIVE), s("Disk2", state)))


@pytest.mark.parametrize("state", list(SliceState))
@pytest.mark.parametrize("rule, change", [
    (rules.detach_slice, Change.DETACH), (rules.attach_slice, Change.ATTACH),
    (rules.stop_slice, Change.STOP), (rules.activate_slice, Change.ACTIVATE),
])
def test_the_slice_rules_allow_what_the_table_allows(state, rule, change) -> None:
    refusal = rule(_snapshot_with(state), "Class1", "Disk2", "Volume1")
    assert (refusal is None) == (state in sources(change)), refusal
