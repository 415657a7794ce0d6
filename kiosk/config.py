"""One TOML file configures a lane. Validated up front; errors name the bad key.

The defaults are a demo lane on simulated hardware, so `clearance-kiosk run --demo` needs no file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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



class ThermalConfig(_Section):
    threshold_c: float = Field(37.3, gt=30, lt=45)
    calibration: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


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

    def desk_section(self, direction: str, database: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "direction": direction,
            "used_ids": self.used_ids or database,
            "clock_skew_s": self.clock_skew_s,
            "max_validity_h": self.max_validity_h,
            "keys": dict(self.keys),
        }
        if self.rules:
            out["rules"] = self.rules
        if self.port:
            out["port"] = self.port
        if self.overrides:
            out["overrides"] = dict(self.overrides)
        return out


class OfficerConfig(_Section):
    # argon2 hash of the supervisor PIN; the default is the demo PIN 1234 (change it on site).
    pin_hash: str = (
        "$argon2id$v=19$m=65536,t=3,p=4$cppk4/y4NjKNEHdpdI/hXw$8Ju8EvQXO2u0Y6VnlUdby9FjV/gNB8OrKePTZFBTpvM"
    )
    max_failures: int = Field(5, ge=1)
    idle_signout_s: float = Field(120.0, gt=0)


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
