"""The port's message bus (MQTT) and central lookups: what the composition root wires.

    publisher = attach_lane(config, lane, store)      # None when [bus] is absent: the lane works alone
    ...
    publisher.stop()                                   # on shutdown (before store.close())

    guard = build_watchlist(config, clock)             # None when [watchlist] is absent
    reasons = guard.reasons_for(evidence.document)     # [] | ["watchlist-hit"] | ["watchlist-unavailable"]
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography import x509

from hardware.bus.mqtt import MqttConsole, MqttLaneBus, MqttSettings
from kiosk.bus.commands import (
    AnyOfficer,
    CommandHandler,
    CommandSigner,
    CommandVerifier,
    KioskLaneControl,
    LaneControl,
    OfficerAccounts,
    Roster,
)
from kiosk.bus.outbox import LanePublisher, PumpSettings
from kiosk.config import BusConfig, KioskConfig
from kiosk.ports import Clock
from kiosk.watchlist import WatchlistGuard

__all__ = ["MqttConsole", "MqttLaneBus", "MqttSettings", "attach_lane", "build_watchlist", "connect_console",
           "lane_publisher"]


def pump_settings(cfg: BusConfig) -> PumpSettings:
    return PumpSettings(poll_interval_s=cfg.poll_interval_s, window=cfg.window, resend_after_s=cfg.resend_after_s,
                        state_interval_s=cfg.state_interval_s, health_interval_s=cfg.health_interval_s,
                        keep=timedelta(hours=cfg.outbox_keep_hours),
                        share_referral_summary=cfg.share_referral_summary)


def accounts_from(cfg: BusConfig) -> OfficerAccounts:
    return Roster(dict(cfg.officers)) if cfg.officers else AnyOfficer()


def lane_publisher(cfg: BusConfig, lane_id: str, store: Any, control: LaneControl | None,
                   accounts: OfficerAccounts | None = None) -> LanePublisher:
    """A started publisher for one lane on the broker of `cfg` (any LaneControl: tests use light ones)."""
    bus = MqttLaneBus(MqttSettings.from_config(cfg), lane_id)
    handler = None
    if control is not None and cfg.tls is not None:  # commands need the CA to check console signatures
        ca = x509.load_pem_x509_certificate(Path(cfg.tls.ca_file).read_bytes())
        verifier = CommandVerifier(lane_id, ca, accounts or accounts_from(cfg),
                                   skew=timedelta(seconds=cfg.command_skew_s),
                                   max_validity=timedelta(seconds=cfg.command_max_validity_s),
                                   max_session=timedelta(hours=cfg.officer_session_max_h),
                                   consoles=frozenset(cfg.consoles))
        handler = CommandHandler(control, store, verifier)
    publisher = LanePublisher(store, bus, control=control, handler=handler, settings=pump_settings(cfg))
    publisher.start()
    return publisher


def attach_lane(config: KioskConfig, lane: Any, store: Any,
                accounts: OfficerAccounts | None = None) -> LanePublisher | None:
    """The kiosk lane on the port's bus, or None when no broker is configured."""
    if config.bus is None:
        return None
    return lane_publisher(config.bus, config.lane.id, store, KioskLaneControl(lane, store), accounts)


def connect_console(cfg: BusConfig, console_id: str) -> MqttConsole:
    """An officer console (or a central consumer) on the port's bus, signing commands with its TLS key."""
    signer = None
    if cfg.tls is not None:
        signer = CommandSigner(console_id, Path(cfg.tls.key_file).read_bytes(), Path(cfg.tls.cert_file).read_bytes(),
                               validity_s=min(30.0, cfg.command_max_validity_s))
    return MqttConsole(MqttSettings.from_config(cfg), console_id, signer)


def build_watchlist(config: KioskConfig, clock: Clock, context: Any = None) -> WatchlistGuard | None:
    if config.watchlist is None:
        return None
    from hardware import registry
    from hardware.bus import watchlist as _drivers  # registers the drivers

    del _drivers
    w = config.watchlist
    source = registry.create("watchlist", w.driver, dict(w.options), context)
    return WatchlistGuard(source, clock, max_age_s=w.max_age_s, timeout_s=w.timeout_s, refresh_s=w.refresh_s)
