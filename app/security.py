"""Secrets and signatures: the only module that imports jose."""

import base64
import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any

from jose import JWTError, jwt

ACCESS_ALGORITHMS = ["HS256"]


class InvalidToken(Exception):
    """A token that is malformed, forged, expired or for another audience."""


def hash_secret(secret: str, *, n: int) -> str:
    """A salted scrypt hash of a client secret."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether the secret matches its stored hash, in constant time."""
    try:
        scheme, n, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(secret.encode(), salt=_unb64(salt), n=int(n), r=8, p=1, dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def secret_version(stored: str) -> str:
    """A short fingerprint of a stored secret hash: tokens carry it, so rotating the secret revokes them."""
    return hashlib.sha256(stored.encode()).hexdigest()[:16]


def new_client_secret() -> str:
    """A fresh random client secret."""
    return secrets.token_urlsafe(32)


def issue_access_token(claims: dict[str, Any], *, key: str, issuer: str, audience: str, ttl: int) -> str:
    """A signed JWT carrying the claims, valid for ``ttl`` seconds."""
    now = int(time.time())
    payload = {**claims, "iss": issuer, "aud": audience, "iat": now, "exp": now + ttl, "jti": uuid.uuid4().hex}
    return str(jwt.encode(payload, key, algorithm=ACCESS_ALGORITHMS[0]))


def decode_access_token(token: str, *, key: str, issuer: str, audience: str) -> dict[str, Any]:
    """The verified claims of an access token (algorithm, signature, exp, iss and aud checked)."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in ACCESS_ALGORITHMS:
            raise InvalidToken("algorithm not allowed")
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=ACCESS_ALGORITHMS, issuer=issuer, audience=audience,
            options={"require_exp": True, "require_iat": True, "require_sub": True})
        return claims
    except (JWTError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InvalidToken(str(exc)) from None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- Credential signing: ES256 keys kept in the database, compact JWS credentials. ---

CREDENTIAL_ALGORITHMS = ["ES256"]


def generate_signing_key() -> tuple[str, str, dict[str, Any]]:
    """A fresh P-256 key: (kid, private key PEM, public JWK carrying the kid)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    numbers = private.public_key().public_numbers()
    x, y = _b64(numbers.x.to_bytes(32, "big")), _b64(numbers.y.to_bytes(32, "big"))
    # RFC 7638 thumbprint: a kid that names the key itself.
    thumbprint = _b64(hashlib.sha256(f'{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}'.encode()).digest())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    jwk = {"kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": thumbprint, "alg": "ES256", "use": "sig"}
    return thumbprint, pem, jwk


def sign_credential(payload: dict[str, Any], private_pem: str, kid: str) -> str:
    """The payload as a compact JWS signed with ES256, naming the key in the header."""
    headers = {"kid": kid, "typ": "JWT"}
    return str(jwt.encode(payload, private_pem, algorithm=CREDENTIAL_ALGORITHMS[0], headers=headers))


def verify_credential(token: str, public_jwks: list[dict[str, Any]]) -> dict[str, Any]:
    """The claims of a credential signed by one of these keys (found by kid); InvalidToken otherwise."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in CREDENTIAL_ALGORITHMS:
            raise InvalidToken("algorithm not allowed")
        key = next((k for k in public_jwks if k.get("kid") == header.get("kid")), None)
        if key is None:
            raise InvalidToken("unknown key")
        claims: dict[str, Any] = jwt.decode(token, key, algorithms=CREDENTIAL_ALGORITHMS,
                                            options={"verify_aud": False, "require_jti": True, "require_iss": True})
        return claims
    except (JWTError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InvalidToken(str(exc)) from None
