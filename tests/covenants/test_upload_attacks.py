"""Hostile covenant files (issue 10.7), on the import page and the `import-covenant` command: refused
quickly with a clear, translated message (never a 500, never a hang); nothing is stored."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from werkbaar.core.roles import Role
from werkbaar.covenants.models import Covenant

REFUSALS = {
    "laughs": {
        "en": "file: Line 1: YAML anchors and aliases (&name, *name) are not allowed; write the value out in full.",
        "nl": "bestand: Regel 1: YAML-ankers en -aliassen (&naam, *naam) zijn niet toegelaten; "
              "schrijf de waarde volledig uit.",
        "fr": "fichier: Ligne 1 : les ancres et alias YAML (&nom, *nom) ne sont pas admis ; écrivez la valeur en entier.",
    },
    "deep": {
        "en": "file: Line 1: the YAML is nested more than 20 levels deep.",
        "nl": "bestand: Regel 1: de YAML is meer dan 20 niveaus diep genest.",
        "fr": "fichier: Ligne 1 : le YAML est imbriqué sur plus de 20 niveaux.",
    },
}


def attack_text(attacks, kind: str) -> str:
    return attacks.billion_laughs("code") if kind == "laughs" else attacks.deep_yaml()


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("kind", ["laughs", "deep"])
def test_import_page_refuses(client, make_user, sector_factory, attacks, attack_guard, kind, language):
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector_factory("vivo")))
    upload = SimpleUploadedFile("c.yaml", attack_text(attacks, kind).encode())
    with attack_guard():
        response = client.post("/covenants/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200  # the import page lists the problems (as for any invalid file)
    assert REFUSALS[kind][language] in html.unescape(response.content.decode())
    assert not Covenant.objects.exists()


@pytest.mark.parametrize("kind", ["laughs", "deep"])
def test_import_command_exits_2_with_the_message(db, attacks, attack_guard, tmp_path, kind):
    path = tmp_path / "c.yaml"
    path.write_text(attack_text(attacks, kind))
    stderr = io.StringIO()
    with attack_guard(), pytest.raises(SystemExit) as exit_:
        call_command("import-covenant", str(path), stderr=stderr)
    assert exit_.value.code == 2
    assert REFUSALS[kind]["en"] in stderr.getvalue()
    assert not Covenant.objects.exists()


def test_import_command_refuses_a_file_over_1_mb(db, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("#" * (1024 * 1024 + 1))
    stderr = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import-covenant", str(path), stderr=stderr)
    assert f"{path}: The file is larger than 1 MB." in stderr.getvalue()
