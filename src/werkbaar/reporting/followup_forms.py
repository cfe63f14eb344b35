"""Forms of the review beside the content and the follow-up between reports: a section remark, the
interim evaluation, follow-up meetings and their minutes, signals, and the note of a workflow step."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core.models import Sector

from . import followup_rules as rules
from .followup_models import MeetingKind, Outlook, Severity, SignalKind
from .forms import check_evidence_file, validate_storable_text

#: Dates outside these years are typing mistakes (and PostgreSQL and SQLite would store them differently).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _text(label, required=True, rows=3, max_length=5000, required_message=None):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}), validators=[validate_storable_text],
                           error_messages={"required": required_message} if required_message else None)


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _check_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(_("Enter a date between %(first)s and %(last)s.")
                                    % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return value


class RemarkForm(forms.Form):
    """A reviewer's remark on one section, written while reading the report."""

    text = _text(gettext_lazy("Your remark"), rows=3,
                 required_message=gettext_lazy("Write the remark before saving it."))

    def __init__(self, *args, section_title="", **kwargs):
        super().__init__(*args, **kwargs)
        if section_title:
            self.fields["text"].label = _("Your remark on “%(section)s”") % {"section": section_title}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the remark before saving it."))
        return text


class InterimForm(forms.Form):
    """Per priority: on track, at risk or off track, with a remark (required unless on track)."""

    summary = _text(gettext_lazy("General remark"), required=False)

    def __init__(self, *args, priorities, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.priorities = list(priorities)
        stored = {line.priority_id: line for line in (lines or [])}
        for p in self.priorities:
            line = stored.get(p.pk)
            self.fields[f"outlook_{p.pk}"] = forms.ChoiceField(
                label=_("Outlook of %(code)s") % {"code": p.code}, choices=Outlook.choices,
                widget=forms.RadioSelect, initial=line.outlook if line else None,
                error_messages={"required": _("Choose on track, at risk or off track.")})
            self.fields[f"remark_{p.pk}"] = _text(_("Remark on %(code)s") % {"code": p.code}, required=False,
                                                   rows=2)
            self.fields[f"remark_{p.pk}"].initial = line.remark if line else ""
            self.fields[f"remark_{p.pk}"].help_text = _("Required when the priority is at risk or off track.")

    def clean(self):
        data = super().clean()
        for p in self.priorities:
            problem = rules.outlook_problem(data.get(f"outlook_{p.pk}") or "", data.get(f"remark_{p.pk}") or "")
            if problem and f"remark_{p.pk}" not in self.errors:
                self.add_error(f"remark_{p.pk}", problem)
        return data

    def grouped(self):
        return [(p, self[f"outlook_{p.pk}"], self[f"remark_{p.pk}"]) for p in self.priorities]

    def lines(self) -> list[dict]:
        return [{"priority": p, "outlook": self.cleaned_data[f"outlook_{p.pk}"],
                 "remark": self.cleaned_data[f"remark_{p.pk}"]} for p in self.priorities]


class _ParticipantsMixin:
    def clean_participants(self):
        try:
            return rules.parse_participants(self.cleaned_data["participants"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc))

    def clean_minutes_file(self):
        f = self.cleaned_data.get("minutes_file")
        return check_evidence_file(f) if f else f


class MeetingForm(_ParticipantsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of meeting"), choices=MeetingKind.choices)
    date = _date(gettext_lazy("Date"))
    participants = _text(gettext_lazy("Participants (one per line)"), required=False, rows=4, max_length=20000)
    minutes = _text(gettext_lazy("Minutes"), required=False, rows=5, max_length=50000)
    minutes_file = forms.FileField(label=gettext_lazy("Minutes as a file"), required=False)

    def clean_date(self):
        return _check_year(self.cleaned_data["date"])


class MinutesForm(_ParticipantsMixin, forms.Form):
    participants = _text(gettext_lazy("Participants (one per line)"), required=False, rows=4, max_length=20000)
    minutes = _text(gettext_lazy("Minutes"), required=False, rows=8, max_length=50000)
    minutes_file = forms.FileField(label=gettext_lazy("Minutes as a file"), required=False,
                                   help_text=gettext_lazy("A new file replaces the previous one."))


class SignalForm(forms.Form):
    sector = forms.ModelChoiceField(label=gettext_lazy("Sector"), queryset=Sector.objects.order_by("name"))
    date = _date(gettext_lazy("Date"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SignalKind.choices)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices)
    note = _text(gettext_lazy("What happened or what worries you"), rows=4,
                 required_message=gettext_lazy("Describe the concern or the event."))

    def clean_date(self):
        value = _check_year(self.cleaned_data["date"])
        if value > timezone.localdate():
            raise forms.ValidationError(_("A signal is dated today or earlier."))
        return value


class StepNoteForm(forms.Form):
    note = _text(gettext_lazy("Note"), required=False, rows=2, max_length=2000)
