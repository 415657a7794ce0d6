"""Shift report: throughput per hour, referral rate by reason, score distribution, lane time, CSV."""

import csv
import io
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from kiosk.reports import compute, shift_report
from kiosk.store import Store

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def _row(minute, seconds, outcome="clear", reasons=(), score=0.7):
    start = T0 + timedelta(minutes=minute)
    return {"started_at": start.isoformat(), "ended_at": (start + timedelta(seconds=seconds)).isoformat(),
            "outcome": outcome, "reasons": list(reasons), "scores": {"face": score, "face_threshold": 0.4}}


def test_throughput_reasons_scores_and_lane_time():
    rows = [_row(5, 10), _row(20, 12), _row(70, 14, "refer", ["fever", "declaration-declared"], 0.62),
            _row(75, 30, "refer", ["face-mismatch"], -0.05), _row(190, 8, score=1.0),
            _row(-10, 5), _row(300, 5)]  # the last two are outside the shift
    report = compute(rows, T0, T0 + timedelta(hours=4), decisions=["released", "red-channel", "released"])
    assert (report.transactions, report.cleared, report.referred) == (5, 3, 2)
    assert [(h.hour[11:16], h.cleared, h.referred) for h in report.throughput] == [
        ("08:00", 2, 0), ("09:00", 0, 2), ("10:00", 0, 0), ("11:00", 1, 0)]  # empty hours count too
    assert [(r.reason, r.count) for r in report.reasons] == [("declaration-declared", 1), ("face-mismatch", 1),
                                                              ("fever", 1)]
    assert report.reasons[0].rate == pytest.approx(0.2) and report.referral_rate == pytest.approx(0.4)
    counts = {(b.low, b.high): b.count for b in report.scores}
    assert len(report.scores) == 20 and sum(counts.values()) == 5
    assert counts[(0.0, 0.05)] == 1  # a negative cosine counts in the lowest bin
    assert counts[(0.95, 1.0)] == 1 and counts[(0.6, 0.65)] == 1 and counts[(0.7, 0.75)] == 2
    assert report.face_threshold == 0.4
    times = [10, 12, 14, 30, 8]
    assert report.lane_time_mean_s == pytest.approx(np.mean(times))
    assert report.lane_time_p95_s == pytest.approx(np.percentile(times, 95))
    assert 14 < report.lane_time_p95_s <= 30
    assert report.decisions == {"released": 2, "red-channel": 1}


def test_empty_shift_and_bad_window():
    report = compute([], T0, T0 + timedelta(minutes=30))
    assert report.transactions == 0 and report.lane_time_mean_s is None and report.referral_rate == 0
    assert len(report.throughput) == 1 and report.throughput[0].total == 0
    with pytest.raises(ValueError):
        compute([], T0, T0)


def test_csv_export_reads_back():
    rows = [_row(5, 10), _row(70, 14, "refer", ["fever"], 0.2)]
    report = compute(rows, T0, T0 + timedelta(hours=2), lanes=["LANE-01"])
    table = list(csv.reader(io.StringIO(report.to_csv())))
    assert table[0] == ["section", "key", "value"]
    cells = {(s, k): v for s, k, v in table[1:]}
    assert cells[("summary", "transactions")] == "2" and cells[("summary", "lanes")] == "LANE-01"
    assert float(cells[("summary", "referral_rate")]) == pytest.approx(0.5)
    assert cells[("throughput-referred", "2026-06-01T09:00+00:00")] == "1"
    assert cells[("referral-reason", "fever")] == "1" and float(cells[("referral-rate", "fever")]) == 0.5
    assert cells[("face-score", "0.20-0.25")] == "1"
    assert float(cells[("summary", "lane_time_p95_s")]) == pytest.approx(report.lane_time_p95_s, abs=1e-3)


def test_report_from_the_store_counts_only_the_window_and_the_lanes(tmp_path):
    store = Store(tmp_path / "lane.sqlite", "LANE-01")
    try:
        for i, (minute, outcome, lane) in enumerate([(10, "clear", "LANE-01"), (50, "refer", "LANE-01"),
                                                     (55, "clear", "LANE-02"), (200, "clear", "LANE-01")]):
            r = _row(minute, 9, outcome, ["fever"] if outcome == "refer" else [])
            store.record_transaction({**r, "id": f"t{i}", "lane_id": lane}, retention=timedelta(hours=1))
        rid = store.open_referrals()[0]["id"]
        store.decide_referral(rid, officer="o1", decision="refused", reason="impostor")
        report = shift_report(store, T0, T0 + timedelta(hours=2), lanes=["LANE-01"])
        assert (report.transactions, report.referred) == (2, 1)
        assert [r.reason for r in report.reasons] == ["fever"]
        # the decision was taken now (wall clock), outside this 2026-06-01 window
        assert report.decisions == {}
        now = datetime.now(UTC)
        assert shift_report(store, now - timedelta(hours=1), now + timedelta(hours=1)).decisions == {"refused": 1}
    finally:
        store.close()
