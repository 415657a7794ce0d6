"""QR e-declaration tokens: signing, verification reasons, replay store, binding, fuzzing."""

from __future__ import annotations

import base64
from datetime import timedelta

import base45
import cbor2
import pytest
from decl_fixtures import DOC, OTHER_DOC, T0, FakeClock, clean_answers, entry_rules, keys
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.declarations.issuer import public_pem
from kiosk.declarations.replay import MemoryUsedIdStore, SqliteUsedIdStore
from kiosk.declarations.token import (
    BAD_SIGNATURE,
    EXPIRED,
    GARBLED,
    NOT_YET_VALID,
    OTHER_DOCUMENT,
    REPLAYED,
    UNKNOWN_KEY,
    UNKNOWN_VERSION,
    DocumentIdentity,
    TokenVerifier,
    declaration_from_qr,
    issue_token,
    load_issuer_keys,
    load_public_key,
)
from kiosk.errors import ConfigError

KEYS = keys()


def verifier(clock=None, store=None, **kw):
    return TokenVerifier(
        {kid: k.public_key() for kid, k in KEYS.items()},
        store if store is not None else MemoryUsedIdStore(),
        clock=clock or FakeClock(),
        **kw,
    )


def token(kid="ed", answers=None, document=DOC, **kw):
    kw.setdefault("issued_at", T0)
    return issue_token(
        answers if answers is not None else clean_answers(), document, KEYS[kid], kid=kid, **kw
    )


@pytest.mark.parametrize("kid", ["ed", "p256"])
def test_round_trip_with_both_key_types(kid):
    rules = entry_rules()
    answers = clean_answers(rules, alcohol_tobacco=True, cigarettes=600)
    text = token(kid, answers, issuer="CN e-declaration")
    assert text.startswith("CKD1:") and len(text) < 600
    assert set(text[5:]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric
    v = verifier()
    result = v.verify(text, DOC, consume=False)
    assert result.valid and result.kid == kid and result.answers == answers
    assert result.issuer == "CN e-declaration"
    assert result.expires_at - result.issued_at == 24 * 3600
    decision, _ = declaration_from_qr(text, v, rules, DOC)
    assert decision.source == "qr" and decision.status == "declared" and decision.items == ["tobacco"]
    ev = decision.to_evidence()
    assert ev.source == "qr" and ev.reasons == ["over-limit:cigarettes"]


def test_nothing_to_declare_via_qr():
    decision, result = declaration_from_qr(token(), verifier(), entry_rules(), DOC)
    assert result.valid and decision.status == "nothing-to-declare"


def _assert_invalid(text, code, v=None, document=DOC):
    decision, result = declaration_from_qr(text, v or verifier(), entry_rules(), document)
    assert result.reason == code, result
    assert decision.status == "invalid" and decision.source == "qr"
    assert decision.to_evidence().reasons == [code]
    assert decision.reasons[0].text_key == result.text_key and result.text_key.startswith(
        "decl.reason.token."
    )
    return result


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "https://example.com/boarding",
        "CKD1:",
        "CKD1:!!!!",
        "CKD1:ABC",
        "ckd1:0000",
        "CKD1:" + base45.b45encode(b"\xff\x00").decode(),
        "CKD1:" + base45.b45encode(cbor2.dumps([1, 2])).decode(),
        "CKD1:" + base45.b45encode(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""]))).decode(),
        "CKD1:" + "A" * 5000,
    ],
)
def test_garbled_input(text):
    _assert_invalid(text, GARBLED)


