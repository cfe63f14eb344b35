"""`werkbaar load-catalogue --file` with a hostile file (issue 10.7): a clear message, exit status
non-zero, nothing loaded, no hang."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from werkbaar.actions.models import Action


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the default language (nl-BE) unless told otherwise; these tests read English."""
    with translation.override("en"):
        yield

@pytest.mark.parametrize(("kind", "message"), [
    ("laughs", "Line 1: YAML anchors and aliases (&name, *name) are not allowed"),
    ("deep", "Line 1: the YAML is nested more than 20 levels deep."),
    ("big", "The file is larger than 1 MB."),
    ("invalid", "could not find expected ':'"),
])
def test_load_catalogue_refuses_hostile_files(db, attacks, attack_guard, tmp_path, kind, message):
    text = {"laughs": attacks.billion_laughs("actions"), "deep": attacks.deep_yaml(),
            "big": "#" * (1024 * 1024 + 1), "invalid": "actions:\n  - key: a\n  b\n"}[kind]
    path = tmp_path / "catalogue.yaml"
    path.write_text(text)
    with attack_guard(), pytest.raises(CommandError) as exc:
        call_command("load-catalogue", "--file", str(path))
    assert str(exc.value).startswith(f"{path}: ") and message in str(exc.value)
    assert not Action.objects.exists()
