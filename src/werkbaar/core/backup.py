"""Backups of a whole installation: the database, MEDIA_ROOT and a manifest to verify a restore against.

A backup is one folder::

    manifest.json       written last: its presence marks a complete backup
    database.sqlite3    SQLite: a copy made with SQLite's online backup API (consistent, also in WAL mode)
    database.dump       PostgreSQL: ``pg_dump --format=custom`` of the same snapshot the manifest counted
    media/              a copy of MEDIA_ROOT, taken after the database (so every file it names is there)

The manifest holds the date, the database vendor, the applied Django migrations, and per table the
number of rows and a checksum of its contents (``table_checksums``: order-independent, over every
column). ``restore`` recomputes them on the restored database and refuses to call a restore done when
one differs.

Public functions: ``backup(out, stdout)``, ``restore(folder, force, stdout)``, ``table_checksums``,
``find_pg_tool``. Both raise ``BackupError`` with a message meant for the operator.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.db import connection, transaction

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- checksums -----------------------------------------------------------------------------------


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def table_checksums(cursor, tables, quote=lambda name: '"%s"' % name.replace('"', '""')) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} over every column of every row, independent of row order."""
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {quote(table)}")
        digests = []
        while rows := cursor.fetchmany(2000):
            digests += [hashlib.sha256(repr(tuple(_plain(v) for v in row)).encode()).digest() for row in rows]
        digests.sort()
        total = hashlib.sha256()
        for digest in digests:
            total.update(digest)
        result[table] = {"rows": len(digests), "sha256": total.hexdigest()}
    return result


def media_checksum(root: Path) -> dict:
    """{"files": n, "bytes": n, "sha256": hex} over the relative paths and contents of every file."""
    total, files, size = hashlib.sha256(), 0, 0
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            total.update(f"{path.relative_to(root).as_posix()}\0{digest}\n".encode())
            files, size = files + 1, size + path.stat().st_size
    return {"files": files, "bytes": size, "sha256": total.hexdigest()}


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    return [name for (name,) in rows]


def _sqlite_state(path: Path) -> tuple[dict, dict]:
    """(table checksums, applied migrations) of a SQLite file, read with a plain sqlite3 connection."""
    with closing(sqlite3.connect(path)) as conn:
        tables = _sqlite_tables(conn)
        checksums = table_checksums(conn.cursor(), tables)
        migrations = _migrations(conn.cursor()) if "django_migrations" in tables else {}
    return checksums, migrations


def _migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _postgresql_state() -> tuple[dict, dict]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        checksums = table_checksums(cursor, tables, connection.ops.quote_name)
        migrations = _migrations(cursor) if "django_migrations" in tables else {}
    return checksums, migrations


# --- PostgreSQL tools ----------------------------------------------------------------------------


def find_pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> float:
        match = re.search(r"/postgresql/(\d+(?:\.\d+)?)/bin/", path)
        return float(match.group(1)) if match else 0.0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if candidates and os.access(candidates[-1], os.X_OK):
        return candidates[-1]
    raise BackupError(
        f"{name} was not found on PATH nor in /usr/lib/postgresql/*/bin. Install the PostgreSQL client "
        f"tools of the server's major version or newer (Debian: apt-get install postgresql-client) and try again."
    )


def _libpq_args() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore; the password goes in the environment."""
    db = connection.settings_dict
    args, env = ["--dbname", db["NAME"]], dict(os.environ)
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed (exit code {result.returncode}):\n{result.stderr.strip()}")


def _version() -> str:
    try:
        return metadata.version("werkbaar")
    except metadata.PackageNotFoundError:  # run from a source folder without installing
        return "unknown"


# --- backup --------------------------------------------------------------------------------------


def backup(out: Path, stdout=None) -> dict:
    """Write a backup of the database and MEDIA_ROOT into the new or empty folder ``out``; return the manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILE:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} already exists and is not empty: give each backup a new folder.")
    tool = find_pg_tool("pg_dump") if vendor == "postgresql" else None
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = out / DATABASE_FILE[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(database)) as target:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables, migrations = _sqlite_state(database)
    else:
        tables, migrations = _dump_postgresql(tool, database)
    media = out / "media"
    if Path(settings.MEDIA_ROOT).is_dir():
        shutil.copytree(settings.MEDIA_ROOT, media, symlinks=False)
    else:
        media.mkdir()
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "werkbaar_version": _version(),
        "django_version": django.get_version(),
        "database": {"vendor": vendor, "file": database.name},
        "migrations": migrations,
        "tables": tables,
        "media": media_checksum(media),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _dump_postgresql(pg_dump: str, path: Path) -> tuple[dict, dict]:
    """pg_dump of an exported snapshot; the checksums are read in that same snapshot."""
    args, env = _libpq_args()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={path}", *args], env)
        return _postgresql_state()


