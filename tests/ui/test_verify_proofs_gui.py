"""Verify Backup in the GUI on real images: a busy dialog while the proofs run, then the report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_helpers import visible_dialog
from proof_images import copy_image, file_offsets, flip, have_tools
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.skipif(bool(have_tools()), reason=have_tools() or "")


@pytest.fixture(scope="module")
def images(pg_images, tmp_path_factory):
    damaged = copy_image(pg_images["clean"], tmp_path_factory.mktemp("gui-pg") / "damaged.img")
    for offset in file_offsets(damaged, "/pgdata/" + pg_images["accounts"].read_text().strip()):
        flip(damaged, offset)
    return {**pg_images, "damaged": damaged}


@pytest.mark.parametrize("kind, verdict, icon", [
    ("clean", "CLEAN: consistent as it is", QMessageBox.Icon.Information),
    ("hot", "RECOVERED: consistent only after recovery", QMessageBox.Icon.Warning),
    ("damaged", "DAMAGED: this backup cannot be trusted", QMessageBox.Icon.Critical),
])
def test_verify_backup_shows_the_proofs(qtbot, window, images, kind, verdict, icon, tmp_path):
    window.operation_actions["verify_backup"][1].trigger()
    files = visible_dialog(qtbot, window, "verifyFileDialog")
    files.selectFile(str(images[kind]))
    files.accept()
    box = visible_dialog(qtbot, window, "verifyResultDialog", QMessageBox)
    text = box.text()
    assert text.startswith(f"{kind}.img: {verdict}"), text
    assert box.icon() == icon
    assert "postgresql start" in text and "invariant" in text
    if kind == "hot":
        assert "the GDS guide, section 7.7.1, says to stop services before Detach Slice" in text
        assert "only crash consistent" in text
    if os.environ.get("GDSVIEW_SHOTS"):  # for a look at the dialog
        box.grab().save(str(Path(os.environ["GDSVIEW_SHOTS"]) / f"verify-{kind}.png"))
    box.accept()
    assert not [d for d in window.findChildren(QMessageBox) if d.isVisible()]
