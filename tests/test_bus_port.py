"""Many lanes, one port, on a real Mosquitto (started here on 127.0.0.1 with TLS and an ACL file).

Several simulated lanes (real Stores, synthetic events) and a console; the broker is restarted mid-run
and a lane process is killed -9 and started again; the counts prove no event was lost or duplicated.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from bus_fixtures import *  # noqa: F403
from bus_fixtures import bus_config, wait_until
from bus_lane_process import LightControl
from paho.mqtt.enums import CallbackAPIVersion

from hardware.bus import connect_console, lane_publisher
from hardware.bus.broker import free_port
from kiosk.bus.commands import OfficerSession
from kiosk.bus.outbox import Outbox
from kiosk.store import Store

pytestmark = [pytest.mark.mosquitto, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parent.parent


def _raw_client(pki, broker, ident, received=None):
    """A bare paho client with `ident`'s certificate (to probe what the ACL lets through)."""
    cert, key = pki.lanes[ident] if ident in pki.lanes else pki.consoles[ident]
    c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"probe-{ident}-{time.monotonic_ns()}")
    c.tls_set(ca_certs=str(pki.ca_file), certfile=str(cert), keyfile=str(key), tls_version=ssl.PROTOCOL_TLS_CLIENT)
    connected = threading.Event()
    c.on_connect = lambda *a: connected.set()
    if received is not None:
        c.on_message = lambda _c, _u, m: received.append((m.topic, bytes(m.payload)))
    c.connect("127.0.0.1", broker.port)
    c.loop_start()
    assert connected.wait(5), f"{ident} could not connect"
    return c


def _publish(c, topic, payload):
    c.publish(topic, payload, qos=1).wait_for_publish(5)


def test_tls_and_the_acl_keep_every_client_to_its_own_topics(port_pki, broker):
    # without a client certificate there is no MQTT session at all: the TLS handshake fails
    ctx = ssl.create_default_context(cafile=str(port_pki.ca_file))
    connect = bytes([0x10, 12, 0, 4]) + b"MQTT" + bytes([4, 2, 0, 10, 0, 0])  # CONNECT, empty client id
    with (socket.create_connection(("127.0.0.1", broker.port), timeout=5) as raw,
          pytest.raises((ssl.SSLError, ConnectionError)),
          ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls):
        tls.sendall(connect)
        if not tls.recv(4):
            raise ConnectionError("closed without CONNACK")
    seen: list = []
    watcher = _raw_client(port_pki, broker, "CONSOLE-B", seen)
    watcher.subscribe("test-port/lanes/+/events", qos=1)
    lane2_cmds: list = []
    lane2 = _raw_client(port_pki, broker, "LANE-02", lane2_cmds)
    lane2.subscribe("test-port/lanes/LANE-02/commands", qos=1)
    lane1 = _raw_client(port_pki, broker, "LANE-01")
    console = _raw_client(port_pki, broker, "CONSOLE-A")
    time.sleep(0.3)
    _publish(lane1, "test-port/lanes/LANE-02/events", b"forged by lane 1")  # not its topic: dropped
    _publish(console, "test-port/lanes/LANE-01/events", b"forged by a console")  # consoles do not write events
    _publish(lane1, "test-port/lanes/LANE-02/commands", b"lane 1 commanding lane 2")  # lanes send no commands
    _publish(lane1, "test-port/lanes/LANE-01/events", b"genuine")
    _publish(console, "test-port/lanes/LANE-02/commands", b"from a console")
    wait_until(lambda: len(seen) >= 1 and len(lane2_cmds) >= 1, 5, "the allowed messages")
    time.sleep(0.3)
    assert seen == [("test-port/lanes/LANE-01/events", b"genuine")]
    assert lane2_cmds == [("test-port/lanes/LANE-02/commands", b"from a console")]
    for c in (watcher, lane2, lane1, console):
        c.disconnect()
        c.loop_stop()