# --- restore -------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not a (complete) Werkbaar backup.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has format {manifest.get('format')!r}; this release reads format {FORMAT}.")
    database = folder / manifest["database"]["file"]
    if not database.is_file():
        raise BackupError(f"{database} is missing: the backup is incomplete.")
    return manifest


def existing_tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def restore(folder: Path, force: bool = False) -> dict:
    """Restore a backup into this installation's (empty) database and MEDIA_ROOT; return a summary.

    Refuses a database that has tables, or a MEDIA_ROOT that has files, unless ``force``: then both are
    replaced. Every table's row count and checksum, and the media checksum, are compared with the
    manifest afterwards; a difference raises ``BackupError``.
    """
    manifest = read_manifest(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {vendor} database, but DATABASE_URL points to {connection.vendor}. "
            f"Restore into the same kind of database."
        )
    tool = find_pg_tool("pg_restore") if vendor == "postgresql" else None
    media_root = Path(settings.MEDIA_ROOT)
    tables = existing_tables()
    media_files = media_root.is_dir() and any(media_root.iterdir())
    if (tables or media_files) and not force:
        what = []
        if tables:
            what.append(f"the database has {len(tables)} tables (e.g. {', '.join(tables[:3])})")
        if media_files:
            what.append(f"MEDIA_ROOT ({media_root}) is not empty")
        raise BackupError(
            "Refusing to restore: " + " and ".join(what) + ". Restore into a new, empty database and media "
            "folder, or pass --force to replace everything in them with the backup."
        )
    database = folder / manifest["database"]["file"]
    if vendor == "sqlite":
        _restore_sqlite(database)
    else:
        _restore_postgresql(tool, database, tables)
    _replace_folder(media_root, folder / "media")
    return verify(manifest)


def _replace_folder(target: Path, source: Path) -> None:
    """Make ``target`` hold exactly the files of ``source`` (``target`` itself may be a mount point)."""
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.copytree(source, target, dirs_exist_ok=True)


def _restore_sqlite(database: Path) -> None:
    target = connection.settings_dict["NAME"]
    connection.close()
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(target)) as destination:
        source.backup(destination)  # replaces every page of the destination, in one step


def _restore_postgresql(pg_restore: str, dump: Path, tables: list[str]) -> None:
    if tables:  # --force: drop what is there, so that nothing of the old schema survives
        with transaction.atomic(), connection.cursor() as cursor:
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    connection.close()
    args, env = _libpq_args()
    clean = ["--clean", "--if-exists"] if tables else []
    _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *clean,
          *args, str(dump)], env)


def verify(manifest: dict) -> dict:
    """Compare the restored database and MEDIA_ROOT with the manifest; raise BackupError on a difference."""
    if connection.vendor == "sqlite":
        connection.close()
        tables, _migrations = _sqlite_state(Path(connection.settings_dict["NAME"]))
    else:
        tables, _migrations = _postgresql_state()
    expected = manifest["tables"]
    differ = sorted(t for t in set(expected) | set(tables) if expected.get(t) != tables.get(t))
    media = media_checksum(Path(settings.MEDIA_ROOT))
    if differ or media != manifest["media"]:
        problems = [f"{t}: expected {expected.get(t)}, found {tables.get(t)}" for t in differ[:10]]
        if media != manifest["media"]:
            problems.append(f"media: expected {manifest['media']}, found {media}")
        raise BackupError("The restored data differ from the backup's manifest:\n" + "\n".join(problems))
    return {"tables": len(tables), "rows": sum(t["rows"] for t in tables.values()), "media_files": media["files"]}
