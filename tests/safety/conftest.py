"""Fixtures of the safety tests: the service on the test database with other settings, as another process
would be, each with its own client address (so the token throttle of one test never reaches another)."""

import random
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

Start = Callable[..., TestClient]


def random_address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


@pytest.fixture
def start(settings: Settings) -> Iterator[Start]:
    """``start(**settings)``: another instance of the service, on its own random client address."""
    with ExitStack() as stack:

        def run(address: str | None = None, **overrides: Any) -> TestClient:
            app = create_app(settings.model_copy(update=overrides))
            client = TestClient(app, raise_server_exceptions=False, client=(address or random_address(), 50000))
            return stack.enter_context(client)

        yield run