def test_truncated_token_is_garbled():
    text = token()
    _assert_invalid(text[: len(text) * 2 // 3], GARBLED)


def test_unknown_version():
    text = token()
    result = _assert_invalid("CKD2:" + text[5:], UNKNOWN_VERSION)
    assert "2" in result.detail
    _assert_invalid(token(version=7), UNKNOWN_VERSION)


def test_unknown_key_id():
    stranger = keys()["ed"]
    text = issue_token(clean_answers(), DOC, stranger, kid="not-ours", issued_at=T0)
    assert _assert_invalid(text, UNKNOWN_KEY).kid == "not-ours"


@pytest.mark.parametrize("kid", ["ed", "p256"])
def test_bad_signature_from_wrong_key_under_known_kid(kid):
    impostor = keys()[kid]
    text = issue_token(clean_answers(), DOC, impostor, kid=kid, issued_at=T0)
    _assert_invalid(text, BAD_SIGNATURE)


@pytest.mark.parametrize("kid", ["ed", "p256"])
def test_tampered_payload_fails_signature(kid):
    rules = entry_rules()
    text = token(kid, clean_answers(rules, alcohol_tobacco=True, cigarettes=600))
    obj = cbor2.loads(base45.b45decode(text[5:]))
    protected, _unprotected, payload, sig = obj.value
    claims = cbor2.loads(payload)
    claims["d"][6] = 10  # cigarettes: 600 -> 10, hoping to pass
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(claims), sig]))
    _assert_invalid("CKD1:" + base45.b45encode(forged).decode(), BAD_SIGNATURE)


def test_algorithm_swap_is_rejected():
    # A token claiming EdDSA under the P-256 key id must not verify (alg/key confusion).
    text = issue_token(clean_answers(), DOC, KEYS["ed"], kid="p256", issued_at=T0)
    _assert_invalid(text, BAD_SIGNATURE)


def test_expired_and_not_yet_valid_with_clock_skew():
    text = token(validity=timedelta(hours=24))
    clock = FakeClock()
    v = verifier(clock, clock_skew=timedelta(minutes=5))
    clock.advance(24 * 3600 + 4 * 60)  # within skew: still valid
    assert v.verify(text, DOC, consume=False).valid
    clock.advance(2 * 60)
    _assert_invalid(text, EXPIRED, v)

    early = FakeClock(T0 - timedelta(minutes=4))  # kiosk clock slightly behind the issuer: ok
    assert verifier(early).verify(text, DOC, consume=False).valid
    early.advance(-2 * 60)  # six minutes behind: not valid yet
    _assert_invalid(text, NOT_YET_VALID, verifier(early))


def test_validity_longer_than_allowed_counts_as_expired():
    text = token(validity=timedelta(days=30))
    _assert_invalid(text, EXPIRED, verifier(max_validity=timedelta(days=7)))


@pytest.mark.parametrize(
    "other",
    [
        OTHER_DOC,
        DocumentIdentity("E12345678", "900102", "CHN"),
        DocumentIdentity("E12345670", "900101", "CHN"),
    ],
)
def test_bound_to_another_document(other):
    _assert_invalid(token(), OTHER_DOCUMENT, document=other)


def test_binding_ignores_mrz_fillers_and_case():
    text = token(document=DocumentIdentity("e1234567<", "900101", "D<<"))
    assert verifier().verify(text, DocumentIdentity("E1234567", "900101", "D"), consume=False).valid


def test_binding_is_salted():
    a, b = token(), token()
    ca, cb = (cbor2.loads(cbor2.loads(base45.b45decode(t[5:])).value[2])["b"] for t in (a, b))
    assert ca[0] != cb[0] and ca[1] != cb[1]


def test_replay_across_two_scans_with_sqlite_store(tmp_path):
    db = tmp_path / "used.sqlite"
    text = token()
    lane1 = verifier(store=SqliteUsedIdStore(db))
    lane2 = verifier(store=SqliteUsedIdStore(db))  # another lane sharing the database
    assert declaration_from_qr(text, lane1, entry_rules(), DOC)[1].valid
    _assert_invalid(text, REPLAYED, lane1)
    _assert_invalid(text, REPLAYED, lane2)
    # a token presented with the wrong passport is not burned
    fresh = token()
    _assert_invalid(fresh, OTHER_DOCUMENT, lane1, document=OTHER_DOC)
    assert lane2.verify(fresh, DOC).valid


def test_sqlite_store_purges_expired_ids(tmp_path):
    store = SqliteUsedIdStore(tmp_path / "used.sqlite")
    assert store.mark_used("a", keep_until=100.0, now=0.0)
    assert store.mark_used("b", keep_until=300.0, now=0.0)
    assert not store.mark_used("a", keep_until=100.0, now=1.0)
    assert store.purge(now=200.0) == 1
    assert store.count() == 1
    assert store.mark_used("a", keep_until=400.0, now=201.0)
    store.close()