def test_state_is_retained_commands_are_checked_and_the_last_will_says_offline(port_pki, broker, tmp_path):
    store = Store(tmp_path / "l3.sqlite", "LANE-03")
    control = LightControl("LANE-03")
    pub = lane_publisher(bus_config(port_pki, broker, "LANE-03"), "LANE-03", store, control)
    wait_until(pub.bus.connected, 5, "lane connected")
    wait_until(lambda: pub.pump._last_state is not None, 5, "state published")
    console = connect_console(bus_config(port_pki, broker, "CONSOLE-A"), "CONSOLE-A")
    try:
        # a console that connects later still sees the lane's state and that it is online (retained)
        wait_until(lambda: console.lanes().get("LANE-03", None) is not None
                   and console.lanes()["LANE-03"].online and console.lanes()["LANE-03"].state, 5, "retained state")
        assert console.lanes()["LANE-03"].state["in_service"] is True
        wait_until(lambda: console.lanes()["LANE-03"].health, 5, "retained health")
        assert console.lanes()["LANE-03"].health["devices"] == [{"device": "gate", "ok": True}]
        session = OfficerSession.start("o.wang")
        reply = console.send_command("LANE-03", "out-of-service", session=session)
        assert (reply.ok, reply.result) == (True, "done") and control.in_service is False
        wait_until(lambda: console.lanes()["LANE-03"].state.get("in_service") is False, 5, "state update")
        # the very same signed message again: the lane refuses a replay
        cmd = console.signer.sign("LANE-03", "in-service", session)
        assert console.send_raw("LANE-03", cmd.command_id, cmd.to_json()).ok
        replay = console.send_raw("LANE-03", cmd.command_id, cmd.to_json())
        assert (replay.ok, replay.result) == (False, "replayed")
        # CONSOLE-B's certificate may write commands (ACL), but a message claiming to be CONSOLE-A and
        # signed with another key fails the lane's own check
        forged = json.loads(console.signer.sign("LANE-03", "out-of-service", session).to_json())
        forged["args"]["note"] = "edited on the way"
        raw = _raw_client(port_pki, broker, "CONSOLE-B")
        _publish(raw, "test-port/lanes/LANE-03/commands", json.dumps(forged).encode())
        try:
            wait_until(lambda: len(store.audit_records(action="command.rejected")) == 2, 5, "rejection audited")
        finally:
            raw.disconnect()
            raw.loop_stop()
        assert [r.data["why"] for r in store.audit_records(action="command.rejected")] == ["bad-signature",
                                                                                         "replayed"]
        assert control.in_service is True
        actions = [r.action for r in store.audit_records()]
        assert actions.count("command.out-of-service") == 1 and actions.count("command.in-service") == 1
    finally:
        pub.stop()
        store.close()
    wait_until(lambda: console.lanes()["LANE-03"].online is False, 5, "offline after an orderly stop")
    console.close()


def _spawn_lane(cfg, db, total, rate):
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "bus_lane_process.py"), cfg.model_dump_json(),
                             str(db), "LANE-K", str(total), str(rate)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    assert line.startswith("resuming at"), line + proc.stderr.read().decode()
    return proc, int(line.split()[-1])


def test_many_lanes_survive_a_broker_restart_and_a_killed_lane_without_loss_or_duplicates(port_pki, broker,
                                                                                          tmp_path):
    per_lane, rate = 120, 60.0
    console = connect_console(bus_config(port_pki, broker, "CONSOLE-B"), "CONSOLE-B")
    assert console.wait_connected(5)
    received: dict[str, list[str]] = {}
    console.on_event(lambda e: received.setdefault(e.lane_id, []).append(e.event_id))
    stop = threading.Event()
    lanes = {}
    for lane_id in ("LANE-01", "LANE-02", "LANE-03"):
        store = Store(tmp_path / f"{lane_id}.sqlite", lane_id)
        pub = lane_publisher(bus_config(port_pki, broker, lane_id), lane_id, store, LightControl(lane_id))
        lanes[lane_id] = (store, pub)

    def write(store):
        for i in range(per_lane):
            if stop.is_set():
                return
            if i % 10 == 0:  # now and then a whole traveller: transaction + audit (+ referral) events
                store.record_transaction({"id": f"{store.lane_id}-{i}", "started_at": "2026-01-01T00:00:00",
                                          "ended_at": "2026-01-01T00:00:05", "outcome": "refer" if i % 20 else "clear",
                                          "reasons": ["fever"] if i % 20 else []})
            else:
                store.audit("lane", "synthetic", {"i": i})
            time.sleep(1 / rate)

    writers = [threading.Thread(target=write, args=(s,), name=f"writer-{k}") for k, (s, _p) in lanes.items()]
    k_cfg = bus_config(port_pki, broker, "LANE-K")
    k_db = tmp_path / "LANE-K.sqlite"
    proc, start = _spawn_lane(k_cfg, k_db, per_lane, rate)
    assert start == 0
    try:
        for w in writers:
            w.start()
        time.sleep(0.6)
        broker.restart(down_s=0.8)  # mid-run: lanes keep writing into their outboxes meanwhile
        time.sleep(0.4)
        wait_until(lambda: len(received.get("LANE-K", [])) > 5, 10, "LANE-K publishing")
        proc.send_signal(signal.SIGKILL)  # no goodbye: the broker publishes the lane's last will
        proc.wait(5)
        wait_until(lambda: console.lanes()["LANE-K"].online is False, 5, "LANE-K offline (last will)")
        with sqlite3.connect(k_db) as conn:
            killed_at = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        proc, resumed = _spawn_lane(k_cfg, k_db, per_lane, rate)
        assert 0 < resumed < per_lane
        wait_until(lambda: console.lanes()["LANE-K"].online is True, 5, "LANE-K back online")
        for w in writers:
            w.join(30)

        def all_in() -> bool:
            counts = {k: Outbox(s).stats()["rows"] for k, (s, _p) in lanes.items()}
            with sqlite3.connect(k_db) as conn:
                counts["LANE-K"] = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
            return counts["LANE-K"] >= per_lane and all(len(set(received.get(k, []))) == n
                                                        for k, n in counts.items())
        def progress() -> str:
            out = [f"{k}: {len(set(received.get(k, [])))}/{Outbox(s).stats()}" for k, (s, _p) in lanes.items()]
            return "; ".join([*out, f"LANE-K: {len(set(received.get('LANE-K', [])))}",
                              f"raw {console.raw_events}", f"gaps {[console.dedup.gaps(k)[:5] for k in lanes]}"])
        wait_until(all_in, 30, "every event at the console", progress)
        assert all(p.bus.connects == 2 for _s, p in lanes.values())  # the broker restart did cut them off
        proc.stdin.close()
        proc.wait(10)
    finally:
        stop.set()
        for w in writers:
            w.join(10)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for s, p in lanes.values():
            p.stop()
            s.close()
        console.close()
    k_store = Store(k_db, "LANE-K")
    expected = {k: [r[0] for r in s.db.execute("SELECT event_id FROM outbox ORDER BY seq").fetchall()]
                for k, s in [*((k, Store(tmp_path / f"{k}.sqlite", k)) for k in lanes), ("LANE-K", k_store)]}
    report = []
    for lane_id, ids in expected.items():
        got = received.get(lane_id, [])
        assert len(got) == len(set(got)), f"{lane_id}: a duplicate reached the application"
        assert set(got) == set(ids), f"{lane_id}: lost {len(set(ids) - set(got))}, unknown {len(set(got) - set(ids))}"
        assert console.dedup.gaps(lane_id) == []
        report.append(f"{lane_id}: {len(ids)} events")
    # LANE-K wrote exactly `per_lane` synthetic events across its two lives, no more, no fewer
    assert k_store.db.execute("SELECT count(*) FROM audit WHERE action='synthetic'").fetchone()[0] == per_lane
    assert killed_at < len(expected["LANE-K"])
    print(f"\n{'; '.join(report)}; broker delivered {console.raw_events} messages, "
          f"{console.dedup.duplicates} duplicates dropped by event id")


