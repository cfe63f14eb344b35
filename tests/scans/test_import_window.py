"""Paper answers can be imported only while the campaign is open.

The attack: a company admin pads a closed campaign's one-person team with invented paper rows, so
that the team crosses the minimum group size and its figures – the real person's answers among
them – are shown.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from werkbaar.core.roles import Role
from werkbaar.scans import services
from werkbaar.scans.importing import ImportFailed, import_rows
from werkbaar.scans.models import Campaign, Response, ResponseImport

PADDING = [["wd1", "team"], *[["2", "Zuid"]] * 4]


@pytest.fixture
def closed_with_a_lonely_team(campaign, codes, full_answers):
    """One worker in team Zuid, five in Noord; then the campaign closes."""
    for i, code in enumerate(codes[:6]):
        services.submit(code, "nl", full_answers, {"team": "Zuid" if i == 0 else "Noord"})
    campaign.status = "closed"
    campaign.save()
    return campaign


def test_padding_a_closed_campaign_is_refused(closed_with_a_lonely_team):
    with pytest.raises(ImportFailed) as exc:
        import_rows(closed_with_a_lonely_team, PADDING)
    assert "only be imported while the campaign is open" in str(exc.value.problems[0].message) \
        or "alleen" in str(exc.value.problems[0].message)
    assert Response.objects.filter(groups__team="Zuid").count() == 1
    assert not ResponseImport.objects.exists()


def test_past_the_closing_date_and_before_opening_are_refused_too(campaign):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=today - datetime.timedelta(days=1))
    campaign.refresh_from_db()
    with pytest.raises(ImportFailed):
        import_rows(campaign, PADDING)
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=today + datetime.timedelta(days=1),
                                                   closes_on=today + datetime.timedelta(days=9))
    campaign.refresh_from_db()
    with pytest.raises(ImportFailed):
        import_rows(campaign, PADDING)
    assert not Response.objects.exists()


def test_a_close_that_lands_while_the_file_is_checked_still_refuses(campaign):
    """The campaign object in memory still says open; the row in the database says closed."""
    stale = Campaign.objects.get(pk=campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")
    with pytest.raises(ImportFailed):
        import_rows(stale, PADDING)
    assert not Response.objects.exists()


def test_page_refuses_with_a_message_and_lists_the_imports(client, make_user, campaign, codes, full_answers):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation, first_name="Ann", last_name="Peeters")
    client.force_login(admin)
    upload = "wd1;team\n2;Zuid\n3;Noord\n"
    r = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.csv", upload.encode()), "confirm_anonymous": "on"})
    assert r.status_code == 302 and Response.objects.count() == 2
    page = client.get(f"/scans/{campaign.pk}/").content.decode()
    imports = page.split('id="imports"')[1].split("</ul>")[0]
    assert "2 " in imports and timezone.localdate().strftime("%d/%m/%Y") in imports
    assert admin.username in imports or "Ann" in imports
    campaign.status = "closed"
    campaign.save()
    r = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.csv", upload.encode()), "confirm_anonymous": "on"}, follow=True)
    assert Response.objects.count() == 2
    page = r.content.decode()
    assert "kunnen alleen" in page or "only be imported" in page
    assert f'/scans/{campaign.pk}/import/"' not in page  # no import button on a closed campaign


def test_command_refuses_a_closed_campaign(closed_with_a_lonely_team, tmp_path):
    paper = tmp_path / "paper.csv"
    paper.write_text("wd1;team\n2;Zuid\n2;Zuid\n2;Zuid\n2;Zuid\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import-responses", str(closed_with_a_lonely_team.pk), str(paper))
    assert Response.objects.filter(groups__team="Zuid").count() == 1
