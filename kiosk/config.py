"""One TOML file configures a lane. Validated up front; errors name the bad key.

The defaults are a demo lane on simulated hardware, so `clearance-kiosk run --demo` needs no file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.errors import ConfigError

PORTS = ("mrz_source", "card_reader", "camera", "thermal_camera", "gate", "declaration_scanner")
STAGES = ("document", "chip", "face", "temperature", "declaration", "gate")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LaneConfig(_Section):
    id: str = "LANE-01"
    name: str = "Demo lane"
    port_name: str = "Demo port"
    direction: Literal["entry", "exit"] = "entry"
    demo: bool = False  # demo mode: trusts the simulators' test CSCA and demo e-declaration issuer
    result_display_s: float = Field(6.0, gt=0)
    idle_timeout_s: float = Field(30.0, gt=0)
    # traveller screens (ui/kiosk_app.py): languages offered (Qt locale names), the one a new traveller
    # sees, cues/spoken prompts, and the accessibility modes the lane starts in
    languages: list[str] = Field(default_factory=lambda: ["zh_CN", "en", "zh_TW", "ja", "ko", "ru"])
    default_language: str = "zh_CN"
    sounds: bool = True
    audio_prompts: bool = True
    large_text: bool = False
    reach_layout: bool = False  # essential controls in the lower part of the screen (wheelchair users)
    screen_dpi: float | None = Field(None, gt=0)  # physical DPI when the display's EDID size is wrong


class StorageConfig(_Section):
    database: str = "~/.local/share/clearance-kiosk/kiosk.sqlite"
    evidence_retention_hours: float = Field(72.0, ge=0)
    keep_referral_evidence: bool = True
    hash_document_numbers: bool = True
    document_hash_salt: str = "change-me-per-site"

    def database_path(self) -> Path:
        return Path(os.path.expandvars(self.database)).expanduser()


class StageTiming(_Section):
    timeout_s: float = Field(..., gt=0)
    retries: int = Field(0, ge=0, le=10)


def _timing(timeout: float, retries: int = 0) -> Any:
    return Field(default_factory=lambda: StageTiming(timeout_s=timeout, retries=retries))


class TimeoutsConfig(_Section):
    document: StageTiming = _timing(120.0, 2)
    chip: StageTiming = _timing(20.0, 2)
    face: StageTiming = _timing(20.0, 1)
    temperature: StageTiming = _timing(10.0, 1)
    declaration: StageTiming = _timing(90.0, 0)
    gate: StageTiming = _timing(15.0, 0)
    # a screen waiting for the traveller asks "are you still there?" after this much inactivity,
    # and wipes the session when nobody answers within still_there_s
    still_there_after_s: float = Field(25.0, gt=0)
    still_there_s: float = Field(15.0, gt=0)


class PolicyConfig(_Section):
    refer_expired_documents: bool = True
    require_passive_auth: bool = True
    refer_on_active_auth_failure: bool = True
    refer_on_chip_auth_failure: bool = True
    require_liveness: bool = True
    refer_on_second_person: bool = True
    refer_on_fever: bool = True
    refer_on_declaration: bool = True



def _band(lo: float, hi: float) -> Any:
    return Field(default_factory=lambda: [lo, hi], min_length=2, max_length=2)


class ThermalCalibration(_Section):
    """What the installer's commissioning (`clearance-kiosk thermal calibrate`) fits and saves.

    The defaults are the demo lane's: they match the simulated thermal camera's geometry and physiology.
    """

    # visible camera pixel -> thermal pixel, fitted with cv2.findHomography from point pairs at the standing mark
    homography: list[list[float]] = Field(
        default_factory=lambda: [[0.25, 0.0, 1.0], [0.0, 0.25, -2.0], [0.0, 0.0, 1.0]])
    homography_rms_px: float | None = Field(None, ge=0)  # reprojection error of the fit (thermal px)
    # estimated core = corrected inner-canthus skin + offset + ambient_coeff * (reference_ambient - ambient)
    skin_core_offset_c: float = Field(1.0, ge=-2.0, le=5.0)  # demo: commissioned on the simulator
    ambient_coeff: float = Field(0.03, ge=-0.2, le=0.2)
    reference_ambient_c: float = Field(23.0, gt=0, lt=45)
    emissivity: float = Field(0.98, gt=0.9, le=1.0)  # human skin
    blackbody_setpoint_c: float = Field(35.0, gt=25, lt=45)
    blackbody_region: list[int] = Field(default_factory=lambda: [140, 6, 12, 10], min_length=4, max_length=4)
    # distance band: the visible face box width (px) seen from the edges of the calibrated standing zone
    face_width_px: list[float] = _band(90.0, 190.0)
    commissioned_at: str | None = None  # ISO 8601; None: the shipped demo calibration
    reference_readings: int = Field(0, ge=0)  # how many reference-thermometer pairs fitted the offset

    @field_validator("homography")
    @classmethod
    def _homography_3x3(cls, v: list[list[float]]) -> list[list[float]]:
        if len(v) != 3 or any(len(row) != 3 for row in v):
            raise ValueError("must be a 3x3 matrix (three rows of three numbers)")
        if abs(v[2][2]) < 1e-12:
            raise ValueError("is degenerate (last element is 0)")
        return v

    @field_validator("blackbody_region")
    @classmethod
    def _region(cls, v: list[int]) -> list[int]:
        if v[0] < 0 or v[1] < 0 or v[2] < 2 or v[3] < 2:
            raise ValueError("must be [x, y, width, height] with x, y >= 0 and a size of at least 2x2 px")
        return v

    @field_validator("face_width_px")
    @classmethod
    def _ordered(cls, v: list[float]) -> list[float]:
        if not 0 < v[0] < v[1]:
            raise ValueError("must be [min, max] with 0 < min < max")
        return v


class ThermalConfig(_Section):
    """Febrile temperature screening (IEC 80601-2-59 / ISO/TR 13154 practice); see kiosk/thermal."""

    threshold_c: float = Field(37.3, gt=30, lt=45)
    calibration: ThermalCalibration = Field(default_factory=ThermalCalibration)
    # operating band: refuse to screen outside it (where a sensor reports ambient/humidity)
    ambient_c: list[float] = _band(18.0, 24.0)
    humidity_pct: list[float] = _band(10.0, 75.0)
    frames: int = Field(5, ge=1, le=60)  # good frames combined per measurement
    roi_scale: float = Field(0.3, gt=0.05, le=1.0)  # canthus ROI radius, fraction of the eye distance
    percentile: float = Field(95.0, ge=50.0, le=100.0)  # robust maximum inside the canthus ROIs
    max_yaw: float = Field(0.25, gt=0, le=1.0)  # |nose - eye midpoint| / eye distance
    # in-plane tilt barely changes the canthi's viewing angle (the ROIs follow the landmarks): only a
    # strong tilt, which also breaks the face-box registration, is refused
    max_roll_deg: float = Field(25.0, gt=0, le=45.0)
    max_blackbody_error_c: float = Field(3.0, gt=0)  # a larger correction means a faulty camera or blackbody
    max_blackbody_spread_c: float = Field(0.5, gt=0)  # a non-uniform blackbody region is occluded
    ffc_settle_s: float = Field(0.3, ge=0)  # frames just after a flat-field correction are unsettled
    unavailable_policy: Literal["refer"] = "refer"  # no reading (camera gone, out of band): refer
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("ambient_c", "humidity_pct")
    @classmethod
    def _ordered(cls, v: list[float]) -> list[float]:
        if not v[0] < v[1]:
            raise ValueError("must be [min, max] with min < max")
        return v


class TrustConfig(_Section):
    csca: list[str] = Field(default_factory=list)  # folders/files of CSCA certificates or master lists
    crl: list[str] = Field(default_factory=list)


class DeclarationsConfig(_Section):
    """See kiosk/declarations/desk.py; the lane's direction comes from lane.direction."""

    keys: dict[str, str] = Field(default_factory=dict)  # issuer key id -> PEM public key/certificate
    rules: str | None = None  # TOML merged over the shipped rules (limits differ by port and over time)
    port: str | None = None  # per-port rules in the rules file
    overrides: dict[str, Any] = Field(default_factory=dict)
    used_ids: str | None = None  # single-use id store; None: the lane database
    clock_skew_s: float = Field(300, ge=0)
    max_validity_h: float = Field(168, gt=0)
    allow_screen_form: bool = True
    # Central declaration service: {driver = "http" | "simulator", ...driver options}; empty: none.
    # Built by hardware.declaration.lookup.create_lookup and handed to DeclarationDesk(lookup=...).
    service: dict[str, Any] = Field(default_factory=dict)
    service_timeout_s: float = Field(2.0, gt=0)  # a slower answer refers the traveller
    require_registered: bool = False  # refer valid codes the central service does not know

    def desk_section(self, direction: str, database: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "direction": direction,
            "used_ids": self.used_ids or database,
            "clock_skew_s": self.clock_skew_s,
            "max_validity_h": self.max_validity_h,
            "keys": dict(self.keys),
            "service_timeout_s": self.service_timeout_s,
            "require_registered": self.require_registered,
        }
        if self.rules:
            out["rules"] = self.rules
        if self.port:
            out["port"] = self.port
        if self.overrides:
            out["overrides"] = dict(self.overrides)
        return out


