"""Helpers for the reliability tests: the app again on the same database with other settings."""

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@pytest.fixture
def app_with(settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Start another instance of the service (another process, as far as it knows) with changed settings."""
    with ExitStack() as stack:

        def start(**overrides: Any) -> TestClient:
            app = create_app(settings.model_copy(update=overrides))
            return stack.enter_context(TestClient(app, raise_server_exceptions=False))

        yield start
