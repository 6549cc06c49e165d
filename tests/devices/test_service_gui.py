"""Service → Start Service with PostgreSQL through pytest-qt, on real devices: the live TPS in the
service toolbar, Stop Service, the Procedure's steps 3 (a clean stop) and 5 (the resume), the backup
through the access path and Verify Backup proving it CLEAN.

Everything is undone in reverse order (the window's services, file system, loop device, the
device server) by the fixtures of tests/devices, even when a test fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gdsview.core.model import SliceState
from gdsview.lab.apps import postgresql
from PySide6.QtWidgets import QMessageBox
from workspace_helpers import CLASS, GROUP

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from gui_helpers import answer, click, shown_window, visible_dialog  # noqa: E402

Yes = QMessageBox.StandardButton.Yes
PG_REASON = postgresql.why_unavailable()


def _start_postgresql(qtbot, window) -> None:
    window.lab.start_service_action.trigger()
    dialog = visible_dialog(qtbot, window, "startServiceDialog")
    dialog.app.setCurrentIndex(dialog.app.findData("postgresql"))
    assert dialog.clients.isVisible() and not dialog.rate.isVisible()
    dialog.clients.setValue(2)
    dialog.pg_rate.setValue(100)
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert "Start PostgreSQL on Volume1, with pgbench's load: 2 clients at 100 transactions per second?" in \
        answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: any(st.rate > 0 for st in window.backend.lab.service_statuses()), timeout=120_000)
    qtbot.waitUntil(lambda: "PostgreSQL on Volume1: " in window.lab.service_label.text()
                    and " 0 TPS" not in window.lab.service_label.text(), timeout=10_000)


def _stop(qtbot, window) -> None:
    qtbot.waitUntil(window.lab.stop_service_action.isEnabled, timeout=10_000)
    window.lab.stop_service_action.trigger()
    assert "a database checkpoints" in answer(qtbot, window, "confirmDialog", Yes)
    qtbot.waitUntil(lambda: not window.backend.lab.service_statuses(), timeout=120_000)
    qtbot.waitUntil(lambda: window.lab.service_label.text() == "stopped", timeout=10_000)


def _step(window, key: str) -> bool:
    return next(s for s in window.backend.lab.report().steps if s.step.key == key).done


@pytest.mark.skipif(PG_REASON is not None, reason=PG_REASON or "")
def test_the_procedure_with_postgresql_from_the_gui(qtbot, svc, tmp_path):
    m = svc.lab.manager
    m.register_disk(CLASS, "sdc", "Disk3")  # steps 1 and 2 (the GUI's own are tested elsewhere)
    m.connect_disk(CLASS, GROUP, "Disk3")
    with shown_window(qtbot, svc.ws.root) as window:
        _start_postgresql(qtbot, window)
        assert "/pgdata)" in window.lab.service_label.text()
        assert not _step(window, "stop_service")
        _stop(qtbot, window)
        qtbot.waitUntil(lambda: _step(window, "stop_service"), timeout=10_000)  # 3. a clean stop
        m.detach_slice(CLASS, "Disk3", "Volume1")  # 4.
        assert m.snapshot().slice(CLASS, "Disk3", "Volume1").state is SliceState.TEMP
        _start_postgresql(qtbot, window)  # 5. the same cluster, no new initdb
        qtbot.waitUntil(lambda: _step(window, "resume_service"), timeout=10_000)
        assert not window.backend.lab.report().warnings
        backup = tmp_path / "volume1.img"  # 6. through the access path, the database running on
        window.select_slice(CLASS, "Disk3", "Volume1")
        window.operation_actions["backup"][1].trigger()
        files = visible_dialog(qtbot, window, "backupFileDialog")
        files.selectFile(str(backup))
        files.accept()
        answer(qtbot, window, "confirmDialog", Yes)
        answer(qtbot, window, "completionDialog", QMessageBox.StandardButton.Ok)
        window.operation_actions["verify_backup"][1].trigger()  # the proof: a throwaway server on a copy
        files = visible_dialog(qtbot, window, "verifyFileDialog")
        files.selectFile(str(backup))
        files.accept()
        report = answer(qtbot, window, "verifyResultDialog", QMessageBox.StandardButton.Ok)
        assert "CLEAN" in report and "invariant" in report, report
        _stop(qtbot, window)
