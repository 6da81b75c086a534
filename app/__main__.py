"""``python -m app serve | demo | openapi``."""

import copy
import json
import sys
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from app.config import get_settings


def log_config() -> dict[str, Any]:
    """uvicorn's logging, plus the service's own loggers: ``app`` (warnings and errors) and ``app.access``
    (one line a request: address, method, route, status, duration; never the query string). uvicorn's
    access log is off: its line carries the query string."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["app"] = {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    config["handlers"]["app"] = {"formatter": "app", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    config["loggers"]["app"] = {"handlers": ["app"], "level": "INFO", "propagate": False}
    return config


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "serve"
    if command == "serve":
        settings = get_settings()
        uvicorn.run("app.main:create_app", factory=True, host=settings.host, port=settings.port,
                    proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
                    access_log=False, log_config=log_config())
        return 0
    if command == "openapi":
        from app.main import create_app

        print(json.dumps(create_app().openapi(), indent=2, sort_keys=True))
        return 0
    if command == "demo":
        from app.demo import load

        return load.main()
    print(f"unknown command {command!r}; use serve, demo or openapi", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
