"""Service → Start Service: which app runs on which started volume, and how.

The built-in writer writes self-checking records to the raw volume; PostgreSQL (pgbench) and
SQLite keep a database on an ext4 on the volume under a steady TPC-B-like load.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.model import VolumeInfo, VolumeStatus
from ..backend import StartService

APPS = ("builtin", "postgresql", "sqlite")


class StartServiceDialog(QDialog):
    """Lists the started volumes and the apps; OK returns a StartService request.

    ``unavailable``: app -> why it cannot run here (it is offered, with the reason, but OK is off).
    """

    def __init__(self, volumes: list[VolumeInfo], preferred: tuple[str, str] | None = None,
                 parent: QWidget | None = None, unavailable: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startServiceDialog")
        self.setWindowTitle(self.tr("Start Service"))
        self.setAccessibleName(self.windowTitle())
        self.unavailable = dict(unavailable or {})
        self.volumes = [v for v in volumes if v.status is VolumeStatus.ACTIVE]
        self.volume = QComboBox()
        self.volume.setObjectName("serviceVolume")
        self.volume.setAccessibleName(self.tr("Volume"))
        for v in self.volumes:
            self.volume.addItem(f"{v.class_name} / {v.name}  ({v.path})", f"{v.class_name}/{v.name}")
        if preferred is not None:
            index = self.volume.findData("/".join(preferred))
            if index >= 0:
                self.volume.setCurrentIndex(index)
        self.app = QComboBox()
        self.app.setObjectName("serviceApp")
        self.app.setAccessibleName(self.tr("Application"))
        for key, title in zip(APPS, (self.tr("Built-in writer"), self.tr("PostgreSQL (pgbench)"), self.tr("SQLite")),
                              strict=True):
            self.app.addItem(title, key)
        form = self.form = QFormLayout()
        for text, field in ((self.tr("&Volume:"), self.volume), (self.tr("A&pplication:"), self.app)):
            self._row(text, field)
        self.rows: dict[str, list[QWidget]] = {"builtin": self._builtin_rows(), "postgresql": self._postgresql_rows(),
                                               "sqlite": self._sqlite_rows()}
        self.note = QLabel()
        self.note.setObjectName("serviceNote")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        if not self.volumes:
            layout.addWidget(QLabel(self.tr("No started volume: start a volume first.")))
        layout.addWidget(self.buttons)
        self.app.currentIndexChanged.connect(self._app_changed)
        self._app_changed()
        self.setMinimumWidth(520)

    # -- each app's option rows (only the chosen app's are shown) --------------------------------
    def _row(self, text: str, field: QWidget) -> QWidget:
        label = QLabel(text) if text else None
        if label is not None:
            label.setBuddy(field)
            self.form.addRow(label, field)
        else:
            self.form.addRow("", field)
        return field

    def _builtin_rows(self) -> list[QWidget]:
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("serviceRate")
        self.rate.setAccessibleName(self.tr("Write rate in MiB/s"))
        self.rate.setRange(0.1, 1000.0)
        self.rate.setDecimals(1)
        self.rate.setValue(4.0)
        self.rate.setSuffix(" MiB/s")
        self.log_pattern = QRadioButton(self.tr("Se&quential log appends"))
        self.log_pattern.setObjectName("logPattern")
        self.random_pattern = QRadioButton(self.tr("R&andom 4 KiB updates"))
        self.random_pattern.setObjectName("randomPattern")
        self.log_pattern.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.log_pattern, self.random_pattern):
            b.setAccessibleName(b.text().replace("&", ""))
            group.addButton(b)
        return [self._row(self.tr("Write &rate:"), self.rate), self._row(self.tr("Pattern:"), self.log_pattern),
                self._row("", self.random_pattern)]

    def _tps_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(name)
        box.setAccessibleName(self.tr("Transactions per second (0: as fast as it goes)"))
        box.setRange(0.0, 100_000.0)
        box.setDecimals(0)
        box.setValue(100.0)
        box.setSuffix(" TPS")
        box.setSpecialValueText(self.tr("as fast as it goes"))
        return box

    def _postgresql_rows(self) -> list[QWidget]:
        self.clients = QSpinBox()
        self.clients.setObjectName("pgClients")
        self.clients.setAccessibleName(self.tr("pgbench clients"))
        self.clients.setRange(1, 64)
        self.clients.setValue(2)
        self.pg_rate = self._tps_box("pgRate")
        return [self._row(self.tr("&Clients:"), self.clients), self._row(self.tr("&Transaction rate:"), self.pg_rate)]

    def _sqlite_rows(self) -> list[QWidget]:
        self.sqlite_rate = self._tps_box("sqliteRate")
        return [self._row(self.tr("&Transaction rate:"), self.sqlite_rate)]

    def _app_changed(self) -> None:
        key = self.app.currentData()
        for app, fields in self.rows.items():
            for field in fields:
                self.form.setRowVisible(field, app == key)
        notes = {
            "builtin": self.tr("Every 4 KiB block carries a sequence number and a checksum, so a backup of the "
                               "volume can be verified afterwards."),
            "postgresql": self.tr("An ext4 on the volume (made if it has no file system) holds a PostgreSQL "
                                  "cluster; pgbench runs a TPC-B-like load on it. Stop Service stops pgbench and "
                                  "the server cleanly (a checkpoint) and unmounts the file system."),
            "sqlite": self.tr("An ext4 on the volume holds an SQLite database in WAL mode with pgbench's tables, "
                              "under the same TPC-B-like load. Stop Service checkpoints it and unmounts the file "
                              "system."),
        }
        why = self.unavailable.get(key)
        self.note.setText(notes[key] + (("\n\n" + self.tr("Not available here: {why}").format(why=why)) if why
                                        else ""))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.volumes) and why is None)

    def request(self) -> StartService:
        class_name, volume = self.volume.currentData().split("/")
        app = self.app.currentData()
        tps = self.pg_rate.value() if app == "postgresql" else self.sqlite_rate.value()
        return StartService(class_name, volume, self.rate.value(),
                            "random" if self.random_pattern.isChecked() else "log", app, self.clients.value(), tps)
