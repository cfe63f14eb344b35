"""Forms of the fund app: the call, the application's cost lines and de-minimis declaration, review,
decision, final report and comments. Amounts are Decimal with at most 2 decimals, never negative."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from werkbaar.reporting.forms import EvidenceForm

from .models import Application, CostCategory, CostLine, FundCall, Review


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def amount_field(label, required=True):
    return forms.DecimalField(label=label, required=required, min_value=Decimal("0"), max_digits=12,
                              decimal_places=2)


class CallForm(forms.ModelForm):
    eligible_categories = forms.MultipleChoiceField(
        label=_("eligible cost categories"), choices=CostCategory.choices, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FundCall
        fields = [
            "code", "title_nl", "title_fr", "title_en", "owner_sector", "sector", "opens", "closes", "budget_eur",
            "rate", "ceiling_eur", "minimum_eur", "eligible_categories", "requires_scan", "scan_max_age_months",
            "advance_share", "reviews_required", "criteria",
        ]
        widgets = {"opens": DateInput(), "closes": DateInput()}

    criteria = forms.CharField(
        label=_("assessment criteria"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion per line (at most 10); reviewers score each from 1 to 5. Empty: one overall score."),
    )

    def __init__(self, *args, owner_sectors=None, department=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria"] = "\n".join(self.instance.criteria or [])
        if owner_sectors is not None:  # a sector fund opens calls for its own sector(s) only
            self.fields["owner_sector"].queryset = owner_sectors
            self.fields["sector"].queryset = owner_sectors
        if not department:
            self.fields["owner_sector"].required = True
            self.fields["owner_sector"].empty_label = None

    def clean_criteria(self):
        lines = [line.strip() for line in (self.cleaned_data.get("criteria") or "").splitlines() if line.strip()]
        if len(lines) > 10 or any(len(line) > 100 for line in lines):
            raise forms.ValidationError(_("At most 10 criteria of at most 100 characters each."))
        return lines

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The call cannot close before it opens."))
        return data


class CostLineForm(forms.ModelForm):
    amount_eur = amount_field(_("amount (EUR)"))

    class Meta:
        model = CostLine
        fields = ["category", "description", "amount_eur"]


CostLineFormSet = inlineformset_factory(Application, CostLine, form=CostLineForm, extra=2, can_delete=True,
                                        max_num=50, validate_max=True)


class AidForm(forms.Form):
    granted_on = forms.DateField(label=_("granted on"), widget=DateInput())
    amount_eur = amount_field(_("amount (EUR)"))


AidFormSet = formset_factory(AidForm, extra=1, can_delete=True, max_num=20, validate_max=True)


class ReviewForm(forms.ModelForm):
    """One score from 1 to 5 per criterion of the call (or one overall score), a recommendation and a comment."""

    class Meta:
        model = Review
        fields = ["score", "recommendation", "comment"]
        widgets = {"recommendation": forms.RadioSelect, "score": forms.NumberInput(attrs={"min": 1, "max": 5})}

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        if self.criteria:
            del self.fields["score"]
            for i, criterion in enumerate(self.criteria):
                self.fields[f"criterion_{i}"] = forms.IntegerField(label=criterion, min_value=1, max_value=5)
            self.order_fields([f"criterion_{i}" for i in range(len(self.criteria))])

    def review_data(self) -> dict:
        data = self.cleaned_data
        out = {"recommendation": data["recommendation"], "comment": data.get("comment", "")}
        if self.criteria:
            out["scores"] = {c: data[f"criterion_{i}"] for i, c in enumerate(self.criteria)}
        else:
            out["score"] = data["score"]
        return out


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("decision"), choices=[
        ("approved", _("Approve")), ("partially_approved", _("Approve partially")), ("refused", _("Refuse")),
    ], widget=forms.RadioSelect)
    amount_eur = amount_field(_("approved amount (EUR)"), required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FinalReportForm(forms.Form):
    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    proven_eligible_eur = amount_field(_("proven eligible costs (EUR)"))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)




#: Quotes: PDF or images only, recognised by their first bytes as well as their name.
QUOTE_TYPES = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",),
               ".jpeg": (b"\xff\xd8\xff",)}


class QuoteForm(EvidenceForm):
    """Reporting's evidence checks (at most 10 MB, a known extension), narrowed to PDF and images."""

    def clean_file(self):
        f = super().clean_file()
        name = (f.name or "").lower()
        extension = next((e for e in QUOTE_TYPES if name.endswith(e)), None)
        head = f.read(16)
        f.seek(0)
        if extension is None or not head.startswith(QUOTE_TYPES[extension]):
            raise forms.ValidationError(_("Upload a quote as a PDF or an image (PNG or JPEG)."))
        return f
