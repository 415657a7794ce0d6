"""`clearance-kiosk bus …`: the port's message bus — certificates and ACL, a monitor, the lane's outbox."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kiosk.errors import ConfigError


def _ids(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def cmd_certs(args: argparse.Namespace) -> int:
    from hardware.bus.broker import mosquitto_conf
    from hardware.bus.pki import CertificateAuthority, write_port_pki

    out = Path(args.out)
    ca = None
    if (out / "ca.crt").exists() and (out / "ca.key").exists():  # extend the port's existing CA
        ca = CertificateAuthority.load((out / "ca.crt").read_bytes(), (out / "ca.key").read_bytes())
    try:
        pki = write_port_pki(out, _ids(args.lanes), _ids(args.consoles), prefix=args.prefix,
                             broker_names=args.broker_name or None, ca=ca)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    conf = out / "broker" / "clearance-kiosk.conf"
    text = mosquitto_conf(pki, port=args.port)
    # deployed under /etc/mosquitto: the service reads the copies installed there
    text = text.replace(str(pki.root.resolve()), "/etc/mosquitto/clearance-kiosk")
    conf.write_text(text)
    print(f"{'extended' if ca else 'created'} the port bus PKI in {out}:")
    print(f"  CA              {pki.ca_file}   (keep {out / 'ca.key'} offline)")
    print(f"  broker          {pki.broker_cert}, {pki.broker_key}, ACL {pki.acl_file}, config {conf}")
    for kind, table in (("lane", pki.lanes), ("console", pki.consoles)):
        for ident, (cert, key) in table.items():
            print(f"  {kind:8s} {ident:14s} {cert}, {key}")
    return 0


def _bus_config(args: argparse.Namespace):
    from ui.cli import load_config

    cfg = load_config(args)
    if cfg.bus is None:
        raise ConfigError("this configuration has no [bus] section")
    return cfg


def cmd_monitor(args: argparse.Namespace) -> int:
    from hardware.bus import connect_console

    cfg = _bus_config(args)
    console = connect_console(cfg.bus, args.console)

    def show(e) -> None:
        if args.json:
            print(e.to_json().decode(), flush=True)
        else:
            print(f"{e.created_at} {e.lane_id:10s} #{e.seq:<6d} {e.kind:18s} "
                  f"{json.dumps(e.data, ensure_ascii=False)[:100]}", flush=True)

    console.on_event(show)
    if not console.wait_connected(10):
        print(f"cannot reach the broker {cfg.bus.host}:{cfg.bus.port}", file=sys.stderr)
        console.close()
        return 1
    try:
        deadline = time.monotonic() + args.seconds if args.seconds else None
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        console.close()
    for lane, view in sorted(console.lanes().items()):
        status = {True: "online", False: "OFFLINE", None: "?"}[view.online]
        print(f"lane {lane}: {status}, state {json.dumps(view.state)}, {view.events} events", file=sys.stderr)
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from kiosk.bus.outbox import Outbox
    from kiosk.store import Store
    from ui.cli import load_config

    cfg = load_config(args)
    path = cfg.storage.database_path()
    if not path.exists():
        print(f"no database at {path}", file=sys.stderr)
        return 2
    store = Store(path, cfg.lane.id)
    try:
        outbox = Outbox(store)
        if args.requeue_from:
            print(f"{outbox.requeue(args.requeue_from)} events queued again")
        print(json.dumps({"enabled": outbox.enabled, **outbox.stats()}))
    finally:
        store.close()
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser("bus", help="the port's message bus: certificates, monitor, outbox")
    bsub = b.add_subparsers(dest="bus_command", required=True)
    c = bsub.add_parser("certs", help="a port CA, broker/lane/console certificates, the ACL and broker config")
    c.add_argument("--out", required=True, help="folder (an existing ca.crt/ca.key there is reused)")
    c.add_argument("--lanes", required=True, help="lane ids, comma-separated (the lanes' lane.id)")
    c.add_argument("--consoles", default="", help="console ids, comma-separated")
    c.add_argument("--prefix", default="kiosk", help="topic prefix (bus.prefix)")
    c.add_argument("--broker-name", action="append", help="broker host name or IP (repeat); default localhost")
    c.add_argument("--port", type=int, default=8883)
    c.set_defaults(func=cmd_certs)
    m = bsub.add_parser("monitor", help="print every lane's events and state (needs a console certificate)")
    m.add_argument("--console", required=True, help="console id (the CN of [bus.tls] cert_file)")
    m.add_argument("--seconds", type=float, default=0, help="stop after this long (0: until Ctrl-C)")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=cmd_monitor)
    o = bsub.add_parser("outbox", help="the lane database's outbox: rows, unpublished, last sequence number")
    o.add_argument("--requeue-from", type=int, default=0, help="publish again every kept event from this seq")
    o.set_defaults(func=cmd_outbox)
