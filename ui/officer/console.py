"""OfficerConsole: the supervisor console as one self-contained widget.

It talks to the lanes only through a `kiosk.supervision.LaneSupervisor` and to the accounts through
`kiosk.officers.Accounts`, both called on a worker pool (`Bridge`), never on the GUI thread.
Nothing of a traveller is on screen before an officer signs in, and everything is wiped when they
sign out, by hand, by closing, or after `officer.idle_signout_s` without input.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from kiosk.config import KioskConfig
from kiosk.officers import Accounts, OfficerSession, SignInError
from kiosk.supervision import LaneSupervisor, LaneView, ReferralView
from ui.officer.accounts import AccountsView
from ui.officer.audit import AuditView, RetainedView
from ui.officer.bridge import Bridge
from ui.officer.common import STYLE, N, error_text, label, tr
from ui.officer.lanes import LaneOverview
from ui.officer.referrals import ReferralQueue
from ui.officer.report import ReportView
from ui.officer.signin import SignInPage

log = logging.getLogger("ui.officer")

_ACTIVITY = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin)
_DONE_TEXT = {"release": N("Released"), "inspection": N("Sent to inspection"), "refuse": N("Refused")}


class OfficerConsole(QWidget):
    signed_in = Signal(str)  # officer id
    signed_out = Signal(str)  # reason: "manual" | "idle" | "closed"
    close_requested = Signal()  # embedded: back to the traveller screens

    def __init__(self, supervisor: LaneSupervisor, accounts: Accounts, config: KioskConfig, *,
                 embedded: bool = False, tick_ms: int = 1000, purge_every_s: float = 300.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officerConsole")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # opaque over the kiosk screens
        self.setStyleSheet(STYLE)
        self.supervisor = supervisor
        self.accounts = accounts
        self.config = config
        self.embedded = embedded
        self.session: OfficerSession | None = None
        self.bridge = Bridge(self)
        self.lane_ids: list[str] = list(config.officer.lanes)
        self._polling = False
        self.last_result: Any = None  # the last command's ActionResult (for the status line and tests)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.sign_in_page = SignInPage(can_cancel=embedded)
        self.stack.addWidget(self.sign_in_page)

        self.main = QWidget()
        ml = QVBoxLayout(self.main)
        head = QHBoxLayout()
        self.who = label("", "heading", wrap=False)
        self.idle_label = label("", wrap=False)
        self.sign_out_button = QPushButton(tr("Sign out"))
        self.sign_out_button.setObjectName("signOut")
        self.back_button = QPushButton(tr("Back to lane"))
        self.back_button.setObjectName("secondary")
        self.back_button.setVisible(embedded)
        head.addWidget(self.who, 1)
        head.addWidget(self.idle_label)
        head.addWidget(self.sign_out_button)
        head.addWidget(self.back_button)
        ml.addLayout(head)
        self.tabs = QTabWidget()
        self.overview = LaneOverview()
        self.queue = ReferralQueue()
        self.audit_view = AuditView()
        self.report_view = ReportView()
        self.retained_view = RetainedView(config.storage.evidence_retention_hours,
                                          config.storage.keep_referral_evidence)
        self.accounts_view = AccountsView()
        self._tab_of: dict[str, int] = {}
        for key, widget, title in (("lanes", self.overview, tr("Lanes")), ("referrals", self.queue, tr("Referrals")),
                                   ("audit", self.audit_view, tr("Audit")), ("report", self.report_view,
                                                                             tr("Shift report")),
                                   ("evidence", self.retained_view, tr("Retained evidence")),
                                   ("accounts", self.accounts_view, tr("Accounts"))):
            self._tab_of[key] = self.tabs.addTab(widget, title)
        ml.addWidget(self.tabs, 1)
        self.status = label("", wrap=False)
        self.status.setObjectName("consoleStatus")
        ml.addWidget(self.status)
        self.stack.addWidget(self.main)

        self.sign_in_page.submitted.connect(self.sign_in)
        self.sign_in_page.cancelled.connect(self.close_requested)
        self.sign_out_button.clicked.connect(lambda: self.sign_out("manual"))
        self.back_button.clicked.connect(self._back)
        self.overview.command.connect(self.lane_command)
        self.queue.decide.connect(self.decide)
        self.audit_view.search.connect(self.search_audit)
        self.report_view.compute.connect(self.compute_report)
        self.retained_view.refresh.connect(self.refresh_retained)
        self.retained_view.purge.connect(self.purge)
        self.accounts_view.create.connect(self.create_account)
        self.accounts_view.set_disabled.connect(self.set_account_disabled)
        self.accounts_view.reset_pin.connect(self.reset_account_pin)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.refresh_timer = QTimer(self)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start(config.officer.refresh_ms)
        self.idle_timer = QTimer(self)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start(tick_ms)
        self.purge_timer = QTimer(self)
        self.purge_timer.timeout.connect(lambda: self.bridge.call(self.supervisor.purge_expired))
        self.purge_timer.start(int(purge_every_s * 1000))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.stack.setCurrentWidget(self.sign_in_page)

    # --- signing in and out ---------------------------------------------------------------------

    def sign_in(self, officer_id: str, pin: str) -> None:
        if not officer_id or not pin:
            self.sign_in_page.message.setText(tr("Enter your officer ID and PIN"))
            return
        self.sign_in_page.set_waiting(True)
        self.sign_in_page.message.setText(tr("Checking…"))
        lane = self.lane_ids[0] if len(self.lane_ids) == 1 else ""
        self.bridge.call(self.accounts.sign_in, officer_id, pin, lane, done=self._signed_in,
                         failed=self._sign_in_failed)

    def _sign_in_failed(self, exc: Exception) -> None:
        self.sign_in_page.set_waiting(False)
        if isinstance(exc, SignInError) and exc.reason == "locked":
            until = exc.locked_until.strftime("%H:%M:%S") if exc.locked_until else "?"
            text = tr("Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.").format(t=until)
        elif isinstance(exc, SignInError) and exc.reason == "invalid" and exc.remaining_attempts is not None:
            text = tr("Unknown officer or wrong PIN ({n} attempts left)").format(n=exc.remaining_attempts)
        elif isinstance(exc, SignInError) and exc.reason == "invalid":
            text = tr("Unknown officer or wrong PIN")
        elif isinstance(exc, SignInError):
            text = tr("This account is disabled")
        else:
            text = tr("Sign-in failed: {e}").format(e=error_text(exc))
        self.sign_in_page.message.setText(text)

    def _signed_in(self, session: OfficerSession) -> None:
        self.session = session
        o = session.officer
        self.sign_in_page.reset()
        self.who.setText(f"{o.name or o.id} · {o.role.value}")
        for key, perm in (("referrals", "decide"), ("audit", "audit"), ("report", "report"),
                          ("evidence", "evidence"), ("accounts", "accounts")):
            self.tabs.setTabVisible(self._tab_of[key], o.can(perm))
        self.overview.set_permissions(o)
        self.queue.set_permissions(o)
        self.retained_view.purge_button.setEnabled(o.can("evidence"))
        self.bridge.call(self.supervisor.reason_codes, done=self.queue.set_reason_codes)
        self.tabs.setCurrentIndex(self._tab_of["referrals"] if o.can("decide") else self._tab_of["lanes"])
        self.stack.setCurrentWidget(self.main)
        self.status.setText("")
        self.refresh()
        self.check_idle()
        self.signed_in.emit(o.id)

    def sign_out(self, reason: str = "manual") -> None:
        session, self.session = self.session, None
        if session is not None:
            try:
                self.accounts.sign_out(session, reason)
            except Exception:  # the audit write failed: sign out on screen all the same
                log.exception("sign-out audit failed")
        self.wipe()
        if session is not None:
            self.signed_out.emit(reason)

    def _back(self) -> None:
        self.sign_out("closed")
        self.close_requested.emit()

    def wipe(self) -> None:
        """Nothing of a traveller or an account stays on screen."""
        for view in (self.queue, self.audit_view, self.report_view, self.retained_view, self.accounts_view):
            view.wipe()
        self.overview.set_permissions(None)
        self.who.setText("")
        self.idle_label.setText("")
        self.status.setText("")
        self.sign_in_page.reset()
        self.stack.setCurrentWidget(self.sign_in_page)

    def check_idle(self) -> None:
        session = self.session
        if session is None:
            return
        if self.accounts.sign_out_if_idle(session):
            self.session = None
            self.wipe()
            self.sign_in_page.message.setText(tr("Signed out after inactivity"))
            self.signed_out.emit("idle")
            return
        self.idle_label.setText(tr("sign-out in {s} s").format(s=int(self.accounts.idle_remaining(session))))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.session is not None and event.type() in _ACTIVITY and isinstance(obj, QWidget) and \
                (obj is self or self.isAncestorOf(obj)):
            self.accounts.touch(self.session)
        return False

    def _allowed(self, permission: str) -> bool:
        if self.session is None or not self.session.can(permission):
            self.status.setText(tr("Not allowed"))
            return False
        self.accounts.touch(self.session)
        return True

    # --- lanes and referrals ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Poll lanes and referrals on the pool; one poll at a time, so a slow lane never piles up calls."""
        if self.session is None or self._polling:
            return
        self._polling = True
        session = self.session
        self.bridge.call(self._poll, session, done=self._polled, failed=self._poll_failed)

    def _poll(self, session: OfficerSession) -> tuple[OfficerSession, list[LaneView], list[ReferralView] | None]:
        lanes = self.supervisor.lanes()
        refs = self.supervisor.referrals() if session.can("decide") else None
        if self.lane_ids:
            lanes = [v for v in lanes if v.lane_id in self.lane_ids]
            refs = [r for r in refs if r.lane_id in self.lane_ids] if refs is not None else None
        return session, lanes, refs

    def _polled(self, result: tuple[OfficerSession, list[LaneView], list[ReferralView] | None]) -> None:
        self._polling = False
        session, lanes, refs = result
        if self.session is not session:
            # signed out while the poll ran, or someone else signed in since (an installer must not see
            # the referrals fetched for the officer before them): show nothing, poll afresh
            if self.session is not None:
                self.refresh()
            return
        self.overview.show_lanes(lanes)
        self.audit_view.set_lanes([v.lane_id for v in lanes])
        if refs is not None:
            self.queue.show_referrals(refs)
            title = tr("Referrals ({n})").format(n=len(refs)) if refs else tr("Referrals")
            self.tabs.setTabText(self._tab_of["referrals"], title)

    def _poll_failed(self, exc: Exception) -> None:
        self._polling = False
        self.status.setText(tr("Lanes not reachable: {e}").format(e=error_text(exc)))

    def decide(self, referral_id: str, action: str, reason: str, note: str) -> None:
        if not self._allowed("decide"):
            return
        assert self.session is not None
        self.queue.message.setText(tr("Sending…"))
        self.bridge.call(self.supervisor.decide, referral_id, action, reason, note, self.session.officer,
                         done=self._decided, failed=self._decide_failed)

    def _decided(self, result: Any) -> None:
        self.last_result = result
        text = tr(_DONE_TEXT.get(result.action, result.action))
        if result.gate:
            text += " · " + tr("gate: {g}").format(g=result.gate)
        if not result.ok:
            text += " · " + result.detail
        self.queue.message.setText(text)
        self.status.setText(f"{result.lane_id}: {text}")
        self.refresh()

    def _decide_failed(self, exc: Exception) -> None:
        self.queue.message.setText(tr("Not done: {e}").format(e=error_text(exc)))
        self.queue._update_controls()
        self.refresh()

    def lane_command(self, lane_id: str, command: str) -> None:
        perm = "gate" if command in ("open-gate", "reset-gate") else "service"
        if not self._allowed(perm):
            return
        assert self.session is not None
        officer = self.session.officer
        sup = self.supervisor
        calls = {
            "open-gate": (sup.open_gate, (lane_id, officer, "manual")),
            "reset-gate": (sup.reset_gate, (lane_id, officer)),
            "out-of-service": (sup.set_in_service, (lane_id, False, officer)),
            "in-service": (sup.set_in_service, (lane_id, True, officer)),
        }
        fn, args = calls[command]
        self.status.setText(tr("{lane}: {c}…").format(lane=lane_id, c=command))
        self.bridge.call(fn, *args, done=self._lane_done, failed=self._lane_failed)

    def _lane_done(self, result: Any) -> None:
        self.last_result = result
        self.status.setText(f"{result.lane_id}: {result.action} · {result.detail}")
        self.refresh()

    def _lane_failed(self, exc: Exception) -> None:
        self.status.setText(tr("Not done: {e}").format(e=error_text(exc)))

    # --- audit, report, evidence, accounts ------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if self.session is None:
            return
        if index == self._tab_of["evidence"]:
            self.refresh_retained()
        elif index == self._tab_of["accounts"]:
            self.refresh_accounts()

    def search_audit(self, query: Any) -> None:
        if self._allowed("audit"):
            self.audit_view.status.setText(tr("Searching…"))
            self.bridge.call(self.supervisor.audit, query, done=self.audit_view.show_entries,
                             failed=lambda e: self.audit_view.status.setText(error_text(e)))

    def compute_report(self, start: datetime, end: datetime) -> None:
        if self._allowed("report"):
            self.report_view.message.setText(tr("Computing…"))
            self.bridge.call(self.supervisor.shift_report, start, end, done=self.report_view.show_report,
                             failed=lambda e: self.report_view.message.setText(error_text(e)))

    def show_shift(self, hours: float = 8.0) -> None:
        """The report of the last `hours` (what the Shift report tab computes by default)."""
        end = datetime.now(UTC)
        self.report_view.set_window(end - timedelta(hours=hours), end + timedelta(minutes=1))
        self.report_view.compute_button.click()

    def refresh_retained(self) -> None:
        if self._allowed("evidence"):
            self.bridge.call(self.supervisor.retained_evidence, done=self.retained_view.show_retained,
                             failed=lambda e: self.retained_view.summary.setText(error_text(e)))

    def purge(self) -> None:
        if self._allowed("evidence"):
            self.bridge.call(self.supervisor.purge_expired, done=lambda n: (
                self.status.setText(tr("{n} expired images deleted").format(n=n)), self.refresh_retained()))

    def refresh_accounts(self) -> None:
        if self._allowed("accounts"):
            self.bridge.call(self.accounts.list, done=self.accounts_view.show_officers)

    def _account_call(self, fn: Any, *args: Any, done_text: str, after: Any = None) -> None:
        if not self._allowed("accounts"):
            return
        assert self.session is not None

        def done(officer: Any) -> None:
            self.accounts_view.message.setText(done_text.format(id=officer.id))
            if after:
                after()
            self.refresh_accounts()

        self.accounts_view.message.setText(tr("Saving…"))
        self.bridge.call(fn, self.session, *args, done=done,
                         failed=lambda e: self.accounts_view.message.setText(error_text(e)))

    def create_account(self, officer_id: str, name: str, role: str, pin: str) -> None:
        self._account_call(self.accounts.create, officer_id, name, role, pin, done_text=tr("Created {id}"),
                           after=self.accounts_view.created)

    def set_account_disabled(self, officer_id: str, disabled: bool) -> None:
        self._account_call(self.accounts.set_disabled, officer_id, disabled,
                           done_text=tr("Disabled {id}") if disabled else tr("Enabled {id}"))

    def reset_account_pin(self, officer_id: str, pin: str) -> None:
        self._account_call(self.accounts.reset_pin, officer_id, pin, done_text=tr("New PIN set for {id}"))

    # --- lifetime ----------------------------------------------------------------------------------

    def shutdown(self) -> None:
        for t in (self.refresh_timer, self.idle_timer, self.purge_timer):
            t.stop()
        if self.session is not None:
            self.sign_out("closed")
        self.bridge.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)
