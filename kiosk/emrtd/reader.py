"""ChipReader: the lane's ChipService. Access control (PACE when EF.CardAccess offers it, else BAC),
files, passive authentication, chip/active authentication, DG1 versus the printed MRZ.

Protocol and transport failures raise (ChipError, kiosk.errors.DeviceError): the lane refers the
traveller with that reason. Bad *content* (a DG that does not parse, a wrong hash, a clone) does not
raise: it shows up in the evidence as a failed check.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from kiosk.emrtd import aa, ca, lds, pace
from kiosk.emrtd.apdu import ChipAccessDenied, ChipError, Command, SmError
from kiosk.emrtd.bac import perform_bac
from kiosk.emrtd.files import ChipChannel, FileNotFound, FileReader
from kiosk.emrtd.images import ImageError, decode_portrait
from kiosk.emrtd.mrz import Mrz, MrzError
from kiosk.emrtd.passive import PassiveAuthenticator
from kiosk.emrtd.securityinfos import (
    PaceInfo,
    SecurityInfoError,
    SecurityInfos,
    parse_dg14,
    parse_dg15,
    parse_security_infos,
)
from kiosk.emrtd.sod import parse_sod
from kiosk.emrtd.tlv import TlvError
from kiosk.evidence import Check, ChipEvidence
from kiosk.ports import CardTransport, Clock, SystemClock

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
DEFAULT_DGS = (1, 2, 7, 11, 12, 14, 15)


@dataclass
class _Session:
    access: str = ""
    pace: pace.PaceResult | None = None
    pace_info: PaceInfo | None = None


def pace_preference(info: PaceInfo) -> tuple[int, int, int]:
    """Higher is better: CAM (authenticates the chip too) > GM, ECDH > DH, longer keys."""
    return ({"CAM": 2, "GM": 1}.get(info.mapping, 0), 1 if info.agreement == "ECDH" else 0, info.key_bits)


def _signed_dgs(sod: bytes) -> frozenset[int]:
    """The data groups EF.SOD hashes (empty when it does not parse: passive authentication says why)."""
    try:
        return frozenset(parse_sod(sod).dg_hashes)
    except (lds.LdsError, TlvError):
        return frozenset()


class ChipReader:
    def __init__(
        self,
        trust: Any,
        *,
        clock: Clock | None = None,
        data_groups: tuple[int, ...] = DEFAULT_DGS,
        extended_length: bool | None = None,
        max_le: int | None = None,
        use_sfi: bool = True,
        use_pace: bool = True,
        require_crl: bool = False,
    ) -> None:
        """trust: a kiosk.emrtd.trust.TrustStore. extended_length None = ask the transport (PC/SC reads
        the ATR), else force it; max_le caps READ BINARY blocks (None = adaptive up to 0xFF00)."""
        self.passive = PassiveAuthenticator(trust, require_crl=require_crl)
        self.clock = clock or SystemClock()
        self.data_groups = data_groups
        self.extended_length = extended_length
        self.max_le = max_le
        self.use_sfi = use_sfi
        self.use_pace = use_pace

    # --- access control ----------------------------------------------------------------------

    def _card_access(self, reader: FileReader) -> SecurityInfos | None:
        try:
            data = reader.read_file(lds.EF_CARD_ACCESS_FID, lds.EF_CARD_ACCESS_SFI)
        except FileNotFound:
            return None
        except ChipError as exc:  # an unreadable CardAccess: BAC is still worth a try
            log.info("EF.CardAccess unreadable: %s", exc)
            return None
        try:
            return parse_security_infos(data)
        except SecurityInfoError as exc:
            log.info("EF.CardAccess malformed: %s", exc)
            return None

    def _select_applet(self, channel: ChipChannel) -> None:
        _data, sw = channel.send(Command(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if sw != 0x9000:
            raise ChipError(f"SELECT eMRTD application: chip answered {sw:04X}")

    def _open(self, channel: ChipChannel, mrz: Mrz, can: str | None, infos: SecurityInfos | None,
              session: _Session, details: dict[str, Any]) -> None:
        channel.sm = None
        usable = sorted((i for i in (infos.pace if infos else []) if i.mapping in ("GM", "CAM")
                         and i.parameter_id is not None), key=pace_preference, reverse=True)
        if usable and self.use_pace:
            info = usable[0]
            password, kind = (can, pace.PASSWORD_CAN) if can else (mrz.mrz_information, pace.PASSWORD_MRZ)
            try:
                result = pace.perform_pace(channel.raw, info, password, kind,
                                           send_parameter_id=len(infos.pace) > 1 if infos else False)
                channel.sm = result.sm
                session.pace, session.pace_info, session.access = result, info, info.name
                self._select_applet(channel)
                return
            except ChipAccessDenied:
                if can:
                    raise  # a wrong CAN: BAC needs the MRZ, which would not help
                details["pace_error"] = "refused"
            except ChipError as exc:
                details["pace_error"] = str(exc)
            log.info("PACE failed (%s), falling back to BAC", details["pace_error"])
            channel.sm = None
        self._select_applet(channel)
        channel.sm = perform_bac(channel.raw, mrz.mrz_information)
        session.access, session.pace = "BAC", None

    # --- the read ---------------------------------------------------------------------------

    def read(self, transport: CardTransport, mrz: Mrz, *, can: str | None = None) -> ChipEvidence:
        t_start = time.perf_counter()
        timings: dict[str, float] = {}

        def lap(name: str, t0: float) -> float:
            now = time.perf_counter()
            timings[name] = round((now - t0) * 1000, 1)
            return now

        details: dict[str, Any] = {"timings_ms": timings}
        channel = ChipChannel(transport.transmit)
        extended = self.extended_length
        if extended is None:
            extended = bool(getattr(transport, "extended_length", True))
        session = _Session()
        infos_box: list[SecurityInfos | None] = [None]

        def reopen() -> None:
            self._open(channel, mrz, can, infos_box[0], session, details)

        reader = FileReader(channel, extended=extended, max_le=self.max_le, use_sfi=self.use_sfi,
                            reestablish=reopen)
        t = time.perf_counter()
        infos_box[0] = self._card_access(reader)
        t = lap("card_access", t)
        reopen()
        t = lap("access_control", t)

        files: dict[int, bytes] = {}
        wanted = list(self.data_groups)
        try:
            com = lds.parse_com(reader.read_file(lds.EF_COM.fid, lds.EF_COM.sfi))
            present = set(com.data_groups)
            wanted = [n for n in wanted if n in present]
            details["com"] = {"lds_version": com.lds_version, "data_groups": com.data_groups}
        except FileNotFound:
            details["com"] = "absent"
        except (lds.LdsError, TlvError) as exc:
            details["com"] = f"malformed: {exc}"
        for n in wanted:
            f = lds.DG_FILES[n]
            try:
                files[n] = reader.read_file(f.fid, f.sfi)
            except FileNotFound:
                continue
        sod = reader.read_file(lds.EF_SOD.fid, lds.EF_SOD.sfi)
        # EF.COM is not signed: a clone can leave DG14/DG15 out of it (or hide the files) so that
        # Chip/Active Authentication look "not supported". The SOD says which DGs the state issued.
        signed = _signed_dgs(sod)
        for n in self.data_groups:
            if n in signed and n not in files and n not in wanted:
                f = lds.DG_FILES[n]
                try:
                    files[n] = reader.read_file(f.fid, f.sfi)
                except FileNotFound:
                    continue
        t = lap("read_files", t)

        dg1: dict[str, str] = {}
        matches = False
        if 1 in files:
            try:
                chip_mrz = lds.parse_dg1(files[1])
                dg1 = chip_mrz.fields()
                # every printed field must agree (an MRZ-information-only Mrz has just number and dates)
                printed = {k: v for k, v in mrz.fields().items() if v}
                # nothing printed to compare (a CAN-only read) is no match: all() of nothing is True
                matches = bool(printed) and all(dg1.get(k) == v for k, v in printed.items())
            except (lds.LdsError, TlvError, MrzError) as exc:
                details["dg1_error"] = str(exc)
        portrait, portrait_format = None, ""
        if 2 in files:
            try:
                faces = lds.parse_dg2(files[2])
                if faces:
                    portrait, portrait_format = decode_portrait(faces[0].data)
                    details["portrait"] = {"format": portrait_format, "width": int(portrait.shape[1]),
                                           "height": int(portrait.shape[0]), "standard": faces[0].standard,
                                           "bytes": len(faces[0].data)}
            except (lds.LdsError, TlvError, ImageError) as exc:
                details["dg2_error"] = str(exc)
        for n, parse in ((11, lds.parse_dg11), (12, lds.parse_dg12)):
            if n in files:
                try:
                    details[f"dg{n}"] = {k: v for k, v in parse(files[n]).items() if not isinstance(v, bytes)}
                except (lds.LdsError, TlvError) as exc:
                    details[f"dg{n}_error"] = str(exc)
        if 7 in files:
            try:
                details["dg7_images"] = len(lds.parse_dg7(files[7]))
            except (lds.LdsError, TlvError) as exc:
                details["dg7_error"] = str(exc)
        t = lap("parse", t)

        pa = self.passive.verify(sod, files, self.clock.now())
        details["passive_auth"] = pa.details
        t = lap("passive_auth", t)

        chip_auth = self._chip_auth(channel, reader, files, session, details, reopen, signed)
        t = lap("chip_auth", t)
        active_auth = self._active_auth(channel, files, details, reopen, signed)
        t = lap("active_auth", t)

        details.update(
            files={r["fid"]: r["bytes"] for r in reader.log},
            file_reads=reader.log,
            read_strategy={"extended_length": extended, "max_le": reader.max_le, "sfi": reader.use_sfi,
                           "refusals": list(channel.stats.refusals), "reauthentications": reader.reauths},
            bytes_on_wire=channel.stats.bytes_on_wire,
            elapsed_ms=round((time.perf_counter() - t_start) * 1000, 1),
        )
        return ChipEvidence(
            access=session.access,
            dg1=dg1,
            dg1_matches_mrz=matches,
            passive_auth=pa.status,
            passive_auth_failures=list(pa.failures),
            active_auth=active_auth,
            chip_auth=chip_auth,
            portrait=portrait,
            portrait_format=portrait_format,
            apdu_count=channel.stats.apdus,
            bytes_read=channel.stats.bytes_read,
            details=details,
        )

    # --- chip authentication / active authentication ----------------------------------------------

    def _chip_auth(self, channel: ChipChannel, reader: FileReader, files: dict[int, bytes], session: _Session,
                   details: dict[str, Any], reopen: Any, signed: frozenset[int] = frozenset()) -> Check:
        if 14 not in files:
            if 14 in signed:
                details["chip_auth"] = "DG14 is in the SOD but the chip does not give it"
                return Check.INVALID
            return Check.NOT_SUPPORTED
        try:
            infos = parse_dg14(files[14])
        except SecurityInfoError as exc:
            details["chip_auth"] = f"DG14 malformed: {exc}"
            return Check.INVALID
        if session.pace is not None and session.pace.cam_data is not None:
            keys = [k for k in infos.chip_auth_keys if k.key.kind == "ec"]
            ok = any(pace.verify_cam(session.pace, k.key.public) for k in keys
                     if k.key.group == session.pace.group)
            details["chip_auth"] = "PACE-CAM"
            return Check.VALID if ok else Check.INVALID
        chosen = ca.choose(infos)
        if chosen is None:
            return Check.NOT_SUPPORTED
        info, key = chosen
        details["chip_auth"] = info.protocol if info else "CA-3DES (no ChipAuthenticationInfo)"
        try:
            new_sm = ca.perform_ca(channel.send, info, key)
            channel.sm = new_sm
            # the proof: the chip answers under keys only the holder of DG14's private key has
            _data, sw = channel.send(Command(0x00, 0xA4, 0x02, 0x0C, lds.EF_COM.fid.to_bytes(2, "big")))
            if sw != 0x9000:
                raise ChipError(f"no valid answer after Chip Authentication ({sw:04X})")
            return Check.VALID
        except (SmError, ChipError) as exc:
            details["chip_auth_error"] = str(exc)
            try:
                reopen()  # keep a working session for Active Authentication
            except ChipError as exc2:
                details["reopen_error"] = str(exc2)
            return Check.INVALID

    def _active_auth(self, channel: ChipChannel, files: dict[int, bytes], details: dict[str, Any],
                     reopen: Any, signed: frozenset[int] = frozenset()) -> Check:
        if 15 not in files:
            if 15 in signed:
                details["active_auth"] = "DG15 is in the SOD but the chip does not give it"
                return Check.INVALID
            return Check.NOT_SUPPORTED
        try:
            key = parse_dg15(files[15])
        except SecurityInfoError as exc:
            details["active_auth"] = f"DG15 malformed: {exc}"
            return Check.INVALID
        algorithm = None
        if 14 in files and key.kind == "ec":
            try:
                algorithm = parse_dg14(files[14]).aa_signature_algorithm
            except SecurityInfoError:
                pass
        rnd = aa.challenge()
        try:
            signature, sw = channel.send(Command(0x00, 0x88, 0x00, 0x00, rnd, 256))
        except SmError as exc:
            details["active_auth_error"] = str(exc)
            return Check.INVALID
        if sw != 0x9000:
            details["active_auth_error"] = f"INTERNAL AUTHENTICATE answered {sw:04X}"
            return Check.INVALID
        try:
            ok = aa.verify(key, rnd, signature, algorithm)
        except ValueError as exc:
            details["active_auth_error"] = str(exc)
            return Check.INVALID
        details["active_auth"] = {"key": key.kind, "algorithm": algorithm}
        return Check.VALID if ok else Check.INVALID
