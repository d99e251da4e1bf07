"""A throw-away PostgreSQL server for the tests (and the benchmark): ``initdb`` in a temporary
folder, ``postgres`` on a free loopback port, stopped (and the folder removed) at the end.

The binaries are found as tools/ensure-postgres.sh finds them (``make test`` runs it first,
installing Debian's ``postgresql`` package when they are missing): ``ZAPPI_OCPP_PG_BIN``, the
newest ``/usr/lib/postgresql/*/bin``, or ``PATH``. postgres refuses to run as root, so as root
the server runs as the ``postgres`` user (``runuser``); as anyone else, as that user.

The superuser has a password (scram-sha-256 over TCP), so the tests use URLs with a real
password, as an operator would: ``postgresql://zappi:<password>@127.0.0.1:<port>/<db>``.

Fixtures: ``postgres`` (the session's server) and ``postgres_url`` (a new database per test).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

__all__ = ["PostgresServer", "find_binaries", "postgres", "postgres_url"]

USER = "zappi"
_HINT = "run `bash tools/ensure-postgres.sh` (make test does) or set ZAPPI_OCPP_PG_BIN"


def find_binaries() -> Path | None:
    """The folder with initdb and postgres, or None."""
    candidates = [os.environ.get("ZAPPI_OCPP_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: [int(x) for x in Path(p).parent.name.split(".") if x.isdigit()],
                         reverse=True)  # fmt: skip
    on_path = shutil.which("initdb")
    candidates += [str(Path(on_path).parent)] if on_path else []
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One server in its own temporary folder; see the module docstring."""

    def __init__(self, binaries: Path) -> None:
        self._bin = binaries
        self.password = secrets.token_urlsafe(18)
        self._runas: list[str] = []
        self._folder = Path(tempfile.mkdtemp(prefix="zappi-pg-"))
        self._data = self._folder / "data"
        self.log_file = self._folder / "server.log"
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(f"running as root needs the user postgres: {_HINT}") from None
            self._runas = ["runuser", "-u", "postgres", "--"]
            os.chown(self._folder, account.pw_uid, account.pw_gid)
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._initdb()

    def _run(self, *args: str) -> None:
        subprocess.run([*self._runas, *args], check=True, capture_output=True, timeout=120)

    def _initdb(self) -> None:
        pwfile = self._folder / "pw"
        pwfile.write_text(self.password)
        if self._runas:
            shutil.chown(pwfile, "postgres")
        self._run(str(self._bin / "initdb"), "-D", str(self._data), "-U", USER,
                  f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=trust",
                  "-E", "UTF8", "--no-instructions")  # fmt: skip
        pwfile.unlink()

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{USER}:{secret}@127.0.0.1:{self.port}/{database}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        """Start (again, on the same port once it had one) and wait until it takes logins."""
        self.port = self.port or _free_port()
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                [*self._runas, str(self._bin / "postgres"), "-D", str(self._data),
                 "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                 "-c", "unix_socket_directories=", "-c", "max_connections=60",
                 "-c", "shared_buffers=32MB"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if not self.running or time.monotonic() > deadline:
                    raise RuntimeError(f"postgres did not start:\n{self.log_tail()}") from None
                time.sleep(0.1)

    def _postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self._data / "postmaster.pid").read_text().split()[0])
        return None

    def stop(self, how: signal.Signals = signal.SIGINT, timeout: float = 30.0) -> None:
        """SIGINT: fast shutdown (clients are disconnected); SIGKILL: a crash."""
        if self._process is None:
            return
        pid = self._postmaster_pid() or self._process.pid  # runuser's child, as root
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, how)
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout)
        self._process = None

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self._folder, ignore_errors=True)


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    binaries = find_binaries()
    if binaries is None:
        raise RuntimeError(f"no PostgreSQL server binaries (initdb, postgres): {_HINT}")
    server = PostgresServer(binaries)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (a test that stops it starts it again)."""
    with running_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    if not postgres.running:
        postgres.start()
    return postgres.create_database()
