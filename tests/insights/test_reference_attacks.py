"""`werkbaar load-reference` reads its directory (WERKBAAR_REFERENCE_DIR) like any untrusted file
(issue 10.7): a hostile sources.yaml or CSV gives a clear message, nothing loaded, no hang."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from werkbaar.insights.models import ReferenceFigure
from werkbaar.insights.reference import reference_dir


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the default language (nl-BE) unless told otherwise; these tests read English."""
    with translation.override("en"):
        yield

@pytest.fixture
def directory(tmp_path, settings):
    target = tmp_path / "reference"
    shutil.copytree(reference_dir(), target)
    settings.WERKBAAR_REFERENCE_DIR = target
    return target


def test_the_copied_directory_loads(db, directory):
    call_command("load-reference")
    assert ReferenceFigure.objects.exists()


@pytest.mark.parametrize(("kind", "message"), [
    ("laughs", "Line 1: YAML anchors and aliases (&name, *name) are not allowed"),
    ("deep", "Line 1: the YAML is nested more than 20 levels deep."),
])
def test_hostile_sources_yaml_is_refused(db, directory, attacks, attack_guard, kind, message):
    (directory / "sources.yaml").write_text(attacks.billion_laughs("sources") if kind == "laughs"
                                            else attacks.deep_yaml())
    with attack_guard(), pytest.raises(CommandError, match="nested|aliases") as exc:
        call_command("load-reference")
    assert message in str(exc.value)
    assert not ReferenceFigure.objects.exists()


def test_a_200kb_csv_field_is_refused_with_row_and_column(db, directory):
    csv_file = next(directory.glob("*.csv"))
    lines = csv_file.read_text().splitlines()
    lines[1] = lines[1] + "x" * 200 * 1024
    csv_file.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError) as exc:
        call_command("load-reference")
    assert "row 2, column " in str(exc.value) and "The value is longer than 10000 characters." in str(exc.value)
    assert not ReferenceFigure.objects.exists()
