"""Forms of the networks app."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbaar.core.models import Organisation, Sector, User
from werkbaar.core.roles import ORGANISATION_ROLES, SECTOR_ROLES

from .methods import method_choices
from .models import (
    DEFAULT_IDEA_THEMES,
    Attendance,
    Evaluation,
    IdeaTheme,
    Intake,
    Network,
    Participant,
    Scope,
    Session,
    Term,
    theme_label,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _user_label(user) -> str:
    return f"{user.get_full_name() or user.username} ({user.username})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _user_label(obj)


#: The largest id a 64-bit id column holds (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects by id that refuses a posted id no id column can hold.

    Django looks the chosen ids up with one ``pk IN (...)`` query; an id beyond 64 bits makes SQLite
    raise OverflowError and PostgreSQL a DataError (a 500). Such an id is never one of the choices.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                pk_int = int(str(pk))
            except ValueError:
                continue  # Django's own check answers "not a valid value"
            if not -MAX_ID <= pk_int <= MAX_ID:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": pk})
        return super()._check_values(value)


class UserMultipleChoiceField(IdsMultipleChoiceField):
    def label_from_instance(self, obj):
        return _user_label(obj)


class ThemesField(forms.CharField):
    """The board's themes as text, one per line; a default theme may be written as its label."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(theme_label(t) for t in value)
        return value

    def to_python(self, value):
        labels = {str(label).casefold(): code for code, label in IdeaTheme.choices}
        labels.update({code: code for code in IdeaTheme.values})
        out = []
        for line in (value or "").splitlines():
            line = " ".join(line.split())
            if line:
                theme = labels.get(line.casefold(), line)
                if theme not in out:
                    out.append(theme)
        return out

    def validate(self, value):
        if any(len(t) > 100 for t in value):
            raise forms.ValidationError(_("A theme has at most 100 characters."))


class NetworkForm(forms.ModelForm):
    idea_themes = ThemesField(
        label=_("Themes of the recommendations board"), required=False,
        help_text=_("One per line. Leave empty to take the themes of the covenant action (or the five default "
                    "themes: appreciation, support, training, psychosocial and physical load)."),
    )
    facilitators = UserMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Facilitators"), help_text=_("Sector staff or consultants of the owning sector or a partner sector."),
    )

    class Meta:
        model = Network
        fields = [
            "title", "theme", "description", "sector", "partner_sectors", "facilitators", "start", "end",
            "target_min", "target_max", "covenant_action", "min_sessions", "planned_sessions", "idea_themes",
            "expectations",
        ]
        widgets = {
            "start": DateInput(), "end": DateInput(), "partner_sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}), "expectations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .permissions import creatable_sector_ids

        own = creatable_sector_ids(user)
        if self.instance.pk:
            own = own | {self.instance.sector_id}
        self.fields["sector"].queryset = Sector.objects.filter(pk__in=own)
        self.fields["partner_sectors"].queryset = Sector.objects.all()
        from werkbaar.covenants.models import CovenantAction

        self.fields["covenant_action"].queryset = CovenantAction.objects.filter(
            priority__covenant__sector_id__in=own | set(self.instance.partner_sectors.values_list("pk", flat=True))
            if self.instance.pk else own,
        ).select_related("priority__covenant").order_by("priority__covenant__code", "code")
        self.fields["covenant_action"].label_from_instance = lambda a: f"{a.priority.covenant.code} {a}"
        self.fields["min_sessions"].required = False
        self.fields["min_sessions"].help_text = _(
            "Leave empty to take the covenant action's minimum (1 without an action or a minimum).")
        self.fields["facilitators"].queryset = (
            User.objects.filter(memberships__role__in=SECTOR_ROLES).distinct().order_by("last_name", "username")
        )
        if not self.instance.pk and not self.initial.get("expectations"):
            self.initial["expectations"] = _(
                "One attendee of every organisation at every session; if the attendee cannot come, the named "
                "backup colleague comes instead. Participants share their experience openly and take part actively."
            )

    def clean(self):
        data = super().clean()
        sector = data.get("sector")
        partners = set(data.get("partner_sectors") or [])
        if sector and sector in partners:
            partners.discard(sector)
            data["partner_sectors"] = list(partners)
        allowed = {s.pk for s in partners} | ({sector.pk} if sector else set())
        action = data.get("covenant_action")
        if action is not None and action.priority.covenant.sector_id not in allowed:
            self.add_error("covenant_action", _("Choose an action of a covenant of the owning or a partner sector."))
        if not data.get("min_sessions"):
            data["min_sessions"] = (action.network_min_sessions if action else None) or 1
        if not data.get("idea_themes"):
            data["idea_themes"] = list((action.network_idea_themes if action else None) or DEFAULT_IDEA_THEMES)
        planned = data.get("planned_sessions")
        if planned is not None and planned < data["min_sessions"]:
            self.add_error("planned_sessions", _("Plan at least %(n)s sessions.") % {"n": data["min_sessions"]})
        for user in data.get("facilitators") or []:
            if not user.memberships.filter(role__in=SECTOR_ROLES, sector_id__in=allowed).exists():
                self.add_error(
                    "facilitators",
                    _("%(user)s does not work for the owning sector or a partner sector.") % {"user": user},
                )
        return data


class ParticipantForm(forms.ModelForm):
    attendee_user = UserChoiceField(queryset=User.objects.none(), required=False, label=_("Attendee's user account"))
    backup_user = UserChoiceField(queryset=User.objects.none(), required=False, label=_("Backup's user account"))

    class Meta:
        model = Participant
        fields = [
            "organisation", "attendee_name", "attendee_email", "attendee_user", "backup_name", "backup_email",
            "backup_user",
        ]

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        sectors = network.all_sector_ids()
        taken = network.participants.exclude(pk=self.instance.pk).values("organisation_id")
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(sector_id__in=sectors).exclude(pk__in=taken).order_by("name")
        )
        users = User.objects.filter(
            memberships__role__in=ORGANISATION_ROLES, memberships__organisation__sector_id__in=sectors
        ).distinct().order_by("last_name", "username")
        self.fields["attendee_user"].queryset = users
        self.fields["backup_user"].queryset = users
        self.fields["attendee_user"].help_text = _("Optional: lets this person sign in and see the network.")

    def clean(self):
        data = super().clean()
        a, b = (data.get("attendee_email") or "").lower(), (data.get("backup_email") or "").lower()
        if a and b and a == b:
            self.add_error("backup_email", _("The backup colleague needs an e-mail address of their own."))
        org = data.get("organisation")
        for field in ("attendee_user", "backup_user"):
            user = data.get(field)
            if user and org and not user.memberships.filter(organisation=org).exists():
                self.add_error(field, _("This user does not belong to the chosen organisation."))
        return data


class IntakeForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["expectations", "experience_level", "experience", "questions", "specialists_wanted"]
        widgets = {
            "experience_level": forms.RadioSelect,
            **{f: forms.Textarea(attrs={"rows": 3}) for f in ("expectations", "experience", "questions",
                                                              "specialists_wanted")},
        }


class SessionForm(forms.ModelForm):
    method = forms.ChoiceField(label=_("Method used"), required=False, choices=())
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "agenda", "specialists", "method", "notes"]
        widgets = {
            "starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}), "specialists": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = method_choices()


class AttendanceForm(forms.Form):
    """One presence choice per participating organisation."""

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        current = {a.participant_id: a.presence for a in session.attendance.all()}
        self.participants = list(session.network.participants.select_related("organisation"))
        for p in self.participants:
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=str(p.organisation), choices=[("", "—")] + list(Attendance.Presence.choices),
                required=False, initial=current.get(p.pk, ""),
                help_text=_("Attendee: %(a)s · backup: %(b)s") % {"a": p.attendee_name, "b": p.backup_name},
            )

    def clean(self):
        from .services import attendance_problem_messages

        data = super().clean()
        for message in attendance_problem_messages(self.session, {
                p.pk: data.get(f"p{p.pk}") for p in self.participants if data.get(f"p{p.pk}")}):
            self.add_error(None, message)
        return data

    def presences(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"p{p.pk}") for p in self.participants if self.cleaned_data.get(f"p{p.pk}")}


class PlacementFields(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=())
    term = forms.ChoiceField(label=pgettext_lazy("horizon", "Term"), choices=Term.choices, widget=forms.Select)
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = network.theme_choices()


class IdeaForm(PlacementFields):
    text = forms.CharField(label=_("Idea"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)

    field_order = ["text", "theme", "term", "scope", "session"]

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, network=network, **kwargs)
        self.fields["session"].queryset = network.sessions.all()


class MoveForm(PlacementFields):
    pass


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("What we commit to"), widget=forms.Textarea(attrs={"rows": 3}))
    participants = IdsMultipleChoiceField(
        label=_("Committed participants"), queryset=Participant.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    follow_up_1 = forms.DateField(label=_("First follow-up date"), widget=DateInput())
    note_1 = forms.CharField(label=_("What to check then"), required=False, max_length=300)
    follow_up_2 = forms.DateField(label=_("Second follow-up date"), widget=DateInput(), required=False)
    note_2 = forms.CharField(label=_("What to check then"), required=False, max_length=300)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = network.participants.select_related("organisation")

    def clean(self):
        data = super().clean()
        a, b = data.get("follow_up_1"), data.get("follow_up_2")
        if a and b and b < a:
            self.add_error("follow_up_2", _("The second follow-up comes after the first."))
        data["follow_ups"] = [(d, data.get(f"note_{i}", "")) for i, d in ((1, a), (2, b)) if d]
        return data


class MenuProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the action"), max_length=200)
    description = forms.CharField(
        label=_("Description of the action"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What an organisation does, and what it needs to do it."),
    )


class PolicyForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    addressed_to = forms.CharField(label=_("Addressed to"), max_length=200, required=False,
                                   help_text=_("E.g. the Flemish Government, the federal government."))


OUTCOME_FORMS = {"commitment": CommitmentForm, "menu": MenuProposalForm, "policy": PolicyForm}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [*Evaluation.QUESTION_FIELDS, "consent_to_quote"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in Evaluation.QUESTION_FIELDS}

    def clean(self):
        data = super().clean()
        if not any((data.get(f) or "").strip() for f in Evaluation.QUESTION_FIELDS):
            raise forms.ValidationError(_("Answer at least one question."))
        return data


class NetworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(Network.Status.choices))
    sector = forms.ModelChoiceField(label=_("Sector"), required=False, queryset=Sector.objects.all(),
                                    empty_label=_("All"))

    def filter(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(title__icontains=d["q"]) | Q(theme__icontains=d["q"]))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("sector"):
            qs = qs.filter(Q(sector=d["sector"]) | Q(partner_sectors=d["sector"])).distinct()
        return qs
