"""Domain errors: what services raise. `app.problems` renders them as RFC 9457 problem+json."""

from typing import Any

PROBLEM = "application/problem+json"


class DomainError(Exception):
    """A failure the caller can act on, rendered as problem+json."""

    status = 400

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra


class NotFound(DomainError):
    status = 404

    def __init__(self, what: str = "resource", **kw: Any) -> None:
        super().__init__(f"{what} not found", **kw)


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class RuleViolation(DomainError):
    """Well-formed input that the domain rules refuse (422)."""

    status = 422


class InvalidInput(DomainError):
    """One field is wrong: ``loc`` names it."""

    status = 422

    def __init__(self, loc: list[str | int], msg: str, **kw: Any) -> None:
        super().__init__(msg, errors=[{"loc": loc, "msg": msg}], **kw)


class PreconditionFailed(DomainError):
    status = 412


class PayloadTooLarge(DomainError):
    status = 413


class UnsupportedMediaType(DomainError):
    status = 415
