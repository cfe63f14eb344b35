"""Forms of the API pages: a new token, a new webhook, a webhook's address and events changed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import Organisation
from werkbaar.core.permissions import can_admin_organisation, is_department, organisations_for

from . import tokens, webhooks
from .models import Event, Scope


def administered_organisations(user):
    """Organisations whose tokens and webhooks the user manages (company admins, sector staff, department)."""
    if is_department(user):
        return Organisation.objects.order_by("name")
    ids = [o.pk for o in organisations_for(user) if can_admin_organisation(user, o)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “HR system”."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=tokens.MAX_DAYS, initial=90)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Leave empty for a personal token. An organisation's token is listed to all its admins."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = administered_organisations(user)


class WebhookSettingsForm(forms.Form):
    """The address and the events of a webhook (changed on its page; its organisation stays)."""

    url = forms.URLField(label=_("Address (URL)"), max_length=500, assume_scheme="https",
                         help_text=_("An https address on the internet that accepts POST requests."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple)

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhooks.check_url(url)
        except webhooks.UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


class WebhookForm(WebhookSettingsForm):
    """A new webhook: for which of the organisations the user administers, its address and events."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    field_order = ["organisation", "url", "events"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = administered_organisations(user)
