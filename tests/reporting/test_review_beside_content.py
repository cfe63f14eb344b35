"""Issue 16: the department's remarks beside each section, written while reading (htmx), kept from the
sector until the return, shown next to the fields when the sector edits; the return page shows each
section's content beside its remark field."""

import pytest
from django.utils import translation

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.reporting import followup, services
from werkbaar.reporting.models import Report, SectionRemark

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def review(covenant_factory, make_user, sector_factory, complete):
    covenant = covenant_factory(priorities=1)
    other = covenant_factory(sector=sector_factory("other"), priorities=1)
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    report = reports["progress"]
    report.content = complete(report)
    report.content[f"indicator-{covenant.priorities.get().indicator.pk}"]["remarks"] = "Registered by the fund."
    report.save()
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    department = make_user(Role.ACCOUNT_MANAGER)
    services.apply_transition(report, "submit", consultant)
    services.apply_transition(report, "start_review", department)
    indicator_key = f"indicator-{covenant.priorities.get().indicator.pk}"
    return {"covenant": covenant, "report": Report.objects.get(pk=report.pk), "consultant": consultant,
            "department": department, "key": indicator_key,
            "stranger": make_user(Role.SECTOR_STAFF, sector=other.sector),
            "stranger_consultant": make_user(Role.CONSULTANT, sector=other.sector)}


def _url(r):
    return f"/reporting/{r['report'].pk}/remarks/{r['key']}/"


def test_a_reviewer_saves_a_remark_without_leaving_the_page(review, client):
    client.force_login(review["department"])
    response = client.post(_url(review), {"text": "Add the attendance lists."}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<aside class="review-remarks" id="remarks-{review["key"]}"')  # a fragment
    assert "Add the attendance lists." in html and 'role="status"' in html
    remark = SectionRemark.objects.get()
    assert (remark.section, remark.version.number, remark.author) == (review["key"], 1, review["department"])
    assert AuditEntry.objects.filter(action="create", object_type="reporting.sectionremark").count() == 1
    assert Report.objects.get(pk=review["report"].pk).status == "under_review"  # reading goes on


def test_an_empty_remark_is_refused_in_place_with_a_translated_message(review, client):
    client.force_login(review["department"])
    with translation.override("nl"):
        html = client.post(_url(review), {"text": "   "}, **HTMX, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Schrijf de opmerking voor je ze bewaart." in html and 'aria-invalid="true"' in html
    client.cookies["django_language"] = "fr"
    html = client.post(_url(review), {"text": ""}, **HTMX).content.decode()
    assert "Écrivez la remarque avant de l’enregistrer." in html
    assert SectionRemark.objects.count() == 0


def test_without_htmx_the_remark_is_saved_and_the_page_comes_back(review, client):
    client.force_login(review["department"])
    response = client.post(_url(review), {"text": "Which period?"})
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{review['key']}")
    assert SectionRemark.objects.get().text == "Which period?"


def test_the_sector_sees_the_remarks_only_once_the_report_is_returned(review, client):
    followup.add_remark(review["report"], review["key"], "Add the attendance lists.", review["department"])
    client.force_login(review["consultant"])
    page = f"/reporting/{review['report'].pk}/"
    assert "Add the attendance lists." not in client.get(page).content.decode()
    services.apply_transition(review["report"], "return", review["department"])  # the remark is enough
    html = client.get(page).content.decode()
    section = html[html.index(f'id="section-{review["key"]}"'):]
    assert "Add the attendance lists." in section[:section.index("</section>")]  # in the section's own place
    edit = client.get(f"/reporting/{review['report'].pk}/edit/").content.decode()
    fieldset = edit[edit.index(f'id="section-{review["key"]}"'):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert "Add the attendance lists." in fieldset and f'name="{review["key"]}__measured_value"' in fieldset


def test_another_sector_can_neither_read_nor_write_remarks(review, client):
    followup.add_remark(review["report"], review["key"], "Confidential remark.", review["department"])
    services.apply_transition(review["report"], "return", review["department"])
    for user in (review["stranger"], review["stranger_consultant"]):
        client.force_login(user)
        assert client.get(f"/reporting/{review['report'].pk}/").status_code == 404
        assert client.get(f"/reporting/{review['report'].pk}/edit/").status_code == 404
        assert client.post(_url(review), {"text": "Injected."}, **HTMX).status_code == 404
    client.force_login(review["consultant"])  # the report's own sector may not write remarks either
    assert client.post(_url(review), {"text": "Injected."}, **HTMX).status_code == 403
    assert list(SectionRemark.objects.values_list("text", flat=True)) == ["Confidential remark."]


def test_remarks_are_written_only_under_review_and_on_a_real_section(review, client):
    client.force_login(review["department"])
    assert client.post(f"/reporting/{review['report'].pk}/remarks/no-such-section/", {"text": "x"}).status_code == 404
    services.apply_transition(review["report"], "approve", review["department"])
    assert client.post(_url(review), {"text": "Too late."}, **HTMX).status_code == 403
    with pytest.raises(followup.FollowUpError):
        followup.add_remark(Report.objects.get(pk=review["report"].pk), review["key"], "x", review["department"])
    assert SectionRemark.objects.count() == 0


def test_returning_needs_a_remark_on_the_version_under_review(review):
    with pytest.raises(TransitionNotAllowed), translation.override("en"):
        services.apply_transition(review["report"], "return", review["department"], remarks={"nope": "x"})
    assert Report.objects.get(pk=review["report"].pk).status == "under_review"
    assert SectionRemark.objects.count() == 0  # nothing saved half-way


def test_the_return_page_shows_each_sections_content_beside_its_remark_field(review, client):
    client.force_login(review["department"])
    html = client.get(f"/reporting/{review['report'].pk}/step/return/").content.decode()
    pair = html[html.index(f'id="section-{review["key"]}"'):]
    pair = pair[:pair.index("</section>")]
    assert "Registered by the fund." in pair  # the content the reviewer comments on
    assert f'name="remark__{review["key"]}"' in pair and f'for="id_remark__{review["key"]}"' in pair
    assert pair.index("review-content") < pair.index(f'name="remark__{review["key"]}"')


def test_remarks_written_while_reading_are_enough_to_return(review, client):
    followup.add_remark(review["report"], review["key"], "Add the attendance lists.", review["department"])
    client.force_login(review["department"])
    response = client.post(f"/reporting/{review['report'].pk}/step/return/", {"confirmed": "1"})
    assert response.status_code == 302
    assert Report.objects.get(pk=review["report"].pk).status == "returned"
    assert SectionRemark.objects.count() == 1
