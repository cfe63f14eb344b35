"""Helpers for the deployment tests: a fresh database (SQLite file or a new PostgreSQL database in the
suite's throwaway cluster), the production environment, and `werkbaar` commands in subprocesses."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import werkbaar

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"
SOURCE = Path(werkbaar.__file__).resolve().parents[1]  # the src/ folder of the code under test
#: Environment variables of the test run that must not leak into the production commands.
DROPPED = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT",
           "MEDIA_ROOT", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "DB_CONN_MAX_AGE", "WERKBAAR_ANALYSIS_MODE",
           "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def doc_block(marker: str) -> str:
    """The fenced code block that follows the HTML comment ``<!-- marker...`` in docs/operations.md."""
    text = OPERATIONS.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {re.escape(marker)}\b.*?-->\s*```[a-z]*\n(.*?)\n```", text, re.S)
    assert match, f"docs/operations.md has no code block marked <!-- {marker} -->"
    return match.group(1)


def werkbaar_command() -> list[str]:
    """The `werkbaar` console script of this environment (or `python -m werkbaar`)."""
    script = Path(sys.executable).with_name("werkbaar")
    return [str(script)] if script.exists() else [sys.executable, "-m", "werkbaar"]


def run_werkbaar(args, env: dict, cwd: Path, timeout: int = 180, check: bool = True) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run([*werkbaar_command(), *args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    print(f"werkbaar {args[0]}: {time.monotonic() - started:.1f} s")
    if check:
        assert result.returncode == 0, (
            f"werkbaar {' '.join(args)} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def production_env(**values: str) -> dict[str, str]:
    """os.environ without the test run's settings, with the code under test first on the path."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["DJANGO_SETTINGS_MODULE"] = "werkbaar.settings_production"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(values)
    return env


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def fresh_database(folder: Path, name: str):
    """A DATABASE_URL for a new, empty database: a SQLite file in ``folder``, or (PostgreSQL pass) a new
    database in the suite's cluster, dropped afterwards."""
    if not on_postgresql():
        yield f"sqlite:///{folder / (name + '.sqlite3')}"
        return
    import psycopg

    cluster = os.environ["DATABASE_URL"]
    database = f"werkbaar_{name}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(cluster, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        yield urlunsplit(urlsplit(cluster)._replace(path=f"/{database}"))
    finally:
        with psycopg.connect(cluster, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "deploy") as url:
        yield url
