"""`werkbaar backup` and `werkbaar restore`: a round trip through a backup folder gives back every row of
every table and every media file, on SQLite (SQLite pass) and PostgreSQL (a new database in the
throwaway cluster on the PostgreSQL pass). Commands run in subprocesses with the production settings.
"""

from __future__ import annotations

import filecmp
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from werkbaar.core import backup as backup_module

from .conftest import fresh_database, on_postgresql, production_env, run_werkbaar


def table_contents(database_url: str) -> dict[str, list]:
    """Every table's rows, sorted, read directly (not through werkbaar.core.backup)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as conn:
            tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                      if not n.startswith("sqlite_")]
            return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    import psycopg

    with psycopg.connect(database_url) as conn:
        tables = [n for (n,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


def media_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A migrated installation with the demo data and some uploaded files, and a backup of it."""
    folder = tmp_path_factory.mktemp("backup")
    with fresh_database(folder, "original") as url:
        env = production_env(DATABASE_URL=url, MEDIA_ROOT=str(folder / "media"), ALLOWED_HOSTS="werkbaar.example.be")
        run_werkbaar(["migrate", "--noinput"], env, folder)
        run_werkbaar(["loaddemo", "--force"], env, folder)
        evidence = folder / "media" / "reporting" / "evidence" / "2026"
        evidence.mkdir(parents=True)
        (evidence / "verslag é.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
        (folder / "media" / "networks").mkdir()
        (folder / "media" / "networks" / "minutes.txt").write_text("Notulen\n", encoding="utf-8")
        result = run_werkbaar(["backup", "--out", str(folder / "backup")], env, folder)
        assert "Backup written" in result.stdout
        yield {"folder": folder, "url": url, "env": env, "backup": folder / "backup", "contents": table_contents(url)}


def test_backup_writes_database_media_and_manifest(installation):
    manifest = json.loads((installation["backup"] / "manifest.json").read_text())
    vendor = "postgresql" if on_postgresql() else "sqlite"
    assert manifest["database"] == {"vendor": vendor, "file": backup_module.DATABASE_FILE[vendor]}
    assert (installation["backup"] / manifest["database"]["file"]).stat().st_size > 0
    assert "0001_initial" in manifest["migrations"]["scans"]
    contents = installation["contents"]
    assert {t: m["rows"] for t, m in manifest["tables"].items()} == {t: len(rows) for t, rows in contents.items()}
    assert manifest["tables"]["scans_response"]["rows"] > 0 and manifest["tables"]["core_user"]["rows"] > 0
    assert manifest["media"]["files"] == len(media_files(installation["folder"] / "media")) >= 2
    assert media_files(installation["backup"] / "media") == media_files(installation["folder"] / "media")


def test_restore_into_an_empty_database_gives_back_every_row_and_file(installation, tmp_path):
    with fresh_database(tmp_path, "restored") as url:
        env = {**installation["env"], "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}
        result = run_werkbaar(["restore", str(installation["backup"])], env, tmp_path)
        assert "every checksum matches the manifest" in result.stdout
        restored = table_contents(url)
        # The restored installation is usable: nothing left to migrate.
        result = run_werkbaar(["migrate", "--check"], env, tmp_path, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    original = installation["contents"]
    assert sorted(restored) == sorted(original)
    different = [t for t in original if restored[t] != original[t]]
    assert different == [], f"tables that differ after the round trip: {different}"
    assert sum(len(rows) for rows in restored.values()) > 1000
    assert media_files(tmp_path / "media") == media_files(installation["folder"] / "media")
    for name in media_files(tmp_path / "media"):
        assert filecmp.cmp(tmp_path / "media" / name, installation["folder"] / "media" / name, shallow=False)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(installation):
    env, folder, url = installation["env"], installation["folder"], installation["url"]
    run_werkbaar(["shell", "-c", "from werkbaar.scans.models import Response; Response.objects.all().delete()"],
                 env, folder)
    changed = table_contents(url)
    assert changed["scans_response"] == []

    refused = run_werkbaar(["restore", str(installation["backup"])], env, folder, check=False)
    assert refused.returncode != 0
    assert "Refusing to restore: the database has" in refused.stderr and "--force" in refused.stderr
    assert table_contents(url) == changed  # nothing touched

    result = run_werkbaar(["restore", "--force", str(installation["backup"])], env, folder)
    assert "every checksum matches the manifest" in result.stdout
    assert table_contents(url) == installation["contents"]


def test_restore_refuses_a_folder_that_is_not_a_backup(installation, tmp_path):
    env = {**installation["env"], "MEDIA_ROOT": str(tmp_path / "media")}
    result = run_werkbaar(["restore", str(tmp_path)], env, tmp_path, check=False)
    assert result.returncode != 0 and "holds no manifest.json" in result.stderr


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.dump").write_text("x")
    with pytest.raises(backup_module.BackupError, match="not empty: give each backup a new folder"):
        backup_module.backup(tmp_path)


def test_a_missing_pg_dump_is_named_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(backup_module.glob, "glob", lambda pattern: [])
    with pytest.raises(backup_module.BackupError, match=r"pg_dump was not found .*postgresql-client"):
        backup_module.find_pg_tool("pg_dump")


def test_pg_dump_is_found_in_the_newest_versioned_folder(monkeypatch, tmp_path):
    for version in ("9.6", "15", "13"):
        tool = tmp_path / "usr/lib/postgresql" / version / "bin" / "pg_dump"
        tool.parent.mkdir(parents=True)
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    real_glob = backup_module.glob.glob
    monkeypatch.setattr(backup_module.glob, "glob", lambda pattern: real_glob(str(tmp_path) + pattern))
    assert backup_module.find_pg_tool("pg_dump") == str(tmp_path / "usr/lib/postgresql/15/bin/pg_dump")
