"""Small readability helpers: history rows read as sentences (translated verbs, field names, choice labels);
the navigation marks only the most specific entry as current."""

from django.utils import translation

from werkbaar.core.models import AuditEntry
from werkbaar.core.templatetags.core_tags import audit_action, audit_changes


def test_action_labels_are_translated():
    with translation.override("nl"):
        assert str(audit_action("create")) == "aangemaakt"
        assert str(audit_action("update:signatory")) == "gewijzigd"
        assert str(audit_action("transition:approve")) == "status gewijzigd"
        assert str(audit_action("extension_requested")) == "uitstel gevraagd"
    assert audit_action("something_new") == "something new"  # unknown actions stay readable


def test_changes_use_verbose_names_and_choice_labels():
    entry = AuditEntry(object_type="core.organisation", before={"kind": "company", "name": "A", "tags": None},
                       after={"kind": "sector_fund", "name": "A", "tags": ["x"], "gone": 1})
    with translation.override("en"):
        rows = {str(label): (old if old is None else str(old), new if new is None else str(new))
                for label, old, new in audit_changes(entry)}
    assert rows["Kind"] == ("Company", "Sector fund")
    assert rows["tags"] == (None, "x") and rows["gone"] == (None, "1")  # unknown fields keep their name
    assert "Name" not in rows  # unchanged
    unknown = AuditEntry(object_type="nope.model", before=None, after={"a": True})
    with translation.override("nl"):
        assert [(label, old, str(new)) for label, old, new in audit_changes(unknown)] == [("a", None, "ja")]


def test_only_the_most_specific_navigation_entry_is_current(rf, make_user, company_factory):
    from werkbaar.core.context_processors import navigation
    from werkbaar.core.roles import Role

    request = rf.get("/actions/plans/")  # the plans, not also the inspiration menu at /actions/
    request.user = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    current = [item["url"] for item in navigation(request)["nav_items"] if item["current"]]
    assert current == ["/actions/plans/"]


def test_shadowed_msgids_have_their_own_context():
    """"Grant", "Change" and "Term" also exist in Django's and other apps' catalogues with another meaning;
    the first catalogue wins, so these labels carry a context."""
    expected = {
        "nl": {("extension", "Grant"): "Toekennen", ("score difference", "Change"): "Verschil",
               ("horizon", "Term"): "Termijn", ("language", "Change"): "Wijzigen"},
        "fr": {("extension", "Grant"): "Accorder", ("score difference", "Change"): "Écart",
               ("horizon", "Term"): "Terme", ("language", "Change"): "Changer"},
    }
    for language, labels in expected.items():
        with translation.override(language):
            assert {key: translation.pgettext(*key) for key in labels} == labels
