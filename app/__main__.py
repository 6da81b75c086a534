"""``python -m app serve | demo | openapi``."""

import json
import sys

import uvicorn

from app.config import get_settings


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "serve"
    if command == "serve":
        settings = get_settings()
        uvicorn.run("app.main:create_app", factory=True, host=settings.host, port=settings.port,
                    proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)
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
