"""Account management for supervisors: create, disable/enable, reset PIN."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.officers import Officer, Role
from ui.officer.common import label, tr


def _pin_edit(placeholder: str, name: str) -> QLineEdit:
    e = QLineEdit()
    e.setObjectName(name)
    e.setEchoMode(QLineEdit.EchoMode.Password)
    e.setPlaceholderText(placeholder)
    e.setMaxLength(32)
    return e


class AccountsView(QWidget):
    create = Signal(str, str, str, str)  # id, name, role, PIN
    set_disabled = Signal(str, bool)
    reset_pin = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels([tr("ID"), tr("Name"), tr("Role"), tr("Status"), tr("Failures")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        lay.addWidget(self.table, 1)
        sel = QHBoxLayout()
        self.toggle_button = QPushButton(tr("Disable"))
        self.toggle_button.setObjectName("danger")
        self.new_pin = _pin_edit(tr("New PIN"), "resetPin")
        self.reset_button = QPushButton(tr("Reset PIN"))
        sel.addWidget(self.toggle_button)
        sel.addWidget(self.new_pin)
        sel.addWidget(self.reset_button)
        sel.addStretch(1)
        lay.addLayout(sel)
        lay.addWidget(label(tr("New account"), "heading"))
        form = QGridLayout()
        self.new_id = QLineEdit()
        self.new_id.setObjectName("newId")
        self.new_id.setPlaceholderText(tr("Officer ID"))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(tr("Name"))
        self.new_role = QComboBox()
        self.new_role.addItems([r.value for r in Role])
        self.new_account_pin = _pin_edit(tr("PIN"), "newPin")
        self.create_button = QPushButton(tr("Create"))
        self.create_button.setObjectName("createAccount")
        for i, w in enumerate((self.new_id, self.new_name, self.new_role, self.new_account_pin, self.create_button)):
            form.addWidget(w, 0, i)
        lay.addLayout(form)
        self.message = label("", "message")
        lay.addWidget(self.message)
        self.officers: list[Officer] = []
        self.create_button.clicked.connect(self._create)
        self.toggle_button.clicked.connect(self._toggle)
        self.reset_button.clicked.connect(self._reset)
        self.table.itemSelectionChanged.connect(self._selection)
        self._selection()

    def show_officers(self, officers: list[Officer]) -> None:
        selected = self.selected()
        self.officers = officers
        self.table.setRowCount(len(officers))
        for i, o in enumerate(officers):
            status = tr("disabled") if o.disabled else (tr("locked") if o.locked_until else tr("active"))
            for j, v in enumerate((o.id, o.name, o.role.value, status, str(o.failures))):
                self.table.setItem(i, j, QTableWidgetItem(v))
            if selected and o.id == selected.id:
                self.table.selectRow(i)
        self._selection()

    def selected(self) -> Officer | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.officers):
            return None
        return self.officers[rows[0].row()]

    def select(self, officer_id: str) -> None:
        for i, o in enumerate(self.officers):
            if o.id == officer_id:
                self.table.selectRow(i)

    def _selection(self) -> None:
        o = self.selected()
        self.toggle_button.setEnabled(o is not None)
        self.reset_button.setEnabled(o is not None)
        self.toggle_button.setText(tr("Enable") if o is not None and o.disabled else tr("Disable"))

    def _create(self) -> None:
        self.create.emit(self.new_id.text().strip(), self.new_name.text().strip(), self.new_role.currentText(),
                         self.new_account_pin.text())
        self.new_account_pin.clear()

    def _toggle(self) -> None:
        o = self.selected()
        if o is not None:
            self.set_disabled.emit(o.id, not o.disabled)

    def _reset(self) -> None:
        o = self.selected()
        if o is not None:
            self.reset_pin.emit(o.id, self.new_pin.text())
            self.new_pin.clear()

    def created(self) -> None:
        self.new_id.clear()
        self.new_name.clear()

    def wipe(self) -> None:
        self.officers = []
        self.table.setRowCount(0)
        for w in (self.new_id, self.new_name, self.new_account_pin, self.new_pin):
            w.clear()
        self.message.setText("")
