"""One run at a time: a lock the operating system or the database lets go of
when the process holding it ends, however it ends (a kill included)."""

import contextlib
import fcntl
import hashlib
import tempfile
from pathlib import Path

from django.db import connection


class AlreadyRunning(Exception):
    pass


@contextlib.contextmanager
def only_one(name: str):
    """Hold the lock `name` for this database while the block runs, or raise
    AlreadyRunning if another process holds it. On PostgreSQL a session
    advisory lock (any machine that shares the database); on SQLite a file
    lock beside the database file (one machine, as SQLite is)."""
    if connection.vendor == "postgresql":
        with _advisory_lock(name):
            yield
    else:
        with _file_lock(name):
            yield


def _key(name: str) -> int:
    digest = hashlib.sha256(f"newsroom:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str):
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (held,) = cursor.fetchone()
    if not held:
        raise AlreadyRunning(name)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def _file_lock(name: str):
    database = str(connection.settings_dict["NAME"])
    if database == ":memory:" or "mode=memory" in database:
        folder = Path(tempfile.gettempdir())
        stem = f"newsroom-{hashlib.sha256(database.encode()).hexdigest()[:12]}"
    else:
        folder, stem = Path(database).parent, Path(database).name
    path = folder / f"{stem}.{name}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(name) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
