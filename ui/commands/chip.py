"""`clearance-kiosk read-chip`: read and verify an ePassport chip through PC/SC, print one JSON object."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from typing import Any

from kiosk.emrtd.mrz import Mrz, MrzError, check_digit, parse_mrz
from kiosk.errors import KioskError

_MRZ_INFORMATION = re.compile(
    r"^(?P<number>[A-Z0-9<]{9,22})(?P<c1>\d)(?P<dob>\d{6})(?P<c2>\d)(?P<doe>\d{6})(?P<c3>\d)$")


def mrz_from_text(text: str) -> Mrz:
    """Full MRZ lines, or the 24-character MRZ information (number + DOB + DOE with check digits)."""
    compact = "".join(text.split()).upper()
    info = _MRZ_INFORMATION.match(compact) if "\\n" not in text and "\n" not in text.strip() else None
    if info:  # document number (9 or more characters, as for long TD1 numbers) + DOB + DOE, each with its digit
        number, dob, doe = info["number"], info["dob"], info["doe"]
        for name, value, digit in (("document number", number, info["c1"]), ("date of birth", dob, info["c2"]),
                                   ("date of expiry", doe, info["c3"])):
            if check_digit(value) != digit:
                raise MrzError(f"MRZ information: check digit of the {name} is wrong")
        return Mrz("", "", "", number.rstrip("<"), info["c1"], dob, doe, "", "", "", "", "", (compact,))
    return parse_mrz(text.replace("\\n", "\n"))


def _trust(args: argparse.Namespace) -> Any:
    """--trust/--crl when given, else the configuration's `[trust]` (as the lane uses it); plus the
    simulator's test CSCA with --demo-trust."""
    from kiosk.emrtd.trust import TrustStore

    if args.trust or args.crl:
        store = TrustStore.from_paths(args.trust or [], args.crl or [])
    else:
        from ui.cli import load_config
        from ui.composition import trust_store_for

        store = trust_store_for(load_config(args))
    if args.demo_trust:
        from hardware.sim.pki import demo_trust_store

        print("warning: trusting the simulator's test CSCA (--demo-trust)", file=sys.stderr)
        store.merge(demo_trust_store())
    return store


def cmd_read_chip(args: argparse.Namespace) -> int:
    from hardware.pcsc import PcscCardReader
    from kiosk.emrtd.reader import ChipReader

    try:
        mrz = mrz_from_text(args.mrz) if args.mrz else None
    except MrzError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if mrz is None and not args.can:
        print("error: give --mrz or --can", file=sys.stderr)
        return 2
    if mrz is None:  # CAN only: PACE needs no MRZ; DG1 cannot be compared with a printed one
        mrz = Mrz("", "", "", "", "", "", "", "", "", "", "", "", ())
    t0 = time.perf_counter()
    try:
        trust = _trust(args)
        reader = ChipReader(trust, max_le=args.max_le)
        transport = PcscCardReader(reader=args.reader, timeout_s=args.apdu_timeout).connect(args.timeout)
        try:
            ev = reader.read(transport, mrz, can=args.can)
        finally:
            try:
                transport.close()
            except KioskError:
                pass
    except KioskError as exc:
        print(f"error: the chip could not be read: {exc}", file=sys.stderr)
        return 1
    elapsed = (time.perf_counter() - t0) * 1000
    portrait = ev.details.get("portrait", {})
    out = {
        "access": ev.access,
        "dg1": ev.dg1,
        "dg1_matches_mrz": ev.dg1_matches_mrz,
        "portrait": {"format": ev.portrait_format or None, "width": portrait.get("width"),
                     "height": portrait.get("height")},
        "passive_auth": {"status": ev.passive_auth.value, "failures": list(ev.passive_auth_failures)},
        "active_auth": {"status": ev.active_auth.value},
        "chip_auth": {"status": ev.chip_auth.value},
        "apdu_count": ev.apdu_count,
        "bytes_read": ev.bytes_read,
        "elapsed_ms": round(elapsed, 1),
        "timings_ms": ev.details.get("timings_ms", {}),
        "read_strategy": ev.details.get("read_strategy", {}),
    }
    if args.write_portrait:
        if ev.portrait is None:
            print("error: the chip gave no decodable portrait to write", file=sys.stderr)
        else:
            import cv2

            if not cv2.imwrite(args.write_portrait, ev.portrait):
                print(f"error: could not write {args.write_portrait}", file=sys.stderr)
                return 1
    if args.json:
        print(json.dumps(out))
    else:
        print(f"access {out['access']}; DG1 {ev.dg1.get('document_number', '?')} "
              f"({'matches' if ev.dg1_matches_mrz else 'DIFFERS from'} the MRZ); passive auth {ev.passive_auth.value}"
              f"{' ' + ','.join(ev.passive_auth_failures) if ev.passive_auth_failures else ''}; active auth "
              f"{ev.active_auth.value}; chip auth {ev.chip_auth.value}; portrait {ev.portrait_format} "
              f"{portrait.get('width')}x{portrait.get('height')}; {ev.apdu_count} APDUs, {ev.bytes_read} bytes, "
              f"{elapsed:.0f} ms")
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("read-chip", help="read and verify an ePassport chip through PC/SC")
    p.add_argument("--reader", help="part of the PC/SC reader name (default: the first contactless reader)")
    p.add_argument("--mrz", help="the MRZ lines (\\n between lines) or the MRZ information (number+DOB+DOE)")
    p.add_argument("--can", help="card access number (PACE)")
    p.add_argument("--trust", action="append",
                   help="CSCA certificate file/folder or ICAO master list (repeat; default: the configuration's)")
    p.add_argument("--crl", action="append", help="CRL file or folder (repeat)")
    p.add_argument("--demo-trust", action="store_true", help="also trust the simulator's test CSCA (demo only)")
    p.add_argument("--write-portrait", metavar="FILE", help="save the decoded portrait (format by extension)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a card")
    p.add_argument("--apdu-timeout", type=float, default=5.0, help="seconds one APDU may take")
    p.add_argument("--max-le", type=lambda s: int(s, 0), default=None, help="cap READ BINARY blocks (e.g. 0xDF)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_read_chip)
