"""Subprocesses, scratch databases and servers for the tests and bench/.

Plain helpers, no pytest and no Django here: the benchmark and the parity
measurement (bench/) import them as well as the tests. Everything runs in the
repository's root with a clean environment, so that the settings of whoever
runs it (DJANGO_*, NEWSROOM_*, DATABASE_URL) never leak into what is tested.
"""

import contextlib
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = Path(sys.executable).parent


class CommandFailed(RuntimeError):
    """A subprocess that had to succeed exited non-zero."""


def clean_env(**overrides: str) -> dict[str, str]:
    """This process's environment less DJANGO_*, NEWSROOM_* and DATABASE_URL,
    with newsroom's settings module, and `overrides` on top."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_")) and key != "DATABASE_URL"
    }
    environment["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    environment.update(overrides)
    return environment


def run(
    *command, env: dict | None = None, timeout: float = 120, check: bool = False
) -> subprocess.CompletedProcess:
    """`command` in ROOT with exactly `env` (default: `clean_env()`), its output
    captured as text; with `check`, a non-zero exit raises CommandFailed."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env=clean_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        shown = " ".join(map(str, command))
        raise CommandFailed(
            f"{shown} exited {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def manage_py(*args, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """`manage.py args` in a clean environment plus `env`."""
    return run(PYTHON, "manage.py", *args, env=clean_env(**env), timeout=timeout)


def run_django_code(
    code: str, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess:
    """Python `code` after `django.setup()`, in a clean environment plus `env`."""
    setup = f"import django; django.setup(); {code}"
    return run(PYTHON, "-c", setup, env=clean_env(**env), timeout=timeout)


def postgres_url() -> str:
    """DATABASE_URL when it points to PostgreSQL, else ""."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def with_database(url: str, name: str) -> str:
    """`url` naming the database `name` on the same server instead."""
    return urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()


class ScratchDatabase:
    """A database of its own, driven through manage.py in a clean environment:
    a SQLite file in `folder`, or, given a PostgreSQL URL, a database created
    on that server (named `name`, by default after the URL's database and a
    random suffix) and dropped by `drop()` or at the end of a `with` block."""

    def __init__(self, folder: Path, *, postgres: str = "", name: str = ""):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.env = clean_env(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_DEBUG="0",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            NEWSROOM_STATIC_ROOT=str(self.folder / "static"),
            PYTHONUNBUFFERED="1",
        )
        if postgres:
            self.vendor = "postgresql"
            base = urllib.parse.urlsplit(postgres).path.strip("/") or "newsroom"
            self.name = name or f"{base}_scratch_{uuid.uuid4().hex[:8]}"
            self._admin_url = with_database(postgres, "postgres")
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.url = with_database(postgres, self.name)
            self.env["DATABASE_URL"] = self.url
        else:
            self.vendor = "sqlite"
            self.name = name or "newsroom"
            self.path = self.folder / f"{self.name}.sqlite3"
            self.env["NEWSROOM_SQLITE_PATH"] = str(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.drop()

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        """Drop a PostgreSQL database; a SQLite file goes with its folder."""
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args, timeout: float = 600, check: bool = True):
        """`manage.py args` on this database; a failure raises unless not `check`."""
        return run(
            PYTHON, "manage.py", *args, env=self.env, timeout=timeout, check=check
        )

    def start_manage(self, *args, log: Path) -> subprocess.Popen:
        """`manage.py args` on this database in the background, output to `log`."""
        with open(log, "w") as handle:
            return subprocess.Popen(
                [PYTHON, "manage.py", *map(str, args)],
                cwd=ROOT,
                env=self.env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def query(self, sql: str) -> list[tuple]:
        """Rows of one SELECT, read straight from the database."""
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, str]:
    """(status, body) of a GET; never raises for an HTTP status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@contextlib.contextmanager
def serving(command, *, env: dict, port: int, ready: str, log: Path, wait=120):
    """Run the server `command` until the block ends, once `ready` answers 200
    on `port`; yields its process. Its output goes to `log`."""
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                if fetch(f"http://127.0.0.1:{port}{ready}", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = log.read_text(errors="replace")[-3000:]
                raise CommandFailed(f"{command[0]} did not start:\n{output}")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Server:
    url: str
    port: int
    log: Path
    process: subprocess.Popen

    def workers(self) -> set[int]:
        """The process ids of the master's workers."""
        pid = self.process.pid
        return {
            int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        }


@contextlib.contextmanager
def gunicorn(database: ScratchDatabase, *, workers: int = 2, ready: str = "/"):
    """gunicorn (gunicorn.conf.py) serving `database` on a free loopback port;
    yields a Server. Its log is in the database's folder."""
    port = free_port()
    env = {
        **database.env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
    }
    log = database.folder / f"gunicorn-{port}.log"
    command = [VENV_BIN / "gunicorn", "-c", "gunicorn.conf.py"]
    with serving(command, env=env, port=port, ready=ready, log=log) as process:
        yield Server(f"http://127.0.0.1:{port}", port, log, process)
