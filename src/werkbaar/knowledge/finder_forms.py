"""The measures finder's questions (a GET form) and how its answers become ``eligibility.Answers``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import Organisation, Sector

from .eligibility import Answers, answer_errors
from .models import Audience, Region

SIZES = [(value, label) for value, label in Organisation.SizeBand.choices if value != Organisation.SizeBand.UNKNOWN]
REGIONS = [(value, label) for value, label in Region.choices if value != Region.BELGIUM]
ERRORS = {
    "size_required": _("Employers: choose how many employees your organisation has, so we only show "
                       "measures for your size."),
    "size_not_employer": _("The number of employees only matters for employers. Leave it empty, or answer "
                           "\"Employer\" to the first question."),
}


class FinderForm(forms.Form):
    """The visitor's answers. Sectors are plain choices (id, name): sector names are public."""

    audience = forms.ChoiceField(label=_("Who are you?"), choices=Audience.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("Tell us who you are: worker, employer, "
                                                               "self-employed or sector."),
                                                 "invalid_choice": _("Choose one of the listed answers for "
                                                                     "who you are.")})
    sector = forms.TypedChoiceField(label=_("Which sector do you work in?"), required=False, coerce=int,
                                    empty_value=None,
                                    error_messages={"invalid_choice": _("We do not know this sector. Choose one "
                                                                        "from the list, or \"Other or not "
                                                                        "sure\".")})
    size = forms.ChoiceField(label=_("How many employees? (employers only)"), required=False,
                             choices=[("", _("Not an employer"))] + SIZES,
                             error_messages={"invalid_choice": _("Choose one of the listed company sizes.")})
    theme = forms.ChoiceField(label=_("What do you want to do?"), required=False,
                              choices=[("", _("Anything that helps"))] + list(Theme.choices),
                              error_messages={"invalid_choice": _("Choose one of the listed themes.")})
    region = forms.ChoiceField(label=_("Where do you work? (optional)"), required=False,
                               choices=[("", _("Anywhere or not sure"))] + REGIONS,
                               error_messages={"invalid_choice": _("Choose one of the listed regions.")})

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = list(Sector.objects.order_by("name").values_list("pk", "name")) if sectors is None else sectors
        self.fields["sector"].choices = [("", _("Other or not sure"))] + [(str(pk), name) for pk, name in sectors]
        self.sector_names = dict(sectors)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for code in answer_errors(self.answers()):
            self.add_error("size", ERRORS[code])
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(audience=data["audience"], sector_id=data.get("sector"), size=data.get("size") or None,
                       theme=data.get("theme") or None, region=data.get("region") or None)
