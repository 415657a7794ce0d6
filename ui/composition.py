"""The composition root: configuration → drivers (by name) → services → lane. No Qt here, so the
headless `simulate`, `doctor` and the GUI assemble the very same lane."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from hardware import registry
from hardware.bus import attach_lane, build_watchlist
from hardware.drivers import load_all
from hardware.sim.mrz import SimulatedTraveller
from hardware.sim.world import Scenario, SimWorld
from kiosk.clock import ScaledClock, WaitAccountingClock
from kiosk.config import PORTS, KioskConfig
from kiosk.lane import Lane, LaneDevices, LaneServices
from kiosk.officers import Accounts
from kiosk.ports import Clock, SystemClock
from kiosk.services import TravellerInteraction
from kiosk.store import Store

log = logging.getLogger("ui.composition")


@dataclass
class DriverContext:
    clock: Clock
    world: SimWorld | None
    config: KioskConfig
    audit: Any = None  # callable(event, data) for drivers that audit (the gate)


@dataclass
class App:
    config: KioskConfig
    store: Store
    clock: WaitAccountingClock
    world: SimWorld | None
    devices: LaneDevices
    services: LaneServices
    lane: Lane
    bus: Any = None  # kiosk.bus.outbox.LanePublisher when [bus] is configured
    watchlist: Any = None  # kiosk.watchlist.WatchlistGuard when [watchlist] is configured

    def close(self) -> None:
        for name, part in (("bus", self.bus), ("watchlist", self.watchlist)):
            if part is None:
                continue
            try:
                part.stop(drain_s=2.0) if name == "bus" else part.stop()  # before the store closes
            except Exception:
                log.exception("stopping %s failed", name)
        lookup = getattr(self.services.declarations, "lookup", None)
        if lookup is not None:
            try:
                lookup.close()
            except Exception:
                log.exception("closing the declaration lookup failed")
        for name, dev in self.devices.all().items():
            try:
                dev.close()
            except Exception:
                log.exception("closing %s failed", name)
        self.store.close()


def build_devices(config: KioskConfig, context: DriverContext) -> LaneDevices:
    load_all()
    made: dict[str, Any] = {}
    try:
        for port in PORTS:
            dev_cfg = getattr(config.devices, port)
            made[port] = registry.create(port, dev_cfg.driver, dev_cfg.options(), context)
    except Exception:
        for dev in made.values():
            dev.close()
        raise
    return LaneDevices(**made)


def trust_store_for(cfg: KioskConfig, *, require_signed_master_lists: bool = False) -> Any:
    """The lane's CSCA trust store: `[trust] csca`/`crl`, plus the simulator's test CSCA when
    `lane.demo` is set (a production lane never trusts it). For the lane, `doctor` and `trust`."""
    from kiosk.emrtd.trust import TrustStore

    store = TrustStore.from_paths(cfg.trust.csca, cfg.trust.crl,
                                  require_signed_master_lists=require_signed_master_lists)
    if cfg.lane.demo:
        from hardware.sim.pki import demo_trust_store

        store.merge(demo_trust_store())
    return store


def build_services(config: KioskConfig, context: DriverContext, store: Store) -> LaneServices:
    from hardware.declaration.lookup import create_lookup
    from kiosk.biometrics import FaceEngine
    from kiosk.biometrics.engine import split_face_options
    from kiosk.biometrics.verifier import FaceVerifier
    from kiosk.declarations.desk import DeclarationDesk
    from kiosk.declarations.token import load_issuer_keys
    from kiosk.emrtd.reader import ChipReader
    from kiosk.thermal import ThermalScreener

    engine_opts, verifier_opts = split_face_options(config.face)
    engine = FaceEngine.from_options(engine_opts)
    face = FaceVerifier(engine, verifier_opts)

    section = config.declarations.desk_section(config.lane.direction, str(config.storage.database_path()))
    keys = load_issuer_keys(section.pop("keys"))
    if config.lane.demo:
        from hardware.declaration.simulator import DEMO_KID, demo_issuer_key

        keys.setdefault(DEMO_KID, demo_issuer_key().public_key())
    lookup = create_lookup(config.declarations.service, context)  # None: no central service
    declarations = DeclarationDesk.from_config(section, clock=context.clock, keys=keys, lookup=lookup)

    chip = ChipReader(trust_store_for(config), clock=context.clock)
    temperature = ThermalScreener(config.thermal, context.clock)
    return LaneServices(chip=chip, face=face, temperature=temperature, declarations=declarations)


def build(
    config: KioskConfig,
    *,
    interaction: TravellerInteraction | None = None,
    store: Store | None = None,
    world: SimWorld | None = None,
) -> App:
    base: Clock = ScaledClock(config.simulation.time_scale) if config.is_simulated else SystemClock()
    clock = WaitAccountingClock(base)
    uses_sim = any(getattr(config.devices, p).driver == "simulator" for p in PORTS)
    if world is None and uses_sim:
        world = SimWorld(Scenario.load(config.simulation.scenario), seed=config.simulation.seed)
    store = store or Store(config.storage.database_path(), lane_id=config.lane.id)
    context = DriverContext(clock=clock, world=world, config=config,
                            audit=lambda event, data: store.audit("gate", event, data))
    devices = build_devices(config, context)
    services = build_services(config, context, store)
    if interaction is None:
        if world is None:
            raise ValueError("a headless lane needs simulated travellers")
        interaction = SimulatedTraveller(world)
    watchlist = build_watchlist(config, clock, context)  # the simulator driver stamps on the lane's clock
    lane = Lane(config, devices, services, store, clock, interaction,
                document_checks=[watchlist] if watchlist is not None else None)
    app = App(config, store, clock, world, devices, services, lane, watchlist=watchlist)
    try:
        if watchlist is not None:
            watchlist.start()
        app.bus = attach_lane(config, lane, store, accounts=bus_officers(config, store))
    except Exception:
        app.close()
        raise
    return app


def bus_officers(config: KioskConfig, store: Store) -> Any:
    """Who may command this lane over the bus: the port's roster `[bus] officers` when configured
    (officers sign in at consoles, not at every lane), else the lane's own officer accounts."""
    if config.bus is None:
        return None
    if config.bus.officers:
        from kiosk.bus.commands import Roster

        return Roster(dict(config.bus.officers))
    return OfficerRoster(Accounts(store, config.officer))


class OfficerRoster:
    """Bus commands are accepted only for active accounts of the lane whose role permits the action
    (and, when `[bus] officers` lists a roster, that roster permits it too)."""

    PERMISSION: ClassVar[dict[str, str]] = {
        "release": "decide", "refuse": "decide", "inspection": "decide", "open-gate": "gate",
        "reset-gate": "gate", "in-service": "service", "out-of-service": "service",
    }

    def __init__(self, accounts: Any, roster: Any = None) -> None:
        self.accounts = accounts
        self.roster = roster

    def may(self, officer_id: str, action: str) -> bool:
        if self.roster is not None and not self.roster.may(officer_id, action):
            return False
        officer = self.accounts.get(officer_id)
        permission = self.PERMISSION.get(action)
        return bool(officer and not officer.disabled and permission and officer.can(permission))
