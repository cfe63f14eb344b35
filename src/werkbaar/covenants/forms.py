"""Forms of the covenant pages. Business checks that need the term live here as form validation."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import JointCommittee

from . import indicator_rules, linked_sources
from .models import (
    Absence,
    Addendum,
    Consultant,
    Covenant,
    CovenantAction,
    CovenantStatus,
    Priority,
    ResultIndicator,
    Signatory,
    Theme,
)
from .settlement import whole_years
from .workflow import END_STEP_REASONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ListInput(forms.CharField):
    """A list of short texts, one per line (partners, commitments)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ShareField(forms.DecimalField):
    """A result share: a fraction from 0 to 1; a percentage such as 20 is refused with the reason."""

    def __init__(self, message=None, **kwargs):
        super().__init__(decimal_places=3, **kwargs)
        self.message = message or _("The result share is a fraction from 0 to 1: write 0.2 for 20%%, not %(value)s.")

    def validate(self, value):
        super().validate(value)
        if value is not None and not (0 <= value <= 1):
            raise forms.ValidationError(self.message % {"value": value})


class CovenantForm(forms.ModelForm):
    result_share = ShareField(
        label=_("result share"), initial=Decimal("0.100"),
        help_text=_("Share of the maximum grant paid only for result indicators met, e.g. 0.10 or 0.20."),
    )
    effort_share = ShareField(
        label=_("effort share"), initial=Decimal("0"), required=False,
        message=_("The effort share is a fraction from 0 to 1: write 0.8 for 80%%, not %(value)s."),
        help_text=_("Share of the maximum grant tied to the effort commitments, e.g. 0.80 from 2021; 0 before."),
    )

    class Meta:
        model = Covenant
        fields = [
            "code", "title", "sector", "generation", "start", "end", "funded_fte", "max_grant_eur",
            "rate_per_fte_year_eur", "result_share", "effort_share", "themes", "environment_analysis", "vision",
            "account_salaries_eur", "account_running_costs_eur", "account_advances_eur",
        ]
        widgets = {"start": DateInput(), "end": DateInput(), "themes": forms.CheckboxSelectMultiple,
                   "environment_analysis": forms.Textarea(attrs={"rows": 4}), "vision": forms.Textarea(attrs={"rows": 4})}

    #: What the grant is computed from: once the covenant is past its draft, only the department changes them.
    GRANT_TERMS = ("code", "sector", "generation", "start", "end", "funded_fte", "max_grant_eur",
                   "rate_per_fte_year_eur", "result_share", "effort_share")

    def __init__(self, *args, sectors=None, money=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not money:  # the effort share is the department's (core.permissions.can_manage_money)
            self.fields["effort_share"].disabled = True
            if self.instance.pk and self.instance.status != CovenantStatus.DRAFTED:
                for name in self.GRANT_TERMS:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed once the covenant is past its draft; the department "
                                                    "changes it.")
        if sectors is not None:
            self.fields["sector"].queryset = sectors
        self.fields["themes"].queryset = Theme.objects.all()

    def clean_effort_share(self):
        value = self.cleaned_data.get("effort_share")
        return Decimal(0) if value is None else value

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (data.get("max_grant_eur") is None and data.get("rate_per_fte_year_eur") is not None and start and end
                and end >= start and whole_years(start, end) is None):
            self.add_error("max_grant_eur", _("The term is not a whole number of years: give an explicit maximum."))
        return data


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "side", "function"]


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["code", "title", "motivation", "theme", "order"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covenant = covenant

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Priority.objects.filter(covenant=self.covenant, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This covenant already has a priority with this code."))
        return code


class MetSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("not evaluated yet (pending)")), ("true", _("met")), ("false", _("not met"))]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = ResultIndicator
        fields = [
            "description", "target_value", "unit", "unit_text", "period", "conditions", "baseline_value",
            "direction", "linked_source", "result_value", "result_met", "result_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "result_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linked_source"] = forms.ChoiceField(
            label=_("linked data source"), choices=linked_sources.choices, required=False,
            help_text=self.fields["linked_source"].help_text,
        )
        self.fields["result_met"] = forms.NullBooleanField(
            label=_("result indicator met"), required=False,
            widget=MetSelect(),
        )

    def clean(self):
        data = super().clean()
        for name in ("target_value", "baseline_value", "result_value"):
            if indicator_rules.negative(data.get(name)):
                self.add_error(name, _("Reach and counts cannot be negative."))
        if indicator_rules.met_needs_justification(
                data.get("result_met"), data.get("direction"), data.get("result_value"), data.get("target_value")
        ) and not (data.get("result_note") or "").strip():
            self.add_error("result_note", _(
                "The result (%(value)s) is below the target (%(target)s): explain why the priority counts as met."
            ) % {"value": data["result_value"], "target": data["target_value"]})
        return data


class ActionForm(forms.ModelForm):
    partners = ListInput(label=_("partners (one per line)"), required=False)

    class Meta:
        model = CovenantAction
        fields = ["priority", "code", "title", "description", "objective", "timing", "partners", "conditions",
                  "status", "order"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("description", "objective", "conditions")}

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.filter(covenant=covenant)

    def clean(self):
        data = super().clean()
        priority, code = data.get("priority"), data.get("code")
        if priority and code and CovenantAction.objects.filter(priority=priority, code=code).exclude(
                pk=self.instance.pk).exists():
            self.add_error("code", _("This priority already has an action with this code."))
        return data


