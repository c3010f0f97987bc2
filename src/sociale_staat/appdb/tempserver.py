"""A throw-away PostgreSQL server in a temporary folder, for tests, benchmarks and fault runs.

It uses Debian's own binaries (initdb, pg_ctl from /usr/lib/postgresql/*/bin), needs no network
and leaves nothing behind. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user that Debian's package creates.

>>> with TemporaryPostgres() as server:  # doctest: +SKIP
...     url = server.create_database("proef")
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from sociale_staat.core.errors import SocialeStaatError

SEARCH = "/usr/lib/postgresql/*/bin"


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl (the newest installed version), or None."""
    found = sorted(Path("/").glob(SEARCH.lstrip("/")), key=lambda p: _version(p.parent.name))
    for folder in reversed(found):
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _version(name: str) -> int:
    return int(name) if name.isdigit() else 0


class TemporaryPostgres:
    """Start with `start()` (or `with`), stop with `stop()`; `url()` names a database on it."""

    def __init__(self, *, durable: bool = False) -> None:
        # durable=False turns fsync off: tests and load runs need speed, not crash safety;
        # the fault campaign asks for durable=True so that kill -9 tests what production does.
        self.durable = durable
        self.port = 0
        self.folder: Path | None = None
        self._user: str | None = None
        self._started = False

    def start(self) -> "TemporaryPostgres":
        bin_dir = binaries()
        if bin_dir is None:
            raise SocialeStaatError(
                "PostgreSQL niet gevonden (apt-get install postgresql; make test doet dat zelf)"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="sociale-staat-pg-"))
        if os.geteuid() == 0:
            self._user = "postgres"
            entry = pwd.getpwnam(self._user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        data = self.folder / "data"
        self._run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )
        options = f"-c listen_addresses=127.0.0.1 -k {self.folder} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for _attempt in range(5):
            # Another process may take the free port between asking and binding: try again.
            self.port = _free_port()
            result = self._run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                 "-l", str(self.folder / "server.log"), "-o", f"-p {self.port} {options}", "start"],
                check=False,
            )
            if result.returncode == 0:
                self._started = True
                return self
            time.sleep(0.2)
        log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
        raise SocialeStaatError(f"PostgreSQL start niet in {self.folder}:\n{log}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh, empty database on this server; returns its URL."""
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def kill(self) -> None:
        """Stop the server abruptly (SIGKILL to the postmaster), as a crash would."""
        pid_file = self._data() / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 9)
        # The postmaster's children notice and exit on their own; wait until they have.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)

    def restart(self) -> None:
        """Start again on the same data folder and port (after `kill`)."""
        bin_dir = binaries()
        assert bin_dir is not None and self.folder is not None
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(
            [str(bin_dir / "pg_ctl"), "-D", str(self._data()), "-w", "-t", "60",
             "-l", str(self.folder / "server.log"), "-o", options, "start"]
        )

    def stop(self) -> None:
        if self.folder is None:
            return
        bin_dir = binaries()
        if self._started and bin_dir is not None:
            self._run(
                [str(bin_dir / "pg_ctl"), "-D", str(self._data()), "-m", "immediate", "stop"],
                check=False,
            )
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self) -> "TemporaryPostgres":
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _data(self) -> Path:
        assert self.folder is not None
        return self.folder / "data"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.encode())

    def _run(self, command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            command, user=self._user, cwd=self.folder, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise SocialeStaatError(f"{Path(command[0]).name} mislukt: {result.stderr.strip()}")
        return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
