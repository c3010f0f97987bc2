"""The deployment recipe in deploy/ works as written: the Procfile's release step migrates a
(temporary) PostgreSQL, its web command serves from one warehouse in two processes at once,
and the systemd units and env file use the same commands and only declared settings."""

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.appdb.tempserver import TemporaryPostgres
from sociale_staat.core import paths, settings

DEPLOY = paths.ROOT / "deploy"


def procfile() -> dict[str, str]:
    lines = (DEPLOY / "Procfile").read_text(encoding="utf-8").splitlines()
    pairs = (ln.split(":", 1) for ln in lines if ln.strip() and not ln.startswith("#"))
    return {name.strip(): command.strip() for name, command in pairs}


@pytest.fixture
def app_db_url(postgres_server: TemporaryPostgres) -> Iterator[str]:
    name = f"deploy_{uuid.uuid4().hex[:12]}"
    yield postgres_server.create_database(name)
    postgres_server.drop_database(name)


def _environment(app_db_url: str, warehouse: Path, port: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # The commands name `sociale-staat` as installed: the one in this virtualenv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SOCIALE_STAAT_APP_DB"] = app_db_url
    env["SOCIALE_STAAT_WAREHOUSE"] = str(warehouse)
    if port is not None:
        env["PORT"] = str(port)
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_procfile_release_and_two_web_workers_on_postgresql(
    app_db_url: str, almere_store: Path
) -> None:
    commands = procfile()
    assert set(commands) == {"release", "web"}
    release = subprocess.run(
        ["bash", "-c", commands["release"]],
        env=_environment(app_db_url, almere_store),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert release.returncode == 0, release.stderr
    db = AppDatabase(app_db_url, migrate=False)
    assert {1, 300} <= set(db.applied()) and db.migrate() == []
    db.close()

    ports = [_free_port(), _free_port()]
    workers = [
        subprocess.Popen(
            ["bash", "-c", f"exec {commands['web']}"],
            env=_environment(app_db_url, almere_store, port),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, worker in zip(ports, workers, strict=True):
            assert _wait_for(f"http://127.0.0.1:{port}/", worker) == 200
        # Both workers answer from the same read-only warehouse, side by side.
        pages = [httpx.get(f"http://127.0.0.1:{p}/api/indicators", timeout=30) for p in ports]
        assert [p.status_code for p in pages] == [200, 200]
        assert pages[0].json() == pages[1].json()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def _wait_for(url: str, worker: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            stderr = worker.stderr.read().decode() if worker.stderr else ""
            raise AssertionError(f"webwerkproces stopte: {stderr[-2000:]}")
        try:
            return httpx.get(url, timeout=5).status_code
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} antwoordde niet binnen 90 s")


def test_systemd_units_run_the_procfile_commands() -> None:
    commands = procfile()
    units = {p.name: p.read_text(encoding="utf-8") for p in (DEPLOY / "systemd").iterdir()}
    starts = {
        name: re.search(r"^ExecStart=\S+/bin/(.+)$", text, re.M) for name, text in units.items()
    }
    assert starts["sociale-staat-migrate.service"][1] == commands["release"]  # type: ignore[index]
    web = starts["sociale-staat-web@.service"][1]  # type: ignore[index]
    assert web == commands["web"].replace("$PORT", "%i")
    assert starts["sociale-staat-build.service"][1] == "sociale-staat build"  # type: ignore[index]


def test_env_file_sets_only_declared_settings() -> None:
    declared = {s.env for s in settings.SETTINGS}
    lines = (DEPLOY / "sociale-staat.env").read_text(encoding="utf-8").splitlines()
    names = {ln.split("=", 1)[0] for ln in lines if ln.strip() and not ln.startswith("#")}
    assert names and names <= declared
    assert "SOCIALE_STAAT_APP_DB" in names
