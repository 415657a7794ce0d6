"""The shift report: what the lanes did between two instants, computed from the stored transactions.

Throughput per hour (cleared / referred), referral rate by reason, distribution of the face match
score against the threshold, mean and 95th percentile lane time (a traveller's first step to the
decision, from the transaction's start and end), and the officers' decisions. Plain data, so a remote
console gets the same object; `to_csv` exports it in long format (section, key, value).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from kiosk.store import Store

MAX_HOURS = 24 * 31  # a report spans at most a month of hourly buckets


@dataclass(frozen=True)
class HourCount:
    hour: str  # ISO start of the hour, UTC
    cleared: int
    referred: int

    @property
    def total(self) -> int:
        return self.cleared + self.referred


@dataclass(frozen=True)
class ReasonRate:
    reason: str
    count: int
    rate: float  # of all transactions in the report


@dataclass(frozen=True)
class ScoreBin:
    low: float
    high: float
    count: int


@dataclass(frozen=True)
class ShiftReport:
    start: str
    end: str
    lanes: tuple[str, ...]
    transactions: int
    cleared: int
    referred: int
    throughput: tuple[HourCount, ...]
    reasons: tuple[ReasonRate, ...]
    scores: tuple[ScoreBin, ...]
    face_threshold: float | None
    lane_time_mean_s: float | None
    lane_time_p95_s: float | None
    decisions: dict[str, int] = field(default_factory=dict)

    @property
    def referral_rate(self) -> float:
        return self.referred / self.transactions if self.transactions else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["section", "key", "value"])
        summary = [
            ("start", self.start), ("end", self.end), ("lanes", " ".join(self.lanes)),
            ("transactions", self.transactions), ("cleared", self.cleared), ("referred", self.referred),
            ("referral_rate", f"{self.referral_rate:.4f}"),
            ("lane_time_mean_s", _fmt(self.lane_time_mean_s)), ("lane_time_p95_s", _fmt(self.lane_time_p95_s)),
            ("face_threshold", _fmt(self.face_threshold)),
        ]
        for key, value in summary:
            w.writerow(["summary", key, value])
        for h in self.throughput:
            w.writerow(["throughput-cleared", h.hour, h.cleared])
            w.writerow(["throughput-referred", h.hour, h.referred])
        for r in self.reasons:
            w.writerow(["referral-reason", r.reason, r.count])
            w.writerow(["referral-rate", r.reason, f"{r.rate:.4f}"])
        for b in self.scores:
            w.writerow(["face-score", f"{b.low:.2f}-{b.high:.2f}", b.count])
        for decision, n in sorted(self.decisions.items()):
            w.writerow(["decision", decision, n])
        return out.getvalue()


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


def _parse(ts: str) -> datetime:
    dt = datetime.fromisoformat(ts)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _json(v: Any, default: Any) -> Any:
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return default if v is None else v


def compute(transactions: Iterable[dict[str, Any]], start: datetime, end: datetime, *,
            decisions: Iterable[str] = (), lanes: Sequence[str] = (), bins: int = 20) -> ShiftReport:
    """The report over transaction rows (as stored: `started_at`, `ended_at`, `outcome`, `reasons`,
    `scores`) that ended in [start, end). Rows outside the window or unparseable are left out."""
    start, end = _utc(start), _utc(end)
    if end <= start:
        raise ValueError("the report's end must be after its start")
    first_hour = start.replace(minute=0, second=0, microsecond=0)
    hours = min(MAX_HOURS, math.ceil((end - first_hour).total_seconds() / 3600))
    cleared_by_hour = [0] * hours
    referred_by_hour = [0] * hours
    reasons: Counter[str] = Counter()
    scores: list[float] = []
    thresholds: list[float] = []
    lane_times: list[float] = []
    cleared = referred = 0
    for row in transactions:
        try:
            ended, started = _parse(row["ended_at"]), _parse(row["started_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if not start <= ended < end:
            continue
        referred_row = row.get("outcome") == "refer"
        slot = int((ended - first_hour).total_seconds() // 3600)
        if 0 <= slot < hours:
            (referred_by_hour if referred_row else cleared_by_hour)[slot] += 1
        if referred_row:
            referred += 1
            reasons.update(set(_json(row.get("reasons"), [])))
        else:
            cleared += 1
        s = _json(row.get("scores"), {})
        if isinstance(s.get("face"), int | float):
            scores.append(float(s["face"]))
        if isinstance(s.get("face_threshold"), int | float):
            thresholds.append(float(s["face_threshold"]))
        lane_times.append(max(0.0, (ended - started).total_seconds()))
    total = cleared + referred
    # bin i holds [i/bins, (i+1)/bins); integer arithmetic so 0.70 lands in 0.70-0.75, not below it.
    # Cosine scores can dip below 0 or reach 1: they count in the first / last bin.
    idx = np.clip(np.floor(np.clip(np.asarray(scores, dtype=float), 0.0, 1.0) * bins + 1e-9), 0, bins - 1)
    counts = np.bincount(idx.astype(int), minlength=bins)
    return ShiftReport(
        start=start.isoformat(timespec="seconds"),
        end=end.isoformat(timespec="seconds"),
        lanes=tuple(lanes),
        transactions=total,
        cleared=cleared,
        referred=referred,
        throughput=tuple(
            HourCount((first_hour + timedelta(hours=i)).isoformat(timespec="minutes"), cleared_by_hour[i],
                      referred_by_hour[i])
            for i in range(hours)
        ),
        reasons=tuple(ReasonRate(r, n, n / total) for r, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        scores=tuple(ScoreBin(round(i / bins, 4), round((i + 1) / bins, 4), int(counts[i])) for i in range(bins)),
        face_threshold=Counter(thresholds).most_common(1)[0][0] if thresholds else None,
        lane_time_mean_s=round(float(np.mean(lane_times)), 3) if lane_times else None,
        lane_time_p95_s=round(float(np.percentile(lane_times, 95)), 3) if lane_times else None,
        decisions=dict(Counter(decisions)),
    )


def rows_between(store: Store, start: datetime, end: datetime,
                 lanes: Sequence[str] = ()) -> tuple[list[dict[str, Any]], list[str]]:
    """Transactions and officers' decisions of one store in [start, end), for `compute`.

    Stored timestamps carry their offset; the window is widened by a day on both sides in SQL (a
    cheap index range) and filtered exactly in `compute`, so differently written offsets compare right.
    """
    lo = (_utc(start) - timedelta(days=1)).isoformat()
    hi = (_utc(end) + timedelta(days=1)).isoformat()
    lane_sql, lane_args = "", []
    if lanes:
        lane_sql = f" AND lane_id IN ({', '.join('?' * len(lanes))})"
        lane_args = list(lanes)
    txs = store.query(
        "SELECT started_at, ended_at, outcome, reasons, scores, lane_id FROM transactions "
        f"WHERE started_at >= ? AND started_at < ?{lane_sql}", [lo, hi, *lane_args])
    s, e = _utc(start), _utc(end)
    decisions = []
    for r in store.query(f"SELECT decision, decided_at FROM referrals WHERE decision IS NOT NULL{lane_sql}",
                         lane_args):
        try:
            if s <= _parse(r["decided_at"]) < e:
                decisions.append(r["decision"])
        except (TypeError, ValueError):
            continue
    return txs, decisions


def shift_report(store: Store, start: datetime, end: datetime, lanes: Sequence[str] = ()) -> ShiftReport:
    txs, decisions = rows_between(store, start, end, lanes)
    return compute(txs, start, end, decisions=decisions, lanes=lanes)
