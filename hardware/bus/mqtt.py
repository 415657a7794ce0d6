"""The bus over MQTT (paho-mqtt 2): the lane's `LaneBus` and the console's `RemoteLanes`.

Both speak MQTT 3.1.1 (any 3.1.1/5 broker works; Mosquitto is the reference) over TLS with the
client's own certificate, in persistent sessions (clean_session false): QoS 1 messages published
while a peer is away wait in the broker, and paho resends unacknowledged ones after a reconnect.
The lane's last will, set at connect time, marks it offline (retained) when it vanishes.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from cryptography import x509
from cryptography.x509.oid import NameOID
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.bus.commands import CONSOLE_OU, LANE_OU, CommandSigner, OfficerSession
from kiosk.bus.envelope import Deduplicator, EventEnvelope, MalformedMessage
from kiosk.bus.ports import CommandReply, LaneView
from kiosk.bus.topics import Topics, check_name
from kiosk.config import BusConfig
from kiosk.errors import ConfigError

log = logging.getLogger("hardware.bus")


@dataclass
class MqttSettings:
    host: str = "127.0.0.1"
    port: int = 8883
    prefix: str = "kiosk"
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    insecure_plaintext: bool = False
    keepalive_s: int = 10
    reconnect_min_s: float = 0.5
    reconnect_max_s: float = 10.0
    window: int = 200

    @classmethod
    def from_config(cls, cfg: BusConfig) -> MqttSettings:
        tls = cfg.tls
        return cls(cfg.host, cfg.port, cfg.prefix, tls.ca_file if tls else None, tls.cert_file if tls else None,
                   tls.key_file if tls else None, cfg.insecure_plaintext, cfg.keepalive_s, cfg.reconnect_min_s,
                   cfg.reconnect_max_s, cfg.window)


def check_identity(s: MqttSettings, ident: str, role: str) -> None:
    """The certificate must name this lane/console: the broker's ACL is keyed on its CN, and an MQTT
    3.1.1 broker acknowledges a publish its ACL drops, so a wrong certificate would silently swallow
    every event the outbox hands over. Refuse to start instead."""
    if s.insecure_plaintext or not s.cert_file:
        return
    try:
        cert = x509.load_pem_x509_certificate(Path(s.cert_file).read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"bus.tls.cert_file: {exc}") from None
    cn = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    ou = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
    if cn != [ident] or ou != [role]:
        raise ConfigError(f"bus.tls.cert_file: the certificate is for {role if ou else '?'} "
                          f"{cn[0] if cn else '?'} (OU {ou}), not {role} {ident}")


def _client(client_id: str, s: MqttSettings) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False,
                         protocol=mqtt.MQTTv311)
    if not s.insecure_plaintext:
        if not (s.ca_file and s.cert_file and s.key_file):
            raise ValueError("bus TLS needs ca_file, cert_file and key_file")
        client.tls_set(ca_certs=s.ca_file, certfile=s.cert_file, keyfile=s.key_file, cert_reqs=ssl.CERT_REQUIRED,
                       tls_version=ssl.PROTOCOL_TLS_CLIENT)
    # paho accepts fractions of a second here although its annotation says int
    client.reconnect_delay_set(s.reconnect_min_s, s.reconnect_max_s)  # type: ignore[arg-type]
    client.max_inflight_messages_set(s.window)
    client.max_queued_messages_set(0)
    # paho re-raises a callback's exception in its network thread, which then ends: the lane would be
    # silently off the bus (no commands, no acknowledgements). Log it and keep the connection instead.
    client.suppress_exceptions = True
    return client


class _Delivery:
    def __init__(self, info: mqtt.MQTTMessageInfo) -> None:
        self.info = info

    def done(self) -> bool:
        try:
            return self.info.is_published()
        except (RuntimeError, ValueError):  # not queued: the pump publishes it again later
            return False


class MqttLaneBus:
    """`kiosk.bus.ports.LaneBus` for one lane."""

    def __init__(self, settings: MqttSettings, lane_id: str) -> None:
        self.settings = settings
        self.lane_id = check_name("lane", lane_id)
        check_identity(settings, lane_id, LANE_OU)
        self.topics = Topics(settings.prefix)
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._state: bytes | None = None
        self._health: bytes | None = None
        self._command_cb: Callable[[bytes, Callable[[str, bytes], None]], None] | None = None
        self.connects = 0
        self._probe = ""
        self._connected_at = 0.0
        self._warned = False
        self.client = _client(f"lane-{lane_id}", settings)
        self.client.will_set(self.topics.status(lane_id), self._status(False), qos=1, retain=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.connect_async(settings.host, settings.port, settings.keepalive_s)
        self.client.loop_start()

    def _status(self, online: bool, probe: str = "") -> bytes:
        return json.dumps({"lane": self.lane_id, "online": online, **({"connection": probe} if probe else {})}).encode()

    def _on_connect(self, client: mqtt.Client, _u: Any, _flags: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("lane %s: broker refused the connection: %s", self.lane_id, reason)
            return
        self.connects += 1
        # An MQTT 3.1.1 broker acknowledges a publish its ACL drops, so the outbox would mark events
        # published that nobody can receive (a wrong bus.prefix, a stale ACL file). The lane therefore
        # reads back its own "online" status, tagged with this connection, before it publishes events.
        self._probe = uuid.uuid4().hex
        self._connected_at = time.monotonic()
        client.subscribe([(self.topics.commands(self.lane_id), 1), (self.topics.status(self.lane_id), 1)])
        client.publish(self.topics.status(self.lane_id), self._status(True, self._probe), qos=1, retain=True)
        with self._lock:
            for topic, payload in ((self.topics.state(self.lane_id), self._state),
                                   (self.topics.health(self.lane_id), self._health)):
                if payload is not None:
                    client.publish(topic, payload, qos=1, retain=True)

    def _on_disconnect(self, _c: Any, _u: Any, _flags: Any, reason: Any, _p: Any) -> None:
        if self._connected.is_set():
            log.warning("lane %s lost the broker: %s", self.lane_id, reason)
        self._connected.clear()

    def _on_message(self, _c: Any, _u: Any, msg: mqtt.MQTTMessage) -> None:
        if msg.topic == self.topics.commands(self.lane_id) and self._command_cb is not None:
            self._command_cb(bytes(msg.payload), self._reply)
        elif msg.topic == self.topics.status(self.lane_id) and self._probe and not self._connected.is_set():
            try:
                mine = json.loads(msg.payload).get("connection") == self._probe
            except (ValueError, AttributeError):
                mine = False
            if mine:
                self._connected.set()
                self._warned = False
                log.info("lane %s connected to the broker", self.lane_id)

    def _reply(self, console_id: str, payload: bytes) -> None:
        try:
            topic = self.topics.replies(self.lane_id, console_id)
        except ValueError:
            return
        self.client.publish(topic, payload, qos=1)

    # --- LaneBus ---------------------------------------------------------------------------------

    def connected(self) -> bool:
        """Connected and able to write its own topics (see `_on_connect`)."""
        if self._connected.is_set():
            return True
        if self._probe and not self._warned and time.monotonic() - self._connected_at > 5.0:
            self._warned = True
            log.error("lane %s: the broker accepts the connection but not this lane's messages on %s: check "
                      "bus.prefix and the broker's ACL file; events wait in the outbox", self.lane_id,
                      self.topics.lane(self.lane_id))
        return False

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def publish_event(self, event: EventEnvelope) -> _Delivery:
        return _Delivery(self.client.publish(self.topics.events(self.lane_id), event.to_json(), qos=1))

    def publish_state(self, state: dict[str, Any]) -> None:
        payload = json.dumps(state, default=str).encode()
        with self._lock:
            self._state = payload
        self.client.publish(self.topics.state(self.lane_id), payload, qos=1, retain=True)

    def publish_health(self, health: dict[str, Any]) -> None:
        payload = json.dumps(health, default=str).encode()
        with self._lock:
            self._health = payload
        self.client.publish(self.topics.health(self.lane_id), payload, qos=1, retain=True)

    def on_command(self, callback: Callable[[bytes, Callable[[str, bytes], None]], None]) -> None:
        self._command_cb = callback

    def close(self, timeout: float = 2.0) -> None:
        was_connected = self._connected.is_set()
        self._connected.clear()  # an orderly goodbye, not a lost broker
        if was_connected:
            info = self.client.publish(self.topics.status(self.lane_id), self._status(False), qos=1, retain=True)
            try:
                info.wait_for_publish(timeout)
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()


class MqttConsole:
    """`kiosk.bus.ports.RemoteLanes`: every lane of the port, through the broker.

    Events are de-duplicated by event id before any callback sees them; `raw_events` counts what the
    broker delivered, duplicates included.
    """

    def __init__(self, settings: MqttSettings, console_id: str, signer: CommandSigner | None = None, *,
                 dedup: Deduplicator | None = None) -> None:
        self.settings = settings
        self.console_id = check_name("console", console_id)
        check_identity(settings, console_id, CONSOLE_OU)
        self.topics = Topics(settings.prefix)
        self.signer = signer
        self.dedup = dedup or Deduplicator(from_first_seen=True)
        self.raw_events = 0
        self.malformed = 0
        self._views: dict[str, LaneView] = {}
        self._lock = threading.RLock()
        self._callbacks: list[Callable[[EventEnvelope], None]] = []
        # events that arrive before anyone listens (the broker delivers a persistent session's queue
        # right after connecting) wait for the first callback instead of being dropped
        self._early: list[EventEnvelope] | None = []
        self._waiting: dict[str, tuple[threading.Event, list[CommandReply]]] = {}
        self._connected = threading.Event()
        self.client = _client(f"console-{console_id}", settings)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = lambda *_a: self._connected.clear()
        self.client.on_message = self._on_message
        self.client.connect_async(settings.host, settings.port, settings.keepalive_s)
        self.client.loop_start()

    def _on_connect(self, client: mqtt.Client, _u: Any, _flags: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("console %s: broker refused the connection: %s", self.console_id, reason)
            return
        t = self.topics
        client.subscribe([(t.all_lanes("status"), 1), (t.all_lanes("state"), 1), (t.all_lanes("health"), 1),
                          (t.all_lanes("events"), 1), (f"{t.prefix}/lanes/+/replies/{self.console_id}", 1)])
        self._connected.set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def _view(self, lane: str) -> LaneView:
        if lane not in self._views:
            self._views[lane] = LaneView(lane)
        return self._views[lane]

    def _on_message(self, _c: Any, _u: Any, msg: mqtt.MQTTMessage) -> None:
        parsed = self.topics.parse(msg.topic)
        if parsed is None:
            return
        lane, leaf, _console = parsed
        try:
            if leaf == "events":
                self._event(lane, EventEnvelope.from_json(msg.payload))
                return
            obj = json.loads(msg.payload) if msg.payload else {}
            if not isinstance(obj, dict):
                raise MalformedMessage("not a JSON object")
        except (MalformedMessage, ValueError) as exc:
            self.malformed += 1
            log.warning("malformed message on %s: %s", msg.topic, exc)
            return
        with self._lock:
            view = self._view(lane)
            if leaf == "status":
                view.online = bool(obj.get("online"))
            elif leaf == "state":
                view.state = obj
            elif leaf == "health":
                view.health = obj
            elif leaf == "replies":
                self._reply(lane, obj)

    def _event(self, lane: str, event: EventEnvelope) -> None:
        with self._lock:
            self.raw_events += 1
            if event.lane_id != lane:  # a lane can only write its own topics (ACL), so this is forged
                self.malformed += 1
                return
            if not self.dedup.accept(event):
                return
            view = self._view(lane)
            view.events += 1
            view.last_event_at = event.created_at
            callbacks = list(self._callbacks)
            if not callbacks and self._early is not None:
                if len(self._early) < 100_000:
                    self._early.append(event)
                return
        for cb in callbacks:
            try:
                cb(event)
            except Exception:
                log.exception("event callback failed")

    def _reply(self, lane: str, obj: dict[str, Any]) -> None:
        waiter = self._waiting.get(str(obj.get("command_id", "")))
        if waiter is None:
            return
        waiter[1].append(CommandReply(str(obj["command_id"]), lane, bool(obj.get("ok")), str(obj.get("result", "")),
                                      str(obj.get("detail", ""))))
        waiter[0].set()

    # --- RemoteLanes -----------------------------------------------------------------------------

    def lanes(self) -> dict[str, LaneView]:
        with self._lock:
            return {k: LaneView(v.lane_id, v.online, dict(v.state), dict(v.health), v.events, v.last_event_at)
                    for k, v in self._views.items()}

    def on_event(self, callback: Callable[[EventEnvelope], None]) -> None:
        with self._lock:
            self._callbacks.append(callback)
            early, self._early = self._early or [], None
            # handed over under the lock, so later events cannot overtake them
            for event in early:
                try:
                    callback(event)
                except Exception:
                    log.exception("event callback failed")

    def send_command(self, lane_id: str, action: str, *, session: OfficerSession, timeout: float = 5.0,
                     **args: Any) -> CommandReply:
        if self.signer is None:
            raise RuntimeError("this console has no signing key: it cannot send commands")
        cmd = self.signer.sign(lane_id, action, session, **args)
        return self.send_raw(lane_id, cmd.command_id, cmd.to_json(), timeout)

    def send_raw(self, lane_id: str, command_id: str, payload: bytes, timeout: float = 5.0) -> CommandReply:
        """Publish a prepared command payload and wait for the reply (also how tests replay or forge)."""
        done = threading.Event()
        box: list[CommandReply] = []
        self._waiting[command_id] = (done, box)
        try:
            self.client.publish(self.topics.commands(lane_id), payload, qos=1)
            if not done.wait(timeout):
                raise TimeoutError(f"lane {lane_id} did not answer command {command_id} within {timeout:g} s")
            return box[0]
        finally:
            self._waiting.pop(command_id, None)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def probe_broker(settings: MqttSettings, ident: str, timeout: float = 5.0) -> tuple[bool, str]:
    """For `doctor`: can this lane's (or console's) certificate open an MQTT session on the broker?
    Uses its own client id, so the running lane is not disconnected; publishes nothing."""
    result: list[str] = []
    done = threading.Event()
    client = _client(f"doctor-{ident}-{uuid.uuid4().hex[:8]}", settings)

    def on_connect(_c: Any, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        result.append("ok" if not reason.is_failure else f"refused: {reason}")
        done.set()

    client.on_connect = on_connect
    try:
        client.connect(settings.host, settings.port, settings.keepalive_s)
    except (OSError, ssl.SSLError) as exc:
        return False, f"{settings.host}:{settings.port}: {exc}"
    client.loop_start()
    try:
        if not done.wait(timeout):
            return False, f"{settings.host}:{settings.port}: no answer within {timeout:g} s"
        ok = result[0] == "ok"
        return ok, f"{settings.host}:{settings.port} ({'TLS, ' if not settings.insecure_plaintext else ''}"\
                   f"as {ident}): {result[0]}"
    finally:
        client.disconnect()
        client.loop_stop()