def test_an_officer_releases_a_real_lanes_referral_through_the_broker(port_pki, broker, tmp_path):
    from lane_doubles import Script, make_lane

    from hardware.bus import attach_lane

    alone, _devs, alone_store = make_lane(tmp_path / "alone")
    assert attach_lane(alone.config, alone, alone_store) is None  # no [bus]: the lane works alone, as today
    alone_store.close()
    bus = bus_config(port_pki, broker, "LANE-02").model_dump()
    lane, devs, store = make_lane(tmp_path, Script(face_score=0.1), lane={"id": "LANE-02"}, bus=bus,
                                  officer={"idle_signout_s": 60})
    publisher = attach_lane(lane.config, lane, store)
    assert publisher is not None
    console = connect_console(bus_config(port_pki, broker, "CONSOLE-A"), "CONSOLE-A")
    events: list = []
    console.on_event(events.append)
    try:
        assert console.wait_connected(5) and publisher.bus.wait_connected(5)
        result = lane.run_transaction()
        assert result.outcome == "refer" and devs["gate"].admitted == 0
        # (this console's persistent session may also hold events queued for it from earlier tests)
        def ours(kind):
            return [e for e in events if e.kind == kind and e.data.get("id") == result.referral_id]

        wait_until(lambda: ours("referral.opened"), 5, "the referral at the console")
        opened = ours("referral.opened")[0]
        assert opened.lane_id == "LANE-02" and "face-mismatch" in opened.data["reasons"]
        wait_until(lambda: console.lanes()["LANE-02"].state.get("open_referrals") == 1, 5, "lane state")
        session = OfficerSession.start("o.wang")
        reply = console.send_command("LANE-02", "release", session=session, referral=opened.data["id"],
                                     reason="identity-confirmed")
        assert (reply.ok, reply.result) == (True, "done")
        wait_until(lambda: devs["gate"].admitted == 1, 5, "the gate opened for the released traveller")
        wait_until(lambda: ours("referral.decided"), 5, "the decision at the console")
        decided = ours("referral.decided")[0]
        assert decided.data["decided_by"] == "o.wang" and decided.data["status"] == "released"
        wait_until(lambda: console.lanes()["LANE-02"].state.get("open_referrals") == 0, 5, "lane state")
        again = console.send_command("LANE-02", "refuse", session=session, referral=opened.data["id"])
        assert (again.ok, again.result) == (False, "refused-by-lane")  # already decided
        trail = [r.action for r in reversed(store.audit_records())]
        assert trail == ["transaction.refer", "command.release", "referral.released", "command.refuse",
                         "command.failed"]
        assert store.verify_audit() == len(trail)
        hashes = {r.hash for r in store.audit_records()}  # the console holds the lane's audit chain itself
        wait_until(lambda: {e.data["hash"] for e in events if e.kind == "audit"} >= hashes, 5,
                   "the audit trail at the console")
    finally:
        publisher.stop()
        console.close()
        store.close()


