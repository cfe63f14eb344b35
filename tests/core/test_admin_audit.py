"""Changes made in the Django admin reach the audit trail: a payment amount or an indicator value edited
there has an audit entry with the values before and after, and no grant-affecting model is registered
with an admin that could change it silently."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

from werkbaar.core.models import AuditEntry
from werkbaar.reporting.models import IndicatorValue, Payment

pytestmark = pytest.mark.django_db

#: Apps whose data decides a grant: covenants (priorities, indicators, consultants, absences, addenda),
#: reporting (reports, evaluations, payments, extensions, indicator values) and the fund.
GRANT_APPS = {"covenants", "reporting", "fund"}


@pytest.fixture
def superuser(make_user):
    return make_user(is_staff=True, is_superuser=True)


@pytest.fixture
def indicator_value(covenant_factory):
    indicator = covenant_factory().priorities.get(code="P1").indicator
    return IndicatorValue.objects.create(indicator=indicator, period_start=date(2021, 1, 1),
                                         period_end=date(2021, 12, 31), value=Decimal("120"))


def admin_form_data(obj, superuser, **changes) -> dict:
    """The admin change form's own values for ``obj`` (as the browser would post them), with ``changes``."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = superuser
    form = model_admin.get_form(request, obj)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not isinstance(field, forms.FileField):
            data[name] = value
    data.update(changes)
    return data


def test_changing_a_payment_amount_in_the_admin_is_audited(client, superuser, covenant_factory):
    covenant = covenant_factory()
    report = covenant.reports.model.objects.create(covenant=covenant, kind="final", due_date=date(2023, 1, 31),
                                                   template=_template(covenant))
    payment = Payment.objects.create(report=report, amount_eur=Decimal("10000.00"), priorities_met=2,
                                     priorities_total=2, decision_date=date(2023, 3, 1),
                                     payment_date=date(2023, 4, 1), settlement={"payable_eur": "10000.00"})
    client.force_login(superuser)
    response = client.post(f"/admin/reporting/payment/{payment.pk}/change/",
                           admin_form_data(payment, superuser, amount_eur="99999.00"))
    assert response.status_code == 302, response.content[:2000]
    payment.refresh_from_db()
    assert payment.amount_eur == Decimal("99999.00")
    entry = AuditEntry.objects.get(object_type="reporting.payment", object_id=str(payment.pk))
    assert entry.user == superuser and entry.action == "update" and entry.note == "admin"
    assert entry.before == {"amount_eur": "10000.00"} and entry.after == {"amount_eur": "99999.00"}
    assert (entry.root_type, entry.root_id) == ("covenants.covenant", str(covenant.pk))


def test_changing_an_indicator_value_in_the_admin_is_audited(client, superuser, indicator_value):
    value = indicator_value
    client.force_login(superuser)
    response = client.post(f"/admin/reporting/indicatorvalue/{value.pk}/change/",
                           admin_form_data(value, superuser, value="5000"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="reporting.indicatorvalue")
    assert (entry.before, entry.after) == ({"value": "120.00"}, {"value": "5000.00"})
    assert entry.root_id == str(value.indicator.priority.covenant_id)


def test_deleting_in_the_admin_is_audited_with_the_values_before(client, superuser, indicator_value):
    value = indicator_value
    client.force_login(superuser)
    response = client.post(f"/admin/reporting/indicatorvalue/{value.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not IndicatorValue.objects.exists()
    entry = AuditEntry.objects.get(object_type="reporting.indicatorvalue", action="delete")
    assert entry.before["value"] == "120.00" and entry.after is None


def test_no_grant_affecting_model_has_an_unaudited_writable_admin(superuser):
    from werkbaar.core.admin import AuditedAdmin

    request = RequestFactory().get("/")
    request.user = superuser
    silent = [
        model._meta.label for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in GRANT_APPS and not isinstance(model_admin, AuditedAdmin)
        and (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
             or model_admin.has_delete_permission(request))
    ]
    assert silent == []


def _template(covenant):
    from werkbaar.reporting.services import template_for

    return template_for(covenant.generation)


def test_a_final_payment_made_from_a_report_belongs_to_the_reports_covenant(covenant_factory):
    covenant = covenant_factory()
    report = covenant.reports.model.objects.create(covenant=covenant, kind="final", due_date=date(2023, 1, 31),
                                                   template=_template(covenant))
    assert Payment.objects.create(report=report, amount_eur=Decimal("1.00")).covenant == covenant
