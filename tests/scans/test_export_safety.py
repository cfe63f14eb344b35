"""Exports and imports of responses are safe to open and bounded in size."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from werkbaar.scans import services
from werkbaar.scans.forms import ImportForm
from werkbaar.scans.importing import MAX_ROWS, read_table

pytestmark = pytest.mark.django_db


def test_band_labels_that_look_like_formulas_are_exported_as_text(campaign_factory):
    campaign = campaign_factory(grouping={"team": ["=HYPERLINK(\"http://x\")", "@SUM(A1)"]}, min_group_size=3)
    answers = {item_id: 2 for item_id in campaign.item_ids()}
    for code in services.generate_codes(campaign, 6):
        services.submit(code.code, "nl", answers, {"team": "=HYPERLINK(\"http://x\")"})
    campaign.status = "closed"
    campaign.save()
    rows = list(csv.reader(io.StringIO(services.export_csv(campaign))))[1:]  # after the '#' notice line
    teams = {row[rows[0].index("team")] for row in rows[1:]}
    assert teams == {"'=HYPERLINK(\"http://x\")"}


def test_import_file_over_5_mb_is_refused_with_a_clear_message():
    big = SimpleUploadedFile("answers.csv", b"x" * (5 * 1024 * 1024 + 1), content_type="text/csv")
    form = ImportForm(data={"confirm_anonymous": "on"}, files={"file": big})
    assert not form.is_valid()
    assert "5 MB" in str(form.errors["file"])


def test_reading_stops_just_past_the_row_limit():
    content = ("wd1\n" + "1\n" * (MAX_ROWS + 500)).encode()
    rows = read_table("answers.csv", content)
    assert len(rows) == MAX_ROWS + 2