def test_a_lane_refuses_to_start_with_another_lanes_certificate(port_pki, broker, tmp_path):
    from kiosk.errors import ConfigError

    cfg = bus_config(port_pki, broker, "LANE-01")  # LANE-01's certificate, configured on LANE-02
    store = Store(tmp_path / "x.sqlite", "LANE-02")
    with pytest.raises(ConfigError, match="LANE-01"):
        lane_publisher(cfg, "LANE-02", store, None)
    with pytest.raises(ConfigError, match="console"):
        connect_console(cfg, "LANE-01")
    store.close()


def test_bus_monitor_command_shows_lanes_and_events(port_pki, broker, tmp_path):
    cert, key = port_pki.consoles["CONSOLE-B"]
    conf = tmp_path / "console.toml"
    conf.write_text(f"""[bus]
host = "127.0.0.1"
port = {broker.port}
prefix = "test-port"
[bus.tls]
ca_file = "{port_pki.ca_file}"
cert_file = "{cert}"
key_file = "{key}"
""")
    # the console's persistent session exists: what lanes publish meanwhile waits for it in the broker
    first = connect_console(bus_config(port_pki, broker, "CONSOLE-B"), "CONSOLE-B")
    assert first.wait_connected(5)
    first.close()
    store = Store(tmp_path / "m.sqlite", "LANE-01")
    pub = lane_publisher(bus_config(port_pki, broker, "LANE-01"), "LANE-01", store, LightControl("LANE-01"))
    try:
        for i in range(3):
            store.audit("lane", "monitor-test", {"i": i})
        assert pub.pump.drain(5)
    finally:
        pub.stop()
        store.close()
    monitor = subprocess.run([sys.executable, "-m", "ui.cli", "--config", str(conf), "bus", "monitor",
                              "--console", "CONSOLE-B", "--seconds", "1.5", "--json"], cwd=ROOT,
                             capture_output=True, timeout=30)
    assert monitor.returncode == 0, monitor.stderr
    events = [json.loads(line) for line in monitor.stdout.splitlines()]
    mine = [e["data"]["data"]["i"] for e in events if e["lane"] == "LANE-01" and e["kind"] == "audit"
            and e["data"]["action"] == "monitor-test"]
    assert mine == [0, 1, 2]
    assert b"lane LANE-01: OFFLINE" in monitor.stderr  # retained status: the lane said goodbye


def test_a_lane_the_acl_silences_keeps_its_events_in_the_outbox(port_pki, broker, tmp_path, caplog):
    cfg = bus_config(port_pki, broker, "LANE-01", prefix="other-port")  # the ACL is for test-port
    store = Store(tmp_path / "silenced.sqlite", "LANE-01")
    pub = lane_publisher(cfg, "LANE-01", store, None)
    try:
        for i in range(5):
            store.audit("lane", "x", {"i": i})
        wait_until(lambda: pub.bus.connects >= 1, 5, "the TLS connection")
        time.sleep(1.0)
        assert not pub.bus.connected()  # the broker would acknowledge and drop: nothing is handed over
        assert Outbox(store).stats()["unpublished"] == 5
        pub.bus._connected_at -= 10
        assert not pub.bus.connected()
        assert "check bus.prefix and the broker's ACL file" in caplog.text
    finally:
        pub.stop()
        store.close()


def test_doctor_probe_reaches_the_broker_without_disturbing_the_lane(port_pki, broker):
    from hardware.bus.mqtt import MqttSettings, probe_broker

    settings = MqttSettings.from_config(bus_config(port_pki, broker, "LANE-01"))
    ok, detail = probe_broker(settings, "LANE-01")
    assert ok and "as LANE-01" in detail
    settings.port = free_port()
    ok, detail = probe_broker(settings, "LANE-01", timeout=2)
    assert not ok and str(settings.port) in detail


def test_a_failing_callback_does_not_end_the_network_thread():
    from hardware.bus.mqtt import MqttSettings, _client

    client = _client("t-suppress", MqttSettings(insecure_plaintext=True))

    def boom(*_a):
        raise RuntimeError("callback bug")

    client.on_message = boom
    msg = mqtt.MQTTMessage(mid=1, topic=b"kiosk/lanes/L1/commands")
    client._handle_on_message(msg)  # paho's dispatch: would re-raise into (and end) the loop thread
