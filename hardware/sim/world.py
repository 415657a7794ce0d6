"""The simulated world: a queue of simulated travellers, described as data in a scenario file.

Every simulator driver takes its behaviour from the traveller currently at the lane, so one scenario
file scripts matching, mismatching, feverish, declaring and faulty travellers for demos and tests.
"""

from __future__ import annotations

import random
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.assets import asset
from kiosk.emrtd.mrz import build_td3
from kiosk.errors import ConfigError

_PASSPORT_DEFAULTS = {
    "document_code": "P",
    "issuing_state": "UTO",
    "surname": "ERIKSSON",
    "given_names": "ANNA MARIA",
    "document_number": "L898902C3",
    "nationality": "UTO",
    "date_of_birth": "740812",
    "sex": "F",
    "date_of_expiry": "320415",
}


@dataclass
class SimTraveller:
    name: str
    arrival_s: float = 1.0
    passport: dict[str, str] = field(default_factory=lambda: dict(_PASSPORT_DEFAULTS))
    mrz_override: str | None = None  # a printed MRZ that differs from the chip (or garbled OCR)
    chip: dict[str, Any] = field(default_factory=dict)  # portrait, portrait_format, access, defects, ...
    face: dict[str, Any] = field(default_factory=dict)  # identity, behaviour
    temperature: dict[str, Any] = field(default_factory=dict)  # core_c, present
    declaration: dict[str, Any] = field(default_factory=dict)  # method, answers, token
    gate: dict[str, Any] = field(default_factory=dict)  # behaviour
    faults: dict[str, Any] = field(default_factory=dict)  # per-device faults
    expect: dict[str, Any] = field(default_factory=dict)  # outcome/reasons the scenario expects

    @property
    def mrz(self) -> str:
        if self.mrz_override is not None:
            return self.mrz_override
        return build_td3(**self.passport)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> SimTraveller:
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known - {"weight"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if "name" not in data:
            raise ConfigError(f"{where}: name is required")
        passport = dict(_PASSPORT_DEFAULTS)
        passport.update(data.get("passport", {}))
        args = {k: v for k, v in data.items() if k in known}
        args["passport"] = passport
        return cls(**args)


@dataclass
class Scenario:
    travellers: list[SimTraveller]
    weights: list[float]
    path: Path | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Scenario:
        p = Path(path) if path is not None else asset("demo", "scenarios", "mixed.toml")
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"scenario {p}: {exc.strerror}") from None
        src = str(p)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"scenario {src}: not valid TOML: {exc}") from None
        raw = data.get("traveller", [])
        if not raw:
            raise ConfigError(f"scenario {src}: no [[traveller]] entries")
        travellers = [SimTraveller.from_dict(t, f"scenario {src}: traveller {i + 1}") for i, t in enumerate(raw)]
        weights = [float(t.get("weight", 1.0)) for t in raw]
        return cls(travellers, weights, p)

    def pick(self, name: str) -> SimTraveller:
        for t in self.travellers:
            if t.name == name:
                return t
        raise ConfigError(f"scenario has no traveller named {name!r}")


Subscriber = Callable[[SimTraveller], None]


class SimWorld:
    """Who is at the lane now. Simulators subscribe and reconfigure themselves per traveller."""

    def __init__(self, scenario: Scenario, seed: int = 7, order: str = "cycle") -> None:
        self.scenario = scenario
        self.rng = random.Random(seed)
        self.order = order
        self.current: SimTraveller | None = None
        self.count = 0
        self._queue: list[SimTraveller] = []
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, fn: Subscriber) -> None:
        self._subscribers.append(fn)
        if self.current is not None:
            fn(self.current)

    def queue(self, *travellers: SimTraveller | str) -> None:
        """Put specific travellers next in line (tests and the demo's traveller picker use this)."""
        with self._lock:
            self._queue.extend(self.scenario.pick(t) if isinstance(t, str) else t for t in travellers)

    def has_queued(self) -> bool:
        with self._lock:
            return bool(self._queue)

    def next_traveller(self) -> SimTraveller:
        with self._lock:
            if self._queue:
                t = self._queue.pop(0)
            elif self.order == "random":
                t = self.rng.choices(self.scenario.travellers, self.scenario.weights)[0]
            else:
                t = self.scenario.travellers[self.count % len(self.scenario.travellers)]
            self.current = t
            self.count += 1
        for fn in self._subscribers:
            fn(t)
        return t
