"""Forms of the field-work log: the quick contact form (with search and a new company) and the filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import JointCommittee, Organisation, Sector
from werkbaar.core.permissions import sector_ids_for
from werkbaar.core.validators import normalise_enterprise_number, validate_enterprise_number
from werkbaar.covenants.models import CovenantAction, Priority

from . import services
from .models import NOTE_MAX_LENGTH, Contact, ContactKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PriorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.covenant.code} · {obj.code} {obj.title}"[:120]


class ActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.priority.covenant.code} · {obj.code} {obj.title}"[:120]


class ContactForm(forms.ModelForm):
    """One contact. The organisation is chosen from the search results (``organisation``), found from the
    typed text when it names exactly one (``q``), or added as a new company (``new_name`` + ``new_number``)."""

    q = forms.CharField(label=_("Organisation"), required=False, max_length=200,
                        help_text=_("Name or enterprise number"))
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                          widget=forms.HiddenInput)
    new_name = forms.CharField(label=_("Name of the new company"), required=False, max_length=200)
    new_number = forms.CharField(label=_("Enterprise number"), required=False, max_length=20,
                                 help_text=_("10 digits, for example 0403.170.701"))
    new_joint_committee = forms.ModelChoiceField(label=_("Joint committee"), required=False,
                                                 queryset=JointCommittee.objects.none())
    new_sector = forms.ModelChoiceField(label=_("Sector of the new company"), required=False,
                                        queryset=Sector.objects.none())
    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, choices=Theme.choices,
                                       widget=forms.CheckboxSelectMultiple)
    priority = PriorityChoice(label=_("Covenant priority"), required=False, queryset=Priority.objects.none())
    action = ActionChoice(label=_("Covenant action"), required=False, queryset=CovenantAction.objects.none())

    class Meta:
        model = Contact
        fields = ["on", "kind", "themes", "priority", "action", "note", "follow_up_on"]
        widgets = {
            "on": DateInput(), "follow_up_on": DateInput(),
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.sector_ids = sector_ids_for(user)
        self.fields["organisation"].queryset = Organisation.objects.filter(sector_id__in=self.sector_ids)
        self.fields["new_sector"].queryset = Sector.objects.filter(pk__in=self.sector_ids)
        self.fields["new_joint_committee"].queryset = JointCommittee.objects.filter(
            sectors__in=self.sector_ids).distinct()
        self.fields["priority"].queryset = Priority.objects.filter(
            covenant__sector_id__in=self.sector_ids).select_related("covenant").order_by("-covenant__start", "order")
        self.fields["action"].queryset = CovenantAction.objects.filter(
            priority__covenant__sector_id__in=self.sector_ids).select_related("priority__covenant").order_by(
            "-priority__covenant__start", "priority__order", "order")
        self.fields["kind"].choices = ContactKind.choices
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("on", timezone.localdate())
        if self.instance.pk:
            self.initial.setdefault("organisation", self.instance.organisation_id)
        self.candidates: list[Organisation] = []
        self.new_company: Organisation | None = None

    @property
    def several_sectors(self) -> bool:
        return len(self.sector_ids) > 1

    def chosen_organisation(self):
        """The organisation shown as chosen when the form is shown again."""
        data = getattr(self, "cleaned_data", {}) or {}
        return data.get("organisation") or (self.instance.organisation if self.instance.pk else None)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("A contact cannot lie in the future. Plan it as a follow-up date instead."))
        return on

    def clean(self):
        data = super().clean()
        organisation = self._organisation(data)
        if organisation is not None:
            data["organisation"] = organisation
            self._check_covenant(data, organisation.sector_id)
        on, follow_up = data.get("on"), data.get("follow_up_on")
        if on and follow_up and follow_up < on:
            self.add_error("follow_up_on", _("The follow-up date lies before the date of the contact."))
        return data

    def _organisation(self, data):
        chosen = data.get("organisation")
        if chosen is not None:
            return chosen
        if self.errors.get("organisation"):
            return None
        name, number = (data.get("new_name") or "").strip(), (data.get("new_number") or "").strip()
        if name or number:
            return self._new_company(data, name, number)
        query = (data.get("q") or "").strip()
        if not query:
            self.add_error("q", _("Choose the organisation: type its name or enterprise number, or add a new company."))
            return None
        self.candidates = list(services.search_organisations(self.sector_ids, query))
        if len(self.candidates) == 1:
            return self.candidates[0]
        if not self.candidates:
            self.add_error("q", _("No organisation of your sector matches “%(q)s”. Check the spelling, or add it "
                                  "as a new company.") % {"q": query[:60]})
        else:
            self.add_error("q", _("Several organisations match “%(q)s”: choose one.") % {"q": query[:60]})
        return None

    def _new_company(self, data, name: str, number: str):
        if not name:
            self.add_error("new_name", _("Give the name of the new company."))
        if not number:
            self.add_error("new_number", _("Give the enterprise number of the new company."))
            return None
        try:
            validate_enterprise_number(number)
        except ValidationError as exc:
            self.add_error("new_number", exc)
            return None
        digits = normalise_enterprise_number(number)
        existing = Organisation.objects.filter(enterprise_number=digits).first()
        if existing is not None:
            if existing.sector_id in self.sector_ids:
                self.add_error("new_number", _("This company is already in Werkbaar as “%(name)s”: search for it "
                                               "instead.") % {"name": existing.name})
            else:
                self.add_error("new_number", _("This enterprise number belongs to an organisation of another "
                                               "sector. Ask the department to check it."))
            return None
        sector = data.get("new_sector")
        if sector is None:
            if self.several_sectors:
                self.add_error("new_sector", _("Choose the sector of the new company."))
                return None
            sector = Sector.objects.get(pk=next(iter(self.sector_ids)))
        if not name:
            return None
        jc = data.get("new_joint_committee")
        if jc is not None and not sector.joint_committees.filter(pk=jc.pk).exists():
            self.add_error("new_joint_committee", _("This joint committee is not one of the sector's."))
            return None
        self.new_company = Organisation(name=name, enterprise_number=digits, sector=sector, joint_committee=jc,
                                        kind=Organisation.Kind.COMPANY)
        return self.new_company

    def _check_covenant(self, data, sector_id: int):
        priority, action = data.get("priority"), data.get("action")
        if priority is not None and priority.covenant.sector_id != sector_id:
            self.add_error("priority", _("This priority belongs to the covenant of another sector than the "
                                         "organisation's."))
        if action is not None and action.priority.covenant.sector_id != sector_id:
            self.add_error("action", _("This action belongs to the covenant of another sector than the "
                                       "organisation's."))
        elif action is not None and priority is not None and action.priority_id != priority.pk:
            self.add_error("action", _("This action does not belong to the chosen priority."))

    def save(self, commit=True):
        contact = super().save(commit=False)
        contact.organisation = self.cleaned_data["organisation"] if self.new_company is None else None
        return contact


class OverviewFilterForm(forms.Form):
    """Filters of the sector overview (each optional; a bad value is ignored with a message)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind of contact"), required=False,
                             choices=[("", _("All kinds"))] + list(ContactKind.choices))
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes"))] + list(Theme.choices))
    joint_committee = forms.ModelChoiceField(label=_("Joint committee"), required=False,
                                             queryset=JointCommittee.objects.none(), empty_label=_("All"))
    q = forms.CharField(label=_("Organisation"), required=False, max_length=200)

    def __init__(self, *args, sector, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_committee"].queryset = sector.joint_committees.all()

    def filter(self, qs):
        if not self.is_bound or not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["date_from"]:
            qs = qs.filter(on__gte=d["date_from"])
        if d["date_to"]:
            qs = qs.filter(on__lte=d["date_to"])
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["theme"]:
            qs = qs.filter(pk__in=[c.pk for c in qs.only("pk", "themes") if d["theme"] in (c.themes or [])])
        if d["joint_committee"]:
            qs = qs.filter(organisation__joint_committee=d["joint_committee"])
        if d["q"]:
            qs = qs.filter(organisation__name__icontains=d["q"])
        return qs


class InviteForm(forms.Form):
    """Invite a social partner of a sector or a SERV/intersectoral adviser (``fieldwork.people``)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"))
    sector = forms.ModelChoiceField(label=_("Sector"), required=False, queryset=Sector.objects.none())

    def __init__(self, *args, roles, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        from werkbaar.core.roles import Role

        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["sector"].queryset = sectors
        if sectors.count() == 1:
            self.fields["sector"].initial = sectors.first()

    def clean(self):
        from werkbaar.core.models import User
        from werkbaar.core.roles import Role

        data = super().clean()
        if data.get("role") == Role.SOCIAL_PARTNER and not data.get("sector"):
            self.add_error("sector", _("A social partner belongs to a sector: choose it."))
        email = data.get("email")
        if email and User.objects.filter(email__iexact=email).count() > 1:
            self.add_error("email", _("Several accounts use this e-mail address. Ask the application administrator."))
        if email and not User.objects.filter(email__iexact=email).exists() and \
                User.objects.filter(username=email.lower()[:150]).exists():
            self.add_error("email", _("An account with this e-mail address as its username exists with another "
                                      "address. Ask the application administrator."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


def theme_choices():
    from werkbaar.actions.taxonomy import Theme

    from .cross_rules import WORKABLE_WORK_THEMES

    labels = dict(Theme.choices)
    return [(t, labels[t]) for t in WORKABLE_WORK_THEMES]


def indicator_choices():
    from django.utils.translation import get_language

    from werkbaar.actions.taxonomy import indicator_title

    from .cross_rules import RISK_INDICATORS

    return [(i, indicator_title(i, (get_language() or "nl")[:2])) for i in RISK_INDICATORS]


class ActionTagsForm(forms.Form):
    """The workable-work themes and risk indicators of each action of one covenant (fields per action)."""

    def __init__(self, *args, actions, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            current = tags.get(action.pk)
            self.fields[f"themes_{action.pk}"] = forms.MultipleChoiceField(
                label=_("Themes"), required=False, choices=theme_choices(), widget=forms.CheckboxSelectMultiple,
                initial=current.themes if current else [])
            self.fields[f"indicators_{action.pk}"] = forms.MultipleChoiceField(
                label=_("Risk indicators"), required=False, choices=indicator_choices(),
                widget=forms.CheckboxSelectMultiple, initial=current.indicators if current else [])

    def rows(self):
        return [(a, self[f"themes_{a.pk}"], self[f"indicators_{a.pk}"]) for a in self.actions]


class CompanyCountForm(forms.Form):
    """The number of companies in a joint committee in a year (saved over an earlier figure of that year)."""

    joint_committee = forms.ModelChoiceField(label=_("Joint committee"), queryset=JointCommittee.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    companies = forms.IntegerField(label=_("Companies"), min_value=0, max_value=10_000_000)
    source = forms.CharField(label=_("Source"), max_length=300)
