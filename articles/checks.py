"""System checks of newsroom's own settings (`manage.py check`, `check --deploy`)."""

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from .db.checks import trigger_problems
from .db.triggers import VENDORS

# Caches that a worker keeps to itself (or throws away): login failures
# counted in one are counted per worker and forgotten when the worker restarts.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
SQLITE_BUSY_TIMEOUT_MS = 20_000


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [
            Error(
                "DJANGO_SECRET_KEY is not set.",
                hint="Set it to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(64))'); without it the web server "
                "refuses to start.",
                id="newsroom.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def throttling_cache_is_shared(app_configs, **kwargs):
    """Login throttling counts in the default cache: it must be shared by all
    workers and outlive them."""
    backend = caches["default"].__class__
    path = f"{backend.__module__}.{backend.__qualname__}"
    if path in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache ({backend.__qualname__}) is per process: each "
                "worker counts failed logins on its own and forgets them when it "
                "restarts.",
                hint="Leave NEWSROOM_CACHE unset (the database cache) or set it to "
                "a redis:// URL.",
                id="newsroom.E002",
            )
        ]
    return []


@register(deploy=True)
def mail_is_sent(app_configs, **kwargs):
    """Digests and password resets are e-mailed: a console backend writes
    them to the server's log, where no reader sees them."""
    if settings.EMAIL_BACKEND.endswith(
        (".console.EmailBackend", ".dummy.EmailBackend")
    ):
        return [
            Warning(
                "E-mail is written to the console, not sent: readers get no "
                "digests and no password resets.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, "
                "EMAIL_HOST_PASSWORD, EMAIL_USE_TLS as the server needs).",
                id="newsroom.W003",
            )
        ]
    return []


@register(Tags.database)
def sqlite_runs_in_wal_mode(app_configs, databases=None, **kwargs):
    """Each SQLite database in WAL mode with the busy timeout the settings give:
    without them an import and the web workers fail with "database is locked"."""
    problems = []
    for alias in databases or ["default"]:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        try:
            with connection.cursor() as cursor:
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        except DatabaseError as exc:
            problems.append(
                Error(
                    f"SQLite database {alias!r} cannot be opened: {exc}",
                    id="newsroom.E003",
                )
            )
            continue
        if str(mode).lower() != "wal":
            problems.append(
                Warning(
                    f"SQLite database {alias!r} runs with journal_mode={mode}, "
                    "not WAL: readers wait for every write.",
                    hint="Keep the OPTIONS newsroom/settings.py gives SQLite "
                    "(SQLITE_OPTIONS); an in-memory database cannot use WAL.",
                    id="newsroom.W001",
                )
            )
        if timeout < SQLITE_BUSY_TIMEOUT_MS:
            problems.append(
                Warning(
                    f"SQLite database {alias!r} waits {timeout} ms for a lock, "
                    f"not {SQLITE_BUSY_TIMEOUT_MS}.",
                    hint="Keep the OPTIONS newsroom/settings.py gives SQLite.",
                    id="newsroom.W002",
                )
            )
    return problems


TRIGGER_PROBLEMS = {"missing": "newsroom.E010", "extra": "newsroom.E011"}
TRIGGER_HINT = (
    "`manage.py install_triggers` installs them as declared and recomputes what "
    "they keep. A migration that changed a table or articles/db/triggers.py "
    "without InstallTriggers causes this: see docs/development.md."
)


@register(Tags.database)
def database_is_supported_and_its_triggers_declared(
    app_configs, databases=None, **kwargs
):
    """SQLite or PostgreSQL, holding exactly the triggers of the registry
    (once every migration has run: before that, migrate installs them)."""
    problems = []
    for alias in databases or ["default"]:
        connection = connections[alias]
        if connection.vendor not in VENDORS:
            problems.append(
                Error(
                    f"Database {alias!r} is {connection.vendor}: newsroom runs on "
                    "SQLite and PostgreSQL only.",
                    id="newsroom.E013",
                )
            )
            continue
        try:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                continue
            found = trigger_problems(connection)
        except DatabaseError:
            continue  # sqlite_runs_in_wal_mode says the database cannot be opened
        problems.extend(
            Error(
                f"Database {alias!r}: {problem}.",
                hint=TRIGGER_HINT,
                id=TRIGGER_PROBLEMS.get(problem.kind, "newsroom.E012"),
            )
            for problem in found
        )
    return problems
