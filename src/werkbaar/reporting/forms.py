"""Forms of the reporting app. The report form is built from the template's sections (data), so a new
template version needs no new form code."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core.models import JointCommittee
from werkbaar.covenants.models import IndicatorUnit


def validate_storable_text(value: str) -> None:
    """Refuse text that cannot be stored and shown as UTF-8: a lone surrogate (only JSON can carry one,
    as ``"\\ud800"``) makes every later page of the report fail."""
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(_("The text contains a character that is not allowed."), code="surrogate")


def _form_field(f: dict) -> forms.Field:
    label = _(f["label"]) + (f" – {f['label_extra']}" if f.get("label_extra") else "")
    kind = f["type"]
    if kind == "textarea":
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_storable_text])
    elif kind == "number":
        field = forms.DecimalField(max_digits=14, decimal_places=2)
    elif kind == "date":
        field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    elif kind == "choice":
        field = forms.ChoiceField(choices=[("", "—")] + [(k, _(v)) for k, v in f.get("choices", [])])
    elif kind == "unit":
        field = forms.ChoiceField(choices=[("", "—")] + list(IndicatorUnit.choices))
    else:
        field = forms.CharField(max_length=500, validators=[validate_storable_text])
    field.required = False  # a draft may be saved incomplete; submitting checks the required fields
    field.label = label
    field.marked_required = f["required"]
    return field


class ReportContentForm(forms.Form):
    """One form over every section; field names are ``<section key>__<field key>``. The page binds it
    to POST data; the API binds it to JSON content with :meth:`from_json`, so both apply the same rules."""

    def __init__(self, *args, sections, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.not_scalar: list[str] = []
        for s in sections:
            data = content.get(s.key, {})
            for f in s.fields:
                name = f"{s.key}__{f['key']}"
                self.fields[name] = _form_field(f)
                self.initial[name] = data.get(f["key"], "")

    @classmethod
    def from_json(cls, sections, content: dict) -> "ReportContentForm":
        """A form bound to ``{section key: {field key: value}}``. Sections and fields the report does
        not have are left out; a value must be text, a number or null."""
        data = {}
        not_scalar = []
        for s in sections:
            values = content.get(s.key)
            if not isinstance(values, dict):
                continue
            for f in s.fields:
                if f["key"] not in values:
                    continue
                name = f"{s.key}__{f['key']}"
                value = values[f["key"]]
                if isinstance(value, (dict, list, bool)):
                    not_scalar.append(name)
                    value = ""
                data[name] = value
        form = cls(data, sections=sections, content={})
        form.not_scalar = not_scalar
        return form

    def clean(self):
        data = super().clean()
        for name in self.not_scalar:
            self.add_error(name, _("Enter text, a number or a date."))
        return data

    def json_content(self) -> dict:
        """The fields the form was bound to, as text by section (what the API stores)."""
        out: dict[str, dict] = {}
        for s in self.sections:
            for f in s.fields:
                name = f"{s.key}__{f['key']}"
                if name in self.data:
                    value = self.cleaned_data.get(name)
                    out.setdefault(s.key, {})[f["key"]] = "" if value is None else str(value)
        return out

    def json_errors(self) -> dict[str, str]:
        """The errors keyed like the JSON content: ``content.<section key>.<field key>``."""
        return {f"content.{name.replace('__', '.', 1)}": " ".join(str(m) for m in messages)
                for name, messages in self.errors.items()}

    def grouped(self):
        """(section, [bound fields]) in template order."""
        return [(s, [self[f"{s.key}__{f['key']}"] for f in s.fields]) for s in self.sections]

    def content(self, previous: dict) -> dict:
        out = {k: dict(v) for k, v in (previous or {}).items()}
        for s in self.sections:
            data = out.setdefault(s.key, {})
            for f in s.fields:
                value = self.cleaned_data.get(f"{s.key}__{f['key']}")
                data[f["key"]] = "" if value is None else str(value)
        return out


class ReturnForm(forms.Form):
    """A remark per section; at least one is needed to return a report (``has_remarks``: the reviewer
    already left remarks on this version while reading, so the form may stay empty)."""

    def __init__(self, *args, sections, has_remarks=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.has_remarks = has_remarks
        for s in sections:
            self.fields[f"remark__{s.key}"] = forms.CharField(
                label=_("Remark on “%(section)s”") % {"section": s.title}, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_storable_text],
            )

    def clean(self):
        data = super().clean()
        if not self.has_remarks and not self.errors and not any((v or "").strip() for v in data.values()):
            raise forms.ValidationError(_("Write a remark on at least one section."))
        return data

    def remarks(self) -> dict:
        return {k.removeprefix("remark__"): v for k, v in self.cleaned_data.items() if v}


class ExtensionForm(forms.Form):
    requested_due_date = forms.DateField(label=gettext_lazy("New due date"),
                                         widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_requested_due_date(self):
        value = self.cleaned_data["requested_due_date"]
        if value <= self.report.due_date:
            raise forms.ValidationError(_("The new due date must lie after the current due date."))
        return value


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note (required when refusing)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Reason for the change"), required=False)


#: File types accepted as evidence (documents, spreadsheets, PDFs, text, photos); never HTML, SVG or scripts.
EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".csv", ".txt", ".ppt", ".pptx",
                       ".odp", ".png", ".jpg", ".jpeg")


def check_evidence_file(f):
    """Refuse an uploaded evidence file above 10 MB or of an unknown type (shared with the addendum phases)."""
    if f.size > 10 * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    if not (f.name or "").lower().endswith(EVIDENCE_EXTENSIONS):
        raise forms.ValidationError(_("Upload a document, spreadsheet, PDF, text or image file (%(types)s).") % {
            "types": ", ".join(EVIDENCE_EXTENSIONS)})
    return f


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Evidence file"))

    def clean_file(self):
        return check_evidence_file(self.cleaned_data["file"])


class EvaluationForm(forms.Form):
    """Per priority: met or not, the measured result, and a justification."""

    def __init__(self, *args, priorities, initial_values, **kwargs):
        super().__init__(*args, **kwargs)
        self.priorities = list(priorities)
        for p in self.priorities:
            self.fields[f"met_{p.pk}"] = forms.TypedChoiceField(
                label=_("%(code)s met?") % {"code": p.code},
                choices=[("yes", _("met")), ("no", _("not met"))], widget=forms.RadioSelect,
                coerce=lambda v: v == "yes",
            )
            self.fields[f"value_{p.pk}"] = forms.DecimalField(
                label=_("%(code)s result") % {"code": p.code}, required=False, max_digits=14, decimal_places=2,
                initial=initial_values.get(p.pk) or None, min_value=0,
            )
            self.fields[f"justification_{p.pk}"] = forms.CharField(
                label=_("%(code)s justification") % {"code": p.code}, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        """Marking a priority met below its target needs the justification to say so (issue 14)."""
        from werkbaar.covenants.indicator_rules import met_needs_justification

        data = super().clean()
        for p in self.priorities:
            indicator = getattr(p, "indicator", None)
            if indicator is None:
                continue
            value = data.get(f"value_{p.pk}")
            if met_needs_justification(data.get(f"met_{p.pk}"), indicator.direction, value, indicator.target_value) \
                    and len((data.get(f"justification_{p.pk}") or "").split()) < 3:
                self.add_error(f"justification_{p.pk}", _(
                    "The result (%(value)s) is below the target (%(target)s): explain in a sentence why the "
                    "priority counts as met.") % {"value": value, "target": indicator.target_value})
        return data

    def grouped(self):
        return [(p, [self[f"met_{p.pk}"], self[f"value_{p.pk}"], self[f"justification_{p.pk}"]])
                for p in self.priorities]

    def lines(self) -> list[dict]:
        return [
            {"priority": p, "met": self.cleaned_data[f"met_{p.pk}"], "value": self.cleaned_data[f"value_{p.pk}"],
             "justification": self.cleaned_data[f"justification_{p.pk}"]}
            for p in self.priorities
        ]


class TemplateVersionForm(forms.Form):
    """A new version of a generation's template: the sections as JSON, checked before saving."""

    generation = forms.CharField(label=gettext_lazy("Generation"), max_length=20)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    spec = forms.CharField(label=gettext_lazy("Sections (JSON)"), widget=forms.Textarea(attrs={"rows": 24}),
                           help_text=gettext_lazy("See docs/reporting.md for the section kinds and field types."))

    def clean_spec(self):
        from werkbaar.core.untrusted import UntrustedFileError, load_json

        from .template_spec import validate_spec

        try:
            spec = load_json(self.cleaned_data["spec"])  # bounded size and depth: never a RecursionError
        except UntrustedFileError as exc:
            raise forms.ValidationError(str(exc))
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s") % {"error": exc})
        problems = validate_spec(spec)
        if problems:
            raise forms.ValidationError(problems)
        return spec


class CommitteeReachForm(forms.Form):
    """Employees of a joint committee in a year; an existing (committee, year) figure is updated."""

    joint_committee = forms.ModelChoiceField(queryset=JointCommittee.objects.order_by("code"),
                                             label=gettext_lazy("Joint committee"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    employees = forms.IntegerField(label=gettext_lazy("Employees"), min_value=0)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300)
