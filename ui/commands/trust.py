"""`clearance-kiosk trust show|check-sod|demo-files`: the CSCA trust store and passive authentication.

    trust show [--csca PATH]... [--crl PATH]... [--require-signed-master-lists] [--json]
    trust check-sod EF_SOD.bin --dg 1=DG1.bin [--dg 2=DG2.bin ...] [--at ISO-TIME] [--csca PATH]... [--json]
    trust demo-files DIR

Without --csca/--crl the paths come from the configuration (`[trust] csca`, `crl`); with
`lane.demo = true` the simulator's test CSCA is added (never on a real lane). `show` prints what the
store holds (counts, countries, master lists and whether their signatures verified, CRL dates,
unreadable files); `check-sod` runs passive authentication on files dumped from a chip (raw file
bytes, or hex); `demo-files` writes the test PKI's CSCA (PEM and DER), CRL and a master list into a
folder, to try a trust folder configuration. Exit status: 0 usable store / valid SOD, 1 not, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_BAD, EXIT_USAGE = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser("trust", help="CSCA trust store: show it, check an EF.SOD, write demo trust files")
    tsub = t.add_subparsers(dest="trust_command", required=True)

    def paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("--csca", action="append", type=Path, metavar="PATH",
                       help="CSCA certificates / master lists (file or folder); default: the configuration")
        p.add_argument("--crl", action="append", type=Path, metavar="PATH")
        p.add_argument("--require-signed-master-lists", action="store_true",
                       help="ignore master lists whose signature does not verify")
        p.add_argument("--json", action="store_true")

    s = tsub.add_parser("show", help="what the trust store holds, and whether it is usable")
    paths(s)
    s.set_defaults(func=cmd_show)

    c = tsub.add_parser("check-sod", help="passive authentication of data groups dumped from a chip")
    c.add_argument("sod", type=Path, metavar="EF_SOD.bin")
    c.add_argument("--dg", action="append", default=[], metavar="N=FILE", help="a data group file (repeat)")
    c.add_argument("--at", help="judge validity at this ISO time (default: now)")
    c.add_argument("--require-crl", action="store_true")
    paths(c)
    c.set_defaults(func=cmd_check_sod)

    d = tsub.add_parser("demo-files", help="write the test PKI's CSCA, CRL and a master list (demo only)")
    d.add_argument("out", type=Path, metavar="DIR")
    d.set_defaults(func=cmd_demo_files)


def _store(args: argparse.Namespace) -> Any:
    from kiosk.emrtd.trust import TrustStore

    if args.csca or args.crl:
        return TrustStore.from_paths(args.csca or [], args.crl or [],
                                     require_signed_master_lists=args.require_signed_master_lists)
    from ui.cli import load_config
    from ui.composition import trust_store_for

    return trust_store_for(load_config(args), require_signed_master_lists=args.require_signed_master_lists)


def cmd_show(args: argparse.Namespace) -> int:
    ok, detail, summary = _store(args).health()
    if args.json:
        print(json.dumps({"ok": ok, "detail": detail, **summary}, indent=2))
    else:
        print(("OK  " if ok else "FAIL ") + detail)
        for ml in summary["master_lists"]:
            print(f"  master list {ml['source']}: {ml['certificates']} certificates, signature {ml['signature']}")
        for err in summary["errors"]:
            print(f"  error: {err}")
    return EXIT_OK if ok else EXIT_BAD


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    text = data.strip()
    try:  # a hex dump is accepted too (logs, test reports)
        if text and all(c in b"0123456789abcdefABCDEF \n\r\t" for c in text):
            return bytes.fromhex(text.decode())
    except ValueError:
        pass
    return data


def cmd_check_sod(args: argparse.Namespace) -> int:
    from kiosk.emrtd.passive import PassiveAuthenticator

    try:
        sod = _read(args.sod)
        dgs: dict[int, bytes] = {}
        for item in args.dg:
            number, _, file = item.partition("=")
            n = int(number.upper().removeprefix("DG"))
            if not 1 <= n <= 16 or not file:
                raise ValueError(f"--dg {item}: expected N=FILE with N in 1..16")
            dgs[n] = _read(Path(file))
        at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(dt.UTC)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return EXIT_USAGE
    result = PassiveAuthenticator(_store(args), require_crl=args.require_crl).verify(sod, dgs, at)
    if args.json:
        print(json.dumps({"status": result.status.value, "failures": result.failures, "details": result.details},
                         indent=2, default=str))
    else:
        print(f"passive authentication: {result.status.value}"
              + (f" ({', '.join(result.failures)})" if result.failures else ""))
        for key in ("digest_algorithm", "signature_algorithm", "dgs_checked", "dsc_subject", "csca_subject", "crl"):
            if key in result.details:
                print(f"  {key}: {result.details[key]}")
    return EXIT_OK if not result.failures else EXIT_BAD


def cmd_demo_files(args: argparse.Namespace) -> int:
    from hardware.sim.pki import demo_pki

    for kind, path in demo_pki().write_trust_files(args.out).items():
        print(f"{kind}: {path}")
    print("demo only: these certificates belong to a test PKI, never trust them on a real lane")
    return EXIT_OK
