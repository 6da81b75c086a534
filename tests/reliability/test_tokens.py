"""Access tokens: every forged, foreign, stale or revoked token is a 401 problem; secrets are kept hashed."""

import base64
import json
import time
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jose import jwt
from sqlmodel import Session, select

from app.config import Settings
from app.models.auth import ApiClient, IdempotencyRecord
from tests.factories import Caller, caller_for, created, provider

PROBLEM = "application/problem+json"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(caller: Caller, **changes: Any) -> dict[str, Any]:
    token = caller.headers["Authorization"][7:]
    return {**jwt.get_unverified_claims(token), **changes}


def _sign(settings: Settings, claims: dict[str, Any], algorithm: str = "HS256",
          key: str | None = None) -> str:
    return jwt.encode(claims, key or settings.secret_key, algorithm=algorithm)


def _assert_401(client: TestClient, token: str) -> None:
    r = client.get("/api/v1/providers", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert r.headers["content-type"] == PROBLEM and r.json()["status"] == 401
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.fixture
def someone(admin: Caller) -> Caller:
    """A provider caller whose token the tests tamper with."""
    return caller_for(admin, "provider", provider_id=provider(admin)["id"])


def test_valid_token_is_accepted(client: TestClient, someone: Caller) -> None:
    assert someone.get("/api/v1/providers").status_code == 200


def test_alg_none_token_answers_401(client: TestClient, someone: Caller) -> None:
    header = _b64({"alg": "none", "typ": "JWT"})
    _assert_401(client, f"{header}.{_b64(_claims(someone))}.")


def test_hs512_token_signed_with_the_real_key_answers_401(client: TestClient, settings: Settings,
                                                            someone: Caller) -> None:
    _assert_401(client, _sign(settings, _claims(someone), "HS512"))


def test_rs256_token_answers_401(client: TestClient, someone: Caller) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    _assert_401(client, jwt.encode(_claims(someone), pem, algorithm="RS256"))


def test_rs256_header_with_hmac_signature_answers_401(client: TestClient, settings: Settings,
                                                      someone: Caller) -> None:
    signed = _sign(settings, _claims(someone)).split(".")
    _assert_401(client, ".".join([_b64({"alg": "RS256", "typ": "JWT"}), signed[1], signed[2]]))


@pytest.mark.parametrize("claim", ["aud", "iss"])
def test_token_for_another_audience_or_issuer_answers_401(client: TestClient, settings: Settings,
                                                           someone: Caller, claim: str) -> None:
    _assert_401(client, _sign(settings, _claims(someone, **{claim: "someone-else"})))


def test_expired_token_answers_401(client: TestClient, settings: Settings, someone: Caller) -> None:
    now = int(time.time())
    _assert_401(client, _sign(settings, _claims(someone, iat=now - 7200, exp=now - 3600)))


@pytest.mark.parametrize("missing", ["exp", "iat", "sub"])
def test_token_without_a_required_claim_answers_401(client: TestClient, settings: Settings,
                                                    someone: Caller, missing: str) -> None:
    claims = _claims(someone)
    del claims[missing]
    _assert_401(client, _sign(settings, claims))


def test_token_signed_with_another_key_answers_401(client: TestClient, settings: Settings,
                                                   someone: Caller) -> None:
    _assert_401(client, _sign(settings, _claims(someone), key="another-key-" + "y" * 40))


def test_altered_payload_answers_401(client: TestClient, admin: Caller, someone: Caller) -> None:
    header, _, signature = someone.headers["Authorization"][7:].split(".")
    forged = _claims(someone, role="admin", sub=_claims(admin)["sub"])
    _assert_401(client, f"{header}.{_b64(forged)}.{signature}")


def test_altered_signature_answers_401(client: TestClient, someone: Caller) -> None:
    header, payload, signature = someone.headers["Authorization"][7:].split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    _assert_401(client, f"{header}.{payload}.{flipped}")


def test_token_of_unknown_client_answers_401(client: TestClient, settings: Settings, someone: Caller) -> None:
    _assert_401(client, _sign(settings, _claims(someone, sub=str(uuid.uuid4()))))


@pytest.mark.parametrize("token", ["", "x", "a.b.c", "Bearer", "\u00e9.\u00e9.\u00e9"])
def test_garbage_token_answers_401(client: TestClient, token: str) -> None:
    r = client.get("/api/v1/providers", headers={"Authorization": f"Bearer {token}".encode()})
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM


def test_disabled_client_token_and_login_answer_401(client: TestClient, admin: Caller,
                                                    someone: Caller) -> None:
    r = admin.patch(f"/api/v1/api-clients/{someone.info['id']}", json={"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    _assert_401(client, someone.headers["Authorization"][7:])
    r = client.post("/api/v1/auth/token", data={"grant_type": "client_credentials",
                                                "client_id": someone.info["client_id"],
                                                "client_secret": someone.info["client_secret"]})
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM


def test_rotated_secret_old_token_and_old_secret_answer_401(client: TestClient, admin: Caller,
                                                           someone: Caller) -> None:
    rotated = admin.post(f"/api/v1/api-clients/{someone.info['id']}/rotate-secret")
    assert rotated.status_code == 200
    new_secret = rotated.json()["client_secret"]
    assert new_secret != someone.info["client_secret"]
    _assert_401(client, someone.headers["Authorization"][7:])
    form = {"grant_type": "client_credentials", "client_id": someone.info["client_id"]}
    r = client.post("/api/v1/auth/token", data={**form, "client_secret": someone.info["client_secret"]})
    assert r.status_code == 401
    fresh = Caller.login(client, someone.info["client_id"], new_secret)
    assert fresh.get("/api/v1/providers").status_code == 200


def test_client_secret_is_stored_as_scrypt_hash_only(client: TestClient, admin: Caller) -> None:
    body = created(admin.post("/api/v1/api-clients", json={"name": "hash check", "role": "admin"},
                              headers={"Idempotency-Key": f"hash-{uuid.uuid4()}"}))
    rotated = admin.post(f"/api/v1/api-clients/{body['id']}/rotate-secret",
                         headers={"Idempotency-Key": f"rotate-{uuid.uuid4()}"}).json()
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = session.get(ApiClient, uuid.UUID(body["id"]))
        mine = IdempotencyRecord.client_id == _claims(admin)["sub"]
        records = session.exec(select(IdempotencyRecord).where(mine))
        stored = [repr(row.model_dump())] + [r.response_body.decode() for r in records]
    assert row is not None and row.secret_hash.startswith("scrypt$")
    for secret in (body["client_secret"], rotated["client_secret"]):
        assert all(secret not in text for text in stored)


def test_idempotent_retry_of_client_creation_creates_no_second_client(admin: Caller) -> None:
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    first = created(admin.post("/api/v1/api-clients", json={"name": "retry", "role": "admin"}, headers=key))
    again = admin.post("/api/v1/api-clients", json={"name": "retry", "role": "admin"}, headers=key)
    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert again.json()["client_secret"] != first["client_secret"]  # shown once, never stored