COMMITMENT_STATUS = (("pending", _("pending")), ("met", _("met")), ("not_met", _("not met")))
_STATUS_MET = {"pending": None, "met": True, "not_met": False}


def commitment_line(c: dict) -> str:
    return f"{c['code']}: {c['description']}" if c["code"] else c["description"]


def commitment_from_line(line: str) -> dict:
    """``ND1: Risicoanalyse`` has code ND1; text before a colon is a code only without spaces (≤ 20 characters)."""
    code, sep, rest = line.partition(":")
    if sep and code.strip() and " " not in code.strip() and len(code.strip()) <= 20 and rest.strip():
        return {"code": code.strip(), "description": rest.strip(), "met": None}
    return {"code": "", "description": line.strip(), "met": None}


class AddendumForm(forms.ModelForm):
    """An addendum with its commitments (one per line) and, for the commitments already saved, whether each
    was met; a new commitment starts pending."""

    result_share = ShareField(
        label=_("result share"), initial=Decimal("0"),
        help_text=_("Share of the budget paid only for commitments met, a fraction from 0 to 1, e.g. 0.2."),
    )
    commitments = forms.CharField(
        label=_("commitments (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Start a line with a code and a colon to give it a code, e.g. “ND1: Risk analysis”."),
    )

    class Meta:
        model = Addendum
        fields = ["kind", "title", "budget_eur", "fte", "result_share", "commitments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = self.instance.commitment_items if self.instance.pk else []
        self.initial["commitments"] = "\n".join(commitment_line(c) for c in self.saved)
        for i, c in enumerate(self.saved):
            status = "pending" if c["met"] is None else ("met" if c["met"] else "not_met")
            self.fields[f"status_{i}"] = forms.ChoiceField(
                label=_("Status of “%(commitment)s”") % {"commitment": commitment_line(c)},
                choices=COMMITMENT_STATUS, initial=status,
            )

    def clean_commitments(self):
        items = [commitment_from_line(line) for line in (self.cleaned_data["commitments"] or "").splitlines()
                 if line.strip()]
        codes = [c["code"] for c in items if c["code"]]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Each commitment code may occur only once."))
        return items

    def clean(self):
        data = super().clean()
        met = {(c["code"], c["description"]): _STATUS_MET.get(data.get(f"status_{i}"))
               for i, c in enumerate(self.saved)}
        for c in data.get("commitments") or []:
            c["met"] = met.get((c["code"], c["description"]))
        return data


class ConsultantForm(forms.ModelForm):
    class Meta:
        model = Consultant
        fields = ["name", "fte", "start", "end", "sector_account", "addendum"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covenant = covenant
        self.fields["sector_account"].queryset = JointCommittee.objects.all()
        # Only an addendum with FTE of this covenant (the kilometre charge) has consultants of its own.
        self.fields["addendum"].queryset = Addendum.objects.filter(covenant=covenant, fte__gt=0)

    def clean(self):
        data = super().clean()
        c = self.covenant
        start, end = data.get("start") or c.start, data.get("end") or c.end
        if end < start:
            self.add_error("end", _("The end lies before the start."))
        elif end < c.start or start > c.end:
            self.add_error("start", _("The employment lies outside the term of the covenant."))
        elif self.instance.pk:
            for a in self.instance.absences.all():
                if a.start < start or a.end > end:
                    self.add_error("start", _("An absence (%(start)s – %(end)s) would fall outside the employment.")
                                   % {"start": a.start, "end": a.end})
                    break
        return data


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["start", "end", "kind", "replaced"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, consultant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultant = consultant

    def clean(self):
        data = super().clean()
        start, end, k = data.get("start"), data.get("end"), self.consultant
        if not (start and end):
            return data
        if end < start:
            self.add_error("end", _("The end lies before the start."))
            return data
        c = k.covenant
        if start < c.start or end > c.end:
            self.add_error("start", _("The absence lies outside the term (%(start)s – %(end)s).")
                           % {"start": c.start, "end": c.end})
        elif start < k.effective_start or end > k.effective_end:
            self.add_error("start", _("The absence lies outside the employment (%(start)s – %(end)s).")
                           % {"start": k.effective_start, "end": k.effective_end})
        overlap = k.absences.filter(start__lte=end, end__gte=start).exclude(pk=self.instance.pk).first()
        if overlap:
            self.add_error("start", _("The absence overlaps another absence (%(start)s – %(end)s).")
                           % {"start": overlap.start, "end": overlap.end})
        return data


class AmendForm(forms.Form):
    vesoc_date = forms.DateField(label=_("date of the VESOC consultation"), widget=DateInput())
    description = forms.CharField(label=_("what changed"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason for ending"), choices=END_STEP_REASONS)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CovenantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=None, required=False, to_field_name="code")
    generation = forms.ChoiceField(label=_("Generation"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all"))] + list(CovenantStatus.choices))
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False,
                                   to_field_name="code")

    def __init__(self, *args, sectors=None, generations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors
        self.fields["sector"].empty_label = _("all")
        self.fields["theme"].empty_label = _("all")
        self.fields["generation"].choices = [("", _("all"))] + [(g, g) for g in generations]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("covenant file (YAML)"), help_text=_("The format is described in the manual."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(_("Upload a .yaml or .yml file."))
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload
