"""Sign-in: officer id and PIN, with an on-screen keypad for the kiosk's touch screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.officer.common import label, tr


class SignInPage(QWidget):
    submitted = Signal(str, str)  # officer id, PIN
    cancelled = Signal()

    def __init__(self, can_cancel: bool = False) -> None:
        super().__init__()
        self.setObjectName("signIn")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(420)
        lay = QVBoxLayout(box)
        lay.addWidget(label(tr("Officer sign-in"), "heading"))
        self.officer_id = QLineEdit()
        self.officer_id.setObjectName("officerId")
        self.officer_id.setPlaceholderText(tr("Officer ID"))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(tr("PIN"))
        self.pin.setMaxLength(32)
        lay.addWidget(self.officer_id)
        lay.addWidget(self.pin)
        pad = QGridLayout()
        for i, key in enumerate("123456789C0⌫"):
            b = QPushButton(key)
            b.setObjectName("secondary")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(b, i // 3, i % 3)
        lay.addLayout(pad)
        row = QHBoxLayout()
        self.sign_in_button = QPushButton(tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        row.addWidget(self.sign_in_button)
        self.cancel_button = QPushButton(tr("Back to lane"))
        self.cancel_button.setObjectName("secondary")
        self.cancel_button.setVisible(can_cancel)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        self.message = label("", "message")
        lay.addWidget(self.message)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(box)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        self.sign_in_button.clicked.connect(self._submit)
        self.pin.returnPressed.connect(self._submit)
        self.officer_id.returnPressed.connect(self.pin.setFocus)
        self.cancel_button.clicked.connect(self.cancelled)

    def _key(self, key: str) -> None:
        if key == "C":
            self.pin.clear()
        elif key == "⌫":
            self.pin.backspace()
        else:
            self.pin.insert(key)

    def _submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        self.submitted.emit(self.officer_id.text().strip(), self.pin.text())
        self.pin.clear()  # the PIN does not stay in a widget

    def set_waiting(self, waiting: bool) -> None:
        self.sign_in_button.setEnabled(not waiting)

    def reset(self, message: str = "") -> None:
        self.pin.clear()
        self.officer_id.clear()
        self.message.setText(message)
        self.set_waiting(False)