OFFICER_ROLES = ("officer", "supervisor", "installer")
OFFICER_ACTIONS = ("release", "inspection", "refuse")


def _argon2_hash(value: str) -> str:
    if not value.startswith("$argon2"):
        raise ValueError("must be an argon2 hash (from `clearance-kiosk officer hash-pin`), never a PIN")
    return value


class OfficerAccountConfig(_Section):
    """An account created in the lane database on first start (the database owns it from then on)."""

    id: str = Field(..., pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
    name: str = ""
    role: Literal["officer", "supervisor", "installer"] = "officer"
    pin_hash: str

    @field_validator("pin_hash")
    @classmethod
    def _hash(cls, v: str) -> str:
        return _argon2_hash(v)


def _default_reason_codes() -> dict[str, list[str]]:
    return {
        "release": ["identity-confirmed", "document-checked", "temperature-rechecked", "declaration-cleared",
                    "technical-fault"],
        "inspection": ["declared-goods", "document-doubt", "identity-doubt", "health-screening", "random-check"],
        "refuse": ["impostor", "forged-document", "no-entitlement", "traveller-withdrew"],
    }


class OfficerConfig(_Section):
    # argon2 hash of the bootstrap supervisor's PIN (account `bootstrap_id`, created when the database has
    # no supervisor); the default is the demo PIN 1234 (change it on site).
    pin_hash: str = (
        "$argon2id$v=19$m=65536,t=3,p=4$cppk4/y4NjKNEHdpdI/hXw$8Ju8EvQXO2u0Y6VnlUdby9FjV/gNB8OrKePTZFBTpvM"
    )
    max_failures: int = Field(5, ge=1)
    idle_signout_s: float = Field(120.0, gt=0)
    lockout_s: float = Field(300.0, gt=0)  # an account locked by max_failures opens again after this
    min_pin_length: int = Field(4, ge=4, le=32)
    bootstrap_id: str = Field("supervisor", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
    accounts: list[OfficerAccountConfig] = Field(default_factory=list)
    # reason codes an officer picks from, per action (release / inspection / refuse)
    reason_codes: dict[str, list[str]] = Field(default_factory=_default_reason_codes)
    lanes: list[str] = Field(default_factory=list)  # lanes the console supervises; empty: every lane it knows
    refresh_ms: int = Field(1000, ge=100, le=60000)  # console's lane overview refresh

    @field_validator("pin_hash")
    @classmethod
    def _hash(cls, v: str) -> str:
        return _argon2_hash(v)

    @field_validator("reason_codes")
    @classmethod
    def _reasons(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for action in OFFICER_ACTIONS:
            if not v.get(action):
                raise ValueError(f"needs at least one reason code for {action!r}")
        for action, codes in v.items():
            if action not in OFFICER_ACTIONS:
                raise ValueError(f"unknown action {action!r} (one of {', '.join(OFFICER_ACTIONS)})")
            if len(set(codes)) != len(codes) or not all(c and c.strip() == c for c in codes):
                raise ValueError(f"reason codes of {action!r} must be unique and non-empty")
        return v

    @model_validator(mode="after")
    def _unique_accounts(self) -> OfficerConfig:
        ids = [a.id for a in self.accounts]
        if len(set(ids)) != len(ids):
            raise ValueError("officer account ids must be unique")
        return self


class DeviceConfig(BaseModel):
    """`driver` picks the implementation by name; every other key is that driver's option."""

    model_config = ConfigDict(extra="allow")
    driver: str = "simulator"

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class DevicesConfig(_Section):
    mrz_source: DeviceConfig = Field(default_factory=DeviceConfig)
    card_reader: DeviceConfig = Field(default_factory=DeviceConfig)
    camera: DeviceConfig = Field(default_factory=DeviceConfig)
    thermal_camera: DeviceConfig = Field(default_factory=DeviceConfig)
    gate: DeviceConfig = Field(default_factory=DeviceConfig)
    declaration_scanner: DeviceConfig = Field(default_factory=DeviceConfig)


class SimulationConfig(_Section):
    scenario: str | None = None  # None: the shipped mixed demo scenario
    time_scale: float = Field(1.0, ge=0)  # 0: simulated waits take no real time
    seed: int = 7


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["json", "text"] = "text"
    file: str | None = None


class BusTls(_Section):
    ca_file: str  # the port CA: checks the broker's certificate and the consoles' command signatures
    cert_file: str  # this lane's (or console's) client certificate, CN = its id
    key_file: str


class BusConfig(_Section):
    """[bus]: the port's MQTT broker (kiosk/bus, hardware/bus). Absent: the lane works alone."""

    host: str = "127.0.0.1"
    port: int = Field(8883, gt=0, lt=65536)
    prefix: str = "kiosk"  # topic prefix, e.g. the port's name
    tls: BusTls | None = None  # None only for a lab broker on localhost (`insecure_plaintext = true`)
    insecure_plaintext: bool = False
    keepalive_s: int = Field(10, ge=2)
    reconnect_min_s: float = Field(0.5, gt=0)
    reconnect_max_s: float = Field(10.0, gt=0)
    window: int = Field(200, ge=1)  # events in flight
    poll_interval_s: float = Field(0.02, gt=0)
    resend_after_s: float = Field(15.0, gt=0)
    outbox_keep_hours: float = Field(72.0, gt=0)
    share_referral_summary: bool = True
    state_interval_s: float = Field(1.0, gt=0)
    health_interval_s: float = Field(10.0, gt=0)
    # officer commands
    consoles: list[str] = Field(default_factory=list)  # allow-list of console ids; empty: any of the CA
    officers: dict[str, list[str]] = Field(default_factory=dict)  # roster id → actions ("*"); empty: any
    command_skew_s: float = Field(30.0, ge=0)
    command_max_validity_s: float = Field(120.0, gt=0)
    officer_session_max_h: float = Field(12.0, gt=0)

    @model_validator(mode="after")
    def _tls_or_explicitly_insecure(self) -> BusConfig:
        if self.tls is None and not self.insecure_plaintext:
            raise ValueError("[bus.tls] ca_file, cert_file and key_file are required (or insecure_plaintext = true)")
        return self


class WatchlistConfig(_Section):
    """[watchlist]: central watchlist snapshots (kiosk/watchlist.py). Absent: no watchlist check."""

    driver: str = "file"  # file | http | simulator
    max_age_s: float = Field(3600.0, gt=0)  # an older snapshot is stale: travellers are referred
    timeout_s: float = Field(2.0, gt=0)
    refresh_s: float = Field(60.0, gt=0)
    options: dict[str, Any] = Field(default_factory=dict)  # the driver's: path, url, ca_file, ...


class KioskConfig(_Section):
    lane: LaneConfig = Field(default_factory=LaneConfig)
    storage: StorageConfig = Field(default_factory=StorageConfig)
    timeouts: TimeoutsConfig = Field(default_factory=TimeoutsConfig)
    policy: PolicyConfig = Field(default_factory=PolicyConfig)
    # [face]: engine (model_dir, manifest, det_size, det_thresh, intra_op_threads) and verifier options
    # (threshold, burst_frames, quality, liveness, ...), validated by kiosk.biometrics when the lane is built.
    face: dict[str, Any] = Field(default_factory=dict)
    thermal: ThermalConfig = Field(default_factory=ThermalConfig)
    trust: TrustConfig = Field(default_factory=TrustConfig)
    declarations: DeclarationsConfig = Field(default_factory=DeclarationsConfig)
    officer: OfficerConfig = Field(default_factory=OfficerConfig)
    devices: DevicesConfig = Field(default_factory=DevicesConfig)
    simulation: SimulationConfig = Field(default_factory=SimulationConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    bus: BusConfig | None = None
    watchlist: WatchlistConfig | None = None

    @property
    def is_simulated(self) -> bool:
        return all(getattr(self.devices, p).driver == "simulator" for p in PORTS)


def _explain(err: ValidationError, source: str) -> ConfigError:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = "unknown key" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"{source}: {key}: {msg}")
    return ConfigError("invalid configuration\n  " + "\n  ".join(lines))


def from_dict(data: dict[str, Any], source: str = "configuration") -> KioskConfig:
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as err:
        raise _explain(err, source) from None


def load(path: str | Path | None) -> KioskConfig:
    """Load and validate a TOML file; None gives the demo defaults."""
    if path is None:
        return KioskConfig()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: configuration file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{p}: not valid TOML: {err}") from None
    return from_dict(data, str(p))
