"""A virtual ePassport chip: the card side of ICAO Doc 9303 (BAC, PACE GM/CAM, secure messaging,
files with SFI, odd READ BINARY, Active and Chip Authentication), with knobs for awkward chips.

`process_apdu(apdu) -> bytes | None` plugs into `hardware.sim.vpcd.VpcdCard` (pcscd) and into
`hardware.sim.card_reader` (in process).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from kiosk.emrtd import aa, tlv
from kiosk.emrtd.apdu import (
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_SECURITY_STATUS,
    SW_SM_INCORRECT,
    SW_SM_MISSING,
    SW_WRONG_LENGTH,
    ChipError,
    Command,
    SmError,
    parse_command,
)
from kiosk.emrtd.bac import BacCard
from kiosk.emrtd.ca import session_keys as ca_session_keys
from kiosk.emrtd.groups import Group, GroupError
from kiosk.emrtd.lds import DG_FILES, EF_CARD_ACCESS_FID, EF_CARD_SECURITY_FID, EF_COM, EF_SOD
from kiosk.emrtd.pace import PASSWORD_CAN, PASSWORD_MRZ, PaceCard, password_secret
from kiosk.emrtd.securityinfos import ChipAuthInfo, PaceInfo
from kiosk.emrtd.sm import SecureMessaging

EMRTD_AID = bytes.fromhex("A0000002471001")


class CardRemoved(Exception):
    """The simulated card left the field (tear): the transport turns it into DeviceDisconnected."""


@dataclass
class ChipBehaviour:
    extended: bool = True  # accept extended-length APDUs (else 6700)
    max_le: int = 65536  # largest Le honoured (else 6700), e.g. 0xE0 for small-buffer chips
    delay_s: float = 0.0  # per APDU (slow chip)
    tear_after: int | None = None  # leave the field on APDU number N+1
    sfi: bool = True  # READ BINARY with a short file identifier
    plain_errors: bool = True  # errors under SM answered as a bare SW (as many chips do)
    past_eof: str = "6282"  # asked beyond the end: "6282" (the data there is + 6282), "6B00" or "6Cxx"


@dataclass
class ChipSecrets:
    mrz_information: str
    can: str | None = None
    pace: list[PaceInfo] = field(default_factory=list)
    aa_key: Any = None  # RSA/EC private key (cryptography); None: no AA
    aa_algorithm: str | None = None
    ca_group: Group | None = None
    ca_private: int | None = None  # the private key the chip *uses* (a clone's differs from DG14)
    ca_info: ChipAuthInfo | None = None
    cam_private: int | None = None


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class VirtualPassport:
    atr: bytes | None = None  # vpcd's default contactless ATR (announces extended length)

    def __init__(self, files: dict[int | str, bytes], secrets: ChipSecrets,
                 behaviour: ChipBehaviour | None = None, *, card_access: bytes | None = None,
                 card_security: bytes | None = None) -> None:
        self.behaviour = behaviour or ChipBehaviour()
        self.secrets = secrets
        self.applet: dict[int, bytes] = {}
        self.sfi_map: dict[int, int] = {}
        for key, data in files.items():
            f = EF_COM if key == "COM" else EF_SOD if key == "SOD" else DG_FILES[int(key)]
            self.applet[f.fid] = data
            self.sfi_map[f.sfi] = f.fid
        self.mf: dict[int, bytes] = {}
        if card_access is not None:
            self.mf[EF_CARD_ACCESS_FID] = card_access
        if card_security is not None:
            self.mf[EF_CARD_SECURITY_FID] = card_security
        self.apdu_count = 0
        self.reset()

    def reset(self) -> None:
        """Power cycle: drop every session state (vpcd calls it on power on/off/reset)."""
        self.sm: SecureMessaging | None = None
        self.pending_sm: SecureMessaging | None = None
        self.applet_selected = False
        self.current: int | None = None
        s = self.secrets
        self.bac = BacCard(s.mrz_information)
        secrets_ = {PASSWORD_MRZ: password_secret(s.mrz_information, PASSWORD_MRZ)}
        if s.can:
            secrets_[PASSWORD_CAN] = password_secret(s.can, PASSWORD_CAN)
        self.pace = PaceCard(s.pace, secrets_, s.cam_private) if s.pace else None
        self.ca_pending: ChipAuthInfo | None = None

    # --- APDU loop ----------------------------------------------------------------------------

    def process_apdu(self, apdu: bytes) -> bytes | None:
        self.apdu_count += 1
        b = self.behaviour
        if b.tear_after is not None and self.apdu_count > b.tear_after:
            from hardware.sim.vpcd import CardTorn

            raise CardTorn("virtual passport left the field")
        if b.delay_s:
            time.sleep(b.delay_s)
        try:
            raw = parse_command(apdu)
        except ChipError:
            return _sw(0x6700)
        extended_apdu = len(apdu) >= 7 and apdu[4] == 0
        if extended_apdu and not b.extended:
            return _sw(SW_WRONG_LENGTH)
        if raw.cla & 0x0C == 0x0C:
            if self.sm is None:
                return _sw(SW_SM_MISSING)
            try:
                cmd = self.sm.unprotect_command(apdu)
            except (SmError, ChipError):
                self.sm = None  # a bad MAC ends the session (the terminal must re-authenticate)
                return _sw(SW_SM_INCORRECT)
            data, sw = self._handle(cmd, protected=True)
            if sw != SW_OK and sw != 0x6282 and not data and b.plain_errors:
                return _sw(sw)
            resp = self.sm.protect_response(data, sw, odd=bool(cmd.ins & 1))
            if self.pending_sm is not None:  # Chip Authentication: answer under the old keys, then switch
                self.sm, self.pending_sm = self.pending_sm, None
            return resp
        if self.sm is not None and raw.ins not in (0x22, 0x86, 0x84, 0x82):
            self.sm = None  # a plain command ends secure messaging
        data, sw = self._handle(raw, protected=False)
        return data + _sw(sw)

    # --- commands -----------------------------------------------------------------------------

    def _handle(self, cmd: Command, *, protected: bool) -> tuple[bytes, int]:
        ins = cmd.ins
        if ins == 0xA4:
            return self._select(cmd, protected)
        if ins in (0xB0, 0xB1):
            return self._read_binary(cmd, protected)
        if ins == 0x84:
            return (self.bac.challenge(), SW_OK) if (cmd.le or 0) == 8 else (b"", 0x6700)
        if ins == 0x82:
            try:
                resp, sm = self.bac.authenticate(cmd.data)
            except ChipError:
                return b"", 0x6300
            self.sm = sm
            return resp, SW_OK
        if ins == 0x22:
            return self._mse(cmd, protected)
        if ins == 0x86:
            return self._general_authenticate(cmd, protected)
        if ins == 0x88:
            if not protected:
                return b"", SW_SECURITY_STATUS
            if self.secrets.aa_key is None:
                return b"", 0x6D00
            if len(cmd.data) != 8:
                return b"", 0x6A80
            return aa.sign(self.secrets.aa_key, cmd.data, self.secrets.aa_algorithm), SW_OK
        return b"", 0x6D00

    def _files(self) -> dict[int, bytes]:
        return self.applet if self.applet_selected else self.mf

    def _select(self, cmd: Command, protected: bool) -> tuple[bytes, int]:
        if cmd.p1 == 0x04:
            if cmd.data != EMRTD_AID:
                return b"", SW_FILE_NOT_FOUND
            self.applet_selected, self.current = True, None
            return b"", SW_OK
        if len(cmd.data) != 2:
            return b"", 0x6A80
        fid = int.from_bytes(cmd.data, "big")
        if fid == 0x3F00:
            self.applet_selected, self.current = False, None
            return b"", SW_OK
        if self.applet_selected and not protected:
            return b"", SW_SECURITY_STATUS
        if fid not in self._files():
            return b"", SW_FILE_NOT_FOUND
        self.current = fid
        return b"", SW_OK

    def _read_binary(self, cmd: Command, protected: bool) -> tuple[bytes, int]:
        if self.applet_selected and not protected:
            return b"", SW_SECURITY_STATUS
        le = cmd.le or 256
        if le > self.behaviour.max_le:
            return b"", SW_WRONG_LENGTH
        if cmd.ins == 0xB1:
            try:
                do54 = tlv.decode(cmd.data)
            except tlv.TlvError:
                return b"", 0x6A80
            if do54.tag != 0x54 or not 1 <= len(do54.value) <= 3:
                return b"", 0x6A80
            offset = int.from_bytes(do54.value, "big")
        elif cmd.p1 & 0x80:
            if not self.behaviour.sfi:
                return b"", 0x6A86
            fid = self.sfi_map.get(cmd.p1 & 0x1F) if self.applet_selected else \
                {0x1C: EF_CARD_ACCESS_FID, 0x1D: EF_CARD_SECURITY_FID}.get(cmd.p1 & 0x1F)
            if fid is None or fid not in self._files():
                return b"", SW_FILE_NOT_FOUND
            self.current, offset = fid, cmd.p2
        else:
            offset = (cmd.p1 << 8) | cmd.p2
        if self.current is None:
            return b"", 0x6986
        data = self._files()[self.current]
        if offset >= len(data):
            return b"", 0x6B00
        if cmd.ins == 0xB1:
            chunk = data[offset : offset + max(0, le - 4)]
            return tlv.encode(0x53, chunk), SW_OK if len(chunk) == le - 4 else 0x6282
        chunk = data[offset : offset + le]
        if len(chunk) < le and self.behaviour.past_eof == "6B00":
            return b"", 0x6B00
        if len(chunk) < le and self.behaviour.past_eof == "6Cxx" and len(chunk) < 256:
            return b"", 0x6C00 | len(chunk)
        return chunk, SW_OK if len(chunk) == le else 0x6282

    def _mse(self, cmd: Command, protected: bool) -> tuple[bytes, int]:
        p = (cmd.p1, cmd.p2)
        if p == (0xC1, 0xA4):
            if self.pace is None:
                return b"", 0x6A80
            self.sm = None
            return b"", self.pace.set_at(cmd.data)
        if not protected:
            return b"", SW_SECURITY_STATUS
        if p == (0x41, 0xA4):  # CA with AES: Set AT, then GENERAL AUTHENTICATE
            self.ca_pending = self.secrets.ca_info
            return (b"", SW_OK) if self.secrets.ca_private is not None else (b"", 0x6A80)
        if p == (0x41, 0xA6):  # CA with 3DES: Set KAT carries the terminal's key
            try:
                found = {t.tag: t.value for t in tlv.decode_all(cmd.data)}
                return b"", self._chip_authenticate(found[0x91], self.secrets.ca_info)
            except (tlv.TlvError, KeyError):
                return b"", 0x6A80
        return b"", 0x6A86

    def _chip_authenticate(self, terminal_public: bytes, info: ChipAuthInfo | None) -> int:
        s = self.secrets
        if s.ca_group is None or s.ca_private is None:
            return 0x6A80
        try:
            point = s.ca_group.decode(terminal_public)
        except GroupError:
            return 0x6A80
        shared = s.ca_group.shared_secret(s.ca_group.agree(s.ca_private, point))
        cipher, bits = (info.cipher, info.key_bits) if info is not None else ("3DES", 128)
        ks_enc, ks_mac = ca_session_keys(shared, cipher, bits)
        self.pending_sm = SecureMessaging(cipher, ks_enc, ks_mac, 0)
        return SW_OK

    def _general_authenticate(self, cmd: Command, protected: bool) -> tuple[bytes, int]:
        if protected:
            if self.ca_pending is None:
                return b"", 0x6985
            try:
                inner = {c.tag: c.value for c in tlv.decode(cmd.data).children()}
                sw = self._chip_authenticate(inner[0x80], self.ca_pending)
            except (tlv.TlvError, KeyError):
                return b"", 0x6A80
            self.ca_pending = None
            return (tlv.encode(0x7C, b""), sw) if sw == SW_OK else (b"", sw)
        if self.pace is None:
            return b"", 0x6D00
        data, sw, sm = self.pace.general_authenticate(cmd.data)
        if sm is not None:
            self.sm, self.applet_selected, self.current = sm, False, None
        return data, sw
