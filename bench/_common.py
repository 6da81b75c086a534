"""What several benchmarks share: the service on a loopback port in this process."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from app.config import Settings
from app.main import create_app


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The app under uvicorn in a background thread; yields its base URL."""
    # IPPROTO_TCP, so asyncio sets TCP_NODELAY on accepted connections (else Nagle adds ~40 ms a response).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
