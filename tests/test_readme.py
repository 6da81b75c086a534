"""The README works as written: its first steps and its tour run against a live server on the demo data."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _block(name: str) -> str:
    section = README.split(f"<!-- {name}:start -->")[1].split(f"<!-- {name}:end -->")[0]
    return "\n".join(re.findall(r"```sh\n(.*?)```", section, flags=re.S))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo loaded into a fresh data directory and served as `make demo` does."""
    data_dir, port = tmp_path_factory.mktemp("demo"), _free_port()
    env = {**os.environ, "MP_DATA_DIR": str(data_dir), "MP_PORT": str(port), "MP_DATABASE_URL": "",
           "MP_BOOTSTRAP_CLIENT_ID": "admin", "MP_BOOTSTRAP_CLIENT_SECRET": "readme-bootstrap-secret-123",
           "MP_SECRET_HASH_ITERATIONS": "1024"}
    for command in (["-m", "alembic", "upgrade", "head"], ["-m", "app", "demo"]):
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    server = subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    yield env, data_dir, port
    server.terminate()
    server.wait(timeout=30)


def _run(script: str, env: dict[str, str], port: int, data_dir: Path) -> str:
    script = script.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(". var/", f". {data_dir}/")
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("curl") is None, reason="needs curl and jq")
def test_readme_tour_runs_as_written_and_verifies_credential(demo_server) -> None:  # type: ignore[no-untyped-def]
    env, data_dir, port = demo_server
    out = _run(_block("tour"), env, port, data_dir)
    assert "p.shah@tolworth.example" in out
    assert '"eligible": true' in out
    assert '"status": "valid"' in out and '"provider": "Kingston University"' in out


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("curl") is None, reason="needs curl and jq")
def test_readme_first_steps_create_provider_school_mentor(demo_server) -> None:  # type: ignore[no-untyped-def]
    env, data_dir, port = demo_server
    script = "\n".join(line for line in _block("first-steps").splitlines()
                       if not line.startswith(("make ", "export MP_BOOTSTRAP")))
    out = _run(script, env, port, data_dir)
    assert '"email": "s.ali@riverside.example"' in out


def test_readme_configuration_lists_every_setting() -> None:
    missing = [f"MP_{name.upper()}" for name in Settings.model_fields if f"MP_{name.upper()}" not in README]
    assert missing == []