def test_verifier_purges_expired_used_ids(tmp_path):
    clock = FakeClock()
    store = SqliteUsedIdStore(tmp_path / "used.sqlite")
    v = verifier(clock, store)
    assert v.verify(token(), DOC).valid
    assert v.purge_used_ids() == 0 and store.count() == 1  # still valid: must be remembered
    clock.advance(25 * 3600)
    assert v.purge_used_ids() == 1 and store.count() == 0


def test_memory_store_purge():
    store = MemoryUsedIdStore()
    store.mark_used("x", 10.0, 0.0)
    assert store.purge(5.0) == 0 and store.purge(11.0) == 1 and len(store) == 0


def test_unusable_store_refuses_token(tmp_path):
    store = SqliteUsedIdStore(tmp_path / "used.sqlite")
    store.close()  # e.g. the database went away
    result = verifier(store=store).verify(token(), DOC)
    assert result.reason == "token:store-unavailable"


def test_public_keys_load_from_pem_files(tmp_path):
    paths = {}
    for kid, key in KEYS.items():
        p = tmp_path / f"{kid}.pem"
        p.write_bytes(public_pem(key))
        paths[kid] = p
    loaded = load_issuer_keys(paths)
    v = TokenVerifier(loaded, MemoryUsedIdStore(), clock=FakeClock())
    assert v.verify(token("p256"), DOC).valid
    (tmp_path / "junk.pem").write_text("not a key")
    with pytest.raises(ConfigError, match=r"declarations\.keys\.junk"):
        load_issuer_keys({"junk": tmp_path / "junk.pem"})
    with pytest.raises(ConfigError, match=r"declarations\.keys\.gone"):
        load_issuer_keys({"gone": tmp_path / "nope.pem"})


def test_unsupported_key_type_is_a_config_error():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    p384 = ec.generate_private_key(ec.SECP384R1()).public_key()
    pem = p384.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(ConfigError, match="unsupported key type"):
        load_public_key(pem)


def test_binding_covers_document_number_and_date_of_birth():
    v = verifier()
    text = token()
    assert v.verify(text, DocumentIdentity("E12345678", "900102", "CHN"), consume=False).reason == OTHER_DOCUMENT
    assert v.verify(text, DocumentIdentity("E12345678", "900101", "CHN"), consume=False).valid
    # MRZ filler and case do not matter
    assert v.verify(text, DocumentIdentity("e12345678<", "900101"), consume=False).valid


def test_without_a_document_the_binding_is_reported_unchecked():
    v = verifier()
    result = v.verify(token(), None, consume=False)
    assert result.valid and not result.binding_checked
    assert v.verify(token(), DOC, consume=False).binding_checked


# --- hostile input -------------------------------------------------------------------------------

_V = verifier()
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=600),
        st.text(alphabet=_ALNUM, max_size=600).map(lambda s: "CKD1:" + s),
        st.text(max_size=200).map(lambda s: "CKD1:" + s),
    )
)
def test_fuzz_arbitrary_text_never_crashes(text):
    result = _V.verify(text, DOC, consume=False)
    assert not result.valid and result.reason in (GARBLED, UNKNOWN_VERSION)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_fuzz_mutated_tokens_are_rejected_cleanly(data):
    raw = bytearray(base45.b45decode(token()[5:]))
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    result = _V.verify("CKD1:" + base45.b45encode(bytes(raw)).decode(), DOC, consume=False)
    if result.valid:  # a mutation may only land in unsigned parts (unprotected header, tag)
        assert result.answers == clean_answers()
    else:
        assert result.reason in (GARBLED, UNKNOWN_KEY, BAD_SIGNATURE)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.binary(max_size=40) | st.text(max_size=20),
        lambda c: (
            st.lists(c, max_size=5) | st.dictionaries(st.integers() | st.text(max_size=5), c, max_size=5)
        ),
        max_leaves=30,
    )
)
def test_fuzz_structured_cbor_is_rejected_cleanly(obj):
    for wrapped in (obj, cbor2.CBORTag(18, obj)):
        text = "CKD1:" + base45.b45encode(cbor2.dumps(wrapped)).decode()
        assert _V.verify(text, DOC, consume=False).reason == GARBLED


def test_base64_of_a_token_is_not_accepted():
    raw = base45.b45decode(token()[5:])
    assert _V.verify("CKD1:" + base64.b64encode(raw).decode(), DOC, consume=False).reason == GARBLED
