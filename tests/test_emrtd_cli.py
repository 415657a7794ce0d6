"""read-chip's --mrz argument: MRZ lines or the MRZ information alone (check digits enforced)."""

from __future__ import annotations

import pytest

from kiosk.emrtd.mrz import MrzError
from ui.commands.chip import mrz_from_text

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<14"


@pytest.mark.parametrize("text,number,info", [
    ("L898902C<369080619406236", "L898902C", "L898902C<369080619406236"),
    (" l898902c<3 690806 1 940623 6 ", "L898902C", "L898902C<369080619406236"),
    ("D23145890734934071279507122", "D23145890734", "D23145890734934071279507122"),  # long TD1 number
    (TD3, "L898902C", "L898902C<369080619406236"),
    (TD3.replace("\n", "\\n"), "L898902C", "L898902C<369080619406236"),
])
def test_mrz_argument_forms(text: str, number: str, info: str) -> None:
    mrz = mrz_from_text(text)
    assert (mrz.document_number, mrz.mrz_information) == (number, info)


@pytest.mark.parametrize("text", ["L898902C<369080619406237", "L898902C<469080619406236", "garbage", ""])
def test_bad_mrz_argument_is_a_clear_error(text: str) -> None:
    with pytest.raises(MrzError):
        mrz_from_text(text)
