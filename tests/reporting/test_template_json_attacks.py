"""A report template typed as JSON is parsed with bounded size and depth (issue 10.7): JSON nested
100,000 deep is a form error (before: RecursionError, a 500) and no version is saved."""

import html

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import ReportTemplate

MESSAGES = {
    "en": "The JSON is nested more than 20 levels deep.",
    "nl": "De JSON is meer dan 20 niveaus diep genest.",
    "fr": "Le JSON est imbriqué sur plus de 20 niveaux.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("levels", [21, 100_000])
def test_deeply_nested_template_json_is_refused(covenant_factory, make_user, client, language, levels):
    covenant = covenant_factory()
    v1 = services.template_for(covenant.generation)
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    response = client.post(f"/reporting/templates/{v1.pk}/new-version/", {
        "generation": covenant.generation, "title": "deep", "spec": "[" * levels + "]" * levels,
    }, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert MESSAGES[language] in html.unescape(response.content.decode())
    assert ReportTemplate.objects.count() == 1
