"""Forms of the money and termination pages (issue 14): effort commitments, serious shortfalls, notice
and termination. The rules they feed are in ``effort_rules``, ``termination_rules`` and ``workflow``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .effort import EffortCommitment
from .forms import DateInput
from .termination import NoticeParty, ShortfallFinding, TerminationReason


class EffortCommitmentForm(forms.ModelForm):
    class Meta:
        model = EffortCommitment
        fields = ["code", "description", "order", "assessment", "remark"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "remark": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covenant = covenant

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = EffortCommitment.objects.filter(covenant=self.covenant, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This covenant already has an effort commitment with the code “%(code)s”.")
                                        % {"code": code})
        return code

    def clean(self):
        data = super().clean()
        if data.get("assessment") in ("partly", "not") and not (data.get("remark") or "").strip():
            self.add_error("remark", _("Explain in a remark why the commitment is not (fully) fulfilled."))
        return data


class ShortfallForm(forms.Form):
    found_on = forms.DateField(label=_("found on"), widget=DateInput())
    description = forms.CharField(label=_("what falls seriously short"), widget=forms.Textarea(attrs={"rows": 4}))


class GiveNoticeForm(forms.Form):
    letter_date = forms.DateField(label=_("date of the registered letter"), widget=DateInput(),
                                  help_text=_("The notice period of 6 months starts on the first working day after it."))
    party = forms.ChoiceField(label=_("party giving notice"), choices=NoticeParty.choices)
    remark = forms.CharField(label=_("remark"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=[
        (k, v) for k, v in TerminationReason.choices if k != TerminationReason.NOTICE])
    decision_date = forms.DateField(label=_("date of the decision"), widget=DateInput())
    shortfall = forms.ModelChoiceField(label=_("serious shortfall found in the evaluation"), required=False,
                                       queryset=ShortfallFinding.objects.none())
    remark = forms.CharField(label=_("remark"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For the general interest: the exceptional circumstances."))

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shortfall"].queryset = ShortfallFinding.objects.filter(covenant=covenant)

    def clean(self):
        data = super().clean()
        if data.get("reason") == TerminationReason.SERIOUS_SHORTFALL and not data.get("shortfall"):
            self.add_error("shortfall", _("Choose the serious shortfall found in the department's evaluation; "
                                          "record it first if it is not listed."))
        if data.get("reason") == TerminationReason.GENERAL_INTEREST and not (data.get("remark") or "").strip():
            self.add_error("remark", _("Describe the exceptional circumstances that make the general interest "
                                       "require it."))
        return data
