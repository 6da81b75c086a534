"""What the benchmarks share: their settings, logging in, and the service on a loopback port
(in this process, or in its own uvicorn process as deployed)."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from app.config import Settings
from app.main import create_app

ROOT = Path(__file__).resolve().parents[1]
ADMIN, SECRET = "bench-admin", "bench-admin-secret-0123456789"
ENVIRONMENT = {  # a throw-away key, a cheap secret hash and a bootstrap admin
    "MP_SECRET_KEY": "bench-" + "k" * 40,
    "MP_SECRET_HASH_ITERATIONS": "1024",
    "MP_BOOTSTRAP_CLIENT_ID": ADMIN,
    "MP_BOOTSTRAP_CLIENT_SECRET": SECRET,
}


def settings_for(data_dir: Path, url: str) -> Settings:
    """The benchmark settings for a service on this data directory and database."""
    return Settings(
        data_dir=data_dir,
        database_url=url,
        secret_key=ENVIRONMENT["MP_SECRET_KEY"],
        secret_hash_iterations=int(ENVIRONMENT["MP_SECRET_HASH_ITERATIONS"]),
        bootstrap_client_id=ADMIN,
        bootstrap_client_secret=SECRET,
    )


def bearer(base: str, client_id: str = ADMIN, secret: str = SECRET) -> dict[str, str]:
    """The Authorization header of a fresh access token for this API client."""
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    token = httpx.post(f"{base}/api/v1/auth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


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


@dataclass
class Process:
    """A service process: its base URL and pid, and its peak resident memory (KiB) once it has stopped."""

    base: str
    pid: int
    peak_kib: int = 0


@contextmanager
def serve_process(data_dir: Path, url: str) -> Iterator[Process]:
    """The service in its own uvicorn process, as deployed: no GIL shared with the benchmark's client."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, **ENVIRONMENT, "MP_DATA_DIR": str(data_dir), "MP_DATABASE_URL": url}
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    server = Process(f"http://127.0.0.1:{port}", process.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{server.base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the service did not start")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            _, _, usage = os.wait4(process.pid, 0)  # reaped here, for its rusage
            process.returncode = 0
            server.peak_kib = usage.ru_maxrss
