"""Machine-readable zone (ICAO Doc 9303 Parts 3-6): TD1, TD2 and TD3, with every check digit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.errors import KioskError

_WEIGHTS = (7, 3, 1)
_VALID = re.compile(r"^[A-Z0-9<]+$")


class MrzError(KioskError):
    """The MRZ cannot be used; the message says which field or line is wrong."""


def char_value(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    if c == "<":
        return 0
    raise MrzError(f"invalid MRZ character {c!r}")


def check_digit(data: str) -> str:
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def _verify(field: str, data: str, digit: str, allow_filler: bool = False) -> None:
    if allow_filler and digit == "<" and set(data) <= {"<"}:
        return
    if digit != check_digit(data):
        raise MrzError(f"check digit of {field} is wrong ({data!r} gives {check_digit(data)}, MRZ has {digit!r})")


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


@dataclass(frozen=True)
class Mrz:
    format: str  # "TD1", "TD2" or "TD3"
    document_code: str
    issuing_state: str
    document_number: str  # without fillers; long TD1 numbers in full
    document_number_check: str
    date_of_birth: str  # YYMMDD
    date_of_expiry: str  # YYMMDD
    sex: str
    nationality: str
    surname: str
    given_names: str
    optional_data: str
    lines: tuple[str, ...]

    @property
    def mrz_information(self) -> str:
        """Document number, date of birth, date of expiry with their check digits: the BAC/PACE secret."""
        number = self.document_number.ljust(9, "<")
        return (
            number
            + check_digit(number)
            + self.date_of_birth
            + check_digit(self.date_of_birth)
            + self.date_of_expiry
            + check_digit(self.date_of_expiry)
        )

    def fields(self) -> dict[str, str]:
        """The fields DG1 is compared against, under the names of the read-chip JSON contract."""
        return {
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "document_number": self.document_number,
            "date_of_birth": self.date_of_birth,
            "date_of_expiry": self.date_of_expiry,
            "sex": self.sex,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
        }


def _clean(text: str) -> list[str]:
    lines = [ln.strip().upper().replace(" ", "") for ln in text.replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise MrzError("no MRZ text")
    for i, ln in enumerate(lines, 1):
        if not _VALID.match(ln):
            bad = sorted(set(ln) - set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"))
            raise MrzError(f"line {i} has characters outside the MRZ set: {''.join(bad)!r}")
    return lines


def parse_mrz(text: str) -> Mrz:
    """Parse and check an MRZ given as its lines (newline separated). Raises MrzError."""
    lines = _clean(text)
    shape = (len(lines), *{len(ln) for ln in lines})
    if shape == (3, 30):
        return _td1(lines)
    if shape == (2, 36):
        return _td2_td3(lines, "TD2")
    if shape == (2, 44):
        return _td2_td3(lines, "TD3")
    lens = ", ".join(str(len(ln)) for ln in lines)
    raise MrzError(
        f"not an MRZ: {len(lines)} line(s) of {lens} characters (TD1 is 3x30, TD2 2x36, TD3 2x44)"
    )


def _td2_td3(lines: list[str], fmt: str) -> Mrz:
    l1, l2 = lines
    n = len(l1)
    number, number_cd = l2[0:9], l2[9]
    dob, dob_cd, sex = l2[13:19], l2[19], l2[20]
    doe, doe_cd = l2[21:27], l2[27]
    _verify("document number", number, number_cd)
    _verify("date of birth", dob, dob_cd)
    _verify("date of expiry", doe, doe_cd)
    if fmt == "TD3":
        optional = l2[28:42]
        _verify("personal number", optional, l2[42], allow_filler=True)
        composite_data, composite = l2[0:10] + l2[13:20] + l2[21:43], l2[43]
    else:
        optional = l2[28:35]
        composite_data, composite = l2[0:10] + l2[13:20] + l2[21:35], l2[35]
    _verify("composite", composite_data, composite)
    surname, given = _names(l1[5:n])
    return Mrz(
        format=fmt,
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        document_number=number.rstrip("<"),
        document_number_check=number_cd,
        date_of_birth=dob,
        date_of_expiry=doe,
        sex=sex.replace("<", "X"),
        nationality=l2[10:13].rstrip("<"),
        surname=surname,
        given_names=given,
        optional_data=optional.rstrip("<"),
        lines=tuple(lines),
    )


def _td1(lines: list[str]) -> Mrz:
    l1, l2, l3 = lines
    number, number_cd, optional1 = l1[5:14], l1[14], l1[15:30]
    if number_cd == "<":
        # Long document number: it continues in the optional data up to a filler; the last
        # character before that filler is the check digit (Doc 9303 Part 5, note j).
        rest = optional1.split("<", 1)[0]
        if len(rest) < 2:
            raise MrzError("long document number is truncated")
        number, number_cd = number + rest[:-1], rest[-1]
        optional1 = optional1[len(rest) :]
    _verify("document number", number, number_cd)
    dob, dob_cd, sex = l2[0:6], l2[6], l2[7]
    doe, doe_cd = l2[8:14], l2[14]
    _verify("date of birth", dob, dob_cd)
    _verify("date of expiry", doe, doe_cd)
    _verify("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
    surname, given = _names(l3)
    return Mrz(
        format="TD1",
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        document_number=number.rstrip("<"),
        document_number_check=number_cd,
        date_of_birth=dob,
        date_of_expiry=doe,
        sex=sex.replace("<", "X"),
        nationality=l2[15:18].rstrip("<"),
        surname=surname,
        given_names=given,
        optional_data=(optional1 + l2[18:29]).strip("<"),
        lines=tuple(lines),
    )


def _field(value: str, width: int) -> str:
    value = value.upper().replace(" ", "<")
    if len(value) > width:
        raise MrzError(f"{value!r} does not fit in {width} characters")
    return value.ljust(width, "<")


def build_td3(
    *,
    document_code: str = "P",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    date_of_birth: str,
    sex: str,
    date_of_expiry: str,
    optional_data: str = "",
) -> str:
    """Compose a valid TD3 MRZ (used by the simulators and the officer's manual entry)."""
    names = surname.upper().replace(" ", "<") + "<<" + given_names.upper().replace(" ", "<")
    l1 = _field(document_code, 2) + _field(issuing_state, 3) + _field(names[:39], 39)
    number = _field(document_number, 9)
    optional = _field(optional_data, 14)
    opt_cd = "<" if set(optional) == {"<"} else check_digit(optional)
    body = (
        number
        + check_digit(number)
        + _field(nationality, 3)
        + date_of_birth
        + check_digit(date_of_birth)
        + _field(sex, 1)
        + date_of_expiry
        + check_digit(date_of_expiry)
        + optional
        + opt_cd
    )
    composite = check_digit(body[0:10] + body[13:20] + body[21:43])
    return l1 + "\n" + body + composite
