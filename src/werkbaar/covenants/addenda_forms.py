"""Forms of the addenda processes: a phase of a non-discrimination addendum, a dual-learning count, a
step's note and the filter of the department's comparison page. The checks are ``addenda_rules``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbaar.reporting.forms import check_evidence_file

from . import addenda_rules as rules
from .addenda_process import AddendumPhase, Criterion, Domain, DualLearningFigure, Method, Phase, PhaseStatus
from .forms import DateInput


class PhaseForm(forms.ModelForm):
    """A phase's deadline, uniform result fields and evidence (a file or a link). Only the fields of the
    phase are shown: domains for the risk analysis, method, criteria and tests for a measurement."""

    domains = forms.MultipleChoiceField(label=_("domains looked at"), choices=Domain.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    criteria = forms.MultipleChoiceField(label=_("criteria tested"), choices=Criterion.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    evidence_upload = forms.FileField(label=_("evidence file"), required=False,
                                      help_text=_("A document, spreadsheet, PDF, text or image file of at most 10 MB."))
    remove_evidence = forms.BooleanField(label=_("remove the evidence file"), required=False)
    evidence_url = forms.URLField(label=_("evidence link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = AddendumPhase
        fields = ["deadline", "domains", "method", "criteria", "tests_count", "key_result", "evidence_url"]
        widgets = {"deadline": DateInput(), "key_result": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        phase = self.instance.phase
        if phase != Phase.RISK_ANALYSIS:
            del self.fields["domains"]
        if phase not in rules.MEASUREMENTS:
            for name in ("method", "criteria", "tests_count"):
                del self.fields[name]
        if not self.instance.evidence_file:
            del self.fields["remove_evidence"]

    def clean_evidence_upload(self):
        f = self.cleaned_data.get("evidence_upload")
        return check_evidence_file(f) if f else f

    def clean(self):
        data = super().clean()
        facts = rules.PhaseFacts(
            phase=self.instance.phase, covenant_start=self.instance.covenant.start, deadline=data.get("deadline"),
            method=data.get("method") or "", tests_count=data.get("tests_count"),
            criteria=tuple(data.get("criteria") or ()), domains=tuple(data.get("domains") or ()),
        )
        for name, message in rules.phase_problems(facts).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data

    def save(self, commit=True):
        phase = super().save(commit=False)
        upload = self.cleaned_data.get("evidence_upload")
        if self.cleaned_data.get("remove_evidence"):
            phase.evidence_file, phase.evidence_name, phase.evidence_purged_on = "", "", None
        if upload:  # a new file starts its own archive period (docs/privacy.md)
            phase.evidence_file, phase.evidence_name, phase.evidence_purged_on = upload, upload.name[:200], None
        if commit:
            phase.save()
        return phase


class DualFigureForm(forms.ModelForm):
    """The dual-learning counts of one period."""

    class Meta:
        model = DualLearningFigure
        fields = ["period_start", "period_end", *rules.DUAL_FIGURES, "quality_note"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(),
                   "quality_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        covenant = self.instance.addendum.covenant
        facts = rules.FigureFacts(covenant.start, covenant.end, data.get("period_start"), data.get("period_end"),
                                  {key: data.get(key) for key in rules.DUAL_FIGURES})
        for name, message in rules.figure_problems(facts).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class StepNoteForm(forms.Form):
    note = forms.CharField(label=_("reason or remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ComparisonFilterForm(forms.Form):
    """Filters of the department's page that compares the sectors' non-discrimination addenda."""

    generation = forms.ChoiceField(label=_("generation"), required=False)
    sector = forms.ChoiceField(label=_("sector"), required=False)
    phase = forms.ChoiceField(label=_("phase"), required=False, choices=[("", "—"), *Phase.choices])
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *PhaseStatus.choices])
    method = forms.ChoiceField(label=_("method"), required=False, choices=[("", "—"), *Method.choices])

    def __init__(self, *args, generations=(), sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["generation"].choices = [("", "—")] + [(g, g) for g in generations]
        self.fields["sector"].choices = [("", "—")] + [(s.code, s.name) for s in sectors]
