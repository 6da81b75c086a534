"""Signed credentials: anyone verifies them against the published keys; forged, altered, revoked show."""

import base64
import json

from fastapi.testclient import TestClient

from app.security import generate_signing_key, sign_credential
from tests import factories as f
from tests.certificates.conftest import Passport
from tests.eligibility import builders as b


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _credential(client: TestClient, world: Passport) -> tuple[dict, str]:
    """Stage 1 issued by provider A from 6 hours of training; the certificate and its credential."""
    b.trained(client, world.a["id"], world.mentor["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])
    r = world.pa.post(
        "/api/v1/certificates",
        json={"mentor_id": world.mentor["id"], "award": "lp-stage-1", "issued_on": "2025-10-02"},
    )
    assert r.status_code == 201, r.text
    cert = r.json()
    r = world.pb.get(f"/api/v1/certificates/{cert['id']}/credential")
    assert r.status_code == 200, r.text
    return cert, r.json()["credential"]


def _verify(client: TestClient, credential: str) -> dict:
    r = client.post("/api/v1/credentials/verify", json={"credential": credential})  # no token
    assert r.status_code == 200, r.text
    return r.json()


def test_get_credential_is_es256_jws_with_open_badge_payload(client: TestClient, world: Passport) -> None:
    cert, token = _credential(client, world)
    header, payload, _ = token.split(".")
    head = json.loads(_unb64(header))
    assert head["alg"] == "ES256"
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    assert head["kid"] in {k["kid"] for k in keys}
    assert all(k["kty"] == "EC" and k["crv"] == "P-256" and "d" not in k for k in keys)
    body = json.loads(_unb64(payload))
    assert "OpenBadgeCredential" in body["type"]
    assert body["issuer"]["id"] == f"urn:uuid:{world.a['id']}" and body["issuer"]["name"] == world.a["name"]
    achievement = body["credentialSubject"]["achievement"]
    assert achievement["id"] == "urn:mentor-passport:award:lp-stage-1"
    assert body["credentialSubject"]["id"] == f"urn:uuid:{world.mentor['id']}"
    assert body["jti"] == f"urn:uuid:{cert['id']}" and body["validFrom"] == "2025-10-02T00:00:00Z"
    assert any(e["name"] == "face_to_face_training" and "6 hours" in e["narrative"] for e in body["evidence"])


def test_verify_issued_credential_valid_with_summary(client: TestClient, world: Passport) -> None:
    cert, token = _credential(client, world)
    result = _verify(client, token)
    assert result["status"] == "valid"
    summary = result["certificate"]
    assert (summary["id"], summary["award"], summary["provider_id"]) == (
        cert["id"],
        "lp-stage-1",
        world.a["id"],
    )
    assert summary["issued_on"] == "2025-10-02" and summary["revoked_on"] is None


def test_verify_altered_payload_invalid(client: TestClient, world: Passport) -> None:
    _, token = _credential(client, world)
    header, payload, signature = token.split(".")
    body = json.loads(_unb64(payload))
    body["credentialSubject"]["achievement"]["id"] = "urn:mentor-passport:award:lp-stage-2-certificate"
    altered = ".".join([header, _b64(json.dumps(body).encode()), signature])
    assert _verify(client, altered) == {"status": "invalid", "certificate": None, "flags": []}


def test_verify_forged_with_own_key_and_known_kid_invalid(client: TestClient, world: Passport) -> None:
    _, token = _credential(client, world)
    head = json.loads(_unb64(token.split(".")[0]))
    claims = json.loads(_unb64(token.split(".")[1]))
    _, pem, _ = generate_signing_key()
    assert _verify(client, sign_credential(claims, pem, head["kid"]))["status"] == "invalid"
    none_alg = _b64(json.dumps({"alg": "none", "kid": head["kid"]}).encode())
    assert _verify(client, f"{none_alg}.{token.split('.')[1]}.")["status"] == "invalid"


def test_verify_garbage_strings_invalid(client: TestClient) -> None:
    for garbage in ("", "garbage", "a.b.c", "....", "\x00", "é" * 500, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA"):
        assert _verify(client, garbage) == {"status": "invalid", "certificate": None, "flags": []}


def test_verify_too_long_or_not_a_string_422(client: TestClient) -> None:
    assert client.post("/api/v1/credentials/verify", json={"credential": "x" * 20_000}).status_code == 422
    assert client.post("/api/v1/credentials/verify", json={"credential": 5}).status_code == 422


def test_verify_revoked_credential_revoked(client: TestClient, world: Passport) -> None:
    cert, token = _credential(client, world)
    r = world.pa.post(f"/api/v1/certificates/{cert['id']}/revoke", json={"reason": "training not completed"})
    assert r.status_code == 200
    result = _verify(client, token)
    assert result["status"] == "revoked" and result["certificate"]["revoked_on"] == r.json()["revoked_on"]
    assert "revoked_reason" not in result["certificate"]


def test_get_credential_outside_scope_404(admin: f.Caller, client: TestClient, world: Passport) -> None:
    cert, _ = _credential(client, world)
    stranger = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    assert stranger.get(f"/api/v1/certificates/{cert['id']}/credential").status_code == 404
    assert client.get(f"/api/v1/certificates/{cert['id']}/credential").status_code == 401


def test_jwks_public_without_auth_has_kid(client: TestClient) -> None:
    r = client.get("/.well-known/jwks.json")
    assert r.status_code == 200
    keys = r.json()["keys"]
    assert keys and all(k["kid"] and k["alg"] == "ES256" and k["use"] == "sig" for k in keys)
