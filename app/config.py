"""Settings: the only reader of the environment (prefix ``MP_``)."""

import secrets
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = {"changeme", "change-me", "change_me", "secret", "password", "placeholder", "xxx", "todo"}
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Every setting of the service; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="MP_", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Where the SQLite file, keys and uploads are kept.")
    database_url: str = Field("", description="SQLAlchemy URL; SQLite under data_dir when empty.")
    secret_key: str = Field("", description="HMAC key for access tokens; generated under data_dir when empty.")
    host: str = "127.0.0.1"
    port: int = 8000
    forwarded_allow_ips: str = Field(
        "127.0.0.1", description="Proxies whose X-Forwarded-For names the caller (comma-separated, or *)."
    )
    jwt_issuer: str = "mentor-passport"
    jwt_audience: str = "mentor-passport-api"
    token_ttl_seconds: int = Field(3600, ge=60, le=86400)
    bootstrap_client_id: str | None = None
    bootstrap_client_secret: str | None = None
    secret_hash_iterations: int = Field(2**14, ge=2**10, description="scrypt cost factor N for client secrets.")
    max_body_bytes: int = Field(110 * 1024 * 1024, description="Largest request body accepted (413 above).")
    upload_max_bytes: int = Field(10 * 1024 * 1024, description="Largest portfolio evidence file.")
    import_max_rows: int = Field(500_000, description="Most rows in one import file.")
    import_max_bytes: int = Field(100 * 1024 * 1024, description="Largest import body.")
    import_sync_rows: int = Field(1000, description="Imports up to this many rows are answered at once.")
    rate_limit_per_minute: int = Field(0, ge=0, description="Requests per client per minute; 0 turns it off.")
    db_lock_timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="How long a statement waits for a lock (PostgreSQL lock_timeout, SQLite "
                                      "busy timeout) before the request answers 503 with Retry-After.")
    db_statement_timeout_seconds: float = Field(
        30.0, gt=0, le=3600, description="How long one PostgreSQL statement may run (statement_timeout).")
    token_failures_per_client: int = Field(
        10, ge=0, description="Failed token requests per client_id in a window before 429; 0 turns it off.")
    token_failures_per_address: int = Field(
        50, ge=0, description="Failed token requests per address in a window before 429; 0 turns it off.")
    token_failure_window_minutes: int = Field(5, ge=1, le=1440, description="The token throttle's window.")

    @model_validator(mode="after")
    def _resolve(self) -> "Settings":
        self.data_dir = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'mentor_passport.db'}"
        if not self.secret_key:
            self.secret_key = _kept_secret(self.data_dir / "secret_key")
        _refuse_weak("MP_SECRET_KEY", self.secret_key)
        if self.bootstrap_client_secret:
            _refuse_weak("MP_BOOTSTRAP_CLIENT_SECRET", self.bootstrap_client_secret, min_length=16)
        return self


def _refuse_weak(name: str, value: str, min_length: int = MIN_SECRET_LENGTH) -> None:
    if value.strip().lower() in PLACEHOLDERS or len(value) < min_length:
        raise ValueError(
            f"{name} is a placeholder or shorter than {min_length} characters; "
            f"set a random value (python3 -c 'import secrets; print(secrets.token_urlsafe(48))') or unset it."
        )


def _kept_secret(path: Path) -> str:
    """Read the secret kept under the data directory, generating it on first start."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    try:
        with path.open("x") as f:  # another process may win the race; then read its value
            f.write(value)
        path.chmod(0o600)
    except FileExistsError:
        return path.read_text().strip()
    return value


@cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
